"""The program tests/test_horovod.py launches on several ranks (not a test module itself).

``python horovod_worker.py train``: collectives' values and gradients, DistributedOptimizer
against single-process training on the global batch, broadcast of different initial values,
Dataset.shard, and Keras fit with the distributed optimizer and callbacks. Each rank prints
``OK rank R of N`` at the end; any failed check raises, so the rank exits non-zero.

``python horovod_worker.py resume CHECKPOINT_DIR LAST_STEP [KILL_AT_STEP]``: training under
MonitoredTrainingSession with the broadcast hook, checkpoints from rank 0 only; rank 1 kills
itself (SIGKILL) after step KILL_AT_STEP when given. Each rank prints ``START rank R step S``
once its session exists and ``END rank R step S weights W`` when done.
"""
import os
import signal
import sys

import numpy as np

import autograd_engine as tf
import autograd_engine.horovod as hvd
from autograd_engine.horovod import keras as hvd_keras
from autograd_engine.keras import layers, models, optimizers


def say(line):
    """One write per line: the ranks share the launcher's pipe, and print() writes the text
    and its newline separately, so two ranks' lines could run together."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


BATCH = 8  # rows per rank
STEPS = 4


def mlp(x, seed):
    """A two-layer MLP whose initial weights depend on ``seed``."""
    init = tf.random_normal_initializer(stddev=0.5, seed=seed)
    hidden = tf.layers.dense(x, 6, activation=tf.nn.tanh, kernel_initializer=init, name="h")
    return tf.layers.dense(hidden, 3, kernel_initializer=init, name="out")


def global_batch(size):
    rng = np.random.default_rng(7)
    xs = rng.standard_normal((size * BATCH, 5)).astype(np.float32)
    ys = np.eye(3, dtype=np.float32)[rng.integers(0, 3, size * BATCH)]
    return xs, ys


def train_on(xs, ys, optimizer, start_values=None, seed=0, broadcast=False):
    """Final weights after STEPS steps on (xs, ys); the weights start at ``start_values``
    (a list) or from a ``seed``-dependent initialization."""
    graph = tf.Graph()
    with graph.as_default():
        x, y = tf.placeholder(tf.float32, [None, 5]), tf.placeholder(tf.float32, [None, 3])
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y,
                                                                         logits=mlp(x, seed)))
        train = optimizer().minimize(loss)
        weights = tf.trainable_variables()
        sync = hvd.broadcast_global_variables(0) if broadcast else None
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
            if start_values is not None:
                for var, value in zip(weights, start_values):
                    var.load(value, sess)
            if sync is not None:
                sess.run(sync)
            initial = sess.run(weights)
            for _ in range(STEPS):
                sess.run(train, {x: xs, y: ys})
            return initial, sess.run(weights)


def agree(values):
    """Every rank's ``values`` (a list of arrays), gathered: rank 0's first."""
    flat = np.concatenate([np.ravel(v) for v in values]).astype(np.float64)
    with tf.Graph().as_default(), tf.Session() as sess:
        gathered = sess.run(hvd.allgather(tf.constant(flat[None, :])))
    return gathered


def check_collectives(size, rank):
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.constant(np.arange(4, dtype=np.float32) + rank)
        total = hvd.allreduce(x, op=hvd.Sum)
        mean = hvd.allreduce(x)
        half = hvd.allreduce(x, compression=hvd.Compression.fp16)
        rows = hvd.allgather(tf.fill([rank + 1, 2], float(rank)))
        root = size - 1
        bcast = hvd.broadcast(tf.constant([float(rank), 1.0]), root)
        w = tf.constant([1.0, 2.0, 3.0, 4.0])
        grad = tf.gradients(tf.reduce_sum(hvd.allreduce(x * w, op=hvd.Sum) * w), x)[0]
        got = sess.run([total, mean, half, rows, bcast, grad])
    ranks_sum = size * (size - 1) / 2
    np.testing.assert_allclose(got[0], size * np.arange(4) + ranks_sum)
    np.testing.assert_allclose(got[1], np.arange(4) + ranks_sum / size, rtol=1e-6)
    assert got[2].dtype == np.float32
    np.testing.assert_allclose(got[2], np.arange(4) + ranks_sum / size, rtol=1e-3)
    expected_rows = np.concatenate([np.full((r + 1, 2), float(r)) for r in range(size)])
    np.testing.assert_array_equal(got[3], expected_rows)
    np.testing.assert_array_equal(got[4], [float(root), 1.0])
    # d/dx of sum_k (sum_r x_r * w) * w on every rank's loss: size * w * w
    np.testing.assert_allclose(got[5], size * np.array([1.0, 4.0, 9.0, 16.0]))


def check_training(size, rank):
    xs, ys = global_batch(size)
    mine = slice(rank * BATCH, (rank + 1) * BATCH)

    def distributed():
        return hvd.DistributedOptimizer(tf.train.MomentumOptimizer(0.5, 0.9))
    initial, final = train_on(xs[mine], ys[mine], distributed, seed=100 + rank, broadcast=True)
    # broadcast made differently initialized ranks agree, and training kept them equal
    for gathered in (agree(initial), agree(final)):
        for other in gathered[1:]:
            np.testing.assert_array_equal(other, gathered[0])
    # ... equal to one process training on the whole global batch
    _, reference = train_on(xs, ys, lambda: tf.train.MomentumOptimizer(0.5, 0.9),
                            start_values=initial)
    for got, want in zip(final, reference):
        np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-6)
    assert not np.allclose(final[0], initial[0])
    # two backward passes per step (the local sums reduced every second run): still in step
    initial, final = train_on(xs[mine], ys[mine], lambda: hvd.DistributedOptimizer(
        tf.train.GradientDescentOptimizer(0.1), backward_passes_per_step=2), seed=rank,
        broadcast=True)
    gathered = agree(final)
    for other in gathered[1:]:
        np.testing.assert_array_equal(other, gathered[0])
    assert not np.allclose(final[0], initial[0])


def check_shard(size, rank):
    with tf.Graph().as_default(), tf.Session() as sess:
        ids = tf.data.Dataset.range(10).shard(size, rank).batch(10).make_one_shot_iterator()
        mine = sess.run(ids.get_next())
        everyone = sess.run(hvd.allgather(tf.constant(mine)))
    assert sorted(everyone.tolist()) == list(range(10)), everyone


def check_keras(size, rank):
    rng = np.random.default_rng(rank)
    x = rng.uniform(-1, 1, (64, 2)).astype(np.float32)
    y = (x[:, :1] - 2 * x[:, 1:]).astype(np.float32)
    tf.set_random_seed(rank)  # different initial weights on each rank
    model = models.Sequential([layers.Dense(8, activation="tanh", input_shape=(2,)),
                               layers.Dense(1)])
    model.compile(optimizer=hvd_keras.DistributedOptimizer(optimizers.Adam(0.05)), loss="mse")
    callbacks = [hvd_keras.callbacks.BroadcastGlobalVariablesCallback(0),
                 hvd_keras.callbacks.MetricAverageCallback()]
    history = model.fit(x, y, batch_size=16, epochs=4, verbose=0, callbacks=callbacks)
    losses = history.history["loss"]
    assert losses[-1] < 0.7 * losses[0], losses
    gathered = agree(model.get_weights() + [np.array(losses)])
    for other in gathered[1:]:
        np.testing.assert_array_equal(other, gathered[0])


def check_device_staging():
    """On the CuPy stand-in (AUTOGRAD_ENGINE_DEVICE=stand-in), a step of several ranks stages
    each fused buffer through the host once each way, and copies nothing else."""
    from autograd_engine.testing.cupy_standin import counters
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 5])
        loss = tf.reduce_mean(tf.square(tf.layers.dense(x, 3)))
        train = hvd.DistributedOptimizer(tf.train.AdamOptimizer(0.1)).minimize(loss)
        buckets = sum(op.type == "HorovodAllreduceStart"
                      for op in tf.get_default_graph().get_operations())
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train, {x: np.ones((4, 5), np.float32)})
            before = counters.snapshot()
            sess.run(train, {x: np.ones((4, 5), np.float32)})
            after = counters.snapshot()
    moved = (after.host_to_device - before.host_to_device,
             after.device_to_host - before.device_to_host)
    assert moved == (1 + buckets, buckets), (moved, buckets)


def train_main():
    hvd.init()
    size, rank = hvd.size(), hvd.rank()
    assert size > 1 and 0 <= hvd.local_rank() < hvd.local_size() <= size
    check_collectives(size, rank)
    check_training(size, rank)
    check_shard(size, rank)
    check_keras(size, rank)
    if os.environ.get("AUTOGRAD_ENGINE_DEVICE") == "stand-in":
        check_device_staging()
    say("OK rank %d of %d" % (rank, size))


def resume_main(checkpoint_dir, last_step, kill_at=None):
    hvd.init()
    rank = hvd.rank()
    xs, ys = global_batch(hvd.size())
    mine = slice(rank * BATCH, (rank + 1) * BATCH)
    tf.set_random_seed(rank)
    x, y = tf.constant(xs[mine]), tf.constant(ys[mine])
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y,
                                                                     logits=mlp(x, None)))
    step = tf.train.get_or_create_global_step()
    train = hvd.DistributedOptimizer(tf.train.AdamOptimizer(0.01)).minimize(loss, step)
    hooks = [hvd.BroadcastGlobalVariablesHook(0), tf.train.StopAtStepHook(last_step=last_step)]
    with tf.train.MonitoredTrainingSession(
            checkpoint_dir=checkpoint_dir if rank == 0 else None, hooks=hooks,
            save_checkpoint_steps=5, log_step_count_steps=None) as sess:
        say("START rank %d step %d" % (rank, sess.run(step)))
        while not sess.should_stop():
            _, done, weights = sess.run([train, step, tf.trainable_variables()[0]])
            if kill_at is not None and rank == 1 and done >= kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
    # the weights read with the last step's fetches: before its update
    say("END rank %d step %d weights %r" % (rank, done, float(np.sum(weights))))


if __name__ == "__main__":
    if sys.argv[1] == "train":
        train_main()
    else:
        resume_main(sys.argv[2], int(sys.argv[3]),
                    int(sys.argv[4]) if len(sys.argv) > 4 else None)
