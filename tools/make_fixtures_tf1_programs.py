"""Fixtures for tests/test_tf1_programs_*.py, computed by real TensorFlow (graph mode).

    TF_USE_LEGACY_KERAS=1 PYTHONPATH=<dir with tf-keras> /work/tfvenv/bin/python \
        tools/make_fixtures_tf1_programs.py

(tf.compat.v1.layers lives in the tf-keras package from TF 2.16 on.) Writes
tests/fixtures/tf1_programs/programs.json (names and small values) and metrics.npz.
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
import tensorflow.compat.v1 as tf  # noqa: E402

tf.disable_v2_behavior()
OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests",
                   "fixtures", "tf1_programs")


def gan_discriminator_names():
    """A GAN discriminator called on real and fake images, the second time with reuse=True."""
    tf.reset_default_graph()
    real = tf.placeholder(tf.float32, [None, 8, 8, 1], name="real")
    fake = tf.placeholder(tf.float32, [None, 8, 8, 1], name="fake")

    def discriminator(images, reuse=False):
        with tf.variable_scope("Discriminator", reuse=reuse):
            h = tf.layers.conv2d(images, 4, 3, activation=tf.nn.relu)
            h = tf.layers.conv2d(h, 4, 3, activation=tf.nn.relu)
            h = tf.layers.batch_normalization(h)
            return tf.layers.dense(tf.layers.flatten(h), 1)
    d_real = discriminator(real)
    d_fake = discriminator(fake, reuse=True)
    return {"variables": [v.name for v in tf.global_variables()],
            "outputs": [d_real.name, d_fake.name]}


def cross_entropy_flattened():
    """softmax_cross_entropy_with_logits_v2 with labels=[y]: [1, ?, 7] against [?, 7]."""
    tf.reset_default_graph()
    rng = np.random.RandomState(0)
    logits_value = rng.randn(3, 7).astype(np.float32)
    labels_value = rng.dirichlet(np.ones(7), 3).astype(np.float32)
    logits = tf.placeholder(tf.float32, [None, 7])
    labels = tf.placeholder(tf.float32, [None, 7])
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=[labels])
    grad, = tf.gradients(tf.reduce_sum(loss), [logits])
    with tf.Session() as sess:
        loss_value, grad_value = sess.run([loss, grad], {logits: logits_value,
                                                         labels: labels_value})
    return {"logits": logits_value.tolist(), "labels": labels_value.tolist(),
            "static_shape": loss.shape.as_list(), "loss": loss_value.tolist(),
            "grad": grad_value.tolist()}


def contrib_layers():
    """contrib is gone from TF 2: its layers' values computed by the core TF ops they are
    defined by (batch_norm: layers.batch_normalization with decay 0.999 and no gamma;
    layer_norm: moments over the non-batch axes, epsilon 1e-12; sequence_loss: the weighted
    sparse softmax cross-entropy, in each averaging mode)."""
    tf.reset_default_graph()
    rng = np.random.RandomState(1)
    x_value = rng.randn(6, 5).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 5])
    training = tf.placeholder(tf.bool, [])
    bn = tf.layers.batch_normalization(x, momentum=0.999, epsilon=0.001, scale=False,
                                       training=training)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    mean, variance = tf.nn.moments(tf.reshape(x, [6, 5]), [1], keep_dims=True)
    ln = tf.nn.batch_normalization(x, mean, variance, None, None, 1e-12)
    logits_value = rng.randn(2, 4, 6).astype(np.float32)
    targets_value = rng.randint(0, 6, (2, 4)).astype(np.int32)
    weights_value = np.array([[1, 1, 1, 0], [1, 1, 0, 0]], np.float32)
    crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.constant(targets_value), logits=tf.constant(logits_value)) * weights_value
    w = tf.constant(weights_value)
    nonzero = tf.cast(tf.count_nonzero(w, axis=1), tf.float32)
    modes = {"both": tf.reduce_sum(crossent) / (tf.reduce_sum(w) + 1e-12),
             "timesteps": tf.reduce_sum(crossent, 1) / (tf.reduce_sum(w, 1) + 1e-12),
             "batch": tf.reduce_sum(crossent, 0) / (tf.reduce_sum(w, 0) + 1e-12),
             "none": crossent,
             "sum_over_timesteps": tf.reduce_sum(crossent, 1) / (nonzero + 1e-12)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        train_out, _ = sess.run([bn, updates], {x: x_value, training: True})
        moving = sess.run([v for v in tf.global_variables() if "moving" in v.name])
        infer_out = sess.run(bn, {x: x_value, training: False})
        ln_out, loss_values = sess.run([ln, modes], {x: x_value})
    return {"x": x_value.tolist(), "batch_norm_train": train_out.tolist(),
            "batch_norm_moving": [m.tolist() for m in moving],
            "batch_norm_infer": infer_out.tolist(), "layer_norm": ln_out.tolist(),
            "logits": logits_value.tolist(), "targets": targets_value.tolist(),
            "weights": weights_value.tolist(),
            "sequence_loss": {k: np.asarray(v).tolist() for k, v in loss_values.items()}}


SECTIONS = {"contrib_layers": contrib_layers,
            "gan_discriminator": gan_discriminator_names,
            "cross_entropy_flattened": cross_entropy_flattened}


def main():
    os.makedirs(OUT, exist_ok=True)
    programs = {name: make() for name, make in SECTIONS.items()}
    with open(os.path.join(OUT, "programs.json"), "w") as handle:
        json.dump(programs, handle, indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
