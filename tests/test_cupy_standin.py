"""The CuPy stand-in stays honest: as strict as CuPy, counting what it claims, and offering
nothing real CuPy lacks (checked against CuPy itself wherever CuPy imports)."""
import inspect
import math
import re
import subprocess
import sys

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine import backend
from autograd_engine.testing import cupy_standin as cp
from autograd_engine.testing._standin_array import IMPLICIT_CONVERSION
from autograd_engine.testing._standin_runtime import BANNER

STANDIN = cp.device_backend()


@pytest.fixture
def pool():
    pool = cp.get_default_memory_pool()
    yield pool
    pool.set_limit(size=0)


# ------------------------------------------------------------------ strictness
def test_implicit_conversion_to_numpy_raises_like_cupy():
    x = cp.arange(3.0)
    for convert in (np.asarray, np.array, lambda d: d.__array__()):
        with pytest.raises(TypeError, match=re.escape(IMPLICIT_CONVERSION)):
            convert(x)
    assert not isinstance(x, np.ndarray)


@pytest.mark.parametrize("mix", [
    lambda d, h: d + h, lambda d, h: h + d, lambda d, h: d * h, lambda d, h: h < d,
    lambda d, h: cp.add(d, h), lambda d, h: cp.where(d > 0, d, h), lambda d, h: cp.maximum(h, d),
    lambda d, h: cp.concatenate([d, h]), lambda d, h: np.add(h, d), lambda d, h: np.add(d, h),
    lambda d, h: d.__iadd__(h), lambda d, h: d[h.astype(int)], lambda d, h: cp.matmul(d, h),
    lambda d, h: d.__setitem__(0, h[:1]), lambda d, h: cp.linalg.solve(cp.eye(3), h),
])
def test_mixing_host_and_device_arrays_raises(mix):
    with pytest.raises(TypeError):
        mix(cp.arange(3.0), np.arange(3.0))


def test_scalars_mix_freely_and_numpy_dispatches_device_only_calls():
    x = cp.arange(3.0)
    for value in (x + 1, 2.0 * x, x * np.float32(2), x ** 2, -x, abs(x), x / np.int64(1)):
        assert isinstance(value, cp.ndarray)
    total = np.sum(x)  # numpy hands device-only calls to the stand-in, as it does to CuPy
    assert isinstance(total, cp.ndarray) and float(total) == 3.0
    assert isinstance(np.exp(x), cp.ndarray)
    with pytest.raises(TypeError):  # no stand-in for it: numpy's own TypeError
        np.polyfit(x, x, 1)


def test_ufuncs_refuse_lists_and_numpy_only_keywords():
    with pytest.raises(TypeError, match="Unsupported type <class 'list'>"):
        cp.add(cp.arange(2.0), [1.0, 2.0])
    with pytest.raises(TypeError):
        cp.sum(cp.arange(2.0), initial=1.0)  # numpy's keyword; CuPy's sum has none
    with pytest.raises(TypeError):
        cp.add(cp.arange(2.0), 1.0, where=True)


def test_ndarray_api_the_engine_uses():
    x = cp.arange(12, dtype=np.float32).reshape(3, 4)
    assert (x.shape, x.dtype, x.ndim, x.size, x.itemsize, x.nbytes) == \
        ((3, 4), np.float32, 2, 12, 4, 48)
    assert x.strides == (16, 4) and x.T.shape == (4, 3) and x.flags.c_contiguous
    np.testing.assert_array_equal(x[1:, ::2].get(), np.arange(12.0).reshape(3, 4)[1:, ::2])
    assert x[None, ..., 1].shape == (1, 3) and x[0, 1].shape == ()
    x[cp.asarray(np.array([0, 2]))] = 0.0
    y = x.astype(np.float64).copy()
    y += 1
    y.fill(2.0)
    assert y.sum().item() == 24.0 and y.dtype == np.float64
    assert x.max().item() == 7.0 and int(x.argmax()) == 7 and x.mean().shape == ()
    assert x.ravel().tolist()[:5] == [0.0, 0.0, 0.0, 0.0, 4.0]
    assert x.view(np.int32).dtype == np.int32 and len(x) == 3 and bool(x.any())
    assert isinstance(cp.linalg.inv(cp.eye(2)), cp.ndarray)
    assert cp.get_array_module(x) is cp and cp.get_array_module(np.ones(1)) is np


