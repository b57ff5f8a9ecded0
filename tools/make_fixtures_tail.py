"""Fixtures for the long-tail TF1 API (issue 20, part b), computed with real TensorFlow.

Run with the TensorFlow venv from the repository root:
    /work/tfvenv/bin/python tools/make_fixtures_tail.py
Writes tests/fixtures/tail/: graphs frozen by TensorFlow (``*_frozen.pb``) with the inputs fed
and the outputs TensorFlow computed (``graph_exchange.npz``).
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "tail")


def freeze(build, inputs, output_name, file_name, arrays):
    """Builds a model in a fresh graph, freezes it and records its output on ``inputs``."""
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(7)
        build()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = tf.graph_util.convert_variables_to_constants(
                sess, graph.as_graph_def(), [output_name])
            arrays[file_name + "_out"] = sess.run(output_name + ":0", {"x:0": inputs})
    arrays[file_name + "_in"] = inputs
    with open(os.path.join(OUT, file_name + "_frozen.pb"), "wb") as f:
        f.write(frozen.SerializeToString())


def dense(x, units, name):
    w = tf.get_variable(name + "/kernel", [x.shape[-1], units])
    b = tf.get_variable(name + "/bias", [units], initializer=tf.random_normal_initializer())
    return tf.nn.bias_add(tf.matmul(x, w), b)


def mlp():
    x = tf.placeholder(tf.float32, [None, 6], name="x")
    h = tf.nn.relu(dense(x, 8, "dense"))
    h = tf.nn.tanh(dense(h, 5, "dense_1"))
    logits = dense(h, 3, "dense_2")
    tf.nn.softmax(logits, name="probs")


def cnn():
    x = tf.placeholder(tf.float32, [None, 8, 8, 2], name="x")
    kernel = tf.get_variable("conv/kernel", [3, 3, 2, 4])
    h = tf.nn.relu(tf.nn.conv2d(x, kernel, [1, 1, 1, 1], "SAME") + tf.get_variable(
        "conv/bias", [4], initializer=tf.random_normal_initializer()))
    h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    h = tf.nn.avg_pool(h, [1, 2, 2, 1], [1, 1, 1, 1], "VALID")
    h = tf.reshape(h, [-1, 3 * 3 * 4])
    h = tf.concat([h, tf.reduce_mean(h, axis=1, keepdims=True)], axis=1)
    logits = dense(h, 5, "dense")
    tf.identity(tf.nn.sigmoid(logits) * 2.0 - tf.reduce_max(logits, axis=1, keepdims=True),
                name="out")


def nn_values():
    """Inputs and TensorFlow's outputs (and gradients) of the tf.nn long-tail functions."""
    rng = np.random.RandomState(3)
    x = rng.randn(2, 4, 6, 8)
    w = rng.rand(2, 4, 6, 1) + 0.5
    scale, offset = rng.rand(8) + 0.5, rng.randn(8)
    mean, var = rng.randn(8), rng.rand(8) + 0.5
    filt = rng.randn(3, 3, 8, 5)
    grad_out = rng.randn(2, 2, 3, 5)
    arrays = {"x": x, "w": w, "scale": scale, "offset": offset, "mean": mean, "var": var,
              "filter": filt, "grad_out": grad_out}
    with tf.Graph().as_default(), tf.Session() as sess:
        xt = tf.constant(x)
        outputs = {
            "swish": tf.nn.swish(xt), "crelu": tf.nn.crelu(xt),
            "zero_fraction": tf.nn.zero_fraction(tf.nn.relu(xt)),
            "space_to_depth": tf.nn.space_to_depth(xt, 2),
            "depth_to_space": tf.nn.depth_to_space(xt, 2),
            "conv_input_grad": tf.nn.conv2d_backprop_input(
                [2, 4, 6, 8], tf.constant(filt), tf.constant(grad_out), [1, 2, 2, 1], "SAME"),
            "conv_filter_grad": tf.nn.conv2d_backprop_filter(
                xt, [3, 3, 8, 5], tf.constant(grad_out), [1, 2, 2, 1], "SAME"),
        }
        wm, wv = tf.nn.weighted_moments(xt, [0, 1, 2], tf.constant(w))
        nm, nv = tf.nn.normalize_moments(tf.constant(5.0, tf.float64), tf.constant(x[0, 0, 0]),
                                         tf.constant(x[0, 0, 1] ** 2 + 3), tf.constant(0.5,
                                                                                     tf.float64))
        x32 = tf.constant(x.astype(np.float32))
        fy, fm, fv = tf.nn.fused_batch_norm(x32, scale.astype(np.float32),
                                            offset.astype(np.float32), epsilon=1e-3)
        iy, _, _ = tf.nn.fused_batch_norm(x32, scale.astype(np.float32),
                                          offset.astype(np.float32), mean.astype(np.float32),
                                          var.astype(np.float32), is_training=False)
        pooled, argmax = tf.nn.max_pool_with_argmax(x32, [1, 3, 2, 1], [1, 2, 2, 1], "SAME",
                                                    include_batch_in_index=True)
        outputs.update(argmax_values=pooled, argmax_index=argmax)
        # TF's LRN kernel takes float32 only
        outputs["lrn"] = tf.nn.lrn(x32, depth_radius=2, bias=1.5, alpha=0.3, beta=0.75)
        outputs["lrn_grad"] = tf.gradients(outputs["lrn"] * outputs["lrn"], x32)[0]
        outputs.update({"weighted_mean": wm, "weighted_variance": wv, "normalize_mean": nm,
                        "normalize_variance": nv, "fused_y": fy, "fused_mean": fm,
                        "fused_variance": fv, "fused_inference_y": iy})
        for key in ("swish", "crelu"):
            outputs[key + "_grad"] = tf.gradients(outputs[key] * outputs[key], xt)[0]
        values = sess.run(outputs)
    arrays.update(values)
    return arrays


