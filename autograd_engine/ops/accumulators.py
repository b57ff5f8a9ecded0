"""``tf.ConditionalAccumulator`` and ``tf.SparseConditionalAccumulator``: gradients from
several workers summed until ``take_grad(num_required)`` has enough of them, then averaged
(``reduction_type="MEAN"``) or summed, as TF1's synchronous replicas use them.

An accumulator has a global step, 0 at first and 1 more after each ``take_grad``: a gradient
applied with a smaller ``local_step`` is stale and dropped. ``take_grad`` waits (up to a run's
deadline; closing the Session ends the wait) until ``num_required`` gradients are in. Each
Session has its own accumulator (kept like a queue, in ``ctx.resources``).

>>> import autograd_engine as tf
>>> acc = tf.ConditionalAccumulator(tf.float32, shape=[2])
>>> with tf.Session() as sess:
...     sess.run(acc.apply_grad([1.0, 2.0]))
...     sess.run(acc.apply_grad([3.0, 6.0]))
...     sess.run(acc.take_grad(2)).tolist()
[2.0, 4.0]
"""
import logging
import threading

import numpy as np

from ..framework import dtypes
from ..framework.graph import control_dependencies
from ..framework.tensor_shape import TensorShape, as_shape
from .constant_op import convert_to_tensor
from .indexed_slices import IndexedSlices
from .op_samples import OpSample, normal
from .registry import OpDef, make_op, register
from .string_family import run_error

logger = logging.getLogger("autograd_engine")
_HANDLE = [(dtypes.resource, TensorShape([]))]
_creation_lock = threading.Lock()


class AccumulatorResource:
    """One Session's accumulator: the running sum (dense array, or ``{row: (sum, count)}``
    for a sparse one), the number of gradients in it, and the global step."""

    def __init__(self, shape, reduction, sparse, run_control):
        self.shape = shape  # a tuple with Nones where unknown, or None
        self.reduction = reduction
        self.sparse = sparse
        self.global_step = 0
        self.count = 0
        self.total = None
        self.condition = threading.Condition()
        self.run_control = run_control
        run_control.watch(self.condition)

    def _check_shape(self, op, shape):
        known = self.shape if self.total is None or self.sparse else self.total.shape
        if known is not None and (len(known) != len(shape) or any(
                k is not None and k != s for k, s in zip(known, shape))):
            raise run_error(op, "Shape mismatch: expected %s, got %s"
                            % (list(known), list(shape)))

    def apply(self, op, local_step, add):
        with self.condition:
            if local_step < self.global_step:
                logger.warning("%s: dropped a stale gradient (local step %d < global step %d)",
                               op.name, local_step, self.global_step)
                return
            add()
            self.count += 1
            self.condition.notify_all()

    def apply_dense(self, op, local_step, gradient):
        def add():
            self._check_shape(op, gradient.shape)
            self.total = np.array(gradient, copy=True) if self.total is None else \
                self.total + gradient
        self.apply(op, local_step, add)

    def apply_sparse(self, op, local_step, indices, values, shape):
        def add():
            if shape is not None:
                self._check_shape(op, tuple(shape))
                self.shape = tuple(int(d) for d in shape)
            rows = self.total if self.total is not None else {}
            for index, row in zip(np.asarray(indices).tolist(), values):
                total, count = rows.get(index, (0, 0))
                rows[index] = (total + row, count + 1)
            self.total = rows
        self.apply(op, local_step, add)

    def take(self, op, num_required):
        if num_required < 1:
            raise run_error(op, "Argument num_required must be positive, but was %d"
                            % num_required)
        with self.condition:
            if self.count < num_required:
                self.run_control.wait(self.condition, lambda: self.count >= num_required, op)
            total, count = self.total, self.count
            self.total, self.count = None, 0
            self.global_step += 1
        return total, count

    def set_global_step(self, op, step):
        with self.condition:
            if step < self.global_step:
                logger.warning("%s: new global step %d is below the current %d", op.name,
                               step, self.global_step)
            self.global_step = step


