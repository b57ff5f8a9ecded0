"""Placeholders, fills, reshapes, transposes, identities, expand_dims, squeeze and reverse."""
import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape, as_shape
from .constant_op import constant, constant_value, convert_to_tensor, stack_values
from .op_families import make_reduction, static_value
from .op_samples import OpSample, normal
from .registry import OpDef, make_tensor, register, register_simplification
from .shape_ops import ShapeOperand, shape, shape_operand_of
from .shape_rules import normalize_axes



def _pass_through_samples(rng, build):
    """Samples of an op whose output is its input: float64 of rank 2 and 0, int32, empty."""
    return [OpSample(build, value, reference=lambda x: x) for value in
            (normal(rng, 2, 3), normal(rng), rng.integers(-9, 9, (3, 1), np.int32),
             np.zeros((0, 2), np.float32))]


# ------------------------------------------------------------------ placeholders
@register
class Placeholder(OpDef):
    type_name = "Placeholder"
    stateful = True
    must_be_fed = True

    def infer(self, op):
        return [(op.attrs["dtype"], op.attrs["shape"])]

    def kernel(self, op, ctx):
        raise AssertionError("the Session validates feeds before running; unreachable")

    def samples(self, rng):
        """The suite feeds every sample input through a Placeholder: the input is the sample."""
        return _pass_through_samples(rng, lambda x: x)


def placeholder(dtype, shape=None, name=None):
    """A graph input whose value must be fed at run time.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 784])
    >>> x.shape.as_list()
    [None, 784]
    """
    return make_tensor("Placeholder", (), {"dtype": dtypes.as_dtype(dtype),
                                           "shape": as_shape(shape)}, name)


@register
class PlaceholderWithDefault(OpDef):
    type_name = "PlaceholderWithDefault"
    output_is_view = True
    passes_input_through = True  # when not fed

    def infer(self, op):
        default = op.inputs[0]
        declared = op.attrs["shape"]
        if not declared.is_compatible_with(default.shape):
            raise ShapeInferenceError("The default value's shape %s is not compatible with the "
                                      "declared shape %s" % (default.shape, declared))
        return [(default.dtype, declared)]

    def kernel(self, op, ctx):
        return lambda default: default

    def gradient(self, op, grad):
        return [grad]

    def samples(self, rng):
        """Declared shapes less specific than the default's: a dimension, the rank unknown."""
        return [OpSample(lambda x, shape=shape: placeholder_with_default(x, shape), value,
                         reference=lambda x: x)
                for value, shape in ((normal(rng, 2, 3), [None, 3]), (normal(rng), []),
                                     (rng.integers(-9, 9, (3, 1), np.int32), None))]


def placeholder_with_default(input, shape, name=None):  # noqa: A002 - TF1 argument name
    """A placeholder that takes ``input``'s value when not fed."""
    value = convert_to_tensor(input)
    return make_tensor("PlaceholderWithDefault", (value,), {"shape": as_shape(shape)}, name)


# ------------------------------------------------------------------ fills
@register
class Fill(OpDef):
    type_name = "Fill"

    def host_input_indices(self, op):
        return (0,) if op.attrs["shape"] is None else ()  # the dims, when given as a tensor

    def infer(self, op):
        if op.inputs[-1].shape.ndims not in (None, 0):
            raise ShapeInferenceError("value must be a scalar, but has shape %s"
                                      % op.inputs[-1].shape)
        return [(op.inputs[-1].dtype, TensorShape(ShapeOperand.static_dims(op, 0)))]

    def kernel(self, op, ctx):
        xp = ctx.xp
        return ShapeOperand.bind(op, 0, lambda value, dims: xp.full(dims, value, dtype=value.dtype))

    def gradient(self, op, grad):
        return [None] * (len(op.inputs) - 1) + [reduce_sum_all(grad)]

    def samples(self, rng):
        """Dims known while building (an attr) and fed at run time (an input), a scalar and an
        empty result; the value's gradient is the sum of the output's."""
        return [OpSample(lambda value: fill([2, 3], value), normal(rng),
                         reference=lambda value: np.full((2, 3), value)),
                OpSample(fill, np.int32([3, 1, 2]), normal(rng), reference=np.full),
                OpSample(fill, np.int32([]), np.int32(7), reference=np.full),
                OpSample(fill, np.int32([0, 3]), np.float32(1.5), reference=np.full)]


