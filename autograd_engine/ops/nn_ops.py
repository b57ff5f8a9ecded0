"""Softmax, log-softmax and the fused, numerically stable cross-entropies of ``tf.nn`` (dense
and sparse labels); the other activations live in ``activation_ops``."""
import builtins

import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import ShapeInferenceError
from ..framework.tensor_shape import TensorShape
from . import array_ops, elementwise_unary_ops, reduction_ops, shape_ops, slicing_ops
from .activation_ops import check_float_input
from .constant_op import convert_to_tensor
from .elementwise_unary_ops import sigmoid
from .op_samples import OpSample, normal, unit_interval
from .registry import OpDef, make_op, make_tensor, register


def _check_logits_and_labels(op, shape_error, spell=str):
    """Float logits and labels of the same dtype and compatible shapes; returns the merged
    shape. ``shape_error`` is the message, formatted with both shapes spelled by ``spell``."""
    logits, labels = op.inputs[0], op.inputs[1]
    check_float_input(op)
    if labels.dtype != logits.dtype:
        raise TypeError("labels (%s) and logits (%s) must have the same dtype"
                        % (labels.dtype.name, logits.dtype.name))
    if not logits.shape.is_compatible_with(labels.shape):
        raise ShapeInferenceError(shape_error % (spell(logits.shape), spell(labels.shape)))
    return logits.shape.merge_with(labels.shape)


def _log_softmax_reference(x):
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


# Logits whose exponentials overflow float32 unless shifted, and a row of ties.
_HUGE_LOGITS = np.array([[1e4, -1e4, 0.0], [50.0, 50.0, 50.0]], np.float32)


class _SoftmaxFamily(OpDef):
    """Softmax and LogSoftmax over the last axis, shifted by the max so no exp overflows.
    ``reference``: numpy's answer, for the samples."""
    reference = None

    def infer(self, op):
        check_float_input(op)
        if op.inputs[0].shape.ndims == 0:
            raise ShapeInferenceError("Shape must be at least rank 1 but is rank 0")
        return [(op.inputs[0].dtype, op.inputs[0].shape)]

    def samples(self, rng):
        def build(*logits):
            outputs = [make_tensor(self.type_name, (x,)) for x in logits]
            return outputs if len(outputs) > 1 else outputs[0]
        reference = type(self).reference
        return [OpSample(build, normal(rng, *shape), reference=reference, second_order=True)
                for shape in [(4,), (2, 3), (2, 1, 3)]] + [
            OpSample(build, _HUGE_LOGITS, np.zeros((0, 3)), grad=(), rtol=1e-5, name="edges",
                     reference=lambda huge, empty: [reference(huge), reference(empty)])]


@register
class Softmax(_SoftmaxFamily):
    type_name = "Softmax"
    reference = staticmethod(lambda x: np.exp(_log_softmax_reference(x)))

    def kernel(self, op, ctx):
        xp = ctx.xp

        def softmax_kernel(x):
            e = xp.exp(x - x.max(axis=-1, keepdims=True))
            e /= e.sum(axis=-1, keepdims=True)
            return e
        return softmax_kernel

    def gradient(self, op, grad):
        y = op.outputs[0]
        return [(grad - reduction_ops.reduce_sum(grad * y, axis=-1, keepdims=True)) * y]


@register
class LogSoftmax(_SoftmaxFamily):
    type_name = "LogSoftmax"
    reference = staticmethod(_log_softmax_reference)

    def kernel(self, op, ctx):
        return _log_softmax_kernel(ctx.xp)

    def gradient(self, op, grad):
        y = op.outputs[0]
        return [grad - elementwise_unary_ops.exp(y) * reduction_ops.reduce_sum(grad, axis=-1, keepdims=True)]


def _log_softmax_kernel(xp):
    def log_softmax_kernel(x):
        shifted = x - x.max(axis=-1, keepdims=True)
        shifted -= xp.log(xp.exp(shifted).sum(axis=-1, keepdims=True))
        return shifted
    return log_softmax_kernel


def _along_last_axis(fn, logits, axis, name):
    """Applies a last-axis op along ``axis`` by moving that axis last and back."""
    logits = convert_to_tensor(logits)
    ndims = logits.shape.ndims
    if axis in (-1, None) or (ndims is not None and axis == ndims - 1):
        return fn(logits, name)
    if ndims is None:
        raise ValueError("A softmax along axis %d needs an input of known rank" % axis)
    perm = list(range(ndims))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    return array_ops.transpose(fn(array_ops.transpose(logits, perm), None), perm, name=name)


