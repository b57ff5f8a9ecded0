"""gather, unsorted_segment_sum, gather_nd, scatter_nd, boolean_mask, one_hot, sequence_mask,
nn.top_k, nn.in_top_k and nn.embedding_lookup: forward values against numpy (dtype, static and
run-time shapes), numerical gradient checks (repeated indices add up), and every error."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients
from op_helpers import check_forward, dynamic, run

RNG = np.random.RandomState(11)


def normal(*shape):
    return RNG.standard_normal(shape)


# ====================================================================== gather
@pytest.mark.parametrize("shape,indices,axis", [
    ((5, 3), [4, 0, 4, 2], 0),                 # a repeated index: its gradients add up
    ((5, 3), [[0, 1], [1, 1], [4, 3]], 0),
    ((2, 4, 3), [3, 3, 0], 1),
    ((2, 4, 3), [[2], [0]], -1),
    ((6,), 2, 0),                              # a scalar index drops the axis
])
def test_gather_matches_numpy_and_gradients(shape, indices, axis):
    x = normal(*shape).astype(np.float32)
    check_forward(tf.gather(tf.constant(x), indices, axis=axis),
                  np.take(x, indices, axis=axis))
    check_gradients(lambda t: tf.gather(t, indices, axis=axis), [x])
    check_gradients(lambda t: tf.gather(dynamic(t), indices, axis=axis), [x])
    # The gradient (a segment sum) is itself differentiable.
    check_gradients(lambda t: tf.gradients(tf.reduce_sum(tf.gather(t, indices, axis=axis) ** 2),
                                           t)[0], [x])


def test_gather_static_shapes_and_int64_indices():
    params = tf.placeholder(tf.float32, [None, 7])
    ids = tf.placeholder(tf.int64, [None, 2])
    y = tf.gather(params, ids)
    assert y.shape.as_list() == [None, 2, 7] and y.op.type == "GatherV2"
    assert tf.gather(params, ids, axis=1).shape.as_list() == [None, None, 2]
    value = run(y, {params: np.arange(21.0).reshape(3, 7), ids: [[2, 0]]})
    np.testing.assert_array_equal(value, np.arange(21.0).reshape(3, 7)[[[2, 0]]])


def test_gather_errors(on_the_host):
    params = tf.constant(normal(5, 3))
    ids = tf.placeholder(tf.int32, [None])
    y = tf.gather(params, ids)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = 7 is not in "
                       r"\[0, 5\)\nwhile running 'GatherV2' \(op: 'GatherV2'\)"):
        run(y, {ids: [0, 7]})
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[0\] = -1 is not in"):
        run(y, {ids: [-1]})
    with pytest.raises(TypeError, match="Value passed to parameter 'indices' has DataType "
                       "float32 not in list of allowed values: int32, int64"):
        tf.gather(params, [0.5])
    with pytest.raises(ValueError, match=r"Expected axis in the range \[-2, 2\), but got 2"):
        tf.gather(params, [0], axis=2)


# ====================================================================== unsorted_segment_sum
def test_unsorted_segment_sum_drops_negative_ids_and_gradients():
    data = normal(5, 3)
    ids = [2, 0, -1, 2, 1]
    expected = np.zeros((4, 3))
    for row, i in zip(data, ids):
        if i >= 0:
            expected[i] += row
    check_forward(tf.unsorted_segment_sum(tf.constant(data), ids, 4), expected)
    check_gradients(lambda t: tf.unsorted_segment_sum(t, ids, 4), [data])
    check_gradients(lambda t: tf.unsorted_segment_sum(t, [[0, 1], [1, -1]], 2), [normal(2, 2, 3)])
    n = tf.placeholder(tf.int32, [])
    assert tf.unsorted_segment_sum(tf.constant(data), ids, n).shape.as_list() == [None, 3]


def test_unsorted_segment_sum_errors(on_the_host):
    with pytest.raises(ValueError, match=r"data.shape = \[5,3\] does not start with "
                       r"segment_ids.shape = \[4\]"):
        tf.unsorted_segment_sum(tf.zeros([5, 3]), [0, 1, 2, 3], 4)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"segment_ids\[1\] = 4 is not in "
                       r"\[0, 4\)"):
        run(tf.unsorted_segment_sum(tf.zeros([2]), [0, 4], 4))


# ====================================================================== gather_nd / scatter_nd
@pytest.mark.parametrize("shape,indices", [
    ((4, 5), [[0, 1], [3, 4], [0, 1]]),
    ((4, 5, 2), [[1], [3], [1]]),
    ((3, 4, 2), [[[0, 1, 1]], [[2, 3, 0]]]),
])
def test_gather_nd_matches_numpy_and_gradients(shape, indices):
    x = normal(*shape)
    idx = np.asarray(indices)
    expected = x[tuple(np.moveaxis(idx, -1, 0))]
    check_forward(tf.gather_nd(tf.constant(x), indices), expected)
    check_gradients(lambda t: tf.gather_nd(t, indices), [x])
    check_gradients(lambda t: tf.gather_nd(dynamic(t), indices), [x])


def test_scatter_nd_adds_duplicates_and_gradients():
    indices = [[4], [3], [1], [7], [3]]
    updates = np.array([9.0, 10.0, 11.0, 12.0, 1.0], dtype=np.float32)
    expected = np.zeros(8, dtype=np.float32)
    np.add.at(expected, [4, 3, 1, 7, 3], updates)
    check_forward(tf.scatter_nd(indices, updates, [8]), expected)
    rows = normal(2, 3)
    check_forward(tf.scatter_nd([[1], [1]], tf.constant(rows), [3, 3]),
                  np.array([np.zeros(3), rows.sum(0), np.zeros(3)]))
    check_gradients(lambda u: tf.scatter_nd(indices, u, [8]), [updates])
    check_gradients(lambda u: tf.scatter_nd([[0, 2], [1, 1], [0, 2]], u, [2, 3, 2]),
                    [normal(3, 2)])
    shape = tf.placeholder(tf.int32, [2])
    dyn = tf.scatter_nd([[0], [1]], tf.ones([2, 4]), shape)
    assert dyn.shape.as_list() == [None, None]
    assert run(dyn, {shape: [3, 4]}).shape == (3, 4)


def test_gather_nd_and_scatter_nd_errors(on_the_host):
    with pytest.raises(ValueError, match=r"indices.shape\[-1\] must be <= params.rank, but saw "
                       r"indices shape: \[1,3\] and params shape: \[4,2\]"):
        tf.gather_nd(tf.zeros([4, 2]), [[0, 0, 0]])
    with pytest.raises(ValueError, match=r"The outer 1 dimensions of indices.shape=\[2,1\] must "
                       r"match the outer 1 dimensions of updates.shape=\[3\]"):
        tf.scatter_nd([[0], [1]], [1.0, 2.0, 3.0], [4])
    ids = tf.placeholder(tf.int32, [None, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = \[4, 0\] does not "
                       r"index into param shape \[4,2\]"):
        run(tf.gather_nd(tf.zeros([4, 2]), ids), {ids: [[0, 0], [4, 0]]})
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[0\] = \[9\] does not "
                       r"index into output shape \[4\]"):
        run(tf.scatter_nd(tf.placeholder_with_default([[9]], [None, 1]), [1.0], [4]))


# ====================================================================== boolean_mask
@pytest.mark.parametrize("shape,mask_shape,axis", [((5,), (5,), None), ((3, 4), (3,), None),
                                                   ((3, 4, 2), (3, 4), 0), ((2, 3, 4), (3,), 1),
                                                   ((2, 3, 4), (3, 4), 1)])
def test_boolean_mask_matches_numpy_and_gradients(shape, mask_shape, axis):
    x = normal(*shape)
    mask = RNG.rand(*mask_shape) > 0.4
    mask.flat[0] = True
    start = axis or 0
    flat = x.reshape(shape[:start] + (-1,) + shape[start + len(mask_shape):])
    expected = np.compress(mask.reshape(-1), flat, axis=start)
    y = tf.boolean_mask(tf.constant(x), tf.constant(mask), axis=axis)
    check_forward(y, expected)
    m = tf.placeholder(tf.bool, mask_shape)
    z = tf.boolean_mask(tf.constant(x), m, axis=axis)
    assert z.shape.as_list() == list(shape[:start]) + [None] + list(shape[start + len(mask_shape):])
    np.testing.assert_array_equal(run(z, {m: mask}), expected)
    check_gradients(lambda t: tf.boolean_mask(t, mask, axis=axis), [x])
    check_gradients(lambda t: tf.boolean_mask(dynamic(t), dynamic(tf.constant(mask)), axis=axis),
                    [x])
    check_gradients(lambda t: tf.gradients(tf.reduce_sum(tf.boolean_mask(t, mask, axis=axis) ** 2),
                                           t)[0], [x])


def test_boolean_mask_errors():
    x = tf.zeros([3, 4])
    with pytest.raises(ValueError, match="mask cannot be scalar."):
        tf.boolean_mask(x, True)
    with pytest.raises(ValueError, match="Number of mask dimensions must be specified"):
        tf.boolean_mask(x, tf.placeholder(tf.bool))
    with pytest.raises(ValueError, match=r"Shapes \(3,\) and \(4,\) are incompatible"):
        tf.boolean_mask(x, [True] * 4)
    with pytest.raises(TypeError, match="mask must be a bool tensor, got int32"):
        tf.boolean_mask(x, [1, 0, 1])
    m = tf.placeholder(tf.bool, [None])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Shapes \(3,\) and \(2,\) are "
                       r"incompatible\nwhile running 'boolean_mask'"):
        run(tf.boolean_mask(x, m), {m: [True, False]})


# ====================================================================== one_hot, sequence_mask
def test_one_hot_defaults_and_out_of_range_rows():
    y = tf.one_hot([0, 2, -1, 3], 3)
    check_forward(y, np.array([[1, 0, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0]], dtype=np.float32))
    assert y.op.type == "OneHot"
    check_forward(tf.one_hot([[1], [0]], 2, on_value=5, off_value=-1),
                  np.array([[[-1, 5]], [[5, -1]]], dtype=np.int32))
    check_forward(tf.one_hot([1, 0], 3, axis=0, dtype=tf.float64),
                  np.array([[0, 1], [1, 0], [0, 0]], dtype=np.float64))
    check_forward(tf.one_hot([1], 2, on_value=tf.constant(2.0, tf.float64)),
                  np.array([[0, 2]], dtype=np.float64))
    check_forward(tf.one_hot(tf.constant([1], tf.int64), 2, 1.0, 0.0, dtype=tf.float64),
                  np.array([[0, 1]], dtype=np.float64))
    labels = tf.placeholder(tf.int32, [None])
    hot = tf.one_hot(labels, 10)
    assert hot.shape.as_list() == [None, 10]
    assert run(hot, {labels: [3, 9]}).argmax(1).tolist() == [3, 9]
    depth = tf.placeholder(tf.int32, [])
    assert tf.one_hot(labels, depth).shape.as_list() == [None, None]
    assert run(tf.one_hot(labels, depth), {labels: [1], depth: 4}).shape == (1, 4)


def test_one_hot_errors():
    with pytest.raises(TypeError, match="dtype float64 of on_value does not match dtype "
                       "parameter float32"):
        tf.one_hot([0], 2, on_value=tf.constant(1.0, tf.float64), dtype=tf.float32)
    with pytest.raises(TypeError, match="dtype float32 of on_value does not match dtype int32 "
                       "of off_value"):
        tf.one_hot([0], 2, on_value=tf.constant(1.0), off_value=tf.constant(0))
    with pytest.raises(ValueError, match=r"Expected axis to be -1 or between \[0, 2\).  But "
                       r"received: 3"):
        tf.one_hot([0], 2, axis=3)
    with pytest.raises(ValueError, match="depth must be non-negative, got: -2"):
        tf.one_hot([0], -2)
    with pytest.raises(TypeError, match="'indices' has DataType float32"):
        tf.one_hot([0.0], 2)


def test_sequence_mask():
    lengths = [1, 3, 0]
    check_forward(tf.sequence_mask(lengths, 4),
                  np.array([[1, 0, 0, 0], [1, 1, 1, 0], [0, 0, 0, 0]], dtype=bool))
    check_forward(tf.sequence_mask(lengths, dtype=tf.float32),
                  np.array([[1, 0, 0], [1, 1, 1], [0, 0, 0]], dtype=np.float32), [3, None])
    check_forward(tf.sequence_mask([[2], [1]], 2),
                  np.array([[[True, True]], [[True, False]]]))
    n = tf.placeholder(tf.int32, [None])
    mask = tf.sequence_mask(n, 5)
    assert mask.shape.as_list() == [None, 5]
    assert run(mask, {n: [2]}).tolist() == [[True, True, False, False, False]]
    with pytest.raises(ValueError, match="maxlen must be scalar for sequence_mask"):
        tf.sequence_mask(lengths, [3])


# ====================================================================== top_k, in_top_k
@pytest.mark.parametrize("shape,k", [((7,), 3), ((3, 6), 1), ((2, 3, 5), 5), ((4, 5), 0)])
def test_top_k_matches_numpy_and_gradients(shape, k):
    x = RNG.permutation(int(np.prod(shape))).reshape(shape).astype(np.float32) * 0.25
    values, indices = tf.nn.top_k(tf.constant(x), k=k)
    order = np.argsort(-x, axis=-1, kind="stable")[..., :k]
    check_forward(values, np.take_along_axis(x, order, -1))
    check_forward(indices, order.astype(np.int32))
    check_gradients(lambda t: tf.nn.top_k(t, k)[0], [x])
    check_gradients(lambda t: tf.nn.top_k(dynamic(t), k)[0], [x])
    check_gradients(lambda t: tf.gradients(tf.reduce_sum(tf.nn.top_k(t, k)[0] ** 2), t)[0], [x])


def test_top_k_ties_dynamic_k_and_errors():
    values, indices = tf.nn.top_k([[1.0, 3.0, 3.0, 2.0]], 3)
    assert run(indices).tolist() == [[1, 2, 3]]
    assert run(values).tolist() == [[3.0, 3.0, 2.0]]
    assert indices.dtype == tf.int32
    k = tf.placeholder(tf.int32, [])
    dyn_values, _ = tf.nn.top_k(tf.zeros([2, 5]), k)
    assert dyn_values.shape.as_list() == [2, None]
    assert run(dyn_values, {k: 2}).shape == (2, 2)
    with pytest.raises(ValueError, match="input must have last dimension >= k = 5 but is 3"):
        tf.nn.top_k(tf.zeros([2, 3]), 5)
    with pytest.raises(ValueError, match="Shape must be at least rank 1 but is rank 0"):
        tf.nn.top_k(1.0)
    with pytest.raises(ValueError, match="Need k >= 0, got -1"):
        tf.nn.top_k(tf.zeros([3]), -1)
    x = tf.placeholder(tf.float32, [None, None])
    with pytest.raises(tf.errors.InvalidArgumentError, match="input must have at least k "
                       "columns. Had 2, needed 3"):
        run(tf.nn.top_k(x, 3), {x: np.zeros((1, 2))})


def test_in_top_k():
    predictions = np.array([[0.1, 0.5, 0.5, 0.2], [0.9, 0.1, 0.3, 0.0], [0.2, np.nan, 0.1, 0.3]],
                           dtype=np.float32)
    assert run(tf.nn.in_top_k(predictions, [2, 2, 3], 1)).tolist() == [True, False, True]
    assert run(tf.nn.in_top_k(predictions, [1, 2, 0], 2)).tolist() == [True, True, True]
    # Out-of-range targets and non-finite predictions are never in the top k.
    assert run(tf.nn.in_top_k(predictions, [4, -1, 1], 4)).tolist() == [False, False, False]
    y = tf.nn.in_top_k(tf.placeholder(tf.float32, [None, 4]), tf.placeholder(tf.int64, [None]), 2)
    assert y.dtype == tf.bool and y.shape.as_list() == [None]
    with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
        tf.nn.in_top_k([0.5, 0.5], [1], 1)
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
        tf.nn.in_top_k(predictions, [1, 2], 1)
    with pytest.raises(TypeError, match="'predictions' has DataType float64"):
        tf.nn.in_top_k(predictions.astype(np.float64), [1, 2, 0], 1)


# ====================================================================== embedding_lookup
def test_embedding_lookup_single_and_sharded_tables():
    table = normal(10, 3)
    ids = [[1, 9], [0, 4]]
    check_forward(tf.nn.embedding_lookup(tf.constant(table), ids), table[np.array(ids)])
    check_forward(tf.nn.embedding_lookup([tf.constant(table)], ids), table[np.array(ids)])
    # "mod": id i lives in shard i % 3 at row i // 3; "div": contiguous blocks (4, 3, 3).
    mod_shards = [table[s::3] for s in range(3)]
    div_shards = [table[:4], table[4:7], table[7:]]
    check_forward(tf.nn.embedding_lookup([tf.constant(s) for s in mod_shards], ids),
                  table[np.array(ids)])
    check_forward(tf.nn.embedding_lookup([tf.constant(s) for s in div_shards], ids,
                                         partition_strategy="div"), table[np.array(ids)])
    check_gradients(lambda *shards: tf.nn.embedding_lookup(list(shards), [7, 2, 7, 0]),
                    mod_shards)
    check_gradients(lambda t: tf.nn.embedding_lookup(t, [[3, 3], [1, 0]]), [table])


def test_embedding_lookup_errors():
    with pytest.raises(ValueError, match="Unrecognized partition strategy: blocks"):
        tf.nn.embedding_lookup([tf.zeros([3, 2])] * 2, [0], partition_strategy="blocks")
    with pytest.raises(ValueError, match="Need at least one param"):
        tf.nn.embedding_lookup([], [0])
    with pytest.raises(ValueError, match="first dimension is known while building"):
        tf.nn.embedding_lookup([tf.placeholder(tf.float32, [None, 2])] * 2, [0])


def test_embedding_lookup_max_norm_clips_each_row():
    table = np.array([[3.0, 4.0], [0.3, 0.4], [6.0, 8.0]])
    looked_up = tf.nn.embedding_lookup(table, [[0, 1], [2, 2]], max_norm=1.0)
    with tf.Session() as sess:
        value = sess.run(looked_up)
    np.testing.assert_allclose(value, [[[0.6, 0.8], [0.3, 0.4]], [[0.6, 0.8], [0.6, 0.8]]])
    tf.test.check_gradients(lambda t: tf.nn.embedding_lookup(t, [[0, 2], [1, 1]], max_norm=2.0),
                            [table])


@pytest.mark.parametrize("dtype", [np.uint8, np.int32, np.float32])
def test_top_k_of_unsigned_and_extreme_integers_and_ties(dtype):
    info = np.iinfo(dtype) if np.dtype(dtype).kind in "iu" else np.finfo(dtype)
    x = np.array([[0, 1, 2, info.min, info.max, 1], [3, 3, 3, 0, 0, 3]], dtype)
    values, indices = tf.nn.top_k(tf.constant(x), k=4)
    with tf.Session() as sess:
        v, i = sess.run([values, indices])
    expected = np.array([np.argsort(-row.astype(np.float64), kind="stable")[:4] for row in x])
    np.testing.assert_array_equal(i, expected)  # ties: the lower index first
    np.testing.assert_array_equal(v, np.take_along_axis(x, expected, axis=1))
    assert v.dtype == dtype
