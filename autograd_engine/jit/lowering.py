"""Each op of a plan as JAX code, which XLA compiles: what may be lowered, and how.

Most ops need nothing written for them: their kernels are written against an array module
(``ctx.xp``: numpy, CuPy, the CuPy stand-in), and bound with ``jax.numpy`` instead they are
JAX code already. An op is lowered so (:func:`lower`) unless the op contract says it cannot
be: it is stateful, a constant (the plan embeds those), host-only (Python calls, files,
strings), reads sub-plans of its own (datasets), or has string or opaque values. Whatever fails
while being traced (a kernel that writes in place with ``out=``, calls numpy itself, or looks
at values in Python) raises :class:`NotLowerable` and runs as before: a graph break. A few ops
have lowerings of their own (:data:`OWN_LOWERINGS`): loops with their sub-plans (``loops.py``)
and tf.cond's choices between branch values (``conds.py``).

The stateful ops that are lowered are written here, as pure functions of the Variables'
values (:class:`VariableValues`): reads, ``Assign``/``AssignAdd``/``AssignSub``, and every
optimizer update that declares its rule as one in-place elementwise definition
(``update_definition(op)``: ``ApplyAdam``, ``ApplyMomentum``...).
"""
import numpy as np

from ..backend import Backend
from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from ..ops.state_ops import written_variables
from . import window_lowering  # noqa: F401 - registers the window ops' lowerings
from .functional import FUNCTIONAL_KERNELS


class NotLowerable(Exception):
    """This op cannot be traced into XLA; the plan runs its kernel (a graph break)."""


class VariableValues:
    """The Variables' values while a segment is traced: read ones are arguments, written ones
    are returned."""

    def __init__(self, values):
        self.values = dict(values)

    def read(self, var_op):
        return self.values[var_op]

    def write(self, var_op, value):
        self.values[var_op] = value


class _Refused:
    """What a kernel bound for tracing may not use (a Variable store, resources, buffers)."""

    def __getattr__(self, name):
        raise NotLowerable("the kernel uses the Session's state (%s)" % name)

    def __getitem__(self, key):
        raise NotLowerable("the kernel reads the Session's state")

    def get(self, *args):
        raise NotLowerable("the kernel reads the Session's state")


class TracingContext:
    """The ExecutionContext that kernels are bound with to be traced: ``xp`` is jax.numpy."""

    def __init__(self, jnp, host=None):
        self.xp = jnp
        self.backend = Backend("jax" if host is None else "numpy", jnp)
        # Ops whose outputs are metadata (Shape, Size, Rank: OpDef.host_outputs) are bound
        # with numpy: their values stay concrete, as XLA needs shapes to be.
        self.host = host or TracingContext(np, self)
        self.rewrite = False
        self.blas_rule = None
        self.placer = None
        self.on_device = False
        self.host_subplans = False
        self.variables = self.resources = self.buffers = self.run_control = _Refused()
        # The plan's ExecutionContext, which loops' sub-plans are built with (loops.py), and
        # those sub-plans as traced functions, by op.
        self.plan_context = None
        self.loop_functions = {}

    def random_state(self, op):
        raise NotLowerable("random ops keep their generator's state in the Session")

    def compile(self, fetches, feeds, to_host=False):
        raise NotLowerable("the op runs plans of its own")

    def variable_lock(self, var_op):
        raise NotLowerable("the op locks Variables")

    def context_for(self, op, all_on_host=False):
        return self


# Stateful ops with a lowering below, by type (an optimizer update is found by its
# ``update_definition``).
def _read(op, variables, args, jnp):
    return (variables.read(op),)


def _assign(op, variables, args, jnp):
    var_op, value = op.attrs["variable"], args[0]
    current = variables.read(var_op) if var_op in variables.values else None
    if op.attrs.get("validate_shape", True) and current is not None and \
            tuple(current.shape) != tuple(value.shape):
        raise NotLowerable("the shapes differ: the kernel raises TF1's error")
    variables.write(var_op, jnp.asarray(value, dtype=var_op.outputs[0].dtype.np_dtype))
    return (variables.read(var_op),)


def _update(sign):
    def update(op, variables, args, jnp):
        var_op = op.attrs["variable"]
        current = variables.read(var_op)
        if tuple(current.shape) != tuple(args[0].shape):
            raise NotLowerable("the shapes differ: the kernel raises TF1's error")
        variables.write(var_op, current + sign * args[0])
        return (variables.read(var_op),)
    return update


def _apply_update(op, variables, args, jnp):
    definition = op.op_def.update_definition(op)
    targets = written_variables(op)
    dtype = targets[0].outputs[0].dtype.np_dtype
    grad = args[0]
    if tuple(grad.shape) != tuple(variables.read(targets[0]).shape):
        raise NotLowerable("the gradient's shape differs from the Variable's")
    new_values = definition.values(jnp, list(args) + [variables.read(v) for v in targets], dtype)
    for var_op, value in zip(targets, new_values):
        variables.write(var_op, value)
    return (variables.read(targets[0]),)


