"""CTC loss, its gradient, the decoders and label helpers, edit_distance and approx top-k
against TensorFlow's values (tests/fixtures/nn_tail/nn.npz, written by
tools/make_fixtures_nn_tail.py), with a float64 numerical gradient check of the loss."""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients

F = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "nn_tail", "nn.npz"))


def run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def labels():
    return tf.SparseTensor(F["ctc_indices"], F["ctc_values"], [3, 3])


def test_ctc_loss_and_gradient_match_tensorflow():
    with tf.Graph().as_default():
        logits = tf.constant(F["ctc_logits"])
        fetches = {}
        for key, options in (("ctc_loss", {}),
                             ("ctc_loss_nomerge", {"ctc_merge_repeated": False}),
                             ("ctc_loss_collapse", {"preprocess_collapse_repeated": True})):
            loss = tf.nn.ctc_loss(labels(), logits, F["ctc_lengths"], **options)
            fetches[key] = loss
            fetches[key + "_grad"] = tf.gradients(loss * tf.constant([1.0, 2.0, -1.0],
                                                                     tf.float64), logits)[0]
        fetches["ctc_loss_batch_major"] = tf.nn.ctc_loss(
            labels(), tf.transpose(logits, [1, 0, 2]), F["ctc_lengths"], time_major=False)
        values = run(fetches)
    for key, value in values.items():
        np.testing.assert_allclose(value, F[key], rtol=1e-5, atol=1e-6, err_msg=key)


def test_ctc_loss_v2_dense_and_sparse_blanks_match_tensorflow():
    with tf.Graph().as_default():
        logits = tf.constant(F["ctc_logits"].astype(np.float32))
        dense = tf.nn.ctc_loss_v2(F["ctc_dense"], logits, F["ctc_dense_lengths"],
                                  F["ctc_lengths"])
        sparse = tf.nn.ctc_loss_v2(tf.SparseTensor(F["ctc_indices"], F["ctc_values_no_twos"],
                                                   [3, 3]),
                                   logits, None, F["ctc_lengths"], blank_index=2)
        values = run([dense, tf.gradients(dense, logits)[0], sparse])
    np.testing.assert_allclose(values[0], F["ctc_v2_dense"], rtol=1e-5)
    np.testing.assert_allclose(values[1], F["ctc_v2_dense_grad"], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(values[2], F["ctc_v2_sparse_blank2"], rtol=1e-5)
    with tf.Graph().as_default(), pytest.raises(ValueError, match="blank_index must be given"):
        tf.nn.ctc_loss_v2(labels(), logits, None, F["ctc_lengths"])


def test_ctc_loss_gradient_numerically():
    rng = np.random.RandomState(1)
    sparse = lambda: tf.SparseTensor([[0, 0], [0, 1], [1, 0]], np.int32([2, 2, 1]),  # noqa
                                     [2, 2])
    check_gradients(lambda x: tf.nn.ctc_loss(sparse(), x, [5, 3]), [rng.randn(5, 2, 4)])
    check_gradients(lambda x: tf.nn.ctc_loss(sparse(), x, [5, 3], ctc_merge_repeated=False),
                    [rng.randn(5, 2, 4)])


def test_ctc_loss_errors_are_tf1s():
    with tf.Graph().as_default():
        too_long = tf.nn.ctc_loss(labels(), tf.zeros([2, 3, 5]), [2, 2, 2])
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="Not enough time for target transition sequence"):
            run(too_long)
        ignored = tf.nn.ctc_loss(labels(), tf.zeros([2, 3, 5]), [2, 2, 2],
                                 ignore_longer_outputs_than_inputs=True)
        # only [3, 0] fits in 2 frames: both frames must emit it, each with probability 1/5
        np.testing.assert_allclose(run(ignored), [0.0, 2 * np.log(5.0), 0.0], rtol=1e-6)
        out_of_range = tf.nn.ctc_loss(tf.SparseTensor([[0, 0]], np.int32([4]), [1, 1]),
                                      tf.zeros([2, 1, 5]), [2])
        with pytest.raises(tf.errors.InvalidArgumentError, match="Labels must be in"):
            run(out_of_range)
        with pytest.raises(TypeError, match="SparseTensor of int32"):
            tf.nn.ctc_loss(tf.SparseTensor([[0, 0]], np.int64([1]), [1, 1]),
                           tf.zeros([2, 1, 5]), [2])


