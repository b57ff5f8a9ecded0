"""2-D convolution (NHWC) and its gradients, on the window geometry of ``window_geometry``.

The forward pass and the filter gradient are im2col: the window view of the padded input,
copied once into a (N*OH*OW, KH*KW*C) matrix, then one matrix product. The input gradient at
stride 1 is the same kind of product: the padded gradient's windows times the flipped filter,
gathered a cache-sized block at a time. At larger strides it goes the other way one kernel
offset at a time: ``grad @ filter[i, j].T`` is added into the slice of the input that offset
(i, j) read. That is KH*KW products instead of one, but every add is contiguous in width and
channels, where scattering one big product's columns back would walk the channel axis C
elements at a time (2.5x slower for a 5x5x32 -> 64 layer at batch 64).

When a plan runs both a Conv2D and the Conv2DBackpropFilter of the same input and window (a
training step), the fusion :func:`share_patches` makes them share one im2col matrix, kept from
the forward pass to the backward one, as a hand-written layer would.
"""
import numpy as np

from ..framework import errors
from ..framework.tensor_shape import TensorShape
from .blas_work import rows_times_columns
from .constant_op import convert_to_tensor
from .registry import PlanOpDef, register, register_fusion
from .shape_ops import ShapeOperand
from .window_geometry import (BilinearWindowFamily, BilinearWindowOp, WindowBackprop, check_padding,
                              geometry_of, nchw_pair, nchw_wrapped, reference_windows, window_attrs)


def _conv_reference(x, f, attrs):
    return np.einsum("nhwijc,ijco->nhwo", reference_windows(x, attrs), f)


# (input shape, filter shape, strides, dilations, padding) of the three ops' samples: non-square
# inputs and filters, strides, dilations, SAME padding that pads unevenly, strides longer than
# the filter (input cells no window reads).
CONV2D = BilinearWindowFamily(
    "Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter", _conv_reference,
    sample_cases=[((1, 5, 4, 2), (3, 2, 2, 3), (1, 1), (1, 1), "VALID"),
                  ((2, 5, 4, 1), (2, 3, 1, 2), (2, 2), (1, 1), "SAME"),
                  ((1, 6, 5, 2), (2, 2, 2, 1), (1, 1), (2, 2), "SAME"),
                  ((1, 7, 5, 1), (1, 2, 1, 2), (3, 3), (1, 1), "SAME")])


def _im2col(buffers, geometry, x, out_hw):
    """The (N*OH*OW, KH*KW*C) matrix of x's windows, in a buffer reused between runs."""
    xp = buffers.xp
    windows = geometry.windows(xp, geometry.pad(xp, x), out_hw)
    cols = buffers.empty(windows.shape, x.dtype)
    xp.copyto(cols, windows)
    return cols.reshape(x.shape[0] * out_hw[0] * out_hw[1], -1)


def _conv_forward(buffers, geometry, x, filters):
    oh, ow = geometry.output_hw(x.shape[1], x.shape[2])
    out = _im2col(buffers, geometry, x, (oh, ow)) @ filters.reshape(-1, filters.shape[-1])
    return out.reshape(x.shape[0], oh, ow, filters.shape[-1])


def _conv_filter_grad(buffers, geometry, x, filter_shape, grad):
    cols = _im2col(buffers, geometry, x, grad.shape[1:3])
    return (cols.T @ grad.reshape(-1, grad.shape[3])).reshape(filter_shape)


# Bytes of the gradient's windows gathered per product by :func:`_gathered_input_grad`: one
# 14x14 image of 5x5x64 windows (1.25 MiB) stays in cache between the copy and the product.
GATHER_BLOCK_BYTES = 3 << 19


