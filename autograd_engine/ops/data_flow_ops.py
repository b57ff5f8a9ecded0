"""TF1's queues: ``tf.FIFOQueue``, ``tf.RandomShuffleQueue``, ``tf.PaddingFIFOQueue``,
``tf.PriorityQueue`` (also as ``tf.queue.*`` and ``tf.io.*``), built on the ops of
ops/queue_ops.py.

A queue holds tuples of tensors ("components") of fixed dtypes, optionally of fixed shapes, and
optionally named (then enqueue takes a dict and dequeue returns one). The queue is created per
Session when its first op runs; ``dequeue`` blocks until an element is there (or the run's
``RunOptions(timeout_in_ms=...)`` passes), and on a closed, empty queue raises
``OutOfRangeError``, which ends the classic queue-runner loop.
"""
import numpy as np

from ..framework import dtypes as dtypes_lib
from ..framework.graph import control_dependencies, get_default_graph
from ..framework.tensor_shape import TensorShape, as_shape
from .constant_op import constant_value, convert_to_tensor
from . import queue_ops  # noqa: F401 - registers the queue ops these classes build
from .op_samples import OpSample, normal
from .registry import get_op_def, make_op
from .string_family import string_array
from .random_ops import get_seed


def _as_type_list(dtypes):
    if not isinstance(dtypes, (list, tuple)):
        dtypes = [dtypes]
    return [dtypes_lib.as_dtype(t) for t in dtypes]


def _as_shape_list(shapes, dtypes, unknown_dim_allowed=False):
    """TF1's rules: no shapes, or one fully defined shape per component (unknown dimensions
    only for a padding queue)."""
    if shapes is None:
        return None
    if isinstance(shapes, TensorShape) or (
            isinstance(shapes, (list, tuple)) and shapes and
            all(d is None or isinstance(d, (int, np.integer)) for d in shapes)):
        shapes = [shapes]
    shapes = [as_shape(s) for s in shapes]
    if len(shapes) != len(dtypes):
        raise ValueError("Queue shapes must have the same length as dtypes: %d shapes for %d "
                         "dtypes" % (len(shapes), len(dtypes)))
    if not unknown_dim_allowed and any(not s.is_fully_defined() for s in shapes):
        raise ValueError("All shapes must be fully defined: %s" % shapes)
    if any(s.ndims is None for s in shapes):
        raise ValueError("All shapes must have a defined rank: %s" % shapes)
    return shapes


