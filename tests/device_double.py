"""A minimal device double for tests/test_device_path.py until the CuPy stand-in
(autograd_engine.testing.cupy_standin) is available: numpy arrays of a subclass stand for device
arrays, ``to_device``/``to_numpy`` count transfers, every array module call counts as a kernel
launch, and results above ``limit`` bytes raise an OutOfMemoryError as CuPy's pool does."""
import numpy as np

from autograd_engine import backend as backend_lib


class DeviceArray(np.ndarray):
    launches = 0  # ufunc calls on device arrays (numpy's functions are counted by _Module)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        DeviceArray.launches += 1
        plain = [x.view(np.ndarray) if isinstance(x, DeviceArray) else x for x in inputs]
        if "out" in kwargs:
            kwargs["out"] = tuple(x.view(np.ndarray) if isinstance(x, DeviceArray) else x
                                  for x in kwargs["out"])
        return _wrap(getattr(ufunc, method)(*plain, **kwargs))


def _wrap(value):
    if type(value) is np.ndarray:
        return value.view(DeviceArray)
    if isinstance(value, np.generic):  # a device computes 0-d arrays, never host scalars
        return np.asarray(value).view(DeviceArray)
    if isinstance(value, tuple):
        return tuple(_wrap(v) for v in value)
    return value


class OutOfMemoryError(MemoryError):
    """CuPy's cupy.cuda.memory.OutOfMemoryError (a MemoryError too)."""

    def __init__(self, size):
        super().__init__("Out of memory allocating %s bytes (allocated so far: 0 bytes)."
                         % format(size, ","))


class _Module:
    """numpy, whose functions return device arrays."""

    def __init__(self, module, device):
        self._module, self._device = module, device

    def __getattr__(self, name):
        attr = getattr(self._module, name)
        if name == "ndarray":
            return DeviceArray
        if type(attr).__name__ == "module":
            return _Module(attr, self._device)
        if isinstance(attr, (type, np.ufunc)) or not callable(attr):
            return attr
        device = self._device

        def call(*args, **kwargs):
            DeviceArray.launches += 1
            result = attr(*args, **kwargs)
            size = getattr(result, "nbytes", 0)
            if device.limit is not None and size > device.limit:
                raise OutOfMemoryError(size)
            return _wrap(result)
        return call


class FakeDevice(backend_lib.Backend):
    def __init__(self):
        super().__init__("fake-device", _Module(np, self))
        self.h2d = self.d2h = 0
        self.limit = None

    def is_native(self, value):
        return isinstance(value, DeviceArray)

    def to_device(self, host, dtype=None):
        assert not isinstance(host, DeviceArray)
        self.h2d += 1
        return np.array(host, dtype=dtype).view(DeviceArray)

    def to_numpy(self, array):
        if isinstance(array, DeviceArray):
            self.d2h += 1
            return np.array(array).view(np.ndarray)
        return array

    def random_generator(self, seeds):
        return np.random.default_rng(seeds)

    def thread_limit(self, threads):
        return None

    def memory_stats(self):
        return {"current_bytes": 0, "peak_bytes": 0}

    @property
    def launches(self):
        return DeviceArray.launches

    def counts(self):
        return self.h2d, self.d2h
