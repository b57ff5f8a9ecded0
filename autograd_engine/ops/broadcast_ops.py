"""Broadcasting and its adjoint: tf.broadcast_to, and the sums that bring a broadcasting op's
gradient back to each input's shape."""
import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample, normal
from .registry import OpDef, make_tensor, register
from .shape_ops import ShapeOperand, shape_operand_of
from .shape_rules import broadcast_dims


# ------------------------------------------------------------------ broadcasting adjoints
@register
class BroadcastTo(OpDef):
    type_name = "BroadcastTo"
    host_inputs = (1,)  # the target shape, read by Python (TF1: HostMemory)
    output_is_view = True

    def infer(self, op):
        target = ShapeOperand.static_dims(op, 1)
        broadcast_dims(op.inputs[0].shape.as_tuple(), target)  # raises when incompatible
        return [(op.inputs[0].dtype, TensorShape(target))]

    def kernel(self, op, ctx):
        xp = ctx.xp
        return ShapeOperand.bind(op, 1, lambda x, s: expand_to(xp, x, s))

    def gradient(self, op, grad):
        return [sum_to_shape(grad, shape_operand_of(op.inputs[0]))] + [None] * (len(op.inputs) - 1)

    def samples(self, rng):
        """Stretching ones, adding leading dimensions, from a scalar, to its own shape, a target
        fed at run time, int32."""
        static = [OpSample(lambda x, target=target: broadcast_to(x, target), value,
                           reference=lambda x, target=target: np.broadcast_to(x, target))
                  for value, target in ((normal(rng, 3, 1), [2, 3, 4]), (normal(rng), [2, 3]),
                                        (normal(rng, 2, 3), [2, 3]),
                                        (rng.integers(-9, 9, 4, np.int32), [3, 4]))]
        return static + [OpSample(broadcast_to, normal(rng, 1, 3), np.int32([2, 3]),
                                  reference=np.broadcast_to)]


_VIEW_FROM = 1 << 16  # elements


def expand_to(xp, x, shape):
    """``x`` broadcast to ``shape``: a read-only view for large results; small ones are
    copied out, which is 3-5x faster than building numpy's broadcast view (1 µs, not 5)."""
    shape = tuple(shape)
    size = 1
    for d in shape:
        size *= d
    if size >= _VIEW_FROM or not hasattr(xp, "copyto"):  # jax.numpy (traced): no copyto
        return xp.broadcast_to(x, shape)
    out = xp.empty(shape, dtype=x.dtype if hasattr(x, "dtype") else xp.asarray(x).dtype)
    xp.copyto(out, x)  # raises, as broadcast_to would, when x does not broadcast to shape
    return out


def broadcast_to(input, shape, name=None):  # noqa: A002
    """``input`` broadcast to ``shape`` (numpy rules)."""
    input = convert_to_tensor(input)  # noqa: A001
    extra, attrs = ShapeOperand.split(shape)
    return make_tensor("BroadcastTo", [input] + extra, attrs, name)


