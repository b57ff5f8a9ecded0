"""The one seam between the engine and an array library.

Ops never import numpy or cupy to pick an array module: a Session hands each kernel the backend's
``xp`` when it compiles a plan. numpy is the default; CuPy is loaded only when asked for.

>>> from autograd_engine.backend import get_backend
>>> get_backend("numpy").xp.__name__
'numpy'

**The device backend.** :func:`device_backend` is the one place that decides whether there is a
GPU to place ops on, and which array module drives it:

* ``AUTOGRAD_ENGINE_DEVICE=stand-in``: the CuPy stand-in of :mod:`autograd_engine.testing`
  (numpy on the CPU, as strict as CuPy about host/device mixing; it counts transfers and
  kernel launches), so the device path is tested without a GPU;
* ``AUTOGRAD_ENGINE_DEVICE=none``: no device, even where CuPy and a GPU are present;
* ``AUTOGRAD_ENGINE_DEVICE=cupy``: real CuPy, an error when it cannot run;
* unset: real CuPy when it imports and sees a GPU, else no device.

Tests choose in-process with :func:`using_device`, so one pytest process can run a test on
``[None, standin]``. Whoever places ops on the device works with the :class:`DeviceBackend` it
returns and never imports cupy: ``backend.xp`` for the kernels, ``to_device`` / ``to_numpy``
at the transfers the plan inserts, ``memory_stats()`` for what the device holds:

>>> from autograd_engine import backend
>>> from autograd_engine.testing import cupy_standin
>>> standin = cupy_standin.device_backend()
>>> with backend.using_device(standin):
...     device = backend.device_backend()
...     x = device.to_device(np.arange(3.0))          # counted host->device transfer
...     device.is_native(x), device.to_numpy(device.xp.exp(x) * 0).tolist()
(True, [0.0, 0.0, 0.0])
>>> with backend.using_device(None):  # tests can hold the device off, whatever the machine has
...     backend.device_backend() is None
True
"""
import ast
import collections
import contextlib
import os
import sys
import threading

import numpy as np

from . import blas_threads
from .framework.runtime_config import settings as runtime_settings


class Backend:
    """An array module plus the transfers between it and host numpy arrays."""

    def __init__(self, name, xp):
        self.name = name
        self.xp = xp

    def asarray(self, value, dtype=None):
        """Host value (array, list, scalar) -> this backend's array, without a copy when the
        value already has the right type and dtype."""
        return self.xp.asarray(value, dtype=dtype)

    def to_device(self, host_array, dtype=None):
        """A host value -> this backend's array: the one call a plan makes for a host-to-device
        transfer (on numpy it is :meth:`asarray`)."""
        return self.asarray(host_array, dtype=dtype)

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
        """The :class:`~autograd_engine.blas_threads.ThreadRule` giving each BLAS product of
        this library its thread count, at most ``threads`` (0: the process's
        ``tf.config.threading`` bound, else the count BLAS had)."""
        return blas_threads.ThreadRule(threads or runtime_settings.intra_op_threads
                                       or blas_threads.controller().default)

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

    The pool keeps at most ``max_bytes`` in all (256 MiB): shapes are kept in order of last
    use and the least recently used are dropped first, so a model run at many batch sizes
    does not keep buffers for every one of them. :meth:`clear` drops everything
    (``Session.close()`` calls it).

    >>> pool = BufferPool(np)
    >>> pool.empty((1 << 23,), np.float32).nbytes == 1 << 25 and pool.kept_bytes == 1 << 25
    True
    >>> pool.clear(); pool.kept_bytes
    0
    """
    MIN_BYTES = 1 << 24
    per_shape = 2
    max_bytes = 256 << 20

    def __init__(self, xp):
        self.xp = xp
        self._kept = collections.OrderedDict()  # (shape, dtype) -> [arrays], oldest use first
        self._lock = threading.Lock()
        self.kept_bytes = 0

    def empty(self, shape, dtype, min_bytes=None):
        """An uninitialized array; its contents are whatever the last user left. ``min_bytes``
        lowers the size from which arrays are kept, for a kernel that allocates the same few
        arrays of megabytes on every run (glibc's malloc hands those back to the system when
        they are freed, so each run pays page faults on fresh memory)."""
        dtype = np.dtype(dtype)
        nbytes = int(np.prod(shape)) * dtype.itemsize
        if nbytes < (self.MIN_BYTES if min_bytes is None else min_bytes):
            return self.xp.empty(shape, dtype)
        key = (tuple(shape), dtype)
        with self._lock:
            kept = self._kept.get(key)
            if kept is None:
                kept = self._kept[key] = []
            self._kept.move_to_end(key)
            for array in kept:
                # Referenced only by the list, this loop and getrefcount's argument: unused.
                if sys.getrefcount(array) == 3:
                    return array
            array = self.xp.empty(shape, dtype)
            if len(kept) < self.per_shape and nbytes <= self.max_bytes:
                kept.append(array)
                self.kept_bytes += nbytes
                self._evict_beyond_bound()
            return array

    def _evict_beyond_bound(self):
        """Drops the least recently used shapes' arrays until the pool is within bound (an
        array still in use is freed by its last user)."""
        while self.kept_bytes > self.max_bytes:
            key, arrays = next(iter(self._kept.items()))
            del self._kept[key]
            self.kept_bytes -= sum(a.nbytes for a in arrays)

    def clear(self):
        """Drops every kept array."""
        with self._lock:
            self._kept.clear()
            self.kept_bytes = 0


class _NoPool:
    """CuPy's own memory pool already reuses device memory."""

    def __init__(self, xp):
        self.xp = xp

    def empty(self, shape, dtype, min_bytes=None):
        return self.xp.empty(shape, dtype)

    def clear(self):
        pass


