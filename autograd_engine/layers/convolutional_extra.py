"""``tf.layers`` conv1d, 1-D pooling and separable_conv2d (channels_last or channels_first)."""
from ..framework.graph import get_default_graph
from ..ops import conv_extra_ops, depthwise_conv_ops, nn_impl
from ..ops.constant_op import convert_to_tensor
from ..ops.init_ops import Zeros
from .convolutional import as_pair, tf_data_format, tf_strides
from .core import activate, layer_scope, make_weight

_FORMAT_1D = {"NHWC": "NWC", "NCHW": "NCW"}


def _channels(inputs, fmt):
    dims = inputs.shape.as_tuple()
    channels = None if dims is None else dims[-1 if fmt == "NHWC" else 1]
    if channels is None:
        raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
    return channels


def _single(value):
    return value if isinstance(value, int) else tuple(value)[0]


def _add_bias(outputs, filters, inputs, fmt, use_bias, initializer, regularizer, trainable,
              constraint):
    if not use_bias:
        return outputs
    bias = make_weight("bias", [filters], inputs.dtype, initializer, regularizer, trainable,
                       constraint)
    return nn_impl.bias_add(outputs, bias, data_format=fmt)


def conv1d(inputs, filters, kernel_size, strides=1, padding="valid",
           data_format="channels_last", dilation_rate=1, activation=None, use_bias=True,
           kernel_initializer=None, bias_initializer=Zeros(), kernel_regularizer=None,
           bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
           bias_constraint=None, trainable=True, name=None, reuse=None):
    """A 1-D convolution layer over ``[batch, width, channels]`` inputs; the kernel is
    ``[kernel_size, in_channels, filters]``.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 20, 3])
    >>> tf.layers.conv1d(x, 8, 5, padding="same").shape.as_list()
    [None, 20, 8]
    """
    inputs = convert_to_tensor(inputs)
    fmt = tf_data_format(data_format)
    channels = _channels(inputs, fmt)
    with layer_scope(name, "conv1d", reuse):
        kernel = make_weight("kernel", [_single(kernel_size), channels, filters], inputs.dtype,
                             kernel_initializer, kernel_regularizer, trainable, kernel_constraint)
        outputs = conv_extra_ops.conv1d(inputs, kernel, _single(strides), padding.upper(),
                                        data_format=_FORMAT_1D[fmt],
                                        dilations=_single(dilation_rate))
        outputs = _add_bias(outputs, filters, inputs, fmt, use_bias, bias_initializer,
                            bias_regularizer, trainable, bias_constraint)
        return activate(outputs, activation)


def _pooling1d(pooling_type, default_name, inputs, pool_size, strides, padding, data_format,
               name):
    fmt = _FORMAT_1D[tf_data_format(data_format)]
    with get_default_graph().name_scope(name or default_name):
        return conv_extra_ops.pool(inputs, [_single(pool_size)], pooling_type, padding.upper(),
                                   strides=[_single(strides)], data_format=fmt)


def max_pooling1d(inputs, pool_size, strides, padding="valid", data_format="channels_last",
                  name=None):
    """1-D max pooling over ``pool_size`` windows.

    >>> import autograd_engine as tf
    >>> tf.layers.max_pooling1d(tf.zeros([2, 10, 3]), 2, 2).shape.as_list()
    [2, 5, 3]
    """
    return _pooling1d("MAX", "max_pooling1d", inputs, pool_size, strides, padding, data_format,
                      name)


def average_pooling1d(inputs, pool_size, strides, padding="valid", data_format="channels_last",
                      name=None):
    """1-D average pooling over ``pool_size`` windows.

    >>> import autograd_engine as tf
    >>> tf.layers.average_pooling1d(tf.zeros([2, 10, 3]), 3, 1, "same").shape.as_list()
    [2, 10, 3]
    """
    return _pooling1d("AVG", "average_pooling1d", inputs, pool_size, strides, padding,
                      data_format, name)


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
    inputs = convert_to_tensor(inputs)
    fmt = tf_data_format(data_format)
    channels = _channels(inputs, fmt)
    kh, kw = as_pair(kernel_size)
    with layer_scope(name, "separable_conv2d", reuse):
        depthwise = make_weight("depthwise_kernel", [kh, kw, channels, depth_multiplier],
                                inputs.dtype, depthwise_initializer, depthwise_regularizer,
                                trainable, depthwise_constraint)
        pointwise = make_weight("pointwise_kernel", [1, 1, channels * depth_multiplier, filters],
                                inputs.dtype, pointwise_initializer, pointwise_regularizer,
                                trainable, pointwise_constraint)
        outputs = depthwise_conv_ops.separable_conv2d(
            inputs, depthwise, pointwise, tf_strides(strides, fmt), padding.upper(),
            rate=as_pair(dilation_rate), data_format=fmt)
        outputs = _add_bias(outputs, filters, inputs, fmt, use_bias, bias_initializer,
                            bias_regularizer, trainable, bias_constraint)
        return activate(outputs, activation)
