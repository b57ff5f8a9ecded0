"""Slicing (``x[...]``, tf.slice, tf.strided_slice) and padding (tf.pad, constant and mirrored):
each is the other's gradient.

Int-vector operands (begins, sizes, paddings) are static attrs when known while building (no
per-run work) and run-time inputs otherwise, through :class:`ShapeOperand`.
"""
import builtins

import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError
from ..framework.tensor import Tensor, TensorLike
from ..framework.tensor_shape import TensorShape
from . import array_ops, constant_op, shape_ops
from .constant_op import convert_to_tensor, static_index
from .op_families import index_along, static_value
from .op_samples import OpSample, normal
from .reduction_ops import reduce_sum
from .registry import OpDef, make_tensor, register
from .shape_ops import ShapeOperand, shape_operand_of


_py_slice = builtins.slice  # `slice` below is TF1's


# ------------------------------------------------------------------ sample references
def scatter_reference(select, shape, values):
    """A conformance reference for the gradient of a gather-like op: ``values`` added into zeros
    of ``shape`` at the positions that ``select`` (numpy indexing of an array of ``shape``) picks.
    Computed through a map of flat positions, not by assigning through ``select``."""
    size = int(np.prod(shape, dtype=np.int64))
    out = np.zeros(size, values.dtype)
    np.add.at(out, select(np.arange(size).reshape(shape)).reshape(-1), values.reshape(-1))
    return out.reshape(shape)


def _runtime_shape(shape):
    """A target shape fed at run time: an int32 vector input (the op's host input)."""
    return np.array(shape, np.int32)


# ------------------------------------------------------------------ indexing: x[...]
def _python_index(parts):
    out = []
    for p in parts:
        kind = p[0]
        out.append(Ellipsis if kind == "..." else None if kind == "newaxis" else
                   _py_slice(p[1], p[2], p[3]) if kind == "slice" else p[1])
    return tuple(out)


def python_index_of(op):
    """The Python index (slices, ints, ``Ellipsis``, ``None``) that a StridedSlice op, or its
    gradient, applies."""
    return _python_index(op.attrs["index"])


def _index_result_dims(dims, parts):
    """Static result shape of ``x[parts]`` (None entries where the input dim is unknown)."""
    consumed = sum(1 for p in parts if p[0] in ("int", "slice"))
    if dims is None:
        return None
    if consumed > len(dims):
        raise ShapeInferenceError("Index %s has %d entries for a tensor of rank %d"
                                  % (_python_index(parts), consumed, len(dims)))
    expanded = []
    for p in parts:
        if p[0] == "...":
            expanded.extend([("slice", None, None, None)] * (len(dims) - consumed))
        else:
            expanded.append(p)
    if not any(p[0] == "..." for p in parts):
        expanded.extend([("slice", None, None, None)] * (len(dims) - consumed))
    out, axis = [], 0
    for p in expanded:
        if p[0] == "newaxis":
            out.append(1)
            continue
        d = dims[axis]
        if p[0] == "int":
            if d is not None and not -d <= p[1] < d:
                raise ShapeInferenceError("slice index %d of dimension %d out of bounds"
                                          % (p[1], axis))
        elif p[3] == 0:
            raise ShapeInferenceError("slice step cannot be zero")
        elif d is not None:
            out.append(len(range(d)[_py_slice(p[1], p[2], p[3])]))
        else:  # a slice of an unknown dimension has an unknown length
            out.append(None)
        axis += 1
    return tuple(out)


@register
class StridedSlice(OpDef):
    type_name = "StridedSlice"
    output_is_view = True

    def infer(self, op):
        dims = _index_result_dims(op.inputs[0].shape.as_tuple(), op.attrs["index"])
        return [(op.inputs[0].dtype, TensorShape(dims))]

    def kernel(self, op, ctx):
        key = _python_index(op.attrs["index"])
        return lambda x: x[key]

    def gradient(self, op, grad):
        extra, attrs = ShapeOperand.split(shape_operand_of(op.inputs[0]))
        attrs["index"] = op.attrs["index"]
        return [make_tensor("StridedSliceGrad", [grad] + extra, attrs)]

    def samples(self, rng):
        """Steps (negative too), ``...`` with a new axis and an int, negative bounds, a scalar,
        an empty slice, and tf.strided_slice's masks on int32."""
        samples = [OpSample(lambda x, key=key: getitem(x, key), normal(rng, *shape),
                            reference=lambda x, key=key: x[key])
                   for shape, key in _INDEX_CASES]
        samples.append(OpSample(
            lambda x: strided_slice(x, [1, 0], [0, 3], [1, 2], end_mask=1, shrink_axis_mask=1),
            rng.integers(-9, 9, (2, 4)).astype(np.int32), reference=lambda x: x[1, 0:3:2]))
        return samples


