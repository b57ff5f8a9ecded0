"""The window ops (convolutions, pooling, their gradients) as XLA's own window operations.

Their kernels loop over kernel offsets writing into buffers (``out=``, slices added in place,
im2col matrices kept between runs), which does not trace; XLA has the operations themselves:
``conv_general_dilated`` (NHWC input, HWIO filter, strides, filter dilation, explicit padding:
TF's SAME pads the extra cell after, as ``WindowGeometry.pads`` says) and ``reduce_window``.
A gradient op is the linear transpose of its forward op (JAX writes a convolution's as a
convolution with dilated input or output, XLA's form), and MaxPoolGrad is the derivative of
the max pooling: XLA's select-and-scatter, which gives each window's gradient to its first
maximum in row-major order, skipping the padding, as TF's kernel and ours do.
"""
import numpy as np

from ..ops.shape_ops import ShapeOperand
from ..ops.window_geometry import geometry_of
from .functional import functional_kernel
from .runtime import jax_module

_NHWC = ("NHWC", "HWIO", "NHWC")


def _spatial_padding(geometry, input_shape):
    """(before, after) along height and width, for an input of ``input_shape``."""
    return geometry.pads(input_shape[1], input_shape[2])


def _convolution(geometry, groups=1):
    """``fn(x, f)``: the convolution of x with f over ``geometry``; with ``groups`` = the
    input's channels (and f reshaped to (kh, kw, 1, C*M)), depthwise, output channel c*M + m."""
    lax = jax_module().lax

    def convolve(x, f):
        return lax.conv_general_dilated(
            x, f, window_strides=(geometry.sh, geometry.sw),
            padding=_spatial_padding(geometry, x.shape), rhs_dilation=(geometry.dh, geometry.dw),
            dimension_numbers=_NHWC, feature_group_count=groups,
            precision=lax.Precision.HIGHEST)
    return convolve


def _depthwise(geometry):
    def convolve(x, f):
        kh, kw, channels, multiplier = f.shape
        return _convolution(geometry, channels)(x, f.reshape(kh, kw, 1, channels * multiplier))
    return convolve


def _transposed(linear, shape, like):
    """The transpose of the linear map ``linear`` of an argument of ``shape``, applied to
    ``like``'s cotangent: a gradient op's value."""
    jax = jax_module()
    argument = jax.ShapeDtypeStruct(tuple(int(d) for d in shape), like.dtype)
    return lambda cotangent: jax.linear_transpose(linear, argument)(cotangent)[0]


def _bilinear_family(make_forward):
    """The lowerings of a bilinear window family's three ops (forward, input gradient, filter
    gradient), from ``make_forward(geometry)``: ``fn(x, f)``."""
    def forward(op, jnp):
        return make_forward(geometry_of(op))

    def input_grad(op, jnp):  # inputs: filter, out_backprop[, input_sizes]
        convolve = make_forward(geometry_of(op))
        return ShapeOperand.bind(op, 2, lambda f, g, shape: _transposed(
            lambda x: convolve(x, f), shape, g)(g))

    def filter_grad(op, jnp):  # inputs: input, out_backprop[, filter_sizes]
        convolve = make_forward(geometry_of(op))
        return ShapeOperand.bind(op, 2, lambda x, g, shape: _transposed(
            lambda f: convolve(x, f), shape, g)(g))
    return forward, input_grad, filter_grad


for _names, _make in (
        (("Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter"), _convolution),
        (("DepthwiseConv2dNative", "DepthwiseConv2dNativeBackpropInput",
          "DepthwiseConv2dNativeBackpropFilter"), _depthwise)):
    for _name, _lowering in zip(_names, _bilinear_family(_make)):
        functional_kernel(_name)(_lowering)


# ------------------------------------------------------------------ pooling
def _lowest(dtype):
    """The padding that never wins a max."""
    dtype = np.dtype(dtype)
    return -np.inf if dtype.kind in "fc" else np.iinfo(dtype).min


def _window_reduction(geometry, x, init, combine):
    lax = jax_module().lax
    (top, bottom), (left, right) = _spatial_padding(geometry, x.shape)
    return lax.reduce_window(x, np.asarray(init, x.dtype), combine,
                             (1, geometry.kh, geometry.kw, 1), (1, geometry.sh, geometry.sw, 1),
                             ((0, 0), (top, bottom), (left, right), (0, 0)),
                             window_dilation=(1, geometry.dh, geometry.dw, 1))


def _max_pooling(geometry):
    return lambda x: _window_reduction(geometry, x, _lowest(x.dtype), jax_module().lax.max)


def _average_pooling(geometry):
    def average(x):
        total = _window_reduction(geometry, x, 0, jax_module().lax.add)
        # SAME padding: each window divides by its count of real cells (a constant)
        return total / geometry.window_counts(np, x.shape[1], x.shape[2], x.dtype)
    return average


@functional_kernel("MaxPool")
def _max_pool(op, jnp):
    return _max_pooling(geometry_of(op))


@functional_kernel("MaxPoolGrad")
def _max_pool_grad(op, jnp):  # inputs: orig_input, orig_output, grad
    pool = _max_pooling(geometry_of(op))
    jax = jax_module()
    # the pooled input is the max of x's windows: XLA finds each window's argmax itself
    return lambda x, pooled, grad: jax.vjp(pool, x)[1](grad.astype(x.dtype))[0]


@functional_kernel("AvgPool")
def _avg_pool(op, jnp):
    return _average_pooling(geometry_of(op))


@functional_kernel("AvgPoolGrad")
def _avg_pool_grad(op, jnp):  # inputs: grad[, orig_input_shape]
    average = _average_pooling(geometry_of(op))
    return ShapeOperand.bind(op, 1, lambda grad, shape: _transposed(average, shape, grad)(grad))
