"""Ops converting strings to other values, with TF1's names and errors:
``string_to_number``, ``string_to_hash_bucket_fast``/``_strong`` (FarmHash and SipHash, as
TF1), web-safe ``encode_base64``/``decode_base64`` and ``decode_raw``.

All run on the host and have no gradient, as in TF1.
"""
import base64
import binascii
import re

import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from .op_samples import OpSample
from .registry import OpDef, make_tensor, register
from .string_family import ElementwiseStringOp, run_error, string_array, string_input, words
from .string_hashing import fingerprint64, siphash24


# ------------------------------------------------------------------ string_to_number
_INTEGER = re.compile(rb"^\s*[+-]?[0-9]+\s*$")
_NUMBER_TYPES = ("float32", "float64", "int32", "int64")


def _number_parser(op):
    dtype = op.attrs["out_type"]

    def fail(text):
        return run_error(op, "StringToNumberOp could not correctly convert string: %s"
                         % text.decode("latin-1"))

    if dtype.is_integer:
        info = np.iinfo(dtype.np_dtype)

        def parse_int(text):
            if not _INTEGER.match(text):
                raise fail(text)
            value = int(text)
            if not info.min <= value <= info.max:
                raise fail(text)
            return value
        return parse_int

    def parse_float(text):
        if b"_" in text:  # Python's float() reads "1_000"; TF1 does not
            raise fail(text)
        try:
            return float(text)
        except ValueError:
            raise fail(text) from None
    return parse_float


register(ElementwiseStringOp("StringToNumber", _number_parser,
                             lambda op: op.attrs["out_type"]),
         samples=lambda rng: [
             OpSample(lambda s: string_to_number(s), string_array([["1.5", "-2"], ["1e3", " 4"]]),
                      reference=lambda s: np.array([[1.5, -2.0], [1e3, 4.0]], np.float32)),
             OpSample(lambda s: string_to_number(s, out_type=dtypes.float64),
                      string_array(["0.1", "-inf"]),
                      reference=lambda s: np.array([0.1, -np.inf])),
             OpSample(lambda s: string_to_number(s, out_type=dtypes.int64),
                      string_array(["12", "-9000000000"]),
                      reference=lambda s: np.array([12, -9000000000], np.int64))])


def string_to_number(string_tensor, out_type=dtypes.float32, name=None):
    """Parses each string as a number of ``out_type`` (float32, float64, int32 or int64), as
    TF1's ``tf.string_to_number``; a string that is not one is InvalidArgumentError
    ("StringToNumberOp could not correctly convert string: abc").

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.string_to_number(["1.5", "-2"])).tolist()
    [1.5, -2.0]
    """
    out_type = dtypes.as_dtype(out_type)
    if out_type.name not in _NUMBER_TYPES:
        raise TypeError("Value passed to parameter 'out_type' has DataType %s not in list of "
                        "allowed values: float32, float64, int32, int64" % out_type.name)
    return make_tensor("StringToNumber", (string_input(string_tensor, "StringToNumber",
                                                       "string_tensor"),),
                       {"out_type": out_type}, name)


# ------------------------------------------------------------------ hash buckets
def _fast_bucket(op):
    buckets = op.attrs["num_buckets"]
    return lambda s: fingerprint64(s) % buckets


def _strong_bucket(op):
    buckets, key = op.attrs["num_buckets"], op.attrs["key"]
    return lambda s: siphash24(key, s) % buckets


def _hash_samples(build, hash_function):
    def samples(rng):
        x = words(rng, 3, 2)
        return [OpSample(build, x, reference=lambda s: np.vectorize(
            lambda v: hash_function(v) % 7, otypes=[np.int64])(s))]
    return samples


register(ElementwiseStringOp("StringToHashBucketFast", _fast_bucket, dtypes.int64),
         samples=_hash_samples(lambda s: string_to_hash_bucket_fast(s, 7), fingerprint64))
