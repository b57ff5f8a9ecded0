"""The TF1 beginner tutorial's training step: softmax regression on 784-pixel digits, batch 100,
``-reduce_sum(y_ * log(softmax(x W + b)))``, gradient descent at 0.01, W and b starting at zero.

Ours runs the tutorial's own graph (``autograd_engine.demo.TutorialGraph``); TF1 runs the same
lines through ``tensorflow.compat.v1``.
"""
import numpy as np

import autograd_engine
from autograd_engine.datasets import load_digits
from autograd_engine.demo import TutorialGraph

from ..harness import Implementation, Workload
from . import _common, jax_steps
from ._common import GraphParts

BATCH, LEARNING_RATE = 100, 0.01


def make_data():
    digits = load_digits(one_hot=True, image_size=28).train
    return digits.images[:BATCH].copy(), digits.labels[:BATCH].copy()


def tutorial_graph(tf):
    """The tutorial's lines, for TF1 (ours imports them from the demo)."""
    x = tf.placeholder(tf.float32, [None, 784])
    y_ = tf.placeholder(tf.float32, [None, 10])
    W = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))
    y = tf.nn.softmax(tf.matmul(x, W) + b)
    cross_entropy = -tf.reduce_sum(y_ * tf.log(y))
    train_step = tf.train.GradientDescentOptimizer(LEARNING_RATE).minimize(cross_entropy)
    return GraphParts([x, y_], cross_entropy, train_step)


def ours_graph(tf):
    assert tf is autograd_engine
    model = TutorialGraph()
    return GraphParts([model.x, model.y_], model.cross_entropy, model.train_step)


def numpy_implementation(xs, ys):
    W = np.zeros((784, 10), np.float32)
    b = np.zeros(10, np.float32)
    lr = np.float32(LEARNING_RATE)
    label_sums = ys.sum(axis=1, keepdims=True)

    def softmax():
        logits = xs @ W
        logits += b
        logits -= logits.max(axis=1, keepdims=True)
        np.exp(logits, out=logits)
        logits /= logits.sum(axis=1, keepdims=True)
        return logits

    def step():
        # d(-sum(y_ log softmax)) / d logits = softmax * sum(y_) - y_
        g = softmax()
        g *= label_sums
        g -= ys
        g *= lr
        W[...] -= xs.T @ g
        b[...] -= g.sum(axis=0)

    def observe():
        return float(-(ys * np.log(softmax())).sum())
    return Implementation(_common.LABELS[_common.NUMPY], step, observe)


def torch_implementation(xs, ys):
    def build(torch):
        W = torch.zeros(784, 10, requires_grad=True)
        b = torch.zeros(10, requires_grad=True)
        x, y_ = torch.from_numpy(xs), torch.from_numpy(ys)

        def loss():
            return -(y_ * torch.log(torch.softmax(x @ W + b, dim=1))).sum()
        optimizer = torch.optim.SGD([W, b], lr=LEARNING_RATE)
        return _common.torch_training_implementation(loss, optimizer)
    return build


def build(data):
    xs, ys = data
    return _common.implementations(lambda: numpy_implementation(xs, ys), ours_graph, [xs, ys],
                                   torch_impl=torch_implementation(xs, ys),
                                   tf1_build_graph=tutorial_graph, ours_callable=True,
                                   jax_impl=lambda: jax_steps.softmax_step((xs, ys)))


WORKLOAD = Workload("softmax", "softmax-regression step (the tutorial), batch 100", make_data,
                    build, description="The TF1 tutorial's graph (`autograd_engine.demo."
                    "TutorialGraph`), gradient descent at 0.01, on the shipped digits.")
