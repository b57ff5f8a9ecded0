"""tf.io.RaggedFeature in parse_example / parse_single_example against TensorFlow
(tests/fixtures/ragged_feature/cases.json, from tools/make_fixtures_ragged_feature.py)."""
import base64
import json
import os

import numpy as np
import pytest

import autograd_engine as tf

with open(os.path.join(os.path.dirname(__file__), "fixtures", "ragged_feature",
                       "cases.json")) as _f:
    CASES = json.load(_f)
SERIALIZED = [base64.b64decode(s) for s in CASES["serialized"]]


def _spec(value_key, dtype, partitions, splits):
    return tf.io.RaggedFeature(getattr(tf, dtype), value_key=value_key,
                               partitions=[getattr(tf.io.RaggedFeature, kind)(key)
                                           for kind, key in partitions],
                               row_splits_dtype=getattr(tf, splits))


def _plain(value):
    value = value.to_list() if hasattr(value, "to_list") else np.asarray(value).tolist()

    def walk(v):
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v.decode() if isinstance(v, bytes) else v
    return walk(value)


def test_parse_example_and_single_example_match_tensorflow():
    specs = {name: _spec(*d) for name, d in CASES["specs"].items()}
    with tf.Graph().as_default(), tf.Session() as sess:
        serialized = tf.placeholder(tf.string, [None])
        batch = tf.io.parse_example(serialized, specs)
        single = tf.parse_single_example(SERIALIZED[0], specs)
        for name, dtype in CASES["splits_dtypes"].items():
            assert batch[name].row_splits.dtype.name == dtype, name
        assert isinstance(single["ids"], tf.Tensor) and single["ids"].dtype == tf.int64
        batch_values, single_values = sess.run([batch, single], {serialized: SERIALIZED})
    for name in specs:
        assert _plain(batch_values[name]) == CASES["batch"][name], name
        assert _plain(single_values[name]) == CASES["single"][name], name


def test_ragged_features_mix_with_the_other_specs():
    with tf.Graph().as_default(), tf.Session() as sess:
        parsed = tf.parse_example(SERIALIZED, {
            "ids": tf.io.RaggedFeature(tf.int64), "inner": tf.VarLenFeature(tf.int64),
            "outer_lengths": tf.io.RaggedFeature(tf.int64, value_key="outer")})
        assert sorted(parsed) == ["ids", "inner", "outer_lengths"]
        ids, inner, outer = sess.run([parsed["ids"], parsed["inner"], parsed["outer_lengths"]])
    assert ids.to_list() == [[3, 1, 4], [], [5]]
    assert inner.values.tolist() == [1, 3, 1, 2, 0]
    assert outer.to_list() == [[2, 1], [], [1, 0, 1]]


def test_unsupported_partitions_and_wrong_types_are_refused():
    with pytest.raises(ValueError, match="must be RaggedFeature.RowLengths, Row"):
        tf.io.RaggedFeature(tf.float32, partitions=[("splits", "key")])
    with tf.Graph().as_default(), tf.Session() as sess:
        parsed = tf.parse_example(SERIALIZED, {"ids": tf.io.RaggedFeature(tf.float32)})
        with pytest.raises(tf.errors.InvalidArgumentError, match="Data types don't match"):
            sess.run(parsed["ids"])


def test_uniform_row_length_gives_a_dense_tensor_for_one_example():
    uniform = {"pairs": tf.io.RaggedFeature(tf.float32, value_key="vals", partitions=[
        tf.io.RaggedFeature.UniformRowLength(2)])}
    with tf.Graph().as_default(), tf.Session() as sess:
        single = tf.parse_single_example(SERIALIZED[2], uniform)["pairs"]
        batch = tf.parse_example([SERIALIZED[1], SERIALIZED[2]], uniform)["pairs"]
        assert isinstance(single, tf.Tensor)
        assert sess.run(single).tolist() == [[6.0, 7.0]]
        assert sess.run(batch).to_list() == [[], [[6.0, 7.0]]]
        odd = tf.parse_example(SERIALIZED, uniform)["pairs"]  # 5 values in the first
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(odd)
