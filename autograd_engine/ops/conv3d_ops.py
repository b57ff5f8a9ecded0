"""3-D convolution and pooling (NDHWC, or NCDHW through transposes) on the 2-D ops.

The depth axis is unrolled by hand and the 2-D kernels do the rest: for a kernel ``kd`` deep,
the input is padded along depth and cut into ``kd`` strided depth slices (the cells each depth
offset of the kernel reads), which are stacked along channels, so one ``conv2d`` over a batch
of ``N * out_depth`` images, with the filter reshaped to ``[kh, kw, kd * in_channels, out]``,
is the 3-D convolution. That is the im2col of the depth axis; the 2-D op does the im2col of
height and width. Pooling is separable: a 2-D pool of every depth slice, then the max (or the
mean over real cells) of ``kd`` strided depth slices. Every piece is an existing
differentiable op, so the gradients (and the second order) come from theirs.
"""
import numpy as np

from ..framework.graph import get_default_graph
from . import array_ops, pooling_ops
from .concat_split_ops import concat
from .constant_op import constant, convert_to_tensor
from .conv_ops import conv2d, conv2d_backprop_filter, conv2d_backprop_input
from .elementwise_binary_ops import maximum
from .matmul_ops import add_n
from .shape_ops import shape
from .slicing_ops import pad, strided_slice
from .window_geometry import check_padding, window_output_size

_FORMATS = ("NDHWC", "NCDHW")


def _triple(values, name, data_format, length=5):
    """Per-spatial-dim (depth, height, width) of an int, 3 values, or 5 in ``data_format``."""
    if isinstance(values, (int, np.integer)):
        return (int(values),) * 3
    values = [int(v) for v in values]
    if len(values) == length:
        values = values[2:] if data_format == "NCDHW" else values[1:4]
        return tuple(values)
    if len(values) == 3:
        return tuple(values)
    raise ValueError("%s must have 3 or %d elements, got %r" % (name, length, values))


def _check_format(data_format):
    if data_format not in _FORMATS:
        raise ValueError("data_format must be 'NDHWC' or 'NCDHW', got %r" % (data_format,))
    return data_format


def _channels_last(tensor, data_format):
    return tensor if data_format == "NDHWC" else array_ops.transpose(tensor, [0, 2, 3, 4, 1])


def _channels_back(tensor, data_format):
    return tensor if data_format == "NDHWC" else array_ops.transpose(tensor, [0, 4, 1, 2, 3])


def _dims(tensor, what):
    """The 5 dims of ``tensor``: static ints where known, scalar shape tensors elsewhere."""
    static = tensor.shape.as_tuple()
    if static is None or len(static) != 5:
        raise ValueError("%s must be 5-D, got shape %s" % (what, tensor.shape))
    dynamic = shape(tensor)
    return [d if d is not None else dynamic[i] for i, d in enumerate(static)]


def _known_depth(depth, what):
    if not isinstance(depth, int):
        raise ValueError("%s needs the depth of its input known while building" % what)
    return depth


class _DepthWindow:
    """The depth axis of a 3-D window: size, stride, dilation and padding resolved against a
    known input depth."""

    def __init__(self, depth, kernel, stride, dilation, padding):
        self.depth, self.kernel, self.stride, self.dilation = depth, kernel, stride, dilation
        self.out, self.before, self.after = window_output_size(depth, kernel, stride, dilation,
                                                               padding)
        if self.out < 1:
            raise ValueError("the kernel depth %d (dilated) is larger than the input depth %d"
                             % (kernel, depth))

    def slices(self, padded):
        """The ``kernel`` strided depth slices [N, out, ...] of the padded input, one per
        depth offset of the kernel."""
        span = (self.out - 1) * self.stride + 1
        return [strided_slice(padded, [0, k * self.dilation, 0, 0, 0],
                              [0, k * self.dilation + span, 0, 0, 0], [1, self.stride, 1, 1, 1],
                              begin_mask=0b11101, end_mask=0b11101)
                for k in range(self.kernel)]

    def pad(self, tensor, constant_values=0):
        if self.before == 0 and self.after == 0:
            return tensor
        return pad(tensor, [[0, 0], [self.before, self.after], [0, 0], [0, 0], [0, 0]],
                   constant_values=constant_values)

    def place(self, piece, k, dims):
        """The adjoint of slice ``k``: ``piece`` [N, out, H, W, C] scattered back into a zero
        [N, depth, H, W, C] (padding cropped)."""
        if self.stride > 1:  # interleave stride - 1 zero slices after each output depth
            spread = pad(array_ops.expand_dims(piece, 2),
                         [[0, 0], [0, 0], [0, self.stride - 1], [0, 0], [0, 0], [0, 0]])
            piece = array_ops.reshape(spread, [dims[0], self.out * self.stride] + dims[2:])
            piece = strided_slice(piece, [0, 0, 0, 0, 0], [0, (self.out - 1) * self.stride + 1,
                                                           0, 0, 0],
                                  begin_mask=0b11101, end_mask=0b11101)
        padded = self.before + self.depth + self.after
        start = k * self.dilation
        placed = pad(piece, [[0, 0], [start, padded - start - (self.out - 1) * self.stride - 1],
                             [0, 0], [0, 0], [0, 0]])
        return strided_slice(placed, [0, self.before, 0, 0, 0],
                             [0, self.before + self.depth, 0, 0, 0],
                             begin_mask=0b11101, end_mask=0b11101)


