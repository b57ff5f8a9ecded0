"""TF1's functional ops: ``tf.map_fn``, ``tf.scan``, ``tf.foldl`` and ``tf.foldr``.

All four are one :func:`~autograd_engine.ops.while_loop.while_loop` over the elements (the
slices of ``elems`` along axis 0), so their gradients are the loop's: they reach ``elems``,
the initializer and every outside tensor ``fn`` reads, however many elements there turn out to
be at run time.

The loop itself hands iteration t its slice of ``elems`` and stacks what ``map_fn`` and
``scan`` collect (``while_loop_collecting``: TF1's TensorArray unstack/read and write/stack),
so time and memory grow linearly with the number of elements, and the gradient with respect to
``elems`` is written row by row (1,000 rows of 784 in 0.04 s, 4,000 in 0.13 s; with a
``tf.gather`` per step and an accumulator rewritten every step, 0.29 s and 7.1 s).

``parallel_iterations`` and ``swap_memory`` are accepted, as TF1 programs pass them, and have
no effect: iterations run one after another, in host memory.
"""
import collections

from ..framework import dtypes, errors
from ..framework.graph import control_dependencies, name_scope
from ..framework.tensor import Tensor
from ..framework.tensor_shape import Dimension, TensorShape
from . import array_ops, check_ops, concat_split_ops, gather_ops, shape_ops
from .constant_op import convert_to_tensor
from .while_loop import while_loop_collecting


# ------------------------------------------------------------------ nested structures
# TF1's ``nest``: lists, tuples (namedtuples included) and dicts (in sorted key order) are
# structure; anything else (a tensor, an array, a number, a dtype) is a leaf.


def _is_sequence(value):
    return isinstance(value, (list, tuple, dict))


def _children(value):
    if isinstance(value, dict):
        return [value[key] for key in sorted(value)]
    return list(value)


def _flatten(structure):
    """The leaves of ``structure``, depth first."""
    if not _is_sequence(structure):
        return [structure]
    return [leaf for child in _children(structure) for leaf in _flatten(child)]


def _pack_as(structure, flat):
    """``flat`` (one value per leaf of ``structure``) arranged like ``structure``."""
    leaves = iter(flat)

    def build(template):
        if not _is_sequence(template):
            return next(leaves)
        items = [build(child) for child in _children(template)]
        if isinstance(template, dict):
            return type(template)(zip(sorted(template), items))
        if hasattr(template, "_fields"):  # a namedtuple
            return type(template)(*items)
        return type(template)(items)
    return build(structure)


def _same_structure_problem(first, second):
    """Why ``first`` and ``second`` differ in structure (None when they do not), as TF1's
    ``nest.assert_same_structure`` says it: (exception class, message)."""
    if _is_sequence(first) != _is_sequence(second):
        seq, other = (first, second) if _is_sequence(first) else (second, first)
        return ValueError, ('Substructure "type=%s str=%s" is a sequence, while substructure '
                            '"type=%s str=%s" is not' % (type(seq).__name__, seq,
                                                         type(other).__name__, other))
    if not _is_sequence(first):
        return None
    if type(first) is not type(second):
        return TypeError, ("The two structures don't have the same sequence type. First "
                           "structure has type %s, while second structure has type %s."
                           % (type(first), type(second)))
    if isinstance(first, dict) and set(first) != set(second):
        return ValueError, ("The two dictionaries don't have the same set of keys. First "
                            "structure has keys %s, while second structure has keys %s."
                            % (sorted(first), sorted(second)))
    if len(first) != len(second):
        return ValueError, ("The two structures don't have the same number of elements. First "
                            "structure has %d elements, second structure has %d elements."
                            % (len(first), len(second)))
    for a, b in zip(_children(first), _children(second)):
        problem = _same_structure_problem(a, b)
        if problem is not None:
            return problem
    return None


def _assert_same_structure(first, second):
    problem = _same_structure_problem(first, second)
    if problem is None:
        return
    cls, detail = problem
    if cls is TypeError:
        raise TypeError(detail)
    raise ValueError("The two structures don't have the same nested structure.\n\nFirst "
                     "structure: %s\n\nSecond structure: %s\n\nMore specifically: %s"
                     % (first, second, detail))


# ------------------------------------------------------------------ the shared loop
_Elements = collections.namedtuple("_Elements", "flat n n_static")


