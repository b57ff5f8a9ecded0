"""The rest of ``tf.strings``: ``bytes_split``, ``format`` (TF's ``{}`` placeholders and
``summarize`` rule), ``ngrams`` and
``unsorted_segment_join`` (``to_hash_bucket`` is in ops/hash_ops.py).

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     sess.run(tf.strings.format("x={} y={}", (tf.constant([1, 2]), tf.constant(2.5))))
b'x=[1 2] y=2.5'
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape
from .array_ops import reshape
from .concat_split_ops import concat
from .constant_op import convert_to_tensor
from .op_samples import OpSample
from .ragged_tensor import RaggedTensor
from .range_ops import range as range_
from .reduction_ops import reduce_prod
from .registry import OpDef, make_op, register
from .shape_ops import shape, size
from .string_family import run_error, string_array, string_input
from .string_split_ops import string_split

# ------------------------------------------------------------------ format
_C_ESCAPES = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord('"'): '\\"',
              ord("'"): "\\'", ord("\\"): "\\\\"}


def c_escape(data):
    """absl's ``CEscape``: quotes, backslashes and \\n \\r \\t escaped, other bytes outside
    printable ASCII as three-digit octal."""
    return "".join(_C_ESCAPES.get(b) or (chr(b) if 0x20 <= b < 0x7f else "\\%03o" % b)
                   for b in data)


def _element_text(value, dtype):
    if dtype == dtypes.string:
        return '"%s"' % c_escape(value)
    if dtype == dtypes.bool:
        return "1" if value else "0"
    if dtype.is_floating:
        # C++'s shortest round-trip form, as TF's StrCat(float): %g at 6 (float) or 15
        # (double) significant digits, more when that does not read back.
        digits = (6, 9) if dtype != dtypes.float64 else (15, 17)
        text = "%.*g" % (digits[0], value)
        if float(text) != value and np.isfinite(value):
            text = "%.*g" % (digits[1], value)
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(text, text)
    return str(value)


def summarize_array(array, dtype, summarize):
    """TF's ``SummarizeValue(summarize, print_v2=True)``: nested brackets, the first and last
    ``summarize`` items of each dimension around ``...`` (all of them for -1)."""
    array = np.asarray(array)
    edge = array.size if summarize < 0 else min(summarize, array.size)
    if array.ndim == 0:
        return _element_text(array[()], dtype) if edge else ""
    ndim = array.ndim

    def spacing(dim):
        return " " if dim == ndim - 1 else "\n" * (ndim - dim - 1) + " " * (dim + 1)

    def show(index):
        dim = len(index)
        if dim == ndim:
            return _element_text(array[index], dtype)
        count = array.shape[dim]
        parts = [show(index + (i,)) for i in range(min(edge, count))]
        if count > 2 * edge:
            parts.append("...")
        parts += [show(index + (i,)) for i in range(max(edge, count - edge), count)]
        return "[" + spacing(dim).join(parts) + "]"
    return show(())


class StringFormatOp(OpDef):
    """Any inputs -> a string scalar: ``template`` with each ``placeholder`` replaced by the
    next input's summary."""
    type_name = "StringFormat"
    differentiable = False
    host_only = True

    def infer(self, op):
        return [(dtypes.string, TensorShape([]))]

    def kernel(self, op, ctx):
        pieces = op.attrs["template"].split(op.attrs["placeholder"])
        summarize = op.attrs["summarize"]
        kinds = [t.dtype for t in op.inputs]

        def format_(*values):
            texts = [summarize_array(v, d, summarize) for v, d in zip(values, kinds)]
            out = pieces[0] + "".join(t + p for t, p in zip(texts, pieces[1:]))
            return np.array(out.encode("utf-8"), dtype=object)
        return format_

    def samples(self, rng):
        big = np.arange(20, dtype=np.int32).reshape(4, 5)
        return [OpSample(lambda a, b: format("x={} y={}", (a, b)), np.array([1, 2, 3], np.int32),
                         np.float32(2.5), reference=lambda a, b: np.array(b"x=[1 2 3] y=2.5",
                                                                         dtype=object)),
                OpSample(lambda a: format("{}", a, summarize=2), big,
                         reference=lambda a: np.array(
                             b"[[0 1 ... 3 4]\n [5 6 ... 8 9]\n [10 11 ... 13 14]\n"
                             b" [15 16 ... 18 19]]", dtype=object))]


register(StringFormatOp)


def format(template, inputs, placeholder="{}", summarize=3, name=None):  # noqa: A001
    """``template`` with each ``placeholder`` replaced by the next of ``inputs`` (a tensor or a
    list of them): nested brackets, strings quoted, the first and last ``summarize`` items of
    each dimension (-1: all), as TF prints tensors."""
    if isinstance(inputs, (TensorLike, np.ndarray)) or not isinstance(inputs, (list, tuple)):
        inputs = [inputs]
    tensors = [convert_to_tensor(x) for x in inputs]
    if template.count(placeholder) != len(tensors):
        raise ValueError("%s placeholder(s) in template does not match %s tensor(s) provided "
                         "as input" % (template.count(placeholder), len(tensors)))
    return make_op("StringFormat", tensors, {"template": template, "placeholder": placeholder,
                                             "summarize": int(summarize)},
                   name or "StringFormat").outputs[0]


