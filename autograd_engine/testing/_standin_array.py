"""The CuPy stand-in's ``ndarray`` and the wrapping that makes numpy act as a strict device.

A device :class:`ndarray` wraps a numpy array and is not one: numpy refuses to convert it
(``np.asarray(d)`` raises CuPy's TypeError), and every operator, method and stand-in function
refuses host numpy arrays among its arguments, as CuPy does ("Unsupported type"). Python and
numpy scalars are accepted. Reading values back (``get``, ``item``, ``tolist``, ``float()``,
``bool()``, printing) is allowed and counted as a device-to-host transfer.

:func:`device_function` and :class:`ufunc` turn a numpy function into a stand-in one with
CuPy's parameters: arguments are checked against CuPy's signature (a keyword that only numpy
knows is a TypeError here too), device arrays unwrapped, numpy called, results wrapped, and one
kernel launch counted, none when every result is a view of an input or only metadata.

>>> import numpy as np
>>> x = ndarray.wrap(np.arange(3.0))
>>> try:
...     np.asarray(x)
... except TypeError as e:
...     print(str(e)[:47])
Implicit conversion to a NumPy array is not all
"""
import inspect
import operator

import numpy as np

from ._standin_runtime import Device, counters, default_pool, owning_buffer

IMPLICIT_CONVERSION = ("Implicit conversion to a NumPy array is not allowed. Please use `.get()` "
                       "to construct a NumPy array explicitly.")
_SCALARS = (bool, int, float, complex, np.generic)


def _unsupported(value):
    return TypeError("Unsupported type %s" % type(value))


def unwrap(value, allow_sequences=True):
    """Device arrays -> their numpy arrays, inside lists and tuples too (when
    ``allow_sequences``); a host numpy array anywhere is CuPy's TypeError."""
    if type(value) is ndarray:
        return value._array
    if isinstance(value, np.ndarray):
        raise _unsupported(value)
    if isinstance(value, (list, tuple)):
        if not allow_sequences:
            raise _unsupported(value)
        return type(value)(unwrap(item) for item in value)
    return value


def _buffers(values):
    """The owning buffers of the device arrays among ``values`` (searched inside sequences)."""
    found = set()
    stack = list(values)
    while stack:
        value = stack.pop()
        if type(value) is ndarray:
            found.add(id(owning_buffer(value._array)))
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
    return found


def wrap_result(result, inputs=(), out=None, launches=None):
    """numpy's result -> device arrays (tuples and lists element by element; numpy scalars
    become 0-d device arrays, as CuPy returns them), counting ``launches`` kernels, or when
    None: one, unless every array in the result is a view of an input's buffer (or there is no
    array at all, e.g. a shape)."""
    input_buffers = _buffers(inputs)
    arrays = []
    wrapped = _to_device(result, out, arrays)
    if launches is None:
        fresh = [a for a in arrays if id(owning_buffer(a)) not in input_buffers]
        launches = 1 if fresh or out is not None or result is None else 0
    counters.launch(launches)
    return wrapped


def _to_device(value, out, arrays):
    """``value`` with its numpy arrays wrapped (``out``'s own array as ``out``), appending each
    numpy array met to ``arrays``."""
    if out is not None and type(out) is ndarray and value is out._array:
        arrays.append(value)
        return out
    if isinstance(value, (np.ndarray, np.generic)):
        value = np.asarray(value) if isinstance(value, np.generic) else value
        arrays.append(value)
        return ndarray.wrap(value)
    if isinstance(value, list):
        return [_to_device(item, out, arrays) for item in value]
    if isinstance(value, tuple):  # numpy's named results (slogdet's) are plain tuples in CuPy
        return tuple(_to_device(item, out, arrays) for item in value)
    return value


