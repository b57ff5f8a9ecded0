"""The LSTM classifier step: 28 time steps of 28 pixels (a digit read row by row), a
BasicLSTMCell of 128 units (gates i, j, f, o from one product, forget bias 1.0), the last
output into dense 10, mean softmax cross-entropy, Adam at 1e-3, batch 64.

Ours is what a TF1 program writes: ``tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(128), x)``.
TensorFlow 2's ``compat.v1`` no longer has BasicLSTMCell (it went with Keras 2), so TF1 runs the
cell's equations unrolled over the 28 steps. PyTorch runs ``nn.LSTM`` with the same weights
(its gate order is i, f, g, o; the forget bias goes into its input bias, and its second,
recurrent bias is held at zero so that there is one trained bias, as in the cell). The numpy step
does backpropagation through time by hand, with the input projection of all steps and the
weight gradients of all steps each as one GEMM.
"""
import numpy as np

import autograd_engine

from ..harness import Implementation, Workload
from . import _common, jax_steps
from ._common import GraphParts

BATCH, STEPS, PIXELS, UNITS, CLASSES = 64, 28, 28, 128, 10
LEARNING_RATE, FORGET_BIAS = 1e-3, 1.0


def make_data():
    from autograd_engine.datasets import load_digits
    rng = np.random.RandomState(0)
    digits = load_digits(one_hot=True, image_size=28).train
    xs = digits.images[:BATCH].reshape(BATCH, STEPS, PIXELS).copy()
    ys = digits.labels[:BATCH].copy()
    limit = np.sqrt(6.0 / (PIXELS + UNITS + 4 * UNITS))  # glorot uniform, as get_variable
    kernel = rng.uniform(-limit, limit, (PIXELS + UNITS, 4 * UNITS)).astype(np.float32)
    params = [kernel, np.zeros(4 * UNITS, np.float32),
              _common.he_normal(rng, UNITS, CLASSES), np.zeros(CLASSES, np.float32)]
    return xs, ys, params


def _classifier_head(tf, h, params, y):
    logits = tf.matmul(h, tf.Variable(params[2])) + tf.Variable(params[3])
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
    return loss, tf.train.AdamOptimizer(LEARNING_RATE, **_common.ADAM).minimize(loss)


def ours_graph(params):
    def build(tf):
        assert tf is autograd_engine
        x = tf.placeholder(tf.float32, [None, STEPS, PIXELS])
        y = tf.placeholder(tf.float32, [None, CLASSES])
        cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS, forget_bias=FORGET_BIAS)
        _, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
        loss, train_op = _classifier_head(tf, state.h, params, y)

        def load_cell_weights(sess):
            for variable, value in zip(cell.weights, params[:2]):
                variable.load(value, sess)
        return GraphParts([x, y], loss, train_op, after_init=load_cell_weights)
    return build


def unrolled_graph(params):
    """BasicLSTMCell's equations, unrolled: for TF1 (see the module's docstring)."""
    def build(tf):
        x = tf.placeholder(tf.float32, [BATCH, STEPS, PIXELS])
        y = tf.placeholder(tf.float32, [None, CLASSES])
        kernel, bias = tf.Variable(params[0]), tf.Variable(params[1])
        c = h = tf.zeros([BATCH, UNITS])
        for t in range(STEPS):
            gates = tf.nn.bias_add(tf.matmul(tf.concat([x[:, t, :], h], 1), kernel), bias)
            i, j, f, o = tf.split(gates, 4, axis=1)
            c = c * tf.sigmoid(f + FORGET_BIAS) + tf.sigmoid(i) * tf.tanh(j)
            h = tf.tanh(c) * tf.sigmoid(o)
        loss, train_op = _classifier_head(tf, h, params, y)
        return GraphParts([x, y], loss, train_op)
    return build


# ---------------------------------------------------------------- by hand, numpy or CuPy
def _sigmoid(z, out, xp):
    xp.negative(z, out=out)
    xp.exp(out, out=out)
    out += 1
    xp.reciprocal(out, out=out)
    return out


