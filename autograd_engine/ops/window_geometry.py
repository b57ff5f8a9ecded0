"""The geometry shared by convolution and pooling (NHWC): a kernel sliding over the padded input
with strides and dilations, and the attrs, argument checks and NCHW handling their public
functions share.

Every kernel in ``conv_ops`` and ``pooling_ops`` works one *kernel offset* at a time: for the
offset (i, j), the input cells that offset reads in every window form one strided slice of the
padded input (:meth:`WindowGeometry.offset_slice`). A loop over the k_h * k_w offsets then
touches whole arrays with large inner loops and never loops over pixels; the adjoint of reading
through a slice is adding into the same slice.
"""
import numpy as np

from ..framework.graph import ShapeInferenceError
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .op_samples import OpSample, normal
from .registry import OpDef, make_tensor
from .shape_ops import ShapeOperand, shape_operand_of


def window_output_size(size, kernel, stride, dilation, padding):
    """(output size, padding before, padding after) along one spatial axis, with TF's SAME
    rule: output = ceil(size / stride), the extra padding going after (bottom/right).

    >>> window_output_size(28, 5, 1, 1, "SAME")
    (28, 2, 2)
    >>> window_output_size(28, 2, 2, 1, "VALID")
    (14, 0, 0)
    """
    effective = (kernel - 1) * dilation + 1
    if size is None:
        return None, None, None
    if padding == "VALID":
        out = (size - effective) // stride + 1
        return max(out, 0), 0, 0
    out = -(-size // stride)
    total = max((out - 1) * stride + effective - size, 0)
    return out, total // 2, total - total // 2


class WindowGeometry:
    """The static description of a sliding window over NHWC input: kernel, strides, dilations
    and padding, resolved against a concrete input shape when a kernel runs."""

    def __init__(self, kernel_hw, strides, dilations, padding):
        self.kh, self.kw = kernel_hw
        self.sh, self.sw = strides
        self.dh, self.dw = dilations
        self.padding = padding

    def output_hw(self, h, w):
        oh, _, _ = window_output_size(h, self.kh, self.sh, self.dh, self.padding)
        ow, _, _ = window_output_size(w, self.kw, self.sw, self.dw, self.padding)
        return oh, ow

    def pads(self, h, w):
        _, top, bottom = window_output_size(h, self.kh, self.sh, self.dh, self.padding)
        _, left, right = window_output_size(w, self.kw, self.sw, self.dw, self.padding)
        return (top, bottom), (left, right)

    @property
    def windows_overlap(self):
        """Whether an input cell can lie in more than one window (then adjoints must add)."""
        return (self.kh - 1) * self.dh + 1 > self.sh or (self.kw - 1) * self.dw + 1 > self.sw

    def windows_tile(self, h, w):
        """Whether the windows over an (h, w) input cover every cell of the padded input
        exactly once (a 2x2 pool at stride 2 of an even-sized input): then an adjoint writes
        each cell once and needs no zeroed array to start from.

        >>> pool = WindowGeometry((2, 2), (2, 2), (1, 1), "SAME")
        >>> pool.windows_tile(28, 28), pool.windows_tile(27, 28), pool.windows_tile(4, 5)
        (True, True, True)
        >>> WindowGeometry((2, 2), (2, 2), (1, 1), "VALID").windows_tile(4, 5)
        False
        """
        (top, bottom), (left, right) = self.pads(h, w)
        oh, ow = self.output_hw(h, w)
        return ((self.kh, self.kw) == (self.sh, self.sw) and (self.dh, self.dw) == (1, 1)
                and oh * self.sh == h + top + bottom and ow * self.sw == w + left + right)

    def pad(self, xp, x, value=0):
        (top, bottom), (left, right) = self.pads(x.shape[1], x.shape[2])
        if not (top or bottom or left or right):
            return x
        return xp.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=value)

    def padded_zeros(self, xp, input_shape, dtype, zeroed=True):
        """Zeros shaped like the padded input: what adjoints accumulate into (``zeroed=False``:
        uninitialized, for an adjoint that writes every cell)."""
        n, h, w, c = input_shape
        (top, bottom), (left, right) = self.pads(h, w)
        return (xp.zeros if zeroed else xp.empty)((n, h + top + bottom, w + left + right, c),
                                                  dtype=dtype)

    def crop(self, padded, input_shape):
        """The input's own cells of a padded array (a view)."""
        (top, _), (left, _) = self.pads(input_shape[1], input_shape[2])
        return padded[:, top:top + input_shape[1], left:left + input_shape[2], :]

    def windows(self, xp, padded, out_hw):
        """The (N, OH, OW, KH, KW, C) view of ``padded``, every window at once (no copy):
        reshaped to (N*OH*OW, KH*KW*C) it is im2col."""
        n, _, _, c = padded.shape
        oh, ow = out_hw
        s_n, s_h, s_w, s_c = padded.strides
        read_only = {"writeable": False} if xp is np else {}  # CuPy's as_strided has no such flag
        return xp.lib.stride_tricks.as_strided(
            padded, shape=(n, oh, ow, self.kh, self.kw, c),
            strides=(s_n, s_h * self.sh, s_w * self.sw, s_h * self.dh, s_w * self.dw, s_c),
            **read_only)

    def offsets(self):
        """The kernel offsets (i, j), row-major: the order TF scans a window in."""
        return [(i, j) for i in range(self.kh) for j in range(self.kw)]

    def offset_slice(self, i, j, out_hw):
        """Index of the padded-input cells that kernel offset (i, j) reads, one per output
        cell: ``padded[offset_slice(i, j, (oh, ow))]`` has shape (N, OH, OW, C)."""
        oh, ow = out_hw
        r0, c0 = i * self.dh, j * self.dw
        return (slice(None), slice(r0, r0 + self.sh * (oh - 1) + 1, self.sh),
                slice(c0, c0 + self.sw * (ow - 1) + 1, self.sw), slice(None))

    def window_counts(self, xp, h, w, dtype):
        """How many real (unpadded) cells each window covers, shaped (1, OH, OW, 1): SAME
        average pooling's divisor. Separable, so it costs O(OH + OW)."""
        def along(size, kernel, stride, dilation):
            out, before, _ = window_output_size(size, kernel, stride, dilation, self.padding)
            starts = xp.arange(out) * stride - before
            taps = starts[:, None] + xp.arange(kernel) * dilation
            return ((taps >= 0) & (taps < size)).sum(axis=1)
        rows = along(h, self.kh, self.sh, self.dh)
        cols = along(w, self.kw, self.sw, self.dw)
        return (rows[:, None] * cols[None, :]).astype(dtype)[None, :, :, None]


