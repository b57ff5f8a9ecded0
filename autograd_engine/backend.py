"""The one seam between the engine and an array library.

Ops never import numpy or cupy to pick an array module: a Session hands each kernel the backend's
``xp`` when it compiles a plan. numpy is the default; CuPy is loaded only when asked for.

>>> from autograd_engine.backend import get_backend
>>> get_backend("numpy").xp.__name__
'numpy'
"""
import sys
import threading

import numpy as np


class Backend:
    """An array module plus the transfers between it and host numpy arrays."""

    def __init__(self, name, xp):
        self.name = name
        self.xp = xp

    def asarray(self, value, dtype=None):
        """Host value (array, list, scalar) -> this backend's array, without a copy when the
        value already has the right type and dtype."""
        return self.xp.asarray(value, dtype=dtype)

    def to_numpy(self, array):
        """This backend's array -> a host numpy array (or numpy scalar for 0-d values)."""
        return array

    def random_generator(self, seeds):
        """A generator for one random op; ``seeds`` is the op's (graph seed, op seed) pair, or
        None for fresh entropy."""
        return self.xp.random.default_rng(seeds)

    def is_native(self, value):
        return isinstance(value, self.xp.ndarray)

    def buffer_pool(self):
        """A fresh :class:`BufferPool` for one Session's kernels."""
        return BufferPool(self.xp)

    def thread_limit(self, threads):
        """A :class:`ThreadLimit` holding the array library's BLAS to ``threads`` threads."""
        return ThreadLimit(threads)

    def __repr__(self):
        return "<Backend %s>" % self.name


class BufferPool:
    """Large arrays that kernels reuse from one run to the next.

    glibc hands out every allocation above 32 MiB as fresh pages from the kernel, which cost a
    page fault each when first written: 5 ms of a 9 ms im2col copy into a new 40 MiB matrix.
    :meth:`empty` returns a kept array of the same shape and dtype when nothing references it
    any more (its reference count says so, views included), else a new one, which it keeps
    (up to ``per_shape`` of each shape). Smaller requests go straight to the array module,
    whose allocator already reuses memory.
    """
    MIN_BYTES = 1 << 24
    per_shape = 2

    def __init__(self, xp):
        self.xp = xp
        self._kept = {}
        self._lock = threading.Lock()

    def empty(self, shape, dtype):
        """An uninitialized array; its contents are whatever the last user left."""
        dtype = np.dtype(dtype)
        if int(np.prod(shape)) * dtype.itemsize < self.MIN_BYTES:
            return self.xp.empty(shape, dtype)
        key = (tuple(shape), dtype)
        with self._lock:
            kept = self._kept.setdefault(key, [])
            for array in kept:
                # Referenced only by the list, this loop and getrefcount's argument: unused.
                if sys.getrefcount(array) == 3:
                    return array
            array = self.xp.empty(shape, dtype)
            if len(kept) < self.per_shape:
                kept.append(array)
            return array


class ThreadLimit:
    """Holds numpy's BLAS to a number of threads while a Session runs: TF1's
    ``ConfigProto(intra_op_parallelism_threads=N)``. Numbers measured on 2 cores: one thread
    makes a step of 256-wide dense layers at batch 20 1.7x faster (its products are too small to
    split), and the two-conv CNN 1.3x slower; the default (N = 0) leaves BLAS alone.

    ``apply()`` returns the previous counts for ``restore()``; the count is process-wide, so
    runs in other threads see it too while a run is in progress.
    """

    def __init__(self, threads):
        from threadpoolctl import ThreadpoolController
        self.threads = threads
        self._libraries = ThreadpoolController().select(user_api="blas").lib_controllers

    def apply(self):
        previous = [library.get_num_threads() for library in self._libraries]
        for library in self._libraries:
            library.set_num_threads(self.threads)
        return previous

    def restore(self, previous):
        for library, threads in zip(self._libraries, previous):
            library.set_num_threads(threads)


class _NoPool:
    """CuPy's own memory pool already reuses device memory."""

    def __init__(self, xp):
        self.xp = xp

    def empty(self, shape, dtype):
        return self.xp.empty(shape, dtype)


class _CupyBackend(Backend):
    def to_numpy(self, array):
        return self.xp.asnumpy(array) if isinstance(array, self.xp.ndarray) else array

    def buffer_pool(self):
        return _NoPool(self.xp)

    def thread_limit(self, threads):
        return None  # the GPU's kernels do not use host BLAS threads


_BACKENDS = {"numpy": Backend("numpy", np)}


def get_backend(name="numpy"):
    """The backend called ``name`` ("numpy" or "cupy"); CuPy is imported on first use."""
    if name not in _BACKENDS:
        if name != "cupy":
            raise ValueError("Unknown backend %r: choose 'numpy' or 'cupy'." % (name,))
        try:
            import cupy
        except ImportError:
            raise ImportError(
                "The 'cupy' backend needs CuPy and an NVIDIA GPU: pip install "
                "'autograd_engine[gpu]' (CUDA 12) or 'autograd_engine[cuda13]'.") from None
        _BACKENDS[name] = _CupyBackend("cupy", cupy)
    return _BACKENDS[name]


def default_backend():
    return _BACKENDS["numpy"]


def device_backend():
    """The device Backend ops are placed on by default (TF1's ``/gpu:0``), or None when this
    process has none: then every op runs on the host with numpy."""
    return None
