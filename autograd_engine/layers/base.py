"""``tf.layers.Layer`` and ``InputSpec``: TF1's layer objects, which the functional
``tf.layers`` forms build and apply once.

A layer builds its Variables (``add_weight`` through ``get_variable``) the first time it is
called, in a variable scope named like the functional form (``dense``, ``dense_1``... made
unique in the current scope, or its ``name``); every later call re-enters that scope with
``reuse=True``, so one layer object applied twice shares its Variables. It records the
regularization losses of its weights and outputs (``losses``) and the update ops its calls
add to ``UPDATE_OPS`` (``updates``).

>>> import autograd_engine as tf
>>> layer = tf.layers.Dense(4, name="proj")
>>> y1 = layer.apply(tf.zeros([2, 3]))
>>> y2 = layer(tf.ones([5, 3]))
>>> [v.name for v in layer.trainable_weights]
['proj/kernel:0', 'proj/bias:0']
"""
import contextlib
import weakref

from ..framework import dtypes
from ..framework.graph import Graph, GraphKeys, get_default_graph
from ..framework.tensor_shape import TensorShape
from ..ops.array_ops import placeholder
from ..ops.constant_op import convert_to_tensor
from ..ops.variable_scope import AUTO_REUSE, get_variable, variable_scope

# Whether layers made now are Keras-style (see keras_style_scope), and per graph how often
# each Keras-style layer name was given out.
_STYLE = {"keras": False}
_KERAS_NAMES = weakref.WeakKeyDictionary()


@contextlib.contextmanager
def keras_style_scope():
    """Layers made inside are Keras-style: each layer object owns its Variables, under a name
    unique in the graph (``dense``, ``dense_1``...), whatever the enclosing variable scope's
    ``reuse``; only calling the same object again shares them.

    >>> import autograd_engine as tf
    >>> with tf.variable_scope("model", reuse=tf.AUTO_REUSE):
    ...     with tf.layers.experimental.keras_style_scope():
    ...         a, b = tf.layers.Dense(2), tf.layers.Dense(2)
    ...     _ = a(tf.zeros([1, 3])), b(tf.zeros([1, 3]))
    >>> a.kernel is b.kernel
    False
    """
    previous = _STYLE["keras"]
    _STYLE["keras"] = True
    try:
        yield
    finally:
        _STYLE["keras"] = previous


def set_keras_style():
    """Makes every layer made from now on Keras-style (see :func:`keras_style_scope`)."""
    _STYLE["keras"] = True


