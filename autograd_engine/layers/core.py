"""``tf.layers`` Dense, Flatten and Dropout (classes and functional forms): Variables made
through ``get_variable`` under a unique variable scope per layer (``dense``, ``dense_1``...),
as TF1 names them. Each functional form builds its class and applies it once."""
import numpy as np

from ..ops import array_ops, nn_impl
from ..ops.constant_op import convert_to_tensor
from ..ops.control_flow_ops import smart_cond
from ..ops.init_ops import Zeros
from ..ops.matmul_ops import matmul
from ..ops.variable_scope import get_variable, variable_scope
from .base import InputSpec, Layer


def layer_scope(name, default_name, reuse):
    """The variable scope (and name scope) a layer builds in."""
    return variable_scope(name, default_name=default_name, reuse=reuse)


def make_weight(name, shape, dtype, initializer, regularizer, trainable, constraint=None):
    return get_variable(name, shape, dtype=dtype, initializer=initializer,
                        regularizer=regularizer, trainable=trainable, constraint=constraint)


def activate(outputs, activation):
    return outputs if activation is None else activation(outputs)


class Dense(Layer):
    """A fully connected layer: ``activation(inputs @ kernel + bias)``; inputs of rank > 2
    are multiplied along their last axis.

    >>> import autograd_engine as tf
    >>> layer = tf.layers.Dense(10, activation=tf.nn.relu)
    >>> layer.apply(tf.placeholder(tf.float32, [None, 784])).shape.as_list()
    [None, 10]
    >>> [w.shape.as_list() for w in layer.weights]
    [[784, 10], [10]]
    """

    default_name = "dense"

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=Zeros(), kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units)
        self.activation, self.use_bias = activation, use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint
        self.input_spec = InputSpec(min_ndim=2)
        self.kernel = self.bias = None

    def build(self, input_shape):
        dims = input_shape.as_tuple()
        if dims is None or dims[-1] is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. "
                             "Found `None`.")
        self.input_spec = InputSpec(min_ndim=2, axes={-1: dims[-1]})
        self.kernel = self.add_weight("kernel", [dims[-1], self.units], None,
                                      self.kernel_initializer, self.kernel_regularizer, True,
                                      self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight("bias", [self.units], None, self.bias_initializer,
                                        self.bias_regularizer, True, self.bias_constraint)

    def call(self, inputs):
        dims = inputs.shape.as_tuple()
        if len(dims) > 2:
            if list(dims[:-1]).count(None) > 1:
                raise ValueError("dense on inputs with several unknown dimensions is not "
                                 "supported; reshape them first")
            flat = array_ops.reshape(inputs, [-1, dims[-1]])
            out_shape = [d if d is not None else -1 for d in dims[:-1]] + [self.units]
            outputs = array_ops.reshape(matmul(flat, self.kernel), out_shape, name="Tensordot")
        else:
            outputs = matmul(inputs, self.kernel, name="MatMul")
        if self.use_bias:
            outputs = nn_impl.bias_add(outputs, self.bias)
        return activate(outputs, self.activation)


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
    layer = Dense(units, activation, use_bias, kernel_initializer, bias_initializer,
                  kernel_regularizer, bias_regularizer, activity_regularizer, kernel_constraint,
                  bias_constraint, trainable, name, _scope=name, _reuse=reuse)
    return layer.apply(inputs)


class Flatten(Layer):
    """Flattens all but the batch dimension (channels last first, for ``channels_first``).

    >>> import autograd_engine as tf
    >>> tf.layers.Flatten()(tf.zeros([2, 3, 4])).shape.as_list()
    [2, 12]
    """

    default_name = "flatten"

    def __init__(self, data_format="channels_last", **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs):
        dims = inputs.shape.as_tuple()
        if dims is None or None in dims[1:]:
            raise ValueError("flatten needs the non-batch dimensions to be known, got %s"
                             % inputs.shape)
        if self.data_format == "channels_first" and len(dims) > 2:
            inputs = array_ops.transpose(inputs, [0] + list(range(2, len(dims))) + [1])
        return array_ops.reshape(inputs, [-1, int(np.prod(dims[1:]))])


def flatten(inputs, name=None, data_format="channels_last"):
    """Flattens all but the batch dimension."""
    return Flatten(data_format=data_format, name=name).apply(inputs)


class Dropout(Layer):
    """Dropout when called with ``training`` (a bool or a bool tensor), identity otherwise.
    A tensor ``training`` chooses through :func:`smart_cond`, so the output keeps the inputs'
    shape.

    >>> import autograd_engine as tf
    >>> layer = tf.layers.Dropout(0.3)
    >>> layer(tf.zeros([4, 2]), training=tf.placeholder(tf.bool)).shape.as_list()
    [4, 2]
    """

    default_name = "dropout"

    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed

    def call(self, inputs, training=False):
        return smart_cond(
            bool(training) if training is None else training,
            lambda: nn_impl.dropout(inputs, rate=self.rate, noise_shape=self.noise_shape,
                                    seed=self.seed),
            lambda: array_ops.identity(inputs))


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """Dropout when ``training`` (a bool or a bool tensor), identity otherwise. A tensor
    ``training`` chooses through :func:`smart_cond`, so the output keeps the inputs' shape.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    >>> tf.layers.dropout(x, training=tf.placeholder(tf.bool)).shape.as_list()
    [None, 8, 8, 3]
    """
    return Dropout(rate, noise_shape, seed, name).apply(convert_to_tensor(inputs),
                                                        training=training)
