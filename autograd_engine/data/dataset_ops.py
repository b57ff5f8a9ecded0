"""``tf.data.Dataset``: input pipelines that feed a model without feed_dict.

A Dataset is a description, built in Python: a source (``from_tensor_slices``, ``from_tensors``,
``range``, ``from_generator``) and a chain of transformations (``map``, ``filter``, ``shuffle``,
``repeat``, ``batch``, ``take``, ``skip``, ``prefetch``). Tensors the pipeline reads (the
sliced arrays, or anything a ``map`` function captures from outside) are its *captured inputs*:
they become inputs of the iterator op that starts the pipeline, so a placeholder can be fed
when an initializable iterator's ``initializer`` runs, as in TF1.

``map`` and ``filter`` functions are built once, as graph ops on stand-in tensors for one
element (the pattern of ``tf.while_loop``'s body); when a Session binds the iterator op, they
are compiled into sub-plans (``ctx.compile``) that run per element.

Running happens in three steps, all per Session:

* ``_bind(ctx, slot_of)`` (when a plan compiles): compile sub-plans, return ``instantiate``;
* ``instantiate(values)`` (when the iterator is initialized, with the captured inputs'
  values): set up per-initialization state (a shuffle's random generator), return ``epoch``;
* ``epoch()``: a fresh Python iterator over the elements, each a tuple of arrays (one per flat
  component). ``repeat`` calls its input's ``epoch`` once per repetition.

>>> import autograd_engine as tf
>>> ds = tf.data.Dataset.range(10).filter(lambda x: x % 2 > 0).map(lambda x: x * 10).batch(2)
>>> nxt = ds.make_one_shot_iterator().get_next()
>>> with tf.Session() as sess:
...     sess.run(nxt).tolist(), sess.run(nxt).tolist()
([10, 30], [50, 70])
"""
import itertools
import random

from ..framework import dtypes, errors
from ..framework.tensor import Tensor, TensorLike
from ..framework.tensor_shape import TensorShape
from ..ops.constant_op import convert_to_tensor
from ..ops.random_ops import get_seed
from .element_function import TracedFunction
from .element_streams import (buffered_shuffle, chunks, element_converter, repeated,
                              stack_components)
from .iterator_ops import Iterator
from .structure import element_structure, flatten, map_structure, pack_as, shape_text


