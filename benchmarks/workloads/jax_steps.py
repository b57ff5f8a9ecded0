"""The "JAX jit" column: each CPU workload's training step written by hand in JAX, the whole step
(forward, ``jax.grad``, TF1's Adam) one ``jax.jit`` function of (parameters, Adam slots, step
count, feeds) with the parameter and slot buffers donated, as a JAX user writes it. The feeds
are the workload's numpy arrays, passed every step as a training loop passes its batches (and
as ours gets them). JAX is an optional benchmark dependency (the ``jit`` extra); without it the
column is skipped.
"""
import numpy as np

from ..harness import Implementation
from . import _common


def _jax():
    import jax
    return jax


def _adam(jnp, params, m, v, grads, t, learning_rate):
    """TF1's ApplyAdam on lists of arrays; ``t`` the step count after this step."""
    beta1, beta2, epsilon = _common.ADAM["beta1"], _common.ADAM["beta2"], _common.ADAM["epsilon"]
    lr_t = learning_rate * jnp.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    new_m = [mi + (g - mi) * (1 - beta1) for mi, g in zip(m, grads)]
    new_v = [vi + (g * g - vi) * (1 - beta2) for vi, g in zip(v, grads)]
    new_p = [p - lr_t * mi / (jnp.sqrt(vi) + epsilon) for p, mi, vi in zip(params, new_m, new_v)]
    return new_p, new_m, new_v


def trainer(loss_fn, init, feeds, learning_rate):
    """An Implementation running ``loss_fn(params, *feeds)`` with Adam, jitted, buffers donated.
    """
    jax = _jax()
    jnp = jax.numpy

    def train(params, m, v, t, *feed_values):
        grads = jax.grad(loss_fn)(params, *feed_values)
        t = t + 1.0
        new_p, new_m, new_v = _adam(jnp, params, m, v, grads, t, learning_rate)
        return new_p, new_m, new_v, t

    step_fn = jax.jit(train, donate_argnums=(0, 1, 2))
    loss_jit = jax.jit(loss_fn)
    # numpy batches each step, as a training loop feeds them (and as ours is fed)
    feed_values = [np.asarray(f) for f in feeds]
    state = {"p": [jnp.asarray(p) for p in init], "t": jnp.float32(0)}
    state["m"] = [jnp.zeros_like(p) for p in state["p"]]
    state["v"] = [jnp.zeros_like(p) for p in state["p"]]

    def step():
        state["p"], state["m"], state["v"], state["t"] = step_fn(
            state["p"], state["m"], state["v"], state["t"], *feed_values)
        jax.block_until_ready(state["p"])

    def observe():
        return float(loss_jit(state["p"], *feed_values))
    return Implementation("JAX jit", step, observe)


def _mlp_loss(jnp, jax, loss_kind):
    def loss(params, x, y):
        h, n = x, len(params) // 2
        for i in range(n):
            h = h @ params[2 * i] + params[2 * i + 1]
            if i < n - 1:
                h = jnp.maximum(h, 0)
        if loss_kind == "mse":
            return jnp.mean(jnp.square(h - y))
        return -jnp.mean(jnp.sum(y * jax.nn.log_softmax(h, axis=1), axis=1))
    return loss


def dense_step(spec):
    """The JAX step of a :class:`~benchmarks.workloads.dense.DenseSpec` workload."""
    def build(data):
        jax = _jax()
        xs, ys, init = data
        from .dense import LEARNING_RATE
        return trainer(_mlp_loss(jax.numpy, jax, spec.loss), init, [xs, ys], LEARNING_RATE)
    return build


def sin_step(data):
    from .dense import SIN
    return dense_step(SIN)(data)