def sampled_loss_values():
    """nce_loss and sampled_softmax_loss with fixed sampled classes (so deterministic), their
    gradients, and the expected counts of the samplers drawing with replacement."""
    rng = np.random.RandomState(5)
    weights, biases = rng.randn(12, 4), rng.randn(12)
    inputs = rng.randn(3, 4)
    labels = np.array([[1, 7], [3, 3], [11, 0]], np.int64)
    sampled = np.array([0, 5, 3, 9, 2], np.int64)
    true_count, sampled_count = rng.rand(3, 2) + 0.1, rng.rand(5) + 0.1
    arrays = {"weights": weights, "biases": biases, "inputs": inputs, "labels": labels,
              "sampled": sampled, "true_count": true_count, "sampled_count": sampled_count}
    with tf.Graph().as_default(), tf.Session() as sess:
        w, b, x = tf.constant(weights), tf.constant(biases), tf.constant(inputs)
        values = (tf.constant(sampled), tf.constant(true_count), tf.constant(sampled_count))
        outputs = {}
        for hits in (False, True):
            suffix = "_hits" if hits else ""
            outputs["nce" + suffix] = tf.nn.nce_loss(w, b, labels, x, 5, 12, num_true=2,
                                                     sampled_values=values,
                                                     remove_accidental_hits=hits)
            outputs["ssm" + suffix] = tf.nn.sampled_softmax_loss(
                w, b, labels, x, 5, 12, num_true=2, sampled_values=values,
                remove_accidental_hits=hits)
        for key in list(outputs):
            grads = tf.gradients(tf.reduce_sum(outputs[key] ** 2), [w, b, x])
            outputs.update({key + "_grad_" + wrt: tf.convert_to_tensor(g)
                            for wrt, g in zip("wbx", grads)})
        for kind, sampler in (("uniform", tf.nn.uniform_candidate_sampler),
                              ("log_uniform", tf.nn.log_uniform_candidate_sampler)):
            outputs[kind + "_true_count"] = sampler(labels, 2, 5, False, 12)[1]
        outputs["unigram_true_count"] = tf.nn.fixed_unigram_candidate_sampler(
            labels, 2, 5, False, 12, distortion=0.75, num_reserved_ids=1,
            unigrams=list(range(1, 12)))[1]
        arrays.update(sess.run(outputs))
    return {k: np.asarray(v) for k, v in arrays.items()}


