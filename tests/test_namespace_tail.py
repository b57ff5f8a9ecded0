"""Issue 20's small namespaces: tf.debugging.assert_shapes, tf.errors, tf.gfile.MkDir,
tf.initializers.tables_initializer, tf.graph_util, the rest of tf.test, and tf.keras's
constraints, regularizers, initializers and preprocessing (values against tf.keras's, from
tests/fixtures/framework_tail/values.json "keras"), with the keras placeholders."""
import json
import os
import pathlib
import unittest

import numpy as np
import pytest

import autograd_engine as tf

KERAS = json.loads((pathlib.Path(__file__).parent / "fixtures" / "framework_tail"
                    / "values.json").read_text())["keras"]


def run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def test_assert_shapes_static_and_at_run_time():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, None)
    bias = tf.zeros([2])
    check = tf.debugging.assert_shapes([(x, ("N", "Q")), (y, ("...", "N", "D")), (bias, ["D"]),
                                        (tf.constant(1.0), [])])
    run(check, {x: np.zeros([4, 3]), y: np.zeros([5, 4, 2])})
    with pytest.raises(tf.errors.InvalidArgumentError, match="dimension -2 must have size N"):
        run(check, {x: np.zeros([4, 3]), y: np.zeros([5, 3, 2])})
    with pytest.raises(tf.errors.InvalidArgumentError, match="rank at least 2"):
        run(check, {x: np.zeros([4, 3]), y: np.zeros([2])})
    with pytest.raises(ValueError, match="Specified by Tensor .* dimension 0. Tensor .* "
                                         "dimension 0 must have size 2. Received size 3"):
        tf.debugging.assert_shapes([(tf.zeros([2, 3]), ("N", "Q")), (tf.zeros([3]), ["N"])])
    with pytest.raises(ValueError, match="must have rank 1"):
        tf.debugging.assert_shapes({tf.zeros([2, 3]): ["N"]})
    with pytest.raises(ValueError, match="may only come first"):
        tf.debugging.assert_shapes([(x, ("N", "...", 3))])


def test_raise_exception_on_not_ok_status():
    with tf.errors.raise_exception_on_not_ok_status() as status:
        assert status.code == tf.errors.OK
    with pytest.raises(tf.errors.NotFoundError, match="gone"):
        with tf.errors.raise_exception_on_not_ok_status() as status:
            status.code, status.message = tf.errors.NOT_FOUND, "gone"


def test_gfile_mkdir_and_tables_initializer(tmp_path):
    tf.gfile.MkDir(str(tmp_path / "made"))
    assert tf.gfile.IsDirectory(str(tmp_path / "made"))
    assert tf.initializers.tables_initializer is tf.tables_initializer
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(
        tf.constant([1, 2], tf.int64), tf.constant([10, 20], tf.int64)), -1)
    with tf.Session() as sess:
        sess.run(tf.initializers.tables_initializer())
        assert sess.run(table.lookup(tf.constant([2, 5], tf.int64))).tolist() == [20, -1]


def test_graph_util_helpers():
    graph = tf.Graph()
    with graph.as_default():
        ids = tf.constant([1, 2], name="ids")
        tf.constant(1.5, name="f")
        tf.cast(ids, tf.float32, name="c")
        tf.constant(["s"], name="s")
        tf.Variable(1.0, name="v")
    for node in graph.as_graph_def().node:
        expected = node.name in ("ids", "c", "s")
        assert tf.graph_util.must_run_on_cpu(node) is expected, node.name
        assert tf.graph_util.must_run_on_cpu(graph.get_operation_by_name(node.name)) is expected
    assert tf.graph_util.must_run_on_cpu(graph.get_operation_by_name("v"),
                                         pin_variables_on_cpu=True)
    assert tf.graph_util.tensor_shape_from_node_def_name(graph, "ids").as_list() == [2]
    assert tf.graph_util.tensor_shape_from_node_def_name(graph, "c:0").as_list() == [2]
    assert tf.graph_util.import_graph_def is tf.import_graph_def


def test_assert_equal_graph_def():
    def build(value):
        graph = tf.Graph()
        with graph.as_default():
            tf.add(tf.constant(value, name="a"), 1.0, name="b")
        return graph.as_graph_def()
    tf.test.assert_equal_graph_def(build(1.0), build(1.0))
    with pytest.raises(AssertionError, match="Node 'a' differs"):
        tf.test.assert_equal_graph_def(build(1.0), build(2.0))
    smaller = build(1.0)
    del smaller.node[-1]
    with pytest.raises(AssertionError, match="missing nodes \\['b'\\]"):
        tf.test.assert_equal_graph_def(smaller, build(1.0))
    with pytest.raises(TypeError, match="Expected tf.GraphDef"):
        tf.test.assert_equal_graph_def(tf.Graph(), build(1.0))


def test_stub_out_for_testing():
    class Thing:
        value = 1

        @staticmethod
        def make():
            return "real"
    stubs = tf.test.StubOutForTesting()
    stubs.Set(Thing, "make", staticmethod(lambda: "fake"))
    stubs.SmartSet(os.path, "sep", "|")
    assert Thing.make() == "fake" and os.path.sep == "|"
    stubs.CleanUp()
    assert Thing.make() == "real" and os.path.sep == "/"


