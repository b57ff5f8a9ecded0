"""``tf.train.MomentumOptimizer``: ``accum = momentum * accum + grad; var -= lr * accum``."""
from ..ops.control_flow_ops import group
from ..ops.gather_ops import gather
from ..ops.scatter_ops import scatter_sub, scatter_update
from .optimizer import Optimizer
from .training_ops import apply_momentum


class MomentumOptimizer(Optimizer):
    """Gradient descent with momentum (slot ``"momentum"``, named ``<var>/Momentum``). With
    ``use_nesterov=True``: ``var -= lr * grad + lr * momentum * accum``.

    >>> import autograd_engine as tf
    >>> tf.reset_default_graph()
    >>> w = tf.Variable(1.0, name="w")
    >>> opt = tf.train.MomentumOptimizer(0.1, momentum=0.9, use_nesterov=True)
    >>> _ = opt.minimize(w * w)
    >>> opt.get_slot(w, "momentum").name
    'w/Momentum:0'
    """

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum",
                 use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = use_nesterov

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        self._prepare_hyper(learning_rate=self._learning_rate, momentum=self._momentum)

    def _apply_dense(self, grad, var):
        return apply_momentum(var, self.get_slot(var, "momentum"),
                              self._hyper("learning_rate", var.dtype), grad,
                              self._hyper("momentum", var.dtype),
                              use_locking=self._use_locking, use_nesterov=self._use_nesterov)

    def _apply_sparse(self, grad, var):
        # TF1's SparseApplyMomentum: only the rows in grad.indices (unique) change.
        lr, momentum = self._hyper("learning_rate", var.dtype), self._hyper("momentum", var.dtype)
        accum = self.get_slot(var, "momentum")
        rows = gather(accum, grad.indices) * momentum + grad.values
        step = (grad.values + rows * momentum if self._use_nesterov else rows) * lr
        return group(scatter_update(accum, grad.indices, rows, use_locking=self._use_locking).op,
                     scatter_sub(var, grad.indices, step, use_locking=self._use_locking).op)