OPTIMIZERS = {
    "ftrl": lambda step: tf.train.FtrlOptimizer(0.3, initial_accumulator_value=0.2),
    "ftrl_l1_l2": lambda step: tf.train.FtrlOptimizer(
        0.3, l1_regularization_strength=0.05, l2_regularization_strength=0.1),
    "ftrl_power_shrinkage": lambda step: tf.train.FtrlOptimizer(
        0.3, learning_rate_power=-0.7, l1_regularization_strength=0.01,
        l2_shrinkage_regularization_strength=0.2),
    "proximal_gd": lambda step: tf.train.ProximalGradientDescentOptimizer(0.1),
    "proximal_gd_l1_l2": lambda step: tf.train.ProximalGradientDescentOptimizer(
        0.1, l1_regularization_strength=0.3, l2_regularization_strength=0.2),
    "proximal_adagrad": lambda step: tf.train.ProximalAdagradOptimizer(0.2),
    "proximal_adagrad_l1_l2": lambda step: tf.train.ProximalAdagradOptimizer(
        0.2, l1_regularization_strength=0.1, l2_regularization_strength=0.3),
    "adagrad_da": lambda step: tf.train.AdagradDAOptimizer(0.2, step),
    "adagrad_da_l1_l2": lambda step: tf.train.AdagradDAOptimizer(
        0.2, step, l1_regularization_strength=0.05, l2_regularization_strength=0.1),
}


def optimizer_values():
    """Each optimizer's Variable after each of 4 steps on ``sum(c * w^2 + w)``."""
    # float32: TF1 casts no hyperparameter to float64 for the proximal kernels
    arrays = {"initial": np.array([1.0, -2.0, 0.5, 0.0], np.float32),
              "c": np.array([1.0, 0.5, 2.0, 0.3], np.float32)}
    for key, make in OPTIMIZERS.items():
        with tf.Graph().as_default(), tf.Session() as sess:
            step = tf.train.get_or_create_global_step()
            w = tf.Variable(arrays["initial"])
            loss = tf.reduce_sum(arrays["c"] * w * w + w)
            train = make(step).minimize(loss, global_step=step)
            sess.run(tf.global_variables_initializer())
            history = []
            for _ in range(4):
                sess.run(train)
                history.append(sess.run(w))
            arrays[key] = np.array(history)
    steps = np.array([0, 30, 100, 150, 299, 300, 700, 1000])
    arrays["schedule_steps"] = steps
    with tf.Graph().as_default(), tf.Session() as sess:
        step = tf.placeholder(tf.int64, [])
        schedules = {
            "restarts": tf.train.cosine_decay_restarts(0.5, step, 100),
            "restarts_t1_m": tf.train.cosine_decay_restarts(0.5, step, 100, t_mul=1.0,
                                                            m_mul=0.7, alpha=0.1),
            "restarts_t3": tf.train.cosine_decay_restarts(0.5, step, 50, t_mul=3.0, m_mul=0.9),
            "linear_cosine": tf.train.linear_cosine_decay(0.5, step, 400),
            "linear_cosine_periods": tf.train.linear_cosine_decay(0.5, step, 400, num_periods=2,
                                                                  alpha=0.1, beta=0.01),
        }
        for key, tensor in schedules.items():
            arrays[key] = np.array([sess.run(tensor, {step: s}) for s in steps])
    return arrays


