"""tf.losses.cosine_distance / hinge_loss / mean_pairwise_squared_error and
tf.metrics.average_precision_at_k against TensorFlow's values (tools/make_fixtures_api_tail.py),
with float64 gradient checks of the losses."""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients

FIXTURES = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "api_tail", "values.npz"))


def _run(fetches):
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        return sess.run(fetches)


def test_losses_match_tensorflow():
    f = FIXTURES
    with tf.Graph().as_default():
        got = _run({
            "cosine": tf.losses.cosine_distance(f["cos_labels"], f["cos_predictions"], axis=1),
            "cosine_weighted": tf.losses.cosine_distance(
                f["cos_labels"], f["cos_predictions"], dim=1, weights=f["cos_weights"]),
            "cosine_none": tf.losses.cosine_distance(f["cos_labels"], f["cos_predictions"],
                                                     axis=1, reduction=tf.losses.Reduction.NONE),
            "hinge": tf.losses.hinge_loss(f["hinge_labels"], f["hinge_logits"]),
            "hinge_none": tf.losses.hinge_loss(f["hinge_labels"], f["hinge_logits"],
                                               reduction=tf.losses.Reduction.NONE),
            "pairwise": tf.losses.mean_pairwise_squared_error(f["pair_labels"],
                                                              f["pair_predictions"]),
            "pairwise_weighted": tf.losses.mean_pairwise_squared_error(
                f["pair_labels"], f["pair_predictions"], weights=f["pair_weights"]),
            "pairwise_3d": tf.losses.mean_pairwise_squared_error(
                f["pair_labels"].reshape(4, 5, 1), f["pair_predictions"].reshape(4, 5, 1)),
        })
        assert len(tf.losses.get_losses()) == 8
    for key, value in got.items():
        expected = f["loss_" + key]
        assert value.shape == expected.shape, key
        np.testing.assert_allclose(value, expected, rtol=1e-5, atol=1e-6, err_msg=key)


@pytest.mark.parametrize("loss", [
    lambda l, p: tf.losses.cosine_distance(l, p, axis=1),
    lambda l, p: tf.losses.hinge_loss(tf.cast(l > 0, tf.float64), p),
    lambda l, p: tf.losses.mean_pairwise_squared_error(l, p, weights=[[1.0], [2.0], [0.0]]),
])
def test_loss_gradients(loss):
    rng = np.random.RandomState(0)
    labels, predictions = rng.randn(3, 4), rng.randn(3, 4) * 0.3
    assert check_gradients(loss, [labels, predictions], wrt=[1]) < 1.0


def test_loss_argument_errors():
    with pytest.raises(ValueError, match="You must specify 'axis'"):
        tf.losses.cosine_distance([[1.0]], [[1.0]])
    with pytest.raises(ValueError, match="Cannot specify both 'axis' and 'dim'"):
        tf.losses.cosine_distance([[1.0]], [[1.0]], axis=1, dim=1)
    with pytest.raises(ValueError, match="incompatible"):
        tf.losses.hinge_loss([[1.0, 0.0]], [[1.0, 0.0, 1.0]])
    with pytest.raises(ValueError, match="known rank >= 2"):
        tf.losses.mean_pairwise_squared_error([1.0, 2.0], [1.0, 2.0])


@pytest.mark.parametrize("k", [1, 3])
@pytest.mark.parametrize("weighted", [False, True])
def test_average_precision_at_k_matches_tensorflow(k, weighted):
    f = FIXTURES
    with tf.Graph().as_default():
        predictions = tf.placeholder(tf.float32, [6, 5])
        value, update = tf.metrics.average_precision_at_k(
            tf.constant(f["ap_labels"]), predictions, k,
            weights=f["ap_weights"] if weighted else None)
        assert update.name == "average_precision_at_%d/update:0" % k
        assert value.dtype == tf.float64
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            assert sess.run(value) == 0.0  # no examples yet: 0, not NaN
            updates = [sess.run(update, {predictions: batch}) for batch in f["ap_scores"]]
            final = sess.run(value)
    key = "ap_k%d%s" % (k, "_w" if weighted else "")
    np.testing.assert_allclose(updates, f[key + "_updates"], rtol=1e-12)
    np.testing.assert_allclose(final, f[key + "_value"], rtol=1e-12)
    assert tf.metrics.sparse_average_precision_at_k is tf.metrics.average_precision_at_k
