"""tf.image: flips, transposes and rotations, dtype and colour conversions, per-image
standardization, crops and pads, and resizing, for single images and batches. Values against
numpy references (resizing against a pixel-by-pixel loop of TF1.15's kernels), static shapes
and dtypes, numerical gradient checks, run-time and build-time errors."""
import math

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients

from op_helpers import check, dynamic, run

RNG = np.random.RandomState(11)


def image(*shape, dtype=np.float32):
    return RNG.uniform(0, 1, shape).astype(dtype)


def unknown_rank(value):
    return tf.placeholder_with_default(value, None)


# ====================================================================== flips, transpose, rot90
# (function, reference on one image [h, w, c]); a batch applies the reference per image.
GEOMETRY = {
    "flip_left_right": (tf.image.flip_left_right, lambda x: x[:, ::-1]),
    "flip_up_down": (tf.image.flip_up_down, lambda x: x[::-1]),
    "transpose_image": (tf.image.transpose_image, lambda x: x.transpose(1, 0, 2)),
    "rot90": (tf.image.rot90, lambda x: np.rot90(x, 1, axes=(0, 1))),
}


def _per_image(reference, x):
    return reference(x) if x.ndim == 3 else np.stack([reference(one) for one in x])


@pytest.mark.parametrize("shape", [(3, 4, 2), (2, 3, 4, 1)], ids=["image", "batch"])
@pytest.mark.parametrize("name", sorted(GEOMETRY))
def test_geometry_matches_numpy(name, shape):
    fn, reference = GEOMETRY[name]
    x = image(*shape)
    expected = _per_image(reference, x)
    check(fn(x), expected)
    # A rank known only at run time: TF1's cond between the 3-D and 4-D versions.
    y = fn(unknown_rank(x))
    assert y.shape.ndims is None
    np.testing.assert_array_equal(run(y), expected)
    check_gradients(fn, [x.astype(np.float64)])


@pytest.mark.parametrize("shape", [(3, 4, 2), (2, 3, 4, 1)], ids=["image", "batch"])
def test_rot90_every_k_static_and_at_run_time(shape):
    x = image(*shape)
    k = tf.placeholder(tf.int32, [])
    turned = tf.image.rot90(x, k)
    assert turned.shape.as_list() == list(shape[:-3]) + [None, None, shape[-1]]
    for quarter in range(-2, 6):
        expected = _per_image(lambda one: np.rot90(one, quarter, axes=(0, 1)), x)
        check(tf.image.rot90(x, quarter), expected)
        np.testing.assert_array_equal(run(turned, {k: quarter}), expected)
    check_gradients(lambda t: tf.image.rot90(t, k=3), [x.astype(np.float64)])


def test_geometry_errors():
    with pytest.raises(ValueError, match=r"'image' \(shape \(3, 4\)\) must be at least "
                                         r"three-dimensional \(tf.image.flip_left_right\)"):
        tf.image.flip_left_right(tf.zeros([3, 4]))
    with pytest.raises(ValueError, match="'image' must have either 3 or 4 dimensions "
                                         r"\(tf.image.rot90"):
        tf.image.rot90(tf.zeros([1, 2, 3, 4, 5]))
    with pytest.raises(ValueError, match="inner 3 dims of 'image.shape' must be > 0"):
        tf.image.flip_up_down(tf.zeros([2, 0, 3, 1]))
    with pytest.raises(TypeError, match="rot90: k must be int32, got float32"):
        tf.image.rot90(tf.zeros([2, 2, 1]), tf.placeholder(tf.float32, []))
    with pytest.raises(ValueError, match="must have rank 0"):
        tf.image.rot90(tf.zeros([2, 2, 1]), tf.placeholder(tf.int32, [2]))


