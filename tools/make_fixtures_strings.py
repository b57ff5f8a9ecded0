"""Writes tests/fixtures/strings/string_ops.json: TensorFlow's answers for the string ops.

Run with a Python that has TensorFlow (not needed by the suite):

    /work/tfvenv/bin/python tools/make_fixtures_strings.py

Each case names a ``tf.compat.v1`` function (the same name in autograd_engine), its array
inputs, keyword arguments, and TF's result, or the error class and message it raised. Arrays
are stored as ``{"dtype", "shape", "values"}`` with bytes as latin-1 text.
"""
import json
import os
import re

import numpy as np
import tensorflow as tf

v1 = tf.compat.v1
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "strings",
                   "string_ops.json")


def encode(value):
    array = np.asarray(value)
    if array.dtype.kind in "OSU":
        values = [(v.encode("utf-8") if isinstance(v, str) else bytes(v)).decode("latin-1")
                  for v in array.reshape(-1)]
        dtype = "string"
    else:
        values = array.reshape(-1).tolist()
        dtype = array.dtype.name
    return {"dtype": dtype, "shape": list(array.shape), "values": values}


def case(fn, inputs, kwargs=None, name=None):
    """``fn(*inputs, **kwargs)`` in TF; ``inputs`` are numpy arrays or nested lists."""
    kwargs = kwargs or {}
    arrays = [_utf8(a) if isinstance(a, (list, bytes, str)) and _is_strings(a) else
              np.asarray(a) for a in inputs]
    function = _resolve(fn)
    record = {"name": name or fn, "fn": fn, "inputs": [encode(a) for a in arrays],
              "kwargs": kwargs}
    try:
        tensors = [tf.constant(a) for a in arrays]
        if fn in ("string_join", "strings.join"):
            result = function(tensors, **kwargs)
        else:
            result = function(*tensors, **kwargs)
        if isinstance(result, tf.SparseTensor):
            record["expected"] = [encode(result.indices.numpy()), encode(result.values.numpy()),
                                  encode(result.dense_shape.numpy())]
        else:
            record["expected"] = encode(result.numpy())
    except tf.errors.OpError as error:
        record["error"] = type(error).__name__
        record["message"] = _message(error)
    return record


def _message(error):
    """TF's error message without the eager function wrapper's prefix and op suffix."""
    return re.sub(r"^\{\{function_node [^}]*\}\}\s*", "", error.message.split("[Op:")[0].strip())


def _utf8(value):
    array = np.array(value, dtype=object)
    flat = [v.encode("utf-8") if isinstance(v, str) else v for v in array.reshape(-1)]
    result = np.empty(array.shape, dtype=object)
    result.reshape(-1)[:] = flat
    return result


def _is_strings(value):
    flat = np.asarray(value, dtype=object).reshape(-1)
    return all(isinstance(v, (bytes, str)) for v in flat)


def _resolve(fn):
    target = v1
    for part in fn.split("."):
        target = getattr(target, part)
    return target


def _hash_inputs():
    """Strings of every length from 0 to 200 (each farmhash code path), varied bytes."""
    rng = np.random.default_rng(17)
    return [bytes(rng.integers(0, 256, n, dtype=np.uint8)) for n in range(0, 201)] + \
        [b"", b"a", b"hello", b"The quick brown fox jumps over the lazy dog"]


