"""The rest of TF1's ``tf.data``: cardinality, options, ``unbatch``, sampling and choosing
between datasets, dropping elements whose ``map`` fails, the ``tf.data.get_output_*`` and
``make_*_iterator`` functions and ``as_numpy_iterator``.

``Dataset.cardinality()`` is worked out while the graph is built (a constant int64 tensor):
``INFINITE_CARDINALITY`` (-1) for an endless ``repeat``, ``UNKNOWN_CARDINALITY`` (-2) where it
depends on values (``filter``, generators, files, slices of a tensor of unknown length).

``as_numpy_iterator()`` works in graph mode when the pipeline reads no placeholder: it runs the
dataset's iterator in a Session of its own on the dataset's graph and yields numpy elements.

dataset_ops.py holds the core Dataset and is at the module size limit: the methods defined here
are attached to it at the end of this module.

>>> import autograd_engine as tf
>>> ds = tf.data.Dataset.range(10).batch(4)
>>> with tf.Session() as sess:
...     int(sess.run(ds.cardinality()))
3
>>> rows = tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]])
>>> [int(x) for x in rows.unbatch().as_numpy_iterator()]
[1, 2, 3, 4]
"""
import random

from ..client.session import Session
from ..framework import dtypes, errors
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from ..ops.constant_op import constant
from ..ops.random_ops import get_seed
from .dataset_ops import (BatchDataset, Dataset, MapDataset, RangeDataset, RepeatDataset,
                          ShardDataset, ShuffleDataset, SkipDataset, TakeDataset, TensorDataset,
                          TensorSliceDataset, Transformation)
from .structure import flatten, map_structure, pack_as

AUTOTUNE = -1
INFINITE_CARDINALITY = -1
UNKNOWN_CARDINALITY = -2


# ---------------------------------------------------------------------- cardinality
def _static_cardinality(dataset):
    """The number of elements, INFINITE_CARDINALITY or UNKNOWN_CARDINALITY, known now."""
    rule = _CARDINALITY_RULES.get(type(dataset))
    return UNKNOWN_CARDINALITY if rule is None else rule(dataset)


def _of_input(dataset):
    return _static_cardinality(dataset._input)


def _slices(dataset):
    lengths = {t.shape[0].value for t in dataset._captured}
    known = {n for n in lengths if n is not None}
    return known.pop() if len(known) == 1 else UNKNOWN_CARDINALITY


def _repeat(dataset):
    inner = _of_input(dataset)
    if inner in (0, UNKNOWN_CARDINALITY) or dataset._count == 0:
        return inner if dataset._count != 0 else 0
    if dataset._count == -1 or inner == INFINITE_CARDINALITY:
        return INFINITE_CARDINALITY
    return inner * dataset._count


def _batch(dataset):
    inner = _of_input(dataset)
    if inner < 0:
        return inner
    size = dataset._batch_size
    return inner // size if dataset._drop_remainder else -(-inner // size)


def _take(dataset):
    inner = _of_input(dataset)
    if dataset._count == -1:
        return inner
    return dataset._count if inner == INFINITE_CARDINALITY else \
        inner if inner == UNKNOWN_CARDINALITY else min(inner, dataset._count)


def _skip(dataset):
    inner = _of_input(dataset)
    if inner < 0:
        return inner
    return 0 if dataset._count == -1 else max(0, inner - dataset._count)


