"""RaggedTensor as TF1 programs use it: built from its partitions, fed through
tf.ragged.placeholder and fetched as RaggedTensorValue, converted to dense and sparse, with
gradients reaching its flat values. (Values against TensorFlow: test_random_sets_fixtures.)"""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients


def test_factories_agree():
    values = [3, 1, 4, 1, 5, 9]
    built = [tf.RaggedTensor.from_row_splits(values, [0, 2, 2, 6]),
             tf.RaggedTensor.from_row_lengths(values, [2, 0, 4]),
             tf.RaggedTensor.from_value_rowids(values, [0, 0, 2, 2, 2, 2], nrows=3),
             tf.RaggedTensor.from_row_starts(values, [0, 2, 2]),
             tf.RaggedTensor.from_row_limits(values, [2, 2, 6]),
             tf.ragged.constant([[3, 1], [], [4, 1, 5, 9]])]
    with tf.Session() as sess:
        for rt in built:
            assert sess.run(rt).to_list() == [[3, 1], [], [4, 1, 5, 9]]


def test_static_shape_dtype_and_structure():
    rt = tf.ragged.constant([[[1.0, 2.0]], [[3.0, 4.0], [5.0, 6.0]]], ragged_rank=1)
    assert rt.shape.as_list() == [2, None, 2] and rt.dtype == tf.float32
    assert rt.ragged_rank == 1 and rt.flat_values.shape.as_list() == [3, 2]
    nested = tf.ragged.constant([[[1], []], [[2, 3]]])
    assert nested.ragged_rank == 2 and len(nested.nested_row_splits) == 2
    assert nested.row_splits.dtype == tf.int64 and nested.dtype == tf.int32


def test_placeholder_feed_and_fetch_round_trip():
    rt = tf.ragged.placeholder(tf.float32, 2, [])
    doubled = tf.ragged.map_flat_values(tf.multiply, rt, 2.0)
    value = tf.ragged.constant_value([[[1.0], [2.0, 3.0]], [], [[4.0]]])
    with tf.Session() as sess:
        out = sess.run(doubled, {rt: value})
        lengths = sess.run(rt.row_lengths(), {rt: value})
    assert isinstance(out, tf.ragged.RaggedTensorValue)
    assert out.to_list() == [[[2.0], [4.0, 6.0]], [], [[8.0]]]
    assert lengths.tolist() == [2, 0, 1] and out.ragged_rank == 2 and out.shape[0] == 3


def test_feeding_wrong_values_is_an_error():
    rt = tf.ragged.placeholder(tf.int32, 1)
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="RaggedTensorValue"):
            sess.run(rt.flat_values, {rt: [[1], [2, 3]]})
        with pytest.raises(ValueError, match="ragged_rank 2"):
            sess.run(rt.flat_values, {rt: tf.ragged.constant_value([[[1]]])})


def test_private_constructor_and_bad_arguments():
    with pytest.raises(ValueError, match="factory methods"):
        tf.RaggedTensor(tf.constant([1]), tf.constant([0, 1], tf.int64))
    with pytest.raises(TypeError, match="row_splits must be int32 or int64"):
        tf.RaggedTensor.from_row_splits([1.0], tf.constant([0.0, 1.0]))
    with pytest.raises(ValueError, match="nesting depth"):
        tf.ragged.constant_value([[1]], ragged_rank=2)
    with pytest.raises(TypeError, match="rt.to_tensor"):
        tf.reduce_sum(tf.ragged.constant([[1], [2, 3]]))
    with pytest.raises(ValueError, match="axis 0 and 1"):
        tf.ragged.stack([tf.ragged.constant([[[1]]])], axis=2)


def test_to_tensor_and_to_sparse_are_differentiable():
    def through_to_tensor(flat):
        rt = tf.RaggedTensor.from_row_splits(flat, [0, 2, 2, 5])
        return rt.to_tensor(default_value=0.5)

    def through_to_sparse(flat):
        rt = tf.RaggedTensor.from_nested_row_splits(flat, [[0, 1, 3], [0, 2, 2, 5]])
        return tf.sparse.to_dense(rt.to_sparse())
    rng = np.random.default_rng(0)
    check_gradients(through_to_tensor, [rng.standard_normal(5)])
    check_gradients(through_to_sparse, [rng.standard_normal((5, 2))])


def test_ragged_stack_and_boolean_mask_keep_gradients():
    def stacked(a, b):
        first = tf.RaggedTensor.from_row_splits(a, [0, 1, 3])
        second = tf.RaggedTensor.from_row_splits(b, [0, 2, 2])
        return tf.ragged.stack([first, second], axis=1).flat_values

    def masked(data):
        return tf.ragged.boolean_mask(data, [[True, False, True], [False, True, True]]).flat_values
    rng = np.random.default_rng(1)
    check_gradients(stacked, [rng.standard_normal(3), rng.standard_normal(2)])
    check_gradients(masked, [rng.standard_normal((2, 3))])


def test_from_tensor_ragged_rank_two():
    dense = tf.constant([[[1, 0], [2, 3]], [[0, 0], [4, 0]]])
    rt = tf.RaggedTensor.from_tensor(dense, padding=0, ragged_rank=2)
    with tf.Session() as sess:
        assert sess.run(rt).to_list() == [[[1], [2, 3]], [[], [4]]]


def test_cross_features_of_ragged_rows():
    crossed = tf.ragged.cross([tf.ragged.constant([["a", "b"], []]), tf.constant([["x"], ["y"]])])
    with tf.Session() as sess:
        assert sess.run(crossed).to_list() == [[b"a_X_x", b"b_X_x"], []]


def test_range_errors_and_dtypes():
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="delta != 0"):
            sess.run(tf.ragged.range([1], [4], [0]).flat_values)
    assert tf.ragged.range([1, 2], 5, dtype=tf.int64).dtype == tf.int64
