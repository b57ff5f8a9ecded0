"""Fixtures for issue 20's framework tail (tf.print formatting, saturate_cast, bitcast,
make_tensor_proto, clip_by_average_norm, realdiv, histogram_fixed_width_bins,
required_space_to_batch_paddings), computed with TensorFlow.

    PYTHONPATH=/tmp/i20a_tfkeras TF_USE_LEGACY_KERAS=1 \
        /work/tfvenv/bin/python tools/make_fixtures_framework_tail.py

(tf.compat.v1.keras is the tf-keras package from TF 2.16 on: ``pip install --target DIR
--no-deps tf-keras==<TF version>``.)

writes tests/fixtures/framework_tail/values.json.
"""
import json
import os
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "framework_tail")

PRINT_CASES = {
    "scalar_int": lambda: [tf.constant(7)],
    "floats": lambda: [tf.constant([1.5, 2.0, -0.25, 1.0 / 3.0])],
    "long_vector": lambda: [tf.range(10)],
    "matrix": lambda: [tf.reshape(tf.range(6), [2, 3])],
    "big_matrix": lambda: [tf.reshape(tf.range(40), [5, 8])],
    "cube": lambda: [tf.reshape(tf.range(8.0), [2, 2, 2])],
    "bools": lambda: [tf.constant([True, False])],
    "strings": lambda: [tf.constant(["ab", "c"])],
    "string_scalar": lambda: [tf.constant("hello")],
    "mixed": lambda: ["loss:", tf.constant(0.5), "step", 3],
    "empty": lambda: [tf.zeros([0])],
    "float64": lambda: [tf.constant([1e-8, 123456789.0, 2.5], tf.float64)],
    "nested": lambda: [{"a": tf.constant([1, 2]), "b": [tf.constant(1.5), "txt"]}],
}
PRINT_OPTIONS = {"summarize_1": dict(summarize=1), "summarize_all": dict(summarize=-1),
                 "sep_end": dict(sep=", ", end="!\n")}


def printed(make, **kwargs):
    with tf.Graph().as_default(), tf.Session() as sess:
        path = os.path.join(tempfile.mkdtemp(), "out.txt")
        op = tf.print(*make(), output_stream="file://" + path, **kwargs)
        sess.run(op)
        with open(path) as f:
            return f.read()


def run(fn):
    with tf.Graph().as_default(), tf.Session() as sess:
        return sess.run(fn())


CARDINALITY_CASES = {
    "batch": lambda: tf.data.Dataset.range(10).batch(4),
    "repeat_forever": lambda: tf.data.Dataset.range(3).repeat(),
    "filter": lambda: tf.data.Dataset.range(10).filter(lambda x: x > 3),
    "skip_take": lambda: tf.data.Dataset.range(10).skip(3).take(4),
    "shard": lambda: tf.data.Dataset.range(10).shard(3, 1),
    "slices_drop_remainder": lambda: tf.data.Dataset.from_tensor_slices(
        np.zeros([7, 2])).batch(2, drop_remainder=True),
    "empty_repeat": lambda: tf.data.Dataset.range(0).repeat(),
    "repeat_skip": lambda: tf.data.Dataset.range(4).repeat(3).skip(2),
}


def elements(dataset):
    out = []
    with tf.Graph().as_default(), tf.Session() as sess:
        nxt = tf.data.make_one_shot_iterator(dataset()).get_next()
        try:
            while True:
                value = sess.run(nxt)
                out.append([np.asarray(v).tolist() for v in value] if isinstance(value, tuple)
                           else np.asarray(value).tolist())
        except tf.errors.OutOfRangeError:
            return out


def data_values():
    values = {"cardinality": {name: int(run(lambda m=make: tf.data.experimental.cardinality(m())))
                              for name, make in CARDINALITY_CASES.items()}}
    values["choose"] = elements(lambda: tf.data.experimental.choose_from_datasets(
        [tf.data.Dataset.range(3), tf.data.Dataset.range(100, 105)],
        tf.data.Dataset.from_tensor_slices(np.array([0, 1, 1, 0, 0, 0, 1], np.int64))))
    values["unbatch"] = elements(lambda: tf.data.Dataset.from_tensor_slices(
        (np.arange(12).reshape(2, 3, 2), np.arange(6).reshape(2, 3))).unbatch())
    path = os.path.join(tempfile.mkdtemp(), "records.bin")
    with open(path, "wb") as f:
        f.write(b"HEAD" + bytes(range(18)) + b"FT")
    values["fixed_length"] = [list(r) for r in elements(
        lambda: tf.data.FixedLengthRecordDataset(path, 6, header_bytes=4, footer_bytes=2))]
    return values


def partitioner_values():
    shapes = [[10, 4], [1000, 300], [7], [3, 5, 2]]
    makers = {
        "fixed_3": lambda: tf.fixed_size_partitioner(3),
        "fixed_4_axis1": lambda: tf.fixed_size_partitioner(4, axis=1),
        "axis_size_1k": lambda: tf.variable_axis_size_partitioner(1024),
        "axis_size_64_max2": lambda: tf.variable_axis_size_partitioner(64, max_shards=2),
        "min_max_8": lambda: tf.min_max_variable_partitioner(8, min_slice_size=1024),
        "min_max_default": lambda: tf.min_max_variable_partitioner(4),
    }
    values = {}
    for name, make in makers.items():
        for shape in shapes:
            for dtype in (tf.float32, tf.string):
                key = "%s %s %s" % (name, shape, dtype.name)
                try:
                    values[key] = make()(shape=tf.TensorShape(shape), dtype=dtype)
                except (ValueError, IndexError) as e:
                    values[key] = "error: %s" % type(e).__name__
    with tf.Graph().as_default(), tf.Session() as sess:
        init = np.arange(40, dtype=np.float32).reshape(10, 4)
        parts = tf.create_partitioned_variables([10, 4], [3, 1], init, name="emb")
        sess.run(tf.global_variables_initializer())
        values["created"] = [[v.name, v.shape.as_list(), sess.run(v).tolist()] for v in parts]
    return values


