"""TensorFlow's ``TensorProto`` and ``AttrValue`` messages as numpy arrays and Python values,
and back: the value layer of GraphDef exchange (``graph_def_export`` / ``graph_def_import``).

>>> import numpy as np
>>> proto = array_to_tensor_proto(np.array([[1.5, 2.0]], np.float32))
>>> tensor_proto_to_array(proto)
array([[1.5, 2. ]], dtype=float32)
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor_shape import TensorShape
from ..summary.proto import dtype_enum, protos, shape_proto

# TensorProto's repeated field holding each dtype's values when tensor_content is empty.
VALUE_FIELDS = {"float32": "float_val", "float64": "double_val", "int32": "int_val",
                 "int16": "int_val", "int8": "int_val", "uint8": "int_val", "uint16": "int_val",
                 "int64": "int64_val", "bool": "bool_val", "float16": "half_val",
                 "complex64": "scomplex_val", "complex128": "dcomplex_val"}


def dtype_of_enum(enum_value):
    """Our DType of a ``DataType`` enum value (``DT_FLOAT`` -> ``tf.float32``); reference
    types (``DT_FLOAT_REF``, the dtype of a VariableV2 output) map to their value type."""
    name = protos().types_pb2.DataType.Name(enum_value)
    name = name[len("DT_"):].lower()
    name = name[:-len("_ref")] if name.endswith("_ref") else name
    name = {"float": "float32", "double": "float64", "half": "float16"}.get(name, name)
    try:
        return dtypes.as_dtype(name)
    except (TypeError, ValueError):
        raise InvalidArgumentError(None, None, "The GraphDef uses dtype DT_%s, which this "
                                   "engine does not have." % name.upper()) from None


def shape_of_proto(proto):
    """A TensorShape of a ``TensorShapeProto`` (-1: unknown dimension)."""
    if proto.unknown_rank:
        return TensorShape(None)
    return TensorShape([None if d.size < 0 else d.size for d in proto.dim])


def tensor_proto_to_array(proto):
    """The numpy array a ``TensorProto`` holds (packed ``tensor_content`` or a typed value
    list, where one value fills the whole shape as in TensorFlow)."""
    dtype = dtype_of_enum(proto.dtype)
    np_dtype = np.dtype(dtype.as_numpy_dtype)
    shape = [d.size for d in proto.tensor_shape.dim]
    count = int(np.prod(shape, dtype=np.int64))
    if proto.tensor_content:
        array = np.frombuffer(proto.tensor_content, dtype=np_dtype.newbyteorder("<"))
        return array.astype(np_dtype).reshape(shape)
    field = VALUE_FIELDS.get(np_dtype.name)
    if field is None:
        raise InvalidArgumentError(None, None, "Constants of dtype %s cannot be read from a "
                                   "GraphDef." % np_dtype.name)
    values = list(getattr(proto, field))
    if np_dtype.name == "float16":
        values = np.array(values, np.uint16).view(np.float16)
    elif np_dtype.kind == "c":
        values = np.array(values, np.float64).view(np.complex128)
    values = np.asarray(values, dtype=np_dtype)
    if values.size == count:
        return values.reshape(shape)
    if values.size == 0:
        return np.zeros(shape, np_dtype)
    # As TensorFlow: the last value repeats to fill the shape.
    return np.concatenate([values, np.repeat(values[-1:], count - values.size)]).reshape(shape)


def array_to_tensor_proto(array, dtype=None):
    """A ``TensorProto`` holding ``array`` as packed little-endian bytes."""
    array = np.asarray(array)
    dtype = dtypes.as_dtype(array.dtype.name) if dtype is None else dtype
    # (np.ascontiguousarray would make a scalar 1-D)
    array = np.asarray(array, dtype=np.dtype(dtype.as_numpy_dtype).newbyteorder("<"), order="C")
    return protos().tensor_pb2.TensorProto(dtype=dtype_enum(dtype),
                                           tensor_shape=shape_proto(TensorShape(array.shape)),
                                           tensor_content=array.tobytes())


def attr_to_python(attr):
    """The Python value of an ``AttrValue`` (list, int, float, bool, bytes decoded to str,
    DType, TensorShape or numpy array)."""
    kind = attr.WhichOneof("value")
    if kind == "list":
        items = attr.list
        for field, convert in (("i", int), ("f", float), ("b", bool),
                               ("s", lambda s: s.decode("utf-8")), ("type", dtype_of_enum),
                               ("shape", shape_of_proto), ("tensor", tensor_proto_to_array)):
            if len(getattr(items, field)):
                return [convert(v) for v in getattr(items, field)]
        return []
    if kind == "s":
        return attr.s.decode("utf-8")
    if kind == "type":
        return dtype_of_enum(attr.type)
    if kind == "shape":
        return shape_of_proto(attr.shape)
    if kind == "tensor":
        return tensor_proto_to_array(attr.tensor)
    return None if kind is None else getattr(attr, kind)


def python_to_attr(value):
    """The ``AttrValue`` of a Python value (see :func:`attr_to_python`)."""
    pb = protos().attr_value_pb2
    if isinstance(value, bool):
        return pb.AttrValue(b=value)
    if isinstance(value, int):
        return pb.AttrValue(i=value)
    if isinstance(value, float):
        return pb.AttrValue(f=value)
    if isinstance(value, str):
        return pb.AttrValue(s=value.encode("utf-8"))
    if isinstance(value, dtypes.DType):
        return pb.AttrValue(type=dtype_enum(value))
    if isinstance(value, TensorShape):
        return pb.AttrValue(shape=shape_proto(value))
    if isinstance(value, np.ndarray):
        return pb.AttrValue(tensor=array_to_tensor_proto(value))
    if isinstance(value, (list, tuple)) and all(isinstance(v, (int, np.integer, dtypes.DType))
                                                for v in value):
        if all(isinstance(v, dtypes.DType) for v in value) and value:
            return pb.AttrValue(list=pb.AttrValue.ListValue(type=[dtype_enum(v) for v in value]))
        return pb.AttrValue(list=pb.AttrValue.ListValue(i=[int(v) for v in value]))
    raise TypeError("%r has no AttrValue form" % (value,))


__all__ = ["array_to_tensor_proto", "attr_to_python", "dtype_of_enum", "python_to_attr",
           "shape_of_proto", "tensor_proto_to_array"]
