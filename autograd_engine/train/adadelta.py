"""``tf.train.AdadeltaOptimizer`` (Zeiler, 2012)."""
from .optimizer import Optimizer
from .training_ops import apply_adadelta


class AdadeltaOptimizer(Optimizer):
    """Adadelta as TF1 computes it: ``accum = rho * accum + (1 - rho) * g^2``,
    ``update = sqrt(accum_update + epsilon) / sqrt(accum + epsilon) * g``,
    ``var -= learning_rate * update``,
    ``accum_update = rho * accum_update + (1 - rho) * update^2``. Slots ``"accum"`` and
    ``"accum_update"`` (``<var>/Adadelta``, ``<var>/Adadelta_1``).

    >>> import autograd_engine as tf
    >>> tf.reset_default_graph()
    >>> w = tf.Variable(1.0, name="w")
    >>> opt = tf.train.AdadeltaOptimizer(1.0)
    >>> _ = opt.minimize(w * w)
    >>> opt.get_slot(w, "accum_update").name
    'w/Adadelta_1:0'
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-08, use_locking=False,
                 name="Adadelta"):
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._rho = rho
        self._epsilon = epsilon

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "accum", self._name)
            self._zeros_slot(v, "accum_update", self._name)

    def _prepare(self):
        self._prepare_hyper(lr=self._lr, rho=self._rho, epsilon=self._epsilon)

    def _apply_dense(self, grad, var):
        dtype = var.dtype
        return apply_adadelta(var, self.get_slot(var, "accum"), self.get_slot(var, "accum_update"),
                              self._hyper("lr", dtype), self._hyper("rho", dtype),
                              self._hyper("epsilon", dtype), grad,
                              use_locking=self._use_locking)
