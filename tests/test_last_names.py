"""The last TF1 top-level names: tf.approx_top_k, tf.nondifferentiable_batch_function, and the
placeholders that name what to use instead."""
import numpy as np
import pytest

import autograd_engine as tf


def test_approx_top_k_is_exact_along_any_dimension():
    x = np.array([[3.0, 1.0, 2.0], [0.5, 4.0, -1.0]], np.float32)
    largest, largest_at = tf.approx_top_k(x, 1, reduction_dimension=0)
    smallest, smallest_at = tf.approx_top_k(x, 2, is_max_k=False)
    with tf.Session() as sess:
        got = sess.run([largest, largest_at, smallest, smallest_at])
    assert got[0].tolist() == [[3.0, 4.0, 2.0]] and got[1].tolist() == [[0, 1, 0]]
    assert got[2].tolist() == [[1.0, 2.0], [-1.0, 0.5]] and got[3].tolist() == [[1, 2], [2, 0]]


def test_batch_function_gives_the_function_values_without_gradient():
    @tf.nondifferentiable_batch_function(2, 8, 1000, allowed_batch_sizes=[4, 8])
    def scaled(x, w):
        return {"y": x * w, "sum": tf.reduce_sum(x)}
    x = tf.constant([1.0, 2.0, 3.0])
    out = scaled(x, 2.0)
    assert tf.gradients(out["y"], x) == [None]
    with tf.Session() as sess:
        got = sess.run(out)
    assert got["y"].tolist() == [2.0, 4.0, 6.0] and got["sum"] == 6.0


@pytest.mark.parametrize("kwargs, message", [
    (dict(num_batch_threads=0, max_batch_size=4), "must be positive, got 0 and 4"),
    (dict(num_batch_threads=1, max_batch_size=4, allowed_batch_sizes=[2, 3]),
     r"must increase and end with max_batch_size \(4\), got \[2, 3\]")])
def test_batch_function_checks_its_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        tf.nondifferentiable_batch_function(batch_timeout_micros=10, **kwargs)


@pytest.mark.parametrize("name", ["CriticalSection", "wrap_function", "io.decode_proto",
                                  "io.encode_proto", "io.decode_jxl", "image.decode_jxl",
                                  "image.generate_bounding_box_proposals", "math.sobol_sample"])
def test_placeholders_name_what_to_use_instead(name):
    target = tf
    for part in name.split("."):
        target = getattr(target, part)
    assert target.not_implemented
    with pytest.raises(NotImplementedError, match="use .* instead"):
        target()
