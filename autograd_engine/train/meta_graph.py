"""A graph as plain data (a "meta graph": a dict that is valid JSON) and back.

Nothing here touches files: ``tf.train.export_meta_graph`` / ``import_meta_graph`` (in
``train/saver.py``) write and read the JSON text this module produces.

The meta graph holds every op in creation order (so a rebuilt graph schedules Variable updates
exactly as the original did), with its type, name, inputs by tensor name, control inputs,
device, attrs, output dtypes and shapes and the user's line that created it; the Python
``tf.Variable`` objects (which ops make up each one); and the collections.

Attr values are written as JSON with a few one-key tags, so that they come back with their
exact Python types:

==========================  ==================================================
Python value                JSON
==========================  ==================================================
None, bool, int, str        themselves
float                       itself; ``{"float": "nan"}`` / ``"inf"`` / ``"-inf"``
tuple                       a JSON array
list                        ``{"list": [...]}``
dict                        ``{"dict": {...}}``
DType                       ``{"dtype": "float32"}``
TensorShape                 ``{"shape": [null, 784]}`` (``null``: unknown rank)
Operation / Tensor          ``{"op": "W"}`` / ``{"tensor": "x:0"}``
numpy scalar                ``{"scalar": 1.5, "dtype": "float32"}``
numpy array, small          ``{"array": [[1, 2]], "dtype": "int32"}`` (nested lists)
numpy array, large          ``{"array_b64": "...", "dtype": "float32", "shape": [784, 10]}``
                            (the raw little-endian bytes, base64)
bytes                       ``{"bytes": "..."}`` (base64)
numpy array of bytes        ``{"strings_b64": ["...", ...], "shape": [2]}`` (tf.string values)
==========================  ==================================================

>>> import autograd_engine as tf
>>> g = tf.Graph()
>>> with g.as_default():
...     y = tf.multiply(tf.placeholder(tf.float32, [None, 2], name="x"), 3.0, name="y")
>>> meta = graph_to_meta_graph(g)
>>> [op["name"] for op in meta["graph"]["ops"]]
['x', 'Const', 'y']
>>> g2 = tf.Graph()
>>> with g2.as_default():
...     _ = import_meta_graph_dict(meta)
>>> g2.get_tensor_by_name("y:0").shape.as_list()
[None, 2]
"""
import base64
import json
import math
import warnings

import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.source_location import SourceLocation
from ..framework.tensor import Operation, Tensor
from ..framework.tensor_shape import TensorShape
from .meta_graph_checks import FORMAT, VERSION, MetaGraphError, check_meta_graph
from ..ops.registry import REGISTRY
from ..ops.variables import Variable
from ..version import __version__
from .queue_runner import QueueRunner

# Arrays with at most this many elements are written as readable nested lists.
INLINE_ARRAY_ELEMENTS = 64
# Attrs holding Python objects rebuilt by the importer rather than serialized.
# Attrs holding Python objects that a meta graph cannot carry: the Python Variable (rebuilt from
# the "variables" section) and a tf.data iterator's dataset (an iterator imported without it
# says so when run).
_PYTHON_ONLY_ATTRS = ("python_variable", "dataset")


