"""Tensor manipulation: concat, split, unstack, slice, strided_slice, tile, pad, reverse,
range, linspace, eye, diag and diag_part, each with its shape rule, kernel and gradient.

Int-vector operands (sizes, begins, paddings, multiples) are static attrs when known while
building (no per-run work) and run-time inputs otherwise, through :class:`ShapeOperand`.
"""
import builtins

import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError
from ..framework.tensor import Tensor, TensorLike
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .array_ops import ShapeOperand, shape_operand_of
from .constant_op import constant_value, convert_to_tensor
from .registry import OpDef, make_op, make_tensor, register


# ------------------------------------------------------------------ helpers
def _static_value(value, what):
    """A Python/numpy value or a constant tensor as a numpy array; TypeError when only known at
    run time (for arguments TF1 also needs while building, such as axes)."""
    if isinstance(value, TensorLike):
        known = constant_value(convert_to_tensor(value))
        if known is None:
            raise TypeError("%s must be known while building the graph (a Python value or a "
                            "constant), got the run-time tensor %s." % (what, value.name))
        return np.asarray(known)
    return np.asarray(value)


def _static_axis(axis, what="axis"):
    return int(_static_value(axis, what))


def _check_axis(axis, ndims, label):
    """``axis`` in ``[-ndims, ndims)`` as a non-negative int (``axis`` itself if ndims is None)."""
    if ndims is None:
        return axis
    if not -ndims <= axis < ndims:
        raise ShapeInferenceError("%s in the range [%d, %d), but got %d" % (label, -ndims, ndims,
                                                                          axis))
    return axis % ndims


def _outputs(num):
    """Wraps a kernel returning a sequence of ``num`` arrays into what the plan expects: the
    array itself for one output, a tuple for several."""
    if num == 1:
        return lambda parts: parts[0]
    return tuple


def _zeros_for_missing(grads, op):
    return [array_ops.zeros_like(out) if g is None else g for g, out in zip(grads, op.outputs)]


_py_slice = builtins.slice  # `slice` and `range` below are TF1's; builtins.range is Python's


def _index_along(axis, index):
    """The indexing tuple selecting ``index`` (an int or slice) along ``axis``."""
    return (_py_slice(None),) * axis + (index,)


# ------------------------------------------------------------------ concat
@register
class ConcatV2(OpDef):
    type_name = "ConcatV2"

    def infer(self, op):
        values, axis = op.inputs, op.attrs["axis"]
        kinds = [t.dtype for t in values]
        if any(d != kinds[0] for d in kinds):
            raise TypeError("Tensors in list passed to 'values' of 'ConcatV2' Op have types [%s] "
                            "that don't all match." % ", ".join(d.name for d in kinds))
        known = [t for t in values if t.shape.ndims is not None]
        if not known:
            return [(kinds[0], TensorShape(None))]
        rank = known[0].shape.ndims
        for t in known:
            if t.shape.ndims != rank:
                raise ShapeInferenceError("Shape must be rank %d but is rank %d"
                                          % (rank, t.shape.ndims))
        if rank == 0:
            raise ShapeInferenceError("Can't concatenate scalars (use tf.stack instead)")
        axis = _check_axis(axis, rank, "Expected concatenating dimensions")
        merged, first, total = list(known[0].shape.as_tuple()), known[0], 0
        for t in values:
            dims = t.shape.as_tuple()
            if dims is None:
                total = None
                continue
            total = None if total is None or dims[axis] is None else total + dims[axis]
            for i, (a, b) in enumerate(zip(merged, dims)):
                if i == axis:
                    continue
                if a is not None and b is not None and a != b:
                    raise ShapeInferenceError(
                        "Dimension %d in both shapes must be equal, but are %d and %d. Shapes "
                        "are %s and %s." % (i, a, b, first.shape.bracketed(), t.shape.bracketed()))
                merged[i] = a if a is not None else b
        merged[axis] = total
        return [(kinds[0], TensorShape(merged))]

    def kernel(self, op, ctx):
        xp, axis = ctx.xp, op.attrs["axis"]
        return lambda *xs: xp.concatenate(xs, axis=axis)

    def gradient(self, op, grad):
        axis = op.attrs["axis"]
        sizes = []
        for t in op.inputs:
            dims = t.shape.as_tuple()
            known = None if dims is None else dims[axis]
            sizes.append(array_ops.shape(t)[axis] if known is None else known)
        return _split_v(grad, sizes, axis, len(op.inputs), "ConcatV2_grad_split")


def concat(values, axis, name="concat"):
    """Joins tensors along ``axis``; the other dimensions must agree.

    >>> import autograd_engine as tf
    >>> a, b = tf.placeholder(tf.float32, [None, 3]), tf.placeholder(tf.float32, [None, 4])
    >>> tf.concat([a, b], 1).shape.as_list()
    [None, 7]
    """
    if not isinstance(values, (list, tuple)):
        values = [values]
    values = [convert_to_tensor(v) for v in values]
    axis = _static_axis(axis)
    if len(values) == 1:  # TF1 returns the value itself (checking the axis)
        _check_axis_or_raise(axis, values[0])
        return array_ops.identity(values[0], name=name)
    ndims = next((t.shape.ndims for t in values if t.shape.ndims is not None), None)
    if ndims is not None and -ndims <= axis < 0:
        axis += ndims
    return make_tensor("ConcatV2", values, {"axis": axis}, name)


