"""Loops under the compiled path (autograd_engine/jit/loops.py): a ``tf.while_loop`` is lowered
with its body, its condition and its gradient into the segment that holds it (``lax.scan``
when its trip count is known while tracing, ``lax.while_loop`` otherwise), so a training step
with a loop is one XLA program that computes what the uncompiled plan computes; a loop whose
body cannot be compiled (``py_func``) runs as before, a graph break.
"""
import contextlib

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.jit.plan import CompiledPlan
from autograd_engine.ops.while_loop import while_loop_collecting

pytest.importorskip("jax")


@pytest.fixture(autouse=True)
def no_environment_switch(monkeypatch):
    monkeypatch.delenv("AUTOGRAD_ENGINE_JIT", raising=False)


def jit_config():
    """TF1's switch (ON_2: these small programs compile, where ON_1's size rule would leave
    them uncompiled), on the CPU (also in the suite's pass on the CuPy stand-in)."""
    return tf.ConfigProto(device_count={"GPU": 0}, graph_options=tf.GraphOptions(
        optimizer_options=tf.OptimizerOptions(global_jit_level=tf.OptimizerOptions.ON_2)))


PLAIN = tf.ConfigProto(device_count={"GPU": 0})


def run_both(fetches, feed, graph=None, init=None):
    """``fetches`` run uncompiled and compiled: (plain values, compiled values, the compiled
    plan's parts as op types, ``"segment"`` for a compiled segment)."""
    results = []
    for config in (PLAIN, jit_config()):
        with tf.Session(graph=graph, config=config) as sess:
            if init is not None:
                sess.run(init)
            results.append(sess.run(fetches, feed))
            plans = [p for p in sess._plans.values() if isinstance(p, CompiledPlan)]
    parts = [["segment" if hasattr(part, "ops") else part.op.type for part in p.parts]
             for p in plans]
    return results[0], results[1], parts[-1] if parts else None


def assert_close(got, expected, rtol=1e-10, atol=1e-12):
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=rtol, atol=atol)


def test_counted_loop_and_its_gradient_are_one_program():
    x = tf.placeholder(tf.float64, [4, 3])
    w = tf.constant(np.random.RandomState(0).randn(3, 3) * 0.5)
    steps, y = tf.while_loop(lambda i, y: i < 5,
                             lambda i, y: (i + 1, tf.tanh(tf.matmul(y, w)) + x), [0, x])
    dx, dw = tf.gradients(tf.reduce_sum(y * y), [x, w])
    values = np.random.RandomState(1).randn(4, 3)
    expected, got, parts = run_both([steps, y, dx, dw], {x: values})
    assert parts == ["segment"]
    assert got[0] == 5
    assert_close(got, expected)
    manual = values
    for _ in range(5):
        manual = np.tanh(manual @ np.asarray(tf.Session().run(w))) + values
    np.testing.assert_allclose(got[1], manual, rtol=1e-12)


def test_loop_whose_trip_count_depends_on_a_feed_compiles_as_a_while_loop():
    x = tf.placeholder(tf.float64, [3])
    limit = tf.placeholder(tf.float64, [])
    _, y = tf.while_loop(lambda i, y: tf.reduce_sum(y) < limit, lambda i, y: (i + 1, y * 1.5),
                         [0, x])
    feed = {x: np.array([0.5, 1.0, 1.5]), limit: 40.0}
    expected, got, parts = run_both(y, feed)
    assert parts == ["segment"]
    np.testing.assert_allclose(got, expected)
    np.testing.assert_allclose(got, np.array([0.5, 1.0, 1.5]) * 1.5 ** 7)  # sums 3 * 1.5^k: 51 > 40