class QueueBase:
    """What every TF1 queue offers; made by :class:`FIFOQueue` and its siblings."""

    def __init__(self, dtypes, shapes, names, queue_ref):
        self._dtypes = dtypes
        self._shapes = shapes if shapes is not None else [TensorShape(None)] * len(dtypes)
        if names is not None:
            names = list(names) if isinstance(names, (list, tuple)) else [names]
            if len(names) != len(dtypes):
                raise ValueError("Queue names must have the same length as dtypes")
        self._names = names
        self._queue_ref = queue_ref
        self._name = queue_ref.op.name

    queue_ref = property(lambda self: self._queue_ref, doc="The queue's handle tensor.")
    name = property(lambda self: self._name, doc="The name of the queue's op.")
    dtypes = property(lambda self: list(self._dtypes))
    shapes = property(lambda self: list(self._shapes))
    names = property(lambda self: self._names)

    def _components(self, vals, op_type):
        if self._names is not None:
            if not isinstance(vals, dict):
                raise ValueError("Queue must have names to enqueue a dictionary, and a "
                                 "dictionary must be enqueued to a queue with names")
            if sorted(vals) != sorted(self._names):
                raise ValueError("Keys in dictionary to enqueue do not match names of Queue.  "
                                 "Dictionary: (%s), Queue: (%s)"
                                 % (sorted(vals), sorted(self._names)))
            vals = [vals[k] for k in self._names]
        elif isinstance(vals, dict):
            raise ValueError("Queue must have names to enqueue a dictionary")
        if not isinstance(vals, (list, tuple)):
            vals = [vals]
        if len(vals) != len(self._dtypes):
            raise ValueError("%s of a queue with %d components was given %d values"
                             % (op_type, len(self._dtypes), len(vals)))
        return [convert_to_tensor(v, dtype=t, name="component_%d" % i)
                for i, (v, t) in enumerate(zip(vals, self._dtypes))]

    def _attrs(self):
        return {"component_types": list(self._dtypes),
                "shapes": [s for s in self._shapes if s.ndims is not None]
                if all(s.ndims is not None for s in self._shapes) else []}

    def enqueue(self, vals, name=None):
        """The op enqueueing one element (a tensor, a list/tuple of them, or a dict for a
        queue with names); it blocks while the queue is full."""
        values = self._components(vals, "enqueue")
        for value, shape in zip(values, self._shapes):
            value.shape.assert_is_compatible_with(shape)
        return make_op("QueueEnqueueV2", [self._queue_ref] + values, self._attrs(),
                       name=name or "%s_enqueue" % self._name)

    def enqueue_many(self, vals, name=None):
        """The op enqueueing the slices along the first dimension of each component."""
        values = self._components(vals, "enqueue_many")
        for value, shape in zip(values, self._shapes):
            if value.shape.ndims == 0:
                raise ValueError("Shape must be at least rank 1 but is rank 0 for '%s' "
                                 "(enqueue_many takes a batch of elements)" % value.name)
            if value.shape.ndims is not None:
                value.shape[1:].assert_is_compatible_with(shape)
        return make_op("QueueEnqueueManyV2", [self._queue_ref] + values, self._attrs(),
                       name=name or "%s_EnqueueMany" % self._name)

    def _packed(self, op):
        outputs = list(op.outputs)
        if self._names is not None:
            return dict(zip(self._names, outputs))
        return outputs[0] if len(outputs) == 1 else outputs

    def dequeue(self, name=None):
        """One element (a tensor, a list, or a dict for a queue with names); blocks while the
        queue is empty, raises ``OutOfRangeError`` once it is closed and empty.

        >>> import autograd_engine as tf
        >>> q = tf.FIFOQueue(3, tf.float32)
        >>> with tf.Session() as sess:
        ...     sess.run(q.enqueue_many([[1.0, 2.0]]))
        ...     float(sess.run(q.dequeue()))
        1.0
        """
        op = make_op("QueueDequeueV2", [self._queue_ref], self._attrs(),
                     name=name or "%s_Dequeue" % self._name)
        return self._packed(op)

    def _dequeue_batch(self, op_type, n, name, default_name):
        n_tensor = convert_to_tensor(n, dtype=dtypes_lib.int32, name="n")
        static_n = constant_value(n_tensor)
        attrs = dict(self._attrs(), static_n=None if static_n is None else int(static_n),
                     padding=isinstance(self, PaddingFIFOQueue))
        return self._packed(make_op(op_type, [self._queue_ref, n_tensor], attrs,
                                    name=name or "%s_%s" % (self._name, default_name)))

    def dequeue_many(self, n, name=None):
        """``n`` elements stacked along a new first dimension; blocks until there are ``n``.
        On a closed queue with fewer, ``OutOfRangeError`` (and nothing is taken)."""
        return self._dequeue_batch("QueueDequeueManyV2", n, name, "DequeueMany")

    def dequeue_up_to(self, n, name=None):
        """As :meth:`dequeue_many`, but a closed queue gives what it has left (at least one)."""
        return self._dequeue_batch("QueueDequeueUpToV2", n, name, "DequeueUpTo")

    def close(self, cancel_pending_enqueues=False, name=None):
        """The op closing the queue: later enqueues fail, dequeues drain what is left;
        ``cancel_pending_enqueues`` also fails the enqueues blocked on a full queue."""
        return make_op("QueueCloseV2", [self._queue_ref],
                       {"cancel_pending_enqueues": bool(cancel_pending_enqueues)},
                       name=name or "%s_Close" % self._name)

    def size(self, name=None):
        """The number of elements in the queue (int32 scalar)."""
        return make_op("QueueSizeV2", [self._queue_ref], None,
                       name=name or "%s_Size" % self._name).outputs[0]

    def is_closed(self, name=None):
        """Whether the queue is closed (bool scalar)."""
        return make_op("QueueIsClosedV2", [self._queue_ref], None,
                       name=name or "%s_IsClosed" % self._name).outputs[0]


def _make_queue(op_type, attrs, name):
    return make_op(op_type, (), attrs, name=name, graph=get_default_graph()).outputs[0]


class FIFOQueue(QueueBase):
    """A first-in first-out queue of ``capacity`` elements.

    >>> import autograd_engine as tf
    >>> q = tf.FIFOQueue(10, [tf.int32, tf.string], shapes=[[], []])
    >>> with tf.Session() as sess:
    ...     sess.run(q.enqueue_many([[1, 2], ["a", "b"]]))
    ...     sess.run(q.dequeue_many(2))
    [array([1, 2], dtype=int32), array([b'a', b'b'], dtype=object)]
    """

    def __init__(self, capacity, dtypes, shapes=None, names=None, shared_name=None,
                 name="fifo_queue"):
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes, dtypes)
        attrs = {"component_types": dtypes, "shapes": shapes or [], "capacity": int(capacity),
                 "shared_name": shared_name or "", "container": ""}
        super().__init__(dtypes, shapes, names, _make_queue("FIFOQueueV2", attrs, name))


