"""Per-Session caches are bounded and released (issue 15, items 10 and 11): the convolution
buffer pool (least recently used shapes dropped beyond a byte bound, everything dropped on
close) and the compiled plan cache (least recently used plans dropped beyond a count, with a
warning when runs keep recompiling dropped plans)."""
import itertools
import warnings

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.backend import BufferPool
from autograd_engine.client.plan_cache import THRASH_WARNING_AFTER, LRUCache

BIG = BufferPool.MIN_BYTES


# ------------------------------------------------------------------ buffer pool (item 10)
def test_pool_keeps_at_most_max_bytes_dropping_least_recently_used_shapes():
    pool = BufferPool(np)
    pool.max_bytes = 3 * BIG
    shapes = [(BIG // 4 + i,) for i in range(6)]  # six float32 shapes of just over 16 MiB
    for shape in shapes:
        pool.empty(shape, np.float32)
    assert pool.kept_bytes <= pool.max_bytes
    kept_shapes = [key[0] for key in pool._kept]
    assert kept_shapes == shapes[-len(kept_shapes):] and len(kept_shapes) == 2


def test_pool_reuse_marks_a_shape_recently_used():
    pool = BufferPool(np)
    pool.max_bytes = 2 * BIG + 64
    a, b, c = (BIG // 4,), (BIG // 4 + 1,), (BIG // 4 + 2,)
    first = id(pool.empty(a, np.float32))
    pool.empty(b, np.float32)
    assert id(pool.empty(a, np.float32)) == first  # reused: `a` is now the newest
    pool.empty(c, np.float32)  # over the bound: `b`, the least recently used, goes
    assert [key[0] for key in pool._kept] == [a, c]


def test_array_larger_than_the_bound_is_not_kept():
    pool = BufferPool(np)
    pool.max_bytes = BIG
    pool.empty((BIG // 2,), np.float32)
    assert pool.kept_bytes == 0 and not any(pool._kept.values())


def _conv_training_step():
    x = tf.placeholder(tf.float32, [None, 16, 16, 1])
    w = tf.Variable(tf.random_normal([5, 5, 1, 4], stddev=0.1))
    loss = tf.reduce_mean(tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME"))
    return x, tf.train.GradientDescentOptimizer(0.01).minimize(loss)


def test_session_pool_is_bounded_over_many_batch_sizes_and_released_on_close(monkeypatch):
    # Scaled down 1024x (pooled from 16 KiB, 256 KiB in all) to stay fast.
    monkeypatch.setattr(BufferPool, "MIN_BYTES", 1 << 14)
    monkeypatch.setattr(BufferPool, "max_bytes", 1 << 18)
    tf.reset_default_graph()
    x, train = _conv_training_step()
    # The host's pool: a device (the CuPy stand-in in CI) has its own memory pool.
    sess = tf.Session(config=tf.ConfigProto(device_count={"GPU": 0}))
    sess.run(tf.global_variables_initializer())
    pool = sess._ctx.buffers
    for batch in range(2, 14):  # 12 batch sizes, each im2col above MIN_BYTES
        sess.run(train, {x: np.zeros((batch, 16, 16, 1), np.float32)})
        assert pool.kept_bytes <= pool.max_bytes
    assert pool.kept_bytes > 0
    sess.close()
    assert pool.kept_bytes == 0 and not pool._kept


# ------------------------------------------------------------------ plan cache (item 11)
def test_lru_cache_drops_the_least_recently_used_and_counts():
    cache = LRUCache(3, "plans")
    for key in "abc":
        cache.put(key, key.upper())
    assert cache.get("a") == "A"  # now the newest
    cache.put("d", "D")
    assert list(cache) == ["c", "a", "d"] and cache.evictions == 1 and cache.recompiles == 0
    cache.put("b", "B")  # dropped before: a recompile
    assert cache.recompiles == 1 and len(cache) == 3


def test_lru_cache_refuses_a_bound_below_one():
    with pytest.raises(ValueError, match="at least one entry"):
        LRUCache(0, "plans")


def _fetch_pairs(count):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 4])
    outs = [tf.reduce_sum(x * float(i)) for i in range(count)]
    return x, [list(pair) for pair in itertools.combinations(outs, 2)]


def test_session_plan_cache_is_bounded_by_config():
    x, pairs = _fetch_pairs(12)
    feed = {x: np.ones((2, 4), np.float32)}
    with tf.Session(config=tf.ConfigProto(plan_cache_size=8)) as sess:
        for pair in pairs[:40]:
            sess.run(pair, feed)
        assert len(sess._plans) == 8 and len(sess._structures) <= 8
        assert sess._plans.evictions == 32
        # a dropped plan compiles again and computes the same values
        np.testing.assert_allclose(sess.run(pairs[0], feed), [0.0, 8.0])


def test_default_plan_cache_bound_is_documented_value():
    with tf.Session(graph=tf.Graph()) as sess:
        assert sess._plans.max_entries == 256


def test_thrashing_plan_cache_warns_once_naming_the_bound():
    x, pairs = _fetch_pairs(8)
    feed = {x: np.ones((1, 4), np.float32)}
    with tf.Session(config=tf.ConfigProto(plan_cache_size=4)) as sess:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for _ in range(THRASH_WARNING_AFTER // 5 + 2):
                for pair in pairs[:6]:  # six combinations cycling through four places
                    sess.run(pair, feed)
    messages = [str(w.message) for w in caught if issubclass(w.category, tf.PlanCacheWarning)]
    assert len(messages) == 1
    assert "compiled again after being dropped from this Session's cache of 4" in messages[0]
    assert caught[0].filename == __file__  # points at the user's sess.run line


def test_runs_within_the_bound_never_warn():
    x, pairs = _fetch_pairs(5)
    feed = {x: np.ones((1, 4), np.float32)}
    with tf.Session() as sess:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            for _ in range(30):
                for pair in pairs:
                    sess.run(pair, feed)
        assert sess._plans.evictions == 0
