"""RaggedTensor (TF1's ``tf.RaggedTensor``): rows of different lengths, stored as ``values``
(a Tensor, or another RaggedTensor for each further ragged dimension) and ``row_splits``
(int64: row ``i`` is ``values[row_splits[i]:row_splits[i + 1]]``), and its fetched value
RaggedTensorValue.

Like a SparseTensor it is a composite of ordinary tensors (``flat_values`` and every level's
``row_splits``): ``sess.run`` returns a RaggedTensorValue, a ``tf.ragged.placeholder`` is fed
one, and gradients reach ``flat_values`` through the ops built on them.

>>> import autograd_engine as tf
>>> rt = tf.RaggedTensor.from_row_splits([3.0, 1.0, 4.0, 1.0, 5.0], [0, 2, 2, 5])
>>> rt.shape.as_list(), rt.ragged_rank
([3, None], 1)
>>> with tf.Session() as sess:
...     sess.run(rt).to_list(), sess.run(rt.row_lengths()).tolist()
([[3.0, 1.0], [], [4.0, 1.0, 5.0]], [2, 0, 3])
"""
import numpy as np

from ..framework import dtypes
from ..framework.composite_tensor import CompositeTensor
from ..framework.default_session import session_for
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .concat_split_ops import concat
from .constant_op import convert_to_tensor, stack
from .cumulative_ops import cumsum
from .elementwise_binary_ops import equal, maximum, where
from .elementwise_unary_ops import cast, logical_not
from .gather_ops import gather, gather_nd, scatter_nd
from .range_ops import range as range_
from .reduction_ops import reduce_any, reduce_max
from .row_partition import (positions_in_rows, row_lengths, row_splits_to_segment_ids,
                            segment_ids_to_row_splits)
from .shape_ops import shape as shape_of
from .sparse_tensor import SparseTensor, convert_to_sparse_tensor


class RaggedTensorValue:
    """The value of a RaggedTensor, as ``sess.run`` returns it (numpy arrays).

    >>> RaggedTensorValue(np.array([1, 2, 3]), np.array([0, 1, 3])).to_list()
    [[1], [2, 3]]
    """

    __slots__ = ("_values", "_row_splits")

    def __init__(self, values, row_splits):
        self._values = values if isinstance(values, RaggedTensorValue) else np.asarray(values)
        self._row_splits = np.asarray(row_splits, np.int64) if not hasattr(row_splits, "dtype") \
            else row_splits

    values = property(lambda self: self._values)
    row_splits = property(lambda self: self._row_splits)

    @property
    def flat_values(self):
        values = self._values
        while isinstance(values, RaggedTensorValue):
            values = values.values
        return values

    @property
    def nested_row_splits(self):
        splits, value = [], self
        while isinstance(value, RaggedTensorValue):
            splits.append(value.row_splits)
            value = value.values
        return tuple(splits)

    ragged_rank = property(lambda self: len(self.nested_row_splits))
    dtype = property(lambda self: self.flat_values.dtype)

    @property
    def shape(self):
        """``(nrows, None, ..., inner dims)``."""
        return ((len(self._row_splits) - 1,) + (None,) * self.ragged_rank
                + tuple(self.flat_values.shape[1:]))

    def to_list(self):
        """The rows as nested Python lists."""
        inner = self._values.to_list() if isinstance(self._values, RaggedTensorValue) \
            else self._values.tolist()
        splits = self._row_splits.tolist()
        return [inner[splits[i]:splits[i + 1]] for i in range(len(splits) - 1)]

    def __repr__(self):
        return "<tf.RaggedTensorValue %s>" % (self.to_list(),)


def _splits_tensor(splits, what="row_splits"):
    splits = convert_to_tensor(splits, dtype=None if hasattr(splits, "op") else dtypes.int64)
    if splits.dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError("%s must be int32 or int64, got %s" % (what, splits.dtype.name))
    splits.shape.with_rank(1)
    return splits


def _values_of(values):
    if isinstance(values, RaggedTensor):
        return values
    if isinstance(values, RaggedTensorValue):
        return RaggedTensor.from_value(values)
    return convert_to_tensor(values)


