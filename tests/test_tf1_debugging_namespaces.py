"""tf.debugging's checks, tf.dtypes, tf.initializers, tf.version and TF1's older scope and
Variable helpers."""
import numpy as np
import pytest

import autograd_engine as tf


def run(fetch, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(tf.local_variables_initializer())
        return sess.run(fetch, feed)


@pytest.mark.parametrize("check, good, bad", [
    (tf.assert_negative, [-1.0, -2.0], [-1.0, 0.0]),
    (tf.assert_non_negative, [0.0, 2.0], [1.0, -0.5]),
    (tf.assert_non_positive, [0.0, -2.0], [0.0, 0.5]),
    (lambda x: tf.assert_none_equal(x, [1.0, 2.0]), [2.0, 1.0], [1.0, 3.0]),
    (lambda x: tf.assert_near(x, [1.0, 2.0], atol=0.1), [1.05, 1.95], [1.0, 2.2]),
])
def test_value_checks_pass_or_fail_the_run(check, good, bad):
    x = tf.placeholder(tf.float32, [2])
    with tf.control_dependencies([check(x)]):
        y = tf.identity(x)
    np.testing.assert_array_equal(run(y, {x: good}), np.float32(good))
    with pytest.raises(tf.errors.InvalidArgumentError):
        run(y, {x: bad})


def test_rank_checks_decide_statically_when_they_can():
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.assert_rank(x, 2).type == "NoOp"
    assert tf.assert_rank_at_least(x, 1).type == "NoOp"
    assert tf.assert_rank_in(x, [1, 2]).type == "NoOp"
    with pytest.raises(ValueError, match="must have rank at least 3"):
        tf.assert_rank_at_least(x, 3)
    with pytest.raises(ValueError, match=r"must have rank in \(0, 1\)"):
        tf.assert_rank_in(x, [0, 1])
    unknown = tf.placeholder(tf.float32)
    with tf.control_dependencies([tf.assert_rank(unknown, 2)]):
        y = tf.identity(unknown)
    assert run(y, {unknown: np.ones((2, 2))}).shape == (2, 2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="must have rank 2"):
        run(y, {unknown: np.ones(3)})


def test_dtype_and_structure_checks():
    assert tf.assert_integer(tf.constant([1])).type == "NoOp"
    with pytest.raises(TypeError, match="to be integer type"):
        tf.assert_integer(tf.constant([1.0]))
    with pytest.raises(TypeError, match="must be of type int64; got int32"):
        tf.assert_type(tf.constant(1), tf.int64)
    scalar = tf.constant(2.0)
    assert tf.assert_scalar(scalar) is scalar
    with pytest.raises(ValueError, match="Expected scalar shape"):
        tf.assert_scalar(tf.constant([2.0]))
    assert tf.assert_same_float_dtype([tf.constant(1.0), tf.constant(2.0)]) == tf.float32
    with pytest.raises(ValueError, match="different types"):
        tf.assert_same_float_dtype([tf.constant(1.0)], tf.float64)
    with pytest.raises(TypeError, match="proper"):
        tf.assert_proper_iterable(tf.constant([1, 2]))
    tf.assert_proper_iterable([1, 2])
    assert tf.is_numeric_tensor(tf.constant(1)) and not tf.is_numeric_tensor(tf.constant(True))


def test_monotonicity_predicates():
    x = tf.placeholder(tf.float32)
    checks = [tf.is_non_decreasing(x), tf.is_strictly_increasing(x)]
    assert run(checks, {x: [[1, 2], [2, 5]]}) == [True, False]
    assert run(checks, {x: [1, 2, 3]}) == [True, True]
    assert run(checks, {x: [3, 1]}) == [False, False]
    assert run(checks, {x: [7]}) == [True, True]


def test_namespaces_name_the_same_objects():
    assert tf.debugging.assert_equal is tf.assert_equal
    assert tf.debugging.check_numerics is tf.check_numerics
    assert tf.dtypes.float32 is tf.float32 and tf.dtypes.cast is tf.cast
    assert tf.initializers.global_variables is tf.global_variables_initializer
    assert tf.version.VERSION == tf.__version__ == tf.VERSION


def test_initializers_namespace_values():
    eye = tf.get_variable("eye", [2, 3], initializer=tf.initializers.identity(gain=3.0))
    unit = tf.get_variable("unit", [50, 40],
                           initializer=tf.uniform_unit_scaling_initializer(factor=2.0))
    lecun = tf.get_variable("lecun", [300, 200], initializer=tf.initializers.lecun_uniform())
    eye_v, unit_v, lecun_v = run([eye, unit, lecun])
    np.testing.assert_array_equal(eye_v, 3 * np.eye(2, 3))
    limit = 2.0 * np.sqrt(3.0 / 50)
    assert np.all(np.abs(unit_v) <= limit) and unit_v.max() > 0.9 * limit
    assert abs(lecun_v.std() - np.sqrt(1.0 / 300)) < 0.003
    with pytest.raises(ValueError, match="only be used for 2D"):
        tf.get_variable("bad", [2, 2, 2], initializer=tf.initializers.identity())


def test_old_scope_spellings_and_local_variables():
    x = tf.constant(1.0)
    with tf.op_scope([x], None, "default") as scope:
        assert scope == "default/"
    with tf.variable_op_scope([x], None, "block"):
        v = tf.get_variable("v", [], regularizer=tf.no_regularizer)
    assert v.op.name == "block/v"
    assert tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == []
    local = tf.get_local_variable("count", [], initializer=tf.ones_initializer())
    assert local in tf.local_variables() and local not in tf.global_variables()
    assert run(local) == 1.0
    assert run(tf.scalar_mul(3.0, tf.constant([1.0, 2.0]))).tolist() == [3.0, 6.0]
    assert tf.dimension_value(tf.TensorShape([4])[0]) == 4
    assert tf.executing_eagerly_outside_functions() is False


def test_check_numerics_everywhere_and_initialization_checks():
    x = tf.placeholder(tf.float32, [2])
    y = tf.log(x) * 2.0
    checks = tf.add_check_numerics_ops()
    v = tf.Variable(1.0)
    initialized = tf.assert_variables_initialized()
    with tf.Session() as sess:
        sess.run([y, checks], {x: [1.0, 2.0]})
        with np.errstate(divide="ignore"):
            with pytest.raises(tf.errors.InvalidArgumentError, match="Log:0"):
                sess.run(checks, {x: [0.0, 2.0]})
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(initialized)
        sess.run(v.initializer)
        sess.run(initialized)


def test_colocation_logger_and_build_queries():
    with tf.device("/cpu:0"):
        v = tf.Variable(1.0)
    with tf.colocate_with(v):
        c = tf.constant(2.0)
    assert c.op.device == v.op.device
    assert tf.get_logger() is tf.get_logger() and tf.control_flow_v2_enabled() is False
    assert tf.test.is_built_with_rocm() is False and isinstance(tf.test.is_built_with_cuda(), bool)


def test_benchmark_reports_timings():
    class Bench(tf.test.Benchmark):
        pass
    with tf.Session() as sess:
        result = Bench().run_op_benchmark(sess, tf.constant(1.0) + 1.0, min_iters=4, mbs=2,
                                          name="add")
    assert result["iters"] == 4 and result["wall_time"] > 0 and result["throughput"] > 0
