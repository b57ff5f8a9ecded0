"""tf.io's tail: PriorityQueue, match_filenames_once, write_graph and the names tf.io shares
with tf.image and the top level."""
import os

import numpy as np
import pytest

import autograd_engine as tf


def test_priority_queue_dequeues_smallest_priority_first():
    with tf.Graph().as_default():
        queue = tf.io.PriorityQueue(10, [tf.string, tf.float32], shapes=[[], [2]])
        fill = queue.enqueue_many([[3, 1, 3], ["c", "a", "b"],
                                   np.arange(6, dtype=np.float32).reshape(3, 2)])
        late = queue.enqueue([0, "z", [9.0, 9.0]])
        first_two = queue.dequeue_many(2)
        rest = queue.dequeue_up_to(5)
        size = queue.size()
        assert queue.dtypes == [tf.int64, tf.string, tf.float32]
        assert first_two[0].shape.as_list() == [2]
        with tf.Session() as sess:
            sess.run(fill)
            priorities, words, rows = sess.run(first_two)
            sess.run(late)
            sess.run(queue.close())
            left = sess.run(rest)
            assert sess.run(size) == 0
    assert priorities.tolist() == [1, 3] and words.tolist() == [b"a", b"c"]
    assert rows.tolist() == [[2.0, 3.0], [0.0, 1.0]]
    # equal priorities leave in the order they came
    assert left[0].tolist() == [0, 3] and left[1].tolist() == [b"z", b"b"]


def test_priority_queue_checks_shapes():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="fully defined"):
            tf.PriorityQueue(3, [tf.float32], shapes=[[None]])
        queue = tf.PriorityQueue(3, [tf.float32], shapes=[[2]])
        with pytest.raises(ValueError):
            queue.enqueue([1, [1.0, 2.0, 3.0]])


def test_match_filenames_once(tmp_path):
    for name in ("b.txt", "a.txt", "c.csv"):
        (tmp_path / name).write_text("x")
    with tf.Graph().as_default():
        files = tf.io.match_filenames_once(str(tmp_path / "*.txt"))
        assert files in tf.local_variables() and files not in tf.trainable_variables()
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            (tmp_path / "d.txt").write_text("later")
            found = sess.run(files)
    assert [os.path.basename(f.decode()) for f in found] == ["a.txt", "b.txt"]


def test_names_shared_with_other_namespaces(tmp_path):
    assert tf.io.decode_png is tf.image.decode_png and tf.io.is_jpeg is tf.image.is_jpeg
    assert tf.io.RandomShuffleQueue is tf.RandomShuffleQueue
    assert tf.io.PaddingFIFOQueue is tf.PaddingFIFOQueue and tf.io.QueueBase is tf.QueueBase
    assert tf.io.serialize_tensor is tf.serialize_tensor
    assert tf.io.parse_single_sequence_example is tf.parse_single_sequence_example
    assert tf.io.SparseFeature is tf.SparseFeature
    with tf.Graph().as_default() as graph:
        tf.constant(1.0, name="c")
        path = tf.io.write_graph(graph, str(tmp_path), "graph.pbtxt")
    assert os.path.exists(path) and "c" in open(path).read()
