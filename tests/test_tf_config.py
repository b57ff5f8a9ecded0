"""``tf.config``: devices as the backend sees them, visibility feeding Sessions' placement,
soft placement and placement logging, ``tf.config.threading`` feeding the BLAS thread rule."""
import pytest

import autograd_engine as tf
from autograd_engine import backend
from autograd_engine.framework.runtime_config import settings


@pytest.fixture(autouse=True)
def restore_settings():
    saved = dict(vars(settings))
    yield
    vars(settings).update(saved)


def has_device():
    return backend.device_backend() is not None


def test_devices_listed_as_tensorflow_names_them():
    expected = [tf.config.PhysicalDevice("/physical_device:CPU:0", "CPU")]
    if has_device():
        expected.append(tf.config.PhysicalDevice("/physical_device:GPU:0", "GPU"))
    assert tf.config.list_physical_devices() == expected
    assert tf.config.list_physical_devices("cpu") == expected[:1]
    assert [d.name for d in tf.config.list_logical_devices()] == \
        [d.name.replace("physical_device", "device") for d in expected]
    assert tf.config.get_visible_devices() == expected


def test_hiding_the_gpu_places_every_op_on_the_cpu():
    gpus = tf.config.list_physical_devices("GPU")
    tf.config.set_visible_devices([], "GPU")
    assert tf.config.get_visible_devices("GPU") == []
    assert tf.config.list_logical_devices("GPU") == []
    x = tf.constant([1.0, 2.0]) * 3.0
    with tf.Session() as sess:
        assert len(sess._placer.devices) == 1 and "CPU" in sess._placer.devices[0]
        assert sess._device is None
        assert sess.run(x).tolist() == [3.0, 6.0]
    tf.config.set_visible_devices(tf.config.list_physical_devices())
    assert tf.config.get_visible_devices("GPU") == gpus


def test_visible_devices_errors():
    with pytest.raises(ValueError, match="CPU must remain visible"):
        tf.config.set_visible_devices([], "CPU")
    with pytest.raises(ValueError, match="Unrecognized device"):
        tf.config.set_visible_devices([tf.config.PhysicalDevice("/physical_device:TPU:0", "TPU")])


def test_soft_placement_lets_a_pinned_op_move():
    tf.config.set_soft_device_placement(True)
    assert tf.config.get_soft_device_placement() is True
    with tf.device("/device:GPU:3"):
        y = tf.constant(2.0) + 1.0
    with tf.Session() as sess:
        assert sess.run(y) == 3.0
    tf.config.set_soft_device_placement(False)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Cannot assign a device"):
            sess.run(y)


def test_log_device_placement_prints_each_op(capsys):
    assert tf.debugging.get_log_device_placement() is False
    tf.debugging.set_log_device_placement(True)
    y = tf.add(tf.constant(1.0), 2.0, name="logged_add")
    with tf.Session() as sess:
        sess.run(y)
    assert "logged_add: (Add" in capsys.readouterr().err


def test_threading_bounds_blas_threads_of_new_sessions():
    assert tf.config.threading.get_intra_op_parallelism_threads() == 0
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(2)
    assert tf.config.threading.get_inter_op_parallelism_threads() == 2
    with tf.Session() as sess:
        assert sess._ctx.blas_rule.limit == 1
    # a ConfigProto's own bound wins
    with tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=3)) as sess:
        assert sess._ctx.blas_rule.limit == 3
    with pytest.raises(ValueError, match="0 \\(the default\\) or more"):
        tf.config.threading.set_intra_op_parallelism_threads(-1)


def test_logical_configuration_and_eager_switches_are_recorded():
    cpu = tf.config.list_physical_devices("CPU")[0]
    assert tf.config.get_logical_device_configuration(cpu) is None
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration(memory_limit=512)] * 2)
    assert [c.memory_limit for c in tf.config.get_logical_device_configuration(cpu)] == [512, 512]
    with pytest.raises(ValueError, match="LogicalDeviceConfiguration"):
        tf.config.set_logical_device_configuration(cpu, [512])
    tf.config.set_logical_device_configuration(cpu, None)
    tf.config.run_functions_eagerly(True)
    assert tf.config.functions_run_eagerly() and tf.config.experimental_functions_run_eagerly()
    tf.config.experimental_run_functions_eagerly(False)
    assert tf.config.functions_run_eagerly() is False
    with pytest.raises(NotImplementedError, match="MPI"):
        tf.config.experimental_connect_to_cluster(None)