# ------------------------------------------------------------------ counters
def test_counters_count_transfers_and_launches():
    with cp.counters.measure() as block:
        x = cp.asarray(np.ones((4, 5), np.float32))   # 1 transfer, 80 bytes
        same = cp.asarray(x)                            # already there: nothing
        y = x * 2 + x                                   # 2 elementwise kernels
        z = y.reshape(5, 4).T[1:]                       # views: no kernel
        s = z.sum(axis=0)                               # 1 reduction
        m = cp.matmul(x, x.T)                           # 1 GEMM
        host = cp.asnumpy(s)                            # 1 transfer back
        float(m[0, 0])                                  # and another, 4 bytes
    assert same is x and host.shape == (5,)
    assert (block.host_to_device, block.host_to_device_bytes) == (1, 80)
    assert (block.device_to_host, block.device_to_host_bytes) == (2, 20 + 4)
    assert block.kernel_launches == 4


def test_counters_reset_and_measure_nest():
    x = cp.zeros(3)
    cp.counters.reset()
    with cp.counters.measure() as outer:
        x + 1
        with cp.counters.measure() as inner:
            x * 2
    assert (outer.kernel_launches, inner.kernel_launches) == (2, 1)
    assert cp.counters.kernel_launches == 2
    cp.counters.reset()
    assert cp.counters.snapshot().as_dict() == dict.fromkeys(cp.counters.as_dict(), 0)


def test_fused_function_counts_one_launch():
    @cp.fuse(kernel_name="squared_diff")
    def squared_diff(x, y):
        return (x - y) * (x - y) + cp.exp(x)

    x, y = cp.arange(4.0), cp.ones(4)
    with cp.counters.measure() as block:
        out = squared_diff(x, y)
    assert block.kernel_launches == 1 and squared_diff.__name__ == "squared_diff"
    np.testing.assert_allclose(out.get(), (np.arange(4.0) - 1) ** 2 + np.exp(np.arange(4.0)))


# ------------------------------------------------------------------ memory pool
def test_pool_tracks_live_buffers_and_peak(pool):
    base = pool.used_bytes()
    pool.reset_peak()
    x = cp.zeros(1000, np.float64)
    view = x[10:]
    assert pool.used_bytes() - base == 8000 == pool.total_bytes() - base
    del x
    assert pool.used_bytes() - base == 8000  # the view keeps the buffer alive
    del view
    assert pool.used_bytes() == base and pool.peak_bytes() - base == 8000


def test_pool_limit_raises_cupys_out_of_memory_error(pool):
    pool.set_limit(size=pool.used_bytes() + 4096)
    small = cp.empty(256, np.float64)  # 2 KiB fits
    with pytest.raises(cp.cuda.memory.OutOfMemoryError,
                       match="Out of memory allocating 4,096 bytes") as info:
        cp.ones(512, np.float64)
    assert isinstance(info.value, MemoryError) and pool.get_limit() > 0
    del small
    assert STANDIN.memory_stats()["current_bytes"] == pool.used_bytes()


def test_cuda_namespace():
    assert cp.cuda.runtime.getDeviceCount() == 1 and cp.cuda.is_available()
    properties = cp.cuda.runtime.getDeviceProperties(0)
    assert properties["totalGlobalMem"] > 0 and b"stand-in" in properties["name"]
    with cp.cuda.Device(0) as device:
        assert device.id == 0 and cp.arange(2).device == device
    with pytest.raises(ValueError):
        cp.cuda.Device(1)


# ------------------------------------------------------------------ random, special, kernels
def test_random_generator_is_seeded_and_reproducible():
    a = cp.random.default_rng([3, 4]).standard_normal((2, 3), dtype=np.float32)
    b = cp.random.default_rng([3, 4]).standard_normal((2, 3), dtype=np.float32)
    c = cp.random.default_rng(5).standard_normal((2, 3), dtype=np.float32)
    assert isinstance(a, cp.ndarray) and a.dtype == np.float32
    assert bool((a == b).all()) and not bool((a == c).all())
    rng = STANDIN.random_generator([1, 2])
    assert rng.integers(0, 10, size=5).dtype == np.int64
    assert 0.0 <= float(rng.uniform(size=3).min()) and not hasattr(rng, "permutation")


def test_special_functions_match_the_math_module():
    x = cp.asarray(np.array([0.5, 1.0, 2.5], np.float32))
    special = STANDIN.cupyx.scipy.special
    for name, scalar in (("erf", math.erf), ("erfc", math.erfc), ("gammaln", math.lgamma)):
        got = getattr(special, name)(x)
        assert got.dtype == np.float32
        np.testing.assert_allclose(got.get(), [scalar(v) for v in (0.5, 1.0, 2.5)], rtol=1e-6)
    np.testing.assert_allclose(special.digamma(cp.asarray(np.array([1.0]))).get(),
                               [-0.5772156649015329], rtol=1e-12)
    trigamma_at_1 = special.polygamma(cp.asarray(np.array([1, 0])), cp.ones(2))
    np.testing.assert_allclose(trigamma_at_1.get(), [math.pi ** 2 / 6, -0.5772156649015329],
                               rtol=1e-12)