class Dataset:
    """A sequence of elements, each a nest (tuple, dict or single value) of tensors.

    >>> import numpy as np, autograd_engine as tf
    >>> ds = tf.data.Dataset.from_tensor_slices((np.zeros([5, 3], np.float32), np.arange(5)))
    >>> ds.output_types, ds.output_shapes
    ((tf.float32, tf.int64), (TensorShape([Dimension(3)]), TensorShape([])))
    """

    _function = None  # the TracedFunction of a map or filter

    def __init__(self, output_types, output_shapes, inputs=(), captured=()):
        self._output_types = output_types
        self._output_shapes = output_shapes
        self._flat_types = flatten(output_types)
        self._flat_shapes = flatten(output_shapes)
        self._input_datasets = tuple(inputs)
        self._captured = list(captured)

    output_types = property(lambda self: self._output_types,
                            doc="The dtypes of an element, in the element's structure.")
    output_shapes = property(lambda self: self._output_shapes,
                             doc="The static shapes of an element, in its structure.")
    output_classes = property(lambda self: map_structure(lambda _: Tensor, self._output_types))

    def __iter__(self):
        raise RuntimeError("dataset.__iter__() is only supported when eager execution is "
                           "enabled; in graph mode use dataset.make_one_shot_iterator() (or "
                           "make_initializable_iterator()) and fetch iterator.get_next().")

    def __repr__(self):
        return "<%s shapes: %s, types: %s>" % (type(self).__name__, self._output_shapes,
                                               self._output_types)

    # ------------------------------------------------------------------ sources
    @staticmethod
    def from_tensor_slices(tensors):
        """The slices of ``tensors`` along their first dimension, one element each.

        >>> import autograd_engine as tf
        >>> tf.data.Dataset.from_tensor_slices({"x": [[1, 2], [3, 4]]}).output_shapes
        {'x': TensorShape([Dimension(2)])}
        """
        return TensorSliceDataset(tensors)

    @staticmethod
    def from_tensors(tensors):
        """A dataset of one element: ``tensors`` itself.

        >>> import autograd_engine as tf
        >>> tf.data.Dataset.from_tensors([1, 2, 3]).output_shapes
        TensorShape([Dimension(3)])
        """
        return TensorDataset(tensors)

    @staticmethod
    def range(*args):  # noqa: A003 - TF1's name
        """int64 scalars like Python's ``range(start, stop, step)``.

        >>> import autograd_engine as tf
        >>> tf.data.Dataset.range(2, 8, 3).output_types
        tf.int64
        """
        return RangeDataset(*args)

    @staticmethod
    def from_generator(generator, output_types, output_shapes=None, args=None):
        """The elements a Python generator yields; ``generator`` is a callable returning an
        iterator (called afresh for each pass), ``args`` tensors passed to it as arrays.

        >>> import autograd_engine as tf
        >>> ds = tf.data.Dataset.from_generator(lambda: iter([[1], [2, 3]]), tf.int32, [None])
        >>> ds.output_shapes
        TensorShape([Dimension(None)])
        """
        return GeneratorDataset(generator, output_types, output_shapes, args)

    # ------------------------------------------------------------------ transformations
    def batch(self, batch_size, drop_remainder=False):
        """Stacks ``batch_size`` consecutive elements; the last batch may be smaller unless
        ``drop_remainder`` (then the batch dimension is static).

        >>> import autograd_engine as tf
        >>> tf.data.Dataset.range(5).batch(2, drop_remainder=True).output_shapes
        TensorShape([Dimension(2)])
        """
        return BatchDataset(self, batch_size, drop_remainder)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None):
        """Shuffles through a buffer of ``buffer_size`` elements, as TF does: each output is
        drawn at random from the buffer, and its slot refilled with the next input element.
        A buffer as large as the dataset gives a uniform shuffle.

        >>> import autograd_engine as tf
        >>> tf.data.Dataset.range(4).shuffle(4, seed=1).output_types
        tf.int64
        """
        return ShuffleDataset(self, buffer_size, seed, reshuffle_each_iteration)

    def repeat(self, count=None):
        """The dataset ``count`` times over (forever for None or -1).

        >>> import autograd_engine as tf
        >>> tf.data.Dataset.range(3).repeat(2).output_shapes
        TensorShape([])
        """
        return RepeatDataset(self, count)

    def map(self, map_func, num_parallel_calls=None):
        """``map_func`` applied to each element (a tuple's components as separate arguments),
        built once as graph ops.

        >>> import autograd_engine as tf
        >>> tf.data.Dataset.range(3).map(lambda x: (x, tf.cast(x, tf.float32))).output_types
        (tf.int64, tf.float32)
        """
        return MapDataset(self, map_func)

    def filter(self, predicate):
        """The elements for which ``predicate`` (a function returning a scalar bool tensor)
        holds.

        >>> import autograd_engine as tf
        >>> tf.data.Dataset.range(6).filter(lambda x: x < 3).output_types
        tf.int64
        """
        return FilterDataset(self, predicate)

    def take(self, count):
        """At most the first ``count`` elements (all of them for -1).

        >>> import autograd_engine as tf
        >>> tf.data.Dataset.range(10).take(3).output_types
        tf.int64
        """
        return TakeDataset(self, count)

    def skip(self, count):
        """All but the first ``count`` elements (none for -1).

        >>> import autograd_engine as tf
        >>> tf.data.Dataset.range(10).skip(3).output_types
        tf.int64
        """
        return SkipDataset(self, count)

    def shard(self, num_shards, index):
        """Every ``num_shards``-th element from element ``index`` on: one worker's part of the
        data (``ds.shard(hvd.size(), hvd.rank())``).

        >>> import autograd_engine as tf
        >>> tf.data.Dataset.range(7).shard(3, 1).output_types
        tf.int64
        """
        return ShardDataset(self, num_shards, index)

    def prefetch(self, buffer_size):
        """Accepted for TF1 compatibility: elements are produced when ``get_next`` runs, so
        there is nothing to overlap; returns the dataset itself."""
        return self

    def apply(self, transformation_func):
        """``transformation_func(self)``, for chaining custom transformations."""
        return transformation_func(self)

    # ------------------------------------------------------------------ iterators
    def make_one_shot_iterator(self):
        """An iterator that initializes itself on its first ``get_next`` (per Session).

        >>> import autograd_engine as tf
        >>> nxt = tf.data.Dataset.range(3).make_one_shot_iterator().get_next()
        >>> with tf.Session() as sess:
        ...     [int(sess.run(nxt)) for _ in range(3)]
        [0, 1, 2]
        """
        return Iterator._one_shot(self)

    def make_initializable_iterator(self, shared_name=None):
        """An iterator started (and restarted) by running its ``initializer``, which can feed
        placeholders the dataset reads.

        >>> import autograd_engine as tf
        >>> limit = tf.placeholder(tf.int64, [])
        >>> it = tf.data.Dataset.range(10).filter(lambda x: x < limit).make_initializable_iterator()
        >>> with tf.Session() as sess:
        ...     sess.run(it.initializer, feed_dict={limit: 2})
        ...     [int(sess.run(it.get_next())) for _ in range(2)]
        [0, 1]
        """
        iterator = Iterator.from_structure(self._output_types, self._output_shapes,
                                           shared_name=shared_name)
        iterator._initializer = iterator.make_initializer(self)
        return iterator

    # ------------------------------------------------------------------ running
    def _chain(self):
        """This dataset and every dataset it reads from, sources first."""
        ordered, stack = [], [self]
        while stack:  # iterative: long transformation chains must not hit the recursion limit
            dataset = stack.pop()
            ordered.append(dataset)
            stack.extend(dataset._input_datasets)
        return reversed(ordered)

    def captured_inputs(self):
        """Every tensor the pipeline reads from the graph, each once, sources first."""
        seen, result = set(), []
        for dataset in self._chain():
            for t in dataset._captured:
                if t not in seen:
                    seen.add(t)
                    result.append(t)
        return result

    def function_outputs(self):
        """The outputs of the pipeline's ``map`` and ``filter`` functions: what its iterator
        computes in sub-plans of its own."""
        return [t for dataset in self._chain() if dataset._function is not None
                for t in dataset._function.outputs]

    def _bind(self, ctx, slot_of, rows=False):
        """Bind-time work (see the module docstring); returns ``instantiate(values)``. With
        ``rows`` (only for a chain that :meth:`_row_source` accepts), elements are ``(i,)``:
        row numbers into the sliced tensors, for ``batch`` to gather in one step."""
        raise NotImplementedError

    def _row_source(self):
        """The TensorSliceDataset whose rows this dataset's elements are (selected, reordered
        or repeated, never changed), or None."""
        return None


