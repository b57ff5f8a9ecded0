"""A strict CPU stand-in for CuPy: this module is used where ``cupy`` would be, and fails where
CuPy fails, so the engine's device path is tested on machines without a GPU.

It computes with numpy, but its :class:`ndarray` is not a numpy array: implicit conversion
raises CuPy's TypeError, host numpy arrays are refused by every operator and function, and
every crossing of the host/device line is counted. It offers the part of CuPy's API the engine
uses, with CuPy's parameters, and nothing real CuPy lacks (``tests/test_cupy_standin.py``
checks that against CuPy wherever CuPy imports). The names are listed in one table,
:data:`CUPY_NAMES`; ``cupyx.scipy.special``'s are in :data:`CUPYX_NAMES`.

What only the stand-in has (never used by engine code that should also run on CuPy):

* :data:`counters`: transfers each way (calls, bytes) and kernel launches (one per
  elementwise call or operator, reduction, product or fused kernel; none for views, metadata or
  ``empty``); ``counters.reset()``, ``with counters.measure() as block: ...``;
* ``get_default_memory_pool()``: CuPy's pool (``used_bytes``, ``total_bytes``,
  ``set_limit(size=)`` to run out of memory: ``cuda.memory.OutOfMemoryError``), plus
  ``peak_bytes()`` and ``reset_peak()``;
* :func:`register_numpy_reference`: the numpy function an :class:`ElementwiseKernel` of a given
  name runs here, since the stand-in cannot run its CUDA C;
* :data:`cupyx`: the stand-in for the separate ``cupyx`` module (``cupyx.scipy.special``),
  also reachable as :data:`scipy_special`;
* :func:`device_backend`: the engine's :class:`~autograd_engine.backend.DeviceBackend` on the
  stand-in; it prints a one-line banner to stderr the first time, once per process.

>>> from autograd_engine.testing import cupy_standin as cp
>>> with cp.counters.measure() as block:
...     x = cp.asarray(np.arange(4.0))          # host -> device
...     y = (x * 2 + 1).sum()                   # three kernels
...     value = float(y)                        # device -> host
>>> value, block.host_to_device, block.kernel_launches, block.device_to_host
(16.0, 1, 3, 1)
>>> x + np.ones(4)
Traceback (most recent call last):
TypeError: Unsupported type <class 'numpy.ndarray'>
"""
import builtins
import math
import sys
import types

import numpy as np

from .. import backend as _engine_backend
from ..ops.special_math_ops import lgamma_or_inf, polygamma_kernel
from . import _standin_array
from ._standin_array import device_function, ndarray, ufunc, unwrap, wrap_result
from ._standin_runtime import (banner, counters, cuda, get_default_memory_pool,  # noqa: F401
                               OutOfMemoryError)

