"""Tensors and SparseTensors as strings and back, and decoding of records: ``serialize_tensor``
/ ``parse_tensor`` (TensorFlow's ``TensorProto`` bytes, byte for byte), ``serialize_sparse``,
``serialize_many_sparse`` / ``deserialize_many_sparse`` (each component a serialized tensor),
``decode_compressed`` (ZLIB, GZIP) and ``decode_json_example`` (an ``Example`` in protobuf's JSON
form to its binary form).

All run on the host and have no gradient, as in TF1.

>>> import autograd_engine as tf
>>> data = tf.io.serialize_tensor([[1.5, 2.0]])
>>> tf.Session().run(tf.io.parse_tensor(data, tf.float32)).tolist()
[[1.5, 2.0]]
"""
import gzip
import zlib

import numpy as np
from google.protobuf import json_format

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .example_proto import Example
from .op_samples import OpSample
from .registry import OpDef, make_op, make_tensor, register
from .sparse_tensor import SparseTensor, convert_to_sparse_tensor
from .string_family import ElementwiseStringOp, run_error, scalar_bytes, string_array, string_input
from .tensor_proto_wire import ProtoError, proto_bytes_to_tensor, tensor_to_proto_bytes


def _serialized(array, dtype):
    return tensor_to_proto_bytes(np.asarray(array, dtype=dtype.np_dtype), dtype.name)


def _parse(op, data, dtype):
    try:
        value = proto_bytes_to_tensor(scalar_bytes(data))
    except ProtoError as error:
        raise run_error(op, "Could not parse `serialized` as TensorProto: %s" % error) from None
    name = "string" if value.dtype == object else value.dtype.name
    if name != dtype.name:
        raise run_error(op, "Type mismatch between parsed tensor (%s) and dtype (%s)"
                        % (name, dtype.name))
    return value


class SerializeTensorOp(OpDef):
    type_name = "SerializeTensor"
    differentiable = False
    host_only = True

    def infer(self, op):
        return [(dtypes.string, TensorShape([]))]

    def kernel(self, op, ctx):
        dtype = op.inputs[0].dtype
        return lambda value: np.array(_serialized(value, dtype), dtype=object)

    def samples(self, rng):
        return [OpSample(lambda x: serialize_tensor(x), np.array([[1.5, -2.0]], np.float32),
                         reference=lambda x: string_array(
                             b"\x08\x01\x12\x08\x12\x02\x08\x01\x12\x02\x08\x02\x22\x08"
                             + x.tobytes()), grad=())]


class ParseTensorOp(OpDef):
    type_name = "ParseTensor"
    differentiable = False
    host_only = True

    def infer(self, op):
        return [(op.attrs["out_type"], TensorShape(None))]

    def kernel(self, op, ctx):
        dtype = op.attrs["out_type"]
        return lambda data: _parse(op, data, dtype)

    def samples(self, rng):
        values = np.arange(6, dtype=np.int64).reshape(3, 2) - 2
        return [OpSample(lambda s: parse_tensor(s, dtypes.int64),
                         string_array(tensor_to_proto_bytes(values)),
                         reference=lambda s: values),
                OpSample(lambda s: parse_tensor(s, dtypes.string),
                         string_array(tensor_to_proto_bytes(string_array([b"a", b""]))),
                         reference=lambda s: string_array([b"a", b""]))]


class SerializeSparseOp(OpDef):
    """``SerializeSparse`` (one SparseTensor: [3] strings) and ``SerializeManySparse`` (one row
    per entry of the first dimension: [N, 3])."""
    differentiable = False
    host_only = True

    def __init__(self, type_name, many):
        self.type_name = type_name
        self._many = many

    def infer(self, op):
        if not self._many:
            return [(dtypes.string, TensorShape([3]))]
        return [(dtypes.string, TensorShape([None, 3]))]  # dense_shape[0] rows

    def kernel(self, op, ctx):
        dtype = op.inputs[1].dtype

        def serialize(indices, values, shape):
            indices, values, shape = (np.asarray(indices), np.asarray(values),
                                      np.asarray(shape))
            if not self._many:
                return np.array([_serialized(indices, dtypes.int64), _serialized(values, dtype),
                                 _serialized(shape, dtypes.int64)], dtype=object)
            if shape.size < 2:
                raise run_error(op, "Rank of input SparseTensor should be > 1, but saw rank: %d"
                                % shape.size)
            out = np.empty((int(shape[0]), 3), dtype=object)
            for row in range(out.shape[0]):
                mine = indices[:, 0] == row
                out[row] = (_serialized(indices[mine, 1:], dtypes.int64),
                            _serialized(values[mine], dtype),
                            _serialized(shape[1:], dtypes.int64))
            return out
        return serialize

    def samples(self, rng):
        indices = np.array([[0, 1], [1, 0]], np.int64)
        values = np.array([2.5, -1.0], np.float32)
        shape = np.array([2, 3], np.int64)
        if self._many:
            expected = string_array([_SPARSE_ROWS[0], _SPARSE_ROWS[1]])
        else:
            expected = string_array([tensor_to_proto_bytes(a) for a in (indices, values, shape)])
        return [OpSample(lambda i, v, s: make_tensor(self.type_name, (i, v, s)), indices, values,
                         shape, reference=lambda i, v, s: expected, grad=())]


