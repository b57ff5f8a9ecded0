"""tf.while_loop: values, structures, limits, shape invariants, stateful bodies, gradients."""
import collections

import numpy as np
import pytest

import autograd_engine as tf


def _run(fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


def test_counting_loop():
    i, total = tf.while_loop(lambda i, t: i < 5, lambda i, t: (i + 1, t + i), [0, 0])
    assert _run([i, total]) == [5, 10]
    assert i.dtype == tf.int32 and i.shape.as_list() == []


def test_single_variable_and_namedtuple_structures():
    n = tf.while_loop(lambda v: v < 100, lambda v: v * 2, [1])
    assert _run(n) == 128
    State = collections.namedtuple("State", "step value")
    out = tf.while_loop(lambda s: s.step < 3, lambda s: State(s.step + 1, s.value * 2.0),
                        [State(tf.constant(0), tf.constant(1.5))])
    assert isinstance(out, State)
    assert _run(list(out)) == [3, 12.0]


def test_runtime_trip_count_and_maximum_iterations():
    n = tf.placeholder(tf.int32, [])
    k = tf.while_loop(lambda k: k < n, lambda k: k + 1, [0])
    capped = tf.while_loop(lambda k: k < n, lambda k: k + 1, [0], maximum_iterations=4)
    with tf.Session() as sess:
        assert [sess.run(k, {n: v}) for v in (0, 3, 7)] == [0, 3, 7]
        assert sess.run(capped, {n: 10}) == 4


def test_shape_must_not_change_without_invariants():
    v = tf.constant([1.0])
    grow = lambda x: tf.reshape(tf.stack([x, x]), [-1])  # noqa: E731
    with pytest.raises(ValueError, match=r"enters the loop with shape \(1,\), but has shape "
                                         r"\(2,\) after one iteration.*shape_invariants"):
        tf.while_loop(lambda x: tf.size(x) < 8, grow, [v])
    out = tf.while_loop(lambda x: tf.size(x) < 8, grow, [v],
                        shape_invariants=[tf.TensorShape([None])])
    assert out.shape.as_list() == [None]
    np.testing.assert_array_equal(_run(out), np.ones(8))


def test_stateful_body_runs_once_per_iteration():
    counter = tf.Variable(0)

    def body(i):
        with tf.control_dependencies([counter.assign_add(1)]):
            return i + 1
    loop = tf.while_loop(lambda i: i < 6, body, [0])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(loop)
        assert sess.run(counter) == 6


def test_cond_inside_the_body():
    i, acc = tf.while_loop(
        lambda i, a: i < 6,
        lambda i, a: (i + 1, tf.cond(tf.equal(i % 2, 0), lambda: a + i, lambda: a)), [0, 0])
    assert _run(acc) == 0 + 2 + 4


def test_gradient_with_respect_to_initial_value_and_captured_tensor():
    x = tf.placeholder(tf.float64, [])
    n = tf.placeholder(tf.int32, [])
    w = tf.constant(1.5, tf.float64)
    _, y = tf.while_loop(lambda k, v: k < n, lambda k, v: (k + 1, v * v * w), [0, x])
    gx, gw = tf.gradients(y, [x, w])

    def f(xv, wv, steps):
        for _ in range(steps):
            xv = xv * xv * wv
        return xv
    eps = 1e-6
    with tf.Session() as sess:
        for steps in (0, 1, 3):
            got = sess.run([y, gx, gw], {x: 1.1, n: steps})
            num_x = (f(1.1 + eps, 1.5, steps) - f(1.1 - eps, 1.5, steps)) / (2 * eps)
            num_w = (f(1.1, 1.5 + eps, steps) - f(1.1, 1.5 - eps, steps)) / (2 * eps)
            np.testing.assert_allclose(got, [f(1.1, 1.5, steps), num_x, num_w], rtol=1e-6,
                                       atol=1e-9)


def test_rnn_like_loop_passes_the_gradient_check():
    rng = np.random.RandomState(0)
    h0, w, inputs = rng.randn(2, 3), rng.randn(3, 3) * 0.5, rng.randn(4, 2, 3)

    def unrolled(h_init, weights, xs):
        def body(t, h):
            return t + 1, tf.tanh(tf.matmul(h, weights) + xs[0] * tf.cast(t, tf.float64))
        return tf.while_loop(lambda t, h: t < 4, body, [tf.constant(0), h_init])[1]
    tf.test.check_gradients(unrolled, [h0, w, inputs])


def test_back_prop_false_stops_gradients():
    x = tf.placeholder(tf.float32, [])
    y = tf.while_loop(lambda v: v < 10.0, lambda v: v * 2.0, [x], back_prop=False)
    assert tf.gradients(y, [x]) == [None]


def test_errors():
    with pytest.raises(TypeError, match="scalar bool"):
        tf.while_loop(lambda v: v, lambda v: v + 1, [0])
    with pytest.raises(ValueError, match="returned 1 values for 2 loop variables"):
        tf.while_loop(lambda a, b: a < 3, lambda a, b: a + 1, [0, 0])
    with pytest.raises(TypeError, match="callable"):
        tf.while_loop(True, lambda v: v, [0])


def test_a_loop_keeps_its_iterations_only_when_it_is_differentiated():
    x = tf.placeholder(tf.float64, [3])
    i, y = tf.while_loop(lambda i, y: i < 50, lambda i, y: (i + 1, y * 1.01), [0, x])
    loop = y.op
    record = loop.outputs[-1]  # the While's record of each iteration's values
    feed = {x: np.ones(3)}
    with tf.Session() as sess:
        assert sess.run(record, feed) == []  # no gradient: nothing kept
        g, = tf.gradients(tf.reduce_sum(y), [x])
        value, history = sess.run([g, record], feed)
        assert len(history) == 50
        np.testing.assert_allclose(value, np.full(3, 1.01 ** 50))


@pytest.mark.parametrize("reverse", [False, True])
def test_collecting_loop_slices_and_stacks_with_gradients(reverse):
    from autograd_engine.ops.while_loop import while_loop_collecting
    rng = np.random.RandomState(4)
    xs_value, w_value = rng.randn(5, 3), rng.randn(3)

    def run(xs, w):
        n = tf.shape(xs)[0]
        start = n - 2 if reverse else 1  # skip one element at the start of the walk
        step = -1 if reverse else 1

        def body(i, total, x):  # x: row start + step * t of xs
            value = tf.tanh(x * w) + total
            return [i + step, total + tf.reduce_sum(x)], [value]
        cond = (lambda i, total: i >= 0) if reverse else (lambda i, total: i < n)
        (_, total), (stacked,) = while_loop_collecting(
            cond, body, [start, tf.constant(0.0, tf.float64)], sliced=[xs], slice_start=start,
            slice_step=step)
        return stacked * 2.0 + total

    order = list(range(3, -1, -1)) if reverse else list(range(1, 5))
    expected, total = [], 0.0
    for row in order:
        expected.append(np.tanh(xs_value[row] * w_value) + total)
        total += xs_value[row].sum()
    with tf.Session() as sess:
        got = sess.run(run(tf.constant(xs_value), tf.constant(w_value)))
    np.testing.assert_allclose(got, np.array(expected) * 2.0 + total, rtol=1e-12)
    tf.test.check_gradients(run, [xs_value, w_value])


def test_map_fn_reads_its_elements_through_the_loop_not_by_gather():
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.map_fn(lambda row: row * 2.0, x)
    tf.gradients(tf.reduce_sum(y), [x])
    types = {op.type for op in tf.get_default_graph().get_operations()}
    assert "GatherV2" not in types and "UnsortedSegmentSum" not in types


def test_gradient_through_a_cond_branch_that_gathers_from_outside_the_loop():
    # A sparse gradient (from tf.gather) made in a branch that some iterations do not take
    # must reach the captured tensor as zeros for those iterations (seen in raw_rnn programs).
    xs = tf.constant(np.arange(4.0))
    w = tf.constant(2.0, tf.float64)

    def body(i, v):
        added = tf.cond(i >= 2, lambda: tf.zeros([], tf.float64), lambda: tf.gather(xs, i))
        return i + 1, v * w + added
    _, out = tf.while_loop(lambda i, v: i < 3, body, [tf.constant(0), tf.constant(1.0, tf.float64)])
    grad_w, grad_xs = tf.gradients(out, [w, xs])
    with tf.Session() as sess:
        value, dw, dxs = sess.run([out, grad_w, tf.convert_to_tensor(grad_xs)])
    # out = ((1*w + x0)*w + x1)*w: TF1 gives 10 and d/dw = 3w^2 + 2w*x0 + x1 = 13.
    assert value == 10.0 and dw == 13.0
    assert dxs.tolist() == [4.0, 2.0, 0.0, 0.0]