register(ElementwiseStringOp("StringToHashBucketStrong", _strong_bucket, dtypes.int64),
         samples=_hash_samples(lambda s: string_to_hash_bucket_strong(s, 7, [3, 4]),
                               lambda v: siphash24((3, 4), v)))


def check_buckets(num_buckets):
    if int(num_buckets) < 1:
        raise ValueError("num_buckets must be >= 1, got %d" % num_buckets)
    return int(num_buckets)


def string_to_hash_bucket_fast(input, num_buckets, name=None):  # noqa: A002
    """Each string's bucket in ``[0, num_buckets)``: its FarmHash Fingerprint64 modulo
    ``num_buckets``, the same values as TF1's ``tf.string_to_hash_bucket_fast``.

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.string_to_hash_bucket_fast(["hello", "World"], 10)).tolist()
    [6, 2]
    """
    return make_tensor("StringToHashBucketFast",
                       (string_input(input, "StringToHashBucketFast"),),
                       {"num_buckets": check_buckets(num_buckets)}, name)


def string_to_hash_bucket_strong(input, num_buckets, key, name=None):  # noqa: A002
    """Each string's bucket: its SipHash-2-4 under ``key`` (two ints) modulo ``num_buckets``,
    as TF1's ``tf.string_to_hash_bucket_strong`` (slower than the fast one, but an adversary
    without the key cannot make strings collide).

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.string_to_hash_bucket_strong(["hello"], 7, [98765, 43])).tolist()
    [4]
    """
    key = [int(k) for k in key]
    if len(key) != 2:
        raise ValueError("Key must have 2 elements")
    return make_tensor("StringToHashBucketStrong",
                       (string_input(input, "StringToHashBucketStrong"),),
                       {"num_buckets": check_buckets(num_buckets), "key": tuple(key)}, name)


# ------------------------------------------------------------------ base64 (web-safe, as TF1)
def _encoder(op):
    pad = op.attrs["pad"]
    return lambda s: base64.urlsafe_b64encode(s) if pad else \
        base64.urlsafe_b64encode(s).rstrip(b"=")


def _decoder(op):
    def decode(s):
        data = s.rstrip(b"=")
        if len(data) % 4 == 1:
            raise run_error(op, "Base64 string length cannot be 1 modulo 4.")
        if re.search(rb"[^A-Za-z0-9_\-]", data):
            raise run_error(op, "Invalid character found in base64.")
        try:
            return base64.urlsafe_b64decode(data + b"=" * (-len(data) % 4))
        except binascii.Error as error:
            raise run_error(op, "Invalid base64: %s" % error) from None
    return decode


register(ElementwiseStringOp("EncodeBase64", _encoder),
         samples=lambda rng: [
             OpSample(lambda s: encode_base64(s), string_array(["hello", "", "\xff>?", "ab"]),
                      reference=lambda s: string_array(["aGVsbG8", "", "w78-Pw", "YWI"])),
             OpSample(lambda s: encode_base64(s, pad=True), string_array([["ab", "abc"]]),
                      reference=lambda s: string_array([["YWI=", "YWJj"]]))])
register(ElementwiseStringOp("DecodeBase64", _decoder),
         samples=lambda rng: [
             OpSample(lambda s: decode_base64(s),
                      string_array([["aGVsbG8", ""], ["w7_Dvj4_", "YWI="]]),
                      reference=lambda s: string_array([["hello", ""], ["\xff\xfe>?", "ab"]]))])


def encode_base64(input, pad=False, name=None):  # noqa: A002
    """Each string in web-safe base64 (``-`` and ``_`` for ``+`` and ``/``), without ``=``
    padding unless ``pad`` (TF1's ``tf.encode_base64``).

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.encode_base64(["ab"])).tolist()
    [b'YWI']
    """
    return make_tensor("EncodeBase64", (string_input(input, "EncodeBase64"),),
                       {"pad": bool(pad)}, name)


