"""3-D convolution and pooling and the other conv/pool names against TensorFlow's values
(tests/fixtures/nn_tail/nn.npz, written by tools/make_fixtures_nn_tail.py), with float64
gradient checks of the composites."""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients

FIXTURE = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "nn_tail", "nn.npz"))
CASES = (("v111", [1, 1, 1, 1, 1], "VALID"), ("s212", [1, 2, 1, 2, 1], "SAME"),
         ("s311", [1, 3, 1, 1, 1], "SAME"))


def run(fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def close(got, key, rtol=1e-6, atol=1e-8):
    expected = FIXTURE[key]
    assert np.shape(got) == expected.shape, (key, np.shape(got), expected.shape)
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol, err_msg=key)


@pytest.mark.parametrize("name,strides,padding", CASES)
def test_conv3d_and_its_gradients_match_tensorflow(name, strides, padding):
    with tf.Graph().as_default():
        x, f = tf.constant(FIXTURE["x3d"]), tf.constant(FIXTURE["f3d"])
        y = tf.nn.conv3d(x, f, strides, padding)
        g = tf.constant(np.cos(np.arange(np.prod(y.shape.as_list()))).reshape(
            y.shape.as_list()))
        filter_grad = tf.nn.conv3d_backprop_filter_v2(x, list(FIXTURE["f3d"].shape), g, strides,
                                                      padding)
        values = run([y, filter_grad, tf.gradients(y, x, g)[0], tf.gradients(y, f, g)[0]])
    close(values[0], "conv3d_" + name)
    close(values[1], "conv3d_filter_grad_" + name)
    close(values[2], "conv3d_input_grad_" + name)
    close(values[3], "conv3d_filter_grad_" + name)


@pytest.mark.parametrize("name,strides,padding", CASES)
def test_pool3d_matches_tensorflow(name, strides, padding):
    with tf.Graph().as_default():
        x = tf.constant(FIXTURE["x3d"].astype(np.float32))
        values = run([tf.nn.max_pool3d(x, [1, 3, 2, 2, 1], strides, padding),
                      tf.nn.avg_pool3d(x, [1, 3, 2, 2, 1], strides, padding)])
    close(values[0], "max_pool3d_" + name, rtol=1e-6)
    close(values[1], "avg_pool3d_" + name, rtol=1e-5, atol=1e-6)


def test_conv3d_transpose_and_channels_first_match_tensorflow():
    with tf.Graph().as_default():
        x, f = tf.constant(FIXTURE["x3d"]), tf.constant(FIXTURE["f3d"])
        batch = tf.placeholder_with_default(x[:, :, :, :, :3], [None, 5, 6, 4, 3])
        transposed = tf.nn.conv3d_transpose(
            batch, tf.transpose(f[:, :, :, :, :3], [0, 1, 2, 4, 3]),
            [tf.shape(batch)[0], 10, 12, 8, 3], [1, 2, 2, 2, 1], "SAME")
        first = tf.nn.conv3d(tf.transpose(x, [0, 4, 1, 2, 3]), f, [1, 1, 1, 1, 1], "SAME",
                             data_format="NCDHW")
        assert transposed.shape.as_list() == [None, 10, 12, 8, 3]
        values = run([transposed, first])
    close(values[0], "conv3d_transpose")
    close(values[1], "conv3d_ncdhw")


@pytest.mark.parametrize("strides,padding", [([1, 2, 1, 2, 1], "SAME"),
                                             ([1, 1, 1, 1, 1], "VALID")])
def test_conv3d_gradients_numerically(strides, padding):
    rng = np.random.RandomState(3)
    check_gradients(lambda x, f: tf.nn.conv3d(x, f, strides, padding),
                    [rng.randn(1, 4, 3, 3, 2), rng.randn(2, 2, 2, 2, 2)])
    check_gradients(lambda g, f: tf.nn.conv3d_transpose(g, f, [1, 5, 6, 4, 2], strides,
                                                        padding),
                    [rng.randn(*((1, 3, 6, 2, 2) if padding == "SAME" else (1, 4, 5, 3, 2))),
                     rng.randn(2, 2, 2, 2, 2)])


def test_pool3d_gradients_numerically():
    x = np.random.RandomState(4).permutation(60).reshape(1, 3, 5, 4, 1) / 7.0  # no ties
    check_gradients(lambda t: tf.nn.max_pool3d(t, [1, 2, 2, 2, 1], [1, 1, 2, 1, 1], "SAME"),
                    [x])
    check_gradients(lambda t: tf.nn.avg_pool3d(t, [1, 2, 3, 2, 1], [1, 2, 1, 2, 1], "SAME"),
                    [x])


