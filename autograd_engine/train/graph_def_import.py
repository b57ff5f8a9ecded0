"""``tf.import_graph_def``: TensorFlow ``GraphDef`` nodes rebuilt as this engine's ops.

Each node is rebuilt with the public function TensorFlow's own builders would have called
(``Conv2D`` with ``tf.nn.conv2d``, ``Mean`` with ``tf.reduce_mean`` on its constant
``reduction_indices`` input...), so shapes are inferred and checked exactly as for a graph built
here. Nodes whose type is one of our registered op types and that need no attrs beyond ``T``
(the element-wise math, activations, ``MatMul``'s relatives) are created directly. Variables are
not imported: a graph with Variables is frozen first (``graph_util.
convert_variables_to_constants``), as TF1 programs do before shipping a ``.pb``; a graph with
Variables and training state travels as a meta graph (``tf.train.export_meta_graph``).
"""
from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.graph import get_default_graph
from ..framework.tensor import Tensor
from ..ops import (activation_ops, array_ops, concat_split_ops, constant_op, control_flow_ops,
                   conv_ops, elementwise_binary_ops, elementwise_unary_ops, gather_ops,
                   matmul_ops, nn_impl, nn_ops, pooling_ops, reduction_ops, shape_ops,
                   slicing_ops, tile_ops)
from ..ops.registry import REGISTRY, make_op
from ..summary.proto import protos
from .graph_def_values import attr_to_python

_REDUCTIONS = {"Sum": reduction_ops.reduce_sum, "Mean": reduction_ops.reduce_mean,
               "Max": reduction_ops.reduce_max, "Min": reduction_ops.reduce_min,
               "Prod": reduction_ops.reduce_prod, "All": reduction_ops.reduce_all,
               "Any": reduction_ops.reduce_any}
# TensorFlow op types that are another name of one of ours.
_ALIASES = {"AddV2": "Add", "Snapshot": "Identity", "Div": "RealDiv", "BatchMatMul": "MatMul",
            "BatchMatMulV2": "MatMul", "BatchMatMulV3": "MatMul"}
_VARIABLE_TYPES = ("VariableV2", "Variable", "VarHandleOp", "ReadVariableOp", "Assign",
                   "AssignVariableOp")


def _static(tensor):
    """A constant operand (axis, perm, shape) as its value when known while building, as
    TF's own Python builders pass it; else the tensor."""
    value = constant_op.constant_value(tensor)
    return tensor if value is None else value.tolist()


def _reduce(fn):
    return lambda n, ins, a: fn(ins[0], axis=_static(ins[1]), keepdims=a.get("keep_dims", False),
                                name=n)


def _conv2d(n, ins, a):
    return conv_ops.conv2d(ins[0], ins[1], a["strides"], a["padding"],
                           data_format=a.get("data_format", "NHWC"),
                           dilations=a.get("dilations", [1, 1, 1, 1]), name=n)


def _pool(fn):
    return lambda n, ins, a: fn(ins[0], a["ksize"], a["strides"], a["padding"],
                                data_format=a.get("data_format", "NHWC"), name=n)


def _matmul(n, ins, a):
    return matmul_ops.matmul(ins[0], ins[1],
                             transpose_a=a.get("transpose_a", a.get("adj_x", False)),
                             transpose_b=a.get("transpose_b", a.get("adj_y", False)), name=n)