def array_values():
    """TensorFlow's results of the array/math long tail on fixed inputs."""
    rng = np.random.RandomState(11)
    x = rng.randn(3, 4)
    grid = np.arange(2 * 5 * 6 * 3, dtype=np.float32).reshape(2, 5, 6, 3)
    with tf.Graph().as_default(), tf.Session() as sess:
        outputs = {
            "meshgrid_xy": tf.meshgrid([1.0, 2.0, 3.0], [4.0, 5.0]),
            "meshgrid_ij": tf.meshgrid([1, 2, 3], [4, 5], [6, 7, 8, 9], indexing="ij"),
            "roll": tf.roll(x, [1, -3], [0, 1]),
            "repeat_axis": tf.repeat(x, [1, 0, 2], axis=0),
            "repeat_flat": tf.repeat(x, 2),
            "div_no_nan": tf.div_no_nan(x, np.where(x > 0, x, 0.0)),
            "logical_xor": tf.logical_xor([True, True, False, False], [True, False, True, False]),
            "bincount": tf.bincount([3, 1, 1, 7, 0], minlength=10),
            "bincount_weights": tf.bincount([3, 1, 1], weights=[0.5, 1.0, 2.0]),
            "bincount_max": tf.bincount([3, 1, 1, 7], maxlength=4),
            "histogram": tf.histogram_fixed_width([-1.0, 0.0, 1.5, 2.0, 4.9, 5.0, 9.0],
                                                  [0.0, 5.0], nbins=5),
            "confusion": tf.confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 1, 1]),
            "confusion_weights": tf.confusion_matrix([0, 1], [1, 1], num_classes=3,
                                                     weights=[2, 5]),
            "unravel": tf.unravel_index([22, 41, 37], [7, 6]),
            "invert_permutation": tf.invert_permutation([3, 4, 0, 2, 1]),
            "searchsorted_left": tf.searchsorted([[0.0, 3.0, 9.0, 9.0, 10.0],
                                                  [1.0, 2.0, 3.0, 4.0, 5.0]],
                                                 [[2.0, 4.5, 9.0], [0.0, 5.0, 4.0]]),
            "searchsorted_right": tf.searchsorted([[0.0, 3.0, 9.0, 9.0, 10.0],
                                                   [1.0, 2.0, 3.0, 4.0, 5.0]],
                                                  [[2.0, 4.5, 9.0], [0.0, 5.0, 4.0]],
                                                  side="right"),
            "broadcast_dynamic": tf.broadcast_dynamic_shape([2, 1, 3], [4, 1]),
            "space_to_batch_nd": tf.space_to_batch_nd(grid, [2, 3], [[1, 0], [0, 0]]),
            "batch_to_space_nd": tf.batch_to_space_nd(grid, [2, 1], [[0, 1], [1, 1]]),
            "space_to_batch": tf.space_to_batch(grid[:, :4], [[0, 0], [1, 1]], 2),
        }
        values = sess.run(outputs)
    arrays = {"x": x}
    for key, value in values.items():
        if isinstance(value, list):
            arrays.update({"%s_%d" % (key, i): v for i, v in enumerate(value)})
        else:
            arrays[key] = value
    return arrays


def distribution_values():
    """TensorFlow's log_prob/prob/entropy/mean/stddev/KL of tf.distributions on fixed
    parameters and values."""
    ds = tf.distributions
    value = np.array([[0.3, -1.2], [2.0, 0.7]], np.float32)
    with tf.Graph().as_default(), tf.Session() as sess:
        normal = ds.Normal(loc=[0.5, -1.0], scale=[1.5, 0.4])
        other_normal = ds.Normal(loc=[0.0, 0.2], scale=[1.0, 2.0])
        uniform = ds.Uniform(low=[-1.0, 0.0], high=[1.0, 3.0])
        bern = ds.Bernoulli(logits=[-0.4, 1.3])
        other_bern = ds.Bernoulli(probs=[0.5, 0.2])
        cat = ds.Categorical(logits=[[0.1, 1.0, -0.5], [2.0, 0.0, 0.3]])
        other_cat = ds.Categorical(probs=[[0.2, 0.3, 0.5], [0.6, 0.2, 0.2]])
        multi = ds.Multinomial(total_count=5.0, probs=[0.2, 0.3, 0.5])
        outputs = {
            "normal_log_prob": normal.log_prob(value), "normal_prob": normal.prob(value),
            "normal_cdf": normal.cdf(value), "normal_entropy": normal.entropy(),
            "normal_mean": normal.mean(), "normal_stddev": normal.stddev(),
            "normal_kl": ds.kl_divergence(normal, other_normal),
            "uniform_log_prob": uniform.log_prob([[0.5, 2.0], [-0.5, 1.0]]),
            "uniform_entropy": uniform.entropy(), "uniform_mean": uniform.mean(),
            "uniform_stddev": uniform.stddev(),
            "bern_log_prob": bern.log_prob([[1, 0], [0, 1]]), "bern_entropy": bern.entropy(),
            "bern_mean": bern.mean(), "bern_stddev": bern.stddev(),
            "bern_kl": ds.kl_divergence(bern, other_bern),
            "cat_log_prob": cat.log_prob([2, 0]), "cat_prob": cat.prob([1, 1]),
            "cat_entropy": cat.entropy(), "cat_kl": ds.kl_divergence(cat, other_cat),
            "multi_log_prob": multi.log_prob([1.0, 1.0, 3.0]), "multi_mean": multi.mean(),
            "multi_stddev": multi.stddev(),
        }
        return {k: np.asarray(v) for k, v in sess.run(outputs).items()}


