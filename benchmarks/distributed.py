"""Data-parallel training measured (issue 16): run ``python benchmarks/distributed.py``.

It launches itself on 1, 2 and 4 local MPI ranks (``mpiexec`` of the mpich wheel) and writes
``benchmarks/results-distributed.md``:

* **allreduce overhead**: the MLP's gradients (784-512-512-10, 2.7 MB of float32) averaged by
  the engine (``Session.run`` of one fused allreduce: pack, MPI, unpack, average) against raw
  ``mpi4py`` ``Allreduce`` on the same arrays (one call per array, and one call on a buffer
  packed beforehand), interleaved, medians;
* **step time** of the MLP (batch 64 per rank) and of the Deep-MNIST CNN (batch 16 per rank) on
  1, 2 and 4 ranks, with the share of the step spent blocked waiting on communication, with
  tensor fusion and overlap (``hvd.DistributedOptimizer``) and without (one blocking
  ``hvd.allreduce`` per gradient, after the whole backward pass);
* **a ring-allreduce cost model** fed with the latency and bandwidth measured here.

Not a test: the numbers depend on the machine and its load.
"""
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
STEPS = int(os.environ.get("BENCH_STEPS", "12"))
MLP_SIZES = (784, 512, 512, 10)


# ------------------------------------------------------------------------ models
def mlp_gradient_shapes():
    shapes = []
    for n_in, n_out in zip(MLP_SIZES[:-1], MLP_SIZES[1:]):
        shapes += [(n_in, n_out), (n_out,)]
    return shapes


def build_mlp(tf, batch):
    rng = np.random.RandomState(0)
    x = tf.constant(rng.rand(batch, 784).astype(np.float32))
    y = tf.constant(np.eye(10, dtype=np.float32)[rng.randint(0, 10, batch)])
    h = x
    for i, (n_in, n_out) in enumerate(zip(MLP_SIZES[:-1], MLP_SIZES[1:])):
        w = tf.Variable((rng.randn(n_in, n_out) * np.sqrt(2.0 / n_in)).astype(np.float32))
        h = tf.matmul(h, w) + tf.Variable(np.zeros(n_out, np.float32))
        if i < len(MLP_SIZES) - 2:
            h = tf.nn.relu(h)
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=h))


def build_cnn(tf, batch):
    rng = np.random.RandomState(0)
    x = tf.constant(rng.rand(batch, 28, 28, 1).astype(np.float32))
    y = tf.constant(np.eye(10, dtype=np.float32)[rng.randint(0, 10, batch)])

    def weight(*shape):
        return tf.Variable(np.clip(rng.randn(*shape) * 0.1, -0.2, 0.2).astype(np.float32))
    h = x
    for c_in, c_out in ((1, 32), (32, 64)):
        h = tf.nn.relu(tf.nn.conv2d(h, weight(5, 5, c_in, c_out), [1, 1, 1, 1], "SAME")
                       + weight(c_out))
        h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    h = tf.nn.relu(tf.matmul(tf.reshape(h, [-1, 7 * 7 * 64]), weight(3136, 1024))
                   + weight(1024))
    logits = tf.matmul(h, weight(1024, 10)) + weight(10)
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))