def keras_values():
    keras = tf.keras
    w = np.array([[3.0, -0.5, 0.0], [4.0, 2.0, -1.0]], np.float32)
    constraints = {
        "max_norm": keras.constraints.MaxNorm(2.0, axis=0),
        "max_norm_axis1": keras.constraints.MaxNorm(1.5, axis=1),
        "min_max_norm": keras.constraints.MinMaxNorm(1.0, 3.0, rate=0.5, axis=0),
        "non_neg": keras.constraints.NonNeg(),
        "unit_norm": keras.constraints.UnitNorm(axis=1),
    }
    values = {"w": w.tolist(), "constraints": {name: run(lambda c=c: c(tf.constant(w))).tolist()
                                               for name, c in constraints.items()}}
    regularizers = {"l1": keras.regularizers.l1(0.1), "l2": keras.regularizers.l2(),
                    "l1_l2": keras.regularizers.l1_l2(l1=0.3, l2=0.2)}
    values["regularizers"] = {name: float(run(lambda r=r: r(tf.constant(w))))
                              for name, r in regularizers.items()}
    sequences = [[1, 2, 3, 4], [5], [], [6, 7]]
    pad = keras.preprocessing.sequence.pad_sequences
    values["pad_sequences"] = {
        "default": pad(sequences).tolist(),
        "post_3": pad(sequences, maxlen=3, padding="post", truncating="post").tolist(),
        "pre_2_value": pad(sequences, maxlen=2, value=-1).tolist(),
        "float": pad([[0.5, 1.5], [2.5]], dtype="float32").tolist(),
    }
    values["text_to_word_sequence"] = keras.preprocessing.text.text_to_word_sequence(
        "The quick, brown fox -- jumped!\tOver: THE dog?")
    return values


def main():
    result = {"print": {name: printed(make) for name, make in PRINT_CASES.items()}}
    for name, options in PRINT_OPTIONS.items():
        result["print"][name] = printed(PRINT_CASES["big_matrix"], **options)
    floats = [-1e10, -300.7, -1.5, 0.0, 1.5, 200.4, 255.9, 70000.0, 1e10]
    result["saturate_cast"] = {
        dtype: run(lambda d=dtype: tf.saturate_cast(tf.constant(floats, tf.float32), d)).tolist()
        for dtype in ("uint8", "int8", "int16", "uint16", "int32")}
    result["saturate_int"] = run(lambda: tf.saturate_cast(
        tf.constant([-5, 300, 100], tf.int32), tf.uint8)).tolist()
    result["bitcast_f32_i32"] = run(lambda: tf.bitcast(
        tf.constant([1.0, -2.5], tf.float32), tf.int32)).tolist()
    result["bitcast_i32_u8"] = run(lambda: tf.bitcast(
        tf.constant([1, 258], tf.int32), tf.uint8)).tolist()
    result["bitcast_u8_i16"] = run(lambda: tf.bitcast(
        tf.constant([[1, 2], [3, 4]], tf.uint8), tf.int16)).tolist()
    x = np.arange(12, dtype=np.float32).reshape(3, 4) - 5
    result["clip_by_average_norm"] = run(lambda: tf.clip_by_average_norm(x, 0.5)).tolist()
    result["realdiv"] = run(lambda: tf.realdiv([7.0, -7.0], [2.0, 2.0])).tolist()
    result["histogram_fixed_width_bins"] = run(lambda: tf.histogram_fixed_width_bins(
        [-1.0, 0.0, 1.5, 2.0, 5.0, 15.0], [0.0, 5.0], nbins=5)).tolist()
    result["required_space_to_batch_paddings"] = [
        a.tolist() for a in run(lambda: tf.required_space_to_batch_paddings(
            [5, 7], [2, 3], base_paddings=[[1, 0], [0, 2]]))]
    proto = tf.make_tensor_proto(np.array([[1.5, 2.5]], np.float32))
    result["tensor_proto_f32"] = proto.SerializeToString().hex()
    result["tensor_proto_int_list"] = tf.make_tensor_proto([1, 2, 3]).SerializeToString().hex()
    result["tensor_proto_shape"] = tf.make_tensor_proto(
        7.0, shape=[2, 2]).SerializeToString().hex()
    result["tensor_proto_string"] = tf.make_tensor_proto(
        [b"a", b"bc"]).SerializeToString().hex()
    words = [b"", b"a", b"hello", b"World", b"exactly8", b"nine char", b"0123456789abcdefX",
             "caf\u00e9".encode()]
    result["hash_bucket_words"] = [w.decode("latin-1") for w in words]
    result["string_to_hash_bucket"] = run(
        lambda: tf.string_to_hash_bucket(tf.constant(words), 2**31 - 1)).tolist()
    result["fingerprint_int32"] = run(lambda: tf.fingerprint(
        tf.constant([[1, 2], [3, -4]], tf.int32))).tolist()
    result["fingerprint_float64"] = run(lambda: tf.fingerprint(
        tf.constant([1.5, -2.0], tf.float64))).tolist()
    result["fingerprint_strings"] = run(lambda: tf.fingerprint(
        tf.constant([[b"ab", b"c"], [b"", b"xyz"]]))).tolist()
    result["fingerprint_string_rows"] = run(lambda: tf.fingerprint(
        tf.constant([b"hello", b"World"]))).tolist()
    result["partitioners"] = partitioner_values()
    result["data"] = data_values()
    result["keras"] = keras_values()
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "values.json"), "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
