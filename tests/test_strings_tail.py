"""The tf.strings tail (unicode ops, bytes_split, format, ngrams, to_hash_bucket,
unsorted_segment_join) against TensorFlow's results (tools/make_fixtures_api_tail.py), and
their errors."""
import json
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.ops.ragged_tensor import RaggedTensor

with open(os.path.join(os.path.dirname(__file__), "fixtures", "api_tail", "strings.json")) as f:
    EXPECTED = json.load(f)
WORDS = ["héllo wörld", "a", "", "日本語"]


def _built():
    s = tf.strings
    return {
        "bytes_split": s.bytes_split(["ab", "", "xyz"]).to_sparse(),
        "format_1": s.format("x={} y={}", (tf.constant([1, 2, 3]), tf.constant(2.5))),
        "format_long": s.format("{}", tf.reshape(tf.range(20), [4, 5]), summarize=2),
        "format_all": s.format("[{}]", tf.range(12), summarize=-1),
        "format_custom": s.format("<<>>", tf.constant(["a", "b"]), placeholder="<<>>"),
        "format_3d": s.format("{}", tf.reshape(tf.range(8.0), [2, 2, 2])),
        "ngrams": s.ngrams(tf.constant([["a", "b", "c", "d"]]), 2),
        "ngrams_pad": s.ngrams(tf.constant(["a", "b", "c"]), 3, separator="_",
                               pad_values=("<s>", "</s>"), padding_width=1),
        "ngrams_multi": s.ngrams(tf.constant(["a", "b", "c"]), (1, 3)),
        "hash": s.to_hash_bucket(tf.constant(["hello", "", "日本"]), 100),
        "decode": s.unicode_decode(tf.constant(WORDS), "UTF-8").to_sparse(),
        "decode_offsets": s.unicode_decode_with_offsets(tf.constant(WORDS),
                                                        "UTF-8")[1].to_sparse(),
        "decode_replace": s.unicode_decode(tf.constant([b"a\xffb"]), "UTF-8").to_sparse(),
        "decode_ignore": s.unicode_decode(tf.constant([b"a\xffb"]), "UTF-8",
                                          errors="ignore").to_sparse(),
        "decode_utf16": s.unicode_decode(tf.constant(["hé".encode("utf-16-be")]),
                                         "UTF-16-BE").to_sparse(),
        "encode": s.unicode_encode(
            RaggedTensor.from_row_splits([104, 233, 26085], tf.constant([0, 2, 3, 3], tf.int64)),
            "UTF-8"),
        "encode_dense": s.unicode_encode(tf.constant([[97, 98], [99, 100]]), "UTF-16-BE"),
        "encode_replace": s.unicode_encode(tf.constant([[97, 0x110000]]), "UTF-8",
                                           replacement_char=63),
        "script": s.unicode_script(tf.constant([72, 1041, 26085, 48, 1575, 0x3042])),
        "split": s.unicode_split(tf.constant(WORDS), "UTF-8").to_sparse(),
        "split_offsets": s.unicode_split_with_offsets(tf.constant(WORDS),
                                                      "UTF-8")[1].to_sparse(),
        "transcode": s.unicode_transcode(tf.constant(WORDS), "UTF-8", "UTF-16-BE"),
        "transcode_bad": s.unicode_transcode(tf.constant([b"a\xffb"]), "UTF-8", "UTF-8"),
        "segment_join": s.unsorted_segment_join(tf.constant(["a", "b", "c", "d"]),
                                                tf.constant([1, 0, 1, 1]), 3, separator=":"),
        "segment_join_2d": s.unsorted_segment_join(
            tf.constant([["a", "b"], ["c", "d"], ["e", "f"]]), tf.constant([0, 0, 1]), 2),
    }


def _text(value):
    """The fixture's form: bytes as latin-1 text, arrays as nested lists."""
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, np.ndarray):
        return [_text(v) for v in value.tolist()] if value.dtype == object else value.tolist()
    if isinstance(value, list):
        return [_text(v) for v in value]
    return value.item() if isinstance(value, np.generic) else value


def test_string_ops_match_tensorflow():
    with tf.Graph().as_default():
        fetches = _built()
        assert fetches["ngrams"].shape.as_list() == [1, 3]
        assert fetches["segment_join_2d"].shape.as_list()[1:] == [2]
        got = tf.Session().run(fetches)
    assert sorted(got) == sorted(EXPECTED)
    for key, value in got.items():
        if hasattr(value, "indices"):
            value = {"indices": value.indices.tolist(), "values": _text(value.values),
                     "dense_shape": value.dense_shape.tolist()}
        else:
            value = _text(value)
        assert value == EXPECTED[key], key


