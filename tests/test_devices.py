"""tf.device and the ConfigProto placement options: on a machine without a device backend
(every test but the last holds it off, whatever AUTOGRAD_ENGINE_DEVICE says), and with the CuPy
stand-in as the device."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine import backend
from autograd_engine.testing import cupy_standin


@pytest.fixture(autouse=True)
def no_device_backend(request):
    if "standin_device" in request.fixturenames:
        yield
        return
    with backend.using_device(None):
        yield


@pytest.fixture
def standin_device():
    with backend.using_device(cupy_standin.device_backend()) as device:
        yield device


def test_cpu_pins_run_and_names_are_canonical():
    with tf.device("/cpu:0"):
        a = tf.constant([1.0, 2.0]) * 2.0
    with tf.device("/job:localhost/replica:0/task:0/device:CPU:0"):
        b = a + 1.0
    assert a.op.device == "/device:CPU:0" and b.op.device == "/device:CPU:0"
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(b), [3.0, 5.0])
        assert [d.device_type for d in sess.list_devices()] == ["CPU"]


def test_malformed_device_names_fail_where_they_are_written():
    with pytest.raises(ValueError, match="Unknown attribute: 'gpuu:0'"):
        with tf.device("/gpuu:0"):
            pass


def test_a_gpu_pin_is_a_clear_error_unless_soft_placement():
    with tf.device("/gpu:0"):
        y = tf.constant(3.0) * 2.0
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(y)
    message = str(info.value)
    assert "Cannot assign a device for operation" in message
    assert "explicitly assigned to /device:GPU:0" in message and "device:CPU:0" in message
    assert "allow_soft_placement=True" in message and "test_devices.py" in message
    with tf.Session(config=tf.ConfigProto(allow_soft_placement=True)) as sess:
        assert sess.run(y) == 6.0


def test_log_device_placement_prints_each_op_once(capsys):
    x = tf.placeholder(tf.float32, [], name="x")
    y = tf.multiply(x, 2.0, name="double")
    with tf.Session(config=tf.ConfigProto(log_device_placement=True)) as sess:
        sess.run(y, {x: 1.0})
        sess.run(y, {x: 2.0})
    err = capsys.readouterr().err
    assert err.count("double: (Mul): /job:localhost/replica:0/task:0/device:CPU:0") == 1


def test_device_functions_choose_per_op():
    def only_matmuls_on_cpu(op):
        return "/cpu:0" if op.type == "MatMul" else ""
    with tf.device(only_matmuls_on_cpu):
        m = tf.matmul(tf.ones([2, 2]), tf.ones([2, 2]))
        s = m + 1.0
    assert m.op.device == "/device:CPU:0" and s.op.device == ""


def test_gpu_queries_say_no_gpu():
    assert tf.test.is_gpu_available() is False
    assert tf.test.gpu_device_name() == ""


def test_with_a_device_backend_gpu_pins_pass_placement(standin_device, capsys):
    with tf.device("/gpu:0"):
        y = tf.multiply(tf.constant(3.0), 2.0, name="on_gpu")
    with tf.Session(config=tf.ConfigProto(log_device_placement=True)) as sess:
        assert [d.device_type for d in sess.list_devices()] == ["CPU", "GPU"]
        assert sess.run(y) == 6.0
    assert "on_gpu: (Mul): /job:localhost/replica:0/task:0/device:GPU:0" in capsys.readouterr().err
    assert tf.test.is_gpu_available() and tf.test.gpu_device_name() == "/device:GPU:0"
    assert tf.test.is_gpu_available(min_cuda_compute_capability=(9, 0))
    assert not tf.test.is_gpu_available(min_cuda_compute_capability=(10, 0))
    with tf.Session(config=tf.ConfigProto(device_count={"GPU": 0})) as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Cannot assign a device"):
            sess.run(y)
