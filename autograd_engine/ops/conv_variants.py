"""The other TF1 names of convolution and pooling, each on the 1-, 2- or 3-D ops: the
rank-generic ``conv_transpose``/``avg_pool_v2``/``max_pool_v2`` and raw ``Conv``, the
explicitly ranked pools, ``conv1d_transpose``, ``atrous_conv2d_transpose``, the ``_v2``
gradient forms taking tensors instead of sizes, the native depthwise names and
``with_space_to_batch``.

>>> import autograd_engine as tf
>>> tf.nn.max_pool_v2(tf.zeros([2, 8, 3]), 2, 2, "VALID").shape.as_list()
[2, 4, 3]
"""
import numpy as np

from ..framework.graph import get_default_graph
from . import array_ops, conv3d_ops, pooling_ops, space_batch_ops
from .constant_op import convert_to_tensor
from .conv_extra_ops import pool
from .conv_ops import conv2d, conv2d_transpose, conv_attrs, known_filter_dims
from .depthwise_conv_ops import DEPTHWISE
from .nn_tail import conv2d_backprop_filter, conv2d_backprop_input
from .shape_ops import shape
from .window_geometry import nchw_wrapped


def _spatial(values, n, name, channels_first):
    """An int, or n, or n + 2 values in the data format's order -> n spatial values."""
    if isinstance(values, (int, np.integer)):
        return [int(values)] * n
    values = [int(v) for v in np.reshape(values, -1)]
    if len(values) == 1:
        return values * n
    if len(values) == n:
        return values
    if len(values) == n + 2:
        return values[2:] if channels_first else values[1:-1]
    raise ValueError("%s should be of length 1, %d or %d but was %d"
                     % (name, n, n + 2, len(values)))


def _is_channels_first(data_format):
    return data_format is not None and data_format.upper().startswith("NC")


def _pool_nd(pooling_type, input, ksize, strides, padding, data_format, name):  # noqa: A002
    x = convert_to_tensor(input)
    if x.shape.ndims is None:
        raise ValueError("pooling needs an input of known rank")
    n = x.shape.ndims - 2
    if n not in (1, 2, 3):
        raise ValueError("Input tensor must be of rank 3, 4 or 5 but was %d." % (n + 2))
    first = _is_channels_first(data_format)
    window, steps = _spatial(ksize, n, "ksize", first), _spatial(strides, n, "strides", first)
    if n == 3:
        pool_3d = conv3d_ops.max_pool3d if pooling_type == "MAX" else conv3d_ops.avg_pool3d
        return pool_3d(x, window, steps, padding, "NCDHW" if first else "NDHWC", name)
    formats = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW")}[n]
    return pool(x, window, pooling_type, padding, strides=steps, name=name,
                data_format=formats[1] if first else formats[0])


