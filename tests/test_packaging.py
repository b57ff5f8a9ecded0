"""The package as a library: its console scripts behave as programs (exit status 0, results on
stdout, clear messages for bad arguments) and its version is defined in one place."""
import importlib.util
import os
import shutil

import pytest

import autograd_engine as tf
from autograd_engine import demo, rendering

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_demo_console_script_exits_0_and_prints_the_accuracy_to_stdout(capsys):
    status = demo.main(["--steps", "20", "--picture", ""])
    captured = capsys.readouterr()
    assert status == 0
    assert "final test accuracy: " in captured.out
    assert "accuracy" not in captured.err


def _saved_meta_graph(tmp_path):
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    w = tf.Variable(tf.ones([4, 2]), name="w")
    loss = tf.reduce_sum(tf.matmul(x, w), name="loss")
    tf.add_to_collection("train_op", tf.train.GradientDescentOptimizer(0.1).minimize(loss))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return tf.train.Saver().save(sess, str(tmp_path / "model")) + ".meta"


def test_render_fetch_of_a_missing_name_is_a_usage_error_naming_it(tmp_path, capsys):
    meta = _saved_meta_graph(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        rendering.main([meta, str(tmp_path / "g.svg"), "--fetch", "no_such_op"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "--fetch no_such_op" in err and "not in the graph" in err
    assert "train_op" in err          # the collections it could have named
    assert "Traceback" not in err


@pytest.mark.skipif(shutil.which("dot") is None or importlib.util.find_spec("graphviz") is None,
                    reason="needs graphviz's dot and the graphviz package (the render extra)")
def test_render_fetch_accepts_a_collection_name(tmp_path, capsys):
    meta = _saved_meta_graph(tmp_path)
    out = tmp_path / "g.svg"
    assert rendering.main([meta, str(out), "--fetch", "train_op"]) == 0
    assert "GradientDescent" in out.read_text()


def test_the_version_is_written_once_in_version_py():
    with open(os.path.join(REPO_ROOT, "pyproject.toml")) as f:
        pyproject = f.read()
    assert 'dynamic = ["version"]' in pyproject
    assert 'version = {attr = "autograd_engine.version.__version__"}' in pyproject
    assert "\nversion = " not in pyproject.split("[tool.setuptools.dynamic]")[0]
    from autograd_engine.version import __version__
    assert tf.__version__ == __version__