def _stacked(x_dims, window, x):
    """[N * out_depth, H, W, kd * C]: each output depth's kd input slices side by side."""
    stacked = concat(window.slices(window.pad(x)), axis=4)
    return array_ops.reshape(stacked, [-1, x_dims[2], x_dims[3], window.kernel * x_dims[4]])


def _flat_filter(f, fd):
    """[kd, kh, kw, C, O] -> [kh, kw, kd * C, O], matching :func:`_stacked`'s channel order."""
    return array_ops.reshape(array_ops.transpose(f, [1, 2, 0, 3, 4]),
                             [fd[1], fd[2], fd[0] * fd[3], fd[4]])


def _attrs_2d(strides, dilations):
    return [1, strides[1], strides[2], 1], [1, dilations[1], dilations[2], 1]


def _filter_dims(f):
    fd = f.shape.as_tuple()
    if fd is None or len(fd) != 5 or None in fd:
        raise ValueError("The filter must have a known 5-D shape, got %s" % f.shape)
    return fd


def _window(depth, fd, strides, dilations, padding):
    return _DepthWindow(depth, fd[0], strides[0], dilations[0], check_padding(padding))


def conv3d(input, filter=None, strides=None, padding=None, data_format="NDHWC",  # noqa: A002
           dilations=(1, 1, 1, 1, 1), name=None, filters=None):
    """3-D convolution of NDHWC ``input`` with a ``[depth, height, width, in_channels,
    out_channels]`` filter; ``strides`` and ``dilations`` have 5 elements (1 for batch and
    channels).

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 8, 8, 8, 2])
    >>> tf.nn.conv3d(x, tf.zeros([3, 3, 3, 2, 4]), [1, 2, 2, 2, 1], "SAME").shape.as_list()
    [None, 4, 4, 4, 4]
    """
    data_format = _check_format(data_format)
    if strides is None or padding is None:
        raise ValueError("conv3d needs strides and padding")
    with get_default_graph().name_scope(name or "Conv3D"):
        x = _channels_last(convert_to_tensor(input), data_format)
        f = convert_to_tensor(filters if filter is None else filter, dtype=x.dtype)
        fd, xd = _filter_dims(f), _dims(x, "conv3d's input")
        if isinstance(xd[4], int) and xd[4] != fd[3]:
            raise ValueError("conv3d: the input depth (%d) must match the filter's in_channels "
                             "(%d)" % (xd[4], fd[3]))
        strides = _triple(strides, "strides", data_format)
        dilations = _triple(dilations, "dilations", data_format)
        window = _window(_known_depth(xd[1], "conv3d"), fd, strides, dilations, padding)
        strides_2d, dilations_2d = _attrs_2d(strides, dilations)
        out = conv2d(_stacked(xd, window, x), _flat_filter(f, fd), strides_2d,
                     check_padding(padding), dilations=dilations_2d)
        out_hw = out.shape.as_tuple()[1:3]
        out_hw = [d if d is not None else shape(out)[i + 1] for i, d in enumerate(out_hw)]
        out = array_ops.reshape(out, [xd[0], window.out] + out_hw + [fd[4]])
        return _channels_back(out, data_format)


