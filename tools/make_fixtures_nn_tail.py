"""Fixtures for the tf.nn tail and tf.layers classes (issue 20, part f), computed with real
TensorFlow.

Run with the TensorFlow venv from the repository root:
    /work/tfvenv/bin/python tools/make_fixtures_nn_tail.py
Writes tests/fixtures/nn_tail/nn.npz: the inputs (drawn from a fixed seed) and what TensorFlow
computes from them, one key per value.
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "nn_tail")


def inputs():
    rng = np.random.RandomState(20)
    return {
        "x3d": rng.randn(2, 5, 6, 4, 3),
        "f3d": rng.randn(3, 2, 3, 3, 4),
        "x2d": rng.randn(2, 7, 6, 3),
        "f2d": rng.randn(3, 3, 3, 4),
        "ft2d": rng.randn(3, 3, 2, 3),
        "fdw": rng.randn(3, 2, 3, 2),
        "x1d": rng.randn(2, 9, 3),
        "ft1d": rng.randn(3, 2, 3),
        "targets": rng.randint(0, 5, size=(4, 3)).astype(np.float64),
        "log_input": rng.randn(4, 3),
        "w": rng.randn(3, 5),
        "b": rng.randn(5),
        "m": rng.randn(3), "v": rng.rand(3) + 0.5, "beta": rng.randn(3), "gamma": rng.randn(3),
    }


def conv_values(x):
    c = {k: tf.constant(v) for k, v in x.items()}
    out = {}
    for name, strides, padding in (("v111", [1, 1, 1, 1, 1], "VALID"),
                                   ("s212", [1, 2, 1, 2, 1], "SAME"),
                                   ("s311", [1, 3, 1, 1, 1], "SAME")):
        y = tf.nn.conv3d(c["x3d"], c["f3d"], strides, padding)
        g = tf.constant(np.cos(np.arange(np.prod(y.shape.as_list()))).reshape(y.shape.as_list()))
        out["conv3d_" + name] = y
        out["conv3d_filter_grad_" + name] = tf.nn.conv3d_backprop_filter_v2(
            c["x3d"], list(x["f3d"].shape), g, strides, padding)
        out["conv3d_input_grad_" + name] = tf.gradients(y, c["x3d"], g)[0]
        # TF's 3-D pools take float32 only
        x32 = tf.cast(c["x3d"], tf.float32)
        out["max_pool3d_" + name] = tf.nn.max_pool3d(x32, [1, 3, 2, 2, 1], strides, padding)
        out["avg_pool3d_" + name] = tf.nn.avg_pool3d(x32, [1, 3, 2, 2, 1], strides, padding)
    out["conv3d_transpose"] = tf.nn.conv3d_transpose(
        c["x3d"][:, :, :, :, :3], tf.transpose(c["f3d"][:, :, :, :, :3], [0, 1, 2, 4, 3]),
        [2, 10, 12, 8, 3], [1, 2, 2, 2, 1], "SAME")
    out["conv3d_ncdhw"] = tf.transpose(tf.nn.conv3d(c["x3d"], c["f3d"], [1, 1, 1, 1, 1], "SAME"),
                                       [0, 4, 1, 2, 3])
    out["atrous_conv2d_transpose_valid"] = tf.nn.atrous_conv2d_transpose(
        c["x2d"], c["ft2d"], [2, 11, 10, 2], 2, "VALID")
    out["atrous_conv2d_transpose_same"] = tf.nn.atrous_conv2d_transpose(
        c["x2d"], c["ft2d"], [2, 7, 6, 2], 2, "SAME")
    out["conv1d_transpose"] = tf.nn.conv1d_transpose(c["x1d"], c["ft1d"], [2, 18, 2], 2, "SAME")
    out["conv_2d"] = tf.conv(c["x2d"], c["f2d"], [1, 2, 1, 1], "SAME")
    out["with_space_to_batch"] = tf.nn.with_space_to_batch(
        c["x2d"], [2, 3], "SAME",
        lambda t, n, p: tf.nn.conv2d(t, c["f2d"], [1, 1, 1, 1], p), filter_shape=[3, 3])
    out["depthwise_native"] = tf.nn.depthwise_conv2d_native(c["x2d"], c["fdw"], [1, 2, 2, 1],
                                                            "SAME")
    g = tf.constant(np.sin(np.arange(2 * 4 * 3 * 6)).reshape(2, 4, 3, 6))
    out["depthwise_filter_grad"] = tf.nn.depthwise_conv2d_native_backprop_filter(
        c["x2d"], [3, 2, 3, 2], g, [1, 2, 2, 1], "SAME")
    out["depthwise_input_grad"] = tf.nn.depthwise_conv2d_native_backprop_input(
        [2, 7, 6, 3], c["fdw"], g, [1, 2, 2, 1], "SAME")
    out["max_pool1d"] = tf.nn.max_pool1d(c["x1d"], 3, 2, "SAME")
    out["avg_pool1d"] = tf.nn.avg_pool1d(c["x1d"], 2, 1, "VALID")
    out["avg_pool_v2_3d"] = tf.nn.avg_pool_v2(tf.cast(c["x3d"], tf.float32), 2, [1, 2, 1], "SAME")
    return out


def small_values(x):
    c = {k: tf.constant(v) for k, v in x.items()}
    count, mean_ss, var_ss, _ = tf.nn.sufficient_statistics(c["x2d"], [0, 1, 2], shift=c["b"][:3])
    return {
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
            c["x2d"], c["m"], c["v"], c["beta"], c["gamma"], 1e-3, False),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    x = inputs()
    with tf.Graph().as_default():
        fetches = dict(conv_values(x), **small_values(x))
        with tf.Session() as sess:
            values = sess.run(fetches)
    arrays = dict(x, **values)
    np.savez_compressed(os.path.join(OUT, "nn.npz"), **arrays)
    print("wrote %d arrays" % len(arrays))


if __name__ == "__main__":
    main()
