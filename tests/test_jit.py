"""The compiled path (autograd_engine/jit): TF1's XLA switch and jit_scope, through JAX.

With the switch on, a training step runs as one XLA program and computes what the plan
without it computes; what cannot be compiled (py_func, a kernel that does not trace)
runs as before between compiled segments; errors keep TF1's classes and name the user's line.
"""
import logging

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.jit.plan import CompiledPlan

pytest.importorskip("jax")


def jit_config(level=None):
    """TF1's switch at ``level`` (ON_2 by default: these small models are compiled, where ON_1's
    size rule would leave them uncompiled: tests/test_jit_overhead.py); on the CPU, where XLA
    compiles here, also in the suite's pass on the CuPy stand-in."""
    level = tf.OptimizerOptions.ON_2 if level is None else level
    return tf.ConfigProto(device_count={"GPU": 0}, graph_options=tf.GraphOptions(
        optimizer_options=tf.OptimizerOptions(global_jit_level=level)))


CPU_ONLY = tf.ConfigProto(device_count={"GPU": 0})


@pytest.fixture(autouse=True)
def no_environment_switch(monkeypatch):
    monkeypatch.delenv("AUTOGRAD_ENGINE_JIT", raising=False)


def mlp(optimizer):
    """A 3-8-1 relu regression and its training op, in a graph of its own."""
    graph = tf.Graph()
    with graph.as_default():
        rng = np.random.RandomState(0)
        x = tf.placeholder(tf.float32, [None, 3])
        y = tf.placeholder(tf.float32, [None, 1])
        w1 = tf.Variable(rng.randn(3, 8).astype(np.float32))
        b1 = tf.Variable(np.zeros(8, np.float32))
        w2 = tf.Variable(rng.randn(8, 1).astype(np.float32))
        out = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2)
        loss = tf.reduce_mean(tf.square(out - y))
        train = optimizer.minimize(loss)
        init = tf.global_variables_initializer()
    xs = rng.rand(16, 3).astype(np.float32)
    feed = {x: xs, y: np.sin(xs).sum(axis=1, keepdims=True)}
    return graph, init, loss, train, feed, [w1, b1, w2]


def losses(graph, init, loss, train, feed, config, steps=5):
    with tf.Session(graph=graph, config=config) as sess:
        sess.run(init)
        values = [sess.run([loss, train], feed)[0] for _ in range(steps)]
        return values, sess.run(loss, feed)


OPTIMIZERS = [lambda: tf.train.GradientDescentOptimizer(0.1),
              lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
              lambda: tf.train.AdamOptimizer(0.05),
              lambda: tf.train.RMSPropOptimizer(0.01, momentum=0.5, centered=True),
              lambda: tf.train.AdagradOptimizer(0.1),
              lambda: tf.train.AdadeltaOptimizer(1.0)]


@pytest.mark.parametrize("make_optimizer", OPTIMIZERS,
                         ids=["sgd", "nesterov", "adam", "rmsprop", "adagrad", "adadelta"])
def test_training_step_compiles_into_one_program_with_the_same_losses(make_optimizer):
    graph, init, loss, train, feed, _ = mlp(make_optimizer())
    expected = losses(graph, init, loss, train, feed, CPU_ONLY)
    got = losses(graph, init, loss, train, feed, jit_config())
    np.testing.assert_allclose(got[0], expected[0], rtol=2e-5)
    np.testing.assert_allclose(got[1], expected[1], rtol=2e-5)
    with tf.Session(graph=graph, config=jit_config()) as sess:
        sess.run(init)
        sess.run(train, feed)
        plan = sess._plans.get(((train,), tuple(feed)))
        assert isinstance(plan, CompiledPlan)
        assert [type(part).__name__ for part in plan.parts] == ["_Segment"]
        assert plan.compile_seconds > 0