def softmax(logits, axis=None, name=None, dim=None):
    """``exp(logits) / sum(exp(logits))`` along ``axis`` (default: the last), stable for any
    logits.

    >>> import autograd_engine as tf
    >>> tf.nn.softmax(tf.constant([[1.0, 1.0]])).shape.as_list()
    [1, 2]
    """
    axis = dim if axis is None else axis
    return _along_last_axis(lambda x, n: make_tensor("Softmax", (x,), None, n), logits, axis, name)


def log_softmax(logits, axis=None, name=None, dim=None):
    """``logits - log(sum(exp(logits)))`` along ``axis`` (default: the last), stable."""
    axis = dim if axis is None else axis
    return _along_last_axis(lambda x, n: make_tensor("LogSoftmax", (x,), None, n), logits, axis, name)


# ------------------------------------------------------------------ softmax cross-entropy
@register
class SoftmaxCrossEntropyWithLogits(OpDef):
    """Outputs the per-example loss and its gradient with respect to the logits, both from one
    pass over shifted logits (no exp overflow, no log of 0)."""
    type_name = "SoftmaxCrossEntropyWithLogits"

    def infer(self, op):
        logits = op.inputs[0]
        merged = _check_logits_and_labels(
            op, "logits and labels must be broadcastable: logits_size=%s labels_size=%s",
            TensorShape.bracketed)
        if merged.ndims == 0:
            raise ShapeInferenceError("logits must have at least one dimension")
        batch = None if merged.ndims is None else merged.as_tuple()[:-1]
        return [(logits.dtype, TensorShape(batch)), (logits.dtype, merged)]

    def kernel(self, op, ctx):
        xp, log_softmax_kernel = ctx.xp, _log_softmax_kernel(ctx.xp)

        def xent_kernel(logits, labels):
            log_probs = log_softmax_kernel(logits)
            loss = -(labels * log_probs).sum(axis=-1)
            # d loss / d logits = softmax * sum(labels) - labels (exact even when the labels
            # do not sum to one).
            backprop = xp.exp(log_probs)
            backprop *= labels.sum(axis=-1, keepdims=True)
            backprop -= labels
            return loss, backprop
        return xent_kernel

    def gradient(self, op, grad_loss, grad_backprop):
        logits, labels = op.inputs
        grad_logits = grad_labels = None
        if grad_loss is not None:
            g = array_ops.expand_dims(grad_loss, -1)
            grad_logits = g * op.outputs[1]
            grad_labels = -g * log_softmax(logits)
        if grad_backprop is not None:  # second derivatives flow in through the backprop output
            label_sum = reduction_ops.reduce_sum(labels, axis=-1, keepdims=True)
            second_logits, g_dot_p = _softmax_jacobian_product(logits, grad_backprop)
            second_logits = label_sum * second_logits
            second_labels = g_dot_p - grad_backprop
            grad_logits = second_logits if grad_logits is None else grad_logits + second_logits
            grad_labels = second_labels if grad_labels is None else grad_labels + second_labels
        return [grad_logits, grad_labels]

    def samples(self, rng):
        def build(logits, labels):
            return make_op(self.type_name, (logits, labels)).outputs

        def reference(logits, labels):
            # d/dlogits of -sum(labels * (logits - logsumexp)) = softmax * sum(labels) - labels
            log_probs = _log_softmax_reference(logits)
            return [-np.sum(labels * log_probs, axis=-1),
                    np.exp(log_probs) * np.sum(labels, axis=-1, keepdims=True) - labels]
        # labels are not normalized: the loss and its gradient must not assume they sum to one
        samples = [OpSample(build, normal(rng, *shape), unit_interval(rng, *shape),
                            reference=reference, second_order=True)
                   for shape in [(5,), (3, 4), (2, 3, 2)]]
        one_hot = np.eye(3, dtype=np.float32)[[1, 2]]
        return samples + [OpSample(build, _HUGE_LOGITS, one_hot, reference=reference, grad=(),
                                   rtol=1e-5, name="huge logits")]


