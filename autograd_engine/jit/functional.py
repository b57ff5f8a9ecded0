"""Pure-function lowerings of the ops whose kernels work in place (``out=``, slices of one
buffer), by op type (:func:`functional_kernel` registers one; ``window_lowering`` holds the
convolutions' and pooling's): what XLA traces instead of those kernels. Each gives the kernel's
values; the op's conformance samples check both (``AUTOGRAD_ENGINE_JIT=1``).
"""
import functools

from ..ops.lstm_sequence_ops import pure_sequence_grad_step, pure_sequence_step
from ..ops.shape_ops import ShapeOperand
from ..ops.slicing_ops import python_index_of
from .runtime import jax_module


def _add_n(op, jnp):
    return lambda *xs: functools.reduce(jnp.add, xs)


def _sigmoid(jnp, x):
    return 1 / (1 + jnp.exp(-x))


def _lstm_cell(op, jnp):
    forget_bias = op.attrs["forget_bias"]

    def lstm_cell(gates, c):
        i, j, f, o = jnp.split(gates, 4, axis=-1)
        i, f, o = _sigmoid(jnp, i), _sigmoid(jnp, f + forget_bias), _sigmoid(jnp, o)
        j = jnp.tanh(j)
        new_c = c * f + i * j
        squashed = jnp.tanh(new_c)
        return new_c, squashed * o, jnp.concatenate([i, j, f, o, squashed], axis=-1)
    return lstm_cell


def _lstm_cell_grad(op, jnp):
    def lstm_cell_grad(c, acts, d_c, d_h):
        i, j, f, o, squashed = jnp.split(acts, 5, axis=-1)
        d_state = d_c + d_h * o * (1 - squashed * squashed)
        d_gates = jnp.concatenate([d_state * j * i * (1 - i), d_state * i * (1 - j * j),
                                   d_state * c * f * (1 - f), d_h * squashed * o * (1 - o)],
                                  axis=-1)
        return d_gates, d_state * f
    return lstm_cell_grad


# op type -> function(op, jax.numpy) returning the pure kernel
FUNCTIONAL_KERNELS = {"AddN": _add_n, "LSTMCellElementwise": _lstm_cell,
                      "LSTMCellElementwiseGrad": _lstm_cell_grad}


def functional_kernel(type_name):
    """Registers the decorated ``lowering(op, jax.numpy)``, returning the pure function XLA
    traces, as the lowering of the ops of ``type_name`` (in place of their kernel)."""
    def register(lowering):
        if type_name in FUNCTIONAL_KERNELS:
            raise KeyError("Op type %r has two lowerings" % type_name)
        FUNCTIONAL_KERNELS[type_name] = lowering
        return lowering
    return register


# dynamic_rnn's fused LSTM over time (built when the graph did not ask for compiled loops, e.g.
# the switch given only in the Session's ConfigProto): the step functions of its pure twins
# (ops/lstm_sequence_ops.py) as the bodies of lax.scan loops, so XLA compiles one step, not
# every step unrolled.
def _lstm_sequence(op, jnp):
    scan = jax_module().lax.scan
    cell = pure_sequence_step(jnp, op.attrs["forget_bias"])

    def lstm_sequence(projected, c0, h0, recurrent_kernel):
        def step(state, projected_t):
            c, h, acts = cell(projected_t, *state, recurrent_kernel)
            return (c, h), (h, c, acts)
        return scan(step, (c0, h0), projected)[1]
    return lstm_sequence


def _lstm_sequence_grad(op, jnp):
    scan = jax_module().lax.scan
    cell_grad = pure_sequence_grad_step(jnp)

    def lstm_sequence_grad(recurrent_kernel, c0, cs, acts, d_hs, d_cs):
        c_prevs = jnp.concatenate([c0[None], cs[:-1]], axis=0)

        def step(carry, per_step):
            d_gates, d_c, d_h = cell_grad(*per_step, *carry, recurrent_kernel)
            return (d_c, d_h), d_gates
        zeros = jnp.zeros_like(c0)
        (d_c, d_h), d_gates = scan(step, (zeros, zeros), (c_prevs, acts, d_hs, d_cs),
                                   reverse=True)
        return d_gates, d_c, d_h
    return lstm_sequence_grad


FUNCTIONAL_KERNELS["LSTMSequence"] = _lstm_sequence
FUNCTIONAL_KERNELS["LSTMSequenceGrad"] = _lstm_sequence_grad


@functional_kernel("StridedSliceGrad")
def _strided_slice_grad(op, jnp):
    key = python_index_of(op)
    return ShapeOperand.bind(op, 1, lambda grad, target: jnp.zeros(target, grad.dtype)
                             .at[key].set(grad))
