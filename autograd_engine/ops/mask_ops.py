"""Masks and indicators: boolean_mask, sequence_mask and one_hot, with their gradients."""
import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError, name_scope
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape
from . import array_ops, range_ops
from .constant_op import constant_value, convert_to_tensor
from .elementwise_binary_ops import less
from .elementwise_unary_ops import cast
from .op_families import check_index_dtype, index_along, static_axis
from .op_samples import OpSample, normal
from .reduction_ops import reduce_max
from .registry import OpDef, make_tensor, register
from .shape_ops import ShapeOperand, shape_operand_of
from .slicing_ops import scatter_reference


# ------------------------------------------------------------------ boolean_mask
def _mask_rank(op):
    return op.inputs[1].shape.ndims


@register
class BooleanMask(OpDef):
    """The slices of ``tensor`` (its dimensions ``axis .. axis + mask.ndim``) where ``mask`` is
    True, flattened into one dimension whose size is known only at run time."""
    type_name = "BooleanMask"

    def infer(self, op):
        tensor, mask = op.inputs
        dims, axis, k = tensor.shape.as_tuple(), op.attrs["axis"], _mask_rank(op)
        count = constant_value(mask)
        count = None if count is None else int(np.count_nonzero(count))
        return [(tensor.dtype, TensorShape(None if dims is None else
                                           dims[:axis] + (count,) + dims[axis + k:]))]

    def kernel(self, op, ctx):
        xp, axis = ctx.xp, op.attrs["axis"]

        def boolean_mask_kernel(tensor, mask):
            _check_mask_shape(tensor.shape, mask.shape, axis)
            flat = tensor.reshape(tensor.shape[:axis] + (-1,) + tensor.shape[axis + mask.ndim:])
            return xp.compress(mask.reshape(-1), flat, axis=axis)
        return boolean_mask_kernel

    def gradient(self, op, grad):
        tensor, mask = op.inputs
        extra, attrs = ShapeOperand.split(shape_operand_of(tensor))
        attrs["axis"] = op.attrs["axis"]
        return [make_tensor("BooleanMaskGrad", [grad, mask] + extra, attrs), None]

    def samples(self, rng):
        """Masks of rank 1 and 2, from an inner axis, and a mask with no True (an empty
        result) on int32."""
        return [OpSample(lambda t, m, a=axis: boolean_mask(t, m, axis=a), tensor, mask,
                         reference=lambda t, m, a=axis: t[index_along(a, m)])
                for tensor, mask, axis in _mask_cases(rng)]


def _mask_cases(rng):
    """(tensor, mask, axis) of BooleanMask's and BooleanMaskGrad's samples."""
    return [(normal(rng, 3, 4), np.array([True, False, True]), 0),
            (normal(rng, 2, 3, 2), rng.random((2, 3)) < 0.5, 0),
            (normal(rng, 2, 3, 2), np.array([False, True, True]), 1),
            (rng.integers(-9, 9, (3, 2)).astype(np.int32), np.zeros(3, bool), 0)]


@register
class BooleanMaskGrad(OpDef):
    """Scatters the masked slices' gradient back into zeros of the input's shape."""
    type_name = "BooleanMaskGrad"
    host_inputs = (2,)  # the output shape, read by Python (TF1: HostMemory)

    def infer(self, op):
        return [(op.inputs[0].dtype, TensorShape(ShapeOperand.static_dims(op, 2)))]

    def kernel(self, op, ctx):
        xp, axis = ctx.xp, op.attrs["axis"]

        def scatter(grad, mask, shape):
            out = xp.zeros(shape, dtype=grad.dtype)
            flat = out.reshape(shape[:axis] + (-1,) + tuple(shape[axis + mask.ndim:]))
            flat[index_along(axis, mask.reshape(-1))] = grad
            return out
        return ShapeOperand.bind(op, 2, scatter)

    def gradient(self, op, grad):
        mask = op.inputs[1]
        return [make_tensor("BooleanMask", (grad, mask), {"axis": op.attrs["axis"]}), None] + \
            [None] * (len(op.inputs) - 2)

    def samples(self, rng):
        """The gradients of BooleanMask's samples; one with the shape fed at run time."""
        def sample(tensor, mask, axis, runtime_shape=False):
            def build(grad, m, *shape):
                attrs = {"shape": None if shape else tensor.shape, "axis": axis}
                return make_tensor("BooleanMaskGrad", [grad, m] + list(shape), attrs)
            grad = normal(rng, *tensor[index_along(axis, mask)].shape).astype(tensor.dtype)
            shape = [np.array(tensor.shape, np.int32)] if runtime_shape else []
            return OpSample(build, grad, mask, *shape,
                            reference=lambda g, m, *shape: scatter_reference(
                                lambda a: a[index_along(axis, m)], tensor.shape, g))
        cases = _mask_cases(rng)
        return [sample(*case) for case in cases] + [sample(*cases[1], runtime_shape=True)]


