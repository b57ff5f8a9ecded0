"""tf.image colour adjustments against TensorFlow (tests/fixtures/tail/image_adjust.npz) and
the random augmentations' behaviour."""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients

FIXTURE = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "tail",
                               "image_adjust.npz"))


@pytest.mark.parametrize("kind", ["float", "uint8"])
def test_adjustments_match_tensorflow(kind):
    image = FIXTURE[kind + "_image"]
    with tf.Graph().as_default(), tf.Session() as sess:
        values = sess.run({kind + "_brightness": tf.image.adjust_brightness(image, 0.2),
                           kind + "_contrast": tf.image.adjust_contrast(image, 1.7),
                           kind + "_gamma": tf.image.adjust_gamma(image, 0.6, 1.1),
                           kind + "_hue": tf.image.adjust_hue(image, 0.3),
                           kind + "_hue_negative": tf.image.adjust_hue(image, -0.45),
                           kind + "_saturation": tf.image.adjust_saturation(image, 1.6)})
    for key, value in values.items():
        assert value.dtype == FIXTURE[key].dtype, key
        np.testing.assert_allclose(value.astype(np.float64), FIXTURE[key], rtol=1e-5,
                                   atol=1e-5 if kind == "float" else 1, err_msg=key)


def test_contrast_gradient():
    check_gradients(lambda x: tf.image.adjust_contrast(x, 1.7), [FIXTURE["float_image"]])


def test_hsv_round_trip_matches_tensorflow():
    with tf.Graph().as_default(), tf.Session() as sess:
        hsv = tf.image.rgb_to_hsv(FIXTURE["float_image"])
        back = tf.image.hsv_to_rgb(hsv)
        values = sess.run([hsv, back])
    np.testing.assert_allclose(values[0], FIXTURE["hsv"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(values[1], FIXTURE["float_image"], rtol=1e-5, atol=1e-6)


def test_random_hue_and_saturation_stay_in_range():
    image = FIXTURE["float_image"]
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.set_random_seed(2)
        hue, saturation = sess.run([tf.image.random_hue(image, 0.2),
                                    tf.image.random_saturation(image, 0.5, 1.5)])
    assert hue.shape == image.shape and 0.0 <= hue.min() and hue.max() <= 1.0 + 1e-6
    # hue and saturation changes keep each pixel's value (its largest channel)
    np.testing.assert_allclose(hue.max(-1), image.max(-1), rtol=1e-5)
    np.testing.assert_allclose(saturation.max(-1), image.max(-1), rtol=1e-5)
    with pytest.raises(ValueError, match="max_delta must be <= 0.5"):
        tf.image.random_hue(image, 0.7)


def test_random_augmentations():
    batch = np.arange(8 * 2 * 3 * 1, dtype=np.float32).reshape(8, 2, 3, 1)
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.set_random_seed(3)
        flipped = sess.run(tf.image.random_flip_left_right(batch))
        upside = sess.run(tf.image.random_flip_up_down(batch[0]))
        brighter = sess.run(tf.image.random_brightness(batch, 0.5))
        contrast = sess.run(tf.image.random_contrast(batch, 0.5, 1.5))
    # each image is itself or its mirror, and (with 8 coins) both happen
    mirrored = [np.array_equal(f, b[:, ::-1]) for f, b in zip(flipped, batch)]
    same = [np.array_equal(f, b) for f, b in zip(flipped, batch)]
    assert all(m or s for m, s in zip(mirrored, same)) and any(mirrored) and any(same)
    assert np.array_equal(upside, batch[0]) or np.array_equal(upside, batch[0][::-1])
    delta = brighter - batch
    assert np.allclose(delta, delta.flat[0], atol=1e-5) and abs(delta.flat[0]) <= 0.5
    means = batch.mean(axis=(1, 2), keepdims=True)
    factor = (contrast - means) / (batch - means)
    assert np.allclose(factor, factor.flat[0], rtol=1e-4) and 0.5 <= factor.flat[0] < 1.5
    with pytest.raises(ValueError, match="upper must be > lower"):
        tf.image.random_contrast(batch, 1.0, 0.5)
    with pytest.raises(ValueError, match="three- or four-dimensional"):
        tf.image.random_flip_left_right(np.zeros([3, 3]))


def test_non_max_suppression_matches_tensorflow():
    with tf.Graph().as_default(), tf.Session() as sess:
        kept = tf.image.non_max_suppression(FIXTURE["boxes"], FIXTURE["scores"], 15, 0.3)
        strict = tf.image.non_max_suppression(FIXTURE["boxes"], FIXTURE["scores"], 30, 0.6, 0.4)
        assert kept.dtype == tf.int32 and kept.shape.as_list() == [None]
        got = sess.run([kept, strict])
        with pytest.raises(ValueError, match="iou_threshold must be in \\[0, 1\\]"):
            tf.image.non_max_suppression(FIXTURE["boxes"], FIXTURE["scores"], 3, 1.5)
        threshold = tf.placeholder(tf.float32, [])
        fed = tf.image.non_max_suppression(FIXTURE["boxes"], FIXTURE["scores"], 3, threshold)
        with pytest.raises(tf.errors.InvalidArgumentError, match="iou_threshold must be in"):
            sess.run(fed, {threshold: 1.5})
    np.testing.assert_array_equal(got[0], FIXTURE["nms"])
    np.testing.assert_array_equal(got[1], FIXTURE["nms_threshold"])


def test_crop_and_resize_and_its_gradients_match_tensorflow():
    with tf.Graph().as_default(), tf.Session() as sess:
        image = tf.constant(FIXTURE["float_image"])
        boxes = tf.constant(FIXTURE["crop_boxes"])
        crops = tf.image.crop_and_resize(image, boxes, [0, 1, 1, 0], [3, 4],
                                         extrapolation_value=-1.0)
        single = tf.image.crop_and_resize(image, boxes, [0, 1, 1, 0], [1, 1])
        grads = tf.gradients(tf.reduce_sum(crops * crops), [image, boxes])
        assert crops.shape.as_list() == [4, 3, 4, 3]
        values = sess.run([crops, single] + [tf.convert_to_tensor(g) for g in grads])
    for value, key in zip(values, ("crops", "crops_single", "crops_grad_image",
                                   "crops_grad_boxes")):
        np.testing.assert_allclose(value, FIXTURE[key], rtol=1e-4, atol=1e-5, err_msg=key)


def test_crop_and_resize_float64_gradients():
    boxes = np.array([[0.1, 0.2, 0.7, 0.9], [0.85, 0.3, 0.25, 0.6]])
    check_gradients(lambda image, b: tf.image.crop_and_resize(image, b, [0, 1], [3, 2]),
                    [FIXTURE["float_image"], boxes])
