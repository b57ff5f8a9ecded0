"""Unicode string ops: ``tf.strings.unicode_decode(_with_offsets)``, ``unicode_split(_with_
offsets)``, ``unicode_encode``, ``unicode_transcode`` and ``unicode_script``.

Encodings are Python codec names in TF's spelling (``UTF-8``, ``UTF-16-BE``, ``UTF-32-BE``...;
``unicode_encode`` takes those three, as TF). ``errors`` is TF's: ``'strict'`` fails the run,
``'replace'`` puts ``replacement_char`` for each ill-formed byte sequence (its maximal
subpart, as ICU), ``'ignore'`` drops it. Rows of characters come back as a
:class:`~autograd_engine.ops.ragged_tensor.RaggedTensor` for a vector of strings, a dense vector
for one string (TF's shapes); inputs of rank 2 or more are refused (this engine's ragged
tensors have one ragged dimension): reshape to a vector first.

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     sess.run(tf.strings.unicode_transcode("héllo", "UTF-8", "UTF-16-BE"))[:4]
b'\\x00h\\x00\\xe9'
"""
import codecs
import os
import threading

import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from .array_ops import reshape
from .constant_op import convert_to_tensor
from .op_samples import OpSample
from .range_ops import range as range_
from .reduction_ops import reduce_prod
from .ragged_tensor import RaggedTensor
from .registry import OpDef, make_op, register
from .shape_ops import shape, size
from .string_family import ElementwiseStringOp, run_error, string_array, string_input

_ENCODE_ENCODINGS = ("UTF-8", "UTF-16-BE", "UTF-32-BE")
_ERRORS = ("strict", "replace", "ignore")
_ERROR_MARK = "\udfff"  # a lone surrogate: never the result of decoding valid text
_spans = threading.local()


def _record_span(error):
    _spans.items.append((error.start, error.end))
    return _ERROR_MARK, error.end


codecs.register_error("autograd_engine.unicode_spans", _record_span)


def _codec(encoding):
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ValueError("Unknown encoding %r: use one of the Python codec names (UTF-8, "
                         "UTF-16-BE, UTF-32-BE, ISO-8859-1...)" % (encoding,)) from None


def _check_errors(errors_mode):
    if errors_mode not in _ERRORS:
        raise ValueError("errors must be one of %s, got %r" % (list(_ERRORS), errors_mode))


def decode_with_offsets(data, codec, errors_mode, replacement, replace_control, fail):
    """``[(byte offset, code point)]`` of the bytes ``data`` in ``codec``."""
    _spans.items = []
    text = data.decode(codec, "autograd_engine.unicode_spans")
    spans, out, offset = _spans.items, [], 0
    for ch in text:
        if ch == _ERROR_MARK:
            start, offset = spans.pop(0)
            if errors_mode == "strict":
                raise fail("Invalid formatting on input string")
            if errors_mode == "replace":
                out.append((start, replacement))
            continue
        point = ord(ch)
        if replace_control and point < 0x20:
            point = replacement
        out.append((offset, point))
        offset += len(ch.encode(codec, "surrogatepass"))
    return out


def encode_code_points(points, codec, errors_mode, replacement, fail):
    """The code points ``points`` as bytes in ``codec``."""
    chars = []
    for point in points:
        point = int(point)
        if 0 <= point <= 0x10FFFF and not 0xD800 <= point <= 0xDFFF:
            chars.append(chr(point))
        elif errors_mode == "strict":
            raise fail("Invalid code point %d" % point)
        elif errors_mode == "replace":
            chars.append(chr(replacement))
    return "".join(chars).encode(codec)


def _decode_attrs(op):
    a = op.attrs
    return (a["input_encoding"], a["errors"], a["replacement_char"],
            a["replace_control_characters"], lambda message: run_error(op, message))