WINDOW_ATTRS = ("kernel_hw", "strides", "dilations", "padding")


def geometry_of(op):
    return WindowGeometry(*(op.attrs[k] for k in WINDOW_ATTRS))


def window_attrs(op):
    """The window attrs of ``op``, for the ops that make up its gradient."""
    return {k: op.attrs[k] for k in WINDOW_ATTRS}


def spatial_output(op, input_dims):
    if input_dims is None:
        return None, None
    return geometry_of(op).output_hw(input_dims[1], input_dims[2])


def require_rank4(tensor, what):
    """The static dims of a tensor that must be NHWC; a shape error (naming the op) if not."""
    dims = tensor.shape.as_tuple()
    if dims is not None and len(dims) != 4:
        raise ShapeInferenceError("%s must be 4-dimensional (NHWC), but is rank %d"
                                  % (what, len(dims)))
    return dims


def pair(values, name):
    """TF's 4-element (or 1/2-element) strides/ksize/dilations -> (h, w)."""
    if isinstance(values, int):
        return values, values
    values = [int(v) for v in values]
    if len(values) == 1:
        return values[0], values[0]
    if len(values) == 2:
        return tuple(values)
    if len(values) == 4:
        if values[0] != 1 or values[3] != 1:
            raise ValueError("%s in the batch and depth dimensions must be 1 (got %s)"
                             % (name, values))
        return values[1], values[2]
    raise ValueError("%s must have 1, 2 or 4 elements, got %s" % (name, values))


def nchw_pair(values, name, data_format):
    """:func:`pair` of a 4-element list given in ``data_format``'s axis order."""
    if data_format == "NCHW" and not isinstance(values, int) and len(values) == 4:
        values = [values[0], values[2], values[3], values[1]]
    return pair(values, name)


def check_padding(padding):
    padding = padding.upper() if isinstance(padding, str) else padding
    if padding not in ("SAME", "VALID"):
        raise ValueError("padding must be 'SAME' or 'VALID', got %r" % (padding,))
    return padding


