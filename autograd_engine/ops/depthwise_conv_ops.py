"""Depthwise 2-D convolution (NHWC) and its gradients, and the separable convolution built on
it, on the window geometry of ``window_geometry``.

A depthwise filter ``[kh, kw, C, M]`` convolves each input channel c with its own M filters;
output channel ``c * M + m`` is channel c seen through filter m, as TF orders it. Unlike Conv2D
there is no sum over channels, so im2col plus one matrix product does not apply: the forward
pass and the input gradient loop over the k_h * k_w kernel offsets instead, each a broadcast
product of one strided slice of the padded input with that offset's (C, M) filter slice. The
filter gradient contracts the window view of the padded input with the gradient in one einsum.

Dilation is done by the geometry directly, which gives the values TF1 gets through
space_to_batch (``with_space_to_batch``) without reshaping the batch.
"""
import numpy as np

from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from .array_ops import ShapeOperand
from .constant_op import convert_to_tensor
from .conv_ops import _conv_attrs, _known_filter_dims, conv2d
from .registry import register
from .window_geometry import (BilinearWindowFamily, BilinearWindowOp, WindowBackprop,
                              geometry_of, nchw_wrapped, reference_windows)


def _depthwise_reference(x, f, attrs):
    per_channel = np.einsum("nhwijc,ijcm->nhwcm", reference_windows(x, attrs), f)
    return per_channel.reshape(per_channel.shape[:3] + (-1,))


# (input shape, filter shape, strides, dilations, padding) of the three ops' samples; channel
# multipliers 1 and 2, so the c * M + m output order shows; a filter larger than the input.
DEPTHWISE = BilinearWindowFamily(
    "DepthwiseConv2dNative", "DepthwiseConv2dNativeBackpropInput",
    "DepthwiseConv2dNativeBackpropFilter", _depthwise_reference,
    sample_cases=[((1, 5, 4, 2), (3, 2, 2, 2), (1, 1), (1, 1), "VALID"),
                  ((2, 4, 5, 3), (2, 3, 3, 1), (2, 2), (1, 1), "SAME"),
                  ((1, 6, 5, 2), (2, 2, 2, 2), (1, 1), (2, 2), "SAME"),
                  ((1, 2, 3, 2), (3, 4, 2, 1), (1, 1), (1, 1), "SAME")])


def _depthwise_forward(xp, geometry, x, filters):
    n, h, w, _ = x.shape
    out_hw = geometry.output_hw(h, w)
    padded = geometry.pad(xp, x)
    out = xp.zeros((n,) + tuple(out_hw) + tuple(filters.shape[2:]), dtype=x.dtype)
    for i, j in geometry.offsets():
        out += padded[geometry.offset_slice(i, j, out_hw)][..., None] * filters[i, j]
    return out.reshape(n, out_hw[0], out_hw[1], -1)


def _depthwise_input_grad(xp, geometry, input_shape, filters, grad):
    n, oh, ow, _ = grad.shape
    per_channel = grad.reshape(n, oh, ow, filters.shape[2], filters.shape[3])
    out = geometry.padded_zeros(xp, input_shape, grad.dtype)
    for i, j in geometry.offsets():
        out[geometry.offset_slice(i, j, (oh, ow))] += xp.einsum("nhwcm,cm->nhwc", per_channel,
                                                                filters[i, j])
    return geometry.crop(out, input_shape)


def _depthwise_filter_grad(xp, geometry, x, filter_shape, grad):
    n, oh, ow, _ = grad.shape
    per_channel = grad.reshape(n, oh, ow, filter_shape[2], filter_shape[3])
    windows = geometry.windows(xp, geometry.pad(xp, x), (oh, ow))
    return xp.einsum("nhwijc,nhwcm->ijcm", windows, per_channel)


@register
class DepthwiseConv2dNative(BilinearWindowOp):
    type_name = "DepthwiseConv2dNative"
    family = DEPTHWISE

    def infer(self, op):
        x = op.inputs[0]
        xd, fd, (oh, ow) = self.window_dims(op)
        depth = xd[3] if xd is not None and xd[3] is not None else (fd[2] if fd else None)
        channels = None if depth is None or fd is None or fd[3] is None else depth * fd[3]
        return [(x.dtype, TensorShape([xd[0] if xd else None, oh, ow, channels]))]

    def kernel(self, op, ctx):
        xp, geometry = ctx.xp, geometry_of(op)
        return lambda x, f: _depthwise_forward(xp, geometry, x, f)


