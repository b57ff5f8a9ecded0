"""Writes tests/fixtures/tfrecord/: TFRecord files of tf.train.Example records written by real
TensorFlow (plain, GZIP and ZLIB), a file of raw records, and expected.json with each record's
bytes (hex) and what ``tf.parse_example`` / ``parse_single_example`` /
``parse_single_sequence_example``-free specs give for them.

    /work/tfvenv/bin/python tools/make_fixtures_tfrecord.py
"""
import json
import os
import re

import numpy as np
import tensorflow as tf

v1 = tf.compat.v1
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "tfrecord")


def example(i):
    feature = {
        "id": tf.train.Feature(int64_list=tf.train.Int64List(value=[i * 1000 - 3])),
        "point": tf.train.Feature(float_list=tf.train.FloatList(value=[i + 0.5, -i / 3.0])),
        "name": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"item-%d" % i])),
        "tags": tf.train.Feature(bytes_list=tf.train.BytesList(
            value=[b"t%d" % k for k in range(i % 3)])),
        "scores": tf.train.Feature(float_list=tf.train.FloatList(
            value=[0.25 * k for k in range(i)])),
    }
    if i % 2:
        feature["weight"] = tf.train.Feature(float_list=tf.train.FloatList(value=[2.0 * i]))
    return tf.train.Example(features=tf.train.Features(feature=feature))


def encode(value):
    array = np.asarray(value)
    if array.dtype.kind in "OS":
        return {"dtype": "string", "shape": list(array.shape),
                "values": [bytes(v).hex() for v in array.reshape(-1)]}
    return {"dtype": array.dtype.name, "shape": list(array.shape),
            "values": array.reshape(-1).tolist()}


SPEC = {
    "id": v1.FixedLenFeature([], tf.int64),
    "point": v1.FixedLenFeature([2], tf.float32),
    "name": v1.FixedLenFeature([], tf.string),
    "weight": v1.FixedLenFeature([1], tf.float32, default_value=[-1.0]),
    "tags": v1.VarLenFeature(tf.string),
    "scores": v1.FixedLenSequenceFeature([], tf.float32, allow_missing=True),
    "missing_var": v1.VarLenFeature(tf.int64),
}


def parsed(result):
    out = {}
    for key, value in sorted(result.items()):
        if isinstance(value, tf.SparseTensor):
            out[key] = {"indices": encode(value.indices.numpy()),
                        "values": encode(value.values.numpy()),
                        "dense_shape": encode(value.dense_shape.numpy())}
        else:
            out[key] = encode(value.numpy())
    return out


def _message(error):
    """TF's message without the eager function wrapper's prefix and op suffix."""
    text = error.message.split("[Op:")[0].strip()
    return re.sub(r"^\{\{function_node [^}]*\}\}\s*", "", text)


def main():
    os.makedirs(OUT, exist_ok=True)
    examples = [example(i) for i in range(5)]
    records = [e.SerializeToString() for e in examples]
    for name, options in (("examples.tfrecord", None),
                          ("examples.tfrecord.gz", v1.python_io.TFRecordOptions(
                              v1.python_io.TFRecordCompressionType.GZIP)),
                          ("examples.tfrecord.zlib", v1.python_io.TFRecordOptions(
                              v1.python_io.TFRecordCompressionType.ZLIB))):
        with v1.python_io.TFRecordWriter(os.path.join(OUT, name), options) as writer:
            for record in records:
                writer.write(record)
    raw = [b"", b"a", bytes(range(256)) * 5]
    with v1.python_io.TFRecordWriter(os.path.join(OUT, "raw.tfrecord")) as writer:
        for record in raw:
            writer.write(record)
    batch = v1.io.parse_example(tf.constant(records), SPEC)
    single = v1.io.parse_single_example(tf.constant(records[3]),
                                        {k: v for k, v in SPEC.items() if k != "scores"})
    errors = {}
    try:
        v1.io.parse_example(tf.constant(records), {"weight": v1.FixedLenFeature([1],
                                                                                tf.float32)})
    except tf.errors.OpError as error:
        errors["missing_required"] = [type(error).__name__, _message(error)]
    try:
        v1.io.parse_example(tf.constant(records), {"id": v1.FixedLenFeature([], tf.float32)})
    except tf.errors.OpError as error:
        errors["wrong_type"] = [type(error).__name__, _message(error)]
    try:
        v1.io.parse_example(tf.constant(records), {"point": v1.FixedLenFeature([3],
                                                                               tf.float32)})
    except tf.errors.OpError as error:
        errors["wrong_size"] = [type(error).__name__, _message(error)]
    # a map's order on the wire is protobuf's (unspecified); deterministic=True sorts the keys
    deterministic = [e.SerializeToString(deterministic=True).hex() for e in examples]
    expected = {"tensorflow": tf.__version__, "records": [r.hex() for r in records],
                "deterministic_records": deterministic,
                "raw_records": [r.hex() for r in raw], "parse_example": parsed(batch),
                "parse_single_example_3": parsed(single), "errors": errors}
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=0, sort_keys=True)
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    main()