def nchw_wrapped(fn, tensor, data_format):
    """Runs an NHWC op on NCHW data by transposing in and out."""
    if data_format in (None, "NHWC"):
        return fn(tensor)
    if data_format != "NCHW":
        raise ValueError("data_format must be 'NHWC' or 'NCHW', got %r" % (data_format,))
    out = fn(array_ops.transpose(tensor, [0, 2, 3, 1]))
    return array_ops.transpose(out, [0, 3, 1, 2])


# ------------------------------------------------------------------ references for the samples
def reference_windows(x, attrs, fill=0):
    """The (N, OH, OW, KH, KW, C) windows of the NHWC array ``x`` under the window ``attrs``,
    padding cells holding ``fill``: gathered cell by cell with TF's SAME rule written out
    afresh, the independent reference the window ops' samples compare with."""
    (kh, kw), (sh, sw), (dh, dw) = attrs["kernel_hw"], attrs["strides"], attrs["dilations"]
    n, h, w, c = x.shape

    def output_and_before(size, kernel, stride, dilation):
        span = (kernel - 1) * dilation + 1
        if attrs["padding"] == "VALID":
            return (size - span) // stride + 1, 0
        out = -(-size // stride)
        return out, max((out - 1) * stride + span - size, 0) // 2
    (oh, top), (ow, left) = output_and_before(h, kh, sh, dh), output_and_before(w, kw, sw, dw)
    windows = np.full((n, oh, ow, kh, kw, c), fill, dtype=np.result_type(x, fill))
    for r, q, i, j in np.ndindex(oh, ow, kh, kw):
        row, col = r * sh + i * dh - top, q * sw + j * dw - left
        if 0 <= row < h and 0 <= col < w:
            windows[:, r, q, i, j, :] = x[:, row, col, :]
    return windows


def adjoint_reference(linear_fn, input_shape, output_grad):
    """The gradient of ``sum(linear_fn(x) * output_grad)`` with respect to ``x``, one basis
    vector of ``input_shape`` at a time: the reference of a gradient op of a linear map."""
    grad = np.zeros(input_shape)
    for index in np.ndindex(*input_shape):
        basis = np.zeros(input_shape)
        basis[index] = 1.0
        grad[index] = np.sum(linear_fn(basis) * output_grad)
    return grad


def window_sample_attrs(kernel_hw, strides=(1, 1), dilations=(1, 1), padding="VALID"):
    """The window attrs of a sample's op, as the public functions make them."""
    return {"kernel_hw": tuple(kernel_hw), "strides": tuple(strides),
            "dilations": tuple(dilations), "padding": padding}


class BilinearWindowFamily:
    """A window op bilinear in (input, filter), such as Conv2D or DepthwiseConv2dNative, with
    its two gradient ops (one taking the input's shape, one the filter's). Each of the three
    differentiates into the other two, the same way for every such family; the ops' own
    ``gradient`` methods call :meth:`gradients_of`.

    ``reference(x, f, attrs)``: numpy's forward answer; with ``sample_cases``, (input shape,
    filter shape, strides, dilations, padding) tuples, it gives all three ops their samples
    (:meth:`samples_of`)."""

    def __init__(self, forward, backprop_input, backprop_filter, reference=None,
                 sample_cases=()):
        self.forward, self.backprop_input, self.backprop_filter = (
            forward, backprop_input, backprop_filter)
        self.reference, self.sample_cases = reference, sample_cases

    def apply(self, x, f, attrs, name=None):
        return make_tensor(self.forward, (x, f), dict(attrs), name)

    def input_grad(self, input_sizes, f, out_backprop, attrs, name=None):
        extra, shape_attrs = ShapeOperand.split(input_sizes)
        return make_tensor(self.backprop_input, [f, out_backprop] + extra,
                           dict(attrs, **shape_attrs), name)

    def filter_grad(self, x, filter_sizes, out_backprop, attrs, name=None):
        extra, shape_attrs = ShapeOperand.split(filter_sizes)
        return make_tensor(self.backprop_filter, [x, out_backprop] + extra,
                           dict(attrs, **shape_attrs), name)

    def gradients_of(self, op, grad):
        """The gradients of one of the family's three ops with respect to its inputs."""
        attrs, (a, b) = window_attrs(op), op.inputs[:2]
        unused = [None] * (len(op.inputs) - 2)  # the shape operand, if any
        if op.type == self.forward:  # a = input, b = filter
            return [self.input_grad(shape_operand_of(a), b, grad, attrs),
                    self.filter_grad(a, shape_operand_of(b), grad, attrs)]
        if op.type == self.backprop_input:  # a = filter, b = out_backprop
            return [self.filter_grad(grad, shape_operand_of(a), b, attrs),
                    self.apply(grad, a, attrs)] + unused
        # backprop_filter: a = input, b = out_backprop
        return [self.input_grad(shape_operand_of(a), grad, b, attrs),
                self.apply(a, grad, attrs)] + unused

    def samples_of(self, type_name, rng):
        """The samples of the family's op ``type_name``, one per case of ``sample_cases``; the
        gradient ops' references are the adjoints of the forward reference. The first case
        also runs in float32 (forward op) or with its shape operand fed at run time (gradient
        ops)."""
        samples = []
        for k, (x_shape, f_shape, strides, dilations, padding) in enumerate(self.sample_cases):
            attrs = window_sample_attrs(f_shape[:2], strides, dilations, padding)
            x, f = normal(rng, *x_shape), normal(rng, *f_shape)
            g = normal(rng, *self.reference(x, f, attrs).shape)
            samples += self._samples_of_case(type_name, attrs, x, f, g, run_time_shape=k == 0)
        return samples

    def _samples_of_case(self, type_name, attrs, x, f, g, run_time_shape):
        """The samples of ``type_name`` for input ``x``, filter ``f`` and output gradient
        ``g``; ``run_time_shape``: also the float32 or run-time shape variant."""
        reference = self.reference
        if type_name == self.forward:
            def build(inputs, filters):
                return self.apply(inputs, filters, attrs)

            def expected(inputs, filters):
                return reference(inputs, filters, attrs)
            samples = [OpSample(build, x, f, reference=expected, second_order=True)]
            if run_time_shape:
                samples.append(OpSample(build, x.astype(np.float32), f.astype(np.float32),
                                        reference=expected, rtol=1e-4, atol=1e-5,
                                        name="float32"))
            return samples
        if type_name == self.backprop_input:  # inputs: filter, out_backprop[, input_sizes]
            def build(filters, grad, *sizes):
                return self.input_grad(sizes[0] if sizes else list(x.shape), filters, grad,
                                       attrs)

            def expected(filters, grad, *sizes):
                return adjoint_reference(lambda v: reference(v, filters, attrs), x.shape, grad)
            data, shape = (f, g), x.shape
        else:  # inputs: input, out_backprop[, filter_sizes]
            def build(inputs, grad, *sizes):
                return self.filter_grad(inputs, sizes[0] if sizes else list(f.shape), grad,
                                        attrs)

            def expected(inputs, grad, *sizes):
                return adjoint_reference(lambda v: reference(inputs, v, attrs), f.shape, grad)
            data, shape = (x, g), f.shape
        samples = [OpSample(build, *data, reference=expected, second_order=True)]
        if run_time_shape:
            samples.append(OpSample(build, *data, np.array(shape, np.int32), reference=expected,
                                    second_order=True, name="run-time shape"))
        return samples


class BilinearWindowOp(OpDef):
    """An op of a :class:`BilinearWindowFamily` (its class attribute ``family``): its gradient
    and its samples are the family's."""
    family = None

    def gradient(self, op, grad):
        return self.family.gradients_of(op, grad)

    def samples(self, rng):
        return self.family.samples_of(self.type_name, rng)

    def window_dims(self, op):
        """Checks the forward op's (input, filter); returns their static dims and the output's
        (height, width)."""
        x, f = op.inputs
        if x.dtype != f.dtype:
            raise TypeError("%s input (%s) and filter (%s) must have the same dtype"
                            % (self.type_name, x.dtype.name, f.dtype.name))
        xd, fd = require_rank4(x, "input"), require_rank4(f, "filter")
        if xd is not None and fd is not None and None not in (xd[3], fd[2]) and xd[3] != fd[2]:
            raise ShapeInferenceError("Dimensions must be equal, but are %d and %d"
                                      % (xd[3], fd[2]))
        oh, ow = spatial_output(op, xd)
        if oh == 0 or ow == 0:
            raise ShapeInferenceError("The filter (%dx%d) is larger than the input for "
                                      "VALID padding" % op.attrs["kernel_hw"])
        return xd, fd, (oh, ow)


class WindowBackprop(BilinearWindowOp):
    """A family's gradient op; its shape rule: the shape operand it was given (input 2 or the
    static attr)."""
    host_inputs = (2,)  # the input or filter sizes, read by Python (TF1: HostMemory)

    def infer(self, op):
        return [(op.inputs[1].dtype, TensorShape(ShapeOperand.static_dims(op, 2)))]
