"""Collective ops across the ranks of an MPI job (the graph side of ``autograd_engine.horovod``).

Each collective is an op like any other: it has a shape rule and a gradient, shows in plans and
drawings and runs inside ``Session.run``, on the process group that ``hvd.init()`` joined
(``collective_runtime``); a plan built before ``init`` fails with FailedPreconditionError.

* ``HorovodAllreduce``: the sum (or average) of a tensor over the ranks; its gradient is the
  allreduce of the incoming gradient (every rank's loss depends on every rank's input).
* ``HorovodAllgather``: the ranks' tensors concatenated along axis 0 (first dimensions may
  differ); its gradient is this rank's rows of the allreduce-sum of the incoming gradient.
* ``HorovodBroadcast``: the root rank's tensor; its gradient is the allreduce-sum of the
  incoming gradient on the root and zero elsewhere.
* ``HorovodAllreduceStart`` / ``HorovodAllreduceWait``: a fused allreduce split in two, so a
  plan overlaps the communication with what it computes in between (tensor fusion): the start
  packs its inputs into one buffer, starts the allreduce and gives a ticket; the plan runs it
  as soon as its inputs are ready (``run_early``). The wait gives the reduced tensors, and the
  plan runs it only when nothing else is ready (``run_late``).

In a group of one every collective is a copy, so the conformance samples run in any process.
On a device (CuPy) the arrays are reduced through NCCL when ``cupy.cuda.nccl`` is available
(``collective_device``), else staged through the host explicitly, one transfer each way per
fused buffer.
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError
from ..framework.tensor_shape import TensorShape
from . import collective_runtime as runtime
from .array_ops import reshape, zeros_like
from .collective_device import device_allreduce, host_copy, same_place
from .concat_split_ops import concat
from .constant_op import convert_to_tensor
from .op_samples import OpSample, normal
from .reduction_ops import reduce_sum
from .registry import OpDef, make_op, make_tensor, register
from .shape_ops import shape
from .slicing_ops import slice as slice_of

REDUCE_OPS = ("Average", "Sum")


def check_reduce_op(reduce_op):
    if reduce_op not in REDUCE_OPS:
        raise ValueError("op must be one of %s (Adasum is not supported), got %r"
                         % (", ".join("hvd.%s" % o for o in REDUCE_OPS), reduce_op))
    return reduce_op


def _average(values, size):
    """Divides by ``size`` in place (integers round toward zero, as Horovod's do)."""
    if values.dtype.kind == "f":
        values /= values.dtype.type(size)
    else:
        values[...] = np.trunc(values / size)
    return values


class _Collective(OpDef):
    """What every collective shares: it runs every time (never folded or merged, or the
    ranks would fall out of step)."""
    stateful = True

    def _group(self):
        return runtime.current_group()


class _AllreduceOp(_Collective):
    type_name = "HorovodAllreduce"

    def infer(self, op):
        x = op.inputs[0]
        return [(x.dtype, x.shape)]

    def kernel(self, op, ctx):
        group, xp, average = self._group(), ctx.xp, op.attrs["reduce_op"] == "Average"

        def reduce(x):
            if group.size == 1:
                return x.copy()
            if xp is not np:
                reduced = device_allreduce(group, xp, x.reshape(-1).copy())
                return (reduced / group.size if average else reduced).reshape(x.shape)
            summed = runtime.allreduce(group, np.array(x, copy=True, order="C"))
            return _average(summed, group.size) if average else summed
        return reduce

    def gradient(self, op, grad):
        return [allreduce(grad, op.attrs["reduce_op"])]


class _AllgatherOp(_Collective):
    type_name = "HorovodAllgather"

    def infer(self, op):
        x = op.inputs[0]
        if x.shape.ndims == 0:
            raise ShapeInferenceError("allgather needs a tensor of rank 1 or more (it concatenates"
                                      " along the first dimension), got a scalar")
        if x.shape.ndims is None:
            return [(x.dtype, TensorShape(None))]
        return [(x.dtype, TensorShape([None] + x.shape.as_list()[1:]))]

    def kernel(self, op, ctx):
        group, xp = self._group(), ctx.xp
        if xp is np:
            return lambda x: runtime.allgather(group, x)
        return lambda x: (x.copy() if group.size == 1
                          else same_place(xp, runtime.allgather(group, host_copy(xp, x))))

    def gradient(self, op, grad):
        x = op.inputs[0]
        rank = runtime.current_group().rank
        summed = allreduce(grad, "Sum")
        first_dims = allgather(slice_of(shape(x), [0], [1]))
        offset = reduce_sum(slice_of(first_dims, [0], [rank]))
        begin = concat([reshape(offset, [1]), zeros_like(slice_of(shape(x), [1], [-1]))], 0)
        return [slice_of(summed, begin, shape(x))]


class _BroadcastOp(_Collective):
    type_name = "HorovodBroadcast"

    def infer(self, op):
        x = op.inputs[0]
        return [(x.dtype, x.shape)]

    def kernel(self, op, ctx):
        group, xp, root = self._group(), ctx.xp, op.attrs["root_rank"]
        runtime.check_root_rank(group, root)
        if xp is np:
            return lambda x: runtime.broadcast(group, x, root)
        return lambda x: (x.copy() if group.size == 1 else
                          same_place(xp, runtime.broadcast(group, host_copy(xp, x), root)))

    def gradient(self, op, grad):
        summed = allreduce(grad, "Sum")
        if runtime.current_group().rank == op.attrs["root_rank"]:
            return [summed]
        return [zeros_like(summed)]


class _AllreduceStartOp(_Collective):
    """Inputs: the tensors to reduce (one dtype). Output: the ticket of the started allreduce.
    Attrs: ``reduce_op``, ``wire_dtype`` (the buffer's dtype on the wire: "" for the inputs',
    "float16" for Compression.fp16)."""
    type_name = "HorovodAllreduceStart"
    differentiable = False
    run_early = True
    host_outputs = (0,)

    def infer(self, op):
        kinds = {t.dtype for t in op.inputs}
        if len(kinds) != 1:
            raise TypeError("A fused allreduce takes tensors of one dtype, got %s"
                            % sorted(d.name for d in kinds))
        return [(dtypes.int64, TensorShape([]))]

    def kernel(self, op, ctx):
        group, xp = self._group(), ctx.xp
        wire = op.attrs["wire_dtype"] or op.inputs[0].dtype.name

        def start(*xs):
            buffer = xp.empty(sum(x.size for x in xs), dtype=wire)
            offset = 0
            for x in xs:
                buffer[offset:offset + x.size] = x.reshape(-1)
                offset += x.size
            if group.size == 1:
                job = None
            elif xp is np:
                job = runtime.start_allreduce(group, buffer)
            else:
                job, buffer = None, device_allreduce(group, xp, buffer)
            return np.array(runtime.hold(job, buffer), dtype=np.int64)
        return start


class _AllreduceWaitOp(_Collective):
    """Inputs: the start's ticket, then the tensors it reduces (read for their shapes and
    dtypes only). Outputs: the reduced tensors."""
    type_name = "HorovodAllreduceWait"
    differentiable = False
    run_late = True
    host_inputs = (0,)

    def infer(self, op):
        return [(t.dtype, t.shape) for t in op.inputs[1:]]

    def kernel(self, op, ctx):
        group = self._group()
        average = op.attrs["reduce_op"] == "Average"

        def wait(ticket, *xs):
            buffer = runtime.collect(group, ticket, "allreduce")
            if average and group.size > 1:
                buffer = _average(buffer, group.size)
            outputs, offset = [], 0
            for x in xs:
                # views of the run's own buffer: nothing else holds it
                part = buffer[offset:offset + x.size].reshape(x.shape)
                outputs.append(part if part.dtype == x.dtype else part.astype(x.dtype))
                offset += x.size
            return outputs[0] if len(outputs) == 1 else tuple(outputs)
        return wait


# ------------------------------------------------------------------------ public functions
def allreduce(tensor, reduce_op="Average", name=None):
    """The sum (``"Sum"``) or average (``"Average"``) of ``tensor`` over the ranks.

    >>> import autograd_engine as tf
    >>> from autograd_engine.ops import collective_ops, collective_runtime
    >>> _ = collective_runtime.init()
    >>> with tf.Session() as sess:
    ...     print(sess.run(collective_ops.allreduce(tf.constant([1.0, 2.0]))))
    [1. 2.]
    """
    tensor = convert_to_tensor(tensor)
    return make_tensor("HorovodAllreduce", [tensor], {"reduce_op": check_reduce_op(reduce_op)},
                       name or "HorovodAllreduce")


def allgather(tensor, name=None):
    """The ranks' ``tensor`` values concatenated along the first dimension, rank 0 first."""
    tensor = convert_to_tensor(tensor)
    return make_tensor("HorovodAllgather", [tensor], {}, name or "HorovodAllgather")


def broadcast(tensor, root_rank, name=None):
    """Rank ``root_rank``'s value of ``tensor``, on every rank."""
    tensor = convert_to_tensor(tensor)
    return make_tensor("HorovodBroadcast", [tensor], {"root_rank": int(root_rank)},
                       name or "HorovodBroadcast")


def fused_allreduce(tensors, reduce_op="Average", wire_dtype=None, name=None):
    """``tensors`` (one dtype) reduced over the ranks through one buffer (``wire_dtype`` on the
    wire: float16 halves the bytes), as a start op and a wait op: the plan starts the
    allreduce as soon as the tensors are ready and waits for it as late as it can. Returns the
    reduced tensors, in order.

    >>> import autograd_engine as tf
    >>> from autograd_engine.ops import collective_ops, collective_runtime
    >>> _ = collective_runtime.init()
    >>> a, b = collective_ops.fused_allreduce([tf.ones([2]), tf.zeros([1, 2])])
    >>> a.op.type, b.shape.as_list()
    ('HorovodAllreduceWait', [1, 2])
    """
    tensors = [convert_to_tensor(t) for t in tensors]
    attrs = {"reduce_op": check_reduce_op(reduce_op),
             "wire_dtype": "" if wire_dtype is None else dtypes.as_dtype(wire_dtype).name}
    base = name or "HorovodFusedAllreduce"
    ticket = make_tensor("HorovodAllreduceStart", tensors, attrs, base + "_start")
    wait = make_op("HorovodAllreduceWait", [ticket] + tensors, {"reduce_op": attrs["reduce_op"]},
                   base + "_wait")
    return list(wait.outputs)


# ------------------------------------------------------------------------ samples
def _joined(build):
    """A sample's build that first joins the process group (a group of one in the suite)."""
    def joined_build(*tensors):
        runtime.init()
        return build(*tensors)
    return joined_build


def _identity(*xs):
    return xs[0] if len(xs) == 1 else list(xs)


register(_AllreduceOp, samples=lambda rng: [
    OpSample(_joined(allreduce), normal(rng, 2, 3), reference=_identity, deterministic=False),
    OpSample(_joined(lambda x: allreduce(x, "Sum")), normal(rng, 4).astype(np.float32),
             reference=_identity, grad=(), deterministic=False),
    OpSample(_joined(lambda x: allreduce(x, "Sum")), np.arange(6, dtype=np.int32).reshape(2, 3),
             reference=_identity, deterministic=False)])
register(_AllgatherOp, samples=lambda rng: [
    OpSample(_joined(allgather), normal(rng, 3, 2), reference=_identity, deterministic=False),
    OpSample(_joined(allgather), normal(rng, 4), reference=_identity, deterministic=False)])
register(_BroadcastOp, samples=lambda rng: [
    OpSample(_joined(lambda x: broadcast(x, 0)), normal(rng, 2, 3), reference=_identity,
             deterministic=False)])
# A start's ticket is collected only by its wait: its samples build both.
register(_AllreduceStartOp, samples=lambda rng: [
    OpSample(_joined(lambda x: fused_allreduce([x], "Sum")), normal(rng, 3),
             reference=_identity, deterministic=False)])
register(_AllreduceWaitOp, samples=lambda rng: [
    OpSample(_joined(lambda x, y: fused_allreduce([x, y])), normal(rng, 2, 3), normal(rng, 4),
             reference=_identity, deterministic=False),
    OpSample(_joined(lambda x: fused_allreduce([x], "Sum", "float16")),
             np.array([0.5, -1.25, 3.0], dtype=np.float32), reference=_identity,
             deterministic=False)])

__all__ = ["check_reduce_op", "allreduce", "allgather", "broadcast", "fused_allreduce", "REDUCE_OPS"]
