"""TensorFlow's values of ``tests/distribution_tail_cases.py`` for the tf.distributions tail (Beta, Dirichlet, DirichletMultinomial,
Exponential, Gamma, Laplace, StudentT and their KL rules), written to
tests/fixtures/distributions_tail/values.npz.

Run with the TensorFlow venv: /work/tfvenv/bin/python tools/make_fixtures_distributions_tail.py
(TF 2.21 still ships tf.compat.v1.distributions, deprecated, so every value is TensorFlow's.)
"""
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
tf.disable_v2_behavior()
OUT = os.path.join(ROOT, "tests", "fixtures", "distributions_tail")

from distribution_tail_cases import build  # noqa: E402


def main():
    os.makedirs(OUT, exist_ok=True)
    with tf.Graph().as_default(), tf.Session() as sess:
        values = sess.run(build(tf.distributions))
    np.savez(os.path.join(OUT, "values.npz"), **{k: np.asarray(v) for k, v in values.items()})


if __name__ == "__main__":
    main()
