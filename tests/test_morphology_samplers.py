"""dilation2d/erosion2d and the extra candidate samplers against TensorFlow's values
(tests/fixtures/nn_tail/nn.npz, written by tools/make_fixtures_nn_tail.py), with float64
gradient checks."""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients

F = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "nn_tail", "nn.npz"))
MORPHOLOGY = (("same", [1, 1, 1, 1], [1, 1, 1, 1], "SAME"),
              ("strided", [1, 2, 1, 1], [1, 1, 2, 1], "VALID"),
              ("rated", [1, 1, 1, 1], [1, 2, 1, 1], "SAME"))


@pytest.mark.parametrize("key,strides,rates,padding", MORPHOLOGY)
def test_dilation_and_erosion_match_tensorflow(key, strides, rates, padding):
    with tf.Graph().as_default():
        image, kernel = tf.constant(F["morph_image"]), tf.constant(F["morph_kernel"])
        dilated = tf.nn.dilation2d(image, kernel, strides, rates, padding)
        eroded = tf.nn.erosion2d(image, kernel, strides, rates, padding)
        weights = tf.constant(np.cos(np.arange(np.prod(dilated.shape.as_list()))).reshape(
            dilated.shape.as_list()))
        grads = tf.gradients(dilated * weights, [image, kernel])
        with tf.Session() as sess:
            values = sess.run([dilated, eroded] + grads)
    np.testing.assert_allclose(values[0], F["dilation_" + key], rtol=1e-12)
    np.testing.assert_allclose(values[1], F["erosion_" + key], rtol=1e-12)
    np.testing.assert_allclose(values[2], F["dilation_grads_%s_0" % key], atol=1e-12)
    np.testing.assert_allclose(values[3], F["dilation_grads_%s_1" % key], atol=1e-12)


def test_morphology_gradients_numerically():
    rng = np.random.RandomState(3)
    image = rng.permutation(40).reshape(1, 5, 4, 2) * 0.37  # no ties between windows
    kernel = rng.permutation(8).reshape(2, 2, 2) * 0.011
    check_gradients(lambda x, k: tf.nn.dilation2d(x, k, [1, 1, 1, 1], [1, 1, 1, 1], "SAME"),
                    [image, kernel])
    check_gradients(lambda x, k: tf.nn.erosion2d(x, k, [1, 2, 1, 1], [1, 1, 2, 1], "VALID"),
                    [image, kernel])


def test_morphology_rejects_bad_arguments():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="must match the input's"):
            tf.nn.dilation2d(tf.zeros([1, 4, 4, 2]), tf.zeros([2, 2, 3]), [1, 1, 1, 1],
                             [1, 1, 1, 1], "SAME")
        with pytest.raises(ValueError, match="larger than the input"):
            tf.nn.dilation2d(tf.zeros([1, 2, 2, 1]), tf.zeros([3, 3, 1]), [1, 1, 1, 1],
                             [1, 1, 1, 1], "VALID")


def test_samplers_match_tensorflow():
    true_classes, sampled = F["hits_true"], F["hits_sampled"]
    with tf.Graph().as_default():
        hits = tf.nn.compute_accidental_hits(true_classes, sampled, num_true=2)
        every = tf.nn.all_candidate_sampler(true_classes, 2, 6, True)
        learned = tf.nn.learned_unigram_candidate_sampler(true_classes, 2, 3, False, 6, seed=3)
        with tf.Session() as sess:
            hit_values, every_values = sess.run([list(hits), list(every)])
            runs = [sess.run(learned) for _ in range(3)]
    for i in range(3):
        np.testing.assert_array_equal(hit_values[i], F["hits_%d" % i])
        assert hit_values[i].dtype == F["hits_%d" % i].dtype
        np.testing.assert_array_equal(every_values[i], F["all_sampler_%d" % i])
    np.testing.assert_allclose(np.stack([r[1] for r in runs]), F["learned_true_expected"],
                               rtol=1e-6)
    # the sampled ids' expected counts follow the same learned counts
    counts = np.ones(6)
    for sampled_ids, _, sampled_expected in runs:
        np.testing.assert_allclose(sampled_expected, counts[sampled_ids] / counts.sum() * 3,
                                   rtol=1e-6)
        np.add.at(counts, true_classes.ravel(), 1)
