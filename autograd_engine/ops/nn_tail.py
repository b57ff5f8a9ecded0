"""More of ``tf.nn`` built from existing ops (so their gradients come from those ops):
``swish``, ``crelu``, ``zero_fraction``, ``normalize_moments``, ``weighted_moments``,
``space_to_depth``/``depth_to_space``, ``local_response_normalization`` (``lrn``),
``fused_batch_norm`` and the public ``conv2d_backprop_input``/``conv2d_backprop_filter``.

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     sess.run(crelu(tf.constant([[-1.0, 2.0]])))
array([[0., 2., 1., 0.]], dtype=float32)
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from . import array_ops
from .concat_split_ops import concat
from .constant_op import constant_value, convert_to_tensor
from .conv_ops import conv2d_backprop_filter as _filter_grad
from .conv_ops import conv2d_backprop_input as _input_grad
from .conv_ops import conv_attrs
from .elementwise_binary_ops import equal, squared_difference
from .elementwise_binary_ops import maximum
from .elementwise_unary_ops import cast, reciprocal, relu, rsqrt, sigmoid, square
from .nn_impl import moments
from .reduction_ops import reduce_mean, reduce_sum
from .shape_ops import shape, size
from .slicing_ops import pad
from .window_geometry import nchw_wrapped

# TF1's floor on fused_batch_norm's epsilon (cuDNN's minimum).
MIN_FUSED_EPSILON = 1.001e-5


def swish(features, name=None):
    """``features * sigmoid(features)`` (Ramachandran et al., 2017)."""
    with get_default_graph().name_scope(name or "swish"):
        features = convert_to_tensor(features)
        return features * sigmoid(features)


def crelu(features, name=None, axis=-1):
    """``concat([relu(x), relu(-x)], axis)``: twice the channels, both signs kept."""
    with get_default_graph().name_scope(name or "CRelu"):
        features = convert_to_tensor(features)
        return concat([relu(features), relu(-features)], axis)


def zero_fraction(value, name=None):
    """The fraction of zeros in ``value``, a float32 scalar (sparsity of activations)."""
    with get_default_graph().name_scope(name or "zero_fraction"):
        value = convert_to_tensor(value)
        zeros = equal(value, array_ops.zeros_like(value))
        return reduce_mean(cast(zeros, dtypes.float32))


def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    """Mean and variance from sufficient statistics: a count, the (shifted) sum and the sum of
    squares; ``shift`` (or None) was subtracted before summing."""
    with get_default_graph().name_scope(name or "normalize"):
        divisor = reciprocal(convert_to_tensor(counts))
        shifted_mean = mean_ss * divisor
        mean = shifted_mean if shift is None else shifted_mean + shift
        variance = variance_ss * divisor - square(shifted_mean)
        return mean, variance


def weighted_moments(x, axes, frequency_weights, name=None, keep_dims=None, keepdims=None):
    """Mean and variance of ``x`` over ``axes``, each element counted ``frequency_weights``
    times (the weights broadcast against ``x``)."""
    keep = bool(keepdims if keepdims is not None else keep_dims)
    with get_default_graph().name_scope(name or "weighted_moments"):
        x = convert_to_tensor(x)
        weights = convert_to_tensor(frequency_weights, dtype=x.dtype)
        weighted_sum = reduce_sum(weights * x, axes, keepdims=True)
        sum_of_weights = reduce_sum(weights + array_ops.zeros_like(x), axes, keepdims=True)
        divisor = reciprocal(sum_of_weights)
        mean = weighted_sum * divisor
        variance = reduce_sum(weights * squared_difference(x, mean), axes,
                              keepdims=True) * divisor
        if not keep:
            mean, variance = array_ops.squeeze(mean, axes), array_ops.squeeze(variance, axes)
        return mean, variance


def _known_hwc(tensor, what):
    dims = tensor.shape.as_tuple()
    if dims is None or len(dims) != 4 or None in dims[1:]:
        raise ValueError("%s needs a 4-D input with known height, width and depth; got %s"
                         % (what, tensor.shape))
    return dims


def space_to_depth(input, block_size, name=None, data_format="NHWC"):  # noqa: A002
    """Moves ``block_size`` x ``block_size`` spatial blocks into the depth dimension:
    ``[b, h, w, c]`` -> ``[b, h/bs, w/bs, c*bs*bs]``."""
    block = int(block_size)
    if block < 2:
        raise ValueError("Value for attr 'block_size' of %d must be at least 2" % block)

    def nhwc(x):
        _, h, w, c = _known_hwc(x, "space_to_depth")
        if h % block or w % block:
            raise ValueError("Image height %d and width %d must be divisible by block_size %d"
                             % (h, w, block))
        blocks = array_ops.reshape(x, [-1, h // block, block, w // block, block, c])
        moved = array_ops.transpose(blocks, [0, 1, 3, 2, 4, 5])
        return array_ops.reshape(moved, [-1, h // block, w // block, block * block * c])
    with get_default_graph().name_scope(name or "SpaceToDepth"):
        return nchw_wrapped(nhwc, convert_to_tensor(input), data_format)


def depth_to_space(input, block_size, name=None, data_format="NHWC"):  # noqa: A002
    """The inverse of :func:`space_to_depth`: ``[b, h, w, c]`` -> ``[b, h*bs, w*bs,
    c/(bs*bs)]``."""
    block = int(block_size)
    if block < 2:
        raise ValueError("Value for attr 'block_size' of %d must be at least 2" % block)

    def nhwc(x):
        _, h, w, c = _known_hwc(x, "depth_to_space")
        if c % (block * block):
            raise ValueError("Input depth dimension %d should be divisible by: %d"
                             % (c, block * block))
        depth = c // (block * block)
        blocks = array_ops.reshape(x, [-1, h, w, block, block, depth])
        moved = array_ops.transpose(blocks, [0, 1, 3, 2, 4, 5])
        return array_ops.reshape(moved, [-1, h * block, w * block, depth])
    with get_default_graph().name_scope(name or "DepthToSpace"):
        return nchw_wrapped(nhwc, convert_to_tensor(input), data_format)


def local_response_normalization(input, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5,  # noqa: A002
                                 name=None):
    """``input / (bias + alpha * sqr_sum) ** beta``, ``sqr_sum`` the sum of squares over the
    ``2 * depth_radius + 1`` channels around each one (AlexNet's LRN; NHWC)."""
    with get_default_graph().name_scope(name or "LRN"):
        x = convert_to_tensor(input)
        if x.shape.ndims not in (None, 4):
            raise ValueError("Shape must be rank 4 but is rank %d for LRN" % x.shape.ndims)
        radius = int(depth_radius)
        squares = pad(square(x), [[0, 0], [0, 0], [0, 0], [radius, radius]])
        depth = x.shape.as_tuple()[3] if x.shape.ndims else None
        if depth is None:
            raise ValueError("local_response_normalization needs a known depth; got %s"
                             % x.shape)
        window = squares[..., 0:depth]
        for offset in range(1, 2 * radius + 1):
            window = window + squares[..., offset:offset + depth]
        return x * (window * alpha + bias) ** (-float(beta))


lrn = local_response_normalization


def fused_batch_norm(x, scale, offset, mean=None, variance=None, epsilon=0.001,
                     data_format="NHWC", is_training=True, name=None):
    """Batch normalization of a 4-D ``x`` over all but its channel dimension. Returns
    ``(y, batch_mean, batch_variance)``: when training, the batch's mean and its variance with
    Bessel's correction (what moving averages track; ``y`` uses the uncorrected one); else
    ``y`` normalized with the given ``mean``/``variance``, which are returned."""
    epsilon = max(float(epsilon), MIN_FUSED_EPSILON)
    with get_default_graph().name_scope(name or "FusedBatchNorm"):
        x = convert_to_tensor(x)
        if x.shape.ndims not in (None, 4):
            raise ValueError("Shape must be rank 4 but is rank %d for FusedBatchNorm"
                             % x.shape.ndims)
        axes = [0, 1, 2] if data_format == "NHWC" else [0, 2, 3]
        channel_shape = [1, 1, 1, -1] if data_format == "NHWC" else [1, -1, 1, 1]
        if is_training:
            if mean is not None or variance is not None:
                raise ValueError("mean and variance must be None when is_training=True")
            batch_mean, batch_variance = moments(x, axes)
            corrected = batch_variance * _bessel_factor(x, axes)
        else:
            if mean is None or variance is None:
                raise ValueError("Both 'mean' and 'variance' must be a 1-D tensor when "
                                 "is_training is False.")
            batch_mean, batch_variance = convert_to_tensor(mean), convert_to_tensor(variance)
            corrected = batch_variance
        inv = rsqrt(array_ops.reshape(batch_variance, channel_shape) + epsilon) * \
            array_ops.reshape(scale, channel_shape)
        y = (x - array_ops.reshape(batch_mean, channel_shape)) * inv + \
            array_ops.reshape(offset, channel_shape)
        return y, batch_mean, corrected


def _bessel_factor(x, axes):
    """``n / (n - 1)`` for the ``n`` elements reduced per channel (a number when the shape is
    known, else a tensor)."""
    dims = x.shape.as_tuple()
    reduced = None if dims is None else [dims[a] for a in axes]
    if reduced is not None and None not in reduced:
        count = float(np.prod(reduced))
        return count / max(count - 1.0, 1.0)
    channel = 3 if axes == [0, 1, 2] else 1
    count = cast(size(x), x.dtype) / cast(shape(x)[channel], x.dtype)
    return count / maximum(count - 1.0, 1.0)


def _static_sizes(sizes, what):
    value = constant_value(sizes) if hasattr(sizes, "op") else np.asarray(sizes)
    if value is None:
        raise ValueError("%s must be known while building the graph." % what)
    return [int(v) for v in np.reshape(value, -1)]


def conv2d_backprop_input(input_sizes, filter, out_backprop, strides, padding,  # noqa: A002
                          use_cudnn_on_gpu=True, data_format="NHWC", dilations=(1, 1, 1, 1),
                          name=None, filters=None):
    """The gradient of ``conv2d`` with respect to its input, of shape ``input_sizes``."""
    filter = filters if filter is None else filter  # noqa: A001
    f = convert_to_tensor(filter)
    attrs = conv_attrs(f.shape.as_tuple(), strides, dilations, padding, data_format)
    sizes = input_sizes
    if data_format == "NCHW":
        n, c, h, w = _static_sizes(input_sizes, "input_sizes")
        sizes = [n, h, w, c]
    return nchw_wrapped(lambda g: _input_grad(sizes, f, g, attrs, name),
                        convert_to_tensor(out_backprop), data_format)


def conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding,  # noqa: A002
                           use_cudnn_on_gpu=True, data_format="NHWC", dilations=(1, 1, 1, 1),
                           name=None):
    """The gradient of ``conv2d`` with respect to its filter, of shape ``filter_sizes``."""
    sizes = _static_sizes(filter_sizes, "filter_sizes")
    attrs = conv_attrs(sizes, strides, dilations, padding, data_format)
    x, g = convert_to_tensor(input), convert_to_tensor(out_backprop)
    if data_format == "NCHW":
        x, g = array_ops.transpose(x, [0, 2, 3, 1]), array_ops.transpose(g, [0, 2, 3, 1])
    return _filter_grad(x, sizes, g, attrs, name)


__all__ = ["conv2d_backprop_filter", "conv2d_backprop_input", "crelu", "depth_to_space",
           "fused_batch_norm", "local_response_normalization", "lrn", "normalize_moments",
           "space_to_depth", "swish", "weighted_moments", "zero_fraction"]
