"""``tf.nn.max_pool_with_argmax``: max pooling that also returns where each maximum came from,
as a flat index ``(y * width + x) * channels + c`` into the input (plus ``b * height * width *
channels`` with ``include_batch_in_index``), for unpooling layers (SegNet).

>>> import autograd_engine as tf
>>> x = tf.reshape(tf.constant([1.0, 5.0, 3.0, 2.0]), [1, 2, 2, 1])
>>> values, argmax = max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
>>> with tf.Session() as sess:
...     [v.ravel().tolist() for v in sess.run([values, argmax])]
[[5.0], [1]]
"""
import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample, distinct
from .pooling_ops import max_pool
from .registry import OpDef, make_tensor, register
from .window_geometry import check_padding, geometry_of, nchw_pair, spatial_output


def first_max_positions(x, geometry, include_batch_in_index):
    """For each output cell, the flat input index of the first (row-major) maximum in its
    window; padding never wins."""
    n, h, w, c = x.shape
    oh, ow = geometry.output_hw(h, w)
    (top, bottom), (left, right) = geometry.pads(h, w)
    lowest = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    padded = np.pad(x.astype(np.float64), ((0, 0), (top, bottom), (left, right), (0, 0)),
                    constant_values=lowest)
    positions = np.pad(np.arange(h * w).reshape(1, h, w, 1), ((0, 0), (top, bottom),
                                                              (left, right), (0, 0)))
    best = np.full((n, oh, ow, c), -np.inf)
    where = np.zeros((n, oh, ow, c), np.int64)
    for i in range(geometry.kh):
        for j in range(geometry.kw):
            rows = slice(i * geometry.dh, i * geometry.dh + (oh - 1) * geometry.sh + 1,
                         geometry.sh)
            cols = slice(j * geometry.dw, j * geometry.dw + (ow - 1) * geometry.sw + 1,
                         geometry.sw)
            cell = padded[:, rows, cols, :]
            better = cell > best
            best = np.where(better, cell, best)
            where = np.where(better, positions[:, rows, cols, :], where)
    index = where * c + np.arange(c)
    if include_batch_in_index:
        index = index + (np.arange(n) * h * w * c).reshape(n, 1, 1, 1)
    return index


class MaxPoolArgmax(OpDef):
    """The argmax output of ``max_pool_with_argmax`` (the values come from MaxPool, whose
    gradient they keep). Input: the NHWC images; attrs: the window and ``Targmax``."""
    type_name = "MaxPoolArgmax"
    differentiable = False
    host_only = True  # a short loop over the window cells on numpy arrays

    def infer(self, op):
        dims = op.inputs[0].shape.as_tuple()
        oh, ow = spatial_output(op, dims)
        return [(op.attrs["Targmax"], TensorShape(
            [dims[0] if dims else None, oh, ow, dims[3] if dims else None]))]

    def kernel(self, op, ctx):
        geometry, include = geometry_of(op), op.attrs["include_batch_in_index"]
        dtype = op.attrs["Targmax"].np_dtype
        return lambda x: first_max_positions(np.asarray(x), geometry, include).astype(dtype)

    def samples(self, rng):
        def build(include, padding):
            attrs = {"kernel_hw": (2, 3), "strides": (2, 1), "dilations": (1, 1),
                     "padding": padding, "Targmax": dtypes.int64,
                     "include_batch_in_index": include}
            return lambda x: make_tensor(self.type_name, (x,), attrs)

        def reference(include, padding):
            def flat_argmax(x):
                n, h, w, c = x.shape
                values = np.asarray(x)
                out = []
                for b in range(n):
                    rows = []
                    span_h = range(0, h - 1, 2) if padding == "VALID" else range(0, h, 2)
                    for r in span_h:
                        cols = []
                        span_w = range(0, w - 2) if padding == "VALID" else range(-1, w - 1)
                        for q in span_w:
                            cells = [(y, z) for y in (r, r + 1) for z in (q, q + 1, q + 2)
                                     if 0 <= y < h and 0 <= z < w]
                            picked = []
                            for ch in range(c):
                                y, z = max(cells, key=lambda p: (values[b, p[0], p[1], ch],
                                                                  -cells.index(p)))
                                picked.append((y * w + z) * c + ch + (b * h * w * c
                                                                      if include else 0))
                            cols.append(picked)
                        rows.append(cols)
                    out.append(rows)
                return np.array(out, np.int64)
            return flat_argmax
        x = distinct(rng, 2, 4, 5, 3)
        return [OpSample(build(inc, pad), x, reference=reference(inc, pad), grad=(),
                         name="%s%s" % (pad, " batch index" if inc else ""))
                for inc, pad in ((False, "VALID"), (True, "VALID"), (False, "SAME"))]


register(MaxPoolArgmax)


def max_pool_with_argmax(input, ksize, strides, padding, data_format="NHWC",  # noqa: A002
                         Targmax=dtypes.int64, name=None, output_dtype=None,
                         include_batch_in_index=False):
    """``(max_pool(input), argmax)``: the pooled values and the flat input index of each
    maximum (see the module docstring). NHWC only, as TF1's."""
    if data_format != "NHWC":
        raise ValueError("max_pool_with_argmax supports only data_format='NHWC', got %r"
                         % (data_format,))
    x = convert_to_tensor(input)
    argmax_dtype = dtypes.as_dtype(output_dtype or Targmax)
    values = max_pool(x, ksize, strides, padding, name=name)
    attrs = {"kernel_hw": nchw_pair(ksize, "ksize", "NHWC"),
             "strides": nchw_pair(strides, "strides", "NHWC"), "dilations": (1, 1),
             "padding": check_padding(padding), "Targmax": argmax_dtype,
             "include_batch_in_index": bool(include_batch_in_index)}
    return values, make_tensor("MaxPoolArgmax", (x,), attrs)


__all__ = ["max_pool_with_argmax"]
