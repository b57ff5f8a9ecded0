"""autograd_engine.horovod in one process (a group of one): the API's names and defaults, the
errors, tensor fusion's buckets and the plan order that overlaps them, several backward passes
per step, Dataset.shard, and the launcher's command line. Multi-rank runs: test_horovod.py."""
import numpy as np
import pytest

import autograd_engine as tf
import autograd_engine.horovod as hvd
from autograd_engine.horovod import keras as hvd_keras
from autograd_engine.horovod import optimizer as hvd_optimizer
from autograd_engine.horovod.rank_guard import describe_exit, launcher_rank
from autograd_engine.horovod.run import build_command
from autograd_engine.client.plan import prune, schedule
from autograd_engine.keras import optimizers


@pytest.fixture(autouse=True)
def fresh_graph():
    hvd.init()
    tf.reset_default_graph()


def test_a_lone_process_is_rank_0_of_1():
    assert (hvd.size(), hvd.rank(), hvd.local_rank(), hvd.local_size()) == (1, 0, 0, 1)
    assert hvd.is_initialized() and hvd.mpi_threads_supported() in (True, False)


def test_a_plan_with_collectives_before_init_fails_clearly():
    x = hvd.allreduce(tf.constant([1.0]))
    hvd.shutdown()
    try:
        assert not hvd.is_initialized()
        with pytest.raises(tf.errors.FailedPreconditionError,
                           match=r"Horovod has not been initialized; use hvd.init\(\)"):
            hvd.size()
        with tf.Session() as sess, pytest.raises(tf.errors.FailedPreconditionError,
                                                 match="use hvd.init"):
            sess.run(x)
    finally:
        hvd.init()


def test_allreduce_op_argument_follows_horovod():
    with pytest.raises(ValueError, match="supersedes average"):
        hvd.allreduce(tf.constant(1.0), average=True, op=hvd.Sum)
    with pytest.raises(ValueError, match="Adasum is not supported"):
        hvd.allreduce(tf.constant(1.0), op=hvd.Adasum)
    assert hvd.allreduce(tf.constant(1.0), average=False).op.get_attr("reduce_op") == "Sum"
    assert hvd.allreduce(tf.constant(1.0)).op.get_attr("reduce_op") == "Average"
    half = hvd.allreduce(tf.constant([1.5, 2.0]), compression=hvd.Compression.fp16,
                         prescale_factor=2.0, postscale_factor=0.5)
    with tf.Session() as sess:
        value = sess.run(half)
    assert value.dtype == np.float32 and value.tolist() == [1.5, 2.0]


def test_allgather_needs_a_dimension_to_concatenate():
    with pytest.raises(ValueError, match="rank 1 or more"):
        hvd.allgather(tf.constant(1.0))
    assert hvd.allgather(tf.zeros([2, 3])).shape.as_list() == [None, 3]


def test_broadcast_root_must_be_a_rank():
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError,
                                             match="root_rank 3 is not a rank"):
        sess.run(hvd.broadcast(tf.constant([1.0]), 3))


def test_fusion_buckets_follow_the_backward_pass_and_the_threshold():
    # created in this order: the backward pass makes the last layer's gradients first
    g3, g2, g1 = tf.zeros([10]), tf.zeros([30]), tf.zeros([10])
    h = tf.zeros([5], dtype=tf.float64)
    grads = [g1, g2, g3, h]  # as compute_gradients lists them: by variable
    assert hvd_optimizer.fusion_buckets(grads, 1 << 20) == [[2, 1, 0], [3]]
    # 160 bytes: g3 (40) + g2 (120) fill a buffer; g1 opens the next
    assert hvd_optimizer.fusion_buckets(grads, 160) == [[2, 1], [0], [3]]
    assert hvd_optimizer.fusion_buckets(grads, 0) == [[2], [1], [0], [3]]


def test_gradient_allreduces_start_early_and_wait_late_in_the_plan():
    x = tf.placeholder(tf.float32, [None, 4])
    h = tf.layers.dense(x, 8, activation=tf.nn.relu, name="first")
    loss = tf.reduce_mean(tf.layers.dense(h, 1, name="last"))
    base = tf.train.GradientDescentOptimizer(0.1)
    grads, variables = zip(*base.compute_gradients(loss))
    # 36 bytes: the last layer's kernel and bias share a buffer; the first layer's bias and
    # kernel (32 and 128 bytes) go alone
    reduced = hvd_optimizer.allreduce_gradients(grads, hvd.Average, threshold=36)
    train = base.apply_gradients(list(zip(reduced, variables)))
    plan = [op.type for op in schedule(prune([train], set()), set())]
    starts = [i for i, t in enumerate(plan) if t == "HorovodAllreduceStart"]
    waits = [i for i, t in enumerate(plan) if t == "HorovodAllreduceWait"]
    matmuls = [i for i, t in enumerate(plan) if t == "MatMul"]
    assert len(starts) == 3 and len(waits) == 3, plan
    # the last layer's buffer starts before the first layer's gradients are computed ...
    assert starts[0] < matmuls[-1]
    # ... and every wait comes after all the gradient work, just before the updates
    assert min(waits) > max(matmuls) and min(waits) > max(starts)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train, {x: np.ones((2, 4), np.float32)})