def signature_from_text(text):
    """An :class:`inspect.Signature` from CuPy's parameter list as text, e.g. ``"a, axis=None,
    *, dtype=None"``; defaults that are not literals are kept as their text (only binding,
    never the defaults' values, is used)."""
    import ast
    parameters, kind = [], inspect.Parameter.POSITIONAL_OR_KEYWORD
    for part in filter(None, (p.strip() for p in text.split(","))):
        if part == "/":
            parameters = [p.replace(kind=inspect.Parameter.POSITIONAL_ONLY) for p in parameters]
            continue
        if part == "*":
            kind = inspect.Parameter.KEYWORD_ONLY
            continue
        if part.startswith("**"):
            parameters.append(inspect.Parameter(part[2:], inspect.Parameter.VAR_KEYWORD))
            continue
        if part.startswith("*"):
            parameters.append(inspect.Parameter(part[1:], inspect.Parameter.VAR_POSITIONAL))
            kind = inspect.Parameter.KEYWORD_ONLY
            continue
        name, _, default = part.partition("=")
        if not default:
            parameters.append(inspect.Parameter(name, kind))
            continue
        try:
            default = ast.literal_eval(default)
        except ValueError:
            pass
        parameters.append(inspect.Parameter(name, kind, default=default))
    return inspect.Signature(parameters)


def device_function(name, numpy_function, parameters, launches=None):
    """A stand-in function called ``name`` with CuPy's ``parameters`` (text) that runs
    ``numpy_function`` on the unwrapped arguments; see :func:`wrap_result` for ``launches``."""
    signature = signature_from_text(parameters)

    def call(*args, **kwargs):
        signature.bind(*args, **kwargs)  # CuPy's TypeError for what CuPy does not take
        result = numpy_function(*unwrap(args), **{k: unwrap(v) for k, v in kwargs.items()})
        return wrap_result(result, (args, kwargs), kwargs.get("out"), launches)

    call.__name__ = call.__qualname__ = name
    call.__signature__ = signature
    call.__doc__ = "CuPy's ``%s``, computed by numpy on the host." % name
    return call


class ufunc:
    """CuPy's ufunc: called with device arrays and scalars only (a list is refused too), with
    CuPy's keywords ``out``, ``dtype`` and ``casting``; ``at``, ``reduce``, ``accumulate``,
    ``reduceat`` and ``outer`` as in CuPy."""

    def __init__(self, name, numpy_ufunc):
        self.name = self.__name__ = name
        self._ufunc = numpy_ufunc
        self.nin, self.nout, self.nargs = numpy_ufunc.nin, numpy_ufunc.nout, numpy_ufunc.nargs
        self.types = numpy_ufunc.types

    def __call__(self, *args, out=None, dtype=None, casting="same_kind"):
        if len(args) != self.nin:
            raise TypeError("Wrong number of arguments for %s" % self.name)
        if isinstance(out, tuple) and len(out) == 1:  # numpy's form, from __array_ufunc__
            out = out[0]
        host_out = None if out is None else unwrap(out)
        result = self._ufunc(*(unwrap(a, allow_sequences=False) for a in args), out=host_out,
                             dtype=dtype, casting=casting)
        return wrap_result(result, args, out, launches=1)

    def at(self, a, indices, b=None):
        if type(a) is not ndarray:
            raise _unsupported(a)
        extra = () if b is None else (unwrap(b, allow_sequences=False),)
        self._ufunc.at(a._array, unwrap(indices), *extra)
        counters.launch()

    def reduce(self, array, axis=0, dtype=None, out=None, keepdims=False):
        result = self._ufunc.reduce(unwrap(array, False), axis=axis, dtype=dtype,
                                    out=None if out is None else unwrap(out), keepdims=keepdims)
        return wrap_result(result, (array,), out, launches=1)

    def accumulate(self, array, axis=0, dtype=None, out=None):
        result = self._ufunc.accumulate(unwrap(array, False), axis=axis, dtype=dtype,
                                        out=None if out is None else unwrap(out))
        return wrap_result(result, (array,), out, launches=1)

    def reduceat(self, array, indices, axis=0, dtype=None, out=None):
        result = self._ufunc.reduceat(unwrap(array, False), unwrap(indices, False), axis=axis,
                                      dtype=dtype, out=None if out is None else unwrap(out))
        return wrap_result(result, (array,), out, launches=1)

    def outer(self, A, B, **kwargs):  # noqa: N803  (CuPy's names)
        result = self._ufunc.outer(unwrap(A, False), unwrap(B, False),
                                   **{k: unwrap(v) for k, v in kwargs.items()})
        return wrap_result(result, (A, B), kwargs.get("out"), launches=1)

    def __repr__(self):
        return "<ufunc '%s'>" % self.name


