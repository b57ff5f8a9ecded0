"""``tf.layers`` dense, flatten and dropout: Variables made through ``get_variable`` under a
unique variable scope per layer (``dense``, ``dense_1``...), as TF1 names them."""
import numpy as np

from ..framework.graph import get_default_graph
from ..ops import array_ops, nn_impl
from ..ops.constant_op import convert_to_tensor
from ..ops.control_flow_ops import smart_cond
from ..ops.init_ops import Zeros
from ..ops.matmul_ops import matmul
from ..ops.variable_scope import get_variable, variable_scope


def layer_scope(name, default_name, reuse):
    """The variable scope (and name scope) a layer builds in."""
    return variable_scope(name, default_name=default_name, reuse=reuse)


def make_weight(name, shape, dtype, initializer, regularizer, trainable, constraint=None):
    return get_variable(name, shape, dtype=dtype, initializer=initializer,
                        regularizer=regularizer, trainable=trainable, constraint=constraint)


def activate(outputs, activation):
    return outputs if activation is None else activation(outputs)


def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=Zeros(), kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
          trainable=True, name=None, reuse=None):
    """A fully connected layer: ``activation(inputs @ kernel + bias)``.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 784])
    >>> tf.layers.dense(x, 10).shape.as_list()
    [None, 10]
    """
    inputs = convert_to_tensor(inputs)
    dims = inputs.shape.as_tuple()
    if dims is None or dims[-1] is None:
        raise ValueError("The last dimension of the inputs to `Dense` should be defined. "
                         "Found `None`.")
    with layer_scope(name, "dense", reuse):
        kernel = make_weight("kernel", [dims[-1], units], inputs.dtype, kernel_initializer,
                             kernel_regularizer, trainable, kernel_constraint)
        if len(dims) > 2:
            flat = array_ops.reshape(inputs, [-1, dims[-1]])
            out_shape = [d if d is not None else -1 for d in dims[:-1]] + [units]
            if list(dims[:-1]).count(None) > 1:
                raise ValueError("dense on inputs with several unknown dimensions is not "
                                 "supported; reshape them first")
            outputs = array_ops.reshape(matmul(flat, kernel), out_shape, name="Tensordot")
        else:
            outputs = matmul(inputs, kernel, name="MatMul")
        if use_bias:
            bias = make_weight("bias", [units], inputs.dtype, bias_initializer, bias_regularizer,
                               trainable, bias_constraint)
            outputs = nn_impl.bias_add(outputs, bias)
        return activate(outputs, activation)


def flatten(inputs, name=None, data_format="channels_last"):
    """Flattens all but the batch dimension."""
    inputs = convert_to_tensor(inputs)
    dims = inputs.shape.as_tuple()
    if dims is None or None in dims[1:]:
        raise ValueError("flatten needs the non-batch dimensions to be known, got %s"
                         % inputs.shape)
    if data_format == "channels_first" and len(dims) > 2:
        inputs = array_ops.transpose(inputs, [0] + list(range(2, len(dims))) + [1])
    with get_default_graph().name_scope(name or "flatten"):
        return array_ops.reshape(inputs, [-1, int(np.prod(dims[1:]))])


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """Dropout when ``training`` (a bool or a bool tensor), identity otherwise. A tensor
    ``training`` chooses through :func:`smart_cond`, so the output keeps the inputs' shape.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    >>> tf.layers.dropout(x, training=tf.placeholder(tf.bool)).shape.as_list()
    [None, 8, 8, 3]
    """
    inputs = convert_to_tensor(inputs)
    with get_default_graph().name_scope(name or "dropout"):
        return smart_cond(
            bool(training) if training is None else training,
            lambda: nn_impl.dropout(inputs, rate=rate, noise_shape=noise_shape, seed=seed),
            lambda: array_ops.identity(inputs))
