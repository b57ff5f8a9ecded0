"""Variable storage and the ops that read and write it. The values live in the Session
(``ctx.variables``), keyed by the Variable's op, so two Sessions on one graph keep separate
values."""
import threading

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


# i17b: count_up_to, what tf.train.limit_epochs counts epochs with
_count_lock = threading.Lock()  # queue-runner threads count concurrently: read and add at once


@register
class CountUpTo(OpDef):
    """Increments an integer Variable and outputs its value from before, or raises
    ``OutOfRangeError`` ("Reached limit of N") once the value has reached ``limit``."""
    type_name = "CountUpTo"
    stateful = True
    writes_variable = True
    differentiable = False

    def infer(self, op):
        var = op.attrs["variable"].outputs[0]
        if var.dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError("Value for attr 'T' of %s is not in the list of allowed values: "
                            "int32, int64 (count_up_to of Variable '%s')"
                            % (var.dtype.name, op.attrs["variable"].name))
        return [(var.dtype, var.shape)]

    def kernel(self, op, ctx):
        read, limit, to_numpy = storage_reader(ctx, op.attrs["variable"], op), \
            op.attrs["limit"], ctx.backend.to_numpy

        def count_up_to():
            with _count_lock:
                current = read()
                before = current.copy()
                if int(to_numpy(before)) >= limit:
                    raise errors.OutOfRangeError(None, op, "Reached limit of %d\n\t [[{{node "
                                                 "%s}}]]" % (limit, op.name))
                current += 1
                return before
        return count_up_to

    def samples(self, rng):
        """Counting twice in one run from 3 (limit 9), and the first count from 0."""
        def counted(start, times):
            var_op, initialize = _assigned_variable(start)
            after = [initialize]
            for _ in range(times):
                out = make_op(self.type_name, (), {"variable": var_op, "limit": 9},
                              control_inputs=after).outputs[0]
                after = [out.op]
            return out
        return [OpSample(lambda start: counted(start, 2), np.int64(3),
                         reference=lambda start: np.int64(4)),
                OpSample(lambda start: counted(start, 1), np.int32(0),
                         reference=lambda start: np.int32(0))]


def count_up_to(ref, limit, name=None):
    """Increments the integer Variable ``ref`` until it reaches ``limit``; outputs the value
    from before the increment (``OutOfRangeError`` once ``limit`` is reached).

    >>> import autograd_engine as tf
    >>> v = tf.Variable(0, name="counter")
    >>> step = tf.count_up_to(v, 2)
    >>> with tf.Session() as sess:
    ...     sess.run(v.initializer)
    ...     [int(sess.run(step)), int(sess.run(step))]
    [0, 1]
    """
    return make_op("CountUpTo", (), {"variable": variable_op_of(ref), "limit": int(limit)},
                   name).outputs[0]