class DeviceBackend(Backend):
    """A backend with CuPy's API: real CuPy (``name`` "cupy") or the CuPy stand-in
    ("cupy-stand-in"). Its arrays live on the device; host numpy arrays cross only through
    :meth:`to_device` and :meth:`to_numpy`, which CuPy (and the stand-in) count as transfers.
    ``cupyx`` is the matching ``cupyx`` module (``device.cupyx.scipy.special.erf``).
    """

    def __init__(self, name, xp, cupyx=None):
        super().__init__(name, xp)
        self._cupyx = cupyx

    @property
    def cupyx(self):
        if self._cupyx is None:  # real CuPy's, imported on first use: it takes a while
            import cupyx.scipy.special
            self._cupyx = cupyx
        return self._cupyx

    def asarray(self, value, dtype=None):
        return self.xp.asarray(value, dtype=dtype)  # no transfer when already on the device

    def to_numpy(self, array):
        """A device array -> a host numpy array (a device-to-host transfer); host values pass
        through unchanged."""
        return self.xp.asnumpy(array) if isinstance(array, self.xp.ndarray) else array

    def buffer_pool(self):
        return _NoPool(self.xp)

    def thread_limit(self, threads):
        return None  # the GPU's kernels do not use host BLAS threads

    def memory_stats(self):
        """``{"current_bytes": ..., "peak_bytes": ...}`` of device memory held by arrays. CuPy's
        pool keeps freed blocks for reuse until ``free_all_blocks()``, so its ``total_bytes()``
        is the high-water mark of what arrays needed; the stand-in tracks its peak exactly."""
        pool = self.xp.get_default_memory_pool()
        peak = getattr(pool, "peak_bytes", pool.total_bytes)
        return {"current_bytes": pool.used_bytes(), "peak_bytes": peak()}



_BACKENDS = {"numpy": Backend("numpy", np)}


def _import_cupy():
    try:
        import cupy
    except ImportError:
        raise ImportError(
            "The 'cupy' backend needs CuPy and an NVIDIA GPU: pip install "
            "'autograd_engine[gpu]' (CUDA 12) or 'autograd_engine[cuda13]'.") from None
    return cupy


def get_backend(name="numpy"):
    """The backend called ``name`` ("numpy" or "cupy"); CuPy is imported on first use."""
    if name not in _BACKENDS:
        if name != "cupy":
            raise ValueError("Unknown backend %r: choose 'numpy' or 'cupy'." % (name,))
        _BACKENDS[name] = DeviceBackend("cupy", _import_cupy())
    return _BACKENDS[name]


