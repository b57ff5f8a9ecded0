"""Variable storage and the ops that read and write it. The values live in the Session
(``ctx.variables``), keyed by the Variable's op, so two Sessions on one graph keep separate
values."""
import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import ShapeInferenceError
from ..framework.tensor import Operation, TensorLike
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample, normal
from .registry import OpDef, make_op, register


def uninitialized_error(var_op, reader=None):
    where = "" if var_op.location is None else "\nThe Variable was created at %s" % var_op.location
    return errors.FailedPreconditionError(
        None, reader or var_op,
        "Attempting to use uninitialized value %s\n\t [[{{node %s}}]]\nRun the Variable's "
        "initializer first, e.g. sess.run(tf.global_variables_initializer()) after building "
        "the whole model and before training.%s"
        % (var_op.name, (reader or var_op).name, where))


def written_variables(op):
    """The VariableV2 ops that a Variable write (``op_def.writes_variable``) changes: its
    Variable, then any optimizer slots it updates in the same kernel."""
    return [op.attrs["variable"]] + list(op.attrs.get("slots", ()))


def storage_reader(ctx, var_op, reader=None):
    """A function returning ``var_op``'s stored array, or raising FailedPreconditionError."""
    store = ctx.variables

    def read():
        try:
            return store[var_op]
        except KeyError:
            raise uninitialized_error(var_op, reader) from None
    return read


@register
class VariableV2(OpDef):
    type_name = "VariableV2"
    stateful = True
    output_is_view = True

    def infer(self, op):
        return [(op.attrs["dtype"], op.attrs["shape"])]

    def kernel(self, op, ctx):
        return storage_reader(ctx, op)

    def gradient(self, op, grad):
        return []


class _VariableWrite(OpDef):
    """Writes into the Variable ``attrs['variable']`` (an op reference, not a data input: an
    initializer must not read the value it is about to create)."""
    stateful = True
    writes_variable = True
    output_is_view = True
    differentiable = False

    def infer(self, op):
        var = op.attrs["variable"].outputs[0]
        value = op.inputs[0]
        if value.dtype != var.dtype:
            raise TypeError("Cannot write a %s value to Variable '%s' of dtype %s"
                            % (value.dtype.name, op.attrs["variable"].name, var.dtype.name))
        if op.attrs.get("validate_shape", True) and not var.shape.is_compatible_with(value.shape):
            raise ShapeInferenceError("Shapes must be equal rank, but are %s and %s; the value "
                                      "written to Variable '%s' must have its shape"
                                      % (var.shape.bracketed(), value.shape.bracketed(),
                                         op.attrs["variable"].name)
                                      if var.shape.ndims != value.shape.ndims else
                                      "Dimensions of Variable '%s' %s and value %s are not "
                                      "compatible" % (op.attrs["variable"].name,
                                                      var.shape.bracketed(),
                                                      value.shape.bracketed()))
        shape = var.shape if op.attrs.get("validate_shape", True) else value.shape
        return [(var.dtype, shape)]


# Conformance samples of the writes, on bare VariableV2 ops (tf.Variable is built on this module):
# a first Assign stores the value, so later writes in the same run have a value to update.
def _bare_variable(dtype, shape):
    return make_op("VariableV2", (), {"dtype": dtype, "shape": shape, "trainable": False})


def _assigned_variable(value):
    """A bare Variable shaped like ``value`` and the Assign storing ``value`` in it."""
    var_op = _bare_variable(value.dtype, value.shape)
    return var_op, make_op("Assign", (value,), {"variable": var_op, "validate_shape": True})


def _sample_values(rng):
    """A float64 matrix, a float32 scalar and an int32 vector."""
    return [normal(rng, 2, 3), normal(rng).astype("float32"), rng.integers(-9, 9, 4, "int32")]


def _assign_samples(rng):
    """Assign's value is what it stored; without shape validation the value's shape replaces
    the Variable's declared one."""
    def reshaping(value):
        var_op = _bare_variable(value.dtype, TensorShape([2]))
        return make_op("Assign", (value,), {"variable": var_op, "validate_shape": False})
    samples = [OpSample(lambda value: _assigned_variable(value)[1].outputs[0], value,
                        reference=lambda value: value, grad=())
               for value in _sample_values(rng)]
    return samples + [OpSample(lambda value: reshaping(value).outputs[0], normal(rng, 3, 2),
                               reference=lambda value: value, grad=())]


def _update_samples(type_name, update):
    """Samples of the in-place update ``type_name``: ``initial`` assigned, then updated by
    ``delta`` in the same run; numpy's ``update(initial, delta)`` is the reference."""
    def build(initial, delta):
        var_op, initialize = _assigned_variable(initial)
        return make_op(type_name, (delta,), {"variable": var_op},
                       control_inputs=(initialize,)).outputs[0]

    def samples(rng):
        return [OpSample(build, initial, delta, reference=update, grad=())
                for initial, delta in zip(_sample_values(rng), _sample_values(rng))]
    return samples


@register
class Assign(_VariableWrite):
    type_name = "Assign"
    samples = staticmethod(_assign_samples)

    def kernel(self, op, ctx):
        store, key, xp = ctx.variables, op.attrs["variable"], ctx.xp

        def assign(value):
            current = store.get(key)
            if current is not None and current.shape == value.shape:
                xp.copyto(current, value)  # in place: plans that hold the array stay valid
                return current
            store[key] = fresh = xp.array(value, copy=True)
            return fresh
        return assign


