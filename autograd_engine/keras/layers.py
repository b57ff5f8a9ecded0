"""Keras layers on the graph engine. A layer is a recipe until it is called on a tensor of a
model's graph; the call builds its ops there, under a name scope named after the layer (so a
diagram draws one cluster per layer), and its Variables under a variable scope of the same name
(``dense/kernel``, ``dense/bias``). Dense, Conv2D, the poolings, Flatten, Dropout and
BatchNormalization are ``tf.layers``; the recurrent layers are ``tf.nn.dynamic_rnn`` over the
``tf.nn.rnn_cell`` cells.

>>> from autograd_engine.keras import layers, models
>>> model = models.Sequential([layers.Dense(4, activation="relu", input_shape=(3,)),
...                            layers.Dense(1)])
>>> [layer.output_shape for layer in model.layers], model.count_params()
([(None, 4), (None, 1)], 21)
"""

import numpy as np

from .. import layers as tf_layers
from ..framework import dtypes
from ..ops import array_ops, elementwise_unary_ops, init_ops, rnn, rnn_cell_impl
from ..ops.elementwise_binary_ops import not_equal
from ..ops.reduction_ops import reduce_any
from ..ops.gather_ops import embedding_lookup
from ..ops.variable_scope import get_variable
from . import activations, backend
from .base_layer import Layer
from .masking import MaskedCell, with_mask_column


_INITIALIZERS = {
    "zeros": init_ops.Zeros, "ones": init_ops.Ones,
    "glorot_uniform": init_ops.glorot_uniform_initializer,
    "glorot_normal": init_ops.glorot_normal_initializer,
    "he_normal": init_ops.he_normal, "he_uniform": init_ops.he_uniform,
    "orthogonal": init_ops.Orthogonal,
    "uniform": lambda: init_ops.RandomUniform(-0.05, 0.05),
    "random_uniform": lambda: init_ops.RandomUniform(-0.05, 0.05),
    "normal": lambda: init_ops.RandomNormal(0.0, 0.05),
    "random_normal": lambda: init_ops.RandomNormal(0.0, 0.05),
    "truncated_normal": lambda: init_ops.TruncatedNormal(0.0, 0.05),
}


def initializer(identifier):
    """A TF initializer from a Keras name (``"glorot_uniform"``, ``"zeros"``...) or as is."""
    if identifier is None or not isinstance(identifier, str):
        return identifier
    if identifier not in _INITIALIZERS:
        raise ValueError("Unknown initializer: %r. Valid names: %s"
                         % (identifier, ", ".join(sorted(_INITIALIZERS))))
    return _INITIALIZERS[identifier]()


def _pair(value):
    return (value, value) if isinstance(value, int) else tuple(value)


class InputLayer(Layer):
    """The model's entry: a placeholder of shape ``(batch_size,) + input_shape``."""

    def __init__(self, input_shape=None, batch_size=None, dtype=None, input_tensor=None,
                 sparse=False, name=None, batch_input_shape=None):
        if input_tensor is not None or sparse:
            raise NotImplementedError("InputLayer(input_tensor=..., sparse=True) is not "
                                      "supported; feed arrays to fit/predict instead")
        name = name or backend.unique_name("input", zero_based=False)
        if batch_input_shape is None and input_shape is None:
            raise ValueError("An Input needs a shape: Input(shape=(784,)) (the batch dimension "
                             "is left out)")
        super().__init__(name=name, dtype=dtype, input_shape=input_shape,
                         batch_input_shape=batch_input_shape, batch_size=batch_size)

    def get_config(self):
        return {"batch_input_shape": list(self._batch_input_shape), "dtype": self.dtype.name,
                "name": self.name}

    def build_placeholder(self, graph):
        with graph.as_default():
            tensor = array_ops.placeholder(self.dtype, list(self._batch_input_shape),
                                           name=self.name)
        self._graph, self.built = graph, True
        self._inbound.append((None, tensor))
        backend.record_call(graph, self, None, tensor)
        return tensor

    @property
    def input_shape(self):
        return self.output_shape


