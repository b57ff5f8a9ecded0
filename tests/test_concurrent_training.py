"""Session.run from several threads at once, as TF1 allows: training steps of one plan running
concurrently may race on a Variable (Hogwild) but never compute a step from another run's
temporaries, and ``use_locking=True`` applies each update whole, one at a time."""
import threading

import numpy as np
import pytest

import autograd_engine as tf

THREADS = 4


def run_in_threads(work, threads=THREADS, timeout=60):
    """Runs ``work()`` in ``threads`` threads at once; re-raises the first error."""
    errors, barrier = [], threading.Barrier(threads)

    def target():
        try:
            barrier.wait()  # start together, so the runs overlap
            work()
        except BaseException as e:  # noqa: BLE001 - reported to the test's thread
            errors.append(e)
    workers = [threading.Thread(target=target) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout)
    assert not any(worker.is_alive() for worker in workers), "a run did not finish"
    if errors:
        raise errors[0]


OPTIMIZERS = {
    "adam": lambda locking: tf.train.AdamOptimizer(0.01, use_locking=locking),
    "rms prop": lambda locking: tf.train.RMSPropOptimizer(0.01, use_locking=locking),
    "centered rms prop": lambda locking: tf.train.RMSPropOptimizer(
        0.01, momentum=0.5, centered=True, use_locking=locking),
    "adagrad": lambda locking: tf.train.AdagradOptimizer(0.1, use_locking=locking),
    "adadelta": lambda locking: tf.train.AdadeltaOptimizer(1.0, use_locking=locking),
    "momentum": lambda locking: tf.train.MomentumOptimizer(0.01, 0.5, use_locking=locking),
    "gradient descent": lambda locking: tf.train.GradientDescentOptimizer(
        0.01, use_locking=locking),
}


# Centered RMSProp only when locking: its denominator ``ms - mg^2`` is positive only when both
# slots average the same gradients, which racing updates (TF1's too) do not ensure.
@pytest.mark.parametrize("name, use_locking", [
    (name, locking) for name in sorted(OPTIMIZERS) for locking in (False, True)
    if locking or name != "centered rms prop"])
def test_concurrent_training_steps_keep_the_weights_finite(name, use_locking):
    # Layers wide enough that numpy lets go of the GIL inside the updates, so the runs overlap.
    rng = np.random.default_rng(0)
    features = rng.normal(size=(64, 20)).astype(np.float32)
    targets = features[:, :1] - features[:, 1:2]
    x = tf.placeholder(tf.float32, [None, 20])
    y = tf.placeholder(tf.float32, [None, 1])
    hidden = tf.Variable(tf.random_normal([20, 200], stddev=0.3, seed=1))
    out = tf.Variable(tf.random_normal([200, 1], stddev=0.1, seed=2))
    loss = tf.reduce_mean(tf.square(tf.matmul(tf.tanh(tf.matmul(x, hidden)), out) - y))
    train = OPTIMIZERS[name](use_locking).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first_loss = sess.run(loss, {x: features, y: targets})

        def steps():
            for _ in range(60):
                sess.run(train, {x: features, y: targets})
        run_in_threads(steps)
        # The weights, the optimizer's slots and its other Variables (Adam's beta powers).
        values = sess.run(tf.global_variables())
        assert all(np.isfinite(v).all() for v in values)
        assert sess.run(loss, {x: features, y: targets}) < first_loss


def test_locking_updates_apply_every_addition_exactly():
    # Big enough that numpy adds without the GIL: unlocked, concurrent additions get lost.
    size, steps = 1 << 18, 100
    v = tf.Variable(tf.zeros([size], tf.float64))
    add = tf.assign_add(v, tf.ones([size], tf.float64), use_locking=True)
    subtract = v.assign_sub(tf.fill([size], tf.constant(0.5, tf.float64)), use_locking=True)
    with tf.Session() as sess:
        sess.run(v.initializer)
        run_add, run_subtract = sess.make_callable(add.op), sess.make_callable(subtract.op)

        def work():
            for _ in range(steps):
                run_add()
                run_subtract()
        run_in_threads(work)
        np.testing.assert_array_equal(sess.run(v), np.full(size, THREADS * steps * 0.5))


def test_locking_optimizer_applies_every_step_exactly():
    # loss = sum(w): the gradient is 1 everywhere, so each step subtracts the learning rate.
    size, steps = 1 << 18, 60
    w = tf.Variable(tf.zeros([size], tf.float64))
    train = tf.train.GradientDescentOptimizer(0.25, use_locking=True).minimize(tf.reduce_sum(w))
    with tf.Session() as sess:
        sess.run(w.initializer)
        run_in_threads(lambda: [sess.run(train) for _ in range(steps)])
        np.testing.assert_array_equal(sess.run(w), np.full(size, -0.25 * THREADS * steps))


def test_use_locking_is_recorded_on_the_update_ops():
    w = tf.Variable([1.0, 2.0])
    loss = tf.reduce_sum(w * w)
    tf.train.AdamOptimizer(0.1, use_locking=True).minimize(loss)
    tf.train.AdamOptimizer(0.1).minimize(loss)
    ops = tf.get_default_graph().get_operations()
    updates = [op for op in ops if op.type == "ApplyAdam"]
    assert [op.attrs.get("use_locking", False) for op in updates] == [True, False]
    powers = [op for op in ops if op.type == "Assign" and op.name.startswith("Adam")]
    assert [op.attrs["use_locking"] for op in powers] == [True, True, False, False]


def test_assign_locks_by_default_as_tf1():
    v = tf.Variable([1.0])
    assert "use_locking" not in v.initializer.attrs or v.initializer.attrs["use_locking"]
    assert tf.assign(v, [2.0]).op.attrs.get("use_locking", True)
    assert not tf.assign(v, [2.0], use_locking=False).op.attrs["use_locking"]
    assert not v.assign([3.0]).op.attrs["use_locking"]  # Variable.assign: False, as TF1