class AccumulatorOp(OpDef):
    stateful = True
    differentiable = False
    host_only = True


def _accumulator_kernel(sparse):
    def kernel(self, op, ctx):
        shared = op.attrs["shared_name"]
        key = ("accumulator", shared) if shared else op
        shape = op.attrs["shape"]
        dims = None if shape.ndims is None else tuple(shape.as_list())
        with _creation_lock:
            accumulator = ctx.resources.get(key)
            if accumulator is None:
                accumulator = ctx.resources[key] = AccumulatorResource(
                    dims, op.attrs["reduction_type"], sparse, ctx.run_control)
        return lambda: accumulator
    return kernel


@register
class ConditionalAccumulatorOp(AccumulatorOp):
    type_name = "ConditionalAccumulator"
    kernel = _accumulator_kernel(sparse=False)

    def infer(self, op):
        return _HANDLE

    def samples(self, rng):
        def build(a, b):
            acc = ConditionalAccumulator(dtypes.float64, shape=[2, 3])
            with control_dependencies([acc.apply_grad(a), acc.apply_grad(b, local_step=3)]):
                return acc.take_grad(2)
        return [OpSample(build, normal(rng, 2, 3), normal(rng, 2, 3),
                         reference=lambda a, b: (a + b) / 2)]


@register
class SparseConditionalAccumulatorOp(AccumulatorOp):
    type_name = "SparseConditionalAccumulator"
    kernel = _accumulator_kernel(sparse=True)

    def infer(self, op):
        return _HANDLE

    def samples(self, rng):
        def build(values):
            acc = SparseConditionalAccumulator(dtypes.float64, shape=[4, 2])
            first = acc.apply_grad([3, 1], values[:2], local_step=0)
            second = acc.apply_grad([1], values[2:], local_step=0)
            with control_dependencies([first, second]):
                return list(acc.take_grad(2))
        values = normal(rng, 3, 2)
        return [OpSample(build, values, reference=lambda v: [
            np.array([1, 3], np.int64), np.stack([(v[1] + v[2]) / 2, v[0]]),
            np.array([4, 2], np.int64)])]


@register
class AccumulatorApplyGradient(AccumulatorOp):
    """(handle, local_step, gradient)."""
    type_name = "AccumulatorApplyGradient"

    def infer(self, op):
        return []

    def kernel(self, op, ctx):
        def apply(accumulator, local_step, gradient):
            accumulator.apply_dense(op, int(local_step), np.asarray(gradient))
        return apply

    samples = ConditionalAccumulatorOp.samples


@register
class AccumulatorTakeGradient(AccumulatorOp):
    """(handle, num_required) -> the mean (or sum) of the gradients, once enough are in."""
    type_name = "AccumulatorTakeGradient"

    def infer(self, op):
        return [(op.attrs["dtype"], op.attrs["shape"])]

    def kernel(self, op, ctx):
        np_dtype = op.attrs["dtype"].np_dtype

        def take(accumulator, num_required):
            total, count = accumulator.take(op, int(num_required))
            if accumulator.reduction == "MEAN":
                total = total / count
            return np.asarray(total, dtype=np_dtype)
        return take

    samples = ConditionalAccumulatorOp.samples


@register
class SparseAccumulatorApplyGradient(AccumulatorOp):
    """(handle, local_step, indices, values, shape): rows ``values`` at ``indices``."""
    type_name = "SparseAccumulatorApplyGradient"

    def infer(self, op):
        return []

    def kernel(self, op, ctx):
        has_shape = op.attrs["has_known_shape"]

        def apply(accumulator, local_step, indices, values, shape):
            accumulator.apply_sparse(op, int(local_step), indices, np.asarray(values),
                                     np.asarray(shape).tolist() if has_shape else None)
        return apply

    samples = SparseConditionalAccumulatorOp.samples


