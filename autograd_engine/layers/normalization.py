"""``tf.layers`` batch normalization (the class and the functional form): batch statistics
when training (the moving averages' updates go to ``UPDATE_OPS``), the moving averages at
inference. ``normalize_batch`` is the same computation for ``tf.contrib.layers.batch_norm``."""
from ..framework.graph import GraphKeys, get_default_graph
from ..ops import array_ops, elementwise_binary_ops, nn_impl, state_ops
from ..ops.constant_op import convert_to_tensor
from ..ops.control_flow_ops import smart_cond
from ..ops.init_ops import Ones, Zeros
from .base import InputSpec, Layer
from .core import layer_scope, make_weight

_WEIGHTS = ("gamma", "beta", "moving_mean", "moving_variance")


def _normalized_axis(inputs, axis):
    ndims = inputs.shape.ndims
    if ndims is None:
        raise ValueError("batch_normalization needs inputs of known rank")
    axis = axis % ndims
    channels = inputs.shape.as_tuple()[axis]
    if channels is None:
        raise ValueError("The normalized axis of the inputs must be defined, got %s"
                         % inputs.shape)
    return axis, channels


def batch_norm_weights(make, channels, center, scale):
    """{name: Variable} of the four weights, ``make(name, shape, learned)`` making each;
    gamma and beta only when ``scale``/``center``."""
    wanted = {"gamma": scale, "beta": center, "moving_mean": True, "moving_variance": True}
    return {name: make(name, [channels], name in ("gamma", "beta")) if wanted[name] else None
            for name in _WEIGHTS}


def apply_batch_norm(inputs, weights, axis, momentum, epsilon, training, updates_collections):
    """Normalizes ``inputs`` over every axis but ``axis`` with ``weights`` (see
    :func:`batch_norm_weights`). The moving-average updates go to ``updates_collections``,
    or with None run with the output (TF1's contrib)."""
    ndims = inputs.shape.ndims
    reduce_axes = [i for i in range(ndims) if i != axis]
    broadcast = [inputs.shape.as_tuple()[axis] if i == axis else 1 for i in range(ndims)]
    gamma, beta = weights["gamma"], weights["beta"]
    moving_mean, moving_variance = weights["moving_mean"], weights["moving_variance"]

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


def normalize_batch(inputs, axis, momentum, epsilon, center, scale, initializers, regularizers,
                    constraints, training, trainable, scope, updates_collections):
    """Batch normalization in the variable ``scope`` (entered here), shared by
    ``tf.contrib.layers.batch_norm``. The moving-average updates go to
    ``updates_collections``, or with None run with the output (TF1's contrib)."""
    inputs = convert_to_tensor(inputs)
    axis, channels = _normalized_axis(inputs, axis)

    def make(name, shape, learned):
        return make_weight(name, shape, inputs.dtype, initializers.get(name),
                           regularizers.get(name) if learned else None,
                           trainable if learned else False, constraints.get(name))
    with scope:
        weights = batch_norm_weights(make, channels, center, scale)
        return apply_batch_norm(inputs, weights, axis, momentum, epsilon, training,
                                updates_collections)


class BatchNormalization(Layer):
    """Batch normalization over every axis but ``axis``; call it with ``training``. The
    moving averages' updates go to ``UPDATE_OPS`` and to :attr:`updates`.

    >>> import autograd_engine as tf
    >>> layer = tf.layers.BatchNormalization()
    >>> y = layer(tf.placeholder(tf.float32, [None, 4]), training=True)
    >>> len(layer.updates), [w.name for w in layer.non_trainable_weights]
    (2, ['batch_normalization/moving_mean:0', 'batch_normalization/moving_variance:0'])
    """

    default_name = "batch_normalization"

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer=Zeros(), gamma_initializer=Ones(),
                 moving_mean_initializer=Zeros(), moving_variance_initializer=Ones(),
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, renorm=False, renorm_clipping=None,
                 renorm_momentum=0.99, fused=None, trainable=True, virtual_batch_size=None,
                 adjustment=None, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        if renorm or virtual_batch_size is not None or adjustment is not None:
            raise ValueError("BatchNormalization: renorm, virtual_batch_size and adjustment "
                             "are not supported; use plain batch normalization")
        if isinstance(axis, (list, tuple)):
            if len(axis) != 1:
                raise ValueError("BatchNormalization normalizes over one axis, got %r" % (axis,))
            axis = axis[0]
        self.axis, self.momentum, self.epsilon = int(axis), momentum, epsilon
        self.center, self.scale = center, scale
        self.initializers = {"beta": beta_initializer, "gamma": gamma_initializer,
                             "moving_mean": moving_mean_initializer,
                             "moving_variance": moving_variance_initializer}
        self.regularizers = {"beta": beta_regularizer, "gamma": gamma_regularizer}
        self.constraints = {"beta": beta_constraint, "gamma": gamma_constraint}
        self.fused = fused
        self._weights = {}

    def build(self, input_shape):
        ndims = input_shape.ndims
        if ndims is None:
            raise ValueError("batch_normalization needs inputs of known rank")
        axis = self.axis % ndims
        channels = input_shape.as_tuple()[axis]
        if channels is None:
            raise ValueError("The normalized axis of the inputs must be defined, got %s"
                             % input_shape)
        self.input_spec = InputSpec(ndim=ndims, axes={axis: channels})

        def make(name, shape, learned):
            return self.add_weight(name, shape, None, self.initializers[name],
                                   self.regularizers.get(name), learned,
                                   self.constraints.get(name))
        self._weights = batch_norm_weights(make, channels, self.center, self.scale)
        for name, variable in self._weights.items():
            setattr(self, name, variable)

    def call(self, inputs, training=False):
        axis, _ = _normalized_axis(inputs, self.axis)
        return apply_batch_norm(inputs, self._weights, axis, self.momentum, self.epsilon,
                                training, GraphKeys.UPDATE_OPS)


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
    layer = BatchNormalization(axis, momentum, epsilon, center, scale, beta_initializer,
                               gamma_initializer, moving_mean_initializer,
                               moving_variance_initializer, beta_regularizer,
                               gamma_regularizer, beta_constraint, gamma_constraint, renorm,
                               renorm_clipping, renorm_momentum, fused, trainable,
                               virtual_batch_size, adjustment, name=name, _scope=name,
                               _reuse=reuse)
    return layer.apply(inputs, training=training)


def after(updates, output):
    """``output``, made to run ``updates`` first when there are any."""
    if not updates:
        return output
    with get_default_graph().control_dependencies(updates):
        return array_ops.identity(output)


__all__ = ["BatchNormalization", "batch_normalization", "normalize_batch", "layer_scope"]
