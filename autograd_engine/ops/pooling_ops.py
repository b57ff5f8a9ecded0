"""Max and average pooling (NHWC) and their gradients, on the window geometry of
``window_geometry``: each kernel is a loop over the k_h * k_w kernel offsets, combining whole
strided slices of the padded input (``np.maximum`` for max pooling, ``+`` for average pooling).

Max pooling's gradient follows TF1: each window's gradient goes to the first cell (row-major)
holding the window's max, and ``MaxPoolGrad`` takes the forward output as an input, as TF's
does, so the max is not computed twice.
"""
import numpy as np

from ..framework.graph import ShapeInferenceError
from ..framework.tensor_shape import TensorShape
from .array_ops import ShapeOperand, shape_operand_of
from .constant_op import convert_to_tensor
from .registry import OpDef, make_tensor, register
from .window_geometry import (check_padding, geometry_of, nchw_pair, nchw_wrapped, require_rank4,
                              spatial_output, window_attrs)


class _Pool(OpDef):
    """Shape rule of the ops whose output has one cell per window (MaxPool, AvgPool,
    MaxPoolGradGrad)."""

    def infer(self, op):
        x = op.inputs[0]
        xd = require_rank4(x, "input")
        oh, ow = spatial_output(op, xd)
        if oh == 0 or ow == 0:
            raise ShapeInferenceError("The pooling window is larger than the input for VALID "
                                      "padding")
        return [(x.dtype, TensorShape(None if xd is None else [xd[0], oh, ow, xd[3]]))]


def _lowest(dtype):
    """The padding that never wins a max."""
    dtype = np.dtype(dtype)
    return -np.inf if dtype.kind in "fc" else np.iinfo(dtype).min


def _combine_windows(xp, geometry, padded, out_hw, ufunc):
    """Each window's cells combined by ``ufunc`` (maximum, add), one kernel offset at a time,
    into an (N, OH, OW, C) array."""
    out = None
    for i, j in geometry.offsets():
        cells = padded[geometry.offset_slice(i, j, out_hw)]
        if out is None:
            out = cells.copy()
        else:
            ufunc(out, cells, out=out)
    return out


def _first_max_hits(xp, geometry, x, pooled):
    """Yields (offset slice, mask) per kernel offset: where that offset holds its window's
    first max. Padding is NaN, which equals nothing, so a padded cell is never picked."""
    padded = geometry.pad(xp, x, np.nan if x.dtype.kind == "f" else _lowest(x.dtype))
    out_hw = pooled.shape[1:3]
    taken = None
    for i, j in geometry.offsets():
        index = geometry.offset_slice(i, j, out_hw)
        hit = padded[index] == pooled
        if taken is None:
            taken = hit.copy()
        else:
            hit &= ~taken
            taken |= hit
        yield index, hit


@register
class MaxPool(_Pool):
    type_name = "MaxPool"

    def kernel(self, op, ctx):
        xp, geometry = ctx.xp, geometry_of(op)

        def max_pool(x):
            return _combine_windows(xp, geometry, geometry.pad(xp, x, _lowest(x.dtype)),
                                    geometry.output_hw(x.shape[1], x.shape[2]), xp.maximum)
        return max_pool

    def gradient(self, op, grad):
        return [make_tensor("MaxPoolGrad", (op.inputs[0], op.outputs[0], grad), window_attrs(op))]


