"""The string ops against TensorFlow's answers (tests/fixtures/strings/string_ops.json, made by
tools/make_fixtures_strings.py): values, dtypes and shapes, and TF's error class and message."""
import json
import os

import numpy as np
import pytest

import autograd_engine as tf

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "strings", "string_ops.json")
with open(FIXTURES) as _f:
    CASES = json.load(_f)["cases"]


def _decode(encoded):
    if encoded["dtype"] == "string":
        values = [v.encode("latin-1") for v in encoded["values"]]
        array = np.empty(len(values), dtype=object)
        array[:] = values
        return array.reshape(encoded["shape"])
    return np.array(encoded["values"], dtype=encoded["dtype"]).reshape(encoded["shape"])


def _function(name):
    target = tf
    for part in name.split("."):
        target = getattr(target, part)
    return target


def _build(case):
    inputs = [tf.constant(_decode(a)) for a in case["inputs"]]
    function = _function(case["fn"])
    kwargs = dict(case["kwargs"])
    if case["fn"] == "decode_csv":
        return function(inputs[0], [tf.constant(_decode(d)) for d in case["defaults"]],
                        **kwargs)
    if "out_type" in kwargs:
        kwargs["out_type"] = tf.as_dtype(kwargs["out_type"])
    if case["fn"] in ("string_join", "strings.join"):
        return function(inputs, **kwargs)
    return function(*inputs, **kwargs)


def _assert_same(got, expected):
    if expected.dtype == object and expected.ndim == 0:  # a scalar string is fetched as bytes
        assert type(got) is bytes and got == expected[()], (got, expected)
        return
    got = np.asarray(got)
    assert got.shape == expected.shape, (got.shape, expected.shape)
    if expected.dtype == object:
        assert got.dtype == object and got.tolist() == expected.tolist()
        assert all(type(v) is bytes for v in got.reshape(-1))
    else:
        assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] + "-%d" % i for i, c in enumerate(CASES)])
def test_matches_tensorflow(case):
    if "error" in case:
        error_class = getattr(tf.errors, case["error"])
        # a shape rule may find the error while building (ValueError), a kernel while running
        with pytest.raises((error_class, ValueError)) as raised:
            with tf.Session() as sess:
                sess.run(_build(case))
        assert case["message"] in str(raised.value)
        return
    with tf.Session() as sess:
        got = sess.run(_build(case))
    expected = case["expected"]
    if isinstance(expected, list):
        assert len(got) == len(expected)
        for g, e in zip(got, expected):
            _assert_same(g, _decode(e))
    else:
        _assert_same(got, _decode(expected))


def test_fixtures_cover_every_string_op_family():
    names = {c["fn"] for c in CASES}
    for fn in ("as_string", "string_join", "substr", "string_to_number", "string_split",
               "strings.split",
               "string_to_hash_bucket_fast", "string_to_hash_bucket_strong", "regex_replace",
               "reduce_join", "strings.length", "string_strip", "strings.upper",
               "encode_base64", "decode_base64", "decode_raw", "decode_csv"):
        assert fn in names, fn


def test_string_op_on_floats_is_tf1_type_error():
    with pytest.raises(TypeError, match="Input 'input' of 'StringLength' Op has type float32 "
                                        "that does not match expected type of string"):
        tf.strings.length(tf.constant([1.0]))


def test_bad_arguments_are_refused_while_building():
    with pytest.raises(ValueError, match="Cannot select both scientific and shortest"):
        tf.as_string([1.0], scientific=True, shortest=True)
    with pytest.raises(ValueError, match="Key must have 2 elements"):
        tf.string_to_hash_bucket_strong(["a"], 3, [1])
    with pytest.raises(ValueError, match="Length of select_cols and record_defaults"):
        tf.decode_csv(["1,2"], [[0]], select_cols=[0, 1])
    with pytest.raises(ValueError, match="Input shapes do not match: \\[2\\] vs. \\[3\\]"):
        tf.string_join([["a", "b"], ["x", "y", "z"]])


def test_strings_namespace_has_tf1_names():
    for name in ("join", "length", "lower", "upper", "reduce_join", "regex_replace", "strip",
                 "substr", "to_number", "to_hash_bucket_fast", "to_hash_bucket_strong"):
        assert callable(getattr(tf.strings, name)), name
