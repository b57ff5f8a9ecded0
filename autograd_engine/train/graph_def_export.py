"""A graph as TensorFlow's own ``GraphDef``: TF op names, attrs and inputs, so that a graph
built here imports into TensorFlow (``tf.import_graph_def``) and runs there.

Most of our op types already carry TensorFlow's name and inputs (``MatMul``, ``Relu``,
``Add``...); they get TF's ``T`` attr and their own simple attrs. The ops that hold as attrs
what TensorFlow takes as a constant input (``Reshape``'s shape, ``Mean``'s axes, ``ConcatV2``'s
axis...) get that constant as an extra ``Const`` node named ``<op>/<input name>``, as TF's own
builders name it; convolutions and pools get TF's four-element ``strides``/``ksize`` lists.
An op type with no TensorFlow counterpart is written with our type and attrs: this engine's
``import_graph_def`` reads it back, TensorFlow refuses it by name.

>>> import autograd_engine as tf
>>> g = tf.Graph()
>>> with g.as_default():
...     y = tf.reduce_mean(tf.placeholder(tf.float32, [None, 3], name="x"), axis=1, name="m")
>>> for node in graph_to_tf_graph_def(g).node:
...     print(node.name, node.op, list(node.input))
x Placeholder []
m/reduction_indices Const []
m Mean ['x', 'm/reduction_indices']
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import GRAPH_DEF_WRITER
from ..framework.tensor_shape import TensorShape
from ..summary.graph_def import PRODUCER_VERSION
from ..summary.proto import protos
from .graph_def_values import array_to_tensor_proto, python_to_attr

# Our attrs that only this engine uses (Python objects, plan hints): never written.
_PYTHON_ONLY_ATTRS = ("python_variable", "variable", "dataset")
_REDUCTIONS = ("Sum", "Mean", "Max", "Min", "Prod", "All", "Any")


def tensor_name(tensor):
    """TF's input spelling of a tensor: ``op`` for output 0, else ``op:i``."""
    return tensor.op.name if tensor.value_index == 0 else "%s:%d" % (tensor.op.name,
                                                                     tensor.value_index)


class _Writer:
    """Appends NodeDefs to one GraphDef; one per export."""

    def __init__(self):
        self.graph_def = protos().graph_pb2.GraphDef()
        self.graph_def.versions.producer = PRODUCER_VERSION

    def const(self, name, array, dtype):
        node = self.graph_def.node.add(name=name, op="Const")
        node.attr["dtype"].CopyFrom(python_to_attr(dtype))
        node.attr["value"].tensor.CopyFrom(array_to_tensor_proto(np.asarray(array), dtype))
        return name

    def node(self, op, type_name, inputs):
        node = self.graph_def.node.add(name=op.name, op=type_name, device=op.device or "")
        node.input.extend(inputs)
        node.input.extend("^" + c.name for c in op.control_inputs)
        return node


def _set(node, **attrs):
    for key, value in attrs.items():
        node.attr[key].CopyFrom(python_to_attr(value))


def _four(pair, data_format="NHWC"):
    pair = [int(v) for v in pair]
    return [1] + pair + [1] if data_format == "NHWC" else [1, 1] + pair


def _const_operand(writer, op, index, key, input_name, dtype=dtypes.int32):
    """The op's ``index``-th input when given as a tensor, else its static ``key`` attr as a
    Const node."""
    if len(op.inputs) > index:
        return tensor_name(op.inputs[index])
    return writer.const(op.name + "/" + input_name, np.asarray(op.attrs[key], np.int32), dtype)


def _write_conv_or_pool(writer, op, inputs):
    node = writer.node(op, op.type, inputs)
    _set(node, T=op.outputs[0].dtype, strides=_four(op.attrs["strides"]),
         padding=op.attrs["padding"], data_format="NHWC")
    if op.type == "Conv2D":
        _set(node, dilations=_four(op.attrs["dilations"]), use_cudnn_on_gpu=True)
    else:
        _set(node, ksize=_four(op.attrs["kernel_hw"]))
    return node


