"""TF1's remaining hashing ops: ``tf.string_to_hash_bucket`` (also ``tf.strings.to_hash_bucket``:
TF's legacy ``Hash64``, a MurmurHash2-64 variant seeded with 0xDECAFCAFFE) and
``tf.fingerprint`` (FarmHash Fingerprint64 of each row, as 8 little-endian bytes). Values are
TensorFlow's, bit for bit (tests/fixtures/framework_tail).

>>> import autograd_engine as tf
>>> tf.Session().run(string_to_hash_bucket(["hello", "World"], 10)).tolist()
[8, 5]
"""
import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample
from .registry import OpDef, make_tensor, register
from .string_conversion_ops import check_buckets
from .string_family import ElementwiseStringOp, string_input, words
from .string_hashing import fingerprint64

_MASK = (1 << 64) - 1
_M = 0xc6a4a7935bd1e995
_SEED = 0xDECAFCAFFE


def legacy_hash64(data, seed=_SEED):
    """TensorFlow's ``Hash64(data, n, seed)`` (core/lib/hash/hash.cc) of ``data`` (bytes)."""
    n = len(data)
    h = (seed ^ (n * _M)) & _MASK
    whole = n - n % 8
    for i in range(0, whole, 8):
        k = int.from_bytes(data[i:i + 8], "little")
        k = (k * _M) & _MASK
        k ^= k >> 47
        k = (k * _M) & _MASK
        h ^= k
        h = (h * _M) & _MASK
    tail = data[whole:]
    if tail:
        for i, byte in enumerate(tail):
            h ^= byte << (8 * i)
        h = (h * _M) & _MASK
    h ^= h >> 47
    h = (h * _M) & _MASK
    h ^= h >> 47
    return h


def _legacy_bucket(op):
    buckets = op.attrs["num_buckets"]
    return lambda s: legacy_hash64(s) % buckets


def _bucket_samples(rng):
    return [OpSample(lambda s: string_to_hash_bucket(s, 7), words(rng, 3, 2),
                     reference=lambda s: np.vectorize(lambda v: legacy_hash64(v) % 7,
                                                      otypes=[np.int64])(s))]


register(ElementwiseStringOp("StringToHashBucket", _legacy_bucket, dtypes.int64),
         samples=_bucket_samples)


def string_to_hash_bucket(string_tensor, num_buckets, name=None, input=None):  # noqa: A002
    """Each string's bucket in ``[0, num_buckets)`` by TF1's legacy hash (deprecated in TF for
    ``string_to_hash_bucket_fast``, whose buckets differ)."""
    string_tensor = input if string_tensor is None else string_tensor
    return make_tensor("StringToHashBucket",
                       (string_input(string_tensor, "StringToHashBucket"),),
                       {"num_buckets": check_buckets(num_buckets)}, name)


def _row_fingerprint(row):
    """Fingerprint64 of one row: of its bytes for numbers; for strings, of the one string, or
    of the concatenated fingerprints of its strings (TF's FingerprintOp)."""
    if row.dtype == object:
        if row.size == 1:
            return fingerprint64(bytes(row.reshape(-1)[0]))
        parts = b"".join(fingerprint64(bytes(s)).to_bytes(8, "little") for s in row.reshape(-1))
        return fingerprint64(parts)
    return fingerprint64(np.ascontiguousarray(row).astype(row.dtype.newbyteorder("<")).tobytes())


@register
class FingerprintOp(OpDef):
    """Input: data of rank >= 1; attr method "farmhash64". Output: uint8 ``[batch, 8]``."""
    type_name = "Fingerprint"
    differentiable = False
    host_only = True

    def infer(self, op):
        shape = op.inputs[0].shape
        if shape.ndims == 0:
            raise ValueError("tf.fingerprint's data must have rank 1 or more, got a scalar")
        batch = shape[0].value if shape.ndims is not None else None
        return [(dtypes.uint8, TensorShape([batch, 8]))]

    def kernel(self, op, ctx):
        def fingerprint_kernel(data):
            # (a row of a string vector comes out of indexing as bytes: keep it an array)
            rows = [_row_fingerprint(np.asarray(data[i], dtype=data.dtype))
                    for i in range(len(data))]
            out = np.zeros((len(rows), 8), np.uint8)
            for i, value in enumerate(rows):
                out[i] = np.frombuffer(value.to_bytes(8, "little"), np.uint8)
            return out
        return fingerprint_kernel

    def samples(self, rng):
        def reference(data):
            return np.array([np.frombuffer(_row_fingerprint(np.asarray(r, dtype=data.dtype))
                                           .to_bytes(8, "little"), np.uint8) for r in data])
        return [OpSample(fingerprint, rng.integers(-9, 9, (3, 2)).astype(np.int32),
                         reference=reference),
                OpSample(fingerprint, words(rng, 2, 3), reference=reference),
                OpSample(fingerprint, words(rng, 4), reference=reference)]


def fingerprint(data, method="farmhash64", name=None):
    """Each row's fingerprint (``data``'s slices along dimension 0) as 8 uint8 values:
    FarmHash Fingerprint64 as TensorFlow computes it; ``method`` must be "farmhash64"."""
    if method != "farmhash64":
        raise ValueError("Unsupported fingerprint method %r: only 'farmhash64'" % (method,))
    return make_tensor("Fingerprint", (convert_to_tensor(data),), {"method": method}, name)


__all__ = ["fingerprint", "legacy_hash64", "string_to_hash_bucket"]