def _softmax_jacobian_product(logits, vector):
    """``J^T v`` for ``J`` the Jacobian of softmax(logits) over the last axis:
    ``p * (v - sum(v * p))``; also returns ``sum(v * p)``. The path by which second derivatives
    of the fused cross-entropies flow through their backprop outputs."""
    probs = softmax(logits)
    v_dot_p = reduction_ops.reduce_sum(vector * probs, axis=-1, keepdims=True)
    return probs * (vector - v_dot_p), v_dot_p


def _labels_and_logits(fn_name, sentinel, labels, logits):
    """TF1's keyword-only convention for the cross-entropies."""
    if sentinel is not None:
        raise ValueError("Only call %s with named arguments (labels=..., logits=...)" % fn_name)
    if labels is None or logits is None:
        raise ValueError("Both labels= and logits= must be provided.")


def softmax_cross_entropy_with_logits_v2(_sentinel=None, labels=None, logits=None, dim=-1,
                                         name=None, axis=None):
    """Per-example ``-sum(labels * log_softmax(logits))``; differentiable in both the logits
    and the labels. Stable for logits of any size.

    >>> import autograd_engine as tf
    >>> loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=[[0., 1.]], logits=[[1e3, -1e3]])
    >>> loss.shape.as_list()
    [1]
    """
    _labels_and_logits("softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels, dtype=logits.dtype) if not hasattr(labels, "dtype") \
        else convert_to_tensor(labels)
    axis = dim if axis is None else axis
    ndims = logits.shape.ndims
    if axis not in (-1, None) and not (ndims is not None and axis == ndims - 1):
        if ndims is None:
            raise ValueError("A cross-entropy along axis %d needs logits of known rank" % axis)
        # Move the class axis last, keeping the others in order: they are the loss's dims.
        axis %= ndims
        perm = [i for i in range(ndims) if i != axis] + [axis]
        logits, labels = array_ops.transpose(logits, perm), array_ops.transpose(labels, perm)
    if labels.shape.ndims is not None and labels.shape.ndims != logits.shape.ndims:
        return _flattened_cross_entropy(logits, labels, name)
    op = make_op("SoftmaxCrossEntropyWithLogits", (logits, labels), None, name)
    return op.outputs[0]


def _flattened_cross_entropy(logits, labels, name):
    """TF1 flattens the outer dimensions of logits and labels to ``[-1, classes]`` before the
    kernel and gives the loss the logits' outer shape, so labels of another rank run when their
    element counts agree (``labels=[y]``: ``[1, ?, 7]`` against logits ``[?, 7]``)."""
    classes = logits.shape.as_tuple()[-1] if logits.shape.ndims else None
    if classes is None:
        raise ValueError("A cross-entropy of labels %s against logits %s needs the number of "
                         "classes (the logits' last dimension) known"
                         % (labels.shape, logits.shape))
    rows = [array_ops.reshape(t, [-1, classes]) for t in (logits, labels)]
    flat = make_op("SoftmaxCrossEntropyWithLogits", tuple(rows), None, name).outputs[0]
    outer = logits.shape.as_tuple()[:-1]
    if None in outer:
        outer_dims = slicing_ops.getitem(shape_ops.shape(logits), builtins.slice(None, -1))
        loss = array_ops.reshape(flat, outer_dims)
        loss.set_shape(outer)
        return loss
    return array_ops.reshape(flat, list(outer))


def softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, dim=-1,
                                      name=None, axis=None):
    """TF1's v1 form: like v2, but no gradient flows into ``labels``."""
    if labels is not None:
        labels = array_ops.stop_gradient(labels)
    return softmax_cross_entropy_with_logits_v2(_sentinel, labels, logits, dim, name, axis)


# ------------------------------------------------------------------ sparse softmax cross-entropy
_MAX_LABELS_SHOWN = 20