# TF op type -> f(name, input tensors, attrs as Python values) -> tensor(s) or Operation.
_BUILDERS = {
    "Placeholder": lambda n, ins, a: array_ops.placeholder(a["dtype"], a.get("shape"), name=n),
    "PlaceholderWithDefault": lambda n, ins, a: array_ops.placeholder_with_default(
        ins[0], a["shape"], name=n),
    "Const": lambda n, ins, a: constant_op.constant(a["value"], a["dtype"], name=n),
    "Identity": lambda n, ins, a: array_ops.identity(ins[0], name=n),
    "StopGradient": lambda n, ins, a: array_ops.stop_gradient(ins[0], name=n),
    "NoOp": lambda n, ins, a: control_flow_ops.no_op(name=n),
    "Conv2D": _conv2d,
    "MaxPool": _pool(pooling_ops.max_pool), "AvgPool": _pool(pooling_ops.avg_pool),
    "BiasAdd": lambda n, ins, a: nn_impl.bias_add(ins[0], ins[1], a.get("data_format"), name=n),
    "MatMul": _matmul, "BatchMatMul": _matmul, "BatchMatMulV2": _matmul,
    "Softmax": lambda n, ins, a: nn_ops.softmax(ins[0], name=n),
    "LogSoftmax": lambda n, ins, a: nn_ops.log_softmax(ins[0], name=n),
    "LeakyRelu": lambda n, ins, a: activation_ops.leaky_relu(ins[0], a.get("alpha", 0.2),
                                                             name=n),
    "Reshape": lambda n, ins, a: array_ops.reshape(ins[0], _static(ins[1]), name=n),
    "ExpandDims": lambda n, ins, a: array_ops.expand_dims(ins[0], _static(ins[1]), name=n),
    "Squeeze": lambda n, ins, a: array_ops.squeeze(ins[0], a.get("squeeze_dims") or None,
                                                   name=n),
    "Transpose": lambda n, ins, a: array_ops.transpose(ins[0], _static(ins[1]), name=n),
    "ConcatV2": lambda n, ins, a: concat_split_ops.concat(ins[:-1], _static(ins[-1]), name=n),
    "Pack": lambda n, ins, a: constant_op.stack(ins, a.get("axis", 0), name=n),
    "Unpack": lambda n, ins, a: concat_split_ops.unstack(ins[0], a["num"], a.get("axis", 0),
                                                         name=n),
    "ArgMax": lambda n, ins, a: reduction_ops.argmax(ins[0], _static(ins[1]), name=n,
                                                     output_type=a.get("output_type",
                                                                       dtypes.int64)),
    "ArgMin": lambda n, ins, a: reduction_ops.argmin(ins[0], _static(ins[1]), name=n,
                                                     output_type=a.get("output_type",
                                                                       dtypes.int64)),
    "Cast": lambda n, ins, a: elementwise_unary_ops.cast(ins[0], a["DstT"], name=n),
    "Shape": lambda n, ins, a: shape_ops.shape(ins[0], out_type=a.get("out_type",
                                                                      dtypes.int32), name=n),
    "Fill": lambda n, ins, a: array_ops.fill(_static(ins[0]), ins[1], name=n),
    "Tile": lambda n, ins, a: tile_ops.tile(ins[0], _static(ins[1]), name=n),
    "PadV2": lambda n, ins, a: slicing_ops.pad(ins[0], _static(ins[1]), name=n,
                                               constant_values=_static(ins[2])),
    "Split": lambda n, ins, a: concat_split_ops.split(ins[1], a["num_split"], _static(ins[0]),
                                                      name=n),
    "Pad": lambda n, ins, a: slicing_ops.pad(ins[0], _static(ins[1]), name=n),
    "Slice": lambda n, ins, a: slicing_ops.slice(ins[0], _static(ins[1]), _static(ins[2]),
                                                 name=n),
    "StridedSlice": lambda n, ins, a: slicing_ops.strided_slice(
        ins[0], _static(ins[1]), _static(ins[2]), _static(ins[3]), a.get("begin_mask", 0),
        a.get("end_mask", 0), a.get("ellipsis_mask", 0), a.get("new_axis_mask", 0),
        a.get("shrink_axis_mask", 0), name=n),
    "GatherV2": lambda n, ins, a: gather_ops.gather(ins[0], ins[1], axis=_static(ins[2]), name=n),
    "Select": lambda n, ins, a: elementwise_binary_ops.where(ins[0], ins[1], ins[2], name=n),
    "SelectV2": lambda n, ins, a: elementwise_binary_ops.where_v2(ins[0], ins[1], ins[2],
                                                                  name=n),
    "AddN": lambda n, ins, a: matmul_ops.add_n(ins, name=n),
}
_BUILDERS.update({name: _reduce(fn) for name, fn in _REDUCTIONS.items()})


class _Source:
    """One input spelling of a NodeDef: ``op``, ``op:2`` or ``^op``."""

    def __init__(self, text):
        self.control = text.startswith("^")
        text = text.lstrip("^")
        name, _, index = text.rpartition(":")
        if not name or not index.isdigit():
            name, index = text, "0"
        self.node, self.index = name, int(index)

    def key(self):
        return "%s:%d" % (self.node, self.index)


def _topological(nodes):
    """The nodes, each after the nodes it reads (GraphDef order is free); iterative."""
    by_name = {node.name: node for node in nodes}
    pending = {node.name: {_Source(i).node for i in node.input} for node in nodes}
    for name, deps in pending.items():
        missing = deps - by_name.keys()
        if missing:
            raise ValueError("Node '%s' of the GraphDef reads '%s', which the GraphDef does not "
                             "define." % (name, sorted(missing)[0]))
    users = {}
    for name, deps in pending.items():
        for dep in deps:
            users.setdefault(dep, []).append(name)
    ready = [node.name for node in nodes if not pending[node.name]]
    order = []
    while ready:
        name = ready.pop()
        order.append(by_name[name])
        for user in users.get(name, ()):
            pending[user].discard(name)
            if not pending[user]:
                ready.append(user)
    if len(order) != len(nodes):
        raise ValueError("The GraphDef has a cycle (TF1 while loops are not imported).")
    return order


