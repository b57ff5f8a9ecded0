"""The device execution path: placement on /gpu:0, the copies a plan inserts between host and
device, Variables kept on the device, fetch options, device memory and out-of-memory errors.
Runs on the CuPy stand-in (autograd_engine.testing.cupy_standin), as strict as CuPy about
host/device mixing, whose counters give the transfers and kernel launches of each run."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine import backend as backend_lib
from autograd_engine.client.placement import CPU, GPU
from autograd_engine.testing import cupy_standin
from autograd_engine.testing.cupy_standin import counters

STANDIN = cupy_standin.device_backend()


@pytest.fixture
def device():
    """The stand-in as the device backend that Sessions created in the test place ops on."""
    with backend_lib.using_device(STANDIN) as standin:
        yield standin


def _transfers():
    """(host->device, device->host) transfers so far."""
    now = counters.snapshot()
    return now.host_to_device, now.device_to_host


def _since(before):
    return tuple(now - then for now, then in zip(_transfers(), before))


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
        before = _transfers()
        for _ in range(3):
            assert sess.run(train, feeds) is None
        assert _since(before) == (3 * len(feeds), 0)
        assert all(isinstance(v, cupy_standin.ndarray)
                   for v in sess._variable_values.values())


@pytest.mark.parametrize("model", sorted(MODELS))
def test_values_match_the_numpy_backend(model):
    with backend_lib.using_device(None):
        on_host = _train(MODELS[model], 3)
    with backend_lib.using_device(STANDIN):
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
        with counters.measure() as block:
            np.testing.assert_array_equal(sess.run(y, feed), np.full((2, 4), 4.0, np.float32))
        assert block.kernel_launches == 3  # matmul, add, relu: the ones were folded


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
        before = _transfers()
        got, stored = sess.run([doubled, v], options=options)
        assert _transfers() == before
        assert isinstance(got, cupy_standin.ndarray) and got.tolist() == [2.0, 4.0]
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
        before = _transfers()
        got = sess.run(y, {x: fed}, options=options)
        assert _transfers() == before
        assert got.tolist() == [3.0, 6.0]
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
        before = _transfers()
        sess.run(c, {x: [1.0, 2.0, 3.0]})
        assert _since(before) == (2, 2)  # x; b | a; c
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
    before = _transfers()
    with tf.Session(config=tf.ConfigProto(device_count={"GPU": 0})) as sess:
        sess.run(v.initializer)
        assert sess.run(y).tolist() == [2.0, 4.0]
        assert [d.device_type for d in sess.list_devices()] == ["CPU"]
        assert sess.device_memory() is None
        assert type(sess._variable_values[v.op]) is np.ndarray
        assert "_to_dev" not in "".join(p.source for p in sess._plans.values())
    assert _transfers() == before


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
        assert isinstance(sess._variable_values[v.op], cupy_standin.ndarray)
        path = saver.save(sess, str(tmp_path / "model"))
        v.load(device.to_device(np.array([0.0, 0.0], np.float32)), sess)
        assert sess.run(v).tolist() == [0.0, 0.0]
        saver.restore(sess, path)
        assert isinstance(sess._variable_values[v.op], cupy_standin.ndarray)
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
        pool = cupy_standin.get_default_memory_pool()
        pool.set_limit(size=pool.used_bytes() + 1000)
        try:
            with pytest.raises(tf.errors.ResourceExhaustedError) as info:
                sess.run(big)
        finally:
            pool.set_limit(size=0)
        message = str(info.value)
        assert "big_tile" in message and "16,000 bytes" in message
        assert sess.run(small).tolist() == [2.0] * 4
        assert sess.run(big).shape == (4000,)


def test_without_a_device_plans_have_no_copies():
    x = tf.placeholder(tf.float32, [None])
    y = tf.py_func(lambda v: v * 2.0, [x * 3.0], tf.float32) + 1.0
    with backend_lib.using_device(None), tf.Session() as sess:
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
        before = _transfers()
        sess.run(total, {x: [1.0, 2.0, 3.0]})
        assert _since(before) == (1, 5 + 1)  # x | i < 4, total


def test_shapes_stay_on_the_host_and_shape_operands_are_read_there(device):
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.zeros_like(x) + tf.reshape(x * 2.0, tf.shape(x))  # a Shape read by Reshape
    with tf.Session() as sess:
        feed = {x: np.ones((2, 3), np.float32)}
        sess.run(y, feed)
        before = _transfers()
        assert sess.run(y, feed).tolist() == [[2.0] * 3] * 2
        assert _since(before) == (1, 1)  # x | y
        assert list(sess._plans.values())[0].source.count("_to_dev(") == 1
    # Shape arithmetic on a device op is an ordinary input: one copy each way (TF1 keeps
    # int32 ops on a GPU in host memory; the engine places them as any other op).
    z = tf.reshape(x, tf.shape(x)[::-1])
    with tf.Session() as sess:
        sess.run(z, feed)
        before = _transfers()
        assert sess.run(z, feed).shape == (3, 2)
        assert _since(before) == (2, 2)  # x, the shape | its reverse, z


def test_out_of_range_labels_give_nan_on_the_device_as_on_tf1s_gpu(device):
    logits = tf.placeholder(tf.float32, [3, 4])
    labels = tf.placeholder(tf.int32, [3])
    loss, = tf.gradients(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=labels, logits=logits), [logits])
    xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    with tf.Session() as sess:
        values, grad = sess.run([xent, loss], {logits: np.zeros((3, 4), np.float32),
                                               labels: [0, 4, -1]})
    np.testing.assert_allclose(values, [np.log(4.0), np.nan, np.nan], rtol=1e-6)
    assert np.isnan(grad[1:]).all() and not np.isnan(grad[0]).any()


def test_indices_out_of_range_read_zeros_and_scatter_nowhere_as_on_tf1s_gpu(device):
    params = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    ids = tf.placeholder(tf.int32, [None])
    coords = tf.placeholder(tf.int32, [None, 2])
    fetches = [tf.gather(params, ids), tf.gather_nd(params, coords),
               tf.scatter_nd(coords, tf.ones([3]), [2, 2]),
               tf.unsorted_segment_sum(tf.ones([3]), ids, 2)]
    with tf.Session() as sess:
        gathered, picked, scattered, summed = sess.run(
            fetches, {ids: [1, 5, -1], coords: [[1, 0], [2, 0], [0, -1]]})
    assert gathered.tolist() == [[3.0, 4.0], [0.0, 0.0], [0.0, 0.0]]
    assert picked.tolist() == [3.0, 0.0, 0.0]
    assert scattered.tolist() == [[0.0, 0.0], [1.0, 0.0]]
    assert summed.tolist() == [0.0, 1.0]


def test_a_loop_body_that_passes_a_fed_value_through_returns_its_device_copy(device):
    a, _ = tf.scan(lambda ab, _: (ab[1], ab[0] + ab[1]), tf.zeros([6]),
                   initializer=(tf.constant(0), tf.constant(1)))
    with tf.Session() as sess:
        assert sess.run(a).tolist() == [1, 1, 2, 3, 5, 8]
