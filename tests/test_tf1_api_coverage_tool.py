"""tools/tf1_api_coverage.py's bookkeeping, on stand-in modules (the tool itself needs
TensorFlow; the suite never does)."""
import importlib.util
import os
import types

import autograd_engine as tf
from autograd_engine.framework.unimplemented import unimplemented

_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools",
                     "tf1_api_coverage.py")
_SPEC = importlib.util.spec_from_file_location("tf1_api_coverage", _PATH)
coverage = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(coverage)


def fake_tf():
    """A tiny tf.compat.v1: two top-level names, a namespace, an excluded namespace and an
    excluded name."""
    tf1 = types.ModuleType("tf1")
    tf1.placeholder = lambda: None
    tf1.arg_max = lambda: None
    tf1.arg_max.__doc__ = "Returns the index with the largest value. (deprecated)"
    tf1.enable_eager_execution = lambda: None
    tf1.nn = types.ModuleType("nn")
    tf1.nn.relu = tf1.nn.fft = tf1.nn.missing = lambda: None
    tf1.tpu = types.ModuleType("tpu")
    tf1.tpu.rewrite = lambda: None
    return tf1


def test_names_are_covered_placeholders_or_missing():
    package = types.SimpleNamespace(placeholder=tf.placeholder, arg_max=tf.arg_max,
                                    nn=types.SimpleNamespace(relu=tf.nn.relu, fft=unimplemented(
                                        "tf.nn.fft", "FFT kernels", "numpy.fft")))
    rows = {row[0]: row for row in coverage.measure(fake_tf(), package)}
    assert set(rows) == {"tf", "nn"}  # tf.tpu is excluded, with its reason in the script
    namespace, names, covered, placeholders, missing, deprecated_missing, _ = rows["nn"]
    assert (names, covered, placeholders, missing) == (3, 1, 1, ["nn.fft", "nn.missing"])
    top = rows["tf"]
    assert top[1:4] == (3, 3, 0)  # placeholder, arg_max and the nn namespace, all there
    assert "enable_eager_execution" in coverage.EXCLUDED_TOP_LEVEL
    table = coverage.render(list(rows.values()), "test")
    assert "| `tf.nn` | 3 | 1 | 1 | 33.3% |" in table
    assert "1 of 1 deprecated names covered" in table
