"""Runs the programs of ``tests/sparse_cases.py`` with TensorFlow (``tf.compat.v1``) and
stores their values in ``tests/fixtures/sparse/sparse_cases.npz`` (and TF's error messages for
bad sparse input in ``errors.json``). Run with the TensorFlow venv:

    /work/tfvenv/bin/python tools/make_fixtures_sparse.py
"""
import json
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))

from sparse_cases import CASES, run_case  # noqa: E402

OUT = os.path.join(ROOT, "tests", "fixtures", "sparse")


def error_messages():
    """TF's messages for misordered, repeated and out-of-bounds indices (to_dense)."""
    messages = {}
    for name, indices in (("out_of_order", [[1, 0], [0, 1]]), ("repeated", [[0, 1], [0, 1]]),
                          ("out_of_bounds", [[0, 1], [3, 0]])):
        graph = tf.Graph()
        with graph.as_default(), tf.Session() as sess:
            sp = tf.sparse_placeholder(tf.float32, shape=[2, 2])
            try:
                sess.run(tf.sparse.to_dense(sp), {sp: (indices, [1.0, 2.0], [2, 2])})
            except tf.errors.InvalidArgumentError as e:
                messages[name] = next(line for line in e.message.splitlines()
                                      if "indices[" in line).strip()
    return messages


def main():
    tf.disable_v2_behavior()
    os.makedirs(OUT, exist_ok=True)
    arrays = {}
    for name in sorted(CASES):
        for key, value in run_case(tf, name).items():
            arrays["%s/%s" % (name, key)] = value
    np.savez_compressed(os.path.join(OUT, "sparse_cases.npz"), **arrays)
    with open(os.path.join(OUT, "errors.json"), "w") as f:
        json.dump(error_messages(), f, indent=1, sort_keys=True)
    print("%d arrays from %d cases" % (len(arrays), len(CASES)))


if __name__ == "__main__":
    main()