@register
class SparseAccumulatorTakeGradient(AccumulatorOp):
    """(handle, num_required) -> (indices (sorted), values, dense shape) of the average."""
    type_name = "SparseAccumulatorTakeGradient"

    def infer(self, op):
        shape = op.attrs["shape"]
        rows = TensorShape([None]).concatenate(shape[1:] if shape.ndims else TensorShape(None))
        return [(dtypes.int64, TensorShape([None])), (op.attrs["dtype"], rows),
                (dtypes.int64, TensorShape([shape.ndims]) if shape.ndims is not None
                 else TensorShape([None]))]

    def kernel(self, op, ctx):
        np_dtype = op.attrs["dtype"].np_dtype

        def take(accumulator, num_required):
            rows, _ = accumulator.take(op, int(num_required))
            rows = rows or {}
            indices = np.array(sorted(rows), dtype=np.int64)
            mean = accumulator.reduction == "MEAN"
            values = [rows[i][0] / rows[i][1] if mean else rows[i][0] for i in indices]
            width = accumulator.shape[1:] if accumulator.shape else ()
            values = np.array(values, dtype=np_dtype).reshape(
                (len(indices),) + tuple(0 if d is None else d for d in width))
            shape = np.array([-1 if d is None else d for d in (accumulator.shape or ())],
                             np.int64)
            return indices, values, shape
        return take

    samples = SparseConditionalAccumulatorOp.samples


@register
class AccumulatorNumAccumulated(AccumulatorOp):
    type_name = "AccumulatorNumAccumulated"

    def infer(self, op):
        return [(dtypes.int32, TensorShape([]))]

    def kernel(self, op, ctx):
        return lambda accumulator: np.int32(accumulator.count)

    def samples(self, rng):
        def build(a):
            acc = ConditionalAccumulator(dtypes.float64, shape=[3])
            stale = acc.set_global_step(5)
            with control_dependencies([stale]):
                applied = [acc.apply_grad(a, local_step=4), acc.apply_grad(a, local_step=5)]
            with control_dependencies(applied):
                return acc.num_accumulated()
        return [OpSample(build, normal(rng, 3), reference=lambda a: np.int32(1))]


@register
class AccumulatorSetGlobalStep(AccumulatorOp):
    type_name = "AccumulatorSetGlobalStep"

    def infer(self, op):
        return []

    def kernel(self, op, ctx):
        def set_step(accumulator, step):
            accumulator.set_global_step(op, int(step))
        return set_step

    samples = AccumulatorNumAccumulated.samples


class ConditionalAccumulatorBase:
    """What both accumulators offer: their handle, dtype, ``num_accumulated`` and
    ``set_global_step``."""

    def __init__(self, dtype, shape, accumulator_ref):
        self._dtype = dtype
        self._shape = shape
        self._accumulator_ref = accumulator_ref
        self._name = accumulator_ref.op.name

    accumulator_ref = property(lambda self: self._accumulator_ref)
    name = property(lambda self: self._name)
    dtype = property(lambda self: self._dtype)

    def num_accumulated(self, name=None):
        """How many gradients are in (int32)."""
        return make_op("AccumulatorNumAccumulated", (self._accumulator_ref,), {},
                       name or "%s_NumAccumulated" % self._name).outputs[0]

    def set_global_step(self, new_global_step, name=None):
        """The op setting the accumulator's global step (gradients of older steps are then
        dropped)."""
        step = convert_to_tensor(new_global_step, dtype=dtypes.int64)
        return make_op("AccumulatorSetGlobalStep", (self._accumulator_ref, step), {},
                       name or "%s_SetGlobalStep" % self._name)


def _make_accumulator(type_name, dtype, shape, shared_name, name, reduction_type):
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise TypeError("Accumulators hold float gradients, got %s" % dtype.name)
    if reduction_type not in ("MEAN", "SUM"):
        raise ValueError("reduction_type must be 'MEAN' or 'SUM', got %r" % (reduction_type,))
    shape = as_shape(shape) if shape is not None else TensorShape(None)
    ref = make_op(type_name, (), {"dtype": dtype, "shape": shape,
                                  "shared_name": shared_name or "", "container": "",
                                  "reduction_type": reduction_type}, name).outputs[0]
    return dtype, shape, ref