@register
class SparseSoftmaxCrossEntropyWithLogits(OpDef):
    """Per-example ``-log_softmax(logits)[label]`` for integer class labels, and its gradient
    with respect to the logits (``softmax - one_hot(label)``), both from one pass over shifted
    logits. Labels are ``[d0, ..., dn]``, logits ``[d0, ..., dn, classes]``."""
    type_name = "SparseSoftmaxCrossEntropyWithLogits"

    def infer(self, op):
        logits, labels = op.inputs
        check_float_input(op)
        if labels.dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError("labels must be int32 or int64 class indices, got %s (for one-hot "
                            "or probability labels use softmax_cross_entropy_with_logits)%s"
                            % (labels.dtype.name, op.creation_site()))
        logit_dims, label_dims = logits.shape.as_tuple(), labels.shape.as_tuple()
        if logit_dims is not None and len(logit_dims) == 0:
            raise ShapeInferenceError("Logits cannot be scalars - received shape %s."
                                      % logits.shape.bracketed())
        batch = labels.shape
        if logit_dims is not None and label_dims is not None:
            if len(label_dims) != len(logit_dims) - 1:
                raise ShapeInferenceError(
                    "Rank mismatch: Rank of labels (received %d) should equal rank of logits "
                    "minus 1 (received %d)." % (len(label_dims), len(logit_dims)))
            if not labels.shape.is_compatible_with(TensorShape(logit_dims[:-1])):
                raise ShapeInferenceError(
                    "Shape mismatch: The shape of labels (received %s) should equal the shape "
                    "of logits except for the last dimension (received %s)."
                    % (labels.shape.bracketed(), logits.shape.bracketed()))
            batch = labels.shape.merge_with(TensorShape(logit_dims[:-1]))
        classes = None if logit_dims is None else logit_dims[-1]
        full = TensorShape(None if batch.ndims is None else batch.as_tuple() + (classes,))
        return [(logits.dtype, batch), (logits.dtype, full)]

    def kernel(self, op, ctx):
        xp, log_softmax_kernel = ctx.xp, _log_softmax_kernel(ctx.xp)
        check_labels = _label_range_check(xp, op)

        def sparse_xent_kernel(logits, labels):
            classes = logits.shape[-1]
            flat_labels = labels.reshape(-1)
            check_labels(flat_labels, classes, labels.shape)
            rows = xp.arange(flat_labels.size)
            log_probs = log_softmax_kernel(logits.reshape(flat_labels.size, classes))
            loss = -log_probs[rows, flat_labels]
            backprop = xp.exp(log_probs, out=log_probs)  # softmax - one_hot(labels), in place
            backprop[rows, flat_labels] -= 1
            return loss.reshape(labels.shape), backprop.reshape(logits.shape)

        def sparse_xent_device_kernel(logits, labels):
            # TF1's GPU kernel: a label out of range gives NaN, not an error, since checking
            # would read the labels back on the host in every step.
            classes = logits.shape[-1]
            flat_labels = labels.reshape(-1)
            bad = (flat_labels < 0) | (flat_labels >= classes)
            safe_labels = xp.where(bad, 0, flat_labels)
            rows = xp.arange(flat_labels.size)
            log_probs = log_softmax_kernel(logits.reshape(flat_labels.size, classes))
            loss = xp.where(bad, xp.nan, -log_probs[rows, safe_labels]).astype(logits.dtype)
            backprop = xp.exp(log_probs, out=log_probs)
            backprop[rows, safe_labels] -= 1
            backprop[bad] = xp.nan
            return loss.reshape(labels.shape), backprop.reshape(logits.shape)
        return sparse_xent_device_kernel if ctx.on_device else sparse_xent_kernel

    def gradient(self, op, grad_loss, grad_backprop):
        grad_logits = None
        if grad_loss is not None:
            grad_logits = array_ops.expand_dims(grad_loss, -1) * op.outputs[1]
        if grad_backprop is not None:  # second derivatives flow in through the backprop output
            second, _ = _softmax_jacobian_product(op.inputs[0], grad_backprop)
            grad_logits = second if grad_logits is None else grad_logits + second
        return [grad_logits, None]

    def samples(self, rng):
        def build(logits, labels):
            return make_op(self.type_name, (logits, labels)).outputs

        def reference(logits, labels):
            one_hot = np.eye(logits.shape[-1], dtype=logits.dtype)[labels]
            log_probs = _log_softmax_reference(logits)
            return [-np.sum(one_hot * log_probs, axis=-1), np.exp(log_probs) - one_hot]
        cases = [((3, 4), np.int32), ((4,), np.int64), ((2, 2, 3), np.int32)]
        samples = [OpSample(build, normal(rng, *shape), rng.integers(0, shape[-1], shape[:-1])
                            .astype(label_dtype), reference=reference, second_order=True)
                   for shape, label_dtype in cases]
        return samples + [
            OpSample(build, _HUGE_LOGITS, np.array([1, 0], np.int32), reference=reference,
                     grad=(), rtol=1e-5, name="huge logits"),
            OpSample(build, np.zeros((0, 3)), np.zeros(0, np.int64), reference=reference,
                     grad=(), name="empty batch")]


