"""Functional models with several outputs (a loss, loss weight and metrics per output), and
sample_weight, evaluate/predict in batches with steps: values checked against numbers worked
out by hand or in numpy from the model's own predictions."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.keras import backend, layers, models, optimizers


@pytest.fixture(autouse=True)
def fresh_names_and_seeds():
    backend.clear_session()
    tf.set_random_seed(0)
    np.random.seed(0)


def _zero_regressor():
    model = models.Sequential([layers.Dense(1, use_bias=False, kernel_initializer="zeros",
                                            input_shape=(2,))])
    model.compile(optimizer=optimizers.SGD(lr=0.1), loss="mse")
    return model


def test_sample_weights_scale_each_sample_as_keras():
    model = _zero_regressor()                      # predicts 0: each sample's loss is y**2
    x, y = np.ones((4, 2), np.float32), np.array([1.0, 2.0, 3.0, 4.0], np.float32)
    assert model.evaluate(x, y, verbose=0) == pytest.approx(7.5)
    weights = np.array([1.0, 0.0, 2.0, 0.0])
    # mean(w * y**2) / mean(w != 0) = (1 + 18) / 4 / 0.5, in two batches or one
    for batch_size in (2, 4):
        assert model.evaluate(x, y, sample_weight=weights, batch_size=batch_size,
                              verbose=0) == pytest.approx(9.5)
    assert model.train_on_batch(x, y, sample_weight=weights) == pytest.approx(9.5)
    with pytest.raises(ValueError, match="sample_weight cannot be broadcast"):
        model.evaluate(x, y, sample_weight=np.ones(3), verbose=0)


def test_class_weight_weighs_each_sample_by_its_class():
    inputs = layers.Input(shape=(2,))
    model = models.Model(inputs, layers.Dense(3, activation="softmax", name="probabilities",
                                              kernel_initializer="zeros")(inputs))
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x, labels = np.ones((4, 2), np.float32), np.array([0, 1, 2, 2])
    # uniform predictions: each loss is log(3); weights 1, 0, 3, 3 -> mean(w * l) / mean(w != 0)
    first = model.fit(x, labels, class_weight={0: 1.0, 1: 0.0, 2: 3.0}, batch_size=4,
                      epochs=1, verbose=0, shuffle=False).history["loss"][0]
    assert first == pytest.approx(np.log(3.0) * (1 + 3 + 3) / 4 / 0.75, rel=1e-6)
    with pytest.raises(ValueError, match=r"The classes \[2\] exist in the data but not"):
        model.fit(x, labels, class_weight={0: 1.0, 1: 1.0}, verbose=0)


def test_zero_weighted_samples_do_not_move_the_weights():
    x = np.random.RandomState(0).normal(size=(4, 2)).astype(np.float32)
    y = np.array([1.0, 100.0, -1.0, -100.0], np.float32)
    weighted, subset = _zero_regressor(), _zero_regressor()
    weighted.fit(x, y, sample_weight=np.array([1.0, 0.0, 1.0, 0.0]), batch_size=4, epochs=2,
                 shuffle=False, verbose=0)
    subset.fit(x[[0, 2]], y[[0, 2]], batch_size=2, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(weighted.get_weights()[0], subset.get_weights()[0], rtol=1e-5,
                               atol=1e-7)   # float32 sums in another order


def test_evaluate_and_predict_take_steps_of_batch_size():
    model = _zero_regressor()
    x, y = np.ones((5, 2), np.float32), np.arange(1.0, 6.0, dtype=np.float32)
    assert model.evaluate(x, y, batch_size=2, steps=1, verbose=0) == pytest.approx(2.5)
    assert model.predict(x, batch_size=2, steps=2).shape == (4, 1)
    assert model.predict(x, batch_size=2, steps=9).shape == (5, 1)   # no more than there is
    with pytest.raises(ValueError, match="steps must be a positive"):
        model.predict(x, steps=0)


def _two_headed_model():
    inputs = layers.Input(shape=(3,))
    trunk = layers.Dense(4, activation="tanh")(inputs)
    value = layers.Dense(1, name="value")(trunk)
    label = layers.Dense(2, activation="softmax", name="label")(trunk)
    model = models.Model(inputs, [value, label])
    model.compile(optimizer="adam", loss={"value": "mse", "label": "sparse_categorical_crossentropy"},
                  loss_weights={"value": 0.5, "label": 2.0}, metrics={"label": ["accuracy"]})
    return model


def test_a_model_with_two_outputs_weighs_their_losses():
    model = _two_headed_model()
    assert model.output_names == ["value", "label"]
    assert model.output_shape == [(None, 1), (None, 2)]
    x = np.random.RandomState(1).normal(size=(10, 3)).astype(np.float32)
    value, label = x.sum(axis=1), (x[:, 0] > 0).astype(np.int64)
    total, value_loss, label_loss, accuracy = model.evaluate(x, {"value": value,
                                                                 "label": label}, verbose=0)
    assert model.metrics_names == ["loss", "value_loss", "label_loss", "label_accuracy"]
    predicted_value, probabilities = model.predict(x)
    assert predicted_value.shape == (10, 1) and probabilities.shape == (10, 2)
    assert value_loss == pytest.approx(np.mean((predicted_value[:, 0] - value) ** 2), rel=1e-5)
    assert label_loss == pytest.approx(-np.mean(np.log(probabilities[np.arange(10), label])),
                                       rel=1e-5)
    assert accuracy == pytest.approx(np.mean(probabilities.argmax(axis=1) == label))
    assert total == pytest.approx(0.5 * value_loss + 2.0 * label_loss, rel=1e-5)

    history = model.fit(x, [value, label], epochs=3, batch_size=5, verbose=0,
                        sample_weight={"label": np.ones(10)})
    assert sorted(history.history) == ["label_accuracy", "label_loss", "loss", "value_loss"]
    assert history.history["loss"][-1] < history.history["loss"][0]
    with pytest.raises(ValueError, match='No data provided for "label"'):
        model.evaluate(x, {"value": value}, verbose=0)
    with pytest.raises(ValueError, match="Expected to see 2 array"):
        model.fit(x, [value], verbose=0)


def test_a_saved_two_output_model_comes_back_compiled_the_same(tmp_path):
    model = _two_headed_model()
    x = np.random.RandomState(2).normal(size=(8, 3)).astype(np.float32)
    y = [x.sum(axis=1), (x[:, 1] > 0).astype(np.int64)]
    model.fit(x, y, epochs=1, batch_size=4, verbose=0, shuffle=False)
    model.save(str(tmp_path / "two.npz"))
    loaded = models.load_model(str(tmp_path / "two.npz"))
    assert loaded.metrics_names == model.metrics_names
    np.testing.assert_array_equal(loaded.predict(x)[1], model.predict(x)[1])
    assert loaded.evaluate(x, y, verbose=0) == model.evaluate(x, y, verbose=0)
