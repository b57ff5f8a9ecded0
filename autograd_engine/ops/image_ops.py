"""``tf.image``: flips, transposes and rotations, colour conversions, per-image standardization,
crops and pads, for one image ``[height, width, channels]`` or a batch
``[batch, height, width, channels]`` (resizing: ``image_resize_ops``).

Every function is built from the engine's own ops (reverse, transpose, gather, slice, pad,
reductions), so gradients, and gradients of gradients, come from theirs.

TF1 converts and standardizes in float32, and returns float32 for float64 images too; here
float64 images stay float64 throughout, keeping their precision.
"""
from ..framework import dtypes
from ..framework.graph import control_dependencies, name_scope
from ..framework.tensor import TensorLike
from . import array_ops, check_ops, control_flow_ops, elementwise_unary_ops, shape_ops, slicing_ops
from .array_ops import reverse
from .concat_split_ops import concat
from .constant_op import constant, constant_value, convert_to_tensor
from .elementwise_binary_ops import divide, equal, floordiv, floormod, maximum, minimum
from .elementwise_unary_ops import relu, rsqrt, sqrt, square
from .matmul_ops import tensordot
from .reduction_ops import reduce_mean, reduce_prod
from .shape_ops import shape
from .slicing_ops import pad
from .tile_ops import tile


# ------------------------------------------------------------------ shared helpers
def static_int(value):
    """``value`` as an int when it is known while building (a Python int or a constant), else
    None."""
    if isinstance(value, TensorLike):
        known = constant_value(convert_to_tensor(value))
        return None if known is None else int(known)
    return int(value)


def image_dim(image, axis):
    """The size of ``image`` along ``axis``: an int when static, else a scalar int32 tensor."""
    dims = image.shape.as_tuple()
    size = None if dims is None else dims[axis]
    return shape(image)[axis] if size is None else size


def _check_at_least_3d(image, fn_name):
    """TF1's checks of an image argument that the static shape can decide."""
    dims = image.shape.as_tuple()
    if dims is None:
        return
    if len(dims) < 3:
        raise ValueError("'image' (shape %s) must be at least three-dimensional "
                         "(tf.image.%s)." % (image.shape, fn_name))
    if 0 in dims[-3:]:
        raise ValueError("inner 3 dims of 'image.shape' must be > 0: %s (tf.image.%s)"
                         % (image.shape, fn_name))


def height_axis_of(image, fn_name, argument="image"):
    """0 for one image (3-D), 1 for a batch (4-D): the axis of the height."""
    ndims = image.shape.ndims
    if ndims not in (3, 4):
        raise ValueError("'%s' must have either 3 or 4 dimensions (tf.image.%s got shape %s)."
                         % (argument, fn_name, image.shape))
    _check_at_least_3d(image, fn_name)
    return ndims - 3


def _for_rank(image, fn_name, build):
    """``build(image, height_axis)`` for the image's rank; when the rank is known only at run
    time, a cond between the 3-D and the 4-D versions (as TF1)."""
    image = convert_to_tensor(image)
    _check_at_least_3d(image, fn_name)
    if image.shape.ndims is None:
        return control_flow_ops.cond(equal(shape_ops.rank(image), 3),
                                     lambda: build(image, 0), lambda: build(image, 1))
    return build(image, height_axis_of(image, fn_name))


def _swap_height_width(height_axis):
    return list(range(height_axis)) + [height_axis + 1, height_axis, height_axis + 2]


def working_float_dtype(dtype):
    """The float dtype an image is processed in: TF1's float32, except that float64 stays."""
    return dtypes.float64 if dtype == dtypes.float64 else dtypes.float32


# ------------------------------------------------------------------ flips, transpose, rot90
def flip_left_right(image):
    """``image`` mirrored left to right (the width reversed), one image or a batch.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.image.flip_left_right([[[1], [2], [3]]]))[..., 0].tolist()
    [[3, 2, 1]]
    """
    return _for_rank(image, "flip_left_right",
                     lambda image, height: reverse(image, [height + 1]))


def flip_up_down(image):
    """``image`` upside down (the height reversed), one image or a batch.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.image.flip_up_down([[[1]], [[2]], [[3]]]))[..., 0].tolist()
    [[3], [2], [1]]
    """
    return _for_rank(image, "flip_up_down",
                     lambda image, height: reverse(image, [height]))


