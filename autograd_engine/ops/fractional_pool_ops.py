"""Fractional max and average pooling (Graham, 2014): NHWC input pooled over height and width
by a non-integer ratio, the window boundaries drawn at random per run (random: a shuffled
mix of ``floor`` and ``ceil`` steps; ``pseudo_random``: ``ceil(alpha * (i + u))`` for one
random ``u``). ``overlapping`` windows share their boundary cell. ``deterministic`` draws the
same boundaries at every run (what a gradient check, or evaluation, needs).

Outputs are the pooled values and the row and column boundary sequences (TF's
``row_pooling_sequence``/``col_pooling_sequence``); the gradient goes to each window's first
maximum (max) or spreads evenly over the window (average).

>>> import autograd_engine as tf
>>> y, rows, cols = fractional_max_pool(tf.zeros([1, 10, 9, 2]), [1.0, 1.5, 2.0, 1.0],
...                                     seed=3, deterministic=True)
>>> y.shape.as_list()
[1, 6, 4, 2]
"""
import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample, distinct
from .registry import OpDef, make_op, register


def pooling_sequence(rng, size, out, pseudo_random):
    """The ``out + 1`` window boundaries over ``size`` cells (first 0, last ``size``)."""
    if pseudo_random:
        alpha = size / out
        base = size // out
        u_max = min((base + 2) / alpha - 1, (size + 1 - base) / alpha - (out - 1))
        u = rng.random() * u_max
        start = np.ceil(alpha * u)
        steps = [int(np.ceil(alpha * (i + u)) - start) for i in range(out)]
        return np.array(steps + [size], np.int64)
    base, extra = divmod(size, out)
    diffs = np.full(out, base, np.int64)
    diffs[:extra] += 1
    rng.shuffle(diffs)
    return np.concatenate([[0], np.cumsum(diffs)]).astype(np.int64)


def _windows(sequence, size, overlapping):
    """(start, stop) of each window: overlapping ones include the next boundary cell."""
    return [(int(a), min(int(b) + (1 if overlapping else 0), size))
            for a, b in zip(sequence[:-1], sequence[1:])]


def pool_by_sequences(x, rows, cols, pooling_type, overlapping):
    """Max ("MAX") or mean ("AVG") of NHWC ``x`` over the windows the boundaries give."""
    row_windows = _windows(rows, x.shape[1], overlapping)
    col_windows = _windows(cols, x.shape[2], overlapping)
    out = np.empty((x.shape[0], len(row_windows), len(col_windows), x.shape[3]), x.dtype)
    reduce = np.max if pooling_type == "MAX" else np.mean
    for i, (r0, r1) in enumerate(row_windows):
        for j, (c0, c1) in enumerate(col_windows):
            out[:, i, j, :] = reduce(x[:, r0:r1, c0:c1, :], axis=(1, 2))
    return out


def _output_sizes(op, dims):
    ratio = op.attrs["pooling_ratio"]
    return [None if d is None else int(np.floor(d / r)) for d, r in zip(dims, ratio)]


@register
class FractionalPool(OpDef):
    """Input: NHWC values. Outputs: pooled values, row and column boundary sequences."""
    type_name = "FractionalPool"
    stateful = True  # new boundaries every run unless deterministic
    host_only = True  # the windows have ragged sizes: a Python loop over them

    def infer(self, op):
        dims = op.inputs[0].shape.as_tuple()
        if dims is not None and len(dims) != 4:
            raise ValueError("fractional pooling needs 4-D NHWC input, got %s"
                             % op.inputs[0].shape)
        out = _output_sizes(op, dims if dims is not None else [None] * 4)
        rows = None if out[1] is None else out[1] + 1
        cols = None if out[2] is None else out[2] + 1
        return [(op.inputs[0].dtype, TensorShape(out)), (dtypes.int64, TensorShape([rows])),
                (dtypes.int64, TensorShape([cols]))]

    def kernel(self, op, ctx):
        attrs = op.attrs
        stream = None if attrs["deterministic"] else ctx.random_state(op)

        def pool(x):
            x = np.asarray(x)
            sizes = _output_sizes(op, x.shape)
            if min(sizes[1:3]) < 1:
                raise errors.InvalidArgumentError(
                    None, op, "pooling_ratio %s leaves no output for input shape %s"
                    % (attrs["pooling_ratio"], list(x.shape)))
            # deterministic: the same boundaries at every run, from the op's own seeds
            rng = stream if stream is not None else \
                np.random.default_rng([attrs["seed"], attrs["seed2"]])
            rows = pooling_sequence(rng, x.shape[1], sizes[1], attrs["pseudo_random"])
            cols = pooling_sequence(rng, x.shape[2], sizes[2], attrs["pseudo_random"])
            return (pool_by_sequences(x, rows, cols, attrs["pooling_type"],
                                      attrs["overlapping"]), rows, cols)
        return pool

    def gradient(self, op, grad, rows_grad, cols_grad):
        x, (out, rows, cols) = op.inputs[0], op.outputs
        return [make_op("FractionalPoolGrad", (x, out, rows, cols, grad),
                        {"pooling_type": op.attrs["pooling_type"],
                         "overlapping": op.attrs["overlapping"]}).outputs[0]]

    def samples(self, rng):
        def build(x, pooling_type, pseudo, overlapping):
            return list(_fractional_pool(pooling_type, x, [1.0, 1.6, 1.3, 1.0], pseudo,
                                         overlapping, True, 5, 7, None))

        def validate(pooling_type, overlapping):
            def check(values):
                y, rows, cols = values
                assert rows[0] == 0 and rows[-1] == 7 and cols[0] == 0 and cols[-1] == 5
                assert y.shape == (2, 4, 3, 3)
                assert np.all(np.diff(rows) >= 1) and np.all(np.diff(cols) >= 1)
            return check
        return [OpSample(lambda x, t=kind, p=pseudo, o=over: build(x, t, p, o),
                         distinct(rng, 2, 7, 5, 3), validate=validate(kind, over),
                         partial=False, deterministic=True,
                         name="%s pseudo=%s overlapping=%s" % (kind, pseudo, over))
                for kind in ("MAX", "AVG") for pseudo in (False, True)
                for over in (False, True)]


