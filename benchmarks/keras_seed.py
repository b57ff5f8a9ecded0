"""The Keras seed program (a ``Sequential`` of 256-wide ``Dense`` layers, batch 20, Adam, the
sin(x) regression) in our Keras and in real ``tf.keras``, timed interleaved.

    python -m benchmarks.keras_seed            # prints a Markdown table
    python -m benchmarks.keras_seed --json     # what ``benchmarks.run --busy`` reads

Ours runs with its BLAS threads chosen per op ("auto"), on one thread and on all threads
(``autograd_engine.blas_threads.policy``). It runs in a process of its own: the TF1 columns
of ``benchmarks.run`` turn TensorFlow's eager execution off, which tf.keras needs.
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks import busy, harness, report  # noqa: E402
from benchmarks.workloads import dense  # noqa: E402
from benchmarks.workloads._common import at_default_blas_threads  # noqa: E402

SPEC = dense.DenseSpec("keras-seed", "Keras seed: Sequential 1-256×7-1, Adam, batch 20",
                       (1,) + (256,) * 7 + (1,), "mse", 20)
EPSILON = 1e-8  # TF1's Adam epsilon, which the hand-written reference uses
LABELS = {"numpy": "numpy by hand", "auto": "ours Keras (auto)", "one": "ours Keras, 1 thread",
          "all": "ours Keras, all threads", "tf.keras": "real tf.keras"}


def _model(keras, init):
    model = keras.Sequential(
        [keras.layers.Dense(256, activation="relu", input_shape=(1,))] +
        [keras.layers.Dense(256, activation="relu") for _ in range(6)] + [keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=dense.LEARNING_RATE,
                                                  epsilon=EPSILON), loss="mse")
    model.set_weights(init)
    return model


def keras_implementation(name, keras, xs, ys, init):
    model = _model(keras, init)

    def observe():
        return float(np.mean(np.square(np.asarray(model.predict_on_batch(xs)) - ys)))
    session = getattr(model, "_session", None)  # ours: what the busy run reports
    return harness.Implementation(name, lambda: model.train_on_batch(xs, ys), observe,
                                  graph_step=None if session is None else (session, None, None))


def ours(policy, xs, ys, init):
    import autograd_engine
    from autograd_engine import blas_threads
    with blas_threads.policy(policy):  # the model's Session is made with this policy
        return keras_implementation(LABELS[policy], autograd_engine.keras, xs, ys, init)


def real_tf_keras(xs, ys, init):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        import tensorflow as tf
    except ImportError:
        return None
    return keras_implementation(LABELS["tf.keras"], tf.keras, xs, ys, init)


def measure(rounds=9, budget=10.0):
    """{label: median seconds per step}, and the agreement check's verdicts."""
    xs, ys, init = dense.make_data(SPEC)
    impls = {"numpy": at_default_blas_threads(dense.hand_written_implementation(SPEC, xs, ys,
                                                                                 init))}
    for policy in ("auto", "one", "all"):
        impls[policy] = ours(policy, xs, ys, init)
    real = real_tf_keras(xs, ys, init)
    if real is not None:
        impls["tf.keras"] = real
    workload = harness.Workload(SPEC.key, SPEC.title, lambda: None, None)
    agreement = harness.check_agreement(workload, impls, "numpy")
    timings = harness.time_interleaved(impls, rounds, budget)
    return ({LABELS[k]: t.median for k, t in timings.items()},
            {LABELS[a.name] if a.name in LABELS else a.name: bool(a.ok) for a in agreement},
            busy.arm_medians(impls["auto"].graph_step[0]))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--budget", type=float, default=10.0)
    args = parser.parse_args(argv)
    medians, agreement, arms = measure(args.rounds, args.budget)
    if args.json:
        print(json.dumps({"medians": medians, "agreement": agreement, "arms": arms}))
        return
    print("| implementation | median per step |\n| --- | --- |")
    for label, seconds in medians.items():
        print("| %s | %s |" % (label, report.format_time(seconds)))


if __name__ == "__main__":
    main()