def default_backend():
    return _BACKENDS["numpy"]


# ====================================================================== the device backend
DEVICE_VARIABLE = "AUTOGRAD_ENGINE_DEVICE"
_DEVICE_CHOICES = ("stand-in", "cupy", "none")
_NO_OVERRIDE = object()
_device_lock = threading.Lock()
_device_override = [_NO_OVERRIDE]  # a stack: using_device() blocks nest
_standin_factory = []  # registered by autograd_engine.testing, which lives above this layer
_detected_cupy = []  # [DeviceBackend or None] once real CuPy has been probed


def register_standin(factory):
    """Makes ``factory()`` (returning the stand-in's :class:`DeviceBackend`) what
    ``AUTOGRAD_ENGINE_DEVICE=stand-in`` selects. :mod:`autograd_engine.testing` calls it on
    import; this module cannot import the stand-in, which lives in a higher layer."""
    _standin_factory[:] = [factory]


def _probe_cupy():
    """Real CuPy's backend when CuPy imports and the driver reports a GPU, else None; probed
    once per process (importing CuPy takes a while)."""
    if not _detected_cupy:
        try:
            cupy = _import_cupy()
            present = cupy.cuda.runtime.getDeviceCount() > 0
        except Exception:  # no CuPy, no driver, or a driver too old: CuPy raises its own errors
            present = False
        _detected_cupy.append(get_backend("cupy") if present else None)
    return _detected_cupy[0]


def device_backend():
    """The :class:`DeviceBackend` ops may be placed on, or None when there is no device: the
    innermost :func:`using_device` block's choice, else ``AUTOGRAD_ENGINE_DEVICE``'s (see the
    module docstring), else real CuPy when a GPU is present."""
    override = _device_override[-1]
    if override is not _NO_OVERRIDE:
        return override
    choice = os.environ.get(DEVICE_VARIABLE, "")
    if choice == "stand-in":
        if not _standin_factory:
            raise RuntimeError("%s=stand-in, but autograd_engine.testing, which provides the "
                               "stand-in, has not been imported" % DEVICE_VARIABLE)
        return _standin_factory[0]()
    if choice == "none":
        return None
    if choice == "cupy":
        detected = _probe_cupy()
        if detected is None:
            raise RuntimeError("%s=cupy, but CuPy finds no GPU (or does not import)"
                               % DEVICE_VARIABLE)
        return detected
    if choice:
        raise ValueError("%s=%r: choose one of %s, or leave it unset"
                         % (DEVICE_VARIABLE, choice, ", ".join(_DEVICE_CHOICES)))
    return _probe_cupy()


@contextlib.contextmanager
def using_device(backend):
    """Within the block, :func:`device_backend` returns ``backend`` (a :class:`DeviceBackend`,
    or None for "no device"), in every thread: for tests that run one body on several devices.
    Sessions made inside the block see the device; blocks nest (one thread's blocks: the
    choice is process-wide, so blocks opened from several threads at once would interleave)."""
    if backend is not None and not isinstance(backend, DeviceBackend):
        raise TypeError("using_device takes a DeviceBackend or None, not %r" % (backend,))
    with _device_lock:
        _device_override.append(backend)
    try:
        yield backend
    finally:
        with _device_lock:
            _device_override.pop()


