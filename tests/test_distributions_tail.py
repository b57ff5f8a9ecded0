"""The tf.distributions tail (Beta, Dirichlet, DirichletMultinomial, Exponential, Gamma,
Laplace, StudentT) against TensorFlow (tests/fixtures/distributions_tail, from
tests/distribution_tail_cases.py), sample shapes and moments, float64 gradients of the
log-probabilities in the parameters, undefined statistics, and RegisterKL's dispatch."""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients
from distribution_tail_cases import build

FIXTURE = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "distributions_tail",
                               "values.npz"))
ds = tf.distributions


def test_values_match_tensorflow():
    with tf.Graph().as_default(), tf.Session() as sess:
        values = sess.run(build(ds))
    assert sorted(values) == sorted(FIXTURE.files)
    for key, got in values.items():
        assert np.shape(got) == FIXTURE[key].shape, key
        np.testing.assert_allclose(got, FIXTURE[key], rtol=2e-5, atol=1e-6, err_msg=key)


def test_batch_shapes_and_dirichlet_mode():
    with tf.Graph().as_default(), tf.Session() as sess:
        diri = ds.Dirichlet([[1.0, 2.0, 3.0], [2.0, 3.0, 5.0]])
        student = ds.StudentT(df=[[3.0], [4.0]], loc=[0.0, 1.0, 2.0], scale=1.0)
        count = tf.placeholder(tf.float32, [None])
        dm = ds.DirichletMultinomial(count, [1.0, 2.0])
        assert diri.batch_shape.as_list() == [2]
        assert student.batch_shape.as_list() == [2, 3]
        assert dm.batch_shape.as_list() == [None]
        mode, batch = sess.run([diri.mode(), dm.batch_shape_tensor()], {count: [1, 2, 3]})
    # (c - 1) / (sum(c) - K), NaN where some concentration is <= 1.
    assert np.isnan(mode[0]).all()
    np.testing.assert_allclose(mode[1], [1 / 7, 2 / 7, 4 / 7], rtol=1e-6)
    assert batch.tolist() == [3]


