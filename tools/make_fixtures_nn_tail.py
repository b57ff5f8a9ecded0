"""Fixtures for the tf.nn tail and tf.layers classes (issue 20, part f), computed with real
TensorFlow.

Run with the TensorFlow venv from the repository root (tf.layers needs tf_keras on the path):
    TF_USE_LEGACY_KERAS=1 PYTHONPATH=/tmp/i20a_tfkeras /work/tfvenv/bin/python \
        tools/make_fixtures_nn_tail.py
Writes tests/fixtures/nn_tail/nn.npz: the inputs (drawn from a fixed seed) and what TensorFlow
computes from them, one key per value; and layers.npz: tf.layers classes built with constant
initializers (``<case>_w<i>``), applied to an input (``<case>_in``), their outputs
(``<case>_out``) and their Variables' names (``<case>_names``).
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "nn_tail")


def inputs():
    rng = np.random.RandomState(20)
    return {
        "x3d": rng.randn(2, 5, 6, 4, 3),
        "f3d": rng.randn(3, 2, 3, 3, 4),
        "x2d": rng.randn(2, 7, 6, 3),
        "f2d": rng.randn(3, 3, 3, 4),
        "ft2d": rng.randn(3, 3, 2, 3),
        "fdw": rng.randn(3, 2, 3, 2),
        "x1d": rng.randn(2, 9, 3),
        "ft1d": rng.randn(3, 2, 3),
        "targets": rng.randint(0, 5, size=(4, 3)).astype(np.float64),
        "log_input": rng.randn(4, 3),
        "w": rng.randn(3, 5),
        "b": rng.randn(5),
        "m": rng.randn(3), "v": rng.rand(3) + 0.5, "beta": rng.randn(3), "gamma": rng.randn(3),
    }


def conv_values(x):
    c = {k: tf.constant(v) for k, v in x.items()}
    out = {}
    for name, strides, padding in (("v111", [1, 1, 1, 1, 1], "VALID"),
                                   ("s212", [1, 2, 1, 2, 1], "SAME"),
                                   ("s311", [1, 3, 1, 1, 1], "SAME")):
        y = tf.nn.conv3d(c["x3d"], c["f3d"], strides, padding)
        g = tf.constant(np.cos(np.arange(np.prod(y.shape.as_list()))).reshape(y.shape.as_list()))
        out["conv3d_" + name] = y
        out["conv3d_filter_grad_" + name] = tf.nn.conv3d_backprop_filter_v2(
            c["x3d"], list(x["f3d"].shape), g, strides, padding)
        out["conv3d_input_grad_" + name] = tf.gradients(y, c["x3d"], g)[0]
        # TF's 3-D pools take float32 only
        x32 = tf.cast(c["x3d"], tf.float32)
        out["max_pool3d_" + name] = tf.nn.max_pool3d(x32, [1, 3, 2, 2, 1], strides, padding)
        out["avg_pool3d_" + name] = tf.nn.avg_pool3d(x32, [1, 3, 2, 2, 1], strides, padding)
    out["conv3d_transpose"] = tf.nn.conv3d_transpose(
        c["x3d"][:, :, :, :, :3], tf.transpose(c["f3d"][:, :, :, :, :3], [0, 1, 2, 4, 3]),
        [2, 10, 12, 8, 3], [1, 2, 2, 2, 1], "SAME")
    out["conv3d_ncdhw"] = tf.transpose(tf.nn.conv3d(c["x3d"], c["f3d"], [1, 1, 1, 1, 1], "SAME"),
                                       [0, 4, 1, 2, 3])
    out["atrous_conv2d_transpose_valid"] = tf.nn.atrous_conv2d_transpose(
        c["x2d"], c["ft2d"], [2, 11, 10, 2], 2, "VALID")
    out["atrous_conv2d_transpose_same"] = tf.nn.atrous_conv2d_transpose(
        c["x2d"], c["ft2d"], [2, 7, 6, 2], 2, "SAME")
    out["conv1d_transpose"] = tf.nn.conv1d_transpose(c["x1d"], c["ft1d"], [2, 18, 2], 2, "SAME")
    out["conv_2d"] = tf.conv(c["x2d"], c["f2d"], [1, 2, 1, 1], "SAME")
    out["with_space_to_batch"] = tf.nn.with_space_to_batch(
        c["x2d"], [2, 3], "SAME",
        lambda t, n, p: tf.nn.conv2d(t, c["f2d"], [1, 1, 1, 1], p), filter_shape=[3, 3])
    out["depthwise_native"] = tf.nn.depthwise_conv2d_native(c["x2d"], c["fdw"], [1, 2, 2, 1],
                                                            "SAME")
    g = tf.constant(np.sin(np.arange(2 * 4 * 3 * 6)).reshape(2, 4, 3, 6))
    out["depthwise_filter_grad"] = tf.nn.depthwise_conv2d_native_backprop_filter(
        c["x2d"], [3, 2, 3, 2], g, [1, 2, 2, 1], "SAME")
    out["depthwise_input_grad"] = tf.nn.depthwise_conv2d_native_backprop_input(
        [2, 7, 6, 3], c["fdw"], g, [1, 2, 2, 1], "SAME")
    out["max_pool1d"] = tf.nn.max_pool1d(c["x1d"], 3, 2, "SAME")
    out["avg_pool1d"] = tf.nn.avg_pool1d(c["x1d"], 2, 1, "VALID")
    out["avg_pool_v2_3d"] = tf.nn.avg_pool_v2(tf.cast(c["x3d"], tf.float32), 2, [1, 2, 1], "SAME")
    return out


def small_values(x):
    c = {k: tf.constant(v) for k, v in x.items()}
    count, mean_ss, var_ss, _ = tf.nn.sufficient_statistics(c["x2d"], [0, 1, 2], shift=c["b"][:3])
    return {
        "silu": tf.nn.silu(c["x2d"]),
        "relu_layer": tf.nn.relu_layer(c["x2d"][:, 0, 0, :], c["w"], c["b"]),
        "log_poisson_loss": tf.nn.log_poisson_loss(c["targets"], c["log_input"]),
        "log_poisson_loss_full": tf.nn.log_poisson_loss(c["targets"], c["log_input"],
                                                        compute_full_loss=True),
        "ss_count": count, "ss_mean": mean_ss, "ss_var": var_ss,
        "average_loss": tf.nn.compute_average_loss(c["log_input"][:, 0],
                                                   sample_weight=c["targets"][:, 0]),
        "average_loss_global": tf.nn.compute_average_loss(c["log_input"][:, 0],
                                                          global_batch_size=10),
        "bn_global": tf.nn.batch_norm_with_global_normalization(
            c["x2d"], c["m"], c["v"], c["beta"], c["gamma"], 1e-3, True),
        "bn_global_unscaled": tf.nn.batch_norm_with_global_normalization(
            c["x2d"], c["m"], c["v"], c["beta"], c["gamma"], 1e-3, False),
    }


# case: (layer class name, constructor arguments, input shape, call arguments)
LAYER_CASES = {
    "conv3d": ("Conv3D", dict(filters=4, kernel_size=(3, 2, 2), strides=(2, 1, 1),
                              padding="same", activation="relu"), (2, 5, 6, 4, 3), {}),
    "conv3d_transpose": ("Conv3DTranspose", dict(filters=2, kernel_size=(2, 3, 2),
                                                 strides=(2, 1, 2), padding="valid"),
                         (2, 3, 4, 2, 3), {}),
    "conv3d_transpose_same": ("Conv3DTranspose", dict(filters=2, kernel_size=3, strides=2,
                                                      padding="same"), (1, 3, 2, 4, 2), {}),
    "conv1d": ("Conv1D", dict(filters=4, kernel_size=3, dilation_rate=2, padding="same"),
               (2, 9, 3), {}),
    "conv2d_transpose": ("Conv2DTranspose", dict(filters=3, kernel_size=3, strides=2),
                         (2, 4, 5, 2), {}),
    "separable_conv1d": ("SeparableConv1D", dict(filters=4, kernel_size=3, depth_multiplier=2,
                                                 strides=2, padding="same"), (2, 9, 3), {}),
    "separable_conv2d": ("SeparableConv2D", dict(filters=5, kernel_size=(3, 2),
                                                 padding="valid"), (2, 6, 5, 3), {}),
    "dense": ("Dense", dict(units=4, activation="tanh"), (2, 3, 5), {}),
    "max_pooling3d": ("MaxPooling3D", dict(pool_size=2, strides=2, padding="same"),
                      (2, 5, 4, 3, 2), {}),
    "average_pooling3d": ("AveragePooling3D", dict(pool_size=3, strides=(1, 2, 2),
                                                   padding="same"), (2, 5, 4, 3, 2), {}),
    "average_pooling1d_first": ("AveragePooling1D", dict(pool_size=2, strides=1,
                                                         data_format="channels_first"),
                                (2, 3, 6), {}),
    "max_pooling2d": ("MaxPooling2D", dict(pool_size=(2, 3), strides=(1, 2)), (2, 5, 7, 2), {}),
    "batch_norm": ("BatchNormalization", dict(momentum=0.9), (6, 3), {"training": True}),
    "flatten_first": ("Flatten", dict(data_format="channels_first"), (2, 3, 2, 2), {}),
}


def layer_values():
    rng = np.random.RandomState(21)
    arrays = {}
    for case, (cls_name, kwargs, in_shape, call_kwargs) in LAYER_CASES.items():
        with tf.Graph().as_default():
            kwargs = dict(kwargs)
            if "activation" in kwargs:
                kwargs["activation"] = getattr(tf.nn, kwargs["activation"])
            layer = getattr(tf.layers, cls_name)(**kwargs)
            x = rng.randn(*in_shape).astype(np.float32)
            y = layer.apply(tf.constant(x), **call_kwargs)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                weights = sess.run(layer.weights)
                # fresh random weights, not the initializers' (so biases are not zero)
                weights = [rng.randn(*w.shape).astype(np.float32) for w in weights]
                for variable, value in zip(layer.weights, weights):
                    if "moving_variance" in variable.name:
                        value = np.abs(value) + 0.5
                        weights[layer.weights.index(variable)] = value
                    variable.load(value, sess)
                fetches = [y] + ([tf.group(*layer.updates)] if layer.updates else [])
                arrays[case + "_out"] = sess.run(fetches)[0]
                if layer.updates:
                    arrays[case + "_moving"] = np.stack(sess.run(layer.weights[2:]))
        arrays[case + "_in"] = x
        arrays[case + "_names"] = np.array([v.name for v in layer.weights])
        for i, w in enumerate(weights):
            arrays["%s_w%d" % (case, i)] = w
    return arrays


def ctc_values():
    """CTC loss and gradient, decoders, label helpers and edit_distance (TF's approx top-k
    has no CPU kernel: its tests compare with numpy)."""
    rng = np.random.RandomState(22)
    logits = rng.randn(6, 3, 5)
    lengths = np.int32([6, 4, 5])
    label_rows = [[1, 1, 2], [3, 0], [2, 2, 2]]
    indices = [[b, i] for b, row in enumerate(label_rows) for i in range(len(row))]
    values = [v for row in label_rows for v in row]
    dense = np.int32([[1, 1, 2], [3, 4, 0], [2, 2, 2]])  # blank 0: labels 1..4, 0 pads
    dense_lengths = np.int32([3, 2, 3])
    out = {"ctc_logits": logits, "ctc_lengths": lengths, "ctc_indices": np.int64(indices),
           "ctc_values": np.int32(values), "ctc_dense": dense, "ctc_dense_lengths": dense_lengths}
    c = tf.constant(logits)
    labels = tf.SparseTensor(indices, np.int32(values), [3, 3])
    fetches = {}
    for key, options in (("ctc_loss", {}), ("ctc_loss_nomerge", {"ctc_merge_repeated": False}),
                         ("ctc_loss_collapse", {"preprocess_collapse_repeated": True})):
        loss = tf.nn.ctc_loss(labels, c, lengths, **options)
        fetches[key] = loss
        fetches[key + "_grad"] = tf.gradients(loss * tf.constant([1.0, 2.0, -1.0], tf.float64),
                                              c)[0]
    fetches["ctc_loss_batch_major"] = tf.nn.ctc_loss(labels, tf.transpose(c, [1, 0, 2]),
                                                     lengths, time_major=False)
    c32 = tf.cast(c, tf.float32)
    fetches["ctc_v2_dense"] = tf.nn.ctc_loss_v2(dense, c32, dense_lengths, lengths)
    fetches["ctc_v2_dense_grad"] = tf.gradients(fetches["ctc_v2_dense"], c32)[0]
    no_twos = np.int32([4 if v == 2 else v for v in values])  # blank 2: labels 0, 1, 3, 4
    out["ctc_values_no_twos"] = no_twos
    fetches["ctc_v2_sparse_blank2"] = tf.nn.ctc_loss_v2(
        tf.SparseTensor(indices, no_twos, [3, 3]), c32, None, lengths, blank_index=2)
    (greedy,), greedy_scores = tf.nn.ctc_greedy_decoder(c32, lengths)
    (greedy_nomerge,), _ = tf.nn.ctc_greedy_decoder(c32, lengths, merge_repeated=False)
    (greedy_blank0,), _ = tf.nn.ctc_greedy_decoder(c32, lengths, blank_index=0)
    fetches.update({"greedy": tf.sparse.to_dense(greedy), "greedy_scores": greedy_scores,
                    "greedy_nomerge": tf.sparse.to_dense(greedy_nomerge),
                    "greedy_blank0": tf.sparse.to_dense(greedy_blank0)})
    sharp = tf.cast(c * 2.0, tf.float32)
    beams, beam_scores = tf.nn.ctc_beam_search_decoder(sharp, lengths, beam_width=3,
                                                       top_paths=2)
    beams_v2, beam_scores_v2 = tf.nn.ctc_beam_search_decoder_v2(sharp, lengths, beam_width=8,
                                                                top_paths=2)
    for k, beam in enumerate(beams):
        fetches["beam%d" % k] = tf.sparse.to_dense(beam, default_value=-1)
    for k, beam in enumerate(beams_v2):
        fetches["beam_v2_%d" % k] = tf.sparse.to_dense(beam, default_value=-1)
    fetches["beam_scores"], fetches["beam_scores_v2"] = beam_scores, beam_scores_v2
    unique_labels, unique_index = tf.nn.ctc_unique_labels(np.int32([[3, 1, 3, 0], [2, 2, 5, 2]]))
    fetches["unique_labels"], fetches["unique_index"] = unique_labels, unique_index
    collapsed, collapsed_lengths = tf.nn.collapse_repeated(
        np.int32([[1, 1, 2, 2, 2], [4, 4, 4, 4, 1], [3, 1, 1, 3, 3]]), np.int32([5, 3, 4]))
    fetches["collapsed"], fetches["collapsed_lengths"] = collapsed, collapsed_lengths
    hyp = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 2]],
                          ["a", "b", "c", "d", "e"], [2, 2, 3])
    truth = tf.SparseTensor([[0, 0, 0], [0, 1, 0], [0, 1, 1], [1, 1, 0], [1, 1, 1],
                             [2, 0, 0]], ["a", "c", "x", "d", "e", "f"], [3, 2, 2])
    fetches["edit_distance"] = tf.edit_distance(hyp, truth)
    fetches["edit_distance_raw"] = tf.edit_distance(hyp, truth, normalize=False)
    with tf.Session() as sess:
        out.update(sess.run(fetches))
    return out


def morphology_and_sampler_values():
    """dilation2d/erosion2d with their gradients, accidental hits, the all-candidate sampler
    and the learned unigram sampler's expected counts over three runs."""
    rng = np.random.RandomState(23)
    image, kernel = rng.randn(2, 6, 5, 3), rng.randn(3, 2, 3) * 0.5
    out = {"morph_image": image, "morph_kernel": kernel}
    c, k = tf.constant(image), tf.constant(kernel)
    fetches = {}
    for key, strides, rates, padding in (("same", [1, 1, 1, 1], [1, 1, 1, 1], "SAME"),
                                         ("strided", [1, 2, 1, 1], [1, 1, 2, 1], "VALID"),
                                         ("rated", [1, 1, 1, 1], [1, 2, 1, 1], "SAME")):
        dilated = tf.nn.dilation2d(c, k, strides, rates, padding)
        eroded = tf.nn.erosion2d(c, k, strides, rates, padding)
        fetches["dilation_" + key] = dilated
        fetches["erosion_" + key] = eroded
        weights = tf.constant(np.cos(np.arange(np.prod(dilated.shape.as_list()))).reshape(
            dilated.shape.as_list()))
        fetches["dilation_grads_" + key] = tf.gradients(dilated * weights, [c, k])
    true_classes = np.int64([[0, 4], [2, 3], [4, 4]])
    sampled = np.int64([4, 1, 2, 0, 4])
    out["hits_true"], out["hits_sampled"] = true_classes, sampled
    fetches["hits"] = list(tf.nn.compute_accidental_hits(true_classes, sampled, num_true=2))
    fetches["all_sampler"] = list(tf.nn.all_candidate_sampler(true_classes, 2, 6, True))
    learned = tf.nn.learned_unigram_candidate_sampler(true_classes, 2, 3, False, 6, seed=3)
    with tf.Session() as sess:
        out.update({key: value for key, value in sess.run(fetches).items()
                    if not isinstance(value, list)})
        for key, value in sess.run(fetches).items():
            if isinstance(value, list):
                for i, part in enumerate(value):
                    out["%s_%d" % (key, i)] = part
        runs = [sess.run(learned[1:]) for _ in range(3)]
    out["learned_true_expected"] = np.stack([r[0] for r in runs])
    return out


