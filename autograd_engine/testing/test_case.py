"""``tf.test.TestCase`` and ``tf.test.main``: TF1's unittest base class for testing graphs.

Each test starts on a fresh default graph with TF1's default graph-level seed; ``session()``
opens a Session on it (made the default inside the ``with``), ``cached_session()`` reuses one
Session for the whole test, ``evaluate`` runs tensors in it, and the assertions compare
numpy values, nested lists, tuples and dicts (tensors are evaluated first).

>>> import autograd_engine as tf
>>> class SquareTest(tf.test.TestCase):
...     def test_square(self):
...         with self.cached_session():
...             self.assertAllClose(tf.square([2.0, 3.0]).eval(), [4.0, 9.0])
>>> import unittest
>>> unittest.TextTestRunner(stream=open("/dev/null", "w")).run(
...     unittest.defaultTestLoader.loadTestsFromTestCase(SquareTest)).wasSuccessful()
True
"""
import contextlib
import re
import shutil
import tempfile
import threading
import unittest

import numpy as np

from ..client.session import Session
from ..framework import errors
from ..framework.default_session import get_default_session
from ..framework.graph import get_default_graph, reset_default_graph
from ..framework.tensor import TensorLike
from ..ops.random_ops import DEFAULT_GRAPH_SEED, set_random_seed

_TEMP_DIRS = []


def get_temp_dir():
    """A temporary directory for this test process (removed at exit of ``tf.test.main``)."""
    if not _TEMP_DIRS:
        _TEMP_DIRS.append(tempfile.mkdtemp(prefix="autograd_engine_test_"))
    return _TEMP_DIRS[0]


def main(argv=None):
    """Runs the ``__main__`` module's tests with unittest (what ``tf.test.main()`` does)."""
    try:
        unittest.main(module="__main__", argv=argv)
    finally:
        for path in _TEMP_DIRS:
            shutil.rmtree(path, ignore_errors=True)


def _is_structure(value):
    return isinstance(value, (list, tuple, dict)) and not (
        isinstance(value, (list, tuple)) and _numeric_leaves(value))


def _numeric_leaves(value):
    """Whether a list/tuple is an array literal (numbers or nested lists of numbers)."""
    try:
        array = np.asarray(value)
    except (ValueError, TypeError):
        return False
    return array.dtype != object


