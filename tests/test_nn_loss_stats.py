"""silu, relu_layer, log_poisson_loss, sufficient_statistics, batch_norm_with_global_
normalization and the loss scaling helpers against TensorFlow's values
(tests/fixtures/nn_tail/nn.npz), with float64 gradient checks."""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients

FIXTURE = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "nn_tail", "nn.npz"))


def test_small_helpers_match_tensorflow():
    with tf.Graph().as_default():
        c = {k: tf.constant(FIXTURE[k]) for k in ("x2d", "w", "b", "targets", "log_input", "m",
                                                  "v", "beta", "gamma")}
        count, mean_ss, var_ss, shift = tf.nn.sufficient_statistics(c["x2d"], [0, 1, 2],
                                                                    shift=c["b"][:3])
        fetches = {
            "silu": tf.nn.silu(c["x2d"]),
            "relu_layer": tf.nn.relu_layer(c["x2d"][:, 0, 0, :], c["w"], c["b"]),
            "log_poisson_loss": tf.nn.log_poisson_loss(c["targets"], c["log_input"]),
            "log_poisson_loss_full": tf.nn.log_poisson_loss(c["targets"], c["log_input"],
                                                            compute_full_loss=True),
            "ss_count": count, "ss_mean": mean_ss, "ss_var": var_ss,
            "average_loss": tf.nn.compute_average_loss(c["log_input"][:, 0],
                                                       sample_weight=c["targets"][:, 0]),
            "average_loss_global": tf.nn.compute_average_loss(c["log_input"][:, 0],
                                                              global_batch_size=10),
            "bn_global": tf.nn.batch_norm_with_global_normalization(
                c["x2d"], c["m"], c["v"], c["beta"], c["gamma"], 1e-3, True),
            "bn_global_unscaled": tf.nn.batch_norm_with_global_normalization(
                c["x2d"], c["m"], c["v"], c["beta"], c["gamma"], 1e-3, False)}
        with tf.Session() as sess:
            values = sess.run(fetches)
    for key, value in values.items():
        np.testing.assert_allclose(value, FIXTURE[key], rtol=1e-7, atol=1e-10, err_msg=key)
        assert np.shape(value) == FIXTURE[key].shape, key


def test_sufficient_statistics_with_unknown_dims_and_no_shift():
    x = np.arange(24.0).reshape(2, 3, 4)
    with tf.Graph().as_default():
        fed = tf.placeholder(tf.float64, [None, 3, None])
        count, mean_ss, var_ss, shift = tf.nn.sufficient_statistics(fed, [0, 2], keepdims=True)
        assert shift is None and mean_ss.shape.as_list() == [1, 3, 1]
        with tf.Session() as sess:
            values = sess.run([count, mean_ss, var_ss], {fed: x})
    assert values[0] == 8.0
    np.testing.assert_allclose(values[1], x.sum(axis=(0, 2), keepdims=True))
    np.testing.assert_allclose(values[2], (x * x).sum(axis=(0, 2), keepdims=True))


def test_gradients_numerically():
    rng = np.random.RandomState(0)
    targets = rng.randint(0, 5, size=(3, 4)).astype(np.float64)
    check_gradients(lambda t: tf.nn.silu(t, beta=0.7), [rng.randn(3, 4)])
    check_gradients(lambda t: tf.nn.log_poisson_loss(targets, t, compute_full_loss=True),
                    [rng.randn(3, 4)])
    check_gradients(lambda x, w, b: tf.nn.relu_layer(x, w, b),
                    [rng.randn(3, 2), rng.randn(2, 4), rng.randn(4) + 3.0])
    check_gradients(lambda x: tf.nn.sufficient_statistics(x, [0], shift=0.5)[2],
                    [rng.randn(3, 4)])


def test_scaling_helpers_and_bad_input():
    with tf.Graph().as_default():
        total = tf.nn.scale_regularization_loss([tf.constant(1.5), tf.constant(2.0)])
        average = tf.nn.compute_average_loss(tf.placeholder_with_default([1.0, 2.0, 6.0],
                                                                         [None]))
        with tf.Session() as sess:
            assert sess.run(total) == 3.5
            assert sess.run(average) == 3.0
        with pytest.raises(TypeError, match="must be floating"):
            tf.nn.compute_average_loss([1, 2])
        with pytest.raises(ValueError, match="same shape"):
            tf.nn.log_poisson_loss(tf.zeros([3]), tf.zeros([4]))
        with pytest.raises(ValueError, match="needs t, m, v"):
            tf.nn.batch_norm_with_global_normalization(tf.zeros([2, 3]), tf.zeros([3]))


def test_general_dropout_uses_the_given_sampler():
    with tf.Graph().as_default():
        y = tf.nn.experimental.general_dropout(
            tf.ones([2, 4]), 0.25,
            lambda shape, dtype: tf.constant([[0.1, 0.3, 0.5, 0.2], [0.9, 0.0, 0.25, 0.7]]))
        with tf.Session() as sess:
            np.testing.assert_allclose(sess.run(y), [[0, 4 / 3, 4 / 3, 0],
                                                     [4 / 3, 0, 4 / 3, 4 / 3]], rtol=1e-6)