# ------------------------------------------------------------------ attr values
def encode_value(value, rename=str):
    """The JSON form of one attr value (see the module docstring); ``rename`` maps op names
    (used to strip an export scope)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"float": repr(value)}
    if isinstance(value, tuple):
        return [encode_value(v, rename) for v in value]
    if isinstance(value, list):
        return {"list": [encode_value(v, rename) for v in value]}
    if isinstance(value, dict):
        return {"dict": {str(k): encode_value(v, rename) for k, v in sorted(value.items())}}
    if isinstance(value, dtypes.DType):
        return {"dtype": value.name}
    if isinstance(value, TensorShape):
        dims = value.as_tuple()
        return {"shape": None if dims is None else list(dims)}
    if isinstance(value, Operation):
        return {"op": rename(value.name)}
    if isinstance(value, Tensor):
        return {"tensor": "%s:%d" % (rename(value.op.name), value.value_index)}
    if isinstance(value, np.generic):
        return {"scalar": encode_value(value.item()), "dtype": value.dtype.name}
    if isinstance(value, bytes):
        return {"bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, np.ndarray):
        return _encode_array(value)
    raise TypeError("values of type %s cannot be written to a meta graph" % type(value).__name__)


def _encode_array(array):
    if array.dtype == object and all(isinstance(v, bytes) for v in array.reshape(-1)):
        return {"strings_b64": [base64.b64encode(v).decode("ascii") for v in array.reshape(-1)],
                "shape": list(array.shape)}
    if array.dtype.kind not in "biufc":
        raise TypeError("numpy arrays of dtype %s cannot be written to a meta graph" % array.dtype)
    finite = array.dtype.kind not in "fc" or bool(np.isfinite(array).all())
    if 0 < array.size <= INLINE_ARRAY_ELEMENTS and finite and array.dtype.kind != "c":
        return {"array": array.tolist(), "dtype": array.dtype.name}
    data = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<"))
    return {"array_b64": base64.b64encode(data.tobytes()).decode("ascii"),
            "dtype": array.dtype.name, "shape": list(array.shape)}


def decode_value(data, resolve_op):
    """The Python attr value of ``data`` (from :func:`encode_value`); ``resolve_op(name)``
    returns the Operation of that name in the graph being rebuilt."""
    if isinstance(data, list):
        return tuple(decode_value(v, resolve_op) for v in data)
    if not isinstance(data, dict):
        return data
    if "list" in data:
        return [decode_value(v, resolve_op) for v in data["list"]]
    if "dict" in data:
        return {k: decode_value(v, resolve_op) for k, v in data["dict"].items()}
    if "float" in data:
        return float(data["float"])
    if "bytes" in data:
        return base64.b64decode(data["bytes"])
    if "strings_b64" in data:
        return dtypes.as_string_array([base64.b64decode(v) for v in data["strings_b64"]]) \
            .reshape(data["shape"])
    if "shape" in data and "dtype" not in data:
        return TensorShape(data["shape"])
    if "scalar" in data:
        return np.dtype(data["dtype"]).type(decode_value(data["scalar"], resolve_op))
    if "array" in data:
        try:
            return np.array(data["array"], dtype=data["dtype"])
        except (TypeError, ValueError, OverflowError) as e:
            raise MetaGraphError("An array attr of the meta graph does not hold %s values of one "
                                 "shape: %s" % (data["dtype"], e)) from None
    if "array_b64" in data:
        return _decode_b64_array(data)
    if "dtype" in data:
        return dtypes.as_dtype(data["dtype"])
    if "op" in data:
        return resolve_op(data["op"])
    if "tensor" in data:
        op_name, _, index = data["tensor"].rpartition(":")
        return resolve_op(op_name).outputs[int(index)]
    raise MetaGraphError("Unknown attr value in meta graph: %s" % json.dumps(data)[:200])


def _decode_b64_array(data):
    dtype = np.dtype(data["dtype"])
    try:
        raw = base64.b64decode(data["array_b64"], validate=True)
    except ValueError as e:
        raise MetaGraphError("An array attr of the meta graph is not valid base64: %s" % e) \
            from None
    count = int(np.prod(data["shape"], dtype=np.int64))
    if len(raw) != count * dtype.itemsize:
        raise MetaGraphError("An array attr of the meta graph holds %d bytes, but %s of shape %s "
                             "takes %d." % (len(raw), dtype.name, data["shape"],
                                            count * dtype.itemsize))
    return np.frombuffer(raw, dtype=dtype.newbyteorder("<")).astype(dtype).reshape(data["shape"])


# ------------------------------------------------------------------ export
def graph_to_meta_graph(graph=None, collection_list=None, export_scope=None,
                        clear_devices=False, saver_def=None):
    """The meta graph of ``graph`` (default: the default graph) as a JSON-ready dict.

    ``collection_list``: the collection keys to include (default: all). ``export_scope``: only
    the ops under this name scope, written without it (their inputs must lie inside it too).
    ``saver_def``: a dict describing a Saver, stored so that importing rebuilds it.

    >>> import autograd_engine as tf
    >>> g = tf.Graph()
    >>> with g.as_default():
    ...     w = tf.Variable(1.0, name="w")
    >>> meta = graph_to_meta_graph(g)
    >>> meta["variables"][0]["name"], meta["collections"]["trainable_variables"]
    ('w', [{'variable': 'w'}])
    """
    graph = get_default_graph() if graph is None else graph
    prefix = export_scope.rstrip("/") + "/" if export_scope else ""

    def in_scope(name):
        return not prefix or name.startswith(prefix)

    def rename(name):
        if not in_scope(name):
            raise MetaGraphError("Op '%s' lies outside export_scope '%s' but an op inside it "
                                 "uses it; export a scope that contains the whole subgraph."
                                 % (name, export_scope))
        return name[len(prefix):]

    ops = []
    for op in graph.get_operations():
        if in_scope(op.name):
            ops.append(_op_record(op, rename, clear_devices))
    variables = [_variable_record(op, rename) for op in graph.get_operations()
                 if in_scope(op.name) and "python_variable" in op.attrs]
    collections = {}
    keys = graph.get_all_collection_keys() if collection_list is None else list(collection_list)
    for key in keys:
        items = [_collection_item(key, item, in_scope, rename)
                 for item in graph.get_collection(key)]
        items = [item for item in items if item is not None]
        if items:
            collections[key] = items
    meta = {"format": FORMAT, "version": VERSION,
            "meta_info": {"engine": "autograd_engine", "engine_version": __version__},
            "graph": {"seed": graph.seed, "ops": ops},
            "variables": variables,
            "collections": collections}
    if saver_def is not None:
        meta["saver"] = saver_def
    return meta


def _op_record(op, rename, clear_devices):
    try:
        attrs = {key: encode_value(value, rename) for key, value in sorted(op.attrs.items())
                 if key not in _PYTHON_ONLY_ATTRS}
    except TypeError as e:
        raise MetaGraphError("Cannot export op %s to a meta graph: an attr holds %s.%s"
                             % (op.describe(), e, op.creation_site())) from None
    record = {"name": rename(op.name), "type": op.type,
              "inputs": ["%s:%d" % (rename(t.op.name), t.value_index) for t in op.inputs]}
    if op.control_inputs:
        record["control_inputs"] = [rename(c.name) for c in op.control_inputs]
    if op.device and not clear_devices:
        record["device"] = op.device
    record["attrs"] = attrs
    record["outputs"] = [[t.dtype.name, None if t.shape.as_tuple() is None
                          else list(t.shape.as_tuple())] for t in op.outputs]
    location = op.location
    if location is not None:
        record["location"] = [location.filename, location.lineno, location.function]
    return record


def _variable_record(var_op, rename):
    variable = var_op.attrs["python_variable"]
    return {"name": rename(var_op.name),
            "initializer": rename(variable.initializer.name),
            "snapshot": _tensor_name(variable.value(), rename),
            "initial_value": _tensor_name(variable.initial_value, rename),
            "trainable": variable.trainable}


def _tensor_name(tensor, rename):
    return "%s:%d" % (rename(tensor.op.name), tensor.value_index)


def _collection_item(key, item, in_scope, rename):
    """``{"variable"|"tensor"|"operation": name}`` or a plain JSON scalar; None (with a
    warning, as TF1 does) for what a meta graph cannot hold."""
    if isinstance(item, Variable):
        return {"variable": rename(item.op.name)} if in_scope(item.op.name) else None
    if isinstance(item, Tensor):
        return {"tensor": _tensor_name(item, rename)} if in_scope(item.op.name) else None
    if isinstance(item, Operation):
        return {"operation": rename(item.name)} if in_scope(item.name) else None
    if key == "savers":
        return None  # Saver objects: a meta graph holds its Saver as the "saver" section
    if isinstance(item, QueueRunner):  # i17b: as TF1's QueueRunnerDef, by op names
        record = item.to_meta_graph_record()
        names = [record["queue_name"], record["close_op_name"], record["cancel_op_name"]] + \
            record["enqueue_op_name"]
        if not all(in_scope(name) for name in names):
            return None
        return {"queue_runner": dict(record, queue_name=rename(record["queue_name"]),
                                     close_op_name=rename(record["close_op_name"]),
                                     cancel_op_name=rename(record["cancel_op_name"]),
                                     enqueue_op_name=[rename(n) for n in
                                                      record["enqueue_op_name"]])}
    if item is None or isinstance(item, (bool, int, str)) or \
            (isinstance(item, float) and math.isfinite(item)):
        return {"value": item}
    warnings.warn("Collection '%s' holds %r (a %s), which a meta graph cannot hold; it is left "
                  "out of the export." % (key, item, type(item).__name__), stacklevel=3)
    return None


# ------------------------------------------------------------------ import
def import_meta_graph_dict(meta, graph=None, clear_devices=False, import_scope=None):
    """Rebuilds the ops, Variables and collections of ``meta`` in ``graph`` (default: the
    default graph), names prefixed with ``import_scope/`` when given. Returns a dict mapping
    each Variable's name in the meta graph to the rebuilt ``tf.Variable``."""
    check_meta_graph(meta)
    graph = get_default_graph() if graph is None else graph
    prefix = import_scope.rstrip("/") + "/" if import_scope else ""
    created = {}

    def resolve_op(name):
        try:
            return created[name]
        except KeyError:
            raise MetaGraphError("The meta graph refers to op '%s' before defining it (or not at "
                                 "all): the file is damaged." % name) from None

    def resolve_tensor(name):
        op_name, _, index = name.rpartition(":")
        outputs = resolve_op(op_name).outputs
        if int(index) >= len(outputs):
            raise MetaGraphError("The meta graph refers to tensor '%s', but op '%s' has %d "
                                 "output(s): the file is damaged." % (name, op_name, len(outputs)))
        return outputs[int(index)]

    with graph.as_default(), graph.control_dependencies(None), graph.name_scope(None):
        for record in meta["graph"]["ops"]:
            name = record["name"]
            op_def = REGISTRY.get(record["type"])
            if op_def is None:
                raise MetaGraphError(
                    "Op type '%s' (of node '%s') is not registered in this autograd_engine "
                    "(the meta graph was written by %s %s)." % (
                        record["type"], name, meta.get("meta_info", {}).get("engine"),
                        meta.get("meta_info", {}).get("engine_version")))
            if prefix + name in graph._ops_by_name:
                raise MetaGraphError(
                    "Cannot import node '%s': the graph already has an op of that name. Import "
                    "into a fresh tf.Graph(), or pass import_scope=\"...\"." % (prefix + name))
            attrs = {k: decode_value(v, resolve_op) for k, v in record["attrs"].items()}
            inputs = [resolve_tensor(n) for n in record["inputs"]]
            control = [resolve_op(n) for n in record.get("control_inputs", ())]
            device = "" if clear_devices else record.get("device", "")
            try:
                with graph.device(device):
                    op = graph.create_op(op_def, inputs, attrs, prefix + name + "/", control)
            except MetaGraphError:
                raise
            except (KeyError, TypeError, ValueError, IndexError, AttributeError) as e:
                raise MetaGraphError("Cannot rebuild node '%s' (%s) of the meta graph: %s: %s"
                                     % (name, record["type"], type(e).__name__, e)) from None
            try:
                _restore_outputs(op, record)
            except ValueError as e:  # a recorded shape the rebuilt op cannot have
                raise MetaGraphError("Node '%s' of the meta graph: %s" % (name, e)) from None
            if "location" in record:
                # Shown in error messages, never opened: the file names a path it chose.
                op._location = SourceLocation(*record["location"], readable=False)
            created[name] = op

        variables = {}
        for record in meta.get("variables", ()):
            variable_op = resolve_op(record["name"])
            if variable_op.type != "VariableV2":
                raise MetaGraphError("The meta graph's Variable '%s' names a %s op, not a "
                                     "VariableV2: the file is damaged."
                                     % (record["name"], variable_op.type))
            variables[record["name"]] = Variable.from_graph_ops(
                variable_op, resolve_op(record["initializer"]),
                resolve_tensor(record["snapshot"]), resolve_tensor(record["initial_value"]),
                trainable=record.get("trainable", True))

        for key, items in meta.get("collections", {}).items():
            for item in items:
                if "variable" in item:
                    value = variables[item["variable"]]
                elif "tensor" in item:
                    value = resolve_tensor(item["tensor"])
                elif "operation" in item:
                    value = resolve_op(item["operation"])
                elif "queue_runner" in item:
                    value = QueueRunner.from_meta_graph_record(item["queue_runner"], resolve_op)
                else:
                    value = item["value"]
                graph.add_to_collection(key, value)
    if meta["graph"].get("seed") is not None and graph.seed is None:
        graph.seed = meta["graph"]["seed"]
    return variables