def test_its_gradient_runs_the_loop_uncompiled_with_the_same_values():
    x = tf.placeholder(tf.float64, [3])
    limit = tf.placeholder(tf.float64, [])
    _, y = tf.while_loop(lambda i, y: tf.reduce_sum(y) < limit, lambda i, y: (i + 1, y * 1.5),
                         [0, x])
    grad = tf.gradients(tf.reduce_sum(tf.sin(y)), x)[0]
    feed = {x: np.array([0.5, 1.0, 1.5]), limit: 40.0}
    expected, got, parts = run_both([y, grad], feed)
    assert "While" in parts and "WhileGrad" in parts  # no trip count to record the loop by
    assert_close(got, expected)


def test_nested_loops_and_their_gradient_are_one_program():
    x = tf.placeholder(tf.float64, [2, 3])

    def inner(y):
        return tf.while_loop(lambda j, z: j < 3, lambda j, z: (j + 1, tf.sin(z) * x), [0, y])[1]
    _, y = tf.while_loop(lambda i, y: i < 2, lambda i, y: (i + 1, inner(y) + x), [0, x])
    grad = tf.gradients(tf.reduce_sum(y), x)[0]
    values = np.random.RandomState(2).randn(2, 3)
    expected, got, parts = run_both([y, grad], {x: values})
    assert parts == ["segment"]
    assert_close(got, expected)


def test_rows_sliced_backwards_and_collected_with_their_gradient():
    x = tf.placeholder(tf.float64, [5, 3])
    last = tf.shape(x)[0] - 1
    _, (mapped,) = while_loop_collecting(
        lambda i: i >= 0, lambda i, row: ([i - 1], [tf.sin(row) * row]), [last], sliced=[x],
        slice_start=last, slice_step=-1)
    weights = np.random.RandomState(3).randn(5, 3)
    grad = tf.gradients(mapped, x, grad_ys=tf.constant(weights))[0]
    values = np.random.RandomState(4).randn(5, 3)
    expected, got, parts = run_both([mapped, grad], {x: values})
    assert parts == ["segment"]
    assert_close(got, expected)
    np.testing.assert_allclose(got[0], (np.sin(values) * values)[::-1])
    np.testing.assert_allclose(got[1], weights[::-1] * (np.cos(values) * values +
                                                         np.sin(values)))


def test_float64_gradient_through_a_compiled_loop_matches_finite_differences():
    x = tf.placeholder(tf.float64, [2, 2])
    _, y = tf.while_loop(lambda i, y: i < 4, lambda i, y: (i + 1, tf.tanh(y) * x + 0.1),
                         [0, x])
    loss = tf.reduce_sum(y * y)
    grad = tf.gradients(loss, x)[0]
    values = np.random.RandomState(5).randn(2, 2)
    with tf.Session(config=jit_config()) as sess:
        analytic = sess.run(grad, {x: values})
        numeric = np.zeros_like(values)
        for index in np.ndindex(*values.shape):
            step = np.zeros_like(values)
            step[index] = 1e-6
            numeric[index] = (sess.run(loss, {x: values + step}) -
                              sess.run(loss, {x: values - step})) / 2e-6
        assert isinstance(sess._plans.get(((grad,), (x,))), CompiledPlan)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


def test_a_loop_with_py_func_in_its_body_stays_a_graph_break_and_works():
    x = tf.placeholder(tf.float64, [3])
    _, y = tf.while_loop(
        lambda i, y: i < 3,
        lambda i, y: (i + 1, tf.reshape(tf.py_func(lambda v: v * 2.0, [tf.sin(y)], tf.float64),
                                        [3])), [0, x])
    values = np.array([0.1, 0.2, 0.3])
    expected, got, parts = run_both(tf.exp(y), {x: values})
    assert parts == ["While", "segment"]  # the loop (sin, py_func), then exp
    manual = values
    for _ in range(3):
        manual = 2 * np.sin(manual)
    np.testing.assert_allclose(got, np.exp(manual))
    np.testing.assert_allclose(got, expected)


