"""``tf.train.AdagradOptimizer``: ``accum += g^2; var -= lr * g / sqrt(accum)``."""
from ..ops.control_flow_ops import group
from ..ops.elementwise_unary_ops import rsqrt
from ..ops.gather_ops import gather
from ..ops.scatter_ops import scatter_sub, scatter_update
from .optimizer import Optimizer
from .training_ops import apply_adagrad


class AdagradOptimizer(Optimizer):
    """Adagrad; the slot ``"accumulator"`` (``<var>/Adagrad``) starts at
    ``initial_accumulator_value``, which must be positive.

    >>> import autograd_engine as tf
    >>> tf.reset_default_graph()
    >>> w = tf.Variable(1.0, name="w")
    >>> opt = tf.train.AdagradOptimizer(0.1)
    >>> _ = opt.minimize(w * w)
    >>> opt.get_slot(w, "accumulator").name
    'w/Adagrad:0'
    """

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False,
                 name="Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError("initial_accumulator_value must be positive: %s"
                             % initial_accumulator_value)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value

    def _create_slots(self, var_list):
        for v in var_list:
            self._filled_slot(v, self._initial_accumulator_value, "accumulator", self._name)

    def _prepare(self):
        self._prepare_hyper(learning_rate=self._learning_rate)

    def _apply_dense(self, grad, var):
        return apply_adagrad(var, self.get_slot(var, "accumulator"),
                             self._hyper("learning_rate", var.dtype), grad,
                             use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        # TF1's SparseApplyAdagrad: only the rows in grad.indices (unique) change.
        accum = self.get_slot(var, "accumulator")
        rows = gather(accum, grad.indices) + grad.values * grad.values
        step = grad.values * rsqrt(rows) * self._hyper("learning_rate", var.dtype)
        return group(scatter_update(accum, grad.indices, rows, use_locking=self._use_locking).op,
                     scatter_sub(var, grad.indices, step, use_locking=self._use_locking).op)
