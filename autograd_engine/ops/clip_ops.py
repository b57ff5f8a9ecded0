"""Clipping: ``tf.clip_by_value``, and for gradients ``tf.clip_by_norm``,
``tf.clip_by_global_norm`` and ``tf.global_norm``.

Built from the engine's ops, so the clipped values are differentiable like TF1's (the
``where`` trick keeps the gradient of a zero tensor's norm finite).
"""
import numpy as np

from ..framework import errors
from ..framework.graph import ShapeInferenceError, get_default_graph
from ..framework.tensor_shape import TensorShape
from . import array_ops, elementwise_binary_ops, nn_impl
from .broadcast_ops import reduce_to_input_shape
from .constant_op import convert_operand, convert_to_tensor
from .elementwise_binary_ops import greater, less, logical_or, maximum, minimum, select
from .elementwise_unary_ops import cast, is_finite, sqrt
from .indexed_slices import IndexedSlices
from .matmul_ops import add_n
from .op_samples import OpSample, by_element, distinct, normal
from .reduction_ops import reduce_sum
from .registry import OpDef, make_tensor, register
from .shape_rules import broadcast_shape


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """``t * clip_norm / max(l2norm(t), clip_norm)``: ``t`` unchanged when its L2 norm (over
    ``axes``, default all) is at most ``clip_norm``, else scaled down to that norm.

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.clip_by_norm(tf.constant([3.0, 4.0]), 1.0)).tolist()
    [0.6000000238418579, 0.800000011920929]
    """
    with get_default_graph().name_scope(name or "clip_by_norm") as scope:
        values = convert_to_tensor(t, name="t")
        l2sum = reduce_sum(values * values, axes, keepdims=True)
        positive = elementwise_binary_ops.greater(l2sum, 0.0)
        # sqrt's gradient at 0 is infinite: take it only where the sum is positive.
        l2sum_safe = elementwise_binary_ops.select(positive, l2sum, array_ops.ones_like(l2sum))
        l2norm = elementwise_binary_ops.select(positive, sqrt(l2sum_safe), l2sum)
        intermediate = values * clip_norm
        if not values.shape.is_compatible_with(intermediate.shape):
            raise ValueError("clip_norm must be a scalar or broadcast to t's shape %s without "
                             "enlarging it, got shape %s"
                             % (values.shape, convert_to_tensor(clip_norm).shape))
        return array_ops.identity(intermediate / maximum(l2norm, clip_norm),
                                  name=scope)


def _as_list(t_list):
    if isinstance(t_list, (str, bytes)) or not isinstance(t_list, (list, tuple)):
        raise TypeError("t_list should be a sequence")
    return list(t_list)


def global_norm(t_list, name=None):
    """``sqrt(sum(l2norm(t) ** 2 for t in t_list))``; None entries are ignored.

    >>> import autograd_engine as tf
    >>> float(tf.Session().run(tf.global_norm([tf.constant([3.0]), None, tf.constant(4.0)])))
    5.0
    """
    t_list = _as_list(t_list)
    with get_default_graph().name_scope(name or "global_norm"):
        # An IndexedSlices counts by its values, as in TF1 (its rows are not summed first).
        values = [t.values if isinstance(t, IndexedSlices) else
                  convert_to_tensor(t, name="t_%d" % i) for i, t in enumerate(t_list)
                  if t is not None]
        if not values:
            raise ValueError("global_norm needs at least one tensor that is not None")
        half_squared_norms = [nn_impl.l2_loss(v) for v in values]
        half_squared_norm = (half_squared_norms[0] if len(half_squared_norms) == 1
                             else add_n(half_squared_norms))
        return sqrt(half_squared_norm * 2.0, name="global_norm")


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """Scales every tensor of ``t_list`` by ``clip_norm / max(global_norm, clip_norm)``;
    returns ``(clipped list, global_norm)``. None entries stay None (handy for gradients of
    unconnected Variables); ``use_norm`` supplies an already computed global norm. A non-finite
    global norm makes every clipped value NaN, as in TF1, so a diverged step is visible.

    >>> import autograd_engine as tf
    >>> clipped, norm = tf.clip_by_global_norm([tf.constant(3.0), None, tf.constant(4.0)], 1.0)
    >>> clipped[1] is None
    True
    >>> sess = tf.Session()
    >>> [round(float(v), 3) for v in sess.run([clipped[0], clipped[2]])], float(sess.run(norm))
    ([0.6, 0.8], 5.0)
    """
    t_list = _as_list(t_list)
    if use_norm is None:
        use_norm = global_norm(t_list, name)
    with get_default_graph().name_scope(name or "clip_by_global_norm") as scope:
        one = convert_to_tensor(1.0, dtype=use_norm.dtype)
        scale_for_finite = clip_norm * minimum(one / use_norm, one / clip_norm)
        # NaN for an inf/NaN norm, poisoning the scale on purpose (without an FP warning).
        scale = elementwise_binary_ops.select(is_finite(use_norm), scale_for_finite,
                                              convert_to_tensor(float("nan"), dtype=use_norm.dtype))
        clipped = []
        for i, t in enumerate(t_list):
            if t is None:
                clipped.append(None)
                continue
            value = t.values if isinstance(t, IndexedSlices) else \
                convert_to_tensor(t, name="t_%d" % i)
            factor = scale if value.dtype == scale.dtype else cast(scale, value.dtype)
            base = scope[:-1].rsplit("/", 1)[-1]  # TF1 names them <scope>_<i> inside the scope
            value = array_ops.identity(value * factor, name="%s_%d" % (base, i))
            clipped.append(IndexedSlices(value, t.indices, t.dense_shape)
                           if isinstance(t, IndexedSlices) else value)
    return clipped, use_norm


