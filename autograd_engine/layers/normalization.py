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
    with layer_scope(name, "batch_normalization", reuse):
        gamma = make_weight("gamma", [channels], dtype, gamma_initializer, gamma_regularizer,
                            trainable, gamma_constraint) if scale else None
        beta = make_weight("beta", [channels], dtype, beta_initializer, beta_regularizer,
                           trainable, beta_constraint) if center else None
        moving_mean = make_weight("moving_mean", [channels], dtype, moving_mean_initializer,
                                  None, False)
        moving_variance = make_weight("moving_variance", [channels], dtype,
                                      moving_variance_initializer, None, False)

        def normalize(mean, variance):
            shape = lambda t: None if t is None else array_ops.reshape(t, broadcast)  # noqa: E731
            return nn_impl.batch_normalization(inputs, shape(mean), shape(variance), shape(beta),
                                               shape(gamma), epsilon)

        def update_moving_averages(mean, variance, gate=None):
            decay = 1.0 - momentum
            for var, value in ((moving_mean, mean), (moving_variance, variance)):
                if gate is not None:  # a fed `training=False` must leave the averages alone
                    value = elementwise_binary_ops.select(gate, value, var)
                with get_default_graph().name_scope("AssignMovingAvg"):
                    update = state_ops.assign_sub(var, (var - value) * decay)
                get_default_graph().add_to_collection(GraphKeys.UPDATE_OPS, update.op)

        if isinstance(training, bool) or training is None:
            if not training:
                return normalize(moving_mean, moving_variance)
            mean, variance = nn_impl.moments(inputs, reduce_axes)
            update_moving_averages(mean, variance)
            return normalize(mean, variance)
        training = convert_to_tensor(training)
        mean, variance = nn_impl.moments(inputs, reduce_axes)
        update_moving_averages(mean, variance, training)
        # a cond, as TF1's smart_cond: the output keeps the inputs' static shape
        return smart_cond(training, lambda: normalize(mean, variance),
                          lambda: normalize(moving_mean, moving_variance))
