"""Integer division and modulo by zero fail the run as TF1's kernels do ("Integer division by
zero"), through every path that divides integers, on the host and on the device (the CuPy
stand-in); floating-point division by zero still gives inf/nan, and nonzero divisors the
quotient."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine import backend as backend_lib
from autograd_engine.testing import cupy_standin

# name: (the division, numpy's value for nonzero divisors)
DIVISIONS = {
    "//": (lambda x, y: x // y, np.floor_divide),
    "%": (lambda x, y: x % y, np.mod),
    "floordiv": (tf.floordiv, np.floor_divide),
    "floormod": (tf.floormod, np.mod),
    "truncatediv": (tf.truncatediv, lambda x, y: np.fix(x / y).astype(x.dtype)),
    "truncatemod": (tf.truncatemod, np.fmod),
    "tf.div": (tf.div, np.floor_divide),
    "tf.mod": (tf.mod, np.mod),
    "math.floordiv": (tf.math.floordiv, np.floor_divide),
}


@pytest.fixture(params=["host", "device"])
def where(request):
    """Runs the test's Sessions on the host, or with the CuPy stand-in as the device."""
    with backend_lib.using_device(cupy_standin.device_backend() if request.param == "device"
                                  else None):
        yield request.param


# TF1's truncated division takes signed integers only.
@pytest.mark.parametrize("name, dtype", [
    (name, dtype) for name in sorted(DIVISIONS) for dtype in (tf.int32, tf.int64, tf.uint8)
    if dtype != tf.uint8 or not name.startswith("truncate")])
def test_integer_division_by_zero_fails_the_run(name, dtype, where):
    x = tf.placeholder(dtype, [None])
    y = tf.placeholder(dtype, [None])
    divide, reference = DIVISIONS[name]
    quotient = divide(x, y)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero"):
            sess.run(quotient, {x: [7, 6, 3], y: [2, 0, 1]})
        dividends, divisors = np.array([7, 6, 3]), np.array([2, 4, 1])
        np.testing.assert_array_equal(sess.run(quotient, {x: dividends, y: divisors}),
                                      reference(dividends, divisors))


def test_a_zero_scalar_divisor_fails_too(where):
    x = tf.placeholder(tf.int32, [2])
    with tf.Session() as sess:
        for divided in (x // 0, x % tf.constant(0), tf.div(x, 0)):
            with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero"):
                sess.run(divided, {x: [4, 5]})


def test_the_error_names_the_op_and_where_it_was_made():
    x = tf.constant([4, 5])
    y = tf.placeholder(tf.int32, [2])
    quotient = tf.floordiv(x, y, name="ratio")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(quotient, {y: [1, 0]})
    assert info.value.op is quotient.op
    assert "ratio" in str(info.value) and "test_integer_division.py" in str(info.value)


def test_float_division_by_zero_is_still_ieee():
    x = tf.constant([1.0, -1.0, 0.0])
    with tf.Session() as sess, np.errstate(divide="ignore", invalid="ignore"):
        np.testing.assert_array_equal(sess.run(tf.floordiv(x, 0.0)), [np.inf, -np.inf, np.nan])
        assert np.isnan(sess.run(tf.floormod(x, 0.0))).all()
