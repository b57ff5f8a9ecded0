"""Regenerates the diagrams in docs/ (needs `pip install graphviz` and the `dot` program)::

    PYTHONPATH=. python3 docs/make_pictures.py

* tutorial_training_graph.png: the TF1 beginner tutorial (softmax regression) and its
  train_step: forward pass on top, backward pass flowing back underneath, updates writing W, b.
* mlp_training_graph.png: a 784-256-128-10 ReLU MLP trained with
  softmax_cross_entropy_with_logits_v2 and GradientDescent.
* cnn_training_graph.png: a CNN built with tf.layers (two conv + pool layers, dense, dropout)
  and its training step: hundreds of ops, so it starts collapsed as TensorBoard does (a box per
  layer, the optimizer moved aside), with the backward pass opened one level beside the layers.
* keras_model.png: ``tf.keras.utils.plot_model`` of a small Keras CNN, one box per layer with
  its input and output shapes.

Each picture is meant to read at README width (~800 px): check them by eye after a change.
"""
import os
import sys
import time

import autograd_engine as tf
from autograd_engine.demo import TutorialGraph
from autograd_engine.rendering import render

HERE = os.path.dirname(os.path.abspath(__file__))


def cnn_graph():
    """The CNN of the tests (tf.layers on 28x28 digits); returns its train_op."""
    x = tf.placeholder(tf.float32, [None, 28, 28, 1], name="images")
    labels = tf.placeholder(tf.float32, [None, 10], name="labels")
    training = tf.placeholder_with_default(False, [], name="training")
    h = tf.layers.conv2d(x, 32, 5, padding="same", activation=tf.nn.relu)
    h = tf.layers.max_pooling2d(h, 2, 2)
    h = tf.layers.conv2d(h, 64, 5, padding="same", activation=tf.nn.relu)
    h = tf.layers.max_pooling2d(h, 2, 2)
    h = tf.layers.dense(tf.layers.flatten(h), 256, activation=tf.nn.relu)
    logits = tf.layers.dense(tf.layers.dropout(h, 0.4, training=training), 10)
    with tf.name_scope("loss"):
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels,
                                                                          logits=logits))
    return tf.train.GradientDescentOptimizer(0.05).minimize(loss)


def keras_cnn():
    """A small Keras CNN for 28x28 digits, compiled with Adam."""
    layers = tf.keras.layers
    model = tf.keras.models.Sequential([
        layers.Conv2D(16, 3, activation="relu", input_shape=(28, 28, 1), name="conv1"),
        layers.MaxPooling2D(2, name="pool1"),
        layers.Conv2D(32, 3, activation="relu", name="conv2"),
        layers.MaxPooling2D(2, name="pool2"),
        layers.Flatten(name="flatten"),
        layers.Dropout(0.3, name="dropout"),
        layers.Dense(10, activation="softmax", name="digits")], name="digits_cnn")
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def mlp_graph(sizes=(784, 256, 128, 10)):
    """A ReLU MLP with one name scope per layer; returns (train_op, x, labels)."""
    x = tf.placeholder(tf.float32, [None, sizes[0]], name="x")
    labels = tf.placeholder(tf.float32, [None, sizes[-1]], name="labels")
    h = x
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        with tf.name_scope("layer%d" % (i + 1)):
            W = tf.Variable(tf.truncated_normal([n_in, n_out], stddev=0.05), name="W")
            b = tf.Variable(tf.zeros([n_out]), name="b")
            h = tf.matmul(h, W) + b
            if i < len(sizes) - 2:
                h = tf.nn.relu(h)
    with tf.name_scope("loss"):
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=h))
    return tf.train.GradientDescentOptimizer(0.1).minimize(loss), x, labels


def main():
    with tf.Graph().as_default():
        render(TutorialGraph().train_step, os.path.join(HERE, "tutorial_training_graph.png"),
               title="TF1 tutorial: softmax regression and its train_step")
    with tf.Graph().as_default() as g:
        train_op, _, _ = mlp_graph()
        start = time.perf_counter()
        # Each op's gradient (2-4 ops: SumToShape, Shape...) drawn as one box keeps the
        # backward pass readable as one row flowing back under the forward layers.
        render(train_op, os.path.join(HERE, "mlp_training_graph.png"),
               title="784-256-128-10 ReLU MLP: training step (%d ops)" % len(g))
        print("mlp: %.2f s" % (time.perf_counter() - start))
    with tf.Graph().as_default() as g:
        train_op = cnn_graph()
        start = time.perf_counter()
        dot = tf.to_dot(train_op)
        dot_seconds = time.perf_counter() - start
        # Starts collapsed (a box per layer, the optimizer aside); naming the gradient scopes
        # opens the backward pass one level, mirroring the layers.
        render(train_op, os.path.join(HERE, "cnn_training_graph.png"), collapse=["gradients/*"],
               title="CNN (tf.layers: 2x conv+pool, dense, dropout): training step (%d ops)"
                     % len(g))
        print("cnn: %d ops, DOT %.1f ms (%d lines), DOT+PNG %.2f s"
              % (len(g), dot_seconds * 1e3, dot.count("\n"), time.perf_counter() - start))
    tf.keras.utils.plot_model(keras_cnn(), os.path.join(HERE, "keras_model.png"),
                              show_shapes=True)
    print("wrote docs/tutorial_training_graph.png, docs/mlp_training_graph.png, "
          "docs/cnn_training_graph.png, docs/keras_model.png")


if __name__ == "__main__":
    sys.exit(main())
