"""tf.lookup: TextFileInitializer / TextFileIndex, StaticVocabularyTable (ids and hashed OOV
buckets against TensorFlow's, tools/make_fixtures_api_tail.py), string-keyed StaticHashTable,
and tf.lookup.experimental's MutableHashTable / DenseHashTable."""
import json
import os

import numpy as np
import pytest

import autograd_engine as tf

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "api_tail")
VOCAB = os.path.join(FIXTURES, "vocab.txt")  # "emerson\t10", "lake\t20", "palmer\t30"
with open(os.path.join(FIXTURES, "vocabulary.json")) as f:
    EXPECTED = json.load(f)
LINE = tf.lookup.TextFileIndex.LINE_NUMBER


def test_vocabulary_tables_match_tensorflow():
    with tf.Graph().as_default():
        words = tf.lookup.StaticVocabularyTable(tf.lookup.TextFileInitializer(
            VOCAB, tf.string, 0, tf.int64, LINE, delimiter="\t"), num_oov_buckets=3)
        numbers = tf.lookup.StaticVocabularyTable(tf.lookup.TextFileInitializer(
            VOCAB, tf.int64, 1, tf.int64, LINE), 5)
        with tf.Session() as sess:
            sess.run(tf.tables_initializer())
            got = sess.run({
                "vocab_words": words.lookup(tf.constant(["lake", "king", "crimson", "emerson",
                                                         ""])),
                "vocab_numbers": numbers.lookup(tf.constant([30, 7, 10, -4], tf.int64)),
                "vocab_size": words.size()})
    assert {k: np.asarray(v).tolist() for k, v in got.items()} == EXPECTED


def test_text_file_initializer_columns_and_whole_lines(tmp_path):
    path = tmp_path / "pairs.txt"
    path.write_text("a b\n c d\n")
    with tf.Graph().as_default():
        whole = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
            VOCAB, tf.string, tf.lookup.TextFileIndex.WHOLE_LINE, tf.int64, LINE,
            value_index_offset=100), -1)
        columns = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
            VOCAB, tf.string, 0, tf.int64, 1, vocab_size=2), 0)
        spaced = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
            str(path), tf.string, 1, tf.string, 0, delimiter=" "), "?")
        with tf.Session() as sess:
            assert sess.run(whole.lookup(tf.constant(["lake\t20", "lake"]))).tolist() == \
                [101, -1]
            assert sess.run(columns.lookup(tf.constant(["lake", "palmer"]))).tolist() == [20, 0]
            assert sess.run(spaced.lookup(tf.constant([["b", "c"]]))).tolist() == \
                [[b"a", b""]]
            assert sess.run(columns.size()) == 2


def test_text_file_initializer_errors(tmp_path):
    duplicated = tmp_path / "dup.txt"
    duplicated.write_text("x\ny\nx\n")
    with pytest.raises(ValueError, match="Duplicate key"):
        tf.lookup.TextFileInitializer(str(duplicated), tf.string, -2, tf.int64, -1)
    with pytest.raises(ValueError, match="Invalid vocab_size"):
        tf.lookup.TextFileInitializer(VOCAB, tf.string, 0, tf.int64, -1, vocab_size=9)
    with pytest.raises(ValueError, match="Signature mismatch"):
        tf.lookup.TextFileInitializer(VOCAB, tf.string, 0, tf.int32, LINE)
    with pytest.raises(ValueError, match="not a valid int64"):
        tf.lookup.TextFileInitializer(VOCAB, tf.int64, 0, tf.int64, LINE)
    with pytest.raises(ValueError, match="has 2 fields"):
        tf.lookup.TextFileInitializer(VOCAB, tf.string, 4, tf.int64, LINE)
    with tf.Graph().as_default():
        init = tf.lookup.KeyValueTensorInitializer(["a"], [1], value_dtype=tf.int64)
        with pytest.raises(ValueError, match="oov_buckets must be > 0"):
            tf.lookup.StaticVocabularyTable(init, 0)
        with pytest.raises(TypeError, match="Invalid value dtype"):
            tf.lookup.StaticVocabularyTable(
                tf.lookup.KeyValueTensorInitializer(["a"], [1.0]), 1)


def test_mutable_hash_table_insert_remove_export_per_session():
    with tf.Graph().as_default():
        table = tf.lookup.experimental.MutableHashTable(tf.int64, tf.float32, [0.0, 0.0])
        keys = tf.placeholder(tf.int64, [None])
        values = tf.placeholder(tf.float32, [None, 2])
        insert = table.insert(keys, values)
        found = table.lookup(tf.constant([[1, 5], [2, 1]], tf.int64))
        assert found.shape.as_list() == [2, 2, 2]
        remove = table.remove(tf.constant([1, 9], tf.int64))
        exported = table.export()
        with tf.Session() as sess, tf.Session() as other:
            sess.run(insert, {keys: [1, 2], values: [[1, 2], [3, 4]]})
            assert sess.run(found).tolist() == [[[1, 2], [0, 0]], [[3, 4], [1, 2]]]
            assert other.run(table.size()) == 0  # each Session has its own table
            sess.run(remove)
            k, v = sess.run(exported)
            assert k.tolist() == [2] and v.tolist() == [[3, 4]]
            with pytest.raises(tf.errors.InvalidArgumentError, match="Expected shape"):
                sess.run(insert, {keys: [1], values: [[1, 2], [3, 4]]})


def test_dense_hash_table_refuses_its_reserved_keys():
    with tf.Graph().as_default():
        table = tf.lookup.experimental.DenseHashTable(tf.string, tf.int64, -1, empty_key="",
                                                      deleted_key="$")
        with tf.Session() as sess:
            sess.run(table.insert(["a"], tf.constant([7], tf.int64)))
            assert sess.run(table.lookup(tf.constant(["a", "b"]))).tolist() == [7, -1]
            with pytest.raises(tf.errors.InvalidArgumentError, match="empty_key"):
                sess.run(table.insert([""], tf.constant([1], tf.int64)))
            with pytest.raises(tf.errors.InvalidArgumentError, match="deleted_key"):
                sess.run(table.remove(["$"]))
    with pytest.raises(ValueError, match="cannot be the same"):
        tf.lookup.experimental.DenseHashTable(tf.int64, tf.int64, 0, -1, -1)
