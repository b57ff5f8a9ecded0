"""``tf.print`` (TF's ``PrintV2``) and ``tf.timestamp``: host-side ops that observe a run.

``tf.print(*inputs, output_stream=sys.stderr, summarize=3, sep=" ", end="\\n")`` returns an
op that prints when it runs (fetch it, or put it in ``control_dependencies``). Tensors print as
TensorFlow prints them (``[[0 1 2 ... 5 6 7]\\n [8 9 ...]]``: ``summarize`` elements at each end
of every dimension, -1 for all; float32 with 6 significant digits when they round-trip, else
9), strings and other Python values as ``print`` would, nested lists and dicts with their
tensors formatted inside. ``output_stream``: ``sys.stderr``, ``sys.stdout``, ``"file://PATH"``
(appended to) or one of ``tf.logging.info/warning/error``.

>>> import sys, autograd_engine as tf
>>> op = tf.print("x:", tf.reshape(tf.range(6), [2, 3]), output_stream=sys.stdout)
>>> with tf.Session() as sess:
...     sess.run(op)
x: [[0 1 2]
 [3 4 5]]
"""
import os
import sys
import time

import numpy as np

from .. import tf_logging
from ..framework import dtypes
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample
from .registry import OpDef, make_op, make_tensor, register

_LOG_STREAMS = {"log(info)": tf_logging.info, "log(warning)": tf_logging.warning,
                "log(error)": tf_logging.error}
_STREAM_NAMES = {id(fn): name for name, fn in _LOG_STREAMS.items()}


def _shortest(value, digits, longer):
    """TF's FloatToBuffer/DoubleToBuffer: ``digits`` significant digits when they read back
    as the same number, else ``longer``."""
    text = "%.*g" % (digits, value)
    return text if type(value)(text) == value else "%.*g" % (longer, value)


def format_scalar(value, quote_strings):
    if isinstance(value, (bytes, np.bytes_)):
        text = bytes(value).decode("utf-8", "replace")
        return '"%s"' % text if quote_strings else text
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    if isinstance(value, np.float32) or isinstance(value, np.float16):
        return _shortest(np.float32(value), 6, 9)
    if isinstance(value, (float, np.floating)):
        return _shortest(np.float64(value), 15, 17)
    return str(value)


def format_array(array, summarize, indent=0):
    """An array in TensorFlow's printed form (see the module docstring)."""
    array = np.asarray(array)
    if array.ndim == 0:
        return format_scalar(array[()], quote_strings=False)
    count = array.shape[0]
    if summarize < 0 or count <= 2 * summarize:
        rows = list(range(count))
    else:
        rows = list(range(summarize)) + [None] + list(range(count - summarize, count))
    if array.ndim == 1:
        parts = ["..." if i is None else format_scalar(array[i], quote_strings=True)
                 for i in rows]
        return "[" + " ".join(parts) + "]"
    separator = "\n" * (array.ndim - 1) + " " * (indent + 1)
    parts = ["..." if i is None else format_array(array[i], summarize, indent + 1)
             for i in rows]
    return "[" + separator.join(parts) + "]"


def _template_of(value, tensors):
    """The ``str.format`` template of one argument: ``{}`` for each tensor (collected into
    ``tensors``), Python's text for the rest, with the structure of lists, tuples and dicts."""
    if isinstance(value, Tensor):
        tensors.append(value)
        return "{}"
    if isinstance(value, dict):
        items = ["%s: %s" % (_escape(repr(key)), _nested(value[key], tensors))
                 for key in sorted(value)]
        return "{{" + ", ".join(items) + "}}"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(_nested(item, tensors) for item in value)
        return ("[%s]" if isinstance(value, list) else "(%s)") % inner
    return _escape(str(value))


def _nested(value, tensors):
    """Inside a structure non-tensors print as their repr (``'txt'``), as TF does."""
    if isinstance(value, (Tensor, dict, list, tuple)):
        return _template_of(value, tensors)
    return _escape(repr(value))


