"""Session.run: fetch structures, feeds, pruning, results, default sessions, make_callable,
plan caching, separate Variable values per Session, closed sessions, graph-growth warnings,
and reads/writes ordering within one run."""
import collections
import os
import warnings

import numpy as np
import pytest

import autograd_engine as tf

THIS_FILE = os.path.abspath(__file__)
Pair = collections.namedtuple("Pair", ["first", "second"])


def _line_of(marker):
    with open(THIS_FILE) as f:
        for i, line in enumerate(f, 1):
            if marker in line and "_line_of(" not in line:
                return i
    raise AssertionError("marker %r not found" % marker)


def _counter(name="counter"):
    """An int32 Variable and an op that increments it by one."""
    v = tf.Variable(0, name=name)
    return v, v.assign_add(1)


# ---------------------------------------------------------------- fetches
def test_fetch_tensor_returns_numpy_array_of_its_dtype():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = x * np.float32(2)
    with tf.Session() as sess:
        out = sess.run(y, {x: [[1, 2], [3, 4]]})
    assert type(out) is np.ndarray
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, [[2, 4], [6, 8]])


def test_fetch_scalar_returns_numpy_scalar():
    x = tf.placeholder(tf.float32, [3])
    total = tf.reduce_sum(x)
    i = tf.placeholder(tf.int32, [])
    with tf.Session() as sess:
        out = sess.run(total, {x: [1, 2, 3]})
        assert type(out) is np.float32
        assert out == 6
        assert type(sess.run(i, {i: 7})) is np.int32


def test_fetch_python_scalar_constant_returns_scalar():
    c = tf.constant(2.0)
    assert c.shape.as_list() == []
    with tf.Session() as sess:
        out = sess.run(c)
    assert type(out) is np.float32 and out == 2.0


def test_fetch_op_runs_it_and_returns_none():
    counter, inc = _counter()
    with tf.Session() as sess:
        sess.run(counter.initializer)
        assert sess.run(inc.op) is None
        assert sess.run(tf.group(inc)) is None
        assert sess.run(counter) == 2


def test_fetch_by_tensor_name_and_op_name():
    x = tf.placeholder(tf.float32, [2], name="x")
    tf.identity(x * np.float32(3), name="y")
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run("y:0", {"x:0": [1, 2]}), [3, 6])
        assert sess.run("y", {"x:0": [1, 2]}) is None


def test_fetch_structures_are_rebuilt():
    x = tf.placeholder(tf.float32, [], name="x")
    a = x + np.float32(1)
    b = x * np.float32(10)
    with tf.Session() as sess:
        feed = {x: 2.0}
        assert sess.run([a, b], feed) == [3, 20]
        out = sess.run((a, b), feed)
        assert type(out) is tuple and out == (3, 20)
        out = sess.run(Pair(a, b), feed)
        assert type(out) is Pair and out.first == 3 and out.second == 20
        out = sess.run({"a": a, "b": b}, feed)
        assert out == {"a": 3, "b": 20}
        out = sess.run({"outer": [a, (b, {"deep": Pair(a, [b])})], "op": tf.no_op()}, feed)
        assert out == {"outer": [3, (20, {"deep": Pair(3, [20])})], "op": None}
        assert type(out["outer"][1][1]["deep"]) is Pair
        assert sess.run([], feed) == []


def test_same_values_tuple_and_namedtuple_keep_their_type():
    """A cached structure for one container type must not be reused for an equal one."""
    x = tf.placeholder(tf.float32, [], name="x")
    a = x + np.float32(1)
    b = x * np.float32(10)
    with tf.Session() as sess:
        feed = {x: 2.0}
        assert type(sess.run((a, b), feed)) is tuple
        assert type(sess.run(Pair(a, b), feed)) is Pair
        assert type(sess.run([Pair(a, b)], feed)[0]) is Pair
        assert type(sess.run([(a, b)], feed)[0]) is tuple
        assert type(sess.run(Pair(a, b), feed)) is Pair


def test_same_tensor_fetched_twice_is_computed_once():
    r = tf.random_normal([4])
    counter, inc = _counter()
    with tf.Session() as sess:
        sess.run(counter.initializer)
        first, second, named = sess.run([r, r, r.name])
        np.testing.assert_array_equal(first, second)
        np.testing.assert_array_equal(first, named)
        assert not np.array_equal(first, sess.run(r))  # a new run draws again
        out = sess.run([inc, {"again": inc}, (inc,)])
        assert out[0] == out[1]["again"] == out[2][0] == 1
        assert sess.run(counter) == 1


