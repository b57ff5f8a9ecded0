"""The cosine learning-rate schedules TF1 added last: ``cosine_decay_restarts`` (SGDR),
``linear_cosine_decay`` and ``noisy_linear_cosine_decay``, with TF1's formulas.

>>> import autograd_engine as tf
>>> lr = cosine_decay_restarts(1.0, 150, 100)  # halfway through the second (200-step) period
>>> round(float(tf.Session().run(lr)), 6)
0.853553
"""
import math

from ..ops.elementwise_binary_ops import minimum, pow as pow_
from ..ops.elementwise_unary_ops import cos, floor, log, sqrt
from ..ops.random_ops import random_normal
from .learning_rate_decay import Schedule


def cosine_decay_restarts(learning_rate, global_step, first_decay_steps, t_mul=2.0, m_mul=1.0,
                          alpha=0.0, name=None):
    """Cosine decay with warm restarts (Loshchilov & Hutter): period ``i`` lasts
    ``first_decay_steps * t_mul ** i`` steps and starts at ``learning_rate * m_mul ** i``."""
    with Schedule("cosine_decay_restarts", "SGDRDecay", name, learning_rate, global_step,
                  first_decay_steps, alpha, t_mul, m_mul) as s:
        first_steps, alpha_t, t_mul_t, m_mul_t = s.numbers
        fraction = s.step / first_steps
        if float(t_mul) == 1.0:
            restart = floor(fraction)
            fraction = fraction - restart
        else:
            restart = floor(log(1.0 - fraction * (1.0 - t_mul_t)) / math.log(t_mul))
            restarts_sum = (1.0 - pow_(t_mul_t, restart)) / (1.0 - t_mul_t)
            fraction = (fraction - restarts_sum) / pow_(t_mul_t, restart)
        decayed = 0.5 * pow_(m_mul_t, restart) * (1.0 + cos(math.pi * fraction))
        return s.learning_rate * ((1.0 - alpha_t) * decayed + alpha_t)


def _linear_cosine(s, decay_steps, num_periods, alpha, beta, noise=None):
    step = minimum(s.step, decay_steps)
    linear = (decay_steps - step) / decay_steps
    if noise is not None:
        linear = linear + noise(step)
    cosine = 0.5 * (1.0 + cos(math.pi * 2.0 * num_periods * step / decay_steps))
    return s.learning_rate * ((alpha + linear) * cosine + beta)


def linear_cosine_decay(learning_rate, global_step, decay_steps, num_periods=0.5, alpha=0.0,
                        beta=0.001, name=None):
    """``learning_rate * ((alpha + linear) * cosine + beta)``: a linear decay to 0 over
    ``decay_steps`` times ``num_periods`` cosine periods (Bello et al., 2017)."""
    with Schedule("linear_cosine_decay", "LinearCosineDecay", name, learning_rate, global_step,
                  decay_steps, num_periods, alpha, beta) as s:
        return _linear_cosine(s, *s.numbers)


def noisy_linear_cosine_decay(learning_rate, global_step, decay_steps, initial_variance=1.0,
                              variance_decay=0.55, num_periods=0.5, alpha=0.0, beta=0.001,
                              name=None):
    """:func:`linear_cosine_decay` with Gaussian noise of variance ``initial_variance / (1 +
    step) ** variance_decay`` added to the linear part (a new draw each run)."""
    with Schedule("noisy_linear_cosine_decay", "NoisyLinearCosineDecay", name, learning_rate,
                  global_step, decay_steps, initial_variance, variance_decay, num_periods,
                  alpha, beta) as s:
        decay_steps, variance, variance_decay, num_periods, alpha, beta = s.numbers

        def noise(step):
            std = sqrt(variance / pow_(1.0 + step, variance_decay))
            return random_normal([], dtype=s.dtype) * std
        return _linear_cosine(s, decay_steps, num_periods, alpha, beta, noise)


__all__ = ["cosine_decay_restarts", "linear_cosine_decay", "noisy_linear_cosine_decay"]
