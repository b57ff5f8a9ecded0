"""tf.image's tail against TensorFlow (tests/fixtures/image_io/image_math.npz, made by
tools/make_fixtures_image_io.py): colour spaces, edges, quality measures, bicubic and area
resizing, patches and canvas fitting, with float64 gradient checks."""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients

FIXTURE = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "image_io",
                               "image_math.npz"))
IMG = tf.image


def check(build, rtol=1e-5, atol=1e-6):
    """Runs ``build(constants)`` (a dict of fixture keys to tensors) and compares with TF."""
    with tf.Graph().as_default(), tf.Session() as sess:
        inputs = {k: tf.constant(FIXTURE[k]) for k in ("a", "b", "big_a", "big_b", "small",
                                                       "volume")}
        values = sess.run(build(inputs))
    for key, value in values.items():
        expected = FIXTURE[key]
        assert value.dtype == expected.dtype and value.shape == expected.shape, key
        np.testing.assert_allclose(value, expected, rtol=rtol, atol=atol, err_msg=key)


def u8(x):
    return tf.cast(x * 255, tf.uint8)


def test_colour_spaces_edges_and_variation():
    check(lambda t: {
        "yiq": IMG.rgb_to_yiq(t["a"]), "yuv": IMG.rgb_to_yuv(t["a"]),
        "yiq_to_rgb": IMG.yiq_to_rgb(t["a"]), "yuv_to_rgb": IMG.yuv_to_rgb(t["a"]),
        "sobel": IMG.sobel_edges(t["a"]), "gradients": tf.stack(IMG.image_gradients(t["a"])),
        "tv4": IMG.total_variation(t["a"]), "tv3": IMG.total_variation(t["a"][0])})


def test_psnr_and_ssim():
    check(lambda t: {
        "psnr": IMG.psnr(t["a"], t["b"], 1.0), "psnr_uint8": IMG.psnr(u8(t["a"]), u8(t["b"]), 255),
        "ssim": IMG.ssim(t["big_a"], t["big_b"], 1.0),
        "ssim_small_filter": IMG.ssim(t["big_a"], t["big_b"], 1.0, filter_size=5,
                                      filter_sigma=1.0),
        "ssim_uint8": IMG.ssim(u8(t["big_a"]), u8(t["big_b"]), 255),
        "ssim_ms": IMG.ssim_multiscale(t["big_a"], t["big_b"], 1.0,
                                       power_factors=(0.3, 0.4, 0.3), filter_size=3)})


def test_bicubic_and_area_resizing():
    def build(t):
        ops = {"area_uint8": IMG.resize_area(u8(t["small"]), (3, 4))}
        for shape in ((3, 4), (8, 11), (10, 3)):
            key = "%dx%d" % shape
            ops["area_" + key] = IMG.resize_area(t["small"], shape)
            ops["area_ac_" + key] = IMG.resize_area(t["small"], shape, align_corners=True)
            ops["bicubic_" + key] = IMG.resize_bicubic(t["small"], shape)
            ops["bicubic_ac_" + key] = IMG.resize_bicubic(t["small"], shape, align_corners=True)
            ops["bicubic_hp_" + key] = IMG.resize_bicubic(t["small"], shape,
                                                          half_pixel_centers=True)
            ops["images_bicubic_" + key] = IMG.resize_images(t["small"], shape,
                                                             IMG.ResizeMethod.BICUBIC)
            ops["images_area_" + key] = IMG.resize(t["small"], shape, "area")
        return ops
    check(build, atol=2e-6)
    check(lambda t: {"area_uint8": IMG.resize_area(u8(t["small"]), (3, 4))}, atol=1e-4)


def test_bicubic_gradient_matches_tensorflow():
    def build(t):
        grads = {}
        for key, size, half_pixel in (("bicubic", (8, 11), False), ("bicubic_hp", (3, 4), True)):
            y = IMG.resize_bicubic(t["small"], size, half_pixel_centers=half_pixel)
            weights = np.linspace(-1, 1, int(np.prod(y.shape.as_list()))).reshape(
                y.shape.as_list()).astype(np.float32)
            grads["grad_" + key] = tf.gradients(tf.reduce_sum(y * weights), t["small"])[0]
        return grads
    check(build)


@pytest.mark.parametrize("build", [
    lambda x: IMG.resize_bicubic(x, (7, 3)),
    lambda x: IMG.resize_bicubic(x, (3, 9), half_pixel_centers=True),
    lambda x: IMG.resize_area(x, (3, 4), align_corners=True),
    lambda x: IMG.rgb_to_yuv(x[..., :3]),
    lambda x: IMG.sobel_edges(x),
    lambda x: IMG.total_variation(x),
    lambda x: IMG.psnr(x, x * 0.5 + 0.2, 1.0),
    lambda x: IMG.ssim(x, x * 0.5 + 0.2, 1.0, filter_size=3),
    lambda x: tf.extract_image_patches(x, [1, 2, 3, 1], [1, 2, 1, 1], [1, 1, 2, 1], "SAME"),
    lambda x: IMG.resize_image_with_crop_or_pad(x, 3, 9),
    lambda x: IMG.resize_image_with_pad(x, 8, 4),
    lambda x: tf.stack(IMG.image_gradients(x)),
    lambda x: IMG.ssim_multiscale(x, x * 0.5 + 0.2, 1.0, (0.6, 0.4), filter_size=2),
    lambda x: tf.extract_volume_patches(x[..., None], [1, 2, 2, 2, 1], [1, 1, 2, 1, 1], "SAME"),
], ids=["bicubic", "bicubic_half_pixel", "area", "yuv", "sobel", "total_variation", "psnr",
        "ssim", "patches", "crop_or_pad", "with_pad", "image_gradients", "ssim_multiscale",
        "volume_patches"])
