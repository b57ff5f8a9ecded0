"""tf.saved_model: what a TF1 serving export writes reloads in a fresh graph, by its signature,
with the trained values; several tag sets share one set of Variables; bad use is refused."""
import os

import numpy as np
import pytest

import autograd_engine as tf

pytest.importorskip("tensorboard")


def _train_and_export(export_dir):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0], [2.0]], name="w")
    y = tf.matmul(x, w, name="y")
    loss = tf.reduce_mean(tf.square(y - 1.0))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: [[1.0, 1.0]]})
    trained = sess.run(w)
    return sess, x, y, trained


def test_simple_save_then_load_serves_the_trained_values(tmp_path):
    export_dir = str(tmp_path / "export")
    with tf.Graph().as_default():
        sess, x, y, trained = _train_and_export(export_dir)
        tf.saved_model.simple_save(sess, export_dir, inputs={"x": x}, outputs={"y": y})
        sess.close()
    assert sorted(os.listdir(export_dir)) == ["saved_model.json", "variables"]
    assert tf.saved_model.loader.maybe_saved_model_directory(export_dir)
    with tf.Graph().as_default() as graph, tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING],
                                          export_dir)
        signature = meta.signature_def[
            tf.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY]
        assert signature.method_name == tf.saved_model.signature_constants.PREDICT_METHOD_NAME
        assert signature.inputs["x"].name == "x:0"
        assert [d.size for d in signature.inputs["x"].tensor_shape.dim] == [-1, 2]
        y = tf.saved_model.utils.get_tensor_from_tensor_info(signature.outputs["y"])
        np.testing.assert_allclose(sess.run(y, {"x:0": [[3.0, 4.0]]}),
                                   [[3.0, 4.0]] @ trained, rtol=1e-6)
        np.testing.assert_allclose(sess.run(graph.get_tensor_by_name("w:0")), trained)
        assert list(meta.meta_info_def.tags) == ["serve"]


def test_builder_with_two_tag_sets_and_a_main_op(tmp_path):
    export_dir = str(tmp_path / "built")
    with tf.Graph().as_default():
        sess, x, y, trained = _train_and_export(export_dir)
        counter = tf.Variable(0.0, name="counter")
        bump = tf.assign_add(counter, 5.0, name="bump")
        info = tf.saved_model.utils.build_tensor_info
        signature = tf.saved_model.signature_def_utils.build_signature_def(
            inputs={"in": info(x)}, outputs={"out": info(y)},
            method_name=tf.saved_model.signature_constants.REGRESS_METHOD_NAME)
        sess.run(counter.initializer)
        builder = tf.saved_model.builder.SavedModelBuilder(export_dir)
        builder.add_meta_graph_and_variables(sess, ["train"], {"reg": signature}, main_op=bump)
        with pytest.raises(AssertionError, match="already been saved"):
            builder.add_meta_graph_and_variables(sess, ["other"])
        builder.add_meta_graph(["serve", "gpu"])
        with pytest.raises(AssertionError, match="already added"):
            builder.add_meta_graph(["gpu", "serve"])
        assert builder.save().endswith(b"saved_model.json")
        sess.close()
    with tf.Graph().as_default() as graph, tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["train"], export_dir, import_scope="m")
        assert meta.signature_def["reg"].outputs["out"].name == "y:0"
        # the main op ran once after the restore
        assert sess.run(graph.get_tensor_by_name("m/counter:0")) == 5.0
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["gpu", "serve"], export_dir)
        assert dict(meta.signature_def) == {}
        np.testing.assert_allclose(sess.run("y:0", {"x:0": [[1.0, 0.0]]}), [trained[0]])
        with pytest.raises(RuntimeError, match="tags \\['eval'\\] could not be found"):
            tf.saved_model.loader.load(sess, ["eval"], export_dir)


def test_misuse_is_refused(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "file").write_text("x")
    with pytest.raises(AssertionError, match="already exists, and isn't empty"):
        tf.saved_model.builder.SavedModelBuilder(str(tmp_path / "full"))
    with pytest.raises(OSError, match="SavedModel file does not exist"):
        with tf.Graph().as_default(), tf.Session() as sess:
            tf.saved_model.loader.load(sess, ["serve"], str(tmp_path / "nowhere"))
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Prediction inputs must be a non-empty dict"):
            tf.saved_model.signature_def_utils.predict_signature_def({}, {})
        builder = tf.saved_model.builder.SavedModelBuilder(str(tmp_path / "new"))
        with pytest.raises(AssertionError, match="add_meta_graph_and_variables"):
            builder.add_meta_graph(["serve"])
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "saved_model.json").write_text('{"format": "other"}')
    with tf.Graph().as_default(), tf.Session() as sess:
        with pytest.raises(tf.train.MetaGraphError, match="not a SavedModel written by"):
            tf.saved_model.loader.load(sess, ["serve"], str(tmp_path / "bad"))