def _write_reduction(writer, op, inputs):
    axes = op.attrs["axes"]
    axes = list(range(op.inputs[0].shape.ndims)) if axes is None else list(axes)
    index = writer.const(op.name + "/reduction_indices", np.asarray(axes, np.int32),
                         dtypes.int32)
    node = writer.node(op, op.type, inputs[:1] + [index])
    _set(node, keep_dims=bool(op.attrs["keepdims"]), Tidx=dtypes.int32)
    if op.type not in ("All", "Any"):
        _set(node, T=op.outputs[0].dtype)
    return node


def _write_reshape(writer, op, inputs):
    shape = _const_operand(writer, op, 1, "shape", "shape")
    return _set_t(writer.node(op, "Reshape", inputs[:1] + [shape]), op, Tshape=dtypes.int32)


def _write_concat(writer, op, inputs):
    axis = writer.const(op.name + "/axis", np.int32(op.attrs["axis"]), dtypes.int32)
    return _set_t(writer.node(op, "ConcatV2", inputs + [axis]), op, N=len(inputs),
                  Tidx=dtypes.int32)


def _write_pack(writer, op, inputs):
    return _set_t(writer.node(op, op.type, inputs), op, N=len(inputs),
                  axis=int(op.attrs["axis"]))


def _write_unpack(writer, op, inputs):
    return _set_t(writer.node(op, op.type, inputs), op, num=int(op.attrs["num"]),
                  axis=int(op.attrs["axis"]))


def _int_consts(writer, op, *named_values):
    return [writer.const(op.name + "/" + name, np.asarray(value, np.int32), dtypes.int32)
            for name, value in named_values]


def _strided_slice_operands(index):
    """TF's begin/end/strides vectors and bit masks of our StridedSlice ``index`` spec."""
    begin, end, strides = [], [], []
    masks = dict.fromkeys(("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask",
                           "shrink_axis_mask"), 0)
    for bit, entry in enumerate(index):
        kind = entry[0]
        if kind == "slice":
            start, stop, step = entry[1:]
            begin.append(0 if start is None else start)
            end.append(0 if stop is None else stop)
            strides.append(1 if step is None else step)
            masks["begin_mask"] |= (start is None) << bit
            masks["end_mask"] |= (stop is None) << bit
            continue
        if kind == "int":
            begin.append(entry[1])
            end.append(entry[1] + 1)
            masks["shrink_axis_mask"] |= 1 << bit
        else:
            begin.append(0)
            end.append(0)
            masks["ellipsis_mask" if kind == "..." else "new_axis_mask"] |= 1 << bit
        strides.append(1)
    return begin, end, strides, masks


def _write_strided_slice(writer, op, inputs):
    index = op.attrs.get("index")
    if len(inputs) != 1 or index is None or not all(
            isinstance(v, int) or v is None for entry in index for v in entry[1:]):
        return _write_generic(writer, op, inputs)
    begin, end, strides, masks = _strided_slice_operands(index)
    operands = _int_consts(writer, op, ("begin", begin), ("end", end), ("strides", strides))
    return _set_t(writer.node(op, "StridedSlice", inputs + operands), op, Index=dtypes.int32,
                  **masks)


def _write_int_operands(input_names, attr_keys, index_attr, inputs_after=0):
    """Ops whose int-vector operands (our static attrs) follow their first input in TF;
    ``inputs_after``: how many of our inputs come after them (PadV2's constant value)."""
    def write(writer, op, inputs):
        if len(inputs) != 1 + inputs_after or any(op.attrs.get(k) is None for k in attr_keys):
            return _write_generic(writer, op, inputs)
        values = [op.attrs[k] for k in attr_keys]
        if op.type == "PadV2":
            values = [np.reshape(values[0], (-1, 2))]
        operands = _int_consts(writer, op, *zip(input_names, values))
        node = writer.node(op, op.type, inputs[:1] + operands + inputs[1:])
        _set(node, T=op.outputs[0].dtype, **{index_attr: dtypes.int32})
        return node
    return write


def _write_fill(writer, op, inputs):
    if len(inputs) != 1 or op.attrs.get("shape") is None:
        return _write_generic(writer, op, inputs)
    dims, = _int_consts(writer, op, ("dims", op.attrs["shape"]))
    return _set_t(writer.node(op, "Fill", [dims] + inputs), op, index_type=dtypes.int32)