def _transfer_to_host(array):
    counters.transfer("device_to_host", array.nbytes)
    return array


def _operator(ufunc_name, reflected=False, in_place=False):
    def apply(self, other):
        function = module_ufuncs[ufunc_name]
        if in_place:
            return function(self, other, out=self)
        return function(other, self) if reflected else function(self, other)
    return apply


# Filled by cupy_standin: the stand-in ufuncs the operators use, and the stand-in module itself.
module_ufuncs = {}
module_functions = {}

_BINARY_OPERATORS = {
    "add": "add", "sub": "subtract", "mul": "multiply", "truediv": "true_divide",
    "floordiv": "floor_divide", "mod": "remainder", "pow": "power", "and": "bitwise_and",
    "or": "bitwise_or", "xor": "bitwise_xor", "lshift": "left_shift", "rshift": "right_shift",
}
_COMPARISONS = {"eq": "equal", "ne": "not_equal", "lt": "less", "le": "less_equal",
                "gt": "greater", "ge": "greater_equal"}
_UNARY_OPERATORS = {"neg": "negative", "abs": "absolute", "invert": "invert"}
_VIEW_METHODS = ("reshape", "ravel", "transpose", "swapaxes", "squeeze", "diagonal", "view",
                 "flatten")
_COMPUTE_METHODS = ("sum", "mean", "max", "min", "argmax", "argmin", "prod", "std", "var", "any",
                    "all", "cumsum", "cumprod", "clip", "round", "nonzero", "take", "repeat",
                    "dot", "argsort", "conj", "trace", "astype", "copy")


