"""The Keras ``Layer`` base class: a recipe until called on a tensor (or, for a merge layer, a
list of tensors) of a model's graph; the call builds its ops there and records its Variables,
update ops, output mask and the call itself (how ``Model(inputs, outputs)`` finds its layers).

>>> from autograd_engine.keras import layers
>>> isinstance(layers.Dense(2), Layer)
True
"""
import functools
import inspect

import numpy as np

from ..framework import dtypes
from ..framework.graph import GraphKeys
from ..ops.constant_op import convert_to_tensor
from ..ops.variable_scope import variable_scope
from . import activations, backend


def _is_keras_activation(function):
    try:
        return activations.get(getattr(function, "__name__", None)) is function
    except ValueError:
        return False


def _recording_arguments(init):
    """``init`` that first records the arguments of the outermost constructor call (the
    layer's own class), which ``get_config`` returns: a layer's config is what made it."""
    signature = inspect.signature(init)

    @functools.wraps(init)
    def recording_init(self, *args, **kwargs):
        if "_constructor_arguments" not in self.__dict__:
            bound = signature.bind(self, *args, **kwargs)
            arguments = {k: v for k, v in bound.arguments.items() if k != "self"}
            for name, parameter in signature.parameters.items():
                if parameter.kind is parameter.VAR_KEYWORD:
                    arguments.update(arguments.pop(name, {}))
            self._constructor_arguments = arguments
        init(self, *args, **kwargs)
    return recording_init


class Layer:
    """Base class. Subclasses implement ``call(inputs)`` with graph ops; ``__call__`` runs it in
    the inputs' graph and records the Variables it made (``weights``) and the update ops it
    added (``updates``: BatchNormalization's moving averages)."""

    supports_masking = False   # whether a mask on the input passes on to the output

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "__init__" in cls.__dict__:
            cls.__init__ = _recording_arguments(cls.__dict__["__init__"])

    def get_config(self):
        """The layer's constructor arguments (with its name), from which ``from_config``
        makes the same layer; an activation function appears by name.

        >>> from autograd_engine.keras.layers import Dense
        >>> Dense(3, activation="relu", name="hidden").get_config()
        {'units': 3, 'activation': 'relu', 'name': 'hidden', 'trainable': True}
        """
        config = dict(getattr(self, "_constructor_arguments", {}))
        config.update(name=self.name, trainable=self.trainable)
        for key, value in config.items():
            if isinstance(value, dtypes.DType):
                config[key] = value.name
            elif callable(value) and _is_keras_activation(value):
                config[key] = value.__name__
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __init__(self, trainable=True, name=None, dtype=None, input_shape=None,
                 batch_input_shape=None, batch_size=None, **kwargs):
        if kwargs:
            raise TypeError("Keyword argument not understood: %s" % ", ".join(sorted(kwargs)))
        self.name = name or backend.unique_name(backend.snake_case(type(self).__name__))
        self.trainable = trainable
        self.dtype = dtypes.as_dtype(dtype or dtypes.float32)
        if batch_input_shape is not None:
            self._batch_input_shape = tuple(batch_input_shape)
        elif input_shape is not None:
            self._batch_input_shape = (batch_size,) + tuple(input_shape)
        else:
            self._batch_input_shape = None
        self.built = False
        self._graph = None
        self._weights = []
        self.updates = []
        self._inbound = []   # (input tensor, output tensor) per call

    # ------------------------------------------------------------------ calling
    def __call__(self, inputs):
        several = isinstance(inputs, (list, tuple))   # a merge layer's inputs
        inputs = [convert_to_tensor(t) for t in inputs] if several else convert_to_tensor(inputs)
        graph = backend.graph_of(inputs, "Layer %r" % self.name)
        if self._graph is not None and graph is not self._graph:
            raise ValueError("Layer %r is already part of another model (another graph); a "
                             "layer belongs to one model here: create a new layer" % self.name)
        masks = [backend.get_mask(t) for t in inputs] if several else backend.get_mask(inputs)
        with graph.as_default():
            variables_before = set(graph.get_collection(GraphKeys.GLOBAL_VARIABLES))
            updates_before = set(graph.get_collection(GraphKeys.UPDATE_OPS))
            outputs = self.call(inputs)
            backend.set_mask(outputs, self.compute_mask(inputs, masks))
            if not self.built:
                self._weights = [v for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES)
                                 if v not in variables_before]
            self.updates += [u for u in graph.get_collection(GraphKeys.UPDATE_OPS)
                             if u not in updates_before]
        self._graph, self.built = graph, True
        self._inbound.append((inputs, outputs))
        backend.record_call(graph, self, inputs, outputs)
        return outputs

    def call(self, inputs):
        raise NotImplementedError

    def compute_mask(self, inputs, mask=None):
        """The output's mask, given the input's (Keras's rule: passed on by the layers that
        support masking; an error for the others)."""
        if mask is None or self.supports_masking:
            return mask
        raise TypeError("Layer %s does not support masking, but was passed an input_mask: %s"
                        % (self.name, mask))

    def _scope(self):
        """The variable scope (and name scope) of layers that build their own ops."""
        return variable_scope(self.name, reuse=True if self.built else None)

    # ------------------------------------------------------------------ shapes and weights
    def _node(self, what):
        if not self._inbound:
            raise AttributeError("The layer %r has never been called and thus has no defined "
                                 "%s shape." % (self.name, what))
        return self._inbound[0]

    @property
    def input(self):
        return self._node("input")[0]

    @property
    def output(self):
        return self._node("output")[1]

    @property
    def input_shape(self):   # a list of shapes for a layer called on several tensors
        inputs = self.input
        if isinstance(inputs, list):
            return [tuple(t.shape.as_list()) for t in inputs]
        return tuple(inputs.shape.as_list())

    @property
    def output_shape(self):
        return tuple(self.output.shape.as_list())

    @property
    def weights(self):
        return list(self._weights)

    variables = weights

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        trainable = set(self._graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)) \
            if self._graph is not None else set()
        return [v for v in self._weights if v in trainable]

    @property
    def non_trainable_weights(self):
        trainable = set(self.trainable_weights)
        return [v for v in self._weights if v not in trainable]

    def count_params(self):
        """The number of scalars in the layer's weights (the layer must be built)."""
        if not self.built:
            raise ValueError("You tried to call `count_params` on %s, but the layer isn't built. "
                             "Build it by calling it on a tensor (or adding it to a model with "
                             "a known input shape)." % self.name)
        return int(sum(np.prod(v.shape.as_list(), dtype=np.int64) for v in self._weights))

    def get_weights(self):
        """The weights' current values (numpy arrays, in ``weights`` order)."""
        return backend.batch_get_value(self._weights)

    def set_weights(self, weights):
        """Loads a list of arrays shaped like ``get_weights()``."""
        backend.batch_set_value(self._weights, weights, "layer %r" % self.name)

    def __repr__(self):
        return "<%s name=%s>" % (type(self).__name__, self.name)