@register
class SumToShape(OpDef):
    """Sums a broadcast result back down to an input's shape: the adjoint of broadcasting, used
    by the gradient of every broadcasting op."""
    type_name = "SumToShape"
    host_inputs = (1,)  # the target shape, read by Python (TF1: HostMemory)
    output_is_view = True

    def infer(self, op):
        return [(op.inputs[0].dtype, TensorShape(ShapeOperand.static_dims(op, 1)))]

    def kernel(self, op, ctx):
        axes = _static_sum_axes(op.inputs[0].shape.as_tuple(), op.attrs["shape"])
        if axes is not None:  # known while building: no per-run shape arithmetic
            target = op.attrs["shape"]
            dtype = op.inputs[0].dtype.np_dtype
            wide = dtypes.accumulation_dtype(dtype)
            if wide != dtype:
                return lambda x: x.sum(axis=axes, dtype=wide).astype(dtype).reshape(target)
            return lambda x: x.sum(axis=axes, dtype=dtype).reshape(target)
        return ShapeOperand.bind(op, 1, _sum_to)

    def gradient(self, op, grad):
        return [broadcast_to(grad, shape_operand_of(op.inputs[0]))] + [None] * (len(op.inputs) - 1)

    def samples(self, rng):
        """Summing leading and stretched dimensions, down to a scalar, a target fed at run
        time, int32; each reference names the axes it sums."""
        def case(value, target, reference, fed=False):
            if fed:
                return OpSample(sum_to_shape, value, np.int32(target),
                                reference=lambda x, target: reference(x))
            return OpSample(lambda x: sum_to_shape(x, target), value, reference=reference)
        return [case(normal(rng, 2, 3, 4), [3, 1], lambda x: x.sum(axis=(0, 2))[:, np.newaxis]),
                case(normal(rng, 3, 4), [4], lambda x: x.sum(axis=0)),
                case(normal(rng, 2, 3), [], lambda x: x.sum()),
                case(normal(rng, 2, 3), [1, 3], lambda x: x.sum(axis=0, keepdims=True), fed=True),
                case(rng.integers(-9, 9, (2, 2), np.int32), [2, 1],
                     lambda x: x.sum(axis=1, keepdims=True, dtype=np.int32))]


def _static_sum_axes(dims, target):
    """The axes :func:`_sum_to` sums when the static shapes decide them, else None: the target
    is known and every target dimension of 1 faces a known input dimension."""
    if dims is None or target is None or len(dims) < len(target):
        return None
    lead = len(dims) - len(target)
    axes = list(range(lead))
    for i, d in enumerate(target):
        mine = dims[lead + i]
        if d == 1 and mine != 1:
            if mine is None:
                return None
            axes.append(lead + i)
    return tuple(axes) if axes else None


def _sum_to(x, target):
    if x.shape == target:
        return x
    lead = x.ndim - len(target)
    axes = tuple(range(lead)) + tuple(i + lead for i, d in enumerate(target)
                                      if d == 1 and x.shape[i + lead] != 1)
    if not axes:
        return x.reshape(target)
    summed = x.sum(axis=axes, keepdims=True, dtype=dtypes.accumulation_dtype(x.dtype))
    return summed.astype(x.dtype, copy=False).reshape(target)


def sum_to_shape(x, shape, name=None):
    """Sums ``x`` over the dimensions that broadcasting added to reach it from ``shape``."""
    extra, attrs = ShapeOperand.split(shape)
    if attrs["shape"] is not None and x.shape.as_tuple() == attrs["shape"]:
        return x
    return make_tensor("SumToShape", [x] + extra, attrs, name)


def reduce_to_input_shape(grad, input_tensor, peers=()):
    """``grad`` of a broadcasting op's output, reduced to ``input_tensor``'s shape. ``peers``
    are the op's other inputs: when their static shapes show that broadcasting never stretched
    ``input_tensor``, no reduction (and no run-time Shape op) is built."""
    if grad is None:
        return None
    if grad.shape.is_fully_defined() and grad.shape == input_tensor.shape:
        return grad
    if peers and never_broadcast(input_tensor, peers):
        return grad
    return sum_to_shape(grad, shape_operand_of(input_tensor))


def never_broadcast(x, peers):
    """True when broadcasting ``x`` against ``peers`` cannot stretch any of ``x``'s dimensions
    or add leading ones, whatever the unknown dimensions turn out to be."""
    dims = x.shape.as_tuple()
    if dims is None:
        return False
    for peer in peers:
        peer_dims = peer.shape.as_tuple()
        if peer_dims is None or len(peer_dims) > len(dims):
            return False
        for mine, theirs in zip(dims[::-1], peer_dims[::-1]):
            if (mine is not None and mine != 1) or theirs == 1:
                continue  # x's size is not 1 (so it is the result's), or the peer's is 1
            return False
    return True
