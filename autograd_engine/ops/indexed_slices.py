"""IndexedSlices: the sparse gradient of ``tf.gather`` / ``embedding_lookup`` along axis 0.

``values[i]`` is the slice of a tensor of shape ``dense_shape`` at row ``indices[i]`` (rows may
repeat: they add up). It stays sparse from the gather's gradient to the optimizer, which updates
only the rows it names (``_apply_sparse``); anything else that needs a tensor (an op's gradient,
``tf.convert_to_tensor``, ``add_n``) turns it into one, as TF1 does.
"""
import collections

from ..framework import dtypes
from ..framework.composite_tensor import CompositeTensor
from ..framework.default_session import session_for
from ..framework.tensor_shape import TensorShape
from .concat_split_ops import concat
from .constant_op import constant_value, convert_to_tensor
from .elementwise_unary_ops import cast
from .registry import make_tensor


class IndexedSlicesValue(collections.namedtuple("IndexedSlicesValue",
                                                ["values", "indices", "dense_shape"])):
    """The fetched value of an IndexedSlices (numpy arrays)."""
    __slots__ = ()


class IndexedSlices(CompositeTensor):
    """Rows ``indices`` of a tensor of shape ``dense_shape``, holding ``values``.

    >>> import autograd_engine as tf
    >>> table = tf.Variable(tf.zeros([10, 4]))
    >>> grad, = tf.gradients(tf.reduce_sum(tf.gather(table, [2, 7])), [table])
    >>> isinstance(grad, tf.IndexedSlices), grad.values.shape.as_list()
    (True, [2, 4])
    """

    __slots__ = ("_values", "_indices", "_dense_shape")

    def __init__(self, values, indices, dense_shape=None):
        self._values = convert_to_tensor(values)
        self._indices = convert_to_tensor(indices)
        self._dense_shape = None if dense_shape is None else convert_to_tensor(dense_shape)

    values = property(lambda self: self._values)
    indices = property(lambda self: self._indices)
    dense_shape = property(lambda self: self._dense_shape)
    dtype = property(lambda self: self._values.dtype)
    op = property(lambda self: self._values.op)
    graph = property(lambda self: self._values.graph)
    device = property(lambda self: self._values.device)
    name = property(lambda self: self._values.name)

    @property
    def shape(self):
        """The dense tensor's static shape (rows unknown unless ``dense_shape`` is constant)."""
        known = None if self._dense_shape is None else constant_value(self._dense_shape)
        if known is not None:
            return TensorShape([int(d) for d in known])
        return TensorShape([None]).concatenate(self._values.shape[1:])

    def get_shape(self):
        return self.shape

    def eval(self, feed_dict=None, session=None):
        return session_for(session, self.graph, "IndexedSlices.eval()").run(self, feed_dict)

    def _component_tensors(self):
        parts = [self._values, self._indices]
        return parts if self._dense_shape is None else parts + [self._dense_shape]

    def _value_from_components(self, values):
        return IndexedSlicesValue(values[0], values[1], values[2] if len(values) > 2 else None)

    def _to_dense_tensor(self):
        if self._dense_shape is None:
            raise ValueError("Tensor conversion requested for IndexedSlices without dense_shape:"
                             " %r" % (self,))
        rows = self.shape.as_tuple()[0] if self.shape.ndims else None
        count = rows if rows is not None else \
            cast(self._dense_shape[0], self._indices.dtype)
        return make_tensor("UnsortedSegmentSum", (self._values, self._indices,
                                                  convert_to_tensor(count,
                                                                    dtype=self._indices.dtype)))

    def __repr__(self):
        return "IndexedSlices(indices=%s, values=%s%s)" % (
            self._indices, self._values,
            "" if self._dense_shape is None else ", dense_shape=%s" % self._dense_shape)


def as_dense(value):
    """``value`` as a tensor: IndexedSlices are summed into their dense shape (None and
    tensors pass)."""
    return convert_to_tensor(value) if isinstance(value, IndexedSlices) else value


def concatenated_slices(slices_list):
    """One IndexedSlices holding the rows of all of ``slices_list`` (TF1's aggregation of
    sparse gradients: repeated rows add up when densified or applied)."""
    with_int64 = any(s.indices.dtype == dtypes.int64 for s in slices_list)
    indices = [cast(s.indices, dtypes.int64) if with_int64 else s.indices for s in slices_list]
    return IndexedSlices(concat([s.values for s in slices_list], 0), concat(indices, 0),
                         slices_list[0].dense_shape)
