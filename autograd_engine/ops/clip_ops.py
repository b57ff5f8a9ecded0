"""Gradient clipping: ``tf.clip_by_norm``, ``tf.clip_by_global_norm``, ``tf.global_norm``.

Built from the engine's ops, so the clipped values are differentiable like TF1's (the
``where`` trick keeps the gradient of a zero tensor's norm finite).
"""
from ..framework.graph import get_default_graph
from . import array_ops, math_ops, nn_impl
from .constant_op import convert_to_tensor


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """``t * clip_norm / max(l2norm(t), clip_norm)``: ``t`` unchanged when its L2 norm (over
    ``axes``, default all) is at most ``clip_norm``, else scaled down to that norm.

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.clip_by_norm(tf.constant([3.0, 4.0]), 1.0)).tolist()
    [0.6000000238418579, 0.800000011920929]
    """
    with get_default_graph().name_scope(name or "clip_by_norm") as scope:
        values = convert_to_tensor(t, name="t")
        l2sum = math_ops.reduce_sum(values * values, axes, keepdims=True)
        positive = math_ops.greater(l2sum, 0.0)
        # sqrt's gradient at 0 is infinite: take it only where the sum is positive.
        l2sum_safe = math_ops.select(positive, l2sum, array_ops.ones_like(l2sum))
        l2norm = math_ops.select(positive, math_ops.sqrt(l2sum_safe), l2sum)
        intermediate = values * clip_norm
        if not values.shape.is_compatible_with(intermediate.shape):
            raise ValueError("clip_norm must be a scalar or broadcast to t's shape %s without "
                             "enlarging it, got shape %s"
                             % (values.shape, convert_to_tensor(clip_norm).shape))
        return array_ops.identity(intermediate / math_ops.maximum(l2norm, clip_norm),
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
        values = [convert_to_tensor(t, name="t_%d" % i) for i, t in enumerate(t_list)
                  if t is not None]
        if not values:
            raise ValueError("global_norm needs at least one tensor that is not None")
        half_squared_norms = [nn_impl.l2_loss(v) for v in values]
        half_squared_norm = (half_squared_norms[0] if len(half_squared_norms) == 1
                             else math_ops.add_n(half_squared_norms))
        return math_ops.sqrt(half_squared_norm * 2.0, name="global_norm")


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
        scale_for_finite = clip_norm * math_ops.minimum(one / use_norm, one / clip_norm)
        # NaN for an inf/NaN norm, poisoning the scale on purpose (without an FP warning).
        scale = math_ops.select(math_ops.is_finite(use_norm), scale_for_finite,
                                convert_to_tensor(float("nan"), dtype=use_norm.dtype))
        clipped = []
        for i, t in enumerate(t_list):
            if t is None:
                clipped.append(None)
                continue
            value = convert_to_tensor(t, name="t_%d" % i)
            factor = scale if value.dtype == scale.dtype else math_ops.cast(scale, value.dtype)
            base = scope[:-1].rsplit("/", 1)[-1]  # TF1 names them <scope>_<i> inside the scope
            clipped.append(array_ops.identity(value * factor, name="%s_%d" % (base, i)))
    return clipped, use_norm
