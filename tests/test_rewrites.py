"""Plan rewrites: each pass fires on a known graph (counted ops), results are unchanged, and
the switch turns them off."""
import collections

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine import backend
from autograd_engine.demo import TutorialGraph

@pytest.fixture(autouse=True)
def rewrites_on(monkeypatch):
    """These tests are about the rewrites: run them with rewrites on even in the suite's
    rewrites-off pass (make test runs the suite both ways)."""
    monkeypatch.delenv("AUTOGRAD_ENGINE_REWRITES", raising=False)


NO_REWRITES = tf.ConfigProto(graph_options=tf.GraphOptions(
    optimizer_options=tf.OptimizerOptions(opt_level=tf.OptimizerOptions.L0)))


def _plan(fetches, feed, config=None):
    with tf.Session(config=config) as sess:
        sess.run(tf.global_variables_initializer())
        value = sess.run(fetches, feed)
        plan = [p for key, p in sess._plans.items() if key[1]][-1] if feed else \
            list(sess._plans.values())[-1]
        return value, plan


def _op_types(plan):
    return sorted(op.type for op in plan.ops)


def test_constant_subgraphs_are_folded():
    x = tf.placeholder(tf.float32, [3])
    scale = tf.constant(2.0) * tf.constant(3.0) + tf.reduce_sum(tf.ones([4]))
    y = x * scale
    value, plan = _plan(y, {x: [1.0, 2.0, 3.0]})
    np.testing.assert_allclose(value, [10.0, 20.0, 30.0])
    assert _op_types(plan) == ["Mul"]
    assert plan.rewrites.counts["fold"] == 3


def test_common_subexpressions_are_merged():
    x = tf.placeholder(tf.float32, [3])
    y = tf.exp(x) + tf.exp(x) * tf.exp(x)
    # A host plan: on a device the Mul and Add would fuse (tests/test_elementwise_fusion.py).
    with backend.using_device(None):
        value, plan = _plan(y, {x: [0.0, 1.0, 2.0]})
    e = np.exp([0.0, 1.0, 2.0])
    np.testing.assert_allclose(value, e + e * e, rtol=1e-6)
    assert _op_types(plan) == ["Add", "Exp", "Mul"]
    assert plan.rewrites.counts["cse"] == 2


def test_identities_and_neutral_elements_disappear():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.identity(tf.stop_gradient(x * 1.0 + 0.0)) / 1.0 - 0.0
    z = tf.transpose(tf.transpose(x, [1, 0]), [1, 0])
    feed = {x: np.arange(6, dtype=np.float32).reshape(2, 3)}
    (yv, zv), plan = _plan([y, z], feed)
    np.testing.assert_array_equal(yv, feed[x])
    np.testing.assert_array_equal(zv, feed[x])
    assert plan.ops == []
    assert plan.rewrites.counts["identity"] == 7


def test_broadcasting_neutral_elements_are_kept():
    x = tf.placeholder(tf.float32, [3])
    ones = tf.ones([2, 3])
    y = x * ones  # a broadcast, not a no-op
    value, plan = _plan(y, {x: [1.0, 2.0, 3.0]})
    assert value.shape == (2, 3)
    assert _op_types(plan) == ["Mul"]


def test_reshape_chains_read_the_source():
    x = tf.placeholder(tf.float32, [2, 3])
    y = tf.reshape(tf.reshape(tf.reshape(x, [6]), [3, 2]), [1, 6])
    same = tf.reshape(x, [2, 3])
    (yv, sv), plan = _plan([y, same], {x: np.ones((2, 3), np.float32)})
    assert yv.shape == (1, 6) and sv.shape == (2, 3)
    assert _op_types(plan) == ["Reshape"]


def test_stateful_ops_are_never_merged_or_folded():
    a = tf.random_uniform([3], seed=1)
    b = tf.random_uniform([3], seed=1)
    v = tf.Variable(0)
    with tf.control_dependencies([v.assign_add(1)]):
        c = tf.constant(1)
    (av, bv, _), plan = _plan([a, b, c], None)
    assert _op_types(plan).count("RandomUniform") == 2
    assert "AssignAdd" in _op_types(plan)


