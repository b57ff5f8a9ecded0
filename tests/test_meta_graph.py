"""Meta graphs: a graph written as JSON and rebuilt without the code that built it."""
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.train import meta_graph
from autograd_engine.framework.tensor_shape import TensorShape

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.parametrize("value", [
    None, True, False, 0, -7, 2.5, "SAME", (), (1, 2, 3), [1, (2, 3)], {"a": 1, "b": (None,)},
    tf.float32, tf.int64, tf.bool, TensorShape(None), TensorShape([None, 784]), TensorShape([]),
    (("slice", None, -1, 2), ("int", 0), ("newaxis",), ("...",)),  # a StridedSlice index spec
    np.float32(1.5), np.int64(-3),
])
def test_attr_values_round_trip_with_their_python_types(value):
    data = json.loads(json.dumps(meta_graph.encode_value(value), allow_nan=False))
    back = meta_graph.decode_value(data, resolve_op=None)
    assert back == value and type(back) is type(value)
    if isinstance(value, tuple):
        assert [type(v) for v in back] == [type(v) for v in value]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_special_floats_round_trip_as_strict_json(value):
    data = json.loads(json.dumps(meta_graph.encode_value(value), allow_nan=False))
    back = meta_graph.decode_value(data, None)
    assert type(back) is float and (np.isnan(back) if np.isnan(value) else back == value)


@pytest.mark.parametrize("array", [
    np.arange(6, dtype=np.int32).reshape(2, 3),          # small: inline lists
    np.array(3.25, dtype=np.float64),                    # 0-d
    np.linspace(-1, 1, 300, dtype=np.float32).reshape(3, 100),  # large: base64
    np.array([1.0, np.nan, np.inf], dtype=np.float32),   # non-finite: base64
    np.array([[True, False]]),
    np.zeros((0, 4), dtype=np.float16),
])
def test_arrays_round_trip_exactly(array):
    encoded = meta_graph.encode_value(array)
    assert ("array" in encoded) == (0 < array.size <= 64 and np.isfinite(array).all())
    back = meta_graph.decode_value(json.loads(json.dumps(encoded, allow_nan=False)), None)
    assert back.dtype == array.dtype and back.shape == array.shape
    np.testing.assert_array_equal(back, array)


def test_unsupported_attr_is_a_clear_error():
    c = tf.constant(1.0, name="c")
    c.op._attrs["weird"] = object()
    with pytest.raises(meta_graph.MetaGraphError,
                       match=r"Cannot export op 'c' \(op: 'Const'\) to a meta graph: an attr holds "
                             r"values of type object"):
        tf.train.export_meta_graph()


def _model(seed=3):
    """A small CNN with most kinds of attrs: convolution, pooling, slicing, dynamic reshape,
    seeded random initializers, a placeholder with default, a loss and a training op."""
    tf.set_random_seed(seed)
    x = tf.placeholder(tf.float32, [None, 6, 6, 1], name="x")
    labels = tf.placeholder(tf.float32, [None, 3], name="labels")
    keep = tf.placeholder_with_default(1.0, [], name="keep")
    h = tf.layers.conv2d(x, 2, 3, padding="same", activation=tf.nn.relu, name="conv")
    h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")[:, ::1, 1:, ...]
    h = tf.reshape(h, tf.stack([tf.shape(h)[0], -1]))
    h.set_shape([None, 12])
    logits = tf.layers.dense(h * keep, 3, name="out")
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits),
                          name="loss")
    tf.add_to_collection(tf.GraphKeys.LOSSES, loss)
    step = tf.train.get_or_create_global_step()
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss, global_step=step)
    tf.add_to_collection(tf.GraphKeys.TRAIN_OP, train_op)
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(labels, 1))
    tf.reduce_mean(tf.cast(correct, tf.float32), name="accuracy")
    return train_op


def _data():
    rng = np.random.RandomState(0)
    images = rng.rand(8, 6, 6, 1).astype(np.float32)
    labels = np.eye(3, dtype=np.float32)[rng.randint(0, 3, 8)]
    return {"x:0": images, "labels:0": labels}


