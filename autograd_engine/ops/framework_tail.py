"""Top-level TF1 helpers of the framework tail, built from existing ops (their gradients come
from those ops): tensor predicates and static values, ``switch_case``, ``grad_pass_through``,
``recompute_grad``, ``vectorized_map``, ``clip_by_average_norm``, ``realdiv``,
``histogram_fixed_width_bins``, ``required_space_to_batch_paddings``, ``AggregationMethod``,
``guarantee_const``/``check_pinned``, ``convert_to_tensor_or_indexed_slices``.

>>> import autograd_engine as tf
>>> get_static_value(tf.constant([1, 2]) * 3) is None, get_static_value(tf.constant(4))
(True, array(4, dtype=int32))
"""
import contextlib
import functools

import numpy as np

from ..framework import dtypes, nest
from ..framework.graph import get_default_graph
from ..framework.tensor import Tensor
from . import array_ops
from .clip_ops import clip_by_norm
from .constant_op import constant_value, convert_to_tensor, stack
from .control_flow_ops import case
from .elementwise_binary_ops import equal, maximum, minimum, truediv
from .elementwise_unary_ops import cast, floor
from .functional_ops import map_fn
from .indexed_slices import IndexedSlices
from .shape_ops import size
from .sparse_tensor import SparseTensor


class AggregationMethod:
    """How ``tf.gradients`` sums the gradients reaching one tensor (``aggregation_method=``):
    every method gives the same sum here (one ``AddN``)."""
    ADD_N = 0
    DEFAULT = ADD_N
    EXPERIMENTAL_TREE = 1
    EXPERIMENTAL_ACCUMULATE_N = 2


def is_tensor(x):
    """Whether ``x`` is a graph tensor (a Tensor, SparseTensor or IndexedSlices), not a Python
    or numpy value.

    >>> import autograd_engine as tf
    >>> is_tensor(tf.constant(1.0)), is_tensor(1.0)
    (True, False)
    """
    return isinstance(x, (Tensor, SparseTensor, IndexedSlices))


def is_symbolic_tensor(tensor):
    """Whether ``tensor`` is a graph tensor (every Tensor is, graphs being the only mode)."""
    return isinstance(tensor, Tensor)


def get_static_value(tensor, partial=False):
    """``tensor``'s value when it is known while building the graph (constants and what is
    computed from them by shape and stacking ops), else None; Python and numpy values come
    back as arrays."""
    if not is_tensor(tensor):
        return np.asarray(tensor)
    if not isinstance(tensor, Tensor):
        return None
    value = constant_value(tensor)
    return None if value is None else np.array(value)


def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """The result of ``branch_fns[branch_index]()`` (a list, or a dict of int keys); an index
    out of range runs ``default`` (the last branch when None), as TF. Only the branch taken
    runs (``tf.case``).

    >>> import autograd_engine as tf
    >>> i = tf.placeholder(tf.int32, [])
    >>> out = switch_case(i, [lambda: tf.constant(10), lambda: tf.constant(20)])
    >>> with tf.Session() as sess:
    ...     int(sess.run(out, {i: 1})), int(sess.run(out, {i: 7}))
    (20, 20)
    """
    pairs = sorted(branch_fns.items()) if isinstance(branch_fns, dict) else \
        list(enumerate(branch_fns))
    if not pairs:
        raise ValueError("branch_fns must not be empty")
    for key, fn in pairs:
        if not isinstance(key, int) or not callable(fn):
            raise TypeError("branch_fns must be callables keyed by Python ints, got %r" % (key,))
    with get_default_graph().name_scope(name):
        index = convert_to_tensor(branch_index, dtype=dtypes.int32)
        if default is None:
            pairs, default = pairs[:-1], pairs[-1][1]
        return case([(equal(index, key), fn) for key, fn in pairs], default=default,
                    exclusive=True)


