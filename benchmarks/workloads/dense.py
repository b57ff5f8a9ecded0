"""Relu MLPs trained with Adam: the sin(x) regression (1-256×7-1, mean squared error, batch 20)
and the 784-512-512-10 classifier (softmax cross-entropy, batch 128 and 1024).

One family: the same layer stack, a loss, a batch. Each workload builds the one TF1 program that
ours and TF1 both run, the hand-written numpy step, and the PyTorch step, all from the same
seeded initial weights.
"""
import dataclasses

import numpy as np

from ..harness import Implementation, Workload
from . import _common, jax_steps
from ._common import GraphParts

LEARNING_RATE = 0.001


@dataclasses.dataclass(frozen=True)
class DenseSpec:
    key: str
    title: str
    sizes: tuple
    loss: str  # "mse" or "softmax_xent"
    batch: int
    ours_callable: bool = False


def make_data(spec):
    rng = np.random.RandomState(0)
    if spec.loss == "mse":
        xs = rng.uniform(-np.pi, np.pi, (spec.batch, spec.sizes[0])).astype(np.float32)
        ys = np.sin(xs).astype(np.float32)
    else:
        xs = rng.rand(spec.batch, spec.sizes[0]).astype(np.float32)
        ys = _common.one_hot_batch(rng, spec.batch, spec.sizes[-1])
    params = []
    for n_in, n_out in zip(spec.sizes[:-1], spec.sizes[1:]):
        params += [_common.he_normal(rng, n_in, n_out), np.zeros(n_out, np.float32)]
    return xs, ys, params


def build_graph(spec, params):
    """The TF1 program, for either engine."""
    def build(tf):
        x = tf.placeholder(tf.float32, [None, spec.sizes[0]])
        y = tf.placeholder(tf.float32, [None, spec.sizes[-1]])
        h, n_layers = x, len(params) // 2
        for i in range(n_layers):
            h = tf.matmul(h, tf.Variable(params[2 * i])) + tf.Variable(params[2 * i + 1])
            if i < n_layers - 1:
                h = tf.nn.relu(h)
        if spec.loss == "mse":
            loss = tf.reduce_mean(tf.square(h - y))
        else:
            loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=h))
        train_op = tf.train.AdamOptimizer(LEARNING_RATE, **_common.ADAM).minimize(loss)
        return GraphParts([x, y], loss, train_op)
    return build


def hand_written_implementation(spec, xs, ys, init, xp=np):
    """The step written out in the array module ``xp``: numpy, or CuPy on a GPU."""
    xs, ys = xp.asarray(xs), xp.asarray(ys)
    params = [xp.array(p) for p in init]
    adam = _common.HandWrittenAdam(params, LEARNING_RATE, xp=xp)

    def loss_gradient(out):
        if spec.loss == "mse":
            d = out - ys
            d *= np.float32(2.0 / d.size)
            return d
        return _common.softmax_cross_entropy_gradient(out, ys, xp=xp)

    def step():
        activations = _common.dense_forward(xs, params, xp=xp)
        grads, _ = _common.dense_backward(activations, params, loss_gradient(activations[-1]),
                                          xp=xp)
        adam.apply(params, grads)

    def observe():
        out = _common.dense_forward(xs, params, xp=xp)[-1]
        if spec.loss == "mse":
            return float(xp.mean(xp.square(out - ys)))
        return _common.softmax_cross_entropy_loss(out, ys, xp=xp)
    return Implementation(_common.hand_written_label(xp), step, observe)


def torch_implementation(spec, xs, ys, init):
    def build(torch, device="cpu"):
        layers = []
        for i in range(len(init) // 2):
            linear = torch.nn.Linear(*init[2 * i].shape)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(init[2 * i].T.copy()))
                linear.bias.copy_(torch.from_numpy(init[2 * i + 1]))
            layers += [linear, torch.nn.ReLU()]
        model = torch.nn.Sequential(*layers[:-1]).to(device)
        x, y = torch.from_numpy(xs).to(device), torch.from_numpy(ys).to(device)
        labels = torch.from_numpy(ys.argmax(axis=1)).to(device)
        functional = torch.nn.functional

        def loss():
            out = model(x)
            if spec.loss == "mse":
                return functional.mse_loss(out, y)
            return functional.cross_entropy(out, labels)
        optimizer = _common.torch_adam(torch, model.parameters(), LEARNING_RATE)
        return _common.torch_training_implementation(loss, optimizer, device)
    return build


def workload(spec):
    def build(data):
        xs, ys, init = data
        return _common.implementations(
            lambda: hand_written_implementation(spec, xs, ys, init), build_graph(spec, init),
            [xs, ys],
            torch_impl=torch_implementation(spec, xs, ys, init), ours_callable=spec.ours_callable,
            jax_impl=lambda: jax_steps.dense_step(spec)(data))
    return Workload(spec.key, spec.title, lambda: make_data(spec), build,
                    description=describe(spec))


def describe(spec):
    return "relu between the layers, Adam (lr %g), %s loss, batch %d." % (
        LEARNING_RATE, "mean squared error" if spec.loss == "mse"
        else "mean softmax cross-entropy", spec.batch)


def gpu_workload(spec, device):
    """``spec`` on the device: CuPy by hand, ours on /gpu:0, PyTorch on CUDA."""
    def build(data):
        xs, ys, init = data
        return _common.gpu_implementations(
            device, lambda xp: hand_written_implementation(spec, xs, ys, init, xp=xp),
            build_graph(spec, init), [xs, ys], torch_impl=torch_implementation(spec, xs, ys, init))
    return Workload(spec.key, spec.title, lambda: make_data(spec), build,
                    description=describe(spec))


SIN = DenseSpec("sin", "sin(x) regression, 7×256 relu + Adam, batch 20",
                (1,) + (256,) * 7 + (1,), "mse", 20, ours_callable=True)
MLP_SIZES = (784, 512, 512, 10)


def mlp_spec(batch):
    """The 784-512-512-10 classifier at ``batch``."""
    return DenseSpec("mlp%d" % batch, "MLP 784-512-512-10 + Adam, batch %d" % batch, MLP_SIZES,
                     "softmax_xent", batch)


WORKLOADS = [workload(SIN)] + [workload(mlp_spec(batch)) for batch in (128, 1024)]
