"""Fractional max/avg pooling. TensorFlow draws its window boundaries from its own random
generator, so tests/fixtures/nn_tail/nn.npz (tools/make_fixtures_nn_tail.py) keeps TF's
boundaries with its outputs and gradients: the windows those boundaries make, the pooling and
the gradient routing are compared with TF's; the boundaries drawn here are checked for TF's
rules."""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.ops import fractional_pool_ops
from autograd_engine.ops.registry import make_op

F = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "nn_tail", "nn.npz"))
CASES = [(kind, pseudo, overlapping) for kind in ("max", "avg") for pseudo in (0, 1)
         for overlapping in (0, 1)]


@pytest.mark.parametrize("kind,pseudo,overlapping", CASES)
def test_pooling_and_gradient_over_tensorflows_windows(kind, pseudo, overlapping):
    key = "frac_%s_%d%d" % (kind, pseudo, overlapping)
    x, rows, cols = F["frac_x"], F[key + "_rows"], F[key + "_cols"]
    pooled = fractional_pool_ops.pool_by_sequences(x, rows, cols, kind.upper(),
                                                   bool(overlapping))
    np.testing.assert_allclose(pooled, F[key + "_out"], rtol=1e-12)
    weights = np.cos(np.arange(pooled.size)).reshape(pooled.shape)
    with tf.Graph().as_default():
        grad = make_op("FractionalPoolGrad",
                       [tf.constant(v) for v in (x, pooled, rows, cols, weights)],
                       {"pooling_type": kind.upper(), "overlapping": bool(overlapping)})
        with tf.Session() as sess:
            np.testing.assert_allclose(sess.run(grad.outputs[0]), F[key + "_grad"],
                                       rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("pseudo", [False, True])
def test_drawn_boundaries_follow_tf_rules_and_feed_the_pooling(pseudo):
    x = F["frac_x"]
    with tf.Graph().as_default():
        y, rows, cols = tf.nn.fractional_max_pool(x, [1.0, 1.44, 1.73, 1.0],
                                                  pseudo_random=pseudo, seed=4)
        assert y.shape.as_list() == [2, 6, 4, 2]
        with tf.Session() as sess:
            runs = [sess.run([y, rows, cols]) for _ in range(5)]
    for out, r, c in runs:
        for seq, size, count in ((r, 9, 6), (c, 8, 4)):
            assert seq[0] == 0 and seq[-1] == size and len(seq) == count + 1
            steps = np.diff(seq)
            assert set(steps.tolist()) <= {size // count, size // count + 1}
        np.testing.assert_array_equal(out, fractional_pool_ops.pool_by_sequences(
            x, r, c, "MAX", False))
    assert len({tuple(r) for _, r, _ in runs}) > 1  # new windows every run


def test_deterministic_pools_keep_their_windows_and_check_ratios():
    x = F["frac_x"]
    with tf.Graph().as_default():
        y, rows, _ = tf.nn.fractional_avg_pool(x, [1.0, 1.44, 1.73, 1.0], deterministic=True)
        with tf.Session() as sess:
            first = sess.run([y, rows])
            again = sess.run([y, rows])
        np.testing.assert_array_equal(first[1], again[1])
        np.testing.assert_array_equal(first[0], again[0])
        with pytest.raises(ValueError, match="1.0 for batch and channels"):
            tf.nn.fractional_max_pool(x, [2.0, 1.5, 1.5, 1.0])
        with pytest.raises(ValueError, match=">= 1.0"):
            tf.nn.fractional_max_pool(x, [1.0, 0.5, 1.5, 1.0])