def _train_and_measure(graph, train_op, steps=3):
    with tf.Session(graph=graph) as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            sess.run(train_op, _data())
        return sess.run(["loss:0", "accuracy:0", "out/kernel:0", "global_step:0"], _data())


def test_imported_graph_is_the_same_graph_and_computes_the_same_numbers():
    train_op = _model()
    original = tf.get_default_graph()
    meta = tf.train.export_meta_graph()
    original_ops = original.get_operations()
    expected = _train_and_measure(original, train_op)

    def structure(ops):
        return [(o.name, o.type, [t.name for t in o.inputs], [c.name for c in o.control_inputs],
                 sorted(k for k in o.attrs if k != "python_variable")) for o in ops]
    with tf.Graph().as_default() as rebuilt:
        tf.train.import_meta_graph(meta)
        assert structure(rebuilt.get_operations()) == structure(original_ops)
        for a, b in zip(original_ops, rebuilt.get_operations()):
            assert [(t.dtype, t.shape.as_tuple()) for t in a.outputs] == \
                [(t.dtype, t.shape.as_tuple()) for t in b.outputs]
            assert b.location.lineno == a.location.lineno  # errors still point at the user's line
        train_again = tf.get_collection(tf.GraphKeys.TRAIN_OP)[0]
        got = _train_and_measure(rebuilt, train_again)
    for e, g in zip(expected, got):
        np.testing.assert_array_equal(g, e)
        assert np.asarray(g).dtype == np.asarray(e).dtype


def test_export_is_stable_and_survives_a_round_trip(tmp_path):
    _model()
    first = tf.train.export_meta_graph(str(tmp_path / "a.meta"))
    tf.train.export_meta_graph(str(tmp_path / "b.meta"))
    text = (tmp_path / "a.meta").read_text()
    assert text == (tmp_path / "b.meta").read_text()
    assert json.loads(text) == first
    ops_block = text.split('"ops": [\n', 1)[1].split("\n  ]", 1)[0].splitlines()
    assert len(ops_block) == len(tf.get_default_graph().get_operations())  # one op per line
    with tf.Graph().as_default():
        tf.train.import_meta_graph(str(tmp_path / "a.meta"))
        tf.train.export_meta_graph(str(tmp_path / "c.meta"))
    assert (tmp_path / "c.meta").read_text() == text


def test_collections_come_back_as_variables_tensors_and_ops():
    _model()
    graph = tf.get_default_graph()
    tf.add_to_collection("my_numbers", 7)
    meta = tf.train.export_meta_graph()
    with tf.Graph().as_default() as rebuilt:
        saver = tf.train.import_meta_graph(meta)
        for key in (tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.TRAINABLE_VARIABLES):
            variables = rebuilt.get_collection(key)
            assert [v.name for v in variables] == [v.name for v in graph.get_collection(key)]
            assert all(isinstance(v, tf.Variable) for v in variables)
        assert [v.name for v in tf.trainable_variables()] == [
            "conv/kernel:0", "conv/bias:0", "out/kernel:0", "out/bias:0"]
        step = tf.train.get_global_step()
        assert isinstance(step, tf.Variable) and not step.trainable
        loss = rebuilt.get_tensor_by_name("loss:0")
        assert rebuilt.get_collection(tf.GraphKeys.LOSSES)[0] is loss
        assert isinstance(rebuilt.get_collection(tf.GraphKeys.TRAIN_OP)[0], tf.Operation)
        assert rebuilt.get_collection("my_numbers") == [7]
        assert isinstance(saver, tf.train.Saver)
        # The rebuilt Variables work with new optimizers and initializers.
        kernel = tf.trainable_variables()[2]
        more = tf.train.GradientDescentOptimizer(0.1).minimize(rebuilt.get_tensor_by_name("loss:0"),
                                                                var_list=[kernel])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            before = sess.run(kernel)
            sess.run(more, _data())
            assert not np.array_equal(before, sess.run(kernel))


def test_unserializable_collection_item_is_left_out_with_a_warning():
    tf.Variable(1.0, name="v")
    tf.add_to_collection("odd", object())
    with pytest.warns(UserWarning,
                      match="Collection 'odd' holds .* which a meta graph cannot hold"):
        meta = tf.train.export_meta_graph()
    assert "odd" not in meta["collections"]


