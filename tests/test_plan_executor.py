"""One executor: profiling runs the Session's own compiled plan in an instrumented mode (same
guards, kernels and rewrites), and fed values reach kernels without a copy on numpy (the
device's copies are tested in test_device_path.py)."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.ops.registry import REGISTRY
from autograd_engine.rendering import runtime_annotations, profile


def _only_plan(sess):
    (plan,) = sess._plans.values()
    return plan


@pytest.fixture
def rewrites_on(monkeypatch):
    """Tests about the rewrites' effect on profiles run with rewrites on in every pass."""
    monkeypatch.delenv("AUTOGRAD_ENGINE_REWRITES", raising=False)


@pytest.fixture
def kernel_calls(monkeypatch):
    """``watch(type_name)`` records the arguments every kernel of that op type is called with
    (a list of tuples), and how many times kernels were bound (``bound[type_name]``)."""
    calls, bound = {}, {}

    def watch(type_name):
        op_def = REGISTRY[type_name]
        real_kernel = op_def.kernel
        calls[type_name], bound[type_name] = [], 0

        def kernel(op, ctx):
            bound[type_name] += 1
            run = real_kernel(op, ctx)

            def recorded(*args):
                calls[type_name].append(args)
                return run(*args)
            return recorded
        monkeypatch.setattr(op_def, "kernel", kernel)
        return calls[type_name]
    watch.bound = bound
    return watch


def test_profile_respects_cond_guards(on_the_host):  # its failing branch: a CPU gather error
    x = tf.constant([1.0, 2.0])
    p = tf.placeholder(tf.bool, [])
    y = tf.cond(p, lambda: tf.gather(x, [5]), lambda: x[:1])
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y, {p: False}), [1.0])
        stats = profile(y, sess, {p: False})
        gather = tf.get_default_graph().get_operation_by_name("cond/GatherV2")
        assert not stats[gather].ran and stats[gather].shapes is None
        assert stats[y.op].ran and stats[y.op].shapes == [(1,)]
        assert runtime_annotations(stats, timings=True)[gather] == ("not run", None)
        # The plan's guards decide: the branch taken really runs (and fails here).
        with pytest.raises(tf.errors.InvalidArgumentError, match="GatherV2"):
            profile(y, sess, {p: True})


def test_render_with_session_runs_the_guarded_plan():
    pytest.importorskip("graphviz")
    x = tf.constant([1.0, 2.0])
    p = tf.placeholder(tf.bool, [])
    y = tf.cond(p, lambda: tf.gather(x, [5]), lambda: x[:1])
    with tf.Session() as sess:
        diagram = tf.render(y, session=sess, feed_dict={p: False}, timings=True)
    assert "not run" in diagram.source and " ms" in diagram.source


def test_profile_uses_the_compiled_plan_and_its_kernels(kernel_calls, rewrites_on):
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.identity(tf.exp(x) * 2.0) * 1.0
    kernel_calls("Exp")
    feed = {x: np.ones((4, 3), np.float32)}
    with tf.Session() as sess:
        expected = sess.run(y, feed)
        plan = _only_plan(sess)
        stats = profile(y, sess, feed)
        assert _only_plan(sess) is plan  # no plan of its own
        assert kernel_calls.bound["Exp"] == 1  # the plan's kernel, not one bound afresh
        values, again = plan.run_instrumented([feed[x]])
    np.testing.assert_allclose(values[0], expected)
    assert "_clock" not in plan.source  # the plain mode carries no timing
    by_type = {op.type: run for op, run in stats.items()}
    assert by_type["Exp"].shapes == [(4, 3)] and by_type["Exp"].seconds > 0
    # The rewrites removed Identity and "* 1.0": they ran as the values standing for them.
    assert plan.rewrites.counts["identity"] == 2
    assert by_type["Identity"] == (([(4, 3)]), 0.0)
    assert list(stats) == list(again)  # execution order, every needed op


def test_profile_charges_a_fusion_to_the_op_it_stands_for(rewrites_on):
    images = tf.placeholder(tf.float32, [2, 6, 6, 1])
    kernel = tf.Variable(tf.ones([3, 3, 1, 2]))
    loss = tf.reduce_sum(tf.nn.conv2d(images, kernel, [1, 1, 1, 1], "SAME"))
    step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    feed = {images: np.ones((2, 6, 6, 1), np.float32)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        stats = profile([loss, step], sess, feed)
        assert list(sess._plans.values())[-1].rewrites.counts["share_patches"] == 2
    conv = next(op for op in stats if op.type == "Conv2D")
    assert stats[conv].shapes == [(2, 6, 6, 2)] and stats[conv].seconds > 0


def test_a_fetched_feed_is_a_copy():
    x = tf.placeholder(tf.float32, [2])
    fed = np.ones(2, np.float32)
    with tf.Session() as sess:
        for fetched in sess.run([x, tf.identity(x)], {x: fed}):
            np.testing.assert_array_equal(fetched, fed)
            assert not np.shares_memory(fetched, fed)


def test_numpy_feeds_reach_kernels_without_a_copy(kernel_calls, on_the_host):
    calls = kernel_calls("Mul")
    x = tf.placeholder(tf.float32, [None])
    s = tf.placeholder(tf.float32, [])
    y = x * s
    fed = np.arange(3, dtype=np.float32)
    with tf.Session() as sess:
        sess.run(y, {x: fed, s: 2.0})
    (args,) = calls
    assert args[0] is fed
    assert type(args[1]) is np.float32  # 0-d values stay numpy scalars on numpy
