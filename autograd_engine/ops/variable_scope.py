"""``tf.variable_scope`` and ``tf.get_variable``: Variables named by scope, shared on request.

A variable scope names Variables (``layer/weights``) and carries defaults (initializer,
regularizer, reuse). Entering one also opens a name scope of the same name for the ops built
inside, so ops and Variables line up in the graph (as in TF1).
"""
import contextlib
import threading

from ..framework import dtypes
from ..framework.graph import GraphKeys, get_default_graph
from ..framework.tensor_shape import as_shape
from .init_ops import Zeros, glorot_uniform_initializer
from .variables import Variable


class _ReuseMode:
    def __repr__(self):
        return "tf.AUTO_REUSE"


AUTO_REUSE = _ReuseMode()


class VariableScope:
    """A variable scope: its ``name``, ``reuse`` mode and defaults for ``get_variable``."""

    def __init__(self, reuse, name="", initializer=None, regularizer=None, dtype=dtypes.float32,
                 name_scope=""):
        self._name = name
        self._reuse = reuse
        self._initializer = initializer
        self._regularizer = regularizer
        self._dtype = dtype
        self._name_scope = name_scope

    name = property(lambda self: self._name)
    reuse = property(lambda self: self._reuse)
    initializer = property(lambda self: self._initializer)
    regularizer = property(lambda self: self._regularizer)
    dtype = property(lambda self: self._dtype)
    original_name_scope = property(lambda self: self._name_scope)

    def reuse_variables(self):
        """From now on, ``get_variable`` in this scope returns existing Variables."""
        self._reuse = True

    def set_initializer(self, initializer):
        self._initializer = initializer

    def set_regularizer(self, regularizer):
        self._regularizer = regularizer

    def get_variable(self, name, *args, **kwargs):
        return get_variable(self._name + "/" + name if self._name else name, *args,
                            _absolute=True, **kwargs)

    def __repr__(self):
        return "<VariableScope %r reuse=%s>" % (self._name, self._reuse)


class _VariableStore:
    """Per graph: the Variables made by get_variable, the scope stack (one per thread, as in
    TF1), and how often each default scope name was used (for ``dense``, ``dense_1``...)."""

    def __init__(self):
        self.variables = {}
        self.name_counts = {}
        self._thread = threading.local()

    @property
    def scopes(self):
        """This thread's open scopes, the root scope first."""
        scopes = getattr(self._thread, "scopes", None)
        if scopes is None:
            scopes = self._thread.scopes = [VariableScope(False)]
        return scopes


_store_lock = threading.Lock()


def _store(graph=None):
    graph = graph or get_default_graph()
    store = getattr(graph, "_variable_store", None)
    if store is None:
        with _store_lock:  # threads building in a new graph at once share one store
            store = getattr(graph, "_variable_store", None)
            if store is None:
                store = graph._variable_store = _VariableStore()
    return store


def get_variable_scope():
    """The current :class:`VariableScope`."""
    return _store().scopes[-1]


@contextlib.contextmanager
def variable_scope(name_or_scope, default_name=None, values=None, initializer=None,
                   regularizer=None, caching_device=None, partitioner=None, custom_getter=None,
                   reuse=None, dtype=None, use_resource=None, constraint=None,
                   auxiliary_name_scope=True):
    """Opens a variable scope (and a name scope of the same name).

    ``reuse=True`` makes ``get_variable`` return existing Variables (an error if missing);
    ``tf.AUTO_REUSE`` creates them the first time and reuses them after. Reuse is inherited by
    nested scopes. With ``name_or_scope=None``, ``default_name`` is made unique (``dense``,
    ``dense_1``).

    >>> import autograd_engine as tf
    >>> with tf.variable_scope("layer"):
    ...     w = tf.get_variable("w", [2, 3])
    >>> w.name
    'layer/w:0'
    """
    if name_or_scope is None and default_name is None:
        raise TypeError("If default_name is None then name_or_scope is required")
    graph = get_default_graph()
    store = _store(graph)
    parent = store.scopes[-1]
    if isinstance(name_or_scope, VariableScope):
        full_name = name_or_scope.name
        name_scope_name = name_or_scope.original_name_scope or full_name + "/"
        inherited = name_or_scope
    else:
        if name_or_scope is None:
            base = (parent.name + "/" if parent.name else "") + default_name
            count = store.name_counts.get(base, 0)
            store.name_counts[base] = count + 1
            relative = default_name if count == 0 else "%s_%d" % (default_name, count)
        else:
            relative = name_or_scope
            base = (parent.name + "/" if parent.name else "") + relative
            store.name_counts[base] = store.name_counts.get(base, 0) + 1
        full_name = (parent.name + "/" if parent.name else "") + relative
        name_scope_name = relative
        inherited = parent
    # Entering a scope restarts the numbering of the default-named scopes inside it (TF1's
    # close_variable_subscopes): a model function called again under the same scope with
    # reuse=True names its layers conv2d, conv2d_1... again, and so finds their Variables.
    for key in store.name_counts:
        if key.startswith(full_name + "/"):
            store.name_counts[key] = 0
    if not reuse:  # None and False both inherit (TF1 cannot switch reuse back off)
        own = name_or_scope.reuse if isinstance(name_or_scope, VariableScope) else None
        reuse = own or parent.reuse
    scope = VariableScope(
        reuse, full_name,
        initializer if initializer is not None else inherited.initializer,
        regularizer if regularizer is not None else inherited.regularizer,
        dtypes.as_dtype(dtype) if dtype is not None else inherited.dtype)
    with (graph.name_scope(name_scope_name) if auxiliary_name_scope else contextlib.nullcontext("")) as ns:
        scope._name_scope = ns
        store.scopes.append(scope)
        try:
            yield scope
        finally:
            store.scopes.pop()


