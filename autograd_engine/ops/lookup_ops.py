"""``tf.lookup`` tables with integer keys: ``StaticHashTable`` (TF1's ``HashTable``) filled by
a ``KeyValueTensorInitializer``, and ``tf.tables_initializer``.

The table's keys and values are constant tensors of the graph; ``lookup`` is one op
(``LookupTableFind``) that maps each key to its value, or to the default value for a key the
table lacks. Its initializer is an op in the ``table_initializer`` collection, as in TF1, so
programs that run ``tf.tables_initializer()`` run unchanged; the table is usable before it runs
(the values are constants, there is nothing to fill). String keys are looked up on the host
(``lookup_host.py``).

>>> import autograd_engine as tf
>>> table = tf.lookup.StaticHashTable(
...     tf.lookup.KeyValueTensorInitializer([3, 7, 9], [0.5, 1.5, 2.5]), default_value=-1.0)
>>> with tf.Session() as sess:
...     _ = sess.run(tf.tables_initializer())
...     sess.run(table.lookup(tf.constant([[7, 1], [3, 9]])))
array([[ 1.5, -1. ],
       [ 0.5,  2.5]], dtype=float32)
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError, get_default_graph
from .constant_op import constant_value, convert_to_tensor
from .control_flow_ops import group, no_op
from . import lookup_host  # noqa: F401 - registers the host-side lookup of string keys
from .op_samples import OpSample
from .registry import OpDef, make_tensor, register
from .shape_ops import size as _size

TABLE_INITIALIZERS = "table_initializer"  # GraphKeys.TABLE_INITIALIZERS
_KEY_DTYPES = (dtypes.int32, dtypes.int64, dtypes.string)


class LookupTableFind(OpDef):
    """``values[i]`` where ``keys[i] == query``, else ``default``; the output has the query's
    shape and the values' dtype. Inputs: keys (1-D), values (1-D), query, default (scalar)."""
    type_name = "LookupTableFind"
    differentiable = False  # TF1 registers no gradient for table lookups

    def infer(self, op):
        keys, values, query, default = op.inputs
        if keys.dtype != query.dtype:
            raise TypeError("Table keys are %s but the looked-up keys are %s."
                            % (keys.dtype.name, query.dtype.name))
        if values.dtype != default.dtype:
            raise TypeError("Table values are %s but the default value is %s."
                            % (values.dtype.name, default.dtype.name))
        for tensor, what in ((keys, "keys"), (values, "values")):
            if tensor.shape.ndims not in (None, 1):
                raise ShapeInferenceError("Table %s must be a vector, got shape %s"
                                          % (what, tensor.shape))
        if default.shape.ndims not in (None, 0):
            raise ShapeInferenceError("The default value must be a scalar, got shape %s"
                                      % default.shape)
        return [(values.dtype, query.shape)]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def find(keys, values, query, default):
            if keys.shape != values.shape:
                raise ValueError("The table has %d keys but %d values." % (keys.size,
                                                                           values.size))
            order = xp.argsort(keys, kind="stable")
            sorted_keys = keys[order]
            flat = query.reshape(-1)
            position = xp.clip(xp.searchsorted(sorted_keys, flat), 0, max(keys.size - 1, 0))
            if keys.size == 0:
                return xp.broadcast_to(default, query.shape).copy()
            found = sorted_keys[position] == flat
            result = xp.where(found, values[order][position], default)
            return result.reshape(query.shape).astype(values.dtype, copy=False)
        return find

    def samples(self, rng):
        def sample(keys, values, query, default, **options):
            def reference(keys, values, query, default):
                table = dict(zip(keys.tolist(), values.tolist()))
                return np.array([table.get(k, default.item()) for k in query.reshape(-1)],
                                values.dtype).reshape(query.shape)
            return OpSample(lambda *t: make_tensor(self.type_name, t), keys, values, query,
                            default, reference=reference, grad=(), **options)
        keys = rng.permutation(20)[:8].astype(np.int64)
        return [sample(keys, rng.normal(size=8), rng.integers(0, 20, (3, 4)).astype(np.int64),
                       np.float64(-1.0)),
                sample(np.array([5, 1], np.int32), np.array([10, 20], np.int32),
                       np.array([1, 2, 5], np.int32), np.int32(0), name="int_values"),
                sample(np.zeros(0, np.int32), np.zeros(0, np.float32),
                       np.array([1, 2], np.int32), np.float32(7), name="empty_table")]


register(LookupTableFind)


class KeyValueTensorInitializer:
    """A table's contents: ``keys`` and ``values`` (1-D, equal length)."""

    def __init__(self, keys, values, key_dtype=None, value_dtype=None, name=None):
        self.keys = convert_to_tensor(keys, dtype=key_dtype)
        self.values = convert_to_tensor(values, dtype=value_dtype)
        if self.keys.dtype not in _KEY_DTYPES:
            raise TypeError("Table keys of dtype %s are not supported: keys are int32 or int64, "
                            "or strings." % self.keys.dtype.name)
        static = constant_value(self.keys)
        if static is not None and len(np.unique(static)) != static.size:
            raise ValueError("The table keys hold duplicates: %s" % static.tolist())
        self._name = name or "key_value_init"
        self.key_dtype, self.value_dtype = self.keys.dtype, self.values.dtype


class StaticHashTable:
    """A constant key -> value table (TF1's ``tf.contrib.lookup.HashTable``)."""

    def __init__(self, initializer, default_value, name=None):
        self._initializer_spec = initializer
        self._default = convert_to_tensor(default_value, dtype=initializer.value_dtype)
        self._name = name or "hash_table"
        self.initializer = no_op(name=self._name + "_init")
        get_default_graph().add_to_collection(TABLE_INITIALIZERS, self.initializer)

    init = property(lambda self: self.initializer)
    name = property(lambda self: self._name)
    key_dtype = property(lambda self: self._initializer_spec.key_dtype)
    value_dtype = property(lambda self: self._initializer_spec.value_dtype)
    default_value = property(lambda self: self._default)

    def lookup(self, keys, name=None):
        """The value of every key in ``keys`` (any shape), the default for missing ones."""
        keys = convert_to_tensor(keys, dtype=self.key_dtype)
        spec = self._initializer_spec
        # i20i: string keys are compared on the host (lookup_host.py)
        find = "LookupTableFindHost" if self.key_dtype == dtypes.string else "LookupTableFind"
        return make_tensor(find, (spec.keys, spec.values, keys, self._default),
                           {}, name or self._name + "_Lookup")

    def size(self, name=None):
        """The number of entries, as an int64 scalar."""
        return _size(self._initializer_spec.keys, name=name, out_type=dtypes.int64)


HashTable = StaticHashTable


def tables_initializer(name="init_all_tables"):
    """One op running every table initializer of the default graph."""
    initializers = get_default_graph().get_collection(TABLE_INITIALIZERS)
    return group(*initializers, name=name) if initializers else no_op(name=name)


initialize_all_tables = tables_initializer

__all__ = ["HashTable", "KeyValueTensorInitializer", "StaticHashTable", "initialize_all_tables",
           "tables_initializer"]
