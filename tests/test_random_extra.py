"""tf.random_shuffle, tf.multinomial / tf.random.categorical and the tf.random namespace:
permutations and sample frequencies against their distributions (tolerances of several
standard deviations, on seeded draws), seed reproducibility (graph and op seeds), static
shapes and dtypes, and TF1's errors."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.ops.random_ops_extra import _upper_bound

from op_helpers import run


def _runs(tensor, count, feed_dict=None):
    with tf.Session() as sess:
        return [sess.run(tensor, feed_dict) for _ in range(count)]


# ====================================================================== random_shuffle
def test_shuffle_permutes_whole_rows():
    value = np.arange(30).reshape(10, 3)
    shuffled = tf.random_shuffle(value, seed=1)
    assert shuffled.shape.as_list() == [10, 3] and shuffled.dtype == tf.int64
    draws = _runs(shuffled, 5)
    for got in draws:
        assert sorted(got.tolist()) == value.tolist()  # every row once, each row intact
    assert len({tuple(got[:, 0]) for got in draws}) > 1  # a new order each run


def test_shuffle_positions_are_uniform():
    runs, n = 2000, 4
    counts = np.zeros((n, n))
    for got in _runs(tf.random_shuffle(tf.range(n), seed=5), runs):
        counts[np.arange(n), got] += 1  # counts[position, value]
    expected = runs / n
    sd = np.sqrt(runs * (1 / n) * (1 - 1 / n))
    assert np.all(np.abs(counts - expected) < 5 * sd), counts
    # The orders themselves: all 24 come up, each close to 1/24 of the time.
    orders = {}
    for got in _runs(tf.random_shuffle(tf.range(n), seed=6), 2400):
        orders[tuple(got)] = orders.get(tuple(got), 0) + 1
    assert len(orders) == 24
    assert all(abs(c - 100) < 5 * np.sqrt(100) for c in orders.values()), orders


def test_shuffle_dynamic_shapes_scalars_and_single_rows():
    x = tf.placeholder(tf.float32, [None, 2])
    shuffled = tf.random_shuffle(x)
    assert shuffled.shape.as_list() == [None, 2]
    value = np.arange(14, dtype=np.float32).reshape(7, 2)
    assert sorted(run(shuffled, {x: value}).tolist()) == value.tolist()
    assert run(shuffled, {x: value[:1]}).tolist() == value[:1].tolist()
    assert run(shuffled, {x: value[:0]}).shape == (0, 2)
    assert run(tf.random_shuffle(3.5)) == 3.5


def test_shuffle_seeds_reproduce_like_other_random_ops():
    def draws():
        return [got.tolist() for got in _runs(tf.random_shuffle(tf.range(20)), 3)]
    tf.set_random_seed(11)
    first = draws()
    tf.reset_default_graph()
    tf.set_random_seed(11)
    assert draws() == first  # same graph seed and op position: same sequence
    tf.reset_default_graph()
    tf.set_random_seed(12)
    assert draws() != first
    # An op seed alone reproduces too; two op seeds differ.
    a, b, c = (tf.random_shuffle(tf.range(20), seed=s) for s in (4, 4, 5))
    with tf.Session() as sess:
        got_a, got_b, got_c = sess.run([a, b, c])
    assert got_a.tolist() == got_b.tolist() != got_c.tolist()


def test_shuffle_has_no_gradient_as_in_tf1():
    x = tf.placeholder(tf.float32, [4])
    with pytest.raises(LookupError, match="No gradient defined for operation .*'RandomShuffle'"):
        tf.gradients(tf.reduce_sum(tf.random_shuffle(x)), x)


# ====================================================================== multinomial
def _frequencies(samples, classes):
    return np.stack([np.bincount(row, minlength=classes) / row.size for row in samples])


def test_multinomial_frequencies_match_softmax():
    probabilities = np.array([[0.1, 0.2, 0.3, 0.4, 0.0],
                              [0.7, 0.0, 0.0, 0.1, 0.2],
                              [0.2, 0.2, 0.2, 0.2, 0.2]])
    with np.errstate(divide="ignore"):
        logits = np.log(probabilities) + np.array([[3.0], [-50.0], [700.0]])  # shift-invariant
    count = 20000
    samples = run(tf.multinomial(logits.astype(np.float32), count, seed=2))
    assert samples.shape == (3, count) and samples.dtype == np.int64
    sd = np.sqrt(probabilities * (1 - probabilities) / count)
    np.testing.assert_array_less(np.abs(_frequencies(samples, 5) - probabilities), 5 * sd + 1e-12)
    assert not np.any(samples[probabilities[np.arange(3)[:, None], samples] == 0])


def test_categorical_is_multinomial_with_new_argument_names():
    logits = np.log([[0.5, 0.25, 0.25]])
    a = tf.random.categorical(logits, 50, dtype=tf.int32, seed=9)
    b = tf.multinomial(logits, 50, seed=9, output_dtype=tf.int32)
    assert a.dtype == b.dtype == tf.int32 and a.shape.as_list() == [1, 50]
    got_a, got_b = run([a, b])
    assert got_a.tolist() == got_b.tolist()  # same seeds, same generator, same draws
    assert tf.random.multinomial is tf.multinomial


def test_multinomial_dynamic_num_samples_and_shapes():
    n = tf.placeholder(tf.int32, [])
    logits = tf.placeholder(tf.float64, [None, 3])
    samples = tf.multinomial(logits, n)
    assert samples.shape.as_list() == [None, None]
    got = run(samples, {n: 7, logits: np.zeros((2, 3))})
    assert got.shape == (2, 7) and got.min() >= 0 and got.max() <= 2
    assert run(samples, {n: 0, logits: np.zeros((2, 3))}).shape == (2, 0)
    assert tf.multinomial(tf.zeros([4, 3]), 0).shape.as_list() == [4, 0]
    # Integer logits are allowed (TF1: any real type).
    assert set(run(tf.multinomial([[0, 0]], 200, seed=1)).ravel()) == {0, 1}


def test_multinomial_non_finite_logits_have_probability_zero():
    logits = np.array([[np.nan, 0.0, np.inf, -np.inf, 0.0],
                       [-np.inf, -np.inf, -np.inf, -np.inf, -np.inf]], np.float32)
    samples = run(tf.multinomial(logits, 500, seed=3))
    assert set(samples[0]) == {1, 4}
    assert set(samples[1]) == {5}  # no finite logit: num_classes, as TF1's kernel


def test_multinomial_seeds_reproduce():
    logits = np.zeros((2, 10))

    def draws():
        return [got.tolist() for got in _runs(tf.multinomial(logits, 20), 2)]
    tf.set_random_seed(21)
    first = draws()
    assert first[0] != first[1]  # each run draws anew
    tf.reset_default_graph()
    tf.set_random_seed(21)
    assert draws() == first
    tf.reset_default_graph()
    tf.set_random_seed(22)
    assert draws() != first


def test_multinomial_errors_and_no_gradient():
    with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
        tf.multinomial([0.0, 1.0], 3)
    with pytest.raises(ValueError, match="must be non-negative but is -1"):
        tf.multinomial([[0.0, 1.0]], -1)
    with pytest.raises(TypeError, match="'output_dtype' has DataType float32 not in list"):
        tf.multinomial([[0.0, 1.0]], 3, output_dtype=tf.float32)
    with pytest.raises(TypeError, match="'dtype' has DataType int16 not in list"):
        tf.random.categorical([[0.0, 1.0]], 3, dtype=tf.int16)
    with pytest.raises(TypeError, match="'logits' has DataType bool"):
        tf.multinomial([[True, False]], 3)
    with pytest.raises(TypeError, match="'num_samples' has DataType int64"):
        tf.multinomial([[0.0, 1.0]], tf.constant(3, tf.int64))
    n = tf.placeholder(tf.int32, [])
    with pytest.raises(tf.errors.InvalidArgumentError, match="num_samples should be "
                                                             "nonnegative, got -2"):
        run(tf.multinomial([[0.0, 1.0]], n), {n: -2})
    logits = tf.placeholder(tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="logits should be a matrix"):
        run(tf.multinomial(logits, 2), {logits: [0.0, 1.0]})
    with pytest.raises(tf.errors.InvalidArgumentError, match="num_classes should be positive"):
        run(tf.multinomial(logits, 2), {logits: np.zeros((2, 0))})
    x = tf.placeholder(tf.float32, [2, 3])
    assert tf.gradients(tf.cast(tf.multinomial(x, 4), tf.float32), x) == [None]


@pytest.mark.parametrize("classes", [1, 2, 3, 7, 8, 17])
def test_upper_bound_is_searchsorted_right(classes):
    rng = np.random.RandomState(classes)
    # Repeated entries (classes of probability 0) and targets on and between them.
    cdf = np.cumsum(rng.choice([0.0, 0.5, 1.0], (4, classes)), axis=1)
    targets = np.concatenate([cdf, cdf + 0.25, cdf - 0.25, np.zeros((4, 1))], axis=1)
    expected = np.stack([np.searchsorted(c, t, side="right") for c, t in zip(cdf, targets)])
    np.testing.assert_array_equal(_upper_bound(np, cdf, targets), expected)


# ====================================================================== tf.random
def test_random_namespace_names():
    assert tf.random.normal is tf.random_normal
    assert tf.random.uniform is tf.random_uniform
    assert tf.random.truncated_normal is tf.truncated_normal
    assert tf.random.shuffle is tf.random_shuffle
    assert tf.random.set_random_seed is tf.set_random_seed
    tf.random.set_random_seed(5)
    assert tf.get_default_graph().seed == 5
    values = run(tf.random.uniform([1000], -2.0, 3.0, seed=1))
    assert values.min() >= -2.0 and values.max() < 3.0
    a, b = tf.random.normal([3], seed=1), tf.random_normal([3], seed=1)
    got_a, got_b = run([a, b])
    assert got_a.tolist() == got_b.tolist()
