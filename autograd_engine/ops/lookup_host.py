"""The host-side table lookup: keys of any dtype, ``tf.string`` included (TF1's
``LookupTableFindV2`` for string tables), for the tables whose keys the device library cannot
compare.

>>> import autograd_engine as tf
>>> init = tf.lookup.KeyValueTensorInitializer(["a", "b"], [1, 2], value_dtype=tf.int64)
>>> table = tf.lookup.StaticHashTable(init, -1)
>>> tf.Session().run(table.lookup(tf.constant(["b", "z"]))).tolist()
[2, -1]
"""
import numpy as np

from .op_samples import OpSample
from .registry import OpDef, make_tensor, register
from .string_family import string_array


class LookupTableFindHost(OpDef):
    """``values[i]`` where ``keys[i] == query``, else ``default`` (same inputs and shapes as
    ``LookupTableFind``), run on the host with a dictionary."""
    type_name = "LookupTableFindHost"
    differentiable = False
    host_only = True

    def infer(self, op):
        keys, values, query, default = op.inputs
        if keys.dtype != query.dtype:
            raise TypeError("Table keys are %s but the looked-up keys are %s."
                            % (keys.dtype.name, query.dtype.name))
        return [(values.dtype, query.shape)]

    def kernel(self, op, ctx):
        def find(keys, values, query, default):
            table = dict(zip(np.asarray(keys).tolist(), range(len(keys))))
            query = np.asarray(query)
            positions = np.array([table.get(k, -1) for k in query.reshape(-1).tolist()],
                                 dtype=np.int64)
            found = positions >= 0
            result = np.empty(positions.shape, dtype=values.dtype)
            result[found] = values[positions[found]]
            result[~found] = default
            return result.reshape(query.shape)
        return find

    def samples(self, rng):
        keys = string_array(["apple", "banana", "cherry"])
        query = string_array([["cherry", "kiwi"], ["apple", ""]])
        return [OpSample(lambda *t: make_tensor(self.type_name, t), keys,
                         np.array([10, 20, 30], np.int64), query, np.int64(-1),
                         reference=lambda k, v, q, d: np.array([[30, -1], [10, -1]], np.int64))]


register(LookupTableFindHost)

__all__ = ["LookupTableFindHost"]