def _escape(text):
    return text.replace("{", "{{").replace("}", "}}")


def _stream_name(output_stream):
    if output_stream is sys.stderr:
        return "stderr"
    if output_stream is sys.stdout:
        return "stdout"
    if isinstance(output_stream, str) and output_stream.startswith("file://"):
        return output_stream
    if id(output_stream) in _STREAM_NAMES:
        return _STREAM_NAMES[id(output_stream)]
    raise ValueError("Unsupported output stream, logging level, or file.%s. Supported streams "
                     "are sys.stdout, sys.stderr, tf.logging.info/warning/error, or a "
                     "'file://' path." % (output_stream,))


def _write(stream, text):
    if stream in ("stderr", "stdout"):
        target = getattr(sys, stream)  # looked up at run time: tests and notebooks swap it
        target.write(text)
        target.flush()
    elif stream.startswith("file://"):
        with open(stream[len("file://"):], "a") as f:
            f.write(text)
    else:
        _LOG_STREAMS[stream](text[:-1] if text.endswith("\n") else text)


@register
class PrintV2Op(OpDef):
    """Inputs: the tensors of ``tf.print``'s arguments. Formats them into its template and
    writes the text to its stream; no outputs."""
    type_name = "PrintV2"
    stateful = True
    differentiable = False
    host_only = True  # formats its data on the host, as TF's CPU-only kernel

    def infer(self, op):
        return []

    def kernel(self, op, ctx):
        template, summarize = op.attrs["template"], op.attrs["summarize"]
        stream, end = op.attrs["output_stream"], op.attrs["end"]

        def print_values(*values):
            texts = [format_array(v, summarize) for v in values]
            _write(stream, template.format(*texts) + end)
        return print_values

    def samples(self, rng):
        """Prints to the null device (the formatting itself: tests/test_framework_tail.py);
        no outputs, so the reference is the empty list."""
        path = "file://" + os.devnull

        def nothing(*inputs):
            return []
        return [OpSample(lambda x, n: print_v2("x:", x, {"n": n}, output_stream=path),
                         rng.normal(size=(2, 3)), rng.integers(-9, 9, 5, np.int32),
                         reference=nothing)]


def print_v2(*inputs, **kwargs):
    """``tf.print``: an op printing ``inputs`` when it runs (see the module docstring)."""
    output_stream = kwargs.pop("output_stream", sys.stderr)
    summarize = kwargs.pop("summarize", 3)
    sep = kwargs.pop("sep", " ")
    end = kwargs.pop("end", "\n")
    name = kwargs.pop("name", None)
    if kwargs:
        raise ValueError("Unrecognized keyword arguments for tf.print: %s" % sorted(kwargs))
    if summarize is None:
        summarize = 3
    tensors = []
    pieces = [_template_of(value, tensors) for value in inputs]
    tensors = [convert_to_tensor(t) for t in tensors]
    return make_op("PrintV2", tensors,
                   {"template": _escape(sep).join(pieces), "summarize": int(summarize),
                    "output_stream": _stream_name(output_stream), "end": end}, name)


@register
class TimestampOp(OpDef):
    """No inputs: the time the op runs, in seconds since the Unix epoch (float64)."""
    type_name = "Timestamp"
    stateful = True
    differentiable = False
    host_only = True

    def infer(self, op):
        return [(dtypes.float64, TensorShape([]))]

    def kernel(self, op, ctx):
        return lambda: np.float64(time.time())

    def samples(self, rng):
        def recent(values):
            assert abs(float(values[0]) - time.time()) < 600, values
        return [OpSample(timestamp, validate=recent, deterministic=False)]


def timestamp(name=None):
    """``tf.timestamp``: seconds since the epoch when the op runs, as a float64 scalar.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     bool(sess.run(tf.timestamp()) > 1.5e9)
    True
    """
    return make_tensor("Timestamp", [], {}, name)


__all__ = ["format_array", "print_v2", "timestamp"]
