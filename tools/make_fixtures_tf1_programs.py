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


SECTIONS = {"gan_discriminator": gan_discriminator_names,
            "cross_entropy_flattened": cross_entropy_flattened}


def main():
    os.makedirs(OUT, exist_ok=True)
    programs = {name: make() for name, make in SECTIONS.items()}
    with open(os.path.join(OUT, "programs.json"), "w") as handle:
        json.dump(programs, handle, indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