def _build(node, inputs, attrs, name):
    type_name = _ALIASES.get(node.op, node.op)
    if node.op in _VARIABLE_TYPES:
        raise ValueError("Node '%s' is a %s: import_graph_def reads frozen graphs; freeze it with "
                         "tf.graph_util.convert_variables_to_constants first, or move a graph "
                         "with Variables as a meta graph (tf.train.export_meta_graph)."
                         % (node.name, node.op))
    builder = _BUILDERS.get(type_name)
    if builder is not None:
        try:
            return builder(name, inputs, attrs)
        except KeyError as e:
            raise ValueError("Node '%s' (op %s) lacks the attr %s that TensorFlow requires."
                             % (node.name, node.op, e)) from None
    if type_name in REGISTRY:
        ours = {k: v for k, v in attrs.items() if k not in ("T", "dtype")}
        try:
            return make_op(type_name, inputs, ours, name)
        except (KeyError, TypeError) as e:
            raise ValueError("Node '%s' (op %s) cannot be rebuilt from its GraphDef attrs: %s"
                             % (node.name, node.op, e)) from None
    raise ValueError("Node '%s' has op type '%s', which import_graph_def cannot rebuild in this "
                     "engine." % (node.name, node.op))


def _outputs(result):
    if isinstance(result, Tensor):
        return result.op, [result]
    if isinstance(result, (list, tuple)):
        return result[0].op, list(result)
    return result, list(result.outputs)


def import_graph_def(graph_def, input_map=None, return_elements=None, name=None,
                     op_dict=None, producer_op_list=None):
    """Adds the nodes of ``graph_def`` (a ``GraphDef`` or its serialized bytes) to the default
    graph under the name scope ``name`` (default ``"import"``; ``""`` for none).

    ``input_map`` maps tensor names of the GraphDef (``"x:0"`` or ``"x"``) to tensors of this
    graph that replace them; ``return_elements`` names the tensors (``"y:0"``) and operations
    (``"train"``) to return, in order.

    >>> import autograd_engine as tf
    >>> g = tf.Graph()
    >>> with g.as_default():
    ...     _ = tf.multiply(tf.placeholder(tf.float32, [None], name="x"), 2.0, name="y")
    >>> with tf.Graph().as_default():
    ...     y, = tf.import_graph_def(g.as_graph_def(), return_elements=["y:0"])
    ...     with tf.Session() as sess:
    ...         print(y.name, sess.run(y, {"import/x:0": [1.0, 2.0]}))
    import/y:0 [2. 4.]
    """
    del op_dict, producer_op_list  # TF's deprecated arguments: op types come from the registry
    if isinstance(graph_def, (bytes, bytearray)):
        graph_def = _parse(graph_def)
    graph = get_default_graph()
    prefix = "import" if name is None else name.rstrip("/")
    mapped = {_Source(k).key(): v for k, v in (input_map or {}).items()}
    unused = set(mapped)
    tensors, operations = {}, {}
    with graph.name_scope(None):
        scope = graph.name_scope(prefix) if prefix else graph.name_scope(None)
        with scope:
            for node in _topological(list(graph_def.node)):
                sources = [_Source(i) for i in node.input]
                inputs = []
                for source in (s for s in sources if not s.control):
                    key = source.key()
                    if key in mapped:
                        unused.discard(key)
                        inputs.append(mapped[key])
                    else:
                        inputs.append(tensors[key])
                control = [operations[s.node] for s in sources if s.control]
                attrs = {k: attr_to_python(v) for k, v in node.attr.items()
                         if not k.startswith("_")}
                with graph.control_dependencies(control):
                    op, outputs = _outputs(_build(node, inputs, attrs, node.name))
                operations[node.name] = op
                for index, tensor in enumerate(outputs):
                    tensors["%s:%d" % (node.name, index)] = tensor
    if unused:
        raise ValueError("Attempted to map inputs that were not found in graph_def: [%s]"
                         % ", ".join(sorted(unused)))
    if return_elements is None:
        return None
    return [_return_element(item, tensors, operations) for item in return_elements]


def _return_element(item, tensors, operations):
    if ":" in item:
        if item not in tensors:
            raise ValueError("Requested return_element '%s' not found in graph_def." % item)
        return tensors[item]
    if item not in operations:
        raise ValueError("Requested return_element '%s' not found in graph_def." % item)
    return operations[item]


def _parse(data):
    graph_def = protos().graph_pb2.GraphDef()
    try:
        graph_def.ParseFromString(bytes(data))
    except Exception as e:  # protobuf's DecodeError has no stable import path
        raise InvalidArgumentError(None, None, "Not a valid GraphDef: %s" % e) from None
    return graph_def


__all__ = ["import_graph_def"]
