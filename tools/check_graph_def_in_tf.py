"""Checks that GraphDefs exported by autograd_engine import into real TensorFlow and compute the
same values there (the other direction of tests/test_graph_def_exchange.py, which needs no TF).

Run from the repository root with the project's venv; it runs the TensorFlow half with the
TensorFlow venv's Python (``--tf-python``, default /work/tfvenv/bin/python):
    .venv/bin/python tools/check_graph_def_in_tf.py
Prints one line per model and exits non-zero on any mismatch.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np


KINDS = ("mlp", "cnn", "array")


def build_ours(kind):
    """A small model in our engine; returns (frozen GraphDef, plain GraphDef, input, output)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import autograd_engine as ours
    graph = ours.Graph()
    rng = np.random.RandomState(1)
    with graph.as_default():
        ours.set_random_seed(3)
        if kind == "mlp":
            x_value = rng.randn(4, 6).astype(np.float32)
            x = ours.placeholder(ours.float32, [None, 6], name="x")
            h = ours.nn.relu(ours.layers.dense(x, 8))
            h = ours.concat([ours.tanh(h), ours.reduce_mean(h, 1, keepdims=True)], axis=1)
            y = ours.nn.softmax(ours.layers.dense(h, 3), name="y")
        elif kind == "array":
            x_value = rng.randn(3, 6).astype(np.float32)
            x = ours.placeholder(ours.float32, [None, 6], name="x")
            parts = [x[:, 1:5:2], x[..., None][:, :, 0], ours.slice(x, [0, 1], [-1, 2]),
                     ours.tile(x[:, :1], [1, 2]), ours.pad(x[:, :2], [[0, 0], [1, 0]]),
                     ours.gather(x, [5, 0], axis=1), ours.split(x, 3, axis=1)[1],
                     ours.stack(ours.unstack(x[:, :2], axis=1), axis=1),
                     x[:, :1] * ours.fill([1, 2], 3.0),
                     ours.placeholder_with_default(x[:, ::3], [None, 2])]
            y = ours.identity(ours.concat(parts, axis=1)
                              + ours.Variable(ours.random_uniform([25], -1.0, 1.0)),
                              name="y")
        else:
            x_value = rng.randn(2, 8, 8, 2).astype(np.float32)
            x = ours.placeholder(ours.float32, [None, 8, 8, 2], name="x")
            h = ours.layers.conv2d(x, 4, 3, padding="same", activation=ours.nn.relu)
            h = ours.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
            h = ours.nn.avg_pool(h, [1, 2, 2, 1], [1, 1, 1, 1], "SAME")
            h = ours.reshape(ours.transpose(h, [0, 2, 1, 3]), [-1, 64])
            logits = ours.layers.dense(h, 5)
            y = ours.identity(ours.cast(ours.argmax(logits, 1), ours.float32)
                              + ours.reduce_max(ours.nn.sigmoid(logits), axis=1), name="y")
        with ours.Session() as sess:
            sess.run(ours.global_variables_initializer())
            expected = sess.run(y, {x: x_value})
            frozen = ours.graph_util.convert_variables_to_constants(
                sess, graph.as_graph_def(), ["y"])
    return frozen, graph.as_graph_def(), x_value, expected


def run_in_tf(path, x_value, initialize):
    import tensorflow.compat.v1 as tf
    with tf.Graph().as_default():
        tf_graph_def = tf.GraphDef()
        with open(path, "rb") as f:
            tf_graph_def.ParseFromString(f.read())
        tf.import_graph_def(tf_graph_def, name="")
        with tf.Session() as sess:
            if initialize:
                init_ops = [op for op in tf.get_default_graph().get_operations()
                            if op.type == "Assign"]
                sess.run(init_ops)
            return sess.run("y:0", {"x:0": x_value})


def tf_half(folder):
    """In the TensorFlow venv: runs each exported graph and writes what TF computed."""
    results = {}
    for kind in KINDS:
        x_value = np.load(os.path.join(folder, kind + ".npz"))["x"]
        results[kind + "_frozen"] = run_in_tf(os.path.join(folder, kind + "_frozen.pb"),
                                              x_value, initialize=False)
        results[kind + "_plain"] = run_in_tf(os.path.join(folder, kind + "_plain.pb"),
                                             x_value, initialize=True)
    np.savez(os.path.join(folder, "tf_results.npz"), **results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tf-python", default="/work/tfvenv/bin/python")
    parser.add_argument("--tf-half", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.tf_half:
        return tf_half(args.tf_half)
    folder = tempfile.mkdtemp(prefix="graph_def_check_")
    expected = {}
    for kind in KINDS:
        frozen, plain, x_value, expected[kind] = build_ours(kind)
        for suffix, graph_def in (("_frozen", frozen), ("_plain", plain)):
            with open(os.path.join(folder, kind + suffix + ".pb"), "wb") as f:
                f.write(graph_def.SerializeToString())
        np.savez(os.path.join(folder, kind + ".npz"), x=x_value)
        expected[kind + "_nodes"] = len(frozen.node)
    subprocess.run([args.tf_python, os.path.abspath(__file__), "--tf-half", folder], check=True,
                   stderr=subprocess.DEVNULL)
    got = dict(np.load(os.path.join(folder, "tf_results.npz")))
    shutil.rmtree(folder)
    failures = 0
    for kind in KINDS:
        error = float(np.abs(got[kind + "_frozen"] - expected[kind]).max())
        plain_ok = got[kind + "_plain"].shape == expected[kind].shape
        print("%s: frozen graph of %d nodes runs in TensorFlow, max |difference| %.2e; "
              "unfrozen graph with Variables imports and runs: %s"
              % (kind, expected[kind + "_nodes"], error, plain_ok))
        failures += error > 1e-5 or not plain_ok
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