class TestCase(unittest.TestCase):
    """unittest.TestCase with TF1's graph and session helpers and array assertions."""

    def setUp(self):
        super().setUp()
        self._cached = None
        reset_default_graph()
        set_random_seed(DEFAULT_GRAPH_SEED)
        np.random.seed(DEFAULT_GRAPH_SEED % (2 ** 32))

    def tearDown(self):
        if getattr(self, "_cached", None) is not None:
            self._cached.close()
            self._cached = None
        super().tearDown()

    def get_temp_dir(self):
        """A temporary directory for this test (one per test method)."""
        path = getattr(self, "_temp_dir", None)
        if path is None:
            path = self._temp_dir = tempfile.mkdtemp(dir=get_temp_dir(),
                                                     prefix=self._testMethodName + "_")
        return path

    # ------------------------------------------------------------------------------ sessions
    @contextlib.contextmanager
    def session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """A new Session on ``graph`` (default: the default graph), the default inside the
        ``with`` and closed after it."""
        sess = Session(graph=graph or get_default_graph(), config=config)
        with sess.as_default(), (graph or get_default_graph()).as_default():
            try:
                yield sess
            finally:
                sess.close()

    @contextlib.contextmanager
    def cached_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """The test's one Session (made on first use), the default inside the ``with``; it
        stays open until the test ends."""
        graph = graph or get_default_graph()
        if self._cached is None:
            self._cached = Session(graph=graph, config=config)
        elif self._cached.graph is not graph:
            raise ValueError("The graph used to get the cached session is different than the "
                             "one that was used to create the session. Maybe create a new "
                             "session with self.session()")
        with self._cached.as_default(), graph.as_default():
            yield self._cached

    def test_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """TF1's older name: ``cached_session`` (``session`` when a graph is given)."""
        if self.id().endswith(".test_session"):  # unittest collects it by its name
            self.skipTest("Not a test.")
        if graph is None:
            return self.cached_session(None, config, use_gpu, force_gpu)
        return self.session(graph, config, use_gpu, force_gpu)
    test_session.__test__ = False  # not a test for unittest or pytest

    def evaluate(self, tensors):
        """The values of ``tensors`` (any nest of them) in the default or the cached session."""
        sess = get_default_session()
        if sess is None:
            with self.cached_session() as sess:
                return sess.run(tensors)
        return sess.run(tensors)

    def _value(self, value):
        if isinstance(value, TensorLike) or (isinstance(value, (list, tuple)) and value and
                                             all(isinstance(v, TensorLike) for v in value)):
            return self.evaluate(value)
        return value

    # ---------------------------------------------------------------------------- assertions
    def assertAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):  # noqa: N802 - TF1's name
        """Element-wise ``|a - b| <= atol + rtol * |b|``, shapes equal; recurses into lists,
        tuples and dicts of arrays (naming the path of a mismatch)."""
        self._assert_close(self._value(a), self._value(b), rtol, atol, msg, "")

    def _assert_close(self, a, b, rtol, atol, msg, path):
        if isinstance(a, dict) or isinstance(b, dict):
            self.assertIsInstance(a, dict, "%s: %r is not a dict" % (path or "value", a))
            self.assertIsInstance(b, dict, "%s: %r is not a dict" % (path or "value", b))
            self.assertEqual(sorted(a), sorted(b), "%s: different keys" % (path or "dict"))
            for key in a:
                self._assert_close(a[key], b[key], rtol, atol, msg, "%s[%r]" % (path, key))
            return
        if _is_structure(a) or _is_structure(b):
            self.assertEqual(len(a), len(b), "%s: lengths differ" % (path or "sequence"))
            for i, (x, y) in enumerate(zip(a, b)):
                self._assert_close(x, y, rtol, atol, msg, "%s[%d]" % (path, i))
            return
        a, b = np.asarray(a), np.asarray(b)
        self.assertEqual(a.shape, b.shape, "Shape mismatch%s: expected %s, got %s. %s"
                         % (" at " + path if path else "", a.shape, b.shape, msg or ""))
        np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, equal_nan=True,
                                   err_msg="Mismatch%s. %s" % (" at " + path if path else "",
                                                               msg or ""))

    def assertAllCloseAccordingToType(self, a, b, rtol=1e-6, atol=1e-6,  # noqa: N802
                                      float_rtol=1e-6, float_atol=1e-6, half_rtol=1e-3,
                                      half_atol=1e-3, msg=None):
        """assertAllClose with tolerances widened for float32 and float16 values."""
        a, b = np.asarray(self._value(a)), np.asarray(self._value(b))
        if np.float16 in (a.dtype, b.dtype):
            rtol, atol = max(rtol, half_rtol), max(atol, half_atol)
        elif np.float32 in (a.dtype, b.dtype):
            rtol, atol = max(rtol, float_rtol), max(atol, float_atol)
        self.assertAllClose(a, b, rtol, atol, msg)

    def assertAllEqual(self, a, b, msg=None):  # noqa: N802
        """Same shape and equal elements."""
        a, b = np.asarray(self._value(a)), np.asarray(self._value(b))
        self.assertEqual(a.shape, b.shape, "Shape mismatch: expected %s, got %s. %s"
                         % (a.shape, b.shape, msg or ""))
        np.testing.assert_array_equal(a, b, err_msg=msg or "")

    def assertNotAllClose(self, a, b, **kwargs):  # noqa: N802
        try:
            self.assertAllClose(a, b, **kwargs)
        except AssertionError:
            return
        raise AssertionError("The two values are close at all elements")

    def assertNear(self, f1, f2, err, msg=None):  # noqa: N802
        """``|f1 - f2| <= err``."""
        self.assertTrue(abs(f1 - f2) <= err, "%f != %f +/- %f%s" % (
            f1, f2, err, " (%s)" % msg if msg else ""))

    def assertArrayNear(self, farray1, farray2, err, msg=None):  # noqa: N802
        self.assertEqual(len(farray1), len(farray2), msg)
        for f1, f2 in zip(farray1, farray2):
            self.assertNear(float(f1), float(f2), err, msg)

    def assertNDArrayNear(self, ndarray1, ndarray2, err, msg=None):  # noqa: N802
        self.assertTrue(np.linalg.norm(np.asarray(ndarray1) - np.asarray(ndarray2)) <= err, msg)

    def assertAllInRange(self, target, lower_bound, upper_bound, open_lower_bound=False,  # noqa
                         open_upper_bound=False):
        target = np.asarray(self._value(target))
        low = target > lower_bound if open_lower_bound else target >= lower_bound
        high = target < upper_bound if open_upper_bound else target <= upper_bound
        self.assertTrue(np.all(low & high), "%s is not within the bounds [%s, %s]"
                        % (target, lower_bound, upper_bound))

    def assertAllGreater(self, a, comparison_target):  # noqa: N802
        self.assertGreater(np.min(self._value(a)), comparison_target)

    def assertAllLess(self, a, comparison_target):  # noqa: N802
        self.assertLess(np.max(self._value(a)), comparison_target)

    def assertAllGreaterEqual(self, a, comparison_target):  # noqa: N802
        self.assertGreaterEqual(np.min(self._value(a)), comparison_target)

    def assertAllLessEqual(self, a, comparison_target):  # noqa: N802
        self.assertLessEqual(np.max(self._value(a)), comparison_target)

    def assertShapeEqual(self, np_array, tf_tensor, msg=None):  # noqa: N802
        """The numpy array's shape equals the tensor's static shape."""
        if not isinstance(tf_tensor, TensorLike):
            raise TypeError("tf_tensor must be a Tensor")
        self.assertEqual(list(np.shape(np_array)), tf_tensor.shape.as_list(), msg=msg)

    def assertDeviceEqual(self, device1, device2, msg=None):  # noqa: N802
        self.assertEqual(str(device1 or ""), str(device2 or ""), msg)

    def assertStartsWith(self, actual, expected_start, msg=None):  # noqa: N802
        if not actual.startswith(expected_start):
            self.fail("%r does not start with %r%s" % (actual, expected_start,
                                                        " : %s" % msg if msg else ""))

    @contextlib.contextmanager
    def assertRaisesWithPredicateMatch(self, exception_type,  # noqa: N802
                                       expected_err_re_or_predicate):
        """The block raises ``exception_type`` whose message matches the regular expression
        (searched) or for which the predicate is true."""
        if callable(expected_err_re_or_predicate):
            predicate = expected_err_re_or_predicate
        else:
            pattern = expected_err_re_or_predicate
            predicate = lambda e: re.search(pattern, str(e)) is not None  # noqa: E731
        try:
            yield
        except exception_type as e:
            if not predicate(e):
                raise AssertionError("Exception of type %s: %s does not match %r"
                                     % (type(e).__name__, e, expected_err_re_or_predicate))
            return
        self.fail("%s not raised" % exception_type.__name__)

    def assertRaisesOpError(self, expected_err_re_or_predicate):  # noqa: N802
        """The block raises a ``tf.errors.OpError`` (a run-time op failure) matching it."""
        return self.assertRaisesWithPredicateMatch(errors.OpError, expected_err_re_or_predicate)

    def checkedThread(self, target, args=None, kwargs=None):  # noqa: N802
        """A thread whose exception fails the test when joined."""
        failures = []

        def run():
            try:
                target(*(args or ()), **(kwargs or {}))
            except Exception as e:  # reported on join
                failures.append(e)

        thread = threading.Thread(target=run)
        original_join = thread.join

        def join(timeout=None):
            original_join(timeout)
            if failures:
                raise failures[0]
        thread.join = join
        return thread
