"""Constants, and converting Python/numpy values into graph tensors: lists holding tensors are
packed (Pack, ``tf.stack``), Python indices become StridedSlice's static index."""
import numpy as np

from ..framework import dtypes
from ..framework.composite_tensor import CompositeTensor
from ..framework.graph import ShapeInferenceError
from ..framework.tensor import Tensor, TensorLike
from ..framework.tensor_shape import TensorShape
from .op_samples import OpSample, normal
from .registry import OpDef, make_tensor, register
from .shape_rules import merged_shape_of_equals


@register
class Const(OpDef):
    type_name = "Const"
    is_constant = True

    def infer(self, op):
        value, dtype = op.attrs["value"], op.attrs["dtype"]
        # A value that disagrees with its dtype (a hand-edited or damaged meta graph) would
        # give results of the wrong type at run time: refuse it when the op is built.
        numeric = dtype.is_floating or dtype.is_integer or dtype.is_bool or dtype.is_complex
        if not isinstance(value, np.ndarray) or \
                (numeric and value.dtype != np.dtype(dtype.np_dtype)):
            raise TypeError("Const's value must be a numpy array of dtype %s, got %s" % (
                dtype.name, "an array of dtype %s" % value.dtype
                if isinstance(value, np.ndarray) else type(value).__name__))
        return [(dtype, TensorShape(value.shape))]

    def kernel(self, op, ctx):
        return ctx.backend.asarray(op.attrs["value"])

    def gradient(self, op, grad):
        return []

    def samples(self, rng):
        """float64, float32, int64, bool and empty values (no inputs: the value is the attr)."""
        return [OpSample(lambda value=value: constant(value), reference=lambda value=value: value)
                for value in (normal(rng, 2, 3), np.float32(2.5), rng.integers(-9, 9, 4),
                              np.array([[True, False]]), np.zeros((0, 3), np.float32))]


def _as_numpy(value, dtype):
    """``value`` as a numpy array of ``dtype`` (a DType or None), refusing lossy Python values
    as TF1 does ("Expected int32, got 1.5 of type 'float' instead.")."""
    if dtype is None:
        dtype = dtypes.infer_dtype(value)
        return np.asarray(value, dtype=dtype.np_dtype), dtype
    if not isinstance(value, (np.ndarray, np.generic)):
        probe = np.asarray(value)
        if ((dtype.is_integer or dtype.is_bool) and probe.dtype.kind in "fc") or \
                (dtype.is_bool and probe.dtype.kind in "iu" and probe.size and
                 not np.isin(probe, (0, 1)).all()):
            raise TypeError("Expected %s, got %r of type '%s' instead."
                            % (dtype.name, value, type(value).__name__))
        if probe.dtype == object:
            raise TypeError("Failed to convert object of type %s to Tensor. Contents: %r."
                            % (type(value).__name__, value))
    return np.asarray(value, dtype=dtype.np_dtype), dtype


def constant(value, dtype=None, shape=None, name="Const", verify_shape=False):
    """A tensor with a fixed value.

    >>> import autograd_engine as tf
    >>> c = tf.constant([[1.0, 2.0]])
    >>> c.dtype, c.shape.as_list()
    (tf.float32, [1, 2])
    """
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    array, dtype = _as_numpy(value, dtype)
    if shape is not None:
        shape = tuple(int(d) for d in (shape if isinstance(shape, (list, tuple)) else
                                       TensorShape(shape).as_list()))
        if array.shape != shape:
            if verify_shape:
                raise TypeError("Expected Tensor's shape: %s, got %s." % (shape, array.shape))
            if array.size == 1:
                array = np.full(shape, array.reshape(()), dtype=array.dtype)
            elif array.size == int(np.prod(shape)):
                array = array.reshape(shape)
            else:
                raise TypeError("Eager execution of tf.constant with unsupported shape: value has "
                                "%d elements, shape is %s with %d elements."
                                % (array.size, list(shape), int(np.prod(shape))))
    array = np.array(array, order="C")  # a private copy (ascontiguousarray makes 0-d arrays 1-d)
    array.setflags(write=False)  # a graph constant must never be changed by a kernel
    return make_tensor("Const", (), {"value": array, "dtype": dtype}, name)


