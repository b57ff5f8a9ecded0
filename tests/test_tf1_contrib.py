"""tf.contrib as TF1 programs use it: contrib.layers (fully_connected with normalizer_fn and
no biases, batch_norm, layer_norm, dropout, regularizers, initializers, optimize_loss),
contrib.framework.arg_scope and contrib.seq2seq.sequence_loss. contrib is gone from TF 2, so the
fixtures are the core TF ops contrib is defined by (tools/make_fixtures_tf1_programs.py)."""
import json
import os

import numpy as np
import pytest

import autograd_engine as tf

layers = tf.contrib.layers
with open(os.path.join(os.path.dirname(__file__), "fixtures", "tf1_programs",
                       "programs.json")) as _handle:
    FIXTURE = json.load(_handle)["contrib_layers"]


def names():
    return [v.op.name for v in tf.global_variables()]


# ----------------------------------------------------------------------------- fully_connected
def test_fully_connected_variables_are_weights_and_biases():
    x = tf.placeholder(tf.float32, [None, 4])
    y = layers.fully_connected(x, 3)
    layers.fully_connected(x, 2, scope="logits")
    assert names() == ["fully_connected/weights", "fully_connected/biases", "logits/weights",
                       "logits/biases"]
    assert y.op.type == "Relu"
    assert tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)[0].op.name == "fully_connected/weights"