class UnicodeDecodeWithOffsetsOp(OpDef):
    """strings [n] -> (row_splits [n + 1], code points, byte offsets), as TF's op."""
    type_name = "UnicodeDecodeWithOffsets"
    differentiable = False
    host_only = True

    def infer(self, op):
        rows = op.inputs[0].shape.with_rank(1).as_tuple()[0]
        return [(dtypes.int64, TensorShape([None if rows is None else rows + 1])),
                (dtypes.int32, TensorShape([None])), (dtypes.int64, TensorShape([None]))]

    def kernel(self, op, ctx):
        attrs = _decode_attrs(op)

        def decode(strings):
            rows = [decode_with_offsets(s, *attrs) for s in np.asarray(strings, dtype=object)]
            splits = np.cumsum([0] + [len(r) for r in rows], dtype=np.int64)
            flat = [item for row in rows for item in row]
            return (splits, np.array([p for _, p in flat], np.int32),
                    np.array([o for o, _ in flat], np.int64))
        return decode

    def samples(self, rng):
        words = string_array(["hé", "", "日本", "a\xffb"])
        words[3] = b"a\xffb"

        def parts(strings):
            points, offsets = unicode_decode_with_offsets(strings, "UTF-8")
            return [points.row_splits, points.values, offsets.values]
        return [OpSample(parts, words, reference=lambda s: [
            np.array([0, 2, 2, 4, 7], np.int64),
            np.array([104, 233, 26085, 26412, 97, 65533, 98], np.int32),
            np.array([0, 1, 0, 3, 0, 1, 2], np.int64)])]


class UnicodeEncodeOp(OpDef):
    """(code points, row_splits [n + 1]) -> strings [n]."""
    type_name = "UnicodeEncode"
    differentiable = False
    host_only = True

    def infer(self, op):
        splits = op.inputs[1].shape.with_rank(1).as_tuple()[0]
        return [(dtypes.string, TensorShape([None if splits is None else splits - 1]))]

    def kernel(self, op, ctx):
        a = op.attrs
        codec, mode, replacement = a["output_encoding"], a["errors"], a["replacement_char"]

        def fail(message):
            return run_error(op, message)

        def encode(points, splits):
            rows = [encode_code_points(points[start:end], codec, mode, replacement, fail)
                    for start, end in zip(splits[:-1], splits[1:])]
            return string_array(rows) if rows else np.empty(0, dtype=object)
        return encode

    def samples(self, rng):
        return [OpSample(lambda p, s: unicode_encode(RaggedTensor.from_row_splits(p, s), "UTF-8"),
                         np.array([104, 233, 26085, 0x110000], np.int32),
                         np.array([0, 2, 2, 4], np.int64),
                         reference=lambda p, s: string_array([b"h\xc3\xa9", b"",
                                                              "日\ufffd".encode()]))]


def _transcoder(op):
    a = op.attrs
    decode_attrs = _decode_attrs(op)

    def transcode(data):
        points = [p for _, p in decode_with_offsets(data, *decode_attrs)]
        return encode_code_points(points, a["output_encoding"], a["errors"],
                                  a["replacement_char"], decode_attrs[-1])
    return transcode


def _load_script_runs():
    starts, codes = [], []
    with open(os.path.join(os.path.dirname(__file__), "unicode_scripts.txt")) as f:
        for line in f:
            if not line.startswith("#"):
                start, code = line.split()
                starts.append(int(start, 16))
                codes.append(int(code))
    return np.array(starts, np.int64), np.array(codes, np.int32)


_SCRIPT_RUNS = []