class HandWrittenLSTM:
    """Forward and backpropagation through time, the kernel split into its input rows
    (``kx``) and recurrent rows (``kh``): params ``[kx, kh, bias, dense W, dense b]``; in the
    array module ``xp`` (numpy, or CuPy on a GPU)."""

    def __init__(self, xs, ys, init, xp=np):
        self.xp = xp
        self.x_time_major = xp.ascontiguousarray(xp.asarray(xs).transpose(1, 0, 2))  # (T, N, I)
        self.ys = xp.asarray(ys)
        kernel, bias, w, b = init
        self.params = [xp.array(p) for p in (kernel[:PIXELS], kernel[PIXELS:], bias, w, b)]
        self.adam = _common.HandWrittenAdam(self.params, LEARNING_RATE, xp=xp)
        n, u = BATCH, UNITS
        self.gates = xp.empty((STEPS, n, 4 * u), np.float32)   # after their activations
        self.cells = xp.zeros((STEPS + 1, n, u), np.float32)   # c_0 = 0
        self.hidden = xp.zeros((STEPS + 1, n, u), np.float32)  # h_0 = 0
        self.tanh_cells = xp.empty((STEPS, n, u), np.float32)

    def forward(self):
        xp = self.xp
        kx, kh, bias, w, b = self.params
        u = UNITS
        shifted_bias = bias.copy()
        shifted_bias[2 * u:3 * u] += FORGET_BIAS
        projected = self.x_time_major.reshape(-1, PIXELS) @ kx  # all steps in one product
        projected += shifted_bias
        projected = projected.reshape(STEPS, BATCH, 4 * u)
        for t in range(STEPS):
            z = projected[t]
            z += self.hidden[t] @ kh
            g = self.gates[t]
            _sigmoid(z, g, xp)  # i, f, o; j's block is overwritten next
            xp.tanh(z[:, u:2 * u], out=g[:, u:2 * u])
            i, j, f, o = g[:, :u], g[:, u:2 * u], g[:, 2 * u:3 * u], g[:, 3 * u:]
            c = self.cells[t + 1]
            xp.multiply(self.cells[t], f, out=c)
            c += i * j
            xp.tanh(c, out=self.tanh_cells[t])
            xp.multiply(self.tanh_cells[t], o, out=self.hidden[t + 1])
        logits = self.hidden[STEPS] @ w
        logits += b
        return logits

    def step(self):
        xp = self.xp
        kx, kh, bias, w, b = self.params
        u = UNITS
        d_logits = _common.softmax_cross_entropy_gradient(self.forward(), self.ys, xp=xp)
        d_w, d_b = self.hidden[STEPS].T @ d_logits, d_logits.sum(axis=0)
        dh = d_logits @ w.T
        dc = xp.zeros_like(dh)
        d_gates = xp.empty_like(self.gates)  # before their activations
        for t in reversed(range(STEPS)):
            g, tc = self.gates[t], self.tanh_cells[t]
            i, j, f, o = g[:, :u], g[:, u:2 * u], g[:, 2 * u:3 * u], g[:, 3 * u:]
            dg = d_gates[t]
            dc += dh * o * (1 - tc * tc)
            xp.multiply(dh, tc, out=dg[:, 3 * u:])
            dg[:, 3 * u:] *= o * (1 - o)
            xp.multiply(dc, j, out=dg[:, :u])
            dg[:, :u] *= i * (1 - i)
            xp.multiply(dc, i, out=dg[:, u:2 * u])
            dg[:, u:2 * u] *= 1 - j * j
            xp.multiply(dc, self.cells[t], out=dg[:, 2 * u:3 * u])
            dg[:, 2 * u:3 * u] *= f * (1 - f)
            dc *= f
            dh = dg @ kh.T
        flat = d_gates.reshape(-1, 4 * u)
        d_kx = self.x_time_major.reshape(-1, PIXELS).T @ flat
        d_kh = self.hidden[:STEPS].reshape(-1, u).T @ flat
        self.adam.apply(self.params, [d_kx, d_kh, flat.sum(axis=0), d_w, d_b])

    def observe(self):
        return _common.softmax_cross_entropy_loss(self.forward(), self.ys, xp=self.xp)


