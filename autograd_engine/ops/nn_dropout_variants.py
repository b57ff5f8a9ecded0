"""``tf.nn.experimental.general_dropout``: dropout whose noise comes from a caller's sampler."""
from ..framework.graph import get_default_graph
from .constant_op import convert_to_tensor
from .elementwise_binary_ops import greater_equal
from .elementwise_unary_ops import cast
from .shape_ops import shape_operand_of


def general_dropout(x, rate, uniform_sampler, noise_shape=None, name=None):
    """Zeroes each element of ``x`` whose noise, drawn by ``uniform_sampler(shape=...,
    dtype=...)`` in [0, 1), is below ``rate``, and scales the rest by ``1 / (1 - rate)``.

    >>> import autograd_engine as tf
    >>> y = tf.nn.experimental.general_dropout(tf.ones([2, 3]), 0.5, tf.random_uniform)
    >>> y.shape.as_list()
    [2, 3]
    """
    rate = float(rate)
    if not 0 <= rate < 1:
        raise ValueError("rate must be a scalar tensor or a float in the range [0, 1), got %g"
                         % rate)
    with get_default_graph().name_scope(name or "dropout"):
        x = convert_to_tensor(x)
        if not x.dtype.is_floating:
            raise ValueError("x has to be a floating point tensor since it's going to be "
                             "scaled. Got a %s tensor instead." % x.dtype.name)
        if rate == 0:
            return x
        noise = uniform_sampler(shape=noise_shape if noise_shape is not None
                                else shape_operand_of(x), dtype=x.dtype)
        keep = cast(greater_equal(noise, rate), x.dtype)
        return x * (1.0 / (1.0 - rate)) * keep


__all__ = ["general_dropout"]