# ====================================================================== dtypes and colours
def test_convert_image_dtype_matches_tf1_scaling():
    pixels = np.array([0, 1, 127, 128, 254, 255], np.uint8)
    check(tf.image.convert_image_dtype(pixels, tf.float32),
          pixels.astype(np.float32) * np.float32(1 / 255))
    floats = np.array([0.0, 0.2, 0.5, 0.999, 1.0], np.float32)
    check(tf.image.convert_image_dtype(floats, tf.uint8),
          (floats * np.float32(255.5)).astype(np.uint8))
    check(tf.image.convert_image_dtype(np.array([-0.5, 1.5], np.float32), tf.uint8,
                                       saturate=True), np.array([0, 255], np.uint8))
    check(tf.image.convert_image_dtype(pixels, tf.int16), pixels.astype(np.int16) * 128)
    check(tf.image.convert_image_dtype(np.array([0, 255, 32767], np.int16), tf.uint8),
          np.array([0, 1, 255], np.uint8))
    check(tf.image.convert_image_dtype(np.array([0.25], np.float64), tf.float32),
          np.array([0.25], np.float32))
    same = tf.constant(pixels)
    assert tf.image.convert_image_dtype(same, tf.uint8).op.type == "Identity"
    with pytest.raises(AttributeError, match="dtype must be either floating point or integer"):
        tf.image.convert_image_dtype(floats, tf.bool)


@pytest.mark.parametrize("shape", [(4, 5, 3), (2, 3, 4, 3)], ids=["image", "batch"])
def test_rgb_to_grayscale(shape):
    weights = np.array([0.2989, 0.5870, 0.1140], np.float32)
    x = image(*shape)
    check(tf.image.rgb_to_grayscale(x), (x @ weights)[..., None], rtol=1e-6)
    # uint8: TF1 works in [0, 1] floats and converts back (times 255.5, truncated).
    pixels = RNG.randint(0, 256, shape).astype(np.uint8)
    gray = (pixels.astype(np.float32) * np.float32(1 / 255)) @ weights
    check(tf.image.rgb_to_grayscale(pixels), (gray[..., None] * np.float32(255.5)).astype(np.uint8))
    doubles = x.astype(np.float64)
    check(tf.image.rgb_to_grayscale(doubles), (doubles @ weights.astype(np.float64))[..., None],
          rtol=1e-6)  # float64 stays float64 here (TF1 would compute in float32)
    check_gradients(tf.image.rgb_to_grayscale, [doubles])


def test_grayscale_to_rgb_and_colour_errors():
    x = image(2, 3, 4, 1)
    check(tf.image.grayscale_to_rgb(x), np.repeat(x, 3, axis=-1))
    y = tf.image.grayscale_to_rgb(unknown_rank(x[0]))
    np.testing.assert_array_equal(run(y), np.repeat(x[0], 3, axis=-1))
    check_gradients(tf.image.grayscale_to_rgb, [x.astype(np.float64)])
    with pytest.raises(ValueError, match="Last dimension of a grayscale image should be size 1"):
        tf.image.grayscale_to_rgb(tf.zeros([2, 2, 3]))
    with pytest.raises(ValueError, match="must be at least two-dimensional"):
        tf.image.grayscale_to_rgb(tf.zeros([1]))
    with pytest.raises(ValueError, match="rgb_to_grayscale needs images with 3 channels"):
        tf.image.rgb_to_grayscale(tf.zeros([2, 2, 4]))


# ====================================================================== standardization
def _standardized(x):
    axes = (-1, -2, -3)
    mean = x.mean(axis=axes, keepdims=True)
    adjusted = np.maximum(x.std(axis=axes, keepdims=True), 1 / np.sqrt(np.prod(x.shape[-3:])))
    return (x - mean) / adjusted


