"""The LSTM cell's elementwise part as one op, forward and backward: what BasicLSTMCell and
LSTMCell (without peepholes or clipping) emit after their one product for the four gates.

As a graph of single ops the cell is a split, three sigmoids, two tanhs, an add of the forget
bias, three products and a sum (and twice as many ops backward), each a few microseconds of
work on a 64 x 128 batch behind a plan line and an allocation; an LSTM of 28 steps ran about
1,350 of them. ``LSTMCellElementwise`` computes the new cell state and output from the gates'
pre-activations in place over one buffer; it also outputs the activations, which
``LSTMCellElementwiseGrad`` reads instead of recomputing them (TF1's ``LSTMBlockCell`` keeps them
for the same reason).
"""
import numpy as np

from ..framework.tensor_shape import TensorShape
from .array_ops import zeros_like
from .constant_op import convert_to_tensor
from .op_samples import OpSample, normal
from .registry import OpDef, make_op, register


def _sigmoid(a, b):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-a - b))


def _reference(gates, c, forget_bias):
    i, j, f, o = np.split(gates, 4, axis=-1)
    new_c = c * _sigmoid(f, forget_bias) + _sigmoid(i, 0) * np.tanh(j)
    return [new_c, np.tanh(new_c) * _sigmoid(o, 0)]


def cell_step(xp, forget_bias):
    """The cell's forward equations written in place: ``step(gates, c, acts, new_c, new_h)``
    fills ``acts`` (i, j, f, o, tanh(new_c): 5 blocks), ``new_c`` and ``new_h`` and allocates
    nothing, so a loop over time (ops/lstm_sequence_ops.py) can reuse its buffers. Call it
    under ``np.errstate(over="ignore")``: a large negative gate overflows exp on its way to a
    sigmoid of 0."""
    def step(gates, c, acts, new_c, new_h):
        n = c.shape[-1]
        sig = acts[..., :4 * n]  # i, j, f, o; j's sigmoid is overwritten by its tanh below
        xp.negative(gates, out=sig)
        sig[..., 2 * n:3 * n] -= gates.dtype.type(forget_bias)
        xp.exp(sig, out=sig)  # the caller ignores overflow: exp(-x) -> inf gives sigmoid 0
        sig += 1
        xp.reciprocal(sig, out=sig)
        i, j, f, o, squashed = (acts[..., k * n:(k + 1) * n] for k in range(5))
        xp.tanh(gates[..., n:2 * n], out=j)
        xp.multiply(c, f, out=new_c)
        xp.multiply(i, j, out=squashed)  # squashed is scratch until tanh(new_c) lands there
        new_c += squashed
        xp.tanh(new_c, out=squashed)
        xp.multiply(squashed, o, out=new_h)
    return step


def cell_grad_step(xp):
    """The cell's gradient written in place: ``step(c, acts, d_c, d_h, d_gates, d_c_prev)``
    fills ``d_gates`` and ``d_c_prev`` (which may be ``d_c`` itself: it is written last)."""
    def step(c, acts, d_c, d_h, d_gates, d_c_prev):
        n = c.shape[-1]
        i, j, f, o, squashed = (acts[..., k * n:(k + 1) * n] for k in range(5))
        d_i, d_j, d_f, d_o = (d_gates[..., k * n:(k + 1) * n] for k in range(4))
        # d_j holds the gradient reaching the new cell state until d_i and d_f are made of it
        d_state = d_j
        xp.multiply(squashed, squashed, out=d_state)
        xp.subtract(1, d_state, out=d_state)
        d_state *= o
        d_state *= d_h
        d_state += d_c
        xp.multiply(d_state, j, out=d_i)
        xp.multiply(d_state, c, out=d_f)
        xp.multiply(d_h, squashed, out=d_o)  # d_h * tanh(c'), times o(1 - o) below
        xp.multiply(d_state, f, out=d_c_prev)
        d_state *= i
        for d, s in [(d_i, i), (d_f, f), (d_o, o)]:  # through the sigmoids: s(1 - s)
            d *= s
            d -= d * s
        d_j *= 1 - j * j  # through the tanh
    return step


def _cell_kernel(xp, forget_bias):
    step = cell_step(xp, forget_bias)

    def lstm_cell(gates, c):
        n = c.shape[-1]
        acts = xp.empty(c.shape[:-1] + (5 * n,), dtype=gates.dtype)
        new_c, new_h = xp.empty_like(c), xp.empty_like(c)
        with np.errstate(over="ignore"):  # exp(-x) -> inf: sigmoid 0, as the Sigmoid op
            step(gates, c, acts, new_c, new_h)
        return new_c, new_h, acts
    return lstm_cell


def _cell_grad_kernel(xp):
    step = cell_grad_step(xp)

    def lstm_cell_grad(c, acts, d_c, d_h):
        d_gates = xp.empty(c.shape[:-1] + (4 * c.shape[-1],), dtype=acts.dtype)
        d_c_prev = xp.empty_like(c)
        step(c, acts, d_c, d_h, d_gates, d_c_prev)
        return d_gates, d_c_prev
    return lstm_cell_grad


