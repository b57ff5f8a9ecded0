"""The element streams a running pipeline is made of: plain Python generators over elements
(tuples of arrays), with no graph in sight. The datasets in ``dataset_ops.py`` compose them
when a Session binds an iterator.
"""
import itertools

from ..framework.tensor_shape import TensorShape
from .structure import flatten, shape_text


def chunks(elements, size, drop_remainder):
    """Lists of ``size`` consecutive elements; the last one shorter unless ``drop_remainder``
    (then it is left out)."""
    while True:
        chunk = list(itertools.islice(elements, size))
        if not chunk or (drop_remainder and len(chunk) < size):
            return
        yield chunk


def stack_components(stack, chunk):
    """One batch: each component of the elements in ``chunk`` stacked along a new first axis,
    with TF1's message when their shapes differ."""
    batch = []
    for index, component in enumerate(zip(*chunk)):
        try:
            batch.append(stack(component))
        except ValueError:
            first = getattr(component[0], "shape", ())
            other = next(i for i, c in enumerate(component) if getattr(c, "shape", ()) != first)
            raise ValueError(
                "Cannot batch tensors with different shapes in component %d. First element had "
                "shape %s and element %d had shape %s." % (
                    index, list(first), other, list(component[other].shape))) from None
    return tuple(batch)


def buffered_shuffle(elements, buffer_size, rng):
    """``elements`` shuffled through a buffer of ``buffer_size``, as TF does: each output is
    drawn at random from the buffer, and its slot refilled with the next input element."""
    # int(random() * n) rather than randrange(n): 4x faster, and its bias (about n in 2**53)
    # is far below anything a shuffle could show.
    draw = rng.random
    buffer = list(itertools.islice(elements, buffer_size))
    n = len(buffer)
    for element in elements:  # draw one, refill its slot with the next input element
        i = int(draw() * n)
        yield buffer[i]
        buffer[i] = element
    while n:
        i = int(draw() * n)
        yield buffer[i]
        n -= 1
        buffer[i] = buffer[n]


def repeated(epoch, count):
    """The elements of ``epoch()`` (a fresh pass each call), ``count`` passes over (forever for
    -1); stops after a pass that produced nothing, which forever would never end."""
    passes = itertools.count() if count == -1 else range(count)
    for _ in passes:
        produced = False
        for element in epoch():
            produced = True
            yield element
        if not produced:
            return


def element_converter(xp, structure, types, shapes):
    """``convert(value)``: a value a ``from_generator`` generator yielded, as a tuple of arrays
    of the declared ``types`` (flat DTypes), checked against the element ``structure`` and the
    declared ``shapes`` (flat TensorShapes), with TF1's messages."""
    np_types = [t.np_dtype for t in types]
    expected = [s.as_tuple() for s in shapes]
    nested = isinstance(structure, (tuple, dict))

    def convert(value):
        leaves = flatten(value) if nested else [value]
        if len(leaves) != len(np_types) or (nested and not isinstance(value, type(structure))):
            raise TypeError("`generator` yielded an element that did not match the expected "
                            "structure. The expected structure was %s, but the yielded element "
                            "was %r." % (structure, value))
        arrays = []
        for leaf, np_type, dtype, dims in zip(leaves, np_types, types, expected):
            try:
                array = xp.asarray(leaf, dtype=np_type)
            except (TypeError, ValueError):
                raise TypeError("`generator` yielded an element that could not be converted to "
                                "the expected type. The expected type was %s, but the yielded "
                                "element was %r." % (dtype.name, leaf)) from None
            if dims is not None and (len(dims) != array.ndim or any(
                    d is not None and d != s for d, s in zip(dims, array.shape))):
                raise ValueError("`generator` yielded an element of shape %s where an element of "
                                 "shape %s was expected." % (shape_text(TensorShape(array.shape)),
                                                             shape_text(TensorShape(dims))))
            arrays.append(array)
        return tuple(arrays)
    return convert


__all__ = ["chunks", "stack_components", "buffered_shuffle", "repeated", "element_converter"]