def _sparse_row(indices, values, shape):
    return [tensor_to_proto_bytes(np.asarray(a)) for a in (np.asarray(indices, np.int64),
                                                           np.asarray(values, np.float32),
                                                           np.asarray(shape, np.int64))]


# The rows of serialize_many_sparse(SparseTensor([[0, 1], [1, 0]], [2.5, -1.0], [2, 3])).
_SPARSE_ROWS = [_sparse_row([[1]], [2.5], [3]), _sparse_row([[0]], [-1.0], [3])]


def _deserialize_samples(rng):
    return [OpSample(lambda s: make_op("DeserializeManySparse", (s,), {
        "dtype": dtypes.float32, "rank": 2}).outputs, string_array(_SPARSE_ROWS),
        reference=lambda s: [np.array([[0, 1], [1, 0]], np.int64),
                             np.array([2.5, -1.0], np.float32), np.array([2, 3], np.int64)])]


class DeserializeManySparseOp(OpDef):
    type_name = "DeserializeManySparse"
    differentiable = False
    host_only = True

    def infer(self, op):
        rank = op.attrs["rank"]
        return [(dtypes.int64, TensorShape([None, rank])), (op.attrs["dtype"], TensorShape([None])),
                (dtypes.int64, TensorShape([rank]))]

    def kernel(self, op, ctx):
        dtype = op.attrs["dtype"]

        def deserialize(serialized):
            serialized = np.asarray(serialized, dtype=object)
            if serialized.ndim != 2 or serialized.shape[1] != 3:
                raise run_error(op, "Serialized sparse should be a matrix [N, 3], got shape %s"
                                % list(serialized.shape))
            parts = [[_parse(op, row[0], dtypes.int64), _parse(op, row[1], dtype),
                      _parse(op, row[2], dtypes.int64)] for row in serialized]
            ranks = {len(shape) for _, _, shape in parts}
            if len(ranks) > 1:
                raise run_error(op, "Inconsistent rank across SparseTensors: %s" % sorted(ranks))
            rank = ranks.pop() if ranks else 0
            indices = [np.concatenate([np.full((len(ix), 1), b, np.int64), ix.reshape(-1, rank)],
                                      axis=1) for b, (ix, _, _) in enumerate(parts)]
            shape = np.max([s for _, _, s in parts], axis=0) if parts else np.zeros(rank,
                                                                                   np.int64)
            return (np.concatenate(indices) if indices else np.zeros((0, rank + 1), np.int64),
                    np.concatenate([v for _, v, _ in parts]) if parts else
                    np.zeros(0, dtype.np_dtype),
                    np.concatenate([[len(parts)], shape]).astype(np.int64))
        return deserialize


register(SerializeTensorOp)
register(ParseTensorOp)
register(SerializeSparseOp("SerializeSparse", many=False))
register(SerializeSparseOp("SerializeManySparse", many=True))
register(DeserializeManySparseOp, samples=_deserialize_samples)


def serialize_tensor(tensor, name=None):
    """``tensor`` as a string scalar: TensorFlow's ``TensorProto`` bytes, which TF's
    ``tf.io.parse_tensor`` reads (and this :func:`parse_tensor` reads TF's).

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.io.serialize_tensor(tf.constant(7)))
    b'\\x08\\x03\\x12\\x00"\\x04\\x07\\x00\\x00\\x00'
    """
    return make_tensor("SerializeTensor", (convert_to_tensor(tensor),), None, name)


def parse_tensor(serialized, out_type, name=None):
    """The tensor ``serialized`` (``TensorProto`` bytes) holds; its dtype must be ``out_type``
    (else InvalidArgumentError); its shape is known only at run time.

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.io.parse_tensor(tf.io.serialize_tensor([1, 2]), tf.int32)).tolist()
    [1, 2]
    """
    return make_tensor("ParseTensor", (string_input(serialized, "ParseTensor", "serialized"),),
                       {"out_type": dtypes.as_dtype(out_type)}, name)


def _check_string_out(out_type, function_name):
    if dtypes.as_dtype(out_type) != dtypes.string:
        raise TypeError("%s: only out_type=tf.string is supported (variant tensors do not "
                        "exist here), got %s" % (function_name, dtypes.as_dtype(out_type).name))


def serialize_sparse(sp_input, name=None, out_type=dtypes.string):
    """A SparseTensor as 3 strings: its serialized indices, values and dense_shape.

    >>> import autograd_engine as tf
    >>> sp = tf.SparseTensor([[0, 1]], [2.0], [2, 3])
    >>> tf.io.serialize_sparse(sp).shape.as_list()
    [3]
    """
    _check_string_out(out_type, "serialize_sparse")
    sp = convert_to_sparse_tensor(sp_input)
    return make_tensor("SerializeSparse", (sp.indices, sp.values, sp.dense_shape), None, name)