# ------------------------------------------------------------------ ngrams
def _ngrams_of_row(tokens, widths, separator, left, right, pad_width, preserve_short):
    def padding_for(width):
        return min(width - 1 if pad_width < 0 else pad_width, width - 1)

    def count(length, width):
        return max(0, length + 2 * padding_for(width) - width + 1)

    def make(width, number):
        pad = padding_for(width)
        out = []
        for index in range(number):
            left_count = max(0, pad - index)
            right_count = max(0, pad - (number - (index + 1)))
            taken = width - left_count - right_count
            start = 0 if left_count > 0 else index - pad
            out.append(separator.join([left] * left_count + tokens[start:start + taken]
                                      + [right] * right_count))
        return out
    grams = []
    for width in widths:
        grams += make(width, count(len(tokens), width))
    if preserve_short and not grams and tokens:
        width = len(tokens) + 2 * max(pad_width, 0)
        grams = make(width, 1)
    return grams


class StringNGramsOp(OpDef):
    """(tokens, row_splits) -> (n-grams, their row_splits), as TF's op."""
    type_name = "StringNGrams"
    differentiable = False
    host_only = True

    def infer(self, op):
        return [(dtypes.string, TensorShape([None])), (dtypes.int64, op.inputs[1].shape)]

    def kernel(self, op, ctx):
        a = op.attrs

        def ngrams_(data, splits):
            rows = [_ngrams_of_row(list(data[s:e]), a["ngram_widths"], a["separator"],
                                   a["left_pad"], a["right_pad"], a["pad_width"],
                                   a["preserve_short_sequences"])
                    for s, e in zip(splits[:-1], splits[1:])]
            flat = [g for row in rows for g in row]
            return (string_array(flat) if flat else np.empty(0, dtype=object),
                    np.cumsum([0] + [len(r) for r in rows], dtype=np.int64))
        return ngrams_

    def samples(self, rng):
        tokens = string_array(["a", "b", "c"])
        return [OpSample(lambda t: ngrams(t, 3, separator="_", pad_values=("<s>", "</s>"),
                                          padding_width=1), tokens,
                         reference=lambda t: string_array(["<s>_a_b", "a_b_c", "b_c_</s>"])),
                OpSample(lambda t: ngrams(t, (1, 3)), tokens,
                         reference=lambda t: string_array(["a", "b", "c", "a b c"]))]


register(StringNGramsOp)


def ngrams(data, ngram_width, separator=" ", pad_values=None, padding_width=None,
           preserve_short_sequences=False, name=None):
    """The n-grams (``ngram_width``: an int or several) of each row of tokens ``data`` (the
    last axis of a string tensor, or the rows of a RaggedTensor), joined by ``separator``,
    rows padded with ``pad_values`` (one string or ``(left, right)``) ``padding_width`` times
    (default ``width - 1``). A dense input gives a dense output of its rank."""
    widths = [int(ngram_width)] if np.ndim(ngram_width) == 0 else [int(w) for w in ngram_width]
    if padding_width is not None and padding_width < 1:
        raise ValueError("padding_width must be greater than 0.")
    if padding_width is not None and pad_values is None:
        raise ValueError("pad_values must be provided if padding_width is set.")
    if pad_values is None:
        left = right = b""
        padding_width = 0
    elif isinstance(pad_values, (list, tuple)):
        left, right = pad_values
    else:
        left = right = pad_values
    attrs = {"separator": _as_bytes(separator), "ngram_widths": widths,
             "left_pad": _as_bytes(left), "right_pad": _as_bytes(right),
             "pad_width": -1 if padding_width is None else int(padding_width),
             "preserve_short_sequences": bool(preserve_short_sequences)}
    with get_default_graph().name_scope(name or "StringNGrams"):
        if isinstance(data, RaggedTensor):
            grams, splits = make_op("StringNGrams", (data.values, data.row_splits),
                                    attrs).outputs
            return RaggedTensor.from_row_splits(grams, splits)
        tokens = string_input(data, "StringNGrams", "data")
        rank = tokens.shape.ndims
        if rank is None:
            raise ValueError("Rank of data must be known.")
        if rank == 0:
            raise ValueError("Data must have rank>0")
        dims = shape(tokens, out_type=dtypes.int64)
        splits = range_(reduce_prod(dims[:-1]) + 1) * dims[-1]
        grams, _ = make_op("StringNGrams", (reshape(tokens, [-1]), splits), attrs).outputs
        row_length = tokens.shape.as_tuple()[-1]
        per_row = -1 if row_length is None else len(_ngrams_of_row(
            [b""] * row_length, widths, b"", b"", b"", attrs["pad_width"],
            attrs["preserve_short_sequences"]))
        result = reshape(grams, concat([dims[:-1], convert_to_tensor([per_row], dtypes.int64)],
                                       0))
        result.set_shape(tokens.shape[:-1].concatenate([None if per_row < 0 else per_row]))
        return result


