"""Keras activations by name (``Dense(64, activation="relu")``), built from ``tf.nn`` ops.

>>> from autograd_engine.keras import activations
>>> activations.get("relu").__name__, activations.get(None).__name__
('relu', 'linear')
"""
from ..ops import activation_ops, clip_ops, elementwise_unary_ops, nn_ops


def linear(x):
    """The identity: Keras's ``activation=None``."""
    return x


def relu(x):
    return elementwise_unary_ops.relu(x)


def sigmoid(x):
    return elementwise_unary_ops.sigmoid(x)


def hard_sigmoid(x):
    """Keras's piecewise-linear sigmoid: ``clip(0.2 * x + 0.5, 0, 1)``."""
    return clip_ops.clip_by_value(0.2 * x + 0.5, 0.0, 1.0)


def tanh(x):
    return elementwise_unary_ops.tanh(x)


def softmax(x, axis=-1):
    return nn_ops.softmax(x, axis=axis)


def elu(x):
    return activation_ops.elu(x)


def selu(x):
    return activation_ops.selu(x)


def softplus(x):
    return activation_ops.softplus(x)


def softsign(x):
    return activation_ops.softsign(x)


def exponential(x):
    return elementwise_unary_ops.exp(x)


_BY_NAME = {fn.__name__: fn for fn in (linear, relu, sigmoid, hard_sigmoid, tanh, softmax, elu,
                                       selu, softplus, softsign, exponential)}


def get(identifier):
    """The activation function for a name, a callable (returned as is), or None (linear).

    >>> get("nope")
    Traceback (most recent call last):
    ...
    ValueError: Unknown activation function: 'nope'. Valid names: elu, exponential, hard_sigmoid, linear, relu, selu, sigmoid, softmax, softplus, softsign, tanh
    """
    if identifier is None:
        return linear
    if callable(identifier):
        return identifier
    if isinstance(identifier, str) and identifier in _BY_NAME:
        return _BY_NAME[identifier]
    raise ValueError("Unknown activation function: %r. Valid names: %s"
                     % (identifier, ", ".join(sorted(_BY_NAME))))


def serialize(activation):
    """The name of an activation function (for summaries and configs)."""
    return getattr(activation, "__name__", repr(activation))
