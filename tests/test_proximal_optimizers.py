"""FtrlOptimizer, ProximalGradientDescentOptimizer, ProximalAdagradOptimizer,
AdagradDAOptimizer and the cosine schedules against TensorFlow
(tests/fixtures/tail/optimizers.npz: the Variable after each of 4 steps; schedule values)."""
import os

import numpy as np
import pytest

import autograd_engine as tf

FIXTURE = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "tail",
                               "optimizers.npz"))
OPTIMIZERS = {
    "ftrl": lambda step: tf.train.FtrlOptimizer(0.3, initial_accumulator_value=0.2),
    "ftrl_l1_l2": lambda step: tf.train.FtrlOptimizer(
        0.3, l1_regularization_strength=0.05, l2_regularization_strength=0.1),
    "ftrl_power_shrinkage": lambda step: tf.train.FtrlOptimizer(
        0.3, learning_rate_power=-0.7, l1_regularization_strength=0.01,
        l2_shrinkage_regularization_strength=0.2),
    "proximal_gd": lambda step: tf.train.ProximalGradientDescentOptimizer(0.1),
    "proximal_gd_l1_l2": lambda step: tf.train.ProximalGradientDescentOptimizer(
        0.1, l1_regularization_strength=0.3, l2_regularization_strength=0.2),
    "proximal_adagrad": lambda step: tf.train.ProximalAdagradOptimizer(0.2),
    "proximal_adagrad_l1_l2": lambda step: tf.train.ProximalAdagradOptimizer(
        0.2, l1_regularization_strength=0.1, l2_regularization_strength=0.3),
    "adagrad_da": lambda step: tf.train.AdagradDAOptimizer(0.2, step),
    "adagrad_da_l1_l2": lambda step: tf.train.AdagradDAOptimizer(
        0.2, step, l1_regularization_strength=0.05, l2_regularization_strength=0.1),
}


@pytest.mark.parametrize("key", sorted(OPTIMIZERS))
def test_optimizer_steps_match_tensorflow(key):
    with tf.Graph().as_default(), tf.Session() as sess:
        step = tf.train.get_or_create_global_step()
        w = tf.Variable(FIXTURE["initial"])
        loss = tf.reduce_sum(FIXTURE["c"] * w * w + w)
        train = OPTIMIZERS[key](step).minimize(loss, global_step=step)
        sess.run(tf.global_variables_initializer())
        history = []
        for _ in range(4):
            sess.run(train)
            history.append(sess.run(w))
    np.testing.assert_allclose(history, FIXTURE[key], rtol=2e-5, atol=1e-6)


def test_slots_are_named_as_tf1():
    with tf.Graph().as_default():
        w = tf.Variable([1.0], name="w")
        ftrl = tf.train.FtrlOptimizer(0.1)
        ftrl.minimize(tf.reduce_sum(w * w))
        assert sorted(ftrl.get_slot_names()) == ["accum", "linear"]
        assert ftrl.get_slot(w, "accum").name == "w/Ftrl:0"
        assert ftrl.get_slot(w, "linear").name == "w/Ftrl_1:0"
        da = tf.train.AdagradDAOptimizer(0.1, tf.train.get_or_create_global_step())
        da.minimize(tf.reduce_sum(w * w))
        assert sorted(da.get_slot_names()) == ["gradient_accumulator",
                                               "gradient_squared_accumulator"]


def test_bad_hyperparameters_are_refused():
    with pytest.raises(ValueError, match="learning_rate_power 0.500000 needs to be negative"):
        tf.train.FtrlOptimizer(0.1, learning_rate_power=0.5)
    with pytest.raises(ValueError, match="l1_regularization_strength must be non-negative"):
        tf.train.ProximalGradientDescentOptimizer(0.1, l1_regularization_strength=-1.0)
    with pytest.raises(ValueError, match="initial_accumulator_value must be positive"):
        tf.train.ProximalAdagradOptimizer(0.1, initial_accumulator_value=0.0)


def test_cosine_schedules_match_tensorflow():
    with tf.Graph().as_default(), tf.Session() as sess:
        step = tf.placeholder(tf.int64, [])
        schedules = {
            "restarts": tf.train.cosine_decay_restarts(0.5, step, 100),
            "restarts_t1_m": tf.train.cosine_decay_restarts(0.5, step, 100, t_mul=1.0,
                                                            m_mul=0.7, alpha=0.1),
            "restarts_t3": tf.train.cosine_decay_restarts(0.5, step, 50, t_mul=3.0, m_mul=0.9),
            "linear_cosine": tf.train.linear_cosine_decay(0.5, step, 400),
            "linear_cosine_periods": tf.train.linear_cosine_decay(0.5, step, 400, num_periods=2,
                                                                  alpha=0.1, beta=0.01),
        }
        for key, tensor in schedules.items():
            got = [sess.run(tensor, {step: s}) for s in FIXTURE["schedule_steps"]]
            np.testing.assert_allclose(got, FIXTURE[key], rtol=1e-5, atol=1e-7, err_msg=key)
        noisy = tf.train.noisy_linear_cosine_decay(0.5, step, 400)
        draws = np.array([sess.run(noisy, {step: 100}) for _ in range(200)])
    # linear part 0.75 plus noise of variance 1 / 101 ** 0.55; cosine part 0.5 * (1 + cos(pi/4))
    cosine = 0.5 * (1 + np.cos(np.pi / 4))
    assert abs(draws.mean() - 0.5 * (0.75 * cosine + 0.001)) < 0.02
    assert abs(draws.std() - 0.5 * cosine * np.sqrt(101 ** -0.55)) < 0.02