# ============================================================================ the CuPy table
# CuPy's functions the stand-in offers, with CuPy's parameters (as CuPy 14 declares them); an
# indented line continues the one above.
_FUNCTIONS = """
all                         a, axis=None, out=None, keepdims=False
allclose                    a, b, rtol=1e-05, atol=1e-08, equal_nan=False
amax                        a, axis=None, out=None, keepdims=False
amin                        a, axis=None, out=None, keepdims=False
any                         a, axis=None, out=None, keepdims=False
arange                      start, stop=None, step=1, dtype=None
argmax                      a, axis=None, dtype=None, out=None, keepdims=False
argmin                      a, axis=None, dtype=None, out=None, keepdims=False
argsort                     a, axis=-1, kind=None
argwhere                    a
array_equal                 a1, a2, equal_nan=False
ascontiguousarray           a, dtype=None
bincount                    x, weights=None, minlength=None
broadcast_arrays            *args
broadcast_to                array, shape
can_cast                    from_, to, casting='safe'
clip                        a, a_min, a_max, out=None
compress                    condition, a, axis=None, out=None
concatenate                 tup, axis=0, out=None, *, dtype=None, casting='same_kind'
copy                        a, order='K'
copyto                      dst, src, casting='same_kind', where=None
count_nonzero               a, axis=None
cross                       a, b, axisa=-1, axisb=-1, axisc=-1, axis=None
cumprod                     a, axis=None, dtype=None, out=None
cumsum                      a, axis=None, dtype=None, out=None
diag                        v, k=0
diagonal                    a, offset=0, axis1=0, axis2=1
dot                         a, b, out=None
einsum                      *operands, **kwargs
empty_like                  prototype, dtype=None, order='K', subok=None, shape=None
expand_dims                 a, axis
eye                         N, M=None, k=0, dtype=float, order='C'
flip                        a, axis=None
full                        shape, fill_value, dtype=None, order='C'
full_like                   a, fill_value, dtype=None, order='K', subok=None, shape=None
identity                    n, dtype=float
isclose                     a, b, rtol=1e-05, atol=1e-08, equal_nan=False
isin                        element, test_elements, assume_unique=False, invert=False
linspace                    start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0
matmul                      *args, axes=None, axis=None, keepdims=False, casting='same_kind',
                            dtype=None, signature=None, order='K', out=None
max                         a, axis=None, out=None, keepdims=False
mean                        a, axis=None, dtype=None, out=None, keepdims=False
min                         a, axis=None, out=None, keepdims=False
moveaxis                    a, source, destination
ndim                        a
nonzero                     a
ones                        shape, dtype=float, order='C'
ones_like                   a, dtype=None, order='K', subok=None, shape=None
outer                       a, b, out=None
pad                         array, pad_width, mode='constant', **kwargs
prod                        a, axis=None, dtype=None, out=None, keepdims=False
put_along_axis              arr, indices, values, axis
ravel                       a, order='C'
ravel_multi_index           multi_index, dims, mode='wrap', order='C'
repeat                      a, repeats, axis=None
reshape                     a, newshape, order='C', *, copy=None
result_type                 *arrays_and_dtypes
round                       a, decimals=0, out=None
searchsorted                a, v, side='left', sorter=None
shape                       a
size                        a, axis=None
sort                        a, axis=-1, kind=None
split                       ary, indices_or_sections, axis=0
squeeze                     a, axis=None
stack                       tup, axis=0, out=None, *, dtype=None, casting='same_kind'
std                         a, axis=None, dtype=None, out=None, ddof=0, keepdims=False
sum                         a, axis=None, dtype=None, out=None, keepdims=False
swapaxes                    a, axis1, axis2
take                        a, indices, axis=None, out=None
take_along_axis             a, indices, axis
tensordot                   a, b, axes=2
tile                        A, reps
transpose                   a, axes=None
tril                        m, k=0
triu                        m, k=0
unique                      ar, return_index=False, return_inverse=False, return_counts=False,
                            axis=None, *, equal_nan=True
unravel_index               indices, dims, order='C'
var                         a, axis=None, dtype=None, out=None, ddof=0, keepdims=False
where                       condition, x=None, y=None
zeros                       shape, dtype=float, order='C'
zeros_like                  a, dtype=None, order='K', subok=None, shape=None
linalg.cholesky             a
linalg.det                  a
linalg.inv                  a
angle                       z, deg=False
real                        val
imag                        val
fft.fftn                    a, s=None, axes=None, norm=None
fft.ifftn                   a, s=None, axes=None, norm=None
fft.rfftn                   a, s=None, axes=None, norm=None
fft.irfftn                  a, s=None, axes=None, norm=None
linalg.qr                   a, mode='reduced'
linalg.slogdet              a
linalg.solve                a, b
lib.stride_tricks.as_strided x, shape=None, strides=None
"""

# CuPy's ufuncs the stand-in offers (numpy's of the same name compute them).
_UFUNCS = """
abs absolute add arccos arccosh arcsin arcsinh arctan arctan2 arctanh bitwise_and bitwise_or
conj conjugate nextafter
bitwise_xor ceil cos cosh divide equal exp expm1 floor floor_divide fmax fmin fmod greater
greater_equal invert isfinite isinf isnan left_shift less less_equal log log10 log1p log2
logaddexp logical_and logical_not logical_or logical_xor maximum minimum mod multiply negative
not_equal positive power reciprocal remainder right_shift rint sign sin sinh sqrt square
subtract tan tanh true_divide trunc
""".split()

# numpy objects CuPy re-exports as they are: dtypes, scalar types, dtype queries, constants.
_NUMPY_OBJECTS = """
dtype bool_ int8 int16 int32 int64 uint8 uint16 uint32 uint64 intp float16 float32 float64
complex64 complex128 integer floating number generic iinfo finfo issubdtype promote_types
newaxis inf nan pi e
""".split()

