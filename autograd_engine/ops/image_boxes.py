"""``tf.image``'s ops that draw, cut or choose boxes: ``draw_bounding_boxes``,
``extract_glimpse`` and ``sample_distorted_bounding_box``, as TF1's kernels.

Host ops without gradients, as in TF1; the two random ones (a glimpse's noise outside the
image, the sampled box) are stateful and seeded as every random op (``tf.set_random_seed``,
``seed``).
"""
import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample
from .random_ops import get_seed
from .registry import OpDef, make_op, make_tensor, register
from .string_family import run_error

# TF's colours for boxes when none are given, cycled through (RGBA).
_COLOUR_TABLE = np.array([[1, 1, 0, 1], [0, 0, 1, 1], [1, 0, 0, 1], [0, 1, 0, 1],
                          [0.5, 0, 0.5, 1], [0.5, 0.5, 0, 1], [0.5, 0, 0, 1], [0, 0, 0.5, 1],
                          [0, 1, 1, 1], [1, 0, 1, 1]])


def draw_boxes(images, boxes, colours):
    """A copy of ``images`` [batch, h, w, depth] with each box's outline drawn (one pixel
    wide, corners scaled by h - 1 and w - 1 and truncated; sides outside the image left out)."""
    canvas = np.array(images, copy=True)
    _, height, width, depth = canvas.shape
    colours = colours.astype(canvas.dtype)
    for b in range(canvas.shape[0]):
        for k, box in enumerate(np.asarray(boxes[b], np.float32)):
            colour = colours[k % len(colours)][:depth]
            top, bottom = int(box[0] * (height - 1)), int(box[2] * (height - 1))
            left, right = int(box[1] * (width - 1)), int(box[3] * (width - 1))
            if top > bottom or left > right or top >= height or bottom < 0 or left >= width \
                    or right < 0:
                continue
            rows = slice(max(top, 0), min(bottom, height - 1) + 1)
            columns = slice(max(left, 0), min(right, width - 1) + 1)
            if top >= 0:
                canvas[b, top, columns] = colour
            if bottom < height:
                canvas[b, bottom, columns] = colour
            if left >= 0:
                canvas[b, rows, left] = colour
            if right < width:
                canvas[b, rows, right] = colour
    return canvas


