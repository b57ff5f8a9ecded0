"""tf.distributions against TensorFlow (tests/fixtures/tail/distributions.npz), sample moments,
and float64 gradients of the log-probabilities and divergences in the parameters."""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients

FIXTURE = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "tail",
                               "distributions.npz"))
ds = tf.distributions


def test_values_match_tensorflow():
    value = np.array([[0.3, -1.2], [2.0, 0.7]], np.float32)
    with tf.Graph().as_default(), tf.Session() as sess:
        normal = ds.Normal(loc=[0.5, -1.0], scale=[1.5, 0.4])
        other_normal = ds.Normal(loc=[0.0, 0.2], scale=[1.0, 2.0])
        uniform = ds.Uniform(low=[-1.0, 0.0], high=[1.0, 3.0])
        bern = ds.Bernoulli(logits=[-0.4, 1.3])
        other_bern = ds.Bernoulli(probs=[0.5, 0.2])
        cat = ds.Categorical(logits=[[0.1, 1.0, -0.5], [2.0, 0.0, 0.3]])
        other_cat = ds.Categorical(probs=[[0.2, 0.3, 0.5], [0.6, 0.2, 0.2]])
        multi = ds.Multinomial(total_count=5.0, probs=[0.2, 0.3, 0.5])
        outputs = {
            "normal_log_prob": normal.log_prob(value), "normal_prob": normal.prob(value),
            "normal_cdf": normal.cdf(value), "normal_entropy": normal.entropy(),
            "normal_mean": normal.mean(), "normal_stddev": normal.stddev(),
            "normal_kl": ds.kl_divergence(normal, other_normal),
            "uniform_log_prob": uniform.log_prob([[0.5, 2.0], [-0.5, 1.0]]),
            "uniform_entropy": uniform.entropy(), "uniform_mean": uniform.mean(),
            "uniform_stddev": uniform.stddev(),
            "bern_log_prob": bern.log_prob([[1, 0], [0, 1]]), "bern_entropy": bern.entropy(),
            "bern_mean": bern.mean(), "bern_stddev": bern.stddev(),
            "bern_kl": ds.kl_divergence(bern, other_bern),
            "cat_log_prob": cat.log_prob([2, 0]), "cat_prob": cat.prob([1, 1]),
            "cat_entropy": cat.entropy(), "cat_kl": ds.kl_divergence(cat, other_cat),
            "multi_log_prob": multi.log_prob([1.0, 1.0, 3.0]), "multi_mean": multi.mean(),
            "multi_stddev": multi.stddev(),
        }
        values = sess.run(outputs)
    for key, got in values.items():
        np.testing.assert_allclose(got, FIXTURE[key], rtol=2e-5, atol=1e-6, err_msg=key)
        assert np.shape(got) == FIXTURE[key].shape, key


def test_samples_have_the_right_shapes_and_moments():
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.set_random_seed(1)
        normal = ds.Normal(loc=[0.0, 3.0], scale=[1.0, 0.5])
        uniform = ds.Uniform(low=2.0, high=[4.0, 6.0])
        bern = ds.Bernoulli(probs=[0.1, 0.8])
        cat = ds.Categorical(probs=[[0.7, 0.2, 0.1], [0.0, 0.0, 1.0]])
        multi = ds.Multinomial(total_count=4.0, probs=[[0.5, 0.5, 0.0]])
        draws = sess.run([normal.sample(4000), uniform.sample([2000, 2]), bern.sample(4000),
                          cat.sample(4000), multi.sample(50)])
    n, u, b, c, m = draws
    assert n.shape == (4000, 2) and u.shape == (2000, 2, 2) and m.shape == (50, 1, 3)
    np.testing.assert_allclose(n.mean(0), [0.0, 3.0], atol=0.1)
    np.testing.assert_allclose(n.std(0), [1.0, 0.5], atol=0.05)
    assert u.min() >= 2.0 and u[..., 0].max() < 4.0 and u[..., 1].max() < 6.0
    assert b.dtype == np.int32 and abs(b.mean(0) - [0.1, 0.8]).max() < 0.05
    assert c.shape == (4000, 2) and set(c[:, 1].tolist()) == {2}
    assert abs((c[:, 0] == 0).mean() - 0.7) < 0.05
    assert np.all(m.sum(-1) == 4.0) and np.all(m[..., 2] == 0)


@pytest.mark.parametrize("fn", [
    lambda p: ds.Normal(p[0], tf.exp(p[1])).log_prob(p[2]),
    lambda p: ds.kl_divergence(ds.Normal(p[0], tf.exp(p[1])), ds.Normal(p[2], 1.5)),
    lambda p: ds.Bernoulli(logits=p).entropy(),
    lambda p: ds.kl_divergence(ds.Bernoulli(logits=p[0]), ds.Bernoulli(logits=p[1])),
    lambda p: ds.Categorical(logits=p).entropy(),
    lambda p: ds.kl_divergence(ds.Categorical(logits=p), ds.Categorical(logits=p[::-1])),
    lambda p: ds.Multinomial(3.0, logits=p).log_prob([[1.0, 2.0, 0.0]] * 3),
], ids=["normal_log_prob", "normal_kl", "bernoulli_entropy", "bernoulli_kl",
        "categorical_entropy", "categorical_kl", "multinomial_log_prob"])
def test_float64_gradients(fn):
    check_gradients(fn, [np.random.RandomState(2).randn(3, 3)])


def test_misuse_is_refused():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Must pass probs or logits, but not both"):
            ds.Bernoulli(logits=0.1, probs=0.5)
        with pytest.raises(NotImplementedError, match="No KL.*Normal.*Uniform"):
            ds.kl_divergence(ds.Normal(0.0, 1.0), ds.Uniform())
