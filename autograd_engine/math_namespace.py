"""``tf.math``: the names TF1.15 lists under ``tf.math`` that this engine provides, the same
functions as their top-level and ``tf.nn`` spellings. (Named ``math_namespace`` so that it never
shadows the standard library's ``math``; the package exports it as ``tf.math``. Here ``abs``,
``pow`` and ``round`` are TF's, not the builtins.)

>>> import autograd_engine as tf
>>> tf.math.erf is tf.erf and tf.math.softplus is tf.nn.softplus
True
>>> with tf.Session() as sess:
...     "%.4f" % sess.run(tf.math.lgamma(4.0))  # log(3!)
'1.7918'
"""
from .ops.gather_ops import in_top_k, top_k, unsorted_segment_sum
from .ops.math_ops import (abs, add, add_n, argmax, argmin, ceil, cos, count_nonzero,  # noqa: A004
                           cumprod, cumsum, divide, equal, exp, expm1, floor, floordiv, floormod,
                           greater, greater_equal, is_finite, is_inf, is_nan, less, less_equal,
                           log, log1p, logical_and, logical_not, logical_or, maximum, minimum, mod,
                           multiply, negative, not_equal, pow, reciprocal, reduce_all, reduce_any,
                           reduce_logsumexp, reduce_max, reduce_mean, reduce_min, reduce_prod,
                           reduce_sum, round, rsqrt, sigmoid, sign, sin, sqrt, square,
                           squared_difference, subtract, tanh, truediv)
from .ops.nn_impl import l2_normalize
from .ops.nn_ops import log_softmax, softmax, softplus, softsign
from .ops.rounding_division_ops import rint, truncatediv, truncatemod, xdivy, xlogy
from .ops.special_math_ops import (digamma, erf, erfc, lgamma, log_sigmoid, polygamma,
                                   reduce_euclidean_norm)
from .ops.trigonometric_ops import acos, acosh, asin, asinh, atan, atan2, atanh, cosh, sinh, tan

__all__ = ["abs", "acos", "acosh", "add", "add_n", "argmax", "argmin", "asin", "asinh", "atan",
           "atan2", "atanh", "ceil", "cos", "cosh", "count_nonzero", "cumprod", "cumsum",
           "digamma", "divide", "equal", "erf", "erfc", "exp", "expm1", "floor", "floordiv",
           "floormod", "greater", "greater_equal", "in_top_k", "is_finite", "is_inf", "is_nan",
           "l2_normalize", "less", "less_equal", "lgamma", "log", "log1p", "log_sigmoid",
           "log_softmax", "logical_and", "logical_not", "logical_or", "maximum", "minimum",
           "mod", "multiply", "negative", "not_equal", "polygamma", "pow", "reciprocal",
           "reduce_all", "reduce_any", "reduce_euclidean_norm", "reduce_logsumexp",
           "reduce_max", "reduce_mean", "reduce_min", "reduce_prod", "reduce_sum", "rint",
           "round", "rsqrt", "sigmoid", "sign", "sin", "sinh", "softmax", "softplus",
           "softsign", "sqrt", "square", "squared_difference", "subtract", "tan", "tanh",
           "top_k", "truediv", "truncatediv", "truncatemod", "unsorted_segment_sum", "xdivy",
           "xlogy"]
