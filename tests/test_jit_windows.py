"""The window ops compiled (autograd_engine/jit/window_lowering.py): convolutions (plain,
strided, dilated, depthwise), max and average pooling and their gradients as XLA's own window
operations, so a convolutional training step is one XLA program computing what the kernels
compute; the plan-only fusions made for the kernels stay out of the way of the compiled ops.
"""
import logging

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.client.rewrites import rewrites_enabled
from autograd_engine.framework.tensor import PlanOperation
from autograd_engine.jit.plan import CompiledPlan
from autograd_engine.testing import check_gradients

pytest.importorskip("jax")

CPU_ONLY = tf.ConfigProto(device_count={"GPU": 0})
JIT = tf.ConfigProto(device_count={"GPU": 0}, graph_options=tf.GraphOptions(
    optimizer_options=tf.OptimizerOptions(global_jit_level=tf.OptimizerOptions.ON_2)))


@pytest.fixture(autouse=True)
def no_environment_switch(monkeypatch):
    monkeypatch.delenv("AUTOGRAD_ENGINE_JIT", raising=False)


class _OutsideXla(logging.Handler):
    """Collects the compiled path's messages about ops that did not trace."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        if "runs outside XLA" in record.getMessage():
            self.messages.append(record.getMessage())


@pytest.fixture
def outside_xla():
    logger, records = logging.getLogger("autograd_engine.tf_logging"), _OutsideXla()
    level = logger.level
    logger.addHandler(records)
    logger.setLevel(logging.INFO)
    yield records.messages
    logger.removeHandler(records)
    logger.setLevel(level)


def conv_net():
    """A small CNN, every window op of the kind a training step has: SAME convolutions that
    pad unevenly, a strided one, a depthwise one, overlapping max pooling, average pooling."""
    graph = tf.Graph()
    rng = np.random.RandomState(0)
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 7, 6, 2])
        labels = tf.placeholder(tf.float32, [None, 3])

        def weight(*shape):
            return tf.Variable((rng.randn(*shape) * 0.5).astype(np.float32))
        h = tf.nn.relu(tf.nn.conv2d(x, weight(3, 3, 2, 4), [1, 1, 1, 1], "SAME") + weight(4))
        h = tf.nn.max_pool(h, [1, 3, 3, 1], [1, 2, 2, 1], "SAME")  # 4x3, windows overlap
        h = tf.nn.depthwise_conv2d(h, weight(2, 2, 4, 2), [1, 1, 1, 1], "SAME")
        h = tf.nn.conv2d(h, weight(2, 2, 8, 5), [1, 2, 2, 1], "SAME")  # 2x2
        h = tf.nn.avg_pool(h, [1, 2, 2, 1], [1, 1, 1, 1], "SAME")
        logits = tf.matmul(tf.reshape(h, [-1, 20]), weight(20, 3))
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels,
                                                                          logits=logits))
        variables = tf.trainable_variables()
        grads = tf.gradients(loss, variables)
        train = tf.train.AdamOptimizer(0.01).minimize(loss)
        init = tf.global_variables_initializer()
    feed = {x: rng.randn(5, 7, 6, 2).astype(np.float32),
            labels: np.eye(3, dtype=np.float32)[rng.randint(0, 3, 5)]}
    return graph, init, loss, grads, train, feed


def train(config, steps=4):
    """The gradients of the first step, the loss before each step, the step's plan."""
    graph, init, loss, grads, train_op, feed = conv_net()
    fetches = [loss, train_op] + grads
    with tf.Session(graph=graph, config=config) as sess:
        sess.run(init)
        values = [sess.run(fetches, feed) for _ in range(steps)]
        plan = sess._plans.get((tuple(fetches), tuple(feed)))
        return values[0][2:], [v[0] for v in values], plan


def test_conv_net_trains_as_one_xla_program_with_the_kernels_values(outside_xla):
    grads, losses, plan = train(CPU_ONLY)
    jit_grads, jit_losses, jit_plan = train(JIT)
    assert not isinstance(plan, CompiledPlan) and isinstance(jit_plan, CompiledPlan)
    assert [type(part).__name__ for part in jit_plan.parts] == ["_Segment"]
    assert outside_xla == []
    # the kernels' fusions (a shared im2col matrix) are not made for the ops XLA compiles
    assert any(isinstance(op, PlanOperation) for op in plan.ops) == rewrites_enabled(None)
    assert not any(isinstance(op, PlanOperation) for op in jit_plan.ops)
    for got, expected in zip(jit_grads, grads):
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(jit_losses, losses, rtol=1e-5)
    assert jit_losses[-1] < jit_losses[0]


