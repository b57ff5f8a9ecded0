"""Nested element structures of tf.data: tuples, namedtuples and dicts of components.

As in TF1's tf.data, tuples (and namedtuples) and dicts are structure, while a list is one
component (``from_tensor_slices([1, 2, 3])`` slices a vector). Dict entries are visited in
sorted key order, so the flat order does not depend on insertion order.

>>> flatten(({"b": 1, "a": 2}, 3))
[2, 1, 3]
>>> pack_as(({"b": 0, "a": 0}, 0), [2, 1, 3])
({'a': 2, 'b': 1}, 3)
"""
from ..framework import dtypes
from ..framework.tensor_shape import TensorShape, as_shape


def _is_namedtuple(value):
    return isinstance(value, tuple) and hasattr(value, "_fields")


def flatten(structure):
    """The leaves of ``structure`` in a fixed order (iteratively: no recursion limit)."""
    leaves, stack = [], [structure]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item[key] for key in sorted(item, reverse=True))
        elif isinstance(item, tuple):
            stack.extend(reversed(item))
        else:
            leaves.append(item)
    return leaves


def pack_as(structure, flat):
    """``flat`` (as many leaves as ``structure`` has) arranged like ``structure``."""
    leaves = iter(flat)

    def build(template):
        if isinstance(template, dict):
            built = {key: build(template[key]) for key in sorted(template)}
            return type(template)(built) if type(template) is not dict else built
        if _is_namedtuple(template):
            return type(template)(*[build(t) for t in template])
        if isinstance(template, tuple):
            return tuple(build(t) for t in template)
        return next(leaves)
    return build(structure)


def map_structure(func, structure):
    """``structure`` with ``func`` applied to every leaf."""
    return pack_as(structure, [func(leaf) for leaf in flatten(structure)])


def as_call_arguments(element):
    """How an element is passed to a ``map``/``filter`` function: a tuple's components as
    separate arguments, anything else (a dict, a single tensor) as one argument."""
    if isinstance(element, tuple) and not _is_namedtuple(element):
        return tuple(element)
    return (element,)


def element_structure(output_types, output_shapes=None):
    """``(types, shapes)``: the element structure a user declares (``from_generator``,
    ``Iterator.from_structure``) as DTypes and TensorShapes of the same nest; shapes are unknown
    where not given.

    >>> element_structure(("float32", "int32"), ([None, 2], []))
    ((tf.float32, tf.int32), (TensorShape([Dimension(None), Dimension(2)]), TensorShape([])))
    """
    types = map_structure(dtypes.as_dtype, output_types)
    if output_shapes is None:
        return types, map_structure(lambda _: TensorShape(None), types)
    return types, pack_as(types, _shape_leaves(output_shapes, types))


def _shape_leaves(output_shapes, types):
    """``output_shapes`` flattened like ``types`` (a shape is itself a list, so it is a leaf
    where ``types`` has a dtype)."""
    if isinstance(types, dtypes.DType):
        return [as_shape(output_shapes)]
    if isinstance(types, dict):
        if not isinstance(output_shapes, dict) or set(output_shapes) != set(types):
            raise TypeError("output_shapes %r does not match the structure of output_types %r"
                            % (output_shapes, types))
        return [s for key in sorted(types) for s in _shape_leaves(output_shapes[key], types[key])]
    if not isinstance(output_shapes, (tuple, list)) or len(output_shapes) != len(types):
        raise TypeError("output_shapes %r does not match the structure of output_types %r"
                        % (output_shapes, types))
    return [s for shape, t in zip(output_shapes, types) for s in _shape_leaves(shape, t)]


def shape_text(shape):
    """``(3,)``, ``(?, 2)``: how TF1's tf.data messages print a shape."""
    dims = as_shape(shape).as_tuple()
    return "<unknown>" if dims is None else str(tuple(dims)).replace("None", "?")


__all__ = ["flatten", "pack_as", "map_structure", "as_call_arguments", "element_structure",
           "shape_text"]
