"""tf.nn.leaky_relu, elu, selu, relu6, softplus, softsign, the fused
sparse_softmax_cross_entropy_with_logits and tf.losses.sparse_softmax_cross_entropy: forward
values against numpy (dtype, static and run-time shape), stability at huge inputs, gradient
checks (first and second order) and their error messages."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients
from op_helpers import check, grad_of, run
from op_helpers import away_from as _away_from

RNG = np.random.RandomState(11)
FLOATS = [np.float32, np.float64]
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def away_from(points, shape, gap=0.2, scale=3.0):
    return _away_from(RNG, points, shape, gap, scale)


# ====================================================================== activations
def _np_elu(x):
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


ACTIVATIONS = {
    "leaky_relu": (tf.nn.leaky_relu, lambda x: np.where(x > 0, x, 0.2 * x), [0.0]),
    "leaky_relu_alpha": (lambda x: tf.nn.leaky_relu(x, alpha=0.01),
                         lambda x: np.where(x > 0, x, 0.01 * x), [0.0]),
    "elu": (tf.nn.elu, _np_elu, [0.0]),
    "selu": (tf.nn.selu, lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(
        np.minimum(x, 0))), [0.0]),
    "relu6": (tf.nn.relu6, lambda x: np.clip(x, 0, 6), [0.0, 6.0]),
    "softplus": (tf.nn.softplus, lambda x: np.log1p(np.exp(x)), []),
    "softsign": (tf.nn.softsign, lambda x: x / (1 + np.abs(x)), [0.0]),
}


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
@pytest.mark.parametrize("shape", [(), (7,), (2, 3, 4)], ids=str)
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_forward(name, shape, dtype):
    fn, np_fn, _ = ACTIVATIONS[name]
    x = RNG.uniform(-8, 8, shape).astype(dtype)
    expected = np_fn(x.astype(np.float64)).astype(dtype)
    check(fn(tf.constant(x)), expected, rtol=1e-6, atol=1e-7)
    ph = tf.placeholder(dtype, [None] * len(shape))
    y = fn(ph)
    assert y.shape.as_list() == [None] * len(shape)
    check(y, expected, rtol=1e-6, atol=1e-7, feed_dict={ph: x})


def test_activation_names_and_tf1_constants():
    assert tf.nn.elu(tf.zeros([2]), name="act").op.name == "act"
    assert tf.nn.leaky_relu(tf.zeros([2])).op.type == "LeakyRelu"
    assert tf.nn.relu6(tf.zeros([2])).op.type == "Relu6"
    ones = np.array([1.0, -50.0])
    np.testing.assert_allclose(run(tf.nn.selu(tf.constant(ones))),
                               [1.0507009873554805, -1.7580993408473766], rtol=1e-15)
    np.testing.assert_array_equal(run(tf.nn.relu6(tf.constant([-3, 2, 9]))), [0, 2, 6])


def test_leaky_relu_casts_integers_to_float32_as_tf1():
    check(tf.nn.leaky_relu(tf.constant([-5, 3])), np.array([-1.0, 3.0], np.float32))
    check(tf.nn.leaky_relu([-2.0, 4.0], alpha=1.5), np.array([-3.0, 4.0], np.float32))


@pytest.mark.parametrize("fn", [tf.nn.elu, tf.nn.selu, tf.nn.softplus, tf.nn.softsign],
                         ids=["elu", "selu", "softplus", "softsign"])
def test_smooth_activations_reject_integers(fn):
    with pytest.raises(TypeError, match="DataType int32 not in list of allowed values"):
        fn(tf.constant([1, 2]))


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
def test_activations_are_stable_at_huge_inputs(dtype, strict_floats):
    x = tf.constant(np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0], dtype))
    fns = [tf.nn.softplus, tf.nn.elu, tf.nn.selu, tf.nn.softsign, tf.nn.leaky_relu, tf.nn.relu6]
    outputs = [f(x) for f in fns]
    grads = [grad_of(tf.reduce_sum(y), x) for y in outputs]
    values = run(outputs + grads)
    for v in values:
        assert np.all(np.isfinite(v)) and v.dtype == dtype
    softplus, grad_softplus = values[0], values[len(fns)]
    np.testing.assert_allclose(softplus, [0.0, np.exp(-30.0), np.log(2.0), 30.0, 1000.0],
                               rtol=1e-6)
    np.testing.assert_allclose(grad_softplus, [0.0, np.exp(-30.0), 0.5, 1.0, 1.0], rtol=1e-6)
    np.testing.assert_allclose(values[1], [-1.0, np.expm1(-30.0), 0.0, 30.0, 1000.0], rtol=1e-6)


def test_gradients_at_the_kinks_follow_tf1():
    x = tf.constant([-2.0, 0.0, 3.0, 6.0, 7.0])
    grads = run([grad_of(tf.reduce_sum(f(x)), x) for f in
                 (tf.nn.relu6, tf.nn.leaky_relu, tf.nn.elu, tf.nn.selu)])
    np.testing.assert_allclose(grads[0], [0, 0, 1, 0, 0])          # (x > 0) & (x < 6)
    np.testing.assert_allclose(grads[1], [0.2, 0.2, 1, 1, 1])      # x > 0 ? 1 : alpha
    np.testing.assert_allclose(grads[2], [np.exp(-2.0), 1, 1, 1, 1], rtol=1e-6)
    np.testing.assert_allclose(grads[3], SELU_SCALE * np.array(
        [SELU_ALPHA * np.exp(-2.0), 1, 1, 1, 1]), rtol=1e-6)


@pytest.mark.parametrize("shape", [(5,), (2, 3), (2, 3, 4)], ids=str)
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_gradients(name, shape):
    fn, _, kinks = ACTIVATIONS[name]
    x = away_from(kinks, shape, scale=8.0)
    check_gradients(fn, [x])


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_second_derivatives(name):
    fn, _, kinks = ACTIVATIONS[name]
    # d/dx of (d/dx sum(f(x)^2)) = 2 f'^2 + 2 f f'': exercises the gradient ops' own gradients.
    check_gradients(lambda x: grad_of(tf.reduce_sum(fn(x) ** 2), x),
                    [away_from(kinks, (2, 3), scale=8.0)])


# ====================================================================== sparse softmax xent
def _np_sparse_xent(labels, logits):
    logits = logits.astype(np.float64)
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    loss = -np.take_along_axis(log_probs, labels[..., None], axis=-1)[..., 0]
    return loss, np.exp(log_probs) - np.eye(logits.shape[-1])[labels]


XENT_SHAPES = [((4,), 5), ((1,), 3), ((6,), 1), ((2, 3), 4)]


@pytest.mark.parametrize("label_dtype", [np.int32, np.int64], ids=["i32", "i64"])
@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
@pytest.mark.parametrize("case", XENT_SHAPES, ids=str)
def test_sparse_xent_forward(case, dtype, label_dtype):
    batch, classes = case
    labels = RNG.randint(0, classes, batch).astype(label_dtype)
    logits = RNG.uniform(-5, 5, batch + (classes,)).astype(dtype)
    expected, expected_grad = _np_sparse_xent(labels, logits)
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    check(loss, expected.astype(dtype), rtol=1e-5, atol=1e-6)
    check(loss.op.outputs[1], expected_grad.astype(dtype), rtol=1e-5, atol=1e-6)
    # Placeholders with unknown batch dimensions.
    ph_labels = tf.placeholder(label_dtype, [None] * len(batch))
    ph_logits = tf.placeholder(dtype, [None] * len(batch) + [classes])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ph_labels, logits=ph_logits)
    assert loss.shape.as_list() == [None] * len(batch)
    check(loss, expected.astype(dtype), rtol=1e-5, atol=1e-6,
          feed_dict={ph_labels: labels, ph_logits: logits})


def test_sparse_xent_matches_dense_xent_and_static_shapes():
    labels, logits = np.array([2, 0, 1]), RNG.standard_normal((3, 4)).astype(np.float32)
    sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits,
                                                            name="xent")
    dense = tf.nn.softmax_cross_entropy_with_logits_v2(labels=np.eye(4, dtype=np.float32)[labels],
                                                       logits=logits)
    assert sparse.op.name == "xent" and sparse.op.type == "SparseSoftmaxCrossEntropyWithLogits"
    assert sparse.shape.as_list() == [3] and sparse.op.outputs[1].shape.as_list() == [3, 4]
    a, b = run([sparse, dense])
    np.testing.assert_allclose(a, b, rtol=1e-6)
    partial = tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.placeholder(tf.int32, [5]), logits=tf.placeholder(tf.float32, [None, None]))
    assert partial.shape.as_list() == [5] and partial.op.outputs[1].shape.as_list() == [5, None]
    unknown = tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.placeholder(tf.int32), logits=tf.placeholder(tf.float32))
    assert unknown.shape.ndims is None


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
def test_sparse_xent_is_stable_at_huge_logits(dtype, strict_floats):
    logits = tf.constant(np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0]], dtype))
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 2], logits=logits)
    g = grad_of(tf.reduce_sum(loss), logits)
    loss_v, g_v = run([loss, g])
    np.testing.assert_allclose(loss_v, [2000.0, np.log(3.0)], rtol=1e-6)
    np.testing.assert_allclose(g_v, [[1, -1, 0], [1 / 3, 1 / 3, -2 / 3]], rtol=1e-6, atol=1e-7)
    assert loss_v.dtype == dtype and g_v.dtype == dtype


@pytest.mark.parametrize("case", XENT_SHAPES, ids=str)
def test_sparse_xent_gradients(case):
    batch, classes = case
    labels = RNG.randint(0, classes, batch)  # numpy: check_gradients builds its own graph
    check_gradients(lambda logits: tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=labels, logits=logits), [RNG.standard_normal(batch + (classes,)) * 2])
    # Second order: through the backprop output, as SoftmaxCrossEntropyWithLogits.
    weights = RNG.standard_normal(batch)
    check_gradients(lambda logits: grad_of(tf.reduce_sum(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits) * weights),
        logits), [RNG.standard_normal(batch + (classes,))])
    check_gradients(lambda logits: grad_of(tf.reduce_sum(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits) ** 2),
        logits), [RNG.standard_normal(batch + (classes,))])


def test_sparse_xent_has_no_gradient_for_labels():
    labels = tf.placeholder(tf.int32, [3])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=tf.zeros([3, 4]))
    assert tf.gradients(loss, [labels]) == [None]


def test_sparse_xent_trains_a_softmax_regression():
    rng = np.random.RandomState(0)
    x_data = rng.standard_normal((64, 5)).astype(np.float32)
    y_data = np.argmax(x_data @ rng.standard_normal((5, 3)), axis=1)
    x, y = tf.placeholder(tf.float32, [None, 5]), tf.placeholder(tf.int64, [None])
    w = tf.Variable(tf.zeros([5, 3]))
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=y, logits=tf.matmul(x, w)))
    step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss, {x: x_data, y: y_data})
        for _ in range(50):
            sess.run(step, {x: x_data, y: y_data})
        last = sess.run(loss, {x: x_data, y: y_data})
    assert first == pytest.approx(np.log(3.0), rel=1e-6) and last < 0.5 * first


@pytest.mark.parametrize("bad_labels,message", [
    ([0, 5, 1], r"Received a label value of 5 which is outside the valid range of \[0, 5\) at "
                r"labels\[1\]\.  Label values: 0 5 1"),
    ([-1, 2, 1], r"Received a label value of -1 which is outside the valid range of \[0, 5\) at "
                 r"labels\[0\]\.  Label values: -1 2 1"),
])
def test_sparse_xent_labels_out_of_range_raise_at_run_time(bad_labels, message, on_the_host):
    labels = tf.placeholder(tf.int32, [None])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=tf.zeros([3, 5]),
                                                          name="xent")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=message) as info:
            sess.run(loss, {labels: bad_labels})
        assert "[[{{node xent}}]]" in str(info.value) and "test_nn_extra.py" in str(info.value)
        assert info.value.op is loss.op
        # In range again: runs normally.
        assert sess.run(loss, {labels: [0, 4, 2]}).shape == (3,)


def test_sparse_xent_out_of_range_names_position_in_nd_labels_and_truncates(on_the_host):
    labels = tf.placeholder(tf.int64, [2, None])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                          logits=tf.placeholder(tf.float32))
    values = np.zeros((2, 30), np.int64)
    values[1, 7] = 9
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"label value of 9 .* \[0, 4\) at labels\[1, 7\]\.  Label "
                                 r"values: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 \.\.\."):
            sess.run(loss, {labels: values, loss.op.inputs[0]: np.zeros((2, 30, 4), np.float32)})


def test_sparse_xent_build_errors():
    fn = tf.nn.sparse_softmax_cross_entropy_with_logits
    with pytest.raises(ValueError, match=r"Rank mismatch: Rank of labels \(received 2\) should "
                                         r"equal rank of logits minus 1 \(received 2\)"):
        fn(labels=tf.zeros([2, 3], tf.int32), logits=tf.zeros([2, 3]))
    with pytest.raises(ValueError, match=r"Shape mismatch: The shape of labels \(received \[3\]\) "
                                         r"should equal the shape of logits except for the last "
                                         r"dimension \(received \[2,5\]\)"):
        fn(labels=tf.zeros([3], tf.int32), logits=tf.zeros([2, 5]))
    with pytest.raises(ValueError, match=r"Logits cannot be scalars - received shape \[\]"):
        fn(labels=tf.zeros([], tf.int32), logits=tf.constant(1.0))
    with pytest.raises(TypeError, match="labels must be int32 or int64 class indices, got float32"):
        fn(labels=tf.zeros([2]), logits=tf.zeros([2, 3]))
    with pytest.raises(TypeError, match="logits must be a floating-point tensor, got int32"):
        fn(labels=[0, 1], logits=tf.zeros([2, 3], tf.int32))
    with pytest.raises(ValueError, match="Only call sparse_softmax_cross_entropy_with_logits with "
                                         r"named arguments \(labels=..., logits=...\)"):
        fn([0], [[1.0, 2.0]])
    with pytest.raises(ValueError, match="Both labels= and logits= must be provided"):
        fn(labels=[0])


# ====================================================================== tf.losses
def test_losses_sparse_softmax_cross_entropy_reductions_and_collection():
    labels = np.array([0, 2, 1, 2])
    logits = RNG.standard_normal((4, 3)).astype(np.float32)
    per_example, _ = _np_sparse_xent(labels, logits)
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    assert loss.shape.as_list() == [] and loss.dtype == tf.float32
    assert tf.get_collection(tf.GraphKeys.LOSSES) == [loss]
    assert loss.op.name.startswith("sparse_softmax_cross_entropy_loss/")
    weights = np.array([1.0, 0.0, 2.0, 0.5], np.float32)
    none = tf.losses.sparse_softmax_cross_entropy(labels, logits, weights,
                                                  reduction=tf.losses.Reduction.NONE)
    summed = tf.losses.sparse_softmax_cross_entropy(labels, logits, weights,
                                                    reduction=tf.losses.Reduction.SUM)
    nonzero = tf.losses.sparse_softmax_cross_entropy(labels, logits, weights)
    values = run([loss, none, summed, nonzero])
    np.testing.assert_allclose(values[0], per_example.mean(), rtol=1e-5)
    np.testing.assert_allclose(values[1], per_example * weights, rtol=1e-5)
    np.testing.assert_allclose(values[2], (per_example * weights).sum(), rtol=1e-5)
    np.testing.assert_allclose(values[3], (per_example * weights).sum() / 3, rtol=1e-5)


def test_losses_sparse_softmax_cross_entropy_squeezes_column_labels_and_weights():
    labels = np.array([[1], [0], [2]])
    logits = RNG.standard_normal((3, 3)).astype(np.float32)
    weights = np.array([[0.5], [1.0], [2.0]], np.float32)
    per_example, _ = _np_sparse_xent(labels[:, 0], logits)
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits, weights=weights,
                                                  reduction=tf.losses.Reduction.NONE)
    assert loss.shape.as_list() == [3]
    np.testing.assert_allclose(run(loss), per_example * weights[:, 0], rtol=1e-5)


def test_losses_sparse_softmax_cross_entropy_gradient():
    labels = np.array([2, 0, 1])
    check_gradients(lambda logits: tf.losses.sparse_softmax_cross_entropy(labels, logits),
                    [RNG.standard_normal((3, 4))])