def lstm_step(loop, unmarked=False):
    """A dynamic_rnn LSTM's training step, built as a loop (``loop``: in jit_scope) or
    unrolled (in a ``compile_ops=False`` scope, or in none when ``unmarked``):
    (graph, init, loss, train, feed, [(Variable, starting value)])."""
    graph = tf.Graph()
    rng = np.random.RandomState(6)
    with graph.as_default():
        tf.set_random_seed(0)
        x = tf.placeholder(tf.float32, [None, 6, 4])
        y = tf.placeholder(tf.float32, [None, 3])
        scope = tf.xla.experimental.jit_scope() if loop else contextlib.nullcontext() \
            if unmarked else tf.xla.experimental.jit_scope(compile_ops=False)
        with scope:
            cell = tf.nn.rnn_cell.BasicLSTMCell(5)
            _, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
            logits = tf.layers.dense(state.h, 3)
            loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y,
                                                                             logits=logits))
            train = tf.train.AdamOptimizer(0.05).minimize(loss)
        init = tf.global_variables_initializer()
        weights = sorted(tf.trainable_variables(), key=lambda v: v.name)
    feed = {x: rng.randn(8, 6, 4).astype(np.float32),
            y: np.eye(3, dtype=np.float32)[rng.randint(0, 3, 8)]}
    # the same starting weights in both graphs (their initializers' seeds differ)
    values = [(v, rng.uniform(-0.5, 0.5, v.shape.as_list()).astype(np.float32))
              for v in weights]
    assert [v.name for v in weights] == ["dense/bias:0", "dense/kernel:0",
                                         "rnn/basic_lstm_cell/bias:0",
                                         "rnn/basic_lstm_cell/kernel:0"]
    return graph, init, loss, train, feed, values


def test_dynamic_rnn_in_jit_scope_is_a_loop_and_trains_as_the_unrolled_one():
    losses = {}
    for loop, config in ((False, PLAIN), (True, PLAIN), (True, jit_config())):
        graph, init, loss, train, feed, weights = lstm_step(loop)
        assert any(op.type == "While" for op in graph.get_operations()) == loop
        with tf.Session(graph=graph, config=config) as sess:
            sess.run(init)
            for variable, value in weights:
                variable.load(value, sess)
            losses[loop, config is PLAIN] = [sess.run([loss, train], feed)[0] for _ in range(4)]
            if config is not PLAIN:
                plan = max((p for p in sess._plans.values() if isinstance(p, CompiledPlan)),
                           key=lambda p: len(p.ops))
                assert any(op.type == "WhileGrad" for op in plan.ops)
                assert [type(part).__name__ for part in plan.parts] == ["_Segment"]
    np.testing.assert_allclose(losses[True, True], losses[False, True], rtol=1e-5)
    np.testing.assert_allclose(losses[True, False], losses[False, True], rtol=1e-5)
    assert losses[True, False][-1] < losses[True, False][0]



def test_fused_lstm_sequence_built_without_the_switch_compiles_when_the_session_asks():
    # the graph is built before the Session (ConfigProto only): dynamic_rnn emits its fused
    # LSTMSequence ops, which the compiled path traces through their pure twins
    losses = {}
    for config in (PLAIN, jit_config()):
        graph, init, loss, train, feed, weights = lstm_step(False, unmarked=True)
        assert any(op.type == "LSTMSequence" for op in graph.get_operations())
        with tf.Session(graph=graph, config=config) as sess:
            sess.run(init)
            for variable, value in weights:
                variable.load(value, sess)
            losses[config is PLAIN] = [sess.run([loss, train], feed)[0] for _ in range(3)]
            if config is not PLAIN:
                plan = max((p for p in sess._plans.values() if isinstance(p, CompiledPlan)),
                           key=lambda p: len(p.ops))
                assert {"LSTMSequence", "LSTMSequenceGrad", "StridedSliceGrad"} <= \
                    {op.type for op in plan.ops}
                assert [type(part).__name__ for part in plan.parts] == ["_Segment"]
    np.testing.assert_allclose(losses[False], losses[True], rtol=1e-5)