def image_values():
    """TensorFlow's colour adjustments of a float and a uint8 image."""
    rng = np.random.RandomState(13)
    float_image = rng.rand(2, 4, 5, 3).astype(np.float32)
    int_image = rng.randint(0, 256, (4, 5, 3)).astype(np.uint8)
    with tf.Graph().as_default(), tf.Session() as sess:
        outputs = {}
        for kind, image in (("float", float_image), ("uint8", int_image)):
            outputs.update({
                kind + "_brightness": tf.image.adjust_brightness(image, 0.2),
                kind + "_contrast": tf.image.adjust_contrast(image, 1.7),
                kind + "_gamma": tf.image.adjust_gamma(image, 0.6, 1.1),
                kind + "_hue": tf.image.adjust_hue(image, 0.3),
                kind + "_hue_negative": tf.image.adjust_hue(image, -0.45),
                kind + "_saturation": tf.image.adjust_saturation(image, 1.6)})
        outputs["hsv"] = tf.image.rgb_to_hsv(float_image)
        crop_boxes = np.array([[0.1, 0.2, 0.8, 0.9], [0.5, 0.5, 0.5, 0.5], [-0.2, 0.3, 0.6, 1.4],
                               [0.9, 0.8, 0.2, 0.1]], np.float32)
        image_t = tf.constant(float_image)
        boxes_t = tf.constant(crop_boxes)
        crops = tf.image.crop_and_resize(image_t, boxes_t, [0, 1, 1, 0], [3, 4],
                                         extrapolation_value=-1.0)
        outputs["crops"] = crops
        outputs["crops_single"] = tf.image.crop_and_resize(image_t, boxes_t, [0, 1, 1, 0],
                                                           [1, 1])
        outputs["crops_grad_image"], outputs["crops_grad_boxes"] = tf.gradients(
            tf.reduce_sum(crops * crops), [image_t, boxes_t])
        arrays_extra = {"crop_boxes": crop_boxes}
        corners = rng.rand(40, 2, 2).astype(np.float32) * 10
        boxes = np.concatenate([corners[:, 0], corners[:, 0] + rng.rand(40, 2) * 4], 1)
        boxes[::3] = boxes[::3][:, [2, 3, 0, 1]]  # some boxes with their corners swapped
        scores = rng.rand(40).astype(np.float32)
        outputs["nms"] = tf.image.non_max_suppression(boxes, scores, 15, 0.3)
        outputs["nms_threshold"] = tf.image.non_max_suppression(boxes, scores, 30, 0.6, 0.4)
        arrays = sess.run(outputs)
    arrays.update(float_image=float_image, uint8_image=int_image, boxes=boxes, scores=scores,
                  **arrays_extra)
    return arrays


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.RandomState(0)
    arrays = {}
    freeze(mlp, rng.randn(4, 6).astype(np.float32), "probs", "mlp", arrays)
    freeze(cnn, rng.randn(2, 8, 8, 2).astype(np.float32), "out", "cnn", arrays)
    np.savez(os.path.join(OUT, "graph_exchange.npz"), **arrays)
    np.savez(os.path.join(OUT, "nn.npz"), **nn_values())
    np.savez(os.path.join(OUT, "sampled_losses.npz"), **sampled_loss_values())
    np.savez(os.path.join(OUT, "optimizers.npz"), **optimizer_values())
    np.savez(os.path.join(OUT, "array_tail.npz"), **array_values())
    np.savez(os.path.join(OUT, "distributions.npz"), **distribution_values())
    np.savez(os.path.join(OUT, "image_adjust.npz"), **image_values())


if __name__ == "__main__":
    main()
