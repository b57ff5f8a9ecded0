"""More array and math functions TF1 programs use, built from existing ops (their gradients
come from those ops): ``meshgrid``, ``roll``, ``repeat``, ``div_no_nan``, ``logical_xor``,
``bincount``, ``histogram_fixed_width``, ``confusion_matrix``, ``unravel_index``,
``invert_permutation``, ``searchsorted``, ``shape_n``, ``parallel_stack``,
``accumulate_n``, ``ensure_shape``, ``broadcast_static_shape``, ``broadcast_dynamic_shape``.

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     sess.run(roll(tf.range(5), 2, 0))
array([3, 4, 0, 1, 2], dtype=int32)
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError, get_default_graph
from ..framework.tensor_shape import TensorShape, as_shape
from . import array_ops
from .broadcast_ops import broadcast_to
from .check_ops import Assert
from .concat_split_ops import concat
from .constant_op import constant, constant_value, convert_to_tensor, stack
from .elementwise_binary_ops import (equal, floordiv, floormod, less, less_equal, logical_and,
                                     logical_or, maximum, minimum, where_v2)
from .elementwise_unary_ops import cast, floor, logical_not
from .gather_ops import gather, unsorted_segment_sum
from .matmul_ops import add_n
from .range_ops import range as range_
from .reduction_ops import reduce_all, reduce_max, reduce_sum
from .shape_ops import shape as shape_of
from .shape_ops import size
from .shape_rules import broadcast_dims
from .sort_ops import argsort


def meshgrid(*args, **kwargs):
    """N-D coordinate grids of the 1-D ``args``; ``indexing="xy"`` (default: the first two
    outputs' axes swapped, as numpy's) or ``"ij"``."""
    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    if kwargs:
        raise TypeError("Invalid keywords: %s" % sorted(kwargs))
    if indexing not in ("xy", "ij"):
        raise ValueError("indexing parameter must be either 'xy' or 'ij'")
    with get_default_graph().name_scope(name):
        vectors = [array_ops.reshape(convert_to_tensor(a), [-1]) for a in args]
        count = len(vectors)
        sizes = [size(v) for v in vectors]
        order = list(range(count))
        if indexing == "xy" and count > 1:
            order[0], order[1] = 1, 0
        out_shape = stack([sizes[i] for i in order])
        grids = []
        for i, vector in enumerate(vectors):
            dims = [1] * count
            dims[order.index(i)] = -1
            grids.append(broadcast_to(array_ops.reshape(vector, dims), out_shape))
        return grids


def roll(input, shift, axis, name=None):  # noqa: A002
    """Elements shifted ``shift`` places along ``axis`` (ints or equal-length lists), wrapping
    around."""
    with get_default_graph().name_scope(name or "Roll"):
        x = convert_to_tensor(input)
        shifts = np.atleast_1d(shift).tolist() if not hasattr(shift, "op") else [shift]
        axes = np.atleast_1d(axis).tolist() if not hasattr(axis, "op") else [axis]
        if len(shifts) != len(axes):
            raise ValueError("shift and axis must have the same size")
        for step, ax in zip(shifts, axes):
            n = shape_of(x)[ax]
            index = floormod(range_(n) - step, n)
            x = gather(x, index, axis=ax)
        return x


def repeat(input, repeats, axis=None, name=None):  # noqa: A002
    """Each element (``axis=None``: of the flattened input) or slice along ``axis`` repeated
    ``repeats`` times (an int, or one count per slice known while building)."""
    with get_default_graph().name_scope(name or "Repeat"):
        x = convert_to_tensor(input)
        if axis is None:
            x, axis = array_ops.reshape(x, [-1]), 0
        counts = constant_value(repeats) if hasattr(repeats, "op") else np.asarray(repeats)
        if counts is None:
            raise ValueError("repeat needs repeats known while building the graph.")
        if counts.ndim == 0:
            count = int(counts)
            index = floordiv(range_(shape_of(x)[axis] * count), count)
        else:
            index = constant(np.repeat(np.arange(counts.size), counts).astype(np.int32))
        return gather(x, index, axis=axis)


def div_no_nan(x, y, name=None):
    """``x / y``, and 0 where ``y`` is 0 (its gradients too), for float tensors."""
    with get_default_graph().name_scope(name or "div_no_nan"):
        x = convert_to_tensor(x)
        y = convert_to_tensor(y, dtype=x.dtype)
        if not x.dtype.is_floating:
            raise TypeError("div_no_nan takes float tensors, not %s" % x.dtype.name)
        zero = equal(y, array_ops.zeros_like(y))
        safe = where_v2(zero, array_ops.ones_like(y), y)
        return where_v2(zero, array_ops.zeros_like(x / safe), x / safe)


def logical_xor(x, y, name="LogicalXor"):
    """``(x or y) and not (x and y)``, element-wise on bool tensors."""
    with get_default_graph().name_scope(name):
        return logical_and(logical_or(x, y), logical_not(logical_and(x, y)))


def _flat_ints(values):
    return array_ops.reshape(cast(convert_to_tensor(values), dtypes.int32), [-1])


def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=dtypes.int32):
    """How often each value ``0..max(arr)`` occurs in the non-negative int ``arr`` (summing
    ``weights`` instead of counting when given); at least ``minlength``, at most
    ``maxlength`` bins."""
    with get_default_graph().name_scope("bincount"):
        ids = _flat_ints(arr)
        length = reduce_max(concat([ids, constant([-1])], 0)) + 1
        if minlength is not None:
            length = maximum(length, int(minlength))
        if maxlength is not None:
            length = minimum(length, int(maxlength))
            ids = where_v2(less(ids, int(maxlength)), ids, -array_ops.ones_like(ids))
        if weights is None:
            data = array_ops.ones_like(ids, dtype=dtype)
        else:
            data = array_ops.reshape(convert_to_tensor(weights), [-1])
        return unsorted_segment_sum(data, ids, length)


def histogram_fixed_width(values, value_range, nbins=100, dtype=dtypes.int32, name=None):
    """Counts of ``values`` in ``nbins`` equal bins over ``value_range`` ``[low, high]``;
    values outside fall in the first or last bin."""
    with get_default_graph().name_scope(name or "histogram_fixed_width"):
        values = array_ops.reshape(convert_to_tensor(values), [-1])
        value_range = convert_to_tensor(value_range, dtype=values.dtype)
        low, high = value_range[0], value_range[1]
        scaled = (values - low) / (high - low)
        index = cast(floor(scaled * float(nbins)), dtypes.int32)
        index = minimum(maximum(index, 0), int(nbins) - 1)
        return unsorted_segment_sum(array_ops.ones_like(index, dtype=dtype), index, int(nbins))


def confusion_matrix(labels, predictions, num_classes=None, weights=None, dtype=dtypes.int32,
                     name=None):
    """``[num_classes, num_classes]`` counts (or summed ``weights``): row = label, column =
    prediction; ``num_classes`` defaults to the largest id seen plus one."""
    with get_default_graph().name_scope(name or "confusion_matrix"):
        labels, predictions = _flat_ints(labels), _flat_ints(predictions)
        if num_classes is None:
            num_classes = maximum(reduce_max(labels), reduce_max(predictions)) + 1
        else:
            num_classes = convert_to_tensor(num_classes, dtype=dtypes.int32)
        check = Assert(reduce_all(logical_and(less(labels, num_classes),
                                              less(predictions, num_classes))),
                       [labels, predictions, num_classes], name="labels_and_predictions_"
                       "must_be_less_than_num_classes")
        with get_default_graph().control_dependencies([check]):
            cells = labels * num_classes + predictions
        if weights is None:
            data = array_ops.ones_like(cells, dtype=dtype)
        else:
            data = cast(array_ops.reshape(convert_to_tensor(weights), [-1]), dtype)
        counts = unsorted_segment_sum(data, cells, num_classes * num_classes)
        return array_ops.reshape(counts, stack([num_classes, num_classes]))


def unravel_index(indices, dims, name=None):
    """The coordinates in an array of shape ``dims`` of flat ``indices``: shape
    ``[len(dims)] + indices.shape``."""
    with get_default_graph().name_scope(name or "UnravelIndex"):
        indices = convert_to_tensor(indices)
        dims = convert_to_tensor(dims, dtype=indices.dtype)
        count = dims.shape.as_tuple()[0] if dims.shape.ndims == 1 else None
        if count is None:
            raise ValueError("unravel_index needs dims of a known length, got %s" % dims.shape)
        coordinates, rest = [], indices
        for k in reversed(range(count)):
            coordinates.append(floormod(rest, dims[k]))
            rest = floordiv(rest, dims[k])
        return stack(coordinates[::-1])


def invert_permutation(x, name=None):
    """``y[x[i]] = i`` for a permutation ``x`` of ``0..n-1``."""
    x = convert_to_tensor(x)
    return cast(argsort(x, name=name or "InvertPermutation"), x.dtype)


def searchsorted(sorted_sequence, values, side="left", out_type=dtypes.int32, name=None):
    """For each value, the index where it would be inserted into the innermost dimension of
    ``sorted_sequence`` to keep it sorted (before equal elements with ``side="left"``)."""
    if side not in ("left", "right"):
        raise ValueError("side must be 'left' or 'right', got %r" % (side,))
    with get_default_graph().name_scope(name or "searchsorted"):
        ordered, values = convert_to_tensor(sorted_sequence), convert_to_tensor(values)
        compare = less if side == "left" else less_equal
        below = compare(array_ops.expand_dims(ordered, -2), array_ops.expand_dims(values, -1))
        return reduce_sum(cast(below, out_type), -1)


def shape_n(input, out_type=dtypes.int32, name=None):  # noqa: A002
    """The shapes of a list of tensors."""
    with get_default_graph().name_scope(name or "ShapeN"):
        return [shape_of(t, out_type=out_type) for t in input]


def parallel_stack(values, name="parallel_stack"):
    """:func:`tf.stack` along a new first axis (TF1's variant for statically shaped inputs)."""
    for v in values:
        if not convert_to_tensor(v).shape.is_fully_defined():
            raise ValueError("parallel_stack needs fully defined shapes, got %s"
                             % convert_to_tensor(v).shape)
    return stack(values, 0, name=name)


def accumulate_n(inputs, shape=None, tensor_dtype=None, name=None):  # noqa: A002
    """The sum of a list of same-shape tensors (TF1's non-blocking ``add_n``)."""
    result = add_n(inputs, name=name)
    if shape is not None:
        result.set_shape(shape)
    return result


def ensure_shape(x, shape, name=None):  # noqa: A002
    """``x``, with its static shape narrowed to ``shape``; a run where the actual shape does
    not match fails with InvalidArgumentError."""
    x = convert_to_tensor(x)
    expected = as_shape(shape)
    if not x.shape.is_compatible_with(expected):
        raise ValueError("Shape of tensor %s %s is not compatible with expected shape %s."
                         % (x.name, x.shape, expected))
    with get_default_graph().name_scope(name or "EnsureShape"):
        dims = expected.as_tuple()
        if dims is None:
            return array_ops.identity(x)
        actual = shape_of(x)
        checks = [equal(size(actual), len(dims))] + [
            equal(actual[i], d) for i, d in enumerate(dims) if d is not None]
        check = Assert(reduce_all(stack(checks)), [actual],
                       name="shape_is_compatible_with_%s" % "x".join(
                           "any" if d is None else str(d) for d in dims))
        with get_default_graph().control_dependencies([check]):
            result = array_ops.identity(x)
        result.set_shape(expected.merge_with(x.shape))
        return result


def broadcast_static_shape(shape_x, shape_y):
    """The TensorShape of broadcasting two TensorShapes; ValueError when incompatible."""
    try:
        return TensorShape(broadcast_dims(as_shape(shape_x).as_tuple(),
                                          as_shape(shape_y).as_tuple()))
    except ShapeInferenceError:
        raise ValueError("Incompatible shapes for broadcasting: %s and %s"
                         % (shape_x, shape_y)) from None


def broadcast_dynamic_shape(shape_x, shape_y):
    """The shape (a 1-D int tensor) of broadcasting arrays of the two given shapes."""
    with get_default_graph().name_scope("BroadcastArgs"):
        x = array_ops.zeros(convert_to_tensor(shape_x), dtype=dtypes.int8)
        y = array_ops.zeros(convert_to_tensor(shape_y), dtype=dtypes.int8)
        return shape_of(x + y, out_type=convert_to_tensor(shape_x).dtype)


__all__ = ["accumulate_n", "bincount", "broadcast_dynamic_shape", "broadcast_static_shape",
           "confusion_matrix", "div_no_nan", "ensure_shape", "histogram_fixed_width",
           "invert_permutation", "logical_xor", "meshgrid", "parallel_stack",
           "repeat", "roll", "searchsorted", "shape_n", "unravel_index"]
