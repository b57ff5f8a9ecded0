"""The compiled path's fixed costs (issue 19 section 3): the size rule that leaves small plans
uncompiled under ``global_jit_level=ON_1``, the compile time in ``RunMetadata``, gradients of
ops in a jit_scope compiled with them, and Variables updated in place by XLA.
"""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.jit import size_rule
from autograd_engine.jit.plan import CompiledPlan

pytest.importorskip("jax")


def jit_config(level):
    return tf.ConfigProto(device_count={"GPU": 0}, graph_options=tf.GraphOptions(
        optimizer_options=tf.OptimizerOptions(global_jit_level=level)))


ON_1, ON_2 = tf.OptimizerOptions.ON_1, tf.OptimizerOptions.ON_2
CPU_ONLY = tf.ConfigProto(device_count={"GPU": 0})


@pytest.fixture(autouse=True)
def no_environment_switch(monkeypatch):
    monkeypatch.delenv("AUTOGRAD_ENGINE_JIT", raising=False)


def chain(size, n_ops):
    """``n_ops`` elementwise ops on a fed vector of ``size`` elements, in a graph of its own."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [size])
        y = x
        for i in range(n_ops):
            y = y * 1.0001 if i % 2 == 0 else y + 0.5
    expected = np.ones(size, np.float32)
    for i in range(n_ops):
        expected = expected * np.float32(1.0001) if i % 2 == 0 else expected + np.float32(0.5)
    return graph, x, y, expected


def segments(plan):
    return [part for part in plan.parts if type(part).__name__ == "_Segment"]


def run_twice(graph, x, y, config):
    with tf.Session(graph=graph, config=config) as sess:
        feed = {x: np.ones(x.shape.as_list(), np.float32)}
        values = [sess.run(y, feed) for _ in range(2)]
        return values, next(iter(sess._plans.values()))


def test_on_1_leaves_a_small_plan_uncompiled_with_the_same_values():
    graph, x, y, expected = chain(16, 20)  # 320 elements computed
    values, plan = run_twice(graph, x, y, jit_config(ON_1))
    assert isinstance(plan, CompiledPlan)
    assert segments(plan) == [] and plan.uncompiled is not None  # the ExecutionPlan runs it
    assert plan.compile_seconds == 0  # traced to be measured, never compiled
    for value in values:
        np.testing.assert_allclose(value, expected, rtol=1e-6)


def test_on_1_leaves_a_plan_of_few_ops_uncompiled_however_large():
    graph, x, y, expected = chain(size_rule.MIN_ELEMENTS, size_rule.MIN_OPS - 2)
    values, plan = run_twice(graph, x, y, jit_config(ON_1))
    assert segments(plan) == []
    np.testing.assert_allclose(values[1], expected, rtol=1e-6)


def test_on_1_compiles_a_plan_large_enough():
    size = size_rule.MIN_ELEMENTS // 8
    graph, x, y, expected = chain(size, 16)  # 16 ops x 2^17 elements = 2^21
    values, plan = run_twice(graph, x, y, jit_config(ON_1))
    (segment,) = segments(plan)
    assert segment.worth_compiling and segment.elements >= 16 * size
    assert plan.compile_seconds > 0 and plan.uncompiled is None
    np.testing.assert_allclose(values[1], expected, rtol=1e-5)


def test_on_2_compiles_every_plan_however_small():
    graph, x, y, expected = chain(16, 20)
    values, plan = run_twice(graph, x, y, jit_config(ON_2))
    (segment,) = segments(plan)
    assert segment.worth_compiling and plan.compile_seconds > 0
    np.testing.assert_allclose(values[1], expected, rtol=1e-6)


def test_environment_switch_compiles_every_plan(monkeypatch):
    monkeypatch.setenv("AUTOGRAD_ENGINE_JIT", "1")
    graph, x, y, _ = chain(16, 20)
    _, plan = run_twice(graph, x, y, CPU_ONLY)
    assert len(segments(plan)) == 1


def test_an_explicit_jit_scope_is_compiled_however_small():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [4])
        with tf.xla.experimental.jit_scope():
            y = tf.tanh(x) * 2.0
    for config in (CPU_ONLY, jit_config(ON_1)):
        values, plan = run_twice(graph, x, y, config)
        (segment,) = segments(plan)
        assert [op.type for op in segment.ops] == ["Tanh", "Mul"]
        np.testing.assert_allclose(values[1], np.tanh(np.ones(4)) * 2, rtol=1e-6)


def test_a_small_segment_runs_its_kernels_beside_a_compiled_one():
    size = size_rule.MIN_ELEMENTS // 8
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [size])
        y = x
        for _ in range(16):
            y = y * 1.0001
        # a graph break: what follows is a segment of its own, of 2 ops on 1 element
        total, = tf.py_func(lambda v: np.float32(v.sum()), [y], [tf.float32])
        small = (tf.reshape(total, []) + 1.0) * 2.0
    with tf.Session(graph=graph, config=jit_config(ON_1)) as sess:
        feed = {x: np.ones(size, np.float32)}
        got = [sess.run([y, small], feed) for _ in range(2)]
        plan = next(iter(sess._plans.values()))
        (segment,) = segments(plan)
    assert len(segment.ops) == 16 and plan.uncompiled is None
    ones = np.float32(1.0001) ** 16
    np.testing.assert_allclose(got[1][0][:3], [ones] * 3, rtol=1e-5)
    np.testing.assert_allclose(got[1][1], (ones * size + 1) * 2, rtol=1e-4)


def test_run_metadata_reports_the_runs_compile_seconds():
    graph, x, y, _ = chain(16, 20)
    feed = {x: np.ones(16, np.float32)}
    with tf.Session(graph=graph, config=jit_config(ON_2)) as sess:
        first, second = tf.RunMetadata(), tf.RunMetadata()
        sess.run(y, feed, run_metadata=first)
        sess.run(y, feed, run_metadata=second)
        plan = next(iter(sess._plans.values()))
    assert first.compile_seconds > 0 and first.compile_seconds == plan.compile_seconds
    assert second.compile_seconds == 0.0  # compiled once, at the first run
    with tf.Session(graph=graph, config=CPU_ONLY) as sess:
        metadata = tf.RunMetadata()
        sess.run(y, feed, run_metadata=metadata)
    assert metadata.compile_seconds == 0.0


def test_gradients_built_outside_a_jit_scope_are_compiled_with_its_ops():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [3])
        with tf.xla.experimental.jit_scope():
            inside = tf.sin(x) * x
        with tf.xla.experimental.jit_scope(compile_ops=False):
            kept_out = tf.exp(inside)
        grad, = tf.gradients(kept_out, [x])  # outside any scope
    grad_ops = [op for op in graph.get_operations() if op.name.startswith("gradients/")]
    sin_grad = [op for op in grad_ops if op.name.startswith("gradients/Sin_grad/")]
    exp_grad = [op for op in grad_ops if op.name.startswith("gradients/Exp_grad/")]
    assert sin_grad and all(op.get_attr("_XlaCompile") is True for op in sin_grad)
    assert exp_grad and all("_XlaCompile" not in op.attrs for op in exp_grad)
    values = np.array([0.1, 0.5, 2.0], np.float32)
    with tf.Session(graph=graph, config=CPU_ONLY) as sess:
        got = sess.run(grad, {x: values})
        plan = next(iter(sess._plans.values()))
        compiled = {op for segment in segments(plan) for op in segment.ops}
    assert any(op in compiled for op in sin_grad)
    expected = np.exp(np.sin(values) * values) * (np.cos(values) * values + np.sin(values))
    np.testing.assert_allclose(got, expected, rtol=1e-5)


def test_a_segment_returns_its_variables_in_the_order_it_takes_them():
    """JAX pairs each output with the first donated buffer of its shape left: the same order
    lets XLA update every Variable in place, without copying it on entry."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 4])
        w1, w2 = tf.Variable(np.ones((4, 4), np.float32)), tf.Variable(np.eye(4, dtype=np.float32))
        loss = tf.reduce_sum(tf.square(tf.matmul(tf.matmul(x, w1), w2)))
        train = tf.train.AdamOptimizer(0.1).minimize(loss)
        init = tf.global_variables_initializer()
    with tf.Session(graph=graph, config=jit_config(ON_2)) as sess:
        sess.run(init)
        sess.run(train, {x: np.ones((2, 4), np.float32)})
        plan = sess._plans.get(((train,), (x,)))
        (segment,) = segments(plan)
    assert len(segment.updated_vars) == 8  # 2 Variables, their 2 Adam slots each, 2 powers
    assert segment.written_vars == segment.updated_vars