@pytest.mark.parametrize("shape", [(4, 5, 3), (3, 2, 4, 2)], ids=["image", "batch"])
def test_per_image_standardization(shape):
    x = image(*shape) * 10
    check(tf.image.per_image_standardization(x), _standardized(x.astype(np.float64)).astype(
        np.float32), rtol=1e-4, atol=1e-5)
    got = run(tf.image.per_image_standardization(dynamic(tf.constant(x))))
    np.testing.assert_allclose(got, _standardized(x.astype(np.float64)), rtol=1e-4, atol=1e-5)
    check_gradients(tf.image.per_image_standardization, [x.astype(np.float64)])


def test_per_image_standardization_uniform_images_and_dtypes():
    flat = np.full((2, 3, 3, 1), 7.0, np.float32)
    check(tf.image.per_image_standardization(flat), np.zeros_like(flat))  # no 0 / 0
    # Each image of a batch has its own mean and scale.
    batch = np.stack([np.full((2, 2, 1), 1.0), np.arange(4.0).reshape(2, 2, 1)])
    got = run(tf.image.per_image_standardization(batch))
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, _standardized(batch), rtol=1e-12)
    pixels = RNG.randint(0, 256, (4, 4, 3)).astype(np.uint8)
    check(tf.image.per_image_standardization(pixels),  # integers: float32, values as they are
          _standardized(pixels.astype(np.float64)).astype(np.float32), rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError, match="must be at least three-dimensional"):
        tf.image.per_image_standardization(tf.zeros([4, 4]))


# ====================================================================== crops and pads
@pytest.mark.parametrize("fraction", [0.5, 0.33, 0.9])
@pytest.mark.parametrize("shape", [(7, 10, 2), (2, 9, 6, 1)], ids=["image", "batch"])
def test_central_crop(shape, fraction):
    x = image(*shape)
    height, width = shape[-3:-1]
    top = int((height - height * fraction) / 2)
    left = int((width - width * fraction) / 2)
    expected = x[..., top:height - top, left:width - left, :]
    check(tf.image.central_crop(x, fraction), expected)
    cropped = tf.image.central_crop(dynamic(tf.constant(x)), fraction)
    assert cropped.shape.as_list() == [None] * len(shape)
    np.testing.assert_array_equal(run(cropped), expected)
    check_gradients(lambda t: tf.image.central_crop(t, fraction), [x.astype(np.float64)])


def test_central_crop_whole_image_and_errors():
    x = tf.zeros([4, 4, 3])
    assert tf.image.central_crop(x, 1.0) is x
    for fraction in (0.0, 1.5):
        with pytest.raises(ValueError, match=r"central_fraction must be within \(0, 1\]"):
            tf.image.central_crop(x, fraction)
    with pytest.raises(ValueError, match="should either be a Tensor with rank = 3 or rank = 4"):
        tf.image.central_crop(tf.zeros([1, 2, 3, 4, 5]), 0.5)