def _gathered_input_grad(xp, geometry, input_shape, filters, grad):
    """Conv2DBackpropInput at stride 1 as a convolution of the padded gradient with the
    flipped filter: im2col of the gradient, a block of images (or of rows of one image) at a
    time so the copy is still in cache for its product, each block's product written straight
    into the result. One product with K = KH*KW*OC per block instead of KH*KW products with
    K = OC and as many shifted adds: ~20% less CPU for a 5x5x32 -> 64 layer at batch 64."""
    n, h, w, c = input_shape
    (top, _), (left, _) = geometry.pads(h, w)
    span_h, span_w = (geometry.kh - 1) * geometry.dh, (geometry.kw - 1) * geometry.dw
    # The input cell y reads gradient rows y + top - i*dh: the padded gradient's window at y,
    # read in reverse kernel order.
    padded = xp.pad(grad, ((0, 0), (span_h - top, h + top - grad.shape[1]),
                           (span_w - left, w + left - grad.shape[2]), (0, 0)))
    windows = geometry.windows(xp, padded, (h, w))
    flipped = xp.ascontiguousarray(filters[::-1, ::-1].transpose(0, 1, 3, 2).reshape(-1, c))
    out = xp.empty(input_shape, grad.dtype)
    row_bytes = w * flipped.shape[0] * grad.itemsize
    rows = max(1, min(h, GATHER_BLOCK_BYTES // row_bytes))
    images = max(1, GATHER_BLOCK_BYTES // (row_bytes * h)) if rows == h else 1
    for first in range(0, n, images):
        for row in range(0, h, rows):
            part = (slice(first, first + images), slice(row, row + rows))
            block = windows[part]
            cols = xp.empty(block.shape, grad.dtype)
            xp.copyto(cols, block)
            xp.matmul(cols.reshape(-1, flipped.shape[0]), flipped,
                      out=out[part].reshape(-1, c))
    return out


def _check_backprop_shapes(op, geometry, input_shape, filter_shape, grad_shape):
    """TF's checks of a convolution gradient's operands at run time: the gradient's spatial
    size must be the one a forward pass over ``input_shape`` makes, and the depths must agree
    (else the kernels would read outside the arrays or answer for another shape)."""
    label = "Conv2DCustomBackprop%s" % ("Input" if op.type == "Conv2DBackpropInput" else "Filter")
    problem = None
    if input_shape[3] != filter_shape[2]:
        problem = "input and filter must have the same depth: %d vs %d" % (input_shape[3],
                                                                            filter_shape[2])
    elif grad_shape[3] != filter_shape[3]:
        problem = "filter and out_backprop must have the same out_depth: %d vs %d" % (
            filter_shape[3], grad_shape[3])
    for dim, (actual, computed) in enumerate(zip(grad_shape[1:3],
                                                 geometry.output_hw(*input_shape[1:3]))):
        if problem is None and actual != computed:
            problem = ("Size of out_backprop doesn't match computed: actual = %d, computed = %d "
                       "spatial_dim: %d input: %d filter: %d output: %d stride: %d dilation: %d"
                       % (actual, computed, dim + 1, input_shape[1 + dim],
                          (geometry.kh, geometry.kw)[dim], actual,
                          (geometry.sh, geometry.sw)[dim], (geometry.dh, geometry.dw)[dim]))
    if problem is not None:
        raise errors.InvalidArgumentError(None, op, "%s: %s%s" % (label, problem,
                                                                  op.creation_site()))


def _conv_input_grad(xp, geometry, input_shape, filters, grad):
    input_shape = tuple(int(d) for d in input_shape)
    if (geometry.sh, geometry.sw) == (1, 1):
        return _gathered_input_grad(xp, geometry, input_shape, filters, grad)
    n, oh, ow, oc = grad.shape
    grad_rows = grad.reshape(-1, oc)
    out = geometry.padded_zeros(xp, input_shape, grad.dtype)
    product = xp.empty((n * oh * ow, input_shape[3]), dtype=grad.dtype)
    for i, j in geometry.offsets():
        xp.matmul(grad_rows, filters[i, j].T, out=product)
        out[geometry.offset_slice(i, j, (oh, ow))] += product.reshape(n, oh, ow, -1)
    return geometry.crop(out, input_shape)


@register
class Conv2D(BilinearWindowOp):
    type_name = "Conv2D"
    family = CONV2D

    def infer(self, op):
        xd, fd, (oh, ow) = self.window_dims(op)
        return [(op.inputs[0].dtype,
                 TensorShape([xd[0] if xd else None, oh, ow, fd[3] if fd else None]))]

    def kernel(self, op, ctx):
        buffers, geometry = ctx.buffers, geometry_of(op)
        return lambda x, f: _conv_forward(buffers, geometry, x, f)

    def blas_flops(self, op, shapes):
        x, f = shapes
        out = op.outputs[0].shape.as_tuple()
        if x is None or f is None or out is None:
            return None
        return rows_times_columns((x[0],) + out[1:3], f[:3], f[3:])


@register
class Conv2DBackpropInput(WindowBackprop):
    """The gradient of Conv2D with respect to its input; also ``conv2d_transpose``.
    Inputs: (filter, out_backprop[, input_sizes])."""
    type_name = "Conv2DBackpropInput"
    family = CONV2D

    def kernel(self, op, ctx):
        xp, geometry = ctx.xp, geometry_of(op)

        def input_grad(filters, grad, shape):
            _check_backprop_shapes(op, geometry, shape, filters.shape, grad.shape)
            return _conv_input_grad(xp, geometry, shape, filters, grad)
        return ShapeOperand.bind(op, 2, input_grad)

    def blas_flops(self, op, shapes):
        f, grad = shapes[:2]
        if f is None or grad is None:
            return None
        return rows_times_columns(grad[:3], f[3:], f[:3])


@register
class Conv2DBackpropFilter(WindowBackprop):
    """The gradient of Conv2D with respect to its filter. Inputs: (input, out_backprop[,
    filter_sizes])."""
    type_name = "Conv2DBackpropFilter"
    family = CONV2D

    def kernel(self, op, ctx):
        buffers, geometry = ctx.buffers, geometry_of(op)

        def filter_grad(x, grad, shape):
            _check_backprop_shapes(op, geometry, x.shape, shape, grad.shape)
            return _conv_filter_grad(buffers, geometry, x, shape, grad)
        return ShapeOperand.bind(op, 2, filter_grad)

    def blas_flops(self, op, shapes):
        x, grad = shapes[:2]
        if x is None or grad is None:
            return None
        return rows_times_columns(op.attrs["kernel_hw"] + x[3:], grad[:3], grad[3:])


# ------------------------------------------------------------------ fusion: shared patches
def _patches(buffers, geometry, x):
    """im2col as (N, OH, OW, KH*KW*C): TF's ExtractImagePatches layout."""
    oh, ow = geometry.output_hw(x.shape[1], x.shape[2])
    return _im2col(buffers, geometry, x, (oh, ow)).reshape(x.shape[0], oh, ow, -1)


def _conv_of_patches(patches, filters):
    n, oh, ow, k = patches.shape
    out = patches.reshape(-1, k) @ filters.reshape(k, filters.shape[-1])
    return out.reshape(n, oh, ow, filters.shape[-1])


def _filter_grad_of_patches(patches, grad, kh, kw):
    k, oc = patches.shape[-1], grad.shape[-1]
    return (patches.reshape(-1, k).T @ grad.reshape(-1, oc)).reshape(kh, kw, -1, oc)


def _patches_flops(shapes):
    """Patches (N, OH, OW, K) times a (K, OC) matrix: the filters, or the gradient's rows."""
    patches, other = shapes[:2]
    if patches is None or other is None:
        return None
    return rows_times_columns(patches[:3], patches[3:], other[-1:])


_CONV_OF_PATCHES = PlanOpDef("Conv2DOfPatches", lambda ctx: _conv_of_patches, _patches_flops)


@register_fusion
def share_patches(plan):
    """Conv2D(x, f) and Conv2DBackpropFilter(x, ...) with the same window both start by
    copying x's windows into an im2col matrix; in a plan that runs both, one plan-only Im2Col
    op builds it once and the two products read it."""
    convs = {}
    for conv in plan.of_type("Conv2D"):
        convs.setdefault((plan.inputs(conv)[0], tuple(sorted(window_attrs(conv).items()))), conv)
    patches_of = {}
    for grad_op in plan.of_type("Conv2DBackpropFilter"):
        x, grad = plan.inputs(grad_op)[:2]
        conv = convs.get((x, tuple(sorted(window_attrs(grad_op).items()))))
        if conv is None:
            continue
        geometry = geometry_of(conv)
        if conv not in patches_of:
            im2col = PlanOpDef("Im2Col", lambda ctx, g=geometry: (
                lambda v: _patches(ctx.buffers, g, v)))
            patches = plan.add(conv, im2col, [x], [(x.dtype, TensorShape(None))], 0.25).outputs[0]
            patches_of[conv] = patches
            out = conv.outputs[0]
            fused = plan.add(conv, _CONV_OF_PATCHES, [patches, plan.inputs(conv)[1]],
                             [(out.dtype, out.shape)])
            plan.replace(out, fused.outputs[0], "share_patches")
        filter_grad = PlanOpDef("Conv2DBackpropFilterOfPatches", lambda ctx, g=geometry: (
            lambda p, dy: _filter_grad_of_patches(p, dy, g.kh, g.kw)), _patches_flops)
        out = grad_op.outputs[0]
        fused = plan.add(grad_op, filter_grad, [patches_of[conv], grad], [(out.dtype, out.shape)])
        plan.replace(out, fused.outputs[0], "share_patches")


_conv2d = CONV2D.apply
conv2d_backprop_input = CONV2D.input_grad
conv2d_backprop_filter = CONV2D.filter_grad


def known_filter_dims(tensor, what):
    dims = tensor.shape.as_tuple()
    if dims is None or len(dims) != 4 or dims[0] is None or dims[1] is None:
        raise ValueError("The %s must have a known 4-D shape, got %s" % (what, tensor.shape))
    return dims


def conv_attrs(filter_dims, strides, dilations, padding, data_format):
    return {"kernel_hw": (filter_dims[0], filter_dims[1]),
            "strides": nchw_pair(strides, "strides", data_format),
            "dilations": nchw_pair(dilations, "dilations", data_format),
            "padding": check_padding(padding)}


def conv2d(input, filter=None, strides=None, padding=None, use_cudnn_on_gpu=True,  # noqa: A002
           data_format="NHWC", dilations=(1, 1, 1, 1), name=None, filters=None):
    """2-D convolution (cross-correlation, as TF) of NHWC ``input`` with an
    ``[height, width, in_channels, out_channels]`` filter.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 28, 28, 1])
    >>> tf.nn.conv2d(x, tf.zeros([5, 5, 1, 32]), [1, 1, 1, 1], "SAME").shape.as_list()
    [None, 28, 28, 32]
    """
    filter = filters if filter is None else filter  # noqa: A001
    if strides is None or padding is None:
        raise ValueError("conv2d needs strides and padding")
    x = convert_to_tensor(input)
    f = convert_to_tensor(filter, dtype=x.dtype) if not hasattr(filter, "dtype") else \
        convert_to_tensor(filter)
    attrs = conv_attrs(known_filter_dims(f, "filter"), strides, dilations, padding,
                       data_format)
    if attrs["strides"] != (1, 1) and attrs["dilations"] != (1, 1):
        raise ValueError("conv2d: strides > 1 together with dilations > 1 is not supported (as in TF1)")
    return nchw_wrapped(lambda t: _conv2d(t, f, attrs, name), x, data_format)


def conv2d_transpose(value, filter=None, output_shape=None, strides=None, padding="SAME",  # noqa: A002
                     data_format="NHWC", name=None, filters=None, dilations=None):
    """The transpose (gradient) of conv2d: upsamples ``value`` to ``output_shape`` with an
    ``[height, width, output_channels, in_channels]`` filter.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [8, 7, 7, 16])
    >>> tf.nn.conv2d_transpose(x, tf.zeros([3, 3, 4, 16]), [8, 14, 14, 4], [1, 2, 2, 1]).shape
    TensorShape([Dimension(8), Dimension(14), Dimension(14), Dimension(4)])
    """
    filter = filters if filter is None else filter  # noqa: A001
    value = convert_to_tensor(value)
    f = convert_to_tensor(filter)
    fd = known_filter_dims(f, "filter")
    attrs = conv_attrs(fd, strides, dilations or 1, padding, data_format)
    vd = value.shape.as_tuple()
    depth = None if vd is None else vd[1 if data_format == "NCHW" else 3]
    if depth is not None and fd[3] != depth:
        raise ValueError("conv2d_transpose: the filter's in_channels (%d) must match the input's "
                         "depth (%d)" % (fd[3], depth))
    if data_format == "NCHW" and isinstance(output_shape, (list, tuple)):
        output_shape = [output_shape[0], output_shape[2], output_shape[3], output_shape[1]]
    return nchw_wrapped(lambda t: conv2d_backprop_input(output_shape, f, t, attrs, name), value,
                        data_format)


__all__ = ["conv2d", "conv2d_transpose"]