def cases():
    words = [["hello", "World"], [" pad me ", "\u00e9t\u00e9"]]
    out = [
        case("as_string", [[1.5, -2.25, 1e10, 3.14159265]]),
        case("as_string", [[1.5, -2.25, 1e10, 3.14159265]], {"precision": 2}),
        case("as_string", [[1.5, -2.25, 1e10, 0.000123]], {"scientific": True, "precision": 3}),
        case("as_string", [[1.5, -2.25, 1e10, 0.000123]], {"shortest": True}),
        case("as_string", [np.array([3, -42, 7], np.int32)], {"width": 5}),
        case("as_string", [np.array([3, -42, 7], np.int64)], {"width": 5, "fill": "0"}),
        case("as_string", [np.array([1.5, 2.0], np.float64)], {"width": 10, "precision": 1}),
        case("as_string", [np.array([True, False])]),
        case("string_join", [["a", "b"], ["x", "y"]], {"separator": "-"}),
        case("string_join", [[["a"], ["b"]], "!", [["x"], ["y"]]], {"separator": " "},
             name="string_join_scalar"),
        case("string_join", [[["a"], ["b"]], "!", ["x", "y", "z"]], {"separator": ""},
             name="string_join_mismatch"),
        case("strings.join", [["a", "b"], ["x", "y"]]),
        case("substr", [["hello", "world"], 1, 3]),
        case("substr", [["hello", "world"], [0, 2], [2, 10]]),
        case("substr", [["hello"], -3, 2]),
        case("substr", [["hi"], 5, 1], name="substr_out_of_range"),
        case("string_to_number", [["1.5", "-2", "1e3", " 4"]]),
        case("string_to_number", [["1.5", "-2", "1e3"]], {"out_type": tf.float64.name}),
        case("string_to_number", [["12", "-7"]], {"out_type": "int32"}),
        case("string_to_number", [["12", "9000000000"]], {"out_type": "int64"}),
        case("string_to_number", [["1.5", "abc"]], name="string_to_number_bad"),
        case("string_to_number", [["1.5"]], {"out_type": "int32"},
             name="string_to_number_bad_int"),
        case("string_to_hash_bucket_fast", [_hash_inputs()], {"num_buckets": 2 ** 63 - 1},
             name="hash_fast_fingerprints"),
        case("string_to_hash_bucket_fast", [words], {"num_buckets": 10}),
        case("string_to_hash_bucket_strong", [_hash_inputs()[:80]],
             {"num_buckets": 2 ** 63 - 1, "key": [1, 2]}, name="hash_strong_fingerprints"),
        case("string_to_hash_bucket_strong", [words], {"num_buckets": 7, "key": [98765, 43]}),
        case("string_split", [["a b,,c", "", " x  y "]], {"delimiter": " ,"}),
        case("string_split", [["a b,,c", "", " x  y "]], {"delimiter": ",", "skip_empty": False}),
        case("string_split", [["abc", "d"]], {"delimiter": ""}),
        case("strings.split", [["a b,,c", "", " x  y "]]),
        case("strings.split", [["a<>b<>c", "<>"]], {"sep": "<>", "maxsplit": 1}),
        case("strings.regex_full_match", [["abc", "abcd", "", "a1"], "[a-c]*"]),
        case("strings.regex_full_match", [["2019-01-05", "x2019-01-05"], r"\d{4}-\d\d-\d\d"]),
        case("regex_replace", [["aaa bab", "xyz"], "a+", "Q"]),
        case("regex_replace", [["aaa bab", "xyz"], "a", "Q"], {"replace_global": False}),
        case("regex_replace", [["2019-01-05"], r"(\d+)-(\d+)-(\d+)", r"\3/\2/\1"]),
        case("regex_replace", [["  many   spaces  "], r"\s+", " "]),
        case("reduce_join", [words]),
        case("reduce_join", [words], {"axis": 0}),
        case("reduce_join", [words], {"axis": 1, "separator": ", "}),
        case("reduce_join", [words], {"axis": -1, "keep_dims": True}),
        case("reduce_join", [words], {"axis": [0, 1], "separator": "|"}),
        case("strings.length", [words]),
        case("strings.length", [words], {"unit": "UTF8_CHAR"}),
        case("string_strip", [[" a ", "\tb\n", "c"]]),
        case("strings.upper", [words]),
        case("strings.lower", [words]),
        case("encode_base64", [["hello", "", "\xff\xfe>?", "ab"]]),
        case("encode_base64", [["hello", "", "\xff\xfe>?", "ab"]], {"pad": True}),
        case("decode_base64", [["aGVsbG8", "", "__4-Pw", "YWI="]]),
        case("decode_base64", [["a"]], name="decode_base64_bad"),
        case("decode_raw", [[b"\x01\x00\x02\x00", b"\xff\xff\x00\x80"]], {"out_type": "int16"},
             name="decode_raw_int16"),
        case("decode_raw", [[b"\x01\x00\x02\x00"]], {"little_endian": False, "out_type": "int16"},
             name="decode_raw_big_endian"),
        case("decode_raw", [b"\x00\x00\x80?\x00\x00\x00@"], {"out_type": "float32"},
             name="decode_raw_float"),
        case("decode_raw", [[b"\x01\x02\x03"]], {"out_type": "uint8"}, name="decode_raw_uint8"),
        case("decode_raw", [[b"\x01\x00\x02\x00", b"\x01\x00"]], {"out_type": "int16"},
             name="decode_raw_ragged"),
        case("decode_raw", [[b"\x01\x00\x02"]], {"out_type": "int16"},
             name="decode_raw_bad_size"),
    ]
    return out


def decode_csv_cases():
    """decode_csv takes record_defaults as a list of lists: handled apart from ``case``."""
    specs = [
        ("decode_csv_basic", ["1,2.5,abc", "4,,def"],
         [[0], [1.5], ["none"]], {}),
        ("decode_csv_delim_quotes", ['7|"x|y"|3', '8|"say ""hi"""|4'],
         [tf.constant([0], tf.int64), [""], tf.constant([0.0], tf.float64)], {"field_delim": "|"}),
        ("decode_csv_no_quote", ['1,"a"'], [[0], [""]], {"use_quote_delim": False}),
        ("decode_csv_na", ["1,NA", "NA,2"], [[-1], [-2]], {"na_value": "NA"}),
        ("decode_csv_select", ["1,2,3,4"], [[0], [0]], {"select_cols": [1, 3]}),
        ("decode_csv_wrong_count", ["1,2,3"], [[0], [0]], {}),
        ("decode_csv_missing_required", ["1,"], [[0], tf.constant([], tf.int32)], {}),
        ("decode_csv_bad_int", ["x,2"], [[0], [0]], {}),
    ]
    out = []
    for name, records, defaults, kwargs in specs:
        defaults = [tf.constant(d) for d in defaults]
        record = {"name": name, "fn": "decode_csv", "inputs": [encode(_utf8(records))],
                  "defaults": [encode(d.numpy()) for d in defaults], "kwargs": kwargs}
        try:
            values = v1.decode_csv(tf.constant(records), defaults, **kwargs)
            record["expected"] = [encode(v.numpy()) for v in values]
        except tf.errors.OpError as error:
            record["error"] = type(error).__name__
            record["message"] = _message(error)
        out.append(record)
    return out


def main():
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    data = {"tensorflow": tf.__version__, "cases": cases() + decode_csv_cases()}
    with open(OUT, "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
    print("wrote %d cases to %s" % (len(data["cases"]), OUT))


if __name__ == "__main__":
    main()
