"""BLAS threads per op: small products on one thread, large ones on the Session's bound, chosen
when the plan is built (static shapes) or per run (a batch known only then), switched only when
the count changes, and large products timed both ways (blas_threads.ChoiceByTiming). Host BLAS
only: with a device, the products run there (``on_the_host`` holds it off)."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine import blas_threads
from autograd_engine.ops import blas_work


@pytest.fixture
def switches(monkeypatch):
    """The counts the process's controller sets, in order."""
    control = blas_threads.controller()
    calls = []
    original = control.set

    def recording_set(threads):
        calls.append(threads)
        original(threads)
    monkeypatch.setattr(control, "set", recording_set)
    yield calls
    control.restore()


def _session_with_rule(graph=None, limit=2):
    sess = tf.Session(graph=graph)
    sess._ctx.blas_rule = blas_threads.ThreadRule(limit, adaptive=False)
    return sess


def test_rule_is_one_thread_per_grain_of_work_within_the_bound():
    rule = blas_threads.ThreadRule(limit=4, grain=1000)
    assert [rule.threads(f) for f in (10, 1999, 2000, 3500, 10 ** 9)] == [1, 1, 2, 3, 4]
    assert blas_threads.ThreadRule(limit=1, grain=1000).threads(10 ** 9) == 1
    assert blas_threads.ThreadRule(limit=3, grain=0).threads(5) == 3


def test_flops_of_products_and_convolutions():
    assert blas_work.matmul_flops((2, 3, 4), (4, 5)) == 2 * 2 * 3 * 4 * 5
    assert blas_work.matmul_flops((4, 3), (5, 4), True, True) == 2 * 3 * 4 * 5
    assert blas_work.matmul_flops((None, 3), (3, 5)) is None
    x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    conv = tf.nn.conv2d(x, tf.zeros([3, 3, 3, 4]), [1, 2, 2, 1], "SAME")
    rows = 10 * 4 * 4  # batch x output height x width
    assert conv.op.op_def.blas_flops(conv.op, [(10, 8, 8, 3), (3, 3, 3, 4)]) == \
        2 * rows * 27 * 4
    assert conv.op.op_def.blas_flops(conv.op, [(None, 8, 8, 3), (3, 3, 3, 4)]) is None


def test_small_products_run_on_one_thread_and_never_switch_again(switches, on_the_host):
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [20, 64])
        y = tf.matmul(tf.matmul(x, tf.ones([64, 64])), tf.ones([64, 8]))
    with _session_with_rule(graph) as sess:
        value = sess.run(y, {x: np.ones((20, 64), np.float32)})
        assert blas_threads.controller().read() == 1
        first = len(switches)
        for _ in range(5):
            sess.run(y, {x: np.ones((20, 64), np.float32)})
        assert len(switches) == first  # the count is already 1: no call to the library
    np.testing.assert_allclose(value, np.full((20, 8), 64.0 * 64.0))
    assert blas_threads.controller().read() == blas_threads.controller().default


def test_batch_known_only_at_run_time_decides_per_run(switches, on_the_host):
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 512])
        w = tf.ones([512, 512])
        y = tf.reduce_sum(tf.matmul(x, w))
        seen = []
        probe = tf.py_func(lambda v: (seen.append(blas_threads.controller().read()), v)[1],
                           [y], tf.float32)
    with _session_with_rule(graph) as sess:
        sess.run(probe, {x: np.ones((4, 512), np.float32)})  # 2 MFLOP: one thread
        sess.run(probe, {x: np.ones((512, 512), np.float32)})  # 268 MFLOP: two
        sess.run(probe, {x: np.ones((4, 512), np.float32)})
    assert seen == [1, 2, 1]


def test_intra_op_bound_holds_large_products_too(switches, on_the_host):
    graph = tf.Graph()
    with graph.as_default():
        a = tf.ones([512, 512])
        y = tf.matmul(a, a)
    config = tf.ConfigProto(intra_op_parallelism_threads=1)
    with tf.Session(graph=graph, config=config) as sess:
        np.testing.assert_allclose(sess.run(y)[0, 0], 512.0)
    assert set(switches) <= {1, blas_threads.controller().default}
    assert 1 in switches or blas_threads.controller().default == 1


class _FakeControl:
    def __init__(self):
        self.current = 1

    def want(self, threads):
        self.current = threads


def _timed_choice(seconds_by_threads):
    """A ChoiceByTiming over a kernel taking ``seconds_by_threads[count]`` on a fake clock."""
    control, now = _FakeControl(), [0.0]

    def kernel():
        now[0] += seconds_by_threads[control.current]
        return control.current
    choice = blas_threads.ChoiceByTiming(control, 2, clock=lambda: now[0])
    choice_run = choice.run
    choice.run = lambda: choice_run(kernel, ())
    return choice, seconds_by_threads, now


def test_large_product_keeps_the_faster_count_and_checks_again_later():
    choice, seconds, now = _timed_choice({1: 1.0e-3, 2: 0.6e-3})
    ran = [choice.run() for _ in range(8)]
    assert ran == [1, 2] * 4  # four samples of each, one thread first
    assert choice.chosen == 2 and [choice.run() for _ in range(3)] == [2, 2, 2]
    seconds[2] = 50e-3  # another process takes the second core
    while choice.chosen == 2:
        choice.run()
        now[0] += 0.01
    assert now[0] >= blas_threads.ChoiceByTiming.FIRST_RECHECK_SECONDS  # checked again
    while choice.chosen is None:
        choice.run()
    # one call with one thread was close enough to time both again; a call with two threads
    # over twice one thread's median settles it after one call, not four
    assert choice.chosen == 1 and len(choice.samples[2]) == 1


def test_a_check_that_confirms_the_choice_costs_one_call():
    choice, seconds, now = _timed_choice({1: 1.0e-3, 2: 10e-3})
    assert [choice.run() for _ in range(2)] == [1, 2] and choice.chosen == 1
    interval = choice.recheck_seconds
    calls = []
    while now[0] < 3 * interval:
        calls.append(choice.run())
        now[0] += 0.01
    assert calls.count(2) == 1 and choice.chosen == 1
    assert choice.recheck_seconds == 2 * interval  # the next check comes later


def test_results_do_not_depend_on_the_thread_count():
    graph = tf.Graph()
    rng = np.random.default_rng(0)
    a_value = rng.standard_normal((300, 400)).astype(np.float32)
    with graph.as_default():
        a = tf.placeholder(tf.float32, [None, 400])
        y = tf.matmul(a, tf.constant(rng.standard_normal((400, 300)).astype(np.float32)))
    values = []
    for limit in (1, 2):
        with _session_with_rule(graph, limit) as sess:
            values.append(sess.run(y, {a: a_value}))
    np.testing.assert_allclose(values[0], values[1], rtol=1e-5, atol=1e-4)
