"""``tf.py_func`` and ``tf.numpy_function``: a Python function run on numpy values in the graph.

As in TF1 the op does not hold the function itself: it carries a token (``"pyfunc_3"``) under
which the function is registered, so the graph stays plain data (``export_meta_graph`` writes
the token). The registry keeps a function only while the graph that uses it lives.

There are two op types, as in TF1: ``PyFunc`` (``stateful=True``, the default) is never
folded into a constant or merged with a duplicate by the plan rewrites, so it runs every time;
``PyFuncStateless`` may be. Neither has a gradient (TF1 marks both not differentiable):
``tf.gradients`` treats a path through one as carrying none.
"""
import itertools
import traceback
import weakref

import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample, normal
from .registry import OpDef, make_op, register


class _Registered:
    """A registered function (a holder, so that functions that cannot be weakly referenced,
    such as numpy ufuncs, can be registered too)."""
    __slots__ = ("func", "__weakref__")

    def __init__(self, func):
        self.func = func


_FUNCS = weakref.WeakValueDictionary()  # token -> _Registered
_KEPT_BY_GRAPH = weakref.WeakKeyDictionary()  # graph -> the _Registered its ops use
_tokens = itertools.count()


def _register_func(func, graph):
    token = "pyfunc_%d" % next(_tokens)
    holder = _Registered(func)
    _FUNCS[token] = holder
    _KEPT_BY_GRAPH.setdefault(graph, []).append(holder)
    return token


def _tf_type_name(dtype):
    """A dtype as TF1's messages spell it (``float``, ``double``)."""
    name = dtype.name
    return {"float32": "float", "float64": "double", "float16": "half"}.get(name, name)


def _result_type_name(op, array):
    """The TF1 type name of one returned array; UnimplementedError for what TF1 cannot turn
    into a tensor at all."""
    if array.dtype.kind in "SU":
        return "string"
    if array.dtype.kind == "O":  # TF1 makes strings of bytes and str objects, nothing else
        for item in array.reshape(-1):
            if not isinstance(item, (bytes, str)):
                raise _op_error(errors.UnimplementedError, op,
                                "Unsupported object type %s" % type(item).__name__)
        return "string"
    try:
        return _tf_type_name(dtypes.as_dtype(array.dtype))
    except TypeError:
        raise _op_error(errors.UnimplementedError, op,
                        "Unsupported numpy type %s" % array.dtype) from None


# TF1's py_func maps the Python exception raised by the function to an error class this way.
_ERROR_CLASSES = [((ValueError, TypeError), errors.InvalidArgumentError),
                  (StopIteration, errors.OutOfRangeError),
                  (MemoryError, errors.ResourceExhaustedError),
                  (NotImplementedError, errors.UnimplementedError)]


def _error_from_exception(exc, op):
    cls = next((c for kinds, c in _ERROR_CLASSES if isinstance(exc, kinds)), errors.UnknownError)
    trace = "".join(traceback.format_tb(exc.__traceback__))
    return _op_error(cls, op, "%s: %s\nTraceback (most recent call last):\n%s"
                     % (type(exc).__name__, exc, trace))


def _op_error(cls, op, message):
    """An error of class ``cls`` naming the op as TF1 does (and the line that built it)."""
    return cls(None, op, "%s\n\t [[{{node %s}}]]%s" % (message, op.name, op.creation_site()))


def _as_results(value):
    """The function's return value as a list of arrays, TF1's way: a list or tuple is one
    output per item, ``None`` no output, anything else one output."""
    if value is None:
        return []
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    return [_owned(np.asarray(item, order="C")) for item in items]


def _owned(result):
    """A result the plan may hand out: a read-only one (an argument returned as it was, so a
    Variable's storage or a constant) is copied."""
    return result if result.flags.writeable else result.copy()


def _read_only(value):
    """An argument as TF1 passes it: a numpy scalar for a 0-d value, else an array, which the
    function cannot change in place (it may be a Variable's storage or a graph constant)."""
    view = np.asarray(value).view()
    if view.ndim == 0:
        return view[()]
    view.flags.writeable = False
    return view


