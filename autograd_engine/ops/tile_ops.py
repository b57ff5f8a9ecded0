"""tf.tile, with its gradient (TileGrad sums the repeated copies back).

The multiples are a static attr when known while building (no per-run work) and a run-time
input otherwise, through :class:`ShapeOperand`.
"""
from ..framework.graph import ShapeInferenceError
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
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
