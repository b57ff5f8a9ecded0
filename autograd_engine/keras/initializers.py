"""``tf.keras.initializers``: TF1's initializers under Keras's names, the random ones with
Keras's defaults (``RandomNormal(stddev=0.05)``, ``RandomUniform(-0.05, 0.05)``,
``TruncatedNormal(stddev=0.05)``); ``get`` turns a name (``"glorot_uniform"``) into one.

>>> init = get("ones")
>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     sess.run(init([2])).tolist()
[1.0, 1.0]
"""
from ..framework import dtypes
from ..ops import init_ops
from ..ops.init_ops import (Constant, Initializer, Ones, Orthogonal,  # noqa: F401
                            VarianceScaling, Zeros, he_normal, he_uniform)
from ..ops.init_ops import glorot_normal_initializer as glorot_normal
from ..ops.init_ops import glorot_uniform_initializer as glorot_uniform
from ..ops.init_ops_extra import Identity, lecun_normal, lecun_uniform  # noqa: F401
from .keras_objects import getter, serialize as _serialize


class RandomNormal(init_ops.RandomNormal):
    """Normal values, Keras's default standard deviation 0.05."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype=dtypes.float32):
        super().__init__(mean, stddev, seed, dtype)


class RandomUniform(init_ops.RandomUniform):
    """Uniform values in ``[minval, maxval)``, Keras's default ``[-0.05, 0.05)``."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None, dtype=dtypes.float32):
        super().__init__(minval, maxval, seed, dtype)


class TruncatedNormal(init_ops.TruncatedNormal):
    """Truncated normal values, Keras's default standard deviation 0.05."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype=dtypes.float32):
        super().__init__(mean, stddev, seed, dtype)


zeros, ones, constant, identity, orthogonal = Zeros, Ones, Constant, Identity, Orthogonal
normal = random_normal = RandomNormal
uniform = random_uniform = RandomUniform
truncated_normal = TruncatedNormal
_BY_NAME = {name: value for name, value in globals().items()
            if not name.startswith("_") and isinstance(value, type) or name in (
                "glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "lecun_normal",
                "lecun_uniform")}
get = getter(_BY_NAME, "initializer")
serialize = _serialize


def deserialize(config, custom_objects=None):
    """The initializer of a ``serialize`` config."""
    return getter(dict(_BY_NAME, **(custom_objects or {})), "initializer")(config)


__all__ = sorted(set(_BY_NAME) | {"deserialize", "get", "serialize"})