def test_distributed_optimizer_names_and_delegation():
    inner = tf.train.AdamOptimizer(0.1)
    opt = hvd.DistributedOptimizer(inner)
    assert opt.get_name() == "DistributedAdamOptimizer"
    w = tf.Variable([1.0, 2.0], name="w")
    train = opt.minimize(tf.reduce_sum(w * w))
    assert opt.get_slot_names() == ["m", "v"] and opt.get_slot(w, "m") is inner.get_slot(w, "m")
    types = {op.type for op in tf.get_default_graph().get_operations()}
    assert {"HorovodAllreduceStart", "HorovodAllreduceWait"} <= types
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
    with pytest.raises(ValueError, match="backward_passes_per_step must be at least 1"):
        hvd.DistributedOptimizer(inner, backward_passes_per_step=0)


def test_backward_passes_per_step_sums_then_applies_every_nth_run():
    w = tf.Variable([1.0, -2.0], name="w")
    x = tf.placeholder(tf.float32, [2])
    step = tf.train.get_or_create_global_step()
    opt = hvd.DistributedOptimizer(tf.train.GradientDescentOptimizer(0.1),
                                   backward_passes_per_step=2)
    train = opt.minimize(tf.reduce_sum(w * x), global_step=step)
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        sess.run(train, {x: [1.0, 2.0]})
        np.testing.assert_allclose(sess.run(w), [1.0, -2.0])  # accumulated, not applied
        assert sess.run(step) == 0
        sess.run(train, {x: [3.0, 4.0]})
        np.testing.assert_allclose(sess.run(w), [1.0 - 0.4, -2.0 - 0.6], rtol=1e-6)
        assert sess.run(step) == 1
        sess.run(train, {x: [1.0, 1.0]})
        np.testing.assert_allclose(sess.run(w), [0.6, -2.6], rtol=1e-6)  # sums restarted


def test_broadcast_global_variables_and_the_hook():
    w = tf.Variable([3.0], name="w")
    hook = hvd.BroadcastGlobalVariablesHook(0)
    with tf.train.MonitoredTrainingSession(hooks=[hook], log_step_count_steps=None) as sess:
        assert sess.run(w).tolist() == [3.0]
    assert {op.type for op in tf.get_default_graph().get_operations()} >= {"HorovodBroadcast"}


def test_keras_distributed_optimizer_wraps_a_copy():
    original = optimizers.SGD(lr=0.1, momentum=0.9)
    wrapped = hvd_keras.DistributedOptimizer(original)
    assert isinstance(wrapped, optimizers.SGD) and type(original) is optimizers.SGD
    assert wrapped.get_config() == original.get_config()
    assert isinstance(wrapped._tf_optimizer(0.1), hvd.DistributedOptimizer)
    with pytest.raises(TypeError, match="wraps a Keras optimizer instance"):
        hvd_keras.DistributedOptimizer("sgd")


def test_metric_average_and_warmup_callbacks_in_one_process():
    logs = {"loss": 2.0, "acc": 0.5}
    hvd_keras.callbacks.MetricAverageCallback().on_epoch_end(0, logs)
    assert logs == {"loss": 2.0, "acc": 0.5}
    warmup = hvd_keras.callbacks.LearningRateWarmupCallback(0.1, warmup_epochs=2)
    assert warmup.multiplier(0) == 1.0 and warmup.multiplier(1.5) == 1.0


def test_dataset_shard_takes_every_nth_element_and_checks_its_arguments():
    it = tf.data.Dataset.range(10).shard(3, 2).batch(10).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert sess.run(it).tolist() == [2, 5, 8]
    with pytest.raises(tf.errors.InvalidArgumentError, match="num_shards = 0"):
        tf.data.Dataset.range(3).shard(0, 0)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Index must be between 0 and 1 \(currently index = 2\)"):
        tf.data.Dataset.range(3).shard(2, 2)


def test_launcher_command_lines():
    mpich = build_command(["-np", "4", "-H", "a:2,b:2", "python", "train.py", "--lr", "1"],
                          "/x/mpiexec", "mpich")
    assert mpich[:8] == ["/x/mpiexec", "-n", "4", "-disable-auto-cleanup", "-genvall",
                         "-hosts", "a:2,b:2", mpich[7]]
    assert mpich[-6:] == ["autograd_engine.horovod.rank_guard", "--", "python", "train.py",
                          "--lr", "1"]
    ompi = build_command(["-np", "2", "python", "t.py"], "mpirun", "openmpi")
    assert "--oversubscribe" in ompi and "-H" not in ompi and "-x" in ompi
    assert "-hosts" not in build_command(["-np", "2", "python", "t.py"], "mpiexec", "mpich")
    with pytest.raises(SystemExit):
        build_command(["-np", "2"], "mpiexec", "mpich")