def Input(shape=None, batch_size=None, name=None, dtype=None, sparse=False, tensor=None,
          batch_shape=None):
    """The input of a functional model: a placeholder, which the layers called on it build
    into and ``Model(inputs, outputs)`` adopts. Inputs made one after another share a graph,
    so several can feed one model; an Input made after a ``Model`` starts a new graph.

    >>> from autograd_engine.keras import layers, models
    >>> x = layers.Input(shape=(8,))
    >>> model = models.Model(x, layers.Dense(2)(x))
    >>> model.output_shape
    (None, 2)
    """
    layer = InputLayer(input_shape=shape, batch_size=batch_size, dtype=dtype,
                       input_tensor=tensor, sparse=sparse, name=name,
                       batch_input_shape=batch_shape)
    return layer.build_placeholder(backend.input_graph())


class Dense(Layer):
    """``activation(inputs @ kernel + bias)`` (``tf.layers.dense``); ``input_dim=n`` is short for
    ``input_shape=(n,)``. Parameters: ``inputs * units + units``."""

    supports_masking = True


    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 input_dim=None, **kwargs):
        if input_dim is not None and "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_dim,)
        super().__init__(**kwargs)
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self._options = dict(kernel_initializer=initializer(kernel_initializer),
                             bias_initializer=initializer(bias_initializer),
                             kernel_regularizer=kernel_regularizer,
                             bias_regularizer=bias_regularizer,
                             kernel_constraint=kernel_constraint, bias_constraint=bias_constraint)

    def call(self, inputs):
        return tf_layers.dense(inputs, self.units, activation=self.activation,
                               use_bias=self.use_bias, trainable=self.trainable, name=self.name,
                               reuse=self.built or None, **self._options)


class Activation(Layer):
    """Applies an activation by name (``Activation("softmax")``) or a callable."""

    supports_masking = True


    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def call(self, inputs):
        with self._scope():
            return self.activation(inputs)


class Dropout(Layer):
    """Zeroes a fraction ``rate`` of the inputs during ``fit`` (scaling the rest by
    ``1 / (1 - rate)``); the identity in ``predict`` and ``evaluate``."""

    supports_masking = True


    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed

    def call(self, inputs):
        return tf_layers.dropout(inputs, rate=self.rate, noise_shape=self.noise_shape,
                                 seed=self.seed, training=backend.learning_phase(inputs.graph),
                                 name=self.name)


class Flatten(Layer):
    """Flattens every dimension but the batch one."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format or "channels_last"

    def call(self, inputs):
        return tf_layers.flatten(inputs, name=self.name, data_format=self.data_format)


class Reshape(Layer):
    """Reshapes each example to ``target_shape`` (one entry may be -1)."""

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)

    def _full_target(self, inputs):
        dims = inputs.shape.as_list()[1:]
        if -1 not in self.target_shape:
            return list(self.target_shape)
        if None in dims:
            raise ValueError("Reshape with -1 needs the input's non-batch dimensions to be "
                             "known, got %s" % (inputs.shape,))
        known = int(np.prod([d for d in self.target_shape if d != -1]))
        total = int(np.prod(dims))
        if self.target_shape.count(-1) > 1 or total % known:
            raise ValueError("total size of new array must be unchanged: cannot reshape %s to %s"
                             % (tuple(dims), self.target_shape))
        return [total // known if d == -1 else d for d in self.target_shape]

    def call(self, inputs):
        with self._scope():
            return array_ops.reshape(inputs, [-1] + self._full_target(inputs))


class Conv2D(Layer):
    """A 2-D convolution (``tf.layers.conv2d``). Parameters:
    ``kernel_h * kernel_w * in_channels * filters + filters``."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.filters, self.kernel_size = int(filters), _pair(kernel_size)
        self.activation = activations.get(activation)
        self._options = dict(strides=_pair(strides), padding=padding,
                             data_format=data_format or "channels_last",
                             dilation_rate=_pair(dilation_rate), use_bias=use_bias,
                             kernel_initializer=initializer(kernel_initializer),
                             bias_initializer=initializer(bias_initializer),
                             kernel_regularizer=kernel_regularizer,
                             bias_regularizer=bias_regularizer,
                             kernel_constraint=kernel_constraint, bias_constraint=bias_constraint)

    def call(self, inputs):
        return tf_layers.conv2d(inputs, self.filters, self.kernel_size,
                                activation=self.activation, trainable=self.trainable,
                                name=self.name, reuse=self.built or None, **self._options)


