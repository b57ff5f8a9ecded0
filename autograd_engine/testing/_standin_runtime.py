"""The CuPy stand-in's device runtime: what it counts, the memory pool, and ``cuda``.

* :class:`Counters`: host-to-device and device-to-host transfers (calls and bytes) and kernel
  launches, process-wide. ``with counters.measure() as block:`` gives what one block did.
* :class:`MemoryPool`: CuPy's ``get_default_memory_pool()`` (``used_bytes``, ``total_bytes``,
  ``set_limit``, ``get_limit``, ``free_all_blocks``) plus ``peak_bytes``. Every device array's
  buffer is registered once, released by a weakref finalizer when its last view dies; above
  the limit an allocation raises ``cuda.memory.OutOfMemoryError``, as CuPy's pool does.
* ``cuda``: ``cuda.Device``, ``cuda.runtime.getDeviceCount`` / ``getDeviceProperties``,
  ``cuda.memory.OutOfMemoryError``, ``cuda.is_available`` -- the paths CuPy has them at.

>>> counters = Counters()
>>> with counters.measure() as block:
...     counters.launch()
...     counters.transfer("host_to_device", 800)
>>> block.kernel_launches, block.host_to_device, block.host_to_device_bytes
(1, 1, 800)
"""
import sys
import threading
import types
import weakref

import numpy as np

DEVICE_NAME = "CuPy stand-in (numpy on the CPU)"
BANNER = "autograd_engine: CuPy stand-in active (numpy on the CPU) \u2014 no GPU code ran"
_FIELDS = ("host_to_device", "host_to_device_bytes", "device_to_host", "device_to_host_bytes",
           "kernel_launches")


class Counts:
    """One set of the counted quantities (a snapshot, or the difference over a block)."""

    def __init__(self, **values):
        for field in _FIELDS:
            setattr(self, field, values.get(field, 0))

    def as_dict(self):
        return {field: getattr(self, field) for field in _FIELDS}

    def __repr__(self):
        return "Counts(%s)" % ", ".join("%s=%d" % item for item in self.as_dict().items())


class Counters(Counts):
    """Process-wide totals of transfers and kernel launches; :meth:`reset` zeroes them and
    :meth:`measure` returns a context manager whose value, after the block, holds what the
    block added (blocks may nest, and totals keep counting)."""

    def __init__(self):
        super().__init__()
        self._lock = threading.Lock()
        self._fusing = threading.local()  # depth of fused() blocks in this thread

    def launch(self, kernels=1):
        if getattr(self._fusing, "depth", 0):
            return  # inside a fused kernel: the whole kernel counts once, at its end
        with self._lock:
            self.kernel_launches += kernels

    def fused(self):
        """A context manager under which this thread's launches count as one, at its end."""
        return _Fused(self)

    def transfer(self, direction, nbytes):
        """Counts one transfer; ``direction`` is "host_to_device" or "device_to_host"."""
        with self._lock:
            setattr(self, direction, getattr(self, direction) + 1)
            setattr(self, direction + "_bytes", getattr(self, direction + "_bytes") + int(nbytes))

    def reset(self):
        with self._lock:
            for field in _FIELDS:
                setattr(self, field, 0)

    def snapshot(self):
        with self._lock:
            return Counts(**self.as_dict())

    def measure(self):
        return _Measurement(self)


class _Measurement:
    def __init__(self, counters):
        self._counters = counters
        self.counts = Counts()

    def __enter__(self):
        self._start = self._counters.snapshot()
        return self.counts

    def __exit__(self, *exc_info):
        end = self._counters.snapshot()
        for field in _FIELDS:
            setattr(self.counts, field, getattr(end, field) - getattr(self._start, field))
        return False


class _Fused:
    def __init__(self, counters):
        self._counters = counters

    def __enter__(self):
        local = self._counters._fusing
        local.depth = getattr(local, "depth", 0) + 1

    def __exit__(self, *exc_info):
        self._counters._fusing.depth -= 1
        self._counters.launch()
        return False


class OutOfMemoryError(MemoryError):
    """Raised when an allocation would exceed the pool's limit (CuPy's class and wording)."""

    def __init__(self, size, total, limit=0):
        super().__init__(
            "Out of memory allocating {:,} bytes (allocated so far: {:,} bytes, limit set to: "
            "{:,} bytes).".format(size, total, limit))
        self.size, self.total, self.limit = size, total, limit


