"""Chains of float elementwise ops fused into one generated kernel when a plan runs on the
device (ops.op_families.fuse_elementwise_chains); numpy plans are left as they are."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine import backend as backend_lib
from autograd_engine.testing import cupy_standin
from autograd_engine.testing.cupy_standin import counters

STANDIN = cupy_standin.device_backend()


@pytest.fixture(autouse=True)
def rewrites_on(monkeypatch):
    """Fusion is a plan rewrite: these tests need rewrites on whatever the environment says."""
    monkeypatch.delenv("AUTOGRAD_ENGINE_REWRITES", raising=False)


def _run(build, device, dtype=np.float32):
    """(value, kernel launches of the second run, the plan) of ``build(x)`` for a fed x."""
    value = np.random.default_rng(2).uniform(0.5, 2.0, (4, 5)).astype(dtype)
    with backend_lib.using_device(device), tf.Graph().as_default():
        x = tf.placeholder(dtype, [4, 5])
        fetched = build(x)
        with tf.Session() as sess:
            sess.run(fetched, {x: value})
            with counters.measure() as block:
                result = sess.run(fetched, {x: value})
            plan = [p for key, p in sess._plans.items() if key[1]][-1]
    return result, block.kernel_launches, plan


@pytest.mark.parametrize("dtype, rtol", [(np.float32, 1e-5), (np.float64, 1e-12)])
def test_a_chain_of_elementwise_ops_is_one_kernel_on_the_device(dtype, rtol):
    def chain(x):
        return tf.sqrt(tf.square(tf.sin(x) - x) + x)  # Sin, Sub, Square, Add, Sqrt: 5 ops
    on_device, launches, plan = _run(chain, STANDIN, dtype)
    on_host, _, host_plan = _run(chain, None, dtype)
    assert launches == 1 and [op.type for op in plan.ops] == ["FusedElementwise"]
    assert plan.rewrites.counts["fuse_elementwise_chains"] == 1
    assert "fuse_elementwise_chains" not in host_plan.rewrites.counts
    assert sorted(op.type for op in host_plan.ops) == ["Add", "Sin", "Sqrt", "Square", "Sub"]
    assert on_device.dtype == dtype
    np.testing.assert_allclose(on_device, on_host, rtol=rtol)


def test_an_intermediate_read_elsewhere_or_broadcasting_ends_a_chain():
    def build(x):
        shared = tf.exp(x) * x           # read by two ops: it is a chain's output
        bias = tf.constant(1.5, tf.float32)  # broadcast: Add of a scalar stays its own kernel
        return [tf.log(shared) + shared, tf.tanh(tf.abs(x)) + bias]
    on_device, launches, plan = _run(build, STANDIN)
    on_host, _, _ = _run(build, None)
    assert sorted(op.type for op in plan.ops) == ["Add", "FusedElementwise", "FusedElementwise",
                                                 "FusedElementwise"]
    assert launches == 4
    for device_value, host_value in zip(on_device, on_host):
        np.testing.assert_allclose(device_value, host_value, rtol=1e-5)
