"""``tf.keras.regularizers``: penalties on weights, added to the model's loss
(``l1``, ``l2``, ``l1_l2``; ``L1L2``). ``l1``/``l2`` default to 0.01, as Keras.

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     float(sess.run(l1_l2(l1=0.5, l2=0.25)(tf.constant([1.0, -2.0]))))
2.75
"""
from ..ops.constant_op import convert_to_tensor
from ..ops.elementwise_unary_ops import abs as abs_, square
from ..ops.reduction_ops import reduce_sum
from .keras_objects import getter, serialize as _serialize


class Regularizer:
    """The base: no penalty."""

    def __call__(self, x):
        return 0.0

    def get_config(self):
        return {}


class L1L2(Regularizer):
    """``l1 * sum(|x|) + l2 * sum(x**2)``."""

    def __init__(self, l1=0.0, l2=0.0):  # noqa: E741 - Keras's names
        self.l1, self.l2 = float(l1), float(l2)

    def __call__(self, x):
        x = convert_to_tensor(x)
        penalty = convert_to_tensor(0.0, dtype=x.dtype)
        if self.l1:
            penalty += self.l1 * reduce_sum(abs_(x))
        if self.l2:
            penalty += self.l2 * reduce_sum(square(x))
        return penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


def l1(l=0.01):  # noqa: E741 - Keras's name
    """An L1 penalty ``l * sum(|x|)``."""
    return L1L2(l1=l)


def l2(l=0.01):  # noqa: E741
    """An L2 penalty ``l * sum(x**2)``."""
    return L1L2(l2=l)


def l1_l2(l1=0.01, l2=0.01):  # noqa: E741
    """Both penalties."""
    return L1L2(l1=l1, l2=l2)


_BY_NAME = {"l1": l1, "l2": l2, "l1_l2": l1_l2, "L1L2": L1L2}
get = getter(_BY_NAME, "regularizer")
serialize = _serialize


def deserialize(config, custom_objects=None):
    """The regularizer of a ``serialize`` config."""
    return getter(dict(_BY_NAME, **(custom_objects or {})), "regularizer")(config)


__all__ = ["L1L2", "Regularizer", "deserialize", "get", "l1", "l1_l2", "l2", "serialize"]
