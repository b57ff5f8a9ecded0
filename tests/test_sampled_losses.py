"""nce_loss, sampled_softmax_loss and the candidate samplers against TensorFlow
(tests/fixtures/tail/sampled_losses.npz: losses and gradients with fixed sampled classes, and
the samplers' expected counts), plus float64 gradient checks."""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients

FIXTURE = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "tail",
                               "sampled_losses.npz"))


def _sampled_values():
    return (tf.constant(FIXTURE["sampled"]), tf.constant(FIXTURE["true_count"]),
            tf.constant(FIXTURE["sampled_count"]))


@pytest.mark.parametrize("loss_fn, key", [(tf.nn.nce_loss, "nce"),
                                          (tf.nn.sampled_softmax_loss, "ssm")])
@pytest.mark.parametrize("hits", [False, True])
def test_sampled_losses_and_gradients_match_tensorflow(loss_fn, key, hits):
    key += "_hits" if hits else ""
    with tf.Graph().as_default(), tf.Session() as sess:
        w, b, x = (tf.constant(FIXTURE[k]) for k in ("weights", "biases", "inputs"))
        loss = loss_fn(w, b, FIXTURE["labels"], x, 5, 12, num_true=2,
                       sampled_values=_sampled_values(), remove_accidental_hits=hits)
        grads = [tf.convert_to_tensor(g)
                 for g in tf.gradients(tf.reduce_sum(loss ** 2), [w, b, x])]
        values = sess.run([loss] + grads)
    assert loss.shape.as_list() == [3]
    for value, suffix in zip(values, ("", "_grad_w", "_grad_b", "_grad_x")):
        np.testing.assert_allclose(value, FIXTURE[key + suffix], rtol=1e-6, atol=1e-9,
                                   err_msg=key + suffix)


def test_float64_gradients_of_the_sampled_losses():
    labels = FIXTURE["labels"]
    for loss_fn in (tf.nn.nce_loss, tf.nn.sampled_softmax_loss):
        check_gradients(lambda w, b, x: loss_fn(w, b, labels, x, 5, 12, num_true=2,
                                                sampled_values=_sampled_values()),
                        [FIXTURE["weights"], FIXTURE["biases"], FIXTURE["inputs"]])


def test_sampler_expected_counts_match_tensorflow_and_draws_are_in_range():
    labels = FIXTURE["labels"]
    with tf.Graph().as_default(), tf.Session() as sess:
        samplers = {
            "uniform": tf.nn.uniform_candidate_sampler(labels, 2, 5, False, 12, seed=1),
            "log_uniform": tf.nn.log_uniform_candidate_sampler(labels, 2, 5, False, 12, seed=1),
            "unigram": tf.nn.fixed_unigram_candidate_sampler(
                labels, 2, 5, False, 12, distortion=0.75, num_reserved_ids=1,
                unigrams=list(range(1, 12)), seed=1)}
        unique = tf.nn.log_uniform_candidate_sampler(labels, 2, 12, True, 12, seed=2)
        values = sess.run(samplers)
        unique_values = sess.run(unique)
    for kind, (sampled, true_count, _) in values.items():
        np.testing.assert_allclose(true_count, FIXTURE[kind + "_true_count"], rtol=1e-6)
        assert sampled.dtype == np.int64 and sampled.shape == (5,)
        assert sampled.min() >= (1 if kind == "unigram" else 0) and sampled.max() < 12
    # every class drawn once: their expected counts are all but certain
    assert sorted(unique_values[0].tolist()) == list(range(12))
    assert np.all(unique_values[1] > 0.5)


def test_sampled_softmax_trains_a_small_vocabulary():
    rng = np.random.RandomState(0)
    with tf.Graph().as_default():
        tf.set_random_seed(4)
        inputs = tf.constant(np.eye(6), tf.float32)
        labels = tf.constant(np.arange(6)[:, None], tf.int64)
        w = tf.Variable(rng.randn(6, 6).astype(np.float32) * 0.1)
        b = tf.Variable(np.zeros(6, np.float32))
        loss = tf.reduce_mean(tf.nn.sampled_softmax_loss(w, b, labels, inputs, 3, 6))
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        logits = tf.matmul(inputs, w, transpose_b=True) + b
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(200):
                sess.run(train)
            assert sess.run(tf.argmax(logits, 1)).tolist() == list(range(6))


def test_bad_sampler_arguments_are_refused():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Cannot draw 13 distinct classes"):
            tf.nn.uniform_candidate_sampler([[1]], 1, 13, True, 12)
        with pytest.raises(ValueError, match="must make range_max=12"):
            tf.nn.fixed_unigram_candidate_sampler([[1]], 1, 2, False, 12, unigrams=[1, 2])
        with pytest.raises(ValueError, match="num_true is 1"):
            tf.nn.uniform_candidate_sampler([[1, 2]], 1, 2, False, 12)