def test_decoders_match_tensorflow():
    with tf.Graph().as_default():
        logits = tf.constant(F["ctc_logits"].astype(np.float32))
        fed = tf.placeholder(tf.float32, [None, None, 5])
        (greedy,), scores = tf.nn.ctc_greedy_decoder(fed, F["ctc_lengths"])
        (nomerge,), _ = tf.nn.ctc_greedy_decoder(logits, F["ctc_lengths"], merge_repeated=False)
        (blank0,), _ = tf.nn.ctc_greedy_decoder(logits, F["ctc_lengths"], blank_index=0)
        sharp = logits * 2.0
        beams, beam_scores = tf.nn.ctc_beam_search_decoder(sharp, F["ctc_lengths"],
                                                           beam_width=3, top_paths=2)
        beams_v2, beam_scores_v2 = tf.nn.ctc_beam_search_decoder_v2(
            sharp, F["ctc_lengths"], beam_width=8, top_paths=2)
        fetches = {"greedy": tf.sparse.to_dense(greedy), "greedy_scores": scores,
                   "greedy_nomerge": tf.sparse.to_dense(nomerge),
                   "greedy_blank0": tf.sparse.to_dense(blank0),
                   "beam_scores": beam_scores, "beam_scores_v2": beam_scores_v2}
        for k, beam in enumerate(beams):
            fetches["beam%d" % k] = tf.sparse.to_dense(beam, default_value=-1)
        for k, beam in enumerate(beams_v2):
            fetches["beam_v2_%d" % k] = tf.sparse.to_dense(beam, default_value=-1)
        values = run(fetches, {fed: F["ctc_logits"].astype(np.float32)})
    for key, value in values.items():
        if "scores" in key:
            np.testing.assert_allclose(value, F[key], rtol=1e-5, err_msg=key)
        else:
            np.testing.assert_array_equal(value, F[key], err_msg=key)


def test_label_helpers_match_tensorflow():
    with tf.Graph().as_default():
        unique_labels, unique_index = tf.nn.ctc_unique_labels(
            np.int32([[3, 1, 3, 0], [2, 2, 5, 2]]))
        collapsed, lengths = tf.nn.collapse_repeated(
            np.int32([[1, 1, 2, 2, 2], [4, 4, 4, 4, 1], [3, 1, 1, 3, 3]]), np.int32([5, 3, 4]))
        values = run([unique_labels, unique_index, collapsed, lengths])
    for value, key in zip(values, ("unique_labels", "unique_index", "collapsed",
                                   "collapsed_lengths")):
        np.testing.assert_array_equal(value, F[key], err_msg=key)
        assert value.dtype == F[key].dtype, key


def test_edit_distance_matches_tensorflow():
    with tf.Graph().as_default():
        hyp = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 2]],
                              ["a", "b", "c", "d", "e"], [2, 2, 3])
        truth = tf.SparseTensor([[0, 0, 0], [0, 1, 0], [0, 1, 1], [1, 1, 0], [1, 1, 1],
                                 [2, 0, 0]], ["a", "c", "x", "d", "e", "f"], [3, 2, 2])
        normalized = tf.edit_distance(hyp, truth)
        assert normalized.shape.as_list() == [3, 2]
        values = run([normalized, tf.edit_distance(hyp, truth, normalize=False)])
    np.testing.assert_array_equal(values[0], F["edit_distance"])
    np.testing.assert_array_equal(values[1], F["edit_distance_raw"])
    with tf.Graph().as_default(), pytest.raises(TypeError, match="same dtype"):
        tf.edit_distance(tf.SparseTensor([[0, 0]], [1], [1, 1]),
                         tf.SparseTensor([[0, 0]], ["a"], [1, 1]))


def test_approx_top_k_is_exact_top_k():
    x = np.random.RandomState(2).permutation(24).reshape(2, 3, 4).astype(np.float32)
    with tf.Graph().as_default():
        values = run([*tf.nn.approx_max_k(x, 2, reduction_dimension=1),
                      *tf.nn.approx_min_k(x, 3)])
    order = np.argsort(-x, axis=1)[:, :2]
    np.testing.assert_array_equal(values[1], order)
    np.testing.assert_array_equal(values[0], np.take_along_axis(x, order, 1))
    np.testing.assert_array_equal(values[3], np.argsort(x, axis=-1)[..., :3])
    np.testing.assert_array_equal(values[2], np.sort(x, axis=-1)[..., :3])
