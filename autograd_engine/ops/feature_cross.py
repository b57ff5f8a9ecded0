"""Feature crosses (``tf.sparse.cross``, ``tf.sparse.cross_hashed`` and their ragged forms):
for every row, each combination of one feature from every input, joined as a string
(``"a_X_b"``) or hashed as TF1's SparseCross does (FarmHash ``Fingerprint64`` of each string
feature, an int64 feature as itself, combined with ``FingerprintCat64`` from ``hash_key``).

Every input reaches the op as row-split features (``values``, ``row_splits``): a SparseTensor's
entries by row, a dense matrix's columns, a RaggedTensor's rows. The result comes back the same
way; the callers make a SparseTensor or a RaggedTensor of it. The first input changes slowest.

>>> rows, splits = cross_rows([(np.array([b"a", b"b"], object), np.array([0, 1, 2])),
...                            (np.array([b"x", b"y"], object), np.array([0, 2, 2]))],
...                           "_X_", None, 0, 0)
>>> rows.tolist(), splits.tolist()
([b'a_X_x', b'a_X_y'], [0, 2, 2])
"""
import itertools

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample
from .registry import OpDef, make_op, register
from .string_hashing import fingerprint64

DEFAULT_HASH_KEY = 0xDECAFCAFFE
_MASK = (1 << 64) - 1
_MUL = 0xC6A4A7935BD1E995


def _shift_mix(value):
    return value ^ (value >> 47)


def fingerprint_cat64(first, second):
    """TF's ``FingerprintCat64``: two 64-bit fingerprints combined into one.

    >>> fingerprint_cat64(1, 2) == fingerprint_cat64(2, 1)
    False
    """
    result = first ^ _MUL
    result ^= (_shift_mix((second * _MUL) & _MASK) * _MUL) & _MASK
    result = (result * _MUL) & _MASK
    result = (_shift_mix(result) * _MUL) & _MASK
    return _shift_mix(result)


def _as_text(value):
    if isinstance(value, bytes):
        return value
    return str(int(value)).encode()


def _feature_hash(value):
    if isinstance(value, bytes):
        return fingerprint64(value)
    return int(value) & _MASK


def cross_rows(features, separator, num_buckets, hash_key, rows=None):
    """The crossed features of every row: ``(values, row_splits)``. ``features``: one
    ``(values, row_splits)`` pair per input; ``num_buckets`` None: strings joined with
    ``separator``; otherwise int64 hashes (modulo ``num_buckets`` when positive)."""
    counts = {len(splits) for _, splits in features}
    if len(counts) != 1:
        raise InvalidArgumentError(None, None, "Every input of a cross must have the same "
                                   "number of rows, got %s." % sorted(c - 1 for c in counts))
    out, splits = [], [0]
    for row in range(counts.pop() - 1):
        row_features = [values[splits_[row]:splits_[row + 1]].tolist()
                        for values, splits_ in features]
        for combination in itertools.product(*row_features):
            if num_buckets is None:
                out.append(separator.encode().join(_as_text(v) for v in combination))
            else:
                hashed = hash_key
                for value in combination:
                    hashed = fingerprint_cat64(hashed, _feature_hash(value))
                out.append(hashed % num_buckets if num_buckets > 0 else hashed % (2 ** 63 - 1))
        splits.append(len(out))
    if num_buckets is None:
        return np.array(out, object).reshape(len(out)), np.array(splits, np.int64)
    return np.array(out, np.int64).reshape(len(out)), np.array(splits, np.int64)


@register
class FeatureCross(OpDef):
    """Inputs: ``values, row_splits`` of every feature input. Outputs: the crossed values
    (string, or int64 when hashed) and their row splits. Attrs: ``separator``,
    ``num_buckets`` (None: not hashed), ``hash_key``."""
    type_name = "FeatureCross"
    host_only = True
    differentiable = False

    def infer(self, op):
        hashed = op.attrs["num_buckets"] is not None
        for values in op.inputs[::2]:
            if values.dtype not in (dtypes.string, dtypes.int64, dtypes.int32):
                raise TypeError("A feature cross takes string or int64 features, got %s."
                                % values.dtype.name)
        rows = op.inputs[1].shape.as_tuple()
        return [(dtypes.int64 if hashed else dtypes.string, TensorShape([None])),
                (dtypes.int64, TensorShape(rows if rows is not None else [None]))]

    def kernel(self, op, ctx):
        attrs = op.attrs

        def feature_cross(*arrays):
            features = [(np.asarray(arrays[i]), np.asarray(arrays[i + 1]))
                        for i in range(0, len(arrays), 2)]
            return cross_rows(features, attrs["separator"], attrs["num_buckets"],
                              attrs["hash_key"])
        return feature_cross

    def samples(self, rng):
        words, numbers = np.array([b"a", b"b", b"c"], object), np.int64([3, 4])
        word_splits, number_splits = np.int64([0, 1, 3]), np.int64([0, 1, 2])

        def build(num_buckets):
            return lambda *parts: list(make_op(self.type_name, parts, {
                "separator": "_X_", "num_buckets": num_buckets,
                "hash_key": DEFAULT_HASH_KEY}).outputs)
        return [OpSample(build(None), words, word_splits, numbers, number_splits,
                         reference=lambda *parts: [np.array([b"a_X_3", b"b_X_4", b"c_X_4"],
                                                            object), np.int64([0, 1, 3])],
                         name="strings"),
                OpSample(build(1000), words, word_splits, numbers, number_splits,
                         validate=lambda values: np.testing.assert_array_equal(
                             values[1], [0, 1, 3]), name="hashed")]


def cross_features(features, separator="_X_", num_buckets=None, hash_key=None, name=None):
    """``(values, row_splits)`` tensors of the cross of ``features`` (pairs of tensors)."""
    parts = [convert_to_tensor(t) for pair in features for t in pair]
    op = make_op("FeatureCross", parts, {
        "separator": separator, "num_buckets": None if num_buckets is None else int(num_buckets),
        "hash_key": DEFAULT_HASH_KEY if hash_key is None else int(hash_key)}, name)
    return op.outputs[0], op.outputs[1]


__all__ = ["cross_features", "cross_rows", "fingerprint_cat64", "DEFAULT_HASH_KEY"]
