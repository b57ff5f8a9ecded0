"""Keras's merge layers: several tensors of one model in, one out. ``Add``, ``Subtract``,
``Multiply``, ``Average``, ``Maximum`` and ``Minimum`` combine their inputs element by element
(shapes must broadcast, batch sizes must agree), ``Concatenate`` joins them along ``axis`` and
``Dot`` takes per-sample dot products along ``axes``; each has a lowercase function form
(``concatenate([a, b])``). A mask on any input passes on as Keras's rule: element-wise layers
keep the steps every masked input keeps, ``Concatenate`` joins the masks; ``Dot`` drops them.

>>> from autograd_engine.keras import layers, models
>>> left, right = layers.Input(shape=(3,)), layers.Input(shape=(2,))
>>> joined = concatenate([layers.Dense(4)(left), right])
>>> models.Model([left, right], layers.Dense(1)(joined)).output_shape
(None, 1)
"""
import functools
import string

from ..ops import array_ops, elementwise_binary_ops as binary, matmul_ops
from ..ops.concat_split_ops import concat
from ..ops.elementwise_unary_ops import cast
from ..ops.nn_impl import l2_normalize
from ..framework import dtypes
from .base_layer import Layer


def _shapes(inputs):
    return [tuple(t.shape.as_list()) for t in inputs]


def _broadcast_shape(first, second):
    """Keras's element-wise output shape of two shapes without the batch axis (None: unknown)."""
    if len(first) < len(second):
        first, second = second, first
    if not second:
        return first
    result = list(first[:-len(second)])
    for a, b in zip(first[-len(second):], second):
        if a is None or b is None:
            result.append(None if a in (None, 1) or b in (None, 1) else a)
        elif a != 1 and b != 1 and a != b:
            raise ValueError("Operands could not be broadcast together with shapes %s %s"
                             % (first, second))
        else:
            result.append(max(a, b) if 1 in (a, b) else a)
    return tuple(result)


def _and_masks(masks):
    """The steps every masked input keeps (None when no input is masked)."""
    given = [m for m in masks if m is not None]
    if not given:
        return None
    return functools.reduce(binary.logical_and, given)


class _Merge(Layer):
    """Element-wise merge of a list of at least two tensors of broadcastable shapes."""

    supports_masking = True
    _exactly = None   # how many inputs the layer takes (None: two or more)

    def _check(self, inputs):
        name = type(self).__name__
        if not isinstance(inputs, list) or len(inputs) < 2:
            raise ValueError("A merge layer should be called on a list of inputs. `%s` got %r"
                             % (name, inputs))
        if self._exactly is not None and len(inputs) != self._exactly:
            raise ValueError("A `%s` layer should be called on exactly %d inputs, got %d"
                             % (name, self._exactly, len(inputs)))
        shapes = _shapes(inputs)
        batch_sizes = {s[0] for s in shapes if s and s[0] is not None}
        if len(batch_sizes) > 1:
            raise ValueError("Can not merge tensors with different batch sizes. Got tensors "
                             "with shapes : %s" % shapes)
        return shapes

    def call(self, inputs):
        shapes = self._check(inputs)
        functools.reduce(_broadcast_shape, [s[1:] for s in shapes])
        return self._merge(inputs)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        if not isinstance(mask, list) or len(mask) != len(inputs):
            raise ValueError("`mask` should be a list of one mask (or None) per input")
        return _and_masks(mask)


class Add(_Merge):
    """The sum of its inputs (``keras.layers.Add()([a, b, c])``)."""

    def _merge(self, inputs):
        return functools.reduce(binary.add, inputs)


class Subtract(_Merge):
    """``inputs[0] - inputs[1]`` (exactly two inputs)."""

    _exactly = 2

    def _merge(self, inputs):
        return binary.subtract(inputs[0], inputs[1])


class Multiply(_Merge):
    """The element-wise product of its inputs."""

    def _merge(self, inputs):
        return functools.reduce(binary.multiply, inputs)


class Average(_Merge):
    """The element-wise mean of its inputs."""

    def _merge(self, inputs):
        total = functools.reduce(binary.add, inputs)
        return binary.multiply(total, 1.0 / len(inputs))


class Maximum(_Merge):
    """The element-wise maximum of its inputs."""

    def _merge(self, inputs):
        return functools.reduce(binary.maximum, inputs)


class Minimum(_Merge):
    """The element-wise minimum of its inputs."""

    def _merge(self, inputs):
        return functools.reduce(binary.minimum, inputs)


