"""Bounded multi-threaded stress tests (issue 15, item 9 and "How to test it"): several threads
draining one tf.data iterator get every element exactly once; several threads running forward
passes of one Session get their own right answers. Each test joins its threads with a timeout,
so a deadlock fails the test instead of hanging the suite."""
import threading

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.framework import errors

THREADS = 4
JOIN_TIMEOUT_S = 30


def _run_threads(target, count=THREADS):
    """Runs ``target(index)`` in ``count`` threads started together; returns their results,
    re-raising the first exception of any thread."""
    results, failures = [None] * count, []
    barrier = threading.Barrier(count)

    def run(index):
        try:
            barrier.wait()
            results[index] = target(index)
        except BaseException as e:  # noqa: BLE001 - reported to the test below
            failures.append(e)
    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT_S)
    assert not any(t.is_alive() for t in threads), "a thread did not finish: deadlock?"
    if failures:
        raise failures[0]
    return results


def _drain(sess, next_element):
    def drain(_):
        seen = []
        while True:
            try:
                seen.append(sess.run(next_element))
            except errors.OutOfRangeError:
                return seen
    return drain


@pytest.mark.parametrize("make_dataset", [
    lambda: tf.data.Dataset.range(10000),
    lambda: tf.data.Dataset.from_generator(lambda: iter(range(10000)), tf.int64, []),
    lambda: tf.data.Dataset.from_tensor_slices(np.arange(10000)).map(lambda v: v * 1),
], ids=["range", "from_generator", "slices_map"])
def test_threads_draining_one_iterator_get_each_element_exactly_once(make_dataset):
    tf.reset_default_graph()
    iterator = make_dataset().make_initializable_iterator()
    next_element = iterator.get_next()
    with tf.Session() as sess:
        sess.run(iterator.initializer)
        per_thread = _run_threads(_drain(sess, next_element))
    union = np.sort(np.concatenate([np.asarray(s, np.int64) for s in per_thread]))
    np.testing.assert_array_equal(union, np.arange(10000))


def test_threads_share_a_one_shot_iterator_started_once():
    tf.reset_default_graph()
    next_element = tf.data.Dataset.range(2000).batch(7).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        per_thread = _run_threads(_drain(sess, next_element))
    union = np.sort(np.concatenate([b for batches in per_thread for b in batches]))
    np.testing.assert_array_equal(union, np.arange(2000))


def test_threads_running_forward_passes_get_their_own_answers():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float64, [None, 16])
    w = tf.Variable(np.random.RandomState(0).randn(16, 8))
    y = tf.nn.softmax(tf.matmul(tf.nn.relu(x), w))
    total = tf.reduce_sum(y, axis=1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        weights = sess.run(w)

        def forward(index):
            rng = np.random.RandomState(index)
            for _ in range(150):
                batch = rng.randn(int(rng.randint(1, 9)), 16)
                probabilities, sums = sess.run([y, total], {x: batch})
                logits = np.maximum(batch, 0) @ weights
                expected = np.exp(logits - logits.max(1, keepdims=True))
                np.testing.assert_allclose(probabilities, expected / expected.sum(1, keepdims=True),
                                           rtol=1e-10)
                np.testing.assert_allclose(sums, 1.0)
            return True
        assert all(_run_threads(forward))