def grad_pass_through(f):
    """``f`` whose gradient is the identity: the forward value is ``f(x)``, the gradient
    reaching ``x`` is the gradient of the output (a straight-through estimator)."""
    @functools.wraps(f)
    def wrapped(x, *args, **kwargs):
        x = convert_to_tensor(x)
        value = convert_to_tensor(f(x, *args, **kwargs))
        return x + array_ops.stop_gradient(value - x)
    return wrapped


def recompute_grad(f):
    """``f`` itself: TF recomputes ``f``'s forward pass during the backward one to save memory;
    a plan here already frees each intermediate after its last use, and the values and
    gradients are the same."""
    @functools.wraps(f)
    def wrapped(*args, **kwargs):
        return f(*args, **kwargs)
    return wrapped


def vectorized_map(fn, elems, fallback_to_while_loop=True):
    """``fn`` applied to each slice of ``elems`` along axis 0 (a ``tf.map_fn`` over
    ``elems``: the same values as TF's vectorized form)."""
    # the output dtypes (map_fn's dtype=) from fn applied to the first slice, in a scope of its
    # own: those probe ops are never run
    with get_default_graph().name_scope("vectorized_map_probe"):
        dtype = _dtypes_of(fn(_slice0(elems)))
    return map_fn(fn, elems, dtype=dtype)


def _slice0(elems):
    if isinstance(elems, (list, tuple)):
        return type(elems)(_slice0(e) for e in elems)
    return convert_to_tensor(elems)[0]


def _dtypes_of(value):
    if isinstance(value, (list, tuple)):
        return type(value)(_dtypes_of(v) for v in value)
    return convert_to_tensor(value).dtype


def clip_by_average_norm(t, clip_norm, name=None):
    """``t`` scaled so that its L2 norm divided by its number of elements is at most
    ``clip_norm`` (TF1's deprecated form of ``clip_by_norm(t, clip_norm * size(t))``)."""
    with get_default_graph().name_scope(name or "clip_by_average_norm"):
        t = convert_to_tensor(t)
        n = cast(size(t), t.dtype)
        return clip_by_norm(t, convert_to_tensor(clip_norm, dtype=t.dtype) * n)


def realdiv(x, y, name=None):
    """Element-wise ``x / y`` for real (floating) tensors."""
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        raise TypeError("tf.realdiv needs floating inputs, got %s" % x.dtype.name)
    return truediv(x, y, name=name)


def histogram_fixed_width_bins(values, value_range, nbins=100, dtype=dtypes.int32, name=None):
    """The bin index of each of ``values`` among ``nbins`` equal bins over ``value_range``
    ``[low, high]`` (values below fall in bin 0, above in the last), in ``values``' shape."""
    with get_default_graph().name_scope(name or "histogram_fixed_width_bins"):
        values = convert_to_tensor(values)
        value_range = convert_to_tensor(value_range, dtype=values.dtype)
        low, high = value_range[0], value_range[1]
        index = cast(floor((values - low) / (high - low) * float(nbins)), dtype)
        return minimum(maximum(index, 0), int(nbins) - 1)


def required_space_to_batch_paddings(input_shape, block_shape, base_paddings=None, name=None):
    """``(paddings, crops)`` making each of ``input_shape`` (plus ``base_paddings``) a
    multiple of ``block_shape``, for ``space_to_batch_nd`` and back."""
    with get_default_graph().name_scope(name or "required_space_to_batch_paddings"):
        input_shape = convert_to_tensor(input_shape, dtype=dtypes.int32)
        block_shape = convert_to_tensor(block_shape, dtype=dtypes.int32)
        if base_paddings is None:
            base_paddings = array_ops.zeros(stack([size(block_shape), 2]), dtypes.int32)
        base_paddings = convert_to_tensor(base_paddings, dtype=dtypes.int32)
        pad_start = base_paddings[:, 0]
        full = input_shape + pad_start + base_paddings[:, 1]
        pad_end = base_paddings[:, 1] + (block_shape - full % block_shape) % block_shape
        crop_end = pad_end - base_paddings[:, 1]
        paddings = stack([pad_start, pad_end], axis=1, name="paddings")
        crops = stack([array_ops.zeros_like(pad_start), crop_end], axis=1, name="crops")
        return paddings, crops