def sine_initializer(shape, dtype=tf.float32, partition_info=None):
    """Deterministic, varied initial values any framework can reproduce."""
    return tf.constant(np.sin(np.arange(np.prod(shape)) + 1.0).reshape(shape) * 0.5, dtype)


def raw_rnn_values():
    """raw_rnn driven by the loop_fn of TF's documentation, ragged lengths, and gradients."""
    rng = np.random.RandomState(24)
    x = rng.randn(5, 3, 2)
    lengths = np.int32([5, 2, 4])
    inputs = tf.constant(x)
    with tf.variable_scope("raw", initializer=sine_initializer):
        cell = tf.nn.rnn_cell.BasicRNNCell(4)

        def loop_fn(time, cell_output, cell_state, loop_state):
            state = cell.zero_state(3, tf.float64) if cell_output is None else cell_state
            elements_finished = time >= lengths
            next_input = tf.cond(tf.reduce_all(elements_finished),
                                 lambda: tf.zeros([3, 2], tf.float64),
                                 lambda: tf.gather(inputs, tf.minimum(time, 4)))
            return elements_finished, next_input, state, cell_output, None
        emit_ta, final_state, _ = tf.nn.raw_rnn(cell, loop_fn)
        outputs = emit_ta.stack()
    grads = [tf.convert_to_tensor(g) for g in tf.gradients(
        tf.reduce_sum(outputs * outputs) + tf.reduce_sum(final_state),
        [inputs] + tf.trainable_variables())]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run([outputs, final_state] + grads)
    out = {"raw_x": x, "raw_lengths": lengths, "raw_outputs": values[0], "raw_state": values[1]}
    for i, g in enumerate(values[2:]):
        out["raw_grad_%d" % i] = g
    return out


