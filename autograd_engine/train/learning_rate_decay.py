"""Learning-rate schedules as graph ops of the global step (``tf.train.exponential_decay``...).

Each returns a scalar tensor in ``learning_rate``'s dtype (float32 for a Python float), computed
from the global step each time it is run, so it can be passed straight to an optimizer::

    step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.1, step, decay_steps=1000, decay_rate=0.96, staircase=True)
    train = tf.train.AdamOptimizer(lr).minimize(loss, global_step=step)

The formulas and op structure follow TF1's ``learning_rate_decay.py``, so the values match.
"""
import math

from ..framework.graph import get_default_graph
from ..ops import elementwise_binary_ops
from ..ops.constant_op import convert_to_tensor
from ..ops.elementwise_binary_ops import (add, divide, equal, less_equal, minimum, multiply, select,
                                          where)
from ..ops.elementwise_unary_ops import cast, ceil, cos, exp, floor


class Schedule:
    """What every schedule does first: check the step, open the name scope, and bring the
    learning rate, the step and the other numbers to one float dtype."""

    def __init__(self, kind, default_name, name, learning_rate, global_step, *numbers):
        if global_step is None:
            raise ValueError("global_step is required for %s." % kind)
        self._scope = get_default_graph().name_scope(name or default_name)
        self.name = self._scope.__enter__()
        self.learning_rate = convert_to_tensor(learning_rate, name="learning_rate")
        self.dtype = self.learning_rate.dtype
        if not self.dtype.is_floating:
            self._scope.__exit__(None, None, None)
            raise ValueError("%s needs a floating-point learning_rate, got %s (pass e.g. 0.1, "
                             "not 1)." % (kind, self.dtype.name))
        self.step = cast(global_step, self.dtype)
        self.numbers = [cast(n, self.dtype) for n in numbers]

    def __enter__(self):
        return self

    def progress(self, decay_steps, staircase):
        """``global_step / decay_steps``, floored with ``staircase``."""
        p = self.step / decay_steps
        return floor(p) if staircase else p

    def __exit__(self, *exc):
        return self._scope.__exit__(*exc)


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                      name=None):
    """``learning_rate * decay_rate ** (global_step / decay_steps)``; with ``staircase`` the
    exponent is floored, so the rate drops every ``decay_steps`` steps.

    >>> import autograd_engine as tf
    >>> lr = tf.train.exponential_decay(0.1, 250, 100, 0.5, staircase=True)
    >>> round(float(tf.Session().run(lr)), 6)
    0.025
    """
    with Schedule("exponential_decay", "ExponentialDecay", name, learning_rate, global_step,
                   decay_steps, decay_rate) as s:
        decay_steps, decay_rate = s.numbers
        p = s.progress(decay_steps, staircase)
        return multiply(s.learning_rate, elementwise_binary_ops.pow(decay_rate, p), name=s.name)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                      name=None):
    """``learning_rate * exp(-decay_rate * global_step / decay_steps)`` (floored with
    ``staircase``).

    >>> import autograd_engine as tf
    >>> lr = tf.train.natural_exp_decay(1.0, 10, 10, 1.0)
    >>> round(float(tf.Session().run(lr)), 5)
    0.36788
    """
    with Schedule("natural_exp_decay", "NaturalExpDecay", name, learning_rate, global_step,
                   decay_steps, decay_rate) as s:
        decay_steps, decay_rate = s.numbers
        p = s.progress(decay_steps, staircase)
        return multiply(s.learning_rate, exp(-decay_rate * p), name=s.name)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                       name=None):
    """``learning_rate / (1 + decay_rate * global_step / decay_steps)`` (the ratio floored
    with ``staircase``).

    >>> import autograd_engine as tf
    >>> lr = tf.train.inverse_time_decay(0.1, 20, 10, 0.5)
    >>> round(float(tf.Session().run(lr)), 6)
    0.05
    """
    with Schedule("inverse_time_decay", "InverseTimeDecay", name, learning_rate, global_step,
                   decay_steps, decay_rate) as s:
        decay_steps, decay_rate = s.numbers
        p = s.progress(decay_steps, staircase)
        return divide(s.learning_rate, 1.0 + decay_rate * p, name=s.name)


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001,
                     power=1.0, cycle=False, name=None):
    """From ``learning_rate`` down to ``end_learning_rate`` over ``decay_steps`` steps:
    ``(learning_rate - end) * (1 - step / decay_steps) ** power + end``, the step capped at
    ``decay_steps``; with ``cycle`` the decay restarts, stretched to the next multiple of
    ``decay_steps`` above the step.

    >>> import autograd_engine as tf
    >>> lr = tf.train.polynomial_decay(0.1, 50, 100, end_learning_rate=0.0)
    >>> round(float(tf.Session().run(lr)), 6)
    0.05
    """
    with Schedule("polynomial_decay", "PolynomialDecay", name, learning_rate, global_step,
                   end_learning_rate, power, decay_steps) as s:
        end_learning_rate, power, decay_steps = s.numbers
        step = s.step
        if cycle:
            # The first multiple of decay_steps at or above the step (1 at step 0).
            multiplier = where(equal(step, 0.0),
                               convert_to_tensor(1.0, dtype=s.dtype),
                               ceil(step / decay_steps))
            decay_steps = decay_steps * multiplier
        else:
            step = minimum(step, decay_steps)
        p = step / decay_steps
        decayed = (s.learning_rate - end_learning_rate) * elementwise_binary_ops.pow(1.0 - p, power)
        return add(decayed, end_learning_rate, name=s.name)


