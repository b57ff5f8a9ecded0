"""``tf.make_template``: a function whose Variables are created on its first call and shared
by every later call (TF1's way of writing a network once and applying it twice).

>>> import autograd_engine as tf
>>> def affine(x):
...     w = tf.get_variable("w", [], initializer=tf.ones_initializer())
...     return x * w
>>> scale = tf.make_template("scale", affine)
>>> a, b = scale(tf.constant(2.0)), scale(tf.constant(3.0))
>>> [v.name for v in scale.variables]
['scale/w:0']
"""
import functools

from ..framework.graph import GraphKeys, get_default_graph
from .variable_scope import variable_scope


class Template:
    """Calls ``func`` in its own variable scope: the first call creates the Variables, later
    calls reuse them (a later call that would create a trainable Variable is an error)."""

    def __init__(self, name, func, create_scope_now=False, unique_name=None,
                 custom_getter=None):
        if custom_getter is not None:
            raise NotImplementedError("make_template's custom_getter_ is not supported here; "
                                      "wrap the getter into func_ instead.")
        self._func = func
        self._name = name
        self._unique_name = unique_name
        self._variable_scope = None
        self._called = False  # whether func ran once (and so made the Variables)
        if create_scope_now:
            self._open_scope()

    def _open_scope(self):
        with variable_scope(self._unique_name, default_name=self._name) as scope:
            self._variable_scope = scope

    def __call__(self, *args, **kwargs):
        if self._variable_scope is None:
            with variable_scope(self._unique_name, default_name=self._name) as scope:
                self._variable_scope, self._called = scope, True
                return self._func(*args, **kwargs)
        if not self._called:  # the scope was opened by create_scope_now_
            self._called = True
            with variable_scope(self._variable_scope):
                return self._func(*args, **kwargs)
        before = len(self.trainable_variables)
        with variable_scope(self._variable_scope, reuse=True):
            result = self._func(*args, **kwargs)
        if len(self.trainable_variables) != before:
            raise ValueError("Trainable variable created when calling a template after the "
                             "first time, perhaps you used tf.Variable when you meant "
                             "tf.get_variable: %s" % self.trainable_variables[before:])
        return result

    def _collection(self, key):
        if self._variable_scope is None:
            return []
        return get_default_graph().get_collection(key, self._variable_scope.name + "/")

    name = property(lambda self: self._name)
    variable_scope = property(lambda self: self._variable_scope)
    variable_scope_name = property(
        lambda self: None if self._variable_scope is None else self._variable_scope.name)
    variables = property(lambda self: self._collection(GraphKeys.GLOBAL_VARIABLES))
    global_variables = variables
    trainable_variables = property(lambda self: self._collection(GraphKeys.TRAINABLE_VARIABLES))
    local_variables = property(lambda self: self._collection(GraphKeys.LOCAL_VARIABLES))


def make_template(name_, func_, create_scope_now_=False, unique_name_=None,
                  custom_getter_=None, **kwargs):
    """A :class:`Template` of ``func_`` with ``kwargs`` bound; its scope is ``name_`` made
    unique (``name_``, ``name__1``...) unless ``unique_name_`` names it."""
    func = functools.partial(func_, **kwargs) if kwargs else func_
    return Template(name_, func, create_scope_now_, unique_name_, custom_getter_)


__all__ = ["Template", "make_template"]
