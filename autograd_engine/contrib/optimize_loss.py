"""``tf.contrib.layers.optimize_loss``: a training op from a loss, an optimizer given by name,
class, instance or factory, with optional gradient clipping, noise, multipliers, a learning-rate
schedule and summaries; the UPDATE_OPS (batch-norm averages) run before each step.

>>> import autograd_engine as tf
>>> w = tf.Variable(3.0)
>>> step = tf.train.get_or_create_global_step()
>>> train = tf.contrib.layers.optimize_loss(w * w, step, 0.25, "SGD", summaries=[])
>>> with tf.Session() as sess:
...     sess.run(tf.global_variables_initializer())
...     loss_before = sess.run(train)  # the loss before the update
...     print(loss_before, sess.run(w), sess.run(step))
9.0 1.5 1
"""
from ..framework.graph import GraphKeys, get_default_graph
from ..framework.tensor import TensorLike
from ..ops import array_ops, random_ops
from ..ops.clip_ops import clip_by_global_norm, global_norm
from ..ops.elementwise_binary_ops import add, multiply
from ..ops.init_ops import constant_initializer
from ..ops.variable_scope import get_variable, variable_scope
from ..ops.variables import trainable_variables
from ..summary import summary_ops
from ..train import (AdagradOptimizer, AdamOptimizer, GradientDescentOptimizer,
                     MomentumOptimizer, Optimizer, RMSPropOptimizer)
from ..train.training_util import get_global_step

OPTIMIZER_CLS_NAMES = {"Adagrad": AdagradOptimizer, "Adam": AdamOptimizer,
                       "Momentum": MomentumOptimizer, "RMSProp": RMSPropOptimizer,
                       "SGD": GradientDescentOptimizer}
OPTIMIZER_SUMMARIES = ["learning_rate", "loss", "gradients", "gradient_norm",
                       "global_gradient_norm"]


def _make_optimizer(optimizer, learning_rate):
    if isinstance(optimizer, str):
        if optimizer not in OPTIMIZER_CLS_NAMES:
            raise ValueError("Optimizer name should be one of [%s], you provided %s."
                             % (", ".join(OPTIMIZER_CLS_NAMES), optimizer))
        return OPTIMIZER_CLS_NAMES[optimizer](learning_rate=learning_rate)
    if isinstance(optimizer, type) and issubclass(optimizer, Optimizer):
        return optimizer(learning_rate=learning_rate)
    if isinstance(optimizer, Optimizer):
        return optimizer
    if callable(optimizer):
        made = optimizer(learning_rate) if learning_rate is not None else optimizer()
        if not isinstance(made, Optimizer):
            raise ValueError("Unrecognized optimizer: function should return subclass of "
                             "Optimizer. Got %s." % (made,))
        return made
    raise ValueError("Unrecognized optimizer: should be string, subclass of Optimizer, instance"
                     " of subclass of Optimizer or function with one argument. Got %s."
                     % (optimizer,))


def _noisy(gradients, scale):
    """Gaussian noise of stddev ``scale`` added to each gradient."""
    return [(None if g is None else add(g, random_ops.random_normal(array_ops.shape(g),
                                                                    stddev=scale)), v)
            for g, v in gradients]


def _multiplied(gradients, multipliers):
    """Each gradient times its Variable's multiplier (keyed by Variable or by name)."""
    def factor(variable):
        for key in (variable, variable.name, variable.op.name):
            if key in multipliers:
                return multipliers[key]
        return None
    return [(g if g is None or factor(v) is None else multiply(g, factor(v)), v)
            for g, v in gradients]


def optimize_loss(loss, global_step, learning_rate, optimizer, gradient_noise_scale=None,
                  gradient_multipliers=None, clip_gradients=None, learning_rate_decay_fn=None,
                  update_ops=None, variables=None, name=None, summaries=None,
                  colocate_gradients_with_ops=False, increment_global_step=True):
    """The loss, fetched after one optimizer step on ``variables`` (default: the trainable
    ones). ``optimizer``: a name of ``OPTIMIZER_CLS_NAMES``, an Optimizer class, instance or a
    function of the learning rate. A float ``learning_rate`` becomes the Variable
    ``OptimizeLoss/learning_rate``; ``learning_rate_decay_fn(lr, global_step)`` schedules it.
    ``clip_gradients``: a float (global-norm clipping) or a function of the (gradient,
    Variable) list. ``summaries`` defaults to loss, learning_rate and global_gradient_norm."""
    graph = get_default_graph()
    global_step = get_global_step() if global_step is None else global_step
    summaries = ["loss", "learning_rate", "global_gradient_norm"] if summaries is None \
        else summaries
    for summary in summaries:
        if summary not in OPTIMIZER_SUMMARIES:
            raise ValueError("Summaries should be one of [%s], you provided %s."
                             % (", ".join(OPTIMIZER_SUMMARIES), summary))
    with variable_scope(name, default_name="OptimizeLoss"):
        update_ops = graph.get_collection(GraphKeys.UPDATE_OPS) if update_ops is None \
            else list(update_ops)
        if update_ops:
            with graph.control_dependencies(update_ops):
                loss = array_ops.identity(loss)
        lr = learning_rate
        if learning_rate is not None and not isinstance(learning_rate, TensorLike):
            lr = get_variable("learning_rate", [], trainable=False,
                              initializer=constant_initializer(learning_rate))
        if learning_rate_decay_fn is not None:
            if lr is None:
                raise ValueError("learning_rate_decay_fn needs a learning_rate")
            lr = learning_rate_decay_fn(lr, global_step)
        if lr is not None and "learning_rate" in summaries:
            summary_ops.scalar("learning_rate", lr)
        if lr is None and isinstance(optimizer, str):
            raise ValueError("Learning rate is None, but should be specified if optimizer is "
                             "string (%s)." % optimizer)
        opt = _make_optimizer(optimizer, lr)
        variables = trainable_variables() if variables is None else variables
        gradients = opt.compute_gradients(loss, variables)
        if gradient_noise_scale is not None:
            gradients = _noisy(gradients, gradient_noise_scale)
        if gradient_multipliers is not None:
            gradients = _multiplied(gradients, gradient_multipliers)
        if "global_gradient_norm" in summaries or "gradient_norm" in summaries:
            summary_ops.scalar("global_norm/gradient_norm",
                               global_norm([g for g, _ in gradients if g is not None]))
        if callable(clip_gradients):
            gradients = clip_gradients(gradients)
        elif clip_gradients is not None:
            pairs = [(g, v) for g, v in gradients if g is not None]
            clipped, _ = clip_by_global_norm([g for g, _ in pairs], clip_gradients)
            gradients = list(zip(clipped, [v for _, v in pairs]))
        if "loss" in summaries:
            summary_ops.scalar("loss", loss)
        train = opt.apply_gradients(gradients, name="train",
                                    global_step=global_step if increment_global_step else None)
        with graph.control_dependencies([train]):
            return array_ops.identity(loss, name="train_op")
