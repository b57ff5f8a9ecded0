"""The queues behind TF1's ``FIFOQueue``, ``RandomShuffleQueue``, ``PaddingFIFOQueue`` and
``PriorityQueue``: one
per Session (kept in ``ctx.resources`` like a Variable's value), holding tuples of numpy
components, guarded by one ``threading.Condition``.

Every operation waits on that condition until it can be served (``RunControl.wait``: a run's
deadline and the Session's closing end the wait), then changes the queue and notifies the
others. A batch dequeue takes elements as they arrive (a batch may exceed the capacity, as in
TF1) and puts them back when it fails, so a closed queue with too few elements loses none.
"""
import collections
import itertools
import threading

import numpy as np

from ..framework import errors

# TF1 names a queue without a shared name "_<id>_<node name>", with one counter per process.
_resource_ids = itertools.count()


class QueueResource:
    """A FIFO queue of tuples of arrays (``component_shapes`` entries None: any shape)."""
    kind = "FIFOQueue"

    def __init__(self, node_name, capacity, component_shapes, run_control, shared_name=""):
        self.name = shared_name or "_%d_%s" % (next(_resource_ids), node_name)
        self.capacity = capacity if capacity is not None and capacity >= 0 else None
        self.component_shapes = component_shapes
        self.elements = []
        self.closed = False
        self.condition = threading.Condition()
        self.run_control = run_control
        run_control.watch(self.condition)
        self._cancelled_enqueues = 0  # generation of close(cancel_pending_enqueues=True)
        self._turns = collections.deque()  # the dequeues waiting, served first come first

    # ------------------------------------------------------------------ checks
    def check_element(self, op, components):
        for index, (value, shape) in enumerate(zip(components, self.component_shapes)):
            if shape is not None and (len(shape) != value.ndim or any(
                    d is not None and d != s for d, s in zip(shape, value.shape))):
                raise errors.InvalidArgumentError(
                    None, op, "Shape mismatch in tuple component %d. Expected [%s], got [%s]"
                    % (index, ",".join("?" if d is None else str(d) for d in shape),
                       ",".join(str(d) for d in value.shape)))

    def _closed_error(self, op, requested):
        return errors.OutOfRangeError(
            None, op, "%s '%s' is closed and has insufficient elements (requested %d, current "
            "size %d)\n\t [[{{node %s}}]]" % (self.kind, self.name, requested,
                                               len(self.elements), op.name))

    # ------------------------------------------------------------------ enqueue
    def enqueue(self, op, elements):
        """Appends ``elements`` (a list of component tuples) one by one as room appears."""
        with self.condition:
            generation = self._cancelled_enqueues
            for element in elements:
                self._wait(op, lambda: self.closed or self._has_room()
                           or generation != self._cancelled_enqueues)
                if generation != self._cancelled_enqueues:
                    raise errors.CancelledError(None, op, "Enqueue operation was cancelled\n\t "
                                                "[[{{node %s}}]]" % op.name)
                if self.closed:
                    raise errors.CancelledError(None, op, "%s '%s' is closed.\n\t [[{{node %s}}]]"
                                                % (self.kind, self.name, op.name))
                self.elements.append(element)
                self.condition.notify_all()

    def _has_room(self):
        return self.capacity is None or len(self.elements) < self.capacity

    def _wait(self, op, ready):
        if not ready():
            self.run_control.wait(self.condition, ready, op)

    # ------------------------------------------------------------------ dequeue
    def dequeue(self, op, count, up_to=False):
        """``count`` elements (None: one), taken as they arrive, so a batch may be larger than
        the capacity; with ``up_to``, fewer once the queue is closed. Dequeues are served one
        at a time, in the order they came. A dequeue that fails (closed queue, deadline,
        closed Session) puts back what it took. Returns the list of elements taken."""
        wanted = 1 if count is None else count
        turn = object()
        with self.condition:
            self._turns.append(turn)
            taken = []
            try:
                self._wait(op, lambda: self._turns[0] is turn)
                while len(taken) < wanted:
                    self._wait(op, lambda: self.closed or self._available() > 0)
                    if self._available() == 0:  # closed, and too few elements
                        if up_to and taken:
                            break
                        self._put_back(taken)
                        taken = []
                        raise self._closed_error(op, wanted)
                    while len(taken) < wanted and self._available() > 0:
                        taken.append(self._take())
                    self.condition.notify_all()  # room for blocked enqueues
            except BaseException:
                self._put_back(taken)
                raise
            finally:
                self._turns.remove(turn)
                self.condition.notify_all()
            return taken

    def _put_back(self, taken):
        self.elements[0:0] = taken

    def _available(self):
        return len(self.elements)

    def _take(self):
        return self.elements.pop(0)

    def batch(self, op, taken, dtypes_np):
        """The components of ``taken`` elements stacked along a new first axis."""
        if not taken:
            return [np.zeros((0,) + tuple(shape), dtype)
                    for shape, dtype in zip(self.component_shapes, dtypes_np)]
        return [np.stack([element[i] for element in taken])
                for i in range(len(dtypes_np))]

    # ------------------------------------------------------------------ close, size
    def close(self, cancel_pending_enqueues):
        with self.condition:
            self.closed = True
            if cancel_pending_enqueues:
                self._cancelled_enqueues += 1
            self.condition.notify_all()

    def size(self):
        with self.condition:
            return len(self.elements)


class RandomShuffleQueueResource(QueueResource):
    """Dequeues a uniformly random element, keeping at least ``min_after_dequeue`` elements
    until the queue closes (then the rest can be taken)."""
    kind = "RandomShuffleQueue"

    def __init__(self, node_name, capacity, component_shapes, run_control, shared_name,
                 min_after_dequeue, rng):
        super().__init__(node_name, capacity, component_shapes, run_control, shared_name)
        self.min_after_dequeue = min_after_dequeue
        self.rng = rng

    def _available(self):
        if self.closed:
            return len(self.elements)
        return max(0, len(self.elements) - self.min_after_dequeue)

    def _take(self):
        index = int(self.rng.integers(len(self.elements)))
        self.elements[index], self.elements[-1] = self.elements[-1], self.elements[index]
        return self.elements.pop()


class PaddingQueueResource(QueueResource):
    """A FIFO queue whose batches pad each component, along its unknown dimensions, to the
    largest element of the batch (with zeros, or empty strings)."""
    kind = "PaddingFIFOQueue"

    def batch(self, op, taken, dtypes_np):
        if not taken:
            return [np.zeros((0,) + tuple(0 if d is None else d for d in shape), dtype)
                    for shape, dtype in zip(self.component_shapes, dtypes_np)]
        components = []
        for i, dtype in enumerate(dtypes_np):
            values = [element[i] for element in taken]
            padded_shape = np.max([v.shape for v in values], axis=0) if values[0].ndim else ()
            fill = b"" if dtype == object else 0
            out = np.full((len(values),) + tuple(int(d) for d in padded_shape), fill, dtype)
            for row, value in enumerate(values):
                out[(row,) + tuple(slice(0, d) for d in value.shape)] = value
            components.append(out)
        return components


class PriorityQueueResource(QueueResource):
    """Dequeues the element whose first component (an int64 priority) is smallest; equal
    priorities leave in the order they came."""
    kind = "PriorityQueue"

    def _take(self):
        index = min(range(len(self.elements)), key=lambda i: int(self.elements[i][0]))
        return self.elements.pop(index)