def _restore_outputs(op, record):
    """Checks the rebuilt op's outputs against the recorded ones and narrows their shapes to
    what was recorded (a ``set_shape`` in the original program)."""
    recorded = record.get("outputs")
    if recorded is None:
        return
    if len(recorded) != len(op.outputs):
        raise MetaGraphError("Op '%s' (%s) was recorded with %d outputs but rebuilds with %d."
                             % (op.name, op.type, len(recorded), len(op.outputs)))
    for tensor, (dtype, dims) in zip(op.outputs, recorded):
        if tensor.dtype.name != dtype:
            raise MetaGraphError("Tensor '%s' was recorded as %s but rebuilds as %s."
                                 % (tensor.name, dtype, tensor.dtype.name))
        if dims is not None:
            tensor.set_shape(dims)


# ------------------------------------------------------------------ text
def to_json(meta):
    """Stable, readable JSON text: one op, Variable or collection per line.

    >>> print(to_json({"format": "f", "graph": {"ops": [{"name": "a"}]}}))
    {
     "format": "f",
     "graph": {
      "ops": [
       {"name": "a"}
      ]
     }
    }
    """
    def dumps(value):
        return json.dumps(value, allow_nan=False, ensure_ascii=True)

    def block(items, indent):
        pad = " " * indent
        return "[\n" + ",\n".join(pad + dumps(item) for item in items) + "\n" + pad[:-1] + "]" \
            if items else "[]"

    lines = []
    for key, value in meta.items():
        if key == "graph":
            inner = ['  "%s": %s' % (k, block(v, 3) if k == "ops" else dumps(v))
                     for k, v in value.items()]
            lines.append(' "graph": {\n' + ",\n".join(inner) + "\n }")
        elif key == "variables":
            lines.append(' "variables": ' + block(value, 2))
        elif key == "collections":
            inner = ['  %s: %s' % (dumps(k), dumps(v)) for k, v in value.items()]
            body = "\n" + ",\n".join(inner) + "\n }" if inner else "}"
            lines.append(' "collections": {' + body)
        else:
            lines.append(" %s: %s" % (dumps(key), dumps(value)))
    return "{\n" + ",\n".join(lines) + "\n}"


def from_json(text):
    """The meta graph dict of JSON text (or UTF-8 bytes) written by :func:`to_json`; anything
    else is a :class:`MetaGraphError`."""
    try:
        if isinstance(text, (bytes, bytearray)):
            text = bytes(text).decode("utf-8")
        return json.loads(text)
    except ValueError as e:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise MetaGraphError("Not a valid meta graph JSON file: %s" % e) from None
    except RecursionError:
        raise MetaGraphError("Not a valid meta graph JSON file: it nests too deeply") from None


__all__ = ["MetaGraphError", "graph_to_meta_graph", "import_meta_graph_dict", "to_json",
           "from_json", "encode_value", "decode_value"]