class DrawBoundingBoxesOp(OpDef):
    type_name = "DrawBoundingBoxesV2"
    differentiable = False
    host_only = True

    def infer(self, op):
        return [(op.inputs[0].dtype, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        def draw(images, boxes, colours):
            images, boxes = np.asarray(images), np.asarray(boxes)
            if images.ndim != 4 or images.shape[-1] not in (1, 3, 4):
                raise run_error(op, "The images must be 4-D [batch, height, width, depth] "
                                "with depth 1, 3 or 4, got shape %s" % list(images.shape))
            if boxes.ndim != 3 or boxes.shape[0] != images.shape[0] or boxes.shape[2] != 4:
                raise run_error(op, "boxes must be [batch, num_boxes, 4] for %d images, got "
                                "shape %s" % (images.shape[0], list(boxes.shape)))
            colours = np.asarray(colours)
            return draw_boxes(images, boxes, colours if colours.size else _COLOUR_TABLE)
        return draw

    def samples(self, rng):
        image = np.zeros((1, 3, 4, 1), np.float32)
        drawn = image.copy()
        drawn[0, :, :, 0] = [[1, 1, 1, 0], [1, 0, 1, 0], [1, 1, 1, 0]]
        return [OpSample(lambda x, b: draw_bounding_boxes(x, b), image,
                         np.array([[[0, 0, 1, 0.7]]], np.float32),
                         reference=lambda x, b: drawn, grad=())]


register(DrawBoundingBoxesOp)


def draw_bounding_boxes(images, boxes, name=None, colors=None):
    """``images`` [batch, height, width, depth] (floats; depth 1, 3 or 4) with the outline of
    each of ``boxes`` [batch, num_boxes, 4] (``[y_min, x_min, y_max, x_max]`` in [0, 1]) drawn
    in ``colors`` [n, 4] (RGBA, cycled through; TF's table by default).

    >>> import autograd_engine as tf
    >>> out = tf.image.draw_bounding_boxes(tf.zeros([1, 3, 3, 1]), [[[0, 0, 1, 1]]])
    >>> tf.Session().run(out)[0, :, :, 0].tolist()
    [[1.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]]
    """
    images = convert_to_tensor(images)
    if not images.dtype.is_floating:
        raise TypeError("draw_bounding_boxes needs float images, got %s" % images.dtype.name)
    colours = np.zeros((0, 4), np.float32) if colors is None else colors
    return make_tensor("DrawBoundingBoxesV2", (
        images, convert_to_tensor(boxes, dtype=dtypes.float32),
        convert_to_tensor(colours, dtype=dtypes.float32)), None, name)


# ------------------------------------------------------------------ glimpses
def _noise(rng, image, kind, shape):
    """Values for a glimpse's pixels outside ``image`` [h, w, c]: per channel, uniform over
    the channel's range, Gaussian with its mean and deviation, or zero."""
    if kind == "zero":
        return np.zeros(shape, image.dtype)
    flat = image.reshape(-1, image.shape[-1]).astype(np.float64)
    if kind == "gaussian":
        values = rng.normal(flat.mean(0), flat.std(0), shape)
    else:
        low, high = flat.min(0), flat.max(0)
        values = low + rng.random(shape) * (high - low)
    return values.astype(image.dtype)


class ExtractGlimpseOp(OpDef):
    type_name = "ExtractGlimpse"
    differentiable = False
    host_only = True
    stateful = True

    def infer(self, op):
        dims = op.inputs[0].shape.as_tuple()
        size = op.attrs["size"]
        return [(op.inputs[0].dtype, TensorShape(
            [None if dims is None else dims[0], size[0], size[1],
             None if dims is None else dims[-1]]))]

    def kernel(self, op, ctx):
        rng = ctx.random_state(op)
        (height, width), attrs = op.attrs["size"], op.attrs

        def glimpse(images, offsets):
            images, offsets = np.asarray(images), np.asarray(offsets, np.float32)
            batch, in_height, in_width, channels = images.shape
            out = np.empty((batch, height, width, channels), images.dtype)
            for b in range(batch):
                y, x = offsets[b]
                if attrs["normalized"]:
                    y, x = y * np.float32(in_height), x * np.float32(in_width)
                if attrs["centered"]:
                    y = y / np.float32(2) + np.float32(in_height / 2)
                    x = x / np.float32(2) + np.float32(in_width / 2)
                top = int(y - np.float32(height / 2))
                left = int(x - np.float32(width / 2))
                out[b] = _noise(rng, images[b], attrs["noise"], (height, width, channels))
                rows = np.arange(top, top + height)
                columns = np.arange(left, left + width)
                inside_rows = (rows >= 0) & (rows < in_height)
                inside_columns = (columns >= 0) & (columns < in_width)
                out[b][np.ix_(inside_rows, inside_columns)] = images[b][np.ix_(
                    rows[inside_rows], columns[inside_columns])]
            return out
        return glimpse

    def samples(self, rng):
        images = np.arange(2 * 4 * 5 * 1, dtype=np.float32).reshape(2, 4, 5, 1)
        return [OpSample(lambda x, o: extract_glimpse(x, [2, 3], o, centered=False,
                                                      normalized=False, noise="zero"),
                         images, np.array([[1, 1.5], [2, 3.9]], np.float32),
                         reference=lambda x, o: np.stack([x[0, 0:2, 0:3], x[1, 1:3, 2:5]]),
                         grad=())]


register(ExtractGlimpseOp)


def extract_glimpse(input, size, offsets, centered=True, normalized=True,  # noqa: A002
                    uniform_noise=True, name=None, noise=None):
    """A ``size`` = [height, width] window of each image [batch, h, w, c], centred at
    ``offsets`` [batch, 2] (y, x): in [-1, 1] from the image centre by default, in [0, 1]
    from the top-left with ``centered=False``, in pixels without ``normalized``. Pixels
    outside the image are ``noise``: "uniform" (over each channel's range; the default),
    "gaussian" (with each channel's mean and deviation) or "zero".

    >>> import autograd_engine as tf
    >>> images = tf.reshape(tf.range(16.0), [1, 4, 4, 1])
    >>> glimpse = tf.image.extract_glimpse(images, [2, 2], [[0.0, 0.0]])
    >>> tf.Session().run(glimpse)[0, :, :, 0].tolist()
    [[5.0, 6.0], [9.0, 10.0]]
    """
    if noise is None:
        noise = "uniform" if uniform_noise else "gaussian"
    if noise not in ("uniform", "gaussian", "zero"):
        raise ValueError("noise must be 'uniform', 'gaussian' or 'zero', got %r" % (noise,))
    size = [int(v) for v in size]
    if len(size) != 2 or min(size) <= 0:
        raise ValueError("size must be two positive ints [height, width], got %s" % size)
    seed1, seed2 = get_seed(None)
    return make_tensor("ExtractGlimpse", (convert_to_tensor(input),
                                          convert_to_tensor(offsets, dtype=dtypes.float32)),
                       {"size": tuple(size), "centered": bool(centered),
                        "normalized": bool(normalized), "noise": noise, "seed": seed1,
                        "seed2": seed2}, name)


# ------------------------------------------------------------------ distorted crops
def _random_crop(rng, width, height, min_area, max_area, aspect_ratio):
    """TF's GenerateRandomCrop: (x, y, w, h) of a crop of ``aspect_ratio`` whose area lies in
    [min_area, max_area], or None."""
    def width_for(h):
        return int(np.rint(np.float32(h * aspect_ratio)))
    min_height = int(np.rint(np.float32(np.sqrt(min_area / aspect_ratio))))
    max_height = int(np.rint(np.float32(np.sqrt(max_area / aspect_ratio))))
    if width_for(max_height) > width:
        max_height = int((width + 0.5 - 1e-7) / aspect_ratio)
    if width_for(max_height) > width:
        max_height -= 1
    max_height = min(max_height, height)
    min_height = min(min_height, max_height)
    if min_height < max_height:
        min_height += int(rng.integers(0, max_height - min_height + 1))
    crop_height = min_height
    crop_width = width_for(crop_height)
    if crop_width * crop_height < min_area:
        crop_height += 1
        crop_width = width_for(crop_height)
    if crop_width * crop_height > max_area:
        crop_height -= 1
        crop_width = width_for(crop_height)
    area = crop_width * crop_height
    if not (min_area <= area <= max_area and 0 < crop_width <= width
            and 0 < crop_height <= height):
        return None
    y = int(rng.integers(0, height - crop_height)) if crop_height < height else 0
    x = int(rng.integers(0, width - crop_width)) if crop_width < width else 0
    return x, y, crop_width, crop_height


def _covers(crop, boxes, min_object_covered):
    """Whether the crop (x, y, w, h) covers at least that fraction of some box."""
    x, y, w, h = crop
    for left, top, right, bottom in boxes:
        area = (right - left) * (bottom - top)
        if area <= 0:
            continue
        overlap = max(0, min(right, x + w) - max(left, x)) * max(0, min(bottom, y + h) -
                                                              max(top, y))
        if overlap / area >= min_object_covered:
            return True
    return False


class SampleDistortedBoundingBoxOp(OpDef):
    type_name = "SampleDistortedBoundingBoxV2"
    differentiable = False
    host_only = True
    stateful = True

    def infer(self, op):
        dtype = op.inputs[0].dtype
        return [(dtype, TensorShape([3])), (dtype, TensorShape([3])),
                (dtypes.float32, TensorShape([1, 1, 4]))]

    def kernel(self, op, ctx):
        rng, attrs = ctx.random_state(op), op.attrs
        np_dtype = op.inputs[0].dtype.np_dtype

        def sample(image_size, bounding_boxes, min_object_covered):
            image_size = np.asarray(image_size)
            if image_size.shape != (3,):
                raise run_error(op, "image_size must be 1-D with 3 elements [height, width, "
                                "channels], got shape %s" % list(image_size.shape))
            height, width = int(image_size[0]), int(image_size[1])
            boxes = np.asarray(bounding_boxes, np.float32).reshape(-1, 4)
            if not len(boxes):
                if not attrs["use_image_if_no_bounding_boxes"]:
                    raise run_error(op, "No bounding boxes provided as input. One must enable "
                                    "use_image_if_no_bounding_boxes if you wish to not provide "
                                    "any bounding boxes.")
                boxes = np.array([[0, 0, 1, 1]], np.float32)
            rects = [(int(b[1] * width), int(b[0] * height), int(b[3] * width),
                      int(b[2] * height)) for b in boxes]
            low_area, high_area = attrs["area_range"]
            min_area, max_area = low_area * width * height, high_area * width * height
            low_ratio, high_ratio = attrs["aspect_ratio_range"]
            crop = None
            for _ in range(attrs["max_attempts"]):
                ratio = low_ratio + rng.random() * (high_ratio - low_ratio)
                found = _random_crop(rng, width, height, min_area, max_area, ratio)
                if found and _covers(found, rects, float(min_object_covered)):
                    crop = found
                    break
            x, y, w, h = crop or (0, 0, width, height)
            box = np.array([[[y / height, x / width, (y + h) / height, (x + w) / width]]],
                           np.float32)
            return (np.array([y, x, 0], np_dtype), np.array([h, w, -1], np_dtype), box)
        return sample

    def samples(self, rng):
        def check(values):
            begin, size, box = values
            assert (begin[:2] >= 0).all() and (begin[:2] + size[:2] <= [30, 40]).all()
            assert size[2] == -1 and begin[2] == 0
            np.testing.assert_allclose(box[0, 0], [begin[0] / 30, begin[1] / 40,
                                                   (begin[0] + size[0]) / 30,
                                                   (begin[1] + size[1]) / 40], rtol=1e-6)
        return [OpSample(lambda s, b: list(sample_distorted_bounding_box(
            s, b, seed=3, min_object_covered=0.3)), np.array([30, 40, 3], np.int32),
                         np.array([[[0.1, 0.2, 0.5, 0.9]]], np.float32), validate=check,
                         grad=())]


register(SampleDistortedBoundingBoxOp)


def sample_distorted_bounding_box(image_size, bounding_boxes, seed=None, seed2=None,
                                  min_object_covered=0.1, aspect_ratio_range=None,
                                  area_range=None, max_attempts=None,
                                  use_image_if_no_bounding_boxes=None, name=None):
    """A random crop for augmentation (TF1's Inception preprocessing): (begin, size, bboxes)
    for ``tf.slice(image, begin, size)`` and for drawing, the crop covering at least
    ``min_object_covered`` of one of ``bounding_boxes`` [batch, n, 4], its aspect ratio and
    area (a fraction of the image's) drawn from the ranges; after ``max_attempts`` tries
    without one, the whole image.

    >>> import autograd_engine as tf
    >>> begin, size, box = tf.image.sample_distorted_bounding_box(
    ...     [30, 40, 3], [[[0.1, 0.2, 0.5, 0.9]]], seed=1)
    >>> crop = tf.slice(tf.zeros([30, 40, 3]), begin, size)
    >>> crop.shape.as_list(), box.shape.as_list()
    ([None, None, None], [1, 1, 4])
    """
    image_size = convert_to_tensor(image_size)
    if image_size.dtype not in (dtypes.uint8, dtypes.int8, dtypes.int16, dtypes.int32,
                                dtypes.int64):
        raise TypeError("image_size must be an integer tensor, got %s" % image_size.dtype.name)
    seed1, graph_seed2 = get_seed(seed)
    attrs = {"seed": seed1, "seed2": graph_seed2 if seed2 is None else int(seed2),
             "aspect_ratio_range": tuple(float(v) for v in (aspect_ratio_range or
                                                            (0.75, 1.33))),
             "area_range": tuple(float(v) for v in (area_range or (0.05, 1.0))),
             "max_attempts": int(max_attempts or 100),
             "use_image_if_no_bounding_boxes": bool(use_image_if_no_bounding_boxes)}
    if attrs["aspect_ratio_range"][0] <= 0 or attrs["area_range"][0] <= 0 or \
            attrs["area_range"][1] > 1:
        raise ValueError("aspect_ratio_range must be positive and area_range within (0, 1]")
    return tuple(make_op("SampleDistortedBoundingBoxV2", (
        image_size, convert_to_tensor(bounding_boxes, dtype=dtypes.float32),
        convert_to_tensor(min_object_covered, dtype=dtypes.float32)), attrs,
        name or "sample_distorted_bounding_box").outputs)


__all__ = ["draw_bounding_boxes", "extract_glimpse", "sample_distorted_bounding_box"]
