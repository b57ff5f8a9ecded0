"""``tf.graph_util.must_run_on_cpu`` and ``tensor_shape_from_node_def_name``: TF1's helpers for
device functions and graph rewriting, on GraphDef nodes and on this engine's Operations.

>>> import autograd_engine as tf
>>> g = tf.Graph()
>>> with g.as_default():
...     _ = tf.constant([1, 2], name="ids")
>>> must_run_on_cpu(g.get_operation_by_name("ids")), tensor_shape_from_node_def_name(g, "ids")
(True, TensorShape([Dimension(2)]))
"""
from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Operation
from .graph_def_values import dtype_of_enum

_VARIABLE_TYPES = ("Variable", "VariableV2", "VarHandleOp", "AutoReloadVariable")
_HOST_DTYPES = (dtypes.int32, dtypes.string)


def _type_and_dtype(node, attr):
    """(op type, the dtype of ``attr``, or None) of an Operation or a NodeDef."""
    if isinstance(node, Operation):
        if attr == "dtype":
            dtype = node.outputs[0].dtype if node.outputs else None
        elif attr == "SrcT":
            dtype = node.inputs[0].dtype if node.inputs else None
        else:  # "T": the data's dtype
            dtype = node.outputs[0].dtype if node.outputs else None
        return node.type, dtype
    value = node.attr[attr].type if attr in node.attr else None
    if not value:
        return node.op, None
    try:
        return node.op, dtype_of_enum(value)
    except InvalidArgumentError:  # a dtype this engine lacks: not one of the host dtypes
        return node.op, None


def must_run_on_cpu(node, pin_variables_on_cpu=False):
    """Whether ``node`` (an Operation or NodeDef) must be placed on the CPU, by TF1's rule:
    int32 and string constants, int32 DynamicStitch and casts from int32, and Variables when
    ``pin_variables_on_cpu``."""
    op_type = node.type if isinstance(node, Operation) else node.op
    if pin_variables_on_cpu and op_type in _VARIABLE_TYPES:
        return True
    if op_type == "Const":
        return _type_and_dtype(node, "dtype")[1] in _HOST_DTYPES
    if op_type in ("DynamicStitch", "ParallelDynamicStitch"):
        return _type_and_dtype(node, "T")[1] == dtypes.int32
    if op_type == "Cast":
        return _type_and_dtype(node, "SrcT")[1] == dtypes.int32
    return False


def tensor_shape_from_node_def_name(graph, input_name):
    """The static shape of the tensor ``input_name`` names in ``graph`` (a node name means its
    output 0)."""
    name = input_name if ":" in input_name else input_name + ":0"
    return graph.get_tensor_by_name(name).shape


__all__ = ["must_run_on_cpu", "tensor_shape_from_node_def_name"]
