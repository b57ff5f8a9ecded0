"""The queue ops of TF1's ``data_flow_ops``: a queue-making op (``FIFOQueueV2``,
``RandomShuffleQueueV2``, ``PaddingFIFOQueueV2``) whose output is a handle to the Session's
queue, and the ops that take that handle (enqueue, dequeue, close, size).

The queue itself lives per Session in ``ctx.resources`` (ops/queue_resources.py): two Sessions
on one graph have separate queues; queues with the same ``shared_name`` share one per Session.
Every queue op runs on the host (queues hold numpy arrays, as TF1 keeps them in host memory),
is stateful, and has no gradient. The Python classes users build them with are in
ops/data_flow_ops.py; their conformance samples are declared there too.
"""
import threading

import numpy as np

from ..framework import dtypes, errors
from ..framework.tensor_shape import TensorShape
from .queue_resources import (PaddingQueueResource, PriorityQueueResource, QueueResource,
                              RandomShuffleQueueResource)
from .registry import OpDef, register

_HANDLE = [(dtypes.resource, TensorShape([]))]
_creation_lock = threading.Lock()  # two plans compiled at once must find one queue


class QueueOp(OpDef):
    """Ops on a queue: never folded or merged, run on the host, no gradient."""
    stateful = True
    differentiable = False
    host_only = True


def _dims(shape):
    """A component's TensorShape as a tuple of ints and Nones, or None when unknown."""
    return None if shape.ndims is None else tuple(shape.as_list())


class _MakeQueue(QueueOp):
    """Outputs the handle of the Session's queue, created on first use."""
    resource_class = QueueResource

    def infer(self, op):
        return _HANDLE

    def create(self, op, ctx, shapes):
        return self.resource_class(op.name, op.attrs["capacity"], shapes, ctx.run_control,
                                   op.attrs["shared_name"])

    def kernel(self, op, ctx):
        shared = op.attrs["shared_name"]
        key = ("queue", shared) if shared else op
        shapes = [_dims(s) for s in op.attrs["shapes"]] or [None] * len(
            op.attrs["component_types"])
        with _creation_lock:
            queue = ctx.resources.get(key)
            if queue is None:
                queue = ctx.resources[key] = self.create(op, ctx, shapes)
        return lambda: queue


@register
class FIFOQueueV2(_MakeQueue):
    type_name = "FIFOQueueV2"


@register
class PaddingFIFOQueueV2(_MakeQueue):
    type_name = "PaddingFIFOQueueV2"
    resource_class = PaddingQueueResource


@register
class PriorityQueueV2(_MakeQueue):  # issue 20 (i20e)
    type_name = "PriorityQueueV2"
    resource_class = PriorityQueueResource


@register
class RandomShuffleQueueV2(_MakeQueue):
    type_name = "RandomShuffleQueueV2"

    def create(self, op, ctx, shapes):
        return RandomShuffleQueueResource(
            op.name, op.attrs["capacity"], shapes, ctx.run_control, op.attrs["shared_name"],
            op.attrs["min_after_dequeue"], ctx.random_state(op))


def _np_types(op):
    return [t.np_dtype for t in op.attrs["component_types"]]


def _as_components(values, np_types):
    """The fed or computed values as arrays the queue owns (a later change to a fed array or
    a Variable must not reach the queue)."""
    return [np.array(v, dtype=t, copy=True) for v, t in zip(values, np_types)]


@register
class QueueEnqueueV2(QueueOp):
    type_name = "QueueEnqueueV2"

    def infer(self, op):
        return []

    def kernel(self, op, ctx):
        np_types = _np_types(op)

        def enqueue(queue, *values):
            element = _as_components(values, np_types)
            queue.check_element(op, element)
            queue.enqueue(op, [tuple(element)])
        return enqueue


