"""Run-time checks and printing: ``tf.Assert``, ``tf.assert_equal`` and friends,
``tf.check_numerics``, ``tf.Print``. A failed check raises ``InvalidArgumentError`` naming the
op and the line that built it; ops that must run before others take them as control inputs."""
import sys

import numpy as np

from ..framework import errors
from . import array_ops, elementwise_binary_ops, op_families, reduction_ops
from .constant_op import convert_to_tensor
from .op_samples import OpSample, normal, positive
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

    def samples(self, rng):
        """Conditions that hold (a run with a false one fails: see tests/test_check_ops.py): a
        fed scalar with data of two dtypes, and the reduced conditions of assert_less
        (broadcasting) and assert_equal. No outputs: the reference is the empty list."""
        def nothing(*inputs):
            return []
        row = rng.integers(-9, 9, 2, np.int32)
        return [OpSample(lambda condition, x, n: Assert(condition, [x, n]), np.bool_(True),
                         normal(rng, 2, 3), rng.integers(-9, 9, 4, np.int32), reference=nothing),
                OpSample(assert_less, -positive(rng, 2, 3), positive(rng, 3), reference=nothing),
                OpSample(assert_equal, np.tile(row, (3, 1)), row, reference=nothing)]


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TF1's name
    """An op that fails the run with ``data`` in its message when ``condition`` is False.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [])
    >>> check = tf.Assert(x > 0, [x])
    """
    tensors = [convert_to_tensor(d) for d in data]
    return make_op("Assert", [convert_to_tensor(condition)] + tensors,
                   {"summarize": summarize or 3, "message": ""}, name)


def assert_all(condition, data, message, summarize, name):
    """An Assert op checking that every element of ``condition`` is true."""
    tensors = [convert_to_tensor(d) for d in data]
    return make_op("Assert", [reduction_ops.reduce_all(condition)] + tensors,
                   {"summarize": summarize or 3, "message": message or ""}, name)


def _comparison_assert(compare, default_name, word):
    def assert_fn(x, y, data=None, summarize=None, message=None, name=None):
        x, y = op_families.binary_operands(x, y)
        data = [x, y] if data is None else data
        text = (message + ": " if message else "") + "Condition x %s y did not hold element-wise:" % word
        return assert_all(compare(x, y), data, text, summarize, name or default_name)
    assert_fn.__name__ = default_name
    assert_fn.__doc__ = "An Assert op checking ``x %s y`` for every element." % word
    return assert_fn


assert_equal = _comparison_assert(elementwise_binary_ops.equal, "assert_equal", "==")
assert_less = _comparison_assert(elementwise_binary_ops.less, "assert_less", "<")
assert_less_equal = _comparison_assert(elementwise_binary_ops.less_equal, "assert_less_equal", "<=")
assert_greater = _comparison_assert(elementwise_binary_ops.greater, "assert_greater", ">")
assert_greater_equal = _comparison_assert(elementwise_binary_ops.greater_equal, "assert_greater_equal", ">=")


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

    def samples(self, rng):
        """Finite values pass through: float64 (gradient checked), and float32's extremes
        (largest, smallest subnormal, negative zero)."""
        def check(x):
            return check_numerics(x, "sample")
        return [OpSample(check, normal(rng, 2, 3), reference=lambda x: x),
                OpSample(check, normal(rng), reference=lambda x: x),
                OpSample(check, np.float32([3.4028235e38, -3.4028235e38, 1e-45, -0.0]),
                         reference=lambda x: x, grad=())]


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

    def samples(self, rng):
        """The input passes through, whatever the printed data (int32, float64, none; printed
        on the first run only): the input's gradient is checked, the data's is None."""
        def passed(x, *data):
            return x
        return [OpSample(lambda x, n: Print(x, [n, x], "sample: ", first_n=1), normal(rng, 2, 3),
                         rng.integers(-9, 9, 5, np.int32), reference=passed),
                OpSample(lambda x, y: Print(x, [y], summarize=2), normal(rng), normal(rng, 4),
                         reference=passed, grad=(0,)),
                OpSample(lambda x: Print(x, []), rng.integers(-9, 9, (2, 2), np.int32),
                         reference=passed)]


def Print(input_, data, message=None, first_n=None, summarize=None, name=None):  # noqa: N802
    """``input_``, printing ``message`` and ``data`` to stderr each time it is computed (the
    first ``first_n`` times only, when given)."""
    tensors = [convert_to_tensor(d) for d in data]
    return make_tensor("Print", [convert_to_tensor(input_)] + tensors,
                       {"message": message or "", "summarize": summarize or 3,
                        "first_n": first_n}, name)


__all__ = ["Assert", "assert_equal", "assert_less", "assert_less_equal", "assert_greater",
           "assert_greater_equal", "assert_positive", "check_numerics", "Print"]