class UnicodeScriptOp(OpDef):
    """int32 code points -> int32 ICU ``UScriptCode`` (-1 for an invalid code point)."""
    type_name = "UnicodeScript"
    differentiable = False
    host_only = True

    def infer(self, op):
        return [(dtypes.int32, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        if not _SCRIPT_RUNS:
            _SCRIPT_RUNS.append(_load_script_runs())
        starts, codes = _SCRIPT_RUNS[0]

        def script(points):
            points = np.asarray(points, np.int64)
            found = codes[np.clip(np.searchsorted(starts, points, side="right") - 1, 0, None)]
            return np.where((points < 0) | (points > 0x10FFFF), -1, found).astype(np.int32)
        return script

    def samples(self, rng):
        # Latin 25, Cyrillic 8, Han 17, Common 0, Arabic 2, Hiragana 20 (ICU's codes)
        return [OpSample(unicode_script, np.array([[72, 1041, 26085], [48, 1575, 0x3042]],
                                                  np.int32),
                         reference=lambda p: np.array([[25, 8, 17], [0, 2, 20]], np.int32)),
                OpSample(unicode_script, np.array([-1, 0x110000], np.int32),
                         reference=lambda p: np.array([-1, -1], np.int32))]


def _transcode_samples(rng):
    bad = string_array(["a", "b"])
    bad[1] = b"a\xffb"
    return [OpSample(lambda s: unicode_transcode(s, "UTF-8", "UTF-16-BE"),
                     string_array(["hé", ""]),
                     reference=lambda s: string_array([b"\x00h\x00\xe9", b""])),
            OpSample(lambda s: unicode_transcode(s, "UTF-8", "UTF-8", replacement_char=63),
                     bad, reference=lambda s: string_array([b"a", b"a?b"]))]


register(UnicodeDecodeWithOffsetsOp)
register(UnicodeEncodeOp)
register(ElementwiseStringOp("UnicodeTranscode", _transcoder), samples=_transcode_samples)
register(UnicodeScriptOp)


def _vector_input(input, op_type):  # noqa: A002 - TF's argument name
    strings = string_input(input, op_type)
    rank = strings.shape.ndims
    if rank is None or rank > 1:
        raise ValueError("%s takes a string scalar or vector here (got shape %s): this "
                         "engine's ragged results have one ragged dimension; reshape the "
                         "input to a vector first." % (op_type, strings.shape))
    return strings, rank == 0


def _decode(input, input_encoding, errors_mode, replacement_char,  # noqa: A002
            replace_control_characters, name, default_name):
    _check_errors(errors_mode)
    with get_default_graph().name_scope(name or default_name):
        strings, scalar = _vector_input(input, "UnicodeDecodeWithOffsets")
        if scalar:
            strings = reshape(strings, [1])
        splits, points, offsets = make_op("UnicodeDecodeWithOffsets", (strings,), {
            "input_encoding": _codec(input_encoding), "errors": errors_mode,
            "replacement_char": int(replacement_char),
            "replace_control_characters": bool(replace_control_characters)}).outputs
        if scalar:
            return points, offsets
        return (RaggedTensor.from_row_splits(points, splits),
                RaggedTensor.from_row_splits(offsets, splits))


def unicode_decode_with_offsets(input, input_encoding, errors="replace",  # noqa: A002
                                replacement_char=65533, replace_control_characters=False,
                                name=None):
    """(code points, the byte offset where each starts) of each string of ``input``."""
    return _decode(input, input_encoding, errors, replacement_char, replace_control_characters,
                   name, "UnicodeDecodeWithOffsets")


def unicode_decode(input, input_encoding, errors="replace", replacement_char=65533,  # noqa: A002
                   replace_control_characters=False, name=None):
    """The code points (int32) of each string of ``input`` in ``input_encoding``."""
    return _decode(input, input_encoding, errors, replacement_char, replace_control_characters,
                   name, "UnicodeDecode")[0]


def _split(input, input_encoding, errors_mode, replacement_char, name):  # noqa: A002
    points, offsets = _decode(input, input_encoding, errors_mode, replacement_char, False,
                              name, "UnicodeSplit")
    flat = points.values if isinstance(points, RaggedTensor) else points
    one_each = range_(size(flat, out_type=dtypes.int64) + 1)
    chars = make_op("UnicodeEncode", (flat, one_each), {
        "output_encoding": _codec(input_encoding), "errors": errors_mode,
        "replacement_char": int(replacement_char)}).outputs[0]
    if isinstance(points, RaggedTensor):
        return RaggedTensor.from_row_splits(chars, points.row_splits), offsets
    return chars, offsets


def unicode_split(input, input_encoding, errors="replace", replacement_char=65533,  # noqa: A002
                  name=None):
    """Each string of ``input`` split into its characters (each encoded as a string).

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.strings.unicode_split("hé", "UTF-8")).tolist()
    [b'h', b'\\xc3\\xa9']
    """
    return _split(input, input_encoding, errors, replacement_char, name)[0]


def unicode_split_with_offsets(input, input_encoding, errors="replace",  # noqa: A002
                               replacement_char=65533, name=None):
    """(the characters, the byte offset where each starts) of each string of ``input``."""
    return _split(input, input_encoding, errors, replacement_char, name)


def unicode_encode(input, output_encoding, errors="replace", replacement_char=65533,  # noqa: A002
                   name=None):
    """Rows of code points (a RaggedTensor, or the last axis of an int32 tensor) encoded as
    strings in ``output_encoding`` (UTF-8, UTF-16-BE or UTF-32-BE)."""
    if output_encoding not in _ENCODE_ENCODINGS:
        raise ValueError("output_encoding must be one of %s, got %r"
                         % (list(_ENCODE_ENCODINGS), output_encoding))
    _check_errors(errors)
    attrs = {"output_encoding": _codec(output_encoding), "errors": errors,
             "replacement_char": int(replacement_char)}
    with get_default_graph().name_scope(name or "UnicodeEncode"):
        if isinstance(input, RaggedTensor):
            return make_op("UnicodeEncode", (input.values, input.row_splits), attrs).outputs[0]
        points = convert_to_tensor(input, dtype=dtypes.int32)
        if points.shape.ndims is None or points.shape.ndims == 0:
            raise ValueError("unicode_encode needs code points of known rank >= 1, got shape "
                             "%s" % points.shape)
        row_length = points.shape.as_tuple()[-1]
        if row_length is None:
            raise ValueError("unicode_encode needs the last dimension of dense code points "
                             "known while building, got shape %s" % points.shape)
        dims = shape(points, out_type=dtypes.int64)
        if row_length:
            splits = range_(0, size(points, out_type=dtypes.int64) + 1, row_length)
        else:  # rows of no characters
            splits = range_(reduce_prod(dims[:-1]) + 1) * 0
        flat = reshape(points, [-1])
        encoded = make_op("UnicodeEncode", (flat, splits), attrs).outputs[0]
        return reshape(encoded, dims[:-1])


def unicode_transcode(input, input_encoding, output_encoding, errors="replace",  # noqa: A002
                      replacement_char=65533, replace_control_characters=False, name=None):
    """Each string of ``input`` decoded from ``input_encoding`` and encoded again in
    ``output_encoding`` (same shape)."""
    _check_errors(errors)
    strings = string_input(input, "UnicodeTranscode")
    return make_op("UnicodeTranscode", (strings,), {
        "input_encoding": _codec(input_encoding), "output_encoding": _codec(output_encoding),
        "errors": errors, "replacement_char": int(replacement_char),
        "replace_control_characters": bool(replace_control_characters)},
        name or "UnicodeTranscode").outputs[0]


def unicode_script(input, name=None):  # noqa: A002
    """The ICU script code (``UScriptCode``: Latin 25, Han 17, Common 0...) of each int32
    code point; -1 for an invalid one (the table comes from TensorFlow's ICU, see
    tools/make_unicode_scripts_table.py).

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.strings.unicode_script([72, 1041])).tolist()
    [25, 8]
    """
    points = convert_to_tensor(input, dtype=dtypes.int32)
    return make_op("UnicodeScript", (points,), {}, name or "UnicodeScript").outputs[0]


__all__ = ["unicode_decode", "unicode_decode_with_offsets", "unicode_encode", "unicode_script",
           "unicode_split", "unicode_split_with_offsets", "unicode_transcode"]
