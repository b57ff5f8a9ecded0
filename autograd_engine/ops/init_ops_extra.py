"""The remaining TF1 initializers: LeCun, unit-scaling uniform and identity.

>>> import autograd_engine as tf
>>> w = tf.get_variable("w", [2, 3], initializer=tf.initializers.identity(gain=2.0))
>>> with tf.Session() as sess:
...     sess.run(w.initializer)
...     sess.run(w).tolist()
[[2.0, 0.0, 0.0], [0.0, 2.0, 0.0]]
"""
import numpy as np

from ..framework import dtypes
from . import random_ops
from .constant_op import constant
from .init_ops import Initializer, VarianceScaling


def lecun_normal(seed=None):
    """Truncated normal of variance ``1 / fan_in``."""
    return VarianceScaling(1.0, "fan_in", "truncated_normal", seed)


def lecun_uniform(seed=None):
    """Uniform of variance ``1 / fan_in``."""
    return VarianceScaling(1.0, "fan_in", "uniform", seed)


class UniformUnitScaling(Initializer):
    """Uniform in ``[-m, m]``, ``m = factor * sqrt(3 / input_size)``, the input size being the
    product of all dimensions but the last (TF1's ``uniform_unit_scaling_initializer``)."""

    def __init__(self, factor=1.0, seed=None, dtype=dtypes.float32):
        super().__init__(dtype)
        self.factor, self.seed = factor, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        input_size = max(float(np.prod(list(shape)[:-1])) if len(shape) else 1.0, 1.0)
        limit = np.sqrt(3.0 / input_size) * self.factor
        return random_ops.random_uniform(shape, -limit, limit, self._dtype(dtype), self.seed)


class Identity(Initializer):
    """``gain`` times the identity matrix (2-D shapes only)."""

    def __init__(self, gain=1.0, dtype=dtypes.float32):
        super().__init__(dtype)
        self.gain = gain

    def __call__(self, shape, dtype=None, partition_info=None):
        if len(shape) != 2:
            raise ValueError("Identity matrix initializer can only be used for 2D matrices.")
        dtype = self._dtype(dtype)
        return constant(self.gain * np.eye(*shape), dtype)


uniform_unit_scaling_initializer = UniformUnitScaling
identity_initializer = Identity
