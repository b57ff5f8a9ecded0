"""Functional Keras models with several inputs and the merge layers: Inputs made one after
another meet in one model, fit/evaluate/predict/*_on_batch take a list or a dict by input name,
save/load and plot_model keep every input; merge layers' values, gradients, masks and shape
errors against numpy and Keras's messages."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.keras import backend, layers, models, optimizers, utils


@pytest.fixture(autouse=True)
def fresh_names_and_seeds():
    backend.clear_session()
    tf.set_random_seed(0)
    np.random.seed(0)


def _two_tower_model():
    left, right = layers.Input(shape=(3,), name="left"), layers.Input(shape=(2,), name="right")
    joined = layers.concatenate([layers.Dense(2, name="left_tower")(left),
                                 layers.Dense(2, name="right_tower")(right)])
    return models.Model([left, right], layers.Dense(1, name="head")(joined))


def _regression_data(n=64):
    rng = np.random.RandomState(1)
    left = rng.uniform(-1, 1, (n, 3)).astype(np.float32)
    right = rng.uniform(-1, 1, (n, 2)).astype(np.float32)
    target = left @ np.array([[1.0], [-2.0], [0.5]]) + 3.0 * right[:, :1] - right[:, 1:] + 0.25
    return left, right, target.astype(np.float32)


def test_two_towers_fit_a_linear_function_of_both_inputs():
    model = _two_tower_model()
    assert [layer.name for layer in model.layers] == [
        "left", "right", "left_tower", "right_tower", "concatenate", "head"]
    assert model.input_shape == [(None, 3), (None, 2)] and model.input_names == ["left", "right"]
    model.compile(optimizers.Adam(lr=0.05), "mse")
    left, right, target = _regression_data()
    before = model.evaluate([left, right], target, verbose=0)
    history = model.fit([left, right], target, batch_size=16, epochs=40, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0] / 50 and model.evaluate([left, right], target, verbose=0) < 0.01
    assert before > 1.0


def test_one_sgd_step_matches_the_hand_computed_gradient():
    model = _two_tower_model()
    model.compile(optimizers.SGD(lr=0.1), "mse")
    rng = np.random.RandomState(2)
    weights = [rng.uniform(-1, 1, w.shape).astype(np.float32) for w in model.get_weights()]
    model.set_weights(weights)
    left_kernel, left_bias, right_kernel, right_bias, head_kernel, head_bias = \
        [w.astype(np.float64) for w in weights]
    left, right, target = _regression_data(8)
    hidden = np.concatenate([left @ left_kernel + left_bias, right @ right_kernel + right_bias], 1)
    prediction = hidden @ head_kernel + head_bias
    d_prediction = 2 * (prediction - target) / len(target)
    d_hidden = d_prediction @ head_kernel.T
    gradients = [left.T @ d_hidden[:, :2], d_hidden[:, :2].sum(0),
                 right.T @ d_hidden[:, 2:], d_hidden[:, 2:].sum(0),
                 hidden.T @ d_prediction, d_prediction.sum(0)]
    loss = model.train_on_batch([left, right], target)
    np.testing.assert_allclose(loss, np.mean((prediction - target) ** 2), rtol=1e-5)
    for after, before, gradient in zip(model.get_weights(), weights, gradients):
        np.testing.assert_allclose(after, before - 0.1 * gradient, rtol=1e-5, atol=1e-6)


def test_dict_inputs_by_name_and_the_batch_methods():
    model = _two_tower_model()
    model.compile("sgd", "mse")
    left, right, target = _regression_data(10)
    as_list = model.predict([left, right])
    np.testing.assert_array_equal(model.predict({"right": right, "left": left}), as_list)
    np.testing.assert_array_equal(model.predict_on_batch({"left": left, "right": right}),
                                  as_list)
    loss = np.mean((as_list - target) ** 2)
    np.testing.assert_allclose(model.test_on_batch({"left": left, "right": right}, target),
                               loss, rtol=1e-5)
    np.testing.assert_allclose(model.evaluate({"left": left, "right": right}, target, verbose=0),
                               loss, rtol=1e-5)
    history = model.fit({"left": left, "right": right}, target, epochs=1, verbose=0,
                        validation_data=([left, right], target))
    np.testing.assert_allclose(history.history["val_loss"][0],
                               model.evaluate([left, right], target, verbose=0), rtol=1e-6)
    with pytest.raises(ValueError, match='No data provided for "right"'):
        model.predict({"left": left})
    with pytest.raises(ValueError, match="Expected to see 2 array"):
        model.predict([left])
    with pytest.raises(ValueError, match="All input arrays should have the same number"):
        model.predict([left, right[:5]])
    with pytest.raises(ValueError, match="expected right to have shape"):
        model.predict([left, left])


def test_inputs_of_different_graphs_get_a_clear_error():
    first = layers.Input(shape=(2,))
    encoder = models.Model(first, layers.Dense(2)(first))
    late = layers.Input(shape=(2,))   # made after a Model: a new graph
    assert late.graph is not first.graph
    with pytest.raises(ValueError, match="tensors from different graphs"):
        layers.concatenate([encoder.output, late])
    with pytest.raises(ValueError, match="tensors from different graphs"):
        models.Model([first, late], encoder.output)
    backend.clear_session()
    assert layers.Input(shape=(2,)).graph is not late.graph
    twin_a, twin_b = layers.Input(shape=(2,), name="twin"), layers.Input(shape=(2,), name="twin")
    with pytest.raises(ValueError, match='The name "twin" is used 2 times in the model'):
        models.Model([twin_a, twin_b], layers.add([twin_a, twin_b]))


def test_models_sharing_inputs_share_weights_and_session():
    inputs = layers.Input(shape=(3,))
    hidden = layers.Dense(2, name="hidden")(inputs)
    encoder = models.Model(inputs, hidden)
    full = models.Model(inputs, layers.Dense(1)(hidden))
    full.compile(optimizers.SGD(lr=0.5), "mse")
    left, _, target = _regression_data(16)
    full.fit(left, target, epochs=3, verbose=0)
    kernel, bias = full.get_layer("hidden").get_weights()
    np.testing.assert_allclose(encoder.predict(left), left @ kernel + bias, rtol=1e-5, atol=1e-6)


def test_saved_multi_input_model_predicts_identically_and_resumes(tmp_path):
    model = _two_tower_model()
    model.compile(optimizers.Adam(lr=0.01), "mse")
    left, right, target = _regression_data(16)
    model.fit([left, right], target, epochs=2, verbose=0)
    path = str(tmp_path / "towers.npz")
    model.save(path)
    loaded = models.load_model(path)
    assert loaded.input_names == ["left", "right"]
    np.testing.assert_array_equal(loaded.predict([left, right]), model.predict([left, right]))
    np.testing.assert_array_equal(loaded.train_on_batch([left, right], target),
                                  model.train_on_batch([left, right], target))


def test_plot_model_draws_every_input():
    dot = utils.model_to_dot(_two_tower_model(), show_shapes=True)
    for name in ("left: InputLayer", "right: InputLayer", "concatenate: Concatenate"):
        assert name in dot
    assert "[(None, 2), (None, 2)]" in dot   # the merge layer's input shapes
    assert dot.count("->") == 5


def _merged(layer, shapes, dtype="float64"):
    inputs = [layers.Input(shape=shape, dtype=dtype) for shape in shapes]
    return inputs, layer(inputs)


def _run_with_gradients(inputs, output, arrays, weights):
    """The output and d(sum(output * weights))/d(each input) for ``arrays``."""
    with output.graph.as_default():
        gradients = tf.gradients(tf.reduce_sum(output * weights), inputs)
        with tf.Session() as sess:
            return sess.run([output, gradients], dict(zip(inputs, arrays)))


@pytest.mark.parametrize("layer, forward, backward", [
    (layers.Add(), lambda a, b, c: a + b + c, lambda a, b, c, g: (g, g, g)),
    (layers.Multiply(), lambda a, b, c: a * b * c,
     lambda a, b, c, g: (g * b * c, g * a * c, g * a * b)),
    (layers.Average(), lambda a, b, c: (a + b + c) / 3, lambda a, b, c, g: (g / 3,) * 3),
    (layers.Maximum(), lambda a, b, c: np.maximum(np.maximum(a, b), c),
     lambda a, b, c, g: tuple(g * (x == np.maximum(np.maximum(a, b), c)) for x in (a, b, c))),
    (layers.Minimum(), lambda a, b, c: np.minimum(np.minimum(a, b), c),
     lambda a, b, c, g: tuple(g * (x == np.minimum(np.minimum(a, b), c)) for x in (a, b, c))),
])
def test_elementwise_merges_values_and_gradients(layer, forward, backward):
    rng = np.random.RandomState(3)
    arrays = [rng.uniform(-2, 2, (4, 3)) for _ in range(3)]
    weights = rng.uniform(-1, 1, (4, 3))
    inputs, output = _merged(layer, [(3,)] * 3)
    value, gradients = _run_with_gradients(inputs, output, arrays, weights)
    np.testing.assert_allclose(value, forward(*arrays), rtol=1e-12)
    for got, expected in zip(gradients, backward(*arrays, weights)):
        np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_subtract_broadcasts_and_concatenate_joins_along_an_axis():
    rng = np.random.RandomState(4)
    a, b = rng.uniform(-1, 1, (2, 4, 3)), rng.uniform(-1, 1, (2, 1, 3))
    weights = rng.uniform(-1, 1, (2, 4, 3))
    inputs, output = _merged(layers.subtract, [(4, 3), (1, 3)])
    value, (grad_a, grad_b) = _run_with_gradients(inputs, output, [a, b], weights)
    np.testing.assert_allclose(value, a - b)
    np.testing.assert_allclose(grad_a, weights)
    np.testing.assert_allclose(grad_b, -weights.sum(1, keepdims=True))
    backend.clear_session()
    c = rng.uniform(-1, 1, (2, 2, 3))
    inputs, output = _merged(lambda t: layers.concatenate(t, axis=1), [(4, 3), (2, 3)])
    assert output.shape.as_list() == [None, 6, 3]
    weights = rng.uniform(-1, 1, (2, 6, 3))
    value, (grad_a, grad_c) = _run_with_gradients(inputs, output, [a, c], weights)
    np.testing.assert_array_equal(value, np.concatenate([a, c], axis=1))
    np.testing.assert_array_equal(grad_a, weights[:, :4])
    np.testing.assert_array_equal(grad_c, weights[:, 4:])


@pytest.mark.parametrize("shapes, axes, normalize", [
    ([(3,), (3,)], 1, False), ([(3,), (3,)], -1, True), ([(4, 3), (5, 3)], 2, False),
    ([(4, 3), (4, 5)], 1, False), ([(4, 3), (3,)], (2, 1), False),
])
def test_dot_against_numpy_with_numerical_gradients(shapes, axes, normalize):
    rng = np.random.RandomState(5)
    arrays = [rng.uniform(-1, 1, (2,) + shape) for shape in shapes]
    inputs, output = _merged(lambda t: layers.dot(t, axes=axes, normalize=normalize), shapes)
    pair = (axes, axes) if isinstance(axes, int) else axes
    pair = [a % (len(s) + 1) for a, s in zip(pair, shapes)]

    def forward(x, y):
        if normalize:
            x = x / np.sqrt(np.sum(x ** 2, axis=pair[0], keepdims=True))
            y = y / np.sqrt(np.sum(y ** 2, axis=pair[1], keepdims=True))
        result = np.stack([np.tensordot(x[i], y[i], (pair[0] - 1, pair[1] - 1))
                           for i in range(len(x))])
        return result[:, None] if result.ndim == 1 else result

    expected = forward(*arrays)
    weights = rng.uniform(-1, 1, expected.shape)
    value, gradients = _run_with_gradients(inputs, output, arrays, weights)
    assert output.shape.as_list() == [None] + list(expected.shape[1:])
    np.testing.assert_allclose(value, expected, rtol=1e-10)
    for which, gradient in enumerate(gradients):
        numerical = np.zeros_like(arrays[which])
        for index in np.ndindex(*arrays[which].shape):
            step = [a.copy() for a in arrays], [a.copy() for a in arrays]
            step[0][which][index] += 1e-6
            step[1][which][index] -= 1e-6
            numerical[index] = np.sum((forward(*step[0]) - forward(*step[1])) * weights) / 2e-6
        np.testing.assert_allclose(gradient, numerical, rtol=1e-6, atol=1e-8)


def test_masks_pass_through_merges_as_keras():
    first, second = layers.Input(shape=(4,)), layers.Input(shape=(2,))
    embedding = layers.Embedding(5, 3, mask_zero=True)
    a, b = embedding(first), layers.Embedding(5, 3, mask_zero=True)(second)
    added = layers.add([a, layers.Embedding(5, 3)(first)])       # one input masked
    multiplied = layers.multiply([a, embedding(first)])
    joined = layers.concatenate([a, b], axis=1)
    features = layers.concatenate([a, layers.Embedding(5, 2)(first)])
    half_masked = layers.concatenate([layers.Embedding(5, 3)(second), a], axis=1)
    assert backend.get_mask(layers.dot([a, a], axes=2)) is None
    ids = np.array([[1, 2, 0, 0], [3, 0, 4, 0]]), np.array([[0, 1], [2, 2]])
    with first.graph.as_default(), tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        masks = sess.run([backend.get_mask(t) for t in (added, multiplied, joined, features,
                                                         half_masked)],
                         dict(zip((first, second), ids)))
    expected = ids[0] != 0
    np.testing.assert_array_equal(masks[0], expected)
    np.testing.assert_array_equal(masks[1], expected)
    np.testing.assert_array_equal(masks[2], np.concatenate([expected, ids[1] != 0], axis=1))
    np.testing.assert_array_equal(masks[3], expected)
    np.testing.assert_array_equal(masks[4], np.concatenate([[[True] * 2] * 2, expected], axis=1))


def test_merge_shape_errors_carry_keras_messages():
    a, b, c = layers.Input(shape=(3,)), layers.Input(shape=(4,)), layers.Input(shape=(2, 3))
    with pytest.raises(ValueError, match="Operands could not be broadcast together with shapes"):
        layers.add([a, b])
    with pytest.raises(ValueError, match="should be called on exactly 2 inputs"):
        layers.subtract([a, a, a])
    with pytest.raises(ValueError, match="A merge layer should be called on a list of inputs"):
        layers.Add()(a)
    with pytest.raises(ValueError, match="requires inputs with matching shapes except for the "
                                         "concat axis"):
        layers.concatenate([a, c])
    with pytest.raises(ValueError, match="should be called on a list of at least 2 inputs"):
        layers.Concatenate()([a])
    with pytest.raises(ValueError, match=r"Dimension incompatibility 3 != 4"):
        layers.dot([a, b], axes=1)
    fixed = layers.Input(batch_shape=(5, 3))
    with pytest.raises(ValueError, match="Can not merge tensors with different batch sizes"):
        layers.add([fixed, layers.Input(batch_shape=(4, 3))])
    assert layers.Concatenate(axis=1, name="join").get_config() == {
        "axis": 1, "name": "join", "trainable": True}


def test_summary_of_a_model_with_two_inputs_has_keras_connected_to_column():
    lines = []
    _two_tower_model().summary(print_fn=lines.append)
    rule, thick = "_" * 98, "=" * 98

    def row(*fields):
        line = ""
        for field, end in zip(fields, (32, 53, 65, 98)):
            line = (line + field)[:end].ljust(end)
        return line
    assert lines == [
        'Model: "model"', rule, row("Layer (type)", "Output Shape", "Param #", "Connected to"),
        thick, row("left (InputLayer)", "(None, 3)", "0", ""), rule,
        row("right (InputLayer)", "(None, 2)", "0", ""), rule,
        row("left_tower (Dense)", "(None, 2)", "8", "left[0][0]"), rule,
        row("right_tower (Dense)", "(None, 2)", "6", "right[0][0]"), rule,
        row("concatenate (Concatenate)", "(None, 4)", "0", "left_tower[0][0]"),
        row("", "", "", "right_tower[0][0]"), rule,
        row("head (Dense)", "(None, 1)", "5", "concatenate[0][0]"), thick,
        "Total params: 19", "Trainable params: 19", "Non-trainable params: 0", rule]
