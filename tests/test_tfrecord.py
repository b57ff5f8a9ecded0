"""TFRecord files and Example protos against files and answers made by real TensorFlow
(tests/fixtures/tfrecord, from tools/make_fixtures_tfrecord.py): reading TF's files (plain,
GZIP, ZLIB), writing byte-identical ones, Example serialization, parse_example and
parse_single_example, TFRecordDataset, and damaged files."""
import json
import os
import runpy

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.ops.tf_record import crc32c

FOLDER = os.path.join(os.path.dirname(__file__), "fixtures", "tfrecord")
with open(os.path.join(FOLDER, "expected.json")) as _f:
    EXPECTED = json.load(_f)
RECORDS = [bytes.fromhex(h) for h in EXPECTED["records"]]
FILES = [("examples.tfrecord", None), ("examples.tfrecord.gz", "GZIP"),
         ("examples.tfrecord.zlib", "ZLIB")]


def _decode(encoded):
    if encoded["dtype"] == "string":
        return tf.string, [bytes.fromhex(v) for v in encoded["values"]], encoded["shape"]
    return encoded["dtype"], encoded["values"], encoded["shape"]


def _assert_matches(value, encoded):
    dtype, values, shape = _decode(encoded)
    value = np.asarray(value, dtype=object) if isinstance(value, bytes) else np.asarray(value)
    assert list(value.shape) == shape
    if dtype is tf.string:
        assert value.dtype == object and value.reshape(-1).tolist() == values
        assert all(type(v) is bytes for v in value.reshape(-1))
    else:
        assert value.dtype == np.dtype(dtype)
        np.testing.assert_array_equal(value.reshape(-1), np.array(values, dtype=dtype))


def _example(i):
    """The Examples tools/make_fixtures_tfrecord.py wrote, built with our classes."""
    f = tf.train
    feature = {
        "id": f.Feature(int64_list=f.Int64List(value=[i * 1000 - 3])),
        "point": f.Feature(float_list=f.FloatList(value=[i + 0.5, -i / 3.0])),
        "name": f.Feature(bytes_list=f.BytesList(value=[b"item-%d" % i])),
        "tags": f.Feature(bytes_list=f.BytesList(value=[b"t%d" % k for k in range(i % 3)])),
        "scores": f.Feature(float_list=f.FloatList(value=[0.25 * k for k in range(i)])),
    }
    if i % 2:
        feature["weight"] = f.Feature(float_list=f.FloatList(value=[2.0 * i]))
    return f.Example(features=f.Features(feature=feature))


@pytest.mark.parametrize("name,compression", FILES)
def test_reads_tensorflows_files(name, compression):
    options = tf.python_io.TFRecordOptions(compression) if compression else None
    assert list(tf.python_io.tf_record_iterator(os.path.join(FOLDER, name), options)) == RECORDS


@pytest.mark.parametrize("name,compression", FILES)
def test_writes_files_byte_identical_to_tensorflows(name, compression, tmp_path):
    path = str(tmp_path / name)
    with tf.python_io.TFRecordWriter(path, compression) as writer:
        for record in RECORDS:
            writer.write(record)
    with open(path, "rb") as ours, open(os.path.join(FOLDER, name), "rb") as theirs:
        assert ours.read() == theirs.read()


def test_raw_records_and_compression_type_names(tmp_path):
    raw = [bytes.fromhex(h) for h in EXPECTED["raw_records"]]
    assert list(tf.io.tf_record_iterator(os.path.join(FOLDER, "raw.tfrecord"))) == raw
    assert tf.python_io.TFRecordOptions.get_compression_type_string(
        tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.ZLIB)) == "ZLIB"
    with pytest.raises(ValueError, match="Unsupported compression type"):
        tf.io.TFRecordWriter(str(tmp_path / "x"), "LZ4")


