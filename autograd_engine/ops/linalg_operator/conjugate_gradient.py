"""``tf.linalg.experimental.conjugate_gradient``: the conjugate-gradient iteration for
self-adjoint positive-definite LinearOperators, as a ``while_loop`` (so its iterations run in the
graph and stop at run time).
"""
import collections

from ...framework.graph import get_default_graph
from .. import array_ops
from ..constant_op import constant, convert_to_tensor
from ..elementwise_binary_ops import greater, less, logical_and
from ..reduction_ops import norm, reduce_any, reduce_sum
from ..while_loop import while_loop

CGState = collections.namedtuple("CGState", ["i", "x", "r", "p", "gamma"])


def conjugate_gradient(operator, rhs, preconditioner=None, x=None, tol=1e-5, max_iter=20,
                       name="conjugate_gradient"):
    """Solves ``operator @ x = rhs`` (``rhs``: ``[..., N]``) for a self-adjoint
    positive-definite ``operator``, starting from ``x`` (default zeros), until every residual
    norm is at most ``tol`` times the initial one or ``max_iter`` iterations have run.
    ``preconditioner``: a LinearOperator approximating the inverse of ``operator``. Returns
    TF's ``CGState(i, x, r, p, gamma)``: iterations run, solution, residual, search direction
    and ``r . preconditioner(r)``.

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorFullMatrix([[4.0, 1.0], [1.0, 3.0]], is_self_adjoint=True,
    ...                                         is_positive_definite=True)
    >>> state = tf.linalg.experimental.conjugate_gradient(op, [1.0, 2.0])
    >>> with tf.Session() as sess:
    ...     sess.run(state.x).astype(float).round(4).tolist()
    [0.0909, 0.6364]
    """
    if not (operator.is_self_adjoint and operator.is_positive_definite):
        raise ValueError("Expected a self-adjoint, positive definite operator.")
    with get_default_graph().name_scope(name):
        rhs = convert_to_tensor(rhs, dtype=operator.dtype)

        def dot(a, b):
            return reduce_sum(a * b, axis=-1)

        def precondition(r):
            return r if preconditioner is None else preconditioner.matvec(r)

        if x is None:
            x = array_ops.zeros_like(rhs)
            r0 = rhs
        else:
            x = convert_to_tensor(x, dtype=operator.dtype)
            r0 = rhs - operator.matvec(x)
        p0 = precondition(r0)
        tolerance = tol * norm(r0, axis=-1)

        def keep_going(i, x, r, p, gamma):
            return logical_and(less(i, max_iter), reduce_any(greater(norm(r, axis=-1),
                                                                    tolerance)))

        def step(i, x, r, p, gamma):
            z = operator.matvec(p)
            alpha = gamma / dot(p, z)
            x = x + array_ops.expand_dims(alpha, -1) * p
            r = r - array_ops.expand_dims(alpha, -1) * z
            q = precondition(r)
            new_gamma = dot(r, q)
            p = q + array_ops.expand_dims(new_gamma / gamma, -1) * p
            return i + 1, x, r, p, new_gamma

        state = while_loop(keep_going, step, [constant(0), x, r0, p0, dot(r0, p0)])
        return CGState(*state)


__all__ = ["CGState", "conjugate_gradient"]