def test_fusions_still_serve_the_convolutions_left_uncompiled():
    graph, init, loss, _, _, feed = conv_net()
    with graph.as_default():
        with tf.xla.experimental.jit_scope():
            doubled = loss * 2.0  # the only compiled op: the convolutions run their kernels
        fetches = [doubled] + tf.gradients(doubled, tf.trainable_variables())
    with tf.Session(graph=graph, config=CPU_ONLY) as sess:
        sess.run(init)
        got = sess.run(fetches, feed)
        plan = sess._plans.get((tuple(fetches), tuple(feed)))
    assert isinstance(plan, CompiledPlan)
    assert any(isinstance(op, PlanOperation) for op in plan.ops) == rewrites_enabled(None)
    with tf.Session(graph=graph, config=tf.ConfigProto(device_count={"GPU": 0}, graph_options=(
            tf.GraphOptions(optimizer_options=tf.OptimizerOptions(
                global_jit_level=tf.OptimizerOptions.OFF))))) as sess:
        sess.run(init)
        for g, expected in zip(got, sess.run(fetches, feed)):
            np.testing.assert_allclose(g, expected, rtol=1e-6)


@pytest.mark.parametrize("window", [(2, 2), (3, 1)], ids=["apart", "overlapping"])
def test_max_pool_gradient_goes_to_the_first_max_of_each_window_as_the_kernel_does(window):
    stride = window[0] if window == (2, 2) else 1
    rng = np.random.RandomState(1)
    x_value = rng.randint(-1, 2, (2, 5, 6, 3)).astype(np.float32)  # many ties
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, x_value.shape)
        pooled = tf.nn.max_pool(x, [1, window[0], window[0], 1], [1, stride, stride, 1], "SAME")
        upstream = tf.constant(rng.randn(*pooled.shape.as_list()).astype(np.float32))
        grad = tf.gradients(pooled, x, grad_ys=upstream)[0]
    values = []
    for config in (CPU_ONLY, JIT):
        with tf.Session(graph=graph, config=config) as sess:
            values.append(sess.run(grad, {x: x_value}))
    np.testing.assert_array_equal(values[1] != 0, values[0] != 0)  # the same cells chosen
    np.testing.assert_allclose(values[1], values[0], rtol=1e-6)  # sums in another order


def test_max_pool_gradient_of_a_flat_window_goes_to_its_top_left_cell():
    x = tf.placeholder(tf.float32, [1, 2, 2, 1])
    grad = tf.gradients(tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"), x,
                        grad_ys=tf.constant([[[[3.0]]]]))[0]
    with tf.Session(config=JIT) as sess:
        got = sess.run(grad, {x: np.ones([1, 2, 2, 1], np.float32)})
    np.testing.assert_array_equal(got[0, :, :, 0], [[3.0, 0.0], [0.0, 0.0]])


def _dilated_conv_and_pools(x, f, d):
    h = tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME", dilations=[1, 2, 2, 1])
    h = tf.nn.max_pool(tf.tanh(h), [1, 2, 3, 1], [1, 2, 1, 1], "SAME")
    h = tf.nn.avg_pool(h, [1, 2, 2, 1], [1, 1, 2, 1], "VALID")
    return tf.nn.depthwise_conv2d(h, d, [1, 1, 1, 1], "VALID")


def test_float64_numerical_gradients_through_the_compiled_window_ops(monkeypatch,
                                                                     outside_xla):
    monkeypatch.setenv("AUTOGRAD_ENGINE_JIT", "1")  # check_gradients' Session compiles
    rng = np.random.RandomState(2)
    check_gradients(_dilated_conv_and_pools, [rng.randn(2, 7, 8, 2), rng.randn(2, 2, 2, 3),
                                              rng.randn(1, 2, 3, 2)])
    assert outside_xla == []


def test_a_fusion_registered_for_compiled_ops_still_applies_to_them():
    # the gradient of a weight shared by three products: one product of the stacked operands
    # (ops/matmul_ops.py's stack_shared_weight_gradients), also in the XLA program
    rng = np.random.RandomState(3)
    x = tf.placeholder(tf.float32, [4, 5])
    w = tf.Variable(rng.randn(5, 5).astype(np.float32))
    h = x
    for _ in range(3):
        h = tf.tanh(tf.matmul(h, w))
    grad = tf.gradients(tf.reduce_sum(h), w)[0]
    feed = {x: rng.randn(4, 5).astype(np.float32)}
    values = []
    for config in (CPU_ONLY, JIT):
        with tf.Session(config=config) as sess:
            sess.run(w.initializer)
            values.append(sess.run(grad, feed))
            plan = sess._plans.get(((grad,), (x,)))
    np.testing.assert_allclose(values[1], values[0], rtol=1e-5)
    assert [type(part).__name__ for part in plan.parts] == ["_Segment"]
    assert any(isinstance(op, PlanOperation) for op in plan.ops) == rewrites_enabled(None)
