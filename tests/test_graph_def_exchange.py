"""Graph exchange in TensorFlow's GraphDef form: graphs frozen by real TensorFlow import and
compute TensorFlow's values (fixtures from tools/make_fixtures_tail.py); graphs exported here
round-trip, freeze, prune and travel through .pb/.pbtxt files. (That TensorFlow imports and runs
our exports is checked by tools/check_graph_def_in_tf.py, which needs TensorFlow.)"""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.train.graph_util import read_graph_def

pytest.importorskip("tensorboard")
FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "tail")


@pytest.fixture(scope="module")
def tf_values():
    return np.load(os.path.join(FIXTURES, "graph_exchange.npz"))


@pytest.mark.parametrize("model, output", [("mlp", "probs"), ("cnn", "out")])
def test_graph_frozen_by_tensorflow_imports_and_computes_its_values(tf_values, model, output):
    graph_def = read_graph_def(os.path.join(FIXTURES, model + "_frozen.pb"))
    with tf.Graph().as_default():
        y, = tf.import_graph_def(graph_def, return_elements=[output + ":0"])
        assert y.name == "import/%s:0" % output
        assert y.shape.as_list()[0] is None
        with tf.Session() as sess:
            got = sess.run("import/%s:0" % output, {"import/x:0": tf_values[model + "_in"]})
    np.testing.assert_allclose(got, tf_values[model + "_out"], rtol=1e-5, atol=1e-6)


def test_input_map_feeds_the_imported_graph_from_this_one(tf_values):
    graph_def = tf.GraphDef()
    with open(os.path.join(FIXTURES, "mlp_frozen.pb"), "rb") as f:
        graph_def.ParseFromString(f.read())
    with tf.Graph().as_default():
        source = tf.placeholder(tf.float32, [None, 6], name="source")
        probs, relu_op = tf.import_graph_def(graph_def, input_map={"x:0": source * 1.0},
                                             return_elements=["probs:0", "Relu"], name="net")
        assert relu_op.type == "Relu" and relu_op.name == "net/Relu"
        with tf.Session() as sess:
            got = sess.run(probs, {source: tf_values["mlp_in"]})
    np.testing.assert_allclose(got, tf_values["mlp_out"], rtol=1e-5, atol=1e-6)