# (input shape, index) of StridedSlice's and StridedSliceGrad's samples.
_INDEX_CASES = [((3, 4), (_py_slice(1, None), _py_slice(None, None, -2))),
                ((2, 3, 4), (Ellipsis, None, -1)), ((5,), (_py_slice(-4, -1, 2),)),
                ((), ()), ((3, 2), (_py_slice(2, 1),))]


@register
class StridedSliceGrad(OpDef):
    """Scatters a slice's gradient into zeros of the sliced input's shape."""
    type_name = "StridedSliceGrad"
    host_inputs = (1,)  # the target shape, read by Python (TF1: HostMemory)

    def infer(self, op):
        return [(op.inputs[0].dtype, TensorShape(ShapeOperand.static_dims(op, 1)))]

    def kernel(self, op, ctx):
        xp, key = ctx.xp, _python_index(op.attrs["index"])

        def scatter(grad, target):
            out = xp.zeros(target, dtype=grad.dtype)
            out[key] = grad
            return out
        return ShapeOperand.bind(op, 1, scatter)

    def gradient(self, op, grad):
        return [make_tensor("StridedSlice", (grad,), {"index": op.attrs["index"]})] + \
            [None] * (len(op.inputs) - 1)

    def samples(self, rng):
        """The gradients of StridedSlice's samples, with a static target shape; one with the
        shape fed at run time."""
        def build(key, shape):
            return lambda grad: make_tensor("StridedSliceGrad", [grad],
                                            {"shape": shape, "index": static_index(key)})
        samples = [OpSample(build(key, shape), normal(rng, *np.zeros(shape)[key].shape),
                            reference=lambda g, key=key, shape=shape: scatter_reference(
                                lambda a: a[key], shape, g))
                   for shape, key in _INDEX_CASES]
        key = _INDEX_CASES[0][1]
        samples.append(OpSample(
            lambda grad, shape: make_tensor("StridedSliceGrad", [grad, shape],
                                            {"shape": None, "index": static_index(key)}),
            normal(rng, 2, 2), _runtime_shape([3, 4]),
            reference=lambda g, shape: scatter_reference(lambda a: a[key], tuple(shape), g)))
        return samples


def getitem(tensor, key, name="strided_slice"):
    """``tensor[key]`` for ints, slices with steps, negative indices, ``...`` and ``None``."""
    tensor = convert_to_tensor(tensor)
    return make_tensor("StridedSlice", (tensor,), {"index": static_index(key)}, name)


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
            after = shape_ops.shape(x) - begin - shape_ops.shape(y)
            paddings = constant_op.stack_values([begin, after], axis=1)
        return [pad(grad, paddings)] + [None] * (len(op.inputs) - 1)

    def samples(self, rng):
        """Static bounds (size -1: to the end), begin and size fed at run time, int32."""
        def reference(x, begin, size):
            return x[tuple(_py_slice(b, None if s == -1 else b + s) for b, s in zip(begin, size))]
        samples = [OpSample(lambda x, b=begin, s=size: slice(x, b, s), normal(rng, *shape),
                            reference=lambda x, b=begin, s=size: reference(x, b, s))
                   for shape, begin, size in (((3, 4), [1, 0], [2, -1]),
                                              ((2, 3, 4), [0, 1, 1], [2, 1, 3]),
                                              ((4,), [4], [0]))]
        samples.append(OpSample(slice, normal(rng, 4, 3), _runtime_shape([1, 2]),
                                _runtime_shape([3, -1]), reference=reference))
        samples.append(OpSample(lambda x: slice(x, [1, 1], [1, 2]),
                                rng.integers(-9, 9, (2, 3)).astype(np.int32),
                                reference=lambda x: x[1:2, 1:3]))
        return samples


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
    begin = static_value(begin, "strided_slice's begin").reshape(-1).tolist()
    end = static_value(end, "strided_slice's end").reshape(-1).tolist()
    strides = [1] * len(begin) if strides is None else \
        static_value(strides, "strided_slice's strides").reshape(-1).tolist()
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
    return getitem(input_, tuple(key), name=name or "StridedSlice")


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
    return None if flat is None else [tuple(flat[i:i + 2]) for i in range(0, len(flat), 2)]


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
        # Every padded element is the fill value: its gradient is the sum over the padding.
        fill_grad = reduce_sum(grad) - reduce_sum(inner)
        return [inner, fill_grad] + [None] * (len(op.inputs) - 2)

    def samples(self, rng):
        """A fill value as an input (its gradient is checked too), paddings fed at run time,
        int32 with a fill, and an empty input."""
        def reference(x, fill, paddings):
            return np.pad(x, np.reshape(paddings, (-1, 2)), constant_values=fill)
        return [
            OpSample(lambda x, fill: pad(x, [[1, 0], [2, 1]], constant_values=fill),
                     normal(rng, 2, 3), normal(rng),
                     reference=lambda x, fill: reference(x, fill, [[1, 0], [2, 1]])),
            OpSample(lambda x, paddings: pad(x, paddings), normal(rng, 3),
                     _runtime_shape([[2, 1]]), reference=lambda x, p: reference(x, 0.0, p)),
            OpSample(lambda x: pad(x, [[0, 1], [1, 0], [0, 0]], constant_values=7),
                     rng.integers(-9, 9, (2, 2, 1)).astype(np.int32),
                     reference=lambda x: reference(x, 7, [[0, 1], [1, 0], [0, 0]])),
            OpSample(lambda x: pad(x, [[1, 1], [0, 0]]), np.zeros((0, 3)), grad=(),
                     reference=lambda x: np.zeros((2, 3)))]


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

    def samples(self, rng):
        """Both modes on uneven paddings up to their limits, paddings fed at run time, int32."""
        samples = [OpSample(lambda x, p=paddings, m=mode: pad(x, p, m), normal(rng, *shape),
                            reference=lambda x, p=paddings, m=mode: _mirror_reference(x, p, m))
                   for shape, paddings, mode in _MIRROR_CASES]
        samples.append(OpSample(lambda x, p: pad(x, p, "REFLECT"), normal(rng, 4),
                                _runtime_shape([[3, 2]]),
                                reference=lambda x, p: _mirror_reference(x, p, "REFLECT")))
        samples.append(OpSample(lambda x: pad(x, [[2, 0], [1, 3]], "SYMMETRIC"),
                                rng.integers(-9, 9, (2, 3)).astype(np.int32),
                                reference=lambda x: _mirror_reference(x, [[2, 0], [1, 3]],
                                                                      "SYMMETRIC")))
        return samples