class MemoryPool:
    """CuPy's device memory pool, as far as the engine asks it; see the module docstring."""

    def __init__(self):
        self._lock = threading.Lock()
        self._used = 0
        self._peak = 0
        self._limit = 0  # 0: no limit, as in CuPy
        self._owners = {}  # id(buffer) -> weakref (numpy arrays cannot go in a WeakSet)

    def register(self, buffer):
        """Counts ``buffer`` (a numpy array owning its memory) as allocated until it is freed;
        raises OutOfMemoryError instead when that would pass the limit."""
        key, size = id(buffer), buffer.nbytes
        with self._lock:
            known = self._owners.get(key)
            if known is not None and known() is buffer:
                return
            if self._limit and self._used + size > self._limit:
                raise OutOfMemoryError(size, self._used, self._limit)
            self._used += size
            self._peak = max(self._peak, self._used)
            self._owners[key] = weakref.ref(buffer)
        weakref.finalize(buffer, self._release, key, size)

    def _release(self, key, size):
        with self._lock:
            self._used -= size
            known = self._owners.get(key)
            if known is not None and known() is None:
                del self._owners[key]

    def used_bytes(self):
        return self._used

    def total_bytes(self):
        """The bytes held; the stand-in caches no freed blocks, so it equals used_bytes()."""
        return self._used

    def free_bytes(self):
        return 0

    def free_all_blocks(self, stream=None):
        """Nothing to free: freed arrays return their memory at once."""

    def set_limit(self, size=None, fraction=None):
        """Allocations beyond ``size`` bytes (or ``fraction`` of the stand-in device's memory)
        raise OutOfMemoryError; 0 or None lifts the limit."""
        if fraction is not None:
            size = int(fraction * TOTAL_MEMORY)
        self._limit = int(size or 0)

    def get_limit(self):
        return self._limit

    def peak_bytes(self):
        """Stand-in only: the most bytes held at once since the last :meth:`reset_peak`."""
        return self._peak

    def reset_peak(self):
        """Stand-in only: restarts :meth:`peak_bytes` from what is held now."""
        with self._lock:
            self._peak = self._used


TOTAL_MEMORY = 16 << 30  # what getDeviceProperties reports for the stand-in device


class _Banner:
    """Prints :data:`BANNER` to stderr once per process."""

    def __init__(self):
        self._shown = False
        self._lock = threading.Lock()

    def show(self):
        with self._lock:
            if self._shown:
                return
            self._shown = True
        print(BANNER, file=sys.stderr)


banner = _Banner()


class Device:
    """``cupy.cuda.Device``: the stand-in has one device, 0."""

    def __init__(self, device=None):
        device = 0 if device is None else int(device)
        if device != 0:
            raise ValueError("the CuPy stand-in has one device, 0; got %d" % device)
        self.id = device

    compute_capability = "90"

    def use(self):
        """Makes this device current (it always is)."""

    def synchronize(self):
        """Waits for the device's work: the stand-in's work is already done."""

    @property
    def mem_info(self):
        """(free, total) bytes."""
        return TOTAL_MEMORY - default_pool.used_bytes(), TOTAL_MEMORY

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def __eq__(self, other):
        return isinstance(other, Device) and other.id == self.id

    def __hash__(self):
        return hash(self.id)

    def __repr__(self):
        return "<CUDA Device %d>" % self.id


def getDeviceCount():  # noqa: N802  (CuPy's name)
    return 1


def getDeviceProperties(device):  # noqa: N802  (CuPy's name)
    Device(device)
    return {"name": DEVICE_NAME.encode(), "totalGlobalMem": TOTAL_MEMORY, "major": 9,
            "minor": 0, "multiProcessorCount": 1, "warpSize": 32}


default_pool = MemoryPool()
counters = Counters()

cuda = types.SimpleNamespace(
    Device=Device,
    is_available=lambda: True,
    runtime=types.SimpleNamespace(getDeviceCount=getDeviceCount,
                                  getDeviceProperties=getDeviceProperties),
    memory=types.SimpleNamespace(OutOfMemoryError=OutOfMemoryError, MemoryPool=MemoryPool),
)


def get_default_memory_pool():
    return default_pool


def owning_buffer(array):
    """The numpy array that owns ``array``'s memory (itself, or the end of its ``.base``
    chain)."""
    while isinstance(array.base, np.ndarray):
        array = array.base
    return array