_ALLOCATE_ONLY = {"empty_like"}  # memory without a kernel, like ``empty``


def _numpy_attribute(dotted):
    value = np
    for part in dotted.split("."):
        value = getattr(value, part)
    return value


def _namespace(dotted):
    """The module-level namespace that holds ``dotted``'s last part, made on first need."""
    holder = sys.modules[__name__]
    for part in dotted.split(".")[:-1]:
        if not hasattr(holder, part):
            setattr(holder, part, types.SimpleNamespace())
        holder = getattr(holder, part)
    return holder


def _offer(dotted, value):
    setattr(_namespace(dotted), dotted.rsplit(".", 1)[-1], value)
    CUPY_NAMES.append(dotted)
    _standin_array.module_functions[dotted] = value


CUPY_NAMES = []  # every name offered, dotted for submodules ("linalg.solve")

for _line in _FUNCTIONS.strip().replace("\n ", " ").splitlines():
    _name, _parameters = _line.split(None, 1)
    _offer(_name, device_function(_name, _numpy_attribute(_name), _parameters,
                                  launches=0 if _name in _ALLOCATE_ONLY else None))
for _name in _UFUNCS:
    _offer(_name, ufunc(_name, getattr(np, _name)))
    _standin_array.module_ufuncs[_name] = globals()[_name]
for _name in _NUMPY_OBJECTS:
    _offer(_name, _numpy_attribute(_name))


# ============================================================================ transfers, arrays
def array(obj, dtype=None, copy=True, order="K", subok=False, ndmin=0, *, blocking=False):
    """A new device array: from a device array a copy on the device (one kernel), from a host
    value a counted host-to-device transfer."""
    if type(obj) is ndarray:
        result = np.array(obj._array, dtype=dtype, copy=bool(copy), order=order, ndmin=ndmin)
        return obj if result is obj._array else wrap_result(result, (obj,))
    return _to_device(np.array(obj, dtype=dtype, order=order, ndmin=ndmin))


def asarray(a, dtype=None, order=None, *, copy=None, blocking=False):
    """``a`` as a device array: a device array is returned as it is (cast when ``dtype`` asks,
    on the device); a host value is a counted host-to-device transfer."""
    if type(a) is ndarray:
        result = np.asarray(a._array, dtype=dtype, order=order, copy=copy)
        return a if result is a._array else wrap_result(result, (a,))
    return _to_device(np.array(a, dtype=dtype, order=order or "K"))


def _to_device(host):
    counters.transfer("host_to_device", host.nbytes)
    return ndarray.wrap(host)


def asnumpy(a, stream=None, order="C", out=None, *, blocking=True):
    """``a`` as a host numpy array: from a device array, a counted device-to-host transfer."""
    if type(a) is ndarray:
        return a.get(order=order, out=out)
    return np.asarray(a, order=order)


def empty(shape, dtype=float, order="C"):
    """Uninitialized device memory (no kernel runs)."""
    return ndarray(shape, dtype, order=order)


def get_array_module(*args):
    """This module when any argument is a stand-in device array, else numpy."""
    if builtins.any(type(arg) is ndarray for arg in args):  # `any` is CuPy's here
        return sys.modules[__name__]
    return np


# ============================================================================ kernels
class _Fused:
    def __init__(self, function, kernel_name):
        self._function = function
        self.__name__ = kernel_name or function.__name__
        self.__doc__ = function.__doc__

    def __call__(self, *args, **kwargs):
        with counters.fused():
            return self._function(*args, **kwargs)


def fuse(*args, **kwargs):
    """CuPy's ``fuse``: ``@fuse`` or ``@fuse(kernel_name=...)``. The function runs as written,
    on stand-in arrays, and its launches count as one kernel."""
    if len(args) == 1 and callable(args[0]) and not kwargs:
        return _Fused(args[0], None)
    return lambda function: _Fused(function, kwargs.get("kernel_name"))


_numpy_references = {}