@pytest.mark.parametrize("shape", [(6, 7, 2), (2, 6, 7, 1)], ids=["image", "batch"])
def test_crop_and_pad_to_bounding_box(shape):
    x = image(*shape)
    cropped = tf.image.crop_to_bounding_box(x, 1, 2, 4, 3)
    check(cropped, x[..., 1:5, 2:5, :])
    batch = [(0, 0)] * (len(shape) - 3)
    padded = tf.image.pad_to_bounding_box(x, 2, 1, 9, 10)
    check(padded, np.pad(x, batch + [(2, 1), (1, 2), (0, 0)]))
    check_gradients(lambda t: tf.image.crop_to_bounding_box(t, 1, 2, 4, 3), [x.astype(np.float64)])
    check_gradients(lambda t: tf.image.pad_to_bounding_box(t, 2, 1, 9, 10), [x.astype(np.float64)])
    # The box as tensors: checked when the graph runs.
    offset, target = tf.placeholder(tf.int32, []), tf.placeholder(tf.int32, [])
    cropped = tf.image.crop_to_bounding_box(x, offset, 2, target, 3)
    assert cropped.shape.as_list() == list(shape[:-3]) + [None, 3, shape[-1]]
    np.testing.assert_array_equal(run(cropped, {offset: 2, target: 3}), x[..., 2:5, 2:5, :])
    with pytest.raises(tf.errors.InvalidArgumentError, match="height must be >= target \\+ offset"):
        run(cropped, {offset: 3, target: 4})
    padded = tf.image.pad_to_bounding_box(x, offset, 0, target, 7)
    assert padded.shape.as_list() == list(shape[:-3]) + [None, 7, shape[-1]]
    np.testing.assert_array_equal(run(padded, {offset: 1, target: 8}),
                                  np.pad(x, batch + [(1, 1), (0, 0), (0, 0)]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="height must be <= target - offset"):
        run(padded, {offset: 3, target: 8})


def test_crop_and_pad_unknown_rank_counts_as_one_image():
    x = image(5, 5, 1)
    cropped = tf.image.crop_to_bounding_box(unknown_rank(x), 1, 1, 3, 2)
    assert cropped.shape.as_list() == [3, 2, None]
    np.testing.assert_array_equal(run(cropped), x[1:4, 1:3])


@pytest.mark.parametrize("args, message", [
    ((-1, 0, 2, 2), "offset_height must be >= 0."),
    ((0, -1, 2, 2), "offset_width must be >= 0."),
    ((0, 0, 0, 2), "target_height must be > 0."),
    ((0, 0, 2, 0), "target_width must be > 0."),
    ((3, 0, 3, 2), "height must be >= target \\+ offset."),
    ((0, 4, 2, 3), "width must be >= target \\+ offset."),
])
def test_crop_to_bounding_box_errors(args, message):
    with pytest.raises(ValueError, match=message + r" \(tf.image.crop_to_bounding_box\)"):
        tf.image.crop_to_bounding_box(tf.zeros([5, 6, 1]), *args)


@pytest.mark.parametrize("args, message", [
    ((-1, 0, 9, 9), "offset_height must be >= 0"),
    ((0, -1, 9, 9), "offset_width must be >= 0"),
    ((2, 0, 6, 9), "height must be <= target - offset"),
    ((0, 4, 9, 9), "width must be <= target - offset"),
])
def test_pad_to_bounding_box_errors(args, message):
    with pytest.raises(ValueError, match=message + r" \(tf.image.pad_to_bounding_box\)"):
        tf.image.pad_to_bounding_box(tf.zeros([5, 6, 1]), *args)
    with pytest.raises(ValueError, match="'image' must have either 3 or 4 dimensions"):
        tf.image.pad_to_bounding_box(tf.zeros([5, 6]), 0, 0, 9, 9)


# ====================================================================== resizing
def tf1_resize(images, out_height, out_width, method, align_corners=False,
               half_pixel_centers=False):
    """TF1.15's ResizeBilinear / ResizeNearestNeighbor CPU kernels, pixel by pixel, with their
    float32 arithmetic: a batch [b, h, w, c] in, a batch out."""
    f32 = np.float32
    batch, in_height, in_width, channels = images.shape

    def scale(in_size, out_size):
        if align_corners and out_size > 1:
            return f32(in_size - 1) / f32(out_size - 1)
        return f32(in_size) / f32(out_size)

    def source(i, s):
        return (f32(i) + f32(0.5)) * s - f32(0.5) if half_pixel_centers else f32(i) * s

    def nearest(position, in_size):  # roundf (halves away from zero) or floorf
        picked = math.floor(float(position) + 0.5) if align_corners else math.floor(position)
        return min(picked, in_size - 1)

    def taps(position, in_size):
        below = math.floor(position)
        return max(below, 0), min(math.ceil(position), in_size - 1), f32(position - f32(below))

    out_dtype = f32 if method == "bilinear" else images.dtype
    out = np.zeros((batch, out_height, out_width, channels), out_dtype)
    height_scale, width_scale = scale(in_height, out_height), scale(in_width, out_width)
    pixels = images.astype(f32) if method == "bilinear" else images
    for b in range(batch):
        for y in range(out_height):
            in_y = source(y, height_scale)
            for x in range(out_width):
                in_x = source(x, width_scale)
                if method == "nearest":
                    out[b, y, x] = pixels[b, nearest(in_y, in_height), nearest(in_x, in_width)]
                    continue
                top, bottom, y_lerp = taps(in_y, in_height)
                left, right, x_lerp = taps(in_x, in_width)
                top_left, top_right = pixels[b, top, left], pixels[b, top, right]
                bottom_left, bottom_right = pixels[b, bottom, left], pixels[b, bottom, right]
                top_row = top_left + (top_right - top_left) * x_lerp
                bottom_row = bottom_left + (bottom_right - bottom_left) * x_lerp
                out[b, y, x] = top_row + (bottom_row - top_row) * y_lerp
    return out


RESIZES = [((4, 5), (8, 10)), ((4, 5), (3, 2)), ((5, 3), (7, 7)), ((6, 6), (1, 1)),
           ((3, 4), (9, 5)), ((1, 4), (3, 4))]
RESIZE_IDS = ["%dx%d-to-%dx%d" % (a + b) for a, b in RESIZES]


@pytest.mark.parametrize("align_corners", [False, True], ids=["legacy", "align"])
@pytest.mark.parametrize("sizes", RESIZES, ids=RESIZE_IDS)
def test_resize_matches_tf1_kernels(sizes, align_corners):
    (in_h, in_w), (out_h, out_w) = sizes
    batch = image(2, in_h, in_w, 2) * 100
    expected = tf1_resize(batch, out_h, out_w, "bilinear", align_corners)
    bilinear = tf.image.resize_bilinear(batch, [out_h, out_w], align_corners=align_corners)
    check(bilinear, expected, rtol=1e-6, atol=1e-5)
    # One image: the same result without the batch dimension.
    check(tf.image.resize_bilinear(batch[1], [out_h, out_w], align_corners=align_corners),
          expected[1], rtol=1e-6, atol=1e-5)
    pixels = RNG.randint(0, 256, (2, in_h, in_w, 3)).astype(np.uint8)
    check(tf.image.resize_nearest_neighbor(pixels, [out_h, out_w], align_corners=align_corners),
          tf1_resize(pixels, out_h, out_w, "nearest", align_corners))
    check(tf.image.resize_bilinear(pixels, [out_h, out_w], align_corners=align_corners),
          tf1_resize(pixels, out_h, out_w, "bilinear", align_corners), rtol=1e-6, atol=1e-4)


@pytest.mark.parametrize("sizes", RESIZES[:3], ids=RESIZE_IDS[:3])
def test_resize_bilinear_half_pixel_centers(sizes):
    (in_h, in_w), (out_h, out_w) = sizes
    batch = image(1, in_h, in_w, 1)
    check(tf.image.resize_bilinear(batch, [out_h, out_w], half_pixel_centers=True),
          tf1_resize(batch, out_h, out_w, "bilinear", half_pixel_centers=True), rtol=1e-6)


@pytest.mark.parametrize("align_corners", [False, True], ids=["legacy", "align"])
@pytest.mark.parametrize("sizes", [((3, 4), (5, 7)), ((4, 5), (3, 2))], ids=["up", "down"])
def test_resize_gradients(sizes, align_corners):
    (in_h, in_w), out_size = sizes
    x = RNG.standard_normal((2, in_h, in_w, 2))
    for resize in (tf.image.resize_bilinear, tf.image.resize_nearest_neighbor):
        check_gradients(lambda t: resize(t, out_size, align_corners=align_corners), [x])
        check_gradients(lambda t: resize(dynamic(t), out_size, align_corners=align_corners), [x])
    check_gradients(lambda t: tf.image.resize_bilinear(t, out_size, align_corners=align_corners),
                    [x[0]])


def test_resize_sizes_known_at_run_time():
    batch = image(2, 4, 5, 1)
    height = tf.placeholder(tf.int32, [])
    resized = tf.image.resize_bilinear(batch, [height, 3])
    assert resized.shape.as_list() == [2, None, 3, 1]
    np.testing.assert_allclose(run(resized, {height: 7}), tf1_resize(batch, 7, 3, "bilinear"),
                               rtol=1e-6)
    size = tf.placeholder(tf.int32, [2])
    resized = tf.image.resize_nearest_neighbor(dynamic(tf.constant(batch)), size)
    assert resized.shape.as_list() == [None, None, None, None]
    np.testing.assert_array_equal(run(resized, {size: [6, 2]}), tf1_resize(batch, 6, 2, "nearest"))


def test_resize_images_methods_dtypes_and_shortcut():
    pixels = RNG.randint(0, 256, (3, 4, 3)).astype(np.uint8)
    bilinear = tf.image.resize_images(pixels, [6, 5])
    assert bilinear.dtype == tf.float32 and bilinear.shape.as_list() == [6, 5, 3]
    np.testing.assert_allclose(run(bilinear), tf1_resize(pixels[None], 6, 5, "bilinear")[0],
                               rtol=1e-6, atol=1e-4)
    for method in (tf.image.ResizeMethod.NEAREST_NEIGHBOR, "nearest"):
        nearest = tf.image.resize_images(pixels, [6, 5], method=method, align_corners=True)
        check(nearest, tf1_resize(pixels[None], 6, 5, "nearest", align_corners=True)[0])
    assert tf.image.resize is tf.image.resize_images
    assert tf.image.transpose is tf.image.transpose_image
    # TF1 returns images already of the requested size as they are (dtype included).
    same = tf.constant(pixels)
    assert tf.image.resize_images(same, [3, 4]) is same
    fitted = tf.image.resize_images(tf.zeros([2, 100, 50, 1]), [20, 20], preserve_aspect_ratio=True)
    assert run(fitted).shape == (2, 20, 10, 1)


def test_resize_errors():
    images = tf.zeros([4, 4, 1])
    # issue 20 (i20e): BICUBIC (once NotImplementedError here) resizes; values are checked
    # against TensorFlow in tests/test_image_tail.py.
    assert tf.image.resize_images(images, [2, 2], method=tf.image.ResizeMethod.BICUBIC
                                  ).shape.as_list() == [2, 2, 1]
    with pytest.raises(ValueError, match="Resize method is not implemented"):
        tf.image.resize_images(images, [2, 2], method=7)
    with pytest.raises(ValueError, match="'images' contains no shape"):
        tf.image.resize_images(tf.placeholder(tf.float32), [2, 2])
    with pytest.raises(ValueError, match="'images' must have either 3 or 4 dimensions "
                                         r"\(tf.image.resize_bilinear got shape \(4, 4\)\)"):
        tf.image.resize_bilinear(tf.zeros([4, 4]), [2, 2])
    with pytest.raises(ValueError, match="'size' must be a 1-D Tensor of 2 elements"):
        tf.image.resize_images(images, [2, 2, 2])
    with pytest.raises(ValueError, match="'size' must be a 1-D int32 Tensor"):
        tf.image.resize_bilinear(images, [2.5, 2])
    with pytest.raises(ValueError, match="output dimensions must be positive"):
        tf.image.resize_nearest_neighbor(images, [0, 2])
    with pytest.raises(ValueError, match="If half_pixel_centers is True, align_corners must be "
                                         "False"):
        tf.image.resize_bilinear(images, [2, 2], align_corners=True, half_pixel_centers=True)
    with pytest.raises(NotImplementedError, match="half_pixel_centers=True is not implemented"):
        tf.image.resize_nearest_neighbor(images, [2, 2], half_pixel_centers=True)
