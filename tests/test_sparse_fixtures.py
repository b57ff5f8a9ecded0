"""The programs of ``sparse_cases.py`` against TensorFlow's results
(``tools/make_fixtures_sparse.py`` made ``fixtures/sparse/``), on the host and on the CuPy
stand-in."""
import json
import os

import numpy as np
import pytest

import autograd_engine as tf
from sparse_cases import CASES, run_case

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "sparse")
EXPECTED = np.load(os.path.join(FIXTURES, "sparse_cases.npz"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_tensorflow(name):
    values = run_case(tf, name)
    expected_keys = sorted(k.split("/", 1)[1] for k in EXPECTED.files if k.startswith(name + "/"))
    assert sorted(values) == expected_keys
    for key in expected_keys:
        expected, got = EXPECTED["%s/%s" % (name, key)], values[key]
        assert got.shape == expected.shape, (key, got.shape, expected.shape)
        assert got.dtype == expected.dtype or (got.dtype.kind == expected.dtype.kind == "i"), \
            (key, got.dtype, expected.dtype)
        np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12, err_msg=key)


@pytest.mark.parametrize("name, indices", [("out_of_order", [[1, 0], [0, 1]]),
                                           ("repeated", [[0, 1], [0, 1]]),
                                           ("out_of_bounds", [[0, 1], [3, 0]])])
def test_bad_indices_raise_tensorflows_message(name, indices):
    with open(os.path.join(FIXTURES, "errors.json")) as f:
        message = json.load(f)[name]
    sp = tf.sparse_placeholder(tf.float32, shape=[2, 2])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as raised:
            sess.run(tf.sparse.to_dense(sp), {sp: (indices, [1.0, 2.0], [2, 2])})
    assert message.strip() in str(raised.value)