def test_tutorial_step_gives_the_same_numbers_with_fewer_ops():
    from autograd_engine.datasets import load_digits
    batch = load_digits(one_hot=True, image_size=28).train
    xs, ys = batch.images[:100], batch.labels[:100]
    results = {}
    for config in (None, NO_REWRITES):
        with tf.Graph().as_default():
            model = TutorialGraph()
            with tf.Session(config=config) as sess:
                sess.run(tf.global_variables_initializer())
                for _ in range(3):
                    sess.run(model.train_step, {model.x: xs, model.y_: ys})
                loss = sess.run(model.cross_entropy, {model.x: xs, model.y_: ys})
                plan = next(p for p in sess._plans.values()
                            if model.train_step in p.fetch_elements)
                results[config is None] = (loss, sess.run(model.W),
                                           collections.Counter(op.type for op in plan.ops))
    (loss_on, w_on, ops_on), (loss_off, w_off, ops_off) = results[True], results[False]
    assert loss_on == pytest.approx(loss_off, rel=1e-6)
    np.testing.assert_allclose(w_on, w_off, rtol=1e-6, atol=1e-7)
    # The two Variable reads go and the learning rate is bound once; grad_ys = ones_like(loss)
    # of the scalar loss is a constant, so the training step no longer computes the loss
    # itself (its Sum and Neg) and the gradient's Neg of the ones is folded.
    # The bias goes into the product's array (add_bias_into_product).
    assert ops_off - ops_on == collections.Counter(
        {"Identity": 2, "Const": 1, "OnesLike": 1, "Neg": 2, "Sum": 1, "MatMul": 1, "Add": 1})
    assert ops_on - ops_off == collections.Counter({"MatMulPlusBias": 1})


def test_environment_switch_turns_rewrites_off(monkeypatch):
    monkeypatch.setenv("AUTOGRAD_ENGINE_REWRITES", "0")
    x = tf.placeholder(tf.float32, [])
    value, plan = _plan(tf.identity(x) * (tf.constant(1.0) + 1.0), {x: 2.0})
    assert value == 4.0
    assert _op_types(plan) == ["Add", "Const", "Const", "Identity", "Mul"]


def test_errors_still_name_the_users_op():
    x = tf.placeholder(tf.float32, [None, None])
    bad = tf.matmul(tf.identity(x), tf.ones([3, 3]) * 1.0)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(bad, {x: np.ones((2, 4), np.float32)})
    assert "(op: 'MatMul')" in str(info.value) and "test_rewrites.py" in str(info.value)


def test_a_convolution_and_its_filter_gradient_share_one_im2col():
    rng = np.random.RandomState(0)
    x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    kernels = [tf.Variable(rng.randn(3, 3, 3, 4).astype(np.float32)),
               tf.Variable(rng.randn(3, 3, 4, 2).astype(np.float32))]
    h = tf.nn.relu(tf.nn.conv2d(x, kernels[0], [1, 1, 1, 1], "SAME"))
    y = tf.nn.conv2d(h, kernels[1], [1, 2, 2, 1], "VALID")
    loss = tf.reduce_sum(y * y)
    grads = tf.gradients(loss, kernels + [x])
    feed = {x: rng.randn(2, 8, 8, 3).astype(np.float32)}
    fused, plan = _plan([loss] + grads, feed)
    plain, plain_plan = _plan([loss] + grads, feed, NO_REWRITES)
    for a, b in zip(fused, plain):
        np.testing.assert_allclose(a, b, rtol=1e-5)
    types = _op_types(plan)
    assert types.count("Im2Col") == 2 and types.count("Conv2DOfPatches") == 2
    assert types.count("Conv2DBackpropFilterOfPatches") == 2
    assert "Conv2D" not in types and "Conv2DBackpropFilter" not in types
    assert plan.rewrites.counts["share_patches"] == 4
    assert _op_types(plain_plan).count("Conv2DBackpropFilter") == 2
    # Inference only: nothing to share, the plain Conv2D runs.
    _, inference = _plan(y, feed)
    assert "Im2Col" not in _op_types(inference)


def test_values_decided_by_static_shapes_are_constants():
    x = tf.placeholder(tf.float32, [2, 3])
    batch = tf.placeholder(tf.float32, [None, 3])
    fetches = [tf.ones_like(x) * x, tf.shape(x), tf.size(x), tf.rank(batch), tf.shape(batch),
               tf.zeros_like(batch)]
    feed = {x: np.ones((2, 3), np.float32), batch: np.ones((4, 3), np.float32)}
    values, plan = _plan(fetches, feed)
    np.testing.assert_array_equal(values[0], np.ones((2, 3)))
    np.testing.assert_array_equal(values[1], [2, 3])
    assert values[2] == 6 and values[3] == 2
    np.testing.assert_array_equal(values[4], [4, 3])  # unknown batch: computed per run
    np.testing.assert_array_equal(values[5], np.zeros((4, 3)))
    assert _op_types(plan) == ["Mul", "Shape", "ZerosLike"]
    assert values[1].dtype == np.int32 and values[2].dtype == np.int32


def test_the_gradient_of_a_weight_shared_across_steps_is_one_stacked_product():
    rng = np.random.RandomState(1)
    xs = [tf.placeholder(tf.float64, [None, 3]) for _ in range(4)]
    w = tf.Variable(rng.randn(3, 5))
    u = tf.Variable(rng.randn(5, 5) * 0.3)
    h = tf.zeros([2, 5], tf.float64)
    for x in xs:  # an unrolled RNN: w and u are used at every step
        h = tf.tanh(tf.matmul(x, w) + tf.matmul(h, u))
    loss = tf.reduce_sum(h * h)
    grads = tf.gradients(loss, [w, u])
    feed = {x: rng.randn(2, 3) for x in xs}
    fused, plan = _plan(grads, feed)
    plain, _ = _plan(grads, feed, NO_REWRITES)
    for a, b in zip(fused, plain):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert _op_types(plan).count("MatMulOfStacked") == 2  # one for w, one for u
    assert not [op for op in plan.ops if op.type == "MatMul" and op.attrs["transpose_a"]]
    assert plan.rewrites.counts["stack_shared_weight_gradients"] == 2


