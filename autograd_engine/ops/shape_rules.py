"""Static shape rules shared by op families (broadcasting, reductions, batches of matrices)."""
from ..framework.graph import ShapeInferenceError
from ..framework.tensor_shape import TensorShape


def broadcast_dims(a, b):
    """numpy/TF broadcasting of two static shapes given as tuples (None = unknown dim)."""
    if a is None or b is None:
        return None
    out = []
    for i in range(1, max(len(a), len(b)) + 1):
        da = a[-i] if i <= len(a) else 1
        db = b[-i] if i <= len(b) else 1
        if da == 1:
            out.append(db)
        elif db == 1:
            out.append(da)
        elif da is None:
            out.append(db)
        elif db is None or da == db:
            out.append(da)
        else:
            raise ShapeInferenceError("Dimensions must be equal, but are %d and %d" % (da, db))
    return tuple(reversed(out))


def broadcast_shape(*tensors):
    dims = tensors[0].shape.as_tuple()
    for t in tensors[1:]:
        dims = broadcast_dims(dims, t.shape.as_tuple())
    return TensorShape(dims)


def normalize_axes(axis, ndims, op_label="reduction"):
    """``axis`` (None, int or list; negative allowed) as a sorted tuple of non-negative axes,
    or None when the rank is unknown and the axes cannot be resolved yet."""
    if axis is None:
        return None if ndims is None else tuple(range(ndims))
    if hasattr(axis, "tolist"):  # a numpy array or scalar
        axis = axis.tolist()
    axes = [int(a) for a in (axis if isinstance(axis, (list, tuple)) else [axis])]
    if ndims is None:
        return None if any(a < 0 for a in axes) else tuple(sorted(set(axes)))
    for a in axes:
        if not -ndims <= a < max(ndims, 1):
            raise ShapeInferenceError("Invalid %s dimension %d for input with %d dimensions"
                                      % (op_label, a, ndims))
    return tuple(sorted(set(a % ndims if ndims else 0 for a in axes)))


def reduced_dims(dims, axes, keepdims):
    if dims is None or axes is None:
        return None
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(dims))
    return tuple(d for i, d in enumerate(dims) if i not in axes)


def merged_shape_of_equals(op):
    """(dtype, shape) for ops whose inputs must share a dtype and a shape (AddN, Pack): the
    most specific shape compatible with every input."""
    first = op.inputs[0]
    merged = first.shape
    for t in op.inputs[1:]:
        if t.dtype != first.dtype:
            raise TypeError("%s: all inputs must have the same dtype, got %s and %s"
                            % (op.type, first.dtype.name, t.dtype.name))
        if not merged.is_compatible_with(t.shape):
            raise ShapeInferenceError("Shapes must be equal, but are %s and %s"
                                      % (merged.bracketed(), t.shape.bracketed()))
        merged = merged.merge_with(t.shape)
    return first.dtype, merged


def dims_of_rank_at_least(tensor, rank):
    """The static dims of ``tensor`` (None when its rank is unknown), at least ``rank`` of
    them."""
    dims = tensor.shape.as_tuple()
    if dims is not None and len(dims) < rank:
        raise ShapeInferenceError("Shape must be at least rank %d but is rank %d"
                                  % (rank, len(dims)))
    return dims


def merge_dim(a, b, message):
    """Two static dims merged (None: unknown); ShapeInferenceError ``message`` if they differ."""
    if a is not None and b is not None and a != b:
        raise ShapeInferenceError(message % (a, b))
    return a if a is not None else b


def square_dims(tensor):
    """The static dims of a (batch of) square matrices, the last two merged; None when the rank
    is unknown."""
    dims = dims_of_rank_at_least(tensor, 2)
    if dims is None:
        return None
    n = merge_dim(dims[-2], dims[-1], "Dimensions must be equal, but are %d and %d")
    return dims[:-2] + (n, n)


def merge_batches(a, b):
    """The batch dims (all but the last two) shared by two static shapes, TF1's Merge."""
    if len(a) != len(b):
        raise ShapeInferenceError("Shapes must be equal rank, but are %d and %d" % (len(a), len(b)))
    return tuple(merge_dim(x, y, "Dimension %d in both shapes must be equal, but are %%d and %%d"
                           % i) for i, (x, y) in enumerate(zip(a, b)))