def test_a_session_with_a_device_does_not_compile():
    from autograd_engine import backend
    from autograd_engine.testing import cupy_standin
    graph, init, loss, train, feed, _ = mlp(tf.train.AdamOptimizer(0.05))
    with tf.Session(graph=graph, config=jit_config()) as cpu:
        cpu.run(init)
        expected = [cpu.run([loss, train], feed)[0] for _ in range(2)]
    config = jit_config()
    config.device_count = {}
    with backend.using_device(cupy_standin.device_backend()):
        with tf.Session(graph=graph, config=config) as sess:
            assert sess.list_devices()[-1].device_type == "GPU"
            sess.run(init)
            got = [sess.run([loss, train], feed)[0] for _ in range(2)]
            assert not any(isinstance(p, CompiledPlan) for p in sess._plans.values())
    np.testing.assert_allclose(got, expected, rtol=1e-5)


def test_switch_off_and_default_do_not_compile():
    graph, init, loss, train, feed, _ = mlp(tf.train.AdamOptimizer(0.05))
    for config in (CPU_ONLY, jit_config(tf.OptimizerOptions.OFF), jit_config(0)):
        with tf.Session(graph=graph, config=config) as sess:
            sess.run(init)
            sess.run(train, feed)
            assert not any(isinstance(p, CompiledPlan) for p in sess._plans.values())


def test_environment_variable_turns_the_switch_on_and_off(monkeypatch):
    graph, init, loss, train, feed, _ = mlp(tf.train.AdamOptimizer(0.05))
    for setting, compiled in (("1", True), ("0", False)):
        monkeypatch.setenv("AUTOGRAD_ENGINE_JIT", setting)
        with tf.Session(graph=graph, config=jit_config()) as sess:
            sess.run(init)
            sess.run(train, feed)
            assert any(isinstance(p, CompiledPlan) for p in sess._plans.values()) is compiled


def test_jit_scope_compiles_its_ops_only():
    x = tf.placeholder(tf.float32, [4])
    with tf.xla.experimental.jit_scope():
        inside = tf.tanh(x) * 2.0
        with tf.xla.experimental.jit_scope(compile_ops=False):
            kept_out = inside + 1.0
    outside = kept_out * 3.0
    assert inside.op.get_attr("_XlaCompile") is True
    assert kept_out.op.get_attr("_XlaCompile") is False
    assert "_XlaCompile" not in outside.op.attrs
    values = np.array([-1.0, 0.0, 0.5, 2.0], np.float32)
    with tf.Session(config=CPU_ONLY) as sess:
        got = sess.run(outside, {x: values})
        plan = next(iter(sess._plans.values()))
        parts = [[op.name for op in part.ops] if hasattr(part, "ops") else [part.op.name]
                 for part in plan.parts]
    np.testing.assert_allclose(got, (np.tanh(values) * 2 + 1) * 3, rtol=1e-6)
    assert parts[0] == [inside.op.inputs[0].op.name, inside.op.name]  # Tanh, mul: one program
    assert [kept_out.op.name] in parts and [outside.op.name] in parts  # their kernels


def test_jit_scope_takes_a_predicate_of_the_op():
    x = tf.placeholder(tf.float32, [2])
    with tf.xla.experimental.jit_scope(compile_ops=lambda op: op.type != "Exp"):
        y = tf.exp(tf.sin(x))
    assert y.op.get_attr("_XlaCompile") is False
    assert y.op.inputs[0].op.get_attr("_XlaCompile") is True


def test_py_func_is_a_graph_break_between_compiled_segments():
    x = tf.placeholder(tf.float64, [3])
    doubled = tf.py_func(lambda v: v * 2, [tf.sin(x)], tf.float64)
    y = tf.cos(doubled) + 1.0
    values = np.array([0.1, 0.2, 0.3])
    with tf.Session(config=jit_config()) as sess:
        got = sess.run(y, {x: values})
        plan = next(iter(sess._plans.values()))
        kinds = [type(part).__name__ for part in plan.parts]
    np.testing.assert_allclose(got, np.cos(2 * np.sin(values)) + 1.0)
    assert kinds == ["_Segment", "_GraphBreak", "_Segment"]


