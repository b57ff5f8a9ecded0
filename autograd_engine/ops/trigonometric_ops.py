"""TF1's trigonometric and hyperbolic functions, their inverses and atan2, elementwise, each
with TF1's gradient: one registration each in the unary and binary families of :mod:`math_ops`.

Their conformance samples compare each op with its ``math`` counterpart applied to each element
(:func:`~.op_samples.by_element`).
"""
import math

import numpy as np

from .elementwise_unary_ops import cos, reciprocal, rsqrt, square
from .op_families import define_binary, define_unary
from .op_samples import (BROADCAST_SHAPES, OpSample, away_from_zero, by_element, normal,
                         unary_samples, uniform_in)
from .registry import get_op_def


_tan = define_unary("Tan", lambda xp: xp.tan, lambda x, y, g: g * square(reciprocal(cos(x))))
_asin = define_unary("Asin", lambda xp: xp.arcsin, lambda x, y, g: g * rsqrt(1 - square(x)))
_acos = define_unary("Acos", lambda xp: xp.arccos, lambda x, y, g: -g * rsqrt(1 - square(x)))
_atan = define_unary("Atan", lambda xp: xp.arctan, lambda x, y, g: g * reciprocal(1 + square(x)))
_sinh = define_unary("Sinh", lambda xp: xp.sinh, lambda x, y, g: g * cosh(x))
_cosh = define_unary("Cosh", lambda xp: xp.cosh, lambda x, y, g: g * sinh(x))
# TF1 writes these two in the output y: d asinh = 1 / cosh(asinh x), d acosh = 1 / sinh(acosh x).
_asinh = define_unary("Asinh", lambda xp: xp.arcsinh, lambda x, y, g: g / cosh(y))
_acosh = define_unary("Acosh", lambda xp: xp.arccosh, lambda x, y, g: g / sinh(y))
_atanh = define_unary("Atanh", lambda xp: xp.arctanh, lambda x, y, g: g * reciprocal(1 - square(x)))

# Samples: values inside each domain, away from poles (tan) and branch points; edge values up to
# what the ``math`` function takes without raising (sinh and cosh overflow beyond 710).
for _type_name, _apply, _values, _function, _edges in (
        ("Tan", _tan, uniform_in(-1.2, 1.2), math.tan, [-1.5, -0.0, 1e-300, 1.5, 100.0]),
        ("Asin", _asin, uniform_in(-0.9, 0.9), math.asin, [-1.0, -1e-300, 0.0, 1.0]),
        ("Acos", _acos, uniform_in(-0.9, 0.9), math.acos, [-1.0, -1e-300, 0.0, 1.0]),
        ("Atan", _atan, normal, math.atan, [-1e300, -1.0, 0.0, 1e-300, 1e300]),
        ("Sinh", _sinh, normal, math.sinh, [-700.0, -1e-300, 0.0, 20.0, 700.0]),
        ("Cosh", _cosh, normal, math.cosh, [-700.0, -1e-300, 0.0, 20.0, 700.0]),
        ("Asinh", _asinh, normal, math.asinh, [-1e300, -1e-300, 0.0, 1.0, 1e300]),
        ("Acosh", _acosh, uniform_in(1.2, 3.0), math.acosh, [1.0, 1.0 + 1e-15, 1e300]),
        ("Atanh", _atanh, uniform_in(-0.9, 0.9), math.atanh, [-0.999999, -1e-300, 0.0, 0.5])):
    get_op_def(_type_name).samples = unary_samples(_apply, _values, by_element(_function), _edges)


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


_atan2 = define_binary("Atan2", lambda xp: xp.arctan2, _atan2_grad, allowed=lambda d: d.is_floating)


def _atan2_samples(rng):
    """Broadcasting pairs off both axes (atan2 is discontinuous along the negative x axis), and
    the signed zeros and axes in float32."""
    reference = by_element(math.atan2)
    checked = [OpSample(_atan2, away_from_zero(rng, *y_shape), away_from_zero(rng, *x_shape),
                        reference=reference, second_order=True)
               for y_shape, x_shape in BROADCAST_SHAPES[2:]]
    signs = OpSample(_atan2, np.float32([0.0, -0.0, 1.0, -1.0, 0.0, -0.0]),
                     np.float32([-1.0, -1.0, 0.0, 0.0, 0.0, 2.0]), reference=reference, grad=())
    return checked + [signs]


get_op_def("Atan2").samples = _atan2_samples


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