def convert_to_tensor(value, dtype=None, name=None, preferred_dtype=None, dtype_hint=None):
    """A Tensor for ``value``: tensors pass through (their dtype checked), Variables give their
    value, Python/numpy values become constants.

    >>> import autograd_engine as tf
    >>> tf.convert_to_tensor(3).dtype
    tf.int32
    """
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    if isinstance(value, CompositeTensor):  # IndexedSlices densify; a SparseTensor refuses
        value = value._to_dense_tensor()
    if isinstance(value, TensorLike) and not isinstance(value, Tensor):
        value = value._to_tensor()
    if isinstance(value, Tensor):
        if dtype is not None and value.dtype != dtype:
            raise ValueError("Tensor conversion requested dtype %s for Tensor with dtype %s: %r"
                             % (dtype.name, value.dtype.name, value))
        return value
    if isinstance(value, (list, tuple)) and any(isinstance(v, TensorLike)
                                                for v in flatten_nested(value)):
        return stack_values(value, name=name, dtype=dtype)
    hint = preferred_dtype or dtype_hint
    if dtype is None and hint is not None:
        try:
            return constant(value, dtypes.as_dtype(hint), name=name or "Const")
        except TypeError:
            pass
    return constant(value, dtype, name=name or "Const")


def flatten_nested(values):
    """The leaves of nested lists and tuples, depth first."""
    for v in values:
        if isinstance(v, (list, tuple)):
            yield from flatten_nested(v)
        else:
            yield v


def convert_operand(value, like):
    """The other operand of a binary op: Python/numpy values take ``like``'s dtype (TF1's rule
    for ``x + 1``), tensors keep theirs (so mismatches are reported, never silently cast)."""
    if isinstance(value, TensorLike):
        return convert_to_tensor(value)
    return convert_to_tensor(value, dtype=like.dtype if isinstance(like, Tensor) else None)


def constant_value(tensor):
    """The value of ``tensor`` when it is known while building the graph (a constant, or the
    shape of a fully-defined tensor), else None."""
    op = tensor.op
    if op.type == "Const":
        return op.attrs["value"]
    if op.type == "Shape" and op.inputs[0].shape.is_fully_defined():
        return np.array(op.inputs[0].shape.as_list(), dtype=tensor.dtype.np_dtype)
    if op.type in ("Identity", "Cast") and op.inputs:
        inner = constant_value(op.inputs[0])
        return None if inner is None else inner.astype(tensor.dtype.np_dtype)
    if op.type == "Pack":
        parts = [constant_value(t) for t in op.inputs]
        if all(p is not None for p in parts):
            return np.stack(parts, axis=op.attrs["axis"])
    return None


def shape_tensor_dims(tensor):
    """What is statically known about the values of a 1-D shape tensor, as a tuple of ints and
    Nones (None when even its length is unknown). ``tf.shape(x)`` of ``x: [?, 784]`` gives
    ``(None, 784)``."""
    value = constant_value(tensor)
    if value is not None:
        return tuple(int(d) for d in np.reshape(value, -1))
    if tensor.op.type == "Shape":
        return tensor.op.inputs[0].shape.as_tuple()
    if tensor.op.type == "Pack":
        dims = []
        for part in tensor.op.inputs:
            v = constant_value(part)
            dims.append(None if v is None else int(v))
        return tuple(dims)
    length = tensor.shape.as_tuple()
    if length is not None and len(length) == 1 and length[0] is not None:
        return (None,) * length[0]
    return None