def test_example_protos_serialize_as_tensorflow():
    for i, record in enumerate(RECORDS):
        parsed = tf.train.Example.FromString(record)
        assert parsed == _example(i)
        deterministic = bytes.fromhex(EXPECTED["deterministic_records"][i])
        assert _example(i).SerializeToString(deterministic=True) == deterministic
    example = tf.train.Example()
    example.ParseFromString(RECORDS[1])
    assert list(example.features.feature["point"].float_list.value) == [1.5, -1 / 3.0] or \
        np.allclose(example.features.feature["point"].float_list.value, [1.5, -1 / 3.0])
    assert example.features.feature["id"].int64_list.value == [997]
    single = tf.train.Example(features=tf.train.Features(feature={
        "x": tf.train.Feature(int64_list=tf.train.Int64List(value=[1, 300]))}))
    assert single.SerializeToString() == bytes.fromhex("0a0e0a0c0a017812071a050a0301ac02")
    sequence = tf.train.SequenceExample()
    sequence.feature_lists.feature_list["words"].feature.add().bytes_list.value.append(b"hi")
    assert tf.train.SequenceExample.FromString(sequence.SerializeToString()) == sequence


def _spec():
    return {"id": tf.FixedLenFeature([], tf.int64),
            "point": tf.FixedLenFeature([2], tf.float32),
            "name": tf.io.FixedLenFeature([], tf.string),
            "weight": tf.FixedLenFeature([1], tf.float32, default_value=[-1.0]),
            "tags": tf.VarLenFeature(tf.string),
            "scores": tf.io.FixedLenSequenceFeature([], tf.float32, allow_missing=True),
            "missing_var": tf.VarLenFeature(tf.int64)}


def _assert_parsed(parsed, expected):
    assert sorted(parsed) == sorted(expected)
    for key, want in expected.items():
        got = parsed[key]
        if "indices" in want:
            for part in ("indices", "values", "dense_shape"):
                _assert_matches(getattr(got, part), want[part])
        else:
            _assert_matches(got, want)


def test_parse_example_matches_tensorflow():
    records = tf.placeholder(tf.string, [None])
    parsed = tf.parse_example(records, _spec())
    assert parsed["point"].shape.as_list() == [None, 2]
    assert isinstance(parsed["tags"], tf.SparseTensor)
    with tf.Session() as sess:
        _assert_parsed(sess.run(parsed, {records: RECORDS}), EXPECTED["parse_example"])


def test_parse_single_example_matches_tensorflow():
    spec = {k: v for k, v in _spec().items() if k != "scores"}
    parsed = tf.io.parse_single_example(RECORDS[3], spec)
    assert parsed["point"].shape.as_list() == [2] and parsed["id"].shape.as_list() == []
    with tf.Session() as sess:
        _assert_parsed(sess.run(parsed), EXPECTED["parse_single_example_3"])


@pytest.mark.parametrize("case,spec", [
    ("missing_required", {"weight": tf.FixedLenFeature([1], tf.float32)}),
    ("wrong_type", {"id": tf.FixedLenFeature([], tf.float32)}),
    ("wrong_size", {"point": tf.FixedLenFeature([3], tf.float32)})])
def test_parse_errors_are_tensorflows(case, spec):
    error_class, message = EXPECTED["errors"][case]
    parsed = tf.parse_example(RECORDS, spec)
    with tf.Session() as sess:
        with pytest.raises(getattr(tf.errors, error_class)) as raised:
            sess.run(parsed)
    assert message.strip() in str(raised.value)


def test_parse_example_of_bytes_that_are_not_an_example():
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Could not parse example"):
            sess.run(tf.parse_example([b"\xff\xff"], {"x": tf.VarLenFeature(tf.int64)}))


@pytest.mark.parametrize("name,compression", FILES)
def test_tfrecord_dataset_reads_and_parses(name, compression):
    dataset = tf.data.TFRecordDataset([os.path.join(FOLDER, name)] * 2,
                                      compression_type=compression)
    dataset = dataset.map(lambda r: tf.parse_single_example(
        r, {"id": tf.FixedLenFeature([], tf.int64)})["id"]).batch(4)
    nxt = dataset.make_one_shot_iterator().get_next()
    got = []
    with tf.Session() as sess:
        with pytest.raises(tf.errors.OutOfRangeError):
            while True:
                got += sess.run(nxt).tolist()
    assert got == [-3, 997, 1997, 2997, 3997] * 2


def test_tfrecord_dataset_file_names_fed_at_initialization():
    names = tf.placeholder(tf.string, [None])
    iterator = tf.data.TFRecordDataset(names).make_initializable_iterator()
    nxt = iterator.get_next()
    assert nxt.dtype == tf.string and nxt.shape.as_list() == []
    with tf.Session() as sess:
        sess.run(iterator.initializer, {names: [os.path.join(FOLDER, "raw.tfrecord")]})
        assert sess.run(nxt) == b"" and sess.run(nxt) == b"a"


