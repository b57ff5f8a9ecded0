"""String manipulation ops on tf.string tensors, with TF1's names and semantics: ``as_string``,
``string_join``, ``reduce_join``, ``substr``, ``tf.strings.length``, ``string_strip``,
``tf.strings.upper``/``lower`` and ``regex_replace``.

Every op runs on the host (``host_only``) and has no gradient, as in TF1. ``regex_replace``
takes RE2 patterns, which Python's ``re`` reads alike for the common syntax (classes, groups,
repetition, anchors); the rewrite string is RE2's (``\\1`` a group, ``\\0`` the match).
"""
import functools
import re

import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample
from .registry import OpDef, make_tensor, register
from .shape_rules import broadcast_shape, normalize_axes
from .string_family import (ElementwiseStringOp, as_bytes, map_strings, run_error,
                            scalar_bytes, string_array, string_input, words)


# ------------------------------------------------------------------ as_string
def _as_string_format(op):
    """The printf format TF1's AsString builds from its attrs, or None for bools."""
    dtype, attrs = op.inputs[0].dtype, op.attrs
    fmt = "%" + attrs["fill"]
    if attrs["width"] > -1:
        fmt += "%d" % attrs["width"]
    if attrs["precision"] > -1:
        fmt += ".%d" % attrs["precision"]
    if dtype.is_bool:
        return None
    if dtype.is_integer:
        return fmt + "d"
    return fmt + ("g" if attrs["shortest"] else "e" if attrs["scientific"] else "f")