def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    """Cosine decay (Loshchilov & Hutter): ``learning_rate * ((1 - alpha) * c + alpha)`` with
    ``c = 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps))``.

    >>> import autograd_engine as tf
    >>> lr = tf.train.cosine_decay(0.1, 50, 100)
    >>> round(float(tf.Session().run(lr)), 6)
    0.05
    """
    with Schedule("cosine_decay", "CosineDecay", name, learning_rate, global_step,
                   decay_steps, alpha) as s:
        decay_steps, alpha = s.numbers
        completed_fraction = minimum(s.step, decay_steps) / decay_steps
        cosine_decayed = 0.5 * (1.0 + cos(math.pi * completed_fraction))
        decayed = (1.0 - alpha) * cosine_decayed + alpha
        return multiply(s.learning_rate, decayed, name=s.name)


def piecewise_constant(x, boundaries, values, name=None):
    """``values[0]`` while ``x <= boundaries[0]``, ``values[i]`` while
    ``boundaries[i-1] < x <= boundaries[i]``, and ``values[-1]`` after the last boundary.

    >>> import autograd_engine as tf
    >>> lr = tf.train.piecewise_constant(tf.constant(150), [100, 200], [1.0, 0.5, 0.1])
    >>> float(tf.Session().run(lr))
    0.5
    """
    if len(boundaries) != len(values) - 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values")
    with get_default_graph().name_scope(name or "PiecewiseConstant") as scope:
        x = convert_to_tensor(x)
        boundaries = [convert_to_tensor(b) for b in boundaries]
        values = [convert_to_tensor(v) for v in values]
        for i, b in enumerate(boundaries):
            if b.dtype != x.dtype:
                # Python ints become int32; promoting them to an int64 step loses nothing.
                if b.dtype.name == "int32" and x.dtype.name == "int64":
                    boundaries[i] = cast(b, x.dtype)
                else:
                    raise ValueError("Boundaries (%s) must have the same dtype as x (%s)."
                                     % (b.dtype.name, x.dtype.name))
        for v in values[1:]:
            if v.dtype != values[0].dtype:
                raise ValueError("Values must have elements all with the same dtype (%s vs %s)."
                                 % (values[0].dtype.name, v.dtype.name))
        # Innermost first: past the last boundary, the last value.
        result = values[-1]
        for i in reversed(range(len(boundaries))):
            result = select(less_equal(x, boundaries[i]), values[i], result,
                            name=scope if i == 0 else None)
        return result