class RaggedTensor(CompositeTensor):
    """A tensor with ragged dimensions; build one with the ``from_*`` class methods or
    ``tf.ragged.constant``."""

    __slots__ = ("_values", "_row_splits")

    def __init__(self, values, row_splits, internal=False):
        if not internal:
            raise ValueError("RaggedTensor constructor is private; please use one of the "
                             "factory methods instead (e.g., RaggedTensor.from_row_splits())")
        self._values, self._row_splits = values, row_splits
        if self._values.shape.ndims == 0:
            raise ValueError("A RaggedTensor's values must have rank 1 or more.")

    # ------------------------------------------------------------------ factories
    @classmethod
    def from_row_splits(cls, values, row_splits, name=None, validate=True):
        """Rows ``values[row_splits[i]:row_splits[i + 1]]``."""
        return cls(_values_of(values), _splits_tensor(row_splits), internal=True)

    @classmethod
    def from_row_lengths(cls, values, row_lengths, name=None, validate=True):
        """Consecutive rows of ``row_lengths`` values each."""
        lengths = _splits_tensor(row_lengths, "row_lengths")
        splits = concat([array_ops.zeros([1], lengths.dtype), cumsum(lengths)], 0)
        return cls(_values_of(values), splits, internal=True)

    @classmethod
    def from_value_rowids(cls, values, value_rowids, nrows=None, name=None, validate=True):
        """Value ``i`` in row ``value_rowids[i]`` (sorted); ``nrows`` rows (default: the last
        row id plus one)."""
        rowids = _splits_tensor(value_rowids, "value_rowids")
        splits = segment_ids_to_row_splits(rowids, nrows, out_type=rowids.dtype)
        return cls(_values_of(values), splits, internal=True)

    @classmethod
    def from_row_starts(cls, values, row_starts, name=None, validate=True):
        """Rows starting at ``row_starts`` (the last ends at the end of ``values``)."""
        values = _values_of(values)
        starts = _splits_tensor(row_starts, "row_starts")
        count = cast(_nvals(values), starts.dtype)
        return cls(values, concat([starts, array_ops.reshape(count, [1])], 0), internal=True)

    @classmethod
    def from_row_limits(cls, values, row_limits, name=None, validate=True):
        """Rows ending at ``row_limits`` (the first starts at 0)."""
        limits = _splits_tensor(row_limits, "row_limits")
        return cls(_values_of(values), concat([array_ops.zeros([1], limits.dtype), limits], 0),
                   internal=True)

    @classmethod
    def from_nested_row_splits(cls, flat_values, nested_row_splits, name=None, validate=True):
        """One ragged dimension per entry of ``nested_row_splits`` (outermost first)."""
        if isinstance(nested_row_splits, (np.ndarray,)) or not nested_row_splits:
            raise ValueError("nested_row_splits must be a non-empty list of row splits")
        result = _values_of(flat_values)
        for splits in reversed(list(nested_row_splits)):
            result = cls.from_row_splits(result, splits)
        return result

    @classmethod
    def from_nested_row_lengths(cls, flat_values, nested_row_lengths, name=None, validate=True):
        """One ragged dimension per entry of ``nested_row_lengths``."""
        result = _values_of(flat_values)
        for lengths in reversed(list(nested_row_lengths)):
            result = cls.from_row_lengths(result, lengths)
        return result

    @classmethod
    def from_nested_value_rowids(cls, flat_values, nested_value_rowids, nested_nrows=None,
                                 name=None, validate=True):
        """One ragged dimension per entry of ``nested_value_rowids``."""
        nested_nrows = nested_nrows or [None] * len(nested_value_rowids)
        result = _values_of(flat_values)
        for rowids, nrows in reversed(list(zip(nested_value_rowids, nested_nrows))):
            result = cls.from_value_rowids(result, rowids, nrows)
        return result

    @classmethod
    def from_tensor(cls, tensor, lengths=None, padding=None, ragged_rank=1, name=None,
                    row_splits_dtype=dtypes.int64):
        """The rows of the dense ``tensor``, cut to ``lengths`` (one per row), or before the
        trailing ``padding`` values, or whole; ``ragged_rank`` leading dimensions become
        ragged.

        >>> import autograd_engine as tf
        >>> rt = tf.RaggedTensor.from_tensor([[1, 2, 0], [3, 0, 0]], padding=0)
        >>> with tf.Session() as sess:
        ...     sess.run(rt).to_list()
        [[1, 2], [3]]
        """
        with get_default_graph().name_scope(name or "RaggedFromTensor"):
            tensor = convert_to_tensor(tensor)
            if ragged_rank > 1:
                rows = shape_of(tensor, out_type=dtypes.int64)
                inner = cls.from_tensor(array_ops.reshape(tensor, concat(
                    [np.int64([-1]), rows[2:]], 0)), padding=padding, ragged_rank=ragged_rank - 1,
                    row_splits_dtype=row_splits_dtype)
                columns = rows[1]
                return cls.from_row_lengths(inner, array_ops.fill(array_ops.reshape(rows[0], [1]),
                                                                  columns))
            dims = shape_of(tensor, out_type=row_splits_dtype)
            if lengths is None and padding is not None:
                not_pad = logical_not(equal(tensor, convert_to_tensor(padding, tensor.dtype)))
                if tensor.shape.ndims and tensor.shape.ndims > 2:
                    not_pad = reduce_any(not_pad, axis=list(range(2, tensor.shape.ndims)))
                # a row's length: one past its last value that is not padding
                columns = cast(not_pad, row_splits_dtype) * (array_ops.reshape(
                    _range_to(dims[1], row_splits_dtype), [1, -1]) + 1)
                lengths = reduce_max(concat([columns, array_ops.zeros_like(columns[:, :1])], 1),
                                     axis=1)
            if lengths is None:
                lengths = array_ops.fill(array_ops.reshape(dims[0], [1]), dims[1])
            lengths = cast(convert_to_tensor(lengths), row_splits_dtype)
            mask = _range_to(dims[1], row_splits_dtype)[None, :] < lengths[:, None]
            positions = where(mask)
            return cls.from_row_lengths(gather_nd(tensor, positions), lengths)

    @classmethod
    def from_sparse(cls, st_input, name=None, row_splits_dtype=dtypes.int64):
        """The rows of a 2-D SparseTensor whose entries are in row-major order and packed to
        the left of each row."""
        st_input = convert_to_sparse_tensor(st_input, "st_input")
        if st_input.indices.shape.as_tuple() not in (None, (None, 2)) and \
                st_input.indices.shape.as_tuple()[1] not in (None, 2):
            raise ValueError("from_sparse needs a rank 2 SparseTensor")
        rowids = st_input.indices[:, 0]
        splits = segment_ids_to_row_splits(rowids, st_input.dense_shape[0],
                                           out_type=row_splits_dtype)
        return cls(st_input.values, splits, internal=True)

    @classmethod
    def from_value(cls, value):
        """A RaggedTensor of constants holding a RaggedTensorValue."""
        return cls.from_nested_row_splits(value.flat_values, list(value.nested_row_splits))

    # ------------------------------------------------------------------ structure
    values = property(lambda self: self._values)
    row_splits = property(lambda self: self._row_splits)
    dtype = property(lambda self: self.flat_values.dtype)
    graph = property(lambda self: self._row_splits.graph)
    op = property(lambda self: self.flat_values.op)

    @property
    def flat_values(self):
        values = self._values
        while isinstance(values, RaggedTensor):
            values = values.values
        return values

    @property
    def nested_row_splits(self):
        splits, value = [], self
        while isinstance(value, RaggedTensor):
            splits.append(value.row_splits)
            value = value.values
        return tuple(splits)

    @property
    def ragged_rank(self):
        return len(self.nested_row_splits)

    @property
    def row_splits_dtype(self):
        return self._row_splits.dtype

    @property
    def shape(self):
        """``[nrows, None, ..., inner dims]`` (``nrows`` when the splits' length is known)."""
        splits = self._row_splits.shape.as_tuple()
        rows = None if splits is None or splits[0] is None else splits[0] - 1
        inner = self.flat_values.shape
        inner = [None] if inner.ndims is None else inner.as_list()[1:]
        if self.flat_values.shape.ndims is None:
            return TensorShape(None)
        return TensorShape([rows] + [None] * self.ragged_rank + inner)

    def get_shape(self):
        return self.shape

    def nrows(self, out_type=None, name=None):
        """The number of rows."""
        count = shape_of(self._row_splits, out_type=self._row_splits.dtype)[0] - 1
        return count if out_type is None else cast(count, out_type)

    def row_lengths(self, axis=1, name=None):
        """The length of each row (``axis=1``) or of each row of a deeper ragged level."""
        if axis == 1:
            return row_lengths(self._row_splits)
        return self.with_values(self._values.row_lengths(axis - 1))

    def nested_row_lengths(self, name=None):
        return tuple(row_lengths(splits) for splits in self.nested_row_splits)

    def value_rowids(self, name=None):
        """The row of every value."""
        return row_splits_to_segment_ids(self._row_splits)

    def row_starts(self, name=None):
        return self._row_splits[:-1]

    def row_limits(self, name=None):
        return self._row_splits[1:]

    def with_values(self, new_values):
        """This RaggedTensor's row partition over ``new_values``."""
        return RaggedTensor(_values_of(new_values), self._row_splits, internal=True)

    def with_flat_values(self, new_values):
        """All of this RaggedTensor's row partitions over new flat values."""
        if isinstance(self._values, RaggedTensor):
            return self.with_values(self._values.with_flat_values(new_values))
        return self.with_values(new_values)

    # ------------------------------------------------------------------ conversions
    def to_tensor(self, default_value=None, name=None, shape=None):
        """The dense tensor: rows padded with ``default_value`` (zero by default) to the
        longest row of each ragged dimension."""
        with get_default_graph().name_scope(name or "RaggedToTensor"):
            inner = self._values.to_tensor(default_value) if isinstance(
                self._values, RaggedTensor) else self._values
            splits = cast(self._row_splits, dtypes.int64)
            rowids = row_splits_to_segment_ids(splits)
            columns = positions_in_rows(splits, rowids)
            width = reduce_max(concat([row_lengths(splits), array_ops.zeros([1], dtypes.int64)],
                                      0))
            dense_shape = concat([array_ops.reshape(self.nrows(dtypes.int64), [1]),
                                  array_ops.reshape(width, [1]),
                                  shape_of(inner, out_type=dtypes.int64)[1:]], 0)
            where = stack([rowids, columns], axis=1)
            if default_value is None:
                dense = scatter_nd(where, inner, dense_shape)
            else:
                default = convert_to_tensor(default_value, dtype=inner.dtype)
                dense = scatter_nd(where, inner - default, dense_shape) + default
            dense.set_shape(self.shape)
            return dense

    def to_sparse(self, name=None):
        """The SparseTensor of this RaggedTensor's values (row-major indices)."""
        with get_default_graph().name_scope(name or "RaggedToSparse"):
            flat = self.flat_values
            indices = where(array_ops.ones_like(flat, dtype=dtypes.bool))
            values = array_ops.reshape(flat, [-1])
            dense_shape = shape_of(flat, out_type=dtypes.int64)
            for splits in reversed(self.nested_row_splits):
                splits = cast(splits, dtypes.int64)
                rowids = row_splits_to_segment_ids(splits)
                columns = positions_in_rows(splits, rowids)
                outer = indices[:, 0]
                indices = concat([array_ops.reshape(gather(rowids, outer), [-1, 1]),
                                  array_ops.reshape(gather(columns, outer), [-1, 1]),
                                  indices[:, 1:]], 1)
                width = reduce_max(concat([row_lengths(splits),
                                           array_ops.zeros([1], dtypes.int64)], 0))
                dense_shape = concat([array_ops.reshape(shape_of(splits, out_type=dtypes.int64)
                                                        [0] - 1, [1]),
                                      array_ops.reshape(maximum(width, 0), [1]),
                                      dense_shape[1:]], 0)
            return SparseTensor(indices, values, dense_shape)

    def eval(self, feed_dict=None, session=None):
        """The RaggedTensorValue in ``session`` (default: the default session)."""
        return session_for(session, self.graph, "RaggedTensor.eval()").run(self, feed_dict)

    def consumers(self):
        return sorted({op for t in self._component_tensors() for op in t.consumers()},
                      key=lambda op: op.name)

    # ------------------------------------------------------------------ composite protocol
    def _component_tensors(self):
        return [self.flat_values] + list(self.nested_row_splits)

    def _value_from_components(self, values):
        result = values[0]
        for splits in reversed(values[1:]):
            result = RaggedTensorValue(result, splits)
        return result

    def _feed_components(self, value):
        if not isinstance(value, RaggedTensorValue):
            raise TypeError("A RaggedTensor is fed a tf.ragged.RaggedTensorValue (e.g. "
                            "tf.ragged.constant_value(...)), not %r." % (type(value).__name__,))
        if value.ragged_rank != self.ragged_rank:
            raise ValueError("Cannot feed a RaggedTensorValue of ragged_rank %d to a "
                             "RaggedTensor of ragged_rank %d" % (value.ragged_rank,
                                                                 self.ragged_rank))
        return [value.flat_values] + list(value.nested_row_splits)

    def _to_dense_tensor(self):
        raise TypeError("Cannot convert a RaggedTensor into a Tensor: use rt.to_tensor() (rows "
                        "padded), rt.flat_values, or tf.ragged.map_flat_values(op, rt).")

    def __repr__(self):
        return "tf.RaggedTensor(values=%s, row_splits=%s)" % (self._values, self._row_splits)


def _range_to(limit, dtype):
    return range_(0, limit, dtype=dtype)


def _nvals(values):
    if isinstance(values, RaggedTensor):
        return values.nrows()
    return shape_of(values, out_type=dtypes.int64)[0]


def is_ragged(value):
    """Whether ``value`` is a RaggedTensor or a RaggedTensorValue."""
    return isinstance(value, (RaggedTensor, RaggedTensorValue))


__all__ = ["RaggedTensor", "RaggedTensorValue", "is_ragged"]
