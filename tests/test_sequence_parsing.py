"""SequenceExample parsing and SparseFeature against TensorFlow
(tests/fixtures/image_io/sequence_examples.npz, made by tools/make_fixtures_image_io.py)."""
import os

import numpy as np
import pytest

import autograd_engine as tf

FIXTURE = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "image_io",
                               "sequence_examples.npz"))
SERIALIZED = FIXTURE["sequence_example"].tobytes()


def strings(key):
    count = int(np.prod(FIXTURE[key + ".shape"]))
    return [FIXTURE["%s.%d" % (key, i)].tobytes() for i in range(count)]


def run(fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def test_single_sequence_example_matches_tensorflow():
    with tf.Graph().as_default():
        context, lists = tf.io.parse_single_sequence_example(
            SERIALIZED,
            context_features={"length": tf.io.FixedLenFeature([], tf.int64),
                              "name": tf.io.VarLenFeature(tf.string),
                              "missing": tf.io.FixedLenFeature([2], tf.float32, [1.0, 2.0])},
            sequence_features={"tokens": tf.io.FixedLenSequenceFeature([], tf.int64),
                               "vectors": tf.io.FixedLenSequenceFeature([2], tf.float32),
                               "words": tf.io.VarLenFeature(tf.string)})
        assert lists["vectors"].shape.as_list() == [None, 2]
        context, lists = run([context, lists])
    assert context["length"] == FIXTURE["ctx_length"]
    assert context["name"].values.tolist() == strings("ctx_name_values")
    np.testing.assert_array_equal(context["name"].indices, FIXTURE["ctx_name_indices"])
    np.testing.assert_array_equal(context["missing"], FIXTURE["ctx_missing"])
    np.testing.assert_array_equal(lists["tokens"], FIXTURE["seq_tokens"])
    np.testing.assert_array_equal(lists["vectors"], FIXTURE["seq_vectors"])
    assert lists["vectors"].dtype == np.float32
    np.testing.assert_array_equal(lists["words"].indices, FIXTURE["seq_words_indices"])
    assert lists["words"].values.tolist() == strings("seq_words_values")
    np.testing.assert_array_equal(lists["words"].dense_shape, FIXTURE["seq_words_shape"])


def test_batched_sequence_examples_match_tensorflow():
    other = tf.train.SequenceExample(feature_lists=tf.train.FeatureLists(feature_list={
        "tokens": tf.train.FeatureList(feature=[
            tf.train.Feature(int64_list=tf.train.Int64List(value=[9]))])}))
    with tf.Graph().as_default():
        context, lists, lengths = run(tf.io.parse_sequence_example(
            [SERIALIZED, SERIALIZED],
            context_features={"length": tf.io.FixedLenFeature([], tf.int64)},
            sequence_features={"tokens": tf.io.FixedLenSequenceFeature([], tf.int64),
                               "words": tf.io.VarLenFeature(tf.string)}))
        padded = run(tf.io.parse_sequence_example(
            [SERIALIZED, other.SerializeToString()],
            sequence_features={"tokens": tf.io.FixedLenSequenceFeature([], tf.int64)}))
    np.testing.assert_array_equal(context["length"], FIXTURE["batch_length"])
    np.testing.assert_array_equal(lists["tokens"], FIXTURE["batch_tokens"])
    np.testing.assert_array_equal(lists["words"].indices, FIXTURE["batch_words_indices"])
    np.testing.assert_array_equal(lists["words"].dense_shape, FIXTURE["batch_words_shape"])
    np.testing.assert_array_equal(lengths["tokens"], FIXTURE["batch_lengths_tokens"])
    assert padded[1]["tokens"].tolist() == [[4, 5, 6], [9, 0, 0]]
    assert padded[2]["tokens"].tolist() == [3, 1]


def test_sequence_example_errors():
    with tf.Graph().as_default():
        with pytest.raises(tf.errors.InvalidArgumentError, match="Feature list 'absent' is "
                                                                 "required"):
            run(tf.parse_single_sequence_example(SERIALIZED, sequence_features={
                "absent": tf.io.FixedLenSequenceFeature([], tf.int64)})[1])
        absent = run(tf.io.parse_single_sequence_example(SERIALIZED, sequence_features={
            "absent": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True)})[1])
        assert absent["absent"].shape == (0,)
        with pytest.raises(tf.errors.InvalidArgumentError, match="Data types don't match"):
            run(tf.io.parse_single_sequence_example(SERIALIZED, sequence_features={
                "tokens": tf.io.FixedLenSequenceFeature([], tf.float32)})[1])
        with pytest.raises(tf.errors.InvalidArgumentError, match="Number of float values"):
            run(tf.io.parse_single_sequence_example(SERIALIZED, sequence_features={
                "vectors": tf.io.FixedLenSequenceFeature([3], tf.float32)})[1])
        with pytest.raises(ValueError, match="Missing features"):
            tf.io.parse_single_sequence_example(SERIALIZED)


def test_sparse_feature_matches_tensorflow():
    example = tf.train.Example(features=tf.train.Features(feature={
        "ix": tf.train.Feature(int64_list=tf.train.Int64List(value=[3, 0])),
        "val": tf.train.Feature(float_list=tf.train.FloatList(value=[1.5, -2.0]))}))
    with tf.Graph().as_default():
        batch = tf.io.parse_example([example.SerializeToString()],
                                    {"sp": tf.io.SparseFeature("ix", "val", tf.float32, 5)})
        single = tf.parse_single_example(example.SerializeToString(),
                                         {"sp": tf.SparseFeature("ix", "val", tf.float32, 5)})
        assert sorted(batch) == ["sp"]
        batch, single = run([batch["sp"], single["sp"]])
    np.testing.assert_array_equal(batch.indices, FIXTURE["sparse_feature_indices"])
    np.testing.assert_array_equal(batch.values, FIXTURE["sparse_feature_values"])
    np.testing.assert_array_equal(batch.dense_shape, FIXTURE["sparse_feature_shape"])
    assert single.indices.tolist() == [[0], [3]] and single.dense_shape.tolist() == [5]
