"""The toolkit that op families share: the builders that define and register elementwise unary
and binary ops (shape rule, kernel and gradient in one place), the reduction op contract, and the
argument checks (axes, dtypes, indices) that many ops make."""
import ast
import hashlib

import numpy as np

from ..backend import ElementwiseDefinition
from ..framework import dtypes, errors
from ..framework.graph import ShapeInferenceError
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape
from .broadcast_ops import reduce_to_input_shape
from .constant_op import constant_value, convert_operand, convert_to_tensor
from .registry import OpDef, PlanOpDef, make_tensor, register, register_fusion
from .shape_rules import broadcast_shape, reduced_dims


# The ops with an ``elementwise_expression``: what fuse_elementwise_chains looks for.
_ELEMENTWISE_OP_DEFS = []

# What UnaryOp's ``requires`` takes for the ops that accept only floating-point inputs, and for
# those that accept only bool ones; for each, TF1's list of allowed dtypes and the test.
FLOATING_POINT = "floating-point"
BOOLEAN = "bool"
_ALLOWED_DTYPES = {FLOATING_POINT: ("float16, float32, float64",
                                    lambda dtype: dtype.is_floating or dtype.is_complex),
                   BOOLEAN: ("bool", lambda dtype: dtype.is_bool)}


# ================================================================== elementwise unary
class UnaryOp(OpDef):
    """``y = f(x)`` elementwise. ``forward(xp)`` returns the kernel; ``grad(x, y, g)`` the input
    gradient from the op's input ``x``, output ``y`` and output gradient ``g``."""

    def __init__(self, type_name, forward, grad=None, requires=None, out_dtype=None,
                 expression=None):
        self.type_name = type_name
        self.elementwise_expression = expression
        self._forward = forward
        self._grad = grad
        self._requires = requires
        self._out_dtype = out_dtype
        self.differentiable = grad is not None

    def infer(self, op):
        x = op.inputs[0]
        refuse_strings(op, x.dtype)
        if self._requires is not None:
            allowed, accepts = _ALLOWED_DTYPES[self._requires]
            if not accepts(x.dtype):
                raise TypeError("Value passed to parameter 'x' has DataType %s not in list of "
                                "allowed values: %s (op '%s')"
                                % (x.dtype.name, allowed, self.type_name))
        return [(self._out_dtype or x.dtype, x.shape)]

    def kernel(self, op, ctx):
        return self._forward(ctx.xp)

    def gradient(self, op, grad):
        return [self._grad(op.inputs[0], op.outputs[0], grad)]


def define_unary(type_name, forward, grad=None, requires=FLOATING_POINT, out_dtype=None,
                 samples=None, expression=None):
    """Registers a :class:`UnaryOp` with its conformance ``samples(rng)`` (see
    ``ops/op_samples.py``) and returns its public function ``f(x, name=None)``.
    ``expression``: the op's ``elementwise_expression`` of ``x``, for fusion on a device."""
    op_def = register(UnaryOp(type_name, forward, grad, requires, out_dtype, expression),
                      samples=samples)
    if expression is not None:
        _ELEMENTWISE_OP_DEFS.append(op_def)

    def apply(x, name=None):
        return make_tensor(op_def.type_name, (convert_to_tensor(x),), None, name)
    apply.__name__ = type_name.lower()
    return apply


# ================================================================== elementwise binary
# Elementwise binary ops TF1 has string kernels for; every other math op refuses strings.
_STRING_BINARY_OPS = ("Add", "AddV2", "Equal", "NotEqual")


def refuse_strings(op, dtype):
    """TF1's TypeError for a math op given tf.string values (it has no string kernel)."""
    if dtype == dtypes.string:
        raise TypeError("Value for attr 'T' of string is not in the list of allowed values for "
                        "'%s' (op: '%s'): it has no kernel for strings (the tf.strings ops "
                        "work on them).%s" % (op.name, op.type, op.creation_site()))


def check_same_dtype(op):
    """Raises TF1's TypeError when the op's inputs ``x`` and ``y`` differ in dtype."""
    x, y = op.inputs[0], op.inputs[1]
    if x.dtype != y.dtype:
        raise TypeError("Input 'y' of '%s' Op has type %s that does not match type %s of "
                        "argument 'x'. (Mixing dtypes is an error, as in TF1: use tf.cast.)%s"
                        % (op.type, y.dtype.name, x.dtype.name, op.creation_site()))