# ------------------------------------------------------------------------ on each rank
def measure_allreduce():
    """Median seconds: engine fused allreduce, raw per-array Allreduce, raw packed Allreduce;
    and the ring's latency and bandwidth terms from raw Allreduce of 8 bytes and 64 MiB."""
    import autograd_engine as tf
    import autograd_engine.horovod as hvd
    from autograd_engine.ops import collective_ops
    from mpi4py import MPI
    hvd.init()
    comm = MPI.COMM_WORLD
    rng = np.random.RandomState(comm.rank)
    arrays = [rng.rand(*s).astype(np.float32) for s in mlp_gradient_shapes()]
    placeholders = [tf.placeholder(tf.float32, a.shape) for a in arrays]
    reduced = collective_ops.fused_allreduce(placeholders, "Average")
    sess = tf.Session()
    run = sess.make_callable(reduced, placeholders)
    packed = np.concatenate([a.ravel() for a in arrays])

    def engine():
        run(*arrays)

    def raw_each():
        for a in arrays:
            out = np.empty_like(a)
            comm.Allreduce(a, out)
            out /= comm.size

    def raw_packed():
        out = np.empty_like(packed)
        comm.Allreduce(packed, out)
        out /= comm.size
    timings = {"engine": [], "raw_each": [], "raw_packed": []}
    functions = {"engine": engine, "raw_each": raw_each, "raw_packed": raw_packed}
    for _ in range(3):
        for f in functions.values():
            f()
    for _ in range(ROUNDS):
        for name, f in functions.items():  # interleaved: drift hits all alike
            comm.Barrier()
            started = time.perf_counter()
            f()
            timings[name].append(time.perf_counter() - started)
    result = {name: statistics.median(ts) for name, ts in timings.items()}
    for label, nbytes in (("small", 8), ("large", 64 << 20)):
        buffer = np.ones(nbytes // 4, np.float32)
        times = []
        for _ in range(5 if label == "large" else ROUNDS * 4):
            comm.Barrier()
            started = time.perf_counter()
            comm.Allreduce(MPI.IN_PLACE, buffer)
            times.append(time.perf_counter() - started)
        result[label] = statistics.median(times)
    result["bytes"] = int(packed.nbytes)
    return result


def measure_steps(model, batch, overlap):
    """Median step seconds and the median share of a step blocked on communication."""
    import autograd_engine as tf
    import autograd_engine.horovod as hvd
    from autograd_engine.ops import collective_runtime
    hvd.init()
    group = collective_runtime.current_group()
    loss = (build_mlp if model == "mlp" else build_cnn)(tf, batch)
    base = tf.train.GradientDescentOptimizer(0.01)
    if overlap:
        train = hvd.DistributedOptimizer(base).minimize(loss)
    else:  # Horovod without fusion and overlap: one blocking allreduce per gradient
        pairs = base.compute_gradients(loss)
        train = base.apply_gradients([(hvd.allreduce(g), v) for g, v in pairs])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    step = sess.make_callable(train)
    for _ in range(2):
        step()
    times, shares = [], []
    for _ in range(STEPS):
        if group.size > 1:
            group.comm.Barrier()
        waited = group.wait_seconds
        started = time.perf_counter()
        step()
        elapsed = time.perf_counter() - started
        times.append(elapsed)
        shares.append((group.wait_seconds - waited) / elapsed)
    return {"step": statistics.median(times), "wait_share": statistics.median(shares),
            "grad_bytes": int(sum(np.prod(v.shape.as_list()) * 4
                                  for v in tf.trainable_variables()))}


def rank_main(task):
    from mpi4py import MPI
    if task == "allreduce":
        result = measure_allreduce()
    else:
        model, batch, overlap = task.split(":")
        result = measure_steps(model, int(batch), overlap == "overlap")
    gathered = MPI.COMM_WORLD.gather(result, root=0)
    if MPI.COMM_WORLD.rank == 0:
        print("RESULT " + json.dumps(gathered[0]), flush=True)


# ------------------------------------------------------------------------ the driver
def launch(ranks, task):
    from autograd_engine.horovod.run import find_mpiexec
    env = dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS="1")
    output = subprocess.run([find_mpiexec(), "-n", str(ranks), sys.executable, __file__,
                             "--rank", task], capture_output=True, text=True, env=env,
                            timeout=900).stdout
    line = [x for x in output.splitlines() if x.startswith("RESULT ")]
    if not line:
        raise RuntimeError("no result from %d ranks of %s:\n%s" % (ranks, task, output))
    return json.loads(line[0][len("RESULT "):])


def ring_seconds(workers, nbytes, bandwidth, latency):
    """The ring allreduce: 2(N-1)/N of the bytes over the slowest link, 2(N-1) latencies."""
    return 2.0 * (workers - 1) / workers * nbytes / bandwidth + 2.0 * (workers - 1) * latency


