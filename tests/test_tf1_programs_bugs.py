"""Regression tests for the bugs TF1 programs from the wild hit (issue 20), each shaped like the
program that hit it; names and values from real TensorFlow (tools/make_fixtures_tf1_programs.py)."""
import json
import os

import numpy as np
import pytest

import autograd_engine as tf

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "tf1_programs")


def fixture(name):
    with open(os.path.join(FIXTURES, "programs.json")) as handle:
        return json.load(handle)[name]


# ---------------------------------------------------------- 1. layers under variable_scope reuse
def test_gan_discriminator_called_twice_reuses_its_layers_by_name():
    expected = fixture("gan_discriminator")
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
    assert [v.name for v in tf.global_variables()] == expected["variables"]
    assert [d_real.name, d_fake.name] == expected["outputs"]
    images = np.random.RandomState(0).randn(2, 8, 8, 1).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        on_real, on_fake = sess.run([d_real, d_fake], {real: images, fake: images})
    np.testing.assert_allclose(on_real, on_fake, rtol=1e-6)  # one set of Variables


def test_train_and_test_towers_share_dense_layers():
    x = tf.placeholder(tf.float32, [None, 5])

    def tower(inputs):
        return tf.layers.dense(tf.layers.dense(inputs, 4), 2)
    with tf.variable_scope("model"):
        tower(x)
    with tf.variable_scope("model", reuse=True):
        tower(x)
    assert len(tf.trainable_variables()) == 4


def test_reentering_a_scope_without_reuse_still_refuses_to_redefine():
    x = tf.placeholder(tf.float32, [None, 5])
    with tf.variable_scope("D3"):
        tf.layers.dense(x, 2)
    with tf.variable_scope("D3"):
        with pytest.raises(ValueError, match="Variable D3/dense/kernel already exists"):
            tf.layers.dense(x, 2)


# ------------------------------------------------------------------- 2. static shapes through cond
def test_dropout_with_a_bool_placeholder_keeps_the_shape_for_the_next_conv():
    is_training = tf.placeholder(tf.bool)  # of unknown shape, as programs write it
    images = tf.placeholder(tf.float32, [None, 8, 8, 3])
    dropped = tf.layers.dropout(images, rate=0.5, training=is_training)
    assert dropped.shape.as_list() == [None, 8, 8, 3]
    out = tf.layers.conv2d(dropped, 2, 3)
    assert out.shape.as_list() == [None, 6, 6, 2]
    feed = {images: np.ones((2, 8, 8, 3), np.float32)}
    with tf.Session() as sess:
        value = sess.run(dropped, {**feed, is_training: False})
        np.testing.assert_array_equal(value, feed[images])
        value = sess.run(dropped, {**feed, is_training: True})
        assert set(np.unique(value).tolist()) <= {0.0, 2.0}


def test_batch_normalization_with_a_bool_placeholder_keeps_the_shape():
    is_training = tf.placeholder(tf.bool)
    x = tf.placeholder(tf.float32, [None, 4, 4, 3])
    y = tf.layers.batch_normalization(x, training=is_training)
    assert y.shape.as_list() == [None, 4, 4, 3]
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    x_value = np.random.RandomState(1).randn(5, 4, 4, 3).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        normalized = sess.run(y, {x: x_value, is_training: True})
        np.testing.assert_allclose(normalized.mean(axis=(0, 1, 2)), 0, atol=1e-5)
        sess.run(updates, {x: x_value, is_training: False})
        mean = sess.run(tf.global_variables()[2])
        np.testing.assert_array_equal(mean, 0)  # training=False leaves the averages alone
        sess.run(updates, {x: x_value, is_training: True})
        np.testing.assert_allclose(sess.run(tf.global_variables()[2]),
                                   0.01 * x_value.mean(axis=(0, 1, 2)), rtol=1e-4)