def test_elementwise_kernel_runs_its_registered_numpy_reference():
    kernel = cp.ElementwiseKernel("T x, T y", "T z", "z = (x - y) * (x - y)", "standin_sqdiff")
    x = cp.asarray(np.arange(6, dtype=np.float32).reshape(2, 3))
    with pytest.raises(RuntimeError, match="register_numpy_reference"):
        kernel(x, 1.0)
    cp.register_numpy_reference("standin_sqdiff", lambda x, y: (x - y) * (x - y))
    ones = cp.ones(3, np.float32)
    with cp.counters.measure() as block:
        z = kernel(x, ones)
    assert block.kernel_launches == 1 and z.dtype == np.float32 and z.shape == (2, 3)
    np.testing.assert_array_equal(z.get(), (np.arange(6.0).reshape(2, 3) - 1) ** 2)
    out = cp.zeros((2, 3), np.float32)
    assert kernel(x, 0.0, out) is out and out.get()[1, 2] == 25.0


# ------------------------------------------------------------------ the engine's device backend
def test_device_backend_interface():
    assert STANDIN.name == "cupy-stand-in" and STANDIN.xp is cp
    assert STANDIN.thread_limit(2) is None
    host = np.arange(4.0)
    with cp.counters.measure() as block:
        device = STANDIN.to_device(host)
        back = STANDIN.to_numpy(device)
    assert STANDIN.is_native(device) and not STANDIN.is_native(host)
    assert (block.host_to_device, block.device_to_host) == (1, 1) and back is not host
    assert STANDIN.buffer_pool().empty((2, 2), np.float32).shape == (2, 2)
    assert set(STANDIN.memory_stats()) == {"current_bytes", "peak_bytes"}


def test_using_device_overrides_and_nests():
    with backend.using_device(STANDIN):
        assert backend.device_backend() is STANDIN
        assert tf.test.is_gpu_available() and tf.test.gpu_device_name() == "/device:GPU:0"
        with backend.using_device(None):
            assert backend.device_backend() is None and not tf.test.is_gpu_available()
        assert backend.device_backend() is STANDIN
    with pytest.raises(TypeError):
        with backend.using_device(backend.get_backend("numpy")):
            pass


def _run_child(code, device):
    env = {"AUTOGRAD_ENGINE_DEVICE": device, "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=str(__import__("pathlib").Path(__file__).parent.parent))


def test_environment_selects_the_standin_and_the_banner_prints_once():
    code = ("import autograd_engine as tf\n"
            "print(tf.test.is_gpu_available(), tf.test.gpu_device_name())\n"
            "print([d.device_type for d in tf.Session().list_devices()])\n"
            "print(tf.test.is_gpu_available())\n")
    child = _run_child(code, "stand-in")
    assert child.returncode == 0, child.stderr
    assert child.stdout.split("\n")[:2] == ["True /device:GPU:0", "['CPU', 'GPU']"]
    assert child.stderr.count(BANNER) == 1
    bad = _run_child(code, "standin")
    assert bad.returncode != 0 and "choose one of stand-in, cupy, none" in bad.stderr


@pytest.mark.parametrize("device", [None, STANDIN], ids=["numpy", "stand-in"])
def test_sessions_list_the_gpu_only_with_a_device(device):
    with backend.using_device(device):
        with tf.Session() as sess:
            types = [d.device_type for d in sess.list_devices()]
        with tf.Session(config=tf.ConfigProto(device_count={"GPU": 0})) as sess:
            assert [d.device_type for d in sess.list_devices()] == ["CPU"]
    assert types == (["CPU"] if device is None else ["CPU", "GPU"])


# ------------------------------------------------------------------ against real CuPy
def _real(module, dotted):
    value = module
    for part in dotted.split("."):
        value = getattr(value, part)
    return value


def _parameters(callable_):
    try:
        signature = inspect.signature(callable_)
    except (TypeError, ValueError):
        return None
    return [(p.name, p.kind) for p in signature.parameters.values() if p.name != "self"]


def test_the_standin_offers_nothing_real_cupy_lacks():
    cupy = pytest.importorskip("cupy")
    import cupyx.scipy.special
    for module, standin, names in ((cupy, cp, cp.CUPY_NAMES),
                                   (cupyx, cp.cupyx, cp.CUPYX_NAMES)):
        for name in names:
            try:
                real = _real(module, name)
            except AttributeError:
                pytest.fail("the stand-in offers %s, which real CuPy lacks" % name)
            mine = _real(standin, name)
            expected = _parameters(real)
            if expected is not None and not isinstance(real, type):  # functions, not classes
                assert _parameters(mine) == expected, name
    for method in ("random", "standard_normal", "uniform", "integers", "standard_gamma"):
        assert _parameters(getattr(cp.random.Generator, method)) == \
            _parameters(getattr(cupy.random.Generator, method)), method
    for method in ("used_bytes", "total_bytes", "set_limit", "get_limit", "free_all_blocks"):
        assert hasattr(cupy.cuda.MemoryPool, method)
    assert issubclass(cupy.cuda.memory.OutOfMemoryError, MemoryError)


# ------------------------------------------------------------------ one definition, two kernels
SOFTPLUS = backend.ElementwiseDefinition("test_softplus", ["x"],
                                         "log1p(exp(-abs(x))) + max(x, 0)")
CLIPPED_RATIO = backend.ElementwiseDefinition("test_clipped_ratio", ["a", "b"],
                                              "a / b if b > 0.5 else a ** 2 - 1")


@pytest.mark.parametrize("definition, reference", [
    (SOFTPLUS, lambda x: np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0)),
    (CLIPPED_RATIO, lambda a, b: np.where(b > 0.5, a / np.where(b > 0.5, b, 1), a ** 2 - 1)),
])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_definition_runs_the_same_on_numpy_and_on_the_standin(definition, reference, dtype):
    rng = np.random.default_rng(0)
    inputs = [rng.standard_normal((3, 4)).astype(dtype) for _ in definition.inputs]
    expected = reference(*inputs)
    on_host = definition.kernel(backend.get_backend("numpy"))(*inputs)
    kernel = definition.kernel(STANDIN)
    device_inputs = [STANDIN.to_device(a) for a in inputs]
    with cp.counters.measure() as block:
        on_device = kernel(*device_inputs)
    assert isinstance(kernel, cp.ElementwiseKernel) and block.kernel_launches == 1
    assert kernel.operation == definition.cuda_operation()
    assert on_host.dtype == on_device.dtype == dtype
    np.testing.assert_allclose(on_host, expected, rtol=1e-6)
    np.testing.assert_array_equal(STANDIN.to_numpy(on_device), on_host)


