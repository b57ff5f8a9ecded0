"""``tf.layers.batch_normalization``: batch statistics when training (the moving averages'
updates go to ``UPDATE_OPS``), the moving averages at inference."""
from ..framework.graph import GraphKeys, get_default_graph
from ..ops import array_ops, elementwise_binary_ops, nn_impl, state_ops
from ..ops.constant_op import convert_to_tensor
from ..ops.control_flow_ops import smart_cond
from ..ops.init_ops import Ones, Zeros
from .core import layer_scope, make_weight


def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                        beta_initializer=Zeros(), gamma_initializer=Ones(),
                        moving_mean_initializer=Zeros(), moving_variance_initializer=Ones(),
                        beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                        gamma_constraint=None, training=False, trainable=True, name=None,
                        reuse=None, renorm=False, renorm_clipping=None, renorm_momentum=0.99,
                        fused=None, virtual_batch_size=None, adjustment=None):
    """Normalizes over every axis but ``axis``. Remember to run the ``UPDATE_OPS`` with the
    training step (``with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS))``).

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 4])
    >>> tf.layers.batch_normalization(x, training=True).shape.as_list()
    [None, 4]
    """
    return normalize_batch(
        inputs, axis, momentum, epsilon, center, scale,
        {"beta": beta_initializer, "gamma": gamma_initializer,
         "moving_mean": moving_mean_initializer, "moving_variance": moving_variance_initializer},
        {"beta": beta_regularizer, "gamma": gamma_regularizer},
        {"beta": beta_constraint, "gamma": gamma_constraint}, training, trainable,
        layer_scope(name, "batch_normalization", reuse), GraphKeys.UPDATE_OPS)


def normalize_batch(inputs, axis, momentum, epsilon, center, scale, initializers, regularizers,
                    constraints, training, trainable, scope, updates_collections):
    """Batch normalization in the variable ``scope`` (entered here), shared by
    ``tf.layers.batch_normalization`` and ``tf.contrib.layers.batch_norm``. The moving-average
    updates go to ``updates_collections``, or with None run with the output (TF1's contrib)."""
    inputs = convert_to_tensor(inputs)
    ndims = inputs.shape.ndims
    if ndims is None:
        raise ValueError("batch_normalization needs inputs of known rank")
    axis = axis % ndims
    channels = inputs.shape.as_tuple()[axis]
    if channels is None:
        raise ValueError("The normalized axis of the inputs must be defined, got %s" % inputs.shape)
    reduce_axes = [i for i in range(ndims) if i != axis]
    broadcast = [channels if i == axis else 1 for i in range(ndims)]
    dtype = inputs.dtype

    def weight(name, learned):
        return make_weight(name, [channels], dtype, initializers.get(name),
                           regularizers.get(name) if learned else None,
                           trainable if learned else False, constraints.get(name))
    with scope:
        gamma = weight("gamma", True) if scale else None
        beta = weight("beta", True) if center else None
        moving_mean = weight("moving_mean", False)
        moving_variance = weight("moving_variance", False)

        def normalize(mean, variance):
            shape = lambda t: None if t is None else array_ops.reshape(t, broadcast)  # noqa: E731
            return nn_impl.batch_normalization(inputs, shape(mean), shape(variance), shape(beta),
                                               shape(gamma), epsilon)

        def update_moving_averages(mean, variance, gate=None):
            decay = 1.0 - momentum
            updates = []
            for var, value in ((moving_mean, mean), (moving_variance, variance)):
                if gate is not None:  # a fed `training=False` must leave the averages alone
                    value = elementwise_binary_ops.select(gate, value, var)
                with get_default_graph().name_scope("AssignMovingAvg"):
                    updates.append(state_ops.assign_sub(var, (var - value) * decay).op)
                if updates_collections is not None:
                    get_default_graph().add_to_collection(updates_collections, updates[-1])
            return [] if updates_collections is not None else updates

        if isinstance(training, bool) or training is None:
            if not training:
                return normalize(moving_mean, moving_variance)
            mean, variance = nn_impl.moments(inputs, reduce_axes)
            in_place = update_moving_averages(mean, variance)
            return after(in_place, normalize(mean, variance))
        training = convert_to_tensor(training)
        mean, variance = nn_impl.moments(inputs, reduce_axes)
        in_place = update_moving_averages(mean, variance, training)
        # a cond, as TF1's smart_cond: the output keeps the inputs' static shape
        return after(in_place, smart_cond(training, lambda: normalize(mean, variance),
                                          lambda: normalize(moving_mean, moving_variance)))


def after(updates, output):
    """``output``, made to run ``updates`` first when there are any."""
    if not updates:
        return output
    with get_default_graph().control_dependencies(updates):
        return array_ops.identity(output)