def _check_axis_or_raise(axis, tensor):
    ndims = tensor.shape.ndims
    if ndims is not None and not -ndims <= axis < ndims:
        raise ValueError("Expected concatenating dimensions in the range [%d, %d), but got %d"
                         % (-ndims, ndims, axis))


# ------------------------------------------------------------------ split / unstack
class _SplitFamily(OpDef):
    """Ops cutting one tensor into views along ``axis``; the gradient joins the pieces back
    (zeros for pieces no gradient reached)."""
    output_is_view = True

    def gradient(self, op, *grads):
        joined = concat(_zeros_for_missing(grads, op), op.attrs["axis"])
        return [joined] + [None] * (len(op.inputs) - 1)

    @staticmethod
    def _dims(op):
        dims = op.inputs[0].shape.as_tuple()
        axis = op.attrs["axis"]
        if dims is None:
            return None, axis
        if dims == ():
            raise ShapeInferenceError("Can't split a scalar")
        return list(dims), _check_axis(axis, len(dims), "Expected split dimension")


@register
class Split(_SplitFamily):
    """Cuts into ``num`` equal pieces."""
    type_name = "Split"

    def infer(self, op):
        dims, axis = self._dims(op)
        num, dtype = op.attrs["num"], op.inputs[0].dtype
        if dims is None:
            return [(dtype, TensorShape(None))] * num
        if dims[axis] is not None:
            if dims[axis] % num:
                raise ShapeInferenceError("Dimension size must be evenly divisible by %d but is %d"
                                          % (num, dims[axis]))
            dims[axis] //= num
        return [(dtype, TensorShape(dims))] * num

    def kernel(self, op, ctx):
        axis, num, pack = op.attrs["axis"], op.attrs["num"], _outputs(op.attrs["num"])

        def split(x):
            if x.shape[axis] % num:
                raise ValueError("Number of ways to split should evenly divide the split "
                                 "dimension, but got split_dim %d (size = %d) and num_split %d"
                                 % (axis, x.shape[axis], num))
            return pack(_pieces(x, [x.shape[axis] // num] * num, axis))
        return split


@register
class SplitV(_SplitFamily):
    """Cuts into pieces of the given sizes along ``axis`` (one size may be -1: the rest)."""
    type_name = "SplitV"
    host_inputs = (1,)  # the sizes, read by Python (TF1: HostMemory)

    def infer(self, op):
        dims, axis = self._dims(op)
        num, dtype = op.attrs["num"], op.inputs[0].dtype
        sizes = ShapeOperand.static_dims(op, 1, key="size_splits")
        if sizes is not None and len(sizes) != num:
            raise ShapeInferenceError("size_splits has %d entries for num = %d" % (len(sizes), num))
        sizes = [None] * num if sizes is None else list(sizes)
        if dims is None:
            return [(dtype, TensorShape(None))] * num
        sizes = _resolve_split_sizes(sizes, dims[axis], ShapeInferenceError)
        return [(dtype, TensorShape(dims[:axis] + [s] + dims[axis + 1:])) for s in sizes]

    def kernel(self, op, ctx):
        axis, pack = op.attrs["axis"], _outputs(op.attrs["num"])

        def split(x, sizes):
            sizes = _resolve_split_sizes(list(sizes), x.shape[axis], ValueError)
            return pack(_pieces(x, sizes, axis))
        return ShapeOperand.bind_operands(op, ["size_splits"], split)


def _pieces(x, sizes, axis):
    """Views of ``x`` cut along ``axis`` into pieces of ``sizes`` (plain slicing: a tenth of
    the cost of ``np.split`` on small arrays)."""
    lead = (_py_slice(None),) * (axis % x.ndim)
    pieces, start = [], 0
    for size in sizes:
        pieces.append(x[lead + (_py_slice(start, start + size),)])
        start += size
    return pieces


def _resolve_split_sizes(sizes, total, error):
    """``sizes`` with its -1 replaced by what is left of ``total``; checked against ``total``
    (None entries and a None total are unknown and left as they are)."""
    wild = [i for i, s in enumerate(sizes) if s == -1]
    if len(wild) > 1:
        raise error("Only one dimensions can have a value of -1. Second one found at dimension %d"
                    % wild[1])
    if any(s is not None and s < -1 for s in sizes):
        raise error("size_splits must be non-negative (or -1 once), got %s" % list(sizes))
    if total is None or any(s is None for s in sizes):
        return [None if s == -1 else s for s in sizes]
    known = sum(s for s in sizes if s != -1)
    if (not wild and known != total) or (wild and known > total):
        raise error("Determined shape must either match input shape along split_dim exactly if "
                    "fully specified, or be less than the size of the input along split_dim if "
                    "not fully specified.  Got: %d" % known)
    return [total - known if s == -1 else s for s in sizes]


def _split_v(value, sizes, axis, num, name):
    extra, attrs = ShapeOperand.split(sizes, key="size_splits")
    attrs.update(axis=axis, num=num)
    return make_op("SplitV", [value] + extra, attrs, name).outputs


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Splits ``value`` along ``axis`` into ``num_or_size_splits`` equal pieces (an int), or
    into pieces of the given sizes (a list; one size may be -1). Returns a list of tensors.

    >>> import autograd_engine as tf
    >>> a, b = tf.split(tf.zeros([5, 30]), [10, -1], axis=1)
    >>> b.shape.as_list()
    [5, 20]
    """
    value = convert_to_tensor(value)
    axis = _static_axis(axis)
    ndims = value.shape.ndims
    if ndims is not None and -ndims <= axis < 0:
        axis += ndims
    count = num_or_size_splits
    if isinstance(count, TensorLike):
        known = constant_value(convert_to_tensor(count))
        count = count if known is None else known
    if not isinstance(count, TensorLike) and np.ndim(count) == 0:
        count = int(count)
        if count <= 0:
            raise ValueError("num_or_size_splits must be a positive number of pieces, got %d"
                             % count)
        return make_op("Split", [value], {"axis": axis, "num": count}, name).outputs
    if num is None:
        if isinstance(count, Tensor):
            length = count.shape.as_tuple()
            if length is None or len(length) != 1 or length[0] is None:
                raise ValueError("Cannot infer num from shape %s" % count.shape)
            num = length[0]
        else:
            num = len(count)
    return _split_v(value, count if isinstance(count, Tensor) else list(np.reshape(count, -1)),
                    axis, int(num), name)


@register
class Unpack(_SplitFamily):
    type_name = "Unpack"

    def infer(self, op):
        dims, axis, num = op.inputs[0].shape.as_tuple(), op.attrs["axis"], op.attrs["num"]
        if dims is None:
            return [(op.inputs[0].dtype, TensorShape(None))] * num
        if dims[axis] is not None and dims[axis] != num:
            raise ShapeInferenceError("Dimension %d has size %d, cannot unstack it into num = %d"
                                      % (axis, dims[axis], num))
        return [(op.inputs[0].dtype, TensorShape(dims[:axis] + dims[axis + 1:]))] * num

    def kernel(self, op, ctx):
        xp, axis, num, pack = ctx.xp, op.attrs["axis"], op.attrs["num"], _outputs(op.attrs["num"])

        def unstack(x):
            if x.shape[axis] != num:
                raise ValueError("Input shape axis %d must equal %d, got shape %s"
                                 % (axis, num, list(x.shape)))
            return pack(list(xp.moveaxis(x, axis, 0)))
        return unstack

    def gradient(self, op, *grads):
        return [array_ops.stack_values(_zeros_for_missing(grads, op), axis=op.attrs["axis"])]


def unstack(value, num=None, axis=0, name="unstack"):
    """Unpacks dimension ``axis`` of ``value`` into a list of ``num`` tensors of one rank less.

    >>> import autograd_engine as tf
    >>> [t.shape.as_list() for t in tf.unstack(tf.zeros([2, 3]), axis=1)]
    [[2], [2], [2]]
    """
    value = convert_to_tensor(value)
    axis = _static_axis(axis)
    dims = value.shape.as_tuple()
    if dims is not None:
        if not -len(dims) <= axis < len(dims):
            raise ValueError("axis = %d not in [%d, %d)" % (axis, -len(dims), len(dims)))
        axis %= len(dims)
    elif axis < 0:
        raise ValueError("tf.unstack needs a tensor of known rank for a negative axis.")
    if num is None:
        num = None if dims is None else dims[axis]
        if num is None:
            raise ValueError("Cannot infer num from shape %s" % value.shape)
    outputs = make_op("Unpack", [value], {"axis": axis, "num": int(num)}, name).outputs
    return list(outputs)


# ------------------------------------------------------------------ slice / strided_slice
_SLICE_KEYS = ["begin", "size"]


@register
class Slice(OpDef):
    type_name = "Slice"
    host_inputs = (1, 2)  # begin and size, read by Python (TF1: HostMemory)
    output_is_view = True

    def infer(self, op):
        dims = op.inputs[0].shape.as_tuple()
        begin = ShapeOperand.operand_dims(op, _SLICE_KEYS, "begin")
        size = ShapeOperand.operand_dims(op, _SLICE_KEYS, "size")
        rank = next((len(v) for v in (dims, begin, size) if v is not None), None)
        for v in (begin, size):
            if v is not None and rank is not None and len(v) != rank:
                raise ShapeInferenceError(
                    "Expected begin and size arguments to be 1-D tensors of size %d, but got "
                    "shapes [%d] and [%d] instead." % (len(dims) if dims else rank,
                                                       len(begin or size), len(size or begin)))
        if rank is None:
            return [(op.inputs[0].dtype, TensorShape(None))]
        dims = dims or (None,) * rank
        begin, size = begin or (None,) * rank, size or (None,) * rank
        return [(op.inputs[0].dtype,
                 TensorShape(_slice_dims(dims, begin, size, ShapeInferenceError)))]

    def kernel(self, op, ctx):
        dims = op.inputs[0].shape
        if op.attrs["begin"] is not None and op.attrs["size"] is not None and \
                dims.is_fully_defined():
            key = _slice_key(dims.as_tuple(), op.attrs["begin"], op.attrs["size"])
            return lambda x: x[key]
        return ShapeOperand.bind_operands(
            op, _SLICE_KEYS, lambda x, begin, size: x[_slice_key(x.shape, begin, size)])

    def gradient(self, op, grad):
        x, y = op.inputs[0], op.outputs[0]
        begin = ShapeOperand.operand(op, _SLICE_KEYS, "begin")
        if isinstance(begin, list) and x.shape.is_fully_defined() and y.shape.is_fully_defined():
            paddings = [[b, d - b - s] for b, d, s in zip(begin, x.shape.as_list(),
                                                         y.shape.as_list())]
        else:
            begin = convert_to_tensor(begin, dtype=dtypes.int32)
            after = array_ops.shape(x) - begin - array_ops.shape(y)
            paddings = array_ops.stack_values([begin, after], axis=1)
        return [pad(grad, paddings)] + [None] * (len(op.inputs) - 1)


def _slice_dims(dims, begin, size, error):
    """The result dims of ``slice(x, begin, size)``, checked where the values are known."""
    out = []
    for i, (d, b, s) in enumerate(zip(dims, begin, size)):
        if b is not None and (b < 0 or (d is not None and b > d)):
            raise error("Expected begin[%d] in [0, %s], but got %d"
                        % (i, "?" if d is None else d, b))
        if s == -1:
            out.append(None if d is None or b is None else d - b)
            continue
        if s is not None and d is not None and b is not None and not 0 <= s <= d - b:
            raise error("Expected size[%d] in [0, %d], but got %d" % (i, d - b, s))
        if s is not None and s < -1:
            raise error("Expected size[%d] >= -1, but got %d" % (i, s))
        out.append(s)
    return out


def _slice_key(dims, begin, size):
    if len(begin) != len(dims) or len(size) != len(dims):
        raise ValueError("Expected begin and size arguments to be 1-D tensors of size %d, but "
                         "got shapes [%d] and [%d] instead." % (len(dims), len(begin), len(size)))
    out = _slice_dims(dims, begin, size, ValueError)
    return tuple(_py_slice(b, b + s) for b, s in zip(begin, out))


def slice(input_, begin, size, name=None):  # noqa: A001 - TF1's public name
    """The block of ``input_`` starting at ``begin`` with extent ``size`` (-1: to the end).

    >>> import autograd_engine as tf
    >>> tf.slice(tf.zeros([3, 4]), [1, 0], [2, -1]).shape.as_list()
    [2, 4]
    """
    input_ = convert_to_tensor(input_)
    begin_extra, attrs = ShapeOperand.split(begin, key="begin")
    size_extra, size_attrs = ShapeOperand.split(size, key="size")
    attrs.update(size_attrs)
    return make_tensor("Slice", [input_] + begin_extra + size_extra, attrs, name)


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None):
    """TF1's ``tf.strided_slice``: the bit masks say, per entry of ``begin``/``end``, to ignore
    the bound (``begin_mask``/``end_mask``), to stand for ``...`` (``ellipsis_mask``), to insert
    a new axis (``new_axis_mask``) or to take a single index (``shrink_axis_mask``). The same op
    as ``x[1:, ::2, None, ...]``; the bounds must be known while building.

    >>> import autograd_engine as tf
    >>> tf.strided_slice(tf.zeros([4, 6]), [1, 0], [3, 6], [1, 2]).shape.as_list()
    [2, 3]
    """
    begin = _static_value(begin, "strided_slice's begin").reshape(-1).tolist()
    end = _static_value(end, "strided_slice's end").reshape(-1).tolist()
    strides = [1] * len(begin) if strides is None else \
        _static_value(strides, "strided_slice's strides").reshape(-1).tolist()
    if not len(begin) == len(end) == len(strides):
        raise ValueError("Expected begin, end, and strides to be 1D equal size tensors, but got "
                         "shapes [%d], [%d], and [%d] instead." % (len(begin), len(end),
                                                                   len(strides)))
    key = []
    for i, (b, e, s) in enumerate(zip(begin, end, strides)):
        bit = 1 << i
        if ellipsis_mask & bit:
            key.append(Ellipsis)
        elif new_axis_mask & bit:
            key.append(None)
        elif shrink_axis_mask & bit:
            key.append(int(b))
        else:
            key.append(_py_slice(None if begin_mask & bit else int(b),
                                 None if end_mask & bit else int(e), int(s)))
    return array_ops.getitem(input_, tuple(key), name=name or "StridedSlice")


# ------------------------------------------------------------------ tile
_TILE_GRAD_KEYS = ["multiples", "shape"]


@register
class Tile(OpDef):
    type_name = "Tile"
    host_inputs = (1,)  # the multiples, read by Python (TF1: HostMemory)

    def infer(self, op):
        dims = op.inputs[0].shape.as_tuple()
        multiples = ShapeOperand.operand_dims(op, ["multiples"], "multiples")
        if multiples is not None:
            if dims is not None and len(multiples) != len(dims):
                raise ShapeInferenceError("Expected multiples argument to be a vector of length "
                                          "%d but got length %d" % (len(dims), len(multiples)))
            for i, m in enumerate(multiples):
                if m is not None and m < 0:
                    raise ShapeInferenceError("Expected multiples[%d] >= 0, but got %d" % (i, m))
        if dims is None:
            return [(op.inputs[0].dtype, TensorShape(None if multiples is None else
                                                     [None] * len(multiples)))]
        multiples = multiples or (None,) * len(dims)
        return [(op.inputs[0].dtype, TensorShape(
            [None if d is None or m is None else d * m for d, m in zip(dims, multiples)]))]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def tile(x, multiples):
            if len(multiples) != x.ndim:
                raise ValueError("Expected multiples argument to be a vector of length %d but "
                                 "got length %d" % (x.ndim, len(multiples)))
            return xp.tile(x, multiples)
        return ShapeOperand.bind_operands(op, ["multiples"], tile)

    def gradient(self, op, grad):
        multiples = ShapeOperand.operand(op, ["multiples"], "multiples")
        return [_tile_grad(grad, multiples, shape_operand_of(op.inputs[0]))] + \
            [None] * (len(op.inputs) - 1)


@register
class TileGrad(OpDef):
    """Sums every tiled copy back onto the input: the gradient of Tile."""
    type_name = "TileGrad"
    host_inputs = (1, 2)  # multiples and shape, read by Python

    def infer(self, op):
        return [(op.inputs[0].dtype, TensorShape(
            ShapeOperand.operand_dims(op, _TILE_GRAD_KEYS, "shape")))]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def fold(grad, multiples, shape):
            if grad.size == 0:
                return xp.zeros(shape, dtype=grad.dtype)
            interleaved = tuple(n for pair in zip(multiples, shape) for n in pair)
            return grad.reshape(interleaved).sum(axis=tuple(builtins.range(0, 2 * len(shape), 2)))
        return ShapeOperand.bind_operands(op, _TILE_GRAD_KEYS, fold)

    def gradient(self, op, grad):
        return [tile(grad, ShapeOperand.operand(op, _TILE_GRAD_KEYS, "multiples"))] + \
            [None] * (len(op.inputs) - 1)


def _tile_grad(grad, multiples, input_shape):
    multiples_extra, attrs = ShapeOperand.split(multiples, key="multiples")
    shape_extra, shape_attrs = ShapeOperand.split(input_shape)
    attrs.update(shape_attrs)
    return make_tensor("TileGrad", [grad] + multiples_extra + shape_extra, attrs)


def tile(input, multiples, name=None):  # noqa: A002 - TF1 argument name
    """``input`` repeated ``multiples[i]`` times along each dimension ``i``.

    >>> import autograd_engine as tf
    >>> tf.tile(tf.zeros([2, 3]), [2, 1]).shape.as_list()
    [4, 3]
    """
    input = convert_to_tensor(input)  # noqa: A001
    extra, attrs = ShapeOperand.split(multiples, key="multiples")
    return make_tensor("Tile", [input] + extra, attrs, name)


# ------------------------------------------------------------------ pad
_MIRROR_MODES = {"REFLECT": ("reflect", 1), "SYMMETRIC": ("symmetric", 0)}


class _PadFamily(OpDef):
    """Pad (constant), MirrorPad and MirrorPadGrad: one static rule for ``paddings`` (an
    ``[rank, 2]`` matrix, flattened in the ``paddings`` attr when static)."""
    # +1: the padded size grows; -1: MirrorPadGrad folds the padding back.
    direction = 1

    def infer(self, op):
        x = op.inputs[0]
        pairs = _padding_pairs(op.attrs["paddings"])
        dims = x.shape.as_tuple()
        if pairs is None:
            return [(x.dtype, TensorShape(None if dims is None else [None] * len(dims)))]
        if dims is None:
            return [(x.dtype, TensorShape([None] * len(pairs)))]
        # The mirror limits apply to the unpadded input (MirrorPadGrad's output).
        _check_paddings(dims, pairs, op.attrs.get("mode") if self.direction > 0 else None,
                        ShapeInferenceError)
        return [(x.dtype, TensorShape([None if d is None else d + self.direction * (a + b)
                                       for d, (a, b) in zip(dims, pairs)]))]


def _padding_pairs(flat):
    return None if flat is None else [tuple(flat[i:i + 2]) for i in builtins.range(0, len(flat), 2)]


def _check_paddings(dims, pairs, mode, error):
    if len(pairs) != len(dims):
        raise error("The first dimension of paddings must be the rank of inputs: paddings has "
                    "%d rows for an input of rank %d" % (len(pairs), len(dims)))
    for a, b in pairs:
        if a < 0 or b < 0:
            raise error("Paddings must be non-negative: %d %d" % (a, b))
    if mode in _MIRROR_MODES:
        offset = _MIRROR_MODES[mode][1]
        for d, (a, b) in zip(dims, pairs):
            if d is None:
                continue
            if offset and max(a, b) >= d:
                raise error("paddings must be less than the dimension size: %d, %d not less "
                            "than %d" % (a, b, d))
            if not offset and max(a, b) > d:
                raise error("paddings must be no greater than the dimension size: %d, %d "
                            "greater than %d" % (a, b, d))


@register
class PadV2(_PadFamily):
    type_name = "PadV2"
    host_inputs = (2,)  # the paddings, read by Python (TF1: HostMemory)

    def kernel(self, op, ctx):
        xp = ctx.xp

        def pad_constant(x, fill, paddings):
            pairs = _padding_pairs(paddings)
            _check_paddings(x.shape, pairs, None, ValueError)
            return xp.pad(x, pairs, mode="constant", constant_values=fill)
        return ShapeOperand.bind_operands(op, ["paddings"], pad_constant)

    def gradient(self, op, grad):
        x = op.inputs[0]
        paddings = ShapeOperand.operand(op, ["paddings"], "paddings")
        if isinstance(paddings, list):
            begin = paddings[0::2]
        else:
            begin = array_ops.reshape(paddings, [-1, 2])[:, 0]
        inner = slice(grad, begin, shape_operand_of(x))
        from .math_ops import reduce_sum
        # Every padded element is the fill value: its gradient is the sum over the padding.
        fill_grad = reduce_sum(grad) - reduce_sum(inner)
        return [inner, fill_grad] + [None] * (len(op.inputs) - 2)


@register
class MirrorPad(_PadFamily):
    type_name = "MirrorPad"
    host_inputs = (1,)  # the paddings, read by Python (TF1: HostMemory)

    def kernel(self, op, ctx):
        xp, mode = ctx.xp, op.attrs["mode"]
        np_mode = _MIRROR_MODES[mode][0]

        def pad_mirror(x, paddings):
            pairs = _padding_pairs(paddings)
            _check_paddings(x.shape, pairs, mode, ValueError)
            return xp.pad(x, pairs, mode=np_mode)
        return ShapeOperand.bind_operands(op, ["paddings"], pad_mirror)

    def gradient(self, op, grad):
        return [_mirror_pad_op("MirrorPadGrad", grad, op)] + [None] * (len(op.inputs) - 1)


@register
class MirrorPadGrad(_PadFamily):
    """Folds the mirrored borders back onto the elements they copy: MirrorPad's gradient."""
    type_name = "MirrorPadGrad"
    host_inputs = (1,)  # the paddings, read by Python
    direction = -1

    def kernel(self, op, ctx):
        xp, offset = ctx.xp, _MIRROR_MODES[op.attrs["mode"]][1]

        def fold(grad, paddings):
            for axis, (before, after) in enumerate(_padding_pairs(paddings)):
                n = grad.shape[axis] - before - after
                core = grad[_index_along(axis, _py_slice(before, before + n))].copy()
                if before:
                    mirrored = xp.flip(grad[_index_along(axis, _py_slice(0, before))], axis)
                    core[_index_along(axis, _py_slice(offset, offset + before))] += mirrored
                if after:
                    mirrored = xp.flip(grad[_index_along(axis, _py_slice(before + n, None))], axis)
                    core[_index_along(axis, _py_slice(n - offset - after, n - offset))] += mirrored
                grad = core
            return grad
        return ShapeOperand.bind_operands(op, ["paddings"], fold)

    def gradient(self, op, grad):
        return [_mirror_pad_op("MirrorPad", grad, op)] + [None] * (len(op.inputs) - 1)


def _mirror_pad_op(type_name, x, like):
    """MirrorPad or MirrorPadGrad of ``x`` with the paddings and mode of the op ``like``."""
    paddings = ShapeOperand.operand(like, ["paddings"], "paddings")
    extra, attrs = ShapeOperand.split(paddings, key="paddings")
    attrs["mode"] = like.attrs["mode"]
    return make_tensor(type_name, [x] + extra, attrs)


def pad(tensor, paddings, mode="CONSTANT", name=None, constant_values=0):
    """Pads ``tensor``: ``paddings[i] = [before, after]`` elements along dimension ``i``.
    ``mode`` is "CONSTANT" (``constant_values``), "REFLECT" (mirror without the edge) or
    "SYMMETRIC" (mirror with the edge), in any letter case.

    >>> import autograd_engine as tf
    >>> tf.pad(tf.zeros([2, 3]), [[1, 1], [0, 2]], "REFLECT").shape.as_list()
    [4, 5]
    """
    tensor = convert_to_tensor(tensor)
    mode_key = str(mode).upper()
    if isinstance(paddings, TensorLike) and not isinstance(paddings, Tensor):
        paddings = convert_to_tensor(paddings)
    extra, attrs = ShapeOperand.split(paddings, key="paddings")
    if attrs["paddings"] is not None and len(attrs["paddings"]) % 2:
        raise ValueError("paddings must be a matrix with 2 columns, got %r" % (paddings,))
    if mode_key == "CONSTANT":
        fill = convert_to_tensor(constant_values, dtype=tensor.dtype) \
            if not isinstance(constant_values, TensorLike) else convert_to_tensor(constant_values)
        if fill.dtype != tensor.dtype:
            raise TypeError("constant_values must have the dtype of tensor (%s), got %s"
                            % (tensor.dtype.name, fill.dtype.name))
        if fill.shape.ndims not in (None, 0):
            raise ValueError("constant_values must be a scalar, got shape %s" % fill.shape)
        return make_tensor("PadV2", [tensor, fill] + extra, attrs, name or "Pad")
    if mode_key not in _MIRROR_MODES:
        raise ValueError("Unknown padding mode: %s" % mode)
    attrs["mode"] = mode_key
    return make_tensor("MirrorPad", [tensor] + extra, attrs, name or "MirrorPad")


# ------------------------------------------------------------------ reverse
@register
class ReverseV2(OpDef):
    type_name = "ReverseV2"
    output_is_view = True

    def infer(self, op):
        return [(op.inputs[0].dtype, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        xp, axes = ctx.xp, op.attrs["axis"]
        if not axes:
            return lambda x: x
        return lambda x: xp.flip(x, axes)

    def gradient(self, op, grad):
        return [make_tensor("ReverseV2", (grad,), {"axis": op.attrs["axis"]})]


def reverse(tensor, axis, name=None):
    """``tensor`` with the dimensions in ``axis`` (a list, negatives allowed) reversed.

    >>> import autograd_engine as tf
    >>> tf.reverse(tf.zeros([2, 3]), [1]).shape.as_list()
    [2, 3]
    """
    tensor = convert_to_tensor(tensor)
    axes = [int(a) for a in _static_value(axis, "reverse's axis").reshape(-1)]
    ndims = tensor.shape.ndims
    if ndims is None:
        if any(a < 0 for a in axes):
            raise ValueError("tf.reverse needs a tensor of known rank for negative axes.")
    else:
        for a in axes:
            if not -ndims <= a < ndims:
                raise ValueError("'axis'[%d] = %d is out of valid range [%d, %d) for %s with "
                                 "shape %s" % (axes.index(a), a, -ndims, ndims, tensor.name,
                                               tensor.shape))
        axes = [a % ndims for a in axes]
    if len(set(axes)) != len(axes):
        duplicate = next(a for a in axes if axes.count(a) > 1)
        raise ValueError("axis %d specified more than once." % duplicate)
    return make_tensor("ReverseV2", (tensor,), {"axis": tuple(axes)}, name)


reverse_v2 = reverse


# ------------------------------------------------------------------ range, linspace
_RANGE_DTYPES = [dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64]


@register
class Range(OpDef):
    type_name = "Range"
    differentiable = False
    host_inputs = (0, 1, 2)  # start, limit and delta are read by Python (TF1: HostMemory)

    def infer(self, op):
        for t in op.inputs:
            if t.shape.ndims not in (None, 0):
                raise ShapeInferenceError("start, limit and delta must be scalars, got shape %s"
                                          % t.shape)
        values = [constant_value(t) for t in op.inputs]
        if any(v is None for v in values):
            return [(op.inputs[0].dtype, TensorShape([None]))]
        return [(op.inputs[0].dtype, TensorShape([_range_length(*values, ShapeInferenceError)]))]

    def kernel(self, op, ctx):
        xp, dtype = ctx.xp, op.outputs[0].dtype.np_dtype

        def arange(start, limit, delta):
            start, limit, delta = _python_scalars(start, limit, delta)  # host values
            _range_length(start, limit, delta, ValueError)
            return xp.arange(start, limit, delta, dtype=dtype)
        return arange


def _python_scalars(*values):
    return [np.asarray(v).item() for v in values]


def _range_length(start, limit, delta, error):
    start, limit, delta = _python_scalars(start, limit, delta)
    if delta == 0:
        raise error("Requires delta != 0: %s" % delta)
    if delta > 0 and start > limit:
        raise error("Requires start <= limit when delta > 0: %s/%s" % (start, limit))
    if delta < 0 and start < limit:
        raise error("Requires start >= limit when delta < 0: %s/%s" % (start, limit))
    return int(np.ceil(abs((limit - start) / delta)))


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001 - TF1's name
    """``[start, start + delta, ...]`` up to but excluding ``limit``; ``range(n)`` counts from
    0. The dtype is the widest of the arguments' (int32 < int64 < float32 < float64) unless
    given.

    >>> import autograd_engine as tf
    >>> r = tf.range(3, 18, 3)
    >>> r.dtype, r.shape.as_list()
    (tf.int32, [5])
    """
    if limit is None:
        start, limit = 0, start
    args = [start, limit, delta]
    kinds = [convert_to_tensor(a).dtype if isinstance(a, TensorLike) else
             dtypes.infer_dtype(a) for a in args]
    for kind in kinds:
        if kind not in _RANGE_DTYPES:
            raise TypeError("tf.range accepts int32, int64, float32 and float64 arguments, got %s"
                            % kind.name)
    dtype = max(kinds, key=_RANGE_DTYPES.index) if dtype is None else dtypes.as_dtype(dtype)
    from .math_ops import cast
    tensors = [cast(a, dtype) for a in args]
    return make_tensor("Range", tensors, None, name)


@register
class LinSpace(OpDef):
    type_name = "LinSpace"
    differentiable = False
    host_inputs = (0, 1, 2)  # start, stop and num, read by Python (TF1: HostMemory)

    def infer(self, op):
        start, stop, num = op.inputs
        if not start.dtype.is_floating or stop.dtype != start.dtype:
            raise TypeError("tf.linspace needs start and stop of one floating-point dtype, got "
                            "%s and %s" % (start.dtype.name, stop.dtype.name))
        if not num.dtype.is_integer:
            raise TypeError("tf.linspace needs an integer num, got %s" % num.dtype.name)
        for t, what in ((start, "start"), (stop, "stop"), (num, "num")):
            if t.shape.ndims not in (None, 0):
                raise ShapeInferenceError("%s must be a scalar, got shape %s" % (what, t.shape))
        count = constant_value(num)
        if count is not None and count <= 0:
            raise ShapeInferenceError("Requires num > 0: %d" % count)
        return [(start.dtype, TensorShape([None if count is None else int(count)]))]

    def kernel(self, op, ctx):
        xp, dtype = ctx.xp, op.outputs[0].dtype.np_dtype

        def linspace_kernel(start, stop, num):
            start, stop, num = _python_scalars(start, stop, num)  # host values
            if num <= 0:
                raise ValueError("Requires num > 0: %d" % num)
            return xp.linspace(start, stop, int(num), dtype=dtype)
        return linspace_kernel


def linspace(start, stop, num, name="LinSpace"):
    """``num`` evenly spaced values from ``start`` to ``stop`` (both included).

    >>> import autograd_engine as tf
    >>> tf.linspace(10.0, 12.0, 3).shape.as_list()
    [3]
    """
    start = convert_to_tensor(start)
    stop = convert_to_tensor(stop, dtype=start.dtype) if not isinstance(stop, TensorLike) \
        else convert_to_tensor(stop)
    return make_tensor("LinSpace", (start, stop, convert_to_tensor(num)), None, name)


lin_space = linspace


# ------------------------------------------------------------------ eye, diag, diag_part
@register
class Eye(OpDef):
    type_name = "Eye"
    host_inputs = (0,)  # the shape, when given as a tensor (its only input)
    differentiable = False
    output_is_view = True  # a read-only broadcast view for batches

    def infer(self, op):
        dims = ShapeOperand.static_dims(op, 0)
        return [(op.attrs["dtype"], TensorShape(dims))]

    def kernel(self, op, ctx):
        xp, dtype = ctx.xp, op.attrs["dtype"].np_dtype

        def eye_kernel(dims):
            return xp.broadcast_to(xp.eye(dims[-2], dims[-1], dtype=dtype), dims)
        if op.attrs["shape"] is not None:  # built once per plan
            value = eye_kernel(op.attrs["shape"])
            return lambda: value
        return ShapeOperand.bind(op, 0, eye_kernel)


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    """An identity matrix (ones on the diagonal), optionally repeated over ``batch_shape``.

    >>> import autograd_engine as tf
    >>> tf.eye(2, 3, batch_shape=[4]).shape.as_list()
    [4, 2, 3]
    """
    num_columns = num_rows if num_columns is None else num_columns
    dims = [num_rows, num_columns]
    for d in dims:
        if not isinstance(d, TensorLike) and int(d) < 0:
            raise ValueError("eye dimensions must be non-negative, got %s" % (dims,))
    if isinstance(batch_shape, TensorLike):  # known at run time only
        from .math_ops import cast
        batch_shape = cast(batch_shape, dtypes.int32)
        length = batch_shape.shape.as_tuple()
        if length is not None and len(length) == 1 and length[0] is not None:
            # One scalar per dimension keeps the static rows/columns visible in the shape.
            dims = [batch_shape[i] for i in builtins.range(length[0])] + dims
        else:
            dims = concat([batch_shape, array_ops.stack_values(dims, dtype=dtypes.int32)], 0)
    elif batch_shape is not None:
        dims = list(batch_shape) + dims
    extra, attrs = ShapeOperand.split(dims)
    attrs["dtype"] = dtypes.as_dtype(dtype)
    return make_tensor("Eye", extra, attrs, name or "eye")


@register
class Diag(OpDef):
    type_name = "Diag"

    def infer(self, op):
        dims = op.inputs[0].shape.as_tuple()
        if dims is not None and not dims:
            raise ShapeInferenceError("Input must be at least rank 1, got 0")
        return [(op.inputs[0].dtype, TensorShape(None if dims is None else dims + dims))]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def diag_kernel(x):
            n = x.size
            out = xp.zeros(n * n, dtype=x.dtype)
            out[::n + 1] = x.reshape(-1)
            return out.reshape(x.shape + x.shape)
        return diag_kernel

    def gradient(self, op, grad):
        return [diag_part(grad)]


@register
class DiagPart(OpDef):
    type_name = "DiagPart"

    def infer(self, op):
        dims = op.inputs[0].shape.as_tuple()
        if dims is None:
            return [(op.inputs[0].dtype, TensorShape(None))]
        if not dims or len(dims) % 2:
            raise ShapeInferenceError("Input must have even and non-zero rank, input rank is %d"
                                      % len(dims))
        half = len(dims) // 2
        out = []
        for a, b in zip(dims[:half], dims[half:]):
            if a is not None and b is not None and a != b:
                raise ShapeInferenceError("Dimensions must be equal, but are %d and %d" % (a, b))
            out.append(a if a is not None else b)
        return [(op.inputs[0].dtype, TensorShape(out))]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def diag_part_kernel(x):
            half = x.shape[:x.ndim // 2]
            if half != x.shape[x.ndim // 2:]:
                raise ValueError("Invalid shape %s: the first half of the dimensions must equal "
                                 "the second half" % list(x.shape))
            n = int(np.prod(half))
            return xp.ascontiguousarray(x.reshape(n, n).diagonal()).reshape(half)
        return diag_part_kernel

    def gradient(self, op, grad):
        return [diag(grad)]


def diag(diagonal, name=None):
    """A tensor with ``diagonal`` on its diagonal: rank k in, rank 2k out
    (``out[i, j, i, j] = diagonal[i, j]``).

    >>> import autograd_engine as tf
    >>> tf.diag(tf.ones([3])).shape.as_list()
    [3, 3]
    """
    return make_tensor("Diag", (convert_to_tensor(diagonal),), None, name)


def diag_part(input, name=None):  # noqa: A002 - TF1 argument name
    """The diagonal of ``input`` (rank 2k in, rank k out): the inverse of :func:`diag`.

    >>> import autograd_engine as tf
    >>> tf.diag_part(tf.ones([3, 3])).shape.as_list()
    [3]
    """
    return make_tensor("DiagPart", (convert_to_tensor(input),), None, name)