def register_numpy_reference(kernel_name, function=None, reads_outputs=False):
    """Stand-in only: ``function`` (numpy arrays in, numpy array or tuple of them out) is what
    an :class:`ElementwiseKernel` named ``kernel_name`` computes here, since the stand-in cannot
    run its CUDA C. Usable as a decorator: ``@register_numpy_reference("squared_diff")``.

    With ``reads_outputs`` the CUDA C reads its output parameters (an in-place update): the
    kernel must then be called with its outputs, whose current values ``function`` receives
    after the inputs."""
    if function is None:
        return lambda f: register_numpy_reference(kernel_name, f, reads_outputs)
    _numpy_references[kernel_name] = (function, reads_outputs)
    return function


def _parse_parameters(text):
    """``"float32 x, raw T y"`` -> [(type name, variable name), ...] (``raw`` dropped)."""
    parsed = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        words = [w for w in part.split() if w != "raw"]
        parsed.append((" ".join(words[:-1]), words[-1]))
    return parsed


class ElementwiseKernel:
    """CuPy's ``ElementwiseKernel``. The stand-in keeps ``operation`` (CUDA C) but runs the
    numpy reference registered under ``name`` with :func:`register_numpy_reference`; the
    outputs get the declared dtypes (a type placeholder such as ``T`` takes the dtype of the
    input declared with it) and the inputs' broadcast shape. One call is one kernel launch."""

    def __init__(self, in_params, out_params, operation, name="kernel", reduce_dims=True,
                 preamble="", no_return=False, return_tuple=False, loop_prep="", after_loop="",
                 options=()):
        self.in_params = _parse_parameters(in_params)
        self.out_params = _parse_parameters(out_params)
        self.operation, self.name, self.preamble = operation, name, preamble
        self.no_return, self.return_tuple = no_return, return_tuple
        self.nin, self.nout = len(self.in_params), len(self.out_params)
        self.nargs = self.nin + self.nout

    def __call__(self, *args, size=None, block_size=None):
        if len(args) not in (self.nin, self.nargs):
            raise TypeError("Wrong number of arguments for %r" % self.name)
        reference, reads_outputs = _numpy_references.get(self.name, (None, False))
        if reference is None:
            raise RuntimeError(
                "The CuPy stand-in cannot run the CUDA C of ElementwiseKernel %r: register its "
                "numpy reference with cupy_standin.register_numpy_reference(%r, function)"
                % (self.name, self.name))
        if reads_outputs and len(args) != self.nargs:
            raise TypeError("ElementwiseKernel %r reads its outputs: pass them" % self.name)
        inputs = [unwrap(a, allow_sequences=False) for a in args[:self.nin]]
        bound = {}
        for (type_name, _), value in zip(self.in_params, inputs):
            if not _is_dtype_name(type_name):
                bound.setdefault(type_name, np.result_type(value))
        shape = np.broadcast_shapes(*(np.shape(value) for value in inputs))
        with np.errstate(all="ignore"):  # a GPU kernel raises no floating-point warnings
            current = [unwrap(a, allow_sequences=False) for a in args[self.nin:]] \
                if reads_outputs else []
            results = reference(*inputs, *current)
        results = results if isinstance(results, tuple) else (results,)
        outs = list(args[self.nin:]) or [None] * self.nout
        device_results = []
        for (type_name, _), result, out in zip(self.out_params, results, outs):
            dtype = np.dtype(_KERNEL_TYPES[type_name]) if _is_dtype_name(type_name) else \
                bound[type_name]
            value = np.broadcast_to(np.asarray(result, dtype=dtype), shape)
            if out is None:
                out = ndarray.wrap(np.array(value))
            else:
                unwrap(out, allow_sequences=False)[...] = value
            device_results.append(out)
        counters.launch()
        if self.no_return:
            return None
        if len(device_results) == 1 and not self.return_tuple:
            return device_results[0]
        return tuple(device_results)


# The type names an ElementwiseKernel parameter may declare (C's and numpy's); any other name
# is a placeholder, like ``T``, that takes the dtype of the argument declared with it.
_KERNEL_TYPES = {"bool": np.bool_, "half": np.float16, "float": np.float32,
                 "double": np.float64, "int": np.int32, "long long": np.int64,
                 "complex<float>": np.complex64, "complex<double>": np.complex128}
_KERNEL_TYPES.update((name, getattr(np, name)) for name in (
    "float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16",
    "uint32", "uint64", "complex64", "complex128"))


def _is_dtype_name(type_name):
    return type_name in _KERNEL_TYPES