class Transformation(Dataset):
    """A dataset computed from one input dataset, with the same element structure unless
    given."""
    # True when the transformation only selects, reorders or repeats its input's elements
    # without looking at them: then it works as well on row numbers (see Dataset._bind).
    passes_rows = False

    def __init__(self, input_dataset, output_types=None, output_shapes=None, captured=()):
        super().__init__(input_dataset._output_types if output_types is None else output_types,
                         input_dataset._output_shapes if output_shapes is None else output_shapes,
                         (input_dataset,), captured)
        self._input = input_dataset

    def _row_source(self):
        return self._input._row_source() if self.passes_rows else None


def _python_int(value, what):
    """An int argument given as a Python (or numpy) integer, checked when the pipeline is
    built."""
    if isinstance(value, TensorLike):
        raise TypeError("%s must be a Python int here, not a tensor (%s)." % (what, value))
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise TypeError("%s must be an integer, got %r" % (what, value)) from None
    if count != value:
        raise TypeError("%s must be an integer, got %r" % (what, value))
    return count


def _count(value, what, allow_minus_one=False):
    """A size (>= 0) or, with ``allow_minus_one``, a count where -1 means "all"."""
    count = _python_int(value, what)
    if count < 0 and not (allow_minus_one and count == -1):
        raise ValueError("%s must be %s, got %d" % (
            what, "-1 or at least 0" if allow_minus_one else "at least 0", count))
    return count


