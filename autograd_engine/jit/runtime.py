"""JAX as this package uses it: imported on first use (the ``jit`` extra installs it), set up
once (64-bit types, as the engine's float64 and int64 tensors need; the on-disk compilation
cache), and a Session's Variables shared with XLA without copies.
"""
import os
import threading

import numpy as np

from ..framework import errors
from ..ops.state_ops import uninitialized_error

_SETUP_LOCK = threading.Lock()
_jax = None

# Where compiled XLA programs are kept between processes: AUTOGRAD_ENGINE_JIT_CACHE names the
# folder ("0" keeps none); by default ~/.cache/autograd_engine/xla. JAX's own setting, when the
# user made one, wins.
_DEFAULT_CACHE = os.path.join(os.path.expanduser("~"), ".cache", "autograd_engine", "xla")


def jax_module():
    """``jax``, set up for the engine; ImportError naming the extra when it is missing."""
    global _jax
    if _jax is not None:
        return _jax
    with _SETUP_LOCK:
        if _jax is None:
            try:
                import jax
            except ImportError:
                raise ImportError(
                    "The compiled path (global_jit_level=ON_1, tf.xla.experimental.jit_scope, "
                    "AUTOGRAD_ENGINE_JIT=1) needs JAX: pip install 'autograd_engine[jit]'"
                ) from None
            # The engine's float64 and int64 tensors stay 64-bit (JAX makes them 32-bit by
            # default); float32 programs compile to the same code either way.
            jax.config.update("jax_enable_x64", True)
            cache = os.environ.get("AUTOGRAD_ENGINE_JIT_CACHE", _DEFAULT_CACHE)
            if cache not in ("", "0") and not jax.config.jax_compilation_cache_dir:
                try:
                    os.makedirs(cache, exist_ok=True)
                    jax.config.update("jax_compilation_cache_dir", cache)
                    # every program, however quick to compile: a plan's are small
                    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0)
                    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
                except OSError:  # a read-only home: compile in every process
                    pass
            _jax = jax
    return _jax


class _XlaValue:
    """A Variable's value as a compiled segment left it: an XLA array, in the store."""
    __slots__ = ("array",)

    def __init__(self, array):
        self.array = array


class VariableStore(dict):
    """A Session's Variable values (``ctx.variables``) when its plans may compile.

    Values that compiled segments wrote stay XLA arrays, passed to the next segment as they
    are, their buffers donated (XLA updates them in place). Everything else reads them as
    before, through ``store[var_op]`` or ``store.get(var_op)``: such a read first turns the
    value back into a numpy array the kernels may update in place (one copy, until the next
    compiled write).
    """

    def __getitem__(self, key):
        value = dict.__getitem__(self, key)
        return self._as_numpy(key, value) if type(value) is _XlaValue else value

    def get(self, key, default=None):
        value = dict.get(self, key, default)
        return self._as_numpy(key, value) if type(value) is _XlaValue else value

    def _as_numpy(self, key, value):
        array = np.array(value.array)
        dict.__setitem__(self, key, array)
        return array

    def values(self):
        return [self[key] for key in self]

    def items(self):
        return [(key, self[key]) for key in self]

    def xla_value(self, var_op, reader):
        """``var_op``'s value as an XLA array (FailedPreconditionError when it has none); a
        numpy value is copied once, and kept as the XLA array."""
        value = dict.get(self, var_op)
        if type(value) is _XlaValue:
            return value.array
        if value is None:
            raise uninitialized_error(var_op, reader)
        array = jax_module().numpy.asarray(value)
        self.put(var_op, array)
        return array

    def xla_values(self, var_ops, reader):
        """:meth:`xla_value` of each of ``var_ops`` (one pass when all are XLA arrays already,
        as in every compiled run after the first)."""
        values = [dict.get(self, v) for v in var_ops]
        if all(type(v) is _XlaValue for v in values):
            return [v.array for v in values]
        return [self.xla_value(v, reader) for v in var_ops]

    def put_all(self, var_ops, arrays):
        """:meth:`put` of each (Variable, new value)."""
        dict.update(self, zip(var_ops, map(_XlaValue, arrays)))

    def put(self, var_op, array):
        """Stores ``var_op``'s new value, an XLA array."""
        dict.__setitem__(self, var_op, _XlaValue(array))


def translate(exc, op):
    """An exception raised while running ``op`` outside a compiled segment, as TF1's error
    naming the op and the user's line that built it."""
    if isinstance(exc, errors.OpError):
        return exc
    message = "%s: %s\nwhile running %s.%s" % (type(exc).__name__, exc, op.describe(),
                                               op.creation_site())
    if isinstance(exc, MemoryError):
        return errors.ResourceExhaustedError(None, op, "OOM when running %s" % message)
    return errors.InvalidArgumentError(None, op, message)