def _check_mask_shape(tensor_dims, mask_dims, axis):
    window = tuple(tensor_dims[axis:axis + len(mask_dims)])
    if not TensorShape(window).is_compatible_with(TensorShape(mask_dims)):
        raise ValueError("Shapes %s and %s are incompatible" % (TensorShape(window),
                                                                TensorShape(mask_dims)))


def boolean_mask(tensor, mask, name="boolean_mask", axis=None):
    """The elements (or slices, from ``axis`` on) of ``tensor`` where the bool ``mask`` is True,
    flattened into one dimension of run-time size.

    >>> import autograd_engine as tf
    >>> x = tf.zeros([3, 4, 2])
    >>> tf.boolean_mask(x, tf.placeholder(tf.bool, [3, 4])).shape.as_list()
    [None, 2]
    """
    tensor = convert_to_tensor(tensor)
    mask = convert_to_tensor(mask)
    if not mask.dtype.is_bool:
        raise TypeError("mask must be a bool tensor, got %s" % mask.dtype.name)
    k = mask.shape.ndims
    if k is None:
        raise ValueError("Number of mask dimensions must be specified, even if some dimensions "
                         "are None.  E.g. shape=[None] is ok, but shape=None is not.")
    if k == 0:
        raise ValueError("mask cannot be scalar.")
    axis = 0 if axis is None else static_axis(axis)
    dims = tensor.shape.as_tuple()
    if dims is not None:
        if axis < 0:
            axis += len(dims)
        if not 0 <= axis <= len(dims) - k:
            raise ValueError("axis %d with a mask of rank %d does not fit a tensor of rank %d"
                             % (axis, k, len(dims)))
        _check_mask_shape(dims, mask.shape.as_tuple(), axis)
    elif axis < 0:
        raise ValueError("tf.boolean_mask needs a tensor of known rank for a negative axis.")
    return make_tensor("BooleanMask", (tensor, mask), {"axis": axis}, name)