# ---------------------------------------------------------------- tf.cond (jit/conds.py)
def test_cond_and_its_gradient_compile_into_one_program_either_branch_taken():
    x = tf.placeholder(tf.float64, [3])
    pred = tf.placeholder(tf.bool, [])
    y = tf.cond(pred, lambda: tf.sin(x) * 2.0, lambda: tf.log(x) - 1.0)
    grad = tf.gradients(tf.reduce_sum(y * y), x)[0]
    values = np.array([-1.0, 0.5, 2.0])  # log(-1) is NaN: only where the false branch is taken
    for taken in (True, False):
        with np.errstate(invalid="ignore"):  # the uncompiled plan's log(-1), when taken
            expected, got, parts = run_both([y, grad], {x: values, pred: taken})
        assert parts == ["segment"]
        assert_close(got, expected)
    y_true, grad_true = run_both([y, grad], {x: values, pred: True})[1]
    np.testing.assert_allclose(y_true, np.sin(values) * 2)
    np.testing.assert_allclose(grad_true, 8 * np.sin(values) * np.cos(values))


def test_cond_inside_a_loop_body_keeps_the_loop_a_graph_break_with_the_same_values():
    x = tf.placeholder(tf.float64, [2])
    _, looped = tf.while_loop(
        lambda i, y: i < 4,
        lambda i, y: (i + 1, tf.cond(tf.reduce_sum(y) > 0, lambda: y * 0.5, lambda: y + 1.0)),
        [0, x])
    for values, manual in ((np.array([0.3, 0.4]), np.array([0.3, 0.4]) / 16),
                           (np.array([-2.0, 0.5]), np.array([-1.0, 1.5]) / 8)):
        expected, got, parts = run_both(looped, {x: values})
        assert parts == ["While"]  # its body (with the cond) compiles as a plan of its own
        np.testing.assert_allclose(got, expected)
        np.testing.assert_allclose(got, manual)


def test_cond_whose_branches_differ_in_shape_runs_uncompiled():
    x = tf.placeholder(tf.float64, [None])
    pred = tf.placeholder(tf.bool, [])
    y = tf.cond(pred, lambda: x * 2.0, lambda: tf.concat([x, x], 0))
    with tf.Session(config=jit_config()) as sess:
        np.testing.assert_allclose(sess.run(y, {x: [1.0, 2.0], pred: True}), [2.0, 4.0])
        np.testing.assert_allclose(sess.run(y, {x: [1.0, 2.0], pred: False}),
                                   [1.0, 2.0, 1.0, 2.0])
        plan = next(iter(sess._plans.values()))
        assert plan.uncompiled


@pytest.mark.parametrize("branch_op", ["py_func", "assign"])
def test_cond_with_side_effects_in_a_branch_runs_only_the_taken_one(branch_op):
    calls = []
    x = tf.placeholder(tf.float64, [])
    counter = tf.Variable(0.0, dtype=tf.float64)

    def effect():
        if branch_op == "py_func":
            return tf.py_func(lambda v: calls.append(v) or v + 1.0, [x], tf.float64)
        return tf.assign_add(counter, 1.0)
    y = tf.cond(x > 0, effect, lambda: x * 0.0)
    with tf.Session(config=jit_config()) as sess:
        sess.run(counter.initializer)
        assert sess.run(y, {x: -1.0}) == 0.0
        assert sess.run(y, {x: 2.0}) == (3.0 if branch_op == "py_func" else 1.0)
        assert len(calls) == (1 if branch_op == "py_func" else 0)
        assert sess.run(counter) == (0.0 if branch_op == "py_func" else 1.0)
        assert not any(isinstance(p, CompiledPlan) and not p.uncompiled
                       for p in sess._plans.values() if y.op in p.ops)


