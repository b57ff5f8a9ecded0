"""IndexedSlices gradients of gather/embedding_lookup and the optimizers' sparse updates."""
import numpy as np
import pytest

import autograd_engine as tf

IDS = [3, 0, 3, 5]  # a repeated row: its gradients add up


def _train(make_optimizer, sparse, steps=3):
    """The table after ``steps`` updates, with the gradient sparse (a gather) or dense (a
    one-hot matmul giving the same loss)."""
    tf.reset_default_graph()
    rng = np.random.default_rng(0)
    start = rng.standard_normal((6, 3))
    weights = rng.standard_normal((len(IDS), 3))
    table = tf.Variable(start)
    rows = tf.gather(table, IDS) if sparse else tf.matmul(np.eye(6)[IDS], table)
    loss = tf.reduce_sum(tf.square(rows - weights))
    optimizer = make_optimizer()
    grads_and_vars = optimizer.compute_gradients(loss)
    assert isinstance(grads_and_vars[0][0], tf.IndexedSlices) == sparse
    train = optimizer.apply_gradients(grads_and_vars)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            sess.run(train)
        return sess.run(table), start


@pytest.mark.parametrize("make_optimizer", [
    lambda: tf.train.GradientDescentOptimizer(0.1),
    lambda: tf.train.MomentumOptimizer(0.1, 0.9),
    lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
    lambda: tf.train.AdagradOptimizer(0.3),
    lambda: tf.train.AdamOptimizer(0.1),  # TF1's sparse Adam decays every row, as dense Adam
    lambda: tf.train.RMSPropOptimizer(0.1),  # no sparse rule: applied densely
], ids=["sgd", "momentum", "nesterov", "adagrad", "adam", "rmsprop"])
def test_sparse_update_equals_the_dense_one(make_optimizer):
    sparse, _ = _train(make_optimizer, sparse=True)
    dense, _ = _train(make_optimizer, sparse=False)
    np.testing.assert_allclose(sparse, dense, rtol=1e-10, atol=1e-12)


def test_lazy_adam_moves_only_rows_looked_up_and_matches_adam_on_them():
    lazy, start = _train(lambda: tf.contrib.opt.LazyAdamOptimizer(0.1), sparse=True, steps=1)
    adam, _ = _train(lambda: tf.train.AdamOptimizer(0.1), sparse=True, steps=1)
    untouched = [1, 2, 4]
    np.testing.assert_array_equal(lazy[untouched], start[untouched])
    # After one step every moment was zero before, so the touched rows agree with Adam.
    np.testing.assert_allclose(lazy[IDS], adam[IDS], rtol=1e-12)
    several, start = _train(lambda: tf.contrib.opt.LazyAdamOptimizer(0.1), sparse=True)
    np.testing.assert_array_equal(several[untouched], start[untouched])


def test_indexed_slices_gradient_fetch_densify_and_aggregate():
    table = tf.Variable(np.ones((5, 2)))
    loss = tf.reduce_sum(tf.gather(table, [1, 4]) * 2.0) + tf.reduce_sum(tf.gather(table, [1]))
    grad, = tf.gradients(loss, [table])
    mixed, = tf.gradients(loss + tf.reduce_sum(table), [table])
    assert isinstance(grad, tf.IndexedSlices) and not isinstance(mixed, tf.IndexedSlices)
    assert grad.dense_shape is not None and grad.shape.as_list() == [5, 2]
    with tf.Session() as sess:
        sess.run(table.initializer)
        value = sess.run(grad)
        dense, mixed_value = sess.run([tf.convert_to_tensor(grad), mixed])
    assert isinstance(value, tf.IndexedSlicesValue)
    assert sorted(value.indices.tolist()) == [1, 1, 4] and value.values.shape == (3, 2)
    assert dense.tolist() == [[0, 0], [3, 3], [0, 0], [0, 0], [2, 2]]
    np.testing.assert_array_equal(mixed_value, dense + 1)


def test_clip_by_global_norm_keeps_indexed_slices_and_counts_their_values():
    table = tf.Variable(np.zeros((4, 2)))
    grad, = tf.gradients(tf.reduce_sum(tf.gather(table, [0, 0]) * [[3.0, 0.0]]), [table])
    clipped, norm = tf.clip_by_global_norm([grad, tf.constant([4.0], tf.float64)], 2.5)
    assert isinstance(clipped[0], tf.IndexedSlices)
    with tf.Session() as sess:
        sess.run(table.initializer)
        norm_value, values = sess.run([norm, clipped[0].values])
    # TF1 takes the norm of the values, repeated rows apart: sqrt(3^2 + 3^2 + 4^2).
    assert np.isclose(norm_value, np.sqrt(34.0))
    np.testing.assert_allclose(values, [[3.0 * 2.5 / np.sqrt(34.0), 0]] * 2)