class _Pooling2D(Layer):
    _pool = None

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.pool_size = _pair(pool_size)
        self.strides = self.pool_size if strides is None else _pair(strides)
        self.padding = padding
        self.data_format = data_format or "channels_last"

    def call(self, inputs):
        return type(self)._pool(inputs, self.pool_size, self.strides, padding=self.padding,
                                data_format=self.data_format, name=self.name)


class MaxPooling2D(_Pooling2D):
    """The maximum over ``pool_size`` windows (stride defaults to the pool size)."""
    _pool = staticmethod(tf_layers.max_pooling2d)


class AveragePooling2D(_Pooling2D):
    """The mean over ``pool_size`` windows (stride defaults to the pool size)."""
    _pool = staticmethod(tf_layers.average_pooling2d)


class BatchNormalization(Layer):
    """``tf.layers.batch_normalization``: batch statistics during ``fit`` (whose training step
    also runs the moving-average updates), the moving averages in ``predict``/``evaluate``.
    Parameters: ``4 * channels`` (half of them, the moving statistics, not trainable)."""

    supports_masking = True


    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self._options = dict(
            axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
            beta_initializer=initializer(beta_initializer),
            gamma_initializer=initializer(gamma_initializer),
            moving_mean_initializer=initializer(moving_mean_initializer),
            moving_variance_initializer=initializer(moving_variance_initializer),
            beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
            beta_constraint=beta_constraint, gamma_constraint=gamma_constraint)

    def call(self, inputs):
        return tf_layers.batch_normalization(
            inputs, training=backend.learning_phase(inputs.graph), trainable=self.trainable,
            name=self.name, reuse=self.built or None, **self._options)


class Embedding(Layer):
    """Rows of an ``(input_dim, output_dim)`` table for integer inputs (floats are cast, as in
    Keras); ``input_length=n`` is short for ``input_shape=(n,)``. Parameters:
    ``input_dim * output_dim``."""

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, activity_regularizer=None,
                 embeddings_constraint=None, mask_zero=False, input_length=None, **kwargs):
        if input_length is not None and "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,)
        super().__init__(**kwargs)
        self.input_dim, self.output_dim = int(input_dim), int(output_dim)
        self._initializer = initializer(embeddings_initializer)
        self._regularizer = embeddings_regularizer
        self._constraint = embeddings_constraint
        self.mask_zero = mask_zero

    def compute_mask(self, inputs, mask=None):
        """With ``mask_zero``, index 0 is padding: masked."""
        return not_equal(inputs, 0) if self.mask_zero else None

    def call(self, inputs):
        with self._scope():
            table = get_variable("embeddings", [self.input_dim, self.output_dim], self.dtype,
                                 initializer=self._initializer, regularizer=self._regularizer,
                                 trainable=self.trainable, constraint=self._constraint)
            ids = inputs if inputs.dtype in (dtypes.int32, dtypes.int64) else \
                elementwise_unary_ops.cast(inputs, dtypes.int32)
            return embedding_lookup(table, ids)


