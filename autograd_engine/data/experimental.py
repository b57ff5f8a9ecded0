"""``tf.data.experimental``: the transformations TF1 programs ``apply`` to their datasets.

>>> import autograd_engine as tf
>>> ds = tf.data.Dataset.range(5).apply(
...     tf.data.experimental.map_and_batch(lambda x: x * 2, batch_size=2))
>>> [v.tolist() for v in ds.as_numpy_iterator()]
[[0, 2], [4, 6], [8]]
"""
from .dataset_tail import (AUTOTUNE, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY,  # noqa: F401
                           ChooseDataset, IgnoreErrorsDataset, Options, SampleDataset,
                           ThreadingOptions, UnbatchDataset, cardinality, get_output_classes,
                           get_output_shapes, get_output_types)


def map_and_batch(map_func, batch_size, num_parallel_batches=None, drop_remainder=False,
                  num_parallel_calls=None):
    """A transformation: ``map(map_func)`` then ``batch(batch_size, drop_remainder)`` (the
    parallelism arguments are accepted: elements are produced when fetched)."""
    return lambda dataset: dataset.map(map_func).batch(batch_size, drop_remainder)


def shuffle_and_repeat(buffer_size, count=None, seed=None):
    """A transformation: ``shuffle(buffer_size, seed)`` then ``repeat(count)``, a new order
    each pass."""
    return lambda dataset: dataset.shuffle(buffer_size, seed).repeat(count)


def ignore_errors(log_warning=False):
    """A transformation dropping the elements its input ``map`` fails on (an error of the
    map's function: a failed ``check_numerics``, a bad ``decode_*``...)."""
    return IgnoreErrorsDataset


def unbatch():
    """A transformation splitting each element along its first dimension."""
    return UnbatchDataset


def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False):
    """Elements drawn at random from ``datasets`` with probabilities ``weights`` (uniform by
    default); an exhausted dataset drops out, unless ``stop_on_empty_dataset`` ends all."""
    if stop_on_empty_dataset:
        raise ValueError("stop_on_empty_dataset=True is not supported: exhausted datasets drop "
                         "out (TF1's behaviour)")
    return SampleDataset(datasets, weights, seed)


def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=False):
    """Elements of ``datasets[i]`` for each ``i`` of ``choice_dataset`` (int64 scalars); a
    choice of an exhausted dataset is skipped."""
    if stop_on_empty_dataset:
        raise ValueError("stop_on_empty_dataset=True is not supported: choices of exhausted "
                         "datasets are skipped (TF1's behaviour)")
    return ChooseDataset(datasets, choice_dataset)


__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "Options", "ThreadingOptions",
           "UNKNOWN_CARDINALITY", "cardinality", "choose_from_datasets", "get_output_classes",
           "get_output_shapes", "get_output_types", "ignore_errors", "map_and_batch",
           "sample_from_datasets", "shuffle_and_repeat", "unbatch"]
