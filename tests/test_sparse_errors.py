"""Misuse of the sparse, segment, scatter and TensorArray ops: TF1's error classes and words."""
import numpy as np
import pytest

import autograd_engine as tf


def _run(fetch, feed=None, init=()):
    with tf.Session() as sess:
        for op in init:
            sess.run(op)
        return sess.run(fetch, feed)


def test_scatter_out_of_range_ids_are_invalid_argument(on_the_host):
    var = tf.Variable(tf.zeros([3, 2]))
    ids = tf.placeholder(tf.int32, [None])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = 5 is not in "
                       r"\[0, 3\)\nwhile running 'ScatterAdd'"):
        _run(tf.scatter_add(var, ids, tf.ones([2, 2])), {ids: [0, 5]}, [var.initializer])
    with pytest.raises(ValueError, match="Must have updates.shape"):
        tf.scatter_update(var, [0, 1], tf.ones([3, 2]))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"does not index into shape"):
        _run(tf.scatter_nd_update(var, [[0, 2]], [1.0]), None, [var.initializer])


def test_sorted_segment_ids_and_partitions_are_checked():
    ids = tf.placeholder(tf.int32, [None])
    with pytest.raises(tf.errors.InvalidArgumentError, match="segment ids are not increasing"):
        _run(tf.segment_sum([1.0, 2.0, 3.0], ids), {ids: [0, 2, 1]})
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"segment_ids\[0\] = 4 is not in "
                       r"\[0, 3\)"):
        _run(tf.unsorted_segment_max([1.0, 2.0], ids, 3), {ids: [4, 0]})
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"partitions\[2\] = 2 is not in "
                       r"\[0, 2\)"):
        _run(tf.dynamic_partition([1, 2, 3], ids, 2), {ids: [0, 1, 2]})


def test_sparse_ops_refuse_mismatched_operands():
    a = tf.SparseTensor([[0, 0]], [1.0], [2, 2])
    b = tf.SparseTensor([[0, 0]], [1.0], [3, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Operands' shapes do not match"):
        _run(tf.sparse_add(a, b).values)
    with pytest.raises(TypeError, match="At least one input should be SparseTensor"):
        tf.sparse_add(tf.ones([2]), tf.ones([2]))
    with pytest.raises(TypeError, match="Input must be a SparseTensor"):
        tf.sparse.reorder(tf.ones([2, 2]))
    with pytest.raises(ValueError, match="combiner must be one of"):
        tf.nn.embedding_lookup_sparse(tf.ones([3, 2]), a, None, combiner="max")
    with pytest.raises(tf.errors.InvalidArgumentError, match="only one output dimension"):
        _run(tf.sparse_reshape(a, [-1, -1]).indices)


def test_tensor_array_misuse():
    array = tf.TensorArray(tf.float32, size=2)
    with pytest.raises(TypeError, match="TensorArray dtype is float32"):
        array.write(0, tf.constant([1, 2]))
    written = array.write(0, [1.0, 2.0])
    with pytest.raises(ValueError):
        written.write(1, [1.0, 2.0, 3.0])  # the element shape was learnt from the first write
    with pytest.raises(tf.errors.InvalidArgumentError, match="has not yet been written to"):
        _run(written.read(1))
    with pytest.raises(tf.errors.InvalidArgumentError, match="already been written to"):
        _run(written.write(0, [3.0, 4.0]).stack())
    with pytest.raises(tf.errors.InvalidArgumentError, match="not resizeable and size is: 2"):
        _run(written.write(2, [3.0, 4.0]).stack())
    grown = tf.TensorArray(tf.float32, size=0, dynamic_size=True).write(3, [1.0])
    with tf.Session() as sess:
        assert sess.run(grown.size()) == 4
    empty = tf.TensorArray(tf.float32, size=0, element_shape=[2])
    assert _run(empty.stack()).shape == (0, 2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="element shape .* is not fully "
                       "defined"):
        _run(tf.TensorArray(tf.float32, size=0).stack())
    with pytest.raises(ValueError, match="Size must be provided"):
        tf.TensorArray(tf.float32)


def test_tensor_array_loop_gradients_match_numpy():
    """A running sum written at every step of a loop: d(sum of outputs)/d(input row t) is the
    number of outputs from t on."""
    x = tf.placeholder(tf.float64, [None, 2])
    n = tf.shape(x)[0]
    rows = tf.TensorArray(tf.float64, size=n).unstack(x)

    def step(t, total, out):
        total = total + rows.read(t)
        return t + 1, total, out.write(t, total)
    _, _, out = tf.while_loop(lambda t, *_: t < n, step,
                              [0, tf.zeros([2], tf.float64), tf.TensorArray(tf.float64, n)])
    grad, = tf.gradients(tf.reduce_sum(out.stack()), [x])
    with tf.Session() as sess:
        value = sess.run(grad, {x: np.ones((4, 2))})
    np.testing.assert_array_equal(value, [[4, 4], [3, 3], [2, 2], [1, 1]])
