"""The linear maps behind bicubic and area resizing: along one axis, output position ``o`` is
``sum_i weights[o, i] * input[i]``. ``resize_bicubic`` and ``resize_area`` apply one such
[out, in] matrix per spatial axis (``image_resize_ops.py``), so their gradient is a product's.

The weights are TF1's kernels' own: bicubic with Keys' cubic (a = -0.75, or -0.5 with
half-pixel centres, where taps outside the image are dropped and the rest renormalized),
its fractional offsets rounded to 1/1024 as TF's coefficient table; area with each output
pixel the mean of the input area it covers (a partly covered pixel counts for that part).
The ``ResizeWeights`` op computes them at run time when a size is not known while building.

>>> resize_weight_matrix("area", 4, 2, False, False).tolist()
[[0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.5, 0.5]]
"""
import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from .constant_op import constant, convert_to_tensor
from .op_samples import OpSample
from .registry import OpDef, make_tensor, register

_TABLE_SIZE = 1024


def _scale(in_size, out_size, align_corners):
    """TF's CalculateResizeScale, in float32."""
    if align_corners and out_size > 1:
        return np.float32(in_size - 1) / np.float32(out_size - 1)
    return np.float32(in_size) / np.float32(out_size)


def _cubic_table(a):
    """TF's coefficient table: for t = i / 1024, the weights of the near (|x| = t) and far
    (|x| = t + 1) taps."""
    t = np.arange(_TABLE_SIZE + 1, dtype=np.float64) / _TABLE_SIZE
    near = ((a + 2) * t - (a + 3)) * t * t + 1
    far_t = t + 1
    far = ((a * far_t - 5 * a) * far_t + 8 * a) * far_t - 4 * a
    return near.astype(np.float32), far.astype(np.float32)


def _bicubic(in_size, out_size, align_corners, half_pixel_centers):
    scale = _scale(in_size, out_size, align_corners)
    positions = np.arange(out_size, dtype=np.float32)
    if half_pixel_centers:
        source = (positions + np.float32(0.5)) * scale - np.float32(0.5)
    else:
        source = positions * scale
    base = np.floor(source).astype(np.int64)
    offset = np.rint((source - base) * np.float32(_TABLE_SIZE)).astype(np.int64)
    near, far = _cubic_table(-0.5 if half_pixel_centers else -0.75)
    weights = np.stack([far[offset], near[offset], near[_TABLE_SIZE - offset],
                        far[_TABLE_SIZE - offset]], axis=1).astype(np.float64)
    taps = base[:, None] + np.arange(-1, 3)[None, :]
    clamped = np.clip(taps, 0, in_size - 1)
    if half_pixel_centers:  # taps outside the image are dropped, the rest renormalized
        weights = np.where(clamped == taps, weights, 0.0)
        total = weights.sum(axis=1, keepdims=True)
        weights = np.where(np.abs(total) > 1e-35, weights / np.where(total == 0, 1, total),
                           weights)
    matrix = np.zeros((out_size, in_size))
    np.add.at(matrix, (np.repeat(np.arange(out_size), 4), clamped.reshape(-1)),
              weights.reshape(-1))
    return matrix


def _area(in_size, out_size, align_corners):
    scale = float(_scale(in_size, out_size, align_corners))
    matrix = np.zeros((out_size, in_size))
    for o in range(out_size):
        start, end = o * scale, (o + 1) * scale
        for i in range(int(np.floor(start)), int(np.ceil(end))):
            if i < start:
                covered = scale if i + 1 > end else i + 1 - start
            else:
                covered = end - i if i + 1 > end else 1.0
            matrix[o, min(i, in_size - 1)] += covered / scale
    return matrix


def resize_weight_matrix(method, in_size, out_size, align_corners, half_pixel_centers):
    """The [out_size, in_size] float64 matrix of ``method`` ("bicubic" or "area")."""
    if method == "bicubic":
        return _bicubic(int(in_size), int(out_size), align_corners, half_pixel_centers)
    return _area(int(in_size), int(out_size), align_corners)


class ResizeWeightsOp(OpDef):
    """The weight matrix for sizes known only at run time (int32 scalars in)."""
    type_name = "ResizeWeights"
    differentiable = False
    host_only = True

    def infer(self, op):
        return [(op.attrs["dtype"], TensorShape([None, None]))]

    def kernel(self, op, ctx):
        attrs = op.attrs
        np_dtype = attrs["dtype"].np_dtype

        def weights(in_size, out_size):
            return resize_weight_matrix(attrs["method"], int(in_size), int(out_size),
                                        attrs["align_corners"],
                                        attrs["half_pixel_centers"]).astype(np_dtype)
        return weights

    def samples(self, rng):
        def build(method, half_pixel):
            return lambda i, o: resize_weights(i, o, method, False, half_pixel, dtypes.float64)
        return [OpSample(build("area", False), np.int32(4), np.int32(2),
                         reference=lambda i, o: np.array([[0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5]])),
                OpSample(build("bicubic", True), np.int32(3), np.int32(3),
                         reference=lambda i, o: np.eye(3))]


register(ResizeWeightsOp)


def resize_weights(in_size, out_size, method, align_corners, half_pixel_centers, dtype):
    """The weight matrix as a tensor: a constant when both sizes are ints, else computed when
    the graph runs."""
    if isinstance(in_size, int) and isinstance(out_size, int):
        return constant(resize_weight_matrix(method, in_size, out_size, align_corners,
                                             half_pixel_centers).astype(dtype.np_dtype))
    return make_tensor("ResizeWeights", (convert_to_tensor(in_size, dtype=dtypes.int32),
                                         convert_to_tensor(out_size, dtype=dtypes.int32)),
                       {"method": method, "align_corners": bool(align_corners),
                        "half_pixel_centers": bool(half_pixel_centers), "dtype": dtype})


__all__ = ["resize_weight_matrix", "resize_weights"]
