"""Grayscale morphology (``tf.nn.dilation2d``, ``erosion2d``) of NHWC images, built from
strided slices and ``maximum`` (so the gradient reaches the input cell and the filter tap
that won each window, as TF's does):

    dilation[b, y, x, c] = max over (dy, dx) of
        input[b, y * stride + dy * rate, x * stride + dx * rate, c] + filter[dy, dx, c]

with the input padded (SAME) by cells that never win.

>>> import autograd_engine as tf
>>> x = tf.constant([[[[1.0], [5.0], [2.0]]]])
>>> with tf.Session() as sess:
...     print(sess.run(dilation2d(x, tf.zeros([1, 2, 1]), [1, 1, 1, 1], [1, 1, 1, 1],
...                               "SAME")).ravel())
[5. 5. 2.]
"""
import numpy as np

from ..framework.graph import get_default_graph
from . import array_ops
from .constant_op import convert_to_tensor
from .elementwise_binary_ops import maximum
from .slicing_ops import pad, strided_slice
from .window_geometry import check_padding, pair, window_output_size


def _known(tensor, rank, what):
    dims = tensor.shape.as_tuple()
    if dims is None or len(dims) != rank or None in dims[1:]:
        raise ValueError("%s must be %d-D with known non-batch dimensions, got %s"
                         % (what, rank, tensor.shape))
    return dims


def dilation2d(input, filter=None, strides=None, rates=None, padding=None,  # noqa: A002
               name=None, filters=None, dilations=None):
    """Grayscale dilation of NHWC ``input`` by a ``[height, width, depth]`` ``filter``;
    ``strides`` and ``rates`` have 4 elements (1 for batch and depth)."""
    filter = filters if filter is None else filter  # noqa: A001
    rates = dilations if rates is None else rates
    if filter is None or strides is None or rates is None or padding is None:
        raise ValueError("dilation2d needs filter, strides, rates and padding")
    with get_default_graph().name_scope(name or "dilation2d"):
        x = convert_to_tensor(input)
        f = convert_to_tensor(filter, dtype=x.dtype)
        _, height, width, depth = _known(x, 4, "dilation2d's input")
        kh, kw, f_depth = _known(f, 3, "dilation2d's filter")[0:3]
        if f_depth != depth:
            raise ValueError("dilation2d: the filter's depth %d must match the input's %d"
                             % (f_depth, depth))
        (sh, sw), (rh, rw) = pair(strides, "strides"), pair(rates, "rates")
        padding = check_padding(padding)
        oh, top, bottom = window_output_size(height, kh, sh, rh, padding)
        ow, left, right = window_output_size(width, kw, sw, rw, padding)
        if oh < 1 or ow < 1:
            raise ValueError("dilation2d: the dilated filter is larger than the input")
        lowest = np.finfo(x.dtype.np_dtype).min / 2  # never wins, never overflows
        padded = pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]],
                     constant_values=lowest) if top or bottom or left or right else x
        out = None
        for i in range(kh):
            for j in range(kw):
                begin = [0, i * rh, j * rw, 0]
                end = [0, i * rh + (oh - 1) * sh + 1, j * rw + (ow - 1) * sw + 1, 0]
                cells = strided_slice(padded, begin, end, [1, sh, sw, 1], begin_mask=0b1001,
                                      end_mask=0b1001)
                candidate = cells + f[i, j]
                out = candidate if out is None else maximum(out, candidate)
        return out


def erosion2d(value, kernel, strides, rates, padding, name=None):
    """Grayscale erosion: ``-dilation2d(-value, kernel flipped in height and width)``."""
    with get_default_graph().name_scope(name or "erosion2d"):
        value = convert_to_tensor(value)
        kernel = convert_to_tensor(kernel, dtype=value.dtype)
        return -dilation2d(-value, array_ops.reverse(kernel, [0, 1]), strides, rates, padding)


__all__ = ["dilation2d", "erosion2d"]
