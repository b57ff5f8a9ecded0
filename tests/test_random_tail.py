"""tf.random's tail: gamma and Poisson draws (shapes, moments with tolerances from the sample
size, the reparameterized gradient), the stateless family, Generator, seeds, index shuffling and
the candidate samplers."""
import numpy as np
import pytest

import autograd_engine as tf


def _within(values, mean, sd, sigmas=5.0):
    """The sample mean of ``values`` is within ``sigmas`` standard errors of ``mean``."""
    error = sd / np.sqrt(values.size)
    assert abs(values.mean() - mean) < sigmas * error, (values.mean(), mean, error)


def test_random_gamma_shape_is_shape_plus_broadcast_parameters():
    draws = tf.random_gamma([7, 3], alpha=[[1.0], [2.0]], beta=[1.0, 2.0, 3.0])
    assert draws.shape.as_list() == [7, 3, 2, 3]
    assert tf.random.gamma is tf.random_gamma
    assert tf.random_gamma([4], 2.0, dtype=tf.float64).dtype == tf.float64


def test_random_gamma_moments():
    alpha, beta, n = np.array([0.3, 1.0, 4.5]), np.array([2.0, 1.0, 0.5]), 4000
    draws = tf.random_gamma([n], alpha, beta, dtype=tf.float64, seed=3)
    with tf.Session() as sess:
        values = sess.run(draws)
    assert values.min() > 0
    for k in range(3):  # gamma(alpha, rate beta): mean alpha/beta, variance alpha/beta^2
        _within(values[:, k], alpha[k] / beta[k], np.sqrt(alpha[k]) / beta[k])
        assert abs(values[:, k].var() / (alpha[k] / beta[k] ** 2) - 1) < 0.15


def test_random_gamma_gradients_reach_alpha_and_beta():
    """E[d sample / d alpha] = 1/beta and E[d sample / d beta] = -alpha/beta^2."""
    alpha = tf.placeholder(tf.float64, [2])
    beta = tf.placeholder(tf.float64, [])
    n = 3000
    draws = tf.random_gamma([n], alpha, beta, dtype=tf.float64, seed=5)
    d_alpha, d_beta = tf.gradients(tf.reduce_mean(draws, 0), [alpha, beta])
    with tf.Session() as sess:
        got_alpha, got_beta = sess.run([d_alpha, d_beta], {alpha: [2.0, 5.0], beta: 2.0})
    np.testing.assert_allclose(got_alpha, [0.5, 0.5], rtol=0.05)
    np.testing.assert_allclose(got_beta, -(2.0 + 5.0) / 4.0, rtol=0.05)


def test_random_poisson_moments_and_seeding():
    tf.set_random_seed(11)
    draws = tf.random_poisson([1.5, 20.0], [5000], seed=2)
    assert draws.shape.as_list() == [5000, 2] and draws.dtype == tf.float32
    with tf.Session() as sess:
        first, second = sess.run(draws), sess.run(draws)
    with tf.Session() as sess:
        again = sess.run(draws)
    np.testing.assert_array_equal(first, again)  # a new Session repeats the sequence
    assert (first != second).any()  # the next run draws anew
    for k, lam in enumerate((1.5, 20.0)):
        _within(first[:, k], lam, np.sqrt(lam))
    assert tf.random.poisson([3.0], [4], dtype=tf.int64).dtype == tf.int64


def test_stateless_draws_depend_only_on_seed():
    def draws(seed):
        return [tf.random.stateless_uniform([50], seed), tf.random.stateless_normal([50], seed),
                tf.random.stateless_truncated_normal([50], seed),
                tf.random.stateless_categorical(tf.zeros([2, 5]), 30, seed),
                tf.random.stateless_poisson([50], seed, lam=3.0),
                tf.random.stateless_binomial([50], seed, counts=10, probs=0.5),
                tf.random.stateless_gamma([50], seed, alpha=2.0),
                tf.random.stateless_parameterized_truncated_normal([50], seed, 0.0, 1.0, -1.0,
                                                                   1.0)]
    same, other = draws([1, 2]), draws([1, 3])
    with tf.Session() as sess:
        a, b = sess.run(same), sess.run(same)
    with tf.Session() as sess:
        c, d = sess.run(same), sess.run(other)
    for x, y, z, w in zip(a, b, c, d):
        np.testing.assert_array_equal(x, y)
        np.testing.assert_array_equal(x, z)
        assert (x != w).any()


def test_stateless_uniform_moments_and_integer_bounds():
    n = 20000
    floats = tf.random.stateless_uniform([n], [3, 4], minval=-2.0, maxval=6.0)
    ints = tf.random.stateless_uniform([n], [3, 4], minval=5, maxval=9, dtype=tf.int32)
    with tf.Session() as sess:
        f, i = sess.run([floats, ints])
    assert f.min() >= -2 and f.max() < 6
    _within(f, 2.0, 8 / np.sqrt(12))
    assert set(np.unique(i).tolist()) == {5, 6, 7, 8}
    with pytest.raises(ValueError, match="maxval"):
        tf.random.stateless_uniform([2], [1, 2], dtype=tf.int32)


def test_stateless_seed_must_be_a_pair():
    with pytest.raises(ValueError, match=r"seed must have shape \[2\]"):
        tf.random.stateless_normal([2], seed=[1, 2, 3])


