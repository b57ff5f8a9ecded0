"""The device execution path: placement on /gpu:0, the copies a plan inserts between host and
device, Variables kept on the device, fetch options, device memory and out-of-memory errors.
Runs on a device double (tests/device_double.py), which counts transfers and launches."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine import backend as backend_lib
from autograd_engine.client.placement import CPU, GPU

from device_double import DeviceArray, FakeDevice


@pytest.fixture
def device(monkeypatch):
    """A device backend that Sessions created in the test place ops on."""
    double = FakeDevice()
    monkeypatch.setattr(backend_lib, "device_backend", lambda: double)
    return double


# ------------------------------------------------------------------ models
def _softmax_regression(rng):
    x = tf.placeholder(tf.float32, [None, 12])
    y_ = tf.placeholder(tf.float32, [None, 3])
    W = tf.Variable(tf.zeros([12, 3]))
    b = tf.Variable(tf.zeros([3]))
    y = tf.nn.softmax(tf.matmul(x, W) + b)
    loss = -tf.reduce_sum(y_ * tf.log(y))
    train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
    return {x: rng.rand(8, 12).astype(np.float32),
            y_: np.eye(3, dtype=np.float32)[rng.randint(0, 3, 8)]}, train, loss


def _mlp(rng):
    x = tf.placeholder(tf.float32, [None, 10])
    labels = tf.placeholder(tf.int64, [None])
    tf.set_random_seed(1)
    hidden = tf.layers.dense(x, 16, activation=tf.nn.relu)
    logits = tf.layers.dense(hidden, 4)
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    train = tf.train.AdamOptimizer(0.01).minimize(loss)
    return {x: rng.rand(6, 10).astype(np.float32),
            labels: rng.randint(0, 4, 6).astype(np.int64)}, train, loss


def _cnn(rng):
    images = tf.placeholder(tf.float32, [None, 8, 8, 1])
    labels = tf.placeholder(tf.float32, [None, 3])
    tf.set_random_seed(2)
    conv = tf.layers.conv2d(images, 4, 3, padding="same", activation=tf.nn.relu)
    pooled = tf.layers.max_pooling2d(conv, 2, 2)
    logits = tf.layers.dense(tf.reshape(pooled, [-1, 4 * 4 * 4]), 3)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels,
                                                                      logits=logits))
    train = tf.train.MomentumOptimizer(0.05, 0.9).minimize(loss)
    return {images: rng.rand(5, 8, 8, 1).astype(np.float32),
            labels: np.eye(3, dtype=np.float32)[rng.randint(0, 3, 5)]}, train, loss


def _lstm(rng):
    sequences = tf.placeholder(tf.float32, [4, 5, 3])
    targets = tf.placeholder(tf.float32, [4, 6])
    tf.set_random_seed(3)
    cell = tf.nn.rnn_cell.BasicLSTMCell(6)
    outputs, _ = tf.nn.dynamic_rnn(cell, sequences, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(outputs[:, -1] - targets))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    return {sequences: rng.rand(4, 5, 3).astype(np.float32),
            targets: rng.rand(4, 6).astype(np.float32)}, train, loss


MODELS = {"softmax_regression": _softmax_regression, "mlp": _mlp, "cnn": _cnn, "lstm": _lstm}


def _train(build, steps):
    """Losses over ``steps`` training steps and the final Variables, in a new graph."""
    with tf.Graph().as_default():
        feeds, train, loss = build(np.random.RandomState(0))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [sess.run([train, loss], feeds)[1] for _ in range(steps)]
            return losses, sess.run(tf.trainable_variables())


@pytest.mark.parametrize("model", sorted(MODELS))
def test_a_training_step_copies_each_feed_once_and_nothing_back(device, model):
    feeds, train, _ = MODELS[model](np.random.RandomState(0))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train, feeds)  # builds the plan: constants go to the device now, once
        before = device.counts()
        for _ in range(3):
            assert sess.run(train, feeds) is None
        h2d, d2h = (now - then for now, then in zip(device.counts(), before))
        assert (h2d, d2h) == (3 * len(feeds), 0)
        assert all(isinstance(v, DeviceArray) for v in sess._variable_values.values())


@pytest.mark.parametrize("model", sorted(MODELS))
def test_values_match_the_numpy_backend(monkeypatch, model):
    on_host = _train(MODELS[model], 3)
    monkeypatch.setattr(backend_lib, "device_backend", FakeDevice)
    on_device = _train(MODELS[model], 3)
    np.testing.assert_allclose(on_device[0], on_host[0], rtol=1e-5, atol=1e-6)
    for got, want in zip(on_device[1], on_host[1]):
        assert type(got) is np.ndarray
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_a_small_graph_launches_a_known_number_of_kernels(device):
    x = tf.placeholder(tf.float32, [2, 3])
    y = tf.nn.relu(tf.matmul(x, tf.ones([3, 4])) + 1.0)
    with tf.Session() as sess:
        feed = {x: np.ones((2, 3), np.float32)}
        sess.run(y, feed)
        launches = device.launches
        np.testing.assert_array_equal(sess.run(y, feed), np.full((2, 4), 4.0, np.float32))
        assert device.launches - launches == 3  # matmul, add, relu: the ones were folded


# ------------------------------------------------------------------ fetches and feeds
def test_fetched_values_are_numpy_and_scalars_stay_scalars(device):
    v = tf.Variable([1.0, 2.0])
    total = tf.reduce_sum(v)
    with tf.Session() as sess:
        sess.run(v.initializer)
        values, scalar = sess.run([v, total])
        assert type(values) is np.ndarray and values.tolist() == [1.0, 2.0]
        assert type(scalar) is np.float32 and scalar == 3.0
        assert type(v.eval(sess)) is np.ndarray


def test_output_on_device_returns_device_arrays_without_a_copy(device):
    v = tf.Variable([1.0, 2.0])
    doubled = v * 2.0
    with tf.Session() as sess:
        sess.run(v.initializer)
        options = tf.RunOptions(output_on_device=True)
        sess.run([doubled, v], options=options)
        before = device.counts()
        got, stored = sess.run([doubled, v], options=options)
        assert device.counts() == before
        assert isinstance(got, DeviceArray) and np.asarray(got).tolist() == [2.0, 4.0]
        stored[0] = 7.0  # the caller's own copy, not the Variable's storage
        assert sess.run(v).tolist() == [1.0, 2.0]
        assert type(sess.run(doubled)) is np.ndarray  # without the option: the host


def test_a_device_array_is_fed_without_a_copy(device):
    x = tf.placeholder(tf.float32, [None])
    y = x * 3.0
    with tf.Session() as sess:
        sess.run(y, {x: [1.0]})
        fed = device.to_device(np.array([1.0, 2.0], np.float32))
        options = tf.RunOptions(output_on_device=True)
        sess.run(y, {x: fed}, options=options)
        before = device.counts()
        assert sess.run(y, {x: fed}, options=options).tolist() == [3.0, 6.0]
        assert device.counts() == before
        with pytest.raises(TypeError, match="device array of dtype float64"):
            sess.run(y, {x: device.to_device(np.array([1.0]))})
        with pytest.raises(ValueError, match="Cannot feed value of shape"):
            sess.run(y, {x: device.to_device(np.ones((2, 2), np.float32))})


# ------------------------------------------------------------------ placement and copies
def test_py_func_between_device_ops_gets_one_copy_each_way(device, capsys):
    x = tf.placeholder(tf.float32, [3])
    a = x * 2.0
    b = tf.py_func(lambda v: v + 1.0, [a], tf.float32)
    c = b * a + b
    with tf.Session(config=tf.ConfigProto(log_device_placement=True)) as sess:
        np.testing.assert_array_equal(sess.run(c, {x: [1.0, 2.0, 3.0]}), [9.0, 25.0, 49.0])
        log = capsys.readouterr().err
        plan = list(sess._plans.values())[0]
        before = device.counts()
        sess.run(c, {x: [1.0, 2.0, 3.0]})
        assert tuple(n - m for n, m in zip(device.counts(), before)) == (2, 2)  # x; b | a; c
    assert plan.source.count("_to_host(") == 1 and plan.source.count("_to_dev(") == 2
    assert "%s: (PyFunc): %s" % (b.op.name, CPU) in log
    assert "%s: (Mul): %s" % (a.op.name, GPU) in log
    assert "%s: (copy): %s -> %s" % (a.name, GPU, CPU) in log
    assert "%s: (copy): %s -> %s" % (b.name, CPU, GPU) in log


def test_a_host_only_op_pinned_to_the_gpu_needs_soft_placement(device):
    x = tf.constant([1.0, 4.0])
    with tf.device("/gpu:0"):
        root = tf.py_func(np.sqrt, [x], tf.float32)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="no supported kernel for GPU devices"):
            sess.run(root)
    with tf.Session(config=tf.ConfigProto(allow_soft_placement=True)) as sess:
        assert sess.run(root).tolist() == [1.0, 2.0]
        assert sess._placer.place(root.op) == CPU


def test_device_count_gpu_0_keeps_everything_on_the_cpu(device):
    v = tf.Variable([1.0, 2.0])
    y = v * 2.0
    with tf.Session(config=tf.ConfigProto(device_count={"GPU": 0})) as sess:
        sess.run(v.initializer)
        assert sess.run(y).tolist() == [2.0, 4.0]
        assert [d.device_type for d in sess.list_devices()] == ["CPU"]
        assert sess.device_memory() is None
        assert type(sess._variable_values[v.op]) is np.ndarray
        assert "_to_dev" not in "".join(p.source for p in sess._plans.values())
    assert device.counts() == (0, 0)


def test_a_cpu_pin_keeps_an_op_on_the_host(device):
    v = tf.Variable([1.0, 2.0])
    with tf.device("/cpu:0"):
        on_host = v * 2.0
    y = on_host + 1.0
    with tf.Session() as sess:
        assert [d.device_type for d in sess.list_devices()] == ["CPU", "GPU"]
        sess.run(v.initializer)
        assert sess.run(y).tolist() == [3.0, 5.0]
        assert sess._placer.place(on_host.op) == CPU and sess._placer.place(y.op) == GPU
        assert sess._placer.place(v.initializer) == GPU  # colocated with its Variable


def test_a_pinned_variable_and_its_updates_live_on_the_cpu(device):
    with tf.device("/cpu:0"):
        v = tf.Variable([1.0, 2.0])
    loss = tf.reduce_sum(v * v)
    train = tf.train.GradientDescentOptimizer(0.25).minimize(loss)
    with tf.Session() as sess:
        sess.run(v.initializer)
        sess.run(train)
        assert type(sess._variable_values[v.op]) is np.ndarray
        assert sess.run(v).tolist() == [0.5, 1.0]


# ------------------------------------------------------------------ Variables
def test_variables_load_and_restore_onto_the_device_and_save_from_it(device, tmp_path):
    v = tf.Variable([1.0, 2.0], name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(v.initializer)
        v.load([5.0, 6.0], sess)
        assert isinstance(sess._variable_values[v.op], DeviceArray)
        path = saver.save(sess, str(tmp_path / "model"))
        v.load(device.to_device(np.array([0.0, 0.0], np.float32)), sess)
        assert sess.run(v).tolist() == [0.0, 0.0]
        saver.restore(sess, path)
        assert isinstance(sess._variable_values[v.op], DeviceArray)
        assert sess.run(v).tolist() == [5.0, 6.0]


# ------------------------------------------------------------------ memory
def test_device_memory_reports_current_and_peak_bytes(device):
    with tf.Session() as sess:
        assert set(sess.device_memory()) == {"current_bytes", "peak_bytes"}
    with tf.Session(config=tf.ConfigProto(device_count={"GPU": 0})) as sess:
        assert sess.device_memory() is None


def test_out_of_device_memory_names_the_op_and_the_session_stays_usable(device):
    v = tf.Variable(tf.ones([4]))
    big = tf.tile(v, [1000], name="big_tile")
    small = v + 1.0
    with tf.Session() as sess:
        sess.run(v.initializer)
        device.limit = 1000
        with pytest.raises(tf.errors.ResourceExhaustedError) as info:
            sess.run(big)
        message = str(info.value)
        assert "big_tile" in message and "16,000 bytes" in message
        device.limit = None
        assert sess.run(small).tolist() == [2.0] * 4
        assert sess.run(big).shape == (4000,)


def test_without_a_device_plans_have_no_copies():
    x = tf.placeholder(tf.float32, [None])
    y = tf.py_func(lambda v: v * 2.0, [x * 3.0], tf.float32) + 1.0
    with tf.Session() as sess:
        assert sess.run(y, {x: [1.0]}).tolist() == [7.0]
        assert sess.device_memory() is None
        source = list(sess._plans.values())[0].source
    assert "_to_dev" not in source and "_to_host" not in source


def test_a_fetched_variable_is_its_value_before_the_update_of_the_same_run(device):
    v = tf.Variable([1.0, 2.0])
    train = tf.train.GradientDescentOptimizer(0.5).minimize(tf.reduce_sum(v * v))
    with tf.Session() as sess:
        sess.run(v.initializer)
        _, before = sess.run([train, v])
        assert before.tolist() == [1.0, 2.0] and sess.run(v).tolist() == [0.0, 0.0]


def test_a_while_loop_on_the_device_reads_its_predicate_on_the_host(device):
    x = tf.placeholder(tf.float32, [3])
    _, total = tf.while_loop(lambda i, acc: i < 4, lambda i, acc: (i + 1, acc * 2.0),
                             [tf.constant(0), x])
    with tf.Session() as sess:
        assert sess.run(total, {x: [1.0, 2.0, 3.0]}).tolist() == [16.0, 32.0, 48.0]
        before = device.counts()
        sess.run(total, {x: [1.0, 2.0, 3.0]})
        assert tuple(n - m for n, m in zip(device.counts(), before)) == (1, 5 + 1)  # x | i < 4, total