def test_import_scope_prefixes_names_and_restores_the_original_checkpoint(tmp_path):
    w = tf.Variable([1.0, 2.0], name="w")
    tf.multiply(w, 2.0, name="double")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        prefix = tf.train.Saver().save(sess, str(tmp_path / "m"))
    with tf.Graph().as_default() as g:
        tf.constant(0.0, name="w")  # the unscoped name is taken: import_scope avoids the clash
        saver = tf.train.import_meta_graph(prefix + ".meta", import_scope="imported")
        with tf.Session() as sess:
            saver.restore(sess, prefix)
            assert sess.run(g.get_tensor_by_name("imported/double:0")).tolist() == [2.0, 4.0]
        assert tf.global_variables()[0].name == "imported/w:0"


def test_clear_devices_and_export_scope():
    with tf.device("/gpu:0"):
        a = tf.constant(1.0, name="a")
    with tf.name_scope("tower"):
        tf.add(tf.constant(2.0, name="b"), 1.0, name="c")
    meta = tf.train.export_meta_graph()
    assert meta["graph"]["ops"][0]["device"] == "/device:GPU:0"
    with tf.Graph().as_default() as g:
        tf.train.import_meta_graph(meta)
        assert g.get_operation_by_name("a").device == "/device:GPU:0"
    with tf.Graph().as_default() as g:
        tf.train.import_meta_graph(meta, clear_devices=True)
        assert g.get_operation_by_name("a").device == ""
    scoped = tf.train.export_meta_graph(export_scope="tower")
    assert [op["name"] for op in scoped["graph"]["ops"]] == ["b", "Const", "c"]
    assert a.op.name == "a"
    tf.add(a, tf.get_default_graph().get_tensor_by_name("tower/c:0"), name="tower/mix")
    with pytest.raises(meta_graph.MetaGraphError, match="Op 'a' lies outside export_scope 'tower'"):
        tf.train.export_meta_graph(export_scope="tower")


def test_import_errors(tmp_path):
    tf.constant(1.0, name="c")
    meta = tf.train.export_meta_graph()
    with pytest.raises(meta_graph.MetaGraphError,
                       match="Cannot import node 'c': the graph already has an op of that name"):
        tf.train.import_meta_graph(meta)
    broken = json.loads(json.dumps(meta))
    broken["graph"]["ops"][0]["type"] = "NoSuchOp"
    with tf.Graph().as_default():
        with pytest.raises(meta_graph.MetaGraphError,
                           match="Op type 'NoSuchOp' \\(of node 'c'\\) is not registered"):
            tf.train.import_meta_graph(broken)
        with pytest.raises(meta_graph.MetaGraphError, match="Not an autograd_engine meta graph"):
            tf.train.import_meta_graph({"graph": {}})
        with pytest.raises(FileNotFoundError, match="File .*nothing.meta does not exist"):
            tf.train.import_meta_graph(str(tmp_path / "nothing.meta"))
        (tmp_path / "bad.meta").write_text("{not json")
        with pytest.raises(meta_graph.MetaGraphError, match="Not a valid meta graph JSON file"):
            tf.train.import_meta_graph(str(tmp_path / "bad.meta"))
    assert tf.train.import_meta_graph.__name__ == "import_meta_graph"


def test_no_variables_means_no_saver():
    tf.constant(1.0)
    meta = tf.train.export_meta_graph()
    with tf.Graph().as_default():
        assert tf.train.import_meta_graph(meta) is None


