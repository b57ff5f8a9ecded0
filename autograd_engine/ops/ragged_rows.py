"""A minimal two-level ragged tensor: rows of different lengths, as the string ops that TF
answers with a ``tf.RaggedTensor`` (``unicode_decode``, ``unicode_split``, ``bytes_split``,
``ngrams`` of ragged rows) return them here. It holds ``values`` (every row's items, in order)
and ``row_splits`` (int64, row ``i`` is ``values[row_splits[i]:row_splits[i + 1]]``), as TF's
``RaggedTensor.from_row_splits``; ``sess.run`` gives a :class:`RaggedTensorValue`
(``to_list()``); ``to_sparse()`` and ``to_tensor()`` convert in the graph.

>>> import autograd_engine as tf
>>> chars = tf.strings.unicode_decode(["hé", "", "abc"], "UTF-8")
>>> with tf.Session() as sess:
...     sess.run(chars).to_list()
[[104, 233], [], [97, 98, 99]]
"""
import numpy as np

from ..framework import dtypes
from ..framework.composite_tensor import CompositeTensor
from ..framework.default_session import session_for
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample
from .registry import OpDef, make_op, register
from .shape_ops import shape
from .sparse_ops import sparse_tensor_to_dense
from .sparse_tensor import SparseTensor


class RaggedTensorValue:
    """What ``sess.run`` returns for a :class:`RaggedTensor`: numpy ``values`` and
    ``row_splits``."""

    def __init__(self, values, row_splits):
        self.values = values
        self.row_splits = row_splits

    def to_list(self):
        splits = [int(s) for s in self.row_splits]
        return [self.values[start:end].tolist() for start, end in zip(splits, splits[1:])]

    def __repr__(self):
        return "tf.RaggedTensorValue(values=%r, row_splits=%r)" % (self.values, self.row_splits)


class RaggedTensor(CompositeTensor):
    """Rows of different lengths (see the module docstring)."""

    __slots__ = ("_values", "_row_splits")

    def __init__(self, values, row_splits):
        self._values = convert_to_tensor(values)
        self._row_splits = convert_to_tensor(row_splits, dtype=dtypes.int64)
        self._values.shape.with_rank(1)
        self._row_splits.shape.with_rank(1)

    @classmethod
    def from_row_splits(cls, values, row_splits, name=None, validate=True):
        del name, validate
        return cls(values, row_splits)

    values = property(lambda self: self._values)
    flat_values = values
    row_splits = property(lambda self: self._row_splits)
    dtype = property(lambda self: self._values.dtype)
    graph = property(lambda self: self._values.graph)
    ragged_rank = 1

    @property
    def shape(self):
        rows = self._row_splits.shape.as_tuple()[0]
        return TensorShape([None if rows is None else rows - 1, None])

    def get_shape(self):
        return self.shape

    def row_lengths(self):
        return self._row_splits[1:] - self._row_splits[:-1]

    def nrows(self):
        return shape(self._row_splits, out_type=dtypes.int64)[0] - 1

    def to_sparse(self, name=None):
        """The same rows as a SparseTensor ``[rows, longest row]``."""
        op = make_op("RaggedTensorToSparse", (self._row_splits, self._values), {},
                     name or "RaggedToSparse")
        return SparseTensor(*op.outputs)

    def to_tensor(self, default_value=None, name=None):
        """A dense ``[rows, longest row]`` tensor, short rows padded with ``default_value``
        (zero, or the empty string)."""
        if default_value is None:
            default_value = b"" if self.dtype == dtypes.string else 0
        return sparse_tensor_to_dense(self.to_sparse(), default_value, name=name)

    def eval(self, feed_dict=None, session=None):
        return session_for(session, self.graph, "RaggedTensor.eval()").run(self, feed_dict)

    def _component_tensors(self):
        return [self._values, self._row_splits]

    def _value_from_components(self, values):
        return RaggedTensorValue(*values)

    def __repr__(self):
        return "tf.RaggedTensor(values=%s, row_splits=%s)" % (self._values, self._row_splits)


class RaggedTensorToSparseOp(OpDef):
    """(row_splits, values) -> (indices, values, dense_shape) of the same rows."""
    type_name = "RaggedTensorToSparse"
    differentiable = False
    host_only = True

    def infer(self, op):
        return [(dtypes.int64, TensorShape([None, 2])), (op.inputs[1].dtype, op.inputs[1].shape),
                (dtypes.int64, TensorShape([2]))]

    def kernel(self, op, ctx):
        def to_sparse(row_splits, values):
            lengths = np.diff(row_splits)
            rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
            columns = np.arange(len(values), dtype=np.int64) - row_splits[:-1][rows]
            shape = [len(lengths), int(lengths.max()) if len(lengths) else 0]
            return (np.stack([rows, columns], axis=1).reshape(-1, 2), np.array(values, copy=True),
                    np.array(shape, dtype=np.int64))
        return to_sparse

    def samples(self, rng):
        splits = np.array([0, 2, 2, 5], np.int64)
        values = rng.integers(0, 9, 5).astype(np.int32)

        def reference(row_splits, items):
            return [np.array([[0, 0], [0, 1], [2, 0], [2, 1], [2, 2]], np.int64), items,
                    np.array([3, 3], np.int64)]

        def parts(row_splits, items):
            sparse = RaggedTensor(items, row_splits).to_sparse()
            return [sparse.indices, sparse.values, sparse.dense_shape]
        return [OpSample(parts, splits, values, reference=reference),
                OpSample(parts, np.array([0], np.int64), np.zeros(0, np.float32),
                         reference=lambda s, v: [np.zeros((0, 2), np.int64), v,
                                                 np.array([0, 0], np.int64)])]


register(RaggedTensorToSparseOp)

__all__ = ["RaggedTensor", "RaggedTensorValue"]
