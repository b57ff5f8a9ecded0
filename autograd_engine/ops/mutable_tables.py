"""``tf.lookup.experimental.MutableHashTable`` and ``DenseHashTable``: key -> value tables that
``insert`` and ``remove`` change while the graph runs.

Like a queue, a table lives in each Session (``ctx.resources``, keyed by its op or its
``shared_name``): two Sessions on one graph have separate tables. Its ops run on the host and
have no gradient. ``DenseHashTable`` refuses its reserved ``empty_key`` and ``deleted_key`` as
keys, as TF1's. The tables are not saved by ``tf.train.Saver`` (export them, with
``export()``, to keep their contents).

>>> import autograd_engine as tf
>>> table = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, default_value=-1)
>>> with tf.Session() as sess:
...     sess.run(table.insert(["a", "b"], tf.constant([1, 2], tf.int64)))
...     sess.run(table.lookup(tf.constant(["b", "c"]))).tolist()
[2, -1]
"""
import threading

import numpy as np

from ..framework import dtypes
from ..framework.graph import control_dependencies, get_default_graph
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample
from .registry import OpDef, make_op, register
from .string_family import run_error, string_array

_HANDLE = [(dtypes.resource, TensorShape([]))]
_creation_lock = threading.Lock()


class TableResource:
    """One Session's table: ``{key: value array}`` behind a lock."""

    def __init__(self, value_shape, reserved):
        self.value_shape = tuple(value_shape)
        self.reserved = reserved  # {key: what it is reserved as}
        self.entries = {}
        self.lock = threading.Lock()

    def check_keys(self, op, keys):
        for key in keys:
            if key in self.reserved:
                raise run_error(op, "Using the %s as a table key is not allowed"
                                % self.reserved[key])


class TableOp(OpDef):
    stateful = True
    differentiable = False
    host_only = True


def _keys_list(keys):
    return np.asarray(keys).reshape(-1).tolist()


@register
class MutableHashTableOfTensorsV2(TableOp):
    """Outputs the handle of the Session's table, made on first use."""
    type_name = "MutableHashTableOfTensorsV2"

    def infer(self, op):
        return _HANDLE

    def kernel(self, op, ctx):
        shared = op.attrs["shared_name"]
        key = ("table", shared) if shared else op
        reserved = {k: what for k, what in op.attrs["reserved"]}
        with _creation_lock:
            table = ctx.resources.get(key)
            if table is None:
                table = ctx.resources[key] = TableResource(op.attrs["value_shape"], reserved)
        return lambda: table

    def samples(self, rng):
        return [OpSample(lambda k, v: _round_trip(k, v), string_array(["x", "y"]),
                         rng.normal(size=(2, 3)),
                         reference=lambda k, v: [v[::-1], np.int64(2)])]


def _round_trip(keys, values):
    table = MutableHashTable(dtypes.string, dtypes.float64, [0.0, 0.0, 0.0])
    with control_dependencies([table.insert(keys, values)]):
        return [table.lookup(keys[::-1]), table.size()]


@register
class LookupTableFindV2(TableOp):
    """(handle, keys, default) -> the value of each key, the default for a missing one."""
    type_name = "LookupTableFindV2"

    def infer(self, op):
        _, keys, default = op.inputs
        return [(default.dtype, keys.shape.concatenate(default.shape))]

    def kernel(self, op, ctx):
        def find(table, keys, default):
            default = np.asarray(default)
            flat = _keys_list(keys)
            with table.lock:
                rows = [table.entries.get(k, default) for k in flat]
            out = np.array(rows, dtype=default.dtype).reshape(
                np.shape(keys) + default.shape)
            return out
        return find

    samples = MutableHashTableOfTensorsV2.samples


@register
class LookupTableInsertV2(TableOp):
    """(handle, keys, values): sets each key's value (values: keys' shape + value shape)."""
    type_name = "LookupTableInsertV2"

    def infer(self, op):
        return []

    def kernel(self, op, ctx):
        def insert(table, keys, values):
            flat = _keys_list(keys)
            table.check_keys(op, flat)
            values = np.asarray(values)
            expected = np.shape(keys) + table.value_shape
            if values.shape != expected:
                raise run_error(op, "Expected shape %s for values, got %s"
                                % (list(expected), list(values.shape)))
            rows = values.reshape((len(flat),) + table.value_shape)
            with table.lock:
                for k, row in zip(flat, rows):
                    table.entries[k] = np.array(row, copy=True)
        return insert

    samples = MutableHashTableOfTensorsV2.samples


@register
class LookupTableRemoveV2(TableOp):
    """(handle, keys): removes the keys (missing ones are ignored)."""
    type_name = "LookupTableRemoveV2"

    def infer(self, op):
        return []

    def kernel(self, op, ctx):
        def remove(table, keys):
            flat = _keys_list(keys)
            table.check_keys(op, flat)
            with table.lock:
                for k in flat:
                    table.entries.pop(k, None)
        return remove

    def samples(self, rng):
        def build(keys):
            table = MutableHashTable(dtypes.string, dtypes.int64, -1)
            inserted = table.insert(keys, np.arange(3, dtype=np.int64))
            with control_dependencies([inserted]):
                removed = table.remove(keys[:1])
            with control_dependencies([removed]):
                return [table.lookup(keys), table.size()]
        return [OpSample(build, string_array(["a", "b", "c"]),
                         reference=lambda k: [np.array([-1, 1, 2], np.int64), np.int64(2)])]


