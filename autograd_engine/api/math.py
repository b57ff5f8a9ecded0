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
from ..ops.gather_ops import in_top_k, top_k, unsorted_segment_sum
from ..ops.math_ops import (abs, add, add_n, argmax, argmin, ceil, cos, count_nonzero,  # noqa: A004
                            cumprod, cumsum, divide, equal, exp, expm1, floor, floordiv, floormod,
                            greater, greater_equal, is_finite, is_inf, is_nan, less, less_equal,
                            log, log1p, logical_and, logical_not, logical_or, maximum, minimum, mod,
                            multiply, negative, not_equal, pow, reciprocal, reduce_all, reduce_any,
                            reduce_logsumexp, reduce_max, reduce_mean, reduce_min, reduce_prod,
                            reduce_sum, round, rsqrt, sigmoid, sign, sin, sqrt, square,
                            squared_difference, subtract, tanh, truediv)
from ..ops.nn_impl import l2_normalize
from ..ops.nn_ops import log_softmax, softmax, softplus, softsign
from ..ops.special_math_ops import (acos, acosh, asin, asinh, atan, atan2, atanh, cosh, digamma,
                                    erf, erfc, lgamma, log_sigmoid, polygamma,
                                    reduce_euclidean_norm, rint, sinh, tan, truncatediv,
                                    truncatemod, xdivy, xlogy)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