# ---------------------------------------------------------------------- sources
def _components(tensors, what):
    """The nest ``tensors`` as graph tensors (lists become one tensor each)."""
    if tensors is None:
        raise TypeError("%s needs tensors, got None" % what)
    return [convert_to_tensor(t, name="component_%d" % i)
            for i, t in enumerate(flatten(tensors))], tensors


class TensorDataset(Dataset):
    """One element: the given tensors (``Dataset.from_tensors``)."""

    def __init__(self, tensors):
        flat, structure = _components(tensors, "from_tensors")
        super().__init__(pack_as(structure, [t.dtype for t in flat]),
                         pack_as(structure, [t.shape for t in flat]), (), flat)

    def _bind(self, ctx, slot_of, rows=False):
        slots = [slot_of[t] for t in self._captured]
        return lambda values: lambda: iter([tuple(values[s] for s in slots)])


class TensorSliceDataset(Dataset):
    """The slices of the given tensors along dimension 0 (``Dataset.from_tensor_slices``)."""

    def __init__(self, tensors):
        flat, structure = _components(tensors, "from_tensor_slices")
        rows = None
        for t in flat:
            if t.shape.ndims == 0:
                raise ValueError("Unbatching a tensor is only supported for rank >= 1: "
                                 "from_tensor_slices got %s of shape ()." % t.name)
            length = t.shape[0].value
            if rows is not None and length is not None and length != rows[1]:
                raise ValueError("Dimensions %d and %d are not compatible: every component of "
                                 "from_tensor_slices needs the same size in dimension 0 (%s has "
                                 "%d, %s has %d)." % (rows[1], length, rows[0].name, rows[1],
                                                       t.name, length))
            if rows is None and length is not None:
                rows = (t, length)
        super().__init__(pack_as(structure, [t.dtype for t in flat]),
                         pack_as(structure, [t.shape[1:] for t in flat]), (), flat)

    def _row_source(self):
        return self

    def _bind(self, ctx, slot_of, rows=False):
        slots = [slot_of[t] for t in self._captured]
        names = [t.name for t in self._captured]

        def instantiate(values):
            components = [values[s] for s in slots]
            lengths = {len(c) for c in components}
            if len(lengths) > 1:
                raise ValueError("Dimension 0 in both shapes must be equal: the components of "
                                 "from_tensor_slices have %s rows (%s)." % (
                                     " and ".join(str(len(c)) for c in components),
                                     ", ".join(names)))
            if rows:
                numbers = range(len(components[0]))
                return lambda: ((i,) for i in numbers)
            if len(components) == 1:
                only = components[0]
                return lambda: ((row,) for row in only)
            return lambda: zip(*components)
        return instantiate


class RangeDataset(Dataset):
    """int64 scalars ``start, start + step, ...`` below ``stop`` (``Dataset.range``)."""

    def __init__(self, *args):
        if not 1 <= len(args) <= 3:
            raise ValueError("Dataset.range takes 1 to 3 arguments (stop; start, stop; or "
                             "start, stop, step), got %d" % len(args))
        bounds = [_python_int(a, "Dataset.range argument") for a in args]
        self._range = range(*bounds)  # raises ValueError for step 0, as Python does
        super().__init__(dtypes.int64, TensorShape([]))

    def _bind(self, ctx, slot_of, rows=False):
        xp, numbers = ctx.xp, self._range
        int64 = dtypes.int64.np_dtype
        return lambda values: lambda: ((xp.asarray(i, dtype=int64),) for i in numbers)