def test_fetching_an_unhashable_or_invalid_fetch_is_a_type_error():
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="invalid type"):
            sess.run(None)
        with pytest.raises(TypeError, match="invalid type"):
            sess.run(3)
        with pytest.raises(ValueError, match="cannot be interpreted as a Tensor"):
            sess.run("missing:0")


# ---------------------------------------------------------------- feeds
def test_feed_non_placeholder_replaces_value_and_skips_upstream():
    up = tf.placeholder(tf.float32, [2], name="up")
    mid = up * np.float32(2)
    out = mid + np.float32(1)
    with tf.Session() as sess:
        # `up` is never fed: feeding `mid` cuts it off
        np.testing.assert_array_equal(sess.run(out, {mid: [5, 6]}), [6, 7])
        np.testing.assert_array_equal(sess.run(out, {up: [5, 6]}), [11, 13])


def test_fed_tensor_keeps_its_fed_value_when_its_op_also_runs():
    counter, inc = _counter()
    with tf.control_dependencies([inc.op]):
        after = tf.identity(inc)
    with tf.Session() as sess:
        sess.run(counter.initializer)
        got, none = sess.run([after, inc.op], {inc: 100})
        assert got == 100 and none is None
        assert sess.run(counter) == 1  # the fetched op did run
        assert sess.run(inc, {inc: 7}) == 7
        assert sess.run(counter) == 1  # a fed tensor's op does not run


def test_control_dependency_on_a_fed_placeholder_is_met_by_the_feed():
    p = tf.placeholder(tf.float32, [2], name="p")
    grouped = tf.group(p)
    with tf.control_dependencies([p]):
        doubled = tf.constant(3.0) * 2
    counter, inc = _counter()
    with tf.control_dependencies([inc.op]):
        after_increment = tf.constant(1.0)
    with tf.Session() as sess:
        sess.run(counter.initializer)
        assert sess.run(grouped, {p: [1, 2]}) is None
        assert sess.run(doubled, {p: [1, 2]}) == 6
        with pytest.raises(tf.errors.InvalidArgumentError, match="must feed a value"):
            sess.run(grouped)
        # As in TF1, only a placeholder's control edges move to the feed: any other fed op
        # still runs for the ops that depend on it.
        assert sess.run(after_increment, {inc: 100}) == 1
        assert sess.run(counter) == 1


def test_feed_by_name():
    x = tf.placeholder(tf.float32, [2], name="x")
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(x + np.float32(1), {"x:0": [1, 2]}), [2, 3])


def test_feed_values_are_converted_to_the_key_dtype():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    i = tf.placeholder(tf.int32, [2], name="i")
    y = tf.identity(x)
    with tf.Session() as sess:
        out = sess.run(y, {x: np.ones((2, 2), np.float64)})
        assert out.dtype == np.float32
        out = sess.run(y, {x: [[1, 2]]})
        assert out.dtype == np.float32
        np.testing.assert_array_equal(out, [[1, 2]])
        out = sess.run(tf.identity(i), {i: [1.0, 2.0]})  # integral floats are fine
        assert out.dtype == np.int32
        np.testing.assert_array_equal(out, [1, 2])
        s = tf.placeholder(tf.float32, [])
        assert sess.run(tf.identity(s), {s: 3}) == 3.0


def test_feed_fractional_floats_into_int_placeholder_is_type_error():
    i = tf.placeholder(tf.int32, [2], name="i")
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="fractional"):
            sess.run(tf.identity(i), {i: [1.5, 2.0]})


def test_feed_out_of_range_integers_is_type_error():
    i = tf.placeholder(tf.int32, [], name="i")
    u = tf.placeholder(tf.uint8, [2], name="u")
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="out of range"):
            sess.run(tf.identity(i), {i: 2 ** 40})
        with pytest.raises(TypeError, match="out of range"):
            sess.run(tf.identity(u), {u: [-1, 3]})
        with pytest.raises(TypeError, match="out of range"):
            sess.run(tf.identity(u), {u: np.array([300, 1], np.int64)})
        assert sess.run(tf.identity(i), {i: np.int64(2 ** 31 - 1)}) == 2 ** 31 - 1
        np.testing.assert_array_equal(sess.run(tf.identity(u), {u: [0, 255]}), [0, 255])


def test_feed_complex_into_real_placeholder_is_type_error():
    x = tf.placeholder(tf.float32, [2], name="x")
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="imaginary"):
            sess.run(tf.identity(x), {x: [1 + 2j, 3]})
        np.testing.assert_array_equal(sess.run(tf.identity(x), {x: np.array([1 + 0j, 3])}),
                                      [1, 3])