def _elements(elems, op_name):
    """The flat ``elems`` as tensors, their common length ``n`` (an int when known while
    building, else an int32 tensor) and its static value (None when unknown)."""
    flat = [convert_to_tensor(e, name="elem") for e in _flatten(elems)]
    if not flat:
        raise IndexError("%s: elems must be a tensor or a (nested) sequence of tensors, got %r, "
                         "which holds none" % (op_name, elems))
    for e in flat:
        if e.shape.ndims == 0:
            if len(flat) == 1:
                raise ValueError("elems must be a 1+ dimensional Tensor, not a scalar")
            raise ValueError("elements in elems must be 1+ dimensional Tensors, not scalars")
    leading = [e.shape[0] if e.shape.ndims is not None else Dimension(None) for e in flat]
    n_static = Dimension(None)
    for dim in leading:
        n_static = n_static.merge_with(dim)  # ValueError: "Dimensions 3 and 4 are not compatible"
    n_static = n_static.value
    if all(d.value is not None for d in leading):
        return _Elements(flat, n_static, n_static)
    n = n_static if n_static is not None else shape_ops.shape(flat[0])[0]
    if len(flat) > 1:  # some lengths are only known at run time: check them before looping
        checks = [check_ops.assert_equal(
            shape_ops.shape(e)[0], n,
            message="%s: all elems must have the same size along their first dimension"
            % op_name) for e in flat]
        with control_dependencies(checks):
            n = array_ops.identity(n)
    return _Elements(flat, n, n_static)


def _loop(step, elements, carry, first, reverse, back_prop):
    """Runs ``step(carry, element_values) -> (new carry, values to stack)`` over elements
    ``first, first + 1, ..., n - 1`` (``first, first - 1, ..., 0`` when ``reverse``). Returns
    the final carry, the step's values stacked in iteration order, and their static shapes.
    The loop hands each step its elements itself (TF1's TensorArray read), so the gradient
    with respect to ``elems`` is written row by row, not summed from dense per-step arrays."""
    n, n_carry, stacked_shapes = elements.n, len(carry), []

    def cond(i, *_):
        return i >= 0 if reverse else i < n

    def body(i, *state):
        new_carry, outs = step(list(state[:n_carry]), list(state[n_carry:]))
        stacked_shapes[:] = [o.shape for o in outs]
        return [i - 1 if reverse else i + 1] + list(new_carry), outs

    invariants = [TensorShape([])] + [c.shape for c in carry]
    final, stacked = while_loop_collecting(cond, body, [first] + list(carry),
                                           shape_invariants=invariants, back_prop=back_prop,
                                           sliced=elements.flat, slice_start=first,
                                           slice_step=-1 if reverse else 1)
    return final[1:], stacked, stacked_shapes


def _stacked(rows, elements, element_shape):
    """The stacked result with its static shape ``[n] + element_shape``; a shape of unknown
    rank (``infer_shape=False``) forgets what the loop knows, as TF1's TensorArray does."""
    if element_shape.ndims is None:
        return array_ops.placeholder_with_default(rows, shape=None)
    rows.set_shape(TensorShape([elements.n_static]).concatenate(element_shape))
    return rows


def _element_shape(shape, infer_shape):
    """The static shape of a stacked element: what ``fn`` gives, unless ``infer_shape`` is
    off (TF1's TensorArray then infers none)."""
    return shape if infer_shape else TensorShape(None)


def _check_callable(fn):
    if not callable(fn):
        raise TypeError("fn must be callable.")


def _first_values(elements, index):
    return [gather_ops.gather(e, index) for e in elements.flat]


# ------------------------------------------------------------------ public functions
def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False,
           infer_shape=True, name=None):
    """``fn`` applied to each slice of ``elems`` along axis 0, the results stacked.

    ``elems`` may be a (nested) list/tuple/dict of tensors, all with the same first dimension;
    ``fn`` then receives the same structure of slices. ``dtype`` gives the structure and dtypes
    of ``fn``'s output when they differ from ``elems``'.

    >>> import autograd_engine as tf
    >>> squares = tf.map_fn(lambda x: x * x, tf.constant([1.0, 2.0, 3.0]))
    >>> pairs = tf.map_fn(lambda p: p[0] + p[1], (tf.constant([1, 2]), tf.constant([10, 20])),
    ...                   dtype=tf.int32)
    >>> with tf.Session() as sess:
    ...     sess.run(squares).tolist(), sess.run(pairs).tolist()
    ([1.0, 4.0, 9.0], [11, 22])
    """
    _check_callable(fn)
    with name_scope(name, "map", [e for e in _flatten(elems) if isinstance(e, Tensor)]):
        elements = _elements(elems, "map_fn")
        if dtype is None:
            output_structure = elems
            dtype = _pack_as(elems, [e.dtype for e in elements.flat])
        else:
            output_structure = dtype
        dtype_flat = [dtypes.as_dtype(d) for d in _flatten(dtype)]

        def step(carry, values):
            out = fn(_pack_as(elems, values))
            _assert_same_structure(output_structure, out)
            flat = [convert_to_tensor(o, preferred_dtype=d)
                    for o, d in zip(_flatten(out), dtype_flat)]
            for o, d in zip(flat, dtype_flat):
                if o.dtype != d:
                    raise errors.InvalidArgumentError(
                        None, o.op, "map_fn: fn returned %s where dtype says %s: TensorArray "
                        "dtype is %s but Op is trying to write dtype %s"
                        % (o.dtype.name, d.name, d.name, o.dtype.name))
            return [], flat

        _, stacked, shapes = _loop(step, elements, [], 0, False, back_prop)
        results = [_stacked(rows, elements, _element_shape(shape, infer_shape))
                   for rows, shape in zip(stacked, shapes)]
        return _pack_as(output_structure, results)


