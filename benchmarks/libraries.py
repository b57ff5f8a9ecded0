"""The comparison libraries, each imported only when asked for and only when installed.

``torch()`` and ``tf1()`` return the module or None; ``skip_note(name)`` says why one is
missing. The benchmark's table names what was skipped instead of failing: both libraries come
from the optional ``bench`` extra (``pip install -e ".[bench]"``, which ``make bench`` does).
``torch_cuda()`` is PyTorch when it has a CUDA device (the GPU benchmarks; ``make gpu-check``
installs a CUDA build).
"""
import importlib
import os
import platform

import numpy as np

# Which libraries this process may use; ``run.py --only`` narrows it (the memory probes and the
# smoke test do, so that they never pay for importing TensorFlow).
_enabled = {"torch": True, "tf1": True, "torch_cuda": True, "jax": True}
_modules = {}
_notes = {}


def enable(torch=True, tf1=True, torch_cuda=True, jax=True):
    _enabled.update(torch=torch, tf1=tf1, torch_cuda=torch_cuda, jax=jax)


def disable(name, reason):
    """Leaves library ``name`` out of this run, its columns noting ``reason``."""
    _enabled[name] = False
    _notes[name] = reason


def _load(name, importer, remedy="`pip install -e \".[bench]\"` adds it"):
    if not _enabled[name]:
        _notes.setdefault(name, "not selected for this run")
        return None
    if name not in _modules:
        try:
            _modules[name] = importer()
        except ImportError as e:
            _modules[name] = None
            _notes[name] = "not installed (%s); %s" % (e, remedy)
    return _modules[name]


def _import_jax():
    return importlib.import_module("jax")


def jax():
    """JAX (the "ours (jit)" and "JAX jit" columns), or None (see :func:`skip_note`)."""
    return _load("jax", _import_jax, "`pip install -e \".[jit]\"` adds it")


def _import_torch():
    return importlib.import_module("torch")


def _import_tf1():
    # TensorFlow's C++ start-up logging would drown the benchmark's own output.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    tf = importlib.import_module("tensorflow")
    v1 = tf.compat.v1
    v1.disable_eager_execution()
    v1.logging.set_verbosity(v1.logging.ERROR)
    return v1


def torch():
    """PyTorch, or None (see :func:`skip_note`).

    >>> torch() is None or hasattr(torch(), "tensor")
    True
    """
    return _load("torch", _import_torch)


def _import_torch_cuda():
    torch = importlib.import_module("torch")
    if not torch.cuda.is_available():
        raise ImportError("PyTorch %s sees no CUDA device (a %s build)" % (
            torch.__version__, "CUDA %s" % torch.version.cuda if torch.version.cuda else "CPU"))
    # TF32 (on by default for cuDNN's convolutions) would round the inputs of products to 10
    # bits of mantissa; CuPy and ours compute in full float32, and so does PyTorch here.
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    return torch


def torch_cuda():
    """PyTorch when it has a CUDA device, or None (see :func:`skip_note`)."""
    return _load("torch_cuda", _import_torch_cuda,
                 remedy="`make gpu-check` installs a CUDA build of PyTorch")


def tf1():
    """TensorFlow's ``compat.v1`` namespace in graph mode (eager execution off), or None."""
    return _load("tf1", _import_tf1)


def skip_note(name):
    return _notes.get(name, "")


def blas_description():
    """numpy's BLAS and its thread count (threadpoolctl when installed)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "numpy's BLAS: (threadpoolctl not installed)"
    infos = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return "; ".join("%s %s (%s), %d threads" % (i.get("internal_api"), i.get("version"),
                                                 i.get("architecture"), i.get("num_threads"))
                     for i in infos) or "no BLAS found"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def versions():
    """``[(library, version and threads)]`` for the results header."""
    import autograd_engine
    rows = [("python", platform.python_version()), ("numpy", np.__version__),
            ("autograd_engine", getattr(autograd_engine, "__version__", "source tree"))]
    t = _modules.get("torch")
    rows.append(("torch", "%s, %d intra-op threads (default)" % (t.__version__,
                                                                  t.get_num_threads())
                 if t else "skipped: " + skip_note("torch")))
    v1 = _modules.get("tf1")
    rows.append(("tensorflow", "%s (compat.v1 graph mode, default session config: as many "
                 "threads as cores)" % v1.VERSION if v1 else "skipped: " + skip_note("tf1")))
    return rows