@register
class MaxPoolGrad(OpDef):
    """Routes each output gradient to the first max of its window.
    Inputs: (orig_input, orig_output, grad)."""
    type_name = "MaxPoolGrad"

    def infer(self, op):
        return [(op.inputs[0].dtype, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        xp, geometry = ctx.xp, geometry_of(op)

        overlap = geometry.windows_overlap  # else each cell is in one window: no sum needed

        def max_pool_grad(x, pooled, grad):
            out = geometry.padded_zeros(xp, x.shape, grad.dtype)
            for index, hit in _first_max_hits(xp, geometry, x, pooled):
                if overlap:
                    out[index] += hit * grad
                else:
                    xp.multiply(hit, grad, out=out[index])
            return geometry.crop(out, x.shape)
        return max_pool_grad

    def gradient(self, op, grad):
        x, pooled = op.inputs[0], op.inputs[1]
        return [None, None, make_tensor("MaxPoolGradGrad", (x, pooled, grad), window_attrs(op))]


@register
class MaxPoolGradGrad(_Pool):
    """Picks, for each output cell, the value at its window's first max: the adjoint of
    MaxPoolGrad with respect to the routed gradient. Inputs: (orig_input, orig_output, values)."""
    type_name = "MaxPoolGradGrad"

    def kernel(self, op, ctx):
        xp, geometry = ctx.xp, geometry_of(op)

        def max_pool_grad_grad(x, pooled, values):
            padded_values = geometry.pad(xp, values)
            out = xp.zeros(pooled.shape, dtype=values.dtype)
            for index, hit in _first_max_hits(xp, geometry, x, pooled):
                out += hit * padded_values[index]
            return out
        return max_pool_grad_grad

    def gradient(self, op, grad):
        x, pooled = op.inputs[0], op.inputs[1]
        return [None, None, make_tensor("MaxPoolGrad", (x, pooled, grad), window_attrs(op))]


@register
class AvgPool(_Pool):
    type_name = "AvgPool"

    def infer(self, op):
        dtype = op.inputs[0].dtype
        if not dtype.is_floating:
            raise TypeError("Value passed to parameter 'value' has DataType %s not in list of "
                            "allowed values: float16, float32, float64 (op 'AvgPool')"
                            % dtype.name)
        return super().infer(op)

    def kernel(self, op, ctx):
        xp, geometry = ctx.xp, geometry_of(op)

        def avg_pool(x):
            out = _combine_windows(xp, geometry, geometry.pad(xp, x),
                                   geometry.output_hw(x.shape[1], x.shape[2]), xp.add)
            out /= geometry.window_counts(xp, x.shape[1], x.shape[2], out.dtype)
            return out
        return avg_pool

    def gradient(self, op, grad):
        extra, shape_attrs = ShapeOperand.split(shape_operand_of(op.inputs[0]))
        return [make_tensor("AvgPoolGrad", [grad] + extra, dict(window_attrs(op), **shape_attrs))]


@register
class AvgPoolGrad(OpDef):
    """Spreads each output gradient evenly over the real cells of its window.
    Inputs: (grad[, orig_input_shape])."""
    type_name = "AvgPoolGrad"
    host_inputs = (1,)  # the input shape, read by Python (TF1: HostMemory)

    def infer(self, op):
        return [(op.inputs[0].dtype, TensorShape(ShapeOperand.static_dims(op, 1)))]

    def kernel(self, op, ctx):
        xp, geometry = ctx.xp, geometry_of(op)

        def avg_pool_grad(grad, shape):
            share = grad / geometry.window_counts(xp, shape[1], shape[2], grad.dtype)
            out = geometry.padded_zeros(xp, shape, grad.dtype)
            for i, j in geometry.offsets():
                out[geometry.offset_slice(i, j, grad.shape[1:3])] += share
            return geometry.crop(out, shape)
        return ShapeOperand.bind(op, 1, avg_pool_grad)

    def gradient(self, op, grad):
        return [make_tensor("AvgPool", (grad,), window_attrs(op))] + [None] * (len(op.inputs) - 1)


def _pool(type_name, value, ksize, strides, padding, data_format, name):
    value = convert_to_tensor(value)
    attrs = {"kernel_hw": nchw_pair(ksize, "ksize", data_format),
             "strides": nchw_pair(strides, "strides", data_format),
             "dilations": (1, 1), "padding": check_padding(padding)}
    return nchw_wrapped(lambda t: make_tensor(type_name, (t,), attrs, name), value, data_format)


def max_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):  # noqa: A002
    """Max pooling over NHWC windows of ``ksize`` moved by ``strides``.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 28, 28, 32])
    >>> tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME").shape.as_list()
    [None, 14, 14, 32]
    """
    return _pool("MaxPool", value if input is None else input, ksize, strides, padding,
                 data_format, name)


def avg_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):  # noqa: A002
    """Average pooling; with SAME padding each window divides by its count of real cells.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.nn.avg_pool(tf.ones([1, 3, 3, 1]), [1, 2, 2, 1], [1, 2, 2, 1], "SAME"))[0, :, :, 0]
    array([[1., 1.],
           [1., 1.]], dtype=float32)
    """
    return _pool("AvgPool", value if input is None else input, ksize, strides, padding,
                 data_format, name)


__all__ = ["max_pool", "avg_pool"]
