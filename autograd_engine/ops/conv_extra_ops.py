"""conv1d, atrous_conv2d, and the rank-generic ``convolution`` and ``pool``, all on the 2-D
ops: a 1-D input (NWC or NCW) gets a height axis of size 1, as TF1's conv1d does, so every
kernel and gradient is the 2-D one."""
import numpy as np

from ..framework.graph import get_default_graph
from . import array_ops, pooling_ops
from .constant_op import convert_to_tensor
from .conv_ops import conv2d


# per spatial rank: (channels-last format, channels-first format)
_FORMATS = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW")}


def _channels_first(data_format, rank):
    """Whether ``data_format`` (None = channels last) puts channels first, checked for ``rank``
    spatial dims; 1-D also takes the 2-D names, as TF1's conv1d does."""
    last, first = _FORMATS[rank]
    allowed = (None, last, first) + (("NHWC", "NCHW") if rank == 1 else ())
    if data_format not in allowed:
        raise ValueError("data_format must be %r or %r, got %r" % (last, first, data_format))
    return data_format is not None and data_format.startswith("NC")


def _sequence(value, n, name, first):
    """TF1's ``_get_sequence``: an int, or 1, n or n + 2 values (the latter in the data format's
    axis order, ``first``: channels first) -> n spatial values."""
    if value is None:
        return [1] * n
    value = [value] if isinstance(value, (int, np.integer)) else [int(v) for v in value]
    if len(value) == n + 2:
        return value[2:] if first else value[1:-1]
    if len(value) == 1:
        return value * n
    if len(value) == n:
        return value
    raise ValueError("%s should be of length 1, %d or %d but was %d" % (name, n, n + 2, len(value)))


def _strides_and_dilation_rate(n, strides, dilation_rate):
    """TF1's checks of ``convolution``'s and ``pool``'s per-spatial-dim arguments."""
    def check(values, name):
        if values is None:
            return [1] * n
        values = [int(v) for v in np.reshape(values, -1)]
        if len(values) != n:
            raise ValueError("len(%s)=%d but should be %d" % (name, len(values), n))
        if min(values) < 1:
            raise ValueError("all values of %s must be positive" % name)
        return values
    dilation_rate, strides = check(dilation_rate, "dilation_rate"), check(strides, "strides")
    if max(strides) > 1 and max(dilation_rate) > 1:
        raise ValueError("strides > 1 not supported in conjunction with dilation_rate > 1")
    return strides, dilation_rate


def _as_2d(values, first):
    """Per-spatial-dim values (height, width) as a 4-element NHWC / NCHW list."""
    return [1, 1] + list(values) if first else [1] + list(values) + [1]


def conv1d(value=None, filters=None, stride=None, padding=None, use_cudnn_on_gpu=None,
           data_format=None, name=None, input=None, dilations=None):  # noqa: A002
    """1-D convolution of NWC (or NCW) ``value`` with a ``[width, in_channels, out_channels]``
    filter: conv2d on a height of 1.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 10, 3])
    >>> tf.nn.conv1d(x, tf.zeros([3, 3, 4]), 2, "SAME").shape.as_list()
    [None, 5, 4]
    """
    if value is not None and input is not None:
        raise ValueError("Cannot specify both 'input' and 'value'")
    value = input if value is None else value
    first = _channels_first(data_format, 1)
    spatial = 2 if first else 1
    with get_default_graph().name_scope(name or "conv1d"):
        value = convert_to_tensor(value)
        filters = convert_to_tensor(filters, dtype=value.dtype)
        out = conv2d(array_ops.expand_dims(value, spatial), array_ops.expand_dims(filters, 0),
                     _as_2d([1] + _sequence(stride, 1, "stride", first), first), padding,
                     data_format="NCHW" if first else "NHWC",
                     dilations=_as_2d([1] + _sequence(dilations, 1, "dilations", first), first))
        return array_ops.squeeze(out, [spatial])


def atrous_conv2d(value, filters, rate, padding, name=None):
    """2-D convolution with holes: ``filters`` taps ``rate`` pixels apart (stride 1).

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 9, 9, 2])
    >>> tf.nn.atrous_conv2d(x, tf.zeros([3, 3, 2, 4]), 2, "VALID").shape.as_list()
    [None, 5, 5, 4]
    """
    return convolution(value, filters, padding, dilation_rate=np.broadcast_to(rate, (2,)),
                       name=name)