_WRITER = textwrap.dedent("""
    import json, sys
    import numpy as np
    import autograd_engine as tf
    directory = sys.argv[1]
    rng = np.random.RandomState(0)
    images = rng.rand(64, 4).astype(np.float32)
    labels = np.eye(3, dtype=np.float32)[(images[:, 0] * 3).astype(int).clip(0, 2)]
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y_ = tf.placeholder(tf.float32, [None, 3], name="y_")
    W = tf.Variable(tf.zeros([4, 3]), name="W")
    b = tf.Variable(tf.zeros([3]), name="b")
    y = tf.nn.softmax(tf.matmul(x, W) + b)
    loss = tf.reduce_mean(-tf.reduce_sum(y_ * tf.log(y), 1), name="loss")
    step = tf.train.get_or_create_global_step()
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss, global_step=step)
    tf.add_to_collection("train_op", train_op)
    correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, "float"), name="accuracy")
    feed = {x: images, y_: labels}
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(20):
            sess.run(train_op, feed)
        saved = saver.save(sess, directory + "/model", global_step=step)
        at_save = sess.run([accuracy, loss], feed)
        for _ in range(10):
            sess.run(train_op, feed)
        later = sess.run([accuracy, loss, W], feed)
    np.savez(directory + "/data.npz", images=images, labels=labels)
    print(json.dumps({"prefix": saved, "at_save": [float(v) for v in at_save],
                      "later": [float(later[0]), float(later[1]), later[2].tolist()]}))
""")

_READER = textwrap.dedent("""
    import json, sys
    import numpy as np
    import autograd_engine as tf
    prefix, directory = sys.argv[1], sys.argv[2]
    data = np.load(directory + "/data.npz")
    saver = tf.train.import_meta_graph(prefix + ".meta")
    graph = tf.get_default_graph()
    accuracy = graph.get_tensor_by_name("accuracy:0")
    loss = graph.get_tensor_by_name("loss:0")
    train_op = tf.get_collection("train_op")[0]
    feed = {"x:0": data["images"], "y_:0": data["labels"]}
    with tf.Session() as sess:
        saver.restore(sess, prefix)
        at_load = sess.run([accuracy, loss], feed)
        for _ in range(10):
            sess.run(train_op, feed)
        later = sess.run([accuracy, loss, "W:0", tf.train.get_global_step()], feed)
    print(json.dumps({"modules": sorted(m.split(".")[0] for m in sys.modules
                                        if m.startswith("autograd_engine") or m == "__main__"),
                      "at_load": [float(v) for v in at_load],
                      "later": [float(later[0]), float(later[1]), later[2].tolist()],
                      "step": int(later[3])}))
""")


def test_model_reloads_and_trains_in_a_fresh_interpreter(tmp_path):
    env = dict(os.environ, PYTHONPATH=REPO)
    (tmp_path / "writer.py").write_text(_WRITER)
    (tmp_path / "reader.py").write_text(_READER)
    written = json.loads(subprocess.run(
        [sys.executable, str(tmp_path / "writer.py"), str(tmp_path)], env=env, check=True,
        capture_output=True, text=True).stdout)
    read = json.loads(subprocess.run(
        [sys.executable, str(tmp_path / "reader.py"), written["prefix"], str(tmp_path)], env=env,
        check=True, capture_output=True, text=True).stdout)
    assert written["prefix"].endswith("model-20") and read["step"] == 30
    assert read["at_load"] == written["at_save"]
    assert written["at_save"][0] > 0.5
    # Training further from the reloaded graph gives exactly what the original process got.
    assert read["later"][:2] == written["later"][:2]
    np.testing.assert_array_equal(read["later"][2], written["later"][2])


def test_graphs_with_input_pipelines_save_and_say_what_was_not_saved(tmp_path):
    dataset = tf.data.Dataset.from_tensor_slices(np.arange(10.0, dtype=np.float32)).batch(4)
    batch = dataset.make_one_shot_iterator().get_next()
    w = tf.Variable(2.0, name="w")
    total = tf.reduce_sum(batch * w, name="total")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(total) == 12.0
        prefix = tf.train.Saver().save(sess, str(tmp_path / "model"))
    with tf.Graph().as_default() as graph:
        saver = tf.train.import_meta_graph(prefix + ".meta")
        with tf.Session() as sess:
            saver.restore(sess, prefix)
            assert sess.run("w:0") == 2.0
            with pytest.raises(tf.errors.FailedPreconditionError,
                               match="input pipeline of .* was not saved with the meta graph"):
                sess.run(graph.get_tensor_by_name("total:0"))
