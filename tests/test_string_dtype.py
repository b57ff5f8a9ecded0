"""The tf.string dtype end to end: constants, placeholders and feeds, fetched bytes, the generic
array ops on strings, host placement with a device, and misuse errors."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine import backend
from autograd_engine.testing import cupy_standin


def test_constant_fetches_bytes_as_tf1():
    with tf.Session() as sess:
        assert sess.run(tf.constant("Hello")) == b"Hello"
        value = sess.run(tf.constant([["a", b"bb"], ["\u00e9", "d\x00"]]))
    assert value.dtype == object and value.shape == (2, 2)
    assert value.tolist() == [[b"a", b"bb"], ["\u00e9".encode("utf-8"), b"d\x00"]]


def test_dtype_identity_and_inference():
    assert tf.constant("x").dtype == tf.string
    assert tf.as_dtype("string") is tf.string and tf.as_dtype(np.object_) is tf.string
    assert tf.as_dtype(np.dtype("S3")) is tf.string and tf.as_dtype(bytes) is tf.string
    assert tf.string != tf.float32 and tf.string.name == "string"
    with pytest.raises(TypeError, match="Expected string, got 1 of type 'int'"):
        tf.constant(["a", 1], dtype=tf.string)
    with pytest.raises(TypeError, match="Expected float32"):
        tf.constant("a", dtype=tf.float32)


def test_placeholder_feed_and_generic_ops():
    names = tf.placeholder(tf.string, [None], name="names")
    table = tf.constant([["a", "b"], ["c", "d"]])
    fetches = {"identity": tf.identity(names), "gather": tf.gather(names, [1, 0, 1]),
               "reshape": tf.reshape(table, [-1]), "concat": tf.concat([names, names], 0),
               "stack": tf.stack([names, names], axis=1), "equal": tf.equal(names, "y"),
               "not_equal": tf.not_equal(names, "y")}
    with tf.Session() as sess:
        out = sess.run(fetches, {names: ["x", b"y"]})
    assert out["identity"].tolist() == [b"x", b"y"]
    assert out["gather"].tolist() == [b"y", b"x", b"y"]
    assert out["reshape"].tolist() == [b"a", b"b", b"c", b"d"]
    assert out["concat"].tolist() == [b"x", b"y", b"x", b"y"]
    assert out["stack"].tolist() == [[b"x", b"x"], [b"y", b"y"]]
    assert out["equal"].tolist() == [False, True] and out["not_equal"].tolist() == [True, False]


def test_string_feed_to_float_placeholder_names_it():
    x = tf.placeholder(tf.float32, [None], name="features")
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="Cannot feed strings .* Tensor 'features:0' of "
                                             "dtype float32"):
            sess.run(x * 2.0, {x: ["1.5"]})


def test_number_feed_to_string_placeholder_names_it():
    s = tf.placeholder(tf.string, [], name="line")
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="Tensor 'line:0' of dtype string: Expected string, "
                                            "got 1.5 of type 'float'"):
            sess.run(tf.identity(s), {s: 1.5})
        with pytest.raises(ValueError, match="Cannot feed value of shape"):
            sess.run(tf.identity(s), {s: ["a"]})


def test_strings_stay_on_the_host_with_a_device():
    with backend.using_device(cupy_standin.device_backend()):
        words = tf.placeholder(tf.string, [None])
        flag = tf.placeholder(tf.float32, [])
        picked = tf.cond(flag > 0, lambda: tf.gather(words, [0]), lambda: words[1:])
        with tf.device("/gpu:0"):
            doubled = tf.concat([picked, picked], 0)
        with tf.Session() as sess:
            out = sess.run([doubled, flag * 2.0], {words: ["a", "b"], flag: -1.0})
    assert out[0].tolist() == [b"b", b"b"] and out[1] == -2.0


def test_meta_graph_round_trip_keeps_bytes():
    tf.constant([["a", "\x00"]], name="table")
    tf.constant(b"\xff", name="raw")
    saved = tf.train.export_meta_graph()
    tf.reset_default_graph()
    tf.train.import_meta_graph(saved)
    with tf.Session() as sess:
        table, raw = sess.run(["table:0", "raw:0"])
    assert table.tolist() == [[b"a", b"\x00"]] and raw == b"\xff"


def test_scalar_strings_keep_their_bytes_through_generic_ops():
    value = tf.placeholder(tf.string, [])
    const = tf.constant("a\x00")
    fetches = [tf.reshape(value, [1]), tf.stack([value, const]), tf.fill([2], value),
               tf.reshape(value + const, [1]), tf.zeros([2], tf.string),
               tf.zeros_like(tf.stack([value]))]
    with tf.Session() as sess:
        out = sess.run(fetches, {value: b"q\x00"})
    assert [v.tolist() for v in out] == [[b"q\x00"], [b"q\x00", b"a\x00"],
                                         [b"q\x00", b"q\x00"], [b"q\x00a\x00"], [b"", b""],
                                         [b""]]
    assert all(v.dtype == object for v in out)


def test_math_on_strings_is_refused_while_building():
    words = tf.constant(["1.5"])
    with pytest.raises(TypeError, match="Cast string to float32 is not supported"):
        tf.cast(words, tf.float32)
    with pytest.raises(TypeError, match="Value for attr 'T' of string is not in the list"):
        tf.reduce_sum(words)
    with pytest.raises(TypeError, match="Value for attr 'T' of string"):
        words * words
    with pytest.raises(TypeError, match="Value for attr 'T' of string"):
        tf.exp(words)


def test_saving_a_string_variable_is_a_clear_error(tmp_path):
    tf.Variable(["a"], name="words")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.UnimplementedError, match="Cannot save words"):
            saver.save(sess, str(tmp_path / "model"))


def test_compat_bytes_and_text():
    assert tf.compat.as_bytes("caf\u00e9") == b"caf\xc3\xa9"
    assert tf.compat.as_text(b"caf\xc3\xa9") == "caf\u00e9" == tf.compat.as_str("caf\u00e9")
    assert tf.compat.as_str_any(3) == "3"
    with pytest.raises(TypeError, match="Expected binary or unicode string"):
        tf.compat.as_bytes(3)