class BinaryOp(OpDef):
    """``z = f(x, y)`` elementwise with numpy/TF broadcasting. ``grad(x, y, z, g)`` returns the
    gradients before broadcasting is undone; this class sums them back to each input's shape."""

    def __init__(self, type_name, forward, grad=None, out_dtype=None, allowed=None,
                 scalar_operator=None, neutral_left=None, neutral_right=None, expression=None,
                 integer_division=False):
        self.type_name = type_name
        self._integer_division = integer_division
        self.elementwise_expression = expression
        self.neutral_left, self.neutral_right = neutral_left, neutral_right
        self._forward = forward
        self._scalar_operator = scalar_operator
        self._grad = grad
        self._out_dtype = out_dtype
        self._allowed = allowed
        self.differentiable = grad is not None

    def infer(self, op):
        check_same_dtype(op)
        dtype = op.inputs[0].dtype
        if self.type_name not in _STRING_BINARY_OPS:
            refuse_strings(op, dtype)
        if self._allowed is not None and not self._allowed(dtype):
            raise TypeError("Op '%s' does not accept inputs of type %s." % (self.type_name, dtype.name))
        return [(self._out_dtype or dtype, broadcast_shape(op.inputs[0], op.inputs[1]))]

    def kernel(self, op, ctx):
        if self._scalar_operator is not None and all(
                t.shape.ndims == 0 and t.dtype.is_floating for t in op.inputs):
            # numpy scalars' own arithmetic takes 70 ns where a ufunc call on two of them
            # takes 800: the difference is most of a scalar op's cost in a plan.
            return self._scalar_operator
        if self._integer_division and op.inputs[1].dtype.is_integer:
            return _refusing_zero_divisors(op, ctx, self._forward(ctx.xp))
        return self._forward(ctx.xp)

    def gradient(self, op, grad):
        x, y = op.inputs
        gx, gy = self._grad(x, y, op.outputs[0], grad)
        return [reduce_to_input_shape(gx, x, [y]), reduce_to_input_shape(gy, y, [x])]


def _refusing_zero_divisors(op, ctx, divide):
    """``divide(x, y)`` failing as TF1 does when an integer divisor is zero (numpy returns 0
    with a warning). Only integer ops pay for the check: one pass over ``y``, and on a device
    one boolean read back to the host."""
    to_host = ctx.backend.to_numpy

    def checked(x, y):
        if not to_host(y.all()):
            raise errors.InvalidArgumentError(
                None, op, "Integer division by zero\n\t [[{{node %s}}]]%s"
                % (op.name, op.creation_site()))
        return divide(x, y)
    return checked


def define_binary(type_name, forward, grad=None, out_dtype=None, allowed=None, default_name=None,
                  scalar_operator=None, neutral_left=None, neutral_right=None, expression=None,
                  samples=None, integer_division=False):
    """Registers a :class:`BinaryOp` with its conformance ``samples(rng)`` and returns its public
    function ``f(x, y, name=None)``. ``expression``: the op's ``elementwise_expression`` of ``x``
    and ``y``, for fusion on a device. ``integer_division``: a zero integer divisor is an
    InvalidArgumentError ("Integer division by zero"), as in TF1."""
    op_def = register(BinaryOp(type_name, forward, grad, out_dtype, allowed, scalar_operator,
                               neutral_left, neutral_right, expression, integer_division),
                      samples=samples)
    if expression is not None:
        _ELEMENTWISE_OP_DEFS.append(op_def)

    def apply(x, y, name=None):
        x, y = binary_operands(x, y)
        return make_tensor(op_def.type_name, (x, y), None, name or default_name)
    apply.__name__ = type_name.lower()
    return apply


def binary_operands(x, y):
    """Tensors for both operands; a Python/numpy operand takes the other one's dtype."""
    if isinstance(x, TensorLike):
        x = convert_to_tensor(x)
        return x, convert_operand(y, x)
    y = convert_to_tensor(y)
    return convert_operand(x, y), y


