"""Validation of a meta graph read from a file, before anything is built from it.

A meta graph file is untrusted input: it may be damaged, truncated, written by hand or made
to hurt. :func:`check_meta_graph` walks the whole dict once and raises
:class:`MetaGraphError` naming the first problem (the section, the op and the field), so the
importer after it only meets the types it expects. Nested attr values are walked iteratively
and limited to :data:`MAX_ATTR_DEPTH` levels, so a deeply nested file cannot exhaust Python's
recursion limit.

>>> check_meta_graph({"format": "autograd_engine.MetaGraph", "version": "1"})
Traceback (most recent call last):
...
autograd_engine.train.meta_graph_checks.MetaGraphError: Malformed meta graph: "version" must be an integer, got '1' (str)
"""
import numpy as np

FORMAT = "autograd_engine.MetaGraph"
VERSION = 1
# Attr values nest lists and dicts; what the engine writes is a few levels deep.
MAX_ATTR_DEPTH = 64
# The attr value tags (see train/meta_graph.py) and the keys each may carry.
# Tags that share a key with another ("dtype", "shape") come first.
_TAG_KEYS = {"strings_b64": {"strings_b64", "shape"},
             "array_b64": {"array_b64", "dtype", "shape"}, "array": {"array", "dtype"},
             "scalar": {"scalar", "dtype"}, "list": {"list"}, "dict": {"dict"},
             "float": {"float"}, "op": {"op"}, "tensor": {"tensor"}, "shape": {"shape"},
             "dtype": {"dtype"}, "bytes": {"bytes"}}


class MetaGraphError(ValueError):
    """A meta graph that cannot be written (an attr of an unsupported type) or read back
    (damaged, malformed or inconsistent): the one error ``import_meta_graph`` raises for a bad
    file, naming the problem."""


def _fail(message, *args):
    raise MetaGraphError("Malformed meta graph: " + (message % args if args else message))


def _describe(value):
    text = repr(value)
    return "%s (%s)" % (text if len(text) <= 60 else text[:57] + "...", type(value).__name__)


def _expect(value, types, what):
    """``value`` if it is of ``types`` (bool never counts as an int), else a MetaGraphError."""
    kinds = types if isinstance(types, tuple) else (types,)
    if isinstance(value, bool) and bool not in kinds:
        ok = False
    else:
        ok = isinstance(value, kinds)
    if not ok:
        names = {int: "an integer", str: "a string", list: "a list", dict: "an object",
                 bool: "a boolean", type(None): "null", float: "a number"}
        _fail("%s must be %s, got %s", what, " or ".join(names[k] for k in kinds),
              _describe(value))
    return value


def check_tensor_name(name, what):
    """``(op name, output index)`` of a ``"op:index"`` reference."""
    _expect(name, str, what)
    op_name, colon, index = name.rpartition(":")
    if not colon or not op_name or not index.isdigit():
        _fail("%s must be a tensor name \"<op>:<index>\", got %r", what, name)
    return op_name, int(index)


def check_numpy_dtype(name, what):
    """The numpy dtype named ``name``: numbers and bools only (never object arrays)."""
    _expect(name, str, what)
    try:
        dtype = np.dtype(name)
    except TypeError:
        _fail("%s names an unknown dtype %r", what, name)
    if dtype.kind not in "biufc":
        _fail("%s must be a numeric or bool dtype, got %r", what, name)
    return dtype


