"""``tf.keras.constraints``: projections applied to a weight after each update (``MaxNorm``,
``MinMaxNorm``, ``NonNeg``, ``UnitNorm``), by Keras's formulas (norms over ``axis``, with
Keras's epsilon 1e-7 in the divisions).

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     sess.run(NonNeg()(tf.constant([-1.0, 2.0]))).tolist()
[-0.0, 2.0]
"""
from ..ops.clip_ops import clip_by_value
from ..ops.constant_op import convert_to_tensor
from ..ops.elementwise_binary_ops import greater_equal
from ..ops.elementwise_unary_ops import cast, sqrt, square
from ..ops.reduction_ops import reduce_sum
from .backend import epsilon
from .keras_objects import getter, serialize as _serialize


class Constraint:
    """The base: the identity."""

    def __call__(self, w):
        return w

    def get_config(self):
        return {}


def _norms(w, axis):
    return sqrt(reduce_sum(square(w), axis=axis, keepdims=True))


class MaxNorm(Constraint):
    """Weights scaled so the norm along ``axis`` is at most ``max_value``."""

    def __init__(self, max_value=2, axis=0):
        self.max_value, self.axis = max_value, axis

    def __call__(self, w):
        w = convert_to_tensor(w)
        norms = _norms(w, self.axis)
        desired = clip_by_value(norms, 0.0, float(self.max_value))
        return w * (desired / (epsilon() + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class MinMaxNorm(Constraint):
    """Norms along ``axis`` moved (by ``rate``) into ``[min_value, max_value]``."""

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value, self.max_value, self.rate, self.axis = min_value, max_value, rate, axis

    def __call__(self, w):
        w = convert_to_tensor(w)
        norms = _norms(w, self.axis)
        desired = self.rate * clip_by_value(norms, float(self.min_value),
                                            float(self.max_value)) + (1 - self.rate) * norms
        return w * (desired / (epsilon() + norms))

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate,
                "axis": self.axis}


class NonNeg(Constraint):
    """Negative weights set to zero."""

    def __call__(self, w):
        w = convert_to_tensor(w)
        return w * cast(greater_equal(w, 0.0), w.dtype)


class UnitNorm(Constraint):
    """Weights divided by their norm along ``axis``."""

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        w = convert_to_tensor(w)
        return w / (epsilon() + _norms(w, self.axis))

    def get_config(self):
        return {"axis": self.axis}


max_norm, min_max_norm, non_neg, unit_norm = MaxNorm, MinMaxNorm, NonNeg, UnitNorm
_BY_NAME = {"max_norm": MaxNorm, "min_max_norm": MinMaxNorm, "non_neg": NonNeg,
            "unit_norm": UnitNorm, "MaxNorm": MaxNorm, "MinMaxNorm": MinMaxNorm,
            "NonNeg": NonNeg, "UnitNorm": UnitNorm}
get = getter(_BY_NAME, "constraint")
serialize = _serialize


def deserialize(config, custom_objects=None):
    """The constraint of a ``serialize`` config."""
    return getter(dict(_BY_NAME, **(custom_objects or {})), "constraint")(config)


__all__ = ["Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm", "deserialize", "get",
           "max_norm", "min_max_norm", "non_neg", "serialize", "unit_norm"]