def _small_model():
    x = tf.placeholder(tf.float32, [None, 4, 4, 1], name="x")
    kernel = tf.Variable(np.linspace(-1, 1, 18).reshape(3, 3, 1, 2).astype(np.float32),
                         name="kernel")
    h = tf.nn.relu(tf.nn.conv2d(x, kernel, [1, 1, 1, 1], "SAME"))
    h = tf.reshape(tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"), [-1, 8])
    w = tf.Variable(np.arange(24, dtype=np.float32).reshape(8, 3) / 24.0, name="w")
    logits = tf.matmul(tf.concat([h, tf.transpose(tf.transpose(h))], 0)[:2], w)
    y = tf.identity(tf.reduce_mean(tf.nn.softmax(logits), axis=1, keepdims=True)
                    + tf.cast(tf.argmax(logits, 1)[:, None], tf.float32), name="y")
    return x, y


def test_a_frozen_graph_of_ours_imports_into_a_fresh_graph_with_the_same_values():
    x_value = np.random.RandomState(0).randn(2, 4, 4, 1).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
        x, y = _small_model()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            expected = sess.run(y, {x: x_value})
            frozen = tf.graph_util.convert_variables_to_constants(sess, graph.as_graph_def(),
                                                                  ["y"])
    assert "VariableV2" not in {n.op for n in frozen.node}
    assert not any(n.op == "Assign" for n in frozen.node)
    data = frozen.SerializeToString()
    with tf.Graph().as_default():
        tf.import_graph_def(data, name="")
        with tf.Session() as sess:
            np.testing.assert_allclose(sess.run("y:0", {"x:0": x_value}), expected, rtol=1e-6)


def test_exported_nodes_use_tensorflow_op_names_and_attrs():
    graph = tf.Graph()
    with graph.as_default():
        _small_model()
    nodes = {n.name: n for n in graph.as_graph_def().node}
    conv = nodes["Conv2D"]
    assert list(conv.attr["strides"].list.i) == [1, 1, 1, 1]
    assert conv.attr["padding"].s == b"SAME" and conv.attr["data_format"].s == b"NHWC"
    assert list(nodes["MaxPool"].attr["ksize"].list.i) == [1, 2, 2, 1]
    assert list(nodes["Reshape"].input) == ["MaxPool", "Reshape/shape"]
    assert list(nodes["kernel/Assign"].input)[0] == "kernel"
    assert nodes["Mean"].attr["keep_dims"].b is True
    assert nodes["ArgMax"].attr["output_type"].type == 9  # DT_INT64


def test_write_graph_as_text_and_binary_read_back(tmp_path):
    graph = tf.Graph()
    with graph.as_default():
        _small_model()
    text = tf.train.write_graph(graph, str(tmp_path), "model.pbtxt")
    binary = tf.train.write_graph(graph.as_graph_def(), str(tmp_path), "model.pb",
                                  as_text=False)
    assert 'op: "Conv2D"' in open(text).read()
    assert read_graph_def(text) == read_graph_def(binary) == graph.as_graph_def()


def test_extract_sub_graph_and_remove_training_nodes():
    graph = tf.Graph()
    with graph.as_default():
        a = tf.constant(2.0, name="a")
        b = tf.identity(a, name="b")
        tf.multiply(b, 3.0, name="c")
        tf.constant(5.0, name="unused")
    pruned = tf.graph_util.extract_sub_graph(graph.as_graph_def(), ["c"])
    assert [n.name for n in pruned.node] == ["a", "b", "Const", "c"]
    stripped = tf.graph_util.remove_training_nodes(pruned)
    assert [n.name for n in stripped.node] == ["a", "Const", "c"]
    assert list(stripped.node[-1].input) == ["a", "Const"]
    with pytest.raises(tf.errors.NotFoundError, match="missing is not in graph"):
        tf.graph_util.extract_sub_graph(graph.as_graph_def(), ["missing"])


def test_bad_graph_defs_are_refused_by_name():
    graph = tf.Graph()
    with graph.as_default():
        tf.Variable(1.0, name="v")
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="'v' is a VariableV2: .*convert_variables_to_"):
            tf.import_graph_def(graph.as_graph_def())
    odd = tf.GraphDef()
    odd.node.add(name="q", op="QuantizeV2")
    with tf.Graph().as_default(), pytest.raises(ValueError, match="'q' has op type 'QuantizeV2'"):
        tf.import_graph_def(odd)
    plain = tf.GraphDef()
    plain.node.add(name="c", op="Const").attr["dtype"].type = 1
    with tf.Graph().as_default(), pytest.raises(ValueError, match="'c' .*lacks the attr 'value'"):
        tf.import_graph_def(plain)
    plain.node[0].attr["value"].tensor.dtype = 1
    plain.node[0].attr["value"].tensor.float_val.append(1.0)
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="not found in graph_def: \\[nope:0\\]"):
            tf.import_graph_def(plain, input_map={"nope:0": tf.constant(1.0)})
        with pytest.raises(ValueError, match="return_element 'c:3' not found"):
            tf.import_graph_def(plain, return_elements=["c:3"])
    with tf.Graph().as_default(), pytest.raises(tf.errors.InvalidArgumentError,
                                                match="Not a valid GraphDef"):
        tf.import_graph_def(b"\xff\xff\xff")


def test_array_ops_round_trip_through_the_graph_def():
    x_value = np.arange(18, dtype=np.float32).reshape(3, 6)
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 6], name="x")
        parts = [x[:, 1:5:2], x[..., None][:, :, 0], tf.slice(x, [0, 1], [-1, 2]),
                 tf.tile(x[:, :1], [1, 2]), tf.pad(x[:, :2], [[0, 0], [1, 0]]),
                 tf.gather(x, [5, 0], axis=1), tf.split(x, 3, axis=1)[1],
                 tf.stack(tf.unstack(x[:, :2], axis=1), axis=1), x[:, :1] * tf.fill([1, 2], 3.0),
                 tf.placeholder_with_default(x[:, ::3], [None, 2]),
                 tf.expand_dims(tf.reduce_sum(tf.abs(x), 1), 1)]
        y = tf.concat(parts, axis=1, name="y")
        with tf.Session() as sess:
            expected = sess.run(y, {x: x_value})
    with tf.Graph().as_default():
        y, = tf.import_graph_def(graph.as_graph_def(), return_elements=["y:0"], name="")
        assert y.shape.as_list() == [None, 26]
        with tf.Session() as sess:
            np.testing.assert_array_equal(sess.run(y, {"x:0": x_value}), expected)
