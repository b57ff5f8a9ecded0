"""``tf.io.RaggedFeature`` in ``parse_example`` / ``parse_single_example``: a feature with any
number of values parsed to a RaggedTensor ``[batch, (values)]``, or, with ``RowLengths``,
``RowSplits``, ``RowStarts``, ``RowLimits``, ``ValueRowIds`` or ``UniformRowLength``
partitions (outermost first, each an int64 feature of the
example), to a RaggedTensor ``[batch, (rows), ..., (values)]``, as TF1's.

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
from ..framework.graph import control_dependencies
from . import array_ops
from .check_ops import assert_equal
from .concat_split_ops import concat
from .cumulative_ops import cumsum
from .elementwise_binary_ops import equal, maximum, where_v2
from .elementwise_unary_ops import cast, logical_not
from .gather_ops import gather, unsorted_segment_sum
from .mask_ops import boolean_mask
from .reduction_ops import reduce_max, reduce_min, reduce_sum
from .row_partition import row_splits_to_segment_ids
from .segment_ops import unsorted_segment_max
from .shape_ops import shape
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

    class RowSplits(collections.namedtuple("RowSplits", ["key"])):
        """A partition whose int64 feature ``key`` holds the row splits (``0`` first)."""
        __slots__ = ()

    class RowStarts(collections.namedtuple("RowStarts", ["key"])):
        """A partition whose int64 feature ``key`` holds where each row starts."""
        __slots__ = ()

    class ValueRowIds(collections.namedtuple("ValueRowIds", ["key"])):
        """A partition whose int64 feature ``key`` holds the row of each item (an example
        has ``max + 1`` rows)."""
        __slots__ = ()

    class UniformRowLength(collections.namedtuple("UniformRowLength", ["length"])):
        """A partition of every row into rows of ``length`` items (no feature of its own)."""
        __slots__ = ()

    class RowLimits(collections.namedtuple("RowLimits", ["key"])):
        """A partition whose int64 feature ``key`` holds where each row ends."""
        __slots__ = ()

    def __new__(cls, dtype, value_key=None, partitions=(), row_splits_dtype=dtypes.int32,
                validate=False):
        readable = (RaggedFeature.RowLengths, RaggedFeature.RowSplits, RaggedFeature.RowStarts,
                    RaggedFeature.RowLimits, RaggedFeature.ValueRowIds,
                    RaggedFeature.UniformRowLength)
        for partition in partitions:
            if not isinstance(partition, readable):
                raise ValueError(
                    "RaggedFeature partitions must be RaggedFeature.RowLengths, RowSplits, "
                    "RowStarts, RowLimits, ValueRowIds or UniformRowLength, got %r"
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
                if not isinstance(partition, RaggedFeature.UniformRowLength):
                    plain[partition.key] = VarLenFeature(dtypes.int64)
            ragged[key] = spec
        else:
            plain[key] = spec
    return plain, ragged


def _examples(sparse, single):
    """The example of each entry of a parsed VarLenFeature (all 0 for a single example)."""
    return array_ops.zeros_like(sparse.values, dtypes.int64) if single else sparse.indices[:, 0]


def _uniform_rows(length, inner_examples):
    """(row lengths, example of each row) of rows of ``length`` items; every row must lie in
    one example."""
    grouped = array_ops.reshape(inner_examples, [-1, length])
    check = assert_equal(reduce_min(grouped, 1), reduce_max(grouped, 1), data=[],
                         message="UniformRowLength(%d) does not divide an example's items"
                         % length)
    with control_dependencies([check]):
        examples = array_ops.identity(grouped[:, 0])
    return array_ops.fill(shape(examples), cast(length, dtypes.int64)), examples


def _row_lengths(level, partition, single, inner_examples, batch_size):
    """(row lengths, example of each row) of one partition level from its parsed feature;
    ``inner_examples`` is the example of each item of the next level in (for RowStarts)."""
    values, example = level.values, _examples(level, single)
    if isinstance(partition, RaggedFeature.RowLengths):
        return values, example
    if isinstance(partition, RaggedFeature.ValueRowIds):
        return _rows_from_ids(values, example, batch_size)
    first = equal(level.indices[:, -1], 0)  # the first entry of an example
    if isinstance(partition, RaggedFeature.RowStarts):
        inner_counts = unsorted_segment_sum(array_ops.ones_like(inner_examples),
                                            inner_examples, batch_size)
        following = concat([values[1:], array_ops.zeros([1], values.dtype)], 0)
        last = concat([first[1:], array_ops.ones([1], dtypes.bool)], 0)
        ends = where_v2(last, gather(inner_counts, example), following)
        return ends - values, example
    previous = concat([array_ops.zeros([1], values.dtype), values[:-1]], 0)
    if isinstance(partition, RaggedFeature.RowLimits):
        return values - where_v2(first, array_ops.zeros_like(values), previous), example
    row_ends = logical_not(first)  # RowSplits: every split but an example's leading 0
    return boolean_mask(values - previous, row_ends), boolean_mask(example, row_ends)


def _rows_from_ids(row_ids, example, batch_size):
    """(row lengths, example of each row) from each item's row in its example."""
    rows_per_example = maximum(unsorted_segment_max(row_ids + 1, example, batch_size), 0)
    first_row = cumsum(rows_per_example, exclusive=True)
    lengths = unsorted_segment_sum(array_ops.ones_like(row_ids),
                                   gather(first_row, example) + row_ids,
                                   reduce_sum(rows_per_example))
    splits = concat([array_ops.zeros([1], rows_per_example.dtype), cumsum(rows_per_example)], 0)
    return lengths, row_splits_to_segment_ids(splits, out_type=dtypes.int64)


def _assemble(parsed, key, spec, single):
    splits_dtype = spec.row_splits_dtype
    values = parsed[spec.value_key or key]
    batch_size = 1 if single else values.dense_shape[0]
    result, examples = values.values, _examples(values, single)
    uniform = [isinstance(p, RaggedFeature.UniformRowLength) for p in spec.partitions]
    if single and all(uniform) and uniform:  # TF1: a dense tensor
        return array_ops.reshape(result, [-1] + [p.length for p in spec.partitions])
    for partition in reversed(spec.partitions):
        if isinstance(partition, RaggedFeature.UniformRowLength):
            lengths, examples = _uniform_rows(partition.length, examples)
        else:
            lengths, examples = _row_lengths(parsed[partition.key], partition, single,
                                             examples, batch_size)
        result = RaggedTensor.from_row_lengths(result, cast(lengths, splits_dtype))
    if single:
        return result
    # The batch level: the example of each outermost row (or value).
    return RaggedTensor.from_value_rowids(result, cast(examples, splits_dtype),
                                          nrows=cast(batch_size, splits_dtype))


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
