"""What the workloads share: the graph-engine runner (ours and TF1 run the same TF1 program), the
hand-written numpy building blocks (dense layers, softmax cross-entropy, TF1's Adam) and the
assembly of a workload's implementations, leaving out the libraries that are not installed."""
import dataclasses
from typing import Callable, List, Optional

import numpy as np

import autograd_engine
from autograd_engine import blas_threads

from .. import libraries
from ..harness import Implementation

# Implementation keys, in the order the table lists them; the first is the reference.
NUMPY, OURS, OURS_CALLABLE, TORCH, TF1 = "numpy", "ours", "ours-callable", "torch", "tf1"
# issue 19 section 3: ours with TF1's XLA switch on (autograd_engine/jit), and the same step
# written by hand in JAX, jitted (benchmarks/workloads/jax_steps.py; needs the jit extra).
OURS_JIT, JAX_JIT = "ours-jit", "jax-jit"
# issue 19 section 1: ours with every BLAS product on one thread and on all threads, beside
# ours choosing per plan (autograd_engine/blas_threads.py): built by benchmarks/busy.py.
OURS_ONE, OURS_ALL = "ours-one", "ours-all"
LABELS = {NUMPY: "numpy by hand", OURS: "ours: sess.run", OURS_CALLABLE: "ours: make_callable",
          OURS_JIT: "ours (jit)", TORCH: "PyTorch eager", TF1: "TF1 graph mode",
          JAX_JIT: "JAX jit", OURS_ONE: "ours, one BLAS thread", OURS_ALL: "ours, all threads"}
# On a GPU (benchmarks/gpu.py): the same step by hand in CuPy is the reference.
CUPY, OURS_GPU, TORCH_CUDA = "cupy", "ours-gpu", "torch-cuda"
GPU_LABELS = {CUPY: "CuPy by hand", OURS_GPU: "ours on GPU: sess.run",
              TORCH_CUDA: "PyTorch eager on CUDA"}

ADAM = dict(beta1=0.9, beta2=0.999, epsilon=1e-8)


# ---------------------------------------------------------------- graph engines (ours, TF1)
@dataclasses.dataclass
class GraphParts:
    """What a TF1 program builds for the benchmark: the placeholders it feeds (in the order of
    the workload's feed values), the tensor the agreement check reads, the op that is timed,
    and optionally something to do once the Variables are initialized."""
    feeds: List[object]
    observe: object
    step: object
    after_init: Optional[Callable[[object], None]] = None


def jit_config(tf):
    """TF1's ConfigProto turning on the XLA switch (``global_jit_level=ON_1``): the switch the
    issue's target names, as a TF1 program turns it on. The graph is built as for any Session
    (no ``jit_scope``), so the size rule decides what compiles, and ``dynamic_rnn`` runs its
    fused LSTMSequence, compiled through its pure twins, not the scanned loop a scope builds."""
    options = tf.OptimizerOptions(global_jit_level=tf.OptimizerOptions.ON_1)
    return tf.ConfigProto(graph_options=tf.GraphOptions(optimizer_options=options))


def graph_implementation(tf, name, build_graph, feed_values, use_callable=False, config=None):
    """Builds ``build_graph(tf)`` in a graph of its own, for either engine (``tf`` is
    ``autograd_engine`` or TensorFlow's ``compat.v1``), and runs it in a Session.

    >>> import autograd_engine as tf
    >>> def build(tf):
    ...     x = tf.placeholder(tf.float32, [])
    ...     return GraphParts([x], x * 2.0, x * 2.0)
    >>> float(graph_implementation(tf, "ours", build, [np.float32(3)]).observe())
    6.0
    """
    graph = tf.Graph()
    with graph.as_default():
        parts = build_graph(tf)
        init = tf.global_variables_initializer()
    sess = tf.Session(graph=graph, config=config)
    sess.run(init)
    if parts.after_init is not None:
        parts.after_init(sess)
    feed = dict(zip(parts.feeds, feed_values))
    if use_callable:
        fast = sess.make_callable(parts.step, parts.feeds)

        def step():
            return fast(*feed_values)
    else:
        def step():
            return sess.run(parts.step, feed)
    return Implementation(name, step, lambda: sess.run(parts.observe, feed), sess.close,
                          graph_step=(sess, parts.step, feed))