def test_cond_compiles_with_the_same_values():
    x = tf.placeholder(tf.float32, [])
    y = tf.cond(x > 0, lambda: x * 2.0, lambda: x - 1.0)
    with tf.Session(config=jit_config()) as sess:
        assert sess.run(y, {x: 3.0}) == 6.0
        assert sess.run(y, {x: -3.0}) == -4.0
        # both branches computed, the value selected (jit/conds.py; tests/test_jit_control_flow)
        assert [[type(part).__name__ for part in p.parts] for p in sess._plans.values()] == \
            [["_Segment"]]


def test_uninitialized_variable_is_tf1s_error():
    v = tf.Variable(np.ones(3, np.float32), name="weights")
    y = v * 2.0
    with tf.Session(config=jit_config()) as sess:
        with pytest.raises(tf.errors.FailedPreconditionError,
                           match="Attempting to use uninitialized value weights"):
            sess.run(y)


def test_op_that_fails_to_trace_runs_its_kernel_and_its_error_names_the_line():
    x = tf.placeholder(tf.float32, [2])
    checked = tf.check_numerics(tf.log(x), "log of x")  # a test in Python: a graph break
    y = checked * 2.0
    with tf.Session(config=jit_config()) as sess:
        np.testing.assert_allclose(sess.run(y, {x: [1.0, np.e]}), [0.0, 2.0], rtol=1e-6)
        with pytest.raises(tf.errors.InvalidArgumentError, match="log of x : Tensor had NaN") \
                as caught:
            sess.run(y, {x: [-1.0, 1.0]})
    assert "test_jit.py" in str(caught.value)


def test_variables_move_between_compiled_and_uncompiled_plans():
    """A Saver (host I/O), Variable.load and a plain Session's plans all see what compiled
    runs wrote, and compiled runs see what they wrote."""
    graph, init, loss, train, feed, variables = mlp(tf.train.AdamOptimizer(0.05))
    with graph.as_default():
        saver = tf.train.Saver()
        doubled = variables[1].assign(variables[1] * 2.0)
    with tf.Session(graph=graph, config=jit_config()) as sess:
        sess.run(init)
        for _ in range(3):
            sess.run(train, feed)
        trained = sess.run(variables)
        import tempfile
        with tempfile.TemporaryDirectory() as folder:
            path = saver.save(sess, folder + "/model")
            sess.run(init)
            saver.restore(sess, path)
            for got, want in zip(sess.run(variables), trained):
                np.testing.assert_array_equal(got, want)
        variables[2].load(np.full((8, 1), 0.5, np.float32), sess)
        np.testing.assert_array_equal(sess.run(variables[2]), np.full((8, 1), 0.5))
        sess.run(doubled)
        np.testing.assert_array_equal(sess.run(variables[1]), trained[1] * 2)


def test_fetched_values_are_the_callers():
    v = tf.Variable(np.arange(3, dtype=np.float32))
    x = tf.placeholder(tf.float32, [3])
    with tf.Session(config=jit_config()) as sess:
        sess.run(v.initializer)
        fed = np.ones(3, np.float32)
        read, same = sess.run([v + 0.0, tf.identity(x)], {x: fed})
        read[0] = 100.0
        same[0] = 100.0
        assert read.flags.writeable and fed[0] == 1.0
        np.testing.assert_array_equal(sess.run(v), [0.0, 1.0, 2.0])


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def test_compile_time_is_logged():
    x = tf.placeholder(tf.float32, [None])
    y = tf.sin(x) * tf.cos(x)
    logger, records = logging.getLogger("autograd_engine.tf_logging"), _Records()
    level = logger.level
    logger.addHandler(records)
    logger.setLevel(logging.INFO)
    try:
        with tf.Session(config=jit_config()) as sess:
            sess.run(y, {x: [1.0, 2.0]})
            sess.run(y, {x: [1.0, 2.0]})  # compiled once per input shapes
            sess.run(y, {x: [1.0, 2.0, 3.0]})
    finally:
        logger.removeHandler(records)
        logger.setLevel(level)
    compiled = [m for m in records.messages if "into one XLA program" in m]
    assert len(compiled) == 2 and all(m.startswith("autograd_engine jit: compiled 3 ops")
                                      for m in compiled)
