"""Half precision as TF computes it: reductions of float16 accumulate in float32 and return
float16 (a mean of 100,000 ones is 1.0, not inf; partial sums do not overflow), gradients
summed over broadcast dimensions too; every optimizer trains a float16 Variable."""
import numpy as np
import pytest

import autograd_engine as tf

BIG = np.float16(60000.0)  # twice it overflows float16 (largest: 65504)


def float32_accumulated(reduce):
    """numpy's ``reduce`` over the float16 input in float32, rounded back to float16."""
    return lambda x: np.float16(reduce(x.astype(np.float32)))


# name: (the reduction, its float16 input, the value TF gives)
CASES = {
    "mean of 100,000 ones": (tf.reduce_mean, np.ones(100000, np.float16), np.float16(1.0)),
    "sum whose partial sums overflow": (
        tf.reduce_sum, np.array([BIG, BIG, -BIG, -BIG, 2.0], np.float16), np.float16(2.0)),
    "mean whose partial sums overflow": (
        tf.reduce_mean, np.array([BIG, BIG, -BIG, -BIG], np.float16), np.float16(0.0)),
    "sum of many small values": (
        tf.reduce_sum, np.full(30000, 0.001, np.float16),
        float32_accumulated(np.sum)(np.full(30000, 0.001, np.float16))),
    "logsumexp of 100,000 zeros": (
        tf.reduce_logsumexp, np.zeros(100000, np.float16), np.float16(np.log(100000.0))),
    "euclidean norm whose squares overflow": (
        tf.math.reduce_euclidean_norm, np.full(10, 300.0, np.float16),
        np.float16(np.sqrt(10 * 300.0 ** 2))),
    "prod whose partial products overflow": (
        tf.reduce_prod, np.array([1000.0, 1000.0, 0.001, 0.001], np.float16),
        float32_accumulated(np.prod)(np.array([1000.0, 1000.0, 0.001, 0.001], np.float16))),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_float16_reductions_accumulate_in_float32(case):
    reduce, values, expected = CASES[case]
    x = tf.placeholder(tf.float16, [None])
    reduced = reduce(x)
    assert reduced.dtype == tf.float16
    with tf.Session() as sess:
        got = sess.run(reduced, {x: values})
    assert got.dtype == np.float16
    np.testing.assert_allclose(float(got), float(expected), rtol=1e-3)


def test_reductions_over_some_axes_keep_the_shape_and_dtype():
    values = np.ones((4, 50000), np.float16)
    x = tf.constant(values)
    with tf.Session() as sess:
        mean, total = sess.run([tf.reduce_mean(x, axis=1, keepdims=True),
                                tf.reduce_sum(x[:, :1000], axis=1)])
    assert mean.dtype == np.float16 and mean.shape == (4, 1) and (mean == 1.0).all()
    assert total.dtype == np.float16 and (total == 1000.0).all()


def test_gradients_summed_over_broadcast_dimensions_accumulate_in_float32():
    # d/db sum((x + b) * c) = sum(c) over the rows: 0, where float16 partial sums give nan.
    b = tf.Variable(np.float16([0.0]))
    x = tf.placeholder(tf.float16, [None, 1])
    c = tf.placeholder(tf.float16, [None, 1])
    grad, = tf.gradients(tf.reduce_sum((x + b) * c), [b])
    with tf.Session() as sess:
        sess.run(b.initializer)
        weights = np.array([[BIG], [BIG], [-BIG], [-BIG], [3.0]], np.float16)
        got = sess.run(grad, {x: np.zeros((5, 1), np.float16), c: weights})
    assert got.dtype == np.float16 and got.tolist() == [3.0]


# Adadelta's default epsilon (1e-8) is 0 in float16, where its first steps are 0 (as TF1's);
# a representable one lets it move.
OPTIMIZERS = {
    "gradient descent": lambda: tf.train.GradientDescentOptimizer(0.1),
    "momentum": lambda: tf.train.MomentumOptimizer(0.05, 0.9),
    "nesterov": lambda: tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
    "adam": lambda: tf.train.AdamOptimizer(0.1),
    "rms prop": lambda: tf.train.RMSPropOptimizer(0.1),
    "centered rms prop": lambda: tf.train.RMSPropOptimizer(0.1, centered=True),
    "adagrad": lambda: tf.train.AdagradOptimizer(0.1),
    "adadelta": lambda: tf.train.AdadeltaOptimizer(1.0, epsilon=1e-3),
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizers_train_a_float16_variable(name):
    start = np.float16([1.0, -2.0, 0.5])
    w = tf.Variable(start)
    loss = tf.reduce_sum(w * w)
    optimizer = OPTIMIZERS[name]()
    train = optimizer.minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [sess.run(loss)]
        for _ in range(5):
            sess.run(train)
            losses.append(sess.run(loss))
        value = sess.run(w)
        slots = [sess.run(optimizer.get_slot(w, s)) for s in optimizer.get_slot_names()]
    assert value.dtype == np.float16 and all(s.dtype == np.float16 for s in slots)
    assert np.isfinite(value).all() and all(np.isfinite(s).all() for s in slots)
    assert losses[-1] < losses[0]
    # Each weight moved toward 0, the minimum (momentum may overshoot it, not run away).
    assert (np.abs(value) < np.abs(start)).all()
