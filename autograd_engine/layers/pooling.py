"""``tf.layers`` max and average pooling over 1, 2 and 3 spatial dims (classes and functional
forms, channels_last or channels_first)."""
from ..ops import conv3d_ops, conv_extra_ops, pooling_ops
from .base import InputSpec, Layer
from .convolutional import as_tuple, full_list, op_format, tf_data_format

_POOL_OPS = {("MAX", 2): pooling_ops.max_pool, ("AVG", 2): pooling_ops.avg_pool,
             ("MAX", 3): conv3d_ops.max_pool3d, ("AVG", 3): conv3d_ops.avg_pool3d}


class Pooling(Layer):
    """Pooling of ``pool_type`` ("MAX" or "AVG") over ``rank`` spatial dims."""

    rank, pool_type = 2, "MAX"

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last",
                 name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.pool_size = as_tuple(pool_size, self.rank, "pool_size")
        self.strides = as_tuple(strides, self.rank, "strides")
        self.padding = padding.upper()
        self.data_format = data_format
        self.channels_first = tf_data_format(data_format) == "NCHW"
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs):
        fmt = op_format(self.data_format, self.rank)
        if self.rank == 1:
            return conv_extra_ops.pool(inputs, list(self.pool_size), self.pool_type,
                                       self.padding, strides=list(self.strides),
                                       data_format=fmt)
        first = self.channels_first
        return _POOL_OPS[self.pool_type, self.rank](
            inputs, full_list(self.pool_size, first), full_list(self.strides, first),
            self.padding, data_format=fmt)


class MaxPooling1D(Pooling):
    """1-D max pooling.

    >>> import autograd_engine as tf
    >>> tf.layers.MaxPooling1D(2, 2)(tf.zeros([2, 10, 3])).shape.as_list()
    [2, 5, 3]
    """
    rank, pool_type, default_name = 1, "MAX", "max_pooling1d"


class AveragePooling1D(Pooling):
    """1-D average pooling."""
    rank, pool_type, default_name = 1, "AVG", "average_pooling1d"


class MaxPooling2D(Pooling):
    """2-D max pooling."""
    rank, pool_type, default_name = 2, "MAX", "max_pooling2d"


class AveragePooling2D(Pooling):
    """2-D average pooling."""
    rank, pool_type, default_name = 2, "AVG", "average_pooling2d"


class MaxPooling3D(Pooling):
    """3-D max pooling.

    >>> import autograd_engine as tf
    >>> tf.layers.MaxPooling3D(2, 2)(tf.zeros([1, 4, 4, 4, 3])).shape.as_list()
    [1, 2, 2, 2, 3]
    """
    rank, pool_type, default_name = 3, "MAX", "max_pooling3d"


class AveragePooling3D(Pooling):
    """3-D average pooling (SAME windows divide by their count of real cells)."""
    rank, pool_type, default_name = 3, "AVG", "average_pooling3d"


def max_pooling1d(inputs, pool_size, strides, padding="valid", data_format="channels_last",
                  name=None):
    """1-D max pooling over ``pool_size`` windows.

    >>> import autograd_engine as tf
    >>> tf.layers.max_pooling1d(tf.zeros([2, 10, 3]), 2, 2).shape.as_list()
    [2, 5, 3]
    """
    return MaxPooling1D(pool_size, strides, padding, data_format, name).apply(inputs)


def average_pooling1d(inputs, pool_size, strides, padding="valid", data_format="channels_last",
                      name=None):
    """1-D average pooling over ``pool_size`` windows.

    >>> import autograd_engine as tf
    >>> tf.layers.average_pooling1d(tf.zeros([2, 10, 3]), 3, 1, "same").shape.as_list()
    [2, 10, 3]
    """
    return AveragePooling1D(pool_size, strides, padding, data_format, name).apply(inputs)


def max_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last",
                  name=None):
    """2-D max pooling over ``pool_size`` windows."""
    return MaxPooling2D(pool_size, strides, padding, data_format, name).apply(inputs)


def average_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last",
                      name=None):
    """2-D average pooling over ``pool_size`` windows."""
    return AveragePooling2D(pool_size, strides, padding, data_format, name).apply(inputs)


def max_pooling3d(inputs, pool_size, strides, padding="valid", data_format="channels_last",
                  name=None):
    """3-D max pooling over ``pool_size`` windows.

    >>> import autograd_engine as tf
    >>> tf.layers.max_pooling3d(tf.zeros([1, 5, 4, 4, 2]), 2, 2, "same").shape.as_list()
    [1, 3, 2, 2, 2]
    """
    return MaxPooling3D(pool_size, strides, padding, data_format, name).apply(inputs)


def average_pooling3d(inputs, pool_size, strides, padding="valid", data_format="channels_last",
                      name=None):
    """3-D average pooling over ``pool_size`` windows."""
    return AveragePooling3D(pool_size, strides, padding, data_format, name).apply(inputs)
