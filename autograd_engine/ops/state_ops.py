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


class _OrderedLocks:
    """Holds several Variables' locks at once, taken in one global order (by op id) so that two
    updates writing overlapping sets of Variables can never deadlock."""
    __slots__ = ("locks",)

    def __init__(self, locks):
        self.locks = locks

    def __enter__(self):
        for lock in self.locks:
            lock.acquire()

    def __exit__(self, *exc_info):
        for lock in reversed(self.locks):
            lock.release()


def with_update_lock(kernel, op, ctx, default=False):
    """``kernel`` run while holding the locks of every Variable ``op`` writes when the op's
    ``use_locking`` attribute (``default`` when absent) is set: TF1's per-Variable mutex, so
    concurrent runs of locking updates apply one after another. Without it, concurrent updates
    race as TF1's do (Hogwild), each run still using only its own temporaries."""
    if not op.attrs.get("use_locking", default):
        return kernel
    variables = sorted(written_variables(op), key=lambda v: v._id)
    locks = [ctx.variable_lock(v) for v in variables]
    lock = locks[0] if len(locks) == 1 else _OrderedLocks(locks)

    def locked(*values):
        with lock:
            return kernel(*values)
    return locked


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
        validate = op.attrs.get("validate_shape", True)
        declared = key.attrs["shape"]

        def assign(value):
            current = store.get(key)
            if current is not None and current.shape == value.shape:
                xp.copyto(current, value)  # in place: plans that hold the array stay valid
                return current
            if validate:
                _check_assigned_shape(op, declared if current is None else current.shape,
                                      value.shape)
            store[key] = fresh = xp.array(value, copy=True)
            return fresh
        # tf.assign locks unless told not to, as TF1's Assign (use_locking defaults to True).
        return with_update_lock(assign, op, ctx, default=True)


def _check_assigned_shape(op, lhs, rhs):
    """TF1's run-time check of Assign with ``validate_shape``: the value must have the
    Variable's shape (its current value's, or the declared one before it is initialized)."""
    lhs = TensorShape(lhs)
    if lhs.is_compatible_with(TensorShape(rhs)):  # a declared shape may be partly known
        return
    raise errors.InvalidArgumentError(
        None, op, "Assign requires shapes of both tensors to match. lhs shape= %s rhs shape= %s"
        "\n\t [[{{node %s}}]]\nThe value written to Variable '%s' must keep its shape; pass "
        "validate_shape=False to tf.assign to let it change.%s"
        % (_debug_shape(lhs), _debug_shape(TensorShape(rhs)), op.name, op.attrs["variable"].name,
           op.creation_site()))


def _debug_shape(shape):
    """A shape as TF1's TensorShape::DebugString writes it: ``[5,3]``, ``<unknown>``."""
    if shape.ndims is None:
        return "<unknown>"
    return "[%s]" % ",".join("?" if d is None else str(d) for d in shape.as_tuple())


class UpdateInPlace(_VariableWrite):
    """An update ``_update(stored_array, *inputs)`` that changes the stored array in place and
    returns it. Input 0 must have the Variable's dtype and shape."""

    def kernel(self, op, ctx):
        read, update = storage_reader(ctx, op.attrs["variable"], op), self._update

        def update_in_place(value):
            current = read()
            if value.shape != current.shape:  # numpy would broadcast a smaller one silently
                raise errors.InvalidArgumentError(
                    None, op, "Cannot update variable with shape %s using a Tensor with shape "
                    "%s, shapes must be equal.\n\t [[{{node %s}}]]%s"
                    % (_debug_shape(TensorShape(current.shape)),
                       _debug_shape(TensorShape(value.shape)), op.name, op.creation_site()))
            return update(current, value)
        return with_update_lock(update_in_place, op, ctx)


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


def _locking_attrs(use_locking):
    """``use_locking`` as an op attribute: absent when None (the op type's default)."""
    return {} if use_locking is None else {"use_locking": bool(use_locking)}


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """Writes ``value`` into the Variable ``ref``; the result is the new value. With
    ``validate_shape`` (the default) a run fails when the value's shape differs from the
    Variable's; ``use_locking`` (default True, as TF1) serializes concurrent writes."""
    return _write("Assign", ref, value, name, **_locking_attrs(use_locking),
                  validate_shape=True if validate_shape is None else bool(validate_shape))


def assign_add(ref, value, use_locking=None, name=None):
    """Adds ``value`` to the Variable ``ref`` in place; the result is the new value.
    ``use_locking=True`` makes concurrent runs apply their additions one at a time."""
    return _write("AssignAdd", ref, value, name, **_locking_attrs(use_locking))


def assign_sub(ref, value, use_locking=None, name=None):
    """Subtracts ``value`` from the Variable ``ref`` in place; the result is the new value.
    ``use_locking=True`` makes concurrent runs apply their subtractions one at a time."""
    return _write("AssignSub", ref, value, name, **_locking_attrs(use_locking))


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
