"""What Keras users reach for first: to_categorical, mnist.load_data, the TensorBoard,
ReduceLROnPlateau, CSVLogger and LambdaCallback callbacks, set_session/get_session/
clear_session, and a progress bar that redraws cleanly."""
import io

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.keras import backend, callbacks, layers, models, utils
from autograd_engine.keras.datasets import mnist


@pytest.fixture(autouse=True)
def fresh_names_and_seeds():
    backend.clear_session()
    tf.set_random_seed(0)
    np.random.seed(0)


def _regressor(lr=0.1):
    model = models.Sequential([layers.Dense(4, activation="tanh", input_shape=(3,)),
                               layers.Dense(1)])
    model.compile(optimizer=tf.keras.optimizers.SGD(lr=lr), loss="mse")
    return model


def _data(n=32):
    x = np.random.RandomState(1).uniform(-1, 1, (n, 3)).astype(np.float32)
    return x, x.sum(axis=1, keepdims=True) * 0.5


# ------------------------------------------------------------------ utils and datasets
def test_to_categorical_matches_keras():
    np.testing.assert_array_equal(utils.to_categorical([2, 0]),
                                  [[0, 0, 1], [1, 0, 0]])
    column = utils.to_categorical(np.array([[1], [3]]), num_classes=5, dtype="int32")
    assert column.shape == (2, 5) and column.dtype == np.int32       # (n, 1) -> (n, classes)
    grid = utils.to_categorical(np.array([[0, 1], [1, 0]]))
    assert grid.shape == (2, 2, 2) and grid[0, 1, 1] == 1 and grid[0, 1, 0] == 0
    assert utils.to_categorical([], num_classes=3).shape == (0, 3)
    with pytest.raises(ValueError, match=r"class indices must be in \[0, 3\)"):
        utils.to_categorical([0, 3], num_classes=3)
    with pytest.raises(ValueError, match="integer class indices"):
        utils.to_categorical([0.5])


def test_mnist_load_data_reads_a_local_npz_and_never_downloads(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    with pytest.warns(UserWarning, match="never downloaded"):
        (x_train, y_train), (x_test, y_test) = mnist.load_data()
    assert x_train.shape == (1500, 28, 28) and x_train.dtype == np.uint8
    assert y_train.dtype == np.uint8 and set(np.unique(y_train)) == set(range(10))
    assert x_test.shape == (297, 28, 28) and x_train.max() == 255

    arrays = {"x_train": np.full((3, 28, 28), 7, np.uint8), "y_train": np.arange(3, dtype=np.uint8),
              "x_test": np.zeros((2, 28, 28), np.uint8), "y_test": np.ones(2, np.uint8)}
    (tmp_path / "datasets").mkdir()
    np.savez(tmp_path / "datasets" / "mnist.npz", **arrays)
    (x_train, y_train), (x_test, y_test) = mnist.load_data()    # ~/.keras/datasets/mnist.npz
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    np.testing.assert_array_equal(y_test, arrays["y_test"])
    np.savez(tmp_path / "other.npz", x_train=arrays["x_train"])
    with pytest.raises(ValueError, match="no y_train, x_test, y_test"):
        mnist.load_data(str(tmp_path / "other.npz"))              # an absolute path


def test_progress_bar_covers_a_longer_previous_line():
    out = io.StringIO()
    bar = utils.Progbar(2, width=4, stream=out, dynamic=True, interval=0)
    bar.update(1, [("loss", 0.00012)])         # "loss: 1.2000e-04"
    bar.update(1, [("loss", 0.5)])             # "loss: 0.5000": 4 characters shorter
    first, second = out.getvalue().split("\r")[1:]
    assert second.rstrip().endswith("loss: 0.5000")
    assert len(second) == len(first)


# ------------------------------------------------------------------ callbacks
def test_reduce_lr_on_plateau_follows_keras_patience_cooldown_and_floor():
    model = _regressor(lr=0.1)
    model.fit(*_data(), epochs=1, verbose=0)     # compiled and initialized
    reduce = callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=2, cooldown=1,
                                         min_lr=0.02)
    reduce.set_model(model)
    reduce.on_train_begin()
    lrs = []
    for epoch, loss in enumerate([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5]):
        logs = {"loss": loss}
        reduce.on_epoch_end(epoch, logs)
        lrs.append(round(float(backend.get_value(model.optimizer.lr)), 6))
        assert logs["lr"] > 0
    # (Keras's counting) epoch 0 sets the best; 1, 2 do not improve: halved at 2; 3 ends the
    # cooldown and counts; 4: halved; 5 ends the cooldown, 6: halved but floored at min_lr
    assert lrs == [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02]
    for epoch in range(8, 14):
        reduce.on_epoch_end(epoch, {"loss": 0.5})
    assert float(backend.get_value(model.optimizer.lr)) == pytest.approx(0.02)  # the floor
    with pytest.raises(ValueError, match="factor >= 1.0"):
        callbacks.ReduceLROnPlateau(factor=1.0)