def _no_op(op, variables, args, jnp):
    return ()


STATEFUL_LOWERINGS = {"NoOp": _no_op, "VariableV2": _read, "Assign": _assign, "AssignAdd": _update(1),
                      "AssignSub": _update(-1)}


def stateful_lowering(op):
    """The lowering of a stateful op, or None."""
    lowering = STATEFUL_LOWERINGS.get(op.type)
    if lowering is None and hasattr(op.op_def, "update_definition") and \
            op.op_def.writes_variable:
        lowering = _apply_update
    return lowering


def variables_read(op):
    """The VariableV2 ops whose values a lowered ``op`` reads (and, for writes, replaces)."""
    if op.type == "VariableV2":
        return [op]
    if op.op_def.writes_variable:
        return written_variables(op)
    return []


# Ops lowered by code of their own rather than their kernels, by type: op type ->
# function(op, variables, args, jnp, tracing_ctx) -> outputs. loops.py: While and WhileGrad,
# with their sub-plans; conds.py: tf.cond's choices between branch values.
OWN_LOWERINGS = {}


def may_lower(op, branches):
    """Whether the op contract allows tracing ``op`` (``branches``: its tf.cond branches)."""
    op_def = op.op_def
    if op.type in OWN_LOWERINGS:  # a loop's sub-plans' ops are checked when it is traced
        return not branches
    if branches or op_def.emit is not None or op_def.host_only or op_def.is_constant or \
            op_def.must_be_fed or op_def.subplan_outputs(op):
        return False
    if op_def.stateful or op_def.writes_variable:
        if op.type == "Assign" and not (op.attrs.get("validate_shape", True) and
                                        op.attrs["variable"].outputs[0].shape.is_fully_defined()):
            return False  # a value of another shape: the kernel's checks decide at run time
        return stateful_lowering(op) is not None and not op.attrs.get("use_locking", False)
    for t in list(op.inputs) + list(op.outputs):
        if t.dtype == dtypes.string or t.dtype.np_dtype.kind == "O":
            return False
    return True


def lower(op, variables, args, jnp, tracing_ctx):
    """``op``'s outputs as traced JAX values from its traced inputs ``args``."""
    own_lowering = OWN_LOWERINGS.get(op.type)
    if own_lowering is not None:
        outputs = own_lowering(op, variables, args, jnp, tracing_ctx)
        return tuple(value if tensor.dtype == dtypes.variant else _checked(op, tensor, value, jnp)
                     for tensor, value in zip(op.outputs, outputs))
    lowering = stateful_lowering(op) if (op.op_def.stateful or op.op_def.writes_variable) \
        else None
    if lowering is not None:
        outputs = lowering(op, variables, args, jnp)
    else:
        functional = FUNCTIONAL_KERNELS.get(op.type)
        if not op.op_def.stateful and all(concrete(a) for a in args):
            # known while tracing (shape arithmetic): computed now by the numpy kernel, so
            # that what reads it as a shape gets a value, not a traced array
            kernel = op.op_def.kernel(op, tracing_ctx.host)
        elif functional is not None:
            kernel = functional(op, jnp)
        else:
            kernel = op.op_def.kernel(op, tracing_ctx.host if op.op_def.host_outputs else
                                      tracing_ctx)
        result = kernel(*args)
        outputs = () if not op.outputs else (result,) if len(op.outputs) == 1 else \
            tuple(result)
    return tuple(_checked(op, t, value, jnp) for t, value in zip(op.outputs, outputs))


def concrete(value):
    """Whether a value is known while tracing (numpy), not a traced array."""
    return isinstance(value, (np.ndarray, np.generic, int, float, bool))


def _checked(op, tensor, value, jnp):
    """``value`` as a JAX array of the tensor's dtype; a kernel whose traced value has another
    kind of dtype, or a shape its static shape excludes, is not lowered."""
    expected = tensor.dtype.np_dtype
    if isinstance(value, (np.ndarray, np.generic, int, float, bool)):  # concrete: kept so
        value = np.asarray(value)
        if value.dtype.kind != expected.kind:
            raise NotLowerable("it gave %s, not %s" % (value.dtype, expected))
        jnp = np  # a shape stays a value known while tracing
    try:
        value = jnp.asarray(value)
    except TypeError as error:
        raise NotLowerable("its value is not an array: %s" % error) from None
    if value.dtype != expected:
        if np.dtype(value.dtype).kind != expected.kind:
            raise NotLowerable("it traced to %s, not %s" % (value.dtype, expected))
        value = value.astype(expected)
    if not tensor.shape.is_compatible_with(TensorShape(tuple(value.shape))):
        raise NotLowerable("it traced to shape %s, not %s" % (tuple(value.shape), tensor.shape))
    return value
