"""Fused, in-place Variable updates used by the optimizers: one kernel per Variable and step.

Each op follows TF1's kernel of the same name (``ApplyAdam``, ``ApplyMomentum``...) and writes
the Variable ``attrs["variable"]`` and its optimizer slots ``attrs["slots"]`` (Variable ops,
in the order the op's ``_update`` receives them) in place. The slots are not data inputs, so
reading them never forces an extra copy; like the Variable they are read from the Session's
storage when the op runs. Input 0 is the gradient (the Variable's dtype and shape), the others
are scalar hyperparameters in the Variable's dtype.

On the host the kernels use ``out=`` and a scratch array kept between runs, so one step
allocates nothing the size of a Variable. The scratch is kept per thread: runs of one plan in
several threads at once (TF1's Session.run is thread-safe) each write only their own, so racing
updates of a Variable stay Hogwild races, never a value computed from another step's
temporaries. ``use_locking=True`` holds the Variable's and its slots' locks for the update. On a device each update is one elementwise kernel
(an in-place :class:`~autograd_engine.backend.ElementwiseDefinition` from the op's
``device_steps``) that reads the gradient and hyperparameters once and writes the Variable and
its slots, where the host's sequence of calls would launch one kernel per call.
"""
import functools
import threading

import numpy as np

from ..backend import ElementwiseDefinition

from ..framework.graph import ShapeInferenceError
from ..ops.op_samples import OpSample, normal, positive
from ..ops.registry import get_op_def, make_op, register
from ..ops.state_ops import UpdateInPlace, storage_reader, variable_op_of, with_update_lock
from ..ops.variables import Variable


class _ApplyWithSlots(UpdateInPlace):
    """The family: ``_update(xp, var, slots, grad, scratch, *hyper)`` changes ``var`` and the
    slot arrays in place. ``scratch`` holds ``scratch_buffers`` arrays shaped like ``var``."""
    # Names of the scalar inputs after the gradient, as in TF1's op definitions.
    hyper_names = ()
    scratch_buffers = 1
    # The device kernel: the gradient's and slots' names in ``device_steps``, and the steps,
    # ``(target, expression)`` as ElementwiseDefinition reads them, that update "var" and the
    # slots in place (a target that is neither is a local value of the element). A moving
    # average reads its slot once (``m * beta1 + grad * (1 - beta1)``), as the host's
    # _decay_and_add does, so concurrent runs cannot mix two snapshots of it.
    gradient_name = "grad"
    slot_names = ()
    device_steps = ()

    def infer(self, op):
        specs = super().infer(op)  # the gradient has the Variable's dtype and shape
        var = op.attrs["variable"]
        dtype = var.outputs[0].dtype
        for hyper_name, value in zip(self.hyper_names, op.inputs[1:]):
            if value.dtype != dtype:
                raise TypeError("Input '%s' of '%s' Op has type %s that does not match type %s "
                                "of Variable '%s'. Use tf.cast."
                                % (hyper_name, self.type_name, value.dtype.name, dtype.name,
                                   var.name))
            if value.shape.ndims not in (None, 0):
                raise ShapeInferenceError("%s is not a scalar: %s"
                                          % (hyper_name, value.shape.bracketed()))
        return specs

    def kernel(self, op, ctx):
        xp, update, count = ctx.xp, self._rule(op), self.scratch_buffers
        read_var = storage_reader(ctx, op.attrs["variable"], op)
        read_slots = [storage_reader(ctx, slot, op) for slot in op.attrs.get("slots", ())]
        if ctx.on_device:
            fused_update = self._device_definition(op).kernel(ctx.backend)

            def apply_on_device(grad, *hyper):
                var = read_var()
                fused_update(grad, *hyper, var, *[read() for read in read_slots])
                return var
            return with_update_lock(apply_on_device, op, ctx)
        kept = threading.local()  # this thread's scratch arrays

        def apply(grad, *hyper):
            var = read_var()
            scratch = getattr(kept, "scratch", None)
            if scratch is None or scratch[0].shape != var.shape:
                scratch = kept.scratch = [xp.empty_like(var) for _ in range(count)]
            _update_in_blocks(update, xp, var, [read() for read in read_slots], grad, scratch,
                              hyper)
            return var
        return with_update_lock(apply, op, ctx)

    def _rule(self, op):
        """The update function for ``op`` (a family member may pick one by attribute)."""
        return self._update

    def _device_definition(self, op):
        """The in-place ElementwiseDefinition of ``op``'s update on a device."""
        return _update_definition(self.type_name, (self.gradient_name,) + self.hyper_names,
                                  ("var",) + self.slot_names, self._device_steps(op))

    def _device_steps(self, op):
        """The steps of ``op``'s device update (a family member may pick some by attribute)."""
        return self.device_steps

    def update_definition(self, op):
        """``op``'s update as one in-place ElementwiseDefinition: inputs the gradient and the
        hyperparameters, in-place arrays the Variable and its slots. The device kernel runs it;
        so does the compiled path (``autograd_engine/jit``), as a pure function."""
        return self._device_definition(op)

    @staticmethod
    def _update(xp, var, slots, grad, scratch, *hyper):
        raise NotImplementedError


