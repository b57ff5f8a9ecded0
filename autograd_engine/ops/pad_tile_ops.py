"""Repeating, padding and reversing: tile, pad (constant and mirrored) and reverse, with their
gradients.

Int-vector operands (multiples, paddings) are static attrs when known while building (no
per-run work) and run-time inputs otherwise, through :class:`ShapeOperand`.
"""
from ..framework.graph import ShapeInferenceError
from ..framework.tensor import Tensor, TensorLike
from ..framework.tensor_shape import TensorShape
from . import array_ops, slicing_ops
from .constant_op import convert_to_tensor
from .op_families import index_along, static_value
from .reduction_ops import reduce_sum
from .registry import OpDef, make_tensor, register
from .shape_ops import ShapeOperand, shape_operand_of


# ------------------------------------------------------------------ tile
_TILE_GRAD_KEYS = ["multiples", "shape"]


@register
class Tile(OpDef):
    type_name = "Tile"

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

    def infer(self, op):
        return [(op.inputs[0].dtype, TensorShape(
            ShapeOperand.operand_dims(op, _TILE_GRAD_KEYS, "shape")))]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def fold(grad, multiples, shape):
            if grad.size == 0:
                return xp.zeros(shape, dtype=grad.dtype)
            interleaved = tuple(n for pair in zip(multiples, shape) for n in pair)
            return grad.reshape(interleaved).sum(axis=tuple(range(0, 2 * len(shape), 2)))
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
        inner = slicing_ops.slice(grad, begin, shape_operand_of(x))
        # Every padded element is the fill value: its gradient is the sum over the padding.
        fill_grad = reduce_sum(grad) - reduce_sum(inner)
        return [inner, fill_grad] + [None] * (len(op.inputs) - 2)


@register
class MirrorPad(_PadFamily):
    type_name = "MirrorPad"

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
    direction = -1

    def kernel(self, op, ctx):
        xp, offset = ctx.xp, _MIRROR_MODES[op.attrs["mode"]][1]

        def fold(grad, paddings):
            for axis, (before, after) in enumerate(_padding_pairs(paddings)):
                n = grad.shape[axis] - before - after
                core = grad[index_along(axis, slice(before, before + n))].copy()
                if before:
                    mirrored = xp.flip(grad[index_along(axis, slice(0, before))], axis)
                    core[index_along(axis, slice(offset, offset + before))] += mirrored
                if after:
                    mirrored = xp.flip(grad[index_along(axis, slice(before + n, None))], axis)
                    core[index_along(axis, slice(n - offset - after, n - offset))] += mirrored
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
    axes = [int(a) for a in static_value(axis, "reverse's axis").reshape(-1)]
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