def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
         infer_shape=True, reverse=False, name=None):
    """Every intermediate accumulator of ``a = fn(a, x)`` over the slices ``x`` of ``elems``
    along axis 0, stacked. Without ``initializer`` the first element starts the accumulation
    (and is the first row of the result); ``reverse=True`` scans from the last element.

    >>> import autograd_engine as tf
    >>> sums = tf.scan(lambda a, x: a + x, tf.constant([1, 2, 3, 4]))
    >>> from_end = tf.scan(lambda a, x: a + x, tf.constant([1, 2, 3, 4]), reverse=True)
    >>> with tf.Session() as sess:
    ...     sess.run(sums).tolist(), sess.run(from_end).tolist()
    ([1, 3, 6, 10], [10, 9, 7, 4])
    """
    _check_callable(fn)
    with name_scope(name, "scan", [e for e in _flatten(elems) if isinstance(e, Tensor)]):
        elements = _elements(elems, "scan")
        n = elements.n
        first = n - 1 if reverse else 0
        if initializer is None:
            output_structure = elems
            carry = _first_values(elements, first)
        else:
            output_structure = initializer
            carry = [convert_to_tensor(a) for a in _flatten(initializer)]

        def step(a_flat, values):
            out = fn(_pack_as(output_structure, a_flat), _pack_as(elems, values))
            _assert_same_structure(output_structure, out)
            flat = [convert_to_tensor(o, preferred_dtype=a.dtype)
                    for o, a in zip(_flatten(out), a_flat)]
            return flat, flat

        start = first - 1 if reverse else first + 1
        _, stacked, shapes = _loop(step, elements, carry, start if initializer is None else first,
                                   reverse, back_prop)
        results = []
        for rows, a, shape in zip(stacked, carry, shapes):
            if reverse:  # gathered from the last element back: put them in element order
                rows = array_ops.reverse(rows, [0])
            if initializer is None:  # the first element is also the first row of the result
                edge = array_ops.expand_dims(a if back_prop else array_ops.stop_gradient(a), 0)
                rows = concat_split_ops.concat([rows, edge] if reverse else [edge, rows], 0)
            results.append(_stacked(rows, elements,
                                    _element_shape(a.shape.merge_with(shape), infer_shape)))
        return _pack_as(output_structure, results)


def _fold(fn, elems, initializer, back_prop, name, reverse):
    _check_callable(fn)
    default_name = "foldr" if reverse else "foldl"
    with name_scope(name, default_name, [e for e in _flatten(elems) if isinstance(e, Tensor)]):
        elements = _elements(elems, default_name)
        first = elements.n - 1 if reverse else 0
        if initializer is None:
            structure = elems
            carry = _first_values(elements, first)
            first = first - 1 if reverse else first + 1
        else:
            structure = initializer
            carry = [convert_to_tensor(a) for a in _flatten(initializer)]

        def step(a_flat, values):
            out = fn(_pack_as(structure, a_flat), _pack_as(elems, values))
            _assert_same_structure(structure, out)
            return [convert_to_tensor(o, preferred_dtype=a.dtype)
                    for o, a in zip(_flatten(out), a_flat)], []

        carry, _, _ = _loop(step, elements, carry, first, reverse, back_prop)
        return _pack_as(structure, carry)


def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True,
          swap_memory=False, name=None):
    """``fn(...fn(fn(initializer, x0), x1)..., x_{n-1})`` over the slices of ``elems`` along
    axis 0; without ``initializer``, ``x0`` starts the fold.

    >>> import autograd_engine as tf
    >>> total = tf.foldl(lambda a, x: a * 10 + x, tf.constant([1, 2, 3]))
    >>> with tf.Session() as sess:
    ...     int(sess.run(total))
    123
    """
    return _fold(fn, elems, initializer, back_prop, name, reverse=False)


def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True,
          swap_memory=False, name=None):
    """Like :func:`foldl`, from the last element to the first; without ``initializer`` the
    last element starts the fold.

    >>> import autograd_engine as tf
    >>> total = tf.foldr(lambda a, x: a * 10 + x, tf.constant([1, 2, 3]))
    >>> with tf.Session() as sess:
    ...     int(sess.run(total))
    321
    """
    return _fold(fn, elems, initializer, back_prop, name, reverse=True)


__all__ = ["map_fn", "scan", "foldl", "foldr"]