def test_damaged_records_are_data_loss(tmp_path):
    with open(os.path.join(FOLDER, "examples.tfrecord"), "rb") as f:
        data = bytearray(f.read())
    flipped = bytearray(data)
    flipped[20] ^= 0x01  # inside the first record's body: its CRC no longer matches
    truncated = data[:-3]
    for content, message in ((flipped, "corrupted record at 0"),
                             (truncated, "truncated record at")):
        path = tmp_path / "bad.tfrecord"
        path.write_bytes(bytes(content))
        with pytest.raises(tf.errors.DataLossError, match=message):
            list(tf.python_io.tf_record_iterator(str(path)))
    with pytest.raises(tf.errors.NotFoundError):
        list(tf.python_io.tf_record_iterator(str(tmp_path / "missing")))
    nxt = tf.data.TFRecordDataset(str(tmp_path / "bad.tfrecord")).make_one_shot_iterator()
    with tf.Session() as sess:
        records = nxt.get_next()
        for _ in range(len(RECORDS) - 1):
            sess.run(records)
        with pytest.raises(tf.errors.DataLossError):
            sess.run(records)


def test_round_trip_of_examples_through_a_gzip_file(tmp_path):
    path = str(tmp_path / "round.tfrecord.gz")
    options = tf.io.TFRecordOptions(tf.io.TFRecordCompressionType.GZIP)
    with tf.io.TFRecordWriter(path, options) as writer:
        for i in range(3):
            writer.write(_example(i).SerializeToString())
    parsed = [tf.train.Example.FromString(r) for r in tf.io.tf_record_iterator(path, options)]
    assert parsed == [_example(i) for i in range(3)]


def test_the_round_trip_example_runs():
    path = os.path.join(os.path.dirname(__file__), "..", "examples", "tfrecord_round_trip.py")
    rows = runpy.run_path(path)["main"](verbose=False)
    assert [(r["name"], r["label"], r["point"], r["tags"]) for r in rows] == [
        (b"alpha", 1, [0.0, 0.0], [b"x"]), (b"beta", 2, [1.0, 2.0], []),
        (b"gamma", 3, [2.0, 4.0], [b"y", b"z"])]


def test_crc32c_vectorized_path_agrees_with_the_byte_loop():
    """Data from 8 KiB on is checksummed in numpy lanes; pieces below that byte by byte, and
    crc32c(b, crc32c(a)) is crc32c(a + b)."""
    rng = np.random.default_rng(5)
    assert crc32c(b"123456789") == 0xE3069283  # the CRC-32C check value
    for size in (8192, 8193, 30001):
        data = rng.integers(0, 256, size, dtype=np.uint8).tobytes()
        chained = 0
        for start in range(0, size, 4000):
            chained = crc32c(data[start:start + 4000], chained)
        assert crc32c(data) == chained, size


def test_sequence_feature_pads_with_its_default_and_needs_allow_missing():
    f = tf.train

    def record(values):
        return f.Example(features=f.Features(feature={
            "p": f.Feature(float_list=f.FloatList(value=values))})).SerializeToString()
    spec = {"p": tf.FixedLenSequenceFeature([2], tf.float32, allow_missing=True,
                                           default_value=-1.0)}
    with tf.Session() as sess:
        padded = sess.run(tf.parse_example([record([1, 2, 3, 4]), record([5, 6])], spec)["p"])
    assert padded.tolist() == [[[1, 2], [3, 4]], [[5, 6], [-1, -1]]]
    with pytest.raises(ValueError, match="requires allow_missing to be True"):
        tf.parse_example([record([1])], {"p": tf.FixedLenSequenceFeature([], tf.float32)})


def test_text_line_dataset_reads_lines_without_endings(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_bytes(b"1,x\r\n2,y\n")
    second.write_bytes(b"3,z")
    lines = tf.data.TextLineDataset([str(first), str(second)])
    ids, words = tf.decode_csv(lines.batch(3).make_one_shot_iterator().get_next(), [[0], [""]])
    with tf.Session() as sess:
        got_ids, got_words = sess.run([ids, words])
    assert got_ids.tolist() == [1, 2, 3] and got_words.tolist() == [b"x", b"y", b"z"]
