"""``tf.train.AdamOptimizer``: Adam in TF1's epsilon-hat form, bias-corrected through the
non-slot Variables ``beta1_power`` and ``beta2_power``."""
from ..ops import state_ops
from ..ops.elementwise_unary_ops import cast, sqrt
from .optimizer import Optimizer
from .sparse_training_ops import sparse_apply_adam
from .training_ops import apply_adam


class AdamOptimizer(Optimizer):
    """Adam (Kingma & Ba), as TF1 computes it: at step ``t``,
    ``lr_t = learning_rate * sqrt(1 - beta2^t) / (1 - beta1^t)``,
    ``m = beta1 * m + (1 - beta1) * g``, ``v = beta2 * v + (1 - beta2) * g^2``,
    ``var -= lr_t * m / (sqrt(v) + epsilon)``. Slots ``"m"`` and ``"v"`` (``<var>/Adam``,
    ``<var>/Adam_1``); ``beta1_power``/``beta2_power`` start at ``beta1``/``beta2`` and are
    multiplied by them once per step, after every Variable's update.

    >>> import autograd_engine as tf
    >>> tf.reset_default_graph()
    >>> w = tf.Variable([1.0, 2.0], name="w")
    >>> opt = tf.train.AdamOptimizer(learning_rate=0.01)
    >>> _ = opt.minimize(tf.reduce_sum(w * w))
    >>> [v.name for v in opt.variables()]
    ['beta1_power:0', 'beta2_power:0', 'w/Adam:0', 'w/Adam_1:0']
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08,
                 use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._beta1 = beta1
        self._beta2 = beta2
        self._epsilon = epsilon

    def _get_beta_accumulators(self, graph=None):
        return (self._get_non_slot_variable("beta1_power", graph),
                self._get_non_slot_variable("beta2_power", graph))

    def _create_slots(self, var_list):
        # The powers live with the alphabetically first Variable, as in TF1.
        first_var = min(var_list, key=lambda v: v.name)
        self._create_non_slot_variable(self._beta1, "beta1_power", first_var)
        self._create_non_slot_variable(self._beta2, "beta2_power", first_var)
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _prepare(self):
        self._prepare_hyper(learning_rate=self._lr, beta1=self._beta1, beta2=self._beta2,
                            epsilon=self._epsilon)

    def _apply_dense(self, grad, var):
        beta1_power, beta2_power = self._get_beta_accumulators(var.graph)
        dtype = var.dtype
        return apply_adam(var, self.get_slot(var, "m"), self.get_slot(var, "v"),
                          cast(beta1_power, dtype), cast(beta2_power, dtype),
                          self._hyper("learning_rate", dtype), self._hyper("beta1", dtype),
                          self._hyper("beta2", dtype), self._hyper("epsilon", dtype), grad,
                          use_locking=self._use_locking)

    def _step_size(self, var):
        """``lr * sqrt(1 - beta2^t) / (1 - beta1^t)`` in ``var``'s dtype."""
        beta1_power, beta2_power = [cast(p, var.dtype)
                                    for p in self._get_beta_accumulators(var.graph)]
        return self._hyper("learning_rate", var.dtype) * sqrt(1 - beta2_power) / (1 - beta1_power)

    def _apply_sparse(self, grad, var):
        # TF1's rule: m and v decay everywhere (the cost is the table's), then the rows of the
        # gradient are added, and every row of var moves by its m / sqrt(v); one in-place
        # kernel. LazyAdam (tf.contrib.opt) updates the rows of the gradient only.
        beta1_power, beta2_power = self._get_beta_accumulators(var.graph)
        dtype = var.dtype
        return sparse_apply_adam(var, self.get_slot(var, "m"), self.get_slot(var, "v"),
                                 cast(beta1_power, dtype), cast(beta2_power, dtype),
                                 self._hyper("learning_rate", dtype), self._hyper("beta1", dtype),
                                 self._hyper("beta2", dtype), self._hyper("epsilon", dtype),
                                 grad.values, grad.indices)

    def _finish(self, update_ops, name_scope):
        # The powers advance after every update has read them.
        graph = update_ops[0].graph
        with graph.control_dependencies(update_ops):
            beta1_power, beta2_power = self._get_beta_accumulators(graph)
            update_beta1 = state_ops.assign(
                beta1_power, beta1_power * self._hyper("beta1", beta1_power.dtype),
                use_locking=self._use_locking)
            update_beta2 = state_ops.assign(
                beta2_power, beta2_power * self._hyper("beta2", beta2_power.dtype),
                use_locking=self._use_locking)
        return super()._finish(list(update_ops) + [update_beta1, update_beta2], name_scope)