# ------------------------------------------------------------------ stacking (for lists of tensors)
@register
class Pack(OpDef):
    type_name = "Pack"

    def infer(self, op):
        dtype, merged = merged_shape_of_equals(op)
        dims = merged.as_tuple()
        axis = op.attrs["axis"]
        if dims is None:
            return [(dtype, TensorShape(None))]
        if not -len(dims) - 1 <= axis <= len(dims):
            raise ShapeInferenceError("axis = %d not in [%d, %d)" % (axis, -len(dims) - 1,
                                                                     len(dims) + 1))
        axis = axis % (len(dims) + 1)
        return [(dtype, TensorShape(dims[:axis] + (len(op.inputs),) + dims[axis:]))]

    def kernel(self, op, ctx):
        xp, axis = ctx.xp, op.attrs["axis"]
        return lambda *xs: xp.stack(xs, axis=axis)

    def gradient(self, op, grad):
        # grad[..., i, ...] at the packed axis: an int index drops that axis, whatever the
        # other dimensions are (several may be unknown, or even the rank).
        axis = op.attrs["axis"]
        before, after = ((slice(None),) * axis, ()) if axis >= 0 else \
            ((Ellipsis,), (slice(None),) * (-axis - 1))
        # x[key] as slicing_ops.getitem builds it (that module is above this one).
        return [make_tensor("StridedSlice", (grad,), {"index": static_index(before + (i,) + after)},
                            "strided_slice") for i in range(len(op.inputs))]

    def samples(self, rng):
        """Two and three tensors along the first, a middle and the last (negative) axis,
        scalars into a vector, int32."""
        def case(axis, *values):
            return OpSample(lambda *xs: stack_values(list(xs), axis=axis), *values,
                            reference=lambda *xs: np.stack(xs, axis))
        return [case(0, normal(rng, 2, 3), normal(rng, 2, 3)),
                case(1, normal(rng, 3), normal(rng, 3), normal(rng, 3)),
                case(-1, normal(rng, 2, 3), normal(rng, 2, 3)),
                case(0, normal(rng), normal(rng)),
                case(1, rng.integers(-9, 9, (2, 2), np.int32),
                     rng.integers(-9, 9, (2, 2), np.int32))]


def stack_values(values, axis=0, name=None, dtype=None):
    """``tf.stack``: packs a (nested) list of tensors and Python values into one tensor, the
    list's own dimension at ``axis`` (nested lists are packed along their first axis). Python
    values take the dtype of the first tensor, as in ``x + 1``.

    >>> import autograd_engine as tf
    >>> tf.stack([tf.zeros([2]), tf.ones([2])], axis=1).shape.as_list()
    [2, 2]
    """
    if dtype is None:
        dtype = next((v.dtype for v in flatten_nested(values) if isinstance(v, TensorLike)), None)
    parts = [stack_values(v, dtype=dtype) if isinstance(v, (list, tuple)) else
             convert_to_tensor(v, dtype=dtype) for v in values]
    return make_tensor("Pack", parts, {"axis": int(axis)}, name or "packed")


def stack(values, axis=0, name="stack"):
    """Stacks a list of rank-R tensors into one rank-(R+1) tensor along ``axis`` (TF1's
    ``tf.stack``; the values may be Python numbers and nested lists too).

    >>> import autograd_engine as tf
    >>> tf.stack([tf.zeros([2, 3]), tf.ones([2, 3])], axis=-1).shape.as_list()
    [2, 3, 2]
    """
    if not isinstance(values, (list, tuple)):
        raise TypeError("tf.stack expects a list of tensors, got %s." % type(values).__name__)
    return stack_values(values, axis=axis, name=name)


# ------------------------------------------------------------------ static indices
def static_index(key):
    """A Python index (ints, slices, Ellipsis, None) as a hashable tuple of static parts."""
    if not isinstance(key, tuple):
        key = (key,)
    parts = []
    for k in key:
        if isinstance(k, Tensor):
            value = constant_value(k)
            if value is None:
                raise TypeError("Indexing with a tensor whose value is only known at run time "
                                "is not supported yet; use tf.gather.")
            k = int(value)
        if k is Ellipsis:
            parts.append(("...",))
        elif k is None:
            parts.append(("newaxis",))
        elif isinstance(k, slice):
            parts.append(("slice", _static_int(k.start), _static_int(k.stop), _static_int(k.step)))
        elif isinstance(k, (int, np.integer)):
            parts.append(("int", int(k)))
        else:
            raise TypeError("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) "
                            "and scalar int tensors are valid indices, got %r" % (k,))
    if sum(1 for p in parts if p[0] == "...") > 1:
        raise ValueError("An index can only have a single ellipsis ('...')")
    return tuple(parts)


def _static_int(v):
    if v is None:
        return None
    if isinstance(v, Tensor):
        value = constant_value(v)
        if value is None:
            raise TypeError("Slice bounds must be known while building the graph.")
        return int(value)
    return int(v)