def transpose_image(image, name=None):
    """``image`` with height and width swapped, one image or a batch (TF1.15 has this as
    ``tf.image.transpose`` and ``tf.image.transpose_image``).

    >>> import autograd_engine as tf
    >>> tf.image.transpose_image(tf.zeros([8, 2, 3, 1])).shape.as_list()
    [8, 3, 2, 1]
    """
    return _for_rank(image, "transpose_image", lambda image, height: array_ops.transpose(
        image, _swap_height_width(height), name=name or "transpose"))


def _quarter_turns(image, height):
    """The three counter-clockwise quarter turns of ``image``, as TF1 builds them."""
    width, swap = height + 1, _swap_height_width(height)
    return {1: lambda: array_ops.transpose(reverse(image, [width]), swap),
            2: lambda: reverse(image, [height, width]),
            3: lambda: reverse(array_ops.transpose(image, swap), [width])}


def rot90(image, k=1, name=None):
    """``image`` turned counter-clockwise by ``k`` quarter turns (``k`` may be a scalar int32
    tensor, decided at run time), one image or a batch.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.image.rot90([[[1], [2]], [[3], [4]]]))[..., 0].tolist()
    [[2, 4], [1, 3]]
    """
    with name_scope(name, "rot90", [image]):
        static_k = static_int(k)
        if static_k is None:
            k = convert_to_tensor(k)
            if k.dtype != dtypes.int32:
                raise TypeError("tf.image.rot90: k must be int32, got %s" % k.dtype.name)
            if k.shape.ndims not in (None, 0):
                raise ValueError("Shape %s must have rank 0 (tf.image.rot90's k)" % k.shape)
            k = floormod(k, 4)

        def build(image, height):
            turns = _quarter_turns(image, height)
            if static_k is not None:
                quarter = static_k % 4
                return turns[quarter]() if quarter else array_ops.identity(image)
            turned = control_flow_ops.case(
                [(equal(k, quarter), turns[quarter]) for quarter in (1, 2, 3)],
                default=lambda: image, exclusive=True)
            dims = image.shape.as_tuple()
            if dims is not None:
                turned.set_shape(list(dims[:height]) + [None, None, dims[-1]])
            return turned
        return _for_rank(image, "rot90", build)


# ------------------------------------------------------------------ dtypes and colours
def _saturate_cast(value, dtype):
    """TF1's ``saturate_cast``: clamped to ``dtype``'s range, then cast."""
    if value.dtype.min < dtype.min:
        value = maximum(value, convert_to_tensor(dtype.min, dtype=value.dtype))
    if value.dtype.max > dtype.max:
        value = minimum(value, convert_to_tensor(dtype.max, dtype=value.dtype))
    return elementwise_unary_ops.cast(value, dtype)