def conv3d_backprop_filter(input, filter_sizes, out_backprop, strides, padding,  # noqa: A002
                           data_format="NDHWC", dilations=(1, 1, 1, 1, 1), name=None):
    """The gradient of :func:`conv3d` with respect to its filter, of shape ``filter_sizes``.

    >>> import autograd_engine as tf
    >>> tf.nn.conv3d_backprop_filter_v2(tf.zeros([1, 4, 4, 4, 2]), [2, 2, 2, 2, 3],
    ...     tf.zeros([1, 3, 3, 3, 3]), [1, 1, 1, 1, 1], "VALID").shape.as_list()
    [2, 2, 2, 2, 3]
    """
    data_format = _check_format(data_format)
    with get_default_graph().name_scope(name or "Conv3DBackpropFilterV2"):
        x = _channels_last(convert_to_tensor(input), data_format)
        grad = _channels_last(convert_to_tensor(out_backprop, dtype=x.dtype), data_format)
        fd = tuple(int(d) for d in np.reshape(filter_sizes, -1))
        xd, gd = _dims(x, "conv3d's input"), _dims(grad, "out_backprop")
        strides = _triple(strides, "strides", data_format)
        dilations = _triple(dilations, "dilations", data_format)
        window = _window(_known_depth(xd[1], "conv3d_backprop_filter"), fd, strides, dilations,
                         padding)
        flat_grad = array_ops.reshape(grad, [-1, gd[2], gd[3], fd[4]])
        strides_2d, dilations_2d = _attrs_2d(strides, dilations)
        flat = conv2d_backprop_filter(_stacked(xd, window, x),
                                      [fd[1], fd[2], fd[0] * fd[3], fd[4]], flat_grad,
                                      {"kernel_hw": (fd[1], fd[2]),
                                       "strides": tuple(strides_2d[1:3]),
                                       "dilations": tuple(dilations_2d[1:3]),
                                       "padding": check_padding(padding)}, None)
        return array_ops.transpose(array_ops.reshape(flat, [fd[1], fd[2], fd[0], fd[3], fd[4]]),
                                   [2, 0, 1, 3, 4])


def conv3d_backprop_input(input_sizes, filter, out_backprop, strides, padding,  # noqa: A002
                          data_format="NDHWC", dilations=(1, 1, 1, 1, 1), name=None):
    """The gradient of :func:`conv3d` with respect to an input of shape ``input_sizes`` (its
    batch may be a tensor); also the transposed convolution.

    >>> import autograd_engine as tf
    >>> conv3d_backprop_input([1, 4, 4, 4, 2], tf.zeros([2, 2, 2, 2, 3]),
    ...     tf.zeros([1, 3, 3, 3, 3]), [1, 1, 1, 1, 1], "VALID").shape.as_list()
    [1, 4, 4, 4, 2]
    """
    data_format = _check_format(data_format)
    with get_default_graph().name_scope(name or "Conv3DBackpropInputV2"):
        f = convert_to_tensor(filter)
        grad = _channels_last(convert_to_tensor(out_backprop, dtype=f.dtype), data_format)
        fd, gd = _filter_dims(f), _dims(grad, "out_backprop")
        sizes = input_sizes
        if isinstance(sizes, (list, tuple)):
            sizes = list(sizes)
            if data_format == "NCDHW":
                sizes = [sizes[0], sizes[2], sizes[3], sizes[4], sizes[1]]
        else:
            value = np.reshape(input_sizes, -1) if not hasattr(input_sizes, "op") else None
            if value is None:
                raise ValueError("conv3d_backprop_input needs input_sizes known while building "
                                 "(the batch may be a tensor)")
            sizes = [int(v) for v in value]
            if data_format == "NCDHW":
                sizes = [sizes[0], sizes[2], sizes[3], sizes[4], sizes[1]]
        for i in range(1, 5):
            if not isinstance(sizes[i], (int, np.integer)):
                raise ValueError("conv3d_backprop_input needs the input's depth, height, width "
                                 "and channels known while building")
        sizes = [sizes[0]] + [int(s) for s in sizes[1:]]
        strides = _triple(strides, "strides", data_format)
        dilations = _triple(dilations, "dilations", data_format)
        window = _window(sizes[1], fd, strides, dilations, padding)
        strides_2d, dilations_2d = _attrs_2d(strides, dilations)
        flat_grad = array_ops.reshape(grad, [-1, gd[2], gd[3], fd[4]])
        stacked = conv2d_backprop_input(
            [shape(flat_grad)[0], sizes[2], sizes[3], fd[0] * fd[3]], _flat_filter(f, fd),
            flat_grad, {"kernel_hw": (fd[1], fd[2]), "strides": tuple(strides_2d[1:3]),
                        "dilations": tuple(dilations_2d[1:3]),
                        "padding": check_padding(padding)}, None)
        batch = gd[0]
        pieces = array_ops.reshape(stacked, [batch, window.out, sizes[2], sizes[3], fd[0],
                                             fd[3]])
        dims = [batch, window.out, sizes[2], sizes[3], fd[3]]
        placed = [window.place(pieces[:, :, :, :, k], k, dims) for k in range(fd[0])]
        return _channels_back(add_n(placed) if len(placed) > 1 else placed[0], data_format)