class Masking(Layer):
    """Masks the time steps whose features all equal ``mask_value`` (the layers after it skip
    them) and zeroes them in the output.

    >>> from autograd_engine.keras import layers, models
    >>> model = models.Sequential([layers.Masking(input_shape=(3, 1)), layers.SimpleRNN(2)])
    >>> model.predict([[[0.0], [0.0], [0.0]]]).tolist()   # every step masked: the initial state
    [[0.0, 0.0]]
    """

    supports_masking = True

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = mask_value

    def compute_mask(self, inputs, mask=None):
        return reduce_any(not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = elementwise_unary_ops.cast(self.compute_mask(inputs), inputs.dtype)
        return inputs * array_ops.expand_dims(keep, -1)


class _RNN(Layer):
    """A recurrent layer over ``[batch, time, features]`` inputs: ``tf.nn.dynamic_rnn`` with a
    TF1 cell; the last output, or every step's with ``return_sequences=True``."""

    def __init__(self, units, activation="tanh", return_sequences=False, **kwargs):
        super().__init__(**kwargs)
        self.units = int(units)
        self.activation = activations.get(activation)
        self.return_sequences = return_sequences

    def _cell(self):
        raise NotImplementedError

    def call(self, inputs):
        if inputs.shape.ndims != 3:
            raise ValueError("Input 0 of layer %s is incompatible with the layer: expected "
                             "ndim=3, found ndim=%s. Full shape received: %s"
                             % (self.name, inputs.shape.ndims, inputs.shape))
        if self.built:
            raise NotImplementedError("calling the recurrent layer %r a second time (shared "
                                      "weights) is not supported" % self.name)
        cell, mask = self._cell(), backend.get_mask(inputs)
        if mask is not None:
            inputs, cell = with_mask_column(inputs, mask), MaskedCell(cell)
        with self._scope():
            outputs, _ = rnn.dynamic_rnn(cell, inputs, dtype=inputs.dtype)
            return outputs if self.return_sequences else outputs[:, -1, :]

    def compute_mask(self, inputs, mask=None):
        return mask if self.return_sequences else None


class SimpleRNN(_RNN):
    """``h' = activation([x, h] @ kernel + bias)`` (``BasicRNNCell``). Parameters:
    ``units * (units + features + 1)``."""

    def _cell(self):
        return rnn_cell_impl.BasicRNNCell(self.units, activation=self.activation)


class LSTM(_RNN):
    """An LSTM with TF1's ``BasicLSTMCell`` math: one fused kernel over ``[x, h]``, gates
    ``i, j, f, o`` with sigmoid (Keras's default ``recurrent_activation`` is hard_sigmoid) and
    the forget bias of 1 added at run time (Keras's ``unit_forget_bias`` puts it in the initial
    bias instead). Parameters: ``4 * units * (units + features + 1)``, as in Keras."""

    def _cell(self):
        # Keras's tanh is the cell's own default: given as None, the cell (and dynamic_rnn over
        # it, as one LSTMSequence op) runs its fused kernels
        activation = None if self.activation is activations.tanh else self.activation
        return rnn_cell_impl.BasicLSTMCell(self.units, activation=activation)


class GRU(_RNN):
    """A GRU with TF1's ``GRUCell`` math (``h' = u * h + (1 - u) * c``, Keras's
    ``reset_after=False`` form, with the gate bias starting at 1). Parameters:
    ``3 * units * (units + features + 1)``, as in Keras."""

    def _cell(self):
        return rnn_cell_impl.GRUCell(self.units, activation=self.activation)


__all__ = ["Layer", "InputLayer", "Input", "Dense", "Activation", "Dropout", "Flatten", "Reshape",
           "Conv2D", "MaxPooling2D", "AveragePooling2D", "BatchNormalization", "Embedding", "Masking",
           "SimpleRNN", "LSTM", "GRU"]
Convolution2D, MaxPool2D, AvgPool2D = Conv2D, MaxPooling2D, AveragePooling2D


# The merge layers (several inputs, one output) live in their own module; Keras users find
# them here: keras.layers.Concatenate, keras.layers.concatenate...
from .merge import (  # noqa: E402,F401
    Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract, add, average,
    concatenate, dot, maximum, minimum, multiply, subtract)
