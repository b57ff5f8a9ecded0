"""Keras optimizers (``SGD``, ``Adam``, ``RMSprop``, ``Adagrad``), each a recipe for one of the
``tf.train`` optimizers with Keras's defaults, and optimizers by string name.

The learning rate lives in a Variable of the model's graph (``optimizer.lr`` after
``compile``), so ``LearningRateScheduler`` and ``backend.set_value`` change it between steps.
Keras's ``decay`` (``lr / (1 + decay * iterations)``), ``clipnorm`` and ``clipvalue`` are
applied with graph ops. Where Keras's update differs from TF1's, TF1's math is used:
``RMSprop`` keeps TF1's ``sqrt(ms + epsilon)`` with ``ms`` starting at 1, and ``Adagrad`` TF1's
accumulator starting at 0.1.

>>> from autograd_engine.keras import optimizers
>>> optimizers.get("adam").get_config()["lr"], optimizers.SGD(momentum=0.9).get_config()["lr"]
(0.001, 0.01)
"""
from .. import train
from ..framework import dtypes
from ..ops import clip_ops, elementwise_unary_ops
from ..ops.variables import Variable


class Optimizer:
    """The Keras-side optimizer: hyperparameters until ``compile`` hands it a graph."""

    def __init__(self, lr, decay=0.0, clipnorm=None, clipvalue=None, **kwargs):
        if "learning_rate" in kwargs:   # the newer spelling
            lr = kwargs.pop("learning_rate")
        if kwargs:
            raise TypeError("Unexpected keyword argument passed to optimizer: %s"
                            % ", ".join(sorted(kwargs)))
        self.initial_lr = float(lr)
        self.initial_decay = float(decay)
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.lr = None          # the learning-rate Variable, once compiled
        self.iterations = None  # the step counter Variable, once compiled

    def get_config(self):
        return {"lr": self.initial_lr, "decay": self.initial_decay}

    def _tf_optimizer(self, learning_rate):
        raise NotImplementedError

    def get_updates(self, loss, params):
        """The training op for ``loss`` over ``params``, in the current (the model's) graph."""
        graph = params[0].graph
        with graph.name_scope("training"):
            self.lr = Variable(self.initial_lr, name="lr", trainable=False, dtype=dtypes.float32)
            self.iterations = Variable(0, name="iterations", trainable=False,
                                       dtype=dtypes.int64)
            lr = self.lr
            if self.initial_decay > 0:
                lr = lr / (1.0 + self.initial_decay *
                           elementwise_unary_ops.cast(self.iterations, dtypes.float32))
        optimizer = self._tf_optimizer(lr)
        grads_and_vars = [(g, v) for g, v in optimizer.compute_gradients(loss, var_list=params)
                          if g is not None]
        if not grads_and_vars:
            raise ValueError("No gradients provided for any variable: the loss does not "
                             "depend on the model's trainable weights %s"
                             % [v.name for v in params])
        if self.clipnorm is not None:
            grads_and_vars = [(clip_ops.clip_by_norm(g, self.clipnorm), v)
                              for g, v in grads_and_vars]
        if self.clipvalue is not None:
            grads_and_vars = [(clip_ops.clip_by_value(g, -self.clipvalue, self.clipvalue), v)
                              for g, v in grads_and_vars]
        return optimizer.apply_gradients(grads_and_vars, global_step=self.iterations)


class SGD(Optimizer):
    """Stochastic gradient descent, with momentum and Nesterov momentum
    (``tf.train.MomentumOptimizer``) when ``momentum > 0``."""

    def __init__(self, lr=0.01, momentum=0.0, decay=0.0, nesterov=False, **kwargs):
        super().__init__(lr, decay, **kwargs)
        self.momentum = momentum
        self.nesterov = nesterov

    def get_config(self):
        return dict(super().get_config(), momentum=self.momentum, nesterov=self.nesterov)

    def _tf_optimizer(self, learning_rate):
        if self.momentum == 0 and not self.nesterov:
            return train.GradientDescentOptimizer(learning_rate, name="SGD")
        return train.MomentumOptimizer(learning_rate, self.momentum,
                                       use_nesterov=self.nesterov, name="SGD")


class Adam(Optimizer):
    """Adam (``tf.train.AdamOptimizer``, the same update as Keras's) with Keras's
    ``epsilon=1e-7``."""

    def __init__(self, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.0,
                 amsgrad=False, **kwargs):
        if amsgrad:
            raise NotImplementedError("Adam(amsgrad=True) is not supported")
        super().__init__(lr, decay, **kwargs)
        self.beta_1, self.beta_2 = beta_1, beta_2
        self.epsilon = 1e-7 if epsilon is None else epsilon

    def get_config(self):
        return dict(super().get_config(), beta_1=self.beta_1, beta_2=self.beta_2,
                    epsilon=self.epsilon)

    def _tf_optimizer(self, learning_rate):
        return train.AdamOptimizer(learning_rate, self.beta_1, self.beta_2, self.epsilon)


class RMSprop(Optimizer):
    """RMSprop (``tf.train.RMSPropOptimizer`` with ``decay=rho``, ``epsilon=1e-7``)."""

    def __init__(self, lr=0.001, rho=0.9, epsilon=None, decay=0.0, **kwargs):
        super().__init__(lr, decay, **kwargs)
        self.rho = rho
        self.epsilon = 1e-7 if epsilon is None else epsilon

    def get_config(self):
        return dict(super().get_config(), rho=self.rho, epsilon=self.epsilon)

    def _tf_optimizer(self, learning_rate):
        return train.RMSPropOptimizer(learning_rate, decay=self.rho, epsilon=self.epsilon)


class Adagrad(Optimizer):
    """Adagrad (``tf.train.AdagradOptimizer``; Keras's ``epsilon`` has no TF1 counterpart and
    is accepted for compatibility)."""

    def __init__(self, lr=0.01, epsilon=None, decay=0.0, **kwargs):
        super().__init__(lr, decay, **kwargs)
        self.epsilon = 1e-7 if epsilon is None else epsilon

    def _tf_optimizer(self, learning_rate):
        return train.AdagradOptimizer(learning_rate)


sgd, adam, rmsprop, adagrad = SGD, Adam, RMSprop, Adagrad
_BY_NAME = {"sgd": SGD, "adam": Adam, "rmsprop": RMSprop, "adagrad": Adagrad}


def get(identifier):
    """An optimizer from a name (``"adam"``, any case) or an instance (returned as is).

    >>> get("adamw")
    Traceback (most recent call last):
    ...
    ValueError: Unknown optimizer: 'adamw'. Valid names: adagrad, adam, rmsprop, sgd
    """
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str) and identifier.lower() in _BY_NAME:
        return _BY_NAME[identifier.lower()]()
    raise ValueError("Unknown optimizer: %r. Valid names: %s"
                     % (identifier, ", ".join(sorted(_BY_NAME))))
