"""TF1's older scope spellings and local-Variable helpers: ``tf.op_scope``,
``tf.variable_op_scope`` (the ``values`` argument first), ``tf.get_local_variable`` and
``tf.no_regularizer``.

>>> import autograd_engine as tf
>>> v = tf.get_local_variable("steps", [], initializer=tf.zeros_initializer())
>>> v in tf.local_variables(), v in tf.global_variables()
(True, False)
"""
from ..framework.graph import GraphKeys, get_collection, name_scope
from .variable_scope import get_variable, variable_scope


def op_scope(values, name, default_name=None):
    """``tf.name_scope(name, default_name, values)`` with the arguments in TF1's old order."""
    return name_scope(name, default_name, values)


def variable_op_scope(values, name_or_scope, default_name=None, **kwargs):
    """``tf.variable_scope(name_or_scope, default_name, values, ...)`` in the old order."""
    return variable_scope(name_or_scope, default_name=default_name, values=values, **kwargs)


def get_local_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                       trainable=False, collections=None, caching_device=None,
                       partitioner=None, validate_shape=True, use_resource=None,
                       custom_getter=None, constraint=None, synchronization=None,
                       aggregation=None):
    """``get_variable`` of a Variable in LOCAL_VARIABLES (not GLOBAL_VARIABLES), not
    trainable: what ``tf.local_variables_initializer()`` initializes."""
    collections = list(collections or []) + [GraphKeys.LOCAL_VARIABLES]
    return get_variable(name, shape, dtype=dtype, initializer=initializer,
                        regularizer=regularizer, trainable=False, collections=collections,
                        validate_shape=validate_shape, constraint=constraint)


def no_regularizer(_):
    """The regularizer that adds no loss (to turn a scope's regularizer off for a Variable)."""
    return None


def colocate_with(op, ignore_existing=False):
    """Ops built inside are placed on ``op``'s device (a Tensor or Variable stands for its op).
    """
    target = op.op if hasattr(op, "op") else op
    return target.graph.device(target.device or "")


def moving_average_variables(scope=None):
    """The MOVING_AVERAGE_VARIABLES collection (what ExponentialMovingAverage tracks)."""
    return get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, scope)