def test_ragged_results_fetch_and_convert():
    with tf.Graph().as_default():
        points = tf.strings.unicode_decode(["hé", "", "abc"], "UTF-8")
        assert isinstance(points, RaggedTensor) and points.shape.as_list() == [3, None]
        single = tf.strings.unicode_decode("hé", "UTF-8")  # one string: a dense vector
        with tf.Session() as sess:
            value = sess.run(points)
            assert value.to_list() == [[104, 233], [], [97, 98, 99]]
            assert sess.run(points.to_tensor(-1)).tolist() == [[104, 233, -1], [-1, -1, -1],
                                                                [97, 98, 99]]
            assert sess.run(points.row_lengths()).tolist() == [2, 0, 3]
            assert sess.run(points.nrows()) == 3
            assert sess.run(single).tolist() == [104, 233]
            assert sess.run(tf.strings.unicode_encode(points, "UTF-8")).tolist() == \
                ["hé".encode(), b"", b"abc"]


def test_strict_errors_and_argument_checks():
    with tf.Graph().as_default():
        strict = tf.strings.unicode_decode([b"a\xff"], "UTF-8", errors="strict")
        with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid formatting"):
            tf.Session().run(strict.values)
        encode = tf.strings.unicode_encode(tf.constant([[0xD800]]), "UTF-8", errors="strict")
        with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid code point 55296"):
            tf.Session().run(encode)
        control = tf.strings.unicode_decode(["a\tb"], "UTF-8", replace_control_characters=True)
        assert tf.Session().run(control.values).tolist() == [97, 65533, 98]
        with pytest.raises(ValueError, match="errors must be one of"):
            tf.strings.unicode_decode(["a"], "UTF-8", errors="skip")
        with pytest.raises(ValueError, match="Unknown encoding"):
            tf.strings.unicode_decode(["a"], "NOT-AN-ENCODING")
        with pytest.raises(ValueError, match="output_encoding must be one of"):
            tf.strings.unicode_encode([[97]], "latin-1")
        with pytest.raises(ValueError, match="reshape the input to a vector"):
            tf.strings.unicode_decode([["a"]], "UTF-8")
        with pytest.raises(ValueError, match="placeholder"):
            tf.strings.format("{} {}", tf.constant(1))
        with pytest.raises(ValueError, match="padding_width must be greater than 0"):
            tf.strings.ngrams(["a"], 2, pad_values="x", padding_width=0)
        with pytest.raises(ValueError, match="pad_values must be provided"):
            tf.strings.ngrams(["a"], 2, padding_width=1)
        with pytest.raises(ValueError, match="rank>0"):
            tf.strings.ngrams("a", 2)
        bad_ids = tf.strings.unsorted_segment_join(["a", "b"], [0, 5], 2)
        with pytest.raises(tf.errors.InvalidArgumentError, match="out of range"):
            tf.Session().run(bad_ids)
        with pytest.raises(ValueError, match="num_buckets"):
            tf.strings.to_hash_bucket(["a"], 0)


def test_format_prints_like_tensorflow():
    with tf.Graph().as_default():
        texts = tf.Session().run([
            tf.strings.format("{} {} {}", (tf.constant([True, False]), tf.constant(100000.0),
                                           tf.constant([0.1, 1e-7, 123456789.0], tf.float64))),
            tf.strings.format("{}", tf.constant(['a"b\n'])),
            tf.strings.format("{}", tf.reshape(tf.range(30), [6, 5]), summarize=1)])
    # the first line was printed by TensorFlow 2.21 for the same inputs
    assert texts[0] == b"[1 0] 100000 [0.1 1e-07 123456789]"
    assert texts[1] == b'["a\\"b\\n"]'
    assert texts[2] == b"[[0 ... 4]\n ...\n [25 ... 29]]"


def test_ngrams_keeps_dense_shape_and_short_sequences():
    with tf.Graph().as_default():
        tokens = tf.placeholder(tf.string, [2, None])
        grams = tf.strings.ngrams(tokens, 2)
        short = tf.strings.ngrams(RaggedTensor.from_row_splits(tf.constant(["a", "b", "c"]),
                                               tf.constant([0, 1, 3], tf.int64)), 3,
                                  preserve_short_sequences=True)
        with tf.Session() as sess:
            out = sess.run(grams, {tokens: [["a", "b", "c"], ["d", "e", "f"]]})
            assert out.tolist() == [[b"a b", b"b c"], [b"d e", b"e f"]]
            assert sess.run(short).to_list() == [[b"a"], [b"b c"]]
