"""``tf.image``'s resizing: resize_images, resize_bilinear and resize_nearest_neighbor.

Built from the engine's own ops (gather, reshape, arithmetic), so gradients come from theirs.
They sample as TF1.15's kernels do by default (``half_pixel_centers=False``): output row ``i``
reads source row ``i * in / out`` (``i * (in - 1) / (out - 1)`` with ``align_corners``),
computed in float32 as there, so the chosen pixels and weights are TF1's own. TF1 resizes
(bilinear) in float32 and returns float32 for float64 images too; here float64 images stay
float64.
"""
from ..framework import dtypes
from ..framework.graph import name_scope
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape
from . import array_ops, elementwise_unary_ops, range_ops
from .constant_op import constant_value, convert_to_tensor
from .elementwise_binary_ops import maximum, minimum
from .elementwise_unary_ops import ceil, floor
from .gather_ops import gather
from .matmul_ops import einsum
from .resize_weights import resize_weights
from .image_ops import (height_axis_of, image_dim, static_int, with_spatial_shape,
                        working_float_dtype)


class ResizeMethod:
    """TF1's ``tf.image.ResizeMethod``: the ``method`` argument of :func:`resize_images`.

    >>> import autograd_engine as tf
    >>> tf.image.ResizeMethod.NEAREST_NEIGHBOR
    1
    """
    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


# ------------------------------------------------------------------ resizing
def _output_size(size, fn_name):
    """(new_height, new_width) from ``size``: each an int when known while building, else a
    scalar int32 tensor."""
    bad_type = "'size' must be a 1-D int32 Tensor (tf.image.%s)" % fn_name
    try:
        size = convert_to_tensor(size, dtype=None if isinstance(size, TensorLike) else dtypes.int32)
    except (TypeError, ValueError):
        raise ValueError(bad_type) from None
    if size.dtype != dtypes.int32:
        raise ValueError(bad_type)
    if not size.shape.is_compatible_with(TensorShape([2])):
        raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width "
                         "(tf.image.%s got shape %s)" % (fn_name, size.shape))
    known = constant_value(size)
    if known is not None:
        new_size = tuple(int(n) for n in known)
    else:
        parts = size.op.inputs if size.op.type == "Pack" else (size[0], size[1])
        new_size = tuple(part if static_int(part) is None else static_int(part)
                         for part in parts)
    if any(isinstance(n, int) and n <= 0 for n in new_size):
        raise ValueError("output dimensions must be positive (tf.image.%s got size %s)"
                         % (fn_name, list(new_size)))
    return new_size


def _source_coordinates(in_size, out_size, align_corners, half_pixel_centers):
    """Where each output row (or column) samples the input, in float32 as TF1.15's kernels:
    ``i * scale`` with ``scale = in / out`` (``(in - 1) / (out - 1)`` with ``align_corners``), or
    ``(i + 0.5) * scale - 0.5`` with half-pixel centers."""
    in_float = elementwise_unary_ops.cast(in_size, dtypes.float32)
    out_float = elementwise_unary_ops.cast(out_size, dtypes.float32)
    if align_corners:  # one output row samples row 0, whatever the scale
        scale = (in_float - 1) / maximum(out_float - 1, 1.0)
    else:
        scale = in_float / out_float
    positions = elementwise_unary_ops.cast(range_ops.range(out_size), dtypes.float32)
    if half_pixel_centers:
        return (positions + 0.5) * scale - 0.5
    return positions * scale


def _bilinear_taps(in_size, out_size, align_corners, half_pixel_centers):
    """Per output position: the two source positions it mixes and the weight of the second
    (TF1's ``lower``, ``upper`` and ``lerp``)."""
    source = _source_coordinates(in_size, out_size, align_corners, half_pixel_centers)
    below = floor(source)
    lower = elementwise_unary_ops.cast(maximum(below, 0.0), dtypes.int32)
    upper = minimum(elementwise_unary_ops.cast(ceil(source), dtypes.int32), in_size - 1)
    return lower, upper, source - below


def _nearest_taps(in_size, out_size, align_corners):
    """Per output position: the source position it copies."""
    source = _source_coordinates(in_size, out_size, align_corners, False)
    nearest = floor(source)
    if align_corners:  # C's roundf: halves away from zero
        nearest += elementwise_unary_ops.cast(source - nearest >= 0.5, dtypes.float32)
    return minimum(elementwise_unary_ops.cast(nearest, dtypes.int32), in_size - 1)