@register
class FractionalPoolGrad(OpDef):
    """Inputs: the pooled input, the pooled values, the boundaries and the output's gradient.
    Output: the input's gradient."""
    type_name = "FractionalPoolGrad"
    host_only = True
    differentiable = False

    def infer(self, op):
        return [(op.inputs[4].dtype, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        attrs = op.attrs

        def pool_grad(x, out, rows, cols, grad):
            x, grad = np.asarray(x), np.asarray(grad)
            result = np.zeros(x.shape, grad.dtype)
            row_windows = _windows(np.asarray(rows), x.shape[1], attrs["overlapping"])
            col_windows = _windows(np.asarray(cols), x.shape[2], attrs["overlapping"])
            for i, (r0, r1) in enumerate(row_windows):
                for j, (c0, c1) in enumerate(col_windows):
                    g = grad[:, i, j, :]
                    if attrs["pooling_type"] == "AVG":
                        result[:, r0:r1, c0:c1, :] += \
                            (g / ((r1 - r0) * (c1 - c0)))[:, None, None, :]
                        continue
                    window = x[:, r0:r1, c0:c1, :]
                    flat = window.reshape(x.shape[0], -1, x.shape[3])
                    first = flat.argmax(axis=1)  # the first maximum, in row-major order
                    dr, dc = np.divmod(first, c1 - c0)
                    n, ch = np.meshgrid(np.arange(x.shape[0]), np.arange(x.shape[3]),
                                        indexing="ij")
                    np.add.at(result, (n, r0 + dr, c0 + dc, ch), g)
            return result
        return pool_grad

    def samples(self, rng):
        def build(x, grad, pooling_type):
            boundaries = [convert_to_tensor(np.int64(b)) for b in ([0, 2, 4], [0, 1, 4])]
            out = make_op("FractionalPoolGrad", (x, x[:, :2, :2, :], *boundaries, grad),
                          {"pooling_type": pooling_type, "overlapping": False})
            return out.outputs[0]

        def reference(x, grad, pooling_type):
            result = np.zeros_like(x)
            for i, (r0, r1) in enumerate(((0, 2), (2, 4))):
                for j, (c0, c1) in enumerate(((0, 1), (1, 4))):
                    window = x[0, r0:r1, c0:c1, 0]
                    if pooling_type == "AVG":
                        result[0, r0:r1, c0:c1, 0] += grad[0, i, j, 0] / window.size
                    else:
                        r, c = np.unravel_index(window.argmax(), window.shape)
                        result[0, r0 + r, c0 + c, 0] += grad[0, i, j, 0]
            return result
        return [OpSample(lambda x, g, t=kind: build(x, g, t), distinct(rng, 1, 4, 4, 1),
                         distinct(rng, 1, 2, 2, 1), partial=False,
                         reference=lambda x, g, t=kind: reference(x, g, t))
                for kind in ("MAX", "AVG")]


def _fractional_pool(pooling_type, value, pooling_ratio, pseudo_random, overlapping,
                     deterministic, seed, seed2, name):
    ratio = [float(r) for r in pooling_ratio]
    if len(ratio) != 4 or ratio[0] != 1.0 or ratio[3] != 1.0:
        raise ValueError("pooling_ratio must have 4 elements, 1.0 for batch and channels "
                         "(got %s)" % (pooling_ratio,))
    if min(ratio) < 1.0:
        raise ValueError("pooling_ratio must be >= 1.0, got %s" % (pooling_ratio,))
    with get_default_graph().name_scope(name or "Fractional%sPool" % pooling_type.title()):
        value = convert_to_tensor(value)
        seeded = seed or seed2
        if deterministic and not seeded:  # TF: fixed boundaries from seeds drawn once
            seed, seed2, seeded = int(np.random.randint(1, 1 << 31)), 0, True
        op = make_op("FractionalPool", (value,),
                     {"pooling_type": pooling_type, "pooling_ratio": tuple(ratio),
                      "pseudo_random": bool(pseudo_random), "overlapping": bool(overlapping),
                      "deterministic": bool(deterministic),
                      "seed": int(seed) if seeded else None, "seed2": int(seed2)})
        return tuple(op.outputs)


def fractional_max_pool(value, pooling_ratio, pseudo_random=False, overlapping=False,
                        deterministic=False, seed=0, seed2=0, name=None):
    """Fractional max pooling of NHWC ``value`` by ``pooling_ratio`` ([1.0, rows, cols, 1.0]);
    returns ``(output, row_pooling_sequence, col_pooling_sequence)``."""
    return _fractional_pool("MAX", value, pooling_ratio, pseudo_random, overlapping,
                            deterministic, seed, seed2, name)


def fractional_avg_pool(value, pooling_ratio, pseudo_random=False, overlapping=False,
                        deterministic=False, seed=0, seed2=0, name=None):
    """Fractional average pooling of NHWC ``value`` by ``pooling_ratio`` ([1.0, rows, cols,
    1.0]); returns ``(output, row_pooling_sequence, col_pooling_sequence)``."""
    return _fractional_pool("AVG", value, pooling_ratio, pseudo_random, overlapping,
                            deterministic, seed, seed2, name)


__all__ = ["fractional_max_pool", "fractional_avg_pool", "pooling_sequence",
           "pool_by_sequences"]