def conv3d_transpose(value, filter=None, output_shape=None, strides=None,  # noqa: A002
                     padding="SAME", data_format="NDHWC", name=None, input=None, filters=None,
                     dilations=None):
    """The transpose of :func:`conv3d`: upsamples ``value`` to ``output_shape`` with a
    ``[depth, height, width, output_channels, in_channels]`` filter.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [2, 3, 3, 3, 4])
    >>> tf.nn.conv3d_transpose(x, tf.zeros([2, 2, 2, 1, 4]), [2, 6, 6, 6, 1],
    ...                        [1, 2, 2, 2, 1]).shape.as_list()
    [2, 6, 6, 6, 1]
    """
    value = input if value is None else value
    return conv3d_backprop_input(output_shape, filters if filter is None else filter, value,
                                 strides, padding, data_format, dilations or 1,
                                 name or "conv3d_transpose")


def _pool3d(pool_2d, combine, input, ksize, strides, padding, data_format, name):  # noqa: A002
    data_format = _check_format(data_format)
    x = _channels_last(convert_to_tensor(input), data_format)
    xd = _dims(x, "the pool's input")
    kd, kh, kw = _triple(ksize, "ksize", data_format)
    sd, sh, sw = _triple(strides, "strides", data_format)
    window = _DepthWindow(_known_depth(xd[1], "3-D pooling"), kd, sd, 1, check_padding(padding))
    pooled = pool_2d(array_ops.reshape(x, [-1, xd[2], xd[3], xd[4]]), [1, kh, kw, 1],
                     [1, sh, sw, 1], check_padding(padding))
    out_hw = [d if d is not None else shape(pooled)[i + 1]
              for i, d in enumerate(pooled.shape.as_tuple()[1:3])]
    pooled = array_ops.reshape(pooled, [xd[0], xd[1]] + out_hw + [xd[4]])
    return _channels_back(combine(window, pooled), data_format)


def _max_over_depth(window, pooled):
    lowest = (np.finfo(pooled.dtype.np_dtype).min if pooled.dtype.is_floating
              else np.iinfo(pooled.dtype.np_dtype).min)
    slices = window.slices(window.pad(pooled, constant_values=lowest))
    out = slices[0]
    for piece in slices[1:]:
        out = maximum(out, piece)
    return out


def _mean_over_depth(window, pooled):
    slices = window.slices(window.pad(pooled))
    total = add_n(slices) if len(slices) > 1 else slices[0]
    starts = np.arange(window.out) * window.stride - window.before
    counts = (np.minimum(starts + window.kernel, window.depth) - np.maximum(starts, 0))
    divisor = constant(counts.reshape(1, -1, 1, 1, 1).astype(pooled.dtype.np_dtype))
    return total / divisor


def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):  # noqa: A002
    """Max pooling over ``[depth, height, width]`` windows of NDHWC input.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 8, 8, 8, 3])
    >>> tf.nn.max_pool3d(x, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], "VALID").shape.as_list()
    [None, 4, 4, 4, 3]
    """
    with get_default_graph().name_scope(name or "MaxPool3D"):
        return _pool3d(pooling_ops.max_pool, _max_over_depth, input, ksize, strides, padding,
                       data_format, name)


def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):  # noqa: A002
    """Average pooling over ``[depth, height, width]`` windows; with SAME padding each window
    divides by its count of real cells, as TF does.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.nn.avg_pool3d(tf.ones([1, 3, 3, 3, 1]), 2, 2, "SAME")).ravel()
    array([1., 1., 1., 1., 1., 1., 1., 1.], dtype=float32)
    """
    with get_default_graph().name_scope(name or "AvgPool3D"):
        return _pool3d(pooling_ops.avg_pool, _mean_over_depth, input, ksize, strides, padding,
                       data_format, name)


__all__ = ["conv3d", "conv3d_backprop_filter", "conv3d_backprop_input", "conv3d_transpose",
           "max_pool3d", "avg_pool3d"]
