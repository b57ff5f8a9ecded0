"""tf.tile, with its gradient (TileGrad sums the repeated copies back).

The multiples are a static attr when known while building (no per-run work) and a run-time
input otherwise, through :class:`ShapeOperand`.
"""
import numpy as np

from ..framework.graph import ShapeInferenceError
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample, normal
from .registry import OpDef, make_tensor, register
from .shape_ops import ShapeOperand, shape_operand_of


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

    def samples(self, rng):
        """Multiples of each rank, a scalar, a zero multiple (an empty result), int32, and
        multiples fed at run time."""
        static = [OpSample(lambda x, multiples=multiples: tile(x, multiples), value,
                           reference=lambda x, multiples=multiples: np.tile(x, multiples))
                  for value, multiples in (
                      (normal(rng, 2, 3), [2, 1]), (normal(rng, 1, 2, 1), [3, 1, 2]),
                      (normal(rng), []), (normal(rng, 2, 3), [0, 1]),
                      (rng.integers(-9, 9, 2, np.int32), [3]))]
        return static + [OpSample(tile, normal(rng, 2, 1), np.int32([1, 3]), reference=np.tile)]


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
            return grad.reshape(interleaved).sum(axis=tuple(range(0, 2 * len(shape), 2)),
                                                 dtype=grad.dtype)
        return ShapeOperand.bind_operands(op, _TILE_GRAD_KEYS, fold)

    def gradient(self, op, grad):
        return [tile(grad, ShapeOperand.operand(op, _TILE_GRAD_KEYS, "multiples"))] + \
            [None] * (len(op.inputs) - 1)

    def samples(self, rng):
        """The gradients of the Tile samples' cases (an empty one too), int32, and multiples and
        shape fed at run time; the reference adds up the copies one block at a time."""
        def case(grad, multiples, shape):
            return OpSample(lambda g: _tile_grad(g, multiples, shape), grad,
                            reference=lambda g: _added_copies(g, multiples, shape))
        return [case(normal(rng, 4, 3), [2, 1], [2, 3]),
                case(normal(rng, 3, 2, 2), [3, 1, 2], [1, 2, 1]),
                case(normal(rng), [], []),
                case(np.zeros((0, 3)), [0, 1], [2, 3]),
                case(rng.integers(-9, 9, 6, np.int32), [3], [2]),
                OpSample(_tile_grad, normal(rng, 2, 6), np.int32([1, 3]), np.int32([2, 2]),
                         reference=_added_copies)]


def _tile_grad(grad, multiples, input_shape):
    multiples_extra, attrs = ShapeOperand.split(multiples, key="multiples")
    shape_extra, shape_attrs = ShapeOperand.split(input_shape)
    attrs.update(shape_attrs)
    return make_tensor("TileGrad", [grad] + multiples_extra + shape_extra, attrs)


def _added_copies(grad, multiples, shape):
    """numpy's TileGrad: the sum of ``grad``'s blocks of ``shape``, one block at a time."""
    total = np.zeros(shape, grad.dtype)
    for block in np.ndindex(*multiples):
        total += grad[tuple(slice(b * s, (b + 1) * s) for b, s in zip(block, shape))]
    return total


def tile(input, multiples, name=None):  # noqa: A002 - TF1 argument name
    """``input`` repeated ``multiples[i]`` times along each dimension ``i``.

    >>> import autograd_engine as tf
    >>> tf.tile(tf.zeros([2, 3]), [2, 1]).shape.as_list()
    [4, 3]
    """
    input = convert_to_tensor(input)  # noqa: A001
    extra, attrs = ShapeOperand.split(multiples, key="multiples")
    return make_tensor("Tile", [input] + extra, attrs, name)
