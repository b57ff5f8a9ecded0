"""``tf.cond`` under the compiled path: both branches are computed and the choice between
their values is a select (``jnp.where``), which XLA fuses with what reads it.

The engine's tf.cond guards the ops built in each branch by its predicate, and chooses between
the branches' values with ``Merge`` (gradients leave a branch through ``CondGradExit``). A
compiled plan runs every op, so a plan with branches is compiled only when that changes no
result: every op of the plan is lowered (no graph break: ``py_func``, random ops, Variable
updates inside a branch, any op that does not trace), and the branches' values have the same
shapes. Otherwise the plan runs as before, its untaken branch never computed
(``CompiledPlan`` falls back to its uncompiled plan when tracing fails). Values in an untaken
branch cannot leak into the result: a select passes the taken value as it is (a NaN or an
infinity in the other branch included), and its gradient is the taken branch's.
"""
import numpy as np

from . import lowering
from .lowering import NotLowerable, concrete


def _select(jnp, pred, taken, other):
    if concrete(pred):  # known while tracing (a constant predicate): no select
        return taken if bool(pred) else other
    if tuple(np.shape(taken)) != tuple(np.shape(other)):
        raise NotLowerable("its branches' values have different shapes")
    return jnp.where(pred, taken, other)


def lower_merge(op, variables, args, jnp, tracing_ctx):
    """tf.cond's output: the true branch's value where the predicate holds."""
    pred, if_true, if_false = args
    return (_select(jnp, pred, if_true, if_false),)


def lower_cond_grad_exit(op, variables, args, jnp, tracing_ctx):
    """A gradient leaving a branch: itself where the branch was taken, else zeros."""
    pred, grad, like = args
    zeros = jnp.zeros(np.shape(like), np.asarray(grad).dtype if concrete(grad) else grad.dtype)
    if op.attrs["branch"]:
        return (_select(jnp, pred, grad, zeros),)
    return (_select(jnp, pred, zeros, grad),)


lowering.OWN_LOWERINGS.update(Merge=lower_merge, CondGradExit=lower_cond_grad_exit)