class AsStringOp(OpDef):
    type_name = "AsString"
    differentiable = False
    host_only = True

    def infer(self, op):
        return [(dtypes.string, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        fmt = _as_string_format(op)
        dtype = op.inputs[0].dtype
        if fmt is None:
            return lambda x: _map_values(lambda v: b"true" if v else b"false", x)
        if dtype.is_complex:
            pair = "(%s,%s)" % (fmt, fmt)
            return lambda x: _map_values(lambda v: (pair % (v.real, v.imag)).encode(), x)
        convert = int if dtype.is_integer else float
        return lambda x: _map_values(lambda v: (fmt % convert(v)).encode(), x)

    def samples(self, rng):
        """floats (default, precision, scientific, shortest), int32 with a zero fill, bools."""
        values = np.array([1.5, -2.25, 1e10, 1.25e-4])
        return [
            OpSample(lambda x: as_string(x), values,
                     reference=lambda x: string_array(["1.500000", "-2.250000",
                                                       "10000000000.000000", "0.000125"])),
            OpSample(lambda x: as_string(x, precision=2), values.astype(np.float32),
                     reference=lambda x: string_array(["1.50", "-2.25", "10000000000.00",
                                                       "0.00"])),
            OpSample(lambda x: as_string(x, scientific=True, precision=1), values,
                     reference=lambda x: string_array(["1.5e+00", "-2.2e+00", "1.0e+10",
                                                       "1.3e-04"])),
            OpSample(lambda x: as_string(x, shortest=True), values,
                     reference=lambda x: string_array(["1.5", "-2.25", "1e+10", "0.000125"])),
            OpSample(lambda x: as_string(x, width=4, fill="0"),
                     np.array([[3, -42], [7, 12345]], np.int32),
                     reference=lambda x: string_array([["0003", "-042"], ["0007", "12345"]])),
            OpSample(lambda x: as_string(x), np.array([True, False]),
                     reference=lambda x: string_array(["true", "false"]))]


register(AsStringOp)


def _map_values(function, array):
    array = np.asarray(array)
    out = np.empty(array.shape, dtype=object)
    out.reshape(-1)[:] = [function(v) for v in array.reshape(-1)]
    return out


def as_string(input, precision=-1, scientific=False, shortest=False, width=-1,  # noqa: A002
              fill="", name=None):
    """Each element of a numeric or bool tensor as a string (TF1's ``tf.as_string``), printf
    style: ``precision`` digits, ``scientific`` (``%e``) or ``shortest`` (``%g``) notation,
    padded to ``width`` with spaces or ``fill`` (one of ``' +-0#'``).

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.as_string([3.5, 1.0], precision=1)).tolist()
    [b'3.5', b'1.0']
    """
    x = convert_to_tensor(input)
    dtype = x.dtype
    if dtype == dtypes.string or dtype == dtypes.variant:
        raise TypeError("Value passed to parameter 'input' has DataType string not in list of "
                        "allowed values: int8, int16, int32, int64, complex64, complex128, "
                        "float32, float64, bool")
    if fill and fill[0] not in " +-0#" or len(fill) > 1:
        raise ValueError('Fill argument not supported: "%s"' % fill)
    if scientific and shortest:
        raise ValueError("Cannot select both scientific and shortest notation")
    if precision > -1 and not (dtype.is_floating or dtype.is_complex):
        raise ValueError("Cannot select precision for type %s" % dtype.name)
    return make_tensor("AsString", (x,), {"precision": int(precision), "scientific": bool(
        scientific), "shortest": bool(shortest), "width": int(width), "fill": fill}, name)


# ------------------------------------------------------------------ string_join
def _dims_text(dims):
    return "[%s]" % ",".join("?" if d is None else str(d) for d in dims)


class StringJoinOp(OpDef):
    type_name = "StringJoin"
    differentiable = False
    host_only = True

    def infer(self, op):
        shapes = [t.shape for t in op.inputs if t.shape.as_tuple() != ()]
        result = TensorShape([]) if len(shapes) < len(op.inputs) else TensorShape(None)
        for shape in shapes:
            if not result.is_compatible_with(shape) and result.as_tuple() != ():
                raise ShapeInferenceError("Input shapes do not match: %s vs. %s"
                                          % (_dims_text(result.as_tuple()),
                                             _dims_text(shape.as_tuple())))
            result = shape if result.as_tuple() in ((), None) else result.merge_with(shape)
        return [(dtypes.string, result)]

    def kernel(self, op, ctx):
        separator = op.attrs["separator"]

        def join(*parts):
            shapes = [np.shape(p) for p in parts if np.ndim(p)]
            for shape in shapes[1:]:
                if shape != shapes[0]:
                    raise run_error(op, "Input shapes do not match: %s vs. %s"
                                    % (_dims_text(shapes[0]), _dims_text(shape)))
            pieces = [np.asarray(parts[0], dtype=object)]
            for part in parts[1:]:
                if separator:
                    pieces.append(separator)
                pieces.append(np.asarray(part, dtype=object))
            return np.asarray(functools.reduce(np.add, pieces), dtype=object)
        return join

    def samples(self, rng):
        """Two matrices with a separator, a scalar broadcast against vectors, one input."""
        a, b = words(rng, 2, 3), words(rng, 2, 3)
        return [
            OpSample(lambda x, y: string_join([x, y], separator=", "), a, b,
                     reference=lambda x, y: x + b", " + y),
            OpSample(lambda x, y: string_join([x, "=", y]), a[0], b[0],
                     reference=lambda x, y: x + b"=" + y),
            OpSample(lambda x: string_join([x], separator="-"), a, reference=lambda x: x)]


register(StringJoinOp)


def string_join(inputs, separator="", name=None):
    """Joins string tensors elementwise with ``separator`` (TF1's ``tf.string_join``,
    ``tf.strings.join``); scalars are repeated to the others' shape, which must all be equal.

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.string_join([["a", "b"], "x"], separator="-")).tolist()
    [b'a-x', b'b-x']
    """
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise TypeError("Expected list for 'inputs' argument to 'StringJoin' Op, not %r."
                        % (inputs,))
    tensors = [string_input(x, "StringJoin", "inputs") for x in inputs]
    return make_tensor("StringJoin", tensors, {"separator": as_bytes(separator)}, name)


# ------------------------------------------------------------------ reduce_join
class ReduceJoinOp(OpDef):
    type_name = "ReduceJoin"
    differentiable = False
    host_only = True

    def infer(self, op):
        dims = op.inputs[0].shape.as_tuple()
        axes, keep = op.attrs["axes"], op.attrs["keep_dims"]
        if dims is None:
            return [(dtypes.string, TensorShape(None))]
        axes = _reduction_axes(axes, len(dims))
        out = [1 if i in axes else d for i, d in enumerate(dims) if keep or i not in axes]
        return [(dtypes.string, TensorShape(out))]

    def kernel(self, op, ctx):
        separator, keep = op.attrs["separator"], op.attrs["keep_dims"]

        def reduce_join(x):
            x = np.asarray(x, dtype=object)
            axes = _reduction_axes(op.attrs["axes"], x.ndim)
            kept = [i for i in range(x.ndim) if i not in axes]
            # TF1 joins with the first listed axis varying fastest
            moved = np.transpose(x, kept + list(reversed(axes)))
            columns = moved.reshape([x.shape[i] for i in kept] + [-1])
            count = columns.shape[-1]
            joined = np.full(columns.shape[:-1], b"", dtype=object)
            for k in range(count):
                joined = joined + columns[..., k] if k == 0 else \
                    joined + separator + columns[..., k]
            if keep:
                joined = joined.reshape([1 if i in axes else d for i, d in enumerate(x.shape)])
            return np.asarray(joined, dtype=object)
        return reduce_join

    def samples(self, rng):
        """All axes, each axis, keep_dims, two axes listed in reverse order, a separator."""
        x = words(rng, 2, 3)

        def case(axis, keep_dims=False, separator=""):
            return OpSample(lambda s: reduce_join(s, axis=axis, keep_dims=keep_dims,
                                                  separator=separator), x,
                            reference=lambda s: _reference_reduce_join(s, axis, keep_dims,
                                                                       separator))
        return [case(None), case(0), case(1, separator=" "), case(-1, keep_dims=True),
                case([1, 0], separator="|")]


def _reference_reduce_join(x, axis, keep_dims, separator):
    """numpy's answer, element by element in TF1's order."""
    axes = list(range(x.ndim))[::-1] if axis is None else \
        [a % x.ndim for a in np.atleast_1d(axis)]
    out_shape = [1 if i in axes else d for i, d in enumerate(x.shape)]
    out = np.empty(out_shape, dtype=object)
    sep = as_bytes(separator)
    for index in np.ndindex(*out_shape):
        items = []
        ranges = [range(x.shape[a]) for a in reversed(axes)]
        for combo in np.ndindex(*[len(r) for r in ranges]):
            full = list(index)
            for a, k in zip(reversed(axes), combo):
                full[a] = k
            items.append(x[tuple(full)])
        out[index] = sep.join(items)
    return out if keep_dims else out.reshape([d for i, d in enumerate(x.shape)
                                              if i not in axes])


register(ReduceJoinOp)


def _reduction_axes(axes, ndims):
    if axes is None:
        return list(range(ndims))[::-1]
    if len(set(a % ndims if ndims else a for a in axes)) != len(axes):
        raise ShapeInferenceError("Duplicate reduction dimension in %s" % (list(axes),))
    return [normalize_axes(a, ndims, "reduce_join")[0] for a in axes]


def reduce_join(inputs, axis=None, keep_dims=False, separator="", name=None,
                reduction_indices=None, keepdims=None):
    """Joins the strings along ``axis`` (all axes when None) with ``separator`` (TF1's
    ``tf.reduce_join``); several axes join with the first listed varying fastest.

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.reduce_join([["a", "b"], ["c", "d"]], axis=1)).tolist()
    [b'ab', b'cd']
    """
    x = string_input(inputs, "ReduceJoin", "inputs")
    axis = reduction_indices if axis is None else axis
    keep = keep_dims if keepdims is None else keepdims
    axes = None if axis is None else tuple(int(a) for a in np.atleast_1d(axis))
    return make_tensor("ReduceJoin", (x,), {"axes": axes, "keep_dims": bool(keep),
                                            "separator": as_bytes(separator)}, name)


# ------------------------------------------------------------------ substr
def _utf8_chars(data):
    return data.decode("utf-8", errors="replace")


class SubstrOp(OpDef):
    type_name = "Substr"
    differentiable = False
    host_only = True

    def infer(self, op):
        return [(dtypes.string, broadcast_shape(*op.inputs))]

    def kernel(self, op, ctx):
        utf8 = op.attrs["unit"] == "UTF8_CHAR"

        def substr(x, pos, length):
            x, pos, length = np.broadcast_arrays(np.asarray(x, dtype=object), pos, length)
            out = np.empty(x.shape, dtype=object)
            flat = out.reshape(-1)
            for i, (s, p, n) in enumerate(zip(x.reshape(-1), pos.reshape(-1),
                                              length.reshape(-1))):
                text = _utf8_chars(s) if utf8 else s
                if p > len(text) or p < -len(text):
                    raise run_error(op, "pos %d out of range for string b'%s' at index %d"
                                    % (p, s.decode("latin-1"), i))
                p = p + len(text) if p < 0 else p
                part = text[p:p + max(int(n), 0)]
                flat[i] = part.encode("utf-8") if utf8 else part
            return out
        return substr

    def samples(self, rng):
        """Scalar pos and len, per element ones, negative pos, UTF-8 characters."""
        x = string_array([["hello", "world"], ["ab", "caf\u00e9!"]])
        return [
            OpSample(lambda s: substr(s, 1, 3), x,
                     reference=lambda s: string_array([["ell", "orl"], ["b", b"af\xc3"]])),
            OpSample(lambda s, p, n: substr(s, p, n), x, np.array([[0, 2], [1, 0]], np.int32),
                     np.array([[2, 9], [1, 3]], np.int32),
                     reference=lambda s, p, n: string_array([["he", "rld"], ["b", "caf"]])),
            OpSample(lambda s: substr(s, -2, 2, unit="UTF8_CHAR"), x,
                     reference=lambda s: string_array([["lo", "ld"], ["ab", "\u00e9!"]]))]


register(SubstrOp)


def substr(input, pos, len, name=None, unit="BYTE"):  # noqa: A002 - TF1's argument names
    """The substrings of ``len`` bytes (or UTF-8 characters with ``unit="UTF8_CHAR"``) from
    ``pos`` (from the end when negative), elementwise with broadcasting (TF1's ``tf.substr``);
    ``pos`` past the end is InvalidArgumentError.

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.substr(["hello", "world"], 1, 3)).tolist()
    [b'ell', b'orl']
    """
    if unit not in ("BYTE", "UTF8_CHAR"):
        raise ValueError("unit must be 'BYTE' or 'UTF8_CHAR', got %r" % (unit,))
    x = string_input(input, "Substr")
    pos = convert_to_tensor(pos)
    length = convert_to_tensor(len, dtype=pos.dtype if not hasattr(len, "dtype") else None)
    if not pos.dtype.is_integer or pos.dtype != length.dtype:
        raise TypeError("substr: pos and len must be int32 or int64 tensors of one dtype, got "
                        "%s and %s" % (pos.dtype.name, length.dtype.name))
    return make_tensor("Substr", (x, pos, length), {"unit": unit}, name)


# ------------------------------------------------------------------ elementwise: length, case...
def _utf8_length(data):
    return sum(1 for b in data if b & 0xC0 != 0x80)


register(ElementwiseStringOp(
    "StringLength", lambda op: _utf8_length if op.attrs["unit"] == "UTF8_CHAR" else len,
    dtypes.int32),
    samples=lambda rng: [
        OpSample(lambda s: string_length(s), words(rng, 2, 3),
                 reference=lambda s: np.vectorize(len, otypes=[np.int32])(s)),
        OpSample(lambda s: string_length(s, unit="UTF8_CHAR"),
                 string_array(["caf\u00e9", "", "ab"]),
                 reference=lambda s: np.array([4, 0, 2], np.int32))])


def string_length(input, name=None, unit="BYTE"):  # noqa: A002
    """The length of each string in bytes, or in UTF-8 characters with ``unit="UTF8_CHAR"``
    (TF1's ``tf.strings.length``).

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.strings.length(["abc", ""])).tolist()
    [3, 0]
    """
    if unit not in ("BYTE", "UTF8_CHAR"):
        raise ValueError("unit must be 'BYTE' or 'UTF8_CHAR', got %r" % (unit,))
    return make_tensor("StringLength", (string_input(input, "StringLength"),), {"unit": unit},
                       name)


def _case_samples(build, method):
    def samples(rng):
        x = words(rng, 2, 3)
        return [OpSample(build, x, reference=lambda s: _map_values(
                    lambda v: getattr(v, method)(), s)),
                OpSample(lambda s: build(s, encoding="utf-8"),
                         string_array(["\u00e9t\u00e9 Ok", "x"]),
                         reference=lambda s: _map_values(
                             lambda v: getattr(v.decode("utf-8"), method)().encode("utf-8"), s))]
    return samples


def _case_function(method):
    def make(op):
        if op.attrs["encoding"]:
            return lambda s: getattr(s.decode("utf-8"), method)().encode("utf-8")
        return getattr(bytes, method)  # ASCII letters only, as TF1 without an encoding
    return make


register(ElementwiseStringOp("StringStrip", lambda op: bytes.strip),
         samples=lambda rng: [OpSample(lambda s: string_strip(s), words(rng, 3, 2),
                                       reference=lambda s: _map_values(bytes.strip, s))])
register(ElementwiseStringOp("StringUpper", _case_function("upper")),
         samples=_case_samples(lambda s, **kw: upper(s, **kw), "upper"))
register(ElementwiseStringOp("StringLower", _case_function("lower")),
         samples=_case_samples(lambda s, **kw: lower(s, **kw), "lower"))


def string_strip(input, name=None):  # noqa: A002
    """Strips leading and trailing ASCII whitespace from each string (TF1's
    ``tf.string_strip``).

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.string_strip([" a\\n"])).tolist()
    [b'a']
    """
    return make_tensor("StringStrip", (string_input(input, "StringStrip"),), None, name)


def upper(input, encoding="", name=None):  # noqa: A002
    """Each string in upper case: ASCII letters only, or all of a ``encoding="utf-8"`` text
    (TF1's ``tf.strings.upper``).

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.strings.upper(["ab1"])).tolist()
    [b'AB1']
    """
    return make_tensor("StringUpper", (string_input(input, "StringUpper"),),
                       {"encoding": _encoding(encoding)}, name)


def lower(input, encoding="", name=None):  # noqa: A002
    """Each string in lower case (TF1's ``tf.strings.lower``; see :func:`upper`).

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.strings.lower(["AB1"])).tolist()
    [b'ab1']
    """
    return make_tensor("StringLower", (string_input(input, "StringLower"),),
                       {"encoding": _encoding(encoding)}, name)


def _encoding(encoding):
    if encoding not in ("", "utf-8", "UTF-8"):
        raise ValueError("encoding must be '' or 'utf-8', got %r" % (encoding,))
    return encoding.lower()


# ------------------------------------------------------------------ regex_replace
def _rewrite_parts(rewrite):
    """RE2's rewrite string as a list of literal bytes and group numbers."""
    parts, i, literal = [], 0, bytearray()
    while i < len(rewrite):
        c = rewrite[i:i + 1]
        if c == b"\\":
            following = rewrite[i + 1:i + 2]
            if following.isdigit():
                parts.append(bytes(literal))
                literal = bytearray()
                parts.append(int(following))
            elif following == b"\\":
                literal += b"\\"
            else:
                raise ValueError("invalid rewrite pattern: %r" % rewrite.decode("latin-1"))
            i += 2
        else:
            literal += c
            i += 1
    parts.append(bytes(literal))
    return parts


class RegexReplaceOp(OpDef):
    type_name = "RegexReplace"
    differentiable = False
    host_only = True
    host_inputs = (1, 2)

    def infer(self, op):
        for t, what in ((op.inputs[1], "pattern"), (op.inputs[2], "rewrite")):
            if t.shape.as_tuple() not in ((), None):
                raise ShapeInferenceError("%s must be a scalar, got shape %s" % (what, t.shape))
        return [(dtypes.string, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        count = 0 if op.attrs["replace_global"] else 1
        compiled = {}  # (pattern, rewrite) -> (regex, replacement): compiled once per value

        def replacer(pattern, rewrite):
            pattern, rewrite = scalar_bytes(pattern), scalar_bytes(rewrite)
            key = (pattern, rewrite)
            if key not in compiled:
                try:
                    regex = re.compile(pattern)
                    parts = _rewrite_parts(rewrite)
                except (re.error, ValueError) as error:
                    raise run_error(op, "Invalid pattern or rewrite: %s, error: %s"
                                    % (pattern.decode("latin-1"), error)) from None
                if any(isinstance(p, int) and p > regex.groups for p in parts):
                    raise run_error(op, "Invalid rewrite pattern: %s" % rewrite.decode("latin-1"))
                compiled[key] = (regex, lambda m: b"".join(
                    (m.group(p) or b"") if isinstance(p, int) else p for p in parts))
            return compiled[key]

        def regex_replace(x, pattern, rewrite):
            regex, replacement = replacer(pattern, rewrite)
            return _map_values(lambda s: regex.sub(replacement, s, count=count), x)
        return regex_replace

    def samples(self, rng):
        """Global and first-only replacement, groups in the rewrite, a pattern fed at run
        time."""
        x = string_array([["aaa bab", "xyz"], ["2019-01-05", "  many   spaces "]])
        return [
            OpSample(lambda s: regex_replace(s, "a+", "Q"), x,
                     reference=lambda s: string_array([["Q bQb", "xyz"],
                                                       ["2019-01-05", "  mQny   spQces "]])),
            OpSample(lambda s: regex_replace(s, r"(\d+)-(\d+)", r"\2:\1", replace_global=False),
                     x, reference=lambda s: string_array([["aaa bab", "xyz"],
                                                          ["01:2019-05", "  many   spaces "]])),
            OpSample(lambda s, p: regex_replace(s, p, "_"), x, string_array(r"\s+"),
                     reference=lambda s, p: string_array([["aaa_bab", "xyz"],
                                                          ["2019-01-05", "_many_spaces_"]]))]


register(RegexReplaceOp)


def regex_replace(input, pattern, rewrite, replace_global=True, name=None):  # noqa: A002
    """Replaces the matches of the RE2 ``pattern`` in each string with ``rewrite`` (``\\1``: a
    group; every match, or the first with ``replace_global=False``), as TF1's
    ``tf.regex_replace``.

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.regex_replace(["a1b22"], r"\\d+", "#")).tolist()
    [b'a#b#']
    """
    tensors = (string_input(input, "RegexReplace"),
               string_input(pattern, "RegexReplace", "pattern"),
               string_input(rewrite, "RegexReplace", "rewrite"))
    return make_tensor("RegexReplace", tensors, {"replace_global": bool(replace_global)}, name)


class RegexFullMatchOp(OpDef):
    type_name = "RegexFullMatch"
    differentiable = False
    host_only = True
    host_inputs = (1,)

    def infer(self, op):
        return [(dtypes.bool, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        def full_match(x, pattern):
            pattern = scalar_bytes(pattern)
            try:
                regex = re.compile(pattern)
            except re.error as error:
                raise run_error(op, "Invalid pattern: %s, error: %s"
                                % (pattern.decode("latin-1"), error)) from None
            return map_strings(lambda s: regex.fullmatch(s) is not None, x, np.bool_)
        return full_match

    def samples(self, rng):
        """A pattern that matches some words whole and others only in part."""
        x = string_array([["abc", "abcd"], ["", "a1"]])
        return [OpSample(lambda s: regex_full_match(s, "[a-c]*"), x,
                         reference=lambda s: np.array([[True, False], [True, False]]))]


register(RegexFullMatchOp)


def regex_full_match(input, pattern, name=None):  # noqa: A002
    """Whether each string matches the RE2 ``pattern`` as a whole (TF1.15's
    ``tf.strings.regex_full_match``).

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.strings.regex_full_match(["ab", "abc"], "a.")).tolist()
    [True, False]
    """
    return make_tensor("RegexFullMatch", (string_input(input, "RegexFullMatch"),
                                          string_input(pattern, "RegexFullMatch", "pattern")),
                       None, name)


__all__ = ["regex_full_match", "as_string", "string_join", "reduce_join", "substr", "string_length",
           "string_strip", "upper", "lower", "regex_replace"]
