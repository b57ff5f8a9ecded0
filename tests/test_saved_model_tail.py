"""tf.saved_model's constants (TensorFlow's values), main_op, contains_saved_model,
is_valid_signature (TF1's serving rules), Asset, SaveOptions and the TF2-only placeholders."""
import pytest

import autograd_engine as tf


def test_constants_have_tensorflows_values():
    # The values printed by tensorflow-cpu 2.x for tf.compat.v1.saved_model.*
    expected = {"ASSETS_DIRECTORY": "assets", "ASSETS_KEY": "saved_model_assets",
                "DEBUG_DIRECTORY": "debug", "DEBUG_INFO_FILENAME_PB": "saved_model_debug_info.pb",
                "LEGACY_INIT_OP_KEY": "legacy_init_op", "MAIN_OP_KEY": "saved_model_main_op",
                "SAVED_MODEL_FILENAME_PB": "saved_model.pb",
                "SAVED_MODEL_FILENAME_PBTXT": "saved_model.pbtxt",
                "SAVED_MODEL_SCHEMA_VERSION": 1, "VARIABLES_DIRECTORY": "variables",
                "VARIABLES_FILENAME": "variables"}
    for name, value in expected.items():
        assert getattr(tf.saved_model, name) == value
        assert getattr(tf.saved_model.constants, name) == value
    assert tf.saved_model.Builder is tf.saved_model.builder.SavedModelBuilder


def test_main_op_initializes_variables_and_tables_and_runs_after_load(tmp_path):
    export_dir = str(tmp_path / "model")
    with tf.Graph().as_default():
        counter = tf.Variable(0, name="counter")
        local = tf.get_local_variable("local", initializer=tf.constant(5))
        table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer([1], [7]), -1)
        found = table.lookup(tf.constant([1, 2]))
        with tf.Session() as sess:
            sess.run(tf.saved_model.main_op.main_op())
            assert sess.run([counter, local]) == [0, 5]
            assert list(sess.run(found)) == [7, -1]
            sess.run(counter.assign(3))
            builder = tf.saved_model.Builder(export_dir)
            builder.add_meta_graph_and_variables(sess, [tf.saved_model.tag_constants.SERVING],
                                                 main_op=tf.saved_model.main_op.main_op())
            builder.save()
    assert tf.saved_model.contains_saved_model(export_dir)
    assert not tf.saved_model.contains_saved_model(str(tmp_path))


def test_main_op_with_restore_runs_the_named_op_after_main_op():
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="v")
        restore = tf.assign(v, 4.0, name="restore_like").op
        op = tf.saved_model.main_op_with_restore("restore_like")
        assert op.type == "NoOp"
        with tf.Session() as sess:
            sess.run(op)
            assert sess.run(v) == 4.0
        assert tf.saved_model.main_op.main_op_with_restore(restore).type == "NoOp"


def _infos(**tensors):
    return {key: tf.saved_model.utils.build_tensor_info(t) for key, t in tensors.items()}


def test_is_valid_signature_follows_serving_rules():
    build = tf.saved_model.signature_def_utils.build_signature_def
    with tf.Graph().as_default():
        text = tf.placeholder(tf.string, [None])
        scores = tf.placeholder(tf.float32, [None, 3])
        ids = tf.placeholder(tf.int64, [None])
        classify = tf.saved_model.signature_constants.CLASSIFY_METHOD_NAME
        regress = tf.saved_model.signature_constants.REGRESS_METHOD_NAME
        valid = [
            tf.saved_model.predict_signature_def({"a": ids}, {"b": scores}),
            tf.saved_model.classification_signature_def(text, text, scores),
            tf.saved_model.classification_signature_def(text, None, scores),
            tf.saved_model.regression_signature_def(text, scores),
        ]
        invalid = [
            None,
            build(_infos(a=ids), {}, tf.saved_model.PREDICT_METHOD_NAME),
            build(_infos(inputs=scores), _infos(scores=scores), classify),  # float input
            build(_infos(inputs=text), _infos(classes=ids), classify),  # int classes
            build(_infos(inputs=text), _infos(scores=scores, other=scores), classify),
            build(_infos(inputs=text), _infos(outputs=ids), regress),  # int output
            build(_infos(inputs=text), _infos(outputs=scores), "custom/method"),
        ]
    assert [tf.saved_model.is_valid_signature(s) for s in valid] == [True] * len(valid)
    assert [tf.saved_model.is_valid_signature(s) for s in invalid] == [False] * len(invalid)
    assert tf.saved_model.signature_def_utils.is_valid_signature(valid[0])


def test_asset_and_save_options():
    with tf.Graph().as_default() as graph:
        asset = tf.saved_model.Asset("vocab.txt")
        from_tensor = tf.saved_model.Asset(tf.constant("other.txt"))
        assert graph.get_collection("asset_filepaths") == [asset.asset_path,
                                                           from_tensor.asset_path]
        assert tf.Session().run(from_tensor.asset_path) == b"other.txt"
        with pytest.raises(TypeError, match="string tensor"):
            tf.saved_model.Asset(tf.constant(1))
    options = tf.saved_model.SaveOptions(namespace_whitelist=["Custom"])
    assert options.namespace_whitelist == ["Custom"] and options.save_debug_info is False


@pytest.mark.parametrize("name", ["save", "load_v2"])
def test_object_based_saved_models_name_the_graph_mode_calls(name):
    with pytest.raises(NotImplementedError, match="simple_save|loader.load"):
        getattr(tf.saved_model, name)(object(), "/nonexistent")
    assert tf.saved_model.experimental.save is tf.saved_model.save