def fill(dims, value, name=None):
    """A tensor of shape ``dims`` filled with the scalar ``value``."""
    value = convert_to_tensor(value)
    extra, attrs = ShapeOperand.split(dims)
    return make_tensor("Fill", extra + [value], attrs, name)


def _filled(shape, dtype, fill_value, name):
    dtype = dtypes.as_dtype(dtype)
    if dtype == dtypes.string and fill_value == 0:
        fill_value = b""  # TF1's zeros of strings are empty strings
    if isinstance(shape, Tensor) and constant_value(shape) is None:
        return fill(shape, constant(fill_value, dtype), name=name)
    dims = ShapeOperand.split(shape)[1]["shape"]
    if dims is None:  # a list holding tensors
        return fill(shape, constant(fill_value, dtype), name=name)
    return constant(np.full(dims, fill_value, dtype=dtype.np_dtype), dtype, name=name)


def zeros(shape, dtype=dtypes.float32, name=None):
    """A tensor of zeros (``tf.zeros([784, 10])``)."""
    return _filled(shape, dtype, 0, name or "zeros")


def ones(shape, dtype=dtypes.float32, name=None):
    """A tensor of ones."""
    return _filled(shape, dtype, 1, name or "ones")


_STATIC_FILL_LIMIT = 1 << 16  # elements: larger fills are made per run, not kept in a plan


class _FillLike(OpDef):
    differentiable = False
    fill_value = None

    def infer(self, op):
        dtype = op.attrs["dtype"] or op.inputs[0].dtype
        if dtype == dtypes.string and self.fill_value != 0:
            raise TypeError("%s has no value for strings (zeros_like gives empty ones)"
                            % self.type_name)
        return [(dtype, op.inputs[0].shape)]

    def _value(self, dtype):
        return b"" if dtype == dtypes.string else self.fill_value  # TF1's zero string

    def kernel(self, op, ctx):
        out = op.outputs[0].dtype
        xp, value, dtype = ctx.xp, self._value(out), out.np_dtype
        return lambda x: xp.full(x.shape, value, dtype=dtype)

    def static_value(self, op, xp):
        out = op.outputs[0]
        if not out.shape.is_fully_defined() or out.shape.num_elements() > _STATIC_FILL_LIMIT:
            return None
        return xp.full(out.shape.as_tuple(), self._value(out.dtype), dtype=out.dtype.np_dtype)

    def samples(self, rng):
        """float64, int32, bool, scalar and empty inputs, and dtypes asked for."""
        def build(dtype):
            return lambda x: make_tensor(self.type_name, (x,), {"dtype": dtype})

        def reference(dtype):
            return lambda x: np.full(np.shape(x), self.fill_value,
                                     x.dtype if dtype is None else dtype.np_dtype)
        return [OpSample(build(dtype), x, reference=reference(dtype)) for x, dtype in (
            (normal(rng, 2, 3), None), (normal(rng), None),
            (rng.integers(-9, 9, (3, 1), np.int32), None), (np.zeros((2, 0)), None),
            (normal(rng, 3), dtypes.int32), (np.array([[True], [False]]), dtypes.float32))]


@register
class ZerosLike(_FillLike):
    type_name = "ZerosLike"
    fill_value = 0


@register
class OnesLike(_FillLike):
    type_name = "OnesLike"
    fill_value = 1


def zeros_like(tensor, dtype=None, name=None, optimize=True):
    """Zeros with the shape (and by default the dtype) of ``tensor``."""
    tensor = convert_to_tensor(tensor)
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    return make_tensor("ZerosLike", (tensor,), {"dtype": dtype}, name)


def ones_like(tensor, dtype=None, name=None, optimize=True):
    """Ones with the shape (and by default the dtype) of ``tensor``."""
    tensor = convert_to_tensor(tensor)
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    return make_tensor("OnesLike", (tensor,), {"dtype": dtype}, name)