def serialize_many_sparse(sp_input, name=None, out_type=dtypes.string):
    """A SparseTensor of rank >= 2 as [N, 3] strings, one :func:`serialize_sparse` row per
    entry of its first dimension (indices and shape without that dimension).

    >>> import autograd_engine as tf
    >>> sp = tf.SparseTensor([[0, 1], [1, 0]], [2.0, 3.0], [2, 3])
    >>> tf.Session().run(tf.io.serialize_many_sparse(sp)).shape
    (2, 3)
    """
    _check_string_out(out_type, "serialize_many_sparse")
    sp = convert_to_sparse_tensor(sp_input)
    return make_tensor("SerializeManySparse", (sp.indices, sp.values, sp.dense_shape), None,
                       name)


def deserialize_many_sparse(serialized_sparse, dtype, rank=None, name=None):
    """The SparseTensor of [N, 3] serialized SparseTensors stacked along a new first
    dimension; the others are the largest of theirs.

    >>> import autograd_engine as tf
    >>> sp = tf.SparseTensor([[0, 1], [1, 0]], [2.0, 3.0], [2, 3])
    >>> back = tf.io.deserialize_many_sparse(tf.io.serialize_many_sparse(sp), tf.float32)
    >>> tf.Session().run(back.indices).tolist()
    [[0, 1], [1, 0]]
    """
    serialized = string_input(serialized_sparse, "DeserializeManySparse", "serialized_sparse")
    indices, values, shape = make_op("DeserializeManySparse", (serialized,), {
        "dtype": dtypes.as_dtype(dtype), "rank": None if rank is None else int(rank)},
        name).outputs
    return SparseTensor(indices, values, shape)


# ------------------------------------------------------------------ record decoding
def _decompressor(op):
    kind = op.attrs["compression_type"]
    function = {"": lambda data: data, "ZLIB": zlib.decompress,
                "GZIP": gzip.decompress}[kind]

    def decompress(data):
        try:
            return function(data)
        except (zlib.error, OSError, EOFError) as error:
            raise run_error(op, "Corrupted %s data: %s" % (kind, error)) from None
    return decompress


def _json_to_example(op):
    def convert(text):
        try:
            return json_format.Parse(text, Example()).SerializeToString()
        except json_format.ParseError as error:
            raise run_error(op, "Error while parsing JSON: %s" % error) from None
    return convert


_TEXT = b"hello hello hello"
register(ElementwiseStringOp("DecodeCompressed", _decompressor), samples=lambda rng: [
    OpSample(lambda s: decode_compressed(s, "ZLIB"),
             string_array([zlib.compress(_TEXT), zlib.compress(b"")]),
             reference=lambda s: string_array([_TEXT, b""])),
    OpSample(lambda s: decode_compressed(s, "GZIP"), string_array([[gzip.compress(_TEXT)]]),
             reference=lambda s: string_array([[_TEXT]]))])
register(ElementwiseStringOp("DecodeJSONExample", _json_to_example), samples=lambda rng: [
    OpSample(lambda s: decode_json_example(s),
             string_array(['{"features": {"feature": {"a": {"int64List": {"value": ["3"]}}}}}']),
             reference=lambda s: string_array(
                 [b"\n\x0c\n\n\n\x01a\x12\x05\x1a\x03\n\x01\x03"]))])


def decode_compressed(bytes, compression_type="", name=None):  # noqa: A002 - TF1's name
    """Each string decompressed: ``compression_type`` "ZLIB", "GZIP" or "" (unchanged).

    >>> import zlib, autograd_engine as tf
    >>> tf.Session().run(tf.io.decode_compressed([zlib.compress(b"hi")], "ZLIB")).tolist()
    [b'hi']
    """
    if compression_type not in ("", "ZLIB", "GZIP"):
        raise ValueError("compression_type must be '', 'ZLIB' or 'GZIP', got %r"
                         % (compression_type,))
    return make_tensor("DecodeCompressed", (string_input(bytes, "DecodeCompressed", "bytes"),),
                       {"compression_type": compression_type}, name)


def decode_json_example(json_examples, name=None):
    """Each ``tf.train.Example`` written in protobuf's JSON form as its binary form, ready for
    ``parse_example``.

    >>> import autograd_engine as tf
    >>> text = '{"features": {"feature": {"a": {"floatList": {"value": [0.5]}}}}}'
    >>> binary = tf.io.decode_json_example(text)
    >>> spec = {"a": tf.io.FixedLenFeature([], tf.float32)}
    >>> float(tf.Session().run(tf.io.parse_single_example(binary, spec))["a"])
    0.5
    """
    return make_tensor("DecodeJSONExample",
                       (string_input(json_examples, "DecodeJSONExample", "json_examples"),),
                       None, name)


__all__ = ["serialize_tensor", "parse_tensor", "serialize_sparse", "serialize_many_sparse",
           "deserialize_many_sparse", "decode_compressed", "decode_json_example"]