def _label_range_check(xp, op):
    """A check that raises InvalidArgumentError naming the first label outside [0, classes)
    (TF1 does so on CPU; on GPU it silently returns NaN)."""
    def check(flat_labels, classes, label_shape):
        bad = (flat_labels < 0) | (flat_labels >= classes)
        if not bad.any():
            return
        first = int(xp.argmax(bad))
        where = tuple(int(i) for i in xp.unravel_index(first, label_shape))
        shown = " ".join(str(int(v)) for v in flat_labels[:_MAX_LABELS_SHOWN])
        if flat_labels.size > _MAX_LABELS_SHOWN:
            shown += " ..."
        raise errors.InvalidArgumentError(
            None, op, "Received a label value of %d which is outside the valid range of "
            "[0, %d) at labels%s.  Label values: %s\n\t [[{{node %s}}]]%s"
            % (int(flat_labels[first]), classes, list(where), shown, op.name,
               op.creation_site()))
    return check


def sparse_softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None,
                                             name=None):
    """Per-example softmax cross-entropy of integer class ``labels`` (shape ``[batch]``, values
    in ``[0, classes)``) against ``logits`` (``[batch, classes]``), fused and stable for logits
    of any size. The gradient flows into the logits only. A label out of range raises
    ``InvalidArgumentError`` when the op runs.

    >>> import autograd_engine as tf
    >>> loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1], logits=[[1e3, -1e3]])
    >>> with tf.Session() as sess:
    ...     sess.run(loss).tolist()
    [2000.0]
    """
    _labels_and_logits("sparse_softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels)
    return make_op("SparseSoftmaxCrossEntropyWithLogits", (logits, labels), None, name).outputs[0]


# ------------------------------------------------------------------ sigmoid cross-entropy
@register
class SigmoidCrossEntropyWithLogits(OpDef):
    """``max(x, 0) - x * z + log(1 + exp(-|x|))``: stable for logits of any size."""
    type_name = "SigmoidCrossEntropyWithLogits"

    def infer(self, op):
        merged = _check_logits_and_labels(
            op, "logits and labels must have the same shape (%s vs %s)")
        return [(op.inputs[0].dtype, merged)]

    def kernel(self, op, ctx):
        xp = ctx.xp
        return lambda x, z: xp.maximum(x, 0) - x * z + xp.log1p(xp.exp(-xp.abs(x)))

    def gradient(self, op, grad):
        logits, labels = op.inputs
        return [grad * (sigmoid(logits) - labels), -grad * logits]

    def samples(self, rng):
        def build(logits, labels):
            return make_tensor(self.type_name, (logits, labels))

        def reference(x, z):
            p = 1 / (1 + np.exp(-x))
            return -(z * np.log(p) + (1 - z) * np.log(1 - p))

        def huge_reference(x, z):  # log(1 + exp(-|x|)) is 0 in float32 here
            return np.where(x > 0, x * (1 - z), -x * z)
        huge = np.array([[-1e4, -100.0, 100.0, 1e4]], np.float32)
        return [OpSample(build, normal(rng, *shape), unit_interval(rng, *shape),
                         reference=reference, second_order=True)
                for shape in [(), (2, 3), (3, 1, 2)]] + [
            OpSample(build, huge, np.array([[0.0, 1.0, 0.5, 1.0]], np.float32),
                     reference=huge_reference, grad=(), name="huge logits")]


def sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """Elementwise logistic loss of ``logits`` against ``labels`` in [0, 1]; stable."""
    _labels_and_logits("sigmoid_cross_entropy_with_logits", _sentinel, labels, logits)
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels, dtype=None if hasattr(labels, "dtype") else logits.dtype)
    if not logits.shape.is_compatible_with(labels.shape):
        raise ValueError("logits and labels must have the same shape (%s vs %s)"
                         % (logits.shape, labels.shape))
    return make_tensor("SigmoidCrossEntropyWithLogits", (logits, labels), None, name)
