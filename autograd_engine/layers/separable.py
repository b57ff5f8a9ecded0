"""``tf.layers`` depthwise-separable convolutions over 1 and 2 spatial dims (classes and
functional forms): a depthwise kernel ``kernel_size + (in_channels, depth_multiplier)``, then
a pointwise kernel ``(1,) * rank + (in_channels * depth_multiplier, filters)``."""
from ..ops import array_ops, depthwise_conv_ops, nn_impl
from ..ops.init_ops import Zeros
from .base import InputSpec, Layer
from .convolutional import as_tuple, channels_of, full_list, tf_data_format
from .core import activate


class SeparableConv(Layer):
    """A depthwise-separable convolution over ``rank`` (1 or 2) spatial dims."""

    rank = 2

    def __init__(self, filters, kernel_size, strides=1, padding="valid",
                 data_format="channels_last", dilation_rate=1, depth_multiplier=1,
                 activation=None, use_bias=True, depthwise_initializer=None,
                 pointwise_initializer=None, bias_initializer=Zeros(),
                 depthwise_regularizer=None, pointwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None,
                 pointwise_constraint=None, bias_constraint=None, trainable=True, name=None,
                 **kwargs):
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.filters, self.depth_multiplier = int(filters), int(depth_multiplier)
        self.kernel_size = as_tuple(kernel_size, self.rank, "kernel_size")
        self.strides = as_tuple(strides, self.rank, "strides")
        self.dilation_rate = as_tuple(dilation_rate, self.rank, "dilation_rate")
        self.padding = padding.upper()
        self.data_format = data_format
        self.channels_first = tf_data_format(data_format) == "NCHW"
        self.activation, self.use_bias = activation, use_bias
        self.initializers = (depthwise_initializer, pointwise_initializer, bias_initializer)
        self.regularizers = (depthwise_regularizer, pointwise_regularizer, bias_regularizer)
        self.constraints = (depthwise_constraint, pointwise_constraint, bias_constraint)
        self.input_spec = InputSpec(ndim=self.rank + 2)
        self.depthwise_kernel = self.pointwise_kernel = self.bias = None

    def build(self, input_shape):
        channels = channels_of(input_shape, self.channels_first)
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={1 if self.channels_first else -1: channels})
        shapes = (list(self.kernel_size) + [channels, self.depth_multiplier],
                  [1] * self.rank + [channels * self.depth_multiplier, self.filters],
                  [self.filters])
        names = ("depthwise_kernel", "pointwise_kernel", "bias")
        made = [self.add_weight(name, shape, None, init, reg, True, constraint)
                for name, shape, init, reg, constraint, wanted in zip(
                    names, shapes, self.initializers, self.regularizers, self.constraints,
                    (True, True, self.use_bias)) if wanted]
        self.depthwise_kernel, self.pointwise_kernel = made[:2]
        self.bias = made[2] if self.use_bias else None

    def call(self, inputs):
        first = self.channels_first
        fmt = "NCHW" if first else "NHWC"
        depthwise, pointwise = self.depthwise_kernel, self.pointwise_kernel
        strides, rate = list(self.strides), list(self.dilation_rate)
        if self.rank == 1:  # a height of 1, as TF1's SeparableConv1D
            spatial = 2 if first else 1
            inputs = array_ops.expand_dims(inputs, spatial)
            depthwise = array_ops.expand_dims(depthwise, 0)
            pointwise = array_ops.expand_dims(pointwise, 0)
            strides, rate = [1] + strides, [1] + rate
        outputs = depthwise_conv_ops.separable_conv2d(
            inputs, depthwise, pointwise, full_list(strides, first), self.padding, rate=rate,
            data_format=fmt)
        if self.rank == 1:
            outputs = array_ops.squeeze(outputs, [spatial])
        if self.use_bias:
            outputs = nn_impl.bias_add(outputs, self.bias, data_format=fmt if first else None)
        return activate(outputs, self.activation)


class SeparableConv1D(SeparableConv):
    """A depthwise-separable 1-D convolution layer.

    >>> import autograd_engine as tf
    >>> tf.layers.SeparableConv1D(4, 3)(tf.zeros([2, 10, 3])).shape.as_list()
    [2, 8, 4]
    """
    rank, default_name = 1, "separable_conv1d"


class SeparableConv2D(SeparableConv):
    """A depthwise-separable 2-D convolution layer."""
    rank, default_name = 2, "separable_conv2d"


def _separable(cls, inputs, filters, kernel_size, strides, padding, data_format, dilation_rate,
               depth_multiplier, activation, use_bias, initializers, regularizers,
               activity_regularizer, constraints, trainable, name, reuse):
    layer = cls(filters, kernel_size, strides, padding, data_format, dilation_rate,
                depth_multiplier, activation, use_bias, *initializers, *regularizers,
                activity_regularizer, *constraints, trainable=trainable, name=name,
                _scope=name, _reuse=reuse)
    return layer.apply(inputs)


def separable_conv1d(inputs, filters, kernel_size, strides=1, padding="valid",
                     data_format="channels_last", dilation_rate=1, depth_multiplier=1,
                     activation=None, use_bias=True, depthwise_initializer=None,
                     pointwise_initializer=None, bias_initializer=Zeros(),
                     depthwise_regularizer=None, pointwise_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None, depthwise_constraint=None,
                     pointwise_constraint=None, bias_constraint=None, trainable=True, name=None,
                     reuse=None):
    """A depthwise-separable 1-D convolution layer.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 12, 3])
    >>> tf.layers.separable_conv1d(x, 8, 3, depth_multiplier=2).shape.as_list()
    [None, 10, 8]
    """
    return _separable(SeparableConv1D, inputs, filters, kernel_size, strides, padding,
                      data_format, dilation_rate, depth_multiplier, activation, use_bias,
                      (depthwise_initializer, pointwise_initializer, bias_initializer),
                      (depthwise_regularizer, pointwise_regularizer, bias_regularizer),
                      activity_regularizer,
                      (depthwise_constraint, pointwise_constraint, bias_constraint), trainable,
                      name, reuse)


def separable_conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
                     data_format="channels_last", dilation_rate=(1, 1), depth_multiplier=1,
                     activation=None, use_bias=True, depthwise_initializer=None,
                     pointwise_initializer=None, bias_initializer=Zeros(),
                     depthwise_regularizer=None, pointwise_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None, depthwise_constraint=None,
                     pointwise_constraint=None, bias_constraint=None, trainable=True, name=None,
                     reuse=None):
    """A depthwise-separable 2-D convolution layer: a ``[kh, kw, in_channels,
    depth_multiplier]`` depthwise kernel, then a ``[1, 1, in_channels * depth_multiplier,
    filters]`` pointwise kernel.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    >>> tf.layers.separable_conv2d(x, 16, 3, depth_multiplier=2).shape.as_list()
    [None, 6, 6, 16]
    """
    return _separable(SeparableConv2D, inputs, filters, kernel_size, strides, padding,
                      data_format, dilation_rate, depth_multiplier, activation, use_bias,
                      (depthwise_initializer, pointwise_initializer, bias_initializer),
                      (depthwise_regularizer, pointwise_regularizer, bias_regularizer),
                      activity_regularizer,
                      (depthwise_constraint, pointwise_constraint, bias_constraint), trainable,
                      name, reuse)
