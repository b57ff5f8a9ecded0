"""An LSTM's recurrence over a whole sequence as one op, forward and backward: what
``dynamic_rnn`` emits for a plain BasicLSTMCell or LSTMCell (TF1's ``LSTMBlockFusedCell`` and
cuDNN do the same).

Unrolled cell by cell, an LSTM of 28 steps is about 290 ops (a product, the cell's op and their
gradients per step, and the slices and sums between them); each is a few tens of microseconds
of work behind a plan line, so the engine's dispatch cost as much as a third of the step. Here
the input projection of every step is one ordinary product before the op (``x @ W_x + b`` for
all steps at once: a long product BLAS runs fast), ``LSTMSequence`` runs only ``h @ W_h`` and the
cell per step, in place over buffers it allocates once, and ``LSTMSequenceGrad`` runs
backpropagation through time the same way and makes ``W_h``'s gradient as one product of all
steps. The gradient to the projection flows back through ordinary ops (the product's gradient
gives those of ``x``, ``W_x`` and ``b``), so only what is needed is computed.
"""
import numpy as np

from ..framework.tensor_shape import TensorShape
from . import array_ops
from .array_ops import zeros_like
from .concat_split_ops import concat
from .constant_op import convert_to_tensor, stack_values
from .matmul_ops import matmul
from .lstm_cell_ops import cell_grad_step, cell_step
from .op_samples import OpSample, normal
from .registry import OpDef, make_op, register
from .shape_ops import shape


# The per-run arrays of the sequence (every step's activations, states, gate gradients: a few
# megabytes) are kept between runs from this size on: allocated afresh, each run paid page
# faults on new memory that cost the fused op its lead over the cell-by-cell graph.
_KEPT_BYTES = 1 << 18


def _sequence_kernel(buffers, forget_bias):
    xp, step = buffers.xp, cell_step(buffers.xp, forget_bias)

    def lstm_sequence(projected, c0, h0, recurrent_kernel):
        steps, (rows, n) = projected.shape[0], c0.shape
        dtype = projected.dtype
        hs, cs = (buffers.empty((steps, rows, n), dtype, _KEPT_BYTES) for _ in range(2))
        acts = buffers.empty((steps, rows, 5 * n), dtype, _KEPT_BYTES)
        gates = xp.empty((rows, 4 * n), dtype)
        h, c = h0, c0
        with np.errstate(over="ignore"):  # exp(-x) -> inf: sigmoid 0, as the Sigmoid op
            for t in range(steps):
                xp.matmul(h, recurrent_kernel, out=gates)
                gates += projected[t]
                step(gates, c, acts[t], cs[t], hs[t])
                h, c = hs[t], cs[t]
        return hs, cs, acts
    return lstm_sequence


def _sequence_grad_kernel(buffers):
    xp, step = buffers.xp, cell_grad_step(buffers.xp)

    def lstm_sequence_grad(recurrent_kernel, c0, cs, acts, d_hs, d_cs):
        steps, (rows, n) = cs.shape[0], c0.shape
        d_gates = buffers.empty((steps, rows, 4 * n), cs.dtype, _KEPT_BYTES)
        d_h, d_c = d_hs[-1].copy(), d_cs[-1].copy()  # the gradients reaching the last step
        back = xp.ascontiguousarray(recurrent_kernel.T)  # BLAS reads it faster than the view
        for t in reversed(range(steps)):
            step(cs[t - 1] if t else c0, acts[t], d_c, d_h, d_gates[t], d_c)
            xp.matmul(d_gates[t], back, out=d_h)  # on to the previous step's output
            if t:
                d_h += d_hs[t - 1]
                d_c += d_cs[t - 1]
        return d_gates, d_c, d_h
    return lstm_sequence_grad


def _step_product_flops(rows, n):
    """What BLAS's thread count is chosen from (autograd_engine/blas_threads.py): the products
    are run one step after the other, each ``h @ W_h`` of ``rows x n x 4n``; a thread count
    chosen from their sum would split products far too small to split."""
    if rows is None or n is None:
        return None
    return 2 * rows * n * 4 * n


def pure_sequence_step(xp, forget_bias):
    """One step of :func:`pure_sequence`: ``(c, h, activations)`` from the step's projected
    input and the previous ``c`` and ``h`` (a loop body for tracers that loop, as XLA's scan)."""
    def sigmoid(x):
        return 1 / (1 + xp.exp(-x))

    def step(projected_t, c, h, recurrent_kernel):
        i, j, f, o = xp.split(projected_t + h @ recurrent_kernel, 4, axis=-1)
        i, j, f, o = sigmoid(i), xp.tanh(j), sigmoid(f + forget_bias), sigmoid(o)
        c = c * f + i * j
        squashed = xp.tanh(c)
        return c, squashed * o, xp.concatenate([i, j, f, o, squashed], axis=-1)
    return step