@register
class QueueEnqueueManyV2(QueueOp):
    type_name = "QueueEnqueueManyV2"

    def infer(self, op):
        return []

    def kernel(self, op, ctx):
        np_types = _np_types(op)

        def enqueue_many(queue, *values):
            batch = _as_components(values, np_types)
            for index, value in enumerate(batch):
                if value.ndim == 0:
                    raise errors.InvalidArgumentError(
                        None, op, "Shape mismatch in tuple component %d. Expected a batch "
                        "(rank >= 1), got a scalar\n\t [[{{node %s}}]]" % (index, op.name))
            sizes = {value.shape[0] for value in batch}
            if len(sizes) > 1:
                raise errors.InvalidArgumentError(
                    None, op, "Expected all components to have the same size in dimension 0, "
                    "got %s\n\t [[{{node %s}}]]" % (", ".join(str(v.shape[0]) for v in batch),
                                                     op.name))
            elements = [tuple(value[i, ...] for value in batch) for i in range(sizes.pop())]
            for element in elements[:1]:
                queue.check_element(op, element)
            queue.enqueue(op, elements)
        return enqueue_many


def _component_specs(op, batch_dim=()):
    types = op.attrs["component_types"]
    shapes = op.attrs["shapes"] or [TensorShape(None)] * len(types)
    return [(t, TensorShape(batch_dim).concatenate(s) if batch_dim else s)
            for t, s in zip(types, shapes)]


def _outputs(components):
    return components[0] if len(components) == 1 else tuple(components)


@register
class QueueDequeueV2(QueueOp):
    type_name = "QueueDequeueV2"

    def infer(self, op):
        return _component_specs(op)

    def kernel(self, op, ctx):
        def dequeue(queue):
            element, = queue.dequeue(op, None)
            return _outputs(list(element))
        return dequeue


class _DequeueBatch(QueueOp):
    """Dequeues ``n`` elements (an int32 scalar input) stacked along a new first axis."""
    up_to = False

    def infer(self, op):
        return _component_specs(op, [op.attrs["static_n"]])

    def kernel(self, op, ctx):
        np_types = _np_types(op)
        padding = op.attrs["padding"]
        unshaped = not op.attrs["shapes"] or any(not s.is_fully_defined()
                                                 for s in op.attrs["shapes"])

        def dequeue_many(queue, n):
            if unshaped and not padding:
                raise errors.InvalidArgumentError(
                    None, op, "%s's DequeueMany and DequeueUpTo require the components to have "
                    "specified shapes.\n\t [[{{node %s}}]]" % (queue.kind, op.name))
            n = int(n)
            if n < 0:
                raise errors.InvalidArgumentError(None, op, "%s requested %d < 0 elements"
                                                  % (op.type, n))
            return _outputs(queue.batch(op, queue.dequeue(op, n, self.up_to), np_types))
        return dequeue_many


@register
class QueueDequeueManyV2(_DequeueBatch):
    type_name = "QueueDequeueManyV2"


@register
class QueueDequeueUpToV2(_DequeueBatch):
    type_name = "QueueDequeueUpToV2"
    up_to = True

    def infer(self, op):
        return _component_specs(op, [None])


@register
class QueueCloseV2(QueueOp):
    type_name = "QueueCloseV2"

    def infer(self, op):
        return []

    def kernel(self, op, ctx):
        cancel = op.attrs["cancel_pending_enqueues"]
        return lambda queue: queue.close(cancel)


@register
class QueueSizeV2(QueueOp):
    type_name = "QueueSizeV2"

    def infer(self, op):
        return [(dtypes.int32, TensorShape([]))]

    def kernel(self, op, ctx):
        return lambda queue: np.int32(queue.size())


@register
class QueueIsClosedV2(QueueOp):
    type_name = "QueueIsClosedV2"

    def infer(self, op):
        return [(dtypes.bool, TensorShape([]))]

    def kernel(self, op, ctx):
        return lambda queue: np.bool_(queue.closed)