# ------------------------------------------------------------------ reshape & friends
@register
class Reshape(OpDef):
    type_name = "Reshape"
    host_inputs = (1,)  # the target shape, read by Python (TF1: HostMemory)
    output_is_view = True

    def infer(self, op):
        x = op.inputs[0]
        target = ShapeOperand.static_dims(op, 1)
        if target is None:
            return [(x.dtype, TensorShape(None))]
        target = [None if d == -1 else d for d in target]
        if sum(1 for d in (op.attrs["shape"] or ()) if d == -1) > 1:
            raise ShapeInferenceError("Only one input size may be -1, not both")
        n_in = x.shape.num_elements()
        known = [d for d in target if d is not None]
        n_known = int(np.prod(known)) if known else 1
        if n_in is not None:
            if target.count(None) == 0 and n_in != n_known:
                raise ShapeInferenceError(
                    "Cannot reshape a tensor with %d elements to shape %s (%d elements)"
                    % (n_in, _bracket(target), n_known))
            if target.count(None) == 1 and (n_known == 0 or n_in % n_known):
                raise ShapeInferenceError(
                    "Cannot reshape a tensor with %d elements to shape %s: %d is not divisible "
                    "by %d" % (n_in, _bracket(op.attrs["shape"] or target), n_in, n_known))
            if target.count(None) == 1 and op.attrs["shape"] is not None:
                target[target.index(None)] = n_in // n_known
        return [(x.dtype, TensorShape(target))]

    def kernel(self, op, ctx):
        xp = ctx.xp
        return ShapeOperand.bind(op, 1, lambda x, s: xp.reshape(x, s))

    def gradient(self, op, grad):
        return [reshape(grad, shape_operand_of(op.inputs[0]))] + [None] * (len(op.inputs) - 1)

    def samples(self, rng):
        """Static targets (with -1, from and to a scalar), a target fed at run time, int32."""
        static = [OpSample(lambda x, target=target: reshape(x, target), value,
                           reference=lambda x, target=target: np.reshape(x, target))
                  for value, target in ((normal(rng, 2, 3), [3, -1]), (normal(rng, 2, 3, 2), [-1]),
                                        (normal(rng), [1, 1]), (normal(rng, 1, 1), []),
                                        (rng.integers(-9, 9, 4, np.int32), [2, 2]))]
        return static + [OpSample(reshape, normal(rng, 2, 6), np.int32([3, -1, 2]),
                                  reference=np.reshape)]


@register_simplification("Reshape", count="reshape")
def _reshape_of_reshape(op, inputs, plan):
    """A reshape to its input's own fully known shape is the input; ``reshape(reshape(x, a),
    b)`` reads ``x`` directly."""
    if op.attrs.get("shape") is None:
        return None
    source = inputs[0]
    if source.shape.is_fully_defined() and source.shape.as_tuple() == op.attrs["shape"]:
        return source
    inner = source.op
    if inner.type == "Reshape" and not plan.is_fed(source) and plan.may_bypass(inner):
        plan.read_instead(op, [plan.inputs(inner)[0]] + list(inputs[1:]), "reshape")
    return None


def _bracket(dims):
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"


def reshape(tensor, shape, name=None):
    """``tensor`` with a new shape (one dimension may be -1).

    >>> import autograd_engine as tf
    >>> tf.reshape(tf.zeros([2, 3]), [-1]).shape.as_list()
    [6]
    """
    tensor = convert_to_tensor(tensor)
    extra, attrs = ShapeOperand.split(shape)
    return make_tensor("Reshape", [tensor] + extra, attrs, name)


@register
class Transpose(OpDef):
    type_name = "Transpose"
    output_is_view = True

    def infer(self, op):
        dims, perm = op.inputs[0].shape.as_tuple(), op.attrs["perm"]
        if perm is None:
            return [(op.inputs[0].dtype, TensorShape(None if dims is None else dims[::-1]))]
        if dims is not None and sorted(perm) != list(range(len(dims))):
            raise ShapeInferenceError("perm %s is not a permutation of the %d dimensions"
                                      % (list(perm), len(dims)))
        return [(op.inputs[0].dtype, TensorShape(None if dims is None else [dims[p] for p in perm]))]

    def kernel(self, op, ctx):
        xp, perm = ctx.xp, op.attrs["perm"]
        return lambda x: xp.transpose(x, perm)

    def gradient(self, op, grad):
        perm = op.attrs["perm"]
        inverse = None if perm is None else [int(i) for i in np.argsort(perm)]
        return [transpose(grad, inverse)]

    def samples(self, rng):
        """Permutations of ranks 2 and 3, the reversal (no perm), a scalar, int32."""
        return [OpSample(lambda x, perm=perm: transpose(x, perm), value,
                         reference=lambda x, perm=perm: np.transpose(x, perm))
                for value, perm in ((normal(rng, 2, 3), [1, 0]), (normal(rng, 2, 3, 4), [2, 0, 1]),
                                    (normal(rng, 2, 3, 1), None), (normal(rng), None),
                                    (rng.integers(-9, 9, (3, 1, 2), np.int32), [0, 2, 1]))]


