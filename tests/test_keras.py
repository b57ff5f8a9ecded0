"""tf.keras on the graph engine: the issue's sin(x) program, digit classifiers (Conv2D, LSTM),
the model API (fit/evaluate/predict, validation, verbose modes, weights), callbacks, rendering
and the user-facing errors."""
import csv
import re

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.datasets import load_digits
from autograd_engine.keras import backend, callbacks, layers, models, optimizers


@pytest.fixture(autouse=True)
def fresh_names_and_seeds():
    backend.clear_session()
    tf.set_random_seed(0)
    np.random.seed(0)


@pytest.fixture(scope="module")
def digits():
    d = load_digits(reshape=False)
    return d.train.images, d.train.labels, d.test.images, d.test.labels


def _small_regressor(units=8, **compile_args):
    model = models.Sequential([layers.Dense(units, activation="tanh", input_shape=(3,)),
                               layers.Dense(1)])
    model.compile(**dict({"optimizer": "sgd", "loss": "mse"}, **compile_args))
    return model


def _regression_data(n=64):
    x = np.random.RandomState(1).uniform(-1, 1, (n, 3)).astype(np.float32)
    return x, x.sum(axis=1, keepdims=True) * 0.5


# ------------------------------------------------------------------ the program
def test_sin_program_runs_unchanged_shortened(capsys):
    x = np.arange(0, 20, 0.1); y = np.sin(x)
    model = models.Sequential()
    model.add(layers.Dense(256, activation="relu", input_shape=(1,)))
    for _ in range(6):
        model.add(layers.Dense(256, activation="relu"))
    model.add(layers.Dense(1))
    model.compile(loss="mse", optimizer="adam")
    hist = model.fit(x, y, steps_per_epoch=10, epochs=2)
    pre_y = model.predict(x + 0.05)
    assert pre_y.shape == (200, 1) and pre_y.dtype == np.float32
    assert len(hist.history["loss"]) == 2 and hist.history["loss"][-1] < 0.7
    out = capsys.readouterr().out
    assert "Epoch 2/2" in out and re.search(r"10/10 \[=+\] - \d+s \d+m?s/step - loss: \d", out)
    assert model.count_params() == 2 * 256 + 6 * (256 * 256 + 256) + 257