class GeneratorDataset(Dataset):
    """The elements a Python generator yields (``Dataset.from_generator``)."""

    def __init__(self, generator, output_types, output_shapes=None, args=None):
        if not callable(generator):
            raise TypeError("`generator` must be callable (a function returning an iterator), "
                            "got %r" % (generator,))
        types, shapes = element_structure(output_types, output_shapes)
        arg_tensors = [convert_to_tensor(a) for a in (args or ())]
        super().__init__(types, shapes, (), arg_tensors)
        self._generator = generator

    def _bind(self, ctx, slot_of, rows=False):
        generator, slots = self._generator, [slot_of[t] for t in self._captured]
        convert = element_converter(ctx.xp, self._output_types, self._flat_types,
                                    self._flat_shapes)

        def instantiate(values):
            arguments = [values[s] for s in slots]
            return lambda: (convert(v) for v in generator(*arguments))
        return instantiate


# ---------------------------------------------------------------------- transformations
class BatchDataset(Transformation):
    def __init__(self, input_dataset, batch_size, drop_remainder=False):
        self._batch_size = _count(batch_size, "batch_size")
        if self._batch_size == 0:
            raise ValueError("Batch size must be greater than zero.")
        self._drop_remainder = bool(drop_remainder)
        outer = TensorShape([self._batch_size if self._drop_remainder else None])
        shapes = map_structure(outer.concatenate, input_dataset._output_shapes)
        super().__init__(input_dataset, output_shapes=shapes)

    def _bind(self, ctx, slot_of, rows=False):
        if self._input._row_source() is not None:
            return self._bind_gather(ctx, slot_of)
        instantiate_input = self._input._bind(ctx, slot_of)
        size, drop, stack = self._batch_size, self._drop_remainder, ctx.xp.stack

        def instantiate(values):
            input_epoch = instantiate_input(values)
            return lambda: (stack_components(stack, chunk)
                            for chunk in chunks(input_epoch(), size, drop))
        return instantiate

    def _bind_gather(self, ctx, slot_of):
        """The input's elements are rows of sliced tensors (from_tensor_slices, then only
        shuffle/repeat/take/skip): run that chain on row numbers and gather each batch with
        one indexing per component instead of stacking row by row."""
        instantiate_rows = self._input._bind(ctx, slot_of, rows=True)
        slots = [slot_of[t] for t in self._input._row_source()._captured]
        size, drop, xp = self._batch_size, self._drop_remainder, ctx.xp
        index_type = dtypes.int64.np_dtype

        def instantiate(values):
            components = [values[s] for s in slots]
            input_epoch = instantiate_rows(values)

            def epoch():
                for chunk in chunks(input_epoch(), size, drop):
                    index = xp.asarray([row for row, in chunk], dtype=index_type)
                    yield tuple(component[index] for component in components)
            return epoch
        return instantiate


class ShuffleDataset(Transformation):
    passes_rows = True
    def __init__(self, input_dataset, buffer_size, seed=None, reshuffle_each_iteration=None):
        self._buffer_size = _count(buffer_size, "buffer_size")
        if self._buffer_size == 0:
            raise ValueError("buffer_size must be greater than zero.")
        graph_seed, op_seed = get_seed(seed)
        self._seed = None if op_seed is None else "%d/%d" % (graph_seed, op_seed)
        self._reshuffle = True if reshuffle_each_iteration is None else bool(reshuffle_each_iteration)
        super().__init__(input_dataset)

    def _bind(self, ctx, slot_of, rows=False):
        instantiate_input = self._input._bind(ctx, slot_of, rows)
        size, seed, reshuffle = self._buffer_size, self._seed, self._reshuffle

        def instantiate(values):
            input_epoch = instantiate_input(values)
            # Each initialization starts from the seed (an unseeded one from fresh entropy);
            # each pass of a repeat then draws a new order unless reshuffling is off.
            base = seed if seed is not None else str(random.SystemRandom().getrandbits(64))
            passes = itertools.count()

            def epoch():
                n = next(passes) if reshuffle else 0
                return buffered_shuffle(input_epoch(), size, random.Random("%s/%d" % (base, n)))
            return epoch
        return instantiate