def test_stateless_gamma_gradient_in_alpha_matches_central_differences():
    with tf.Graph().as_default():
        alpha = tf.placeholder(tf.float64, [4])
        draw = tf.random.stateless_gamma([4], [9, 9], alpha, dtype=tf.float64)
        grad, = tf.gradients(tf.reduce_sum(draw), [alpha])
        point, step = np.array([0.4, 1.0, 3.0, 12.0]), 1e-6
        with tf.Session() as sess:
            analytic = sess.run(grad, {alpha: point})
            numeric = [(sess.run(draw, {alpha: point + step * e}) -
                        sess.run(draw, {alpha: point - step * e}))[k] / (2 * step)
                       for k, e in enumerate(np.eye(4))]
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5)


def test_split_and_fold_in():
    seeds = tf.random.split([7, 8], num=4)
    folded = tf.random.fold_in([7, 8], 3)
    with tf.Session() as sess:
        s, f = sess.run([seeds, folded])
        again = sess.run(tf.random.experimental.stateless_split([7, 8], 4))
    assert s.shape == (4, 2) and s.dtype == np.int64 and len({tuple(r) for r in s}) == 4
    np.testing.assert_array_equal(s, again)
    assert f.shape == (2,) and f[1] == 3


def test_generator_state_lives_in_a_variable():
    gen = tf.random.Generator.from_seed(42)
    draw = gen.normal([3])
    assert gen.state.dtype == tf.int64 and gen.state.shape.as_list() == [3]
    reset = gen.reset_from_seed(42)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first, second = sess.run(draw), sess.run(draw)
        assert sess.run(gen.state).tolist() == [44, 0, 0]  # two draws moved the counter on
        sess.run(reset)
        np.testing.assert_array_equal(sess.run(draw), first)
    assert (first != second).all()
    with tf.Session() as sess:  # the same start state gives the same draws in a new Session
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(draw), first)


def test_generator_draw_kinds_and_split():
    gen = tf.random.Generator.from_seed(1, alg=tf.random.Algorithm.PHILOX)
    children = gen.split(2)
    draws = [gen.uniform([1000], minval=2.0, maxval=4.0), gen.truncated_normal([1000]),
             gen.uniform([1000], maxval=3, dtype=tf.int32), gen.binomial([1000], 4, 0.5),
             gen.uniform_full_int([4]), gen.make_seeds(3)] + [c.normal([2]) for c in children]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        u, t, i, b, full, seeds, c0, c1 = sess.run(draws)
    assert 2 <= u.min() and u.max() < 4 and np.abs(t).max() <= 2
    assert set(np.unique(i).tolist()) == {0, 1, 2} and b.min() >= 0 and b.max() <= 4
    assert full.dtype == np.int64 and seeds.shape == (2, 3)
    assert (c0 != c1).all()


def test_global_generator_and_rng_state():
    with tf.Graph().as_default():
        first = tf.random.get_global_generator()
        assert tf.random.get_global_generator() is first
        mine = tf.random.Generator.from_seed(3)
        tf.random.set_global_generator(mine)
        assert tf.random.experimental.get_global_generator() is mine
    assert tf.random.create_rng_state(2 ** 64 + 3, "philox").tolist() == [3, 1, 0]
    assert tf.random.create_rng_state(7, tf.random.Algorithm.THREEFRY).tolist() == [7, 0]
    with pytest.raises(ValueError, match="needs a state"):
        tf.random.Generator()


def test_random_index_shuffle_is_a_permutation():
    small = tf.random_index_shuffle(tf.range(100, dtype=tf.int64), [5, 6, 7], 99)
    big_indices = np.arange(0, 2 ** 40, 2 ** 30, dtype=np.int64)
    big = tf.random.experimental.index_shuffle(big_indices, [1, 2, 3], 2 ** 40 - 1)
    with tf.Session() as sess:
        values, spread = sess.run([small, big])
        np.testing.assert_array_equal(sess.run(small), values)  # fixed by the seed
    assert sorted(values.tolist()) == list(range(100)) and values.tolist() != list(range(100))
    assert len(set(spread.tolist())) == spread.size and spread.max() < 2 ** 40


def test_random_get_seed_follows_tf1_rules():
    with tf.Graph().as_default():
        assert tf.random.get_seed(None) == (None, None)
        assert tf.random.get_seed(5) == (87654321, 5)
        tf.set_random_seed(1)
        assert tf.random.get_seed(5) == (1, 5)


def test_learned_unigram_sampler_learns_the_true_classes():
    sampled, true_count, _ = tf.random.learned_unigram_candidate_sampler(
        tf.constant([[3]], tf.int64), 1, 200, False, 5, seed=1)
    with tf.Session() as sess:
        for _ in range(50):  # class 3 seen 50 more times: weight 51 of 55
            sess.run(sampled)
        values, count = sess.run([sampled, true_count])
    assert np.mean(values == 3) > 0.8
    np.testing.assert_allclose(count, [[200 * 51 / 55]], rtol=1e-5)


def test_all_candidate_sampler_and_aliases():
    sampled, true_count, sampled_count = tf.random.all_candidate_sampler([[0, 2]], 2, 3, True)
    with tf.Session() as sess:
        assert sess.run(sampled).tolist() == [0, 1, 2]
        assert sess.run(true_count).tolist() == [[1.0, 1.0]]
        assert sess.run(sampled_count).tolist() == [1.0, 1.0, 1.0]
    assert tf.random.log_uniform_candidate_sampler is tf.nn.log_uniform_candidate_sampler
    assert tf.random.uniform_candidate_sampler is tf.nn.uniform_candidate_sampler
    assert tf.random.fixed_unigram_candidate_sampler is tf.nn.fixed_unigram_candidate_sampler
