"""Splitting strings into tokens, as a SparseTensor ``[number of strings, most tokens]``:
TF1's ``tf.string_split`` (every character of ``delimiter`` separates; empty tokens skipped by
default; an empty delimiter splits into characters) and ``tf.strings.split`` (``sep`` a whole
separator, or runs of whitespace when None; ``maxsplit``).
"""
import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from .op_samples import OpSample
from .registry import OpDef, make_op, register
from .sparse_tensor import SparseTensor
from .string_family import as_bytes, run_error, string_array, string_input


def _tokens_v1(text, delimiter, skip_empty):
    if not text:  # TF1 gives an empty string no tokens, even without skip_empty
        return []
    if not delimiter:
        return [text[i:i + 1] for i in range(len(text))]
    tokens, start = [], 0
    for i, byte in enumerate(text):
        if byte in delimiter:
            tokens.append(text[start:i])
            start = i + 1
    tokens.append(text[start:])
    return [t for t in tokens if t] if skip_empty else tokens


def _tokens_v2(text, sep, maxsplit):
    if not text:
        return []
    return text.split(sep or None, maxsplit)


class StringSplitOp(OpDef):
    """Outputs (indices, values, dense_shape). ``version`` 1 (tf.string_split) or 2
    (tf.strings.split); the delimiter is the op's second input, a string scalar."""
    type_name = "StringSplit"
    differentiable = False
    host_only = True
    host_inputs = (1,)

    def infer(self, op):
        op.inputs[0].shape.with_rank(1)
        return [(dtypes.int64, TensorShape([None, 2])), (dtypes.string, TensorShape([None])),
                (dtypes.int64, TensorShape([2]))]

    def kernel(self, op, ctx):
        version, option = op.attrs["version"], op.attrs["option"]

        def split(source, delimiter):
            delimiter = np.asarray(delimiter, dtype=object)
            if delimiter.ndim:
                raise run_error(op, "delimiter must be a scalar, got shape: [%s]"
                                % ",".join(str(d) for d in delimiter.shape))
            delimiter = delimiter[()]
            indices, values, longest = [], [], 0
            for i, text in enumerate(np.asarray(source, dtype=object)):
                tokens = _tokens_v1(text, delimiter, option) if version == 1 else \
                    _tokens_v2(text, delimiter, option)
                indices += [(i, j) for j in range(len(tokens))]
                values += tokens
                longest = max(longest, len(tokens))
            return (np.asarray(indices, dtype=np.int64).reshape(-1, 2),
                    string_array(values) if values else np.empty(0, dtype=object),
                    np.array([len(source), longest], dtype=np.int64))
        return split

    def samples(self, rng):
        """Both versions: several delimiter characters, characters, whole separators,
        whitespace runs and maxsplit."""
        source = string_array(["a b,,c", "", " x  y "])

        def parts(sparse):
            return [sparse.indices, sparse.values, sparse.dense_shape]

        def expected(indices, values, shape):
            return lambda s: [np.array(indices, np.int64).reshape(-1, 2), string_array(values),
                              np.array(shape, np.int64)]
        return [
            OpSample(lambda s: parts(string_split(s, delimiter=" ,")), source,
                     reference=expected([[0, 0], [0, 1], [0, 2], [2, 0], [2, 1]],
                                        ["a", "b", "c", "x", "y"], [3, 3])),
            OpSample(lambda s: parts(string_split(s, delimiter=",", skip_empty=False)), source,
                     reference=expected([[0, 0], [0, 1], [0, 2], [2, 0]],
                                        ["a b", "", "c", " x  y "], [3, 3])),
            OpSample(lambda s: parts(string_split(s[:1], delimiter="")), source,
                     reference=expected([[0, k] for k in range(6)], list("a b,,c"), [1, 6])),
            OpSample(lambda s: parts(split(s)), source,
                     reference=expected([[0, 0], [0, 1], [2, 0], [2, 1]],
                                        ["a", "b,,c", "x", "y"], [3, 2])),
            OpSample(lambda s: parts(split(s, sep=",", maxsplit=1)), source,
                     reference=expected([[0, 0], [0, 1], [2, 0]], ["a b", ",c", " x  y "],
                                        [3, 2]))]


register(StringSplitOp)


def _split(source, delimiter, version, option, name):
    tensor = string_input(source, "StringSplit", "source")
    if tensor.shape.ndims not in (None, 1):
        raise ValueError("Shape must be rank 1 but is rank %d for 'StringSplit': the source is "
                         "a vector of strings" % tensor.shape.ndims)
    op = make_op("StringSplit", (tensor, string_input(delimiter, "StringSplit", "delimiter")),
                 {"version": version, "option": option}, name or "StringSplit")
    return SparseTensor(*op.outputs)


def string_split(source, delimiter=" ", skip_empty=True, name=None, sep=None,
                 result_type="SparseTensor"):
    """Splits each string of the vector ``source`` at any character of ``delimiter`` (into
    single bytes when it is empty), dropping empty tokens with ``skip_empty``; returns a
    SparseTensor ``[len(source), most tokens]`` (TF1's ``tf.string_split``).

    >>> import autograd_engine as tf
    >>> tokens = tf.string_split(["a b", "c"])
    >>> tf.Session().run(tokens).values.tolist()
    [b'a', b'b', b'c']
    """
    if result_type != "SparseTensor":
        raise ValueError("result_type must be 'SparseTensor' here, got %r" % (result_type,))
    delimiter = sep if sep is not None else delimiter
    return _split(source, as_bytes(delimiter) if isinstance(delimiter, (str, bytes)) else
                  delimiter, 1, bool(skip_empty), name)


def split(source=None, sep=None, maxsplit=-1, result_type="SparseTensor", name=None,
          input=None):  # noqa: A002 - TF1.15's argument names
    """Splits each string of the vector ``source`` at every ``sep`` (a whole separator; runs
    of whitespace when None), at most ``maxsplit`` times; returns a SparseTensor (TF1.15's
    ``tf.strings.split``).

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.strings.split(["a<>b"], sep="<>")).values.tolist()
    [b'a', b'b']
    """
    if result_type != "SparseTensor":
        raise ValueError("result_type must be 'SparseTensor' here (TF1's default), got %r"
                         % (result_type,))
    source = input if source is None else source
    return _split(source, b"" if sep is None else as_bytes(sep), 2, int(maxsplit), name)


__all__ = ["string_split", "split"]
