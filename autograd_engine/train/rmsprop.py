"""``tf.train.RMSPropOptimizer``: gradients scaled by a running root mean square."""
from .optimizer import Optimizer
from .training_ops import apply_centered_rms_prop, apply_rms_prop


class RMSPropOptimizer(Optimizer):
    """RMSProp as TF1 computes it: ``ms = decay * ms + (1 - decay) * g^2``,
    ``mom = momentum * mom + lr * g / sqrt(ms + epsilon)``, ``var -= mom``. With
    ``centered=True`` the denominator is ``sqrt(ms - mg^2 + epsilon)``, ``mg`` the running mean
    of ``g``. Slots: ``"rms"`` (starts at 1.0), ``"momentum"``, and ``"mg"`` when centered,
    named ``<var>/RMSProp``, ``<var>/RMSProp_1``, ``<var>/RMSProp_2`` in TF1's order.

    >>> import autograd_engine as tf
    >>> tf.reset_default_graph()
    >>> w = tf.Variable(1.0, name="w")
    >>> opt = tf.train.RMSPropOptimizer(0.01, centered=True)
    >>> _ = opt.minimize(w * w)
    >>> opt.get_slot_names()
    ['mg', 'momentum', 'rms']
    """

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False,
                 centered=False, name="RMSProp"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._decay = decay
        self._momentum = momentum
        self._epsilon = epsilon
        self._centered = centered

    def _create_slots(self, var_list):
        for v in var_list:
            self._filled_slot(v, 1, "rms", self._name)
            if self._centered:
                self._zeros_slot(v, "mg", self._name)
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        self._prepare_hyper(learning_rate=self._learning_rate, decay=self._decay,
                            momentum=self._momentum, epsilon=self._epsilon)

    def _apply_dense(self, grad, var):
        dtype = var.dtype
        hyper = (self._hyper("learning_rate", dtype), self._hyper("decay", dtype),
                 self._hyper("momentum", dtype), self._hyper("epsilon", dtype))
        rms, mom = self.get_slot(var, "rms"), self.get_slot(var, "momentum")
        if self._centered:
            return apply_centered_rms_prop(var, self.get_slot(var, "mg"), rms, mom, *hyper, grad,
                                           use_locking=self._use_locking)
        return apply_rms_prop(var, rms, mom, *hyper, grad, use_locking=self._use_locking)
