"""Masking for the recurrent layers, as Keras: ``Masking`` and ``Embedding(mask_zero=True)``
make a mask, Dense/Dropout/Activation/BatchNormalization pass it on, and LSTM/GRU/SimpleRNN
carry state and output through masked steps, so padding (before or after) changes nothing."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.keras import backend, layers, models


@pytest.fixture(autouse=True)
def fresh_names_and_seeds():
    backend.clear_session()
    tf.set_random_seed(0)


@pytest.mark.parametrize("recurrent", [layers.LSTM, layers.GRU, layers.SimpleRNN])
def test_masked_steps_carry_state_and_output_through(recurrent):
    x = np.random.RandomState(0).normal(size=(2, 3, 2)).astype(np.float32)
    pad = np.zeros((2, 2, 2), np.float32)
    padded = np.concatenate([pad, x, pad[:, :1]], axis=1)       # 2 steps before, 1 after
    plain = models.Sequential([recurrent(4, return_sequences=True, input_shape=(3, 2))])
    masked = models.Sequential([layers.Masking(input_shape=(6, 2)),
                                layers.Dropout(0.5),            # passes the mask on
                                recurrent(4, return_sequences=True)])
    masked.set_weights(plain.get_weights())
    expected, got = plain.predict(x), masked.predict(padded)
    np.testing.assert_allclose(got[:, 2:5], expected, rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(got[:, :2], 0.0)              # the zero initial output, kept
    np.testing.assert_array_equal(got[:, 5], got[:, 4])         # the last output, repeated
    last = models.Sequential([layers.Masking(input_shape=(6, 2)), recurrent(4)])
    last.set_weights(plain.get_weights())
    np.testing.assert_allclose(last.predict(padded), expected[:, -1], rtol=1e-6, atol=1e-7)


def test_embedding_mask_zero_and_a_mask_per_sequence():
    model = models.Sequential([layers.Embedding(6, 3, mask_zero=True, input_length=5),
                               layers.LSTM(2)])
    short = models.Sequential([layers.Embedding(6, 3, input_length=2), layers.LSTM(2)])
    short.set_weights(model.get_weights())
    padded = np.array([[0, 0, 0, 4, 5], [4, 5, 0, 0, 0], [0, 4, 0, 5, 0]])
    np.testing.assert_allclose(model.predict(padded), np.repeat(short.predict([[4, 5]]), 3, 0),
                               rtol=1e-6, atol=1e-7)
    assert model.layers[0].get_config()["mask_zero"] is True


def test_a_layer_without_mask_support_says_so():
    with pytest.raises(TypeError, match="Layer flatten does not support masking"):
        models.Sequential([layers.Embedding(6, 3, mask_zero=True, input_length=5),
                           layers.Flatten()])
    # a recurrent layer returning only its last output consumes the mask
    model = models.Sequential([layers.Embedding(6, 3, mask_zero=True, input_length=5),
                               layers.SimpleRNN(2), layers.Dense(1)])
    assert model.output_shape == (None, 1)