def _check_attr_value(value, what):
    """Walks one attr value iteratively, checking its tags and nesting depth."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_ATTR_DEPTH:
            _fail("%s nests deeper than %d levels", what, MAX_ATTR_DEPTH)
        if isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
        elif isinstance(item, dict):
            tag = next((t for t in _TAG_KEYS if t in item), None)
            if tag is None or set(item) != _TAG_KEYS[tag]:
                _fail("%s holds an unknown value %s", what, _describe(item))
            if tag == "list":
                stack.extend((v, depth + 1) for v in _expect(item["list"], list, what))
            elif tag == "dict":
                stack.extend((v, depth + 1) for v in _expect(item["dict"], dict, what).values())
            elif tag in ("scalar", "array", "array_b64"):
                check_numpy_dtype(item.get("dtype"), what + " dtype")
                if tag == "array":
                    _check_nested_numbers(item["array"], depth, what)
                elif tag == "array_b64":
                    _expect(item["array_b64"], str, what)
                    _check_dims(item.get("shape"), what + " shape", unknown=False)
                elif isinstance(item["scalar"], dict):
                    stack.append((item["scalar"], depth + 1))  # {"float": "nan"}
                else:
                    _expect(item["scalar"], (int, float, bool), what)
            elif tag == "strings_b64":
                for string in _expect(item["strings_b64"], list, what):
                    _expect(string, str, what)
                _check_dims(item["shape"], what + " shape", unknown=False)
            elif tag == "shape":
                if item["shape"] is not None:
                    _check_dims(item["shape"], what, unknown=True)
            elif tag == "float":
                if item["float"] not in ("nan", "inf", "-inf"):
                    _fail("%s: float tag must be \"nan\", \"inf\" or \"-inf\", got %s",
                          what, _describe(item["float"]))
            elif tag == "tensor":
                check_tensor_name(item["tensor"], what)
            else:
                _expect(item[tag], str, what)
        elif item is not None and not isinstance(item, (bool, int, float, str)):
            _fail("%s holds %s", what, _describe(item))


def _check_nested_numbers(data, depth, what):
    stack = [(data, depth)]
    while stack:
        item, level = stack.pop()
        if level > MAX_ATTR_DEPTH:
            _fail("%s nests deeper than %d levels", what, MAX_ATTR_DEPTH)
        if isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
        elif not isinstance(item, (bool, int, float)):
            _fail("%s: an array element is %s", what, _describe(item))


def _check_dims(dims, what, unknown):
    _expect(dims, list, what)
    for d in dims:
        if d is None and unknown:
            continue
        if isinstance(d, bool) or not isinstance(d, int) or d < 0:
            _fail("%s must hold non-negative integer dimensions, got %s", what, _describe(dims))


def _check_op(index, record):
    what = "op #%d" % index
    _expect(record, dict, what)
    for key in ("name", "type", "inputs", "attrs"):
        if key not in record:
            _fail("%s lacks the key \"%s\"", what, key)
    name = _expect(record["name"], str, what + " name")
    what = "op '%s'" % name
    _expect(record["type"], str, what + " type")
    for i, ref in enumerate(_expect(record["inputs"], list, what + " inputs")):
        check_tensor_name(ref, "%s input %d" % (what, i))
    for ref in _expect(record.get("control_inputs", []), list, what + " control_inputs"):
        _expect(ref, str, what + " control input")
    _expect(record.get("device", ""), str, what + " device")
    for key, value in _expect(record["attrs"], dict, what + " attrs").items():
        _check_attr_value(value, "%s attr '%s'" % (what, key))
    outputs = record.get("outputs")
    if outputs is not None:
        for i, entry in enumerate(_expect(outputs, list, what + " outputs")):
            if not isinstance(entry, list) or len(entry) != 2:
                _fail("%s output %d must be [dtype, shape], got %s", what, i, _describe(entry))
            _expect(entry[0], str, "%s output %d dtype" % (what, i))
            if entry[1] is not None:
                _check_dims(entry[1], "%s output %d shape" % (what, i), unknown=True)
    location = record.get("location")
    if location is not None:
        if not (isinstance(location, list) and len(location) == 3 and
                isinstance(location[0], str) and isinstance(location[2], str) and
                isinstance(location[1], int) and not isinstance(location[1], bool)):
            _fail("%s location must be [file, line, function], got %s", what,
                  _describe(location))
    return name


def _check_variables(variables, op_names):
    names = set()
    for i, record in enumerate(_expect(variables, list, "\"variables\"")):
        what = "variable #%d" % i
        _expect(record, dict, what)
        for key in ("name", "initializer", "snapshot", "initial_value"):
            if key not in record:
                _fail("%s lacks the key \"%s\"", what, key)
            ref = _expect(record[key], str, "%s %s" % (what, key))
            op_name = check_tensor_name(ref, what + " " + key)[0] \
                if key in ("snapshot", "initial_value") else ref
            if op_name not in op_names:
                _fail("%s %s names op '%s', which the meta graph does not define",
                      what, key, op_name)
        _expect(record.get("trainable", True), bool, what + " trainable")
        names.add(record["name"])
    return names


def _check_collections(collections, variable_names, op_names):
    for key, items in _expect(collections, dict, "\"collections\"").items():
        what = "collection '%s'" % key
        for item in _expect(items, list, what):
            if not isinstance(item, dict) or len(item) != 1 or \
                    next(iter(item)) not in ("variable", "tensor", "operation", "value",
                                             "queue_runner"):
                _fail("%s holds %s (expected {\"variable\"|\"tensor\"|\"operation\"|\"value\"|"
                      "\"queue_runner\": ...})", what, _describe(item))
            kind, ref = next(iter(item.items()))
            if kind == "variable" and ref not in variable_names:
                _fail("%s names Variable %s, which the meta graph does not define",
                      what, _describe(ref))
            if kind == "tensor" and check_tensor_name(ref, what)[0] not in op_names:
                _fail("%s names tensor '%s' of an op the meta graph does not define", what, ref)
            if kind == "operation" and _expect(ref, str, what) not in op_names:
                _fail("%s names op '%s', which the meta graph does not define", what, ref)
            if kind == "value" and isinstance(ref, (list, dict)):
                _fail("%s holds %s", what, _describe(ref))
            if kind == "queue_runner":
                _check_queue_runner(_expect(ref, dict, what), op_names, what)


def _check_queue_runner(record, op_names, what):
    """A QueueRunner's record (TF1's QueueRunnerDef): the ops it names must exist."""
    names = [record.get("queue_name"), record.get("close_op_name"),
             record.get("cancel_op_name")] + list(_expect(record.get("enqueue_op_name"), list,
                                                          what + " enqueue_op_name"))
    for name in names:
        if _expect(name, str, what + " queue runner") not in op_names:
            _fail("%s has a queue runner naming op '%s', which the meta graph does not define",
                  what, name)


def _check_saver(saver, variable_names):
    _expect(saver, dict, "\"saver\"")
    if "var_list" not in saver:
        _fail("\"saver\" lacks the key \"var_list\"")
    for name, op_name in _expect(saver["var_list"], dict, "saver var_list").items():
        if op_name not in variable_names:
            _fail("the Saver saves '%s' as Variable %s, which the meta graph does not define",
                  name, _describe(op_name))
    max_to_keep = saver.get("max_to_keep", 5)
    if max_to_keep is not None:
        _expect(max_to_keep, int, "saver max_to_keep")
    _expect(saver.get("keep_checkpoint_every_n_hours", 1.0), (int, float),
            "saver keep_checkpoint_every_n_hours")
    _expect(saver.get("pad_step_number", False), bool, "saver pad_step_number")


def check_meta_graph(meta):
    """Raises :class:`MetaGraphError` naming the first structural problem of ``meta`` (a dict
    read from a meta graph file); returns None when every section is well formed."""
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise MetaGraphError("Not an autograd_engine meta graph (expected \"format\": \"%s\")"
                             % FORMAT)
    version = _expect(meta.get("version"), int, "\"version\"")
    if version > VERSION:
        raise MetaGraphError("This meta graph has format version %s; this autograd_engine reads "
                             "versions up to %d. Upgrade autograd_engine." % (version, VERSION))
    _expect(meta.get("meta_info", {}), dict, "\"meta_info\"")
    graph = _expect(meta.get("graph"), dict, "\"graph\"")
    seed = graph.get("seed")
    if seed is not None:
        _expect(seed, int, "graph seed")
    op_names = set()
    for index, record in enumerate(_expect(graph.get("ops"), list, "graph \"ops\"")):
        op_names.add(_check_op(index, record))
    variable_names = _check_variables(meta.get("variables", []), op_names)
    _check_collections(meta.get("collections", {}), variable_names, op_names)
    if meta.get("saver") is not None:
        _check_saver(meta["saver"], variable_names)


__all__ = ["MetaGraphError", "check_meta_graph", "check_tensor_name", "check_numpy_dtype",
           "MAX_ATTR_DEPTH"]
