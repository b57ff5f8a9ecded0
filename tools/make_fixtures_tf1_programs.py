"""Fixtures for tests/test_tf1_programs_*.py, computed by real TensorFlow (graph mode).

    TF_USE_LEGACY_KERAS=1 PYTHONPATH=<dir with tf-keras> /work/tfvenv/bin/python \
        tools/make_fixtures_tf1_programs.py

(tf.compat.v1.layers lives in the tf-keras package from TF 2.16 on.) Writes
tests/fixtures/tf1_programs/programs.json (names and small values) and metrics.npz.
"""
import json
import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
import tensorflow.compat.v1 as tf  # noqa: E402

tf.disable_v2_behavior()
OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests",
                   "fixtures", "tf1_programs")


def gan_discriminator_names():
    """A GAN discriminator called on real and fake images, the second time with reuse=True."""
    tf.reset_default_graph()
    real = tf.placeholder(tf.float32, [None, 8, 8, 1], name="real")
    fake = tf.placeholder(tf.float32, [None, 8, 8, 1], name="fake")

    def discriminator(images, reuse=False):
        with tf.variable_scope("Discriminator", reuse=reuse):
            h = tf.layers.conv2d(images, 4, 3, activation=tf.nn.relu)
            h = tf.layers.conv2d(h, 4, 3, activation=tf.nn.relu)
            h = tf.layers.batch_normalization(h)
            return tf.layers.dense(tf.layers.flatten(h), 1)
    d_real = discriminator(real)
    d_fake = discriminator(fake, reuse=True)
    return {"variables": [v.name for v in tf.global_variables()],
            "outputs": [d_real.name, d_fake.name]}


def cross_entropy_flattened():
    """softmax_cross_entropy_with_logits_v2 with labels=[y]: [1, ?, 7] against [?, 7]."""
    tf.reset_default_graph()
    rng = np.random.RandomState(0)
    logits_value = rng.randn(3, 7).astype(np.float32)
    labels_value = rng.dirichlet(np.ones(7), 3).astype(np.float32)
    logits = tf.placeholder(tf.float32, [None, 7])
    labels = tf.placeholder(tf.float32, [None, 7])
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=[labels])
    grad, = tf.gradients(tf.reduce_sum(loss), [logits])
    with tf.Session() as sess:
        loss_value, grad_value = sess.run([loss, grad], {logits: logits_value,
                                                         labels: labels_value})
    return {"logits": logits_value.tolist(), "labels": labels_value.tolist(),
            "static_shape": loss.shape.as_list(), "loss": loss_value.tolist(),
            "grad": grad_value.tolist()}


def contrib_layers():
    """contrib is gone from TF 2: its layers' values computed by the core TF ops they are
    defined by (batch_norm: layers.batch_normalization with decay 0.999 and no gamma;
    layer_norm: moments over the non-batch axes, epsilon 1e-12; sequence_loss: the weighted
    sparse softmax cross-entropy, in each averaging mode)."""
    tf.reset_default_graph()
    rng = np.random.RandomState(1)
    x_value = rng.randn(6, 5).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 5])
    training = tf.placeholder(tf.bool, [])
    bn = tf.layers.batch_normalization(x, momentum=0.999, epsilon=0.001, scale=False,
                                       training=training)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    mean, variance = tf.nn.moments(tf.reshape(x, [6, 5]), [1], keep_dims=True)
    ln = tf.nn.batch_normalization(x, mean, variance, None, None, 1e-12)
    logits_value = rng.randn(2, 4, 6).astype(np.float32)
    targets_value = rng.randint(0, 6, (2, 4)).astype(np.int32)
    weights_value = np.array([[1, 1, 1, 0], [1, 1, 0, 0]], np.float32)
    crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.constant(targets_value), logits=tf.constant(logits_value)) * weights_value
    w = tf.constant(weights_value)
    nonzero = tf.cast(tf.count_nonzero(w, axis=1), tf.float32)
    modes = {"both": tf.reduce_sum(crossent) / (tf.reduce_sum(w) + 1e-12),
             "timesteps": tf.reduce_sum(crossent, 1) / (tf.reduce_sum(w, 1) + 1e-12),
             "batch": tf.reduce_sum(crossent, 0) / (tf.reduce_sum(w, 0) + 1e-12),
             "none": crossent,
             "sum_over_timesteps": tf.reduce_sum(crossent, 1) / (nonzero + 1e-12)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        train_out, _ = sess.run([bn, updates], {x: x_value, training: True})
        moving = sess.run([v for v in tf.global_variables() if "moving" in v.name])
        infer_out = sess.run(bn, {x: x_value, training: False})
        ln_out, loss_values = sess.run([ln, modes], {x: x_value})
    return {"x": x_value.tolist(), "batch_norm_train": train_out.tolist(),
            "batch_norm_moving": [m.tolist() for m in moving],
            "batch_norm_infer": infer_out.tolist(), "layer_norm": ln_out.tolist(),
            "logits": logits_value.tolist(), "targets": targets_value.tolist(),
            "weights": weights_value.tolist(),
            "sequence_loss": {k: np.asarray(v).tolist() for k, v in loss_values.items()}}


def metric_batches():
    """Two batches of inputs for every kind of metric: class ids, binary labels and scores,
    regression targets, weights."""
    rng = np.random.RandomState(2)
    batches = []
    for size in (8, 8):
        labels01 = rng.randint(0, 2, size)
        batches.append({
            "classes": rng.randint(0, 4, size), "class_predictions": rng.randint(0, 4, size),
            "binary": labels01, "binary_predictions": rng.randint(0, 2, size),
            "scores": np.clip(0.3 * labels01 + 0.7 * rng.rand(size), 0, 1).round(3),
            "targets": rng.randn(size).round(3), "estimates": rng.randn(size).round(3),
            "weights": rng.choice([0.0, 0.5, 1.0, 2.0], size),
            "normalizer": rng.choice([0.0, 1.0, 2.0], size),
            "unit_a": _unit(rng.randn(size, 3)), "unit_b": _unit(rng.randn(size, 3)),
            # 5 classes; label 5 is out of range; repeated labels in a row are one label
            "logits": rng.randn(size, 5).round(3), "class_labels": rng.randint(0, 5, size),
            "multi_labels": rng.randint(0, 6, (size, 3))})
        batches[-1]["top_ids"] = np.argsort(-batches[-1]["logits"], axis=1)[:, :2]
    return batches


def _unit(vectors):
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).round(5)