class RepeatDataset(Transformation):
    passes_rows = True
    def __init__(self, input_dataset, count=None):
        self._count = -1 if count is None else _count(count, "count", True)
        super().__init__(input_dataset)

    def _bind(self, ctx, slot_of, rows=False):
        instantiate_input = self._input._bind(ctx, slot_of, rows)
        count = self._count

        def instantiate(values):
            input_epoch = instantiate_input(values)
            return lambda: repeated(input_epoch, count)
        return instantiate


class _SliceTransformation(Transformation):
    """``take``, ``skip``, ``shard``: the input's elements in ``islice(*self._window())``."""
    passes_rows = True

    def __init__(self, input_dataset, count):
        self._count = _count(count, "count", True)
        super().__init__(input_dataset)

    def _window(self):
        raise NotImplementedError

    def _bind(self, ctx, slot_of, rows=False):
        instantiate_input = self._input._bind(ctx, slot_of, rows)
        start, stop, *step = self._window()

        def instantiate(values):
            input_epoch = instantiate_input(values)
            return lambda: itertools.islice(input_epoch(), start, stop, *step)
        return instantiate


class TakeDataset(_SliceTransformation):
    def _window(self):
        return 0, None if self._count == -1 else self._count


class SkipDataset(_SliceTransformation):
    def _window(self):
        if self._count == -1:
            return 0, 0
        return self._count, None


class ShardDataset(_SliceTransformation):
    def __init__(self, input_dataset, num_shards, index):
        shards, index = _python_int(num_shards, "num_shards"), _python_int(index, "index")
        if shards < 1 or not 0 <= index < shards:
            raise errors.InvalidArgumentError(None, None, "Index must be between 0 and %d "
                                              "(currently index = %d)." % (shards - 1, index)
                                              if shards > 0 else "Number of shards must be "
                                              "greater than zero (currently num_shards = %d)."
                                              % shards)
        super().__init__(input_dataset, -1)
        self._window = lambda: (index, None, shards)


class MapDataset(Transformation):
    def __init__(self, input_dataset, map_func):
        self._function = TracedFunction(map_func, input_dataset, "MapDataset")
        outputs = self._function.outputs
        super().__init__(input_dataset,
                         pack_as(self._function.structure, [t.dtype for t in outputs]),
                         pack_as(self._function.structure, [t.shape for t in outputs]),
                         self._function.captured)

    def _bind(self, ctx, slot_of, rows=False):
        instantiate_input = self._input._bind(ctx, slot_of)
        call = self._function.compile(ctx, slot_of)

        def instantiate(values):
            input_epoch = instantiate_input(values)
            return lambda: (tuple(call(element, values)) for element in input_epoch())
        return instantiate


class FilterDataset(Transformation):
    def __init__(self, input_dataset, predicate):
        self._function = TracedFunction(predicate, input_dataset, "FilterDataset")
        outputs = self._function.outputs
        if len(outputs) != 1 or not outputs[0].dtype.is_bool or \
                not outputs[0].shape.is_compatible_with(TensorShape([])):
            raise ValueError("`predicate` return type must be convertible to a scalar boolean "
                             "tensor. Was %s." % ", ".join(
                                 "%s of shape %s" % (t.dtype.name, shape_text(t.shape))
                                 for t in outputs))
        super().__init__(input_dataset, captured=self._function.captured)

    def _bind(self, ctx, slot_of, rows=False):
        instantiate_input = self._input._bind(ctx, slot_of)
        call = self._function.compile(ctx, slot_of)

        def instantiate(values):
            input_epoch = instantiate_input(values)
            return lambda: (e for e in input_epoch() if call(e, values)[0])
        return instantiate


__all__ = ["Dataset"]
