"""``tf.contrib.framework.arg_scope`` and ``add_arg_scope``: default keyword arguments for a
set of layer functions, for the calls made inside a ``with`` block.

>>> import autograd_engine as tf
>>> layers = tf.contrib.layers
>>> x = tf.placeholder(tf.float32, [None, 4])
>>> with tf.contrib.framework.arg_scope([layers.fully_connected], activation_fn=None):
...     y = layers.fully_connected(x, 3)
>>> y.op.type == "Relu"  # the scope's activation_fn=None, not fully_connected's ReLU
False
"""
import contextlib
import functools
import threading

_STACK = threading.local()


def _current():
    stack = getattr(_STACK, "scopes", None)
    if stack is None:
        stack = _STACK.scopes = [{}]
    return stack


def arg_scope_func_key(op):
    """The key an ``add_arg_scope`` function is known by in a scope."""
    return getattr(op, "arg_scope_key", None) or (op.__module__, op.__name__)


def has_arg_scope(func):
    return getattr(func, "arg_scope_key", None) is not None


def current_arg_scope():
    """The innermost scope: {function key: {argument: value}}; ``arg_scope`` re-enters it."""
    return _current()[-1]


@contextlib.contextmanager
def arg_scope(list_ops_or_scope, **kwargs):
    """Inside the block, calls of the listed ``add_arg_scope`` functions get ``kwargs`` as
    defaults (arguments given in the call win; nested scopes add to and override outer ones).
    Given a scope yielded by an earlier ``arg_scope`` (and no kwargs), re-enters that scope."""
    stack = _current()
    if isinstance(list_ops_or_scope, dict):
        if kwargs:
            raise ValueError("When attempting to re-use a scope by suppling a dictionary, "
                             "kwargs must be empty.")
        scope = dict(list_ops_or_scope)
    else:
        if not isinstance(list_ops_or_scope, (list, tuple)):
            raise TypeError("list_ops_or_scope must either be a list/tuple or reused scope "
                            "(i.e. dict)")
        scope = dict(stack[-1])
        for op in list_ops_or_scope:
            if not has_arg_scope(op):
                raise ValueError("%s is not decorated with @add_arg_scope"
                                 % getattr(op, "__name__", op))
            key = arg_scope_func_key(op)
            scope[key] = {**scope.get(key, {}), **kwargs}
    stack.append(scope)
    try:
        yield scope
    finally:
        stack.pop()


def add_arg_scope(func):
    """Decorates ``func`` so that ``arg_scope`` can supply its keyword arguments."""
    key = (func.__module__, func.__name__)

    @functools.wraps(func)
    def with_scope_defaults(*args, **kwargs):
        defaults = current_arg_scope().get(key)
        if defaults:
            kwargs = {**defaults, **kwargs}
        return func(*args, **kwargs)
    with_scope_defaults.arg_scope_key = key
    return with_scope_defaults