def test_lambda_callback_and_csv_logger_in_fit(tmp_path):
    seen = []
    hooks = callbacks.LambdaCallback(
        on_train_begin=lambda logs: seen.append("begin"),
        on_epoch_end=lambda epoch, logs: seen.append((epoch, sorted(logs))),
        on_batch_end=lambda batch, logs: seen.append("batch"),
        on_train_end=lambda logs: seen.append("end"))
    path = tmp_path / "log.csv"
    model = _regressor()
    model.fit(*_data(), epochs=2, batch_size=16, validation_split=0.25, verbose=0,
              callbacks=[hooks, callbacks.CSVLogger(str(path))])
    assert seen == ["begin", "batch", "batch", (0, ["loss", "val_loss"]), "batch", "batch",
                    (1, ["loss", "val_loss"]), "end"]
    rows = path.read_text().splitlines()
    assert rows[0] == "epoch,loss,val_loss" and rows[1].startswith("0,") and len(rows) == 3


def test_tensorboard_callback_writes_scalars_graph_and_weight_histograms(tmp_path):
    from tensorboard.backend.event_processing import event_accumulator
    model = _regressor()
    x, y = _data()
    history = model.fit(x, y, epochs=3, batch_size=8, verbose=0, callbacks=[
        callbacks.TensorBoard(log_dir=str(tmp_path / "epochs"), histogram_freq=2),
        callbacks.TensorBoard(log_dir=str(tmp_path / "batches"), update_freq="batch",
                              write_graph=False)])
    epochs = event_accumulator.EventAccumulator(str(tmp_path / "epochs"), size_guidance={
        event_accumulator.HISTOGRAMS: 0, event_accumulator.SCALARS: 0})
    epochs.Reload()
    assert [e.step for e in epochs.Scalars("loss")] == [0, 1, 2]
    np.testing.assert_allclose([e.value for e in epochs.Scalars("loss")],
                               history.history["loss"], rtol=1e-6)
    assert epochs.Graph() is not None
    kernel_tag = [t for t in epochs.Tags()["histograms"] if "kernel" in t][0]
    assert [e.step for e in epochs.Histograms(kernel_tag)] == [0, 2]
    batches = event_accumulator.EventAccumulator(str(tmp_path / "batches"))
    batches.Reload()
    # 4 batches of 8 per epoch: written at each batch's samples seen, and at each epoch's end
    steps = [e.step for e in batches.Scalars("loss")]
    assert steps[:4] == [8, 16, 24, 32] and len(steps) == 15 and steps[-1] == 96
    assert "graph" not in batches.Tags() or not batches.Tags()["graph"]
    with pytest.raises(ValueError, match="update_freq"):
        callbacks.TensorBoard(update_freq=0)


# ------------------------------------------------------------------ sessions
def test_set_session_configures_the_sessions_of_models_made_afterwards():
    config = tf.ConfigProto(intra_op_parallelism_threads=1)
    given = tf.Session(config=config)
    backend.set_session(given)
    assert backend.get_session() is given
    model = _regressor()
    session = backend.get_session()
    assert session.config is config and session.graph is model.graph
    x, _ = _data(4)
    np.testing.assert_allclose(session.run(model.output, {model.input: x}), model.predict(x))
    backend.clear_session()
    assert backend.get_session().config is None
    assert backend.get_session() is backend.get_session()
    assert tf.get_default_graph() is backend.get_session().graph
