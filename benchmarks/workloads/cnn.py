"""The two-conv CNN training step of TF1's "Deep MNIST" tutorial, batch 64 of 28×28×1 digits:
conv 5×5 32 SAME + relu + max-pool 2, conv 5×5 64 SAME + relu + max-pool 2, dense 1024 relu,
dense 10, mean softmax cross-entropy, Adam at 1e-4 (the tutorial's optimizer; no dropout, so
every implementation computes the same step).

The hand-written numpy convolution is im2col over a strided window view and one GEMM; its
input gradient scatters back by kernel offset (25 shifted adds, not ``np.add.at``); the
first layer skips the input gradient nobody needs. PyTorch runs NCHW, so its weights are
the same numbers transposed (and the first dense layer's rows reordered to NCHW's flattening).
"""
import numpy as np

from autograd_engine.datasets import load_digits

from ..harness import Implementation, Workload
from . import _common, jax_steps
from ._common import GraphParts

BATCH, LEARNING_RATE, KERNEL = 64, 1e-4, 5
CHANNELS = (1, 32, 64)
FLAT, HIDDEN, CLASSES = 7 * 7 * 64, 1024, 10


def make_data():
    rng = np.random.RandomState(0)
    digits = load_digits(one_hot=True, image_size=28).train
    xs = digits.images[:BATCH].reshape(BATCH, 28, 28, 1).copy()
    ys = digits.labels[:BATCH].copy()

    def weight(*shape):  # the tutorial's truncated normal, stddev 0.1
        return np.clip(rng.randn(*shape) * 0.1, -0.2, 0.2).astype(np.float32)

    def bias(n):
        return np.full(n, 0.1, np.float32)
    params = [weight(KERNEL, KERNEL, CHANNELS[0], CHANNELS[1]), bias(CHANNELS[1]),
              weight(KERNEL, KERNEL, CHANNELS[1], CHANNELS[2]), bias(CHANNELS[2]),
              weight(FLAT, HIDDEN), bias(HIDDEN), weight(HIDDEN, CLASSES), bias(CLASSES)]
    return xs, ys, params


def build_graph(params):
    def build(tf):
        x = tf.placeholder(tf.float32, [None, 28, 28, 1])
        y = tf.placeholder(tf.float32, [None, CLASSES])
        h = x
        for layer in range(2):
            kernel, bias = tf.Variable(params[2 * layer]), tf.Variable(params[2 * layer + 1])
            h = tf.nn.relu(tf.nn.conv2d(h, kernel, strides=[1, 1, 1, 1], padding="SAME") + bias)
            h = tf.nn.max_pool(h, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
        h = tf.reshape(h, [-1, FLAT])
        h = tf.nn.relu(tf.matmul(h, tf.Variable(params[4])) + tf.Variable(params[5]))
        logits = tf.matmul(h, tf.Variable(params[6])) + tf.Variable(params[7])
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
        train_op = tf.train.AdamOptimizer(LEARNING_RATE, **_common.ADAM).minimize(loss)
        return GraphParts([x, y], loss, train_op)
    return build


# ---------------------------------------------------------------- by hand, numpy or CuPy
# ``xp`` is the array module (numpy, or CuPy on a GPU): one hand-written step serves both.
def im2col(x, xp=np):
    """(N, H, W, C) -> (N*H*W, K*K*C): every SAME-padded K×K window as a row."""
    pad = KERNEL // 2
    padded = xp.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    n, h, w, c = x.shape
    s = padded.strides
    # shape and strides only: CuPy's as_strided has no ``writeable``; the reshape copies anyway
    windows = xp.lib.stride_tricks.as_strided(padded, (n, h, w, KERNEL, KERNEL, c),
                                              (s[0], s[1], s[2], s[1], s[2], s[3]))
    return windows.reshape(n * h * w, KERNEL * KERNEL * c)


def col2im(cols, shape, xp=np):
    """The adjoint of :func:`im2col`: adds each window row back where it came from."""
    n, h, w, c = shape
    pad = KERNEL // 2
    windows = cols.reshape(n, h, w, KERNEL, KERNEL, c)
    padded = xp.zeros((n, h + 2 * pad, w + 2 * pad, c), cols.dtype)
    for i in range(KERNEL):
        for j in range(KERNEL):
            padded[:, i:i + h, j:j + w, :] += windows[:, :, :, i, j, :]
    return padded[:, pad:pad + h, pad:pad + w, :]


def max_pool_forward(x):
    n, h, w, c = x.shape
    return x.reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))