def main():
    lines = ["# Data-parallel training: measured (issue 16)", "",
             "Produced by `python benchmarks/distributed.py` on this project's machine: 2 CPU "
             "cores shared with 7 other sessions while it ran (load average %.1f at the start),"
             " MPICH %s from the `mpich` wheel, shared memory between local ranks, "
             "OMP_NUM_THREADS=1 per rank. Medians of interleaved runs; rounds: %d, steps: %d."
             % (os.getloadavg()[0], "5.0.2", ROUNDS, STEPS), ""]
    lines += ["## Allreduce of the MLP's gradients: engine against raw mpi4py", "",
              "| ranks | engine (fused, Session.run) | raw Allreduce per array | raw Allreduce, "
              "packed buffer | engine / raw per array | engine / raw packed |",
              "|---|---|---|---|---|---|"]
    measured = {}
    for ranks in (2, 4):
        r = measured[ranks] = launch(ranks, "allreduce")
        lines.append("| %d | %.2f ms | %.2f ms | %.2f ms | %.2fx | %.2fx |" % (
            ranks, r["engine"] * 1e3, r["raw_each"] * 1e3, r["raw_packed"] * 1e3,
            r["engine"] / r["raw_each"], r["engine"] / r["raw_packed"]))
    two = measured[2]
    latency = two["small"] / 2.0  # 2(N-1) latencies at N=2
    bandwidth = (64 << 20) / max(two["large"] - 2 * latency, 1e-9)  # 2(N-1)/N = 1 at N=2
    lines += ["", "Gradient bytes: %d. Raw Allreduce at 2 ranks: 8 bytes %.1f us, 64 MiB "
              "%.1f ms: latency %.1f us and bandwidth %.2f GB/s (shared memory)."
              % (two["bytes"], two["small"] * 1e6, two["large"] * 1e3, latency * 1e6,
                 bandwidth / 1e9), ""]
    lines += ["## Step time on 1, 2 and 4 local ranks", "",
              "| model (batch per rank) | ranks | step, fused + overlap | waiting share | "
              "step, blocking per gradient | waiting share |", "|---|---|---|---|---|---|"]
    steps = {}
    for model, batch in (("mlp", 64), ("cnn", 16)):
        for ranks in (1, 2, 4):
            fused = launch(ranks, "%s:%d:overlap" % (model, batch))
            blocking = launch(ranks, "%s:%d:blocking" % (model, batch))
            steps[(model, ranks)] = (fused, blocking)
            lines.append("| %s (%d) | %d | %.1f ms | %.0f%% | %.1f ms | %.0f%% |" % (
                model.upper(), batch, ranks, fused["step"] * 1e3, fused["wait_share"] * 100,
                blocking["step"] * 1e3, blocking["wait_share"] * 100))
    lines += ["", "## Ring-allreduce cost model", "",
              "T(N) = 2(N-1)/N x bytes / bandwidth + 2(N-1) x latency; scaling efficiency = "
              "compute / (compute + exposed communication), weak scaling (fixed batch per "
              "worker). Compute = the measured 1-rank step. Two bounds: no overlap (all of T "
              "exposed) and full overlap (T hidden behind the backward pass, taken as 2/3 of "
              "the step, only the rest exposed).", "",
              "| network | model | workers | T allreduce | efficiency, no overlap | "
              "efficiency, overlap |", "|---|---|---|---|---|---|"]
    networks = [("measured here (shared memory)", bandwidth, latency),
                ("10 Gb/s Ethernet (assumed 1.1 GB/s, 30 us)", 1.1e9, 30e-6),
                ("100 Gb/s InfiniBand (assumed 11 GB/s, 3 us)", 11e9, 3e-6)]
    for label, bw, lat in networks:
        for model in ("mlp", "cnn"):
            compute = steps[(model, 1)][0]["step"]
            nbytes = steps[(model, 1)][0]["grad_bytes"]
            for workers in (8, 64, 512):
                t = ring_seconds(workers, nbytes, bw, lat)
                exposed = max(0.0, t - compute * 2.0 / 3.0)
                lines.append("| %s | %s | %d | %.2f ms | %.0f%% | %.0f%% |" % (
                    label, model.upper(), workers, t * 1e3, 100 * compute / (compute + t),
                    100 * compute / (compute + exposed)))
    lines += ["", "Assumptions: one rank per machine, a flat ring over identical links (no "
              "hierarchy, no contention), the measured single-rank compute (this machine's "
              "2 loaded cores: a faster processor shrinks compute and lowers every "
              "efficiency), no stragglers, the engine's overhead over raw MPI as measured above."
              ]
    path = os.path.join(HERE, "results-distributed.md")
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--rank"]:
        rank_main(sys.argv[2])
    else:
        main()