def test_cond_case_and_while_loop_keep_the_most_specific_common_shape():
    pred = tf.placeholder(tf.bool)
    a = tf.placeholder(tf.float32, [None, 8, 3])
    b = tf.placeholder(tf.float32, [4, None, 3])
    assert tf.cond(pred, lambda: a, lambda: b).shape.as_list() == [None, None, 3]
    assert tf.cond(pred, lambda: a, lambda: a * 2).shape.as_list() == [None, 8, 3]
    case = tf.case([(pred, lambda: a)], default=lambda: a + 1)
    assert case.shape.as_list() == [None, 8, 3]
    _, looped = tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * 2), [0, a])
    assert looped.shape.as_list() == [None, 8, 3]


def test_smart_cond_decides_now_for_python_bools_and_constants():
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.contrib.framework.smart_cond(False, lambda: x * 2.0, lambda: x) is x
    assert tf.contrib.framework.smart_cond(tf.constant(True), lambda: x, lambda: x * 2.0) is x


# ------------------------------------------------------- 3. tensor-valued arguments of random ops
def test_xavier_init_idiom_with_a_tensor_stddev():
    def xavier_init(size):
        in_dim = tf.cast(size[0], tf.float32)
        return tf.random_normal(shape=size, stddev=1. / tf.sqrt(in_dim / 2.), seed=3)
    weights = tf.Variable(xavier_init([800, 50]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        value = sess.run(weights)
    assert value.shape == (800, 50)
    assert abs(value.std() - 0.05) < 0.005 and abs(value.mean()) < 0.005


def test_random_ops_take_tensors_for_every_parameter_and_differentiate_through_them():
    n = tf.placeholder(tf.float32, [])
    x = tf.placeholder(tf.float32, [None, 3])
    normal = tf.random_normal([4000], mean=n, stddev=n / 4.0, seed=1)
    truncated = tf.truncated_normal(tf.shape(x), mean=n, stddev=1.0)
    uniform = tf.random_uniform([tf.shape(x)[0], 3], minval=n, maxval=2.0 * n)
    integers = tf.random_uniform([3000], minval=tf.cast(n, tf.int32), maxval=12, dtype=tf.int32)
    assert truncated.shape.as_list() == [None, 3] and uniform.shape.as_list() == [None, 3]
    grad_mean, = tf.gradients(tf.reduce_sum(normal), [n])
    feed = {n: 8.0, x: np.zeros((5, 3), np.float32)}
    with tf.Session() as sess:
        values = sess.run([normal, truncated, uniform, integers, grad_mean], feed)
    drawn, cut, flat, ints, grad = values
    assert abs(drawn.mean() - 8) < 0.1 and abs(drawn.std() - 2) < 0.1
    assert cut.shape == (5, 3) and np.all(np.abs(cut - 8) <= 2)
    assert np.all((flat >= 8) & (flat < 16))
    assert set(np.unique(ints).tolist()) == {8, 9, 10, 11}
    # d/dn sum(n + (n / 4) * z) = 4000 + sum(z) / 4
    standard = (drawn - 8.0) / 2.0
    np.testing.assert_allclose(grad, 4000 + standard.sum() / 4, rtol=1e-4)


# -------------------------------------------------------------- 4. cross-entropy label shapes
def test_labels_wrapped_in_a_list_are_flattened_like_tf():
    expected = fixture("cross_entropy_flattened")
    logits = tf.placeholder(tf.float32, [None, 7])
    labels = tf.placeholder(tf.float32, [None, 7])
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=[labels])
    assert loss.shape.as_list() == expected["static_shape"]
    grad, = tf.gradients(tf.reduce_sum(loss), [logits])
    with tf.Session() as sess:
        loss_value, grad_value = sess.run([loss, grad], {logits: expected["logits"],
                                                         labels: expected["labels"]})
    np.testing.assert_allclose(loss_value, expected["loss"], rtol=1e-5)
    np.testing.assert_allclose(grad_value, expected["grad"], rtol=1e-5, atol=1e-7)


def test_flattened_labels_of_another_size_are_refused_at_run_time():
    logits = tf.placeholder(tf.float32, [None, 7])
    labels = tf.placeholder(tf.float32, [None, None, 7])
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=labels)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(loss, {logits: np.zeros((3, 7)), labels: np.zeros((2, 2, 7))})
