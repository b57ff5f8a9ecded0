"""``tf.layers`` convolutions of 1, 2 and 3 spatial dims and the transposed ones (classes and
functional forms, channels_last or channels_first). One :class:`Conv` class holds what the
ranks share; the op doing the work is picked by rank."""
from ..ops import conv3d_ops, conv_extra_ops, conv_ops, nn_impl, shape_ops
from ..ops.init_ops import Zeros
from .base import InputSpec, Layer
from .core import activate

_OP_FORMATS = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}


def as_tuple(value, rank, name="value"):
    """An int or ``rank`` values as a tuple of ``rank`` ints (a kernel size, stride...)."""
    if isinstance(value, int):
        return (value,) * rank
    value = tuple(int(v) for v in value)
    if len(value) != rank:
        raise ValueError("The `%s` argument must be a tuple of %d integers. Received: %r"
                         % (name, rank, value))
    return value


def as_pair(value):
    """An int or a pair as a pair (a kernel size, stride or dilation)."""
    return as_tuple(value, 2)


def tf_data_format(data_format):
    """A layer's ``channels_last``/``channels_first`` as the ops' ``NHWC``/``NCHW``."""
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError("data_format must be 'channels_last' or 'channels_first', got %r"
                         % (data_format,))
    return "NHWC" if data_format == "channels_last" else "NCHW"


def op_format(data_format, rank):
    """The ops' data format for ``rank`` spatial dims (``NWC``, ``NHWC``, ``NCDHW``...)."""
    return _OP_FORMATS[rank][tf_data_format(data_format) == "NCHW"]


def full_list(values, first):
    """Per-spatial-dim values as the ops' full list (1 for batch and channels)."""
    return [1, 1] + list(values) if first else [1] + list(values) + [1]


def channels_of(input_shape, first):
    dims = input_shape.as_tuple()
    channels = None if dims is None else dims[1 if first else -1]
    if channels is None:
        raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
    return channels