@register
class DepthwiseConv2dNativeBackpropInput(WindowBackprop):
    """Inputs: (filter, out_backprop[, input_sizes])."""
    type_name = "DepthwiseConv2dNativeBackpropInput"
    family = DEPTHWISE

    def kernel(self, op, ctx):
        xp, geometry = ctx.xp, geometry_of(op)
        return ShapeOperand.bind(
            op, 2, lambda f, g, shape: _depthwise_input_grad(xp, geometry, shape, f, g))


@register
class DepthwiseConv2dNativeBackpropFilter(WindowBackprop):
    """Inputs: (input, out_backprop[, filter_sizes])."""
    type_name = "DepthwiseConv2dNativeBackpropFilter"
    family = DEPTHWISE

    def kernel(self, op, ctx):
        xp, geometry = ctx.xp, geometry_of(op)
        return ShapeOperand.bind(
            op, 2, lambda x, g, shape: _depthwise_filter_grad(xp, geometry, x, shape, g))


_depthwise = DEPTHWISE.apply


def _rate_pair(rate, dilations):
    """TF1's ``rate`` (or its newer name ``dilations``): 2 elements, [rate_h, rate_w]."""
    if rate is not None and dilations is not None:
        raise ValueError("Cannot specify both 'dilations' and 'rate'")
    rate = dilations if rate is None else rate
    if rate is None:
        return (1, 1)
    rate = (rate, rate) if isinstance(rate, int) else tuple(int(r) for r in rate)
    if len(rate) != 2:
        raise ValueError("rate must have 2 elements (height, width), got %s" % (rate,))
    if min(rate) < 1:
        raise ValueError("all values of dilation_rate must be positive")
    return rate


def _depthwise_attrs(f, strides, padding, rate, dilations, data_format):
    rate = _rate_pair(rate, dilations)
    # strides are given in data_format's order, the rate always as (height, width)
    attrs = _conv_attrs(_known_filter_dims(f, "filter"), strides, list(rate), padding,
                        data_format)
    if attrs["strides"] != (1, 1) and rate != (1, 1):
        raise ValueError("strides > 1 not supported in conjunction with dilation_rate > 1")
    return attrs


def depthwise_conv2d(input, filter, strides, padding, rate=None, name=None,  # noqa: A002
                     data_format=None, dilations=None):
    """Depthwise 2-D convolution: each input channel convolved with its own
    ``channel_multiplier`` filters of a ``[height, width, in_channels, channel_multiplier]``
    filter; output channel ``c * channel_multiplier + m`` as in TF.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    >>> tf.nn.depthwise_conv2d(x, tf.zeros([3, 3, 3, 2]), [1, 2, 2, 1], "SAME").shape.as_list()
    [None, 4, 4, 6]
    """
    x = convert_to_tensor(input)
    f = convert_to_tensor(filter, dtype=x.dtype)
    attrs = _depthwise_attrs(f, strides, padding, rate, dilations, data_format)
    return nchw_wrapped(lambda t: _depthwise(t, f, attrs, name or "depthwise"), x, data_format)


def separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding,  # noqa: A002
                     rate=None, name=None, data_format=None, dilations=None):
    """A depthwise convolution followed by a 1x1 convolution mixing its channels
    (``pointwise_filter``: ``[1, 1, in_channels * channel_multiplier, out_channels]``).

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    >>> y = tf.nn.separable_conv2d(x, tf.zeros([3, 3, 3, 2]), tf.zeros([1, 1, 6, 5]),
    ...                            [1, 1, 1, 1], "VALID")
    >>> y.shape.as_list()
    [None, 6, 6, 5]
    """
    with get_default_graph().name_scope(name or "separable_conv2d"):
        x = convert_to_tensor(input)
        depthwise_filter = convert_to_tensor(depthwise_filter, dtype=x.dtype)
        pointwise_filter = convert_to_tensor(pointwise_filter, dtype=x.dtype)
        pd = pointwise_filter.shape.as_tuple()
        if pd is None or len(pd) != 4:
            raise ValueError("Shape %s must have rank 4" % pointwise_filter.shape)
        for d in pd[:2]:
            if d not in (None, 1):
                raise ValueError("Dimensions %d and 1 are not compatible" % d)
        attrs = _depthwise_attrs(depthwise_filter, strides, padding, rate, dilations,
                                 data_format)
        depthwise = nchw_wrapped(lambda t: _depthwise(t, depthwise_filter, attrs, "depthwise"),
                                 x, data_format)
        return conv2d(depthwise, pointwise_filter, [1, 1, 1, 1], "VALID",
                      data_format=data_format or "NHWC")


__all__ = ["depthwise_conv2d", "separable_conv2d"]
