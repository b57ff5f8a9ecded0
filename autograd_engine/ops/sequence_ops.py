"""``tf.reverse_sequence``: reverses each batch entry's first ``seq_lengths[b]`` elements along
the sequence axis, leaving the padding after them in place (what a backward RNN over padded
batches needs)."""
import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample, normal
from .registry import OpDef, make_tensor, register

_LENGTH_DTYPES = (dtypes.int32, dtypes.int64)


@register
class ReverseSequence(OpDef):
    type_name = "ReverseSequence"

    def infer(self, op):
        x, lengths = op.inputs
        seq_dim, batch_dim = op.attrs["seq_dim"], op.attrs["batch_dim"]
        if lengths.dtype not in _LENGTH_DTYPES:
            raise TypeError("Value passed to parameter 'seq_lengths' has DataType %s not in list "
                            "of allowed values: int32, int64" % lengths.dtype.name)
        if lengths.shape.ndims not in (None, 1):
            raise ShapeInferenceError("Shape must be rank 1 but is rank %d"
                                      % lengths.shape.ndims)
        if batch_dim == seq_dim:
            raise ShapeInferenceError("batch_dim and seq_dim must have different values")
        dims = x.shape.as_tuple()
        if dims is None:
            return [(x.dtype, x.shape)]
        for label, axis in (("batch_dim", batch_dim), ("seq_dim", seq_dim)):
            if axis < 0:
                # TF1's kernel has no meaning for negative axes; refuse them while building.
                raise ShapeInferenceError("%s must be >= 0, got %d" % (label, axis))
            if axis >= len(dims):
                raise ShapeInferenceError("%s must be < input rank: %d vs. %d"
                                          % (label, axis, len(dims)))
        n_lengths = lengths.shape.as_tuple()[0] if lengths.shape.ndims == 1 else None
        batch = dims[batch_dim]
        if batch is not None and n_lengths is not None and batch != n_lengths:
            raise ShapeInferenceError("Dimensions must be equal, but are %d and %d"
                                      % (batch, n_lengths))
        merged = list(dims)
        merged[batch_dim] = batch if batch is not None else n_lengths
        return [(x.dtype, TensorShape(merged))]

    def kernel(self, op, ctx):
        xp, seq_dim, batch_dim = ctx.xp, op.attrs["seq_dim"], op.attrs["batch_dim"]

        def reverse_sequence_kernel(x, lengths):
            steps = x.shape[seq_dim]
            _check_lengths(lengths, x.shape, seq_dim, batch_dim)
            lengths = lengths.astype(xp.int64)
            # For each (batch, time) the source time: mirrored inside the length, else itself.
            t = xp.arange(steps, dtype=xp.int64)[None, :]
            source = xp.where(t < lengths[:, None], lengths[:, None] - 1 - t, t)
            index_shape = [1] * x.ndim
            index_shape[batch_dim], index_shape[seq_dim] = x.shape[batch_dim], steps
            if batch_dim > seq_dim:
                source = source.T
            source = xp.broadcast_to(source.reshape(index_shape), x.shape)
            return xp.take_along_axis(x, source, axis=seq_dim)
        return reverse_sequence_kernel

    def gradient(self, op, grad):
        # The permutation is its own inverse, so the gradient is routed back the same way.
        return [make_tensor("ReverseSequence", (grad, op.inputs[1]), dict(op.attrs)), None]

    def samples(self, rng):
        def sample(x, lengths, seq_dim, batch_dim, **options):
            def reference(x, lengths):
                out = x.copy()
                for b, n in enumerate(lengths):
                    target, source = [slice(None)] * x.ndim, [slice(None)] * x.ndim
                    target[batch_dim] = source[batch_dim] = b
                    target[seq_dim] = slice(0, n)
                    source[seq_dim] = slice(n - 1, None, -1) if n else slice(0, 0)
                    out[tuple(target)] = x[tuple(source)]
                return out
            attrs = {"seq_dim": seq_dim, "batch_dim": batch_dim}
            return OpSample(lambda x, lengths: make_tensor(self.type_name, (x, lengths), attrs),
                            x, lengths, reference=reference, **options)
        # lengths from 0 (nothing reversed) to the whole sequence; the batch axis before and
        # after the sequence axis
        return [sample(normal(rng, 2, 4), np.array([3, 1], np.int32), 1, 0),
                sample(normal(rng, 4, 3, 2), np.array([4, 0], np.int64), 0, 2),
                sample(normal(rng, 3, 2, 5), np.array([5, 2, 0], np.int32), 2, 0),
                sample(rng.integers(-9, 9, (5, 3)).astype(np.int32), np.array([2, 5, 1], np.int64),
                       0, 1, name="int32")]


def _check_lengths(lengths, shape, seq_dim, batch_dim):
    """TF1's run-time checks of ``seq_lengths`` against the input's shape."""
    if lengths.shape[0] != shape[batch_dim]:
        raise ValueError("Length of seq_lengths != input.dims(%d), (%d vs. %d)"
                         % (batch_dim, lengths.shape[0], shape[batch_dim]))
    # One vectorized test per rule (one host sync on a GPU), then TF1's first offending entry.
    negative, too_long = lengths < 0, lengths > shape[seq_dim]
    if (negative | too_long).any():
        d = int((negative | too_long).argmax())
        if negative[d]:
            raise ValueError("seq_lens(%d) < 0" % d)
        raise ValueError("seq_lens(%d) > input.dims(%d)" % (d, seq_dim))


def _deprecated_alias(new_name, new_value, old_name, old_value):
    if new_value is not None and old_value is not None:
        raise ValueError("Cannot specify both '%s' and '%s'" % (new_name, old_name))
    return new_value if new_value is not None else old_value


def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None,  # noqa: A002
                     seq_dim=None, batch_dim=None):
    """Reverses the first ``seq_lengths[b]`` elements along ``seq_axis`` of each slice ``b``
    along ``batch_axis`` (default 0); the elements after them stay where they are.
    ``seq_dim`` and ``batch_dim`` are TF1's older names for the two axes.

    >>> import autograd_engine as tf
    >>> x = tf.constant([[1, 2, 3, 4], [5, 6, 7, 8]])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.reverse_sequence(x, [3, 1], seq_axis=1)).tolist()
    [[3, 2, 1, 4], [5, 6, 7, 8]]
    """
    seq_axis = _deprecated_alias("seq_axis", seq_axis, "seq_dim", seq_dim)
    batch_axis = _deprecated_alias("batch_axis", batch_axis, "batch_dim", batch_dim)
    if seq_axis is None:
        raise TypeError("Expected int for argument 'seq_dim' not None.")
    batch_axis = 0 if batch_axis is None else batch_axis
    x = convert_to_tensor(input)
    lengths = convert_to_tensor(seq_lengths)
    attrs = {"seq_dim": int(seq_axis), "batch_dim": int(batch_axis)}
    return make_tensor("ReverseSequence", (x, lengths), attrs, name or "ReverseSequence")


__all__ = ["reverse_sequence"]