def pure_sequence(xp, forget_bias):
    """:class:`LSTMSequence` as a pure function of arrays of the module ``xp`` (no ``out=``,
    no writes into slices): the conformance samples' reference, and what a tracer that cannot
    follow in-place kernels runs instead."""
    step = pure_sequence_step(xp, forget_bias)

    def lstm_sequence(projected, c0, h0, recurrent_kernel):
        hs, cs, acts, h, c = [], [], [], h0, c0
        for t in range(projected.shape[0]):
            c, h, activations = step(projected[t], c, h, recurrent_kernel)
            hs.append(h)
            cs.append(c)
            acts.append(activations)
        return xp.stack(hs), xp.stack(cs), xp.stack(acts)
    return lstm_sequence


def pure_sequence_grad_step(xp):
    """One step of :func:`pure_sequence_grad`, backwards: ``(d_gates, d_c, d_h)`` of the
    previous step from this step's ``c_prev``, activations and output gradients, and the
    gradients carried from the step after it."""
    def step(c_prev, acts_t, d_h_t, d_c_t, d_c, d_h, recurrent_kernel):
        i, j, f, o, squashed = xp.split(acts_t, 5, axis=-1)
        d_h, d_c = d_h + d_h_t, d_c + d_c_t
        d_state = d_c + d_h * o * (1 - squashed * squashed)
        d_gates = xp.concatenate([d_state * j * i * (1 - i), d_state * i * (1 - j * j),
                                  d_state * c_prev * f * (1 - f),
                                  d_h * squashed * o * (1 - o)], axis=-1)
        return d_gates, d_state * f, d_gates @ recurrent_kernel.T
    return step


def pure_sequence_grad(xp):
    """:class:`LSTMSequenceGrad` as a pure function (see :func:`pure_sequence`):
    backpropagation through time written term by term."""
    step = pure_sequence_grad_step(xp)

    def lstm_sequence_grad(recurrent_kernel, c0, cs, acts, d_hs, d_cs):
        d_gates, d_h, d_c = [], xp.zeros_like(c0), xp.zeros_like(c0)
        for t in reversed(range(cs.shape[0])):
            g, d_c, d_h = step(cs[t - 1] if t else c0, acts[t], d_hs[t], d_cs[t], d_c, d_h,
                               recurrent_kernel)
            d_gates.insert(0, g)
        return xp.stack(d_gates), d_c, d_h
    return lstm_sequence_grad


