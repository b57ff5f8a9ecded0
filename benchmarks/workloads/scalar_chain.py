"""A chain of 100 scalar ops (alternately ``* a`` and ``+ 0.5``) on a fed float32 scalar ``x``,
forward only and forward+backward (the derivative with respect to ``x``): the arithmetic costs
nothing, so the time is the engine's own overhead per op and per call. The factor ``a`` (1.0001)
is fed too: with a constant factor the derivative would be a constant, and a graph engine that
folds constants (ours does) would compute the backward chain once, when it compiles the plan.

The numpy column is the same arithmetic on numpy float32 scalars in a Python loop (the backward
pass multiplies the recorded factors); PyTorch eager runs the chain on a 0-d tensor (with
``requires_grad`` and ``torch.autograd.grad`` for the backward pass).

Scalars flow through our plans as numpy scalars, whose arithmetic is cheaper than any array
call; the same chain on a 16-element vector (the ``vchain`` workloads) shows the overhead per
op when every op is an array call.
"""
import numpy as np

from ..harness import Implementation, Workload
from . import _common, jax_steps
from ._common import GraphParts

N_OPS, OFFSET = 100, 0.5
VECTOR = 16  # elements of the vector chain


def inputs(shape):
    """(x, a) as fed: float32 scalars, or vectors of ``shape``."""
    if shape == ():
        return np.float32(1.5), np.float32(1.0001)
    return np.full(shape, 1.5, np.float32), np.full(shape, 1.0001, np.float32)


def is_multiply(i):
    return i % 2 == 0


def build_graph(backward, shape=()):
    def build(tf):
        x = tf.placeholder(tf.float32, list(shape))
        a = tf.placeholder(tf.float32, list(shape))
        y = x
        for i in range(N_OPS):
            y = y * a if is_multiply(i) else y + OFFSET
        fetch = tf.gradients(y, [x])[0] if backward else y
        # The agreement check reads one number (the sum, for a vector); the step is timed.
        return GraphParts([x, a], tf.reduce_sum(fetch) if shape else fetch, fetch)
    return build


def numpy_implementation(backward, shape):
    x, factor = inputs(shape)
    offset = np.float32(OFFSET)

    def forward():
        v = x
        for i in range(N_OPS):
            v = v * factor if is_multiply(i) else v + offset
        return v

    def forward_backward():
        v, tape = x, []
        for i in range(N_OPS):
            if is_multiply(i):
                tape.append(factor)
                v = v * factor
            else:
                v = v + offset
        g = np.ones_like(x)
        for f in reversed(tape):
            g = g * f
        return g
    fn = forward_backward if backward else forward
    return Implementation(_common.LABELS[_common.NUMPY], fn, lambda: fn().sum())


def torch_implementation(backward, shape):
    def build(torch):
        x_value, a_value = inputs(shape)
        x = torch.tensor(x_value, requires_grad=backward)
        a = torch.tensor(a_value)

        def run():
            y = x
            for i in range(N_OPS):
                y = y * a if is_multiply(i) else y + OFFSET
            return torch.autograd.grad(y, [x], torch.ones_like(y))[0] if backward else y

        def observe():
            return run().sum().item()
        return Implementation(_common.LABELS[_common.TORCH], run, observe)
    return build


def workload(backward, shape=()):
    def build(data):
        return _common.implementations(lambda: numpy_implementation(backward, shape),
                                       build_graph(backward, shape), list(inputs(shape)),
                                       torch_impl=torch_implementation(backward, shape),
                                       ours_callable=True,
                                       jax_impl=lambda: jax_steps.chain_step(
                                           backward, shape, N_OPS, OFFSET, is_multiply))
    name = "forward+backward" if backward else "forward"
    prefix, what = ("vchain", "%d-element vector chain" % shape[0]) if shape else \
        ("chain", "scalar chain")
    return Workload("%s-%s" % (prefix, "fwdbwd" if backward else "fwd"),
                    "100-op %s, %s" % (what, name), lambda: None, build, training=False,
                    per_op=N_OPS, measure_memory=False,
                    description="Pure engine overhead: time per call and per op.")


WORKLOADS = [workload(False), workload(True), workload(False, (VECTOR,)),
             workload(True, (VECTOR,))]
