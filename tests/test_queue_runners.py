"""tf.train.Coordinator and tf.train.QueueRunner as TF1's: exceptions from runner threads are
re-raised by join, the end of input is a clean stop, threads end when the coordinator stops
or the Session closes. Every test bounds its waits."""
import threading
import time

import pytest

import autograd_engine as tf


def _thread(target):
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def test_join_reraises_the_first_exception_of_a_thread():
    coord = tf.train.Coordinator()

    def failing():
        with coord.stop_on_exception():
            raise ValueError("first")

    def later():
        coord.wait_for_stop(2)
        coord.request_stop(RuntimeError("second"))
    threads = [_thread(failing), _thread(later)]
    with pytest.raises(ValueError, match="first"):
        coord.join(threads, stop_grace_period_secs=2)
    assert coord.should_stop() and coord.joined


def test_out_of_range_is_a_clean_stop():
    coord = tf.train.Coordinator()
    coord.request_stop(tf.errors.OutOfRangeError(None, None, "end"))
    assert coord.should_stop()
    coord.join([])  # nothing raised
    coord.clear_stop()
    assert not coord.should_stop() and not coord.joined


def test_request_stop_after_join_raises_at_once():
    coord = tf.train.Coordinator()
    coord.request_stop()
    coord.join()
    with pytest.raises(KeyError):
        coord.request_stop(KeyError("too late"))


def test_join_names_threads_still_running_after_the_grace_period():
    coord = tf.train.Coordinator()
    release = threading.Event()
    stuck = threading.Thread(target=lambda: release.wait(5), name="stuck-thread", daemon=True)
    stuck.start()
    coord.register_thread(stuck)
    coord.request_stop()
    try:
        with pytest.raises(RuntimeError, match="stuck-thread"):
            coord.join(stop_grace_period_secs=0.05)
    finally:
        release.set()
        stuck.join(2)


def test_wait_for_stop_times_out_and_returns_the_flag():
    coord = tf.train.Coordinator()
    assert coord.wait_for_stop(0.01) is False
    coord.request_stop()
    assert coord.wait_for_stop(0.01) is True


def test_queue_runner_fills_the_queue_and_stops_with_the_coordinator():
    queue = tf.FIFOQueue(4, tf.int32, shapes=[[]])
    counter = tf.Variable(0)
    runner = tf.train.QueueRunner(queue, [queue.enqueue(tf.assign_add(counter, 1))])
    dequeue = queue.dequeue_many(3)
    with tf.Session() as sess:
        sess.run(counter.initializer)
        coord = tf.train.Coordinator()
        threads = runner.create_threads(sess, coord=coord, start=True)
        assert len(threads) == 2  # the enqueue thread and the one closing on stop
        assert runner.create_threads(sess, coord=coord) == []  # already running
        assert sorted(sess.run(dequeue, options=tf.RunOptions(timeout_in_ms=3000)).tolist()) \
            == [1, 2, 3]
        coord.request_stop()
        coord.join(threads, stop_grace_period_secs=3)
        assert not any(t.is_alive() for t in threads)
        assert sess.run(queue.is_closed())  # cancel_op closed it


def test_an_error_in_a_runner_thread_is_reraised_by_join():
    queue = tf.FIFOQueue(4, tf.float32, shapes=[[]])
    x = tf.placeholder(tf.float32, [])  # never fed: every enqueue fails
    tf.train.add_queue_runner(tf.train.QueueRunner(queue, [queue.enqueue(x)]))
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        assert coord.wait_for_stop(3)
        with pytest.raises(tf.errors.InvalidArgumentError, match="You must feed a value"):
            coord.join(threads, stop_grace_period_secs=3)


# as TF1, the thread also re-raises the error (nobody else would see it): pytest notices
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_without_a_coordinator_errors_are_kept_on_the_runner():
    queue = tf.FIFOQueue(4, tf.float32, shapes=[[]])
    x = tf.placeholder(tf.float32, [])
    runner = tf.train.QueueRunner(queue, [queue.enqueue(x)])
    with tf.Session() as sess:
        threads = runner.create_threads(sess, daemon=True, start=True)
        for t in threads:
            t.join(3)
    assert len(runner.exceptions_raised) == 1
    assert isinstance(runner.exceptions_raised[0], tf.errors.InvalidArgumentError)


def test_last_runner_thread_closes_the_queue_when_its_input_ends():
    source = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    target = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    move = target.enqueue(source.dequeue())
    runner = tf.train.QueueRunner(target, [move, move])  # two threads
    with tf.Session() as sess:
        sess.run(source.enqueue_many([[1, 2, 3]]))
        sess.run(source.close())
        coord = tf.train.Coordinator()
        threads = runner.create_threads(sess, coord, start=True)
        got = sess.run(target.dequeue_up_to(10), options=tf.RunOptions(timeout_in_ms=3000))
        assert sorted(got.tolist()) == [1, 2, 3]
        assert sess.run(target.is_closed())
        coord.request_stop()
        coord.join(threads, stop_grace_period_secs=3)


def test_closing_the_session_stops_and_joins_runner_threads():
    queue = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    runner = tf.train.QueueRunner(queue, [queue.enqueue(1)] * 3)
    sess = tf.Session()
    coord = tf.train.Coordinator()
    threads = runner.create_threads(sess, coord, daemon=True, start=True)
    time.sleep(0.05)  # the queue is full: the three enqueues block
    start = time.monotonic()
    sess.close()
    assert time.monotonic() - start < 3
    assert not any(t.is_alive() for t in threads)
    coord.request_stop()
    coord.join(threads, stop_grace_period_secs=1)  # ended quietly: nothing to re-raise


def test_queue_runner_argument_errors():
    queue = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    with pytest.raises(ValueError, match="non-empty list of enqueue ops"):
        tf.train.QueueRunner(queue, [])
    with pytest.raises(TypeError, match="queue_closed_exception_types"):
        tf.train.QueueRunner(queue, [queue.enqueue(1)], queue_closed_exception_types=[ValueError])
    runner = tf.train.QueueRunner(queue, [queue.enqueue(1)],
                                  queue_closed_exception_types=(tf.errors.OutOfRangeError,
                                                                tf.errors.CancelledError))
    assert runner.name == queue.name and runner.queue is queue
    assert tf.train.queue_runner.QueueRunner is tf.train.QueueRunner


def test_start_queue_runners_needs_a_session():
    with pytest.raises(ValueError, match="No default session"):
        tf.train.start_queue_runners()