def max_pool_v2(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    """Max pooling of a 3-, 4- or 5-D input (1, 2 or 3 spatial dims, from its rank)."""
    return _pool_nd("MAX", input, ksize, strides, padding, data_format, name)


def avg_pool_v2(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    """Average pooling of a 3-, 4- or 5-D input (1, 2 or 3 spatial dims, from its rank)."""
    return _pool_nd("AVG", input, ksize, strides, padding, data_format, name)


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    """Max pooling of NWC (or NCW) input; ``ksize``/``strides`` an int or 1 or 3 values.

    >>> import autograd_engine as tf
    >>> tf.nn.max_pool1d(tf.zeros([2, 9, 3]), 3, 2, "SAME").shape.as_list()
    [2, 5, 3]
    """
    return _pool_nd("MAX", input, ksize, strides, padding, data_format, name)


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    """Average pooling of NWC (or NCW) input; ``ksize``/``strides`` an int or 1 or 3 values."""
    return _pool_nd("AVG", input, ksize, strides, padding, data_format, name)


def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):  # noqa: A002
    """:func:`max_pool` taking ``ksize``/``strides`` as an int, 2 or 4 values."""
    first = _is_channels_first(data_format)
    return pooling_ops.max_pool(input, _as_4d(ksize, first), _as_4d(strides, first), padding,
                                data_format=data_format, name=name)


def avg_pool2d(value, ksize, strides, padding, data_format="NHWC", name=None,
               input=None):  # noqa: A002
    """:func:`avg_pool` taking ``ksize``/``strides`` as an int, 2 or 4 values."""
    first = _is_channels_first(data_format)
    return pooling_ops.avg_pool(value if input is None else input, _as_4d(ksize, first),
                                _as_4d(strides, first), padding, data_format=data_format,
                                name=name)


def _as_4d(values, first):
    h, w = _spatial(values, 2, "ksize/strides", first)
    return [1, 1, h, w] if first else [1, h, w, 1]


def conv1d_transpose(input, filters, output_shape, strides, padding="SAME",  # noqa: A002
                     data_format="NWC", dilations=None, name=None):
    """The transpose of :func:`conv1d`: ``filters`` is ``[width, output_channels,
    in_channels]``; ``output_shape`` is ``[batch, width, channels]`` (NWC).

    >>> import autograd_engine as tf
    >>> tf.nn.conv1d_transpose(tf.zeros([2, 5, 4]), tf.zeros([3, 2, 4]), [2, 10, 2],
    ...                        2).shape.as_list()
    [2, 10, 2]
    """
    if data_format not in ("NWC", "NCW"):
        raise ValueError("data_format must be 'NWC' or 'NCW', got %r" % (data_format,))
    first = data_format == "NCW"
    spatial = 2 if first else 1
    with get_default_graph().name_scope(name or "conv1d_transpose"):
        x = convert_to_tensor(input)
        f = array_ops.expand_dims(convert_to_tensor(filters, dtype=x.dtype), 0)
        stride = _spatial(strides, 1, "strides", first)[0]
        rate = _spatial(dilations if dilations is not None else 1, 1, "dilations", first)[0]
        out = list(output_shape)
        out = out[:spatial] + [1] + out[spatial:]
        steps = [1, 1, 1, stride] if first else [1, 1, stride, 1]
        rates = [1, 1, 1, rate] if first else [1, 1, rate, 1]
        y = conv2d_transpose(array_ops.expand_dims(x, spatial), f, out, steps, padding,
                             data_format="NCHW" if first else "NHWC", dilations=rates)
        return array_ops.squeeze(y, [spatial])


def conv_transpose(input, filters, output_shape, strides, padding="SAME",  # noqa: A002
                   data_format=None, dilations=None, name=None):
    """The transposed convolution of 1, 2 or 3 spatial dims (from ``output_shape``'s length).

    >>> import autograd_engine as tf
    >>> tf.nn.conv_transpose(tf.zeros([1, 4, 4, 3]), tf.zeros([3, 3, 2, 3]), [1, 8, 8, 2],
    ...                      2).shape.as_list()
    [1, 8, 8, 2]
    """
    n = len(output_shape) - 2 if isinstance(output_shape, (list, tuple)) else \
        int(np.size(output_shape)) - 2
    first = _is_channels_first(data_format)
    steps = _spatial(strides, n, "strides", first)
    rates = _spatial(dilations if dilations is not None else 1, n, "dilations", first)
    if n == 1:
        return conv1d_transpose(input, filters, output_shape, steps, padding,
                                "NCW" if first else "NWC", rates, name)
    full = (lambda v: [1, 1] + v) if first else (lambda v: [1] + v + [1])
    if n == 2:
        return conv2d_transpose(input, filters, output_shape, full(steps), padding,
                                "NCHW" if first else "NHWC", name, dilations=full(rates))
    if n == 3:
        return conv3d_ops.conv3d_transpose(input, filters, output_shape, full(steps), padding,
                                           "NCDHW" if first else "NDHWC", name,
                                           dilations=full(rates))
    raise ValueError("output_shape must have 3, 4 or 5 elements, got %r" % (output_shape,))


def conv(input, filter, strides, padding, explicit_paddings=(),  # noqa: A002
         data_format="CHANNELS_LAST", dilations=(), batch_dims=1, groups=1, name=None):
    """TF's raw ``Conv`` op: a 2-D or 3-D convolution (from ``filter``'s rank) with full-length
    ``strides`` and ``dilations``; ``data_format`` is ``CHANNELS_LAST`` or ``CHANNELS_FIRST``.

    >>> import autograd_engine as tf
    >>> tf.conv(tf.zeros([1, 6, 6, 2]), tf.zeros([3, 3, 2, 4]), [1, 1, 1, 1],
    ...         "VALID").shape.as_list()
    [1, 4, 4, 4]
    """
    if data_format not in ("CHANNELS_LAST", "CHANNELS_FIRST"):
        raise ValueError("data_format must be 'CHANNELS_LAST' or 'CHANNELS_FIRST', got %r"
                         % (data_format,))
    if batch_dims != 1 or groups != 1 or list(explicit_paddings) or padding == "EXPLICIT":
        raise ValueError("conv: only batch_dims=1, groups=1 and SAME/VALID padding are "
                         "supported")
    f = convert_to_tensor(filter)
    rank = f.shape.ndims
    if rank not in (4, 5):
        raise ValueError("conv needs a 4-D or 5-D filter, got shape %s" % f.shape)
    first = data_format == "CHANNELS_FIRST"
    rates = list(dilations) or [1] * rank
    if rank == 4:
        return conv2d(input, f, strides, padding, data_format="NCHW" if first else "NHWC",
                      dilations=rates, name=name)
    return conv3d_ops.conv3d(input, f, strides, padding, "NCDHW" if first else "NDHWC", rates,
                             name)


def atrous_conv2d_transpose(value, filters, output_shape, rate, padding, name=None):
    """The transpose of :func:`atrous_conv2d`: ``filters`` ``[height, width, out_channels,
    in_channels]`` taps ``rate`` pixels apart, stride 1.

    >>> import autograd_engine as tf
    >>> tf.nn.atrous_conv2d_transpose(tf.zeros([1, 5, 5, 4]), tf.zeros([3, 3, 2, 4]),
    ...                               [1, 9, 9, 2], 2, "VALID").shape.as_list()
    [1, 9, 9, 2]
    """
    if int(rate) < 1:
        raise ValueError("rate %d cannot be less than one" % rate)
    return conv2d_transpose(value, filters, output_shape, [1, 1, 1, 1], padding,
                            name=name or "atrous_conv2d_transpose",
                            dilations=[1, int(rate), int(rate), 1])


def conv2d_backprop_filter_v2(input, filter, out_backprop, strides, padding,  # noqa: A002
                              use_cudnn_on_gpu=True, explicit_paddings=(), data_format="NHWC",
                              dilations=(1, 1, 1, 1), name=None):
    """:func:`conv2d_backprop_filter` taking the filter itself (its shape is the sizes)."""
    sizes = known_filter_dims(convert_to_tensor(filter), "filter")
    return conv2d_backprop_filter(input, list(sizes), out_backprop, strides, padding,
                                  data_format=data_format, dilations=dilations, name=name)


def conv2d_backprop_input_v2(input, filter, out_backprop, strides, padding,  # noqa: A002
                             use_cudnn_on_gpu=True, explicit_paddings=(), data_format="NHWC",
                             dilations=(1, 1, 1, 1), name=None):
    """:func:`conv2d_backprop_input` taking the input itself (its shape is the sizes)."""
    x = convert_to_tensor(input)
    dims = x.shape.as_tuple()
    sizes = shape(x) if dims is None or None in dims else list(dims)
    return conv2d_backprop_input(sizes, filter, out_backprop, strides, padding,
                                 data_format=data_format, dilations=dilations, name=name)


def depthwise_conv2d_native(input, filter, strides, padding, data_format="NHWC",  # noqa: A002
                            dilations=(1, 1, 1, 1), name=None):
    """TF's DepthwiseConv2dNative: ``strides`` and ``dilations`` have 4 elements.

    >>> import autograd_engine as tf
    >>> tf.nn.depthwise_conv2d_native(tf.zeros([1, 5, 5, 3]), tf.zeros([3, 3, 3, 2]),
    ...                               [1, 1, 1, 1], "VALID").shape.as_list()
    [1, 3, 3, 6]
    """
    x = convert_to_tensor(input)
    f = convert_to_tensor(filter, dtype=x.dtype)
    attrs = conv_attrs(known_filter_dims(f, "filter"), strides, dilations, padding, data_format)
    return nchw_wrapped(lambda t: DEPTHWISE.apply(t, f, attrs, name), x, data_format)


def depthwise_conv2d_native_backprop_input(input_sizes, filter, out_backprop, strides,  # noqa: A002
                                           padding, data_format="NHWC",
                                           dilations=(1, 1, 1, 1), name=None):
    """The gradient of :func:`depthwise_conv2d_native` with respect to its input."""
    f = convert_to_tensor(filter)
    attrs = conv_attrs(known_filter_dims(f, "filter"), strides, dilations, padding, data_format)
    sizes = input_sizes
    if data_format == "NCHW":
        n, c, h, w = [int(v) for v in np.reshape(input_sizes, -1)]
        sizes = [n, h, w, c]
    return nchw_wrapped(lambda g: DEPTHWISE.input_grad(sizes, f, g, attrs, name),
                        convert_to_tensor(out_backprop, dtype=f.dtype), data_format)


def depthwise_conv2d_native_backprop_filter(input, filter_sizes,  # noqa: A002
                                            out_backprop, strides, padding, data_format="NHWC",
                                            dilations=(1, 1, 1, 1), name=None):
    """The gradient of :func:`depthwise_conv2d_native` with respect to its filter."""
    sizes = [int(v) for v in np.reshape(filter_sizes, -1)]
    attrs = conv_attrs(sizes, strides, dilations, padding, data_format)
    x = convert_to_tensor(input)
    g = convert_to_tensor(out_backprop, dtype=x.dtype)
    if data_format == "NCHW":
        x, g = array_ops.transpose(x, [0, 2, 3, 1]), array_ops.transpose(g, [0, 2, 3, 1])
    return DEPTHWISE.filter_grad(x, sizes, g, attrs, name)


depthwise_conv2d_backprop_input = depthwise_conv2d_native_backprop_input
depthwise_conv2d_backprop_filter = depthwise_conv2d_native_backprop_filter


def space_to_batch(input, paddings, block_size=None, name=None, block_shape=None):  # noqa: A002
    """``tf.nn.space_to_batch``: a square ``block_size`` (or its newer name ``block_shape``)."""
    if (block_size is None) == (block_shape is None):
        raise ValueError("space_to_batch needs exactly one of block_size and block_shape")
    return space_batch_ops.space_to_batch(input, paddings,
                                          block_shape if block_size is None else block_size,
                                          name=name)


def with_space_to_batch(input, dilation_rate, padding, op, filter_shape=None,  # noqa: A002
                        spatial_dims=None, data_format=None):
    """Runs ``op(converted_input, num_spatial_dims, padding)`` at ``dilation_rate`` by moving
    the rate's blocks into the batch (``space_to_batch_nd``), running ``op`` with VALID
    padding, and moving them back (``batch_to_space_nd``), as TF1 does. SAME padding needs
    ``filter_shape``.

    >>> import autograd_engine as tf
    >>> x = tf.zeros([1, 8, 8, 2])
    >>> f = tf.zeros([3, 3, 2, 4])
    >>> op = lambda t, n, pad: tf.nn.conv2d(t, f, [1, 1, 1, 1], pad)
    >>> tf.nn.with_space_to_batch(x, [2, 2], "SAME", op, filter_shape=[3, 3]).shape.as_list()
    [1, 8, 8, 4]
    """
    x = convert_to_tensor(input)
    rates = [int(r) for r in np.reshape(dilation_rate, -1)]
    n = len(rates)
    if _is_channels_first(data_format):
        raise ValueError("with_space_to_batch supports channels-last data only")
    dims = list(spatial_dims) if spatial_dims is not None else list(range(1, n + 1))
    if dims != list(range(1, n + 1)):
        raise ValueError("with_space_to_batch supports spatial_dims 1..%d only" % n)
    if min(rates) < 1:
        raise ValueError("dilation_rate must be positive")
    if max(rates) == 1:
        return op(x, n, padding)
    if padding == "SAME":
        if filter_shape is None:
            raise ValueError("filter_shape must be specified for SAME padding")
        kernel = [int(k) for k in np.reshape(filter_shape, -1)[:n]]
        effective = [(k - 1) * r + 1 for k, r in zip(kernel, rates)]
        base = [[(e - 1) // 2, e - 1 - (e - 1) // 2] for e in effective]
    elif padding == "VALID":
        base = [[0, 0]] * n
    else:
        raise ValueError("Invalid padding method %r" % (padding,))
    sizes = x.shape.as_tuple()[1:n + 1]
    if None in sizes:
        raise ValueError("with_space_to_batch needs the spatial sizes known; got %s" % x.shape)
    paddings, crops = [], []
    for size, rate, (before, after) in zip(sizes, rates, base):
        padded = size + before + after
        extra = (-padded) % rate
        paddings.append([before, after + extra])
        crops.append([0, extra])
    batched = space_batch_ops.space_to_batch_nd(x, rates, paddings)
    return space_batch_ops.batch_to_space_nd(op(batched, n, "VALID"), rates, crops)


__all__ = ["max_pool_v2", "avg_pool_v2", "max_pool1d", "avg_pool1d", "max_pool2d",
           "avg_pool2d", "conv1d_transpose", "conv_transpose", "conv",
           "atrous_conv2d_transpose", "conv2d_backprop_filter_v2", "conv2d_backprop_input_v2",
           "depthwise_conv2d_native", "depthwise_conv2d_native_backprop_input",
           "depthwise_conv2d_native_backprop_filter", "depthwise_conv2d_backprop_input",
           "depthwise_conv2d_backprop_filter", "space_to_batch", "with_space_to_batch"]