def test_feed_tensor_value_is_type_error():
    x = tf.placeholder(tf.float32, [2], name="x")
    other = tf.zeros([2])
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="The value of a feed cannot be a tf.Tensor object"):
            sess.run(tf.identity(x), {x: other})


def test_feed_wrong_shape_is_value_error():
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    with tf.Session() as sess:
        with pytest.raises(ValueError) as info:
            sess.run(tf.identity(x), {x: np.zeros((2, 3))})
    assert "Cannot feed value of shape (2, 3) for Tensor 'x:0', which has shape '(?, 4)'" \
        in str(info.value)
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="Cannot feed value of shape"):
            sess.run(tf.identity(x), {x: np.zeros(4)})


def test_bad_feed_key():
    x = tf.placeholder(tf.float32, [2], name="x")
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="Cannot interpret feed_dict key"):
            sess.run(tf.identity(x), {"nope:0": [1, 2]})
    g = tf.Graph()
    with g.as_default():
        foreign = tf.placeholder(tf.float32, [2])
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="not an element of this graph"):
            sess.run(tf.identity(x), {x: [1, 2], foreign: [1, 2]})


def test_only_the_needed_subgraph_runs():
    x = tf.placeholder(tf.float32, [2], name="x")
    unrelated = tf.placeholder(tf.float32, [2], name="unrelated")
    tf.identity(unrelated) * np.float32(3)
    counter, inc = _counter()
    y = x + np.float32(1)
    with tf.Session() as sess:
        sess.run(counter.initializer)
        np.testing.assert_array_equal(sess.run(y, {x: [1, 2]}), [2, 3])
        assert sess.run(counter) == 0  # `inc` is not needed, so it did not run


def test_missing_feed_is_reported_before_anything_runs():
    counter, inc = _counter()
    x = tf.placeholder(tf.float32, [2], name="x")
    with tf.Session() as sess:
        sess.run(counter.initializer)
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run([inc, x + np.float32(1)])
        assert sess.run(counter) == 0


# ---------------------------------------------------------------- default sessions
def test_eval_and_run_with_default_session():
    x = tf.placeholder(tf.float32, [2], name="x")
    counter, inc = _counter()
    with tf.Session() as sess:
        assert tf.get_default_session() is sess
        sess.run(counter.initializer)
        np.testing.assert_array_equal((x * np.float32(2)).eval({x: [1, 2]}), [2, 4])
        assert inc.op.run() is None
        assert counter.eval() == 1
    assert tf.get_default_session() is None


def test_eval_and_run_with_explicit_session():
    x = tf.placeholder(tf.float32, [2], name="x")
    counter, inc = _counter()
    sess = tf.Session()
    try:
        counter.initializer.run(session=sess)
        inc.op.run(session=sess)
        np.testing.assert_array_equal(x.eval(feed_dict={x: [1, 2]}, session=sess), [1, 2])
        assert counter.eval(session=sess) == 1
        assert tf.get_default_session() is None
    finally:
        sess.close()


def test_eval_without_a_session_says_how_to_fix():
    x = tf.zeros([2])
    with pytest.raises(ValueError, match="No default session is registered"):
        x.eval()


def test_as_default_does_not_close():
    x = tf.zeros([2])
    sess = tf.Session()
    with sess.as_default():
        np.testing.assert_array_equal(x.eval(), [0, 0])
    np.testing.assert_array_equal(sess.run(x), [0, 0])
    sess.close()


def test_interactive_session():
    x = tf.zeros([2]) + np.float32(1)
    sess = tf.InteractiveSession()
    try:
        assert tf.get_default_session() is sess
        np.testing.assert_array_equal(x.eval(), [1, 1])
    finally:
        sess.close()
    assert tf.get_default_session() is None


def test_interactive_session_makes_its_graph_the_default():
    g = tf.Graph()
    outer = tf.get_default_graph()
    sess = tf.InteractiveSession(graph=g)
    try:
        assert tf.get_default_graph() is g
        c = tf.ones([2])
        assert c.graph is g
        np.testing.assert_array_equal(c.eval(), [1, 1])
    finally:
        sess.close()
    assert tf.get_default_graph() is outer
    assert tf.get_default_session() is None


def test_session_of_another_graph_for_eval():
    g = tf.Graph()
    with g.as_default():
        foreign = tf.zeros([1])
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="graph is different"):
            foreign.eval(session=sess)


def test_session_with_explicit_graph():
    g = tf.Graph()
    with g.as_default():
        c = tf.ones([2])
    with tf.Session(graph=g) as sess:
        assert sess.graph is g
        assert tf.get_default_graph() is g
        np.testing.assert_array_equal(sess.run(c), [1, 1])
        np.testing.assert_array_equal(c.eval(), [1, 1])


