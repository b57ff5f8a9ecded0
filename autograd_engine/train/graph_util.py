"""``tf.graph_util`` and ``tf.train.write_graph``: GraphDef files, pruning and freezing.

Everything here works on TensorFlow's ``GraphDef`` messages, so it applies to a graph exported
here (``Graph.as_graph_def()``) and to one TensorFlow wrote alike.

>>> import autograd_engine as tf
>>> g = tf.Graph()
>>> with g.as_default():
...     w = tf.Variable([1.0, 2.0], name="w")
...     y = tf.multiply(w, 3.0, name="y")
...     with tf.Session() as sess:
...         sess.run(tf.global_variables_initializer())
...         frozen = convert_variables_to_constants(sess, g.as_graph_def(), ["y"])
>>> sorted(n.op for n in frozen.node)
['Const', 'Const', 'Identity', 'Mul']
"""
import copy
import os

from ..framework.errors import NotFoundError
from .graph_def_values import array_to_tensor_proto
from ..summary.proto import protos

_VARIABLE_OPS = ("VariableV2", "Variable", "VarHandleOp")


def _node_name(text):
    return text.lstrip("^").split(":")[0]


def extract_sub_graph(graph_def, dest_nodes):
    """A copy of ``graph_def`` holding only the nodes ``dest_nodes`` (names) need, in their
    original order.

    >>> import autograd_engine as tf
    >>> g = tf.Graph()
    >>> with g.as_default():
    ...     a = tf.constant(1.0, name="a"); b = tf.constant(2.0, name="b")
    ...     _ = tf.add(a, 1.0, name="c")
    >>> [n.name for n in extract_sub_graph(g.as_graph_def(), ["c"]).node]
    ['a', 'Const', 'c']
    """
    if isinstance(dest_nodes, str):
        raise TypeError("dest_nodes must be a list of node names, not a string.")
    by_name = {node.name: node for node in graph_def.node}
    keep, stack = set(), [_node_name(n) for n in dest_nodes]
    while stack:
        name = stack.pop()
        if name in keep:
            continue
        if name not in by_name:
            raise NotFoundError(None, None, "%s is not in graph" % name)
        keep.add(name)
        stack.extend(_node_name(i) for i in by_name[name].input)
    out = protos().graph_pb2.GraphDef()
    out.versions.CopyFrom(graph_def.versions)
    out.node.extend(copy.deepcopy(n) for n in graph_def.node if n.name in keep)
    return out


def convert_variables_to_constants(sess, input_graph_def, output_node_names,
                                   variable_names_whitelist=None,
                                   variable_names_blacklist=None):
    """``input_graph_def`` pruned to ``output_node_names`` with every Variable it reads
    replaced by a ``Const`` holding its value in ``sess`` (a "frozen" graph); the variable
    reads (``ReadVariableOp``) become ``Identity``. Only the listed variables are frozen when
    ``variable_names_whitelist`` is given; never those of ``variable_names_blacklist``."""
    pruned = extract_sub_graph(input_graph_def, output_node_names)
    frozen_names = [node.name for node in pruned.node if node.op in _VARIABLE_OPS and
                    (variable_names_whitelist is None or node.name in variable_names_whitelist)
                    and node.name not in (variable_names_blacklist or ())]
    values = dict(zip(frozen_names, sess.run([name + ":0" for name in frozen_names])))
    out = protos().graph_pb2.GraphDef()
    out.versions.CopyFrom(pruned.versions)
    for node in pruned.node:
        new = out.node.add()
        if node.name in values:
            dtype = node.attr["dtype"]
            new.name, new.op, new.device = node.name, "Const", node.device
            new.attr["dtype"].CopyFrom(dtype)
            value = values[node.name]
            new.attr["value"].tensor.CopyFrom(array_to_tensor_proto(value))
            new.attr["value"].tensor.dtype = dtype.type
        elif node.op == "ReadVariableOp" and _node_name(node.input[0]) in values:
            new.name, new.op, new.device = node.name, "Identity", node.device
            new.input.extend(node.input)
            new.attr["T"].CopyFrom(node.attr["dtype"])
        else:
            new.CopyFrom(node)
    return out


def remove_training_nodes(input_graph, protected_nodes=None):
    """``input_graph`` without its ``Identity``/``CheckNumerics`` pass-through nodes (their
    readers read what they read), keeping ``protected_nodes``."""
    protected = set(protected_nodes or ())
    skip = {node.name: node.input[0] for node in input_graph.node
            if node.op in ("Identity", "CheckNumerics", "StopGradient") and node.input and
            not node.input[0].startswith("^") and node.name not in protected}

    def through(text):
        prefix = "^" if text.startswith("^") else ""
        while _node_name(text) in skip and (":" not in text or text.endswith(":0")):
            text = skip[_node_name(text)]
        return prefix + text.lstrip("^")

    out = protos().graph_pb2.GraphDef()
    out.versions.CopyFrom(input_graph.versions)
    for node in input_graph.node:
        if node.name in skip:
            continue
        new = out.node.add()
        new.CopyFrom(node)
        del new.input[:]
        new.input.extend(through(i) for i in node.input)
    return out


def GraphDef(*args, **kwargs):  # noqa: N802 - TF's name of the message class
    """A new, empty ``GraphDef`` message (TensorFlow's class, from the ``tensorboard``
    package's protobufs): ``tf.GraphDef().ParseFromString(data)``.

    >>> GraphDef().node
    []
    """
    return protos().graph_pb2.GraphDef(*args, **kwargs)


def graph_def_of(graph_or_graph_def):
    """The GraphDef itself, or a Graph's ``as_graph_def()``."""
    graph_def_cls = protos().graph_pb2.GraphDef
    if isinstance(graph_or_graph_def, graph_def_cls):
        return graph_or_graph_def
    return graph_or_graph_def.as_graph_def()


def write_graph(graph_or_graph_def, logdir, name, as_text=True):
    """Writes a GraphDef (or a Graph's) to ``logdir/name``: protobuf text format when
    ``as_text`` (TF's ``.pbtxt``), else the binary ``.pb`` TensorFlow reads with
    ``GraphDef.ParseFromString``. Returns the path."""
    from google.protobuf import text_format
    graph_def = graph_def_of(graph_or_graph_def)
    if logdir:
        os.makedirs(logdir, exist_ok=True)
    path = os.path.join(logdir, name)
    if as_text:
        with open(path, "w") as f:
            f.write(text_format.MessageToString(graph_def))
    else:
        with open(path, "wb") as f:
            f.write(graph_def.SerializeToString())
    return path


def read_graph_def(path):
    """The GraphDef of a file :func:`write_graph` (or TensorFlow) wrote, text or binary."""
    from google.protobuf import text_format
    graph_def = protos().graph_pb2.GraphDef()
    with open(path, "rb") as f:
        data = f.read()
    try:
        graph_def.ParseFromString(data)
    except Exception:  # not binary: the text format
        graph_def = protos().graph_pb2.GraphDef()
        text_format.Merge(data.decode("utf-8"), graph_def)
    return graph_def


__all__ = ["GraphDef", "convert_variables_to_constants", "extract_sub_graph", "read_graph_def",
           "remove_training_nodes", "write_graph"]
