"""Optimizer updates on the device: each Variable's update is one in-place elementwise kernel
(ElementwiseDefinition with in-place outputs), whose values follow the host kernels'."""
from types import SimpleNamespace

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine import backend as backend_lib
from autograd_engine.ops.registry import get_op_def
from autograd_engine.testing import cupy_standin
from autograd_engine.testing.cupy_standin import counters
from autograd_engine.train import training_ops

STANDIN = cupy_standin.device_backend()

# name: (builds the update from the Variable, its slots, the gradient and the hyperparameters;
# the slot count; the hyperparameters' values)
UPDATES = {
    "gradient descent": (lambda var, slots, grad, hyper: training_ops.apply_gradient_descent(
        var, hyper[0], grad), 0, (0.1,)),
    "momentum": (lambda var, slots, grad, hyper: training_ops.apply_momentum(
        var, slots[0], hyper[0], grad, hyper[1]), 1, (0.1, 0.9)),
    "nesterov momentum": (lambda var, slots, grad, hyper: training_ops.apply_momentum(
        var, slots[0], hyper[0], grad, hyper[1], use_nesterov=True), 1, (0.1, 0.9)),
    "adam": (lambda var, slots, grad, hyper: training_ops.apply_adam(
        var, *slots, *hyper, grad), 2, (0.9 ** 3, 0.999 ** 3, 0.01, 0.9, 0.999, 1e-8)),
    "rms prop": (lambda var, slots, grad, hyper: training_ops.apply_rms_prop(
        var, *slots, *hyper, grad), 2, (0.01, 0.9, 0.5, 1e-10)),
    "centered rms prop": (lambda var, slots, grad, hyper: training_ops.apply_centered_rms_prop(
        var, *slots, *hyper, grad), 3, (0.01, 0.9, 0.5, 1e-10)),
    "adagrad": (lambda var, slots, grad, hyper: training_ops.apply_adagrad(
        var, slots[0], hyper[0], grad), 1, (0.1,)),
    "adadelta": (lambda var, slots, grad, hyper: training_ops.apply_adadelta(
        var, *slots, *hyper, grad), 2, (1.0, 0.95, 1e-6)),
}


def _run_steps(update, dtype, steps, device, shape=(3, 4)):
    """The Variable and slots, all of ``shape``, after each of ``steps`` updates (by a
    gradient Variable and constant hyperparameters), and the kernel launches of each step, with
    ``device`` as the device backend (None: numpy only)."""
    make_update, slot_count, hyper = UPDATES[update]
    rng = np.random.default_rng(3)
    with backend_lib.using_device(device), tf.Graph().as_default():
        var = tf.Variable(rng.standard_normal(shape).astype(dtype))
        # Small positive slots: accumulators of squares stay positive, and the centered mean
        # gradient's square stays below the mean square.
        slots = [tf.Variable(rng.uniform(0.1, 0.3, shape).astype(dtype))
                 for _ in range(slot_count)]
        if update == "centered rms prop":
            slots[1] = tf.Variable(rng.uniform(1.0, 2.0, shape).astype(dtype))
        grad = tf.Variable(rng.standard_normal(shape).astype(dtype))
        op = make_update(var, slots, tf.convert_to_tensor(grad), [tf.constant(h, dtype) for h in hyper])
        values, launches = [], []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(steps):
                with counters.measure() as block:
                    sess.run(op)
                launches.append(block.kernel_launches)
                values.append(sess.run([var] + slots))
    return values, launches


@pytest.mark.parametrize("update", sorted(UPDATES))
@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-6), (np.float32, 1e-5)])
def test_each_update_is_one_kernel_on_the_device_with_numpys_values(update, dtype, rtol):
    on_device, launches = _run_steps(update, dtype, 4, STANDIN)
    on_host, _ = _run_steps(update, dtype, 4, None)
    assert launches[1:] == [1] * 3  # after the first run, which also places the constants
    for device_step, host_step in zip(on_device, on_host):
        for device_value, host_value in zip(device_step, host_step):
            assert device_value.dtype == dtype
            np.testing.assert_allclose(device_value, host_value, rtol=rtol, atol=rtol * 1e-3)


@pytest.mark.parametrize("type_name, attrs", [
    ("ApplyGradientDescent", {}), ("ApplyMomentum", {}), ("ApplyMomentum", {"use_nesterov": True}),
    ("ApplyAdam", {}), ("ApplyRMSProp", {}), ("ApplyCenteredRMSProp", {}), ("ApplyAdagrad", {}),
    ("ApplyAdadelta", {})])
def test_each_update_kernel_is_one_real_cupy_kernel_writing_the_variable_and_its_slots(
        type_name, attrs):
    cupy = pytest.importorskip("cupy")
    op_def = get_op_def(type_name)
    definition = op_def._device_definition(SimpleNamespace(attrs=attrs))
    kernel = cupy.ElementwiseKernel(", ".join("T " + name for name in definition.inputs),
                                    ", ".join("T " + name for name in definition.outputs),
                                    definition.cuda_operation(), definition.name)
    assert kernel.nin == 1 + len(op_def.hyper_names)
    assert definition.outputs == ["var"] + list(op_def.slot_names)


@pytest.mark.parametrize("update", sorted(UPDATES))
def test_large_variables_are_updated_in_cache_sized_blocks_with_the_same_bits(update, monkeypatch):
    # 3 x 50001 float32 elements: two whole 64K-element blocks and a partial last one.
    blocked, _ = _run_steps(update, np.float32, 2, None, shape=(3, 50001))
    monkeypatch.setattr(training_ops, "UPDATE_BLOCK_BYTES", 1 << 40)
    whole, _ = _run_steps(update, np.float32, 2, None, shape=(3, 50001))
    for blocked_step, whole_step in zip(blocked, whole):
        for blocked_value, whole_value in zip(blocked_step, whole_step):
            np.testing.assert_array_equal(blocked_value, whole_value)
