"""``tf.contrib.opt``: LazyAdamOptimizer, Adam whose sparse updates touch only the rows of the
gradient (its cost follows the batch, not the embedding table)."""
from ..ops.control_flow_ops import group
from ..ops.elementwise_unary_ops import sqrt
from ..ops.gather_ops import gather
from ..ops.scatter_ops import scatter_sub, scatter_update
from ..train.adam import AdamOptimizer


class LazyAdamOptimizer(AdamOptimizer):
    """Adam that, for a sparse gradient (IndexedSlices: an embedding lookup's), updates ``m``,
    ``v`` and the Variable only at the rows looked up, as tf.contrib.opt.LazyAdamOptimizer: rows
    not in the batch keep their moments instead of decaying. Dense gradients follow Adam.

    >>> import autograd_engine as tf
    >>> tf.reset_default_graph()
    >>> table = tf.Variable(tf.ones([1000, 8]))
    >>> loss = tf.reduce_sum(tf.square(tf.nn.embedding_lookup(table, [3, 7])))
    >>> train = tf.contrib.opt.LazyAdamOptimizer(0.1).minimize(loss)
    >>> with tf.Session() as sess:
    ...     sess.run(tf.global_variables_initializer()); sess.run(train)
    ...     [round(float(x), 3) for x in sess.run(table)[[2, 3], 0]]
    [1.0, 0.9]
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08,
                 use_locking=False, name="LazyAdam"):
        super().__init__(learning_rate, beta1, beta2, epsilon, use_locking, name)

    def _apply_sparse(self, grad, var):
        dtype = var.dtype
        beta1, beta2 = self._hyper("beta1", dtype), self._hyper("beta2", dtype)
        m, v, rows = self.get_slot(var, "m"), self.get_slot(var, "v"), grad.indices
        m_rows = beta1 * gather(m, rows) + (1 - beta1) * grad.values
        v_rows = beta2 * gather(v, rows) + (1 - beta2) * grad.values * grad.values
        step = self._step_size(var) * m_rows / (sqrt(v_rows) + self._hyper("epsilon", dtype))
        return group(scatter_update(m, rows, m_rows).op, scatter_update(v, rows, v_rows).op,
                     scatter_sub(var, rows, step).op)


__all__ = ["LazyAdamOptimizer"]
