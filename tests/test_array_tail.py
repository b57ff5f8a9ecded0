"""The array/math long tail against TensorFlow (tests/fixtures/tail/array_tail.npz), with
float64 gradient checks for the differentiable ones and TF1's errors for bad input."""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients

FIXTURE = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "tail", "array_tail.npz"))
X = FIXTURE["x"]
GRID = np.arange(2 * 5 * 6 * 3, dtype=np.float32).reshape(2, 5, 6, 3)


def test_values_match_tensorflow():
    searched = ([[0.0, 3.0, 9.0, 9.0, 10.0], [1.0, 2.0, 3.0, 4.0, 5.0]],
                [[2.0, 4.5, 9.0], [0.0, 5.0, 4.0]])
    with tf.Graph().as_default(), tf.Session() as sess:
        outputs = {
            "roll": tf.roll(X, [1, -3], [0, 1]),
            "repeat_axis": tf.repeat(X, [1, 0, 2], axis=0),
            "repeat_flat": tf.repeat(X, 2),
            "div_no_nan": tf.div_no_nan(X, np.where(X > 0, X, 0.0)),
            "logical_xor": tf.logical_xor([True, True, False, False], [True, False, True, False]),
            "bincount": tf.bincount([3, 1, 1, 7, 0], minlength=10),
            "bincount_weights": tf.bincount([3, 1, 1], weights=[0.5, 1.0, 2.0]),
            "bincount_max": tf.bincount([3, 1, 1, 7], maxlength=4),
            "histogram": tf.histogram_fixed_width([-1.0, 0.0, 1.5, 2.0, 4.9, 5.0, 9.0],
                                                  [0.0, 5.0], nbins=5),
            "confusion": tf.confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 1, 1]),
            "confusion_weights": tf.math.confusion_matrix([0, 1], [1, 1], num_classes=3,
                                                          weights=[2, 5]),
            "unravel": tf.unravel_index([22, 41, 37], [7, 6]),
            "invert_permutation": tf.invert_permutation([3, 4, 0, 2, 1]),
            "searchsorted_left": tf.searchsorted(*searched),
            "searchsorted_right": tf.searchsorted(*searched, side="right"),
            "broadcast_dynamic": tf.broadcast_dynamic_shape([2, 1, 3], [4, 1]),
            "space_to_batch_nd": tf.space_to_batch_nd(GRID, [2, 3], [[1, 0], [0, 0]]),
            "batch_to_space_nd": tf.batch_to_space_nd(GRID, [2, 1], [[0, 1], [1, 1]]),
            "space_to_batch": tf.space_to_batch(GRID[:, :4], [[0, 0], [1, 1]], 2),
        }
        for i, grid in enumerate(tf.meshgrid([1.0, 2.0, 3.0], [4.0, 5.0])):
            outputs["meshgrid_xy_%d" % i] = grid
        for i, grid in enumerate(tf.meshgrid([1, 2, 3], [4, 5], [6, 7, 8, 9], indexing="ij")):
            outputs["meshgrid_ij_%d" % i] = grid
        values = sess.run(outputs)
    for key, value in values.items():
        expected = FIXTURE[key]
        np.testing.assert_allclose(value, expected, rtol=1e-12, err_msg=key)
        assert value.shape == expected.shape, key
        if expected.dtype.kind != "f":
            assert value.dtype == expected.dtype, (key, value.dtype, expected.dtype)


@pytest.mark.parametrize("fn", [
    lambda x: tf.roll(x, [1, 2], [0, 1]),
    lambda x: tf.repeat(x, [2, 0, 1], axis=0),
    lambda x: tf.div_no_nan(x, x * x + tf.cast(x > 0, tf.float64) - 1.0),
    lambda x: tf.meshgrid(x[0], x[1])[1],
    lambda x: tf.space_to_batch_nd(tf.reshape(x, [1, 3, 4, 1]), [2, 2], [[1, 0], [0, 0]]),
    lambda x: tf.batch_to_space(tf.reshape(x, [4, 1, 3, 1]), [[0, 1], [1, 0]], 2),
], ids=["roll", "repeat", "div_no_nan", "meshgrid", "space_to_batch_nd", "batch_to_space"])
def test_float64_gradients(fn):
    check_gradients(fn, [X])


def test_static_shapes_and_checks():
    with tf.Graph().as_default(), tf.Session() as sess:
        assert tf.broadcast_static_shape(tf.TensorShape([None, 1, 3]),
                                         tf.TensorShape([4, 1])).as_list() == [None, 4, 3]
        with pytest.raises(ValueError, match="Incompatible shapes for broadcasting"):
            tf.broadcast_static_shape(tf.TensorShape([2]), tf.TensorShape([3]))
        x = tf.placeholder(tf.float32)
        ensured = tf.ensure_shape(x, [None, 2])
        assert ensured.shape.as_list() == [None, 2]
        np.testing.assert_array_equal(sess.run(ensured, {x: [[1, 2]]}), [[1, 2]])
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(ensured, {x: [[1, 2, 3]]})
        with pytest.raises(ValueError, match="not compatible with expected shape"):
            tf.ensure_shape(tf.zeros([3]), [4])
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(tf.confusion_matrix([0, 5], [0, 1], num_classes=3))
        shapes = tf.shape_n([tf.zeros([2, 3]), tf.zeros([4])])
        assert [v.tolist() for v in sess.run(shapes)] == [[2, 3], [4]]
        a, b = tf.identity_n([tf.constant(1), tf.constant(2.0)])
        assert sess.run([a, b]) == [1, 2.0]
        assert sess.run(tf.parallel_stack([[1, 2], [3, 4]])).tolist() == [[1, 2], [3, 4]]
        assert sess.run(tf.accumulate_n([[1.0, 2.0], [3.0, 4.0]])).tolist() == [4.0, 6.0]


def test_random_crop_takes_a_window_of_the_value():
    with tf.Graph().as_default(), tf.Session() as sess:
        crop = tf.random_crop(GRID, [1, 3, 2, 3], seed=5)
        assert crop.shape.as_list() == [1, 3, 2, 3]
        crops = [sess.run(crop) for _ in range(20)]
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(tf.image.random_crop(GRID, [3, 1, 1, 1]))
    windows = {(b, i, j) for b in range(2) for i in range(3) for j in range(5)}
    seen = set()
    for c in crops:
        matches = [w for w in windows if np.array_equal(
            c, GRID[w[0]:w[0] + 1, w[1]:w[1] + 3, w[2]:w[2] + 2])]
        assert len(matches) == 1
        seen.add(matches[0])
    assert len(seen) > 3  # the offset changes from run to run