def test_conv3d_rejects_bad_arguments():
    with tf.Graph().as_default():
        x = tf.zeros([1, 4, 4, 4, 2])
        with pytest.raises(ValueError, match="must match the filter"):
            tf.nn.conv3d(x, tf.zeros([2, 2, 2, 3, 1]), [1, 1, 1, 1, 1], "SAME")
        with pytest.raises(ValueError, match="padding must be"):
            tf.nn.conv3d(x, tf.zeros([2, 2, 2, 2, 1]), [1, 1, 1, 1, 1], "FULL")
        with pytest.raises(ValueError, match="depth of its input known"):
            tf.nn.conv3d(tf.placeholder(tf.float32, [1, None, 4, 4, 2]),
                         tf.zeros([2, 2, 2, 2, 1]), [1, 1, 1, 1, 1], "SAME")
        with pytest.raises(ValueError, match="larger than the input depth"):
            tf.nn.conv3d(x, tf.zeros([5, 2, 2, 2, 1]), [1, 1, 1, 1, 1], "VALID")


def test_other_conv_and_pool_names_match_tensorflow():
    with tf.Graph().as_default():
        c = {k: tf.constant(FIXTURE[k]) for k in ("x2d", "ft2d", "f2d", "fdw", "x1d", "ft1d")}
        g = tf.constant(np.sin(np.arange(2 * 4 * 3 * 6)).reshape(2, 4, 3, 6))
        conv = lambda t, n, p: tf.nn.conv2d(t, c["f2d"], [1, 1, 1, 1], p)  # noqa: E731
        fetches = {
            "atrous_conv2d_transpose_valid": tf.nn.atrous_conv2d_transpose(
                c["x2d"], c["ft2d"], [2, 11, 10, 2], 2, "VALID"),
            "atrous_conv2d_transpose_same": tf.nn.atrous_conv2d_transpose(
                c["x2d"], c["ft2d"], [2, 7, 6, 2], 2, "SAME"),
            "conv1d_transpose": tf.nn.conv1d_transpose(c["x1d"], c["ft1d"], [2, 18, 2], 2),
            "conv_2d": tf.conv(c["x2d"], c["f2d"], [1, 2, 1, 1], "SAME"),
            "with_space_to_batch": tf.nn.with_space_to_batch(c["x2d"], [2, 3], "SAME", conv,
                                                             filter_shape=[3, 3]),
            "depthwise_native": tf.nn.depthwise_conv2d_native(c["x2d"], c["fdw"], [1, 2, 2, 1],
                                                              "SAME"),
            "depthwise_filter_grad": tf.nn.depthwise_conv2d_native_backprop_filter(
                c["x2d"], [3, 2, 3, 2], g, [1, 2, 2, 1], "SAME"),
            "depthwise_input_grad": tf.nn.depthwise_conv2d_backprop_input(
                [2, 7, 6, 3], c["fdw"], g, [1, 2, 2, 1], "SAME"),
            "max_pool1d": tf.nn.max_pool1d(c["x1d"], 3, 2, "SAME"),
            "avg_pool1d": tf.nn.avg_pool1d(c["x1d"], 2, 1, "VALID"),
            "avg_pool_v2_3d": tf.nn.avg_pool_v2(FIXTURE["x3d"].astype(np.float32), 2, [1, 2, 1],
                                                "SAME")}
        values = run(fetches)
    for key, value in values.items():
        close(value, key, rtol=1e-5 if key == "avg_pool_v2_3d" else 1e-6, atol=1e-6)


def test_v2_backprops_take_tensors_for_sizes():
    rng = np.random.RandomState(5)
    x, f, g = rng.randn(1, 5, 5, 2), rng.randn(3, 3, 2, 4), rng.randn(1, 5, 5, 4)
    with tf.Graph().as_default():
        v2 = [tf.conv2d_backprop_filter_v2(x, f, g, [1, 1, 1, 1], "SAME"),
              tf.conv2d_backprop_input_v2(x, f, g, [1, 1, 1, 1], "SAME")]
        v1 = [tf.nn.conv2d_backprop_filter(x, [3, 3, 2, 4], g, [1, 1, 1, 1], "SAME"),
              tf.nn.conv2d_backprop_input([1, 5, 5, 2], f, g, [1, 1, 1, 1], "SAME")]
        values = run(v2 + v1)
    np.testing.assert_allclose(values[0], values[2])
    np.testing.assert_allclose(values[1], values[3])
    assert values[0].shape == (3, 3, 2, 4) and values[1].shape == (1, 5, 5, 2)
