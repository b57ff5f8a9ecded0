"""``tf.data.Iterator``: the ops that run a Dataset inside a Session.

* ``Iterator`` (no inputs) yields the iterator's state for this Session, kept in
  ``ctx.resources`` under the op, like a Variable's value: two Sessions iterate separately.
* ``MakeIterator`` (the handle and the dataset's captured inputs) starts the dataset: it is
  ``iterator.initializer`` / ``iterator.make_initializer(dataset)``.
* ``OneShotIterator`` (the captured inputs) is a handle that starts its dataset the first time
  it runs in a Session.
* ``IteratorGetNext`` (the handle) produces the next element, one output per component, or
  raises ``OutOfRangeError`` ("End of sequence"), which fails the whole ``sess.run``, as in TF1.
"""
import threading

from ..framework import dtypes, errors
from ..framework.graph import get_default_graph
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape, as_shape
from ..ops.registry import OpDef, make_op, register
from .structure import element_structure, flatten, map_structure, pack_as

_HANDLE_SPEC = [(dtypes.variant, TensorShape([]))]


class _IteratorState:
    """One Session's position in one iterator: a Python iterator over elements, or None
    before initialization. Runs of one Session in several threads share it: ``lock`` makes
    each advance (and each start) one step, as TF1's iterators are thread-safe (a Python
    generator advanced by two threads at once raises "generator already executing")."""
    __slots__ = ("elements", "lock")

    def __init__(self):
        self.elements = None
        self.lock = threading.RLock()


def _state(op, ctx):
    # setdefault: plans compiled at once in two threads must share one state
    return ctx.resources.setdefault(op, _IteratorState())


def _dataset_starter(op, captured, ctx):
    """Binds the op's dataset (its sub-plans compile now); returns ``start(values)`` giving a
    fresh Python iterator over its elements for the captured inputs' values."""
    dataset = op.attrs.get("dataset")
    if dataset is None:  # a graph re-imported from a meta graph: pipelines are Python objects
        def not_saved(values):
            raise errors.FailedPreconditionError(
                None, op, "The input pipeline of %s was not saved with the meta graph (tf.data "
                "pipelines are Python objects, not graph ops). Build the pipeline again and make "
                "an iterator (or Iterator.make_initializer) for it." % op.name)
        return not_saved
    instantiate = dataset._bind(ctx, {t: i for i, t in enumerate(captured)})
    return lambda values: instantiate(values)()


class _PipelineOp(OpDef):
    """The iterator ops: they read or change the Session's iterator state, so they are never
    folded or merged, and nothing flows back through them."""
    stateful = True
    differentiable = False
    host_only = True  # a pipeline is Python code producing numpy arrays, as in TF1 (CPU only)

    def subplan_outputs(self, op):
        dataset = op.attrs.get("dataset")  # the ops that start a dataset hold it
        return dataset.function_outputs() if dataset is not None else ()


class _HandleOp(_PipelineOp):
    """An op whose output is an iterator's handle (a variant scalar)."""

    def infer(self, op):
        return _HANDLE_SPEC


@register
class IteratorHandle(_HandleOp):
    type_name = "Iterator"

    def kernel(self, op, ctx):
        state = _state(op, ctx)
        return lambda: state


@register
class OneShotIterator(_HandleOp):
    type_name = "OneShotIterator"

    def kernel(self, op, ctx):
        state = _state(op, ctx)
        start = _dataset_starter(op, op.inputs, ctx)

        def handle(*values):
            with state.lock:
                if state.elements is None:
                    state.elements = start(values)
            return state
        return handle


@register
class MakeIterator(_PipelineOp):
    type_name = "MakeIterator"

    def infer(self, op):
        return []

    def kernel(self, op, ctx):
        start = _dataset_starter(op, op.inputs[1:], ctx)

        def initialize(state, *values):
            elements = start(values)
            with state.lock:
                state.elements = elements
        return initialize


@register
class IteratorGetNext(_PipelineOp):
    type_name = "IteratorGetNext"

    def infer(self, op):
        return list(zip(op.attrs["output_types"], op.attrs["output_shapes"]))

    def kernel(self, op, ctx):
        single = len(op.outputs) == 1
        end = "End of sequence\n\t [[{{node %s}}]]" % op.name
        not_initialized = (
            "GetNext() failed because the iterator has not been initialized. Ensure that you "
            "have run the initializer operation for this iterator before getting the next "
            "element (sess.run(iterator.initializer)).\n\t [[{{node %s}}]]%s"
            % (op.name, op.creation_site()))

        def get_next(state):
            with state.lock:
                elements = state.elements
                if elements is None:
                    raise errors.FailedPreconditionError(None, op, not_initialized)
                try:
                    element = next(elements)
                except StopIteration:
                    raise errors.OutOfRangeError(None, op, end) from None
            return element[0] if single else element
        return get_next


