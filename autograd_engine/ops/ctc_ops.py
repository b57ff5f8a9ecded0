"""Connectionist temporal classification (Graves et al., 2006): ``ctc_loss`` and its
gradient, and the greedy and beam-search decoders, with TF1's conventions (time-major
``[max_time, batch, num_classes]`` logits, the blank the last class, labels a SparseTensor).

The loss op runs the forward-backward recursion in log space on the host, one sequence at a
time, vectorized over the ``2 L + 1`` states of the blank-interleaved label sequence; like
TF's CTCLoss it outputs the loss and its gradient with respect to the logits together, and
its gradient function scales the latter.

>>> import autograd_engine as tf
>>> labels = tf.SparseTensor([[0, 0]], [1], [1, 1])
>>> loss = ctc_loss(labels, tf.zeros([2, 1, 3]), [2])
>>> with tf.Session() as sess:
...     print(sess.run(loss).round(4))
[1.0986]
"""
import itertools

import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .constant_op import convert_to_tensor
from .elementwise_unary_ops import cast
from .op_samples import OpSample, normal
from .registry import OpDef, make_op, register
from .sparse_tensor import SparseTensor, convert_to_sparse_tensor

_NEG_INF = -np.inf


def _log_softmax(logits):
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _logsumexp(*arrays):
    stacked = np.stack(arrays)
    top = stacked.max(axis=0)
    safe = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):
        return safe + np.log(np.exp(stacked - safe).sum(axis=0))


def collapse_repeats(labels):
    """``labels`` with each run of equal consecutive labels merged into one."""
    labels = list(labels)
    return [label for i, label in enumerate(labels) if i == 0 or label != labels[i - 1]]


def _transitions(extended, blank, merge_repeated):
    """For each state of the blank-interleaved ``extended`` labels: whether it may stay from
    the previous frame, and whether it may be reached by skipping the state two before."""
    extended = np.asarray(extended)
    stay = np.full(extended.shape, True) if merge_repeated else extended == blank
    skip = np.zeros(extended.shape, bool)
    if extended.size > 2:
        same = extended[2:] == extended[:-2]
        skip[2:] = (extended[2:] != blank) & ~(same & merge_repeated)
    return stay, skip


def ctc_sequence(log_probs, labels, blank, merge_repeated):
    """(-log p(labels | log_probs), d loss / d logits) for one sequence ``[time, classes]`` of
    log-softmax values; the logits' gradient is softmax minus the labels' posterior."""
    time = log_probs.shape[0]
    extended = [blank]
    for label in labels:
        extended += [label, blank]
    states = len(extended)
    stay, skip = _transitions(extended, blank, merge_repeated)
    emit = log_probs[:, extended]  # [time, states]
    alpha = np.full((time, states), _NEG_INF)
    alpha[0, :min(2, states)] = emit[0, :min(2, states)]
    for t in range(1, time):
        prev = alpha[t - 1]
        one = np.concatenate([[_NEG_INF], prev[:-1]])
        two = np.where(skip, np.concatenate([[_NEG_INF] * 2, prev[:-2]]), _NEG_INF)
        alpha[t] = emit[t] + _logsumexp(np.where(stay, prev, _NEG_INF), one, two)
    # beta[t, u]: all ways to finish from state u after frame t (frame t's emission excluded)
    beta = np.full((time, states), _NEG_INF)
    beta[time - 1, max(states - 2, 0):] = 0.0
    skip_from = np.concatenate([skip[2:], [False, False]])
    for t in range(time - 2, -1, -1):
        nxt = beta[t + 1] + emit[t + 1]
        one = np.concatenate([nxt[1:], [_NEG_INF]])
        two = np.where(skip_from, np.concatenate([nxt[2:], [_NEG_INF] * 2]), _NEG_INF)
        beta[t] = _logsumexp(np.where(stay, nxt, _NEG_INF), one, two)
    log_p = _logsumexp(*alpha[time - 1, max(states - 2, 0):])
    occupancy = np.exp(alpha + beta - log_p)  # [time, states]
    posterior = np.zeros_like(log_probs)
    for u, label in enumerate(extended):
        posterior[:, label] += occupancy[:, u]
    return -log_p, np.exp(log_probs) - posterior


def _labels_by_sequence(indices, values, batch):
    rows = [[] for _ in range(batch)]
    for (b, _), value in sorted(zip(indices.tolist(), values.tolist())):
        rows[b].append(value)
    return rows