# ================================================================== clip_by_value
@register
class ClipByValue(OpDef):
    """``max(min(t, clip_value_max), clip_value_min)`` (TF1's order, so min wins when the bounds
    cross). The bounds broadcast to ``t`` but never enlarge it."""
    type_name = "ClipByValue"

    def infer(self, op):
        t = op.inputs[0]
        for arg, bound in zip(_BOUNDS, op.inputs[1:]):
            if bound.dtype != t.dtype:
                raise TypeError("clip_by_value: %s has dtype %s but t has dtype %s%s"
                                % (arg, bound.dtype.name, t.dtype.name, op.creation_site()))
            merged = broadcast_shape(t, bound)
            if _enlarges(t.shape.as_tuple(), merged.as_tuple()):
                raise ShapeInferenceError(_enlarging(arg, bound.shape, t.shape, merged))
        return [(t.dtype, t.shape)]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def clip(t, low, high):
            clipped = xp.maximum(xp.minimum(t, high), low)
            if clipped.shape != t.shape:  # bounds whose shapes were unknown while building
                arg, bound = next((arg, bound) for arg, bound in zip(_BOUNDS, (low, high))
                                  if np.broadcast_shapes(t.shape, bound.shape) != t.shape)
                raise errors.InvalidArgumentError(None, op, _enlarging(
                    arg, TensorShape(bound.shape), TensorShape(t.shape),
                    TensorShape(clipped.shape)) + op.creation_site())
            return clipped
        return clip

    def gradient(self, op, grad):
        t, low, high = op.inputs
        below, above = less(t, low), greater(t, high)
        zeros = array_ops.zeros_like(grad)
        # Inside [low, high] (boundaries included, as TF1) the gradient goes to t; outside,
        # to the bound that was applied.
        return [select(logical_or(below, above), zeros, grad),
                reduce_to_input_shape(select(below, grad, zeros), low),
                reduce_to_input_shape(select(above, grad, zeros), high)]

    def samples(self, rng):
        """``t`` on a grid of quarters with bounds at least 0.1 off it (so the gradient check
        never crosses a bound), scalar and broadcast bounds; then ties with the bounds in int32
        and crossed bounds (the lower one wins) in float32, forward only."""
        reference = by_element(lambda t, low, high: max(min(t, high), low))
        return [
            OpSample(clip_by_value, distinct(rng, 2, 3, spacing=0.25), np.array(-0.6),
                     np.array(0.4), reference=reference),
            OpSample(clip_by_value, distinct(rng, 3, 4, spacing=0.25),
                     np.array([-1.1, -0.6, -1.1, -0.6]), np.array([[0.4], [0.9], [0.4]]),
                     reference=reference),
            OpSample(clip_by_value, np.arange(-3, 4, dtype=np.int32), np.int32(-1), np.int32(2),
                     reference=reference, name="ties"),
            OpSample(clip_by_value, normal(rng, 2, 3).astype(np.float32), np.float32(0.5),
                     np.float32(-0.5), reference=reference, grad=(), name="crossed bounds")]


_BOUNDS = ("clip_value_min", "clip_value_max")


def _enlarging(arg, bound_shape, t_shape, enlarged):
    """The error for a bound ``arg`` whose shape would broadcast ``t`` to a larger shape."""
    return "%s of shape %s would broadcast t of shape %s to %s; clip_by_value keeps t's shape" % (
        arg, bound_shape.bracketed(), t_shape.bracketed(), enlarged.bracketed())


def _enlarges(dims, broadcast):
    """Whether broadcasting took static ``dims`` to a different (larger) shape."""
    if dims is None or broadcast is None:
        return False
    return len(broadcast) != len(dims) or any(
        d is not None and b is not None and d != b for d, b in zip(dims, broadcast))


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """``t`` with values below ``clip_value_min`` raised to it and values above
    ``clip_value_max`` lowered to it; the gradient flows to ``t`` only inside the range.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.clip_by_value([-2.0, 0.5, 3.0], 0.0, 1.0)).tolist()
    [0.0, 0.5, 1.0]
    """
    t = convert_to_tensor(t)
    low, high = convert_operand(clip_value_min, t), convert_operand(clip_value_max, t)
    return make_tensor("ClipByValue", (t, low, high), None, name or "clip_by_value")