class ndarray:
    """CuPy's ``ndarray`` on the stand-in device; see the module docstring. Construct as CuPy
    does (``ndarray(shape, dtype=float)``: uninitialized memory) or get one from a stand-in
    function."""

    __slots__ = ("_array", "__weakref__")
    __array_priority__ = 100  # numpy defers its operators to ours
    __hash__ = None

    def __init__(self, shape, dtype=float, memptr=None, strides=None, order="C"):
        if memptr is not None or strides is not None:
            raise ValueError("the CuPy stand-in allocates its own memory: memptr and strides "
                             "are not supported")
        array = np.empty(shape, dtype, order=order)
        default_pool.register(array)
        self._array = array

    @classmethod
    def wrap(cls, array):
        """A device array holding numpy ``array`` (not copied: the caller gives it up);
        its buffer is charged to the memory pool unless it already is."""
        default_pool.register(owning_buffer(array))
        device = cls.__new__(cls)
        device._array = array
        return device

    # ------------------------------------------------------------ what numpy may not do
    def __array__(self, dtype=None, copy=None):
        raise TypeError(IMPLICIT_CONVERSION)

    def __array_ufunc__(self, numpy_ufunc, method, *inputs, **kwargs):
        function = module_ufuncs.get(numpy_ufunc.__name__)
        if function is None:
            return NotImplemented
        return function(*inputs, **kwargs) if method == "__call__" else \
            getattr(function, method)(*inputs, **kwargs)

    def __array_function__(self, function, types, args, kwargs):
        namespace = function.__module__.replace("numpy", "").strip(".")
        target = module_functions.get(".".join(filter(None, (namespace, function.__name__))))
        if target is None:
            return NotImplemented  # numpy then raises its own TypeError
        return target(*args, **kwargs)

    # ------------------------------------------------------------ metadata (no kernels)
    shape = property(lambda self: self._array.shape)
    dtype = property(lambda self: self._array.dtype)
    ndim = property(lambda self: self._array.ndim)
    size = property(lambda self: self._array.size)
    itemsize = property(lambda self: self._array.itemsize)
    nbytes = property(lambda self: self._array.nbytes)
    strides = property(lambda self: self._array.strides)
    flags = property(lambda self: self._array.flags)
    device = property(lambda self: Device(0))
    T = property(lambda self: self.transpose())
    real = property(lambda self: wrap_result(self._array.real, (self,)))
    imag = property(lambda self: wrap_result(self._array.imag, (self,)))

    def __len__(self):
        return len(self._array)

    def __iter__(self):
        for index in range(len(self)):
            yield self[index]

    # ------------------------------------------------------------ transfers to the host
    def get(self, stream=None, order="C", out=None, blocking=True):
        """A host numpy copy (a counted device-to-host transfer); into ``out`` if given."""
        host = np.array(self._array, order=order, copy=True)
        _transfer_to_host(host)
        if out is None:
            return host
        out[...] = host
        return out

    def set(self, arr, stream=None):
        """Copies host ``arr`` into this array (a counted host-to-device transfer)."""
        if not isinstance(arr, np.ndarray):
            raise TypeError("Only numpy.ndarray can be set to cupy.ndarray")
        if arr.shape != self.shape:
            raise ValueError("Shape mismatch. Old shape: %s, new shape: %s"
                             % (self.shape, arr.shape))
        counters.transfer("host_to_device", arr.nbytes)
        self._array[...] = arr

    def item(self):
        return _transfer_to_host(self._array).item()

    def tolist(self):
        return _transfer_to_host(self._array).tolist()

    def __float__(self):
        return float(_transfer_to_host(self._array))

    def __int__(self):
        return int(_transfer_to_host(self._array))

    def __index__(self):
        return operator.index(_transfer_to_host(self._array)[()])

    def __complex__(self):
        return complex(_transfer_to_host(self._array))

    def __bool__(self):
        return bool(_transfer_to_host(self._array))

    def __repr__(self):
        return repr(_transfer_to_host(self._array))

    def __str__(self):
        return str(_transfer_to_host(self._array))

    def __format__(self, spec):
        return format(_transfer_to_host(self._array)[()] if self.ndim == 0 else
                      self._array, spec)

    # ------------------------------------------------------------ indexing
    def __getitem__(self, key):
        host_key = unwrap(key)
        result = self._array[host_key]
        if isinstance(result, np.generic):  # an element: CuPy gives a 0-d view instead
            keys = host_key if isinstance(host_key, tuple) else (host_key,)
            result = self._array[keys + (Ellipsis,)]
        return wrap_result(result, (self, key))

    def __setitem__(self, key, value):
        self._array[unwrap(key)] = unwrap(value, allow_sequences=False)
        counters.launch()

    def __contains__(self, value):
        return bool((self == value).any())

    # ------------------------------------------------------------ methods
    def fill(self, value):
        self._array.fill(unwrap(value, allow_sequences=False))
        counters.launch()

    def sort(self, axis=-1, kind=None):
        self._array.sort(axis=axis)
        counters.launch()

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()


def _method(name):
    def call(self, *args, **kwargs):
        result = getattr(self._array, name)(*unwrap(args),
                                            **{k: unwrap(v) for k, v in kwargs.items()})
        return wrap_result(result, (self,) + args + tuple(kwargs.values()), kwargs.get("out"))
    call.__name__ = call.__qualname__ = name
    call.__doc__ = "CuPy's ``ndarray.%s``, computed by numpy on the host." % name
    return call


def _install_operators():
    for short, ufunc_name in _BINARY_OPERATORS.items():
        setattr(ndarray, "__%s__" % short, _operator(ufunc_name))
        setattr(ndarray, "__r%s__" % short, _operator(ufunc_name, reflected=True))
        setattr(ndarray, "__i%s__" % short, _operator(ufunc_name, in_place=True))
    setattr(ndarray, "__matmul__", lambda self, other: module_functions["matmul"](self, other))
    setattr(ndarray, "__rmatmul__", lambda self, other: module_functions["matmul"](other, self))
    for short, ufunc_name in _COMPARISONS.items():
        setattr(ndarray, "__%s__" % short, _operator(ufunc_name))
    for short, ufunc_name in _UNARY_OPERATORS.items():
        setattr(ndarray, "__%s__" % short,
                lambda self, _name=ufunc_name: module_ufuncs[_name](self))
    setattr(ndarray, "__pos__", lambda self: module_ufuncs["positive"](self))
    for name in _VIEW_METHODS + _COMPUTE_METHODS:
        setattr(ndarray, name, _method(name))


_install_operators()