# ------------------------------------------------------------------ classifiers
def test_conv2d_digit_classifier_learns(digits):
    x_train, y_train, x_test, y_test = digits
    model = models.Sequential([
        layers.Conv2D(16, 3, activation="relu", padding="same", input_shape=(8, 8, 1)),
        layers.MaxPooling2D(),
        layers.BatchNormalization(),
        layers.Flatten(),
        layers.Dropout(0.2),
        layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=6, verbose=0, validation_data=(x_test, y_test))
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    assert accuracy > 0.9 and history.history["val_accuracy"][-1] == pytest.approx(accuracy)
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    predicted = model.predict(x_test).argmax(axis=1)
    assert np.mean(predicted == y_test) == pytest.approx(accuracy)


def test_lstm_digit_classifier_learns(digits):
    x_train, y_train, x_test, y_test = digits
    model = models.Sequential([layers.LSTM(32, input_shape=(8, 8)),
                               layers.Dense(10, activation="softmax")])
    model.compile(optimizer=optimizers.Adam(lr=0.01), loss="categorical_crossentropy",
                  metrics=["acc"])
    model.fit(x_train[..., 0], np.eye(10)[y_train], batch_size=64, epochs=10, verbose=0)
    _, accuracy = model.evaluate(x_test[..., 0], np.eye(10)[y_test], verbose=0)
    assert accuracy > 0.9


def test_functional_model_with_recurrent_layers_trains():
    inputs = layers.Input(shape=(6, 2))
    hidden = layers.GRU(8, return_sequences=True)(inputs)
    outputs = layers.Dense(1, activation="sigmoid")(layers.SimpleRNN(4)(hidden))
    model = models.Model(inputs, outputs)
    assert [layer.name for layer in model.layers] == ["input_1", "gru", "simple_rnn", "dense"]
    rng = np.random.RandomState(0)
    x = rng.normal(size=(96, 6, 2)).astype(np.float32)
    y = (x[:, :, 0].sum(axis=1) > 0).astype(np.float32)
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=8, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


# ------------------------------------------------------------------ model API
def test_each_model_has_its_own_graph_and_session():
    first, second = _small_regressor(), _small_regressor()
    assert first.graph is not second.graph
    before = second.get_weights()
    first.fit(*_regression_data(), epochs=2, verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(before, second.get_weights()))
    assert first.layers[0].weights[0].name == "dense/kernel:0"
    assert second.layers[0].weights[0].name == "dense_2/kernel:0"


def test_fit_counts_steps_epochs_and_shuffles_through_the_data():
    seen = []

    class Recorder(callbacks.Callback):
        def on_batch_end(self, batch, logs=None):
            seen.append((batch, logs["size"]))

    model = _small_regressor()
    x, y = _regression_data(70)
    model.fit(x, y, batch_size=32, epochs=2, verbose=0, callbacks=[Recorder()])
    assert seen == [(0, 32), (1, 32), (2, 6)] * 2
    seen.clear()
    model.fit(x, y, batch_size=16, steps_per_epoch=3, epochs=2, verbose=0,
              callbacks=[Recorder()])
    # the stream continues across epochs: 70 = 4 * 16 + 6, so epoch 2's second batch is short
    assert seen == [(0, 16), (1, 16), (2, 16), (0, 16), (1, 6), (2, 16)]


def test_epoch_loss_is_the_mean_of_the_batch_losses_before_each_step():
    model = _small_regressor()
    x, y = _regression_data(64)
    losses_before = []

    class Recorder(callbacks.Callback):
        def on_batch_end(self, batch, logs=None):
            losses_before.append(logs["loss"])

    start_loss = model.evaluate(x[:32], y[:32], verbose=0)
    history = model.fit(x, y, batch_size=32, shuffle=False, verbose=0, callbacks=[Recorder()])
    assert losses_before[0] == pytest.approx(start_loss, rel=1e-5)
    assert history.history["loss"][0] == pytest.approx(np.mean(losses_before), rel=1e-6)


def test_validation_split_takes_the_last_examples():
    model = _small_regressor()
    x, y = _regression_data(100)
    history = model.fit(x, y, validation_split=0.25, epochs=1, verbose=0)
    assert history.params["samples"] == 75 and history.params["do_validation"]
    assert history.history["val_loss"][0] == pytest.approx(
        model.evaluate(x[75:], y[75:], verbose=0), rel=1e-5)


def test_verbose_modes(capsys):
    model = _small_regressor()
    x, y = _regression_data(64)
    model.fit(x, y, epochs=2, verbose=0)
    assert capsys.readouterr().out == ""
    model.fit(x, y, epochs=2, verbose=2, validation_data=(x, y))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Epoch 1/2" and re.fullmatch(
        r" - \d+s - loss: [\d.]+ - val_loss: [\d.]+", lines[1]) and len(lines) == 4


def test_predict_is_batched_and_deterministic_with_dropout():
    model = models.Sequential([layers.Dense(16, input_shape=(3,)), layers.Dropout(0.5),
                               layers.Dense(2)])
    x = np.random.RandomState(0).normal(size=(70, 3))
    full = model.predict(x, batch_size=70)
    assert full.shape == (70, 2) and np.allclose(model.predict(x, batch_size=8), full)
    kernel0, bias0, kernel1, bias1 = model.get_weights()
    assert np.allclose(full, (x @ kernel0 + bias0) @ kernel1 + bias1, atol=1e-5)


def test_batch_normalization_updates_moving_averages_during_fit():
    model = models.Sequential([layers.BatchNormalization(momentum=0.5, input_shape=(2,)),
                               layers.Dense(1)])
    model.compile("sgd", "mse")
    x = np.random.RandomState(0).normal(loc=[3.0, -2.0], scale=[2.0, 0.5], size=(256, 2))
    model.fit(x, np.zeros(256), batch_size=256, epochs=8, verbose=0)
    gamma, beta, moving_mean, moving_variance = model.layers[0].get_weights()
    assert np.allclose(moving_mean, x.mean(axis=0), atol=0.05)
    assert np.allclose(moving_variance, x.var(axis=0), rtol=0.05)
    normalized = (x - moving_mean) / np.sqrt(moving_variance + 1e-3) * gamma + beta
    kernel, bias = model.layers[1].get_weights()
    assert np.allclose(model.predict(x), normalized @ kernel + bias, atol=1e-4)