def guarantee_const(input, name=None):  # noqa: A002 - TF1's name
    """``input`` (a promise to TF's runtime that it is constant: nothing to do here)."""
    return array_ops.identity(input, name=name or "GuaranteeConst")


def check_pinned(input, name=None):  # noqa: A002 - TF1's name
    """``input`` (TF's check that a tensor is pinned in host memory: nothing to check)."""
    return array_ops.identity(input, name=name or "CheckPinned")


def convert_to_tensor_or_indexed_slices(value, dtype=None, name=None):
    """``value`` unchanged when it is IndexedSlices (or a SparseTensor), else as a Tensor."""
    if isinstance(value, (IndexedSlices, SparseTensor)):
        if dtype is not None and dtypes.as_dtype(dtype) != value.dtype:
            raise ValueError("Tensor conversion requested dtype %s for %s with dtype %s"
                             % (dtypes.as_dtype(dtype).name, type(value).__name__,
                                value.dtype.name))
        return value
    return convert_to_tensor(value, dtype=dtype, name=name)


@contextlib.contextmanager
def container(container_name):
    """TF1's resource container scope (``with tf.container("name"):``). TF groups the
    Variables and queues created inside so that ``Session.reset(target, ["name"])`` can free
    them on a server; this engine keeps state per Session (closing it frees everything), so
    the scope is accepted, checked, and changes nothing.

    >>> import autograd_engine as tf
    >>> with tf.container("experiment_1"):
    ...     v = tf.Variable(1.0)
    """
    if not isinstance(container_name, str):
        raise TypeError("container_name must be a string, got %r" % (container_name,))
    yield container_name


def nondifferentiable_batch_function(num_batch_threads, max_batch_size, batch_timeout_micros,
                                     allowed_batch_sizes=None, max_enqueued_batches=10,
                                     autograph=True, enable_large_batch_splitting=True):
    """TF1's decorator that batches concurrent calls of a serving function. Each call here
    runs the function on its own batch, which gives the same values (batching only changes
    how calls share work); the outputs carry no gradient, as TF's. The arguments are checked
    as TF checks them.

    >>> import autograd_engine as tf
    >>> @tf.nondifferentiable_batch_function(1, 4, 1000)
    ... def double(x):
    ...     return x * 2
    >>> tf.Session().run(double(tf.constant([1.0, 2.0]))).tolist()
    [2.0, 4.0]
    """
    if int(num_batch_threads) < 1 or int(max_batch_size) < 1:
        raise ValueError("num_batch_threads and max_batch_size must be positive, got %s and %s"
                         % (num_batch_threads, max_batch_size))
    if int(batch_timeout_micros) < 0:
        raise ValueError("batch_timeout_micros must be >= 0, got %s" % batch_timeout_micros)
    if allowed_batch_sizes:
        sizes = [int(s) for s in allowed_batch_sizes]
        if sizes != sorted(set(sizes)) or sizes[-1] != int(max_batch_size):
            raise ValueError("allowed_batch_sizes must increase and end with max_batch_size "
                             "(%s), got %s" % (max_batch_size, list(allowed_batch_sizes)))

    def decorator(fn):
        @functools.wraps(fn)
        def batched(*args):
            outputs = fn(*[convert_to_tensor(a) for a in args])
            return nest.map_structure(array_ops.stop_gradient, outputs)
        return batched
    return decorator


__all__ = ["AggregationMethod", "nondifferentiable_batch_function", "check_pinned",
           "clip_by_average_norm", "container",
           "convert_to_tensor_or_indexed_slices", "get_static_value", "grad_pass_through",
           "guarantee_const", "histogram_fixed_width_bins", "is_symbolic_tensor", "is_tensor",
           "realdiv", "recompute_grad", "required_space_to_batch_paddings", "switch_case",
           "vectorized_map"]