def _resize(images, size, name, fn_name, resample):
    """Checks the arguments, then ``resample(images, height_axis, in_size, out_size)`` (each
    size a (height, width) pair of ints or scalar tensors); the result's static shape is set."""
    images = convert_to_tensor(images)
    if images.shape.ndims is None:
        raise ValueError("'images' contains no shape (tf.image.%s)." % fn_name)
    height_axis = height_axis_of(images, fn_name, "images")
    out_size = _output_size(size, fn_name)
    in_size = (image_dim(images, height_axis), image_dim(images, height_axis + 1))
    with name_scope(name, fn_name, [images]):
        resized = resample(images, height_axis, in_size, out_size)
    return with_spatial_shape(resized, images, height_axis, *out_size)


def resize_bilinear(images, size, align_corners=False, name=None, half_pixel_centers=False):
    """``images`` (one image or a batch) resized to ``size`` = [new_height, new_width] by
    bilinear interpolation, sampled as TF1.15's ResizeBilinear. The result is float32 (float64
    for float64 images); its gradient reaches the images.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.image.resize_bilinear([[[0.0], [4.0]]], [1, 4]))[..., 0].tolist()
    [[0.0, 2.0, 4.0, 4.0]]
    """
    if half_pixel_centers and align_corners:
        raise ValueError("If half_pixel_centers is True, align_corners must be False "
                         "(tf.image.resize_bilinear).")

    def resample(images, height_axis, in_size, out_size):
        work = working_float_dtype(images.dtype)
        images = elementwise_unary_ops.cast(images, work)
        width_axis = height_axis + 1
        lower, upper, lerp = _bilinear_taps(in_size[1], out_size[1], align_corners,
                                            half_pixel_centers)
        left, right = gather(images, lower, axis=width_axis), gather(images, upper, axis=width_axis)
        weight = array_ops.reshape(elementwise_unary_ops.cast(lerp, work), [-1, 1])
        rows = left + (right - left) * weight
        lower, upper, lerp = _bilinear_taps(in_size[0], out_size[0], align_corners,
                                            half_pixel_centers)
        top, bottom = gather(rows, lower, axis=height_axis), gather(rows, upper, axis=height_axis)
        weight = array_ops.reshape(elementwise_unary_ops.cast(lerp, work), [-1, 1, 1])
        return top + (bottom - top) * weight
    return _resize(images, size, name, "resize_bilinear", resample)


def resize_nearest_neighbor(images, size, align_corners=False, name=None,
                            half_pixel_centers=False):
    """``images`` (one image or a batch) resized to ``size`` = [new_height, new_width], each
    output pixel a copy of one input pixel, chosen as TF1.15's ResizeNearestNeighbor; the
    dtype is kept.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.image.resize_nearest_neighbor([[[1], [2]]], [1, 4]))[..., 0].tolist()
    [[1, 1, 2, 2]]
    """
    if half_pixel_centers:
        raise NotImplementedError("tf.image.resize_nearest_neighbor: half_pixel_centers=True is "
                                  "not implemented (TF1's default, False, is)")

    def resample(images, height_axis, in_size, out_size):
        rows = gather(images, _nearest_taps(in_size[0], out_size[0], align_corners),
                      axis=height_axis)
        return gather(rows, _nearest_taps(in_size[1], out_size[1], align_corners),
                      axis=height_axis + 1)
    return _resize(images, size, name, "resize_nearest_neighbor", resample)


def _separable(method, align_corners, half_pixel_centers):
    """A resample applying one weight matrix per spatial axis (``resize_weights.py``)."""
    def resample(images, height_axis, in_size, out_size):
        work = working_float_dtype(images.dtype)
        images = elementwise_unary_ops.cast(images, work)
        rows, columns = (resize_weights(in_size[i], out_size[i], method, align_corners,
                                        half_pixel_centers, work) for i in (0, 1))
        batch = "b" if height_axis else ""
        images = einsum("oh,%shwc->%sowc" % (batch, batch), rows, images)
        return einsum("pw,%sowc->%sopc" % (batch, batch), columns, images)
    return resample