def implementations(numpy_impl, build_graph, feed_values, torch_impl=None, tf1_build_graph=None,
                    ours_callable=False, jax_impl=None):
    """``{key: builder}`` for one workload, reference (numpy) first.

    Ours runs the TF1 program ``build_graph`` (through ``make_callable`` too when
    ``ours_callable``); TF1 runs ``tf1_build_graph`` (default: the same program) when
    TensorFlow is installed, and PyTorch ``torch_impl(torch)`` when PyTorch is.
    """
    def ours(key):
        return lambda: graph_implementation(autograd_engine, LABELS[key], build_graph,
                                            feed_values, use_callable=key == OURS_CALLABLE)

    builders = {NUMPY: lambda: at_default_blas_threads(numpy_impl()), OURS: ours(OURS)}
    if ours_callable:
        builders[OURS_CALLABLE] = ours(OURS_CALLABLE)
    if libraries.jax() is not None:  # the switch needs JAX
        builders[OURS_JIT] = lambda: graph_implementation(
            autograd_engine, LABELS[OURS_JIT], build_graph, feed_values,
            config=jit_config(autograd_engine))
    if torch_impl is not None and libraries.torch() is not None:
        builders[TORCH] = lambda: torch_impl(libraries.torch())
    if jax_impl is not None and libraries.jax() is not None:
        builders[JAX_JIT] = jax_impl
    tf1_graph = tf1_build_graph or build_graph
    if libraries.tf1() is not None:
        builders[TF1] = lambda: graph_implementation(libraries.tf1(), LABELS[TF1], tf1_graph,
                                                     feed_values)
    return builders


def at_default_blas_threads(impl):
    """``impl`` with numpy's BLAS at its default thread count for every step: ours sets the
    count per op (autograd_engine/blas_threads.py), and the hand-written step must not
    inherit whatever count ours left when they are timed in turn."""
    control = blas_threads.controller()
    step = impl.step

    def step_at_default():
        control.restore()
        return step()
    return dataclasses.replace(impl, step=step_at_default)


def torch_training_implementation(loss_fn, optimizer, device="cpu"):
    """A PyTorch eager training step: zero the gradients, ``loss_fn()``, backward, update. On
    CUDA the timing waits for the device (``torch.cuda.synchronize``): a step only queues its
    kernels."""
    def step():
        optimizer.zero_grad(set_to_none=True)
        loss_fn().backward()
        optimizer.step()

    def observe():
        return loss_fn().item()
    if device == "cpu":
        return Implementation(LABELS[TORCH], step, observe)
    torch = libraries.torch()
    return Implementation(GPU_LABELS[TORCH_CUDA], step, observe,
                          synchronize=torch.cuda.synchronize)


class TorchAdamAsTF1:
    """``torch.optim.Adam`` taking TF1's step. PyTorch adds epsilon to the bias-corrected
    ``sqrt(v) / sqrt(1 - beta2^t)``, TF1 to ``sqrt(v)`` itself: the same update once PyTorch's
    epsilon is ``epsilon / sqrt(1 - beta2^t)``, set before each step (one dict write). Without
    it the two differ wherever a gradient is near epsilon, visibly in the loss after a step."""

    def __init__(self, torch, params, learning_rate):
        self.optimizer = torch.optim.Adam(params, lr=learning_rate,
                                          betas=(ADAM["beta1"], ADAM["beta2"]),
                                          eps=ADAM["epsilon"])
        self.t = 0

    def zero_grad(self, set_to_none=True):
        self.optimizer.zero_grad(set_to_none=set_to_none)

    def step(self):
        self.t += 1
        epsilon = ADAM["epsilon"] / (1 - ADAM["beta2"] ** self.t) ** 0.5
        for group in self.optimizer.param_groups:
            group["eps"] = epsilon
        self.optimizer.step()


def torch_adam(torch, params, learning_rate):
    return TorchAdamAsTF1(torch, params, learning_rate)


def hand_written_label(xp):
    """The column a hand-written step fills: numpy's on the CPU, CuPy's on the GPU."""
    return LABELS[NUMPY] if xp is np else GPU_LABELS[CUPY]


def device_synchronizer(xp):
    """What waits for a CuPy device's queued kernels, for timing (``xp`` is CuPy)."""
    return xp.cuda.Device().synchronize


def gpu_implementations(device, hand_written, build_graph, feed_values, torch_impl=None):
    """``{key: builder}`` of one workload on the device, reference (CuPy by hand) first.

    ``device`` is the engine's device Backend (real CuPy, or the stand-in in a dry run);
    ``hand_written(xp)`` the workload's hand-written step in that array module. Ours runs the
    TF1 program in a Session with TF1's default placement (ops on /gpu:0), fed device arrays as
    the other two read theirs: no copy per step. PyTorch runs ``torch_impl(torch, "cuda")``
    when PyTorch with CUDA is installed and the device is real.
    """
    synchronize = device_synchronizer(device.xp)

    def ours():
        impl = graph_implementation(autograd_engine, GPU_LABELS[OURS_GPU], build_graph,
                                    [device.to_device(value) for value in feed_values])
        impl.synchronize = synchronize
        return impl

    def cupy():
        impl = hand_written(device.xp)
        impl.synchronize = synchronize
        return impl

    builders = {CUPY: cupy, OURS_GPU: ours}
    if torch_impl is not None and libraries.torch_cuda() is not None:
        builders[TORCH_CUDA] = lambda: torch_impl(libraries.torch_cuda(), "cuda")
    return builders