class Concatenate(_Merge):
    """Joins its inputs along ``axis`` (-1: the features); the other axes must match."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs):
        if not isinstance(inputs, list) or len(inputs) < 2:
            raise ValueError("A `Concatenate` layer should be called on a list of at least 2 "
                             "inputs")
        shapes = self._check(inputs)
        rank = len(shapes[0])
        if any(len(s) != rank for s in shapes) or not -rank <= self.axis < rank:
            raise ValueError("A `Concatenate` layer requires inputs with matching shapes except "
                             "for the concat axis. Got inputs shapes: %s" % shapes)
        axis = self.axis % rank
        for i in range(1, rank):
            sizes = {s[i] for s in shapes if s[i] is not None}
            if i != axis and len(sizes) > 1:
                raise ValueError("A `Concatenate` layer requires inputs with matching shapes "
                                 "except for the concat axis. Got inputs shapes: %s" % shapes)
        return concat(inputs, axis)

    def compute_mask(self, inputs, mask=None):
        """Along the last axis the steps every masked input keeps; along another axis the
        masks joined (an unmasked input keeps all its steps)."""
        if mask is None or all(m is None for m in mask):
            return None
        rank = len(inputs[0].shape.as_list())
        if self.axis % rank == rank - 1:
            return _and_masks(mask)
        given = next(m for m in mask if m is not None)
        mask_axes = len(given.shape.as_list())
        full = [m if m is not None else cast(array_ops.ones_like(
            inputs[i][(slice(None),) * mask_axes + (0,) * (rank - mask_axes)]), dtypes.bool)
            for i, m in enumerate(mask)]
        return concat(full, self.axis % rank)


class Dot(_Merge):
    """Per-sample dot products of two tensors along ``axes`` (an int for both, or a pair),
    as Keras's ``batch_dot``; ``normalize=True`` makes them cosine similarities. Two
    ``(batch, n)`` inputs give ``(batch, 1)``."""

    _exactly = 2

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        self.axes, self.normalize = axes, normalize

    def call(self, inputs):
        shapes = self._check(inputs)
        axes = [self.axes] * 2 if isinstance(self.axes, int) else list(self.axes)
        axes = [a % len(s) if a < 0 else a for a, s in zip(axes, shapes)]
        if any(not 1 <= a < len(s) for a, s in zip(axes, shapes)):
            raise ValueError("Dot axes %s must name non-batch axes of inputs shaped %s, %s"
                             % (self.axes, shapes[0], shapes[1]))
        first, second = shapes[0][axes[0]], shapes[1][axes[1]]
        if first is not None and second is not None and first != second:
            raise ValueError("Dimension incompatibility %s != %s. Layer shapes: %s, %s"
                             % (first, second, shapes[0], shapes[1]))
        x, y = inputs
        if self.normalize:
            x, y = l2_normalize(x, axis=axes[0]), l2_normalize(y, axis=axes[1])
        return _batch_dot(x, y, axes, len(shapes[0]), len(shapes[1]))

    def compute_mask(self, inputs, mask=None):
        return None


def _batch_dot(x, y, axes, x_rank, y_rank):
    """Keras's ``batch_dot`` through one ``einsum``: the batch axis shared, ``axes`` summed,
    x's other axes then y's in the result; a result of one axis gets a second of size 1."""
    letters = iter(string.ascii_lowercase[2:])
    x_axes = ["a"] + [next(letters) for _ in range(x_rank - 1)]
    y_axes = ["a"] + [next(letters) for _ in range(y_rank - 1)]
    x_axes[axes[0]] = y_axes[axes[1]] = "b"
    kept = [c for c in x_axes if c != "b"] + [c for c in y_axes[1:] if c != "b"]
    result = matmul_ops.einsum("%s,%s->%s" % ("".join(x_axes), "".join(y_axes), "".join(kept)),
                               x, y)
    return array_ops.expand_dims(result, 1) if len(kept) == 1 else result


def _functional(cls):
    def merge(inputs, **kwargs):
        return cls(**kwargs)(inputs)
    merge.__name__ = cls.__name__.lower()
    merge.__doc__ = ("``%s(**kwargs)(inputs)``: the functional form of the ``%s`` layer."
                     % (cls.__name__, cls.__name__))
    return merge


add = _functional(Add)
subtract = _functional(Subtract)
multiply = _functional(Multiply)
average = _functional(Average)
maximum = _functional(Maximum)
minimum = _functional(Minimum)


def concatenate(inputs, axis=-1, **kwargs):
    """``Concatenate(axis)(inputs)``: the functional form of the ``Concatenate`` layer."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes, normalize=False, **kwargs):
    """``Dot(axes, normalize)(inputs)``: the functional form of the ``Dot`` layer."""
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)