@register_simplification("Transpose")
def _transpose_of_transpose(op, inputs, plan):
    """``transpose(transpose(x, p), q)`` is ``x`` when ``q`` undoes ``p``."""
    inner = inputs[0].op
    if inner.type != "Transpose" or plan.is_constant(inputs[0]):
        return None
    outer_perm, inner_perm = op.attrs["perm"], inner.attrs["perm"]
    if outer_perm is None or inner_perm is None or \
            [inner_perm[p] for p in outer_perm] != list(range(len(outer_perm))) or \
            not plan.may_bypass(inner):
        return None
    return plan.inputs(inner)[0]


def transpose(a, perm=None, name="transpose", conjugate=False):
    """Permutes the dimensions of ``a`` (reverses them when ``perm`` is None)."""
    a = convert_to_tensor(a)
    if isinstance(perm, Tensor):
        perm = constant_value(perm)
        if perm is None:
            raise TypeError("tf.transpose needs a perm known while building the graph.")
    perm = None if perm is None else tuple(int(p) for p in perm)
    if perm is None and a.shape.ndims is not None:
        perm = tuple(range(a.shape.ndims))[::-1]
    return make_tensor("Transpose", (a,), {"perm": perm}, name)


class _PassThrough(OpDef):
    output_is_view = True
    passes_input_through = True

    def infer(self, op):
        return [(op.inputs[0].dtype, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        return lambda x: x


@register
class Identity(_PassThrough):
    type_name = "Identity"
    passes_gradient_through = True

    def gradient(self, op, grad):
        return [grad]

    def samples(self, rng):
        return _pass_through_samples(rng, identity)


@register
class StopGradient(_PassThrough):
    type_name = "StopGradient"
    differentiable = False

    def samples(self, rng):
        return _pass_through_samples(rng, stop_gradient)


def identity(input, name=None):  # noqa: A002
    """A new tensor with the same value as ``input``."""
    return make_tensor("Identity", (convert_to_tensor(input),), None, name)


def stop_gradient(input, name=None):  # noqa: A002
    """The same value, but gradients do not flow through it."""
    return make_tensor("StopGradient", (convert_to_tensor(input),), None, name)


@register
class ExpandDims(OpDef):
    type_name = "ExpandDims"
    output_is_view = True

    def infer(self, op):
        dims, axis = op.inputs[0].shape.as_tuple(), op.attrs["axis"]
        if dims is None:
            return [(op.inputs[0].dtype, TensorShape(None))]
        if not -len(dims) - 1 <= axis <= len(dims):
            raise ShapeInferenceError("Tried to expand dim index %d for tensor with %d dimensions"
                                      % (axis, len(dims)))
        axis = axis % (len(dims) + 1)
        return [(op.inputs[0].dtype, TensorShape(dims[:axis] + (1,) + dims[axis:]))]

    def kernel(self, op, ctx):
        xp, axis = ctx.xp, op.attrs["axis"]
        return lambda x: xp.expand_dims(x, axis)

    def gradient(self, op, grad):
        return [reshape(grad, shape_operand_of(op.inputs[0]))]

    def samples(self, rng):
        """Leading, trailing (negative) and middle axes, a scalar, int32."""
        return [OpSample(lambda x, axis=axis: expand_dims(x, axis), value,
                         reference=lambda x, axis=axis: np.expand_dims(x, axis))
                for value, axis in ((normal(rng, 2, 3), 0), (normal(rng, 2, 3), -1),
                                    (normal(rng, 3, 2), 1), (normal(rng), 0),
                                    (rng.integers(-9, 9, 3, np.int32), 1))]


def expand_dims(input, axis=None, name=None, dim=None):  # noqa: A002
    """Inserts a dimension of size 1 at ``axis``."""
    axis = dim if axis is None else axis
    if axis is None:
        raise ValueError("tf.expand_dims needs an axis.")
    return make_tensor("ExpandDims", (convert_to_tensor(input),), {"axis": int(axis)}, name)


def reduce_sum_all(x):
    """The sum of all elements of ``x`` (what reduce_sum(x) builds), for gradients here."""
    return make_reduction("Sum", x, normalize_axes(None, x.shape.ndims), keepdims=False)


# ================================================================== matrix_transpose
def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """Transposes the last two dimensions of ``a`` (a batch of matrices). ``conjugate``
    changes nothing for the real dtypes this engine computes with.

    >>> import autograd_engine as tf
    >>> tf.matrix_transpose(tf.zeros([5, 2, 3])).shape.as_list()
    [5, 3, 2]
    """
    a = convert_to_tensor(a)
    if conjugate and a.dtype.is_complex:
        raise TypeError("matrix_transpose(conjugate=True) of a complex tensor needs tf.conj, "
                        "which this engine does not provide.")
    ndims = a.shape.ndims
    if ndims is None:
        raise ValueError("matrix_transpose needs a tensor of known rank, got shape %s"
                         % a.shape.bracketed())
    if ndims < 2:
        raise ValueError("Argument 'a' should be a (batch) matrix, with rank >= 2.  Found: %s"
                         % a.shape)
    perm = list(range(ndims - 2)) + [ndims - 1, ndims - 2]
    return transpose(a, perm, name=name)


def squeeze(input, axis=None, name=None, squeeze_dims=None):  # noqa: A002
    """Removes dimensions of size 1 (those in ``axis``, or all statically known ones)."""
    input = convert_to_tensor(input)  # noqa: A001
    axis = squeeze_dims if axis is None else axis
    dims = input.shape.as_tuple()
    if dims is None:
        raise ValueError("tf.squeeze needs a tensor of known rank here.")
    if axis is None:
        keep = [d for d in dims if d != 1]
    else:
        axes = [a % len(dims) for a in (axis if isinstance(axis, (list, tuple)) else [axis])]
        for a in axes:
            if dims[a] not in (1, None):
                raise ValueError("Can not squeeze dim[%d], expected a dimension of 1, got %d"
                                 % (a, dims[a]))
        keep = [d for i, d in enumerate(dims) if i not in axes]
    if keep.count(None) > 1:
        return reshape(input, stack_values([shape(input)[i] for i, d in enumerate(dims)
                                            if d != 1 and (axis is None or i not in axes)]),
                       name=name)
    return reshape(input, [-1 if d is None else d for d in keep], name=name or "Squeeze")


# ------------------------------------------------------------------ reverse
@register
class ReverseV2(OpDef):
    type_name = "ReverseV2"
    output_is_view = True

    def infer(self, op):
        return [(op.inputs[0].dtype, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        xp, axes = ctx.xp, op.attrs["axis"]
        if not axes:
            return lambda x: x
        return lambda x: xp.flip(x, axes)

    def gradient(self, op, grad):
        return [make_tensor("ReverseV2", (grad,), {"axis": op.attrs["axis"]})]

    def samples(self, rng):
        """One axis, two axes, none, a negative axis of an int32 vector."""
        return [OpSample(lambda x, axes=axes: reverse(x, axes), value,
                         reference=lambda x, axes=axes: np.flip(x, tuple(axes)))
                for value, axes in ((normal(rng, 2, 3), [1]), (normal(rng, 2, 3, 2), [0, 2]),
                                    (normal(rng, 3), []), (rng.integers(-9, 9, 4, np.int32), [-1]))]


def reverse(tensor, axis, name=None):
    """``tensor`` with the dimensions in ``axis`` (a list, negatives allowed) reversed.

    >>> import autograd_engine as tf
    >>> tf.reverse(tf.zeros([2, 3]), [1]).shape.as_list()
    [2, 3]
    """
    tensor = convert_to_tensor(tensor)
    axes = [int(a) for a in static_value(axis, "reverse's axis").reshape(-1)]
    ndims = tensor.shape.ndims
    if ndims is None:
        if any(a < 0 for a in axes):
            raise ValueError("tf.reverse needs a tensor of known rank for negative axes.")
    else:
        for a in axes:
            if not -ndims <= a < ndims:
                raise ValueError("'axis'[%d] = %d is out of valid range [%d, %d) for %s with "
                                 "shape %s" % (axes.index(a), a, -ndims, ndims, tensor.name,
                                               tensor.shape))
        axes = [a % ndims for a in axes]
    if len(set(axes)) != len(axes):
        duplicate = next(a for a in axes if axes.count(a) > 1)
        raise ValueError("axis %d specified more than once." % duplicate)
    return make_tensor("ReverseV2", (tensor,), {"axis": tuple(axes)}, name)


reverse_v2 = reverse
