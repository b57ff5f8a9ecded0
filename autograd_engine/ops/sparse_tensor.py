"""SparseTensor (TF1's COO layout: ``indices`` int64 [N, rank], ``values`` [N], ``dense_shape``
int64 [rank]), its fetched value SparseTensorValue, and sparse_placeholder.

A SparseTensor is a triple of ordinary tensors, not an op: fetching one gives a
SparseTensorValue, feeding one feeds its three tensors (a SparseTensorValue or an
``(indices, values, dense_shape)`` triple), and gradients flow through ``values``.
"""
import collections

import numpy as np

from ..framework import dtypes
from ..framework.composite_tensor import CompositeTensor
from ..framework.default_session import session_for
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape, as_shape
from .array_ops import placeholder
from .constant_op import convert_to_tensor, shape_tensor_dims


class SparseTensorValue(collections.namedtuple("SparseTensorValue",
                                               ["indices", "values", "dense_shape"])):
    """The value of a SparseTensor, as ``sess.run`` returns it (numpy arrays).

    >>> SparseTensorValue([[0, 1]], [5.0], [2, 3]).dense_shape
    [2, 3]
    """
    __slots__ = ()

    def __repr__(self):
        return "SparseTensorValue(indices=%r, values=%r, dense_shape=%r)" % tuple(self)


class SparseTensor(CompositeTensor):
    """A sparse tensor of ``dense_shape``: ``values[i]`` is at position ``indices[i]``, every
    other element is zero (or the default a consumer gives). Many ops need ``indices`` in
    row-major order (tf.sparse.reorder makes them so).

    >>> import autograd_engine as tf
    >>> sp = tf.SparseTensor(indices=[[0, 0], [1, 2]], values=[1.0, 2.0], dense_shape=[3, 4])
    >>> sp.shape.as_list(), sp.dtype
    ([3, 4], tf.float32)
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse.to_dense(sp)).tolist()[1]
    [0.0, 0.0, 2.0, 0.0]
    """

    __slots__ = ("_indices", "_values", "_dense_shape")

    def __init__(self, indices, values, dense_shape):
        self._indices = convert_to_tensor(indices, dtype=dtypes.int64, name="indices")
        self._values = convert_to_tensor(values, name="values")
        self._dense_shape = convert_to_tensor(dense_shape, dtype=dtypes.int64, name="dense_shape")
        index_shape = self._indices.shape.with_rank(2)
        value_shape = self._values.shape.with_rank(1)
        rank_shape = self._dense_shape.shape.with_rank(1)
        # The number of entries agrees between indices and values, the rank between indices
        # and dense_shape (TF1 checks the same while building).
        index_shape[:1].merge_with(value_shape)
        index_shape[1:].merge_with(rank_shape)

    @classmethod
    def from_value(cls, sparse_tensor_value):
        """A SparseTensor of constants holding a SparseTensorValue (a SparseTensor passes)."""
        if isinstance(sparse_tensor_value, SparseTensor):
            return sparse_tensor_value
        return cls(*sparse_tensor_value)

    indices = property(lambda self: self._indices)
    values = property(lambda self: self._values)
    dense_shape = property(lambda self: self._dense_shape)
    dtype = property(lambda self: self._values.dtype)
    op = property(lambda self: self._values.op)
    graph = property(lambda self: self._indices.graph)

    @property
    def shape(self):
        """The static shape: as much of ``dense_shape``'s value as is known while building."""
        dims = shape_tensor_dims(self._dense_shape)
        if dims is None:
            return TensorShape(None)
        return TensorShape([None if d is None or d < 0 else d for d in dims])

    def get_shape(self):
        return self.shape

    def consumers(self):
        return sorted({op for t in self._component_tensors() for op in t.consumers()},
                      key=lambda op: op.name)

    def eval(self, feed_dict=None, session=None):
        """The SparseTensorValue in ``session`` (default: the default session)."""
        return session_for(session, self.graph, "SparseTensor.eval()").run(self, feed_dict)

    def _component_tensors(self):
        return [self._indices, self._values, self._dense_shape]

    def _value_from_components(self, values):
        return SparseTensorValue(*values)

    def _feed_components(self, value):
        if isinstance(value, SparseTensorValue) or (isinstance(value, (tuple, list)) and
                                                    len(value) == 3):
            return list(value)
        raise TypeError("A SparseTensor is fed a tf.SparseTensorValue or an (indices, values, "
                        "dense_shape) triple, not %r." % (type(value).__name__,))

    def __repr__(self):
        return "SparseTensor(indices=%s, values=%s, dense_shape=%s)" % (
            self._indices, self._values, self._dense_shape)


def is_sparse(x):
    """Whether ``x`` is a SparseTensor or a SparseTensorValue."""
    return isinstance(x, (SparseTensor, SparseTensorValue))


def convert_to_tensor_or_sparse_tensor(value, dtype=None, name=None):
    """A SparseTensor for a SparseTensor or SparseTensorValue, else ``convert_to_tensor``.

    >>> convert_to_tensor_or_sparse_tensor(SparseTensorValue([[0]], [1.0], [2])).dtype
    tf.float32
    """
    if isinstance(value, SparseTensorValue):
        value = SparseTensor.from_value(value)
    if isinstance(value, SparseTensor):
        if dtype is not None and value.dtype != dtypes.as_dtype(dtype):
            raise ValueError("Sparse dtype: requested = %s, actual = %s"
                             % (dtypes.as_dtype(dtype).name, value.dtype.name))
        return value
    return convert_to_tensor(value, dtype=dtype, name=name)


def convert_to_sparse_tensor(sp_input, what="sp_input"):
    """``sp_input`` as a SparseTensor (TypeError, as TF1, for anything else)."""
    if isinstance(sp_input, SparseTensorValue):
        return SparseTensor.from_value(sp_input)
    if not isinstance(sp_input, SparseTensor):
        raise TypeError("Input must be a SparseTensor (%s is a %s)."
                        % (what, type(sp_input).__name__))
    return sp_input


def sparse_placeholder(dtype, shape=None, name=None):
    """A SparseTensor of three placeholders (``name/indices``, ``name/values`` and, unless
    ``shape`` is fully known, ``name/shape``), fed with a SparseTensorValue or a triple.

    >>> import autograd_engine as tf
    >>> sp = tf.sparse_placeholder(tf.float32, shape=[2, 3])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse.to_dense(sp), {sp: ([[1, 2]], [7.0], [2, 3])}).tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.0, 7.0]]
    """
    def part(suffix):
        return None if name is None else "%s/%s" % (name, suffix)
    if isinstance(shape, Tensor):
        rank, dense_shape = shape.shape.with_rank(1).as_tuple()[0], shape
    elif shape is None:
        rank, dense_shape = None, placeholder(dtypes.int64, [None], name=part("shape"))
    else:
        dims = as_shape(shape).as_tuple()
        if dims is None:
            rank, dense_shape = None, placeholder(dtypes.int64, [None], name=part("shape"))
        elif None in dims:
            rank, dense_shape = len(dims), placeholder(dtypes.int64, [len(dims)],
                                                        name=part("shape"))
        else:
            rank = len(dims)
            dense_shape = convert_to_tensor(np.array(dims, np.int64), name=part("shape"))
    return SparseTensor(values=placeholder(dtype, [None], name=part("values")),
                        indices=placeholder(dtypes.int64, [None, rank], name=part("indices")),
                        dense_shape=dense_shape)
