"""Patches and canvas fitting: ``extract_image_patches`` (``tf.image.extract_patches``),
``extract_volume_patches``, ``resize_image_with_crop_or_pad`` (``resize_with_crop_or_pad``) and
``resize_image_with_pad``, as TF1 defines them.

Patches are gathers of a zero-padded input (their gradient is the gathers'); the fitting
functions are crops, pads and resizes, static where the sizes are known.
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import name_scope
from . import array_ops, elementwise_unary_ops as unary
from .constant_op import convert_to_tensor
from .elementwise_binary_ops import floordiv, maximum, minimum
from .gather_ops import gather
from .image_ops import crop_to_bounding_box, image_dim, pad_to_bounding_box, static_int
from .image_resize_ops import ResizeMethod, resize_images
from .slicing_ops import pad


# ------------------------------------------------------------------ patches
def _window_taps(size, kernel, stride, rate, padding):
    """(input index of each output position and tap [out, kernel], padding before, after)
    along one spatial axis, TF's VALID/SAME geometry with dilation ``rate``."""
    effective = (kernel - 1) * rate + 1
    if padding == "VALID":
        out = max(-(-(size - effective + 1) // stride), 0)
        before = 0
    else:
        out = -(-size // stride)
        before = max((out - 1) * stride + effective - size, 0) // 2
    taps = np.arange(out)[:, None] * stride + np.arange(kernel)[None, :] * rate
    after = max(int(taps.max()) + 1 - before - size, 0) if out else 0
    return taps.astype(np.int32), before, after


def _list_of(values, rank, name, function_name):
    values = [int(v) for v in values]
    if len(values) != rank or values[0] != 1 or values[-1] != 1:
        raise ValueError("%s: %s must be %d numbers [1, ..., 1], got %s"
                         % (function_name, name, rank, values))
    return values[1:-1]


def _patches(images, sizes, strides, rates, padding, function_name):
    """[batch, *out, prod(sizes) * depth]: each output position's window, taps in row-major
    order then channels."""
    images = convert_to_tensor(images)
    padding = padding.upper() if isinstance(padding, str) else padding
    if padding not in ("VALID", "SAME"):
        raise ValueError("%s: padding must be 'VALID' or 'SAME', got %r"
                         % (function_name, padding))
    spatial = len(sizes)
    dims = images.shape.as_tuple()
    if dims is None or len(dims) != spatial + 2 or None in dims[1:]:
        raise ValueError("%s needs a %d-D input with known spatial sizes and depth, got shape "
                         "%s" % (function_name, spatial + 2, images.shape))
    geometry = [_window_taps(dims[1 + i], sizes[i], strides[i], rates[i], padding)
                for i in range(spatial)]
    padded = pad(images, [[0, 0]] + [[before, after] for _, before, after in geometry]
                 + [[0, 0]])
    out = padded
    for i, (taps, _, _) in enumerate(geometry):  # axis 1 + 2 i: [.., out_i, k_i, ..]
        out = gather(out, taps, axis=1 + 2 * i)
    perm = [0] + [1 + 2 * i for i in range(spatial)] + [2 + 2 * i for i in range(spatial)] + [
        1 + 2 * spatial]
    windows = array_ops.transpose(out, perm)
    counts = [len(taps) for taps, _, _ in geometry]
    return array_ops.reshape(windows, [-1] + counts + [int(np.prod(sizes)) * dims[-1]])


def extract_image_patches(images, ksizes=None, strides=None, rates=None, padding=None,
                          name=None, sizes=None):
    """Each ``ksizes`` window of ``images`` [batch, rows, cols, depth] (its taps ``rates``
    apart, windows ``strides`` apart), flattened into the depth of the output
    [batch, out_rows, out_cols, ksize_rows * ksize_cols * depth]; "SAME" pads with zeros.

    >>> import autograd_engine as tf
    >>> images = tf.reshape(tf.range(16.0), [1, 4, 4, 1])
    >>> patches = tf.extract_image_patches(images, [1, 2, 2, 1], [1, 2, 2, 1], [1, 1, 1, 1],
    ...                                    "VALID")
    >>> tf.Session().run(patches)[0, 0, 1].tolist()
    [2.0, 3.0, 6.0, 7.0]
    """
    ksizes = sizes if ksizes is None else ksizes
    with name_scope(name, "ExtractImagePatches", [images]):
        return _patches(images, _list_of(ksizes, 4, "ksizes", "extract_image_patches"),
                        _list_of(strides, 4, "strides", "extract_image_patches"),
                        _list_of(rates, 4, "rates", "extract_image_patches"), padding,
                        "extract_image_patches")


def extract_patches(images, sizes, strides, rates, padding, name=None):
    """TF's newer name of :func:`extract_image_patches` (``sizes`` for ``ksizes``).

    >>> import autograd_engine as tf
    >>> tf.image.extract_patches(tf.zeros([2, 5, 5, 3]), [1, 3, 3, 1], [1, 1, 1, 1],
    ...                          [1, 1, 1, 1], "SAME").shape.as_list()
    [2, 5, 5, 27]
    """
    return extract_image_patches(images, sizes, strides, rates, padding, name)


def extract_volume_patches(input, ksizes, strides, padding, name=None):  # noqa: A002
    """The 3-D :func:`extract_image_patches`: [batch, planes, rows, cols, depth] to
    [batch, out_planes, out_rows, out_cols, ksize_planes * ksize_rows * ksize_cols * depth].

    >>> import autograd_engine as tf
    >>> tf.extract_volume_patches(tf.zeros([1, 4, 4, 4, 2]), [1, 2, 2, 2, 1],
    ...                           [1, 2, 2, 2, 1], "VALID").shape.as_list()
    [1, 2, 2, 2, 16]
    """
    with name_scope(name, "ExtractVolumePatches", [input]):
        return _patches(input, _list_of(ksizes, 5, "ksizes", "extract_volume_patches"),
                        _list_of(strides, 5, "strides", "extract_volume_patches"), [1, 1, 1],
                        padding, "extract_volume_patches")


# ------------------------------------------------------------------ fitting a canvas
def _both_int(a, b):
    return static_int(a) is not None and static_int(b) is not None


def _max(a, b):
    return max(static_int(a), static_int(b)) if _both_int(a, b) else maximum(a, b)


def _min(a, b):
    return min(static_int(a), static_int(b)) if _both_int(a, b) else minimum(a, b)


def _half(a):
    return static_int(a) // 2 if static_int(a) is not None else floordiv(a, 2)


def _height_axis(image, function_name):
    image = convert_to_tensor(image)
    if image.shape.ndims not in (3, 4):
        raise ValueError("'image' must have either 3 or 4 dimensions (tf.image.%s got shape "
                         "%s)." % (function_name, image.shape))
    return image, image.shape.ndims - 3


def _check_targets(target_height, target_width):
    for value, what in ((target_height, "target_height"), (target_width, "target_width")):
        if static_int(value) is not None and static_int(value) <= 0:
            raise ValueError("%s must be > 0." % what)


def resize_image_with_crop_or_pad(image, target_height, target_width):
    """Each image centred in a ``target_height`` x ``target_width`` frame: cropped evenly
    where it is larger, padded with zeros evenly where it is smaller.

    >>> import autograd_engine as tf
    >>> tf.image.resize_image_with_crop_or_pad(tf.zeros([5, 8, 3]), 7, 4).shape.as_list()
    [7, 4, 3]
    """
    with name_scope(None, "resize_image_with_crop_or_pad", [image]):
        image, height_axis = _height_axis(image, "resize_image_with_crop_or_pad")
        _check_targets(target_height, target_width)
        height, width = image_dim(image, height_axis), image_dim(image, height_axis + 1)
        width_diff, height_diff = target_width - width, target_height - height
        cropped = crop_to_bounding_box(
            image, _max(_half(-height_diff), 0), _max(_half(-width_diff), 0),
            _min(target_height, height), _min(target_width, width))
        return pad_to_bounding_box(cropped, _max(_half(height_diff), 0),
                                   _max(_half(width_diff), 0), target_height, target_width)


def _fit_sizes(height, width, target_height, target_width):
    """TF1's float32 arithmetic: the resized height and width, and the top and left pads."""
    if all(static_int(v) is not None for v in (height, width, target_height, target_width)):
        f = np.float32
        h, w, th, tw = f(height), f(width), f(target_height), f(target_width)
        ratio = max(w / tw, h / th)
        rh, rw = h / ratio, w / ratio
        return (int(np.floor(rh)), int(np.floor(rw)),
                max(0, int(np.floor((th - rh) / f(2)))), max(0, int(np.floor((tw - rw) / f(2)))))

    def as_float(v):
        return unary.cast(v, dtypes.float32)
    h, w, th, tw = (as_float(v) for v in (height, width, target_height, target_width))
    ratio = maximum(w / tw, h / th)
    rh, rw = h / ratio, w / ratio

    def floor_int(v):
        return unary.cast(unary.floor(v), dtypes.int32)
    return (floor_int(rh), floor_int(rw), maximum(0, floor_int((th - rh) / 2)),
            maximum(0, floor_int((tw - rw) / 2)))


def resize_image_with_pad(image, target_height, target_width,
                          method=ResizeMethod.BILINEAR, align_corners=False):
    """Each image resized (``method``) to the largest size that keeps its aspect ratio within
    ``target_height`` x ``target_width``, then centred on zeros in that frame.

    >>> import autograd_engine as tf
    >>> tf.image.resize_image_with_pad(tf.zeros([4, 8, 3]), 8, 8).shape.as_list()
    [8, 8, 3]
    """
    with name_scope(None, "resize_image_with_pad", [image]):
        image, height_axis = _height_axis(image, "resize_image_with_pad")
        _check_targets(target_height, target_width)
        height, width = image_dim(image, height_axis), image_dim(image, height_axis + 1)
        new_height, new_width, top, left = _fit_sizes(height, width, target_height,
                                                      target_width)
        resized = resize_images(image, [new_height, new_width], method,
                                align_corners=align_corners)
        return pad_to_bounding_box(resized, top, left, target_height, target_width)


resize_with_crop_or_pad = resize_image_with_crop_or_pad

__all__ = ["extract_image_patches", "extract_patches", "extract_volume_patches",
           "resize_image_with_crop_or_pad", "resize_with_crop_or_pad", "resize_image_with_pad"]