class InputSpec:
    """What a layer accepts: ``dtype``, a full ``shape``, or its rank (``ndim``, ``min_ndim``,
    ``max_ndim``) and the sizes of some ``axes`` ({axis: size})."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None,
                 axes=None):
        self.dtype = None if dtype is None else dtypes.as_dtype(dtype)
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim, self.min_ndim = max_ndim, min_ndim
        self.axes = dict(axes or {})

    def __repr__(self):
        parts = ["%s=%r" % (k, v) for k, v in (("dtype", self.dtype and self.dtype.name),
                                               ("shape", self.shape), ("ndim", self.ndim),
                                               ("max_ndim", self.max_ndim),
                                               ("min_ndim", self.min_ndim),
                                               ("axes", self.axes or None)) if v is not None]
        return "InputSpec(%s)" % ", ".join(parts)

    def check(self, layer_name, tensor):
        """Raises ValueError when ``tensor`` does not fit (unknown dims always fit)."""
        dims = tensor.shape.as_tuple()
        where = "Input 0 of layer %s is incompatible with the layer: " % layer_name
        if self.dtype is not None and tensor.dtype.base_dtype != self.dtype:
            raise ValueError(where + "expected dtype=%s, found dtype=%s"
                             % (self.dtype.name, tensor.dtype.name))
        if dims is None:
            return
        rank = len(dims)
        for bound, ok, word in ((self.ndim, lambda b: rank == b, "ndim"),
                                (self.min_ndim, lambda b: rank >= b, "min_ndim"),
                                (self.max_ndim, lambda b: rank <= b, "max_ndim")):
            if bound is not None and not ok(bound):
                raise ValueError(where + "expected %s=%d, found ndim=%d. Full shape received: "
                                 "%s" % (word, bound, rank, list(dims)))
        for axis, size in self.axes.items():
            got = dims[axis] if -rank <= axis < rank else None
            if size is not None and got is not None and got != size:
                raise ValueError(where + "expected axis %d of input shape to have value %d but "
                                 "received input with shape %s" % (axis, size, list(dims)))
        if self.shape is not None:
            for want, got in zip(self.shape, dims):
                if want is not None and got is not None and want != got:
                    raise ValueError(where + "expected shape=%s, found shape=%s"
                                     % (self.shape, dims))


class Layer:
    """The base of TF1's layer classes: subclasses define ``build(input_shape)`` (making
    weights with :meth:`add_weight`) and ``call(inputs, ...)``. Call a layer (or its
    :meth:`apply`) on a tensor to build it once and compute its output."""

    default_name = "layer"

    def __init__(self, trainable=True, name=None, dtype=None, activity_regularizer=None,
                 _scope=None, _reuse=None, **kwargs):
        # Keras' model-building hints; they do not change what the layer computes here
        unknown = set(kwargs) - {"input_shape", "batch_input_shape", "batch_size", "autocast"}
        if unknown:
            raise TypeError("Keyword argument not understood: %s" % ", ".join(sorted(unknown)))
        self.trainable = trainable
        self._given_name = name
        self.name = name or self.default_name
        self.dtype = None if dtype is None else dtypes.as_dtype(dtype)
        self.activity_regularizer = activity_regularizer
        self.input_spec = None
        self.built = False
        self._scope = None
        self._scope_name = _scope if _scope is not None else name
        self._reuse = _reuse
        self._trainable_weights, self._non_trainable_weights = [], []
        self._losses, self._updates = [], []
        self._keras_style = _STYLE["keras"]

    # ------------------------------------------------------------------ properties
    @property
    def scope_name(self):
        if self._scope is None:
            raise ValueError("No name available for layer scope because the layer %r has not "
                             "been used yet." % self.name)
        return self._scope.name

    @property
    def trainable_weights(self):
        return list(self._trainable_weights) if self.trainable else []

    @property
    def non_trainable_weights(self):
        if self.trainable:
            return list(self._non_trainable_weights)
        return self._trainable_weights + self._non_trainable_weights

    @property
    def weights(self):
        return self.trainable_weights + self.non_trainable_weights

    trainable_variables = property(lambda self: self.trainable_weights)
    non_trainable_variables = property(lambda self: self.non_trainable_weights)
    variables = property(lambda self: self.weights)
    losses = property(lambda self: list(self._losses))
    updates = property(lambda self: list(self._updates))

    # ------------------------------------------------------------------ building blocks
    def add_weight(self, name, shape, dtype=None, initializer=None, regularizer=None,
                   trainable=True, constraint=None, **kwargs):
        """A Variable ``<layer scope>/name`` made by ``get_variable``; its regularization
        loss (if any) joins :attr:`losses`."""
        graph = get_default_graph()
        before = len(graph.get_collection(GraphKeys.REGULARIZATION_LOSSES))
        variable = get_variable(name, shape, dtype=dtype or self.dtype or dtypes.float32,
                                initializer=initializer, regularizer=regularizer,
                                trainable=trainable and self.trainable, constraint=constraint)
        self._losses += graph.get_collection(GraphKeys.REGULARIZATION_LOSSES)[before:]
        known = self._trainable_weights + self._non_trainable_weights
        if not any(variable is v for v in known):
            (self._trainable_weights if trainable else self._non_trainable_weights).append(
                variable)
        return variable

    def add_loss(self, losses, inputs=None):
        """Adds loss tensors to :attr:`losses` and to ``REGULARIZATION_LOSSES``."""
        for loss in losses if isinstance(losses, (list, tuple)) else [losses]:
            get_default_graph().add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
            self._losses.append(loss)

    def add_update(self, updates, inputs=None):
        self._updates += list(updates) if isinstance(updates, (list, tuple)) else [updates]

    def build(self, input_shape):
        self.built = True

    def call(self, inputs, **kwargs):
        return inputs

    def compute_output_shape(self, input_shape):
        """The output's static shape for an input of ``input_shape`` (built on a placeholder
        in a scratch graph, so nothing is added to the caller's)."""
        with Graph().as_default():
            copy = type(self).__new__(type(self))
            copy.__dict__.update(self.__dict__)
            copy.built, copy._scope = False, None
            copy._trainable_weights, copy._non_trainable_weights = [], []
            copy._losses, copy._updates = [], []
            return copy(placeholder(self.dtype or dtypes.float32,
                                    TensorShape(input_shape))).shape

    # ------------------------------------------------------------------ calling
    def _enter_scope(self):
        if self._scope is None and self._keras_style:
            counts = _KERAS_NAMES.setdefault(get_default_graph(), {})
            base = self._given_name or self.default_name
            count = counts.get(base, 0)
            counts[base] = count + 1
            unique = base if count == 0 else "%s_%d" % (base, count)
            return variable_scope(unique, reuse=AUTO_REUSE)
        if self._scope is None:
            return variable_scope(self._scope_name, default_name=self.default_name,
                                  reuse=self._reuse)
        return variable_scope(self._scope, reuse=True)

    def __call__(self, inputs, *args, **kwargs):
        graph = get_default_graph()
        with self._enter_scope() as scope:
            if self._scope is None:
                self._scope = scope
                self.name = self._given_name or scope.name.rpartition("/")[2]
            tensors = convert_to_tensor(inputs) if not isinstance(inputs, (list, tuple)) \
                else inputs
            if not self.built:
                if self.input_spec is not None and not isinstance(tensors, (list, tuple)):
                    self.input_spec.check(self.name, tensors)
                if self.dtype is None and hasattr(tensors, "dtype"):
                    self.dtype = tensors.dtype.base_dtype
                self.build(tensors.shape if hasattr(tensors, "shape") else
                           [t.shape for t in tensors])
                self.built = True
            elif self.input_spec is not None and not isinstance(tensors, (list, tuple)):
                self.input_spec.check(self.name, tensors)
            before = len(graph.get_collection(GraphKeys.UPDATE_OPS))
            outputs = self.call(tensors, *args, **kwargs)
            self._updates += graph.get_collection(GraphKeys.UPDATE_OPS)[before:]
            if self.activity_regularizer is not None:
                with graph.name_scope("ActivityRegularizer"):
                    self.add_loss(self.activity_regularizer(outputs))
        return outputs

    def apply(self, inputs, *args, **kwargs):
        """The same as calling the layer."""
        return self.__call__(inputs, *args, **kwargs)

    def get_config(self):
        return {"name": self.name, "trainable": self.trainable,
                "dtype": None if self.dtype is None else self.dtype.name}


__all__ = ["InputSpec", "Layer"]
