"""The rest of TF1's ``tf.assert_*`` family (``tf.debugging``): sign, near, rank and dtype
checks. What the static shape or dtype already decides is decided while building (an error, or
a no-op when it holds); the rest is an Assert op that fails the run.

>>> import autograd_engine as tf
>>> x = tf.placeholder(tf.float32, [None, 3])
>>> tf.assert_rank(x, 2).type  # known statically: nothing left to check at run time
'NoOp'
>>> tf.assert_rank(x, 3)
Traceback (most recent call last):
ValueError: Tensor Placeholder:0 must have rank 3. Received rank 2, shape (?, 3)
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import GraphKeys, get_collection, get_default_graph
from ..framework.tensor import TensorLike
from . import check_ops, elementwise_binary_ops, shape_ops
from .check_ops import assert_greater_equal, assert_less, assert_less_equal
from .constant_op import convert_to_tensor, stack
from .control_flow_ops import group, no_op
from .elementwise_unary_ops import abs  # noqa: A004
from .reduction_ops import reduce_all
from .slicing_ops import getitem
from .array_ops import reshape, zeros_like
from .variables import is_variable_initialized


def _zeros(x):
    return zeros_like(convert_to_tensor(x))


def assert_negative(x, data=None, summarize=None, message=None, name=None):
    """Checks ``x < 0`` for every element."""
    return assert_less(x, _zeros(x), data, summarize, message, name or "assert_negative")


def assert_non_negative(x, data=None, summarize=None, message=None, name=None):
    """Checks ``x >= 0`` for every element."""
    return assert_greater_equal(x, _zeros(x), data, summarize, message,
                                name or "assert_non_negative")


def assert_non_positive(x, data=None, summarize=None, message=None, name=None):
    """Checks ``x <= 0`` for every element."""
    return assert_less_equal(x, _zeros(x), data, summarize, message,
                             name or "assert_non_positive")


def assert_none_equal(x, y, data=None, summarize=None, message=None, name=None):
    """Checks ``x != y`` for every element."""
    x, y = convert_to_tensor(x), convert_to_tensor(y)
    text = (message + ": " if message else "") + \
        "Condition x != y did not hold for every single element:"
    return check_ops.assert_all(elementwise_binary_ops.not_equal(x, y),
                                [x, y] if data is None else data, text, summarize,
                                name or "assert_none_equal")


def assert_near(x, y, rtol=None, atol=None, data=None, summarize=None, message=None,
                name=None):
    """Checks ``|x - y| <= atol + rtol * |y|`` element-wise; the tolerances default to ten
    machine epsilons of the dtype."""
    x, y = convert_to_tensor(x), convert_to_tensor(y, dtype=None)
    eps = float(np.finfo(x.dtype.np_dtype).eps) if x.dtype.is_floating else 0.0
    rtol = 10 * eps if rtol is None else rtol
    atol = 10 * eps if atol is None else atol
    tolerance = atol + rtol * abs(y)
    difference = abs(x - y)
    text = (message + ": " if message else "") + \
        "x and y not equal to tolerance rtol = %s, atol = %s" % (rtol, atol)
    return check_ops.assert_all(elementwise_binary_ops.less_equal(difference, tolerance),
                                [x, y] if data is None else data, text, summarize,
                                name or "assert_near")


def assert_integer(x, message=None, name=None):
    """A no-op when ``x`` has an integer dtype, else a TypeError now."""
    x = convert_to_tensor(x)
    if not x.dtype.is_integer:
        raise TypeError("%sExpected \"x\" to be integer type.  Found: %s of dtype %s"
                        % (message + " " if message else "", x.name, x.dtype.name))
    return no_op(name or "statically_determined_was_integer")


def assert_type(tensor, tf_type, message=None, name=None):
    """A no-op when ``tensor`` has dtype ``tf_type``, else a TypeError now."""
    tensor = convert_to_tensor(tensor)
    tf_type = dtypes.as_dtype(tf_type)
    if tensor.dtype != tf_type:
        raise TypeError("%s%s must be of type %s; got %s"
                        % (message + " " if message else "", tensor.name, tf_type.name,
                           tensor.dtype.name))
    return no_op(name or "statically_determined_correct_type")


def _rank_check(x, allowed, describe, name, message):
    x = convert_to_tensor(x)
    rank = x.shape.ndims
    if rank is not None:
        if not allowed(rank):
            raise ValueError("%sTensor %s must have rank %s. Received rank %d, shape %s"
                             % (message + " " if message else "", x.name, describe, rank,
                                x.shape))
        return no_op(name)
    dynamic = shape_ops.rank(x)
    return check_ops.assert_all(allowed(dynamic), [dynamic], (message or "") +
                                " Tensor %s must have rank %s." % (x.name, describe), None, name)


def assert_rank(x, rank, data=None, summarize=None, message=None, name=None):
    """Rank ``rank``: decided now when the static rank is known, else checked at run time."""
    return _rank_check(x, lambda r: elementwise_binary_ops.equal(r, rank)
                       if isinstance(r, TensorLike) else r == rank, str(rank),
                       name or "assert_rank", message)


def assert_rank_at_least(x, rank, data=None, summarize=None, message=None, name=None):
    """Rank at least ``rank`` (decided now when the static rank is known)."""
    return _rank_check(x, lambda r: elementwise_binary_ops.greater_equal(r, rank)
                       if isinstance(r, TensorLike) else r >= rank, "at least %s" % rank,
                       name or "assert_rank_at_least", message)


def assert_rank_in(x, ranks, data=None, summarize=None, message=None, name=None):
    """Rank one of ``ranks`` (decided now when the static rank is known)."""
    ranks = tuple(ranks)

    def allowed(r):
        if not isinstance(r, TensorLike):
            return r in ranks
        matches = [elementwise_binary_ops.equal(r, k) for k in ranks]
        result = matches[0]
        for match in matches[1:]:
            result = elementwise_binary_ops.logical_or(result, match)
        return result
    return _rank_check(x, allowed, "in %s" % (ranks,), name or "assert_rank_in", message)


def assert_scalar(tensor, name=None, message=None):
    """``tensor`` itself when its static shape is scalar; ValueError otherwise."""
    tensor = convert_to_tensor(tensor)
    if tensor.shape.ndims != 0:
        raise ValueError("%sExpected scalar shape for %s, saw shape: %s."
                         % (message + " " if message else "", tensor.name, tensor.shape))
    return tensor


def assert_same_float_dtype(tensors=None, dtype=None):
    """The one floating dtype of ``tensors`` (and ``dtype``), float32 when there are none;
    ValueError when they differ or are not floating."""
    found = [dtypes.as_dtype(dtype)] if dtype is not None else []
    found += [convert_to_tensor(t).dtype for t in (tensors or [])]
    if not found:
        return dtypes.float32
    if any(d != found[0] for d in found):
        raise ValueError("Tensors and dtype have different types: %s"
                         % ", ".join(d.name for d in found))
    if not found[0].is_floating:
        raise ValueError("Expected floating point type, got %s." % found[0].name)
    return found[0]


def assert_proper_iterable(values):
    """TypeError when ``values`` is a tensor, an array or a string rather than a collection."""
    if isinstance(values, (TensorLike, np.ndarray, str, bytes)) or not hasattr(values,
                                                                                "__iter__"):
        raise TypeError("Expected argument \"values\" to be a \"proper\" iterable.  Found: %s"
                        % type(values))


def is_numeric_tensor(tensor):
    """Whether ``tensor`` is a tensor of a numeric dtype."""
    return isinstance(tensor, TensorLike) and (tensor.dtype.is_floating or
                                               tensor.dtype.is_integer or
                                               tensor.dtype.is_complex)


def _consecutive(x, compare, name):
    x = reshape(convert_to_tensor(x), [-1])
    return reduce_all(compare(getitem(x, slice(1, None)), getitem(x, slice(None, -1))),
                      name=name)


def is_non_decreasing(x, name=None):
    """Whether every element (in row-major order) is >= the one before."""
    return _consecutive(x, elementwise_binary_ops.greater_equal, name or "is_non_decreasing")


def is_strictly_increasing(x, name=None):
    """Whether every element (in row-major order) is > the one before."""
    return _consecutive(x, elementwise_binary_ops.greater, name or "is_strictly_increasing")


def add_check_numerics_ops():
    """One op running ``check_numerics`` on every floating-point tensor of the default graph
    (built so far): a NaN or Inf anywhere fails the run naming the tensor."""
    graph = get_default_graph()
    checks = []
    for op in graph.get_operations():
        for output in op.outputs:
            if output.dtype.is_floating:
                with graph.control_dependencies(checks[-1:]):  # one at a time, as TF1
                    checks.append(check_ops.check_numerics(
                        output, "%s : Tensor had NaN or Inf values" % output.name).op)
    return group(*checks, name="add_check_numerics_ops")


def assert_variables_initialized(var_list=None):
    """An op that fails the run when one of ``var_list`` (default: every global and local
    Variable) is not initialized."""
    if var_list is None:
        var_list = get_collection(GraphKeys.GLOBAL_VARIABLES) + \
            get_collection(GraphKeys.LOCAL_VARIABLES)
    if not var_list:
        return None
    ready = reduce_all(stack([is_variable_initialized(v) for v in var_list]))
    return check_ops.Assert(ready, [ready], name="assert_variables_initialized")
