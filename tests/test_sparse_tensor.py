"""SparseTensor, SparseTensorValue and sparse_placeholder: feeds, fetches and to_dense."""
import numpy as np
import pytest

import autograd_engine as tf


def test_fetching_a_sparse_tensor_gives_a_sparse_tensor_value_in_its_nest():
    sp = tf.SparseTensor([[0, 1], [2, 0]], [1.5, -2.0], [3, 2])
    with tf.Session() as sess:
        value, dense = sess.run({"sp": sp, "dense": tf.sparse.to_dense(sp)}).values()
    assert isinstance(value, tf.SparseTensorValue)
    assert value.indices.dtype == np.int64 and value.indices.tolist() == [[0, 1], [2, 0]]
    assert value.values.dtype == np.float32 and value.dense_shape.tolist() == [3, 2]
    assert dense.tolist() == [[0, 1.5], [0, 0], [-2.0, 0]]


def test_sparse_tensor_static_properties_and_checks():
    sp = tf.SparseTensor([[0, 1]], [3], [4, 5])
    assert sp.dtype == tf.int32 and sp.shape.as_list() == [4, 5]
    assert sp.get_shape().as_list() == [4, 5] and sp.op is sp.values.op
    assert sp.indices.dtype == tf.int64 and sp.dense_shape.dtype == tf.int64
    with pytest.raises(ValueError):
        tf.SparseTensor([[0, 1]], [3.0, 4.0], [4, 5])  # two values, one index
    with pytest.raises(ValueError):
        tf.SparseTensor([[0, 1]], [3.0], [4, 5, 6])  # rank 2 indices, rank 3 shape
    with pytest.raises(TypeError, match="SparseTensor"):
        tf.convert_to_tensor(sp)


def test_sparse_placeholder_is_fed_a_value_or_a_triple_and_evaluates():
    sp = tf.sparse_placeholder(tf.float32, name="sp")
    assert sp.shape.ndims is None and sp.values.name == "sp/values:0"
    total = tf.reduce_sum(tf.sparse.to_dense(sp))
    with tf.Session() as sess:
        assert sess.run(total, {sp: tf.SparseTensorValue([[0, 0], [1, 1]], [1.0, 2.0],
                                                         [2, 2])}) == 3.0
        assert sess.run(total, {sp: ([[4]], [5.0], [6])}) == 5.0
        assert sp.eval({sp: ([[4]], [5.0], [6])}, session=sess).dense_shape.tolist() == [6]
        with pytest.raises(TypeError, match="SparseTensorValue"):
            sess.run(total, {sp: np.ones(3)})
    partial = tf.sparse_placeholder(tf.float32, shape=[None, 3])
    assert partial.shape.as_list() == [None, None] and partial.indices.shape.as_list() == [None, 2]
    known = tf.sparse_placeholder(tf.float32, shape=[2, 3])
    assert known.shape.as_list() == [2, 3]


def test_to_dense_default_value_and_values_gradient():
    values = tf.placeholder(tf.float64, [3])
    sp = tf.SparseTensor([[0, 0], [1, 2], [2, 1]], values, [3, 3])
    dense = tf.sparse.to_dense(sp, default_value=tf.constant(0.5, tf.float64))
    weights = np.arange(9.0).reshape(3, 3)
    grad = tf.gradients(tf.reduce_sum(dense * weights), values)[0]
    with tf.Session() as sess:
        out, g = sess.run([dense, grad], {values: [1.0, 2.0, 3.0]})
    assert out.tolist() == [[1, .5, .5], [.5, .5, 2], [.5, 3, .5]]
    assert g.tolist() == [0.0, 5.0, 7.0]


@pytest.mark.parametrize("indices, message", [
    ([[1, 0], [0, 1]], r"indices\[1\] = \[0,1\] is out of order"),
    ([[0, 1], [0, 1]], r"indices\[1\] = \[0,1\] is repeated"),
    ([[0, 1], [3, 0]], r"indices\[1\] = \[3,0\] is out of bounds: need 0 <= index < \[2,2\]")])
def test_to_dense_refuses_bad_indices_as_tf(indices, message):
    sp = tf.sparse_placeholder(tf.float32, shape=[2, 2])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            sess.run(tf.sparse.to_dense(sp), {sp: (indices, [1.0, 2.0], [2, 2])})
        # Without validation the order is not checked (bounds still are).
        if "bounds" not in message:
            sess.run(tf.sparse.to_dense(sp, validate_indices=False),
                     {sp: (indices, [1.0, 2.0], [2, 2])})


def test_reorder_sorts_entries_and_carries_gradients_back():
    values = tf.placeholder(tf.float64, [3])
    sp = tf.SparseTensor([[2, 0], [0, 1], [1, 1]], values, [3, 2])
    reordered = tf.sparse.reorder(sp)
    grad = tf.gradients(tf.reduce_sum(reordered.values * [1.0, 10.0, 100.0]), values)[0]
    with tf.Session() as sess:
        out, g = sess.run([reordered, grad], {values: [7.0, 8.0, 9.0]})
    assert out.indices.tolist() == [[0, 1], [1, 1], [2, 0]]
    assert out.values.tolist() == [8.0, 9.0, 7.0] and g.tolist() == [100.0, 1.0, 10.0]