class _PyFuncOp(OpDef):
    """Inputs: the function's arguments. Outputs: one per dtype of ``Tout``, of unknown
    shape. Attrs: ``token`` (the registered function) and ``Tout``."""
    differentiable = False
    output_is_view = True  # the function may return one of its inputs
    host_only = True  # the function takes and returns numpy arrays

    def infer(self, op):
        return [(dtype, TensorShape(None)) for dtype in op.attrs["Tout"]]

    def kernel(self, op, ctx):
        token, tout = op.attrs["token"], op.attrs["Tout"]
        to_numpy, to_device = ctx.backend.to_numpy, ctx.backend.asarray
        invalid = errors.InvalidArgumentError

        def call(*inputs):
            holder = _FUNCS.get(token)
            if holder is None:  # its graph is gone (an imported meta graph in a new process)
                raise _op_error(invalid, op, "ValueError: callback %s is not found" % token)
            args = [_read_only(to_numpy(x)) for x in inputs]
            try:
                value = holder.func(*args)
            except Exception as e:  # noqa: BLE001 - reported as TF1 does, naming the op
                raise _error_from_exception(e, op) from e
            results = _as_results(value)
            if len(results) != len(tout):
                raise _op_error(invalid, op, "%s returns %d values, but expects to see %d "
                                "values." % (token, len(results), len(tout)))
            for i, (result, dtype) in enumerate(zip(results, tout)):
                if result.dtype != dtype.np_dtype:
                    raise _op_error(invalid, op, "%d-th value returned by %s is %s, but expects "
                                    "%s" % (i, token, _result_type_name(op, result),
                                            _tf_type_name(dtype)))
            outputs = [to_device(r) for r in results]
            return outputs[0] if len(outputs) == 1 else tuple(outputs)
        return call


def _py_func_samples(stateful):
    """Conformance samples of ``py_func(..., stateful=stateful)``: one float64 result, two
    results of other dtypes (float32, int32) from two inputs, and a scalar."""
    def call(func, tout):
        return lambda *tensors: py_func(func, list(tensors), tout, stateful=stateful)

    def samples(rng):
        return [OpSample(call(lambda v: v * 2 + 1, dtypes.float64), normal(rng, 2, 3),
                         reference=lambda x: x * 2 + 1),
                OpSample(call(lambda v, k: (v.sum(axis=0), k // 2),
                              [dtypes.float32, dtypes.int32]),
                         normal(rng, 3, 2).astype(np.float32), rng.integers(-9, 9, 4, np.int32),
                         reference=lambda x, n: [x.sum(axis=0), n // 2]),
                OpSample(call(np.negative, dtypes.float64), normal(rng),
                         reference=lambda x: -x)]
    return samples


@register
class PyFunc(_PyFuncOp):
    type_name = "PyFunc"
    stateful = True  # may have side effects or give a new value each run: never fold or merge
    samples = staticmethod(_py_func_samples(stateful=True))


@register
class PyFuncStateless(_PyFuncOp):
    type_name = "PyFuncStateless"
    samples = staticmethod(_py_func_samples(stateful=False))


def py_func(func, inp, Tout, stateful=True, name=None):  # noqa: N803 - TF1's argument name
    """An op running ``func`` on the numpy values of the tensors ``inp``; ``Tout`` gives the
    result's dtype (one tensor) or a list of dtypes (a list of tensors). ``func``'s results
    must have exactly those dtypes; their shapes are unknown while building. Not
    differentiable. ``stateful=False`` lets the plan rewrites fold or merge the op.

    >>> import numpy as np, autograd_engine as tf
    >>> x = tf.constant([1.0, 4.0, 9.0])
    >>> root = tf.py_func(np.sqrt, [x], tf.float32)
    >>> low, high = tf.py_func(lambda v: (v.min(), v.max()), [x], [tf.float32, tf.float32])
    >>> with tf.Session() as sess:
    ...     sess.run(root).tolist(), float(sess.run(high))
    ([1.0, 2.0, 3.0], 9.0)
    """
    if not callable(func):
        raise TypeError("func must be callable, got %r" % (func,))
    op_type = "PyFunc" if stateful else "PyFuncStateless"
    if not isinstance(inp, (list, tuple)):
        raise TypeError("Expected list for 'input' argument to '%s' Op, not %r."
                        % (op_type, inp))
    is_list = isinstance(Tout, (list, tuple))
    tout = tuple(dtypes.as_dtype(d) for d in (Tout if is_list else [Tout]))
    inputs = [convert_to_tensor(x) for x in inp]
    graph = inputs[0].graph if inputs else get_default_graph()
    token = _register_func(func, graph)
    op = make_op(op_type, inputs, {"token": token, "Tout": tout}, name, graph=graph)
    if not tout:
        return op
    return list(op.outputs) if is_list else op.outputs[0]


def numpy_function(func, inp, Tout, name=None):  # noqa: N803 - TF1's argument name
    """TF1.15's name for a stateful :func:`py_func`.

    >>> import autograd_engine as tf
    >>> doubled = tf.numpy_function(lambda v: v * 2, [tf.constant([1, 2])], tf.int32)
    >>> with tf.Session() as sess:
    ...     sess.run(doubled).tolist()
    [2, 4]
    """
    return py_func(func, inp, Tout, stateful=True, name=name)


__all__ = ["py_func", "numpy_function"]