class Iterator:
    """Produces a dataset's elements in a Session: fetch ``get_next()`` to advance.

    >>> import autograd_engine as tf
    >>> it = tf.data.Iterator.from_structure(tf.int64, [])
    >>> init_a = it.make_initializer(tf.data.Dataset.range(3))
    >>> init_b = it.make_initializer(tf.data.Dataset.range(10, 12))
    >>> nxt = it.get_next()
    >>> with tf.Session() as sess:
    ...     sess.run(init_b)
    ...     int(sess.run(nxt))
    10
    """

    def __init__(self, handle, initializer, output_types, output_shapes):
        self._handle = handle
        self._initializer = initializer
        self._output_types = output_types
        self._output_shapes = output_shapes
        self._flat_types = flatten(output_types)
        self._flat_shapes = flatten(output_shapes)

    output_types = property(lambda self: self._output_types)
    output_shapes = property(lambda self: self._output_shapes)
    output_classes = property(lambda self: map_structure(lambda _: Tensor, self._output_types))

    @staticmethod
    def from_structure(output_types, output_shapes=None, shared_name=None, output_classes=None):
        """An iterator not bound to a dataset: ``make_initializer(dataset)`` gives the op
        that (re)starts it on any dataset of this structure (train and test sets alike).

        >>> import autograd_engine as tf
        >>> tf.data.Iterator.from_structure((tf.float32, tf.int32), ([None, 2], [None])).output_shapes
        (TensorShape([Dimension(None), Dimension(2)]), TensorShape([Dimension(None)]))
        """
        types, shapes = element_structure(output_types, output_shapes)
        handle = make_op("Iterator", (), {"shared_name": shared_name or ""},
                         name="Iterator").outputs[0]
        return Iterator(handle, None, types, shapes)

    @classmethod
    def _one_shot(cls, dataset):
        captured = dataset.captured_inputs()
        _refuse_placeholders(captured)
        graph = captured[0].graph if captured else get_default_graph()
        handle = make_op("OneShotIterator", captured, {"dataset": dataset},
                         name="OneShotIterator", graph=graph).outputs[0]
        return cls(handle, None, dataset.output_types, dataset.output_shapes)

    @property
    def initializer(self):
        """The op that (re)starts the iterator on its dataset."""
        if self._initializer is None:
            raise ValueError("Iterator does not have an initializer: a one-shot iterator starts "
                             "itself, and one made with Iterator.from_structure is started by "
                             "the op iterator.make_initializer(dataset) returns.")
        return self._initializer

    def make_initializer(self, dataset, name=None):
        """The op that (re)starts this iterator on ``dataset``, which must have the
        iterator's element types and compatible shapes."""
        if map_structure(lambda _: 0, dataset.output_types) != \
                map_structure(lambda _: 0, self._output_types) or \
                dataset._flat_types != self._flat_types:
            raise TypeError("Expected output types %r but got dataset with output types %r."
                            % (self._output_types, dataset.output_types))
        if not all(mine.is_compatible_with(theirs)
                   for mine, theirs in zip(self._flat_shapes, dataset._flat_shapes)):
            raise TypeError("Expected output shapes compatible with %r but got dataset with "
                            "output shapes %r." % (self._output_shapes, dataset.output_shapes))
        captured = dataset.captured_inputs()
        return make_op("MakeIterator", [self._handle] + captured, {"dataset": dataset},
                       name=name or "MakeIterator")

    def get_next(self, name=None):
        """Tensors for the next element, in the dataset's structure; running them advances
        the iterator (once per ``sess.run``, however many of them are fetched).

        >>> import autograd_engine as tf
        >>> x, y = tf.data.Dataset.from_tensor_slices(([1, 2], [3, 4])).batch(2) \\
        ...     .make_one_shot_iterator().get_next()
        >>> x.shape.as_list()
        [None]
        """
        op = make_op("IteratorGetNext", [self._handle],
                     {"output_types": self._flat_types,
                      "output_shapes": [as_shape(s) for s in self._flat_shapes]},
                     name=name or "IteratorGetNext")
        return pack_as(self._output_types, op.outputs)


def _refuse_placeholders(captured):
    """A one-shot iterator starts itself, so nothing could feed a placeholder its dataset
    reads: refuse it when the iterator is made, not on the first run."""
    from ..client.plan import prune
    for op in sorted(prune(captured, set()), key=lambda o: o._id):
        if op.type == "Placeholder":
            raise ValueError(
                "Cannot capture a placeholder (name:%s, type:Placeholder) by value: a one-shot "
                "iterator starts itself, so nothing can feed it. Use "
                "dataset.make_initializable_iterator() and feed the placeholder when running "
                "iterator.initializer." % op.name)


__all__ = ["Iterator"]