# (case name, tf.metrics function, {argument: batch key}, {argument: static value})
METRIC_CASES = [
    ("accuracy", "accuracy", {"labels": "classes", "predictions": "class_predictions"}, {}),
    ("accuracy_weighted", "accuracy", {"labels": "classes", "predictions": "class_predictions",
                                       "weights": "weights"}, {}),
    ("mean", "mean", {"values": "estimates", "weights": "weights"}, {}),
    ("mean_tensor", "mean_tensor", {"values": "estimates"}, {}),
    ("mean_absolute_error", "mean_absolute_error", {"labels": "targets",
                                                    "predictions": "estimates"}, {}),
    ("mean_squared_error", "mean_squared_error", {"labels": "targets", "predictions": "estimates",
                                                  "weights": "weights"}, {}),
    ("root_mean_squared_error", "root_mean_squared_error",
     {"labels": "targets", "predictions": "estimates"}, {}),
    ("mean_relative_error", "mean_relative_error", {"labels": "targets",
                                                    "predictions": "estimates",
                                                    "normalizer": "normalizer"}, {}),
    ("mean_cosine_distance", "mean_cosine_distance", {"labels": "unit_a",
                                                      "predictions": "unit_b"}, {"dim": 1}),
    ("percentage_below", "percentage_below", {"values": "estimates"}, {"threshold": 0.2}),
    ("precision", "precision", {"labels": "binary", "predictions": "binary_predictions"}, {}),
    ("recall_weighted", "recall", {"labels": "binary", "predictions": "binary_predictions",
                                   "weights": "weights"}, {}),
    ("true_positives", "true_positives", {"labels": "binary",
                                          "predictions": "binary_predictions"}, {}),
    ("false_positives", "false_positives", {"labels": "binary",
                                            "predictions": "binary_predictions"}, {}),
    ("true_negatives", "true_negatives", {"labels": "binary",
                                          "predictions": "binary_predictions"}, {}),
    ("false_negatives", "false_negatives", {"labels": "binary",
                                            "predictions": "binary_predictions",
                                            "weights": "weights"}, {}),
    ("auc", "auc", {"labels": "binary", "predictions": "scores"}, {}),
    ("auc_weighted_few_thresholds", "auc", {"labels": "binary", "predictions": "scores",
                                            "weights": "weights"}, {"num_thresholds": 7}),
    ("auc_pr", "auc", {"labels": "binary", "predictions": "scores"}, {"curve": "PR"}),
    ("auc_pr_careful", "auc", {"labels": "binary", "predictions": "scores"},
     {"curve": "PR", "summation_method": "careful_interpolation"}),
    ("auc_minoring", "auc", {"labels": "binary", "predictions": "scores"},
     {"summation_method": "minoring", "num_thresholds": 11}),
    ("auc_majoring", "auc", {"labels": "binary", "predictions": "scores"},
     {"summation_method": "majoring", "num_thresholds": 11}),
    ("precision_at_thresholds", "precision_at_thresholds",
     {"labels": "binary", "predictions": "scores"}, {"thresholds": [0.3, 0.5, 0.7]}),
    ("recall_at_thresholds", "recall_at_thresholds",
     {"labels": "binary", "predictions": "scores", "weights": "weights"},
     {"thresholds": [0.3, 0.5, 0.7]}),
    ("false_positives_at_thresholds", "false_positives_at_thresholds",
     {"labels": "binary", "predictions": "scores"}, {"thresholds": [0.3, 0.5, 0.7]}),
    ("sensitivity_at_specificity", "sensitivity_at_specificity",
     {"labels": "binary", "predictions": "scores"}, {"specificity": 0.6, "num_thresholds": 21}),
    ("specificity_at_sensitivity", "specificity_at_sensitivity",
     {"labels": "binary", "predictions": "scores", "weights": "weights"},
     {"sensitivity": 0.7}),
    ("precision_at_k", "precision_at_k", {"labels": "multi_labels", "predictions": "logits"},
     {"k": 2}),
    ("precision_at_k_class", "precision_at_k",
     {"labels": "multi_labels", "predictions": "logits", "weights": "weights"},
     {"k": 3, "class_id": 1}),
    ("recall_at_k", "recall_at_k", {"labels": "multi_labels", "predictions": "logits",
                                    "weights": "weights"}, {"k": 2}),
    ("recall_at_k_single_label", "recall_at_k", {"labels": "class_labels",
                                                 "predictions": "logits"}, {"k": 1}),
    ("recall_at_k_class", "recall_at_k", {"labels": "multi_labels", "predictions": "logits"},
     {"k": 2, "class_id": 3}),
    ("precision_at_top_k", "precision_at_top_k",
     {"labels": "multi_labels", "predictions_idx": "top_ids"}, {"k": 2}),
    ("recall_at_top_k", "recall_at_top_k",
     {"labels": "class_labels", "predictions_idx": "top_ids"}, {}),
    ("sparse_precision_at_k", "sparse_precision_at_k",
     {"labels": "class_labels", "predictions": "logits"}, {"k": 3}),
    ("mean_iou", "mean_iou", {"labels": "classes", "predictions": "class_predictions"},
     {"num_classes": 5}),
    ("mean_iou_weighted", "mean_iou", {"labels": "classes", "predictions": "class_predictions",
                                       "weights": "weights"}, {"num_classes": 4}),
    ("mean_per_class_accuracy", "mean_per_class_accuracy",
     {"labels": "classes", "predictions": "class_predictions"}, {"num_classes": 4}),
]
_BOOLEAN_ARGUMENTS = {"precision", "recall", "true_positives", "false_positives",
                      "true_negatives", "false_negatives"}