# ================================================================== fusion on a device
# Float dtypes whose elementwise chains fuse (float16 math differs between CUDA and numpy).
_FUSED_DTYPES = (dtypes.float32, dtypes.float64)


def _fusable(plan, op):
    """Whether ``op`` may be part of a fused chain: a float elementwise op with an expression,
    on the device, whose inputs and output share one static shape (no broadcasting) and dtype."""
    if op.op_def.elementwise_expression is None or not plan.on_device(op):
        return False
    out = op.outputs[0]
    return out.dtype in _FUSED_DTYPES and out.shape.is_fully_defined() and all(
        t.dtype == out.dtype and t.shape.is_fully_defined() and
        t.shape.as_tuple() == out.shape.as_tuple() for t in plan.inputs(op))


def _renamed(expression, names):
    """``expression`` with its input names ``x`` and ``y`` replaced by ``names``."""
    tree = ast.parse(expression, mode="eval")
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in ("x", "y"):  # not a function's name
            node.id = names[("x", "y").index(node.id)]
    return ast.unparse(tree)


def _chain_definition(members, plan):
    """The ElementwiseDefinition of the fused ``members`` (creation order, the chain's last op
    last) and the tensors it reads: one local per member, the last one the output."""
    externals, name_of, steps = [], {}, []
    for index, op in enumerate(members):
        names = []
        for t in plan.inputs(op):
            if t not in name_of:  # made outside the chain: an input of the kernel
                name_of[t] = "a%d" % len(externals)
                externals.append(t)
            names.append(name_of[t])
        target = "y" if index == len(members) - 1 else "t%d" % index
        steps.append((target, _renamed(op.op_def.elementwise_expression, names)))
        name_of[op.outputs[0]] = target
    # The kernel's name is its CUDA function's (and the stand-in's reference key): one per source.
    source = repr(steps).encode()
    name = "fused_elementwise_%s" % hashlib.sha1(source).hexdigest()[:12]
    inputs = ["a%d" % i for i in range(len(externals))]
    return ElementwiseDefinition(name, inputs, steps), externals


@register_fusion
def fuse_elementwise_chains(plan):
    """On a device each elementwise op is a kernel launch reading and writing memory; a chain of
    them (``tanh(exp(-x) * x + b)``) becomes one generated kernel. An op joins the chain of the
    op reading its output when it is that output's only reader (so no intermediate is needed
    elsewhere) and both are fusable (:func:`_fusable`); a chain of two or more ops is replaced."""
    fusable = [op for op_def in _ELEMENTWISE_OP_DEFS for op in plan.of_type(op_def.type_name)
               if _fusable(plan, op)]
    fusable.sort(key=lambda op: op._id)
    allowed = set(fusable)
    chain_of = {}  # op -> the last op of its chain
    for op in reversed(fusable):  # readers come after what they read
        last = chain_of.setdefault(op, op)
        for t in plan.inputs(op):
            if t.op in allowed and t.op not in chain_of and plan.readers(t) == 1:
                chain_of[t.op] = last
    chains = {}
    for op in fusable:
        chains.setdefault(chain_of[op], []).append(op)
    for last, members in chains.items():
        if len(members) < 2:
            continue
        definition, externals = _chain_definition(members, plan)
        op_def = PlanOpDef("FusedElementwise",
                           lambda ctx, definition=definition: definition.kernel(ctx.backend))
        out = last.outputs[0]
        fused = plan.add(last, op_def, externals, [(out.dtype, out.shape)])
        plan.replace(out, fused.outputs[0], "fuse_elementwise_chains")


# ================================================================== reductions
class ReduceOp(OpDef):
    """Reductions over ``axes`` (a static tuple; None = all axes of an unknown-rank input,
    whose axes may also be negative)."""

    def __init__(self, type_name, forward, grad=None, out_dtype=None):
        self.type_name = type_name
        self._forward = forward
        self._grad = grad
        self._out_dtype = out_dtype
        self.differentiable = grad is not None

    def infer(self, op):
        x = op.inputs[0]
        refuse_strings(op, x.dtype)
        dims = reduced_dims(x.shape.as_tuple(), op.attrs["axes"], op.attrs["keepdims"])
        if op.attrs["axes"] is None and not op.attrs["keepdims"]:
            dims = ()
        return [(self._out_dtype or x.dtype, TensorShape(dims))]

    def kernel(self, op, ctx):
        xp, axes, keepdims = ctx.xp, op.attrs["axes"], op.attrs["keepdims"]
        return self._forward(xp, axes, keepdims, op.outputs[0].dtype.np_dtype)

    def gradient(self, op, grad):
        return [self._grad(op, grad)]


