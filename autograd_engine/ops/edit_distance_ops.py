"""``tf.edit_distance``: the Levenshtein distance between the sequences of two SparseTensors
(the last dimension holds each sequence; the others index them), optionally divided by the
truth's length.

>>> import autograd_engine as tf
>>> hypothesis = tf.SparseTensor([[0, 0], [0, 1]], ["a", "b"], [1, 2])
>>> truth = tf.SparseTensor([[0, 0], [0, 1], [0, 2]], ["a", "c", "b"], [1, 3])
>>> with tf.Session() as sess:
...     print(sess.run(edit_distance(hypothesis, truth, normalize=False)))
[1.]
"""
import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from .constant_op import constant_value
from .op_samples import OpSample
from .registry import make_tensor, register, OpDef
from .sparse_tensor import SparseTensor, convert_to_sparse_tensor


def levenshtein(a, b):
    """The number of insertions, deletions and substitutions turning ``a`` into ``b``."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _sequences(op, indices, values, dense_shape, what):
    """{outer index: [values in order of the last index]} of a SparseTensor."""
    indices = np.asarray(indices).reshape(len(values), -1)
    if indices.shape[1] != len(dense_shape) or len(dense_shape) < 2:
        raise errors.InvalidArgumentError(
            None, op, "%s indices must be [N, rank] with rank >= 2, got %s for shape %s"
            % (what, list(indices.shape), list(dense_shape)))
    rows = {}
    for index, value in sorted(zip(map(tuple, indices.tolist()), list(values)),
                               key=lambda item: item[0]):
        if any(i < 0 or i >= d for i, d in zip(index, dense_shape)):
            raise errors.InvalidArgumentError(None, op, "%s index %s is outside shape %s"
                                              % (what, list(index), list(dense_shape)))
        rows.setdefault(index[:-1], []).append(value)
    return rows


@register
class EditDistance(OpDef):
    """Inputs: the hypothesis' indices, values and shape, then the truth's. Output: float32
    distances of shape ``max(hypothesis_shape[:-1], truth_shape[:-1])``."""
    type_name = "EditDistance"
    host_only = True  # a Python dynamic programme over sequences of any dtype
    differentiable = False

    def infer(self, op):
        h_shape, t_shape = constant_value(op.inputs[2]), constant_value(op.inputs[5])
        if h_shape is not None and t_shape is not None and len(h_shape) == len(t_shape):
            outer = np.maximum(np.asarray(h_shape[:-1]), np.asarray(t_shape[:-1]))
            return [(dtypes.float32, TensorShape([int(d) for d in outer]))]
        rank = op.inputs[2].shape.merge_with(op.inputs[5].shape).as_tuple()
        return [(dtypes.float32, TensorShape(None if rank is None or rank[0] is None
                                             else [None] * (rank[0] - 1)))]

    def kernel(self, op, ctx):
        normalize = op.attrs["normalize"]

        def distances(h_indices, h_values, h_shape, t_indices, t_values, t_shape):
            if len(h_shape) != len(t_shape):
                raise errors.InvalidArgumentError(
                    None, op, "hypothesis and truth must have the same rank, got %d and %d"
                    % (len(h_shape), len(t_shape)))
            hypothesis = _sequences(op, h_indices, h_values, h_shape, "hypothesis")
            truth = _sequences(op, t_indices, t_values, t_shape, "truth")
            outer = np.maximum(np.asarray(h_shape[:-1]), np.asarray(t_shape[:-1]))
            out = np.zeros(outer, np.float32)
            for index in np.ndindex(*outer):
                h, t = hypothesis.get(index, []), truth.get(index, [])
                distance = float(levenshtein(h, t))
                if normalize:
                    distance = distance / len(t) if t else (np.inf if h else 0.0)
                out[index] = distance
            return out
        return distances

    def samples(self, rng):
        def build(h_values, t_values, normalize):
            hypothesis = SparseTensor([[0, 0, 0], [1, 0, 0], [1, 0, 1]], h_values, [2, 1, 2])
            truth = SparseTensor([[0, 0, 0], [0, 0, 1], [1, 0, 1]], t_values, [2, 1, 2])
            return edit_distance(hypothesis, truth, normalize)
        return [OpSample(lambda h, t, n=normalize: build(h, t, n), np.int64([1, 2, 3]),
                         np.int64([1, 4, 3]),
                         reference=lambda h, t, n=normalize: np.float32(
                             [[1 / 2 if n else 1], [1 / 1 if n else 1]]))
                for normalize in (True, False)]


def edit_distance(hypothesis, truth, normalize=True, name="edit_distance"):
    """The Levenshtein distance between each sequence of ``hypothesis`` and of ``truth``
    (SparseTensors of one rank), divided by the truth's length when ``normalize`` (inf for an
    empty truth and a non-empty hypothesis)."""
    hypothesis = convert_to_sparse_tensor(hypothesis, "hypothesis")
    truth = convert_to_sparse_tensor(truth, "truth")
    if hypothesis.values.dtype != truth.values.dtype:
        raise TypeError("hypothesis and truth must have the same dtype, got %s and %s"
                        % (hypothesis.values.dtype.name, truth.values.dtype.name))
    with get_default_graph().name_scope(name):
        return make_tensor("EditDistance", (hypothesis.indices, hypothesis.values,
                                            hypothesis.dense_shape, truth.indices,
                                            truth.values, truth.dense_shape),
                           {"normalize": bool(normalize)})


__all__ = ["edit_distance", "levenshtein"]
