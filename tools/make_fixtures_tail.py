"""Fixtures for the long-tail TF1 API (issue 20, part b), computed with real TensorFlow.

Run with the TensorFlow venv from the repository root:
    /work/tfvenv/bin/python tools/make_fixtures_tail.py
Writes tests/fixtures/tail/: graphs frozen by TensorFlow (``*_frozen.pb``) with the inputs fed
and the outputs TensorFlow computed (``graph_exchange.npz``).
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "tail")


def freeze(build, inputs, output_name, file_name, arrays):
    """Builds a model in a fresh graph, freezes it and records its output on ``inputs``."""
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(7)
        build()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = tf.graph_util.convert_variables_to_constants(
                sess, graph.as_graph_def(), [output_name])
            arrays[file_name + "_out"] = sess.run(output_name + ":0", {"x:0": inputs})
    arrays[file_name + "_in"] = inputs
    with open(os.path.join(OUT, file_name + "_frozen.pb"), "wb") as f:
        f.write(frozen.SerializeToString())


def dense(x, units, name):
    w = tf.get_variable(name + "/kernel", [x.shape[-1], units])
    b = tf.get_variable(name + "/bias", [units], initializer=tf.random_normal_initializer())
    return tf.nn.bias_add(tf.matmul(x, w), b)


def mlp():
    x = tf.placeholder(tf.float32, [None, 6], name="x")
    h = tf.nn.relu(dense(x, 8, "dense"))
    h = tf.nn.tanh(dense(h, 5, "dense_1"))
    logits = dense(h, 3, "dense_2")
    tf.nn.softmax(logits, name="probs")


def cnn():
    x = tf.placeholder(tf.float32, [None, 8, 8, 2], name="x")
    kernel = tf.get_variable("conv/kernel", [3, 3, 2, 4])
    h = tf.nn.relu(tf.nn.conv2d(x, kernel, [1, 1, 1, 1], "SAME") + tf.get_variable(
        "conv/bias", [4], initializer=tf.random_normal_initializer()))
    h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    h = tf.nn.avg_pool(h, [1, 2, 2, 1], [1, 1, 1, 1], "VALID")
    h = tf.reshape(h, [-1, 3 * 3 * 4])
    h = tf.concat([h, tf.reduce_mean(h, axis=1, keepdims=True)], axis=1)
    logits = dense(h, 5, "dense")
    tf.identity(tf.nn.sigmoid(logits) * 2.0 - tf.reduce_max(logits, axis=1, keepdims=True),
                name="out")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.RandomState(0)
    arrays = {}
    freeze(mlp, rng.randn(4, 6).astype(np.float32), "probs", "mlp", arrays)
    freeze(cnn, rng.randn(2, 8, 8, 2).astype(np.float32), "out", "cnn", arrays)
    np.savez(os.path.join(OUT, "graph_exchange.npz"), **arrays)


if __name__ == "__main__":
    main()