def test_test_helpers():
    assert isinstance(tf.test.benchmark_config(), tf.ConfigProto)
    assert tf.test.is_cpu_target_available("no_such_instruction_set") is False
    if os.path.exists("/proc/cpuinfo") and " sse2" in open("/proc/cpuinfo").read():
        assert tf.test.is_cpu_target_available("SSE2")
    assert os.path.isfile(tf.test.test_src_dir_path("ops/__init__.py"))

    class Skipping(tf.test.TestCase):
        @tf.test.disable_with_predicate(lambda: True, "not here")
        def test_skipped(self):
            raise AssertionError("must not run")

        @tf.test.disable_with_predicate(lambda: False, "runs")
        def test_runs(self):
            self.assertEqual(1, 1)
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Skipping).run(result)
    skipped = {test.id().rpartition(".")[2]: reason for test, reason in result.skipped}
    assert result.wasSuccessful() and skipped["test_skipped"] == "not here"
    assert "test_runs" not in skipped


@pytest.mark.parametrize("name", sorted(KERAS["constraints"]))
def test_keras_constraints_as_tf_keras(name):
    constraint = {"max_norm": tf.keras.constraints.MaxNorm(2.0, axis=0),
                  "max_norm_axis1": tf.keras.constraints.max_norm(1.5, axis=1),
                  "min_max_norm": tf.keras.constraints.MinMaxNorm(1.0, 3.0, rate=0.5, axis=0),
                  "non_neg": tf.keras.constraints.get("non_neg"),
                  "unit_norm": tf.keras.constraints.UnitNorm(axis=1)}[name]
    w = tf.constant(np.array(KERAS["w"], np.float32))
    np.testing.assert_allclose(run(constraint(w)), KERAS["constraints"][name], rtol=1e-6)


def test_keras_constraint_lookup_and_config():
    config = tf.keras.constraints.serialize(tf.keras.constraints.MaxNorm(3, axis=1))
    assert config == {"class_name": "MaxNorm", "config": {"max_value": 3, "axis": 1}}
    assert tf.keras.constraints.deserialize(config).max_value == 3
    assert tf.keras.constraints.get(None) is None
    with pytest.raises(ValueError, match="Unknown constraint: 'nope'"):
        tf.keras.constraints.get("nope")


def test_keras_regularizers_as_tf_keras():
    w = tf.constant(np.array(KERAS["w"], np.float32))
    penalties = {"l1": tf.keras.regularizers.l1(0.1), "l2": tf.keras.regularizers.l2(),
                 "l1_l2": tf.keras.regularizers.l1_l2(l1=0.3, l2=0.2)}
    for name, regularizer in penalties.items():
        np.testing.assert_allclose(run(regularizer(w)), KERAS["regularizers"][name], rtol=1e-6)
    assert tf.keras.regularizers.get("l2").l2 == 0.01
    assert tf.keras.regularizers.serialize(tf.keras.regularizers.L1L2(l1=0.5)) == \
        {"class_name": "L1L2", "config": {"l1": 0.5, "l2": 0.0}}


def test_keras_regularizer_reaches_the_training_loss():
    from autograd_engine.keras import layers, models
    model = models.Sequential([layers.Dense(1, input_shape=(2,), use_bias=False,
                                            kernel_initializer="ones",
                                            kernel_regularizer=tf.keras.regularizers.l2(0.5))])
    model.compile(loss="mse", optimizer="sgd")
    loss = model.evaluate(np.zeros([4, 2], np.float32), np.zeros([4, 1], np.float32), verbose=0)
    assert loss == pytest.approx(0.5 * 2.0)  # zero data loss + 0.5 * (1 + 1)


def test_keras_initializers():
    init = tf.keras.initializers
    assert init.RandomNormal().stddev == 0.05 and init.RandomUniform().minval == -0.05
    assert init.TruncatedNormal(seed=1).stddev == 0.05
    assert run(init.get("ones")([2])).tolist() == [1.0, 1.0]
    assert run(init.Constant(3.0)([2])).tolist() == [3.0, 3.0]
    values = run(init.get("glorot_uniform")([200, 100]))
    limit = np.sqrt(6.0 / 300)
    assert values.shape == (200, 100) and np.abs(values).max() <= limit
    assert init.deserialize({"class_name": "RandomNormal", "config": {"stddev": 2.0}}).stddev \
        == 2.0
    with pytest.raises(ValueError, match="Unknown initializer"):
        init.get("nope")


def test_keras_preprocessing_as_tf_keras():
    sequences = [[1, 2, 3, 4], [5], [], [6, 7]]
    pad = tf.keras.preprocessing.sequence.pad_sequences
    expected = KERAS["pad_sequences"]
    assert pad(sequences).tolist() == expected["default"]
    assert pad(sequences, maxlen=3, padding="post", truncating="post").tolist() == \
        expected["post_3"]
    assert pad(sequences, maxlen=2, value=-1).tolist() == expected["pre_2_value"]
    floats = pad([[0.5, 1.5], [2.5]], dtype="float32")
    assert floats.dtype == np.float32 and floats.tolist() == expected["float"]
    with pytest.raises(ValueError, match='"pre" or "post"'):
        pad(sequences, padding="middle")
    assert tf.keras.preprocessing.text.text_to_word_sequence(
        "The quick, brown fox -- jumped!\tOver: THE dog?") == KERAS["text_to_word_sequence"]


def test_keras_placeholder_namespaces():
    for name in ("applications", "estimator", "export", "experimental", "mixed_precision"):
        namespace = getattr(tf.keras, name)
        assert namespace.not_implemented is True
        with pytest.raises(NotImplementedError, match="tf.keras.%s.Thing is not available"
                           % name):
            namespace.Thing()