# ---------------------------------------------------------------- make_callable
def test_make_callable_matches_run():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    s = tf.placeholder(tf.float32, [], name="s")
    y = x * s
    total = tf.reduce_sum(y)
    with tf.Session() as sess:
        f = sess.make_callable({"y": y, "total": [total]}, [x, s])
        got = f([[1, 2]], 3.0)
        want = sess.run({"y": y, "total": [total]}, {x: [[1, 2]], s: 3.0})
        np.testing.assert_array_equal(got["y"], want["y"])
        assert got["total"] == want["total"] == [9]
        assert type(got["total"][0]) is np.float32
        g = sess.make_callable(total, feed_list=[x, "s:0"])
        assert g([[1, 1]], 2) == 4
        with pytest.raises(TypeError, match="takes 2 feed values"):
            f([[1, 2]])
        with pytest.raises(TypeError, match="takes 2 feed values"):
            f([[1, 2]], 3.0, 4.0)
        with pytest.raises(ValueError, match="Cannot feed value of shape"):
            f([1, 2], 3.0)
        h = sess.make_callable(tf.no_op())
        assert h() is None


def test_make_callable_after_close():
    x = tf.placeholder(tf.float32, [], name="x")
    sess = tf.Session()
    f = sess.make_callable(x * x, [x])
    assert f(3.0) == 9
    sess.close()
    with pytest.raises(RuntimeError, match="closed Session"):
        f(3.0)
    with pytest.raises(RuntimeError, match="closed Session"):
        sess.make_callable(x, [x])


# ---------------------------------------------------------------- plans
def test_plan_cache_reuses_one_plan_per_signature():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.reduce_sum(x * x)
    with tf.Session() as sess:
        for i in range(5):
            sess.run(y, {x: np.full((3, 2), i, np.float32)})
        assert len(sess._plans) == 1
        sess.run([y], {x: np.ones((1, 2))})
        assert len(sess._plans) == 1  # same flat fetches and feeds
        sess.run(y, {"x:0": np.ones((1, 2))})
        assert len(sess._plans) == 1
        sess.run(x, {x: np.ones((1, 2))})
        assert len(sess._plans) == 2


def test_plan_releases_intermediates():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    h = tf.tanh(x * np.float32(2))
    y = tf.reduce_sum(tf.exp(h) + h)
    with tf.Session() as sess:
        assert sess.run(y, {x: np.zeros((2, 3))}) == pytest.approx(6.0)
        plan, = sess._plans.values()
        assert "del " in plan.source
        # the fetched value itself is never deleted before it is returned
        assert plan.source.rstrip().splitlines()[-1].startswith("    return [_h(")


def test_plan_sees_control_inputs_added_after_compiling():
    counter, inc = _counter()
    y = tf.identity(tf.zeros([1]))
    with tf.Session() as sess:
        sess.run(counter.initializer)
        sess.run(y)
        y.op._add_control_input(inc.op)
        sess.run(y)
        assert sess.run(counter) == 1


# ---------------------------------------------------------------- sessions and variables
def test_two_sessions_keep_separate_variable_values():
    w = tf.Variable(np.array([1.0, 2.0], np.float32), name="W")
    with tf.Session() as s1, tf.Session() as s2:
        s1.run(w.initializer)
        s2.run(w.initializer)
        s1.run(w.assign([5.0, 5.0]))
        np.testing.assert_array_equal(s1.run(w), [5, 5])
        np.testing.assert_array_equal(s2.run(w), [1, 2])
    s3 = tf.Session()
    with pytest.raises(tf.errors.FailedPreconditionError):
        s3.run(w)
    s3.close()


def test_fetched_variable_is_not_changed_by_later_updates():
    w = tf.Variable(np.array([1.0, 2.0], np.float32), name="W")
    loss = tf.reduce_sum(w * w)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    bump = w.assign_add([1.0, 1.0])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        fetched = [sess.run(w), sess.run(w.value()), w.eval(), sess.run(tf.reshape(w, [2, 1])),
                   sess.run(bump)]
        copies = [np.array(v) for v in fetched]
        sess.run(train)
        sess.run(bump)
        for got, want in zip(fetched, copies):
            np.testing.assert_array_equal(got, want)