def _write_gather(writer, op, inputs):
    axis, = _int_consts(writer, op, ("axis", op.attrs["axis"]))
    node = writer.node(op, "GatherV2", inputs + [axis])
    _set(node, Tparams=op.inputs[0].dtype, Tindices=op.inputs[1].dtype, Taxis=dtypes.int32,
         batch_dims=0)
    return node


def _write_split(writer, op, inputs):
    axis, = _int_consts(writer, op, ("split_dim", op.attrs["axis"]))
    if op.type != "Split" or len(inputs) != 1:
        return _write_generic(writer, op, inputs)
    return _set_t(writer.node(op, "Split", [axis] + inputs), op, num_split=int(op.attrs["num"]))


def _write_placeholder_with_default(writer, op, inputs):
    node = writer.node(op, op.type, inputs)
    _set(node, dtype=op.outputs[0].dtype, shape=op.attrs["shape"])
    return node


def _write_expand_dims(writer, op, inputs):
    dim = writer.const(op.name + "/dim", np.int32(op.attrs["axis"]), dtypes.int32)
    return _set_t(writer.node(op, "ExpandDims", inputs + [dim]), op, Tdim=dtypes.int32)


def _write_transpose(writer, op, inputs):
    perm = op.attrs["perm"]
    perm = list(range(op.inputs[0].shape.ndims))[::-1] if perm is None else list(perm)
    index = writer.const(op.name + "/perm", np.asarray(perm, np.int32), dtypes.int32)
    return _set_t(writer.node(op, "Transpose", inputs + [index]), op, Tperm=dtypes.int32)


def _write_arg_extreme(writer, op, inputs):
    dim = writer.const(op.name + "/dimension", np.int32(op.attrs["axis"]), dtypes.int32)
    node = writer.node(op, op.type, inputs + [dim])
    _set(node, T=op.inputs[0].dtype, Tidx=dtypes.int32, output_type=op.outputs[0].dtype)
    return node


def _write_cast(writer, op, inputs):
    node = writer.node(op, "Cast", inputs)
    _set(node, SrcT=op.inputs[0].dtype, DstT=op.outputs[0].dtype, Truncate=False)
    return node


def _write_placeholder(writer, op, inputs):
    node = writer.node(op, "Placeholder", inputs)
    _set(node, dtype=op.outputs[0].dtype, shape=op.outputs[0].shape)
    return node


def _write_const(writer, op, inputs):
    node = writer.node(op, "Const", inputs)
    _set(node, dtype=op.outputs[0].dtype)
    node.attr["value"].tensor.CopyFrom(array_to_tensor_proto(op.attrs["value"],
                                                             op.outputs[0].dtype))
    return node


def _write_variable(writer, op, inputs):
    node = writer.node(op, "VariableV2", inputs)
    _set(node, dtype=op.outputs[0].dtype, shape=op.outputs[0].shape, container="",
         shared_name="")
    return node


def _write_assign(writer, op, inputs):
    """Our Assign names its Variable in an attr; TF's takes it as the first (ref) input."""
    variable = op.attrs["variable"].name
    node = writer.node(op, op.type, [variable] + inputs)
    _set(node, T=op.outputs[0].dtype, use_locking=False)
    if op.type == "Assign":
        _set(node, validate_shape=bool(op.attrs.get("validate_shape", True)))
    return node


