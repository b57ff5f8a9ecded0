"""``tf.image`` colour adjustments and their random versions for data augmentation:
``adjust_brightness``, ``adjust_contrast``, ``adjust_gamma``, ``random_brightness``,
``random_contrast``, ``random_flip_left_right``, ``random_flip_up_down``, as TF1 (integer
images are adjusted in float and converted back, saturating).

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     sess.run(adjust_contrast([[[0.0], [1.0]]], 2.0))[..., 0].tolist()
[[-0.5, 1.5]]
"""
from ..framework.graph import get_default_graph
from .constant_op import convert_to_tensor
from . import array_ops
from .clip_ops import clip_by_value
from .concat_split_ops import unstack
from .constant_op import stack
from .elementwise_binary_ops import equal, floormod, greater, less, where_v2
from .elementwise_unary_ops import abs as abs_
from .image_ops import convert_image_dtype, flip_left_right, flip_up_down, working_float_dtype
from .random_ops import random_uniform
from .reduction_ops import reduce_max, reduce_mean, reduce_min
from .shape_ops import shape


def _in_float(image, name, adjust):
    """Runs ``adjust`` on ``image`` in its working float dtype and converts back."""
    with get_default_graph().name_scope(name):
        image = convert_to_tensor(image)
        original = image.dtype
        working = image if original.is_floating else convert_image_dtype(
            image, working_float_dtype(original))
        adjusted = adjust(working)
        return adjusted if original.is_floating else convert_image_dtype(
            adjusted, original, saturate=True)


def adjust_brightness(image, delta):
    """``image + delta`` (in ``[0, 1]`` units for integer images)."""
    return _in_float(image, "adjust_brightness", lambda x: x + delta)


def adjust_contrast(images, contrast_factor):
    """``(x - mean) * contrast_factor + mean``, the mean per image and channel."""
    def adjust(x):
        mean = reduce_mean(x, [-3, -2], keepdims=True)
        return (x - mean) * contrast_factor + mean
    return _in_float(images, "adjust_contrast", adjust)


def adjust_gamma(image, gamma=1, gain=1):
    """``gain * image ** gamma`` (integer images scaled to ``[0, 1]`` first, and the result
    converted back saturating)."""
    if isinstance(gamma, (int, float)) and gamma < 0:
        raise ValueError("Gamma should be a non-negative real number.")
    return _in_float(image, "adjust_gamma", lambda x: gain * x ** gamma)


def rgb_to_hsv(images, name=None):
    """RGB float ``images`` (last dimension 3, values in ``[0, 1]``) as hue, saturation and
    value, each in ``[0, 1]``."""
    with get_default_graph().name_scope(name or "rgb_to_hsv"):
        images = convert_to_tensor(images)
        red, green, blue = unstack(images, axis=-1)
        value = reduce_max(images, -1)
        spread = value - reduce_min(images, -1)
        zeros = array_ops.zeros_like(value)
        saturation = where_v2(greater(value, zeros), spread / where_v2(
            greater(value, zeros), value, array_ops.ones_like(value)), zeros)
        safe_spread = where_v2(greater(spread, zeros), spread, array_ops.ones_like(spread))
        norm = 1.0 / (6.0 * safe_spread)
        hue = where_v2(equal(value, red), norm * (green - blue),
                       where_v2(equal(value, green), norm * (blue - red) + 2.0 / 6.0,
                                norm * (red - green) + 4.0 / 6.0))
        hue = where_v2(greater(spread, zeros), hue, zeros)
        hue = floormod(hue, 1.0)
        return stack([hue, saturation, value], axis=-1)


def hsv_to_rgb(images, name=None):
    """The inverse of :func:`rgb_to_hsv`."""
    with get_default_graph().name_scope(name or "hsv_to_rgb"):
        hue, saturation, value = unstack(convert_to_tensor(images), axis=-1)
        sector = hue * 6.0
        red = clip_by_value(abs_(sector - 3.0) - 1.0, 0.0, 1.0)
        green = clip_by_value(2.0 - abs_(sector - 2.0), 0.0, 1.0)
        blue = clip_by_value(2.0 - abs_(sector - 4.0), 0.0, 1.0)
        unsaturated = 1.0 - saturation
        return stack([(unsaturated + saturation * c) * value for c in (red, green, blue)],
                     axis=-1)


def _in_hsv(image, name, adjust):
    return _in_float(image, name, lambda x: hsv_to_rgb(adjust(*unstack(rgb_to_hsv(x),
                                                                       axis=-1))))


def adjust_hue(image, delta, name=None):
    """The hue of RGB ``image`` turned by ``delta`` (in ``[-1, 1]``, a full turn being 1)."""
    return _in_hsv(image, name or "adjust_hue",
                   lambda h, s, v: stack([floormod(h + delta, 1.0), s, v], axis=-1))


def adjust_saturation(image, saturation_factor, name=None):
    """The saturation of RGB ``image`` scaled by ``saturation_factor`` (clipped to 1)."""
    return _in_hsv(image, name or "adjust_saturation",
                   lambda h, s, v: stack([h, clip_by_value(s * saturation_factor, 0.0, 1.0), v],
                                         axis=-1))


def random_hue(image, max_delta, seed=None):
    """:func:`adjust_hue` by a delta drawn uniformly from ``[-max_delta, max_delta]``;
    ``max_delta`` in ``[0, 0.5]``."""
    if max_delta > 0.5:
        raise ValueError("max_delta must be <= 0.5.")
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    return adjust_hue(image, random_uniform([], -max_delta, max_delta, seed=seed))


def random_saturation(image, lower, upper, seed=None):
    """:func:`adjust_saturation` by a factor drawn uniformly from ``[lower, upper)``."""
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    return adjust_saturation(image, random_uniform([], lower, upper, seed=seed))


def random_brightness(image, max_delta, seed=None):
    """:func:`adjust_brightness` by a delta drawn uniformly from ``[-max_delta, max_delta)``."""
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    delta = random_uniform([], -max_delta, max_delta, seed=seed)
    return adjust_brightness(image, delta)


def random_contrast(image, lower, upper, seed=None):
    """:func:`adjust_contrast` by a factor drawn uniformly from ``[lower, upper)``."""
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    factor = random_uniform([], lower, upper, seed=seed)
    return adjust_contrast(image, factor)


def _random_flip(image, seed, flip, name):
    with get_default_graph().name_scope(name):
        image = convert_to_tensor(image)
        rank = image.shape.ndims
        if rank not in (3, 4):
            raise ValueError("'image' (shape %s) must be three- or four-dimensional."
                             % image.shape)
        if rank == 3:
            coin = less(random_uniform([], seed=seed), 0.5)
        else:  # a batch: each image flipped on its own coin
            coin = less(random_uniform(shape(image)[:1], seed=seed), 0.5)
            coin = coin[:, None, None, None]
        return where_v2(coin, flip(image), image)


def random_flip_left_right(image, seed=None):
    """``image`` mirrored left to right with probability 1/2 (each image of a batch apart)."""
    return _random_flip(image, seed, flip_left_right, "random_flip_left_right")


def random_flip_up_down(image, seed=None):
    """``image`` upside down with probability 1/2 (each image of a batch apart)."""
    return _random_flip(image, seed, flip_up_down, "random_flip_up_down")


__all__ = ["adjust_brightness", "adjust_contrast", "adjust_gamma", "adjust_hue",
           "adjust_saturation", "hsv_to_rgb", "random_brightness", "random_contrast",
           "random_flip_left_right", "random_flip_up_down", "random_hue", "random_saturation",
           "rgb_to_hsv"]