def test_trip_count_computed_ahead_from_the_rows_a_loop_reads():
    """The condition reads a sum of the rows of a constant: known while tracing, so the loop
    is a scan of the right length (3 rows: 1 + 2 + 3 >= 5.5)."""
    x = tf.placeholder(tf.float64, [])
    rows = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0], tf.float64)
    _, (scaled,) = while_loop_collecting(
        lambda i, total: total < 5.5,
        lambda i, total, row: ([i + 1, total + row], [row * x]), [0, tf.constant(0.0, tf.float64)],
        sliced=[rows])
    grad = tf.gradients(tf.reduce_sum(scaled), x)[0]
    expected, got, parts = run_both([scaled, grad], {x: 2.0})
    assert parts == ["segment"]
    np.testing.assert_allclose(got[0], [2.0, 4.0, 6.0])
    assert got[1] == 6.0
    assert_close(got, expected)


def test_loop_whose_record_is_read_across_a_graph_break_runs_as_before():
    x = tf.placeholder(tf.float64, [3])
    _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, tf.sin(y) * x), [0, x])
    # a py_func between the loop and its gradient: the record would leave the program
    loss = tf.reduce_sum(tf.py_func(lambda v: v * 2.0, [y], tf.float64) * y)
    grad = tf.gradients(loss, x)[0]
    values = np.array([0.3, -0.2, 0.9])
    expected, got, parts = run_both([loss, grad], {x: values})
    assert "While" in parts and "WhileGrad" in parts and "PyFunc" in parts
    assert_close(got, expected)


def test_dynamic_rnn_loop_with_sequence_lengths_matches_the_unrolled_one():
    values = np.random.RandomState(7).randn(3, 5, 2)
    results = []
    for loop in (False, True):
        graph = tf.Graph()
        with graph.as_default():
            x = tf.placeholder(tf.float64, [3, 5, 2])
            lengths = tf.placeholder(tf.int32, [3])
            with tf.xla.experimental.jit_scope(compile_ops=loop):
                cell = tf.nn.rnn_cell.GRUCell(4, kernel_initializer=tf.constant_initializer(0.3))
                outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths,
                                                   dtype=tf.float64)
                grad = tf.gradients(tf.reduce_sum(outputs) + tf.reduce_sum(state), x)[0]
            init = tf.global_variables_initializer()
        with tf.Session(graph=graph, config=jit_config() if loop else PLAIN) as sess:
            sess.run(init)
            results.append(sess.run([outputs, state, grad], {x: values, lengths: [5, 2, 0]}))
            if loop:
                plan = sess._plans.get(((outputs, state, grad), (x, lengths)))
                assert [type(part).__name__ for part in plan.parts] == ["_Segment"]
    assert_close(results[1], results[0])
    assert not results[1][0][1, 2:].any() and not results[1][2][2].any()  # past each length


def test_dynamic_rnn_builds_a_loop_only_where_its_ops_will_be_compiled(monkeypatch):
    def builds_loop():
        graph = tf.get_default_graph()
        loops = sum(op.type == "While" for op in graph.get_operations())
        x = tf.placeholder(tf.float32, [None, 3, 2])
        outputs, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), x, dtype=tf.float32,
                                       scope="rnn%d" % len(graph.get_operations()))
        assert outputs.shape.as_list() == [None, 3, 2]
        return sum(op.type == "While" for op in graph.get_operations()) > loops

    def in_graph(build):
        with tf.Graph().as_default():
            return build()
    assert not in_graph(builds_loop)  # op by op: unrolled
    with tf.Graph().as_default():
        with tf.xla.experimental.jit_scope():
            assert builds_loop()
            with tf.xla.experimental.jit_scope(compile_ops=False):
                assert not builds_loop()
    monkeypatch.setenv("AUTOGRAD_ENGINE_JIT", "1")
    assert in_graph(builds_loop)
    monkeypatch.setenv("AUTOGRAD_ENGINE_JIT", "0")
    with tf.Graph().as_default(), tf.xla.experimental.jit_scope():
        assert not builds_loop()