for _name, _value in (("array", array), ("asarray", asarray), ("asnumpy", asnumpy),
                      ("empty", empty), ("get_array_module", get_array_module),
                      ("ndarray", ndarray), ("ufunc", ufunc), ("fuse", fuse),
                      ("ElementwiseKernel", ElementwiseKernel), ("cuda.Device", cuda.Device),
                      ("cuda.is_available", cuda.is_available),
                      ("cuda.runtime.getDeviceCount", cuda.runtime.getDeviceCount),
                      ("cuda.runtime.getDeviceProperties", cuda.runtime.getDeviceProperties),
                      ("cuda.memory.OutOfMemoryError", OutOfMemoryError),
                      ("get_default_memory_pool", get_default_memory_pool)):
    CUPY_NAMES.append(_name)  # already module attributes; listed here to be offered

from ._standin_random import Generator, default_rng  # noqa: E402

random = types.SimpleNamespace(Generator=Generator, default_rng=default_rng)
CUPY_NAMES += ["random.Generator", "random.default_rng"]
CUPY_NAMES.sort()


# ============================================================================ cupyx
class _SpecialUfunc(ufunc):
    """A special function from Python's ``math`` (numpy has none), applied per element in
    double precision and rounded to the input's floating dtype (float64 for integers)."""

    def __init__(self, name, scalar_function):
        super().__init__(name, np.frompyfunc(scalar_function, 1, 1))

    def __call__(self, x, out=None, dtype=None, casting="same_kind"):
        host = unwrap(x, allow_sequences=False)
        result_dtype = np.dtype(dtype) if dtype is not None else np.result_type(host, 0.0)
        with np.errstate(over="ignore"):
            values = np.asarray(self._ufunc(np.asarray(host, np.float64)), dtype=result_dtype)
        if out is not None:
            unwrap(out)[...] = values
            counters.launch()
            return out
        return wrap_result(values, (x,), launches=1)


class _PolygammaUfunc(ufunc):
    """digamma as a ufunc: the engine's float64 series (ops.special_math_ops)."""

    def __init__(self):
        super().__init__("digamma", np.negative)  # nin/nout of a unary ufunc
        self._kernel = polygamma_kernel(0)(np)

    def __call__(self, x, out=None, dtype=None, casting="same_kind"):
        host = np.asarray(unwrap(x, allow_sequences=False))
        values = self._kernel(host.astype(np.result_type(host, 0.0), copy=False))
        if out is not None:
            unwrap(out)[...] = values
            counters.launch()
            return out
        return wrap_result(values, (x,), launches=1)


def polygamma(n, x):
    """cupyx.scipy.special's ``polygamma(n, x)``: the n-th derivative of digamma, elementwise
    over ``n`` (integers) and ``x``."""
    orders = np.asarray(unwrap(n, allow_sequences=False))
    values = np.asarray(unwrap(x, allow_sequences=False))
    values = values.astype(np.result_type(values, 0.0), copy=False)
    orders, values = np.broadcast_arrays(orders, values)
    result = np.empty(values.shape, values.dtype)
    for order in np.unique(orders):
        chosen = orders == order
        result[chosen] = polygamma_kernel(int(order))(np)(values[chosen])
    return wrap_result(result, (n, x), launches=1)


scipy_special = types.SimpleNamespace(
    erf=_SpecialUfunc("erf", math.erf), erfc=_SpecialUfunc("erfc", math.erfc),
    gammaln=_SpecialUfunc("gammaln", lgamma_or_inf), digamma=_PolygammaUfunc(),
    polygamma=polygamma)
cupyx = types.SimpleNamespace(scipy=types.SimpleNamespace(special=scipy_special))
CUPYX_NAMES = sorted("scipy.special." + name for name in vars(scipy_special))


# ================================================================= as the engine's device
_device = []


def device_backend():
    """The engine's :class:`~autograd_engine.backend.DeviceBackend` on this stand-in ("cupy-
    stand-in"); the first call in a process prints the stand-in's banner to stderr."""
    if not _device:
        _device.append(_engine_backend.DeviceBackend("cupy-stand-in", sys.modules[__name__],
                                                     cupyx))
    banner.show()
    return _device[0]


_engine_backend.register_standin(device_backend)
