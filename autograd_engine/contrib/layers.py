"""``tf.contrib.layers``: flatten, fully_connected and the regularizers."""
from ..framework import dtypes
from ..layers import dense as _dense
from ..layers import flatten  # noqa: F401
from ..ops import elementwise_unary_ops
from ..ops.elementwise_binary_ops import multiply
from ..ops.embedding_ops import safe_embedding_lookup_sparse
from ..ops.elementwise_unary_ops import relu
from ..ops.reduction_ops import reduce_sum
from ..ops.init_ops import glorot_normal_initializer, glorot_uniform_initializer
from ..ops.losses import l2_regularizer


def l1_regularizer(scale, scope=None):
    """A regularizer ``scale * sum(|w|)``."""
    if scale < 0:
        raise ValueError("Setting a scale less than 0 on a regularizer: %g" % scale)
    if scale == 0:
        return lambda weights: None
    return lambda weights: multiply(reduce_sum(elementwise_unary_ops.abs(weights)), scale,
                                    name=scope or "l1_regularizer")


def xavier_initializer(uniform=True, seed=None, dtype=dtypes.float32):
    """Glorot/Xavier initialization (``tf.contrib.layers.xavier_initializer``): uniform in
    ``[-sqrt(6 / (fan_in + fan_out)), +...]``, or with ``uniform=False`` a truncated normal of
    variance ``2 / (fan_in + fan_out)`` (``tf.glorot_normal_initializer``).

    >>> import autograd_engine as tf
    >>> w = tf.get_variable("w", [3, 4], initializer=tf.contrib.layers.xavier_initializer())
    >>> w.shape.as_list()
    [3, 4]
    """
    make = glorot_uniform_initializer if uniform else glorot_normal_initializer
    return make(seed=seed, dtype=dtypes.as_dtype(dtype))


xavier_initializer_conv2d = xavier_initializer


def fully_connected(inputs, num_outputs, activation_fn=relu, weights_initializer=None,
                    weights_regularizer=None, biases_initializer=None, biases_regularizer=None,
                    trainable=True, scope=None, reuse=None):
    """A dense layer with a ReLU by default (``tf.contrib.layers.fully_connected``)."""
    kwargs = {} if biases_initializer is None else {"bias_initializer": biases_initializer}
    return _dense(inputs, num_outputs, activation=activation_fn,
                  kernel_initializer=weights_initializer, kernel_regularizer=weights_regularizer,
                  bias_regularizer=biases_regularizer, trainable=trainable,
                  name=scope or "fully_connected", reuse=reuse, **kwargs)


__all__ = ["flatten", "fully_connected", "l1_regularizer", "l2_regularizer", "xavier_initializer",
           "xavier_initializer_conv2d", "safe_embedding_lookup_sparse"]
