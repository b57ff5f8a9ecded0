"""tf.image's box ops against TensorFlow (tests/fixtures/image_io/boxes.npz and
image_math.npz, made by tools/make_fixtures_image_io.py): the NMS family, drawing, glimpses,
and the behaviour of sample_distorted_bounding_box."""
import os

import numpy as np
import pytest

import autograd_engine as tf

HERE = os.path.join(os.path.dirname(__file__), "fixtures", "image_io")
BOXES = np.load(os.path.join(HERE, "boxes.npz"))
IMAGES = np.load(os.path.join(HERE, "image_math.npz"))
IMG = tf.image


def run(fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def assert_outputs(key, values):
    for i, value in enumerate(values if isinstance(values, (list, tuple)) else [values]):
        expected = BOXES["%s_%d" % (key, i)]
        assert value.dtype == expected.dtype and value.shape == expected.shape, (key, i)
        np.testing.assert_allclose(value, expected, rtol=1e-6, err_msg="%s %d" % (key, i))


def test_suppression_family_matches_tensorflow():
    boxes, scores = BOXES["nms_boxes"], BOXES["nms_scores"]
    batch_boxes, batch_scores = BOXES["batch_boxes"], BOXES["batch_scores"]
    with tf.Graph().as_default():
        padded = IMG.non_max_suppression_padded(boxes, scores, 9, 0.3, 0.1,
                                                pad_to_max_output_size=True)
        assert padded[0].shape.as_list() == [9]
        values = run({
            "overlaps": IMG.non_max_suppression_overlaps(BOXES["nms_overlaps"], scores, 6, 0.6,
                                                         0.2),
            "padded": padded,
            "with_scores": IMG.non_max_suppression_with_scores(boxes, scores, 8, 0.4, 0.05),
            "soft": IMG.non_max_suppression_with_scores(boxes, scores, 8, 1.0, 0.05,
                                                        soft_nms_sigma=0.5),
            "combined": IMG.combined_non_max_suppression(batch_boxes, batch_scores, 4, 6, 0.5,
                                                         0.2),
            "combined_shared": IMG.combined_non_max_suppression(
                batch_boxes[:, :, :1], batch_scores, 3, 5, 0.5, 0.1, pad_per_class=True,
                clip_boxes=False)})
    for key, value in values.items():
        assert_outputs(key, value)


def test_suppression_errors():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=r"iou_threshold must be in \[0, 1\]"):
            IMG.non_max_suppression_with_scores([[0, 0, 1, 1]], [1.0], 1, 1.5)
        with pytest.raises(tf.errors.InvalidArgumentError, match="num_boxes, 4"):
            run(IMG.non_max_suppression_padded([[0, 0, 1]], [1.0], 1)[0])
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"\[batch, num_boxes, q, 4\]"):
            run(IMG.combined_non_max_suppression(tf.zeros([1, 2, 3, 4]), tf.zeros([1, 2, 2]),
                                                 1, 1)[0])


def test_draw_bounding_boxes_matches_tensorflow():
    image, boxes = IMAGES["a"], IMAGES["boxes"]
    with tf.Graph().as_default():
        drawn, coloured = run([IMG.draw_bounding_boxes(image, boxes),
                               IMG.draw_bounding_boxes(image, boxes, colors=np.array(
                                   [[1, 0.5, 0.25, 1]], np.float32))])
        with pytest.raises(TypeError, match="float images"):
            IMG.draw_bounding_boxes(tf.zeros([1, 2, 2, 3], tf.uint8), boxes)
    np.testing.assert_array_equal(drawn, IMAGES["draw_boxes"])
    np.testing.assert_array_equal(coloured, IMAGES["draw_boxes_colors"])


def test_extract_glimpse_matches_tensorflow_inside_the_image():
    image = IMAGES["a"]
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        centred = IMG.extract_glimpse(image, [3, 4], IMAGES["offsets"], uniform_noise=False)
        pixels = IMG.extract_glimpse(image, [4, 3], np.array([[1, 2], [3.6, 5.2]], np.float32),
                                     centered=False, normalized=False)
        zero = IMG.extract_glimpse(image, [4, 3], [[-1.0, -1.0], [1.0, 1.0]], noise="zero")
        assert centred.shape.as_list() == [2, 3, 4, 3]
        values = run([centred, pixels, zero])
    np.testing.assert_array_equal(values[0], IMAGES["glimpse_centered"])
    expected = IMAGES["glimpse_pixels"]
    np.testing.assert_array_equal(values[1][1], expected[1])
    # the first glimpse starts a row above the image: that row is noise within the image's
    # range, the rest is TF's
    np.testing.assert_array_equal(values[1][0, 1:], expected[0, 1:])
    assert image[0].min() <= values[1][0, 0].min() and values[1][0, 0].max() <= image[0].max()
    # centred at the corners: only a quarter of each glimpse is inside, the rest zeros
    assert (values[2][0, :2] == 0).all() and (values[2][0, :, :1] == 0).all()
    np.testing.assert_array_equal(values[2][0, 2:, 1:], image[0, :2, :2])


def test_sample_distorted_bounding_box_satisfies_its_constraints():
    boxes = np.array([[[0.2, 0.3, 0.6, 0.8]]], np.float32)
    with tf.Graph().as_default():
        begin, size, box = IMG.sample_distorted_bounding_box(
            tf.constant([60, 80, 3]), boxes, seed=4, min_object_covered=0.5,
            aspect_ratio_range=(0.5, 2.0), area_range=(0.1, 0.9))
        crop_shape = tf.shape(tf.slice(tf.zeros([60, 80, 3]), begin, size))
        with tf.Session() as sess:
            draws = [sess.run([begin, size, box, crop_shape]) for _ in range(20)]
    object_area = (0.4 * 60) * (0.5 * 80)
    for b, s, bb, crop_shape in draws:
        assert crop_shape.tolist() == [s[0], s[1], 3] and b[2] == 0 and s[2] == -1
        assert 0.1 * 60 * 80 <= s[0] * s[1] <= 0.9 * 60 * 80
        assert 0.5 <= s[1] / s[0] <= 2.0 + 1 / s[0]
        top, left = max(b[0], 12), max(b[1], 24)
        bottom, right = min(b[0] + s[0], 36), min(b[1] + s[1], 64)
        covered = max(bottom - top, 0) * max(right - left, 0)
        assert covered >= 0.5 * object_area
        np.testing.assert_allclose(bb[0, 0], [b[0] / 60, b[1] / 80, (b[0] + s[0]) / 60,
                                              (b[1] + s[1]) / 80], rtol=1e-6)
    assert len({tuple(d[0]) for d in draws}) > 5  # a new crop each run


def test_sample_distorted_bounding_box_without_boxes():
    with tf.Graph().as_default():
        with pytest.raises(tf.errors.InvalidArgumentError, match="No bounding boxes"):
            run(IMG.sample_distorted_bounding_box([10, 10, 1], tf.zeros([1, 0, 4]))[0])
        # a covered fraction no crop can reach: the whole image, as TF1
        begin, size, _ = IMG.sample_distorted_bounding_box(
            [10, 12, 1], tf.zeros([1, 0, 4]), use_image_if_no_bounding_boxes=True,
            area_range=(0.05, 0.5), min_object_covered=1.0, max_attempts=3)
        assert run(begin).tolist() == [0, 0, 0] and run(size).tolist() == [10, 12, -1]
