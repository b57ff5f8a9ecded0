"""TensorFlow's parse of ``tf.io.RaggedFeature`` specs (no partitions, and nested RowLengths
partitions; batched and single examples) into tests/fixtures/ragged_feature/cases.json: the
serialized Examples (base64), the specs in words, and TF's values as nested lists.

Run with the TensorFlow venv: /work/tfvenv/bin/python tools/make_fixtures_ragged_feature.py
"""
import base64
import json
import os

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "ragged_feature")

EXAMPLES = [
    {"ids": [3, 1, 4], "words": [b"a", b"bc"], "vals": [1.5, 2.0, 3.0, 4.0, 5.0],
     "outer": [2, 1], "inner": [1, 3, 1], "splits": [0, 1, 4, 5], "limits": [1, 4, 5],
     "starts": [0, 1, 4], "outer_starts": [0, 2], "ids_of_rows": [0, 0, 2, 3, 3],
     "pair_counts": [4, 1]},
    {"ids": [], "words": [], "vals": [], "outer": [], "inner": [], "splits": [0],
     "limits": [], "starts": [], "outer_starts": [], "ids_of_rows": [],
     "pair_counts": []},
    {"ids": [5], "words": [b"d"], "vals": [6.0, 7.0], "outer": [1, 0, 1], "inner": [2, 0],
     "splits": [0, 2, 2], "limits": [2, 2], "starts": [0, 2],
     "outer_starts": [0, 1, 2], "ids_of_rows": [1, 1],
     "pair_counts": [2, 0]},
]
# name: (value key, dtype name, [(partition kind, key)], row_splits dtype name)
SPECS = {"ids": (None, "int64", [], "int32"), "words": (None, "string", [], "int64"),
         "nested": ("vals", "float32", [("RowLengths", "outer"), ("RowLengths", "inner")],
                    "int32"),
         "rows": ("vals", "float32", [("RowLengths", "inner")], "int32"),
         "by_splits": ("vals", "float32", [("RowLengths", "outer"), ("RowSplits", "splits")],
                       "int32"),
         "by_limits": ("vals", "float32", [("RowLimits", "limits")], "int32"),
         "by_starts": ("vals", "float32", [("RowLengths", "outer"), ("RowStarts", "starts")],
                       "int32"),
         "starts_outside": ("vals", "float32", [("RowStarts", "outer_starts"),
                                                 ("RowLengths", "inner")], "int32"),
         "by_row_ids": ("vals", "float32", [("ValueRowIds", "ids_of_rows")], "int32"),
         "pairs_in_rows": ("vals", "float32", [("RowLengths", "pair_counts"),
                                                ("UniformRowLength", 1)], "int32")}


def encode(example):
    def feature(values):
        if values and isinstance(values[0], bytes):
            return tf.train.Feature(bytes_list=tf.train.BytesList(value=values))
        if values and isinstance(values[0], float):
            return tf.train.Feature(float_list=tf.train.FloatList(value=values))
        return tf.train.Feature(int64_list=tf.train.Int64List(value=values))
    kinds = {"words": tf.train.Feature(bytes_list=tf.train.BytesList(value=[])),
             "vals": tf.train.Feature(float_list=tf.train.FloatList(value=[]))}
    return tf.train.Example(features=tf.train.Features(feature={
        key: feature(values) if values else kinds.get(key, feature(values))
        for key, values in example.items()})).SerializeToString()


def spec_of(description):
    value_key, dtype, partitions, splits = description
    return tf.io.RaggedFeature(getattr(tf, dtype), value_key=value_key,
                               partitions=[getattr(tf.io.RaggedFeature, kind)(key)
                                           for kind, key in partitions],
                               row_splits_dtype=getattr(tf, splits))


def plain(value):
    value = value.to_list() if hasattr(value, "to_list") else value.tolist()

    def walk(v):
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v.decode() if isinstance(v, bytes) else v
    return walk(value)


def main():
    serialized = [encode(e) for e in EXAMPLES]
    specs = {name: spec_of(d) for name, d in SPECS.items()}
    with tf.Graph().as_default(), tf.Session() as sess:
        batch = tf.io.parse_example(serialized, specs)
        single = tf.io.parse_single_example(serialized[0], specs)
        batch_values, single_values = sess.run([batch, single])
        splits_dtypes = {name: batch[name].row_splits.dtype.name for name in specs}
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump({"serialized": [base64.b64encode(s).decode() for s in serialized],
                   "specs": SPECS, "splits_dtypes": splits_dtypes,
                   "batch": {k: plain(v) for k, v in batch_values.items()},
                   "single": {k: plain(v) for k, v in single_values.items()}}, f, indent=1)


if __name__ == "__main__":
    main()
