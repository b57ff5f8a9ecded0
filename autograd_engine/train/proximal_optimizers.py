"""TF1's regularizing optimizers: ``FtrlOptimizer``, ``ProximalGradientDescentOptimizer``,
``ProximalAdagradOptimizer`` and ``AdagradDAOptimizer``.

Each step is written with the public ops (new slot and Variable values computed from the
values read at the start of the step, then assigned together: a plan runs Variable writes after
the reads that do not depend on them), following TF1's kernels ``ApplyFtrlV2``,
``ApplyProximalGradientDescent``, ``ApplyProximalAdagrad`` and ``ApplyAdagradDA``.

>>> import autograd_engine as tf
>>> w = tf.Variable([1.0, -2.0])
>>> step = tf.train.ProximalGradientDescentOptimizer(0.1, l1_regularization_strength=0.5)
>>> train = step.minimize(tf.reduce_sum(w * w))
>>> with tf.Session() as sess:
...     sess.run(tf.global_variables_initializer()); _ = sess.run(train)
...     sess.run(w).round(4)
array([ 0.75, -1.55], dtype=float32)
"""
from ..framework import dtypes
from ..ops.control_flow_ops import group
from ..ops.elementwise_binary_ops import greater, maximum, where
from ..ops.elementwise_binary_ops import pow as pow_
from ..ops.elementwise_unary_ops import abs as abs_, cast, sign, sqrt
from ..ops.array_ops import zeros_like
from ..ops.state_ops import assign
from .optimizer import Optimizer


def _shrink(value, threshold, l1, l2_factor):
    """TF's proximal step: soft-threshold by ``threshold`` when l1 > 0, then scale down."""
    if l1 is not None:
        value = sign(value) * maximum(abs_(value) - threshold, 0.0)
    return value / l2_factor


def _check_non_negative(**values):
    for key, value in values.items():
        if isinstance(value, (int, float)) and value < 0.0:
            raise ValueError("%s must be non-negative: %s" % (key, value))


class ProximalGradientDescentOptimizer(Optimizer):
    """``prox = var - lr * grad``; ``var = sign(prox) * max(|prox| - lr * l1, 0) / (1 + lr *
    l2)``."""

    def __init__(self, learning_rate, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, use_locking=False,
                 name="ProximalGradientDescent"):
        _check_non_negative(l1_regularization_strength=l1_regularization_strength,
                            l2_regularization_strength=l2_regularization_strength)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength

    def _prepare(self):
        self._prepare_hyper(learning_rate=self._learning_rate, l1=self._l1, l2=self._l2)

    def _apply_dense(self, grad, var):
        lr, l1, l2 = (self._hyper(k, var.dtype) for k in ("learning_rate", "l1", "l2"))
        prox = var - lr * grad
        return assign(var, _shrink(prox, lr * l1, l1 if self._l1 else None, 1.0 + lr * l2))


class ProximalAdagradOptimizer(Optimizer):
    """Adagrad's step size ``lr / sqrt(accum)`` with the proximal l1/l2 step of
    :class:`ProximalGradientDescentOptimizer`; slot ``"accumulator"``."""

    def __init__(self, learning_rate, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="ProximalAdagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError("initial_accumulator_value must be positive: %s"
                             % initial_accumulator_value)
        _check_non_negative(l1_regularization_strength=l1_regularization_strength,
                            l2_regularization_strength=l2_regularization_strength)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial = initial_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength

    def _create_slots(self, var_list):
        for v in var_list:
            self._filled_slot(v, self._initial, "accumulator", self._name)

    def _prepare(self):
        self._prepare_hyper(learning_rate=self._learning_rate, l1=self._l1, l2=self._l2)

    def _apply_dense(self, grad, var):
        lr, l1, l2 = (self._hyper(k, var.dtype) for k in ("learning_rate", "l1", "l2"))
        accum = self.get_slot(var, "accumulator")
        new_accum = accum + grad * grad
        step = lr / sqrt(new_accum)
        prox = var - step * grad
        new_var = _shrink(prox, step * l1, l1 if self._l1 else None, 1.0 + step * l2)
        return group(assign(accum, new_accum), assign(var, new_var))


