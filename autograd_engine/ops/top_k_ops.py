"""The k largest entries: top_k (with its gradient) and in_top_k."""
import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape
from .constant_op import constant_value, convert_to_tensor
from .op_families import check_index_dtype
from .registry import OpDef, make_op, make_tensor, register
from .shape_ops import ShapeOperand, shape_operand_of


# ------------------------------------------------------------------ top_k, in_top_k
@register
class TopKV2(OpDef):
    type_name = "TopKV2"
    host_inputs = (1,)  # k, read by Python (TF1: HostMemory)

    def infer(self, op):
        x, k = op.inputs
        check_index_dtype(k, "k", (dtypes.int32,))
        dims = x.shape.as_tuple()
        count = constant_value(k)
        count = None if count is None else int(count)
        if count is not None and count < 0:
            raise ShapeInferenceError("Need k >= 0, got %d" % count)
        if dims is None:
            return [(x.dtype, TensorShape(None)), (dtypes.int32, TensorShape(None))]
        if not dims:
            raise ShapeInferenceError("Shape must be at least rank 1 but is rank 0")
        if dims[-1] is not None and count is not None and dims[-1] < count:
            raise ShapeInferenceError("input must have last dimension >= k = %d but is %d"
                                      % (count, dims[-1]))
        out = TensorShape(dims[:-1] + (count,))
        return [(x.dtype, out), (dtypes.int32, out)]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def top_k_kernel(x, k):
            k = int(k)
            if x.shape[-1] < k:
                raise ValueError("input must have at least k columns. Had %d, needed %d"
                                 % (x.shape[-1], k))
            # Descending, equal values keep the lower index first: a stable ascending sort of
            # the reversed row, read backwards (negating would wrap unsigned and INT_MIN).
            n = x.shape[-1]
            order = (n - 1) - xp.argsort(x[..., ::-1], axis=-1, kind="stable")[..., ::-1][..., :k]
            return xp.take_along_axis(x, order, axis=-1), order.astype(np.int32)
        return top_k_kernel

    def gradient(self, op, grad_values, grad_indices):
        if grad_values is None:
            return [None, None]
        extra, attrs = ShapeOperand.split(shape_operand_of(op.inputs[0]))
        return [make_tensor("TopKGrad", [grad_values, op.outputs[1]] + extra, attrs), None]


@register
class TopKGrad(OpDef):
    """Puts the gradient of the top-k values back at their positions in the input."""
    type_name = "TopKGrad"
    host_inputs = (2,)  # the output shape, read by Python (TF1: HostMemory)

    def infer(self, op):
        return [(op.inputs[0].dtype, TensorShape(ShapeOperand.static_dims(op, 2)))]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def scatter(grad, indices, shape):
            out = xp.zeros(shape, dtype=grad.dtype)
            xp.put_along_axis(out, indices.astype(np.intp), grad, axis=-1)
            return out
        return ShapeOperand.bind(op, 2, scatter)

    def gradient(self, op, grad):
        # Linear in its first input: the adjoint takes the same positions back out.
        values = make_op("TopKGather", (grad, op.inputs[1])).outputs[0]
        return [values, None] + [None] * (len(op.inputs) - 2)


@register
class TopKGather(OpDef):
    """``grad`` at the given last-axis positions: the adjoint of TopKGrad."""
    type_name = "TopKGather"

    def infer(self, op):
        grad, indices = op.inputs
        return [(grad.dtype, indices.shape)]

    def kernel(self, op, ctx):
        xp = ctx.xp
        return lambda grad, indices: xp.take_along_axis(grad, indices.astype(np.intp), axis=-1)

    def gradient(self, op, grad):
        extra, attrs = ShapeOperand.split(shape_operand_of(op.inputs[0]))
        return [make_tensor("TopKGrad", [grad, op.inputs[1]] + extra, attrs), None]


def top_k(input, k=1, sorted=True, name=None):  # noqa: A002 - TF1 argument names
    """The ``k`` largest entries of the last axis, largest first, and their indices (int32);
    equal values keep the lower index first.

    >>> import autograd_engine as tf
    >>> values, indices = tf.nn.top_k(tf.zeros([4, 10]), k=3)
    >>> values.shape.as_list(), indices.dtype
    ([4, 3], tf.int32)
    """
    x = convert_to_tensor(input)
    if x.dtype.is_bool or x.dtype.is_complex:
        raise TypeError("top_k needs a real-valued input, got %s" % x.dtype.name)
    k = convert_to_tensor(k, dtype=None if isinstance(k, TensorLike) else dtypes.int32)
    op = make_op("TopKV2", (x, k), {"sorted": bool(sorted)}, name)
    return tuple(op.outputs)


@register
class InTopKV2(OpDef):
    type_name = "InTopKV2"
    host_inputs = (2,)  # k, read by Python (TF1: HostMemory)
    differentiable = False

    def infer(self, op):
        predictions, targets, k = op.inputs
        if predictions.dtype != dtypes.float32:
            raise TypeError("Value passed to parameter 'predictions' has DataType %s not in list "
                            "of allowed values: float32" % predictions.dtype.name)
        check_index_dtype(targets, "targets")
        pred_dims, target_dims = predictions.shape.as_tuple(), targets.shape.as_tuple()
        if pred_dims is not None and len(pred_dims) != 2:
            raise ShapeInferenceError("Shape must be rank 2 but is rank %d" % len(pred_dims))
        if target_dims is not None and len(target_dims) != 1:
            raise ShapeInferenceError("Shape must be rank 1 but is rank %d" % len(target_dims))
        batch = TensorShape([None])
        for dims in (pred_dims, target_dims):
            if dims is not None:
                if not batch.is_compatible_with(TensorShape([dims[0]])):
                    raise ShapeInferenceError("Dimensions must be equal, but are %d and %d"
                                              % (pred_dims[0], target_dims[0]))
                batch = batch.merge_with(TensorShape([dims[0]]))
        return [(dtypes.bool, batch)]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def in_top_k_kernel(predictions, targets, k):
            rows, classes = predictions.shape
            if targets.shape != (rows,):
                raise ValueError("First dimension of predictions %d must match length of "
                                 "targets %d" % (rows, targets.shape[0]))
            valid = (targets >= 0) & (targets < classes)
            picked = predictions[xp.arange(rows), xp.where(valid, targets, 0)]
            # Ties at the boundary count as inside: only strictly larger values push a target out.
            larger = (predictions > picked[:, None]).sum(axis=1)
            return valid & xp.isfinite(picked) & (larger < int(k))
        return in_top_k_kernel


def in_top_k(predictions, targets, k, name=None):
    """Whether each ``targets[i]`` is among the ``k`` largest ``predictions[i]`` (ties at the
    boundary count as inside; out-of-range targets and non-finite predictions are False).

    >>> import autograd_engine as tf
    >>> tf.nn.in_top_k(tf.zeros([4, 10]), [1, 2, 3, 4], 2).dtype
    tf.bool
    """
    predictions = convert_to_tensor(predictions)
    targets = convert_to_tensor(targets)
    k = convert_to_tensor(k, dtype=None if isinstance(k, TensorLike) else targets.dtype)
    return make_tensor("InTopKV2", (predictions, targets, k), None, name)
