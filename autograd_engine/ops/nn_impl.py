"""``tf.nn`` functions composed from other ops (TF1 keeps these in nn_impl.py too): bias_add,
dropout, moments, batch_normalization, l2_normalize, l2_loss, xw_plus_b and the weighted
logistic loss. Their gradients come from the ops they are built of."""
from ..framework.graph import get_default_graph
from . import array_ops, elementwise_unary_ops, random_ops
from .constant_op import constant_value, convert_to_tensor
from .elementwise_binary_ops import add, less, maximum, multiply, squared_difference, truediv
from .elementwise_unary_ops import cast, exp, log1p, relu, rsqrt, square
from .matmul_ops import matmul
from .reduction_ops import reduce_mean, reduce_sum
from .shape_ops import shape_operand_of


def bias_add(value, bias, data_format=None, name=None):
    """Adds a 1-D ``bias`` along the channel axis (the last, or axis 1 for NCHW).

    >>> import autograd_engine as tf
    >>> tf.nn.bias_add(tf.zeros([2, 3]), tf.ones([3])).shape.as_list()
    [2, 3]
    """
    value, bias = convert_to_tensor(value), convert_to_tensor(bias)
    vd, bd = value.shape.as_tuple(), bias.shape.as_tuple()
    if bd is not None and len(bd) != 1:
        raise ValueError("bias must be 1-D, got shape %s" % bias.shape)
    if vd is not None and len(vd) < 2:
        raise ValueError("bias_add needs a value of rank 2 or more, got shape %s" % value.shape)
    channel_axis = 1 if data_format == "NCHW" else -1
    if vd is not None and bd is not None and None not in (vd[channel_axis], bd[0]) and \
            vd[channel_axis] != bd[0]:
        raise ValueError("Dimensions must be equal, but are %d and %d for 'BiasAdd' with input "
                         "shapes: %s, %s." % (vd[channel_axis], bd[0], value.shape.bracketed(),
                                              bias.shape.bracketed()))
    if data_format == "NCHW":
        bias = array_ops.reshape(bias, [-1] + [1] * (len(vd) - 2))
    return add(value, bias, name=name or "BiasAdd")


def xw_plus_b(x, weights, biases, name=None):
    """``matmul(x, weights) + biases``."""
    return bias_add(matmul(x, weights), biases, name=name or "xw_plus_b")


def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """Zeroes each element with probability ``rate`` (= 1 - ``keep_prob``) and scales the rest
    by ``1 / keep_prob``, so the expected value is unchanged.

    >>> import autograd_engine as tf
    >>> tf.nn.dropout(tf.ones([4, 4]), keep_prob=0.5).shape.as_list()
    [4, 4]
    """
    if (keep_prob is None) == (rate is None):
        raise ValueError("Specify exactly one of keep_prob and rate.")
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        raise ValueError("x has to be a floating point tensor since it's going to be scaled. "
                         "Got a %s tensor instead." % x.dtype.name)
    keep = (1 - rate) if keep_prob is None else keep_prob
    static_keep = keep if isinstance(keep, (int, float)) else constant_value(convert_to_tensor(keep))
    if static_keep is not None and not 0 < float(static_keep) <= 1:
        raise ValueError("keep_prob must be a scalar tensor or a float in the range (0, 1], "
                         "got %g" % float(static_keep))
    if static_keep is not None and float(static_keep) == 1.0:
        return x
    with get_default_graph().name_scope(name or "dropout"):
        keep = convert_to_tensor(keep, dtype=x.dtype) if not hasattr(keep, "dtype") else keep
        shape = noise_shape if noise_shape is not None else shape_operand_of(x)
        noise = random_ops.random_uniform(shape, dtype=x.dtype, seed=seed)
        mask = cast(less(noise, keep), x.dtype)
        return truediv(x, keep) * mask


def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """Mean and variance of ``x`` over ``axes`` (the variance's gradient does not flow through
    the mean, as in TF1)."""
    keep = bool(keepdims if keepdims is not None else keep_dims)
    with get_default_graph().name_scope(name or "moments"):
        x = convert_to_tensor(x)
        mean = reduce_mean(x, axes, keepdims=True, name="mean")
        variance = reduce_mean(
            squared_difference(x, array_ops.stop_gradient(mean)), axes, keepdims=True,
            name="variance")
        if not keep:
            mean = array_ops.squeeze(mean, axes)
            variance = array_ops.squeeze(variance, axes)
        return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """``scale * (x - mean) / sqrt(variance + epsilon) + offset`` (offset/scale may be None)."""
    with get_default_graph().name_scope(name or "batchnorm"):
        inv = rsqrt(variance + variance_epsilon)
        if scale is not None:
            inv = inv * scale
        shift = -mean * inv if offset is None else offset - mean * inv
        return x * inv + shift


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """``x / sqrt(max(sum(x**2, axis), epsilon))``."""
    axis = dim if axis is None else axis
    with get_default_graph().name_scope(name or "l2_normalize"):
        x = convert_to_tensor(x)
        square_sum = reduce_sum(square(x), axis, keepdims=True)
        return x * rsqrt(maximum(square_sum, epsilon))


def l2_loss(t, name=None):
    """``sum(t ** 2) / 2``."""
    t = convert_to_tensor(t)
    return multiply(reduce_sum(square(t)), 0.5, name=name or "L2Loss")


def weighted_cross_entropy_with_logits(targets=None, logits=None, pos_weight=None, name=None,
                                       labels=None):
    """The logistic loss with the positive term weighted by ``pos_weight``; stable:
    ``(1 - z) * x + (1 + (q - 1) * z) * (log1p(exp(-|x|)) + max(-x, 0))``."""
    labels = targets if labels is None else labels
    if labels is None or logits is None or pos_weight is None:
        raise ValueError("labels (targets), logits and pos_weight are required")
    with get_default_graph().name_scope(name or "logistic_loss"):
        logits = convert_to_tensor(logits)
        labels = convert_to_tensor(labels, dtype=logits.dtype) if not hasattr(labels, "dtype") \
            else convert_to_tensor(labels)
        if not logits.shape.is_compatible_with(labels.shape):
            raise ValueError("logits and targets must have the same shape (%s vs %s)"
                             % (logits.shape, labels.shape))
        log_weight = 1 + (pos_weight - 1) * labels
        softplus_neg = log1p(exp(-elementwise_unary_ops.abs(logits))) + \
            relu(-logits)
        return (1 - labels) * logits + log_weight * softplus_neg


__all__ = ["bias_add", "xw_plus_b", "dropout", "moments", "batch_normalization", "l2_normalize",
           "l2_loss", "weighted_cross_entropy_with_logits"]