def lstm_step(data):
    """BasicLSTMCell over the 28 steps as ``lax.scan``, the dense head, cross-entropy."""
    jax = _jax()
    jnp = jax.numpy
    from . import lstm
    xs, ys, init = data

    def loss(params, x, y):
        kernel, bias, w, b = params
        units = lstm.UNITS
        x_time_major = jnp.transpose(x, (1, 0, 2))

        def cell(carry, x_t):
            c, h = carry
            gates = jnp.concatenate([x_t, h], axis=1) @ kernel + bias
            i, j, f, o = jnp.split(gates, 4, axis=1)
            c = c * jax.nn.sigmoid(f + lstm.FORGET_BIAS) + jax.nn.sigmoid(i) * jnp.tanh(j)
            return (c, jnp.tanh(c) * jax.nn.sigmoid(o)), None
        zeros = jnp.zeros((x.shape[0], units), x.dtype)
        (_, h), _ = jax.lax.scan(cell, (zeros, zeros), x_time_major)
        logits = h @ w + b
        return -jnp.mean(jnp.sum(y * jax.nn.log_softmax(logits, axis=1), axis=1))
    return trainer(loss, init, [xs, ys], lstm.LEARNING_RATE)


def sgd_trainer(loss_fn, init, feeds, learning_rate):
    """As :func:`trainer`, with plain gradient descent (the tutorial's optimizer)."""
    jax = _jax()
    jnp = jax.numpy

    def train(params, *feed_values):
        grads = jax.grad(loss_fn)(params, *feed_values)
        return [p - learning_rate * g for p, g in zip(params, grads)]

    step_fn = jax.jit(train, donate_argnums=(0,))
    loss_jit = jax.jit(loss_fn)
    # numpy batches each step, as a training loop feeds them (and as ours is fed)
    feed_values = [np.asarray(f) for f in feeds]
    state = {"p": [jnp.asarray(p) for p in init]}

    def step():
        state["p"] = step_fn(state["p"], *feed_values)
        jax.block_until_ready(state["p"])

    def observe():
        return float(loss_jit(state["p"], *feed_values))
    return Implementation("JAX jit", step, observe)


def softmax_step(data):
    """The tutorial: ``-sum(y_ * log(softmax(x W + b)))``, gradient descent."""
    jax = _jax()
    jnp = jax.numpy
    from . import softmax_regression
    xs, ys = data

    def loss(params, x, y):
        w, b = params
        return -jnp.sum(y * jnp.log(jax.nn.softmax(x @ w + b, axis=1)))
    init = [np.zeros((784, 10), np.float32), np.zeros(10, np.float32)]
    return sgd_trainer(loss, init, [xs, ys], softmax_regression.LEARNING_RATE)


def cnn_step(data):
    """The two-conv CNN in NHWC with HWIO kernels, as TF1 lays them out."""
    jax = _jax()
    jnp = jax.numpy
    from . import cnn
    xs, ys, init = data

    def loss(params, x, y):
        h = x
        for layer in range(2):
            kernel, bias = params[2 * layer], params[2 * layer + 1]
            h = jax.lax.conv_general_dilated(h, kernel, (1, 1), "SAME",
                                             dimension_numbers=("NHWC", "HWIO", "NHWC"))
            h = jnp.maximum(h + bias, 0)
            h = jax.lax.reduce_window(h, -jnp.inf, jax.lax.max, (1, 2, 2, 1), (1, 2, 2, 1),
                                      "SAME")
        h = h.reshape(h.shape[0], -1)
        h = jnp.maximum(h @ params[4] + params[5], 0)
        logits = h @ params[6] + params[7]
        return -jnp.mean(jnp.sum(y * jax.nn.log_softmax(logits, axis=1), axis=1))
    return trainer(loss, init, [xs, ys], cnn.LEARNING_RATE)


def chain_step(backward, shape, n_ops, offset, is_multiply):
    """The 100-op chain as one jitted function (and ``jax.grad`` of it), fed numpy values each
    call as ours is."""
    jax = _jax()
    from . import scalar_chain
    x_value, a_value = scalar_chain.inputs(shape)

    def chain(x, a):
        y = x
        for i in range(n_ops):
            y = y * a if is_multiply(i) else y + offset
        return y.sum() if shape else y
    fn = jax.jit(jax.grad(chain) if backward else chain)

    def step():
        return jax.block_until_ready(fn(x_value, a_value))
    return Implementation("JAX jit", step, lambda: float(fn(x_value, a_value).sum()))
