"""tf.test.TestCase as TF1 projects write their tests, and tf.test.main running them."""
import os
import subprocess
import sys
import textwrap
import unittest

import numpy as np

import autograd_engine
import autograd_engine as tf


class LayerTest(tf.test.TestCase):
    """Runs under pytest (as a unittest.TestCase) exactly as TF1 projects' tests run."""

    def test_each_test_starts_on_a_fresh_seeded_graph(self):
        self.assertEqual(tf.get_default_graph().get_operations(), [])
        self.assertIsNotNone(tf.get_default_graph().seed)

    def test_cached_session_is_one_session_made_default(self):
        x = tf.constant([1.0, 2.0])
        with self.cached_session() as first:
            self.assertIs(tf.get_default_session(), first)
            self.assertAllClose(x.eval(), [1.0, 2.0])
        with self.cached_session() as second:
            self.assertIs(first, second)
        with self.test_session() as third:
            self.assertIs(first, third)

    def test_session_is_new_and_closed_after(self):
        with self.session() as sess:
            self.assertEqual(sess.run(tf.constant(3)), 3)
        with self.assertRaises(RuntimeError):
            sess.run(tf.constant(1))

    def test_evaluate_and_nested_assertions(self):
        values = {"a": tf.constant([1.0, 2.0]), "b": (tf.constant(3), tf.constant([[1, 2]]))}
        got = self.evaluate(values)
        self.assertAllClose(got, {"a": [1.0, 2.0 + 1e-7], "b": (3, [[1, 2]])})
        self.assertAllEqual(tf.constant([[1, 2]]), [[1, 2]])
        with self.assertRaises(AssertionError):
            self.assertAllClose(got, {"a": [1.0, 2.1], "b": (3, [[1, 2]])})
        with self.assertRaisesRegex(AssertionError, "Shape mismatch"):
            self.assertAllEqual([1, 2], [[1, 2]])
        self.assertNotAllClose([1.0], [2.0])
        self.assertAllInRange([0.2, 0.5], 0.0, 1.0)
        self.assertAllCloseAccordingToType(np.float32([1.0]), np.float32([1.0 + 1e-7]))

    def test_assert_raises_op_error_and_shape_equal(self):
        x = tf.placeholder(tf.float32, [None, 3])
        self.assertShapeEqual(np.zeros((2, 3)), tf.reshape(x, [2, 3]))
        checked = tf.check_numerics(x, "x is bad")
        with self.cached_session() as sess:
            with self.assertRaisesOpError("x is bad"):
                sess.run(checked, {x: [[np.nan, 0, 0]]})
            with self.assertRaises(AssertionError):
                with self.assertRaisesOpError("something else"):
                    sess.run(checked, {x: [[np.nan, 0, 0]]})

    def test_get_temp_dir_is_a_directory_per_test(self):
        path = self.get_temp_dir()
        self.assertTrue(os.path.isdir(path))
        self.assertEqual(path, self.get_temp_dir())
        self.assertTrue(os.path.isdir(tf.test.get_temp_dir()))


PROGRAM = textwrap.dedent("""
    import autograd_engine.compat.v1 as tf

    class MathTest(tf.test.TestCase):
        def testAdd(self):
            with self.test_session():
                self.assertAllEqual(tf.add(1, 2).eval(), 3)

        def testFails(self):
            with self.cached_session():
                self.assertAllClose(tf.constant(1.0).eval(), 2.0)

    if __name__ == "__main__":
        tf.test.main()
""")


def test_test_main_runs_the_modules_tests(tmp_path):
    script = tmp_path / "math_test.py"
    script.write_text(PROGRAM)
    root = os.path.dirname(os.path.dirname(os.path.abspath(autograd_engine.__file__)))
    env = dict(os.environ, PYTHONPATH=root)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=60, env=env)
    assert done.returncode == 1
    assert "Ran 3 tests" in done.stderr  # testAdd, testFails and the skipped test_session
    assert "FAIL: testFails" in done.stderr and "failures=1" in done.stderr


def test_the_test_session_method_is_not_run_as_a_test():
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(LayerTest).run(result)
    assert result.wasSuccessful() and len(result.skipped) == 1