# (input shape, paddings, mode) of MirrorPad's and MirrorPadGrad's samples.
_MIRROR_CASES = [((3, 4), [[1, 2], [0, 3]], "REFLECT"), ((2, 3), [[2, 1], [1, 3]], "SYMMETRIC")]


def _mirror_positions(dims, paddings, mode):
    """An index (for ``x[...]``) reading, for each element of the mirror-padded ``x``, the
    element of ``x`` it copies: computed position by position, independently of numpy's pad."""
    edge = _MIRROR_MODES[mode][1]  # REFLECT leaves the edge out of the mirror image

    def source(j, n):
        return -j - 1 + edge if j < 0 else 2 * n - 1 - j - edge if j >= n else j
    return np.ix_(*[[source(j, n) for j in range(-before, n + after)]
                    for n, (before, after) in zip(dims, np.reshape(paddings, (-1, 2)))])


def _mirror_reference(x, paddings, mode):
    return x[_mirror_positions(x.shape, paddings, mode)]


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
                core = grad[index_along(axis, _py_slice(before, before + n))].copy()
                if before:
                    mirrored = xp.flip(grad[index_along(axis, _py_slice(0, before))], axis)
                    core[index_along(axis, _py_slice(offset, offset + before))] += mirrored
                if after:
                    mirrored = xp.flip(grad[index_along(axis, _py_slice(before + n, None))], axis)
                    core[index_along(axis, _py_slice(n - offset - after, n - offset))] += mirrored
                grad = core
            return grad
        return ShapeOperand.bind_operands(op, ["paddings"], fold)

    def gradient(self, op, grad):
        return [_mirror_pad_op("MirrorPad", grad, op)] + [None] * (len(op.inputs) - 1)

    def samples(self, rng):
        """The gradients of MirrorPad's samples; one with the paddings fed at run time."""
        def build(paddings, mode):
            extra, attrs = ShapeOperand.split(paddings, key="paddings")
            attrs["mode"] = mode
            return lambda grad: make_tensor("MirrorPadGrad", [grad] + extra, attrs)

        def reference(grad, shape, paddings, mode):
            return scatter_reference(lambda a: a[_mirror_positions(shape, paddings, mode)],
                                     shape, grad)
        samples = []
        for shape, paddings, mode in _MIRROR_CASES:
            padded = np.zeros(shape)[_mirror_positions(shape, paddings, mode)].shape
            samples.append(OpSample(build(paddings, mode), normal(rng, *padded),
                                    reference=lambda g, s=shape, p=paddings, m=mode:
                                    reference(g, s, p, m)))
        samples.append(OpSample(
            lambda grad, p: make_tensor("MirrorPadGrad", [grad, p],
                                        {"paddings": None, "mode": "SYMMETRIC"}),
            normal(rng, 7), _runtime_shape([[1, 3]]),
            reference=lambda g, p: reference(g, (3,), p, "SYMMETRIC")))
        return samples


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
