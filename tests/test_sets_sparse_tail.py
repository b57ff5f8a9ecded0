"""tf.sets and the tf.sparse tail beyond TensorFlow's values (test_random_sets_fixtures has
those): their errors, Variables written by batch_scatter_update, gradients shared among ties."""
import numpy as np
import pytest

import autograd_engine as tf


def test_set_size_refuses_dense_and_sets_refuse_floats():
    with pytest.raises(TypeError, match="Expected `SparseTensor`"):
        tf.sets.size([[1, 2]])
    with pytest.raises(TypeError, match="Invalid dtype float32"):
        tf.sets.union([[1.0]], [[2.0]])
    with pytest.raises(TypeError, match="Types don't match"):
        tf.sets.intersection(tf.constant([[1]], tf.int64), tf.constant([[1]], tf.int32))


def test_set_operations_check_indices_and_batch_shapes():
    unordered = tf.SparseTensor([[1, 0], [0, 0]], [1, 2], [2, 2])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(tf.sets.size(unordered))
        # validate_indices=False takes the entries as they come
        assert sess.run(tf.sets.size(unordered, validate_indices=False)).tolist() == [1, 1]
        with pytest.raises(tf.errors.InvalidArgumentError, match="every dimension but the last"):
            sess.run(tf.sets.union(tf.placeholder_with_default([[1, 2]], [None, 2]),
                                   [[1], [2]]).values)


def test_set_union_of_strings_sorted():
    union = tf.sets.union([["b", "a"]], tf.SparseTensor([[0, 0]], ["c"], [1, 1]))
    with tf.Session() as sess:
        assert sess.run(union).values.tolist() == [b"a", b"b", b"c"]


def test_sparse_split_needs_keywords_and_reset_shape_checks_growth():
    sp = tf.SparseTensor([[0, 0], [1, 2]], [4, 2], [2, 3])
    with pytest.raises(ValueError, match="Keyword arguments are required"):
        tf.sparse.split(sp, 2, 1)
    smaller = tf.sparse.reset_shape(sp, [2, 2])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="no smaller"):
            sess.run(smaller)


def test_sparse_mask_drops_the_masked_slices():
    slices = tf.IndexedSlices(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
                              tf.constant([12, 26, 37]), tf.constant([40, 2]))
    masked = tf.sparse_mask(slices, [26])
    with tf.Session() as sess:
        values, indices = sess.run([masked.values, masked.indices])
    assert indices.tolist() == [12, 37] and values.tolist() == [[1.0, 2.0], [5.0, 6.0]]
    assert tf.sparse.mask is tf.sparse_mask


def test_sparse_merge_with_several_id_columns():
    ids_a = tf.SparseTensor([[0, 0], [1, 0]], tf.constant([1, 0], tf.int64), [2, 1])
    ids_b = tf.SparseTensor([[0, 0], [1, 0]], tf.constant([2, 3], tf.int64), [2, 1])
    weights = tf.SparseTensor([[0, 0], [1, 0]], [0.5, 0.25], [2, 1])
    merged = tf.sparse_merge([ids_a, ids_b], weights, [2, 4])
    with tf.Session() as sess:
        value = sess.run(merged)
    assert value.indices.tolist() == [[0, 1, 2], [1, 0, 3]]
    assert value.dense_shape.tolist() == [2, 2, 4] and value.values.tolist() == [0.5, 0.25]


def test_batch_scatter_update_writes_rows_of_each_batch():
    var = tf.Variable(np.arange(12, dtype=np.float32).reshape(2, 2, 3))
    update = tf.batch_scatter_update(var, [[[2], [0]], [[1], [1]]],
                                     [[[-1.0], [-2.0]], [[-3.0], [-4.0]]])
    with tf.Session() as sess:
        sess.run(var.initializer)
        out = sess.run(update)
    expected = np.arange(12, dtype=np.float32).reshape(2, 2, 3)
    expected[0, 0, 2], expected[0, 1, 0], expected[1, 0, 1], expected[1, 1, 1] = -1, -2, -3, -4
    np.testing.assert_array_equal(out, expected)


def test_tensor_scatter_nd_max_shares_gradient_among_ties():
    tensor = tf.constant([1.0, 5.0, 2.0])
    updates = tf.constant([5.0, 0.0])
    out = tf.tensor_scatter_nd_max(tensor, [[1], [2]], updates)
    d_tensor, d_updates = tf.gradients(tf.reduce_sum(out * [1.0, 2.0, 3.0]), [tensor, updates])
    with tf.Session() as sess:
        assert sess.run(out).tolist() == [1.0, 5.0, 2.0]
        # element 1: the tensor and the update tie at 5 and share its gradient 2
        assert sess.run(d_tensor).tolist() == [1.0, 1.0, 3.0]
        assert sess.run(d_updates).tolist() == [1.0, 0.0]


def test_sparse_bincount_axis_and_cross_input_checks():
    with pytest.raises(ValueError, match="Only 0 and -1"):
        tf.sparse.bincount([[1]], axis=1)
    with pytest.raises(ValueError, match="must be 2-D"):
        tf.sparse.cross([tf.constant(["a", "b"])])
    mismatched = tf.sparse.cross([tf.constant([["a"]]), tf.constant([["b"], ["c"]])])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="same number of rows"):
            sess.run(mismatched)


def test_sparse_aliases():
    assert tf.sparse.sparse_dense_matmul is tf.sparse_tensor_dense_matmul
    assert tf.sparse.transpose is tf.sparse_transpose and tf.sparse.split is tf.sparse_split
    assert tf.sparse.to_indicator is tf.sparse_to_indicator
    assert tf.sparse.reduce_max_sparse is tf.sparse_reduce_max_sparse