def convert_image_dtype(image, dtype, saturate=False, name=None):
    """``image`` in another dtype, rescaled as TF1 does: floats hold values in ``[0, 1]``,
    integers in ``[0, dtype.max]`` (float to integer multiplies by ``max + 0.5`` and
    truncates; ``saturate`` clamps first).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.image.convert_image_dtype([0.0, 0.5, 1.0], tf.uint8)).tolist()
    [0, 127, 255]
    """
    image = convert_to_tensor(image)
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating and not dtype.is_integer:
        raise AttributeError("dtype must be either floating point or integer")
    if not image.dtype.is_floating and not image.dtype.is_integer:
        raise TypeError("tf.image.convert_image_dtype needs an image of floating-point or "
                        "integer values, got %s" % image.dtype.name)
    if dtype == image.dtype:
        return array_ops.identity(image, name=name)
    with name_scope(name, "convert_image", [image]):
        cast = _saturate_cast if saturate else elementwise_unary_ops.cast
        if image.dtype.is_integer and dtype.is_integer:
            scale_in, scale_out = int(image.dtype.max), int(dtype.max)
            if scale_in > scale_out:  # scale down, then cast: in.max lands below out.max + 1
                return cast(floordiv(image, (scale_in + 1) // (scale_out + 1)), dtype)
            return cast(image, dtype) * ((scale_out + 1) // (scale_in + 1))
        if image.dtype.is_floating and dtype.is_floating:
            return elementwise_unary_ops.cast(image, dtype)
        if image.dtype.is_integer:
            return elementwise_unary_ops.cast(image, dtype) * (1.0 / float(image.dtype.max))
        return cast(image * (float(dtype.max) + 0.5), dtype)


_RGB_WEIGHTS = [0.2989, 0.5870, 0.1140]  # TF1's luma weights


def rgb_to_grayscale(images, name=None):
    """The luma ``0.2989 R + 0.5870 G + 0.1140 B`` of RGB ``images`` (last dimension 3), with a
    last dimension of 1, in the images' dtype.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.image.rgb_to_grayscale([[[1.0, 1.0, 1.0]]]))[0, 0, 0]), 4)
    0.9999
    """
    with name_scope(name, "rgb_to_grayscale", [images]):
        images = convert_to_tensor(images)
        dims = images.shape.as_tuple()
        if dims is not None and (not dims or dims[-1] not in (None, 3)):
            raise ValueError("tf.image.rgb_to_grayscale needs images with 3 channels in the last "
                             "dimension, got shape %s" % images.shape)
        work = working_float_dtype(images.dtype)
        gray = tensordot(convert_image_dtype(images, work),
                         constant(_RGB_WEIGHTS, dtype=work), [-1, -1])
        return convert_image_dtype(array_ops.expand_dims(gray, -1), images.dtype)


def grayscale_to_rgb(images, name=None):
    """Grayscale ``images`` (last dimension 1) with the value repeated in 3 channels.

    >>> import autograd_engine as tf
    >>> tf.image.grayscale_to_rgb(tf.zeros([2, 5, 5, 1])).shape.as_list()
    [2, 5, 5, 3]
    """
    with name_scope(name, "grayscale_to_rgb", [images]):
        images = convert_to_tensor(images)
        dims = images.shape.as_tuple()
        if dims is None:
            leading = array_ops.ones(array_ops.expand_dims(shape_ops.rank(images) - 1, 0),
                                     dtypes.int32)
            return tile(images, concat([leading, [3]], 0))
        if len(dims) < 2:
            raise ValueError("A grayscale image (shape %s) must be at least two-dimensional "
                             "(tf.image.grayscale_to_rgb)." % images.shape)
        if dims[-1] not in (None, 1):
            raise ValueError("Last dimension of a grayscale image should be size 1 "
                             "(tf.image.grayscale_to_rgb got shape %s)." % images.shape)
        rgb = tile(images, [1] * (len(dims) - 1) + [3])
        rgb.set_shape(list(dims[:-1]) + [3])
        return rgb


# ------------------------------------------------------------------ standardization
def per_image_standardization(image):
    """Each image (the last three dimensions) scaled to mean 0 and variance 1:
    ``(x - mean) / max(stddev, 1 / sqrt(N))`` with ``N`` its number of values, so a uniform
    image is not divided by 0. The result is float32 (float64 for float64 images).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.image.per_image_standardization([[[1.0], [3.0]]])).ravel().tolist()
    [-1.0, 1.0]
    """
    with name_scope(None, "per_image_standardization", [image]):
        image = convert_to_tensor(image)
        _check_at_least_3d(image, "per_image_standardization")
        num_pixels = reduce_prod(shape(image)[-3:])
        image = elementwise_unary_ops.cast(image, working_float_dtype(image.dtype))
        axes = [-1, -2, -3]
        mean = reduce_mean(image, axis=axes, keepdims=True)
        # TF1's E[x^2] - E[x]^2, clamped at 0 against rounding.
        variance = relu(reduce_mean(square(image), axis=axes,
                                    keepdims=True) - square(mean))
        min_stddev = rsqrt(elementwise_unary_ops.cast(num_pixels, image.dtype))
        return divide(image - mean,
                      maximum(sqrt(variance), min_stddev))


# ------------------------------------------------------------------ crops and pads
def _require_at_least(image, fn_name, requirements):
    """TF1's checks of crop and pad arguments: each ``(value, bound, message)`` needs
    ``value >= bound``. Known while building, a failure is a ValueError now; known only at
    run time, an assert op that the returned image depends on fails the run."""
    asserts = []
    for value, bound, message in requirements:
        known_value, known_bound = static_int(value), static_int(bound)
        if known_value is None or known_bound is None:
            asserts.append(check_ops.assert_greater_equal(
                value, bound, message="tf.image.%s: %s" % (fn_name, message)))
        elif known_value < known_bound:
            raise ValueError("%s (tf.image.%s)" % (message, fn_name))
    if not asserts:
        return image
    with control_dependencies(asserts):
        return array_ops.identity(image)


def _box_height_axis(image, fn_name):
    """As :func:`height_axis_of`; an image of unknown rank counts as one image (TF1)."""
    return 0 if image.shape.ndims is None else height_axis_of(image, fn_name)


def with_spatial_shape(result, image, height_axis, height, width):
    """Sets what is known of ``result``'s shape: ``image``'s batch and channels, and the new
    height and width where they are static."""
    dims = image.shape.as_tuple()
    outer = [None] * height_axis if dims is None else list(dims[:height_axis])
    channels = None if dims is None else dims[-1]
    result.set_shape(outer + [static_int(height), static_int(width), channels])
    return result


def central_crop(image, central_fraction):
    """The central part of each image: ``central_fraction`` (in (0, 1]) of its height and of its
    width, the same margin cut off each side.

    >>> import autograd_engine as tf
    >>> tf.image.central_crop(tf.zeros([8, 20, 3]), 0.5).shape.as_list()
    [4, 10, 3]
    """
    with name_scope(None, "central_crop", [image]):
        image = convert_to_tensor(image)
        if central_fraction <= 0.0 or central_fraction > 1.0:
            raise ValueError("central_fraction must be within (0, 1]")
        if central_fraction == 1.0:
            return image
        _check_at_least_3d(image, "central_crop")
        rank = image.shape.ndims
        if rank not in (3, 4):
            raise ValueError("`image` should either be a Tensor with rank = 3 or rank = 4. Had "
                             "rank = %s (tf.image.central_crop)." % rank)
        height_axis = rank - 3
        starts, sizes = [], []
        for axis in (height_axis, height_axis + 1):
            size = image_dim(image, axis)
            if isinstance(size, int):
                start = int((float(size) - float(size) * central_fraction) / 2)
            else:
                as_float = elementwise_unary_ops.cast(size, dtypes.float64)
                start = elementwise_unary_ops.cast((as_float - as_float * central_fraction) / 2,
                                                   dtypes.int32)
            starts.append(start)
            sizes.append(size - start * 2)
        cropped = slicing_ops.slice(image, [0] * height_axis + starts + [0],
                                    [-1] * height_axis + sizes + [-1])
        return with_spatial_shape(cropped, image, height_axis, *sizes)


def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The ``target_height`` x ``target_width`` box of each image whose top-left corner is at
    (``offset_height``, ``offset_width``). The numbers may be scalar tensors: they are then
    checked when the graph runs.

    >>> import autograd_engine as tf
    >>> tf.image.crop_to_bounding_box(tf.zeros([4, 10, 10, 3]), 2, 3, 5, 6).shape.as_list()
    [4, 5, 6, 3]
    """
    fn_name = "crop_to_bounding_box"
    with name_scope(None, fn_name, [image]):
        image = convert_to_tensor(image)
        height_axis = _box_height_axis(image, fn_name)
        height, width = image_dim(image, height_axis), image_dim(image, height_axis + 1)
        image = _require_at_least(image, fn_name, [
            (offset_width, 0, "offset_width must be >= 0."),
            (offset_height, 0, "offset_height must be >= 0."),
            (target_width, 1, "target_width must be > 0."),
            (target_height, 1, "target_height must be > 0."),
            (width, target_width + offset_width, "width must be >= target + offset."),
            (height, target_height + offset_height, "height must be >= target + offset.")])
        cropped = slicing_ops.slice(image, [0] * height_axis + [offset_height, offset_width, 0],
                                    [-1] * height_axis + [target_height, target_width, -1])
        return with_spatial_shape(cropped, image, height_axis, target_height, target_width)


def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """Each image placed at (``offset_height``, ``offset_width``) in a ``target_height`` x
    ``target_width`` canvas of zeros. The numbers may be scalar tensors: they are then checked
    when the graph runs.

    >>> import autograd_engine as tf
    >>> tf.image.pad_to_bounding_box(tf.ones([2, 3, 1]), 1, 2, 4, 6).shape.as_list()
    [4, 6, 1]
    """
    fn_name = "pad_to_bounding_box"
    with name_scope(None, fn_name, [image]):
        image = convert_to_tensor(image)
        height_axis = _box_height_axis(image, fn_name)
        height, width = image_dim(image, height_axis), image_dim(image, height_axis + 1)
        after_height = target_height - offset_height - height
        after_width = target_width - offset_width - width
        image = _require_at_least(image, fn_name, [
            (offset_height, 0, "offset_height must be >= 0"),
            (offset_width, 0, "offset_width must be >= 0"),
            (after_width, 0, "width must be <= target - offset"),
            (after_height, 0, "height must be <= target - offset")])
        padded = pad(image, [[0, 0]] * height_axis + [
            [offset_height, after_height], [offset_width, after_width], [0, 0]])
        return with_spatial_shape(padded, image, height_axis, target_height, target_width)


__all__ = ["central_crop", "convert_image_dtype", "crop_to_bounding_box", "flip_left_right",
           "flip_up_down", "grayscale_to_rgb", "pad_to_bounding_box", "per_image_standardization",
           "rgb_to_grayscale", "rot90", "transpose_image"]