def test_deferred_sequential_builds_on_first_fit():
    model = models.Sequential([layers.Dense(4), layers.Dense(1)])
    model.compile("adam", "mse")
    with pytest.raises(ValueError, match="This model has not yet been built"):
        model.summary()
    model.fit(*_regression_data(), verbose=0)
    assert model.input_shape == (None, 3) and model.count_params() == 16 + 5


def test_train_on_batch_sgd_step_matches_numpy():
    model = models.Sequential([layers.Dense(1, input_shape=(3,))])
    model.compile(optimizer=optimizers.SGD(lr=0.1), loss="mse")
    x, y = _regression_data(8)
    kernel, bias = model.get_weights()
    loss = model.train_on_batch(x, y)
    error = x @ kernel + bias - y
    assert loss == pytest.approx(np.mean(error ** 2), rel=1e-5)
    new_kernel, new_bias = model.get_weights()
    assert np.allclose(new_kernel, kernel - 0.1 * 2 * x.T @ error / 8, atol=1e-6)
    assert np.allclose(new_bias, bias - 0.1 * 2 * error.mean(axis=0), atol=1e-6)


@pytest.mark.parametrize("optimizer", ["sgd", "adam", "rmsprop", "adagrad",
                                       optimizers.SGD(lr=0.05, momentum=0.9, nesterov=True),
                                       optimizers.Adam(decay=0.01, clipnorm=1.0),
                                       optimizers.SGD(clipvalue=0.01)])
def test_every_optimizer_reduces_the_loss(optimizer):
    model = _small_regressor(optimizer=optimizer)
    x, y = _regression_data()
    before = model.evaluate(x, y, verbose=0)
    model.fit(x, y, epochs=20, verbose=0)
    assert model.evaluate(x, y, verbose=0) < before


def test_optimizer_defaults_follow_keras():
    assert optimizers.Adam().get_config() == {"lr": 0.001, "decay": 0.0, "beta_1": 0.9,
                                              "beta_2": 0.999, "epsilon": 1e-7}
    assert optimizers.SGD().get_config()["lr"] == 0.01
    assert optimizers.RMSprop().get_config() == {"lr": 0.001, "decay": 0.0, "rho": 0.9,
                                                 "epsilon": 1e-7}
    assert optimizers.Adagrad().get_config()["lr"] == 0.01
    assert optimizers.Adam(learning_rate=0.5).get_config()["lr"] == 0.5
    model = _small_regressor(optimizer="Adam")
    assert isinstance(model.optimizer, optimizers.Adam)
    model.fit(*_regression_data(), verbose=0)
    assert float(backend.get_value(model.optimizer.lr)) == pytest.approx(0.001)
    assert int(backend.get_value(model.optimizer.iterations)) == 2


# ------------------------------------------------------------------ weights
def test_save_and_load_weights_round_trip(tmp_path):
    model = _small_regressor()
    x, y = _regression_data()
    model.fit(x, y, epochs=3, verbose=0)
    path = str(tmp_path / "weights.npz")
    model.save_weights(path)
    twin = _small_regressor()
    assert not np.allclose(twin.predict(x), model.predict(x))
    twin.load_weights(path)
    assert np.array_equal(twin.predict(x), model.predict(x))
    twin.fit(x, y, verbose=0)   # loaded weights survive the lazy initialization of slots
    partial = models.Sequential([layers.Dense(8, input_shape=(3,), name="dense")])
    partial.load_weights(path, by_name=True)
    assert np.array_equal(partial.get_weights()[0], model.get_weights()[0])
    wider = _small_regressor(units=9)
    with pytest.raises(ValueError, match=r"dense_\d+/kernel:0 weight shape \(3, 9\) is not "
                                         r"compatible with provided weight shape \(3, 8\)"):
        wider.load_weights(path)
    with pytest.raises(ValueError, match="containing 4 weights into a model with 2 weights"):
        partial.load_weights(path)


def test_set_weights_checks_the_count():
    model = _small_regressor()
    with pytest.raises(ValueError, match="weight list of length 1, but the model was "
                                         "expecting 4 weights"):
        model.set_weights([np.zeros((3, 8))])