class PaddingFIFOQueue(QueueBase):
    """A FIFO queue whose components may have unknown dimensions (``None`` in ``shapes``):
    ``dequeue_many`` pads each batch, along those dimensions, to its largest element, with
    zeros (empty strings for strings).

    >>> import autograd_engine as tf
    >>> q = tf.PaddingFIFOQueue(4, tf.int32, shapes=[[None]])
    >>> with tf.Session() as sess:
    ...     sess.run(q.enqueue([[1, 2, 3]]))
    ...     sess.run(q.enqueue([[4]]))
    ...     sess.run(q.dequeue_many(2)).tolist()
    [[1, 2, 3], [4, 0, 0]]
    """

    def __init__(self, capacity, dtypes, shapes, names=None, shared_name=None,
                 name="padding_fifo_queue"):
        dtypes = _as_type_list(dtypes)
        count = 0 if shapes is None else 1 if isinstance(shapes, TensorShape) or (
            shapes and not isinstance(shapes[0], (list, tuple, TensorShape))) else len(shapes)
        if count != len(dtypes):
            raise ValueError("Shapes must be provided for all components, but received %d "
                             "dtypes and %d shapes." % (len(dtypes), count))
        shapes = _as_shape_list(shapes, dtypes, unknown_dim_allowed=True)
        attrs = {"component_types": dtypes, "shapes": shapes, "capacity": int(capacity),
                 "shared_name": shared_name or "", "container": ""}
        super().__init__(dtypes, shapes, names, _make_queue("PaddingFIFOQueueV2", attrs, name))


class RandomShuffleQueue(QueueBase):
    """A queue that dequeues its elements in a random order, keeping ``min_after_dequeue``
    elements in it (for a good mix) until it is closed.

    >>> import autograd_engine as tf
    >>> q = tf.RandomShuffleQueue(10, 0, tf.int32, shapes=[[]], seed=1)
    >>> with tf.Session() as sess:
    ...     sess.run(q.enqueue_many([[1, 2, 3]]))
    ...     sorted(sess.run(q.dequeue_many(3)).tolist())
    [1, 2, 3]
    """

    def __init__(self, capacity, min_after_dequeue, dtypes, shapes=None, names=None, seed=None,
                 shared_name=None, name="random_shuffle_queue"):
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes, dtypes)
        seed1, seed2 = get_seed(seed)
        attrs = {"component_types": dtypes, "shapes": shapes or [], "capacity": int(capacity),
                 "min_after_dequeue": int(min_after_dequeue), "seed": seed1, "seed2": seed2,
                 "shared_name": shared_name or "", "container": ""}
        super().__init__(dtypes, shapes, names,
                         _make_queue("RandomShuffleQueueV2", attrs, name))


class PriorityQueue(QueueBase):
    """A queue that dequeues its elements smallest priority first: each element's first
    component is its priority (an int64 scalar), given to ``enqueue`` and returned by
    ``dequeue`` before the ``types`` components.

    >>> import autograd_engine as tf
    >>> q = tf.PriorityQueue(10, [tf.string], shapes=[[]])
    >>> with tf.Session() as sess:
    ...     sess.run(q.enqueue_many([[3, 1, 2], ["c", "a", "b"]]))
    ...     sess.run(q.dequeue_many(3))
    [array([1, 2, 3]), array([b'a', b'b', b'c'], dtype=object)]
    """

    def __init__(self, capacity, types, shapes=None, names=None, shared_name=None,
                 name="priority_queue"):
        types = [dtypes_lib.int64] + _as_type_list(types)
        if shapes is not None:
            shapes = [TensorShape([])] + (_as_shape_list(shapes, types[1:]) or [])
        if names is not None:
            names = ["priority"] + (list(names) if isinstance(names, (list, tuple)) else [names])
        attrs = {"component_types": types, "shapes": shapes or [], "capacity": int(capacity),
                 "shared_name": shared_name or "", "container": ""}
        super().__init__(types, shapes, names, _make_queue("PriorityQueueV2", attrs, name))


# ------------------------------------------------------------------ conformance samples
# Declared here, where the queue classes are: each sample makes a queue, fills it from its
# inputs and empties it in the same run (control dependencies order the ops), so every run of
# a fresh Session gives the same values.
def _after(ops, make):
    with control_dependencies(ops):
        return make()


def _fifo_samples(rng):
    """Three rows through a FIFOQueue come out in order; strings too."""
    return [OpSample(lambda x: _round_trip(x, [2]), normal(rng, 3, 2), reference=lambda x: x),
            OpSample(lambda x: _round_trip(x, []), string_array(["a", "bc", ""]),
                     reference=lambda x: x)]


def _round_trip(x, element_shape):
    queue = FIFOQueue(10, x.dtype, shapes=[element_shape])
    return _after([queue.enqueue_many([x])], lambda: queue.dequeue_many(3))