class FtrlOptimizer(Optimizer):
    """Follow-the-regularized-leader (McMahan et al., 2013), TF1's ``ApplyFtrlV2``; slots
    ``"accum"`` and ``"linear"``."""

    def __init__(self, learning_rate, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="Ftrl", accum_name=None, linear_name=None,
                 l2_shrinkage_regularization_strength=0.0):
        if initial_accumulator_value < 0.0:
            raise ValueError("initial_accumulator_value %f needs to be positive or zero"
                             % initial_accumulator_value)
        if learning_rate_power > 0.0:
            raise ValueError("learning_rate_power %f needs to be negative or zero"
                             % learning_rate_power)
        _check_non_negative(l1_regularization_strength=l1_regularization_strength,
                            l2_regularization_strength=l2_regularization_strength,
                            l2_shrinkage_regularization_strength=(
                                l2_shrinkage_regularization_strength))
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._power = learning_rate_power
        self._initial = initial_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength
        self._shrinkage = l2_shrinkage_regularization_strength
        self._accum_name, self._linear_name = accum_name or name, linear_name or name + "_1"

    def _create_slots(self, var_list):
        for v in var_list:
            self._filled_slot(v, self._initial, "accum", self._accum_name)
            self._zeros_slot(v, "linear", self._linear_name)

    def _prepare(self):
        self._prepare_hyper(learning_rate=self._learning_rate, l1=self._l1, l2=self._l2,
                            l2_shrinkage=self._shrinkage, power=self._power)

    def _apply_dense(self, grad, var):
        lr, l1, l2, shrinkage, power = (self._hyper(k, var.dtype) for k in (
            "learning_rate", "l1", "l2", "l2_shrinkage", "power"))
        accum, linear = self.get_slot(var, "accum"), self.get_slot(var, "linear")
        new_accum = accum + grad * grad
        if self._power == -0.5:
            new_root, old_root = sqrt(new_accum), sqrt(accum)
        else:
            new_root, old_root = pow_(new_accum, -power), pow_(accum, -power)
        shrunk_grad = grad + 2.0 * shrinkage * var if self._shrinkage else grad
        new_linear = linear + shrunk_grad - (new_root - old_root) / lr * var
        quadratic = new_root / lr + 2.0 * l2
        pre_shrink = (sign(new_linear) * l1 - new_linear) / quadratic
        new_var = where(greater(abs_(new_linear), l1), pre_shrink, zeros_like(var))
        return group(assign(accum, new_accum), assign(linear, new_linear),
                     assign(var, new_var))


class AdagradDAOptimizer(Optimizer):
    """Adagrad dual averaging (Duchi et al., 2011), for sparse l1-regularized models; needs
    ``global_step`` (the step count ``t`` of the closed-form update); slots
    ``"gradient_accumulator"`` and ``"gradient_squared_accumulator"``."""

    def __init__(self, learning_rate, global_step, initial_gradient_squared_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="AdagradDA"):
        if initial_gradient_squared_accumulator_value <= 0.0:
            raise ValueError("initial_gradient_squared_accumulator_value must be positive: %s"
                             % initial_gradient_squared_accumulator_value)
        _check_non_negative(l1_regularization_strength=l1_regularization_strength,
                            l2_regularization_strength=l2_regularization_strength)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._global_step = global_step
        self._initial = initial_gradient_squared_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "gradient_accumulator", self._name)
            self._filled_slot(v, self._initial, "gradient_squared_accumulator", self._name)

    def _prepare(self):
        self._prepare_hyper(learning_rate=self._learning_rate, l1=self._l1, l2=self._l2)

    def _apply_dense(self, grad, var):
        lr, l1, l2 = (self._hyper(k, var.dtype) for k in ("learning_rate", "l1", "l2"))
        # TF1 passes the step about to be taken (global_step + 1)
        step = cast(cast(self._global_step, dtypes.int64) + 1, var.dtype)
        grad_accum = self.get_slot(var, "gradient_accumulator")
        squared_accum = self.get_slot(var, "gradient_squared_accumulator")
        new_grad_accum = grad_accum + grad
        new_squared_accum = squared_accum + grad * grad
        numerator = new_grad_accum
        if self._l1:
            numerator = sign(new_grad_accum) * maximum(abs_(new_grad_accum) - l1 * step, 0.0)
        new_var = -lr * numerator / (l2 * step * lr + sqrt(new_squared_accum))
        return group(assign(grad_accum, new_grad_accum),
                     assign(squared_accum, new_squared_accum), assign(var, new_var))


__all__ = ["AdagradDAOptimizer", "FtrlOptimizer", "ProximalAdagradOptimizer",
           "ProximalGradientDescentOptimizer"]
