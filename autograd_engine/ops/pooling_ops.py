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
from .constant_op import convert_to_tensor
from .op_samples import OpSample, distinct, normal
from .registry import OpDef, make_tensor, register
from .shape_ops import ShapeOperand, shape_operand_of
from .window_geometry import (adjoint_reference, check_padding, geometry_of, nchw_pair,
                              nchw_wrapped, reference_windows, require_rank4, spatial_output,
                              window_attrs, window_sample_attrs)


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
            xp.greater(hit, taken, out=hit)  # hit and not taken, in one pass
            taken |= hit
        yield index, hit


# ------------------------------------------------------------------ samples
# (input shape, window attrs) of the samples: windows apart, windows overlapping with SAME
# padding that pads unevenly, a 2x2 window at stride 1, a window larger than the input, and
# strides longer than the window (input cells no window reads); then windows that tile the
# input exactly, without and with a padding row and column (MaxPoolGrad writes each cell once).
_POOL_CASES = [((1, 4, 5, 2), window_sample_attrs((2, 2), (2, 2))),
               ((2, 5, 4, 1), window_sample_attrs((3, 2), (1, 2), padding="SAME")),
               ((1, 3, 3, 2), window_sample_attrs((2, 2), padding="SAME")),
               ((1, 2, 3, 1), window_sample_attrs((3, 4), padding="SAME")),
               ((1, 7, 5, 1), window_sample_attrs((1, 2), (3, 3), padding="SAME")),
               ((1, 4, 6, 2), window_sample_attrs((2, 2), (2, 2), padding="SAME")),
               ((1, 3, 5, 2), window_sample_attrs((2, 2), (2, 2), padding="SAME"))]


def _pool_samples(rng, build, reference, make_inputs, **options):
    """One sample per case of ``_POOL_CASES``: ``make_inputs(rng, shape, attrs)`` gives its
    arrays, ``build(attrs, *tensors)`` the op, ``reference(attrs, *arrays)`` numpy's answer."""
    return [OpSample(lambda *tensors, attrs=attrs: build(attrs, *tensors),
                     *make_inputs(rng, shape, attrs),
                     reference=lambda *arrays, attrs=attrs: reference(attrs, *arrays), **options)
            for shape, attrs in _POOL_CASES]


def _max_pool_reference(attrs, x):
    return reference_windows(x, attrs, fill=_lowest(x.dtype)).max(axis=(3, 4))


def _at_first_max(attrs, x, values):
    """For each window of ``x``, the cell of ``values`` where the window's max first occurs
    (row-major): what MaxPoolGradGrad picks, and the adjoint of what MaxPoolGrad routes."""
    windows = reference_windows(x, attrs, fill=_lowest(x.dtype))
    first = windows.reshape(windows.shape[:3] + (-1, x.shape[3])).argmax(axis=3)
    picked = reference_windows(values, attrs).reshape(windows.shape[:3] + (-1, x.shape[3]))
    return np.take_along_axis(picked, first[:, :, :, None, :], axis=3)[:, :, :, 0, :]


def _max_pool_of(attrs, x):
    return make_tensor("MaxPool", (x,), attrs)


def _with_ties(rng, *shape):
    """Three distinct values: windows with several maxima, where the first one wins."""
    return rng.integers(-1, 2, shape).astype(np.float64)


def _max_pool_grad_samples(rng, build, reference, inputs):
    """Samples of MaxPoolGrad and MaxPoolGradGrad, (x, a gradient-like input): the cases of
    ``_POOL_CASES`` with distinct x, those with overlapping or tiling windows also with ties.
    ``inputs(make_x)`` makes a sample's arrays, x drawn by ``make_x``. Only the second input is
    differentiable."""
    ties = _pool_samples(rng, build, reference, inputs(_with_ties), grad=(1,), name="ties")
    return (_pool_samples(rng, build, reference, inputs(distinct), grad=(1,)) + ties[1:4]
            + ties[5:])


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

    def samples(self, rng):
        samples = _pool_samples(rng, _max_pool_of, _max_pool_reference,
                                lambda rng, shape, attrs: [distinct(rng, *shape)])
        shape, attrs = _POOL_CASES[1]
        return samples + [OpSample(lambda x: _max_pool_of(attrs, x), values, grad=(),
                                   reference=lambda x: _max_pool_reference(attrs, x), name=name)
                          for name, values in [("float32", distinct(rng, *shape, spacing=0.5)
                                                .astype(np.float32)),
                                               ("int32 ties", rng.integers(-3, 3, shape)
                                                .astype(np.int32))]]


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
            tiled = not overlap and geometry.windows_tile(x.shape[1], x.shape[2])
            out = geometry.padded_zeros(xp, x.shape, grad.dtype, zeroed=not tiled)
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

    def samples(self, rng):  # inputs: x, grad (the pooled output is built from x)
        def build(attrs, x, grad):
            return make_tensor(self.type_name, (x, _max_pool_of(attrs, x), grad), attrs)

        def reference(attrs, x, grad):
            return adjoint_reference(lambda v: _at_first_max(attrs, x, v), x.shape, grad)

        def inputs(make_x):
            def make(rng, shape, attrs):
                x = make_x(rng, *shape)
                return [x, normal(rng, *_max_pool_reference(attrs, x).shape)]
            return make
        return _max_pool_grad_samples(rng, build, reference, inputs)


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

    def samples(self, rng):  # inputs: x, values (the pooled output is built from x)
        def build(attrs, x, values):
            return make_tensor(self.type_name, (x, _max_pool_of(attrs, x), values), attrs)

        def inputs(make_x):
            return lambda rng, shape, attrs: [make_x(rng, *shape), normal(rng, *shape)]
        return _max_pool_grad_samples(rng, build, _at_first_max, inputs)


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

    def samples(self, rng):
        def build(attrs, x):
            return make_tensor(self.type_name, (x,), attrs)
        samples = _pool_samples(rng, build, _avg_pool_reference,
                                lambda rng, shape, attrs: [normal(rng, *shape)])
        shape, attrs = _POOL_CASES[1]
        return samples + [OpSample(lambda x: build(attrs, x), normal(rng, *shape).astype(np.float32),
                                   reference=lambda x: _avg_pool_reference(attrs, x), rtol=1e-5,
                                   name="float32")]


def _avg_pool_reference(attrs, x):
    """The mean of each window's real cells (padding excluded from the count, as TF)."""
    return np.nanmean(reference_windows(x, attrs, fill=np.nan), axis=(3, 4))


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

    def samples(self, rng):  # inputs: grad[, the input's shape, fed at run time]
        samples = []
        for k, (shape, attrs) in enumerate(_POOL_CASES):
            def build(grad, *fed_shape, shape=shape, attrs=attrs):
                extra, shape_attrs = ShapeOperand.split(fed_shape[0] if fed_shape else list(shape))
                return make_tensor(self.type_name, [grad] + extra, dict(attrs, **shape_attrs))

            def reference(grad, *fed_shape, shape=shape, attrs=attrs):
                return adjoint_reference(lambda v: _avg_pool_reference(attrs, v), shape, grad)
            grad = normal(rng, *_avg_pool_reference(attrs, np.zeros(shape)).shape)
            samples.append(OpSample(build, grad, reference=reference))
            if k == 1:
                samples.append(OpSample(build, grad, np.array(shape, np.int32),
                                        reference=reference, name="run-time shape"))
        return samples


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
