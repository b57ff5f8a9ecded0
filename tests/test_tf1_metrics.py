"""tf.metrics against real TensorFlow: every metric fed the same two batches gives TF's update
results and final value, with TF's local Variables (tools/make_fixtures_tf1_programs.py)."""
import json
import os

import numpy as np
import pytest

import autograd_engine as tf

with open(os.path.join(os.path.dirname(__file__), "fixtures", "tf1_programs",
                       "programs.json")) as _handle:
    FIXTURE = json.load(_handle)["metrics"]
AT_K = {"precision_at_k", "recall_at_k", "precision_at_top_k", "recall_at_top_k",
        "sparse_precision_at_k"}
BOOLEAN_ARGUMENTS = {"precision", "recall", "true_positives", "false_positives",
                     "true_negatives", "false_negatives"}


@pytest.mark.parametrize("case", sorted(FIXTURE["cases"]))
def test_metric_matches_tf(case):
    spec = FIXTURE["cases"][case]
    batches = FIXTURE["batches"]
    placeholders = {}
    for argument, key in spec["fed"].items():
        value = np.asarray(batches[0][key])
        if spec["function"] in BOOLEAN_ARGUMENTS and argument in ("labels", "predictions"):
            dtype = tf.bool
        elif value.dtype.kind in "iu":
            dtype = tf.int64
        else:
            dtype = tf.float32
        placeholders[argument] = tf.placeholder(dtype, value.shape)
    value_t, update_t = getattr(tf.metrics, spec["function"])(**placeholders, **spec["static"])
    assert [v.op.name for v in tf.local_variables()] == spec["local_variables"]
    assert len(tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)) == spec["metric_variables"]
    assert tf.trainable_variables() == []
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        for batch, expected in zip(batches, spec["updates"]):
            feed = {placeholders[a]: batch[k] for a, k in spec["fed"].items()}
            np.testing.assert_allclose(sess.run(update_t, feed), expected, rtol=2e-5, atol=1e-6)
        np.testing.assert_allclose(sess.run(value_t), spec["value"], rtol=2e-5, atol=1e-6)
        sess.run(tf.local_variables_initializer())  # a reset starts the totals again
        if spec["function"] in AT_K:  # TF1 divides 0 by 0 there: NaN before any example
            with np.errstate(invalid="ignore"):
                assert np.isnan(sess.run(value_t))
        else:
            assert np.all(np.asarray(sess.run(value_t)) == 0)


def test_metrics_and_updates_collections_and_a_name():
    labels = tf.constant([1, 0, 1])
    value, update = tf.metrics.accuracy(labels, tf.constant([1, 1, 1]), name="train_accuracy",
                                        metrics_collections=["evaluation"],
                                        updates_collections=[tf.GraphKeys.UPDATE_OPS])
    assert tf.get_collection("evaluation") == [value]
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == [update]
    assert [v.op.name for v in tf.local_variables()] == ["train_accuracy/total",
                                                         "train_accuracy/count"]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(value) == 0  # nothing seen yet: 0, not a division by zero
        sess.run(update)
        assert sess.run(value) == pytest.approx(2 / 3)


def test_auc_refuses_unknown_curves_and_methods():
    with pytest.raises(ValueError, match="curve must be either ROC or PR"):
        tf.metrics.auc([0, 1], [0.2, 0.8], curve="DET")
    with pytest.raises(ValueError, match="Invalid summation_method"):
        tf.metrics.auc([0, 1], [0.2, 0.8], summation_method="simpson")