@register
class LookupTableSizeV2(TableOp):
    type_name = "LookupTableSizeV2"

    def infer(self, op):
        return [(dtypes.int64, TensorShape([]))]

    def kernel(self, op, ctx):
        def size(table):
            with table.lock:
                return np.int64(len(table.entries))
        return size

    samples = MutableHashTableOfTensorsV2.samples


@register
class LookupTableExportV2(TableOp):
    """(handle) -> (keys, values) of every entry, in insertion order."""
    type_name = "LookupTableExportV2"

    def infer(self, op):
        value_shape = TensorShape(list(op.attrs["value_shape"]))
        return [(op.attrs["Tkeys"], TensorShape([None])),
                (op.attrs["Tvalues"], TensorShape([None]).concatenate(value_shape))]

    def kernel(self, op, ctx):
        key_type, value_type = op.attrs["Tkeys"], op.attrs["Tvalues"]

        def export(table):
            with table.lock:
                items = list(table.entries.items())
            keys = [k for k, _ in items]
            key_array = (string_array(keys) if keys else np.empty(0, object)) \
                if key_type == dtypes.string else np.array(keys, key_type.np_dtype)
            values = np.array([v for _, v in items], value_type.np_dtype).reshape(
                (len(items),) + table.value_shape)
            return key_array.reshape(-1), values
        return export

    def samples(self, rng):
        def build(keys, values):
            table = MutableHashTable(dtypes.int64, dtypes.float64, 0.0)
            with control_dependencies([table.insert(keys, values)]):
                return list(table.export())
        keys = np.array([3, 1, 2], np.int64)
        return [OpSample(build, keys, rng.normal(size=3), reference=lambda k, v: [k, v])]


class MutableHashTable:
    """A table that ``insert`` and ``remove`` change at run time; values have
    ``default_value``'s shape (a scalar or a vector...)."""

    _reserved_kind = None

    def __init__(self, key_dtype, value_dtype, default_value, name="MutableHashTable",
                 checkpoint=True, shared_name=None, reserved=()):
        del checkpoint  # the tables are not part of Saver checkpoints here (see the module)
        self._key_dtype = dtypes.as_dtype(key_dtype)
        self._value_dtype = dtypes.as_dtype(value_dtype)
        self._name = name
        graph = get_default_graph()
        with graph.name_scope(name):
            self._default_value = convert_to_tensor(default_value, dtype=self._value_dtype,
                                                    name="default_value")
            self._value_shape = self._default_value.shape
            self._table_ref = make_op("MutableHashTableOfTensorsV2", (), {
                "key_dtype": self._key_dtype, "value_dtype": self._value_dtype,
                "value_shape": tuple(self._value_shape.as_list()),
                "shared_name": shared_name or "", "container": "",
                "reserved": tuple(reserved)}, name="table").outputs[0]

    name = property(lambda self: self._name)
    key_dtype = property(lambda self: self._key_dtype)
    value_dtype = property(lambda self: self._value_dtype)
    resource_handle = property(lambda self: self._table_ref)
    default_value = property(lambda self: self._default_value)

    def _keys(self, keys):
        keys = convert_to_tensor(keys, dtype=self._key_dtype, name="keys")
        return keys

    def lookup(self, keys, dynamic_default_values=None, name=None):
        """The value of each key (any shape), ``default_value`` for missing keys."""
        default = self._default_value if dynamic_default_values is None else \
            convert_to_tensor(dynamic_default_values, dtype=self._value_dtype)
        return make_op("LookupTableFindV2", (self._table_ref, self._keys(keys), default), {},
                       name or "%s_lookup_table_find" % self._name).outputs[0]

    def insert(self, keys, values, name=None):
        """The op setting ``values[i]`` as the value of ``keys[i]``."""
        values = convert_to_tensor(values, dtype=self._value_dtype, name="values")
        return make_op("LookupTableInsertV2", (self._table_ref, self._keys(keys), values), {},
                       name or "%s_lookup_table_insert" % self._name)

    def remove(self, keys, name=None):
        """The op removing ``keys`` (those not in the table are ignored)."""
        return make_op("LookupTableRemoveV2", (self._table_ref, self._keys(keys)), {},
                       name or "%s_lookup_table_remove" % self._name)

    def size(self, name=None):
        """The number of entries (int64)."""
        return make_op("LookupTableSizeV2", (self._table_ref,), {},
                       name or "%s_Size" % self._name).outputs[0]

    def export(self, name=None):
        """(keys, values) of every entry."""
        op = make_op("LookupTableExportV2", (self._table_ref,), {
            "Tkeys": self._key_dtype, "Tvalues": self._value_dtype,
            "value_shape": tuple(self._value_shape.as_list())},
            name or "%s_lookup_table_export_values" % self._name)
        return op.outputs[0], op.outputs[1]


class DenseHashTable(MutableHashTable):
    """A :class:`MutableHashTable` (TF1's open-addressing table) whose ``empty_key`` and
    ``deleted_key`` mark its free slots and may not be used as keys."""

    def __init__(self, key_dtype, value_dtype, default_value, empty_key, deleted_key,
                 initial_num_buckets=None, name="MutableDenseHashTable", checkpoint=True,
                 shared_name=None):
        if empty_key == deleted_key:
            raise ValueError("empty_key and deleted_key cannot be the same")
        key_dtype = dtypes.as_dtype(key_dtype)
        as_key = (lambda k: k.encode("utf-8") if isinstance(k, str) else k) \
            if key_dtype == dtypes.string else int
        del initial_num_buckets
        super().__init__(key_dtype, value_dtype, default_value, name, checkpoint, shared_name,
                         reserved=((as_key(empty_key), "empty_key"),
                                   (as_key(deleted_key), "deleted_key")))


__all__ = ["DenseHashTable", "MutableHashTable"]