def make_reduction(kind, x, axes, keepdims, name=None):
    """The reduction op ``kind`` ("Sum", "Max", ...) of ``x`` over static ``axes``."""
    return make_tensor(kind, (x,), {"axes": axes, "keepdims": bool(keepdims)}, name)


# ================================================================== static arguments and axes
def static_value(value, what):
    """A Python/numpy value or a constant tensor as a numpy array; TypeError when only known at
    run time (for arguments TF1 also needs while building, such as axes)."""
    if isinstance(value, TensorLike):
        known = constant_value(convert_to_tensor(value))
        if known is None:
            raise TypeError("%s must be known while building the graph (a Python value or a "
                            "constant), got the run-time tensor %s." % (what, value.name))
        return np.asarray(known)
    return np.asarray(value)


def static_axis(axis, what="axis"):
    """An axis argument as an int; TypeError when only known at run time."""
    return int(static_value(axis, what))


def check_axis(axis, ndims, label):
    """``axis`` in ``[-ndims, ndims)`` as a non-negative int (``axis`` itself if ndims is None)."""
    if ndims is None:
        return axis
    if not -ndims <= axis < ndims:
        raise ShapeInferenceError("%s in the range [%d, %d), but got %d" % (label, -ndims, ndims,
                                                                            axis))
    return axis % ndims


def index_along(axis, index):
    """The indexing tuple selecting ``index`` (an int or slice) along ``axis``."""
    return (slice(None),) * axis + (index,)


# ================================================================== dtypes and indices
# The dtypes of TF1's CPU kernels for the matrix decompositions.
DECOMPOSABLE_DTYPES = (dtypes.float32, dtypes.float64)
INDEX_DTYPES = (dtypes.int32, dtypes.int64)


def check_allowed_dtype(op, tensor, parameter, allowed=DECOMPOSABLE_DTYPES):
    """Raises TF1's TypeError when ``tensor`` (the op's argument ``parameter``) has a dtype
    outside ``allowed``."""
    if tensor.dtype not in allowed:
        raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed "
                        "values: %s (op '%s')" % (parameter, tensor.dtype.name,
                                                  ", ".join(d.name for d in allowed), op.type))


def check_operand_dtypes_match(op, first, second, names):
    """Raises TF1's TypeError when two inputs, named ``names``, differ in dtype."""
    if first.dtype != second.dtype:
        raise TypeError("Input '%s' of '%s' Op has type %s that does not match type %s of "
                        "argument '%s'." % (names[1], op.type, second.dtype.name,
                                            first.dtype.name, names[0]))


def check_index_dtype(tensor, what="indices", allowed=INDEX_DTYPES):
    """Raises TF1's TypeError when an index argument is not int32 or int64."""
    if tensor.dtype not in allowed:
        raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed "
                        "values: %s" % (what, tensor.dtype.name,
                                        ", ".join(d.name for d in allowed)))


def first_true_index(bad):
    """The position of the first True in ``bad``, as ``1,0`` (TF1's spelling)."""
    position = np.unravel_index(int(np.argmax(np.asarray(bad).reshape(-1))), bad.shape)
    return position, ",".join(str(int(i)) for i in position)


def check_index_range(indices, limit, what="indices", allow_negative=False):
    """Raises TF1's error for the first index outside ``[0, limit)`` (negative indices pass
    with ``allow_negative``: the ops that drop them)."""
    bad = indices >= limit if allow_negative else (indices < 0) | (indices >= limit)
    if bad.any():
        position, spelled = first_true_index(bad)
        raise IndexError("%s[%s] = %d is not in [0, %d)" % (what, spelled, int(indices[position]),
                                                            limit))