@functools.lru_cache(maxsize=None)
def _update_definition(name, inputs, in_place, steps):
    """One definition per update rule, shared by every op and Session that runs it."""
    return ElementwiseDefinition(name, inputs, steps, in_place=in_place)


# Bytes of one array in a block of an update: the Variable, its slots, the gradient and the
# scratch (5 arrays for Adam) then stay in a core's 1 MiB L2 through all of the update's passes,
# where passes over whole arrays stream them from memory again each time. A 3136x1024 float32
# Adam update: 7.4 ms of CPU instead of 10.2 (2-core AMD EPYC), 7 ms instead of 20 wall-clock
# while other processes contend for memory.
UPDATE_BLOCK_BYTES = 256 * 1024


def _update_in_blocks(update, xp, var, slots, grad, scratch, hyper):
    """``update(xp, var, slots, grad, scratch, *hyper)``, run on consecutive blocks of the
    flattened arrays when they are large: every element goes through the same operations in
    the same order, so the result is the same to the bit."""
    block = max(UPDATE_BLOCK_BYTES // var.itemsize, 1)
    arrays = [var] + list(slots)
    if (var.size <= 2 * block or grad.shape != var.shape
            or not all(a.flags.c_contiguous for a in arrays)):
        update(xp, var, slots, grad, scratch, *hyper)
        return
    flat_var, flat_grad = var.reshape(-1), grad.reshape(-1)
    flat_slots = [s.reshape(-1) for s in slots]
    flat_scratch = [s.reshape(-1) for s in scratch]
    for start in range(0, var.size, block):
        part = slice(start, start + block)
        update(xp, flat_var[part], [s[part] for s in flat_slots], flat_grad[part],
               [s[part] for s in flat_scratch], *hyper)


def _apply(type_name, var, slots, grad, hyper, name, use_locking=False, **attrs):
    """Creates one fused update op; ``var`` and ``slots`` are Variables (or their ops)."""
    attrs.update(variable=variable_op_of(var), slots=tuple(variable_op_of(s) for s in slots))
    if use_locking:
        attrs["use_locking"] = True
    return make_op(type_name, (grad,) + tuple(hyper), attrs, name)


def _decay_and_add(xp, average, decay, value, buf):
    """``average = decay * average + (1 - decay) * value`` in place (``buf`` may be ``value``).
    Each pass reads the average as it is now, so an average of squares stays positive even
    when concurrent runs update it between passes (TF1's one-pass kernels ensure the same);
    ``average += (value - average) * (1 - decay)`` would add a stale snapshot's difference."""
    xp.multiply(value, 1 - decay, out=buf)
    average *= decay
    average += buf


# ---------------------------------------------------------------- the update rules
@register
class ApplyGradientDescent(_ApplyWithSlots):
    """``var -= alpha * delta``. Inputs: (delta, alpha)."""
    type_name = "ApplyGradientDescent"
    hyper_names = ("alpha",)
    gradient_name = "delta"
    device_steps = (("var", "var - alpha * delta"),)

    @staticmethod
    def _update(xp, var, slots, delta, scratch, alpha):
        step = xp.multiply(delta, alpha, out=scratch[0])
        var -= step


@register
class ApplyMomentum(_ApplyWithSlots):
    """``accum = accum * momentum + grad``; ``var -= lr * accum``, or with Nesterov
    ``var -= lr * grad + lr * momentum * accum``. Slots: (accum,). Inputs: (grad, lr,
    momentum)."""
    type_name = "ApplyMomentum"
    hyper_names = ("lr", "momentum")
    slot_names = ("accum",)
    device_steps = (("accum", "accum * momentum + grad"), ("var", "var - accum * lr"))
    nesterov_device_steps = (("accum", "accum * momentum + grad"),
                             ("var", "var - grad * lr - accum * (momentum * lr)"))

    def _rule(self, op):
        return self._nesterov if op.attrs.get("use_nesterov") else self._plain

    def _device_steps(self, op):
        return self.nesterov_device_steps if op.attrs.get("use_nesterov") else self.device_steps

    @staticmethod
    def _plain(xp, var, slots, grad, scratch, lr, momentum):
        accum, = slots
        accum *= momentum
        accum += grad
        var -= xp.multiply(accum, lr, out=scratch[0])

    @staticmethod
    def _nesterov(xp, var, slots, grad, scratch, lr, momentum):
        accum, = slots
        accum *= momentum
        accum += grad
        var -= xp.multiply(grad, lr, out=scratch[0])
        var -= xp.multiply(accum, momentum * lr, out=scratch[0])


@register
class ApplyAdam(_ApplyWithSlots):
    """TF1's Adam (epsilon-hat form): ``lr_t = lr * sqrt(1 - beta2_power) / (1 - beta1_power)``;
    ``m += (grad - m) * (1 - beta1)``; ``v += (grad^2 - v) * (1 - beta2)``;
    ``var -= lr_t * m / (sqrt(v) + epsilon)``. Slots: (m, v). Inputs: (grad, beta1_power,
    beta2_power, lr, beta1, beta2, epsilon)."""
    type_name = "ApplyAdam"
    hyper_names = ("beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon")
    slot_names = ("m", "v")
    device_steps = (("m", "m * beta1 + grad * (1 - beta1)"),
                    ("v", "v * beta2 + grad * grad * (1 - beta2)"),
                    ("var", "var - m / (sqrt(v) + epsilon)"
                            " * (lr * sqrt(1 - beta2_power) / (1 - beta1_power))"))

    @staticmethod
    def _update(xp, var, slots, grad, scratch, beta1_power, beta2_power, lr, beta1, beta2,
                epsilon):
        m, v = slots
        buf = scratch[0]
        alpha = lr * xp.sqrt(1 - beta2_power) / (1 - beta1_power)
        _decay_and_add(xp, m, beta1, grad, buf)
        _decay_and_add(xp, v, beta2, xp.multiply(grad, grad, out=buf), buf)
        xp.sqrt(v, out=buf)
        buf += epsilon
        xp.divide(m, buf, out=buf)
        buf *= alpha
        var -= buf


class _RMSPropFamily(_ApplyWithSlots):
    """Both RMSProp kernels: ``ms += (grad^2 - ms) * (1 - rho)``;
    ``mom = mom * momentum + lr * grad / sqrt(denominator)``; ``var -= mom``, where the
    denominator is ``ms + epsilon``, or ``ms - mg^2 + epsilon`` when centered (which also keeps
    the mean gradient ``mg += (grad - mg) * (1 - rho)``)."""
    hyper_names = ("lr", "rho", "momentum", "epsilon")
    centered = False

    def _update(self, xp, var, slots, grad, scratch, lr, rho, momentum, epsilon):
        if self.centered:
            mg, ms, mom = slots
        else:
            ms, mom = slots
        buf = scratch[0]
        _decay_and_add(xp, ms, rho, xp.multiply(grad, grad, out=buf), buf)
        if self.centered:
            _decay_and_add(xp, mg, rho, grad, buf)
            xp.multiply(mg, mg, out=buf)
            xp.subtract(ms, buf, out=buf)
            buf += epsilon
        else:
            xp.add(ms, epsilon, out=buf)
        xp.sqrt(buf, out=buf)
        xp.divide(grad, buf, out=buf)
        buf *= lr
        mom *= momentum
        mom += buf
        var -= mom


@register
class ApplyRMSProp(_RMSPropFamily):
    """Slots: (ms, mom). Inputs: (grad, lr, rho, momentum, epsilon)."""
    type_name = "ApplyRMSProp"
    slot_names = ("ms", "mom")
    device_steps = (("ms", "ms * rho + grad * grad * (1 - rho)"),
                    ("mom", "mom * momentum + grad / sqrt(ms + epsilon) * lr"),
                    ("var", "var - mom"))


@register
class ApplyCenteredRMSProp(_RMSPropFamily):
    """Slots: (mg, ms, mom). Inputs: (grad, lr, rho, momentum, epsilon)."""
    type_name = "ApplyCenteredRMSProp"
    centered = True
    slot_names = ("mg", "ms", "mom")
    device_steps = (("ms", "ms * rho + grad * grad * (1 - rho)"),
                    ("mg", "mg * rho + grad * (1 - rho)"),
                    ("mom", "mom * momentum + grad / sqrt(ms - mg * mg + epsilon) * lr"),
                    ("var", "var - mom"))


@register
class ApplyAdagrad(_ApplyWithSlots):
    """``accum += grad^2``; ``var -= lr * grad / sqrt(accum)``. Slots: (accum,). Inputs:
    (grad, lr)."""
    type_name = "ApplyAdagrad"
    hyper_names = ("lr",)
    slot_names = ("accum",)
    device_steps = (("accum", "accum + grad * grad"), ("var", "var - grad / sqrt(accum) * lr"))

    @staticmethod
    def _update(xp, var, slots, grad, scratch, lr):
        accum, = slots
        buf = scratch[0]
        accum += xp.multiply(grad, grad, out=buf)
        xp.sqrt(accum, out=buf)
        xp.divide(grad, buf, out=buf)
        buf *= lr
        var -= buf


@register
class ApplyAdadelta(_ApplyWithSlots):
    """``accum = rho * accum + (1 - rho) * grad^2``;
    ``update = sqrt(accum_update + epsilon) / sqrt(accum + epsilon) * grad``;
    ``var -= lr * update``; ``accum_update = rho * accum_update + (1 - rho) * update^2``.
    Slots: (accum, accum_update). Inputs: (grad, lr, rho, epsilon)."""
    type_name = "ApplyAdadelta"
    hyper_names = ("lr", "rho", "epsilon")
    scratch_buffers = 2
    slot_names = ("accum", "accum_update")
    device_steps = (("accum", "accum * rho + grad * grad * (1 - rho)"),
                    ("update", "sqrt(accum_update + epsilon) / sqrt(accum + epsilon) * grad"),
                    ("var", "var - update * lr"),
                    ("accum_update", "accum_update * rho + update * update * (1 - rho)"))

    @staticmethod
    def _update(xp, var, slots, grad, scratch, lr, rho, epsilon):
        accum, accum_update = slots
        update, other = scratch
        accum *= rho
        accum += xp.multiply(xp.multiply(grad, grad, out=update), 1 - rho, out=update)
        xp.sqrt(xp.add(accum_update, epsilon, out=update), out=update)
        xp.sqrt(xp.add(accum, epsilon, out=other), out=other)
        update /= other
        update *= grad
        var -= xp.multiply(update, lr, out=other)
        update *= update
        update *= 1 - rho
        accum_update *= rho
        accum_update += update


# ---------------------------------------------------------------- conformance samples
def _variable_from(initial):
    """A Variable holding the fed ``initial``; its shape is validated only when known."""
    return Variable(initial, trainable=False, validate_shape=initial.shape.is_fully_defined())


def _update_samples(type_name, slot_values, hyper, step, **attrs):
    """One update of a float64 matrix and scalar and of a float32 vector Variable. Inputs: the
    Variable's initial value, the gradient, the slots' initial values (``slot_values(rng,
    *shape)`` each: squares' accumulators positive) and the hyper-parameters ``hyper`` (fed
    as scalars). ``step(var, slots, grad, *hyper)`` is numpy's updated Variable, computed
    from the update's textbook formulas in float64."""
    count = len(slot_values)

    def build(var, grad, *rest):
        slots = [_variable_from(s) for s in rest[:count]]
        return _apply(type_name, _variable_from(var), slots, grad, rest[count:], None,
                      **attrs).outputs[0]

    def reference(var, grad, *rest):
        wide = [a.astype(np.float64) for a in (var, grad) + rest]
        return step(wide[0], wide[2:2 + count], wide[1], *wide[2 + count:]).astype(var.dtype)

    def samples(rng):
        def inputs(shape, dtype):
            arrays = [values(rng, *shape) for values in (normal, normal) + tuple(slot_values)]
            return [a.astype(dtype) for a in arrays + [np.asarray(h) for h in hyper]]
        return [OpSample(build, *inputs(shape, dtype), reference=reference, rtol=rtol)
                for shape, dtype, rtol in (((2, 3), np.float64, 1e-12), ((), np.float64, 1e-12),
                                           ((4,), np.float32, 1e-5))]
    return samples


def _adam_step(var, slots, grad, beta1_power, beta2_power, lr, beta1, beta2, epsilon):
    m = beta1 * slots[0] + (1 - beta1) * grad
    v = beta2 * slots[1] + (1 - beta2) * grad ** 2
    return var - lr * np.sqrt(1 - beta2_power) / (1 - beta1_power) * m / (np.sqrt(v) + epsilon)


def _rms_prop_step(var, slots, grad, lr, rho, momentum, epsilon):
    """Centered with three slots (mean gradient, mean square, moment), else plain."""
    centered = len(slots) == 3
    mean_gradient = rho * slots[0] + (1 - rho) * grad if centered else 0.0
    mean_square = rho * slots[-2] + (1 - rho) * grad ** 2
    moment = momentum * slots[-1] + lr * grad / np.sqrt(mean_square - mean_gradient ** 2 + epsilon)
    return var - moment


def _adadelta_step(var, slots, grad, lr, rho, epsilon):
    accum = rho * slots[0] + (1 - rho) * grad ** 2
    return var - lr * np.sqrt(slots[1] + epsilon) / np.sqrt(accum + epsilon) * grad


def _small(rng, *shape):
    """Mean gradients small enough that mean_square - mean_gradient^2 stays positive."""
    return rng.uniform(-0.3, 0.3, shape)


for _type_name, _slot_values, _hyper, _step in (
        ("ApplyGradientDescent", (), (0.1,),
         lambda var, slots, delta, alpha: var - alpha * delta),
        ("ApplyAdagrad", (positive,), (0.1,),
         lambda var, slots, grad, lr: var - lr * grad / np.sqrt(slots[0] + grad ** 2)),
        ("ApplyAdam", (normal, positive), (0.9 ** 3, 0.999 ** 3, 0.1, 0.9, 0.999, 1e-8),
         _adam_step),
        ("ApplyRMSProp", (positive, normal), (0.01, 0.9, 0.5, 1e-10), _rms_prop_step),
        ("ApplyCenteredRMSProp", (_small, positive, normal), (0.01, 0.9, 0.5, 1e-10),
         _rms_prop_step),
        ("ApplyAdadelta", (positive, positive), (1.0, 0.95, 1e-6), _adadelta_step)):
    get_op_def(_type_name).samples = _update_samples(_type_name, _slot_values, _hyper, _step)


def _momentum_samples(rng):
    """Plain and Nesterov momentum: ``accum = momentum * accum + grad``, then ``var -= lr *
    accum``, or ``var -= lr * (grad + momentum * accum)``."""
    def step(nesterov):
        def update(var, slots, grad, lr, momentum):
            accum = momentum * slots[0] + grad
            return var - lr * (grad + momentum * accum if nesterov else accum)
        return update
    return [sample for nesterov in (False, True) for sample in _update_samples(
        "ApplyMomentum", (normal,), (0.1, 0.9), step(nesterov), use_nesterov=nesterov)(rng)]


get_op_def("ApplyMomentum").samples = _momentum_samples


# ---------------------------------------------------------------- TF1's functions
def apply_gradient_descent(var, alpha, delta, use_locking=False, name=None):
    """``var -= alpha * delta`` in place; returns the op (TF1's ``ApplyGradientDescent``)."""
    return _apply("ApplyGradientDescent", var, (), delta, (alpha,), name, use_locking)


def apply_momentum(var, accum, lr, grad, momentum, use_locking=False, name=None,
                   use_nesterov=False):
    return _apply("ApplyMomentum", var, (accum,), grad, (lr, momentum), name, use_locking,
                  use_nesterov=bool(use_nesterov))


def apply_adam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad,
               use_locking=False, name=None):
    return _apply("ApplyAdam", var, (m, v), grad,
                  (beta1_power, beta2_power, lr, beta1, beta2, epsilon), name, use_locking)


def apply_rms_prop(var, ms, mom, lr, rho, momentum, epsilon, grad, use_locking=False,
                   name=None):
    return _apply("ApplyRMSProp", var, (ms, mom), grad, (lr, rho, momentum, epsilon), name,
                  use_locking)


def apply_centered_rms_prop(var, mg, ms, mom, lr, rho, momentum, epsilon, grad,
                            use_locking=False, name=None):
    return _apply("ApplyCenteredRMSProp", var, (mg, ms, mom), grad,
                  (lr, rho, momentum, epsilon), name, use_locking)


def apply_adagrad(var, accum, lr, grad, use_locking=False, name=None):
    return _apply("ApplyAdagrad", var, (accum,), grad, (lr,), name, use_locking)


def apply_adadelta(var, accum, accum_update, lr, rho, epsilon, grad, use_locking=False,
                   name=None):
    return _apply("ApplyAdadelta", var, (accum, accum_update), grad, (lr, rho, epsilon), name,
                  use_locking)