def test_rank_guard_words():
    assert describe_exit(-9) == "was killed by signal 9 (SIGKILL)"
    assert describe_exit(3) == "exited with status 3"
    assert launcher_rank({"PMI_RANK": "3"}) == 3 and launcher_rank({}) is None


def test_on_the_device_the_collectives_copy_nothing_to_the_host():
    """On the CuPy stand-in a distributed training step moves exactly what the same step
    without Horovod moves: one copy per feed to the device, nothing back (size 1; with more
    ranks the staging path, one copy each way per fused buffer, runs in test_horovod.py's
    stand-in pass)."""
    from autograd_engine import backend as backend_lib
    from autograd_engine.testing import cupy_standin
    from autograd_engine.testing.cupy_standin import counters
    rng = np.random.RandomState(0)
    moved = []
    with backend_lib.using_device(cupy_standin.device_backend()):
        for distributed in (False, True):
            tf.reset_default_graph()
            x = tf.placeholder(tf.float32, [None, 5])
            loss = tf.reduce_mean(tf.square(tf.layers.dense(x, 3)))
            opt = tf.train.AdamOptimizer(0.1)
            train = (hvd.DistributedOptimizer(opt) if distributed else opt).minimize(loss)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(train, {x: rng.rand(4, 5).astype(np.float32)})
                before = counters.snapshot()
                sess.run(train, {x: rng.rand(4, 5).astype(np.float32)})
                after = counters.snapshot()
            moved.append((after.host_to_device - before.host_to_device,
                          after.device_to_host - before.device_to_host))
    assert moved[0] == moved[1] == (1, 0), moved


def test_the_example_trains_in_one_process(tmp_path):
    import importlib.util
    import pathlib
    path = pathlib.Path(__file__).resolve().parent.parent / "examples" / "horovod_tutorial.py"
    spec = importlib.util.spec_from_file_location("horovod_tutorial", path)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    accuracy = example.main(["--steps", "30", "--quiet", "--checkpoint_dir", str(tmp_path)])
    assert accuracy > 0.6
    assert tf.train.latest_checkpoint(str(tmp_path)).endswith("model.ckpt-30")


def _group_with_peers(peers, stall_seconds=300.0):
    """An MPIGroup's waiting logic over made-up peers (no MPI: nothing to finalize)."""
    import queue
    import threading
    from autograd_engine.ops.collective_runtime import MPIGroup
    group = object.__new__(MPIGroup)
    group.rank, group.size, group.peers = 0, len(peers), peers
    group.stall_seconds, group.broken, group.wait_seconds = stall_seconds, None, 0.0
    group.comm, group._jobs, group._thread, group._lock = None, queue.Queue(), None, \
        threading.Lock()
    return group


def test_a_lost_local_rank_is_named_within_the_poll_interval():
    import os
    import socket
    import subprocess
    import sys
    import threading
    import time
    from autograd_engine.ops.collective_runtime import HorovodInternalError
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    host = socket.gethostname()
    group = _group_with_peers([(host, os.getpid()), (host, gone.pid)])
    release = threading.Event()
    job = group.submit(lambda comm: release.wait(10))
    started = time.monotonic()
    try:
        with pytest.raises(HorovodInternalError,
                           match=r"rank 0: allreduce failed: rank 1 \(pid %d on .+\) was lost"
                           % gone.pid):
            group.wait(job, "allreduce")
        assert time.monotonic() - started < 2.0
        assert group.broken  # the process will leave with os._exit, skipping MPI_Finalize
        with pytest.raises(HorovodInternalError):
            group.submit(lambda comm: None)
    finally:
        release.set()
        group.broken = None
        group._jobs.put(None)  # the collective thread ends


def test_a_stalled_collective_fails_after_the_stall_bound():
    import os
    import socket
    import threading
    from autograd_engine.ops.collective_runtime import HorovodInternalError
    remote = [(socket.gethostname(), os.getpid()), ("elsewhere", 1)]
    group = _group_with_peers(remote, stall_seconds=0.2)
    release = threading.Event()
    try:
        with pytest.raises(HorovodInternalError, match=r"made no progress for 0 s "
                           r"\(HOROVOD_STALL_SHUTDOWN_TIME_SECONDS\).*1 \(pid 1 on elsewhere\)"):
            group.wait(group.submit(lambda comm: release.wait(10)), "broadcast")
    finally:
        release.set()
        group.broken = None
        group._jobs.put(None)