def test_gradients(build):
    image = np.random.RandomState(3).uniform(0.1, 0.9, (2, 5, 6, 3))
    check_gradients(build, [image])


def test_resizing_with_sizes_known_only_at_run_time():
    images = tf.placeholder(tf.float32, [1, None, None, 2])
    size = tf.placeholder(tf.int32, [2])
    with tf.Session() as sess:
        for method, key in ((IMG.resize_bicubic, "bicubic_8x11"), (IMG.resize_area, "area_8x11")):
            value = sess.run(method(images, size), {images: FIXTURE["small"], size: [8, 11]})
            np.testing.assert_allclose(value, FIXTURE[key], rtol=1e-5, atol=2e-6)


def test_patches_and_canvas_fitting():
    cases = {"valid": ([1, 2, 3, 1], [1, 2, 1, 1], [1, 1, 1, 1], "VALID"),
             "same": ([1, 3, 2, 1], [1, 2, 3, 1], [1, 1, 1, 1], "SAME"),
             "rates": ([1, 2, 2, 1], [1, 1, 2, 1], [1, 2, 3, 1], "SAME"),
             "rates_valid": ([1, 2, 2, 1], [1, 3, 1, 1], [1, 2, 2, 1], "VALID")}

    def build(t):
        ops = {"patches_" + key: tf.extract_image_patches(t["a"], *case)
               for key, case in cases.items()}
        ops["patches_valid"] = IMG.extract_patches(t["a"], *cases["valid"])
        ops.update({
            "volume_valid": tf.extract_volume_patches(t["volume"], [1, 2, 3, 2, 1],
                                                      [1, 1, 2, 3, 1], "VALID"),
            "volume_same": tf.extract_volume_patches(t["volume"], [1, 3, 2, 3, 1],
                                                     [1, 2, 2, 2, 1], "SAME"),
            "crop_or_pad_small": IMG.resize_image_with_crop_or_pad(t["a"], 5, 12),
            "crop_or_pad_big": IMG.resize_with_crop_or_pad(t["a"][0], 11, 4),
            "with_pad": IMG.resize_image_with_pad(t["a"], 12, 12),
            "with_pad_nearest": IMG.resize_image_with_pad(
                t["a"][0], 5, 20, method=IMG.ResizeMethod.NEAREST_NEIGHBOR)})
        return ops
    check(build, rtol=0, atol=0)


def test_canvas_fitting_with_unknown_image_size():
    image = tf.placeholder(tf.float32, [None, None, 3])
    fitted = IMG.resize_image_with_crop_or_pad(image, 11, 4)
    padded = IMG.resize_image_with_pad(image, 5, 20, method=IMG.ResizeMethod.NEAREST_NEIGHBOR)
    assert fitted.shape.as_list() == [11, 4, 3] and padded.shape.as_list() == [5, 20, 3]
    with tf.Session() as sess:
        values = sess.run([fitted, padded], {image: FIXTURE["a"][0]})
    np.testing.assert_array_equal(values[0], FIXTURE["crop_or_pad_big"])
    np.testing.assert_array_equal(values[1], FIXTURE["with_pad_nearest"])


def test_errors():
    with pytest.raises(TypeError, match="floating-point images"):
        IMG.rgb_to_yiq(tf.zeros([2, 3], tf.uint8))
    with pytest.raises(ValueError, match="last dimension is 3"):
        IMG.rgb_to_yuv(tf.zeros([2, 4]))
    with pytest.raises(ValueError, match="3 or 4-dimensional"):
        IMG.total_variation(tf.zeros([2, 4]))
    with pytest.raises(ValueError, match="at least filter_size=11"):
        IMG.ssim(tf.zeros([8, 8, 3]), tf.zeros([8, 8, 3]), 1.0)
    with pytest.raises(ValueError, match=r"ksizes must be 4 numbers"):
        tf.extract_image_patches(tf.zeros([1, 4, 4, 1]), [2, 2], [1, 1, 1, 1], [1, 1, 1, 1],
                                 "SAME")
    with pytest.raises(ValueError, match="padding must be"):
        IMG.extract_patches(tf.zeros([1, 4, 4, 1]), [1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1],
                            "FULL")
    with pytest.raises(ValueError, match="target_width must be > 0"):
        IMG.resize_image_with_crop_or_pad(tf.zeros([4, 4, 1]), 2, 0)
    with pytest.raises(ValueError, match="align_corners must be False"):
        IMG.resize_bicubic(tf.zeros([1, 4, 4, 1]), [2, 2], align_corners=True,
                           half_pixel_centers=True)