def _write_random(writer, op, inputs):
    """TF's random ops draw the unit distribution from a shape input; the affine map to our
    attrs' range (``minval``/``maxval`` or ``mean``/``stddev``) is a Mul and an Add."""
    if inputs or op.attrs.get("shape") is None:
        return _write_generic(writer, op, inputs)
    dtype = op.outputs[0].dtype
    shape = writer.const(op.name + "/shape", np.asarray(op.attrs["shape"], np.int32),
                         dtypes.int32)
    seed, seed2 = op.attrs.get("seed") or 0, op.attrs.get("seed2") or 0
    if op.type == "RandomUniformInt":
        low = writer.const(op.name + "/min", np.asarray(op.attrs["minval"]), dtype)
        high = writer.const(op.name + "/max", np.asarray(op.attrs["maxval"]), dtype)
        node = writer.node(op, op.type, [shape, low, high])
        _set(node, T=dtypes.int32, Tout=dtype, seed=seed, seed2=seed2)
        return node
    low, scale = ((op.attrs["minval"], op.attrs["maxval"] - op.attrs["minval"])
                  if op.type == "RandomUniform" else (op.attrs["mean"], op.attrs["stddev"]))
    unit = writer.graph_def.node.add(name=op.name + "/unit", op=op.type, input=[shape])
    _set(unit, T=dtypes.int32, dtype=dtype, seed=seed, seed2=seed2)
    scale = writer.const(op.name + "/scale", np.asarray(scale), dtype)
    scaled = writer.graph_def.node.add(name=op.name + "/scaled", op="Mul",
                                       input=[unit.name, scale])
    _set(scaled, T=dtype)
    offset = writer.const(op.name + "/offset", np.asarray(low), dtype)
    return _set_t(writer.node(op, "Add", [scaled.name, offset]), op)


def _set_t(node, op, **attrs):
    _set(node, T=op.outputs[0].dtype, **attrs)
    return node


def _write_generic(writer, op, inputs):
    """Same type and inputs in both engines; ``T`` plus our own simple attrs."""
    node = writer.node(op, op.type, inputs)
    if op.outputs and op.inputs:
        _set(node, T=op.inputs[0].dtype)
    elif op.outputs:
        _set(node, dtype=op.outputs[0].dtype)
    for key, value in sorted(op.attrs.items()):
        if key in node.attr or key in _PYTHON_ONLY_ATTRS or key.startswith("_"):
            continue
        try:
            attr = python_to_attr(value)
        except TypeError:
            continue  # None, tensors, functions: no AttrValue form
        node.attr[key].CopyFrom(attr)
    return node


_WRITERS = {"Conv2D": _write_conv_or_pool, "MaxPool": _write_conv_or_pool,
            "AvgPool": _write_conv_or_pool, "Reshape": _write_reshape,
            "ConcatV2": _write_concat, "Pack": _write_pack, "Unpack": _write_unpack,
            "StridedSlice": _write_strided_slice,
            "Slice": _write_int_operands(("begin", "size"), ("begin", "size"), "Index"),
            "Tile": _write_int_operands(("multiples",), ("multiples",), "Tmultiples"),
            "PadV2": _write_int_operands(("paddings",), ("paddings",), "Tpaddings", 1),
            "Fill": _write_fill, "GatherV2": _write_gather, "Split": _write_split,
            "PlaceholderWithDefault": _write_placeholder_with_default,
            "ExpandDims": _write_expand_dims, "Transpose": _write_transpose,
            "ArgMax": _write_arg_extreme, "ArgMin": _write_arg_extreme, "Cast": _write_cast,
            "Placeholder": _write_placeholder, "Const": _write_const,
            "VariableV2": _write_variable, "Assign": _write_assign,
            "AssignAdd": _write_assign, "AssignSub": _write_assign,
            "RandomUniform": _write_random, "RandomStandardNormal": _write_random,
            "TruncatedNormal": _write_random, "RandomUniformInt": _write_random}
_WRITERS.update({name: _write_reduction for name in _REDUCTIONS})


def graph_to_tf_graph_def(graph, add_shapes=False):
    """The TensorFlow-form ``GraphDef`` of ``graph`` (see the module docstring);
    ``add_shapes`` adds each node's ``_output_shapes``."""
    writer = _Writer()
    for op in graph.get_operations():
        inputs = [tensor_name(t) for t in op.inputs]
        node = _WRITERS.get(op.type, _write_generic)(writer, op, inputs)
        if add_shapes:
            node.attr["_output_shapes"].list.shape.extend(
                python_to_attr(TensorShape(t.shape.as_tuple())).shape for t in op.outputs)
    return writer.graph_def


GRAPH_DEF_WRITER[0] = graph_to_tf_graph_def

__all__ = ["graph_to_tf_graph_def", "tensor_name"]