def test_run_returns_loss_from_before_the_update():
    w = tf.Variable(np.array([1.0, 2.0], np.float32), name="W")
    loss = tf.reduce_sum(w * w)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        loss_value, none = sess.run([loss, train])
        assert none is None
        assert loss_value == pytest.approx(5.0)
        np.testing.assert_allclose(sess.run(w), [0.8, 1.6])
        assert sess.run(loss) == pytest.approx(0.64 + 2.56)
        # the order of the fetches does not matter
        _, loss_value = sess.run([train, loss])
        assert loss_value == pytest.approx(0.64 + 2.56)
        w_value, _ = sess.run([w, train])
        np.testing.assert_allclose(w_value, [0.64, 1.28])


# ---------------------------------------------------------------- lifetime and graphs
def test_run_after_close_is_runtime_error():
    x = tf.zeros([1])
    sess = tf.Session()
    sess.run(x)
    sess.close()
    with pytest.raises(RuntimeError, match="Attempted to use a closed Session."):
        sess.run(x)
    sess.close()  # closing twice is fine
    with tf.Session() as sess:
        pass
    with pytest.raises(RuntimeError, match="Attempted to use a closed Session."):
        sess.run(x)


def test_fetch_from_another_graph_is_value_error():
    g = tf.Graph()
    with g.as_default():
        foreign = tf.zeros([1])
    tf.zeros([1])
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="is not an element of this graph"):
            sess.run(foreign)
        with pytest.raises(ValueError, match="is not an element of this graph"):
            sess.run([foreign.op])


def test_graph_growth_warning_names_the_creating_line():
    x = tf.placeholder(tf.float32, [2], name="x")
    y = x * np.float32(2)
    with tf.Session() as sess:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for _ in range(20):
                sess.run(y, {x: [1, 2]})
                sess.run([y, x], {x: [1, 2]})
                tf.identity(x)  # GROWTH-MARK
        growth = [w for w in caught if issubclass(w.category, tf.GraphGrowthWarning)]
        assert len(growth) == 1
        message = str(growth[0].message)
        assert "test_session.py:%d" % _line_of("GROWTH-MARK") in message
        assert "tf.identity(x)" in message
        # the warning is attributed to the user's sess.run line, not to the engine
        assert os.path.abspath(growth[0].filename) == THIS_FILE


def test_graph_growth_warning_when_each_run_fetches_new_ops():
    w = tf.Variable(np.zeros(2, np.float32), name="W")
    with tf.Session() as sess:
        sess.run(w.initializer)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for _ in range(15):
                sess.run(w.assign(w + 1))  # NEW-FETCH-MARK
        growth = [x for x in caught if issubclass(x.category, tf.GraphGrowthWarning)]
        assert len(growth) == 1
        assert "test_session.py:%d" % _line_of("NEW-FETCH-MARK") in str(growth[0].message)
        assert growth[0].lineno == _line_of("NEW-FETCH-MARK")
        np.testing.assert_array_equal(sess.run(w), [15, 15])


def test_no_graph_growth_warning_for_a_fixed_graph():
    x = tf.placeholder(tf.float32, [2], name="x")
    y = x * np.float32(2)
    tf.identity(x)
    with tf.Session() as sess:
        with warnings.catch_warnings():
            warnings.simplefilter("error", tf.GraphGrowthWarning)
            for _ in range(20):
                sess.run(y, {x: [1, 2]})
                sess.run([y, x], {x: [1, 2]})
            # building a model step by step, checking each new piece, is not a loop
            for _ in range(5):
                y = tf.tanh(y)
                sess.run(y, {x: [1, 2]})


def test_config_options_are_accepted():
    config = tf.ConfigProto(allow_soft_placement=True,
                            gpu_options=tf.GPUOptions(allow_growth=True))
    with tf.Session(config=config) as sess:
        np.testing.assert_array_equal(sess.run(tf.ones([1])), [1])


def test_intra_op_parallelism_threads_holds_blas_during_runs_only():
    from threadpoolctl import threadpool_info

    from autograd_engine import blas_threads as blas_threads_lib

    def blas_threads():
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    before = blas_threads()
    x = tf.placeholder(tf.float32, [2, 2])
    y = tf.matmul(x, x)
    seen = []
    with tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=1)) as sess:
        value = sess.run(y, {x: np.eye(2)})
        plan = next(iter(sess._plans.values()))
        compiled = plan.run_compiled
        plan.run_compiled = lambda values: (seen.append(blas_threads()), compiled(values))[1]
        sess.run(y, {x: np.eye(2)})
        square = sess.make_callable(y, [x])
        np.testing.assert_array_equal(square(np.eye(2)), value)
    assert len(seen) == 2 and all(n == 1 for threads in seen for n in threads)
    # Closing the Session puts back the count BLAS had before any Session set one.
    assert blas_threads() == [blas_threads_lib.controller().default] * len(before)