def torch_parameter(torch, array):
    """A leaf tensor with its own copy of ``array`` (float32), requiring gradients."""
    return torch.tensor(np.array(array, dtype=np.float32), requires_grad=True)


# ---------------------------------------------------------------- by hand, numpy or CuPy
# The hand-written steps take their array module ``xp`` (numpy, default, or CuPy, whose API is
# numpy's): one step written once is both the CPU reference and the "CuPy by hand" GPU column.
class HandWrittenAdam:
    """TF1's Adam (``ApplyAdam``: ``m += (g - m)(1 - beta1)``, ``v += (g² - v)(1 - beta2)``,
    ``var -= lr_t m / (sqrt(v) + epsilon)``), in place, through one scratch array per
    parameter: a step allocates nothing the size of a parameter. ``xp`` is the parameters'
    array module (numpy or CuPy).

    >>> p = np.ones(3, np.float32)
    >>> HandWrittenAdam([p], 0.1).apply([p], [np.full(3, 2.0, np.float32)])
    >>> [round(float(v), 4) for v in p]
    [0.9, 0.9, 0.9]
    """

    def __init__(self, params, learning_rate, beta1=ADAM["beta1"], beta2=ADAM["beta2"],
                 epsilon=ADAM["epsilon"], xp=np):
        self.learning_rate, self.beta1, self.beta2 = learning_rate, beta1, beta2
        self.epsilon = np.float32(epsilon)
        self.xp = xp
        self.m = [xp.zeros_like(p) for p in params]
        self.v = [xp.zeros_like(p) for p in params]
        self.scratch = [xp.empty_like(p) for p in params]
        self.t = 0

    def apply(self, params, grads):
        xp = self.xp
        self.t += 1
        lr_t = np.float32(self.learning_rate * np.sqrt(1 - self.beta2 ** self.t) /
                          (1 - self.beta1 ** self.t))
        one_minus_b1, one_minus_b2 = np.float32(1 - self.beta1), np.float32(1 - self.beta2)
        for p, g, m, v, s in zip(params, grads, self.m, self.v, self.scratch):
            xp.subtract(g, m, out=s)
            s *= one_minus_b1
            m += s
            xp.multiply(g, g, out=s)
            s -= v
            s *= one_minus_b2
            v += s
            xp.sqrt(v, out=s)
            s += self.epsilon
            xp.divide(m, s, out=s)
            s *= lr_t
            p -= s


def dense_forward(x, params, xp=np):
    """Activations ``[x, h1, ..., out]`` of dense layers ``params = [W1, b1, W2, b2, ...]``, relu
    between them and none after the last; in place where the array module allows."""
    activations = [x]
    n_layers = len(params) // 2
    for i in range(n_layers):
        h = activations[-1] @ params[2 * i]
        h += params[2 * i + 1]
        if i < n_layers - 1:
            xp.maximum(h, 0, out=h)
        activations.append(h)
    return activations


def dense_backward(activations, params, d_out, input_gradient=False, xp=np):
    """Gradients of ``params`` (and of the input when asked) from the gradient ``d_out`` of the
    last layer's output; ``activations`` from :func:`dense_forward`."""
    grads = [None] * len(params)
    g = d_out
    for i in reversed(range(len(params) // 2)):
        grads[2 * i] = activations[i].T @ g
        grads[2 * i + 1] = g.sum(axis=0)
        if i > 0 or input_gradient:
            g = g @ params[2 * i].T
            if i > 0:  # through the relu that made activations[i]
                xp.multiply(g, activations[i] > 0, out=g)
    return grads, (g if input_gradient else None)


def softmax_cross_entropy_gradient(logits, labels, xp=np):
    """d mean(softmax cross-entropy) / d logits, for one-hot ``labels``."""
    probs = logits - logits.max(axis=1, keepdims=True)
    xp.exp(probs, out=probs)
    probs /= probs.sum(axis=1, keepdims=True)
    probs -= labels
    probs /= np.float32(len(logits))
    return probs


def softmax_cross_entropy_loss(logits, labels, xp=np):
    """mean over the batch of ``-sum(labels * log_softmax(logits))``."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - xp.log(xp.exp(shifted).sum(axis=1, keepdims=True))
    return float(-(labels * log_probs).sum(axis=1).mean())


def one_hot_batch(rng, batch, classes):
    return np.eye(classes, dtype=np.float32)[rng.randint(0, classes, batch)]


def he_normal(rng, n_in, n_out):
    return (rng.randn(n_in, n_out) * np.sqrt(2.0 / n_in)).astype(np.float32)