def _padding_samples(rng):
    """Two vectors of lengths 3 and 1 batched: the short one is padded with zeros."""
    def build(x, y):
        queue = PaddingFIFOQueue(4, [x.dtype], shapes=[[None]])
        first = queue.enqueue([x])
        second = _after([first], lambda: queue.enqueue([y]))
        return _after([second], lambda: queue.dequeue_many(2))
    return [OpSample(build, np.array([1, 2, 3], np.int32), np.array([4], np.int32),
                     reference=lambda x, y: np.array([[1, 2, 3], [4, 0, 0]], np.int32))]


def _shuffle_samples(rng):
    """Five values through a seeded RandomShuffleQueue: the same values, in some order."""
    values = rng.permutation(5).astype(np.int32)

    def build(x):
        queue = RandomShuffleQueue(10, 0, x.dtype, shapes=[[]], seed=7)
        return _after([queue.enqueue_many([x])], lambda: queue.dequeue_many(5))

    def same_values(outputs):
        assert sorted(np.asarray(outputs[0]).tolist()) == list(range(5)), outputs
    return [OpSample(build, values, validate=same_values)]


def _priority_samples(rng):
    """Three rows with priorities 2, 0, 1 leave as rows 1, 2, 0."""
    def build(x):
        queue = PriorityQueue(5, [x.dtype], shapes=[[2]])
        filled = queue.enqueue_many([np.array([2, 0, 1], np.int64), x])
        return _after([filled], lambda: queue.dequeue_many(3))
    return [OpSample(build, normal(rng, 3, 2),
                     reference=lambda x: [np.array([0, 1, 2], np.int64), x[[1, 2, 0]]])]


def _enqueue_samples(rng):
    """One element of two components, enqueued then dequeued."""
    def build(x, y):
        queue = FIFOQueue(2, [x.dtype, y.dtype], shapes=[[2, 3], []])
        return _after([queue.enqueue([x, y])], queue.dequeue)
    return [OpSample(build, normal(rng, 2, 3), np.int32(5), reference=lambda x, y: [x, y])]


def _dequeue_samples(rng):
    """The first of four enqueued rows."""
    def build(x):
        queue = FIFOQueue(10, x.dtype, shapes=[[3]])
        return _after([queue.enqueue_many([x])], queue.dequeue)
    return [OpSample(build, normal(rng, 4, 3), reference=lambda x: x[0])]


def _closed_up_to(x, n):
    queue = FIFOQueue(10, x.dtype, shapes=[[]])
    close = _after([queue.enqueue_many([x])], queue.close)
    return _after([close], lambda: queue.dequeue_up_to(n))


def _up_to_samples(rng):
    """A closed queue of three gives its three when asked for up to five; open, exactly n."""
    return [OpSample(lambda x: _closed_up_to(x, 5), normal(rng, 3), reference=lambda x: x),
            OpSample(lambda x: _closed_up_to(x, 2), rng.integers(0, 9, 3).astype(np.int64),
                     reference=lambda x: x[:2])]


def _state_samples(what, closes=(False, True)):
    """The queue's size or closed flag (``what``) after enqueuing the input's values, with
    and/or without closing it (``closes``)."""
    def output(queue):
        return queue.size() if what == "size" else queue.is_closed()

    def expected(x, close):
        return np.int32(len(x)) if what == "size" else np.bool_(close)

    def samples(rng):
        def build(x, close):
            queue = FIFOQueue(10, x.dtype, shapes=[[]])
            filled = [queue.enqueue_many([x])]
            if close:
                filled = [_after(filled, lambda: queue.close(cancel_pending_enqueues=True))]
            return _after(filled, lambda: output(queue))
        return [OpSample(lambda x, close=close: build(x, close), normal(rng, 3 - close),
                         reference=lambda x, close=close: expected(x, close))
                for close in closes]
    return samples


for _type_name, _samples in (("FIFOQueueV2", _fifo_samples),
                             ("PaddingFIFOQueueV2", _padding_samples),
                             ("RandomShuffleQueueV2", _shuffle_samples),
                             ("PriorityQueueV2", _priority_samples),
                             ("QueueEnqueueV2", _enqueue_samples),
                             ("QueueEnqueueManyV2", _fifo_samples),
                             ("QueueDequeueV2", _dequeue_samples),
                             ("QueueDequeueManyV2", _fifo_samples),
                             ("QueueDequeueUpToV2", _up_to_samples),
                             ("QueueSizeV2", _state_samples("size")),
                             ("QueueIsClosedV2", _state_samples("closed")),
                             ("QueueCloseV2", _state_samples("closed", closes=(True,)))):
    get_op_def(_type_name).samples = _samples
