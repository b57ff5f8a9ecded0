"""The CuPy stand-in's ``random``: ``default_rng(seed)`` and CuPy's ``Generator`` methods.

Seeded generators are reproducible (numpy's PCG64 from the same seed, so not CuPy's XORWOW
stream); every draw is one kernel launch and returns a stand-in device array. Only the methods
CuPy's Generator has are offered: no ``permutation``, ``normal`` or ``choice``.

>>> a = default_rng([1, 2]).standard_normal(3, dtype="float32")
>>> b = default_rng([1, 2]).standard_normal(3, dtype="float32")
>>> bool((a == b).all()), a.dtype.name
(True, 'float32')
"""
import numpy as np

from ._standin_array import unwrap, wrap_result

_FLOAT_TYPES = (np.float32, np.float64)


def _float_dtype(dtype):
    dtype = np.dtype(dtype)
    if dtype.type not in _FLOAT_TYPES:
        raise TypeError("cupy.random only supports float32 and float64")
    return dtype


def _draw(values, out=None):
    """Wraps one draw as a device array (one launch), or writes it into device ``out``."""
    if out is not None:
        host_out = unwrap(out, allow_sequences=False)
        host_out[...] = values
        return wrap_result(host_out, (out,), out, launches=1)
    return wrap_result(values, launches=1)


class Generator:
    """CuPy's ``random.Generator``, drawing with numpy's generator ``bit_generator``."""

    def __init__(self, bit_generator):
        self._numpy = np.random.Generator(bit_generator)
        self.bit_generator = bit_generator

    def random(self, size=None, dtype=np.float64, out=None):
        return _draw(self._numpy.random(size, dtype=_float_dtype(dtype)), out)

    def standard_normal(self, size=None, dtype=np.float64, out=None):
        return _draw(self._numpy.standard_normal(size, dtype=_float_dtype(dtype)), out)

    def uniform(self, low=0.0, high=1.0, size=None, dtype=np.float64):
        values = self._numpy.uniform(unwrap(low, False), unwrap(high, False), size)
        return _draw(values.astype(_float_dtype(dtype), copy=False))

    def integers(self, low, high=None, size=None, dtype=np.int64, endpoint=False):
        return _draw(self._numpy.integers(unwrap(low, False), unwrap(high, False), size,
                                          dtype=dtype, endpoint=endpoint))

    def standard_exponential(self, size=None, dtype=np.float64, method="inv", out=None):
        return _draw(self._numpy.standard_exponential(size, dtype=_float_dtype(dtype),
                                                      method=method), out)

    def exponential(self, scale=1.0, size=None):
        return _draw(self._numpy.exponential(unwrap(scale, False), size))

    def standard_gamma(self, shape, size=None, dtype=np.float64, out=None):
        return _draw(self._numpy.standard_gamma(unwrap(shape, False), size,
                                                dtype=_float_dtype(dtype)), out)

    def gamma(self, shape, scale=1.0, size=None):
        return _draw(self._numpy.gamma(unwrap(shape, False), unwrap(scale, False), size))

    def poisson(self, lam=1.0, size=None):
        return _draw(self._numpy.poisson(unwrap(lam, False), size))

    def binomial(self, n, p, size=None):
        return _draw(self._numpy.binomial(unwrap(n, False), unwrap(p, False), size))

    def beta(self, a, b, size=None, dtype=np.float64):
        values = self._numpy.beta(unwrap(a, False), unwrap(b, False), size)
        return _draw(values.astype(_float_dtype(dtype), copy=False))


def default_rng(seed=None):
    """CuPy's ``random.default_rng``: ``seed`` is None (fresh entropy), an int or a sequence of
    ints (as numpy's SeedSequence takes them), or a Generator (returned as it is)."""
    if isinstance(seed, Generator):
        return seed
    return Generator(np.random.PCG64(seed))
