"""TF1's trigonometric and hyperbolic functions, their inverses and atan2, elementwise, each
with TF1's gradient: one registration each in the unary and binary families of :mod:`math_ops`.
"""
from .math_ops import _binary, _unary, cos, reciprocal, rsqrt, square


_tan = _unary("Tan", lambda xp: xp.tan, lambda x, y, g: g * square(reciprocal(cos(x))))
_asin = _unary("Asin", lambda xp: xp.arcsin, lambda x, y, g: g * rsqrt(1 - square(x)))
_acos = _unary("Acos", lambda xp: xp.arccos, lambda x, y, g: -g * rsqrt(1 - square(x)))
_atan = _unary("Atan", lambda xp: xp.arctan, lambda x, y, g: g * reciprocal(1 + square(x)))
_sinh = _unary("Sinh", lambda xp: xp.sinh, lambda x, y, g: g * cosh(x))
_cosh = _unary("Cosh", lambda xp: xp.cosh, lambda x, y, g: g * sinh(x))
# TF1 writes these two in the output y: d asinh = 1 / cosh(asinh x), d acosh = 1 / sinh(acosh x).
_asinh = _unary("Asinh", lambda xp: xp.arcsinh, lambda x, y, g: g / cosh(y))
_acosh = _unary("Acosh", lambda xp: xp.arccosh, lambda x, y, g: g / sinh(y))
_atanh = _unary("Atanh", lambda xp: xp.arctanh, lambda x, y, g: g * reciprocal(1 - square(x)))


def tan(x, name=None):
    """Elementwise tangent.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.tan(0.5))), 4)
    0.5463
    """
    return _tan(x, name=name)


def asin(x, name=None):
    """Elementwise inverse sine, in ``[-pi/2, pi/2]`` (NaN outside ``[-1, 1]``).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.asin(1.0))), 4)
    1.5708
    """
    return _asin(x, name=name)


def acos(x, name=None):
    """Elementwise inverse cosine, in ``[0, pi]`` (NaN outside ``[-1, 1]``).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.acos(-1.0))), 4)
    3.1416
    """
    return _acos(x, name=name)


def atan(x, name=None):
    """Elementwise inverse tangent, in ``(-pi/2, pi/2)``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.atan(1.0))), 4)
    0.7854
    """
    return _atan(x, name=name)


def sinh(x, name=None):
    """Elementwise hyperbolic sine.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.sinh(1.0))), 4)
    1.1752
    """
    return _sinh(x, name=name)


def cosh(x, name=None):
    """Elementwise hyperbolic cosine.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.cosh(1.0))), 4)
    1.5431
    """
    return _cosh(x, name=name)


def asinh(x, name=None):
    """Elementwise inverse hyperbolic sine.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.asinh(1.0))), 4)
    0.8814
    """
    return _asinh(x, name=name)


def acosh(x, name=None):
    """Elementwise inverse hyperbolic cosine (NaN below 1).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.acosh(2.0))), 4)
    1.317
    """
    return _acosh(x, name=name)


def atanh(x, name=None):
    """Elementwise inverse hyperbolic tangent (+-inf at +-1, NaN beyond).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.atanh(0.5))), 4)
    0.5493
    """
    return _atanh(x, name=name)


def _atan2_grad(y, x, z, g):
    scale = g / (square(x) + square(y))
    return x * scale, -y * scale


_atan2 = _binary("Atan2", lambda xp: xp.arctan2, _atan2_grad, allowed=lambda d: d.is_floating)


def atan2(y, x, name=None):
    """The angle of the point ``(x, y)`` from the positive x axis, in ``[-pi, pi]``, elementwise
    with broadcasting. Note the order: ``y`` first, as in TF1 and C.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     [round(v, 4) for v in sess.run(tf.atan2([1.0, -1.0], [-1.0, -1.0])).tolist()]
    [2.3562, -2.3562]
    """
    return _atan2(y, x, name=name)


__all__ = ["acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "cosh", "sinh", "tan"]
