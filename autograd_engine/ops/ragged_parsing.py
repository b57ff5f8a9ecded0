"""``tf.io.RaggedFeature`` in ``parse_example`` / ``parse_single_example``: a feature with any
number of values parsed to a RaggedTensor ``[batch, (values)]``, or, with ``RowLengths``
partitions (outermost first, each an int64 feature of the example), to a RaggedTensor
``[batch, (rows), ..., (values)]``, as TF1's.

>>> import autograd_engine as tf
>>> examples = [tf.train.Example(features=tf.train.Features(feature={"ids": tf.train.Feature(
...     int64_list=tf.train.Int64List(value=ids))})).SerializeToString()
...     for ids in ([3, 1, 4], [], [5])]
>>> parsed = tf.io.parse_example(examples, {"ids": tf.io.RaggedFeature(tf.int64)})
>>> tf.Session().run(parsed["ids"]).to_list()
[[3, 1, 4], [], [5]]
"""
import collections

from ..framework import dtypes
from .elementwise_unary_ops import cast
from .parsing_ops import VarLenFeature
from .ragged_tensor import RaggedTensor
from . import sequence_parsing


class RaggedFeature(collections.namedtuple(
        "RaggedFeature", ["dtype", "value_key", "partitions", "row_splits_dtype", "validate"])):
    """A feature parsed to a RaggedTensor: its values are read from ``value_key`` (default:
    the feature's own key) and split into nested rows by ``partitions``, outermost first
    (``RaggedFeature.RowLengths(key)``: the int64 feature ``key`` holds the row lengths)."""
    __slots__ = ()

    class RowLengths(collections.namedtuple("RowLengths", ["key"])):
        """A partition whose int64 feature ``key`` holds the length of each row."""
        __slots__ = ()

    def __new__(cls, dtype, value_key=None, partitions=(), row_splits_dtype=dtypes.int32,
                validate=False):
        for partition in partitions:
            if not isinstance(partition, RaggedFeature.RowLengths):
                raise ValueError(
                    "RaggedFeature partitions are read here as RaggedFeature.RowLengths only, "
                    "got %r: store the row lengths of each level as an int64 feature"
                    % (partition,))
        return super().__new__(cls, dtypes.as_dtype(dtype), value_key, tuple(partitions),
                               dtypes.as_dtype(row_splits_dtype), validate)


def _split_ragged_features(features):
    """``features`` with each RaggedFeature replaced by VarLenFeatures of its keys."""
    plain, ragged = {}, {}
    for key, spec in (features or {}).items():
        if isinstance(spec, RaggedFeature):
            plain[spec.value_key or key] = VarLenFeature(spec.dtype)
            for partition in spec.partitions:
                plain[partition.key] = VarLenFeature(dtypes.int64)
            ragged[key] = spec
        else:
            plain[key] = spec
    return plain, ragged


def _assemble(parsed, key, spec, single):
    splits_dtype = spec.row_splits_dtype
    values = parsed[spec.value_key or key]
    levels = [parsed[p.key] for p in spec.partitions]
    result = values.values
    for level in reversed(levels):
        result = RaggedTensor.from_row_lengths(result, cast(level.values, splits_dtype))
    if single:
        return result
    # The batch level: each example's count of outermost rows (or of values).
    outermost = levels[0] if levels else values
    return RaggedTensor.from_row_splits(
        result, RaggedTensor.from_sparse(outermost, row_splits_dtype=splits_dtype).row_splits)


def _parse(parse, serialized, features, name, example_names, single):
    plain, ragged = _split_ragged_features(features)
    parsed = parse(serialized, plain, name, example_names)
    result = {key: value for key, value in parsed.items() if key in features}
    for key, spec in ragged.items():
        result[key] = _assemble(parsed, key, spec, single)
    return result


def parse_example(serialized, features, name=None, example_names=None):
    """``tf.parse_example`` that also reads :class:`RaggedFeature` specs (see
    ``parsing_ops.parse_example`` and ``sequence_parsing.parse_example``)."""
    return _parse(sequence_parsing.parse_example, serialized, features, name, example_names,
                  single=False)


def parse_single_example(serialized, features, name=None, example_names=None):
    """``tf.parse_single_example`` that also reads :class:`RaggedFeature` specs: without
    partitions a feature becomes a 1-D tensor of its values."""
    return _parse(sequence_parsing.parse_single_example, serialized, features, name,
                  example_names, single=True)


__all__ = ["RaggedFeature", "parse_example", "parse_single_example"]
