"""``tf.math.special``: the special functions TF groups there (Bessel functions of the first,
second and modified kinds, Dawson's, the exponential, Fresnel and Spence integrals), the same
functions as their ``tf.math`` spellings where both exist (issue 20, i20c).

>>> import autograd_engine as tf
>>> tf.math.special.bessel_i0 is tf.math.bessel_i0
True
"""
from ..ops.special_bessel_ops import (bessel_j0, bessel_j1, bessel_k0, bessel_k0e, bessel_k1,
                                      bessel_k1e, bessel_y0, bessel_y1)
from ..ops.special_integral_ops import dawsn, expint, fresnel_cos, fresnel_sin, spence
from ..ops.special_ops import bessel_i0, bessel_i0e, bessel_i1, bessel_i1e
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
