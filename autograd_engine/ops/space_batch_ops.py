"""``space_to_batch_nd`` / ``batch_to_space_nd`` (and the 2-D ``space_to_batch`` /
``batch_to_space``), the rearrangements behind atrous convolution, and ``random_crop``; built
from pad, reshape, transpose and slice, so their gradients come from those ops.

>>> import autograd_engine as tf
>>> x = tf.reshape(tf.range(16), [1, 4, 4, 1])
>>> y = space_to_batch_nd(x, [2, 2], [[0, 0], [0, 0]])
>>> y.shape.as_list()
[4, 2, 2, 1]
>>> with tf.Session() as sess:
...     bool((sess.run(batch_to_space_nd(y, [2, 2], [[0, 0], [0, 0]])) == sess.run(x)).all())
True
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from . import array_ops
from .check_ops import Assert
from .constant_op import constant_value, convert_to_tensor
from .elementwise_binary_ops import floormod, less_equal
from .random_ops import random_uniform
from .reduction_ops import reduce_all
from .shape_ops import shape as shape_of
from .slicing_ops import pad, slice as slice_


def _static(value, what):
    value = constant_value(value) if hasattr(value, "op") else np.asarray(value)
    if value is None:
        raise ValueError("%s must be known while building the graph." % what)
    return np.asarray(value, np.int64)


def _spatial_dims(x, count, what):
    dims = x.shape.as_tuple()
    if dims is None or None in dims[1:]:
        raise ValueError("%s needs the non-batch dimensions known; got %s" % (what, x.shape))
    return list(dims[1:1 + count]), list(dims[1 + count:])


def space_to_batch_nd(input, block_shape, paddings, name=None):  # noqa: A002
    """Zero-pads the ``M`` spatial dimensions by ``paddings`` (``[M, 2]``) and moves
    ``block_shape`` blocks of them into the batch dimension."""
    with get_default_graph().name_scope(name or "SpaceToBatchND"):
        x = convert_to_tensor(input)
        blocks = _static(block_shape, "block_shape").reshape(-1)
        pads = _static(paddings, "paddings").reshape(-1, 2)
        count = blocks.size
        if pads.shape[0] != count:
            raise ValueError("paddings must have shape [%d, 2], got %s" % (count, pads.shape))
        full_pads = [[0, 0]] + pads.tolist() + [[0, 0]] * (x.shape.ndims - 1 - count)
        x = pad(x, full_pads)
        spatial, rest = _spatial_dims(x, count, "space_to_batch_nd")
        for size, block in zip(spatial, blocks):
            if size % block:
                raise ValueError("padded spatial size %d is not divisible by block size %d"
                                 % (size, block))
        split = [-1]
        for size, block in zip(spatial, blocks):
            split += [size // block, int(block)]
        x = array_ops.reshape(x, split + rest)
        perm = [2 + 2 * i for i in range(count)] + [0] + [1 + 2 * i for i in range(count)]
        perm += list(range(1 + 2 * count, 1 + 2 * count + len(rest)))
        x = array_ops.transpose(x, perm)
        return array_ops.reshape(x, [-1] + [s // b for s, b in zip(spatial, blocks)] + rest)


def batch_to_space_nd(input, block_shape, crops, name=None):  # noqa: A002
    """The inverse of :func:`space_to_batch_nd`: moves batch blocks back into the spatial
    dimensions, then crops them by ``crops`` (``[M, 2]``)."""
    with get_default_graph().name_scope(name or "BatchToSpaceND"):
        x = convert_to_tensor(input)
        blocks = _static(block_shape, "block_shape").reshape(-1)
        cuts = _static(crops, "crops").reshape(-1, 2)
        count = blocks.size
        spatial, rest = _spatial_dims(x, count, "batch_to_space_nd")
        x = array_ops.reshape(x, [int(b) for b in blocks] + [-1] + spatial + rest)
        perm = [count]
        for i in range(count):
            perm += [count + 1 + i, i]
        perm += list(range(2 * count + 1, 2 * count + 1 + len(rest)))
        x = array_ops.transpose(x, perm)
        grown = [s * int(b) for s, b in zip(spatial, blocks)]
        x = array_ops.reshape(x, [-1] + grown + rest)
        begin = [0] + [int(c[0]) for c in cuts] + [0] * len(rest)
        size = [-1] + [g - int(c[0]) - int(c[1]) for g, c in zip(grown, cuts)] + [-1] * len(rest)
        return slice_(x, begin, size)


def space_to_batch(input, paddings, block_size, name=None):  # noqa: A002
    """:func:`space_to_batch_nd` of a 4-D NHWC input with a square block."""
    return space_to_batch_nd(input, [block_size, block_size], paddings, name=name)


def batch_to_space(input, crops, block_size, name=None):  # noqa: A002
    """:func:`batch_to_space_nd` of a 4-D NHWC input with a square block."""
    return batch_to_space_nd(input, [block_size, block_size], crops, name=name)


def random_crop(value, size, seed=None, name=None):
    """A slice of ``value`` of shape ``size`` at a uniformly random offset (the same rank;
    a dimension kept whole where ``size`` equals it)."""
    with get_default_graph().name_scope(name or "random_crop"):
        value = convert_to_tensor(value)
        size = convert_to_tensor(size, dtype=dtypes.int32)
        shape = shape_of(value)
        check = Assert(reduce_all(less_equal(size, shape)), [shape, size],
                       name="need_value_shape_ge_size")
        with get_default_graph().control_dependencies([check]):
            limit = shape - size + 1
        offset = floormod(random_uniform(shape_of(size), dtype=dtypes.int32,
                                         maxval=dtypes.int32.max, seed=seed), limit)
        static = constant_value(size)
        cropped = slice_(value, offset, size)
        if static is not None:
            cropped.set_shape(static.tolist())
        return cropped


__all__ = ["batch_to_space", "batch_to_space_nd", "random_crop", "space_to_batch",
           "space_to_batch_nd"]