def max_pool_backward(x, pooled, d_pooled, xp=np):
    """Routes each window's gradient to its first maximum (row-major), as TF1 does on ties."""
    n, h, w, c = x.shape
    windows = x.reshape(n, h // 2, 2, w // 2, 2, c)
    d_windows = xp.zeros_like(windows)
    taken = xp.zeros(pooled.shape, bool)
    for i in range(2):
        for j in range(2):
            hit = windows[:, :, i, :, j, :] == pooled
            hit &= ~taken
            taken |= hit
            xp.multiply(hit, d_pooled, out=d_windows[:, :, i, :, j, :])
    return d_windows.reshape(x.shape)


def conv_layer_forward(x, kernel, bias, xp=np):
    """conv + bias + relu + pool; returns the pooled output and what the backward pass needs."""
    cols = im2col(x, xp)
    out = cols @ kernel.reshape(-1, kernel.shape[-1])
    out += bias
    xp.maximum(out, 0, out=out)
    out = out.reshape(x.shape[:3] + (kernel.shape[-1],))
    pooled = max_pool_forward(out)
    return pooled, (x.shape, cols, out, pooled)


def conv_layer_backward(kernel, saved, d_pooled, input_gradient, xp=np):
    x_shape, cols, out, pooled = saved
    d_out = max_pool_backward(out, pooled, d_pooled, xp)
    d_out *= out > 0
    d_flat = d_out.reshape(-1, kernel.shape[-1])
    d_kernel = (cols.T @ d_flat).reshape(kernel.shape)
    d_bias = d_flat.sum(axis=0)
    d_x = col2im(d_flat @ kernel.reshape(-1, kernel.shape[-1]).T, x_shape, xp) \
        if input_gradient else None
    return d_kernel, d_bias, d_x


def hand_written_implementation(xs, ys, init, xp=np):
    """The step written out in the array module ``xp``: numpy, or CuPy on a GPU."""
    xs, ys = xp.asarray(xs), xp.asarray(ys)
    params = [xp.array(p) for p in init]
    adam = _common.HandWrittenAdam(params, LEARNING_RATE, xp=xp)

    def forward():
        h1, saved1 = conv_layer_forward(xs, params[0], params[1], xp)
        h2, saved2 = conv_layer_forward(h1, params[2], params[3], xp)
        activations = _common.dense_forward(h2.reshape(len(xs), FLAT), params[4:], xp=xp)
        return activations, (saved1, saved2, h2.shape)

    def step():
        activations, (saved1, saved2, h2_shape) = forward()
        d_logits = _common.softmax_cross_entropy_gradient(activations[-1], ys, xp=xp)
        dense_grads, d_flat = _common.dense_backward(activations, params[4:], d_logits,
                                                     input_gradient=True, xp=xp)
        dk2, db2, d_h1 = conv_layer_backward(params[2], saved2, d_flat.reshape(h2_shape), True,
                                             xp)
        dk1, db1, _ = conv_layer_backward(params[0], saved1, d_h1, False, xp)
        adam.apply(params, [dk1, db1, dk2, db2] + dense_grads)

    def observe():
        return _common.softmax_cross_entropy_loss(forward()[0][-1], ys, xp=xp)
    return Implementation(_common.hand_written_label(xp), step, observe)


def torch_implementation(xs, ys, init):
    def build(torch, device="cpu"):
        nn = torch.nn
        conv1 = nn.Conv2d(CHANNELS[0], CHANNELS[1], KERNEL, padding=KERNEL // 2)
        conv2 = nn.Conv2d(CHANNELS[1], CHANNELS[2], KERNEL, padding=KERNEL // 2)
        dense1, dense2 = nn.Linear(FLAT, HIDDEN), nn.Linear(HIDDEN, CLASSES)
        # NHWC's flattening is (h, w, c); NCHW's is (c, h, w): reorder dense1's input rows.
        w3 = init[4].reshape(7, 7, CHANNELS[2], HIDDEN).transpose(2, 0, 1, 3).reshape(FLAT, HIDDEN)
        weights = [(conv1, init[0].transpose(3, 2, 0, 1), init[1]),
                   (conv2, init[2].transpose(3, 2, 0, 1), init[3]),
                   (dense1, w3.T, init[5]), (dense2, init[6].T, init[7])]
        with torch.no_grad():
            for layer, w, b in weights:
                layer.weight.copy_(torch.from_numpy(np.ascontiguousarray(w)))
                layer.bias.copy_(torch.from_numpy(b))
        model = nn.Sequential(conv1, nn.ReLU(), nn.MaxPool2d(2), conv2, nn.ReLU(),
                              nn.MaxPool2d(2), nn.Flatten(), dense1, nn.ReLU(), dense2).to(device)
        x = torch.from_numpy(np.ascontiguousarray(xs.transpose(0, 3, 1, 2))).to(device)
        labels = torch.from_numpy(ys.argmax(axis=1)).to(device)

        def loss():
            return nn.functional.cross_entropy(model(x), labels)
        optimizer = _common.torch_adam(torch, model.parameters(), LEARNING_RATE)
        return _common.torch_training_implementation(loss, optimizer, device)
    return build


def build(data):
    xs, ys, init = data
    return _common.implementations(lambda: hand_written_implementation(xs, ys, init),
                                   build_graph(init), [xs, ys],
                                   torch_impl=torch_implementation(xs, ys, init),
                                   jax_impl=lambda: jax_steps.cnn_step(data))


TITLE = "CNN 2×(conv5x5 + relu + pool) + dense 1024 + Adam, batch 64"
DESCRIPTION = ("28×28×1 digits; conv 5×5×32 SAME, relu, max-pool 2; conv 5×5×64 SAME, relu, "
               "max-pool 2; dense 1024 relu; dense 10; mean softmax cross-entropy; Adam at 1e-4 "
               "(no dropout).")
WORKLOAD = Workload("cnn", TITLE, make_data, build, description=DESCRIPTION)


def gpu_workload(device):
    """The step on the device: CuPy by hand, ours on /gpu:0, PyTorch on CUDA."""
    def build_on_device(data):
        xs, ys, init = data
        return _common.gpu_implementations(
            device, lambda xp: hand_written_implementation(xs, ys, init, xp=xp),
            build_graph(init), [xs, ys], torch_impl=torch_implementation(xs, ys, init))
    return Workload("cnn", TITLE, make_data, build_on_device, description=DESCRIPTION)
