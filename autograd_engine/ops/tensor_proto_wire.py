"""TensorFlow's ``TensorProto`` in its protobuf wire form, written and read here without the
protobuf runtime (``serialize_tensor`` / ``parse_tensor`` work without the tensorboard extra).

Written as TF's ``SerializeTensor`` writes it: the dtype, the shape (always present), then the
values packed little-endian in ``tensor_content``, strings as repeated ``string_val``. Read
from that form or from the typed value fields (``float_val``, ``int64_val`` ...), where, as in
TF, the last value repeats to fill the shape.

>>> data = tensor_to_proto_bytes(np.array([[1, 2]], np.int32))
>>> proto_bytes_to_tensor(data)
array([[1, 2]], dtype=int32)
"""
import numpy as np

# DataType enum values (tensorflow/core/framework/types.proto).
DATA_TYPES = {"float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6,
              "string": 7, "complex64": 8, "int64": 9, "bool": 10, "uint16": 17,
              "complex128": 18, "float16": 19, "uint32": 22, "uint64": 23}
DTYPE_NAMES = {number: name for name, number in DATA_TYPES.items()}

# TensorProto fields: typed values as (wire type of unpacked items, how to read them).
_VALUE_FIELDS = {5: ("float32", 5), 6: ("float64", 1), 7: ("int32", 0), 10: ("int64", 0),
                 11: ("bool", 0), 13: ("half", 0), 16: ("uint32", 0), 17: ("uint64", 0),
                 9: ("complex64", 5), 12: ("complex128", 1)}


class ProtoError(ValueError):
    """The bytes are not a TensorProto this reader understands."""


def _varint(value):
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number, payload):
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def tensor_to_proto_bytes(array, dtype_name=None):
    """``array`` (numpy; an object array of bytes for tf.string) as TensorProto bytes."""
    array = np.asarray(array)
    name = dtype_name or ("string" if array.dtype == object else array.dtype.name)
    shape = b"".join(_field(2, _varint(8) + _varint(d) if d else b"") for d in array.shape)
    out = _varint(1 << 3) + _varint(DATA_TYPES[name]) + _field(2, shape)
    if name == "string":
        return out + b"".join(_field(8, bytes(item)) for item in array.reshape(-1))
    content = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<")).tobytes()
    return out + (_field(4, content) if content else b"")


def _read_varint(data, position):
    value = shift = 0
    while True:
        if position >= len(data):
            raise ProtoError("truncated varint")
        byte = data[position]
        value |= (byte & 0x7F) << shift
        position += 1
        if not byte & 0x80:
            return value, position
        shift += 7


def _fields(data):
    """(number, wire type, value) of each field: ints for varints, bytes otherwise."""
    position = 0
    while position < len(data):
        key, position = _read_varint(data, position)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, position = _read_varint(data, position)
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            value, position = data[position:position + size], position + size
        elif wire == 2:
            size, position = _read_varint(data, position)
            value, position = data[position:position + size], position + size
            if position > len(data):
                raise ProtoError("truncated field %d" % number)
        else:
            raise ProtoError("unsupported wire type %d" % wire)
        yield number, wire, value


def _signed(value, bits=64):
    return value - (1 << bits) if value >= 1 << (bits - 1) else value


def _typed_values(kind, items):
    """The values of one typed field, from its items (each packed bytes or one scalar)."""
    fixed = {"float32": "<f4", "float64": "<f8", "complex64": "<f4", "complex128": "<f8"}
    if kind in fixed:
        return np.frombuffer(b"".join(items), fixed[kind])
    numbers = []
    for item in items:
        if isinstance(item, int):
            numbers.append(item)
            continue
        position = 0
        while position < len(item):
            value, position = _read_varint(item, position)
            numbers.append(value)
    if kind in ("int32", "int64"):
        return np.array([_signed(v) for v in numbers], np.int64)
    return np.array(numbers, np.uint64)


def proto_bytes_to_tensor(data):
    """The numpy array TensorProto bytes hold (an object array of bytes for tf.string)."""
    dtype_number, dims, content, strings, typed = None, [], None, [], {}
    for number, wire, value in _fields(data):
        if number == 1 and wire == 0:
            dtype_number = value
        elif number == 2 and wire == 2:
            for dim_number, dim_wire, dim in _fields(value):
                if dim_number == 2:
                    sizes = [v for n, w, v in _fields(dim) if n == 1 and w == 0]
                    dims.append(_signed(sizes[-1]) if sizes else 0)
        elif number == 4:
            content = value
        elif number == 8:
            strings.append(bytes(value))
        elif number in _VALUE_FIELDS:
            typed.setdefault(number, []).append(value)
    if dtype_number not in DTYPE_NAMES:
        raise ProtoError("unsupported or missing dtype %s" % dtype_number)
    name = DTYPE_NAMES[dtype_number]
    if any(d < 0 for d in dims):
        raise ProtoError("a tensor's shape must be fully known, got %s" % dims)
    count = int(np.prod(dims, dtype=np.int64))
    if name == "string":
        values = np.array(strings, dtype=object)
        np_dtype = object
    else:
        np_dtype = np.dtype(name)
        if content is not None:
            values = np.frombuffer(content, np_dtype.newbyteorder("<")).astype(np_dtype)
        else:
            values = np.zeros(0, np_dtype)
            for number, items in typed.items():
                values = _typed_values(_VALUE_FIELDS[number][0], items)
                if name == "float16":
                    values = values.astype(np.uint16).view(np.float16)
                elif np_dtype.kind == "c":
                    values = values.view(np_dtype)
                values = values.astype(np_dtype)
    if values.size == count:
        return values.reshape(dims)
    if values.size == 0 and name != "string":
        return np.zeros(dims, np_dtype)
    if values.size == 0 or values.size > count:
        raise ProtoError("TensorProto holds %d values for shape %s" % (values.size, dims))
    return np.concatenate([values, np.repeat(values[-1:], count - values.size)]).reshape(dims)


__all__ = ["DATA_TYPES", "DTYPE_NAMES", "ProtoError", "tensor_to_proto_bytes",
           "proto_bytes_to_tensor"]
