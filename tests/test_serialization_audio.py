"""tf.audio's WAV codec and tf.io's serialization ops against TensorFlow
(tests/fixtures/image_io/audio.npz, serialization.npz, stereo.wav; made by
tools/make_fixtures_image_io.py)."""
import gzip
import os
import zlib

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.train import Example

HERE = os.path.join(os.path.dirname(__file__), "fixtures", "image_io")
AUDIO = np.load(os.path.join(HERE, "audio.npz"))
SERIAL = np.load(os.path.join(HERE, "serialization.npz"))


def strings(key):
    """A fixture's array of strings (stored as its shape and each item's bytes)."""
    shape = tuple(SERIAL[key + ".shape"])
    items = [SERIAL["%s.%d" % (key, i)].tobytes() for i in range(int(np.prod(shape)))]
    return np.array(items, dtype=object).reshape(shape)


def run(fetches, feed_dict=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed_dict)


def test_wav_encodes_byte_for_byte_and_decodes_as_tensorflow():
    with open(os.path.join(HERE, "stereo.wav"), "rb") as f:
        wav = f.read()
    with tf.Graph().as_default():
        assert run(tf.audio.encode_wav(AUDIO["audio_in"], 16000)) == wav
        for key, kwargs in (("wav", {}),
                            ("wav_mono_40", {"desired_channels": 1, "desired_samples": 40}),
                            ("wav_padded", {"desired_samples": 60})):
            decoded = tf.audio.decode_wav(wav, **kwargs)
            audio, rate = run(decoded)
            np.testing.assert_array_equal(audio, AUDIO[key])
            assert audio.dtype == np.float32 and rate == AUDIO[key + "_rate"]
        assert decoded.audio.shape.as_list() == [60, None]


def test_wav_errors():
    with tf.Graph().as_default():
        with pytest.raises(tf.errors.InvalidArgumentError, match="Bad WAV data"):
            run(tf.audio.decode_wav(b"RIFF-not-a-wav"))
        with pytest.raises(ValueError, match="2-dimensional"):
            tf.audio.encode_wav([0.5, 0.25], 8000)


@pytest.mark.parametrize("key", ["f32", "i64", "u8", "scalar_f64", "bool", "i32_empty", "str"])
def test_serialize_tensor_is_tensorflows_bytes(key):
    value = strings("tensor_str") if key == "str" else SERIAL["tensor_" + key]
    serialized = SERIAL["serialized_" + key].tobytes()
    dtype = tf.string if key == "str" else tf.as_dtype(value.dtype)
    with tf.Graph().as_default():
        mine, parsed = run([tf.io.serialize_tensor(tf.constant(value, dtype)),
                            tf.io.parse_tensor(serialized, dtype)])
    assert mine == serialized
    assert parsed.dtype == value.dtype and parsed.shape == value.shape
    np.testing.assert_array_equal(parsed, value)


def test_parse_tensor_reads_typed_value_fields_and_checks_the_dtype():
    # dtype int32, shape [3], int_val [5, -1] packed: the last value fills the shape, as TF
    proto = b"\x08\x03\x12\x04\x12\x02\x08\x03\x3a\x0b\x05" + bytes(
        [0xff] * 9) + b"\x01"
    with tf.Graph().as_default():
        assert run(tf.parse_tensor(proto, tf.int32)).tolist() == [5, -1, -1]
        with pytest.raises(tf.errors.InvalidArgumentError, match="Type mismatch"):
            run(tf.io.parse_tensor(SERIAL["serialized_f32"].tobytes(), tf.int32))
        with pytest.raises(tf.errors.InvalidArgumentError, match="as TensorProto"):
            run(tf.io.parse_tensor(b"\x0a", tf.int32))


def test_sparse_serialization_matches_tensorflow():
    with tf.Graph().as_default():
        sparse = tf.SparseTensor([[0, 1], [2, 0], [2, 3]], [1.5, -2.0, 3.0], [3, 4])
        one, many = run([tf.io.serialize_sparse(sparse), tf.serialize_many_sparse(sparse)])
        back = run(tf.io.deserialize_many_sparse(strings("sparse_many"), tf.float32))
    np.testing.assert_array_equal(one, strings("sparse_one"))
    np.testing.assert_array_equal(many, strings("sparse_many"))
    np.testing.assert_array_equal(back.indices, SERIAL["sparse_back_indices"])
    np.testing.assert_array_equal(back.values, SERIAL["sparse_back_values"])
    np.testing.assert_array_equal(back.dense_shape, SERIAL["sparse_back_shape"])


def test_deserialize_many_sparse_takes_the_largest_shape():
    with tf.Graph().as_default():
        rows = tf.stack([tf.io.serialize_sparse(tf.SparseTensor([[1]], [7], [2])),
                         tf.io.serialize_sparse(tf.SparseTensor([[4]], [8], [5]))])
        back = tf.deserialize_many_sparse(rows, tf.int32, rank=2)
        assert back.indices.shape.as_list() == [None, 2]
        value = run(back)
    assert value.indices.tolist() == [[0, 1], [1, 4]]
    assert value.values.tolist() == [7, 8] and value.dense_shape.tolist() == [2, 5]


def test_decode_compressed():
    with tf.Graph().as_default():
        assert run(tf.io.decode_compressed([zlib.compress(b"hello " * 5)], "ZLIB")).tolist() \
            == [strings("zlib_text")[0]]
        assert run(tf.decode_compressed(gzip.compress(b"abc"), "GZIP")) == b"abc"
        assert run(tf.io.decode_compressed(b"plain")) == b"plain"
        with pytest.raises(tf.errors.InvalidArgumentError, match="Corrupted ZLIB"):
            run(tf.io.decode_compressed(b"plain", "ZLIB"))
        with pytest.raises(ValueError, match="compression_type"):
            tf.io.decode_compressed(b"", "BZIP2")


def test_decode_json_example_matches_tensorflow():
    text = ('{"features": {"feature": {"a": {"int64List": {"value": ["1", "-2"]}}, '
            '"b": {"floatList": {"value": [0.5]}}, "c": {"bytesList": {"value": ["aGk="]}}}}}')
    with tf.Graph().as_default():
        binary = run(tf.io.decode_json_example(text))
        parsed = run(tf.parse_single_example(tf.decode_json_example([text])[0], {
            "a": tf.io.FixedLenFeature([2], tf.int64), "c": tf.io.FixedLenFeature([], tf.string)}))
        with pytest.raises(tf.errors.InvalidArgumentError, match="parsing JSON"):
            run(tf.io.decode_json_example("{not json"))
    assert Example.FromString(binary) == Example.FromString(SERIAL["json_example"].tobytes())
    assert parsed["a"].tolist() == [1, -2] and parsed["c"] == b"hi"