def torch_implementation(xs, ys, init):
    def build(torch, device="cpu"):
        kernel, bias, w, b = init
        # TF's gate blocks are (i, j, f, o); PyTorch's are (i, f, g, o) with g = j.
        order = np.concatenate([np.arange(k * UNITS, (k + 1) * UNITS) for k in (0, 2, 1, 3)])
        lstm = torch.nn.LSTM(PIXELS, UNITS, batch_first=True)
        dense = torch.nn.Linear(UNITS, CLASSES)
        input_bias = bias[order].copy()
        input_bias[UNITS:2 * UNITS] += FORGET_BIAS
        with torch.no_grad():
            for tensor, value in [(lstm.weight_ih_l0, kernel[:PIXELS, order].T),
                                  (lstm.weight_hh_l0, kernel[PIXELS:, order].T),
                                  (lstm.bias_ih_l0, input_bias),
                                  (lstm.bias_hh_l0, np.zeros(4 * UNITS, np.float32)),
                                  (dense.weight, w.T), (dense.bias, b)]:
                tensor.copy_(torch.from_numpy(np.ascontiguousarray(value)))
        lstm, dense = lstm.to(device), dense.to(device)
        x = torch.from_numpy(xs).to(device)
        labels = torch.from_numpy(ys.argmax(axis=1)).to(device)

        def loss():
            outputs, _ = lstm(x)
            return torch.nn.functional.cross_entropy(dense(outputs[:, -1]), labels)
        # One bias, as TF's cell: PyTorch's second (recurrent) bias stays at zero, untrained.
        lstm.bias_hh_l0.requires_grad_(False)
        params = [p for p in lstm.parameters() if p.requires_grad] + list(dense.parameters())
        optimizer = _common.torch_adam(torch, params, LEARNING_RATE)
        return _common.torch_training_implementation(loss, optimizer, device)
    return build


def hand_written_implementation(xs, ys, init, xp=np):
    model = HandWrittenLSTM(xs, ys, init, xp)
    return Implementation(_common.hand_written_label(xp), model.step, model.observe)


def build(data):
    xs, ys, init = data
    return _common.implementations(lambda: hand_written_implementation(xs, ys, init),
                                   ours_graph(init), [xs, ys],
                                   torch_impl=torch_implementation(xs, ys, init),
                                   tf1_build_graph=unrolled_graph(init),
                                   jax_impl=lambda: jax_steps.lstm_step(data))


TITLE = "LSTM 28 steps × 28 pixels, hidden 128 + Adam, batch 64"
WORKLOAD = Workload("lstm", TITLE, make_data, build, description="BasicLSTMCell(128) over the "
                    "28 rows of a digit, last output -> dense 10, mean softmax cross-entropy, "
                    "Adam at 1e-3. TF1 runs the cell's equations unrolled (TensorFlow 2's "
                    "compat.v1 has no BasicLSTMCell any more); ours runs `tf.nn.dynamic_rnn` "
                    "with its BasicLSTMCell; PyTorch runs `nn.LSTM`.")


def gpu_workload(device):
    """The step on the device: CuPy by hand, ours on /gpu:0, PyTorch on CUDA."""
    def build_on_device(data):
        xs, ys, init = data
        return _common.gpu_implementations(
            device, lambda xp: hand_written_implementation(xs, ys, init, xp=xp),
            ours_graph(init), [xs, ys], torch_impl=torch_implementation(xs, ys, init))
    return Workload("lstm", TITLE, make_data, build_on_device,
                    description="BasicLSTMCell(128) over the 28 rows of a digit, last output -> "
                    "dense 10, mean softmax cross-entropy, Adam at 1e-3. Ours runs "
                    "`tf.nn.dynamic_rnn` with its BasicLSTMCell; PyTorch runs `nn.LSTM` "
                    "(cuDNN).")
