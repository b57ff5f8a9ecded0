"""``tf.debugging.assert_shapes``: tensors' shapes against symbolic specs such as
``[(x, ("N", "Q")), (y, ("N", "D")), (b, ("D",)), (s, [])]``: each spec gives the rank and
each dimension, an int or a name that must be the same size everywhere it appears; a leading
``"..."`` (or ``"*"``) allows any number of outer dimensions. What is known while building the
graph is checked now (ValueError); the rest becomes Assert ops, grouped into the op returned.

>>> import autograd_engine as tf
>>> x = tf.placeholder(tf.float32, [None, 3])
>>> y = tf.placeholder(tf.float32, [None, 2])
>>> check = assert_shapes([(x, ("N", 3)), (y, ("N", "D"))])
>>> with tf.Session() as sess:
...     sess.run(check, {x: [[0, 0, 0]], y: [[0, 0]]})
>>> assert_shapes([(x, ("N", 4))])
Traceback (most recent call last):
ValueError: Tensor Placeholder:0 dimension 1 must have size 4. Received size 3, shape (?, 3)
"""
from ..framework.graph import get_default_graph
from . import check_ops, elementwise_binary_ops, shape_ops
from .check_ops_extra import assert_rank, assert_rank_at_least
from .constant_op import convert_to_tensor
from .control_flow_ops import group

_ELLIPSIS = ("...", "*")


def _spec_parts(spec):
    """(allows outer dimensions, the dimension specs) of one tensor's spec."""
    if isinstance(spec, str):
        spec = (spec,)
    spec = list(spec)
    outer = bool(spec) and isinstance(spec[0], str) and spec[0] in _ELLIPSIS
    dims = spec[1:] if outer else spec
    for d in dims:
        if not isinstance(d, (int, str)) or (isinstance(d, str) and d in _ELLIPSIS):
            raise ValueError("A dimension spec is an int or a name ('...' may only come "
                             "first), got %r" % (d,))
    return outer, dims


def _describe(message, text):
    return "%s%s" % (message + " " if message else "", text)


def assert_shapes(shapes, data=None, summarize=None, message=None, name=None):
    """Checks ``shapes`` (a list of ``(tensor, spec)`` pairs, or a dict) as the module
    docstring says; returns the op running the checks left for run time."""
    pairs = list(shapes.items()) if isinstance(shapes, dict) else list(shapes)
    checks, sizes = [], {}  # sizes: symbol -> (static size or None, dynamic size, where)
    with get_default_graph().name_scope(name or "assert_shapes"):
        for tensor, spec in pairs:
            x = convert_to_tensor(tensor)
            outer, dims = _spec_parts(spec)
            rank_check = assert_rank_at_least if outer else assert_rank
            checks.append(rank_check(x, len(dims), message=message))
            rank = x.shape.ndims
            dynamic_shape = shape_ops.shape(x)
            for position, want in enumerate(dims):
                # with "..." the dims are the innermost ones
                index = position - len(dims) if outer else position
                static = None
                if rank is not None:
                    static = x.shape[rank + index if index < 0 else index].value
                dynamic = dynamic_shape[index]
                where = "Tensor %s dimension %d" % (x.name, index)
                if isinstance(want, str) and want not in sizes:
                    sizes[want] = (static, dynamic, where)
                    continue
                expected, expected_dynamic, source = (want, want, None) \
                    if isinstance(want, int) else sizes[want]
                if static is not None and expected is not None:
                    if static != expected:
                        raise ValueError(_describe(message, "%s%s must have size %d. Received "
                                                   "size %d, shape %s" % (
                                                       "Specified by %s. " % source
                                                       if source else "", where, expected,
                                                       static, x.shape)))
                    continue
                checks.append(check_ops.assert_all(
                    elementwise_binary_ops.equal(dynamic, expected_dynamic),
                    [dynamic, expected_dynamic],
                    _describe(message, "%s must have size %s%s." % (
                        where, want, " (%s)" % source if source else "")), summarize, None))
        return group(*checks)


__all__ = ["assert_shapes"]