def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                 trainable=None, collections=None, caching_device=None, partitioner=None,
                 validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                 synchronization=None, aggregation=None, _absolute=False):
    """Gets the Variable ``<scope>/name``, creating it unless the scope reuses Variables.

    The initializer defaults to the scope's, else Glorot-uniform for floats and zeros
    otherwise (TF1's defaults). ``initializer`` may also be a tensor or a numpy value (then
    ``shape`` comes from it).
    """
    scope = get_variable_scope()
    store = _store()
    full_name = name if _absolute or not scope.name else scope.name + "/" + name
    dtype_given = dtype is not None
    dtype = dtypes.as_dtype(dtype) if dtype_given else scope.dtype
    existing = store.variables.get(full_name)
    if existing is not None:
        if not scope.reuse:
            where = existing.op.location
            raise ValueError(
                "Variable %s already exists, disallowed. Did you mean to set reuse=True or "
                "reuse=tf.AUTO_REUSE in VarScope?%s"
                % (full_name, "" if where is None else " Originally defined at: %s" % where))
        if shape is not None and not as_shape(shape).is_compatible_with(existing.shape):
            raise ValueError("Trying to share variable %s, but specified shape %s and found "
                             "shape %s." % (full_name, as_shape(shape), existing.shape))
        if dtype_given and dtype != existing.dtype:
            raise ValueError("Trying to share variable %s, but specified dtype %s and found "
                             "dtype %s." % (full_name, dtype.name, existing.dtype.name))
        return existing
    if scope.reuse is True:
        raise ValueError("Variable %s does not exist, or was not created with tf.get_variable(). "
                         "Did you mean to set reuse=tf.AUTO_REUSE in VarScope?" % full_name)
    initializer = initializer if initializer is not None else scope.initializer
    if initializer is None:
        initializer = glorot_uniform_initializer() if dtype.is_floating else Zeros()
    if isinstance(initializer, type):
        initializer = initializer()
    if callable(initializer):
        if shape is None or not as_shape(shape).is_fully_defined():
            raise ValueError("Shape of a new variable (%s) must be fully defined, but instead "
                             "was %s." % (full_name, None if shape is None else as_shape(shape)))
        dims = as_shape(shape).as_list()
        initial_value = lambda: initializer(dims, dtype=dtype)  # noqa: E731
        value_dtype = dtype
    else:  # a tensor or a value: its shape is the Variable's
        initial_value = initializer
        value_dtype = dtype if dtype_given else None
    trainable = True if trainable is None else trainable
    graph = get_default_graph()
    with graph.name_scope(None):  # the Variable's ops are named by its full name
        variable = Variable(initial_value, trainable=trainable, collections=collections,
                            validate_shape=validate_shape, name=full_name + "/", dtype=value_dtype,
                            constraint=constraint)
    store.variables[full_name] = variable
    regularizer = regularizer if regularizer is not None else scope.regularizer
    if regularizer is not None:
        with graph.name_scope(full_name + "/Regularizer/"):
            loss = regularizer(variable)
        if loss is not None:
            graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
    return variable