def test_a_product_read_elsewhere_is_not_stacked():
    rng = np.random.RandomState(2)
    a1, a2 = tf.constant(rng.randn(4, 3)), tf.constant(rng.randn(4, 3))
    g = tf.placeholder(tf.float64, [4, 2])
    p1 = tf.matmul(a1, g, transpose_a=True)
    p2 = tf.matmul(a2, g, transpose_a=True)
    total = tf.add_n([p1, p2, tf.ones([3, 2], tf.float64)])
    feed = {g: rng.randn(4, 2)}
    (value, p1_value), plan = _plan([total, p1], feed)  # p1 is fetched: it must run anyway
    assert "MatMulOfStacked" not in _op_types(plan)
    value_only, plan_only = _plan(total, feed)
    np.testing.assert_allclose(value_only, value, rtol=1e-12)
    assert _op_types(plan_only) == ["MatMulOfStacked"]  # with the constant ones as "the rest"


def test_stacked_products_come_in_groups_as_steps_become_ready():
    rng = np.random.RandomState(3)
    steps, rows = 9, 64  # 256 stacked rows make a group of 4 steps; a lone 9th joins the 2nd
    xs = [tf.placeholder(tf.float64, [rows, 3]) for _ in range(steps)]
    w = tf.Variable(rng.randn(3, 2))
    total = tf.add_n([tf.reduce_sum(tf.sin(tf.matmul(x, w))) for x in xs])
    grad, = tf.gradients(total, [w])
    feed = {x: rng.randn(rows, 3) for x in xs}
    value, plan = _plan(grad, feed)
    plain, _ = _plan(grad, feed, NO_REWRITES)
    np.testing.assert_allclose(value, plain, rtol=1e-12)
    fused = [op for op in plan.ops if op.type == "MatMulOfStacked"]
    # 4 a's + 4 g's; then 5 a's + 5 g's and the first group's sum
    assert [len(op.inputs) for op in fused] == [8, 11]


def _dense_cases(x, w, b):
    """(a bias added to a product in each form the fusion takes or must leave alone, whether
    it is fused)."""
    return [(tf.nn.bias_add(tf.matmul(x, w), b), True),
            (b + tf.matmul(x, w), True),
            (tf.matmul(x, w, transpose_b=True) + b, True),
            (tf.matmul(x, w) + tf.ones([5, 4], tf.float64), False),  # not a vector
            (tf.nn.bias_add(tf.matmul(x, w), b, data_format="NCHW"), True)]  # axis 1: the last


def test_a_bias_is_added_into_the_product_it_follows():
    rng = np.random.RandomState(4)
    x = tf.placeholder(tf.float64, [None, 4])
    w_value, b_value, x_value = rng.randn(4, 4), rng.randn(4), rng.randn(5, 4)
    w, b = tf.constant(w_value), tf.constant(b_value)
    expected = {True: x_value @ w_value + b_value, False: None}
    for (y, fused), transposed in zip(_dense_cases(x, w, b), [0, 0, 1, 0, 0]):
        value, plan = _plan(y, {x: x_value})
        plain, _ = _plan(y, {x: x_value}, NO_REWRITES)
        np.testing.assert_allclose(value, plain, rtol=1e-12)
        assert ("MatMulPlusBias" in _op_types(plan)) == fused
        if fused:
            product = x_value @ (w_value.T if transposed else w_value)
            np.testing.assert_allclose(value, product + b_value, rtol=1e-12)


def test_a_product_read_elsewhere_keeps_its_own_array():
    x = tf.placeholder(tf.float64, [2, 3])
    product = tf.matmul(x, tf.ones([3, 2], tf.float64))
    y = tf.nn.bias_add(product, tf.constant([1.0, 2.0], tf.float64))
    (y_value, product_value), plan = _plan([y, product], {x: np.ones((2, 3))})
    assert "MatMulPlusBias" not in _op_types(plan)
    np.testing.assert_allclose(product_value, np.full((2, 2), 3.0))  # not the sum
    np.testing.assert_allclose(y_value, [[4.0, 5.0]] * 2)


def test_a_bias_that_would_widen_the_product_is_added_as_before():
    x = tf.placeholder(tf.float64, [None, 2])
    y = tf.matmul(x, tf.ones([2, 1], tf.float64)) + tf.constant([1.0, 2.0, 3.0], tf.float64)
    value, plan = _plan(y, {x: np.ones((4, 2))})
    assert "MatMulPlusBias" not in _op_types(plan)
    np.testing.assert_allclose(value, np.tile([3.0, 4.0, 5.0], (4, 1)))