def _as_bytes(text):
    return text.encode("utf-8") if isinstance(text, str) else bytes(text)


# ------------------------------------------------------------------ bytes_split
def bytes_split(input, name=None):  # noqa: A002
    """Each string of ``input`` split into its bytes: a RaggedTensor of one-byte strings for a
    vector, a vector for one string.

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.strings.bytes_split("abc")).tolist()
    [b'a', b'b', b'c']
    """
    with get_default_graph().name_scope(name or "BytesSplit"):
        strings = string_input(input, "BytesSplit")
        rank = strings.shape.ndims
        if rank == 0:
            return string_split(reshape(strings, [1]), delimiter="").values
        if rank != 1:
            raise ValueError("bytes_split takes a string scalar or vector here (got shape %s):"
                             " reshape the input to a vector first." % strings.shape)
        pieces = string_split(strings, delimiter="")
        splits = make_op("RowSplitsFromRowIds", (pieces.indices, size(strings,
                                                                      out_type=dtypes.int64)),
                         {}).outputs[0]
        return RaggedTensor.from_row_splits(pieces.values, splits)


class RowSplitsFromRowIdsOp(OpDef):
    """(sparse indices [n, 2] in row-major order, number of rows) -> row_splits."""
    type_name = "RowSplitsFromRowIds"
    differentiable = False
    host_only = True

    def infer(self, op):
        return [(dtypes.int64, TensorShape([None]))]

    def kernel(self, op, ctx):
        def splits(indices, rows):
            counts = np.bincount(np.asarray(indices)[:, 0], minlength=int(rows))
            return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return splits

    def samples(self, rng):
        return [OpSample(lambda i, n: make_op("RowSplitsFromRowIds", (i, n), {}).outputs[0],
                         np.array([[0, 0], [0, 1], [2, 0]], np.int64), np.int64(4),
                         reference=lambda i, n: np.array([0, 2, 2, 3, 3], np.int64))]


register(RowSplitsFromRowIdsOp)


# ------------------------------------------------------------------ unsorted_segment_join
class UnsortedSegmentJoinOp(OpDef):
    """(strings, segment ids (a prefix of their shape), number of segments) -> the strings of
    each segment joined with ``separator``, in order."""
    type_name = "UnsortedSegmentJoin"
    differentiable = False
    host_only = True

    def infer(self, op):
        data, ids = op.inputs[0].shape, op.inputs[1].shape
        if data.ndims is None or ids.ndims is None:
            return [(dtypes.string, TensorShape(None))]
        return [(dtypes.string, TensorShape([None]).concatenate(data[ids.ndims:]))]

    def kernel(self, op, ctx):
        separator = op.attrs["separator"]

        def join(strings, ids, count):
            strings, ids, count = np.asarray(strings, dtype=object), np.asarray(ids), int(count)
            if strings.shape[:ids.ndim] != ids.shape:
                raise run_error(op, "segment_ids.shape = %s is not a prefix of input.shape = %s"
                                % (list(ids.shape), list(strings.shape)))
            inner = strings.shape[ids.ndim:]
            rows = strings.reshape((-1,) + inner)
            groups = [[] for _ in range(count)]
            for position, segment in enumerate(ids.reshape(-1)):
                if not 0 <= segment < count:
                    raise run_error(op, "segment_ids[%d] = %d is out of range [0, %d)"
                                    % (position, segment, count))
                groups[segment].append(position)
            out = np.empty((count,) + inner, dtype=object)
            for segment, members in enumerate(groups):
                for index in np.ndindex(*inner):
                    out[(segment,) + index] = separator.join(rows[(m,) + index]
                                                             for m in members)
            return out
        return join

    def samples(self, rng):
        return [OpSample(lambda s, i: unsorted_segment_join(s, i, 3, separator=":"),
                         string_array(["a", "b", "c", "d"]), np.array([1, 0, 1, 1], np.int32),
                         reference=lambda s, i: string_array(["b", "a:c:d", ""])),
                OpSample(lambda s, i: unsorted_segment_join(s, i, 2),
                         string_array([["a", "b"], ["c", "d"], ["e", "f"]]),
                         np.array([0, 0, 1], np.int64),
                         reference=lambda s, i: string_array([["ac", "bd"], ["e", "f"]]))]


register(UnsortedSegmentJoinOp)


def unsorted_segment_join(inputs, segment_ids, num_segments, separator="", name=None):
    """The strings of ``inputs`` grouped by ``segment_ids`` (whose shape is a prefix of
    theirs) into ``num_segments`` rows, each group joined with ``separator`` in order; an
    empty segment is the empty string."""
    strings = string_input(inputs, "UnsortedSegmentJoin", "inputs")
    ids = convert_to_tensor(segment_ids)
    if not ids.dtype.is_integer:
        raise TypeError("segment_ids must be int32 or int64, got %s" % ids.dtype.name)
    count = convert_to_tensor(num_segments)
    return make_op("UnsortedSegmentJoin", (strings, ids, count),
                   {"separator": _as_bytes(separator)},
                   name or "UnsortedSegmentJoin").outputs[0]


__all__ = ["bytes_split", "format", "ngrams", "unsorted_segment_join"]