# ====================================================================== elementwise kernels
class ElementwiseDefinition:
    """One elementwise kernel written once, run as a CUDA ``ElementwiseKernel`` on a device
    backend and as numpy calls on the host, so the two cannot drift apart.

    ``expression`` is a Python expression over the ``inputs`` names in the subset that C reads
    the same way: numbers, ``+ - * / **``, comparisons, ``a if condition else b`` and the
    functions of :data:`ElementwiseDefinition.FUNCTIONS`. All inputs and the output share one
    dtype (CuPy's type placeholder ``T``).

    >>> softplus = ElementwiseDefinition("softplus", ["x"], "log1p(exp(-abs(x))) + max(x, 0)")
    >>> softplus.cuda_operation()
    'y = (log1p(exp((-fabs(x)))) + max(x, 0))'
    >>> softplus.kernel(get_backend("numpy"))(np.array([-1.0, 2.0])).round(4).tolist()
    [0.3133, 2.1269]

    ``expression`` may also be ordered ``(target, expression)`` steps: the last target is the
    output, the others are local values of the element. An in-place kernel (one launch that
    updates several arrays, as an optimizer step does) names the arrays it reads and writes in
    ``in_place``; the steps' other targets are locals. Its kernel takes the inputs, then the
    in-place arrays, and overwrites those:

    >>> decay = ElementwiseDefinition("decay", ["g", "rate"], [("d", "rate * g"),
    ...                               ("s", "s + d"), ("w", "w - d * s")], in_place=["w", "s"])
    >>> decay.cuda_operation()
    'T d = (rate * g); s = (s + d); w = (w - (d * s))'
    >>> w, s = np.array([1.0, 2.0]), np.zeros(2)
    >>> _ = decay.kernel(get_backend("numpy"))(np.array([1.0, -1.0]), 0.5, w, s)
    >>> w.tolist(), s.tolist()
    ([0.75, 1.75], [0.5, -0.5])
    """

    # name in the expression: (CUDA's function, numpy's name in xp)
    FUNCTIONS = {"exp": ("exp", "exp"), "log": ("log", "log"), "log1p": ("log1p", "log1p"),
                 "expm1": ("expm1", "expm1"), "sqrt": ("sqrt", "sqrt"), "tanh": ("tanh", "tanh"),
                 "sin": ("sin", "sin"), "cos": ("cos", "cos"), "abs": ("fabs", "abs"),
                 "max": ("max", "maximum"), "min": ("min", "minimum")}
    _C_OPERATORS = {"Add": "+", "Sub": "-", "Mult": "*", "Div": "/", "Lt": "<", "LtE": "<=",
                    "Gt": ">", "GtE": ">=", "Eq": "==", "NotEq": "!=", "USub": "-"}
    _OPERATORS = {"Add": "add", "Sub": "subtract", "Mult": "multiply", "Div": "true_divide",
                  "Pow": "power", "Lt": "less", "LtE": "less_equal", "Gt": "greater",
                  "GtE": "greater_equal", "Eq": "equal", "NotEq": "not_equal",
                  "USub": "negative"}

    def __init__(self, name, inputs, expression, output="y", in_place=()):
        self.name, self.inputs, self.in_place = name, list(inputs), list(in_place)
        self.expression = expression
        steps = [(output, expression)] if isinstance(expression, str) else list(expression)
        self.outputs = self.in_place or [steps[-1][0]]
        self.output = self.outputs[0]
        self._steps = []
        # What each step may read: inputs, in-place arrays and the locals set before it.
        self._known = set(self.inputs) | set(self.in_place)
        for target, text in steps:
            step = (target, ast.parse(text, mode="eval").body)
            self._to_c(step[1])  # rejects what either side could not run, here and now
            if target not in self.outputs:
                if target in self._known:
                    raise ValueError("ElementwiseDefinition %r: the local %r shadows a name "
                                     "already defined" % (name, target))
                self._known.add(target)
            self._steps.append(step)
        self._tree = self._steps[-1][1]

    def cuda_operation(self):
        """The ``operation`` of the CUDA ElementwiseKernel: ``"y = <C expression>"``, or the
        in-place steps as C statements (locals declared with the type placeholder ``T``)."""
        return "; ".join("%s%s = %s" % ("" if target in self.outputs else "T ", target,
                                        self._to_c(tree))
                         for target, tree in self._steps)

    def _unsupported(self, node):
        return ValueError("ElementwiseDefinition %r: %s is not in the subset C and numpy share"
                          % (self.name, type(node).__name__))

    def _to_c(self, node):
        if isinstance(node, ast.Name) and node.id in self._known:
            return node.id
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return repr(node.value)
        if isinstance(node, ast.BinOp) and type(node.op).__name__ == "Pow":
            return "pow(%s, %s)" % (self._to_c(node.left), self._to_c(node.right))
        if isinstance(node, ast.BinOp) and type(node.op).__name__ in self._C_OPERATORS:
            return "(%s %s %s)" % (self._to_c(node.left), self._C_OPERATORS[type(node.op).__name__],
                                   self._to_c(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op).__name__ == "USub":
            return "(-%s)" % self._to_c(node.operand)
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and \
                type(node.ops[0]).__name__ in self._C_OPERATORS:
            return "(%s %s %s)" % (self._to_c(node.left),
                                   self._C_OPERATORS[type(node.ops[0]).__name__],
                                   self._to_c(node.comparators[0]))
        if isinstance(node, ast.IfExp):
            return "(%s ? %s : %s)" % (self._to_c(node.test), self._to_c(node.body),
                                       self._to_c(node.orelse))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in self.FUNCTIONS and not node.keywords:
            return "%s(%s)" % (self.FUNCTIONS[node.func.id][0],
                               ", ".join(self._to_c(a) for a in node.args))
        raise self._unsupported(node)

    def _evaluate(self, node, xp, values):
        if isinstance(node, ast.Name):
            return values[node.id]
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.BinOp):
            return getattr(xp, self._OPERATORS[type(node.op).__name__])(
                self._evaluate(node.left, xp, values), self._evaluate(node.right, xp, values))
        if isinstance(node, ast.UnaryOp):
            return xp.negative(self._evaluate(node.operand, xp, values))
        if isinstance(node, ast.Compare):
            return getattr(xp, self._OPERATORS[type(node.ops[0]).__name__])(
                self._evaluate(node.left, xp, values),
                self._evaluate(node.comparators[0], xp, values))
        if isinstance(node, ast.IfExp):
            return xp.where(self._evaluate(node.test, xp, values),
                            self._evaluate(node.body, xp, values),
                            self._evaluate(node.orelse, xp, values))
        return getattr(xp, self.FUNCTIONS[node.func.id][1])(
            *(self._evaluate(a, xp, values) for a in node.args))

    def _results(self, xp, arrays):
        """The outputs' new values, computed from the inputs and in-place arrays ``arrays``
        (in the kernel's argument order) by ``xp``'s functions in the arrays' common dtype."""
        with np.errstate(all="ignore"):  # as on the device: no floating-point warnings
            return self.values(xp, arrays, np.result_type(*arrays))

    def values(self, xp, arrays, dtype):
        """The outputs' new values in ``dtype``, a tuple, from ``arrays`` (the inputs, then the
        in-place arrays) by ``xp``'s functions, writing nothing: what a tracing compiler runs
        (``autograd_engine/jit``: ``xp`` is ``jax.numpy``)."""
        values = dict(zip(self.inputs + self.in_place, arrays))
        for target, tree in self._steps:
            values[target] = self._evaluate(tree, xp, values)
        return tuple(xp.asarray(values[name]).astype(dtype, copy=False) for name in self.outputs)

    def array_function(self, xp=np):
        """The definition as calls of ``xp``'s functions: the numpy reference on the host. An
        in-place definition's function overwrites its in-place arrays and returns them."""
        def elementwise(*arrays):
            results = self._results(xp, arrays)
            if not self.in_place:
                return results[0]
            targets = arrays[len(self.inputs):]
            for target, result in zip(targets, results):
                target[...] = result
            return tuple(targets)
        elementwise.__name__ = self.name
        return elementwise

    def kernel(self, backend):
        """A function of the inputs (then the in-place arrays) for ``backend``: numpy calls on
        the numpy backend; on a device backend, ``xp.ElementwiseKernel`` with
        :meth:`cuda_operation`, the in-place arrays as its output parameters (a stand-in for
        CuPy, which cannot run CUDA C, is first handed the numpy reference)."""
        if not isinstance(backend, DeviceBackend):
            return self.array_function(backend.xp)
        register_reference = getattr(backend.xp, "register_numpy_reference", None)
        if register_reference is not None:
            if self.in_place:  # the stand-in hands the reference the outputs' current values
                register_reference(self.name, lambda *arrays: self._results(np, arrays),
                                   reads_outputs=True)
            else:
                register_reference(self.name, self.array_function(np))
        return backend.xp.ElementwiseKernel(", ".join("T %s" % name for name in self.inputs),
                                            ", ".join("T %s" % name for name in self.outputs),
                                            self.cuda_operation(), self.name)