# ------------------------------------------------------------------ one_hot, sequence_mask
@register
class OneHot(OpDef):
    type_name = "OneHot"
    host_inputs = (1,)  # depth, read by Python (TF1: HostMemory)
    differentiable = False

    def infer(self, op):
        indices, depth, on, off = op.inputs
        check_index_dtype(indices, allowed=(dtypes.uint8, dtypes.int32, dtypes.int64))
        dims, axis = indices.shape.as_tuple(), op.attrs["axis"]
        count = constant_value(depth)
        if count is not None and int(count) < 0:
            raise ShapeInferenceError("depth must be non-negative, got: %d" % int(count))
        if dims is None:
            return [(on.dtype, TensorShape(None))]
        if not -1 <= axis <= len(dims):
            raise ShapeInferenceError("Expected axis to be -1 or between [0, %d).  But received: %d"
                                      % (len(dims) + 1, axis))
        axis = len(dims) if axis == -1 else axis
        count = None if count is None else int(count)
        return [(on.dtype, TensorShape(dims[:axis] + (count,) + dims[axis:]))]

    def kernel(self, op, ctx):
        xp, axis = ctx.xp, op.attrs["axis"]

        def one_hot_kernel(indices, depth, on, off):
            depth = int(depth)
            if depth < 0:
                raise ValueError("depth must be non-negative, got: %d" % depth)
            hot = indices[..., None] == xp.arange(depth)  # out-of-range indices: all off
            if axis != -1:
                hot = xp.moveaxis(hot, -1, axis)
            return xp.where(hot, on, off)
        return one_hot_kernel

    def samples(self, rng):
        """Out-of-range indices (all off), an outer and an inner axis with on/off values, uint8
        indices, depth 0, and the depth fed at run time (a host input)."""
        def reference(indices, depth, on=1.0, off=0.0, axis=-1, dtype=np.float32):
            out = np.full(indices.shape + (int(depth),), off, dtype)
            for index in np.ndindex(indices.shape):
                if 0 <= indices[index] < depth:
                    out[index + (indices[index],)] = on
            return np.moveaxis(out, -1, axis)
        return [OpSample(lambda i: one_hot(i, 3), np.int32([0, 2, -1, 1, 3]),
                         reference=lambda i: reference(i, 3)),
                OpSample(lambda i: one_hot(i, 4, 5.0, -1.0, axis=0, dtype=dtypes.float64),
                         np.int64([[0, 3, 1], [2, 2, 5]]),
                         reference=lambda i: reference(i, 4, 5.0, -1.0, 0, np.float64)),
                OpSample(lambda i: one_hot(i, 3, axis=1, dtype=dtypes.int32),
                         np.uint8([[2, 0], [1, 1]]),
                         reference=lambda i: reference(i, 3, 1, 0, 1, np.int32)),
                OpSample(lambda i: one_hot(i, 0), np.int32([0, 1]),
                         reference=lambda i: reference(i, 0)),
                OpSample(one_hot, np.int32([[1, 0], [3, -1]]), np.int32(4),
                         reference=reference)]


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """Rows of ``depth`` values, ``on_value`` (default 1) at each index and ``off_value``
    (default 0) elsewhere; indices outside ``[0, depth)`` (such as -1) give all-off rows.
    The dtype is ``dtype``, else that of ``on_value``/``off_value``, else float32.

    >>> import autograd_engine as tf
    >>> t = tf.one_hot([0, 2, -1], 3)
    >>> t.dtype, t.shape.as_list()
    (tf.float32, [3, 3])
    """
    indices = convert_to_tensor(indices)
    given = {"on_value": on_value, "off_value": off_value}
    tensors = {k: convert_to_tensor(v) for k, v in given.items() if isinstance(v, TensorLike)}
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
        for k, t in tensors.items():
            if t.dtype != dtype:
                raise TypeError("dtype %s of %s does not match dtype parameter %s"
                                % (t.dtype.name, k, dtype.name))
    elif tensors:
        dtype = next(iter(tensors.values())).dtype
    else:
        python_values = [v for v in given.values() if v is not None]
        dtype = dtypes.infer_dtype(python_values[0]) if python_values else dtypes.float32
    if len(tensors) == 2 and tensors["on_value"].dtype != tensors["off_value"].dtype:
        raise TypeError("dtype %s of on_value does not match dtype %s of off_value"
                        % (tensors["on_value"].dtype.name, tensors["off_value"].dtype.name))
    values = [tensors.get(k) if k in tensors else
              convert_to_tensor(default if given[k] is None else given[k], dtype=dtype)
              for k, default in (("on_value", 1), ("off_value", 0))]
    for k, t in zip(given, values):
        if t.shape.ndims not in (None, 0):
            raise ValueError("%s must be a scalar, got shape %s" % (k, t.shape))
    depth = convert_to_tensor(depth, dtype=None if isinstance(depth, TensorLike) else dtypes.int32)
    attrs = {"axis": -1 if axis is None else int(axis)}
    return make_tensor("OneHot", [indices, depth] + values, attrs, name)


def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool, name=None):
    """``mask[i, j] = j < lengths[i]`` (for lengths of any rank), ``maxlen`` columns (default:
    the largest length), as ``dtype``.

    >>> import autograd_engine as tf
    >>> tf.sequence_mask([1, 3, 2], 5).shape.as_list()
    [3, 5]
    """
    with name_scope(name, "SequenceMask", [lengths]):
        lengths = convert_to_tensor(lengths)
        if maxlen is None:
            maxlen = reduce_max(lengths)
        else:
            maxlen = convert_to_tensor(maxlen) if isinstance(maxlen, TensorLike) else \
                convert_to_tensor(maxlen, dtype=lengths.dtype)
            if maxlen.shape.ndims not in (None, 0):
                raise ValueError("maxlen must be scalar for sequence_mask")
        columns = range_ops.range(0, maxlen, 1, dtype=maxlen.dtype)
        mask = less(columns, cast(array_ops.expand_dims(lengths, -1),
                                  maxlen.dtype))
        return cast(mask, dtype)
