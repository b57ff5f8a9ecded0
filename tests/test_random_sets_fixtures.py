"""tf.sets, the tf.sparse tail, tf.ragged and the deterministic parts of tf.random against
TensorFlow: every case of tests/fixtures/random_sets/cases.json (written by
tools/make_fixtures_random_sets.py) is the same expression evaluated with TensorFlow; here it
is evaluated with autograd_engine and must give the same values, dtypes and shapes."""
import json
import os

import numpy as np
import pytest

import autograd_engine as tf

_PATH = os.path.join(os.path.dirname(__file__), "fixtures", "random_sets", "cases.json")
with open(_PATH) as _file:
    CASES = json.load(_file)["cases"]


def _compare(got, expected, where):
    if "list" in expected:
        assert isinstance(got, (list, tuple)) and len(got) == len(expected["list"]), where
        for k, (g, e) in enumerate(zip(got, expected["list"])):
            _compare(g, e, "%s[%d]" % (where, k))
    elif "sparse" in expected:
        assert isinstance(got, tf.SparseTensorValue), (where, type(got))
        for part, g, e in zip(("indices", "values", "dense_shape"), got, expected["sparse"]):
            _compare(g, e, "%s.%s" % (where, part))
    elif "ragged" in expected:
        assert isinstance(got, tf.ragged.RaggedTensorValue), (where, type(got))
        _compare(got.flat_values, expected["ragged"], where + ".flat_values")
        assert len(got.nested_row_splits) == len(expected["splits"]), where
        for k, (g, e) in enumerate(zip(got.nested_row_splits, expected["splits"])):
            _compare(g, e, "%s.row_splits[%d]" % (where, k))
    elif "strings" in expected:
        got = np.asarray(got)
        assert list(got.shape) == expected["shape"], where
        assert [v.decode() if isinstance(v, bytes) else str(v)
                for v in got.reshape(-1).tolist()] == expected["strings"], where
    else:
        got = np.asarray(got)
        assert list(got.shape) == expected["shape"], (where, got.shape)
        assert got.dtype.name == expected["dtype"], (where, got.dtype, expected["dtype"])
        want = np.array(expected["array"], dtype=expected["dtype"]).reshape(expected["shape"])
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7, err_msg=where)


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_as_tensorflow(name):
    case = CASES[name]
    with tf.Graph().as_default():
        value = eval(case["expr"], {"tf": tf, "np": np})  # noqa: S307 - the fixture's case
        if not case.get("static"):
            with tf.Session() as sess:
                value = sess.run(value)
    _compare(value, case["value"], name)


def test_gamma_sample_derivative_matches_tensorflow():
    """The gradient random_gamma gives alpha: d sample / d alpha at TF's points."""
    from autograd_engine.ops.registry import make_tensor
    with open(_PATH) as f:
        points = json.load(f)["gamma_grad"]
    with tf.Graph().as_default():
        grad = make_tensor("RandomGammaGrad", (tf.constant(points["alpha"], tf.float64),
                                               tf.constant(points["sample"], tf.float64)), None)
        with tf.Session() as sess:
            np.testing.assert_allclose(sess.run(grad), points["grad"], rtol=1e-6)
