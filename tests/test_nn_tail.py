"""The tf.nn long tail against TensorFlow's values (tests/fixtures/tail/nn.npz, written by
tools/make_fixtures_tail.py) with float64 gradient checks."""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients

FIXTURE = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "tail", "nn.npz"))


def run(tensors):
    with tf.Session() as sess:
        return sess.run(tensors)


def close(got, key, rtol=1e-6, atol=1e-8):
    np.testing.assert_allclose(got, FIXTURE[key], rtol=rtol, atol=atol, err_msg=key)


def test_activations_and_rearrangements_match_tensorflow():
    with tf.Graph().as_default():
        x = tf.constant(FIXTURE["x"])
        outputs = {"swish": tf.nn.swish(x), "crelu": tf.nn.crelu(x),
                   "zero_fraction": tf.nn.zero_fraction(tf.nn.relu(x)),
                   "space_to_depth": tf.nn.space_to_depth(x, 2),
                   "depth_to_space": tf.depth_to_space(x, 2)}
        for key in ("swish", "crelu"):
            outputs[key + "_grad"] = tf.gradients(outputs[key] * outputs[key], x)[0]
        values = run(outputs)
    for key, value in values.items():
        close(value, key)
    assert values["zero_fraction"].dtype == np.float32


def test_lrn_matches_tensorflow_float32():
    with tf.Graph().as_default():
        x = tf.constant(FIXTURE["x"].astype(np.float32))
        y = tf.nn.lrn(x, depth_radius=2, bias=1.5, alpha=0.3, beta=0.75)
        values = run([y, tf.gradients(y * y, x)[0]])
    close(values[0], "lrn", rtol=1e-5)
    close(values[1], "lrn_grad", rtol=1e-4, atol=1e-6)


def test_moments_family_matches_tensorflow():
    with tf.Graph().as_default():
        x = tf.constant(FIXTURE["x"])
        wm, wv = tf.nn.weighted_moments(x, [0, 1, 2], FIXTURE["w"])
        nm, nv = tf.nn.normalize_moments(5.0, FIXTURE["x"][0, 0, 0],
                                         FIXTURE["x"][0, 0, 1] ** 2 + 3, 0.5)
        values = run([wm, wv, nm, nv])
    for value, key in zip(values, ("weighted_mean", "weighted_variance", "normalize_mean",
                                   "normalize_variance")):
        close(value, key)
    assert wm.shape.as_list() == [8]


def test_fused_batch_norm_training_and_inference_match_tensorflow():
    f32 = {k: FIXTURE[k].astype(np.float32) for k in ("x", "scale", "offset", "mean", "var")}
    with tf.Graph().as_default():
        y, mean, variance = tf.nn.fused_batch_norm(f32["x"], f32["scale"], f32["offset"],
                                                   epsilon=1e-3)
        inference, _, _ = tf.nn.fused_batch_norm(f32["x"], f32["scale"], f32["offset"],
                                                 f32["mean"], f32["var"], is_training=False)
        placeholder = tf.placeholder(tf.float32, [None, None, None, 8])
        _, _, dynamic_variance = tf.nn.fused_batch_norm(placeholder, f32["scale"],
                                                        f32["offset"])
        with tf.Session() as sess:
            values = sess.run([y, mean, variance, inference])
            dynamic = sess.run(dynamic_variance, {placeholder: f32["x"]})
    for value, key in zip(values, ("fused_y", "fused_mean", "fused_variance",
                                   "fused_inference_y")):
        close(value, key, rtol=1e-4, atol=1e-5)
    close(dynamic, "fused_variance", rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError, match="must be None when is_training=True"):
        tf.nn.fused_batch_norm(f32["x"], f32["scale"], f32["offset"], f32["mean"], f32["var"])


def test_conv2d_backprops_match_tensorflow():
    with tf.Graph().as_default():
        grad_in = tf.nn.conv2d_backprop_input([2, 4, 6, 8], FIXTURE["filter"],
                                              FIXTURE["grad_out"], [1, 2, 2, 1], "SAME")
        grad_filter = tf.nn.conv2d_backprop_filter(FIXTURE["x"], [3, 3, 8, 5],
                                                   FIXTURE["grad_out"], [1, 2, 2, 1], "SAME")
        nchw = tf.nn.conv2d_backprop_input([2, 8, 4, 6], FIXTURE["filter"],
                                           np.transpose(FIXTURE["grad_out"], [0, 3, 1, 2]),
                                           [1, 1, 2, 2], "SAME", data_format="NCHW")
        values = run([grad_in, grad_filter, nchw])
    close(values[0], "conv_input_grad")
    close(values[1], "conv_filter_grad")
    close(np.transpose(values[2], [0, 2, 3, 1]), "conv_input_grad")


@pytest.mark.parametrize("fn", [
    lambda x: tf.nn.swish(x),
    lambda x: tf.nn.crelu(x),
    lambda x: tf.nn.space_to_depth(x, 2),
    lambda x: tf.nn.depth_to_space(tf.concat([x, x], 3), 2),
    lambda x: tf.nn.lrn(x, 1, 1.0, 0.5, 0.75),
    lambda x: tf.nn.weighted_moments(x, [1, 2], x * x + 1.0)[1],
    lambda x: tf.nn.fused_batch_norm(x, tf.constant([1.5, 0.5], tf.float64),
                                     tf.constant([0.1, 0.2], tf.float64))[0],
], ids=["swish", "crelu", "space_to_depth", "depth_to_space", "lrn", "weighted_moments",
        "fused_batch_norm"])
def test_float64_gradients(fn):
    x = np.random.RandomState(0).randn(2, 4, 4, 2)
    check_gradients(fn, [x])


def test_bad_arguments_are_refused():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="divisible by block_size 3"):
            tf.nn.space_to_depth(tf.zeros([1, 4, 4, 1]), 3)
        with pytest.raises(ValueError, match="should be divisible by: 4"):
            tf.nn.depth_to_space(tf.zeros([1, 2, 2, 6]), 2)
        with pytest.raises(ValueError, match="at least 2"):
            tf.nn.space_to_depth(tf.zeros([1, 4, 4, 1]), 1)
        with pytest.raises(ValueError, match="rank 4"):
            tf.nn.lrn(tf.zeros([2, 3]))


def test_max_pool_with_argmax_matches_tensorflow():
    with tf.Graph().as_default():
        x = tf.constant(FIXTURE["x"].astype(np.float32))
        values, argmax = tf.nn.max_pool_with_argmax(x, [1, 3, 2, 1], [1, 2, 2, 1], "SAME",
                                                    include_batch_in_index=True)
        assert argmax.dtype == tf.int64 and argmax.shape.as_list() == [2, 2, 3, 8]
        got = run([values, argmax, tf.gradients(tf.reduce_sum(values), x)[0]])
    close(got[0], "argmax_values")
    np.testing.assert_array_equal(got[1], FIXTURE["argmax_index"])
    # the values' gradient lands exactly where argmax points
    expected = np.zeros(FIXTURE["x"].size)
    np.add.at(expected, FIXTURE["argmax_index"].ravel(), 1.0)
    np.testing.assert_array_equal(got[2].ravel(), expected)
