"""One optimizer step on an embedding table touched by 100 rows: the sparse path (the gather's
IndexedSlices gradient, ``_apply_sparse``) against the dense one (the same gradient made dense
first), for growing tables.

    python -m benchmarks.sparse_updates                       # 10k, 100k and 1M rows x 64
    python -m benchmarks.sparse_updates --rows 10000,1000000 --rounds 9

Prints a Markdown table of the median seconds per step over interleaved rounds (every
configuration of a table size once per round, so a load that comes and goes hits them alike).
A sparse step should not grow with the table, except Adam's: TF1's AdamOptimizer decays ``m``
and ``v`` everywhere; LazyAdamOptimizer (tf.contrib.opt) touches the rows only.
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import autograd_engine as tf  # noqa: E402

OPTIMIZERS = {
    "GradientDescent": lambda: tf.train.GradientDescentOptimizer(0.1),
    "Momentum": lambda: tf.train.MomentumOptimizer(0.1, 0.9),
    "Adagrad": lambda: tf.train.AdagradOptimizer(0.1),
    "Adam (TF1)": lambda: tf.train.AdamOptimizer(0.01),
    "LazyAdam": lambda: tf.contrib.opt.LazyAdamOptimizer(0.01),
}
WIDTH, TOUCHED = 64, 100


def build_step(rows, make_optimizer, sparse):
    """A Session and a function running one training step on a fresh ``rows`` x 64 table."""
    graph = tf.Graph()
    with graph.as_default():
        table = tf.Variable(tf.random_uniform([rows, WIDTH], -0.05, 0.05))
        ids = tf.placeholder(tf.int32, [TOUCHED])
        loss = tf.reduce_sum(tf.square(tf.nn.embedding_lookup(table, ids) - 1.0))
        optimizer = make_optimizer()
        grads_and_vars = optimizer.compute_gradients(loss)
        if not sparse:
            grads_and_vars = [(tf.convert_to_tensor(g), v) for g, v in grads_and_vars]
        train = optimizer.apply_gradients(grads_and_vars)
        sess = tf.Session(graph=graph)
        sess.run(tf.global_variables_initializer())
    rng = np.random.default_rng(0)
    step = sess.make_callable(train, [ids])
    return sess, lambda: step(rng.integers(0, rows, TOUCHED).astype(np.int32))


def measure(rows_list, optimizers, rounds):
    """{(rows, optimizer, path): median seconds per step}. The configurations of one table size
    are interleaved (each once per round); one size's Sessions are closed before the next is
    built, so that at most one size's tables are in memory."""
    medians = {}
    for rows in rows_list:
        configs = [(rows, name, path) for name in optimizers for path in ("sparse", "dense")]
        steps, sessions = {}, []
        for config in configs:
            sess, step = build_step(rows, OPTIMIZERS[config[1]], config[2] == "sparse")
            sessions.append(sess)
            for _ in range(2):
                step()
            start = time.perf_counter()
            step()
            calls = max(1, min(200, int(0.05 / (time.perf_counter() - start))))
            steps[config] = (step, calls)
        samples = {config: [] for config in configs}
        for _ in range(rounds):
            for config in configs:
                step, calls = steps[config]
                start = time.perf_counter()
                for _ in range(calls):
                    step()
                samples[config].append((time.perf_counter() - start) / calls)
        for sess in sessions:
            sess.close()
        medians.update((config, statistics.median(times)) for config, times in samples.items())
    return medians


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="10000,100000,1000000")
    parser.add_argument("--optimizers", default=",".join(OPTIMIZERS))
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    rows_list = [int(r) for r in args.rows.split(",")]
    optimizers = args.optimizers.split(",")
    medians = measure(rows_list, optimizers, args.rounds)
    print("| optimizer | path | " + " | ".join("%s x %d" % (format(r, ","), WIDTH)
                                              for r in rows_list) + " |")
    print("| --- | --- |" + " --- |" * len(rows_list))
    for name in optimizers:
        for path in ("sparse", "dense"):
            print("| %s | %s | %s |" % (name, path, " | ".join(
                "%.3f ms" % (medians[(rows, name, path)] * 1e3) for rows in rows_list)))


if __name__ == "__main__":
    main()