class UpdateInPlace(_VariableWrite):
    """An update ``_update(stored_array, *inputs)`` that changes the stored array in place and
    returns it. Input 0 must have the Variable's dtype and shape."""

    def kernel(self, op, ctx):
        read, update = storage_reader(ctx, op.attrs["variable"], op), self._update
        return lambda *values: update(read(), *values)


@register
class AssignAdd(UpdateInPlace):
    type_name = "AssignAdd"
    samples = staticmethod(_update_samples("AssignAdd", lambda initial, delta: initial + delta))

    @staticmethod
    def _update(current, value):
        current += value
        return current


@register
class AssignSub(UpdateInPlace):
    type_name = "AssignSub"
    samples = staticmethod(_update_samples("AssignSub", lambda initial, delta: initial - delta))

    @staticmethod
    def _update(current, value):
        current -= value
        return current


def variable_op_of(ref):
    """The VariableV2 op behind a Variable, its ref tensor, or the op itself."""
    op = ref if isinstance(ref, Operation) else ref.op if isinstance(ref, TensorLike) else None
    if op is not None and op.type == "VariableV2":
        return op
    raise TypeError("Expected a tf.Variable, got %r" % (ref,))


def _write(type_name, ref, value, name, **attrs):
    var_op = variable_op_of(ref)
    dtype = var_op.outputs[0].dtype
    if isinstance(value, TensorLike) and value.dtype != dtype:
        raise TypeError("Input 'value' of '%s' Op has type %s that does not match type %s of "
                        "argument 'ref' (Variable '%s'). Use tf.cast."
                        % (type_name, value.dtype.name, dtype.name, var_op.name))
    value = convert_to_tensor(value, dtype=dtype)
    attrs["variable"] = var_op
    return make_op(type_name, (value,), attrs, name).outputs[0]


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """Writes ``value`` into the Variable ``ref``; the result is the new value."""
    return _write("Assign", ref, value, name,
                  validate_shape=True if validate_shape is None else bool(validate_shape))


def assign_add(ref, value, use_locking=None, name=None):
    """Adds ``value`` to the Variable ``ref`` in place; the result is the new value."""
    return _write("AssignAdd", ref, value, name)


def assign_sub(ref, value, use_locking=None, name=None):
    """Subtracts ``value`` from the Variable ``ref`` in place; the result is the new value."""
    return _write("AssignSub", ref, value, name)


@register
class VariableValueOrInitial(OpDef):
    """The stored value of Variable ``attrs['variable']`` if it has one in this Session, else
    the input (its initial value): ``Variable.initialized_value()``, and the reads of other
    Variables in an initial value (``tf.Variable(a * 3)``), so initializers may run in any
    order, as TF1.15's ``cond(is_variable_initialized(v), v.read_value, v.initial_value)``
    does. The Variable is an attr, not an input, so an uninitialized one is never read."""
    type_name = "VariableValueOrInitial"
    stateful = True
    output_is_view = True
    differentiable = False

    def infer(self, op):
        var = op.attrs["variable"].outputs[0]
        initial = op.inputs[0]
        if initial.dtype != var.dtype:
            raise TypeError("The initial value of Variable '%s' is %s, not %s"
                            % (op.attrs["variable"].name, initial.dtype.name, var.dtype.name))
        return [(var.dtype, var.shape.merge_with(initial.shape)
                 if var.shape.is_compatible_with(initial.shape) else initial.shape)]

    def kernel(self, op, ctx):
        store, key = ctx.variables, op.attrs["variable"]

        def value(initial):
            stored = store.get(key)
            return initial if stored is None else stored
        return value

    def samples(self, rng):
        """A Variable never assigned gives the input; one assigned (before, in the same run)
        gives its stored value."""
        def never_assigned(initial):
            var_op = _bare_variable(initial.dtype, initial.shape)
            return make_op(self.type_name, (initial,), {"variable": var_op}).outputs[0]

        def assigned(stored, initial):
            var_op, initialize = _assigned_variable(stored)
            return make_op(self.type_name, (initial,), {"variable": var_op},
                           control_inputs=(initialize,)).outputs[0]
        return [OpSample(never_assigned, normal(rng, 2, 3), reference=lambda x: x, grad=()),
                OpSample(assigned, normal(rng, 3), normal(rng, 3), reference=lambda s, i: s,
                         grad=())]


@register
class IsVariableInitialized(OpDef):
    type_name = "IsVariableInitialized"
    stateful = True
    differentiable = False
    host_outputs = (0,)  # a Python decision: host memory, as in TF1

    def infer(self, op):
        return [(dtypes.bool, TensorShape([]))]

    def kernel(self, op, ctx):
        store, key = ctx.variables, op.attrs["variable"]
        return lambda: np.asarray(key in store)

    def samples(self, rng):
        """A Variable never assigned, and one assigned before the check in the same run."""
        def never_assigned():
            var_op = _bare_variable(dtypes.float32, TensorShape([2]))
            return make_op(self.type_name, (), {"variable": var_op}).outputs[0]

        def assigned(value):
            var_op, initialize = _assigned_variable(value)
            return make_op(self.type_name, (), {"variable": var_op},
                           control_inputs=(initialize,)).outputs[0]
        return [OpSample(never_assigned, reference=lambda: np.bool_(False)),
                OpSample(assigned, normal(rng, 3, 2), reference=lambda value: np.bool_(True))]
