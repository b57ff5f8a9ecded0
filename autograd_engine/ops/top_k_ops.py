"""The k largest entries: top_k (with its gradient) and in_top_k."""
import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape
from .constant_op import constant_value, convert_to_tensor
from .op_families import check_index_dtype
from .op_samples import OpSample, distinct, normal
from .registry import OpDef, make_op, make_tensor, register
from .shape_ops import ShapeOperand, shape_operand_of
from .slicing_ops import scatter_reference


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

    def samples(self, rng):
        """Distinct values (gradients checked), a full sort, k = 0, k fed at run time (a host
        input), and ties (the lower index first) in int32 and float64."""
        def reference(x, k):
            rows = x.reshape(-1, x.shape[-1])
            order = np.array([sorted(range(x.shape[-1]), key=lambda i: (-row[i], i))[:int(k)]
                              for row in rows], np.int32).reshape(x.shape[:-1] + (int(k),))
            return [np.take_along_axis(x, order.astype(np.intp), -1), order]
        ties = rng.integers(-2, 2, (2, 5))
        samples = [OpSample(lambda x, k=k: top_k(x, k), values, grad=grad,
                            reference=lambda x, k=k: reference(x, k))
                   for values, k, grad in ((distinct(rng, 3, 5), 2, None),
                                           (distinct(rng, 4), 4, None),
                                           (distinct(rng, 3, 4), 0, None),
                                           (ties.astype(np.int32), 3, None),
                                           (ties.astype(np.float64), 3, ()))]
        samples.append(OpSample(top_k, distinct(rng, 2, 4), np.int32(3), reference=reference))
        return samples


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

    def samples(self, rng):
        """Gradients of top-k values of rows and of a vector; one with the shape fed at run
        time (a host input)."""
        def sample(shape, k, runtime_shape=False):
            indices = _top_k_positions(rng, shape, k)

            def build(grad, positions, *target):
                attrs = {"shape": None if target else shape}
                return make_tensor("TopKGrad", [grad, positions] + list(target), attrs)
            target = [np.array(shape, np.int32)] if runtime_shape else []
            return OpSample(build, normal(rng, *indices.shape), indices, *target,
                            reference=lambda g, i, *target: scatter_reference(
                                lambda a: np.take_along_axis(a, i.astype(np.intp), -1),
                                shape, g))
        return [sample((3, 5), 2), sample((4,), 3), sample((2, 4), 4, runtime_shape=True)]


def _top_k_positions(rng, shape, k):
    """Distinct int32 positions along the last axis, ``k`` per row, as TopKV2 gives them."""
    rows = [rng.permutation(shape[-1])[:k] for _ in range(int(np.prod(shape[:-1])))]
    return np.array(rows, np.int32).reshape(shape[:-1] + (k,))


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

    def samples(self, rng):
        """Positions of rows and of a vector (read one by one in the reference)."""
        def reference(grad, indices):
            rows = grad.reshape(-1, grad.shape[-1])
            picked = [[row[i] for i in positions]
                      for row, positions in zip(rows, indices.reshape(len(rows), -1))]
            return np.array(picked, grad.dtype).reshape(indices.shape)
        return [OpSample(lambda g, i: make_op("TopKGather", (g, i)).outputs[0],
                         normal(rng, *shape), _top_k_positions(rng, shape, k),
                         reference=reference) for shape, k in (((3, 5), 2), ((4,), 3))]

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

    def samples(self, rng):
        """Distinct predictions, ties at the boundary (inside), targets out of range, non-finite
        predictions, k = 0, and k fed at run time (a host input)."""
        def reference(predictions, targets, k):
            return np.array([0 <= t < len(row) and np.isfinite(row[t]) and
                             np.sum(row > row[t]) < k for row, t in zip(predictions, targets)])
        predictions = distinct(rng, 3, 4).astype(np.float32)
        ties = np.float32([[1, 2, 2, 0], [3, 3, 3, 1], [0, 0, 5, 5]])
        special = np.float32([[np.inf, 1, 0, 2], [np.nan, 1, 2, 3], [1, 2, 3, 4]])
        return [OpSample(lambda p, t, k=k: in_top_k(p, t, k), p, targets,
                         reference=lambda p, t, k=k: reference(p, t, k))
                for p, targets, k in ((predictions, np.int32([0, 3, 1]), 2),
                                      (ties, np.int32([1, 1, 2]), 1),
                                      (special, np.int64([0, 0, 4]), 2),
                                      (predictions, np.int32([0, -1, 2]), 0))] + \
            [OpSample(in_top_k, predictions, np.int32([2, 1, 3]), np.int32(3),
                      reference=reference)]


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