class ConditionalAccumulator(ConditionalAccumulatorBase):
    """Accumulates dense gradients of ``shape`` (see the module docstring)."""

    def __init__(self, dtype, shape=None, shared_name=None, name="conditional_accumulator",
                 reduction_type="MEAN"):
        super().__init__(*_make_accumulator("ConditionalAccumulator", dtype, shape,
                                            shared_name, name, reduction_type))

    def apply_grad(self, grad, local_step=0, name=None):
        """The op adding ``grad`` (dropped if ``local_step`` is below the global step)."""
        grad = convert_to_tensor(grad, dtype=self._dtype)
        if not self._shape.is_compatible_with(grad.shape):
            raise ValueError("Shapes %s and %s are incompatible" % (self._shape, grad.shape))
        step = convert_to_tensor(local_step, dtype=dtypes.int64)
        return make_op("AccumulatorApplyGradient", (self._accumulator_ref, step, grad),
                       {"dtype": self._dtype}, name or "%s_ApplyGradient" % self._name)

    def take_grad(self, num_required, name=None):
        """The mean (or sum) of the gradients, once ``num_required`` are in; resets the
        accumulator and advances its global step."""
        required = convert_to_tensor(num_required, dtype=dtypes.int32)
        return make_op("AccumulatorTakeGradient", (self._accumulator_ref, required),
                       {"dtype": self._dtype, "shape": self._shape},
                       name or "%s_TakeGradient" % self._name).outputs[0]


class SparseConditionalAccumulator(ConditionalAccumulatorBase):
    """Accumulates sparse gradients (rows at indices, as IndexedSlices); each row of the
    result is the mean of the gradients that had that row."""

    def __init__(self, dtype, shape=None, shared_name=None,
                 name="sparse_conditional_accumulator", reduction_type="MEAN"):
        super().__init__(*_make_accumulator("SparseConditionalAccumulator", dtype, shape,
                                            shared_name, name, reduction_type))

    def apply_indexed_slices_grad(self, grad, local_step=0, name=None):
        """:meth:`apply_grad` of an IndexedSlices."""
        return self.apply_grad(grad.indices, grad.values, grad.dense_shape, local_step, name)

    def apply_grad(self, grad_indices, grad_values, grad_shape=None, local_step=0, name=None):
        """The op adding rows ``grad_values`` at ``grad_indices``."""
        indices = convert_to_tensor(grad_indices, dtype=dtypes.int64)
        values = convert_to_tensor(grad_values, dtype=self._dtype)
        known = grad_shape is not None
        shape = convert_to_tensor(grad_shape if known else np.zeros(0, np.int64),
                                  dtype=dtypes.int64)
        step = convert_to_tensor(local_step, dtype=dtypes.int64)
        return make_op("SparseAccumulatorApplyGradient",
                       (self._accumulator_ref, step, indices, values, shape),
                       {"dtype": self._dtype, "has_known_shape": known},
                       name or "%s_ApplyGradient" % self._name)

    def take_grad(self, num_required, name=None):
        """(indices, values, dense shape) of the averaged rows."""
        required = convert_to_tensor(num_required, dtype=dtypes.int32)
        op = make_op("SparseAccumulatorTakeGradient", (self._accumulator_ref, required),
                     {"dtype": self._dtype, "shape": self._shape},
                     name or "%s_TakeGradient" % self._name)
        return tuple(op.outputs)

    def take_indexed_slices_grad(self, num_required, name=None):
        """:meth:`take_grad` as an IndexedSlices."""
        indices, values, shape = self.take_grad(num_required, name)
        return IndexedSlices(values, indices, shape)


__all__ = ["ConditionalAccumulator", "ConditionalAccumulatorBase",
           "SparseConditionalAccumulator"]