def decode_base64(input, name=None):  # noqa: A002
    """Decodes web-safe base64 strings, padded or not (TF1's ``tf.decode_base64``); a string
    that is not base64 is InvalidArgumentError.

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.decode_base64(["YWI"])).tolist()
    [b'ab']
    """
    return make_tensor("DecodeBase64", (string_input(input, "DecodeBase64"),), None, name)


# ------------------------------------------------------------------ decode_raw
class DecodeRawOp(OpDef):
    type_name = "DecodeRaw"
    differentiable = False
    host_only = True

    def infer(self, op):
        dims = op.inputs[0].shape.as_tuple()
        out = op.attrs["out_type"]
        return [(out, TensorShape(None if dims is None else dims + (None,)))]

    def kernel(self, op, ctx):
        dtype = op.attrs["out_type"].np_dtype.newbyteorder(
            "<" if op.attrs["little_endian"] else ">")
        native = op.attrs["out_type"].np_dtype

        def decode_raw(x):
            x = np.asarray(x, dtype=object)
            flat = x.reshape(-1)
            size = len(flat[0]) if flat.size else 0
            if size % dtype.itemsize:
                raise run_error(op, "Input to DecodeRaw has length %d that is not a multiple of "
                                "%d, the size of %s" % (size, dtype.itemsize,
                                                        op.attrs["out_type"].name))
            for i, item in enumerate(flat):
                if len(item) != size:
                    raise run_error(op, "DecodeRaw requires input strings to all be the same "
                                    "size, but element %d has size %d != %d"
                                    % (i, size, len(item)))
            values = np.frombuffer(b"".join(flat), dtype=dtype).astype(native)
            return values.reshape(x.shape + (size // dtype.itemsize,))
        return decode_raw

    def samples(self, rng):
        """int16 little and big endian, float32 from a scalar, uint8."""
        pairs = string_array([[b"\x01\x00\x02\x00", b"\xff\xff\x00\x80"]])
        return [
            OpSample(lambda s: decode_raw(s, dtypes.int16), pairs,
                     reference=lambda s: np.array([[[1, 2], [-1, -32768]]], np.int16)),
            OpSample(lambda s: decode_raw(s, dtypes.int16, little_endian=False), pairs,
                     reference=lambda s: np.array([[[256, 512], [-1, 128]]], np.int16)),
            OpSample(lambda s: decode_raw(s, dtypes.float32),
                     string_array(b"\x00\x00\x80?\x00\x00\x00@"),
                     reference=lambda s: np.array([1.0, 2.0], np.float32)),
            OpSample(lambda s: decode_raw(s, dtypes.uint8), string_array([b"\x01\x02\x03"]),
                     reference=lambda s: np.array([[1, 2, 3]], np.uint8))]


register(DecodeRawOp)


def decode_raw(input_bytes=None, out_type=None, little_endian=True, name=None, bytes=None):  # noqa: A002
    """Reinterprets the bytes of each string as a vector of ``out_type`` numbers (TF1's
    ``tf.decode_raw``): the output has a new last dimension; every string must have the same
    length, a multiple of the type's size.

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.decode_raw([b"\\x01\\x00\\x02\\x00"], tf.int16)).tolist()
    [[1, 2]]
    """
    value = input_bytes if input_bytes is not None else bytes
    if out_type is None:
        raise TypeError("decode_raw() missing required argument 'out_type'")
    out_type = dtypes.as_dtype(out_type)
    if not (out_type.is_floating or out_type.is_integer or out_type.is_complex):
        raise TypeError("Value passed to parameter 'out_type' has DataType %s not in list of "
                        "allowed values: float16, float32, float64, int32, uint16, uint8, "
                        "int16, int8, int64, complex64, complex128, bool" % out_type.name)
    return make_tensor("DecodeRaw", (string_input(value, "DecodeRaw", "bytes"),),
                       {"out_type": out_type, "little_endian": bool(little_endian)}, name)


__all__ = ["string_to_number", "string_to_hash_bucket_fast", "string_to_hash_bucket_strong",
           "encode_base64", "decode_base64", "decode_raw"]