def fractional_pool_values():
    """Fractional pools: TF's boundaries are its own random draws, so the fixtures keep them
    with the outputs and the input gradients they give."""
    rng = np.random.RandomState(25)
    x = rng.permutation(2 * 9 * 8 * 2).reshape(2, 9, 8, 2) * 0.1
    out = {"frac_x": x}
    c = tf.constant(x)
    with tf.Session() as sess:
        for kind, pool in (("max", tf.nn.fractional_max_pool), ("avg", tf.nn.fractional_avg_pool)):
            for pseudo in (False, True):
                for overlapping in (False, True):
                    key = "frac_%s_%d%d" % (kind, pseudo, overlapping)
                    y, rows, cols = pool(c, [1.0, 1.44, 1.73, 1.0], pseudo_random=pseudo,
                                         overlapping=overlapping, deterministic=True, seed=1,
                                         seed2=2)
                    weights = tf.constant(np.cos(np.arange(np.prod(y.shape.as_list()))).reshape(
                        y.shape.as_list()))
                    values = sess.run([y, rows, cols, tf.gradients(y * weights, c)[0]])
                    for name, value in zip(("out", "rows", "cols", "grad"), values):
                        out["%s_%s" % (key, name)] = value
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    x = inputs()
    with tf.Graph().as_default():
        fetches = dict(conv_values(x), **small_values(x))
        with tf.Session() as sess:
            values = sess.run(fetches)
    with tf.Graph().as_default():
        values.update(ctc_values())
    with tf.Graph().as_default():
        values.update(morphology_and_sampler_values())
    with tf.Graph().as_default():
        values.update(raw_rnn_values())
    with tf.Graph().as_default():
        values.update(fractional_pool_values())
    arrays = dict(x, **values)
    np.savez_compressed(os.path.join(OUT, "nn.npz"), **arrays)
    layers = layer_values()
    np.savez_compressed(os.path.join(OUT, "layers.npz"), **layers)
    print("wrote %d + %d arrays" % (len(arrays), len(layers)))


if __name__ == "__main__":
    main()
