"""``tf.train.GradientDescentOptimizer``: ``var -= learning_rate * grad``, in place."""
from ..ops.scatter_ops import scatter_sub
from .optimizer import Optimizer
from .training_ops import apply_gradient_descent


class GradientDescentOptimizer(Optimizer):
    """Plain gradient descent.

    >>> import autograd_engine as tf
    >>> opt = tf.train.GradientDescentOptimizer(learning_rate=0.5)
    >>> opt.get_name()
    'GradientDescent'
    """

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _prepare(self):
        self._prepare_hyper(learning_rate=self._learning_rate)

    def _apply_dense(self, grad, var):
        return apply_gradient_descent(var, self._hyper("learning_rate", var.dtype), grad,
                                      use_locking=self._use_locking)

    def _apply_sparse_duplicate_indices(self, grad, var):
        # Repeated rows need no summing first: scatter_sub subtracts each (TF1's rule).
        return scatter_sub(var, grad.indices, grad.values * self._hyper("learning_rate",
                                                                         var.dtype)).op
