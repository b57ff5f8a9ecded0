"""Conformance samples of the iterator ops (``iterator_ops``) and of ``DatasetElement``
(``element_function``): built through ``Dataset``, which imports those modules, so they are
declared here, one module up, as ``ops/variables.py`` declares VariableV2's.

Iterators are stateful: a sample restarts its iterator in every run by making ``get_next``
depend on ``iterator.initializer``, so each run gives the first element(s) again. A one-shot
iterator cannot read a placeholder, so its samples close over their arrays and take no inputs.
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import control_dependencies
from ..ops.op_samples import OpSample, normal
from ..ops.reduction_ops import reduce_sum
from ..ops.registry import get_op_def
from .dataset_ops import Dataset
from .iterator_ops import Iterator
from .structure import flatten

# TF1 writes a pipeline into the graph as dataset ops; here it is a Python object held by the
# iterator op, which a meta graph does not carry (see train/meta_graph.py).
PIPELINE_NOT_SAVED = "a tf.data pipeline is a Python object, not saved in a meta graph"


def _pipeline_sample(build, *inputs, reference):
    return OpSample(build, *inputs, reference=reference, not_exportable=PIPELINE_NOT_SAVED)


def _restarted(iterator, initializer, elements=1):
    """The flat components of the first ``elements`` elements of ``iterator``, (re)started by
    ``initializer`` in the same run; each ``get_next`` runs after the one before."""
    after, flat = [initializer], []
    for _ in range(elements):
        with control_dependencies(after):
            element = flatten(iterator.get_next())
        after, flat = element, flat + element
    return flat


def _first(dataset, elements=1):
    iterator = dataset.make_initializable_iterator()
    return _restarted(iterator, iterator.initializer, elements)


def _iterator_samples(rng):
    """``Iterator.from_structure`` started by ``make_initializer`` on a dataset of its
    structure: batches of a matrix, and a tuple of an int and a float32 component."""
    def batches(x):
        iterator = Iterator.from_structure(dtypes.float64, [None, 3])
        return _restarted(iterator,
                          iterator.make_initializer(Dataset.from_tensor_slices(x).batch(2)))

    def pairs(a, b):
        iterator = Iterator.from_structure((dtypes.int32, dtypes.float32), ([], [None]))
        return _restarted(iterator, iterator.make_initializer(Dataset.from_tensor_slices((a, b))))
    return [_pipeline_sample(batches, normal(rng, 5, 3), reference=lambda x: x[:2]),
            _pipeline_sample(pairs, rng.integers(-5, 5, 4).astype(np.int32),
                             normal(rng, 4, 2).astype(np.float32),
                             reference=lambda a, b: [a[0], b[0]])]


def _make_iterator_samples(rng):
    """``make_initializable_iterator`` on fed placeholders: a slice after ``skip``, a dict
    element, and the initializer alone on an empty dataset."""
    return [
        _pipeline_sample(lambda x: _first(Dataset.from_tensor_slices(x).skip(2)),
                         normal(rng, 4, 2), reference=lambda x: x[2]),
        _pipeline_sample(lambda a, b: _first(Dataset.from_tensor_slices({"b": b, "a": a})),
                         normal(rng, 3), rng.integers(0, 9, (3, 2)).astype(np.int64),
                         reference=lambda a, b: [a[0], b[0]]),
        _pipeline_sample(lambda x: Dataset.from_tensor_slices(x).make_initializable_iterator()
                         .initializer, np.zeros((0, 3)), reference=lambda x: [])]


def _one_shot_samples(rng):
    """One-shot iterators over a mapped range, a float32 batch and a tuple ``from_tensors``."""
    values = normal(rng, 5, 2).astype(np.float32)
    scalar, vector = np.float64(rng.standard_normal()), rng.integers(0, 9, 3).astype(np.int32)

    def first(dataset):
        return flatten(dataset.make_one_shot_iterator().get_next())
    return [
        _pipeline_sample(lambda: first(Dataset.range(3, 7).map(lambda v: v * v)),
                         reference=lambda: np.int64(9)),
        _pipeline_sample(lambda: first(Dataset.from_tensor_slices(values).batch(3)),
                         reference=lambda: values[:3]),
        _pipeline_sample(lambda: first(Dataset.from_tensors((scalar, vector))),
                         reference=lambda: [scalar, vector])]


def _get_next_samples(rng):
    """Two elements in one run (one ``get_next`` after the other), a short last batch, and
    scalar elements."""
    return [
        _pipeline_sample(lambda x: _first(Dataset.from_tensor_slices(x), 2), normal(rng, 2, 3), reference=lambda x: [x[0], x[1]]),
        _pipeline_sample(lambda x: _first(Dataset.from_tensor_slices(x).batch(4)),
                         normal(rng, 3, 2), reference=lambda x: x),
        _pipeline_sample(lambda v: _first(Dataset.from_tensor_slices(v)),
                         rng.integers(-9, 9, 5), reference=lambda v: v[0])]


def _element_samples(rng):
    """Stand-ins for elements in ``map`` (rows, and a tuple with a captured placeholder) and
    ``filter`` functions."""
    def scaled(a, b, w):
        return _first(Dataset.from_tensor_slices((a, b)).map(lambda u, v: u * w + v))

    def first_positive(v):
        return _first(Dataset.from_tensor_slices(v).filter(lambda e: e > 0))
    signs = np.array([-3, 0, -1, 4, 2], np.int32)
    return [
        _pipeline_sample(lambda x: _first(Dataset.from_tensor_slices(x).map(
            lambda row: reduce_sum(row * row))), normal(rng, 3, 4),
            reference=lambda x: np.sum(x[0] * x[0])),
        _pipeline_sample(scaled, normal(rng, 3, 2), normal(rng, 3, 2), normal(rng, 2),
                         reference=lambda a, b, w: a[0] * w + b[0]),
        _pipeline_sample(first_positive, signs, reference=lambda v: v[v > 0][0])]


for _type_name, _samples in (("Iterator", _iterator_samples),
                             ("MakeIterator", _make_iterator_samples),
                             ("OneShotIterator", _one_shot_samples),
                             ("IteratorGetNext", _get_next_samples),
                             ("DatasetElement", _element_samples)):
    get_op_def(_type_name).samples = _samples

__all__ = ["PIPELINE_NOT_SAVED"]
