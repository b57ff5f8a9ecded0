"""Run-time checks and printing: ``tf.Assert``, ``tf.assert_equal`` and friends,
``tf.check_numerics``, ``tf.Print``. A failed check raises ``InvalidArgumentError`` naming the
op and the line that built it; ops that must run before others take them as control inputs."""
import sys

import numpy as np

from ..framework import errors
from . import array_ops, math_ops
from .constant_op import convert_to_tensor
from .registry import OpDef, make_op, make_tensor, register


def _describe(values, summarize):
    parts = []
    for value in values:
        flat = np.asarray(value).reshape(-1)
        text = " ".join(str(v) for v in flat[:summarize])
        parts.append("[%s%s]" % (text, "..." if flat.size > summarize else ""))
    return " ".join(parts)


@register
class AssertOp(OpDef):
    """Inputs: (condition, *data). Fails the run when the scalar condition is False."""
    type_name = "Assert"
    stateful = True
    differentiable = False
    host_only = True  # Python reads the condition and formats the data, as TF1's CPU kernel

    def infer(self, op):
        if not op.inputs[0].dtype.is_bool:
            raise TypeError("tf.Assert's condition must be bool, got %s" % op.inputs[0].dtype.name)
        return []

    def kernel(self, op, ctx):
        summarize, message = op.attrs["summarize"], op.attrs["message"]

        def check(condition, *data):
            if not bool(condition):
                raise errors.InvalidArgumentError(
                    None, op, "assertion failed: %s%s%s" % (
                        message + " " if message else "", _describe(data, summarize),
                        op.creation_site()))
        return check


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TF1's name
    """An op that fails the run with ``data`` in its message when ``condition`` is False.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [])
    >>> check = tf.Assert(x > 0, [x])
    """
    tensors = [convert_to_tensor(d) for d in data]
    return make_op("Assert", [convert_to_tensor(condition)] + tensors,
                   {"summarize": summarize or 3, "message": ""}, name)


def _assert_all(condition, data, message, summarize, name):
    tensors = [convert_to_tensor(d) for d in data]
    return make_op("Assert", [math_ops.reduce_all(condition)] + tensors,
                   {"summarize": summarize or 3, "message": message or ""}, name)


def _comparison_assert(compare, default_name, word):
    def assert_fn(x, y, data=None, summarize=None, message=None, name=None):
        x, y = math_ops._binary_operands(x, y)
        data = [x, y] if data is None else data
        text = (message + ": " if message else "") + "Condition x %s y did not hold element-wise:" % word
        return _assert_all(compare(x, y), data, text, summarize, name or default_name)
    assert_fn.__name__ = default_name
    assert_fn.__doc__ = "An Assert op checking ``x %s y`` for every element." % word
    return assert_fn


assert_equal = _comparison_assert(math_ops.equal, "assert_equal", "==")
assert_less = _comparison_assert(math_ops.less, "assert_less", "<")
assert_less_equal = _comparison_assert(math_ops.less_equal, "assert_less_equal", "<=")
assert_greater = _comparison_assert(math_ops.greater, "assert_greater", ">")
assert_greater_equal = _comparison_assert(math_ops.greater_equal, "assert_greater_equal", ">=")


def assert_positive(x, data=None, summarize=None, message=None, name=None):
    return assert_greater(x, array_ops.zeros_like(convert_to_tensor(x)), data, summarize,
                          message, name or "assert_positive")


@register
class CheckNumerics(OpDef):
    """Passes its input through, failing the run when it holds a NaN or an infinity."""
    type_name = "CheckNumerics"
    output_is_view = True

    def infer(self, op):
        if not op.inputs[0].dtype.is_floating:
            raise TypeError("check_numerics needs a floating-point tensor, got %s"
                            % op.inputs[0].dtype.name)
        return [(op.inputs[0].dtype, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        xp, message = ctx.xp, op.attrs["message"]

        def check(x):
            if not bool(xp.isfinite(x).all()):
                kind = "NaN" if bool(xp.isnan(x).any()) else "Inf"
                raise errors.InvalidArgumentError(
                    None, op, "%s : Tensor had %s values%s" % (message, kind, op.creation_site()))
            return x
        return check

    def gradient(self, op, grad):
        return [grad]


def check_numerics(tensor, message, name=None):
    """``tensor``, or a failed run if it holds NaN or Inf values."""
    return make_tensor("CheckNumerics", (convert_to_tensor(tensor),), {"message": message}, name)


@register
class PrintOp(OpDef):
    """Inputs: (input, *data). Prints ``message`` and the data to stderr, returns ``input``."""
    type_name = "Print"
    stateful = True
    output_is_view = True
    host_only = True  # formats its data on the host, as TF1's CPU-only kernel

    def infer(self, op):
        return [(op.inputs[0].dtype, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        message, summarize, limit = op.attrs["message"], op.attrs["summarize"], op.attrs["first_n"]
        count = ctx.resources.setdefault((self.type_name, op), [0])  # per op and Session

        def print_and_pass(value, *data):
            if limit is None or limit < 0 or count[0] < limit:
                count[0] += 1
                print("%s%s" % (message, _describe(data, summarize)), file=sys.stderr)
            return value
        return print_and_pass

    def gradient(self, op, grad):
        return [grad] + [None] * (len(op.inputs) - 1)


def Print(input_, data, message=None, first_n=None, summarize=None, name=None):  # noqa: N802
    """``input_``, printing ``message`` and ``data`` to stderr each time it is computed (the
    first ``first_n`` times only, when given)."""
    tensors = [convert_to_tensor(d) for d in data]
    return make_tensor("Print", [convert_to_tensor(input_)] + tensors,
                       {"message": message or "", "summarize": summarize or 3,
                        "first_n": first_n}, name)


__all__ = ["Assert", "assert_equal", "assert_less", "assert_less_equal", "assert_greater",
           "assert_greater_equal", "assert_positive", "check_numerics", "Print"]
