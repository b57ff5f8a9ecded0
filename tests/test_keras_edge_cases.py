"""Keras fit/evaluate on nonsense data arguments give Keras's ValueErrors; TerminateOnNaN
(issue 15, item 12)."""
import numpy as np
import pytest

from autograd_engine.keras import callbacks, layers, models


@pytest.fixture(scope="module")
def model():
    model = models.Sequential([layers.Dense(1, input_shape=(2,))])
    model.compile(optimizer="sgd", loss="mse")
    return model


X, Y = np.ones((10, 2), np.float32), np.ones((10, 1), np.float32)
EMPTY_X, EMPTY_Y = np.zeros((0, 2), np.float32), np.zeros((0, 1), np.float32)


@pytest.mark.parametrize("verbose", [0, 1, 2])
def test_fit_on_no_samples_is_a_value_error(model, verbose):
    with pytest.raises(ValueError, match="Expect x to be a non-empty array or dataset"):
        model.fit(EMPTY_X, EMPTY_Y, verbose=verbose)


def test_evaluate_on_no_samples_is_a_value_error(model):
    with pytest.raises(ValueError, match="Expect x to be a non-empty array or dataset"):
        model.evaluate(EMPTY_X, EMPTY_Y, verbose=0)


@pytest.mark.parametrize("batch_size", [0, -1, -32, 2.5, True])
@pytest.mark.parametrize("method", ["fit", "evaluate", "predict"])
def test_batch_size_must_be_positive(model, batch_size, method):
    args = (X,) if method == "predict" else (X, Y)
    with pytest.raises(ValueError, match="batch_size must be a positive integer, got %s"
                                         % batch_size):
        getattr(model, method)(*args, batch_size=batch_size, verbose=0)


@pytest.mark.parametrize("split", [1.0, 1.5, -0.2, float("nan"), "0.2"])
def test_validation_split_outside_zero_one_is_a_value_error(model, split):
    with pytest.raises(ValueError, match="validation_split must be a number in \\[0, 1\\)"):
        model.fit(X, Y, validation_split=split, verbose=0)


@pytest.mark.parametrize("split", [1e-18, 0.99])
def test_validation_split_leaving_a_side_empty_is_a_value_error(model, split):
    with pytest.raises(ValueError, match="Training data contains 10 samples, which is not "
                                         "sufficient to split it"):
        model.fit(X, Y, validation_split=split, verbose=0)


def test_valid_split_still_trains_on_the_first_part_and_validates_on_the_rest(model):
    history = model.fit(X, Y, validation_split=0.3, epochs=1, batch_size=4, verbose=0)
    assert set(history.history) == {"loss", "val_loss"}


class _BatchCounter(callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.batches = 0

    def on_batch_end(self, batch, logs=None):
        self.batches += 1


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_terminate_on_nan_stops_after_the_first_bad_batch(bad, capsys):
    model = models.Sequential([layers.Dense(1, input_shape=(2,))])
    model.compile(optimizer="sgd", loss="mse")
    x = np.ones((8, 2), np.float32)
    x[2] = bad  # the second batch of two makes the loss NaN or inf
    counter = _BatchCounter()
    history = model.fit(x, np.ones((8, 1), np.float32), batch_size=2, epochs=3, shuffle=False,
                        verbose=0, callbacks=[callbacks.TerminateOnNaN(), counter])
    assert counter.batches == 2 and len(history.history["loss"]) == 1
    assert "Batch 1: Invalid loss, terminating training" in capsys.readouterr().out


def test_terminate_on_nan_leaves_finite_training_alone():
    model = models.Sequential([layers.Dense(1, input_shape=(2,))])
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(X, Y, batch_size=5, epochs=3, verbose=0,
                        callbacks=[callbacks.TerminateOnNaN()])
    assert len(history.history["loss"]) == 3
