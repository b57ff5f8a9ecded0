"""Joining and cutting along an axis: concat, split and unstack, each the other's gradient."""
import numpy as np

from ..framework.graph import ShapeInferenceError
from ..framework.tensor import Tensor, TensorLike
from ..framework.tensor_shape import TensorShape
from . import array_ops, constant_op, shape_ops
from .constant_op import constant_value, convert_to_tensor
from .op_families import check_axis, static_axis
from .op_samples import OpSample, normal
from .registry import OpDef, make_op, make_tensor, register
from .shape_ops import ShapeOperand


def _outputs(num):
    """Wraps a kernel returning a sequence of ``num`` arrays into what the plan expects: the
    array itself for one output, a tuple for several."""
    if num == 1:
        return lambda parts: parts[0]
    return tuple


def _zeros_for_missing(grads, op):
    return [array_ops.zeros_like(out) if g is None else g for g, out in zip(grads, op.outputs)]



def _cut(x, sizes, axis):
    """numpy's pieces of ``x`` of ``sizes`` along ``axis``: the samples' reference."""
    return np.split(x, np.cumsum(sizes)[:-1], axis)


def _cutting_samples(rng, cases, build, reference):
    """Samples of a split op: ``cases`` of (value, how, axis); ``build(x, how, axis)`` and
    ``reference(x, how, axis)``. One more sample fetches a single piece, so the gradient fills
    the others with zeros."""
    samples = [OpSample(lambda x, how=how, axis=axis: build(x, how, axis), value,
                        reference=lambda x, how=how, axis=axis: reference(x, how, axis))
               for value, how, axis in cases]
    value, how, axis = cases[0]
    return samples + [OpSample(lambda x: build(x, how, axis)[1], value,
                               reference=lambda x: reference(x, how, axis)[1], name="one piece")]


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
        axis = check_axis(axis, rank, "Expected concatenating dimensions")
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
            sizes.append(shape_ops.shape(t)[axis] if known is None else known)
        return _split_v(grad, sizes, axis, len(op.inputs), "ConcatV2_grad_split")

    def samples(self, rng):
        """Two and three pieces along each axis (negative too), an empty piece, int32."""
        return [OpSample(lambda *xs, axis=axis: concat(list(xs), axis), *values,
                         reference=lambda *xs, axis=axis: np.concatenate(xs, axis))
                for axis, values in ((1, (normal(rng, 2, 3), normal(rng, 2, 4))),
                                     (0, (normal(rng, 1, 3), normal(rng, 2, 3), normal(rng, 1, 3))),
                                     (-2, (normal(rng, 2, 1, 2), normal(rng, 2, 2, 2))),
                                     (1, (np.zeros((2, 0)), normal(rng, 2, 3))),
                                     (0, (rng.integers(-9, 9, 3, np.int32),
                                          rng.integers(-9, 9, 2, np.int32))))]


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
    axis = static_axis(axis)
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
        return list(dims), check_axis(axis, len(dims), "Expected split dimension")


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

    def samples(self, rng):
        return _cutting_samples(
            rng, [(normal(rng, 2, 6), 3, 1), (normal(rng, 4, 3), 2, 0),
                  (normal(rng, 3, 2, 2), 2, -1), (rng.integers(-9, 9, (2, 4), np.int32), 4, 1)],
            lambda x, num, axis: split(x, num, axis), lambda x, num, axis: np.split(x, num, axis))


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

    def samples(self, rng):
        """Sizes with a -1, with an empty piece, int32, and sizes fed at run time."""
        def known_sizes(sizes, total):
            return [total - sum(sizes) - 1 if s == -1 else s for s in sizes]
        samples = _cutting_samples(
            rng, [(normal(rng, 2, 6), [1, -1, 2], 1), (normal(rng, 5, 3), [2, 0, 3], 0),
                  (rng.integers(-9, 9, (2, 3, 2), np.int32), [-1, 2], -2)],
            lambda x, sizes, axis: split(x, sizes, axis),
            lambda x, sizes, axis: _cut(x, known_sizes(sizes, x.shape[axis]), axis))
        return samples + [OpSample(lambda x, sizes: split(x, sizes, axis=1, num=3),
                                   normal(rng, 2, 6), np.int32([4, 0, 2]),
                                   reference=lambda x, sizes: _cut(x, sizes, 1))]


def _pieces(x, sizes, axis):
    """Views of ``x`` cut along ``axis`` into pieces of ``sizes`` (plain slicing: a tenth of
    the cost of ``np.split`` on small arrays)."""
    lead = (slice(None),) * (axis % x.ndim)
    pieces, start = [], 0
    for size in sizes:
        pieces.append(x[lead + (slice(start, start + size),)])
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
    axis = static_axis(axis)
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

    def samples(self, rng):
        """Each axis (negative too), into scalars, int32."""
        def build(x, num, axis):
            return unstack(x, num, axis)  # num given: the rank of a dimension may be unknown
        return _cutting_samples(
            rng, [(normal(rng, 3, 2), 3, 0), (normal(rng, 2, 3), 3, 1),
                  (normal(rng, 2, 3, 2), 2, -1), (normal(rng, 4), 4, 0),
                  (rng.integers(-9, 9, (2, 3), np.int32), 3, 1)],
            build, lambda x, num, axis: [np.take(x, i, axis) for i in np.arange(num)])

    def gradient(self, op, *grads):
        return [constant_op.stack_values(_zeros_for_missing(grads, op), axis=op.attrs["axis"])]


def unstack(value, num=None, axis=0, name="unstack"):
    """Unpacks dimension ``axis`` of ``value`` into a list of ``num`` tensors of one rank less.

    >>> import autograd_engine as tf
    >>> [t.shape.as_list() for t in tf.unstack(tf.zeros([2, 3]), axis=1)]
    [[2], [2], [2]]
    """
    value = convert_to_tensor(value)
    axis = static_axis(axis)
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