def _shard(dataset):
    inner = _of_input(dataset)
    start, _, shards = dataset._window()
    return inner if inner < 0 else max(0, -(-(inner - start) // shards))


_CARDINALITY_RULES = {
    TensorDataset: lambda dataset: 1,
    TensorSliceDataset: _slices,
    RangeDataset: lambda dataset: len(dataset._range),
    BatchDataset: _batch, ShuffleDataset: _of_input, RepeatDataset: _repeat,
    MapDataset: _of_input, TakeDataset: _take, SkipDataset: _skip, ShardDataset: _shard,
}


def cardinality(dataset):
    """``tf.data.experimental.cardinality``: the number of elements of ``dataset`` as an int64
    scalar tensor (INFINITE_CARDINALITY, UNKNOWN_CARDINALITY; see the module docstring)."""
    return constant(_static_cardinality(dataset), dtypes.int64, name="Cardinality")


# ---------------------------------------------------------------------- options
class ThreadingOptions:
    """``tf.data.ThreadingOptions``: recorded (a pipeline runs in the thread fetching it)."""

    def __init__(self):
        self.max_intra_op_parallelism = None
        self.private_threadpool_size = None


class Options:
    """``tf.data.Options``: settings a pipeline carries (``Dataset.with_options``). They are
    recorded and returned by ``Dataset.options()``: elements are produced one at a time, in
    order, by the thread that fetches them, so determinism and threading are given."""

    def __init__(self):
        self.experimental_deterministic = None
        self.deterministic = None
        self.experimental_slack = None
        self.experimental_external_state_policy = None
        self.threading = ThreadingOptions()
        self.experimental_threading = self.threading

    def merge(self, options):
        """A new Options: these, overridden by what ``options`` sets."""
        merged = Options()
        for source in (self, options):
            for key, value in vars(source).items():
                if isinstance(value, ThreadingOptions):
                    for inner, setting in vars(value).items():
                        if setting is not None:
                            setattr(merged.threading, inner, setting)
                elif value is not None:
                    setattr(merged, key, value)
        merged.experimental_threading = merged.threading
        return merged

    def __eq__(self, other):
        return isinstance(other, Options) and _settings(self) == _settings(other)

    __hash__ = None


def _settings(options):
    return ({k: v for k, v in vars(options).items() if not isinstance(v, ThreadingOptions)},
            vars(options.threading))


class _PassThrough(Transformation):
    """A transformation whose elements are its input's (options, cardinality assertions)."""
    passes_rows = True

    def _bind(self, ctx, slot_of, rows=False):
        return self._input._bind(ctx, slot_of, rows)


class OptionsDataset(_PassThrough):
    def __init__(self, input_dataset, options):
        if not isinstance(options, Options):
            raise TypeError("with_options needs a tf.data.Options, got %r" % (options,))
        self._options = options
        super().__init__(input_dataset)


_CARDINALITY_RULES[OptionsDataset] = _of_input


def _options(dataset):
    merged = Options()
    for step in dataset._chain():
        if isinstance(step, OptionsDataset):
            merged = merged.merge(step._options)
    return merged


# ---------------------------------------------------------------------- transformations
class UnbatchDataset(Transformation):
    """The slices along dimension 0 of each element (``unbatch``)."""

    def __init__(self, input_dataset):
        for shape in flatten(input_dataset.output_shapes):
            if shape.ndims == 0:
                raise ValueError("Cannot unbatch an input with scalar components.")
        shapes = map_structure(lambda s: s[1:] if s.ndims is not None else TensorShape(None),
                               input_dataset.output_shapes)
        super().__init__(input_dataset, output_shapes=shapes)

    def _bind(self, ctx, slot_of, rows=False):
        instantiate_input = self._input._bind(ctx, slot_of)

        def instantiate(values):
            input_epoch = instantiate_input(values)

            def epoch():
                for element in input_epoch():
                    counts = {len(c) for c in element}
                    if len(counts) > 1:
                        raise errors.InvalidArgumentError(
                            None, None, "Input element must have the same batch size in each "
                            "component; got sizes %s." % sorted(counts))
                    yield from zip(*element)
            return epoch
        return instantiate


class IgnoreErrorsDataset(Transformation):
    """The elements of a ``map`` whose function did not fail (``ignore_errors``)."""

    def __init__(self, input_dataset):
        if not isinstance(input_dataset, MapDataset):
            raise ValueError("ignore_errors() drops the elements a map function fails on: apply "
                             "it right after .map(...), got %s" % type(input_dataset).__name__)
        super().__init__(input_dataset)

    def _bind(self, ctx, slot_of, rows=False):
        mapped = self._input
        instantiate_source = mapped._input._bind(ctx, slot_of)
        call = mapped._function.compile(ctx, slot_of)

        def instantiate(values):
            source_epoch = instantiate_source(values)

            def epoch():
                for element in source_epoch():
                    try:
                        result = tuple(call(element, values))
                    except errors.OutOfRangeError:
                        raise
                    except errors.OpError:
                        continue
                    yield result
            return epoch
        return instantiate


def _same_structure(datasets, what):
    first = datasets[0]
    for other in datasets[1:]:
        if flatten(other.output_types) != flatten(first.output_types):
            raise TypeError("All datasets given to %s must have the same element types: %s "
                            "and %s" % (what, first.output_types, other.output_types))
    shapes = [flatten(d.output_shapes) for d in datasets]
    merged = [TensorShape(None) if any(not s.is_compatible_with(group[0]) for s in group)
              else _most_specific_common(group) for group in zip(*shapes)]
    return first.output_types, pack_as(first.output_shapes, merged)


def _most_specific_common(shapes):
    if any(s.ndims is None for s in shapes) or len({s.ndims for s in shapes}) > 1:
        return TensorShape(None)
    dims = [d if all(s.as_list()[i] == d for s in shapes) else None
            for i, d in enumerate(shapes[0].as_list())]
    return TensorShape(dims)


class _Interleaved(Dataset):
    """Elements of ``datasets``, the next one taken from the input an ``order`` stream picks
    (an exhausted input is skipped, as in TF1)."""

    def __init__(self, datasets, what, extra_inputs=()):
        datasets = list(datasets)
        if not datasets:
            raise ValueError("%s needs at least one dataset" % what)
        types, shapes = _same_structure(datasets, what)
        super().__init__(types, shapes, tuple(datasets) + tuple(extra_inputs))
        self._datasets = datasets

    def _bind_inputs(self, ctx, slot_of):
        return [d._bind(ctx, slot_of) for d in self._datasets]


class SampleDataset(_Interleaved):
    def __init__(self, datasets, weights=None, seed=None):
        super().__init__(datasets, "sample_from_datasets")
        count = len(self._datasets)
        weights = [1.0 / count] * count if weights is None else [float(w) for w in weights]
        if len(weights) != count or any(w < 0 for w in weights) or sum(weights) <= 0:
            raise ValueError("weights must be %d non-negative numbers with a positive sum, got "
                             "%r" % (count, weights))
        self._weights = weights
        graph_seed, op_seed = get_seed(seed)
        self._seed = None if op_seed is None else "%d/%d" % (graph_seed, op_seed)

    def _bind(self, ctx, slot_of, rows=False):
        instantiate_inputs = self._bind_inputs(ctx, slot_of)
        weights, seed = self._weights, self._seed

        def instantiate(values):
            epochs = [instantiate(values) for instantiate in instantiate_inputs]
            rng = random.Random(seed if seed is not None else random.SystemRandom().random())

            def epoch():
                streams = [e() for e in epochs]
                live = [i for i, w in enumerate(weights) if w > 0]
                while live:
                    pick = rng.choices(live, [weights[i] for i in live])[0]
                    try:
                        yield next(streams[pick])
                    except StopIteration:
                        live.remove(pick)
            return epoch
        return instantiate


class ChooseDataset(_Interleaved):
    def __init__(self, datasets, choice_dataset):
        if choice_dataset.output_types != dtypes.int64 or \
                not choice_dataset.output_shapes.is_compatible_with(TensorShape([])):
            raise TypeError("`choice_dataset` must be a dataset of scalar tf.int64 tensors, "
                            "got %s of shape %s" % (choice_dataset.output_types,
                                                    choice_dataset.output_shapes))
        super().__init__(datasets, "choose_from_datasets", (choice_dataset,))
        self._choices = choice_dataset

    def _bind(self, ctx, slot_of, rows=False):
        instantiate_inputs = self._bind_inputs(ctx, slot_of)
        instantiate_choices = self._choices._bind(ctx, slot_of)
        count = len(self._datasets)

        def instantiate(values):
            epochs = [instantiate(values) for instantiate in instantiate_inputs]
            choice_epoch = instantiate_choices(values)

            def epoch():
                streams, done = [e() for e in epochs], set()
                for (choice,) in choice_epoch():
                    index = int(choice)
                    if not 0 <= index < count:
                        raise errors.InvalidArgumentError(
                            None, None, "Selector index out of range: %d (%d datasets)"
                            % (index, count))
                    if index in done:
                        continue
                    try:
                        yield next(streams[index])
                    except StopIteration:
                        done.add(index)
            return epoch
        return instantiate


# ---------------------------------------------------------------------- numpy iteration
class NumpyIterator:
    """Iterates a dataset's elements as numpy values (``Dataset.as_numpy_iterator``), by
    running its one-shot iterator in a Session of its own on the dataset's graph."""

    def __init__(self, dataset):
        captured = dataset.captured_inputs()
        graph = captured[0].graph if captured else get_default_graph()
        with graph.as_default():
            self._next = dataset.make_one_shot_iterator().get_next()
        self._session = Session(graph=graph)

    def __iter__(self):
        return self

    def __next__(self):
        if self._session is None:
            raise StopIteration
        try:
            return self._session.run(self._next)
        except errors.OutOfRangeError:
            self._session.close()
            self._session = None
            raise StopIteration from None

    next = __next__


# ---------------------------------------------------------------------- functions
def get_output_types(dataset_or_iterator):
    """The element dtypes of a Dataset or Iterator."""
    return dataset_or_iterator.output_types


def get_output_shapes(dataset_or_iterator):
    """The element shapes of a Dataset or Iterator."""
    return dataset_or_iterator.output_shapes


def get_output_classes(dataset_or_iterator):
    """The element classes (``tf.Tensor`` for each component) of a Dataset or Iterator."""
    return dataset_or_iterator.output_classes


def make_one_shot_iterator(dataset):
    """``dataset.make_one_shot_iterator()``."""
    return dataset.make_one_shot_iterator()


def make_initializable_iterator(dataset, shared_name=None):
    """``dataset.make_initializable_iterator(shared_name)``."""
    return dataset.make_initializable_iterator(shared_name)


class DatasetSpec:
    """The type of a Dataset value: its element structure (``tf.data.DatasetSpec``).

    >>> import autograd_engine as tf
    >>> DatasetSpec.from_value(tf.data.Dataset.range(3)).element_spec
    (tf.int64, TensorShape([]))
    """

    def __init__(self, element_spec, dataset_shape=()):
        self.element_spec = element_spec
        self.dataset_shape = TensorShape(dataset_shape)
        self.value_type = Dataset

    @staticmethod
    def from_value(value):
        return DatasetSpec((value.output_types, value.output_shapes))

    def __eq__(self, other):
        return isinstance(other, DatasetSpec) and \
            repr(self.element_spec) == repr(other.element_spec) and \
            self.dataset_shape.as_list() == other.dataset_shape.as_list()

    __hash__ = None

    def __repr__(self):
        return "DatasetSpec(%r, %s)" % (self.element_spec, self.dataset_shape)


# ---------------------------------------------------------------------- Dataset methods
def _with_options(self, options):
    """The dataset with ``options`` (a ``tf.data.Options``) merged into its own."""
    return OptionsDataset(self, options)


def _as_numpy_iterator(self):
    """A :class:`NumpyIterator` over the dataset's elements (see the module docstring)."""
    return NumpyIterator(self)


def _unbatch(self):
    """The components of each element split along their first dimension."""
    return UnbatchDataset(self)


Dataset.cardinality = cardinality
Dataset.options = _options
Dataset.with_options = _with_options
Dataset.unbatch = _unbatch
Dataset.as_numpy_iterator = _as_numpy_iterator

__all__ = ["AUTOTUNE", "DatasetSpec", "INFINITE_CARDINALITY", "NumpyIterator", "Options",
           "ThreadingOptions", "UNKNOWN_CARDINALITY", "cardinality", "get_output_classes",
           "get_output_shapes", "get_output_types", "make_initializable_iterator",
           "make_one_shot_iterator"]
