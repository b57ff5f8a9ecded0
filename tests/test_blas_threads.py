"""BLAS threads per op: small products on one thread, large ones on the Session's bound, chosen
when the plan is built (static shapes) or per run (a batch known only then), switched only when
the count changes, and each plan's runs timed under each arm (one thread, per grain, all
threads: blas_threads.ArmChoice). Host BLAS only: with a device, the products run there
(``on_the_host`` holds it off)."""
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


class _FakeRule:
    arm = 0


def _timed_runs(seconds_by_arm, clock_step_between_runs=0.0):
    """An ArmChoice over three arms on a fake clock; ``run()`` runs once (each arm's run takes
    ``seconds_by_arm[arm]``) and returns the arm it ran under."""
    rule, now = _FakeRule(), [0.0]
    choice = blas_threads.ArmChoice(3, clock=lambda: now[0])

    def run():
        ended = choice.start(rule)
        now[0] += seconds_by_arm[rule.arm]
        if ended is not None:
            ended()
        now[0] += clock_step_between_runs
        return rule.arm
    return choice, run, now


def test_a_plan_keeps_the_arm_whose_runs_are_fastest_and_checks_again_later():
    seconds = [1.0e-3, 0.8e-3, 0.6e-3]  # a quiet machine: all threads best
    choice, run, now = _timed_runs(seconds)
    ran = [run() for _ in range(18)]
    # each visit: one untimed run (the switch settles) and one timed; arms in turn
    assert ran == [0, 0, 1, 1, 2, 2] * 3
    assert choice.chosen == 2 and [run() for _ in range(3)] == [2, 2, 2]
    seconds[1], seconds[2] = 20e-3, 50e-3  # another process takes the second core
    while choice.chosen == 2:
        run()
        now[0] += 0.01
    assert now[0] >= blas_threads.ArmChoice.FIRST_RECHECK_SECONDS  # checked again
    while choice.chosen is None:
        run()
    assert choice.chosen == 0
    # an arm over twice the best median is dropped after one timed run, not three
    assert len(choice.samples[1]) == 1 and len(choice.samples[2]) == 1


def test_more_threads_are_kept_only_when_they_beat_one_thread_by_the_margin():
    # 10% faster on three noisy runs: not enough to risk more threads
    choice, run, _ = _timed_runs([1.0e-3, 0.9e-3, 0.92e-3])
    while choice.chosen is None:
        run()
    assert choice.chosen == 0
    choice, run, _ = _timed_runs([1.0e-3, 0.8e-3, 0.85e-3])  # 20% faster: kept
    while choice.chosen is None:
        run()
    assert choice.chosen == 1


def test_a_check_that_confirms_the_choice_doubles_the_interval():
    choice, run, now = _timed_runs([1.0e-3, 10e-3, 30e-3], clock_step_between_runs=0.01)
    while choice.chosen is None:
        run()
    assert choice.chosen == 0 and choice.live == [0]
    interval = choice.recheck_seconds
    arms = []
    while now[0] < 2.5 * interval:
        arms.append(run())
    assert arms.count(1) == 2 and arms.count(2) == 2  # the check: two runs of each, dropped
    assert choice.chosen == 0 and choice.recheck_seconds == 2 * interval


def test_the_arm_sets_the_thread_count_of_every_product(switches, on_the_host):
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 512])
        seen = []
        y = tf.py_func(lambda v: (seen.append(blas_threads.controller().read()), v)[1],
                       [tf.reduce_sum(tf.matmul(x, tf.ones([512, 8])))], tf.float32)
    sess = tf.Session(graph=graph)
    rule = sess._ctx.blas_rule = blas_threads.ThreadRule(2, grain=10 ** 12)
    with sess:
        for _ in range(6):
            sess.run(y, {x: np.ones((64, 512), np.float32)})
    assert rule.arms == ("one", "split", "all") and seen == [1, 1, 1, 1, 2, 2]


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
