"""The tf.distributions tail written once against TF1's API: ``build(tf.distributions)``
returns ``{name: tensor}``. ``tools/make_fixtures_distributions_tail.py`` runs it with TensorFlow
into ``tests/fixtures/distributions_tail/values.npz``; ``tests/test_distributions_tail.py``
runs it with this engine and compares."""


def build(ds):
    """The distributions and the outputs compared (also used by the test, with our ds)."""
    gamma = ds.Gamma(concentration=[2.0, 0.5, 3.5], rate=[1.0, 3.0, 0.7])
    other_gamma = ds.Gamma(concentration=[1.5, 1.0, 2.0], rate=[2.0, 0.5, 1.0])
    expo = ds.Exponential(rate=[2.0, 0.5])
    beta = ds.Beta([[2.0, 0.7], [5.0, 1.5]], [3.0, 0.9])
    other_beta = ds.Beta([1.0, 2.0], [[2.0, 2.0], [0.5, 3.0]])
    diri = ds.Dirichlet([[1.0, 2.0, 3.0], [2.5, 2.5, 0.8]])
    other_diri = ds.Dirichlet([[2.0, 1.0, 1.0], [0.5, 3.0, 1.5]])
    dm = ds.DirichletMultinomial(total_count=[5.0, 3.0], concentration=[[1.0, 2.0, 3.0],
                                                                        [0.5, 0.5, 4.0]])
    # TF1's DirichletMultinomial moments do not broadcast a batch of total counts against
    # the event dimension (a shape error), so they are compared on a scalar count.
    dm_scalar = ds.DirichletMultinomial(total_count=5.0, concentration=[[1.0, 2.0, 3.0],
                                                                       [0.5, 0.5, 4.0]])
    laplace = ds.Laplace(loc=[0.0, 1.5], scale=[1.0, 2.5])
    student = ds.StudentT(df=[0.8, 1.5, 3.0, 7.0], loc=[0.0, 1.0, -1.0, 0.5],
                          scale=[1.0, 2.0, 0.5, 1.5])
    return {
        "gamma_log_prob": gamma.log_prob([[0.7, 0.2, 4.0], [1.5, 0.05, 2.0]]),
        "gamma_cdf": gamma.cdf([0.7, 0.2, 4.0]), "gamma_entropy": gamma.entropy(),
        "gamma_mean": gamma.mean(), "gamma_variance": gamma.variance(),
        "gamma_stddev": gamma.stddev(), "gamma_mode": gamma.mode(),
        "gamma_kl": ds.kl_divergence(gamma, other_gamma),
        "expo_log_prob": expo.log_prob([[0.3], [2.0]]), "expo_cdf": expo.cdf([0.3, 2.0]),
        "expo_entropy": expo.entropy(), "expo_mean": expo.mean(),
        "expo_variance": expo.variance(), "expo_mode": expo.mode(),
        "expo_kl": ds.kl_divergence(expo, ds.Exponential(rate=[1.0, 1.0])),
        "beta_log_prob": beta.log_prob([0.3, 0.8]), "beta_cdf": ds.Beta([2.0, 0.7], [3.0, 0.9]).cdf([0.3, 0.8]),
        "beta_entropy": beta.entropy(), "beta_mean": beta.mean(),
        "beta_variance": beta.variance(), "beta_mode": beta.mode(),
        "beta_kl": ds.kl_divergence(beta, other_beta),
        "diri_log_prob": diri.log_prob([[0.2, 0.3, 0.5], [0.1, 0.6, 0.3]]),
        "diri_entropy": diri.entropy(), "diri_mean": diri.mean(),
        "diri_variance": diri.variance(), "diri_covariance": diri.covariance(),
        "diri_kl": ds.kl_divergence(diri, other_diri),
        "dm_log_prob": dm.log_prob([[1.0, 1.0, 3.0], [0.0, 2.0, 1.0]]), "dm_mean": dm_scalar.mean(),
        "dm_variance": dm_scalar.variance(), "dm_covariance": dm_scalar.covariance(),
        "laplace_log_prob": laplace.log_prob([[0.5, -1.0], [-2.0, 3.0]]),
        "laplace_cdf": laplace.cdf([[0.5, -1.0], [-2.0, 3.0]]),
        "laplace_entropy": laplace.entropy(), "laplace_mean": laplace.mean(),
        "laplace_stddev": laplace.stddev(), "laplace_mode": laplace.mode(),
        "student_log_prob": student.log_prob([0.5, -2.0, -1.3, 4.0]),
        "student_cdf": student.cdf([0.5, -2.0, -1.3, 4.0]),
        "student_entropy": student.entropy(), "student_mean": student.mean(),
        "student_variance": student.variance(), "student_mode": student.mode(),
    }
