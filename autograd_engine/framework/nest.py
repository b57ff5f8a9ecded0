"""``tf.nest``: nested structures of lists, tuples, namedtuples and dicts, as TF's ``nest``.

Unlike tf.data's element structures (``data/structure.py``), lists are structure here, as in
TF's ``tf.nest``. Dict entries are visited in sorted key order. Walks are iterative, so deep
nests do not hit Python's recursion limit.

>>> flatten({"b": [1, 2], "a": (3, None)})
[3, None, 1, 2]
>>> pack_sequence_as({"b": [0, 0], "a": (0, 0)}, [1, 2, 3, 4])
{'b': [3, 4], 'a': (1, 2)}
>>> map_structure(lambda x, y: x + y, [1, (2, 3)], [10, (20, 30)])
[11, (22, 33)]
"""
import collections.abc


def _is_namedtuple(value):
    return isinstance(value, tuple) and hasattr(value, "_fields")


def is_nested(structure):
    """Whether ``structure`` is a list, tuple, namedtuple or dict (not a leaf)."""
    return isinstance(structure, (list, tuple, collections.abc.Mapping))


is_sequence = is_nested  # TF1's older name


def _children(item):
    if isinstance(item, collections.abc.Mapping):
        return [item[key] for key in sorted(item)]
    return list(item)


def flatten(structure, expand_composites=False):
    """The leaves of ``structure`` in order; a leaf (even ``None``) gives ``[structure]``."""
    del expand_composites
    leaves, stack = [], [structure]
    while stack:
        item = stack.pop()
        if is_nested(item):
            stack.extend(reversed(_children(item)))
        else:
            leaves.append(item)
    return leaves


def _rebuild(template, children):
    if isinstance(template, collections.abc.Mapping):
        values = dict(zip(sorted(template), children))
        ordered = {key: values[key] for key in template}
        return ordered if type(template) is dict else type(template)(ordered)
    if _is_namedtuple(template):
        return type(template)(*children)
    return type(template)(children)


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """``flat_sequence`` arranged like ``structure`` (as many leaves as it has)."""
    del expand_composites
    flat = list(flat_sequence)
    count = len(flatten(structure))
    if count != len(flat):
        raise ValueError("Could not pack sequence. Structure had %d elements, but flat_sequence "
                         "had %d elements.  Structure: %s, flat_sequence: %s."
                         % (count, len(flat), structure, flat_sequence))
    if not is_nested(structure):
        return flat[0]
    leaves = iter(flat)
    # Post-order without recursion: (node, built children or None when not yet expanded).
    stack, results = [(structure, None)], []
    while stack:
        node, expanded = stack.pop()
        if not is_nested(node):
            results.append(next(leaves))
        elif expanded is None:
            kids = _children(node)
            stack.append((node, len(kids)))
            stack.extend((kid, None) for kid in reversed(kids))
        else:
            children = results[len(results) - expanded:] if expanded else []
            del results[len(results) - expanded:]
            results.append(_rebuild(node, children))
    return results[0]


def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False):
    """Raises ValueError when the two nests differ in shape (and TypeError, with
    ``check_types``, when a node's sequence type differs)."""
    del expand_composites
    stack = [(nest1, nest2)]
    while stack:
        a, b = stack.pop()
        if is_nested(a) != is_nested(b):
            raise ValueError("The two structures don't have the same nested structure.\n\n"
                             "First structure: %s\n\nSecond structure: %s\n\nMore specifically: "
                             "%r is %s a sequence, while %r is %s."
                             % (nest1, nest2, a, "" if is_nested(a) else "not", b,
                                "" if is_nested(b) else "not"))
        if not is_nested(a):
            continue
        if check_types and type(a) is not type(b):
            raise TypeError("The two structures don't have the same sequence type. First "
                            "structure has type %s, while second structure has type %s."
                            % (type(a), type(b)))
        if isinstance(a, collections.abc.Mapping) and set(a) != set(b):
            raise ValueError("The two dictionaries don't have the same set of keys. First "
                             "structure has keys %s, while second structure has keys %s."
                             % (sorted(a), sorted(b)))
        ka, kb = _children(a), _children(b)
        if len(ka) != len(kb):
            raise ValueError("The two structures don't have the same number of elements.\n\n"
                             "First structure (%d elements): %s\n\nSecond structure (%d "
                             "elements): %s" % (len(ka), nest1, len(kb), nest2))
        stack.extend(zip(ka, kb))


def map_structure(func, *structure, **kwargs):
    """``func`` applied leaf-wise to one or more nests of the same structure."""
    check_types = kwargs.pop("check_types", True)
    kwargs.pop("expand_composites", None)
    if kwargs:
        raise ValueError("Only valid keyword arguments are `check_types` and "
                         "`expand_composites`, not: %s" % sorted(kwargs))
    if not structure:
        raise ValueError("Must provide at least one structure")
    for other in structure[1:]:
        assert_same_structure(structure[0], other, check_types=check_types)
    flats = [flatten(s) for s in structure]
    return pack_sequence_as(structure[0], [func(*leaves) for leaves in zip(*flats)])


__all__ = ["assert_same_structure", "flatten", "is_nested", "is_sequence", "map_structure",
           "pack_sequence_as"]