def _cell_dims(gates, c):
    g, s = gates.shape.as_tuple(), c.shape.as_tuple()
    n = s[-1] if s is not None and s[-1] is not None else \
        (g[-1] // 4 if g is not None and g[-1] is not None else None)
    rows = s[:-1] if s is not None else g[:-1] if g is not None else None
    return rows, n


@register
class LSTMCellElementwise(OpDef):
    """``(new_c, new_h, activations)`` of an LSTM cell from its gates' pre-activations
    ``i, j, f, o`` (concatenated, TF1's order) and the previous cell state; ``activations``
    is for the gradient only."""
    type_name = "LSTMCellElementwise"

    def infer(self, op):
        rows, n = _cell_dims(*op.inputs)
        dtype = op.inputs[0].dtype

        def shape(width):
            return TensorShape(None if rows is None else rows + (width,))
        return [(dtype, shape(n)), (dtype, shape(n)), (dtype, shape(None if n is None else 5 * n))]

    def kernel(self, op, ctx):
        return _cell_kernel(ctx.xp, op.attrs["forget_bias"])

    def gradient(self, op, d_c, d_h, d_acts):
        if d_acts is not None:
            raise LookupError("No gradient defined for the activations output of %s: it is "
                              "kept for the cell's own gradient." % op.describe())
        new_c = op.outputs[0]
        d_c = zeros_like(new_c) if d_c is None else d_c
        d_h = zeros_like(new_c) if d_h is None else d_h
        d_gates, d_c_prev = make_op("LSTMCellElementwiseGrad",
                                    (op.inputs[1], op.outputs[2], d_c, d_h)).outputs
        return [d_gates, d_c_prev]

    def samples(self, rng):
        """Two cells of 2 and 3 units (forget biases 1 and 0.5), a batch dimension of rank 2, and
        float32; the reference is the cell's equations in numpy."""
        def case(rows, n, forget_bias, dtype=np.float64, name=None):
            return OpSample(lambda g, c: lstm_cell_elementwise(g, c, forget_bias)[:2],
                            normal(rng, *rows, 4 * n).astype(dtype),
                            normal(rng, *rows, n).astype(dtype),
                            reference=lambda g, c: _reference(g, c, forget_bias),
                            rtol=1e-5 if dtype == np.float32 else 1e-6, name=name)
        return [case((3,), 2, 1.0), case((2,), 3, 0.5), case((2, 2), 2, 0.0),
                case((4,), 3, 1.0, np.float32, "float32")]


@register
class LSTMCellElementwiseGrad(OpDef):
    """``(d_gates, d_c_prev)`` of :class:`LSTMCellElementwise` from its previous cell state,
    its activations and the gradients of its new state and output."""
    type_name = "LSTMCellElementwiseGrad"
    differentiable = False  # as TF1's LSTMBlockCellGrad

    def infer(self, op):
        c = op.inputs[0]
        dims = c.shape.as_tuple()
        four = None if dims is None else dims[:-1] + (None if dims[-1] is None else 4 * dims[-1],)
        return [(c.dtype, TensorShape(four)), (c.dtype, c.shape)]

    def kernel(self, op, ctx):
        return _cell_grad_kernel(ctx.xp)

    def samples(self, rng):
        """The gradient of the cell's equations in numpy, written out term by term."""
        def reference(c, acts, d_c, d_h):
            i, j, f, o, t = np.split(acts, 5, axis=1)
            d_state = d_c + d_h * o * (1 - t * t)
            d_gates = np.concatenate([d_state * j * i * (1 - i), d_state * i * (1 - j * j),
                                      d_state * c * f * (1 - f), d_h * t * o * (1 - o)], axis=1)
            return [d_gates, d_state * f]

        def build(*tensors):
            return make_op("LSTMCellElementwiseGrad", tensors).outputs
        rows, n = 3, 2
        acts = rng.uniform(0.05, 0.95, (rows, 5 * n))
        return [OpSample(build, normal(rng, rows, n), acts, normal(rng, rows, n),
                         normal(rng, rows, n), reference=reference)]


def lstm_cell_elementwise(gates, c, forget_bias=1.0, name=None):
    """``[new_c, new_h, activations]`` of an LSTM cell: ``new_c = c * sigmoid(f +
    forget_bias) + sigmoid(i) * tanh(j)``, ``new_h = tanh(new_c) * sigmoid(o)``, with ``i, j,
    f, o`` the four quarters of ``gates`` along the last axis.

    >>> import autograd_engine as tf
    >>> new_c, new_h, _ = lstm_cell_elementwise(tf.zeros([1, 4]), tf.ones([1, 1]))
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(new_c)[0, 0]), 4)
    0.7311
    """
    gates = convert_to_tensor(gates)
    c = convert_to_tensor(c, dtype=gates.dtype)
    return make_op("LSTMCellElementwise", (gates, c), {"forget_bias": float(forget_bias)},
                   name).outputs
