"""``tf.math``: the names TF1.15 lists under ``tf.math`` that this engine provides, the same
functions as their top-level and ``tf.nn`` spellings. (Inside the ``api`` package, so that it
never shadows the standard library's ``math``. Here ``abs``, ``pow`` and ``round`` are TF's, not
the builtins.)

>>> import autograd_engine as tf
>>> tf.math.erf is tf.erf and tf.math.softplus is tf.nn.softplus
True
>>> with tf.Session() as sess:
...     "%.4f" % sess.run(tf.math.lgamma(4.0))  # log(3!)
'1.7918'
"""
from ..ops.cumulative_ops import cumprod, cumsum
from ..ops.elementwise_binary_ops import (add, divide, equal, floordiv, floormod,  # noqa: A004
                                          greater, greater_equal, less, less_equal, logical_and,
                                          logical_or, maximum, minimum, mod, multiply, not_equal,
                                          pow, squared_difference, subtract, truediv)
from ..ops.elementwise_unary_ops import (abs, ceil, cos, exp, expm1, floor, is_finite,  # noqa: A004
                                         is_inf, is_nan, log, log1p, logical_not, negative,
                                         reciprocal, round, rsqrt, sigmoid, sign, sin, sqrt, square,
                                         tanh)
from ..ops.gather_ops import unsorted_segment_sum
from ..ops.matmul_ops import add_n
from ..ops.nn_impl import l2_normalize
from ..ops.activation_ops import softplus, softsign
from ..ops.nn_ops import log_softmax, softmax
from ..ops.reduction_ops import (argmax, argmin, count_nonzero, reduce_all, reduce_any,
                                 reduce_logsumexp, reduce_max, reduce_mean, reduce_min, reduce_prod,
                                 reduce_sum)
from ..ops.rounding_division_ops import rint, truncatediv, truncatemod, xdivy, xlogy
from ..ops.special_math_ops import (digamma, erf, erfc, lgamma, log_sigmoid, polygamma,
                                    reduce_euclidean_norm)
from ..ops.top_k_ops import in_top_k, top_k
from ..ops.trigonometric_ops import acos, acosh, asin, asinh, atan, atan2, atanh, cosh, sinh, tan
# The segment reductions (issue 17, sparse data).
from ..ops.segment_ops import (segment_max, segment_mean, segment_min, segment_prod, segment_sum,
                               sparse_segment_mean, sparse_segment_sqrt_n, sparse_segment_sum,
                               unsorted_segment_max, unsorted_segment_mean, unsorted_segment_min,
                               unsorted_segment_prod, unsorted_segment_sqrt_n)
# issue 20 (i20b): the array/math long tail under its tf.math names.
from ..ops.array_tail import (accumulate_n, bincount, confusion_matrix, histogram_fixed_width,
                              invert_permutation, logical_xor)
from ..ops.array_tail import div_no_nan as divide_no_nan
# issue 20 (i20c): complex numbers, special functions and the rest of tf.math.
from ..ops.complex_conj import conj
from ..ops.complex_ops import abs, angle, imag, real  # noqa: A004
from ..ops.math_tail import (approx_max_k, approx_min_k, cumulative_logsumexp, lbeta,
                             multiply_no_nan, nextafter, polyval, reciprocal_no_nan, reduce_std,
                             reduce_variance, scalar_mul)
from ..ops.rounding_division_ops import xlog1py
from ..ops.special_gamma_ops import betainc, igamma, igammac, zeta
from ..ops.special_ops import (bessel_i0, bessel_i0e, bessel_i1, bessel_i1e, erfcinv, erfinv,
                               ndtri)
from ..ops.check_ops_extra import is_non_decreasing, is_strictly_increasing
from ..ops.nn_tail import zero_fraction
from . import math_special as _math_special
from .namespace import exported_names as _exported_names

# Placeholder: the Sobol direction-number tables are not shipped.
from ..framework.unimplemented import unimplemented as _unimplemented
sobol_sample = _unimplemented("tf.math.sobol_sample", "Sobol direction-number tables",
                              "tf.random.uniform or scipy.stats.qmc.Sobol through tf.py_func")
__all__ = _exported_names(globals())
special = _math_special  # tf.math.special: a submodule, so kept out of __all__ (its functions)