def convolution(input, filter=None, padding=None, strides=None, dilation_rate=None,  # noqa: A002
                name=None, data_format=None, filters=None, dilations=None):
    """N-D convolution for N = 1 or 2, the spatial rank taken from ``filter``'s rank - 2;
    ``strides`` and ``dilation_rate`` have one value per spatial dim.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    >>> tf.nn.convolution(x, tf.zeros([3, 3, 3, 4]), "SAME", strides=[2, 2]).shape.as_list()
    [None, 4, 4, 4]
    """
    if filter is not None and filters is not None:
        raise ValueError("Cannot specify both 'filter' and 'filters'")
    if dilation_rate is not None and dilations is not None:
        raise ValueError("Cannot specify both 'dilation_rate' and 'dilations'")
    x = convert_to_tensor(input)
    f = convert_to_tensor(filters if filter is None else filter, dtype=x.dtype)
    fd, xd = f.shape.as_tuple(), x.shape.as_tuple()
    if fd is None:
        raise ValueError("convolution needs a filter of known rank")
    n = len(fd) - 2
    if n not in (1, 2):
        raise ValueError("only 1-D and 2-D convolutions are supported (got %d-D)" % n)
    if xd is not None and len(xd) != n + 2:
        raise ValueError("input tensor must have rank %d" % (n + 2))
    first = _channels_first(data_format, n)
    depth = None if xd is None else xd[1 if first else -1]
    if None not in (depth, fd[-2]) and depth != fd[-2]:
        raise ValueError("number of input channels does not match corresponding dimension of "
                         "filter, %d != %d" % (depth, fd[-2]))
    strides, rate = _strides_and_dilation_rate(
        n, strides, dilations if dilation_rate is None else dilation_rate)
    if n == 1:
        return conv1d(x, f, strides, padding, data_format=data_format, name=name,
                      dilations=rate)
    with get_default_graph().name_scope(name or "convolution"):
        return conv2d(x, f, _as_2d(strides, first), padding,
                      data_format="NCHW" if first else "NHWC", dilations=_as_2d(rate, first))


_POOLS = {"MAX": pooling_ops.max_pool, "AVG": pooling_ops.avg_pool}


def pool(input, window_shape, pooling_type, padding, dilation_rate=None, strides=None,  # noqa: A002
         name=None, data_format=None):
    """1-D or 2-D max or average pooling (``pooling_type`` "MAX" or "AVG") with one window
    size and stride per spatial dim.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 10, 3])
    >>> tf.nn.pool(x, [2], "MAX", "VALID", strides=[2]).shape.as_list()
    [None, 5, 3]
    """
    window_shape = [int(k) for k in np.reshape(window_shape, -1)]
    n = len(window_shape)
    if n < 1 or n > 3:
        raise ValueError("It is required that 1 <= num_spatial_dims <= 3.")
    if n == 3 or pooling_type not in _POOLS:
        raise ValueError("%d-D %s pooling is not supported." % (n, pooling_type))
    x = convert_to_tensor(input)
    xd = x.shape.as_tuple()
    if xd is not None and len(xd) != n + 2:
        raise ValueError("Shape %s must have rank %d" % (x.shape, n + 2))
    strides, rate = _strides_and_dilation_rate(n, strides, dilation_rate)
    if max(rate) > 1:
        raise ValueError("tf.nn.pool: dilation_rate > 1 is not supported")
    if any(s > k for s, k in zip(strides, window_shape)):
        raise ValueError("strides > window_shape not supported due to inconsistency between "
                         "CPU and GPU implementations")
    first = _channels_first(data_format, n)
    fmt = "NCHW" if first else "NHWC"
    if n == 2:
        return _POOLS[pooling_type](x, _as_2d(window_shape, first), _as_2d(strides, first),
                                    padding, data_format=fmt, name=name)
    spatial = 2 if first else 1
    with get_default_graph().name_scope(name or "pool"):
        out = _POOLS[pooling_type](array_ops.expand_dims(x, spatial),
                                   _as_2d([1] + window_shape, first),
                                   _as_2d([1] + strides, first), padding, data_format=fmt)
        return array_ops.squeeze(out, [spatial])


__all__ = ["conv1d", "atrous_conv2d", "convolution", "pool"]
