"""``tf.layers`` conv2d and 2-D pooling (channels_last or channels_first)."""
from ..framework.graph import get_default_graph
from ..ops import conv_ops, nn_impl, pooling_ops, shape_ops
from ..ops.constant_op import convert_to_tensor
from ..ops.init_ops import Zeros
from .core import activate, layer_scope, make_weight


def as_pair(value):
    """An int or a pair as a pair (a kernel size, stride or dilation)."""
    return (value, value) if isinstance(value, int) else tuple(value)


def tf_data_format(data_format):
    """A layer's ``channels_last``/``channels_first`` as the ops' ``NHWC``/``NCHW``."""
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError("data_format must be 'channels_last' or 'channels_first', got %r"
                         % (data_format,))
    return "NHWC" if data_format == "channels_last" else "NCHW"


def tf_strides(strides, fmt):
    """A layer's 2-D strides as the ops' 4-D strides in layout ``fmt``."""
    sh, sw = as_pair(strides)
    return [1, sh, sw, 1] if fmt == "NHWC" else [1, 1, sh, sw]


def conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
           data_format="channels_last", dilation_rate=(1, 1), activation=None, use_bias=True,
           kernel_initializer=None, bias_initializer=Zeros(), kernel_regularizer=None,
           bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
           bias_constraint=None, trainable=True, name=None, reuse=None):
    """A 2-D convolution layer with ``filters`` output channels.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 28, 28, 1])
    >>> tf.layers.conv2d(x, 32, 5, padding="same").shape.as_list()
    [None, 28, 28, 32]
    """
    inputs = convert_to_tensor(inputs)
    fmt = tf_data_format(data_format)
    dims = inputs.shape.as_tuple()
    channels = None if dims is None else dims[3 if fmt == "NHWC" else 1]
    if channels is None:
        raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
    kh, kw = as_pair(kernel_size)
    with layer_scope(name, "conv2d", reuse):
        kernel = make_weight("kernel", [kh, kw, channels, filters], inputs.dtype,
                             kernel_initializer, kernel_regularizer, trainable, kernel_constraint)
        dh, dw = as_pair(dilation_rate)
        dilations = [1, dh, dw, 1] if fmt == "NHWC" else [1, 1, dh, dw]
        outputs = conv_ops.conv2d(inputs, kernel, tf_strides(strides, fmt), padding.upper(),
                                  data_format=fmt, dilations=dilations)
        if use_bias:
            bias = make_weight("bias", [filters], inputs.dtype, bias_initializer,
                               bias_regularizer, trainable, bias_constraint)
            outputs = nn_impl.bias_add(outputs, bias, data_format=fmt)
        return activate(outputs, activation)


def conv2d_transpose(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
                     data_format="channels_last", activation=None, use_bias=True,
                     kernel_initializer=None, bias_initializer=Zeros(), kernel_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                     bias_constraint=None, trainable=True, name=None, reuse=None):
    """The transposed convolution layer (``tf.layers.conv2d_transpose``): upsamples by
    ``strides``; the kernel is ``[kh, kw, filters, in_channels]`` as in TF1.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 7, 7, 16])
    >>> tf.layers.conv2d_transpose(x, 8, 3, strides=2, padding="same").shape.as_list()
    [None, 14, 14, 8]
    """
    inputs = convert_to_tensor(inputs)
    fmt = tf_data_format(data_format)
    dims = inputs.shape.as_tuple()
    if dims is None or len(dims) != 4:
        raise ValueError("conv2d_transpose needs 4-D inputs, got shape %s" % inputs.shape)
    h_axis, w_axis, c_axis = (1, 2, 3) if fmt == "NHWC" else (2, 3, 1)
    channels = dims[c_axis]
    if channels is None:
        raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
    kh, kw = as_pair(kernel_size)
    sh, sw = as_pair(strides)
    pad = padding.upper()

    def out_size(size, k, s):
        if size is None:
            return None
        return size * s if pad == "SAME" else size * s + max(k - s, 0)

    with layer_scope(name, "conv2d_transpose", reuse):
        kernel = make_weight("kernel", [kh, kw, filters, channels], inputs.dtype,
                             kernel_initializer, kernel_regularizer, trainable, kernel_constraint)
        static_h, static_w = out_size(dims[h_axis], kh, sh), out_size(dims[w_axis], kw, sw)
        batch = dims[0] if dims[0] is not None else shape_ops.shape(inputs)[0]
        if static_h is None or static_w is None:
            raise ValueError("conv2d_transpose needs the spatial size of its inputs while "
                             "building, got shape %s" % inputs.shape)
        output_shape = [batch, static_h, static_w, filters] if fmt == "NHWC" else \
            [batch, filters, static_h, static_w]
        outputs = conv_ops.conv2d_transpose(inputs, kernel, output_shape,
                                            tf_strides(strides, fmt), pad, data_format=fmt)
        if use_bias:
            bias = make_weight("bias", [filters], inputs.dtype, bias_initializer,
                               bias_regularizer, trainable, bias_constraint)
            outputs = nn_impl.bias_add(outputs, bias, data_format=fmt)
        return activate(outputs, activation)


def _pooling(pool_fn, default_name, inputs, pool_size, strides, padding, data_format, name):
    fmt = tf_data_format(data_format)
    ph, pw = as_pair(pool_size)
    ksize = [1, ph, pw, 1] if fmt == "NHWC" else [1, 1, ph, pw]
    with get_default_graph().name_scope(name or default_name):
        return pool_fn(inputs, ksize, tf_strides(strides, fmt), padding.upper(), data_format=fmt)


def max_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last",
                  name=None):
    """2-D max pooling over ``pool_size`` windows."""
    return _pooling(pooling_ops.max_pool, "max_pooling2d", inputs, pool_size, strides, padding,
                    data_format, name)


def average_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last",
                      name=None):
    """2-D average pooling over ``pool_size`` windows."""
    return _pooling(pooling_ops.avg_pool, "average_pooling2d", inputs, pool_size, strides, padding,
                    data_format, name)