class Conv(Layer):
    """A convolution over ``rank`` spatial dims with ``filters`` output channels; the kernel
    is ``kernel_size + (in_channels, filters)``."""

    rank = 2

    def __init__(self, filters, kernel_size, strides=1, padding="valid",
                 data_format="channels_last", dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer=None, bias_initializer=Zeros(), kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.filters = int(filters)
        self.kernel_size = as_tuple(kernel_size, self.rank, "kernel_size")
        self.strides = as_tuple(strides, self.rank, "strides")
        self.dilation_rate = as_tuple(dilation_rate, self.rank, "dilation_rate")
        self.padding = padding.upper()
        self.data_format = data_format
        self.channels_first = tf_data_format(data_format) == "NCHW"
        self.activation, self.use_bias = activation, use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint
        self.input_spec = InputSpec(ndim=self.rank + 2)
        self.kernel = self.bias = None

    def kernel_shape(self, channels):
        return list(self.kernel_size) + [channels, self.filters]

    def build(self, input_shape):
        channels = channels_of(input_shape, self.channels_first)
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={1 if self.channels_first else -1: channels})
        self.kernel = self.add_weight("kernel", self.kernel_shape(channels), None,
                                      self.kernel_initializer, self.kernel_regularizer, True,
                                      self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight("bias", [self.filters], None, self.bias_initializer,
                                        self.bias_regularizer, True, self.bias_constraint)

    def convolve(self, inputs):
        fmt = op_format(self.data_format, self.rank)
        first = self.channels_first
        if self.rank == 1:
            return conv_extra_ops.conv1d(inputs, self.kernel, self.strides[0], self.padding,
                                         data_format=fmt, dilations=self.dilation_rate[0])
        if self.rank == 2:
            return conv_ops.conv2d(inputs, self.kernel, full_list(self.strides, first),
                                   self.padding, data_format=fmt,
                                   dilations=full_list(self.dilation_rate, first))
        return conv3d_ops.conv3d(inputs, self.kernel, full_list(self.strides, first),
                                 self.padding, fmt, full_list(self.dilation_rate, first))

    def call(self, inputs):
        outputs = self.convolve(inputs)
        if self.use_bias:
            outputs = nn_impl.bias_add(outputs, self.bias,
                                       data_format="NCHW" if self.channels_first else None)
        return activate(outputs, self.activation)


class Conv1D(Conv):
    """A 1-D convolution layer over ``[batch, width, channels]`` inputs.

    >>> import autograd_engine as tf
    >>> tf.layers.Conv1D(8, 5, padding="same")(tf.zeros([2, 20, 3])).shape.as_list()
    [2, 20, 8]
    """
    rank, default_name = 1, "conv1d"


class Conv2D(Conv):
    """A 2-D convolution layer.

    >>> import autograd_engine as tf
    >>> tf.layers.Conv2D(4, 3, strides=2)(tf.zeros([1, 9, 9, 2])).shape.as_list()
    [1, 4, 4, 4]
    """
    rank, default_name = 2, "conv2d"


class Conv3D(Conv):
    """A 3-D convolution layer over ``[batch, depth, height, width, channels]`` inputs.

    >>> import autograd_engine as tf
    >>> tf.layers.Conv3D(4, 3, padding="same")(tf.zeros([1, 6, 6, 6, 2])).shape.as_list()
    [1, 6, 6, 6, 4]
    """
    rank, default_name = 3, "conv3d"


class _ConvTranspose(Conv):
    """The transposed convolution: upsamples by ``strides``; the kernel is ``kernel_size +
    (filters, in_channels)`` as in TF1."""

    def kernel_shape(self, channels):
        return list(self.kernel_size) + [self.filters, channels]

    def output_size(self, size, kernel, stride):
        if size is None:
            return None
        return size * stride if self.padding == "SAME" else size * stride + max(kernel - stride,
                                                                                0)

    def convolve(self, inputs):
        if max(self.dilation_rate) > 1:
            raise ValueError("%s does not take a dilation_rate" % type(self).__name__)
        dims = inputs.shape.as_tuple()
        first = self.channels_first
        spatial = dims[2:] if first else dims[1:-1]
        sizes = [self.output_size(d, k, s)
                 for d, k, s in zip(spatial, self.kernel_size, self.strides)]
        if None in sizes:
            raise ValueError("%s needs the spatial size of its inputs while building, got "
                             "shape %s" % (type(self).__name__, inputs.shape))
        batch = dims[0] if dims[0] is not None else shape_ops.shape(inputs)[0]
        output_shape = [batch, self.filters] + sizes if first else [batch] + sizes + \
            [self.filters]
        fmt = op_format(self.data_format, self.rank)
        if self.rank == 2:
            return conv_ops.conv2d_transpose(inputs, self.kernel, output_shape,
                                             full_list(self.strides, first), self.padding,
                                             data_format=fmt)
        return conv3d_ops.conv3d_transpose(inputs, self.kernel, output_shape,
                                           full_list(self.strides, first), self.padding, fmt)


class Conv2DTranspose(_ConvTranspose):
    """The 2-D transposed convolution layer.

    >>> import autograd_engine as tf
    >>> layer = tf.layers.Conv2DTranspose(8, 3, strides=2, padding="same")
    >>> layer(tf.placeholder(tf.float32, [None, 7, 7, 16])).shape.as_list()
    [None, 14, 14, 8]
    """
    rank, default_name = 2, "conv2d_transpose"


class Conv3DTranspose(_ConvTranspose):
    """The 3-D transposed convolution layer.

    >>> import autograd_engine as tf
    >>> layer = tf.layers.Conv3DTranspose(2, 2, strides=2)
    >>> layer(tf.placeholder(tf.float32, [None, 3, 4, 5, 6])).shape.as_list()
    [None, 6, 8, 10, 2]
    """
    rank, default_name = 3, "conv3d_transpose"


def _conv_function(cls, inputs, filters, kernel_size, strides, padding, data_format,
                   dilation_rate, activation, use_bias, kernel_initializer, bias_initializer,
                   kernel_regularizer, bias_regularizer, activity_regularizer,
                   kernel_constraint, bias_constraint, trainable, name, reuse):
    options = {} if dilation_rate is None else {"dilation_rate": dilation_rate}
    layer = cls(filters, kernel_size, strides=strides, padding=padding,
                data_format=data_format, activation=activation, use_bias=use_bias,
                kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                bias_constraint=bias_constraint, trainable=trainable, name=name, _scope=name,
                _reuse=reuse, **options)
    return layer.apply(inputs)


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
    return _conv_function(Conv1D, inputs, filters, kernel_size, strides, padding, data_format,
                          dilation_rate, activation, use_bias, kernel_initializer,
                          bias_initializer, kernel_regularizer, bias_regularizer,
                          activity_regularizer, kernel_constraint, bias_constraint, trainable,
                          name, reuse)


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
    return _conv_function(Conv2D, inputs, filters, kernel_size, strides, padding, data_format,
                          dilation_rate, activation, use_bias, kernel_initializer,
                          bias_initializer, kernel_regularizer, bias_regularizer,
                          activity_regularizer, kernel_constraint, bias_constraint, trainable,
                          name, reuse)


def conv3d(inputs, filters, kernel_size, strides=(1, 1, 1), padding="valid",
           data_format="channels_last", dilation_rate=(1, 1, 1), activation=None,
           use_bias=True, kernel_initializer=None, bias_initializer=Zeros(),
           kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
           kernel_constraint=None, bias_constraint=None, trainable=True, name=None, reuse=None):
    """A 3-D convolution layer; the kernel is ``kernel_size + [in_channels, filters]``.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 8, 8, 8, 1])
    >>> tf.layers.conv3d(x, 4, 3, strides=2, padding="same").shape.as_list()
    [None, 4, 4, 4, 4]
    """
    return _conv_function(Conv3D, inputs, filters, kernel_size, strides, padding, data_format,
                          dilation_rate, activation, use_bias, kernel_initializer,
                          bias_initializer, kernel_regularizer, bias_regularizer,
                          activity_regularizer, kernel_constraint, bias_constraint, trainable,
                          name, reuse)


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
    return _conv_function(Conv2DTranspose, inputs, filters, kernel_size, strides, padding,
                          data_format, None, activation, use_bias, kernel_initializer,
                          bias_initializer, kernel_regularizer, bias_regularizer,
                          activity_regularizer, kernel_constraint, bias_constraint, trainable,
                          name, reuse)


def conv3d_transpose(inputs, filters, kernel_size, strides=(1, 1, 1), padding="valid",
                     data_format="channels_last", activation=None, use_bias=True,
                     kernel_initializer=None, bias_initializer=Zeros(), kernel_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                     bias_constraint=None, trainable=True, name=None, reuse=None):
    """The 3-D transposed convolution layer; the kernel is ``kernel_size + [filters,
    in_channels]``.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 4, 4, 4, 3])
    >>> tf.layers.conv3d_transpose(x, 2, 3, strides=2, padding="same").shape.as_list()
    [None, 8, 8, 8, 2]
    """
    return _conv_function(Conv3DTranspose, inputs, filters, kernel_size, strides, padding,
                          data_format, None, activation, use_bias, kernel_initializer,
                          bias_initializer, kernel_regularizer, bias_regularizer,
                          activity_regularizer, kernel_constraint, bias_constraint, trainable,
                          name, reuse)