def test_definitions_write_cuda_and_refuse_what_c_and_numpy_do_not_share():
    assert CLIPPED_RATIO.cuda_operation() == "y = ((b > 0.5) ? (a / b) : (pow(a, 2) - 1))"
    for expression in ("np.exp(x)", "x[0]", "x and y", "sum(x)", "unknown + x", "True * x",
                       "0 < x < 1", "max(x, key=1)"):
        with pytest.raises(ValueError, match="not in the subset C and numpy share"):
            backend.ElementwiseDefinition("bad", ["x", "y"], expression)


DECAY = backend.ElementwiseDefinition(
    "test_decay", ["g", "rate"], [("d", "rate * g"), ("s", "s + d"), ("w", "w - d * s")],
    in_place=["w", "s"])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_an_in_place_definition_updates_its_arrays_in_one_launch_on_both_sides(dtype):
    rng = np.random.default_rng(1)
    g, w, s = (rng.standard_normal((2, 3)).astype(dtype) for _ in range(3))
    d = np.asarray(0.5, dtype) * g
    expected_s, expected_w = s + d, w - d * (s + d)
    host_w, host_s = w.copy(), s.copy()
    DECAY.kernel(backend.get_backend("numpy"))(g, np.asarray(0.5, dtype), host_w, host_s)
    device_w, device_s = STANDIN.to_device(w), STANDIN.to_device(s)
    kernel = DECAY.kernel(STANDIN)
    with cp.counters.measure() as block:
        kernel(STANDIN.to_device(g), STANDIN.to_device(np.asarray(0.5, dtype)), device_w,
               device_s)
    assert block.kernel_launches == 1 and (kernel.nin, kernel.nout) == (2, 2)
    for host, device, expected in ((host_w, device_w, expected_w), (host_s, device_s,
                                                                     expected_s)):
        np.testing.assert_allclose(host, expected, rtol=1e-6)
        np.testing.assert_array_equal(STANDIN.to_numpy(device), host)
    with pytest.raises(TypeError, match="reads its outputs"):
        kernel(STANDIN.to_device(g), 0.5)  # CuPy would write into fresh, unread outputs


def test_in_place_definitions_are_valid_cupy_kernels_and_refuse_shadowing_locals():
    cupy = pytest.importorskip("cupy")
    kernel = cupy.ElementwiseKernel("T g, T rate", "T w, T s", DECAY.cuda_operation(), DECAY.name)
    assert (kernel.nin, kernel.nout) == (2, 2)
    with pytest.raises(ValueError, match="shadows"):
        backend.ElementwiseDefinition("bad", ["x"], [("x", "x + 1"), ("y", "x")], in_place=["y"])
    with pytest.raises(ValueError, match="not in the subset"):  # a local read before it is set
        backend.ElementwiseDefinition("bad", ["x"], [("y", "t + x"), ("t", "x")], in_place=["y"])