# ------------------------------------------------------------------ callbacks
def test_early_stopping_stops_and_restores_best_weights():
    model = _small_regressor()
    stopper = callbacks.EarlyStopping(monitor="loss", min_delta=10.0, patience=1,
                                      restore_best_weights=True)
    snapshots = []

    class Snapshot(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            snapshots.append(self.model.get_weights())

    history = model.fit(*_regression_data(), epochs=10, verbose=0,
                        callbacks=[Snapshot(), stopper])
    assert len(history.history["loss"]) == 2 and stopper.stopped_epoch == 1
    assert all(np.array_equal(a, b) for a, b in zip(model.get_weights(), snapshots[0]))


def test_model_checkpoint_saves_each_epoch_or_the_best(tmp_path):
    model = _small_regressor()
    x, y = _regression_data()
    every = str(tmp_path / "w.{epoch:02d}-{loss:.1f}.npz")
    model.fit(x, y, epochs=3, verbose=0, callbacks=[callbacks.ModelCheckpoint(every)])
    assert len([p for p in tmp_path.iterdir() if p.name.startswith("w.")]) == 3
    best = callbacks.ModelCheckpoint(str(tmp_path / "best.npz"), monitor="val_loss",
                                     save_best_only=True)
    model.fit(x, y, epochs=3, verbose=0, validation_data=(x, y), callbacks=[best])
    assert best.best == pytest.approx(model.evaluate(x, y, verbose=0), rel=1e-5)
    twin = _small_regressor()
    twin.load_weights(str(tmp_path / "best.npz"))
    assert np.allclose(twin.predict(x), model.predict(x))


def test_learning_rate_scheduler_sets_the_rate_each_epoch():
    model = _small_regressor()
    rates = []

    class Watch(callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            rates.append(float(backend.get_value(self.model.optimizer.lr)))

    schedule = callbacks.LearningRateScheduler(lambda epoch: 0.1 / (epoch + 1))
    history = model.fit(*_regression_data(), epochs=3, verbose=0, callbacks=[schedule, Watch()])
    assert rates == pytest.approx([0.1, 0.05, 0.1 / 3])
    assert history.history["lr"] == pytest.approx([0.1, 0.05, 0.1 / 3])
    two_args = callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5)
    model.fit(*_regression_data(), epochs=2, verbose=0, callbacks=[two_args])
    assert float(backend.get_value(model.optimizer.lr)) == pytest.approx(0.1 / 12)


def test_csv_logger_writes_one_row_per_epoch(tmp_path):
    model = _small_regressor(metrics=["mae"])
    path = str(tmp_path / "log.csv")
    history = model.fit(*_regression_data(), epochs=3, verbose=0,
                        callbacks=[callbacks.CSVLogger(path)])
    with open(path) as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["epoch", "loss", "mae"] and len(rows) == 3
    assert [float(r["mae"]) for r in rows] == pytest.approx(history.history["mae"])
    model.fit(*_regression_data(), epochs=1, verbose=0,
              callbacks=[callbacks.CSVLogger(path, append=True)])
    with open(path) as f:
        assert [r["epoch"] for r in csv.DictReader(f)] == ["0", "1", "2", "0"]


def test_a_callback_can_stop_training_mid_epoch():
    class StopAfterTwo(callbacks.Callback):
        def on_batch_end(self, batch, logs=None):
            if batch == 1:
                self.model.stop_training = True

    x, y = _regression_data(200)
    history = _small_regressor().fit(x, y, epochs=5, verbose=0, callbacks=[StopAfterTwo()])
    assert len(history.history["loss"]) == 1


# ------------------------------------------------------------------ rendering
def test_render_draws_one_cluster_per_layer(tmp_path):
    model = models.Sequential([layers.Dense(4, activation="relu", input_shape=(3,)),
                               layers.Dropout(0.1), layers.Dense(1)])
    # level="ops": the graph's ops (the default for a model is its layers, as plot_model draws);
    # auto_collapse=None keeps every scope open (a large diagram starts collapsed by default)
    forward = tf.to_dot(model, level="ops", auto_collapse=None)
    assert all('label="%s"' % name in forward for name in ("dense", "dropout", "dense_1"))
    model.compile("adam", "mse")
    training = tf.to_dot(model, level="ops", auto_collapse=None)
    assert 'label="loss"' in training and "Adam" in training
    path = tmp_path / "model.png"
    tf.render(model, str(path), level="ops")
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_keras_is_reachable_as_tf_keras():
    assert tf.keras.models.Sequential is models.Sequential
    assert tf.keras.layers.Dense is layers.Dense


# ------------------------------------------------------------------ errors
def test_fit_before_compile():
    model = models.Sequential([layers.Dense(1, input_shape=(3,))])
    with pytest.raises(RuntimeError, match=r"You must compile your model before "
                                           r"training/testing. Use `model.compile"):
        model.fit(*_regression_data(), verbose=0)
    with pytest.raises(RuntimeError, match="You must compile"):
        model.evaluate(*_regression_data(), verbose=0)


def test_wrong_input_shape_names_both_shapes():
    model = _small_regressor()
    with pytest.raises(ValueError, match=re.escape(
            "Error when checking input: expected dense_input to have shape (3,) but got array "
            "with shape (5,)")):
        model.fit(np.zeros((10, 5)), np.zeros(10), verbose=0)
    with pytest.raises(ValueError, match=re.escape(
            "expected dense_input to have 2 dimensions, but got array with shape (10, 3, 1)")):
        model.predict(np.zeros((10, 3, 1)))
    with pytest.raises(ValueError, match=re.escape(
            "Error when checking target: expected dense_1 to have shape (1,) but got array "
            "with shape (2,)")):
        model.fit(np.zeros((10, 3)), np.zeros((10, 2)), verbose=0)


def test_x_and_y_of_different_lengths():
    model = _small_regressor()
    with pytest.raises(ValueError, match="Found 10 input samples and 7 target samples"):
        model.fit(np.zeros((10, 3)), np.zeros(7), verbose=0)
    with pytest.raises(ValueError, match="Found 4 input samples and 3 target samples"):
        model.fit(np.zeros((10, 3)), np.zeros(10), validation_data=(np.zeros((4, 3)),
                                                                    np.zeros(3)), verbose=0)


def test_unknown_names_list_the_valid_ones():
    model = models.Sequential([layers.Dense(1, input_shape=(3,))])
    with pytest.raises(ValueError, match=r"Unknown loss function: 'mse_loss'. Valid names: "
                                         r"MAE, MSE, binary_crossentropy, .*mse"):
        model.compile("adam", loss="mse_loss")
    with pytest.raises(ValueError, match="Unknown optimizer: 'adamw'. Valid names: adagrad"):
        model.compile("adamw", loss="mse")
    with pytest.raises(ValueError, match="Unknown metric function: 'f1'"):
        model.compile("adam", loss="mse", metrics=["f1"])
    with pytest.raises(ValueError, match="Unknown activation function: 'relu7'. Valid names: "
                                         "elu, exponential"):
        layers.Dense(3, activation="relu7")
    with pytest.raises(ValueError, match="compile\\(\\) needs a loss"):
        model.compile("adam")


def test_layer_misuse_errors():
    with pytest.raises(TypeError, match="Keyword argument not understood: input_shap"):
        layers.Dense(3, input_shap=(2,))
    with pytest.raises(TypeError, match="The added layer must be an instance of class Layer"):
        models.Sequential().add("dense")
    shared = layers.Dense(2)
    models.Sequential([layers.Dense(3, input_shape=(2,)), shared])
    with pytest.raises(ValueError, match="already part of another model"):
        models.Sequential([layers.Dense(3, input_shape=(2,)), shared])
    first, second = layers.Input(shape=(2,)), layers.Input(shape=(2,))
    with pytest.raises(ValueError, match="Graph disconnected: cannot obtain value for tensor"):
        models.Model(first, layers.Dense(1)(second))


def test_longer_fit_follows_sin_on_zero_to_ten():
    """The issue's program, fitted longer (700 steps, the learning rate lowered for the last
    200): the curve follows sin(x) on [0, 10] with a mean squared error well under 0.05."""
    from autograd_engine.keras import backend, callbacks, layers, models
    backend.clear_session()
    tf.set_random_seed(0)
    np.random.seed(0)
    x = np.arange(0, 20, 0.1)
    y = np.sin(x)
    model = models.Sequential()
    model.add(layers.Dense(256, activation="relu", input_shape=(1,)))
    for _ in range(6):
        model.add(layers.Dense(256, activation="relu"))
    model.add(layers.Dense(1))
    model.compile(loss="mse", optimizer="adam")
    model.fit(x, y, steps_per_epoch=100, epochs=7, verbose=0,
              callbacks=[callbacks.LearningRateScheduler(lambda e: 0.001 if e < 5 else 0.0002)])
    xs = np.arange(0, 10, 0.05)
    assert np.mean((model.predict(xs)[:, 0] - np.sin(xs)) ** 2) < 0.02