def test_samples_have_the_right_shapes_and_moments():
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.set_random_seed(3)
        draws = sess.run({
            "gamma": ds.Gamma([2.0, 5.0], 2.0).sample(4000),
            "expo": ds.Exponential([0.5, 4.0]).sample([2000, 2]),
            "beta": ds.Beta(2.0, [3.0, 8.0]).sample(4000),
            "diri": ds.Dirichlet([[1.0, 2.0, 7.0]]).sample(4000),
            "dm": ds.DirichletMultinomial(6.0, [[1.0, 1.0, 0.001], [2.0, 3.0, 5.0]]).sample(500),
            "laplace": ds.Laplace([0.0, 3.0], [1.0, 0.5]).sample(4000),
            "student": ds.StudentT([5.0, 30.0], [0.0, -2.0], [1.0, 2.0]).sample(4000)})
    assert draws["gamma"].shape == (4000, 2)
    np.testing.assert_allclose(draws["gamma"].mean(0), [1.0, 2.5], rtol=0.05)
    assert draws["expo"].shape == (2000, 2, 2) and draws["expo"].min() > 0
    np.testing.assert_allclose(draws["expo"].mean((0, 1)), [2.0, 0.25], rtol=0.07)
    assert draws["beta"].shape == (4000, 2) and 0 < draws["beta"].min() < draws["beta"].max() < 1
    np.testing.assert_allclose(draws["beta"].mean(0), [0.4, 0.2], atol=0.02)
    assert draws["diri"].shape == (4000, 1, 3)
    np.testing.assert_allclose(draws["diri"].sum(-1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(draws["diri"].mean((0, 1)), [0.1, 0.2, 0.7], atol=0.02)
    assert draws["dm"].shape == (500, 2, 3) and np.all(draws["dm"].sum(-1) == 6.0)
    assert abs(draws["dm"][:, 1].mean(0) - [1.2, 1.8, 3.0]).max() < 0.3
    np.testing.assert_allclose(draws["laplace"].mean(0), [0.0, 3.0], atol=0.06)
    np.testing.assert_allclose(draws["laplace"].std(0), [np.sqrt(2), np.sqrt(2) / 2], rtol=0.06)
    np.testing.assert_allclose(np.median(draws["student"], 0), [0.0, -2.0], atol=0.08)
    np.testing.assert_allclose(draws["student"].std(0), [np.sqrt(5 / 3), 2 * np.sqrt(30 / 28)],
                               rtol=0.08)


def test_samples_are_reparameterized():
    concentration = tf.constant([2.0, 3.0])
    families = [ds.Gamma(concentration, 1.5), ds.Exponential(concentration),
                ds.Beta(concentration, 2.0), ds.Dirichlet(concentration),
                ds.Laplace(concentration, 1.0), ds.StudentT(concentration, 0.0, 1.0)]
    for dist in families:
        assert dist.reparameterization_type == ds.FULLY_REPARAMETERIZED, dist.name
        grad, = tf.gradients(tf.reduce_sum(dist.sample(5, seed=1)), [concentration])
        assert grad is not None, dist.name
    not_reparameterized = ds.DirichletMultinomial(3.0, concentration)
    assert not_reparameterized.reparameterization_type is ds.NOT_REPARAMETERIZED
    assert isinstance(ds.NOT_REPARAMETERIZED, ds.ReparameterizationType)
    assert ds.Bernoulli(probs=0.3).reparameterization_type is ds.NOT_REPARAMETERIZED
    assert ds.Normal(0.0, 1.0).reparameterization_type is ds.FULLY_REPARAMETERIZED


@pytest.mark.parametrize("fn", [
    lambda p: ds.Gamma(tf.exp(p[0]), tf.exp(p[1])).log_prob(tf.exp(p[2])),
    lambda p: ds.Exponential(tf.exp(p[0])).log_prob(tf.exp(p[1])),
    lambda p: ds.Beta(tf.exp(p[0]), tf.exp(p[1])).log_prob(tf.sigmoid(p[2])),
    lambda p: ds.Dirichlet(tf.exp(p)).log_prob(tf.nn.softmax(p[::-1])),
    lambda p: ds.DirichletMultinomial(4.0, tf.exp(p)).log_prob([[1.0, 2.0, 1.0]] * 3),
    lambda p: ds.Laplace(p[0], tf.exp(p[1])).log_prob(p[2] + 0.1),
    lambda p: ds.StudentT(tf.exp(p[0]) + 0.5, p[1], tf.exp(p[2])).log_prob(p[::-1]),
    lambda p: ds.kl_divergence(ds.Gamma(tf.exp(p[0]), tf.exp(p[1])), ds.Gamma(np.float64(2.0), 1.5)),
    lambda p: ds.kl_divergence(ds.Beta(tf.exp(p[0]), tf.exp(p[1])), ds.Beta(tf.exp(p[2]), 2.0)),
    lambda p: ds.kl_divergence(ds.Dirichlet(tf.exp(p)), ds.Dirichlet(tf.exp(p[::-1]))),
], ids=["gamma", "exponential", "beta", "dirichlet", "dirichlet_multinomial", "laplace",
        "student_t", "gamma_kl", "beta_kl", "dirichlet_kl"])
def test_float64_gradients_in_the_parameters(fn):
    check_gradients(fn, [np.random.RandomState(4).randn(3, 3) * 0.5])


def test_undefined_statistics_are_nan_or_a_failing_check():
    with tf.Graph().as_default(), tf.Session() as sess:
        student = ds.StudentT(df=[0.5, 1.5, 4.0], loc=1.0, scale=2.0)
        mean, variance = sess.run([student.mean(), student.variance()])
        assert np.isnan(mean[0]) and mean[1:].tolist() == [1.0, 1.0]
        assert np.isnan(variance[0]) and variance[1] == np.inf and variance[2] == 8.0
        strict = ds.StudentT(df=[0.5, 3.0], loc=0.0, scale=1.0, allow_nan_stats=False)
        with pytest.raises(tf.errors.InvalidArgumentError, match="variance not defined"):
            sess.run(strict.variance())
        with pytest.raises(tf.errors.InvalidArgumentError, match="mode not defined"):
            sess.run(ds.Beta(0.5, 2.0, allow_nan_stats=False).mode())
        assert sess.run(ds.Gamma(3.0, 2.0, allow_nan_stats=False).mode()) == 1.0


def test_register_kl_dispatches_by_class_hierarchy():
    class Fair(ds.Gamma):
        pass

    class Coin(ds.Laplace):
        pass

    @ds.RegisterKL(ds.Laplace, ds.Laplace)
    def kl_laplace_stand_in(a, b, name=None):
        return tf.constant(1.0)

    @ds.RegisterKL(Coin, ds.Laplace)
    def kl_coin(a, b, name=None):
        return tf.constant(2.0)

    with pytest.raises(ValueError, match=r"KL\(Coin \|\| Laplace\) has already been registered"):
        ds.RegisterKL(Coin, ds.Laplace)(kl_coin)
    with tf.Graph().as_default(), tf.Session() as sess:
        got = sess.run([ds.kl_divergence(Fair(2.0, 1.0), ds.Gamma(2.0, 1.0)),
                        ds.kl_divergence(ds.Exponential(1.0), ds.Exponential(2.0)),
                        ds.kl_divergence(Coin(0.0, 1.0), Coin(0.0, 1.0)),
                        ds.kl_divergence(ds.Laplace(0.0, 1.0), Coin(0.0, 1.0))])
        with pytest.raises(NotImplementedError, match="No KL.*Laplace.*Gamma"):
            ds.kl_divergence(ds.Laplace(0.0, 1.0), ds.Gamma(1.0, 1.0))
    # Exponential is a Gamma: KL(Exp(1) || Exp(2)) = log(1/2) + 2 - 1.
    np.testing.assert_allclose(got, [0.0, np.log(0.5) + 1.0, 2.0, 1.0], atol=1e-6)


def test_derived_methods_follow_from_the_fixtures():
    with tf.Graph().as_default(), tf.Session() as sess:
        gamma = ds.Gamma(concentration=[2.0, 0.5, 3.5], rate=[1.0, 3.0, 0.7])
        other = ds.Gamma(concentration=[1.5, 1.0, 2.0], rate=[2.0, 0.5, 1.0])
        got = sess.run({"cross": gamma.cross_entropy(other), "kl": gamma.kl_divergence(other),
                        "log_cdf": gamma.log_cdf([0.7, 0.2, 4.0]),
                        "survival": gamma.survival_function([0.7, 0.2, 4.0])})
    np.testing.assert_allclose(got["kl"], FIXTURE["gamma_kl"], rtol=2e-5)
    np.testing.assert_allclose(got["cross"], FIXTURE["gamma_entropy"] + FIXTURE["gamma_kl"],
                               rtol=2e-5)
    np.testing.assert_allclose(got["log_cdf"], np.log(FIXTURE["gamma_cdf"]), rtol=2e-5)
    np.testing.assert_allclose(got["survival"], 1.0 - FIXTURE["gamma_cdf"], rtol=2e-5)