def metrics():
    """Each metric fed the two batches: the update op's result after each, the final value,
    and the metric's local Variables."""
    batches = metric_batches()
    results = {}
    for case, function, fed, static in METRIC_CASES:
        tf.reset_default_graph()
        placeholders = {}
        for argument, key in fed.items():
            value = np.asarray(batches[0][key])
            if function in _BOOLEAN_ARGUMENTS and argument in ("labels", "predictions"):
                dtype = tf.bool
            elif value.dtype.kind in "iu":
                dtype = tf.int64
            else:
                dtype = tf.float32
            placeholders[argument] = tf.placeholder(dtype, value.shape)
        value_t, update_t = getattr(tf.metrics, function)(**placeholders, **static)
        updates = []
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            for batch in batches:
                feed = {placeholders[a]: batch[k] for a, k in fed.items()}
                updates.append(np.asarray(sess.run(update_t, feed)).tolist())
            final = np.asarray(sess.run(value_t)).tolist()
        results[case] = {"function": function, "fed": fed, "static": static,
                         "updates": updates, "value": final,
                         "local_variables": [v.op.name for v in tf.local_variables()],
                         "metric_variables": len(tf.get_collection("metric_variables"))}
    serialized = [{k: np.asarray(v).tolist() for k, v in batch.items()} for batch in batches]
    return {"batches": serialized, "cases": results}


SECTIONS = {"metrics": metrics,
            "contrib_layers": contrib_layers,
            "gan_discriminator": gan_discriminator_names,
            "cross_entropy_flattened": cross_entropy_flattened}


def main():
    os.makedirs(OUT, exist_ok=True)
    programs = {name: make() for name, make in SECTIONS.items()}
    with open(os.path.join(OUT, "programs.json"), "w") as handle:
        json.dump(programs, handle, indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