def resize_bicubic(images, size, align_corners=False, name=None, half_pixel_centers=False):
    """``images`` (one image or a batch) resized to ``size`` = [new_height, new_width] by
    bicubic interpolation with TF1.15's ResizeBicubic weights (Keys' cubic, a = -0.75; -0.5
    with ``half_pixel_centers``). The result is float32 (float64 for float64 images); its
    gradient reaches the images.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.image.resize_bicubic([[[0.0], [4.0]]], [1, 4]))[..., 0].tolist()
    [[0.0, 2.0, 4.0, 4.375]]
    """
    if half_pixel_centers and align_corners:
        raise ValueError("If half_pixel_centers is True, align_corners must be False "
                         "(tf.image.resize_bicubic).")
    return _resize(images, size, name, "resize_bicubic",
                   _separable("bicubic", align_corners, half_pixel_centers))


def resize_area(images, size, align_corners=False, name=None):
    """``images`` (one image or a batch) resized to ``size`` = [new_height, new_width], each
    output pixel the mean of the input area it covers (TF1.15's ResizeArea). The result is
    float32 (float64 for float64 images).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.image.resize_area([[[0.0], [2.0], [4.0], [6.0]]], [1, 2]))[..., 0]
    array([[1., 5.]], dtype=float32)
    """
    return _resize(images, size, name, "resize_area", _separable("area", align_corners, False))


_RESIZERS = {ResizeMethod.BILINEAR: resize_bilinear, "bilinear": resize_bilinear,
             ResizeMethod.NEAREST_NEIGHBOR: resize_nearest_neighbor,
             "nearest": resize_nearest_neighbor,
             ResizeMethod.BICUBIC: resize_bicubic, "bicubic": resize_bicubic,
             ResizeMethod.AREA: resize_area, "area": resize_area}


def _fit_preserving_aspect_ratio(images, height_axis, new_height, new_width):
    """TF1's largest size within (new_height, new_width) with the images' aspect ratio: float32
    scale factors, rounded half to even. Scalar tensors, as in TF1."""
    height = elementwise_unary_ops.cast(image_dim(images, height_axis), dtypes.float32)
    width = elementwise_unary_ops.cast(image_dim(images, height_axis + 1), dtypes.float32)
    scale = minimum(elementwise_unary_ops.cast(new_height, dtypes.float32) / height,
                    elementwise_unary_ops.cast(new_width, dtypes.float32) / width)
    return [elementwise_unary_ops.cast(elementwise_unary_ops.round(scale * side), dtypes.int32)
            for side in (height, width)]


def resize_images(images, size, method=ResizeMethod.BILINEAR, align_corners=False,
                  preserve_aspect_ratio=False):
    """``images`` (one image or a batch) resized to ``size`` = [new_height, new_width] by
    ``method``: ``ResizeMethod.BILINEAR``, ``BICUBIC`` or ``AREA`` (float32 result) or
    ``NEAREST_NEIGHBOR`` (dtype kept).
    Images already of that size come back unchanged, as in TF1. With ``preserve_aspect_ratio``
    the result is the largest size within ``size`` with the images' aspect ratio.

    >>> import autograd_engine as tf
    >>> images = tf.zeros([2, 32, 32, 3], tf.uint8)
    >>> small = tf.image.resize_images(images, [16, 8])
    >>> small.shape.as_list(), small.dtype
    ([2, 16, 8, 3], tf.float32)
    """
    with name_scope(None, "resize", [images]):
        images = convert_to_tensor(images)
        if images.shape.ndims is None:
            raise ValueError("'images' contains no shape (tf.image.resize_images).")
        height_axis = height_axis_of(images, "resize_images", "images")
        new_size = _output_size(size, "resize_images")
        if preserve_aspect_ratio:
            new_size = _fit_preserving_aspect_ratio(images, height_axis, *new_size)
        if isinstance(method, str):
            method = method.lower()
        if method not in _RESIZERS:
            raise ValueError("Resize method is not implemented: %r (tf.image.resize_images)"
                             % (method,))
        if list(new_size) == list(images.shape.as_tuple()[height_axis:height_axis + 2]):
            return images
        return _RESIZERS[method](images, list(new_size), align_corners=align_corners)


__all__ = ["ResizeMethod", "resize_area", "resize_bicubic", "resize_bilinear", "resize_images",
           "resize_nearest_neighbor"]
