"""tf.PriorityQueue, tf.ConditionalAccumulator / SparseConditionalAccumulator (staleness,
waiting, MEAN and SUM), tf.IdentityReader and the LMDBReader placeholder, shaped like the
TF1 programs that use them (synchronous replicas, priority-ordered work)."""
import threading
import time

import numpy as np
import pytest

import autograd_engine as tf


def test_priority_queue_orders_by_priority_and_keeps_arrival_order_for_ties():
    with tf.Graph().as_default():
        queue = tf.queue.PriorityQueue(10, [tf.string, tf.float32], shapes=[[], [2]])
        assert queue is not None and tf.PriorityQueue is tf.queue.PriorityQueue
        priorities = tf.placeholder(tf.int64, [None])
        names = tf.placeholder(tf.string, [None])
        rows = tf.placeholder(tf.float32, [None, 2])
        enqueue = queue.enqueue_many([priorities, names, rows])
        dequeue = queue.dequeue_many(4)
        with tf.Session() as sess:
            sess.run(enqueue, {priorities: [5, 1, 5, -2], names: ["a", "b", "c", "d"],
                               rows: np.arange(8).reshape(4, 2)})
            got_priorities, got_names, got_rows = sess.run(dequeue)
            assert got_priorities.tolist() == [-2, 1, 5, 5]
            assert got_names.tolist() == [b"d", b"b", b"a", b"c"]
            assert got_rows.tolist() == [[6, 7], [2, 3], [0, 1], [4, 5]]
            single = queue.dequeue()
            sess.run(queue.enqueue([tf.constant(3, tf.int64), "x", [1.0, 2.0]]))
            assert [np.asarray(v).tolist() for v in sess.run(single)] == [3, b"x", [1.0, 2.0]]


def test_conditional_accumulator_means_drops_stale_and_waits():
    with tf.Graph().as_default():
        acc = tf.ConditionalAccumulator(tf.float32, shape=[2], name="acc")
        assert isinstance(acc, tf.ConditionalAccumulatorBase)
        assert acc.accumulator_ref.dtype == tf.resource and acc.dtype == tf.float32
        grad = tf.placeholder(tf.float32, [2])
        step = tf.placeholder(tf.int64, [])
        apply = acc.apply_grad(grad, local_step=step)
        take = acc.take_grad(2)
        count = acc.num_accumulated()
        with tf.Session() as sess:
            sess.run(apply, {grad: [1, 2], step: 0})
            sess.run(apply, {grad: [3, 4], step: 0})
            assert sess.run(count) == 2
            assert sess.run(take).tolist() == [2.0, 3.0]  # global step is now 1
            sess.run(apply, {grad: [100, 100], step: 0})  # stale: dropped
            assert sess.run(count) == 0
            taken = []
            waiter = threading.Thread(target=lambda: taken.append(sess.run(take)))
            waiter.start()
            time.sleep(0.05)
            assert waiter.is_alive()  # waits for two gradients of step >= 1
            sess.run(apply, {grad: [1, 1], step: 1})
            sess.run(apply, {grad: [3, 5], step: 2})
            waiter.join(5)
            assert taken[0].tolist() == [2.0, 3.0]
            sess.run(acc.set_global_step(0))
            sess.run(apply, {grad: [1, 1], step: 0})
            assert sess.run(count) == 1
            with pytest.raises(tf.errors.InvalidArgumentError, match="must be positive"):
                sess.run(acc.take_grad(0))
        with tf.Session() as sess:
            deadline = tf.RunOptions(timeout_in_ms=50)
            with pytest.raises(tf.errors.DeadlineExceededError):
                sess.run(take, options=deadline)


def test_accumulator_sum_and_errors():
    with tf.Graph().as_default():
        acc = tf.ConditionalAccumulator(tf.float64, reduction_type="SUM")
        grad = tf.placeholder(tf.float64, [None])
        with tf.Session() as sess:
            sess.run(acc.apply_grad(grad), {grad: [1.0, 2.0]})
            with pytest.raises(tf.errors.InvalidArgumentError, match="Shape mismatch"):
                sess.run(acc.apply_grad(grad), {grad: [1.0]})
            sess.run(acc.apply_grad(grad), {grad: [3.0, 4.0]})
            assert sess.run(acc.take_grad(2)).tolist() == [4.0, 6.0]
        with pytest.raises(TypeError, match="float gradients"):
            tf.ConditionalAccumulator(tf.int32)
        with pytest.raises(ValueError, match="reduction_type"):
            tf.ConditionalAccumulator(tf.float32, reduction_type="MAX")
        with pytest.raises(ValueError, match="incompatible"):
            tf.ConditionalAccumulator(tf.float32, shape=[3]).apply_grad([1.0, 2.0])


def test_sparse_accumulator_averages_rows_per_count():
    with tf.Graph().as_default():
        acc = tf.SparseConditionalAccumulator(tf.float32, shape=[5, 2])
        first = acc.apply_indexed_slices_grad(tf.IndexedSlices(
            tf.constant([[1.0, 1.0], [2.0, 2.0]]), tf.constant([4, 0], tf.int64),
            tf.constant([5, 2], tf.int64)))
        second = acc.apply_grad([0], [[4.0, 6.0]], grad_shape=[5, 2])
        taken = acc.take_indexed_slices_grad(2)
        with tf.Session() as sess:
            sess.run([first])
            sess.run(second)
            value = sess.run(taken)
            assert value.indices.tolist() == [0, 4]
            assert value.values.tolist() == [[3.0, 4.0], [1.0, 1.0]]
            assert value.dense_shape.tolist() == [5, 2]


def test_identity_reader_and_lmdb_placeholder():
    with tf.Graph().as_default():
        work = tf.FIFOQueue(5, tf.string)
        reader = tf.IdentityReader()
        key, value = reader.read(work)
        keys, values = reader.read_up_to(work, 3)
        with tf.Session() as sess:
            sess.run(work.enqueue_many([["a", "b\xff", "c", "d"]]))
            assert sess.run([key, value]) == [b"a", b"a"]
            sess.run(work.close())
            # as TF's, read_up_to stops at the end of a work unit
            k, v = sess.run([keys, values])
            assert k.tolist() == v.tolist() == ["b\xff".encode()]
            assert sess.run(values).tolist() == [b"c"]
            assert sess.run(reader.num_work_units_completed()) == 3
    assert tf.LMDBReader.not_implemented
    with pytest.raises(NotImplementedError, match="TFRecord"):
        tf.LMDBReader()