def test_biases_initializer_none_means_no_bias():
    x = tf.placeholder(tf.float32, [None, 4])
    y = layers.fully_connected(x, 3, activation_fn=None, biases_initializer=None)
    assert names() == ["fully_connected/weights"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        x_value = np.random.RandomState(0).randn(2, 4)
        out, w = sess.run([y, tf.global_variables()[0]], {x: x_value})
    np.testing.assert_allclose(out, x_value @ w, rtol=1e-5)


def test_normalizer_fn_replaces_the_bias_and_gets_its_params():
    x = tf.placeholder(tf.float32, [None, 4])
    y = layers.fully_connected(x, 3, normalizer_fn=layers.batch_norm,
                               normalizer_params={"is_training": True, "scale": True})
    assert names() == ["fully_connected/weights", "fully_connected/BatchNorm/gamma",
                       "fully_connected/BatchNorm/beta", "fully_connected/BatchNorm/moving_mean",
                       "fully_connected/BatchNorm/moving_variance"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(y, {x: np.random.RandomState(0).randn(8, 4)})
    assert out.shape == (8, 3) and np.all(out >= 0)


# ------------------------------------------------------------------------------------ arg_scope
def test_arg_scope_supplies_defaults_that_calls_and_inner_scopes_override():
    x = tf.placeholder(tf.float32, [None, 4])
    with tf.contrib.framework.arg_scope([layers.fully_connected], activation_fn=tf.nn.sigmoid,
                                        weights_regularizer=layers.l2_regularizer(0.1)):
        a = layers.fully_connected(x, 3)
        b = layers.fully_connected(x, 3, activation_fn=tf.tanh)
        with tf.contrib.framework.arg_scope([layers.fully_connected], activation_fn=None) as sc:
            c = layers.fully_connected(x, 3)
    d = layers.fully_connected(x, 3)
    assert [t.op.type for t in (a, b, d)] == ["Sigmoid", "Tanh", "Relu"]
    assert c.op.type not in ("Sigmoid", "Tanh", "Relu")
    assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 3
    with tf.contrib.framework.arg_scope(sc):  # a saved scope re-entered
        assert layers.fully_connected(x, 3).op.type not in ("Sigmoid", "Relu")


def test_arg_scope_refuses_undecorated_functions_and_decorates_user_functions():
    with pytest.raises(ValueError, match="is not decorated with @add_arg_scope"):
        with tf.contrib.framework.arg_scope([tf.nn.relu], name="x"):
            pass

    @tf.contrib.framework.add_arg_scope
    def block(value, scale=1):
        return value * scale
    with tf.contrib.framework.arg_scope([block], scale=3):
        assert block(2) == 6 and block(2, scale=5) == 10
    assert block(2) == 2


# ---------------------------------------------------------------------- batch_norm, layer_norm
def test_batch_norm_matches_tf_in_training_and_inference():
    x = tf.placeholder(tf.float32, [None, 5])
    training = tf.placeholder(tf.bool, [])
    y = layers.batch_norm(x, is_training=training)
    assert names() == ["BatchNorm/beta", "BatchNorm/moving_mean", "BatchNorm/moving_variance"]
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out, _ = sess.run([y, updates], {x: FIXTURE["x"], training: True})
        np.testing.assert_allclose(out, FIXTURE["batch_norm_train"], rtol=1e-4, atol=1e-5)
        moving = sess.run(tf.global_variables()[1:])
        for got, want in zip(moving, FIXTURE["batch_norm_moving"]):
            np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)
        out = sess.run(y, {x: FIXTURE["x"], training: False})
        np.testing.assert_allclose(out, FIXTURE["batch_norm_infer"], rtol=1e-4, atol=1e-5)


def test_batch_norm_without_updates_collection_updates_with_the_output():
    x = tf.placeholder(tf.float32, [None, 5])
    y = layers.batch_norm(x, updates_collections=None, decay=0.5)
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
    x_value = np.asarray(FIXTURE["x"], np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(y, {x: x_value})
        np.testing.assert_allclose(sess.run(tf.global_variables()[1]),
                                   0.5 * x_value.mean(axis=0), rtol=1e-5)


def test_layer_norm_matches_tf_and_has_gradients():
    x = tf.placeholder(tf.float32, [None, 5])
    y = layers.layer_norm(x)
    assert names() == ["LayerNorm/beta", "LayerNorm/gamma"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(y, {x: FIXTURE["x"]}), FIXTURE["layer_norm"],
                                   rtol=1e-4, atol=1e-5)
    tf.test.check_gradients(lambda v: layers.layer_norm(v, begin_norm_axis=1),
                            [np.random.RandomState(2).randn(3, 2, 4)])


def test_dropout_and_regularizers_and_initializers():
    x = tf.placeholder(tf.float32, [None, 1000])
    kept = layers.dropout(x, keep_prob=0.8, is_training=tf.placeholder_with_default(True, []))
    assert kept.shape.as_list() == [None, 1000]
    w = tf.constant([[1.0, -2.0], [3.0, -4.0]])
    both = layers.l1_l2_regularizer(0.5, 0.25)(w)
    he = tf.get_variable("he", [400, 300], initializer=layers.variance_scaling_initializer())
    avg = tf.get_variable("avg", [400, 300], initializer=layers.variance_scaling_initializer(
        factor=1.0, mode="FAN_AVG", uniform=True))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        value = sess.run(kept, {x: np.ones((4, 1000))})
        assert set(np.unique(value).tolist()) == {0.0, 1.25}
        assert abs((value == 0).mean() - 0.2) < 0.03
        assert sess.run(both) == pytest.approx(0.5 * 10 + 0.25 * 30 / 2)
        he_value, avg_value = sess.run([he, avg])
    assert abs(he_value.std() - np.sqrt(1.3 * 2 / 400) * 0.8796) < 0.003  # truncated at 2 sd
    limit = np.sqrt(3.0 / 350)
    assert np.all(np.abs(avg_value) <= limit) and abs(avg_value.std() - limit / np.sqrt(3)) < 0.003


# -------------------------------------------------------------------------------- optimize_loss
def test_optimize_loss_steps_updates_and_summarizes():
    x = tf.placeholder(tf.float32, [None, 2])
    w = tf.Variable([[1.0], [2.0]])
    hidden = layers.batch_norm(x, is_training=True)
    loss = tf.reduce_sum(tf.matmul(hidden, w)) ** 2
    step = tf.train.get_or_create_global_step()
    train = layers.optimize_loss(loss, step, 0.1, "SGD", clip_gradients=1.0,
                                 learning_rate_decay_fn=lambda lr, s: lr * 0.5)
    assert {v.op.name for v in tf.global_variables()} >= {"OptimizeLoss/learning_rate"}
    assert len(tf.get_collection(tf.GraphKeys.SUMMARIES)) == 3
    x_value = np.array([[1.0, 0.0], [3.0, 4.0]], np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        grad = sess.run(tf.gradients(loss, w)[0], {x: x_value})
        before = sess.run(w)
        sess.run(train, {x: x_value})
        clipped = grad / max(1.0, np.linalg.norm(grad))
        np.testing.assert_allclose(sess.run(w), before - 0.05 * clipped, rtol=1e-5)
        assert sess.run(step) == 1
        moving_mean = [v for v in tf.global_variables() if "moving_mean" in v.op.name][0]
        assert np.any(sess.run(moving_mean) != 0)  # UPDATE_OPS ran with the step


def test_optimize_loss_refuses_unknown_optimizers_and_summaries():
    w = tf.Variable(1.0)
    with pytest.raises(ValueError, match="Optimizer name should be one of"):
        layers.optimize_loss(w * w, None, 0.1, "Nadam")
    with pytest.raises(ValueError, match="Summaries should be one of"):
        layers.optimize_loss(w * w, None, 0.1, "SGD", summaries=["weights"])
    adam = layers.optimize_loss(w * w, None, 0.1, tf.train.AdamOptimizer, summaries=[])
    assert adam.op.type == "Identity"


# ------------------------------------------------------------------------------- sequence_loss
@pytest.mark.parametrize("mode, kwargs", [
    ("both", {}),
    ("timesteps", {"average_across_batch": False}),
    ("batch", {"average_across_timesteps": False}),
    ("none", {"average_across_timesteps": False, "average_across_batch": False}),
    ("sum_over_timesteps", {"average_across_timesteps": False, "average_across_batch": False,
                            "sum_over_timesteps": True}),
])
def test_sequence_loss_matches_tf_in_every_mode(mode, kwargs):
    loss = tf.contrib.seq2seq.sequence_loss(
        tf.constant(FIXTURE["logits"]), tf.constant(FIXTURE["targets"]),
        tf.constant(FIXTURE["weights"]), **kwargs)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(loss), FIXTURE["sequence_loss"][mode], rtol=1e-5,
                                   atol=1e-6)


def test_sequence_loss_gradients_and_errors():
    targets = np.array(FIXTURE["targets"], np.int32)
    weights = np.array(FIXTURE["weights"])
    tf.test.check_gradients(
        lambda logits: tf.contrib.seq2seq.sequence_loss(logits, targets, weights),
        [np.array(FIXTURE["logits"])])
    with pytest.raises(ValueError, match="cannot be set to True at same time"):
        tf.contrib.seq2seq.sequence_loss(tf.zeros([2, 3, 4]), tf.zeros([2, 3], tf.int32),
                                         tf.ones([2, 3]), sum_over_batch=True)
    with pytest.raises(ValueError, match="Logits must be a"):
        tf.contrib.seq2seq.sequence_loss(tf.zeros([2, 4]), tf.zeros([2, 3], tf.int32),
                                         tf.ones([2, 3]))


# ------------------------------------------------------------------------------ legacy_seq2seq
def test_char_rnn_with_rnn_decoder_and_sequence_loss_by_example():
    """sherjilozair/char-rnn-tensorflow's model, small: embedding, rnn_decoder over the
    unstacked steps, a softmax layer, legacy sequence_loss_by_example, one Adam step."""
    batch, steps, vocab, units = 2, 4, 6, 5
    rng = np.random.RandomState(3)
    input_data = tf.placeholder(tf.int32, [batch, steps])
    targets = tf.placeholder(tf.int32, [batch, steps])
    cell = tf.nn.rnn_cell.BasicLSTMCell(units)
    initial_state = cell.zero_state(batch, tf.float32)
    with tf.variable_scope("rnnlm"):
        softmax_w = tf.get_variable("softmax_w", [units, vocab])
        softmax_b = tf.get_variable("softmax_b", [vocab])
        embedding = tf.get_variable("embedding", [vocab, units])
        inputs = tf.split(tf.nn.embedding_lookup(embedding, input_data), steps, 1)
        inputs = [tf.squeeze(step, [1]) for step in inputs]
    outputs, last_state = tf.contrib.legacy_seq2seq.rnn_decoder(inputs, initial_state, cell,
                                                                scope="rnnlm")
    output = tf.reshape(tf.concat(outputs, 1), [-1, units])
    logits = tf.matmul(output, softmax_w) + softmax_b
    loss = tf.contrib.legacy_seq2seq.sequence_loss_by_example(
        [logits], [tf.reshape(targets, [-1])], [tf.ones([batch * steps])])
    cost = tf.reduce_sum(loss) / batch / steps
    train = tf.train.AdamOptimizer(0.01).minimize(cost)
    assert "rnnlm/basic_lstm_cell/kernel" in names()
    feed = {input_data: rng.randint(0, vocab, (batch, steps)),
            targets: rng.randint(0, vocab, (batch, steps))}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        logit_values, before = sess.run([logits, cost], feed)
        log_probs = logit_values - np.log(np.exp(logit_values).sum(1, keepdims=True))
        expected = -log_probs[np.arange(batch * steps), feed[targets].reshape(-1)].mean()
        assert before == pytest.approx(expected, rel=1e-5)
        for _ in range(20):
            sess.run(train, feed)
        assert sess.run(cost, feed) < before


def test_rnn_decoder_matches_static_rnn_and_feeds_back_with_loop_function():
    cell = tf.nn.rnn_cell.GRUCell(3)
    steps = [tf.constant(np.random.RandomState(i).randn(2, 3), tf.float32) for i in range(4)]
    decoded, _ = tf.contrib.legacy_seq2seq.rnn_decoder(steps, cell.zero_state(2, tf.float32),
                                                       cell)
    reference, _ = tf.nn.static_rnn(cell, steps, dtype=tf.float32)  # the same cell's weights
    fed_back, _ = tf.contrib.legacy_seq2seq.rnn_decoder(
        steps, cell.zero_state(2, tf.float32), cell, loop_function=lambda prev, i: prev * 2.0,
        scope="sampler")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got, want, fed = sess.run([decoded, reference, fed_back])
        state = sess.run(cell.zero_state(2, tf.float32))
        step, _ = cell(tf.constant(fed[0] * 2.0), tf.constant(fed[0]))
        np.testing.assert_allclose(fed[1], sess.run(step), rtol=1e-5)
    np.testing.assert_allclose(got, want, rtol=1e-6)
    assert state.shape == (2, 3)


def test_legacy_sequence_loss_averages_and_gradients():
    logits = [np.random.RandomState(i).randn(3, 4) for i in range(2)]
    targets = [np.array([0, 1, 3], np.int32), np.array([2, 2, 0], np.int32)]
    weights = [np.array([1.0, 0.5, 0.0]), np.array([1.0, 1.0, 1.0])]
    per_step = [-(l - np.log(np.exp(l).sum(1, keepdims=True)))[np.arange(3), t]
                for l, t in zip(logits, targets)]
    by_example = (per_step[0] * weights[0] + per_step[1] * weights[1]) / (
        weights[0] + weights[1] + 1e-12)
    loss = tf.contrib.legacy_seq2seq.sequence_loss(
        [tf.constant(v) for v in logits], targets, [tf.constant(w) for w in weights])
    with tf.Session() as sess:
        assert sess.run(loss) == pytest.approx(by_example.sum() / 3, rel=1e-6)
    tf.test.check_gradients(
        lambda a, b: tf.contrib.legacy_seq2seq.sequence_loss_by_example(
            [a, b], targets, [tf.constant(w) for w in weights]), logits)
    with pytest.raises(ValueError, match="Lengths of logits, weights, and targets"):
        tf.contrib.legacy_seq2seq.sequence_loss_by_example(logits, targets[:1], weights)


# ------------------------------------------------------------------------ conv layers and slim
def test_slim_style_cnn_with_arg_scope_repeat_and_stack():
    slim = tf.contrib.slim
    images = tf.placeholder(tf.float32, [None, 8, 8, 3])
    with slim.arg_scope([slim.conv2d, slim.fully_connected],
                        weights_regularizer=slim.l2_regularizer(0.01)):
        with slim.arg_scope([slim.conv2d], padding="SAME", stride=1):
            net = slim.repeat(images, 2, slim.conv2d, 4, [3, 3], scope="conv1")
            net = slim.max_pool2d(net, [2, 2], scope="pool1")
            net = slim.stack(net, slim.conv2d, [(6, [3, 3]), (5, [1, 1])], scope="conv2")
            net = slim.avg_pool2d(net, 2, padding="SAME")
        logits = slim.fully_connected(slim.flatten(net), 10, activation_fn=None, scope="fc")
    assert net.shape.as_list() == [None, 2, 2, 5] and logits.shape.as_list() == [None, 10]
    assert names()[:4] == ["conv1/conv1_1/weights", "conv1/conv1_1/biases",
                           "conv1/conv1_2/weights", "conv1/conv1_2/biases"]
    assert "conv2/conv2_2/weights" in names()
    assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 5


def test_conv2d_computes_a_convolution_with_bias_and_stride():
    x = tf.placeholder(tf.float32, [1, 5, 5, 1])
    y = layers.conv2d(x, 2, 3, stride=2, padding="VALID", activation_fn=None,
                      weights_initializer=tf.ones_initializer(),
                      biases_initializer=tf.constant_initializer(0.5))
    value = np.arange(25, dtype=np.float32).reshape(1, 5, 5, 1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(y, {x: value})
    windows = [value[0, i:i + 3, j:j + 3, 0].sum() + 0.5 for i in (0, 2) for j in (0, 2)]
    np.testing.assert_allclose(out[0, :, :, 0].reshape(-1), windows)
    assert names() == ["Conv/weights", "Conv/biases"]


def test_one_hot_encoding_and_embed_sequence():
    ids = tf.constant([[0, 2], [1, 1]])
    embedded = layers.embed_sequence(ids, vocab_size=3, embed_dim=4)
    encoded = layers.one_hot_encoding(tf.constant([2, 0]), 3)
    assert names() == ["EmbedSequence/embeddings"] and embedded.shape.as_list() == [2, 2, 4]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        table, rows, hot = sess.run([tf.global_variables()[0], embedded, encoded])
    np.testing.assert_array_equal(rows[0, 1], table[2])
    np.testing.assert_array_equal(hot, [[0, 0, 1], [1, 0, 0]])
