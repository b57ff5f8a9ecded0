"""model.save / keras.models.load_model (the engine's own .npz format) and save_weights /
load_weights: a loaded model predicts identically and continues training exactly where the
saved one stopped, optimizer state included."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.keras import backend, callbacks, layers, models, optimizers


@pytest.fixture(autouse=True)
def fresh_names_and_seeds():
    backend.clear_session()
    tf.set_random_seed(0)
    np.random.seed(0)


def _data(n=32):
    x = np.random.RandomState(1).uniform(-1, 1, (n, 3)).astype(np.float32)
    return x, (x.sum(axis=1, keepdims=True) > 0).astype(np.float32)


def _assert_same_weights(a, b):
    assert len(a.get_weights()) == len(b.get_weights())
    for left, right in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(left, right)


def test_saved_sequential_model_predicts_identically_and_resumes_training(tmp_path):
    x, y = _data()
    model = models.Sequential([layers.Dense(6, activation="relu", input_shape=(3,)),
                               layers.Activation("tanh"), layers.BatchNormalization(),
                               layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=optimizers.Adam(lr=0.01, clipnorm=1.0), loss="binary_crossentropy",
                  metrics=["accuracy"])
    model.fit(x, y, epochs=2, batch_size=8, verbose=0, shuffle=False)
    backend.set_value(model.optimizer.lr, 0.005)        # as a scheduler would have
    path = str(tmp_path / "model.npz")
    model.save(path)

    loaded = models.load_model(path)
    assert [layer.name for layer in loaded.layers] == [layer.name for layer in model.layers]
    assert loaded.get_layer("dense").get_config()["activation"] == "relu"
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))
    assert float(backend.get_value(loaded.optimizer.lr)) == pytest.approx(0.005)
    assert loaded.optimizer.clipnorm == 1.0
    assert loaded.evaluate(x, y, verbose=0) == model.evaluate(x, y, verbose=0)
    # Adam's moments and step count came back: one more epoch gives the same weights
    before = model.fit(x, y, epochs=1, batch_size=8, verbose=0, shuffle=False)
    after = loaded.fit(x, y, epochs=1, batch_size=8, verbose=0, shuffle=False)
    assert before.history == after.history and "acc" not in after.history
    _assert_same_weights(model, loaded)


def test_saved_functional_and_recurrent_models_round_trip(tmp_path):
    inputs = layers.Input(shape=(5, 3))
    hidden = layers.LSTM(4, return_sequences=True, name="encoder")(inputs)
    outputs = layers.Dense(2, activation="softmax")(layers.GRU(3)(hidden))
    model = models.Model(inputs, outputs, name="tagger")
    model.compile(optimizer=optimizers.SGD(lr=0.1, momentum=0.9),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x = np.random.RandomState(2).normal(size=(16, 5, 3)).astype(np.float32)
    y = (x[:, :, 0].sum(axis=1) > 0).astype(np.int64)
    model.fit(x, y, epochs=1, batch_size=4, verbose=0, shuffle=False)
    path = str(tmp_path / "tagger")
    models.save_model(model, path)
    loaded = models.load_model(path)
    assert type(loaded) is models.Model and loaded.name == "tagger"
    assert [type(layer).__name__ for layer in loaded.layers] == \
        ["InputLayer", "LSTM", "GRU", "Dense"]
    saved_predictions = model.predict(x)
    np.testing.assert_array_equal(loaded.predict(x), saved_predictions)
    model.fit(x, y, epochs=1, batch_size=4, verbose=0, shuffle=False)
    loaded.fit(x, y, epochs=1, batch_size=4, verbose=0, shuffle=False)
    _assert_same_weights(model, loaded)

    bare = models.load_model(path, compile=False)
    assert bare.optimizer is None
    np.testing.assert_array_equal(bare.predict(x), saved_predictions)
    with pytest.raises(ValueError, match="exists and overwrite=False"):
        model.save(path, overwrite=False)


def test_checkpoints_of_whole_models_and_weights_and_their_errors(tmp_path):
    x, y = _data()
    model = models.Sequential([layers.Dense(1, input_shape=(3,))])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, y, epochs=1, verbose=0, callbacks=[
        callbacks.ModelCheckpoint(str(tmp_path / "whole.npz")),
        callbacks.ModelCheckpoint(str(tmp_path / "weights.npz"), save_weights_only=True)])
    np.testing.assert_array_equal(models.load_model(str(tmp_path / "whole.npz")).predict(x),
                                  model.predict(x))
    twin = models.Sequential([layers.Dense(1, input_shape=(3,))])
    twin.load_weights(str(tmp_path / "whole.npz"))            # a whole-model file works too
    _assert_same_weights(model, twin)
    with pytest.raises(ValueError, match="use model.load_weights"):
        models.load_model(str(tmp_path / "weights.npz"))
    (tmp_path / "keras.h5").write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(64))
    with pytest.raises(ValueError, match="HDF5 file"):
        models.load_model(str(tmp_path / "keras.h5"))

    custom = models.Sequential([layers.Dense(1, input_shape=(3,))])
    custom.compile(optimizer="sgd", loss=lambda t, p: tf.reduce_mean(tf.abs(t - p)))
    with pytest.raises(ValueError, match="give it a named function"):
        custom.save(str(tmp_path / "custom.npz"))

    def half_mae(y_true, y_pred):
        return 0.5 * tf.abs(y_true - y_pred)
    custom.compile(optimizer="sgd", loss=half_mae)
    custom.save(str(tmp_path / "custom.npz"))
    with pytest.raises(ValueError, match="Unknown loss function: 'half_mae'"):
        models.load_model(str(tmp_path / "custom.npz"))
    loaded = models.load_model(str(tmp_path / "custom.npz"),
                               custom_objects={"half_mae": half_mae})
    assert loaded.evaluate(x, y, verbose=0) == pytest.approx(custom.evaluate(x, y, verbose=0))
    frozen = models.Sequential([layers.Dense(1, input_shape=(3,),
                                             kernel_initializer=tf.zeros_initializer())])
    with pytest.raises(ValueError, match="kernel_initializer=.* has no saved form"):
        frozen.save(str(tmp_path / "frozen.npz"))