def _sequence_dims(projected, c0):
    p, s = projected.shape.as_tuple(), c0.shape.as_tuple()
    steps = p[0] if p is not None else None
    rows = s[0] if s is not None else (p[1] if p is not None else None)
    n = s[1] if s is not None and s[1] is not None else \
        (p[2] // 4 if p is not None and p[2] is not None else None)
    return steps, rows, n


@register
class LSTMSequence(OpDef):
    """``(hs, cs, activations)``: an LSTM cell run over time from ``projected`` [time, batch,
    4 * units] (each step's input already multiplied by the input rows of the kernel, bias
    added; gates ``i, j, f, o`` in TF1's order), the initial state ``c0``, ``h0`` [batch,
    units] and the kernel's recurrent rows [units, 4 * units]. ``hs`` and ``cs`` hold every
    step's output and cell state; ``activations`` is for the gradient only."""
    type_name = "LSTMSequence"

    def infer(self, op):
        projected, c0, h0, kernel = op.inputs
        for t, rank in [(projected, 3), (c0, 2), (h0, 2), (kernel, 2)]:
            t.shape.with_rank(rank)
        steps, rows, n = _sequence_dims(projected, c0)
        dtype = projected.dtype

        def shape(width):
            return TensorShape([steps, rows, width])
        return [(dtype, shape(n)), (dtype, shape(n)), (dtype, shape(None if n is None else 5 * n))]

    def kernel(self, op, ctx):
        return _sequence_kernel(ctx.buffers, op.attrs["forget_bias"])

    def blas_flops(self, op, shapes):
        c0 = shapes[1]
        return None if c0 is None else _step_product_flops(*c0)

    def gradient(self, op, d_hs, d_cs, d_acts):
        if d_acts is not None:
            raise LookupError("No gradient defined for the activations output of %s: it is "
                              "kept for the op's own gradient." % op.describe())
        hs, cs, acts = op.outputs
        projected, c0, h0, kernel = op.inputs
        d_hs = zeros_like(hs) if d_hs is None else d_hs
        d_cs = zeros_like(cs) if d_cs is None else d_cs
        d_gates, d_c0, d_h0 = make_op("LSTMSequenceGrad",
                                      (kernel, c0, cs, acts, d_hs, d_cs)).outputs
        # W_h's gradient, the sum over steps of h_{t-1}.T @ d_gates_t, as one product of all
        # steps: an op of its own, so BLAS's threads are chosen for its size, not the steps'
        n = kernel.shape.as_tuple()[0] if kernel.shape.ndims == 2 else None
        n = shape(kernel)[0] if n is None else n
        h_prev = concat([array_ops.expand_dims(h0, 0), hs[:-1]], 0)
        d_kernel = matmul(array_ops.reshape(h_prev, stack_values([-1, n])),
                          array_ops.reshape(d_gates, stack_values([-1, 4 * n])),
                          transpose_a=True)
        return [d_gates, d_c0, d_h0, d_kernel]

    def samples(self, rng):
        """Three steps of two and three units (forget biases 1 and 0.5, a non-zero initial
        state) and one step in float32; the reference is the cell's equations, step by step."""
        def case(steps, rows, n, forget_bias, dtype=np.float64, name=None):
            return OpSample(lambda p, c, h, k: lstm_sequence(p, c, h, k, forget_bias)[:2],
                            *[normal(rng, *dims).astype(dtype) for dims in
                              [(steps, rows, 4 * n), (rows, n), (rows, n), (n, 4 * n)]],
                            reference=lambda *a: list(pure_sequence(np, forget_bias)(*a)[:2]),
                            rtol=1e-5 if dtype == np.float32 else 1e-6, name=name)
        return [case(3, 2, 2, 1.0), case(3, 3, 3, 0.5), case(1, 2, 2, 0.0),
                case(4, 3, 2, 1.0, np.float32, "float32")]


@register
class LSTMSequenceGrad(OpDef):
    """``(d_projected, d_c0, d_h0)`` of :class:`LSTMSequence` from its recurrent kernel,
    initial cell state, ``cs`` and activations, and the gradients of ``hs`` and ``cs``
    (the recurrent kernel's gradient is one product after it, made by the gradient)."""
    type_name = "LSTMSequenceGrad"
    differentiable = False  # as TF1's BlockLSTMGrad

    def infer(self, op):
        kernel, c0, cs = op.inputs[:3]
        steps, rows, _ = cs.shape.as_tuple() or (None, None, None)
        n = kernel.shape.as_tuple()[0] if kernel.shape.ndims == 2 else None
        dtype, four_n = cs.dtype, None if n is None else 4 * n
        return [(dtype, TensorShape([steps, rows, four_n])), (dtype, c0.shape),
                (dtype, c0.shape)]

    def kernel(self, op, ctx):
        return _sequence_grad_kernel(ctx.buffers)

    def blas_flops(self, op, shapes):
        c0 = shapes[1]
        return None if c0 is None else _step_product_flops(*c0)

    def samples(self, rng):
        """Backpropagation through time in numpy, term by term, for three steps, from the
        activations of a forward pass."""
        steps, rows, n, forget_bias = 3, 2, 2, 1.0
        projected = normal(rng, steps, rows, 4 * n)
        c0, h0, kernel = normal(rng, rows, n), normal(rng, rows, n), normal(rng, n, 4 * n)
        _, cs, acts = pure_sequence(np, forget_bias)(projected, c0, h0, kernel)

        def reference(*arrays):
            return list(pure_sequence_grad(np)(*arrays))

        def build(*tensors):
            return make_op("LSTMSequenceGrad", tensors).outputs
        return [OpSample(build, kernel, c0, cs, acts, normal(rng, steps, rows, n),
                         normal(rng, steps, rows, n), reference=reference)]


def lstm_sequence(projected, c0, h0, recurrent_kernel, forget_bias=1.0, name=None):
    """``[hs, cs, activations]`` of an LSTM run over time: for each step ``t``, ``i, j, f, o``
    are the quarters of ``projected[t] + h @ recurrent_kernel``, ``c = c * sigmoid(f +
    forget_bias) + sigmoid(i) * tanh(j)``, ``h = tanh(c) * sigmoid(o)``; ``hs[t]`` and
    ``cs[t]`` are that step's ``h`` and ``c``, starting from ``c0`` and ``h0``.

    >>> import autograd_engine as tf
    >>> hs, cs, _ = lstm_sequence(tf.zeros([2, 1, 4]), tf.ones([1, 1]), tf.zeros([1, 1]),
    ...                           tf.zeros([1, 4]))
    >>> with tf.Session() as sess:
    ...     [round(float(v), 4) for v in sess.run(cs)[:, 0, 0]]
    [0.7311, 0.5344]
    """
    projected = convert_to_tensor(projected)
    c0, h0, recurrent_kernel = (convert_to_tensor(t, dtype=projected.dtype)
                                for t in (c0, h0, recurrent_kernel))
    return make_op("LSTMSequence", (projected, c0, h0, recurrent_kernel),
                   {"forget_bias": float(forget_bias)}, name).outputs
