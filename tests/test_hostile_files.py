"""Files as a hostile user makes them: damaged checkpoints raise DataLossError naming the file
and the problem; malformed meta graphs raise MetaGraphError naming the problem; source
locations read from a meta graph are shown, never opened (issue 15, items 8 and 13)."""
import copy
import json
import os
import pickle
import threading

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.framework import errors
from autograd_engine.train.meta_graph import graph_to_meta_graph, import_meta_graph_dict
from autograd_engine.train.meta_graph_checks import MAX_ATTR_DEPTH, MetaGraphError


@pytest.fixture
def saved(tmp_path):
    """A checkpoint of two Variables and its meta graph, in a fresh graph."""
    tf.reset_default_graph()
    w = tf.Variable(np.arange(600, dtype=np.float32).reshape(20, 30), name="w")
    b = tf.Variable(np.ones(30, np.float32), name="b")
    y = tf.add(tf.reduce_sum(tf.matmul(tf.placeholder(tf.float32, [None, 20], name="x"), w)),
               tf.reduce_sum(b), name="y")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        prefix = saver.save(sess, str(tmp_path / "model"))
    return prefix, saver, y


def _restore(prefix, saver):
    with tf.Session() as sess:
        saver.restore(sess, prefix)


# ------------------------------------------------------------------ checkpoints (item 13)
def _truncate(path):
    data = open(path, "rb").read()
    open(path, "wb").write(data[:len(data) // 2])


def _flip_value_bytes(path):
    data = bytearray(open(path, "rb").read())
    for offset in range(len(data) // 3, len(data) // 3 + 16):
        data[offset] ^= 0xFF
    open(path, "wb").write(bytes(data))


def _pickled_array(path):
    with open(path, "wb") as f:
        np.savez(f, w=np.array([object(), 1], dtype=object), b=np.ones(30, np.float32))


def _single_npy(path):
    with open(path, "wb") as f:
        np.save(f, np.ones(3))


def _text_file(path):
    open(path, "w").write("hello, this is not a checkpoint\n")


def _raw_pickle(path):
    with open(path, "wb") as f:
        pickle.dump({"w": np.ones((20, 30), np.float32)}, f)


@pytest.mark.parametrize("damage, expected", [
    (_truncate, "damaged"), (_flip_value_bytes, "damaged"), (_pickled_array, "damaged"),
    (_single_npy, "single array"), (_text_file, "damaged"), (_raw_pickle, "damaged")])
def test_damaged_values_file_is_data_loss_naming_the_file(saved, damage, expected):
    prefix, saver, _ = saved
    damage(prefix + ".npz")
    with pytest.raises(errors.DataLossError) as info:
        _restore(prefix, saver)
    assert prefix + ".npz" in str(info.value) and expected in str(info.value)


@pytest.mark.parametrize("content", [b"{\"format\": \"autograd_engine.Checkpoint\"", b"\xff\xfe\x00",
                                     b"[1, 2]", b"{\"format\": \"autograd_engine.Checkpoint\"}",
                                     b"{\"format\": \"autograd_engine.Checkpoint\", \"variables\": "
                                     b"{\"w\": {\"dtype\": \"float32\", \"shape\": \"20x30\"}}}",
                                     b"{\"format\": \"autograd_engine.Checkpoint\", \"variables\": "
                                     b"{\"w\": {\"dtype\": \"no-such-type\", \"shape\": []}}}",
                                     b"[" * 100000])
def test_damaged_index_is_data_loss_naming_the_file(saved, content):
    prefix, saver, _ = saved
    open(prefix + ".index", "wb").write(content)
    with pytest.raises(errors.DataLossError, match="index") as info:
        _restore(prefix, saver)
    assert prefix + ".index" in str(info.value)


def test_undamaged_checkpoint_still_restores(saved):
    prefix, saver, _ = saved
    with tf.Session() as sess:
        saver.restore(sess, prefix)
        assert sess.run("w:0")[3, 4] == 94.0


# ------------------------------------------------------------------ meta graphs (item 13)
def _meta(saved):
    prefix, _, _ = saved
    return json.load(open(prefix + ".meta"))


def _op(meta, name):
    return next(op for op in meta["graph"]["ops"] if op["name"] == name)


def _deep(meta):
    nested = "x"
    for _ in range(MAX_ATTR_DEPTH + 5):
        nested = {"list": [nested]}
    _op(meta, "y")["attrs"]["deep"] = nested


def _big_const(meta):
    # a Const of 600 floats is written as base64; make its bytes too short
    const = next(op for op in meta["graph"]["ops"] if op["type"] == "Const" and
                 "array_b64" in op["attrs"]["value"])
    const["attrs"]["value"]["shape"] = [21, 30]


def _object_array(meta):
    const = next(op for op in meta["graph"]["ops"] if op["type"] == "Const")
    const["attrs"]["value"] = {"array": [1, 2], "dtype": "object"}


def _variable_is_an_add(meta):
    meta["variables"][0]["name"] = "y"
    meta.pop("collections"), meta.pop("saver")


MALFORMED = {
    "wrong version type": (lambda m: m.update(version="1"), "\"version\" must be an integer"),
    "no graph": (lambda m: m.pop("graph"), "\"graph\" must be an object"),
    "op without type": (lambda m: _op(m, "y").pop("type"), "lacks the key \"type\""),
    "op not a dict": (lambda m: m["graph"]["ops"].append(7), "op #"),
    "unknown input": (lambda m: _op(m, "y")["inputs"].__setitem__(0, "nowhere:0"), "nowhere"),
    "bad input index": (lambda m: _op(m, "y")["inputs"].__setitem__(0, "Sum:7"), "Sum:7"),
    "input not a name": (lambda m: _op(m, "y")["inputs"].__setitem__(0, "Sum:x"),
                         "tensor name"),
    "deeply nested attr": (_deep, "nests deeper"),
    "wrong-length array": (_big_const, "bytes"),
    "object-dtype array": (_object_array, "numeric or bool dtype"),
    "saver names a missing Variable": (
        lambda m: m["saver"]["var_list"].__setitem__("w", "ghost"), "ghost"),
    "collection names a missing Variable": (
        lambda m: m["collections"]["variables"].append({"variable": "ghost"}), "ghost"),
    "variable names a non-Variable op": (_variable_is_an_add, "not a VariableV2"),
    "location of wrong form": (
        lambda m: _op(m, "y").__setitem__("location", ["f", 1, "g", True]), "location"),
    "mismatched recorded dtype": (
        lambda m: _op(m, "y")["outputs"][0].__setitem__(0, "int32"), "recorded as int32"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_meta_graph_is_meta_graph_error_naming_the_problem(saved, tmp_path, case):
    meta = _meta(saved)
    damage, message = MALFORMED[case]
    damage(meta)
    path = tmp_path / "bad.meta"
    path.write_text(json.dumps(meta))
    tf.reset_default_graph()
    with pytest.raises(MetaGraphError) as info:
        tf.train.import_meta_graph(str(path))
    assert message in str(info.value)


@pytest.mark.parametrize("content", [os.urandom(64) + b"\xff", b"[" * 200000, b"{\"a\": 1",
                                     b"\x00\x01binary"])
def test_meta_graph_file_of_garbage_is_meta_graph_error(tmp_path, content):
    path = tmp_path / "garbage.meta"
    path.write_bytes(content)
    with pytest.raises(MetaGraphError):
        tf.train.import_meta_graph(str(path))


def test_meta_graph_error_is_the_public_documented_class():
    assert tf.train.MetaGraphError is MetaGraphError and issubclass(MetaGraphError, ValueError)


@pytest.mark.parametrize("value, dtype", [({"array": [1.5, 2.5], "dtype": "float64"}, "float32"),
                                          ({"array": [1, 2], "dtype": "int64"}, "int32"),
                                          ({"scalar": 1.0, "dtype": "float32"}, "int32")])
def test_const_whose_value_does_not_match_its_dtype_is_refused_at_import(value, dtype):
    g = tf.Graph()
    with g.as_default():
        tf.constant([1.0, 2.0], name="c")
    meta = graph_to_meta_graph(g)
    record = _op(meta, "c")
    record["attrs"]["value"], record["attrs"]["dtype"] = value, {"dtype": dtype}
    record.pop("outputs")
    with pytest.raises(MetaGraphError, match="Const's value must be a numpy array of dtype"):
        import_meta_graph_dict(meta, tf.Graph())


def test_meta_graph_round_trip_still_imports_and_runs(saved):
    prefix, _, _ = saved
    tf.reset_default_graph()
    saver = tf.train.import_meta_graph(prefix + ".meta")
    with tf.Session() as sess:
        saver.restore(sess, prefix)
        y = tf.get_default_graph().get_tensor_by_name("y:0")
        assert sess.run(y, {"x:0": np.ones((1, 20), np.float32)}) == \
            pytest.approx(np.arange(600).reshape(20, 30).sum(0).sum() + 30)


# ------------------------------------------------------------------ source locations (item 8)
def _meta_with_location(filename, lineno=1):
    g = tf.Graph()
    with g.as_default():
        tf.add(tf.placeholder(tf.float32, [2], name="x"), 1.0, name="y")
    meta = graph_to_meta_graph(g)
    for record in meta["graph"]["ops"]:
        record["location"] = [filename, lineno, "victim"]
    return meta


def _missing_feed_error(meta):
    g = tf.Graph()
    import_meta_graph_dict(meta, g)
    with tf.Session(graph=g) as sess:
        with pytest.raises(errors.InvalidArgumentError) as info:
            sess.run("y:0")
    return str(info.value)


def test_location_of_a_fifo_is_shown_not_opened(tmp_path):
    fifo = str(tmp_path / "fifo")
    os.mkfifo(fifo)
    result = []
    worker = threading.Thread(target=lambda: result.append(
        _missing_feed_error(_meta_with_location(fifo))), daemon=True)
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():  # unblock the reader so the suite does not hang, then fail
        with open(fifo, "w") as f:
            f.write("x\n")
        worker.join(timeout=5)
        pytest.fail("reporting an error opened the FIFO named by the meta graph")
    assert "%s:1 (in victim)" % fifo in result[0]


def test_location_of_dev_stdin_is_shown_not_opened():
    message = _missing_feed_error(_meta_with_location("/dev/stdin"))
    assert "/dev/stdin:1 (in victim)" in message


def test_location_of_a_foreign_file_does_not_leak_its_line(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password = hunter2\n")
    message = _missing_feed_error(_meta_with_location(str(secret)))
    assert str(secret) + ":1" in message and "hunter2" not in message


def test_location_recorded_in_this_process_still_shows_the_source_line():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [2], name="x")  # the line an error shows
        y = x + 1.0
    with tf.Session(graph=g) as sess:
        with pytest.raises(errors.InvalidArgumentError, match="the line an error shows"):
            sess.run(y)


def test_deep_copy_of_meta_leaves_original_valid(saved):
    # check_meta_graph must not change what it checks
    meta = _meta(saved)
    before = copy.deepcopy(meta)
    tf.reset_default_graph()
    import_meta_graph_dict(meta)
    assert meta == before