@register
class CTCLoss(OpDef):
    """Inputs: logits ``[max_time, batch, classes]``, the labels' indices ``[n, 2]`` and
    values ``[n]`` (int32), sequence lengths ``[batch]``. Outputs: the loss ``[batch]`` and its
    gradient with respect to the logits."""
    type_name = "CTCLoss"
    host_only = True  # the recursion is a Python loop over frames

    def infer(self, op):
        logits = op.inputs[0]
        if logits.shape.ndims not in (None, 3):
            raise ValueError("inputs must be 3-D [max_time, batch, num_classes], got %s"
                             % logits.shape)
        batch = None if logits.shape.ndims is None else logits.shape.as_tuple()[1]
        return [(logits.dtype, TensorShape([batch])), (logits.dtype, logits.shape)]

    def kernel(self, op, ctx):
        attrs = op.attrs

        def ctc_loss_kernel(logits, indices, values, lengths):
            logits = np.asarray(logits)
            time, batch, classes = logits.shape
            blank = classes - 1
            losses = np.zeros(batch, logits.dtype)
            grads = np.zeros_like(logits)
            log_probs = _log_softmax(logits.astype(np.float64))
            for b, labels in enumerate(_labels_by_sequence(np.asarray(indices),
                                                           np.asarray(values), batch)):
                length = int(lengths[b])
                if length > time:
                    raise errors.InvalidArgumentError(
                        None, op, "sequence_length(%d) <= %d" % (b, time))
                if attrs["preprocess_collapse_repeated"]:
                    labels = collapse_repeats(labels)
                if not labels:
                    raise errors.InvalidArgumentError(
                        None, op, "Labels length is zero in batch %d" % b)
                if min(labels) < 0 or max(labels) >= blank:
                    raise errors.InvalidArgumentError(
                        None, op, "Labels must be in [0, %d) (the blank is %d); batch %d has "
                        "%s" % (blank, blank, b, labels))
                repeats = sum(1 for i in range(1, len(labels)) if labels[i] == labels[i - 1])
                required = len(labels) + (repeats if attrs["ctc_merge_repeated"] else 0)
                if length < required:
                    if attrs["ignore_longer_outputs_than_inputs"]:
                        continue
                    raise errors.InvalidArgumentError(
                        None, op, "Not enough time for target transition sequence (required: "
                        "%d, available: %d)%d You can turn this error into a warning by using "
                        "the flag ignore_longer_outputs_than_inputs" % (required, length, b))
                loss, grad = ctc_sequence(log_probs[:length, b], labels, blank,
                                          attrs["ctc_merge_repeated"])
                losses[b] = loss
                grads[:length, b] = grad
            return losses, grads
        return ctc_loss_kernel

    def gradient(self, op, grad_loss, grad_gradient):
        # TF's _CTCLossGrad: the loss's gradient scales the stored one (no second order)
        if grad_loss is None:
            return [None] * 4
        return [array_ops.expand_dims(array_ops.expand_dims(grad_loss, 0), -1) *
                op.outputs[1], None, None, None]

    def samples(self, rng):
        def build(logits, merge=True, collapse=False):
            labels = SparseTensor([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1]],
                                  np.int32([1, 1, 0, 2, 0]), [2, 3])
            return ctc_loss(labels, logits, [5, 4], preprocess_collapse_repeated=collapse,
                            ctc_merge_repeated=merge)

        def reference(logits, merge=True, collapse=False):
            label_rows = [[1, 1, 0], [2, 0]]
            return [np.array([_brute_force_loss(logits[:length, b], label_rows[b], merge,
                                                collapse)
                              for b, length in enumerate((5, 4))])]
        return [OpSample(lambda x, m=merge, c=collapse: build(x, m, c), normal(rng, 5, 2, 4),
                         reference=lambda x, m=merge, c=collapse: reference(x, m, c),
                         partial=False, name="merge=%s collapse=%s" % (merge, collapse))
                for merge, collapse in ((True, False), (False, False), (True, True))]


def _brute_force_loss(logits, labels, merge_repeated, collapse):
    """-log of the summed probability of every frame-by-frame path that maps to ``labels``
    (all classes^time paths enumerated): the independent reference of the samples."""
    log_probs = _log_softmax(logits)
    time, classes = log_probs.shape
    blank = classes - 1
    target = collapse_repeats(labels) if collapse else list(labels)
    total = []
    for path in itertools.product(range(classes), repeat=time):
        merged = collapse_repeats(path) if merge_repeated else list(path)
        if [c for c in merged if c != blank] == target:
            total.append(sum(log_probs[t, c] for t, c in enumerate(path)))
    return -_logsumexp(*total) if total else np.inf


def ctc_loss(labels, inputs=None, sequence_length=None, preprocess_collapse_repeated=False,
             ctc_merge_repeated=True, ignore_longer_outputs_than_inputs=False,
             time_major=True, logits=None):
    """The CTC loss ``[batch]`` of ``labels`` (an int32 SparseTensor, classes ``0 ..
    num_classes - 2``) given unnormalized ``inputs`` ``[max_time, batch, num_classes]`` (or
    batch-major with ``time_major=False``); the last class is the blank.
    ``ctc_merge_repeated=False`` counts every emission of a label separately."""
    inputs = logits if inputs is None else inputs
    if inputs is None or sequence_length is None:
        raise ValueError("ctc_loss needs inputs and sequence_length")
    with get_default_graph().name_scope("CTCLoss"):
        inputs = convert_to_tensor(inputs)
        if not time_major:
            inputs = array_ops.transpose(inputs, [1, 0, 2])
        labels = convert_to_sparse_tensor(labels, "labels")
        if labels.values.dtype != dtypes.int32:
            raise TypeError("Expected labels (first argument) to be a SparseTensor of int32, "
                            "got %s" % labels.values.dtype.name)
        lengths = cast(convert_to_tensor(sequence_length), dtypes.int32)
        op = make_op("CTCLoss", (inputs, cast(labels.indices, dtypes.int64), labels.values,
                                 lengths),
                     {"preprocess_collapse_repeated": bool(preprocess_collapse_repeated),
                      "ctc_merge_repeated": bool(ctc_merge_repeated),
                      "ignore_longer_outputs_than_inputs":
                          bool(ignore_longer_outputs_than_inputs)})
        return op.outputs[0]


__all__ = ["ctc_loss", "collapse_repeats", "ctc_sequence"]
