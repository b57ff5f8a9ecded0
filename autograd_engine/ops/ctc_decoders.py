"""CTC decoding (TF1's ``ctc_greedy_decoder`` and ``ctc_beam_search_decoder``) and the
label helpers of ``ctc_loss_v2`` (``ctc_unique_labels``, ``collapse_repeated``).

Decoded sequences come back as int64 SparseTensors ``[batch, longest decoded]``. The beam
search is the CTC prefix search: each beam is a labelling, scored by the summed probability of
its alignments ending in a blank and in a label; after every frame the ``beam_width`` best
labellings stay.

>>> import autograd_engine as tf
>>> logits = tf.constant([[[0.0, 3.0, 0.0]], [[0.0, 3.0, 0.0]], [[0.0, 0.0, 3.0]]])
>>> (decoded,), _ = ctc_greedy_decoder(logits, [3])
>>> with tf.Session() as sess:
...     print(sess.run(decoded.values))
[1]
"""
import itertools

import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .concat_split_ops import concat
from .constant_op import convert_to_tensor, stack
from .ctc_ops import collapse_repeats, ctc_loss
from .elementwise_binary_ops import less, logical_and, not_equal, select, where
from .elementwise_unary_ops import cast
from .functional_ops import map_fn
from .gather_ops import scatter_nd
from .mask_ops import boolean_mask, sequence_mask
from .op_samples import OpSample, normal
from .reduction_ops import reduce_max, reduce_sum
from .registry import OpDef, make_op, register
from .shape_ops import shape
from .slicing_ops import pad
from .sort_ops import unique
from .sparse_tensor import SparseTensor, convert_to_sparse_tensor


def _log_softmax(x):
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _sparse_outputs(sequences):
    """(indices, values, dense_shape) of a batch of int sequences."""
    indices = [[b, i] for b, seq in enumerate(sequences) for i in range(len(seq))]
    values = [label for seq in sequences for label in seq]
    width = max([len(seq) for seq in sequences] + [0])
    return (np.array(indices, np.int64).reshape(-1, 2), np.array(values, np.int64),
            np.array([len(sequences), width], np.int64))


def _check_lengths(op, lengths, time):
    if np.any(np.asarray(lengths) > time):
        raise errors.InvalidArgumentError(
            None, op, "sequence_length(b) <= %d, got %s" % (time, np.asarray(lengths).tolist()))


def _sparse_infer(batch):
    return [(dtypes.int64, TensorShape([None, 2])), (dtypes.int64, TensorShape([None])),
            (dtypes.int64, TensorShape([2]))]


@register
class CTCGreedyDecoder(OpDef):
    """Inputs: logits ``[max_time, batch, classes]``, sequence lengths. Outputs: the decoded
    SparseTensor's indices, values and shape, and ``-sum(max logit)`` per sequence."""
    type_name = "CTCGreedyDecoder"
    host_only = True
    differentiable = False

    def infer(self, op):
        dims = op.inputs[0].shape.as_tuple()
        batch = None if dims is None else dims[1]
        return _sparse_infer(batch) + [(op.inputs[0].dtype, TensorShape([batch, 1]))]

    def kernel(self, op, ctx):
        merge = op.attrs["merge_repeated"]

        def greedy(logits, lengths):
            logits = np.asarray(logits)
            time, batch, classes = logits.shape
            _check_lengths(op, lengths, time)
            blank = classes - 1
            sequences, scores = [], np.zeros((batch, 1), logits.dtype)
            for b in range(batch):
                frames = logits[:int(lengths[b]), b]
                best = frames.argmax(axis=-1).tolist()
                scores[b, 0] = -frames.max(axis=-1).sum() if len(best) else 0.0
                path = collapse_repeats(best) if merge else best
                sequences.append([c for c in path if c != blank])
            return _sparse_outputs(sequences) + (scores,)
        return greedy

    def samples(self, rng):
        def reference(logits, merge):
            out = []
            for b, length in enumerate((4, 2)):
                best = logits[:length, b].argmax(-1)
                seq = [c for i, c in enumerate(best) if not (merge and i and c == best[i - 1])]
                out.append([c for c in seq if c != 2])
            indices, values, dense_shape = _sparse_outputs(out)
            scores = np.array([[-logits[:4, 0].max(-1).sum()], [-logits[:2, 1].max(-1).sum()]])
            return [indices, values, dense_shape, scores]

        def build(logits, merge):
            (decoded,), scores = ctc_greedy_decoder(logits, [4, 2], merge_repeated=merge)
            return [decoded.indices, decoded.values, decoded.dense_shape, scores]
        logits = np.array([[[1.0, 0, 0], [0, 0, 1]], [[1, 0, 0], [0, 1, 0]],
                           [[0, 0, 1], [1, 0, 0]], [[1, 0, 0], [0, 0, 1]]]) + \
            normal(rng, 4, 2, 3) * 0.01
        return [OpSample(lambda x, m=merge: build(x, m), logits,
                         reference=lambda x, m=merge: reference(x, m), partial=False)
                for merge in (True, False)]


def _prefix_beam_search(log_probs, beam_width, top_paths):
    """The ``top_paths`` best (labelling, log probability) of ``[time, classes]`` log-softmax
    frames, keeping ``beam_width`` labellings after each frame."""
    blank = log_probs.shape[1] - 1
    beams = {(): (0.0, -np.inf)}  # labelling -> (log p ending in blank, log p ending in label)
    for frame in log_probs:
        grown = {}

        def add(prefix, blank_part, label_part):
            old_blank, old_label = grown.get(prefix, (-np.inf, -np.inf))
            grown[prefix] = (np.logaddexp(old_blank, blank_part),
                             np.logaddexp(old_label, label_part))
        for prefix, (p_blank, p_label) in beams.items():
            total = np.logaddexp(p_blank, p_label)
            add(prefix, total + frame[blank], -np.inf)
            if prefix:
                add(prefix, -np.inf, p_label + frame[prefix[-1]])
            for label in range(blank):
                source = p_blank if prefix and prefix[-1] == label else total
                add(prefix + (label,), -np.inf, source + frame[label])
        ranked = sorted(grown.items(), key=lambda item: -np.logaddexp(*item[1]))
        beams = dict(ranked[:beam_width])
    ranked = sorted(beams.items(), key=lambda item: -np.logaddexp(*item[1]))[:top_paths]
    return [(list(prefix), float(np.logaddexp(*scores))) for prefix, scores in ranked]


@register
class CTCBeamSearchDecoder(OpDef):
    """Inputs: logits ``[max_time, batch, classes]``, sequence lengths. Outputs: for each of
    the ``top_paths`` paths its SparseTensor's indices, then the values, then the shapes
    (TF's order), and the log probabilities ``[batch, top_paths]``."""
    type_name = "CTCBeamSearchDecoder"
    host_only = True
    differentiable = False

    def infer(self, op):
        dims = op.inputs[0].shape.as_tuple()
        batch = None if dims is None else dims[1]
        paths = op.attrs["top_paths"]
        parts = _sparse_infer(batch)
        return ([parts[0]] * paths + [parts[1]] * paths + [parts[2]] * paths +
                [(op.inputs[0].dtype, TensorShape([batch, paths]))])

    def kernel(self, op, ctx):
        width, paths, merge = (op.attrs["beam_width"], op.attrs["top_paths"],
                               op.attrs["merge_repeated"])

        def beam_search(logits, lengths):
            logits = np.asarray(logits)
            time, batch, _ = logits.shape
            _check_lengths(op, lengths, time)
            log_probs = _log_softmax(logits.astype(np.float64))
            decoded = [[] for _ in range(paths)]
            scores = np.full((batch, paths), -np.inf, logits.dtype)
            for b in range(batch):
                found = _prefix_beam_search(log_probs[:int(lengths[b]), b], width, paths)
                for k in range(paths):
                    labels, score = found[k] if k < len(found) else ([], -np.inf)
                    decoded[k].append(collapse_repeats(labels) if merge else labels)
                    scores[b, k] = score
            parts = [_sparse_outputs(sequences) for sequences in decoded]
            return tuple(p[0] for p in parts) + tuple(p[1] for p in parts) + \
                tuple(p[2] for p in parts) + (scores,)
        return beam_search

    def samples(self, rng):
        def build(logits, merge):
            decoded, scores = ctc_beam_search_decoder(logits, [3, 2], beam_width=20,
                                                      top_paths=2, merge_repeated=merge)
            return [decoded[0].values, decoded[1].values, scores]

        def reference(logits, merge):
            best_values, second_values, scores = [], [], []
            for b, length in enumerate((3, 2)):
                ranked = _exact_labellings(_log_softmax(logits[:length, b]))[:2]
                for target, (labels, _) in zip((best_values, second_values), ranked):
                    target += collapse_repeats(labels) if merge else labels
                scores.append([score for _, score in ranked])
            return [np.int64(best_values), np.int64(second_values), np.array(scores)]
        return [OpSample(lambda x, m=merge: build(x, m), normal(rng, 3, 2, 3) * 2.0,
                         reference=lambda x, m=merge: reference(x, m), partial=False)
                for merge in (True, False)]


def _exact_labellings(log_probs):
    """Every labelling's exact log probability (all alignments enumerated), best first."""
    blank = log_probs.shape[1] - 1
    totals = {}
    for path in itertools.product(range(log_probs.shape[1]), repeat=log_probs.shape[0]):
        labels = tuple(c for c in collapse_repeats(path) if c != blank)
        score = sum(log_probs[t, c] for t, c in enumerate(path))
        totals[labels] = np.logaddexp(totals.get(labels, -np.inf), score)
    return sorted(((list(k), v) for k, v in totals.items()), key=lambda item: -item[1])


def _logits_and_lengths(inputs, sequence_length):
    inputs = convert_to_tensor(inputs)
    if inputs.shape.ndims not in (None, 3):
        raise ValueError("inputs must be 3-D [max_time, batch, num_classes], got %s"
                         % inputs.shape)
    return inputs, cast(convert_to_tensor(sequence_length), dtypes.int32)


def _rolled_blank(inputs, blank_index):
    """``inputs`` with class ``blank_index`` moved last (the decoders' and the loss's blank),
    as TF does for a blank elsewhere."""
    classes = inputs.shape.as_tuple()[-1] if inputs.shape.ndims else None
    if classes is None:
        raise ValueError("a blank_index needs the number of classes known while building")
    blank = blank_index % classes
    if blank == classes - 1:
        return inputs, blank
    return concat([inputs[:, :, :blank], inputs[:, :, blank + 1:],
                   inputs[:, :, blank:blank + 1]], axis=2), blank


def ctc_greedy_decoder(inputs, sequence_length, merge_repeated=True, blank_index=None):
    """The most likely class per frame, repeats merged (``merge_repeated``) and blanks
    dropped: ``([SparseTensor], neg_sum_logits [batch, 1])``. The blank is the last class,
    or ``blank_index``."""
    with get_default_graph().name_scope("CTCGreedyDecoder"):
        inputs, lengths = _logits_and_lengths(inputs, sequence_length)
        blank = None
        if blank_index is not None:
            inputs, blank = _rolled_blank(inputs, blank_index)
        op = make_op("CTCGreedyDecoder", (inputs, lengths),
                     {"merge_repeated": bool(merge_repeated)})
        indices, values, dense_shape, scores = op.outputs
        if blank is not None:  # classes after the blank were moved down by one
            values = select(less(values, blank), values, values + 1)
        return [SparseTensor(indices, values, dense_shape)], scores


def ctc_beam_search_decoder(inputs, sequence_length, beam_width=100, top_paths=1,
                            merge_repeated=True):
    """The ``top_paths`` most probable labellings by a CTC prefix beam search of
    ``beam_width``: ``([SparseTensor] * top_paths, log_probabilities [batch, top_paths])``.
    TF1's ``merge_repeated=True`` also merges equal consecutive labels of a result."""
    if top_paths > beam_width:
        raise ValueError("top_paths must be <= beam_width, got %d > %d"
                         % (top_paths, beam_width))
    if top_paths < 1:
        raise ValueError("top_paths must be at least 1")
    with get_default_graph().name_scope("CTCBeamSearchDecoder"):
        inputs, lengths = _logits_and_lengths(inputs, sequence_length)
        op = make_op("CTCBeamSearchDecoder", (inputs, lengths),
                     {"beam_width": int(beam_width), "top_paths": int(top_paths),
                      "merge_repeated": bool(merge_repeated)})
        out = op.outputs
        decoded = [SparseTensor(out[k], out[top_paths + k], out[2 * top_paths + k])
                   for k in range(top_paths)]
        return decoded, out[-1]


def ctc_beam_search_decoder_v2(inputs, sequence_length, beam_width=100, top_paths=1):
    """:func:`ctc_beam_search_decoder` without merging a result's repeated labels."""
    return ctc_beam_search_decoder(inputs, sequence_length, beam_width, top_paths,
                                   merge_repeated=False)


def ctc_loss_v2(labels, logits, label_length, logit_length, logits_time_major=True,
                unique=None, blank_index=None, name=None):
    """The CTC loss with dense ``labels`` ``[batch, max_label_length]`` (``label_length``
    long each; blank 0 by default) or a SparseTensor (``blank_index`` required); a negative
    ``blank_index`` counts from the end, -1 giving :func:`ctc_loss`'s blank."""
    del unique  # an optimisation hint of TF's dense kernel; the loss is the same
    with get_default_graph().name_scope(name or "ctc_loss_dense"):
        logits = convert_to_tensor(logits)
        if not logits_time_major:
            logits = array_ops.transpose(logits, [1, 0, 2])
        if isinstance(labels, SparseTensor) or hasattr(labels, "indices"):
            if blank_index is None:
                raise ValueError("blank_index must be given when using SparseTensor labels.")
            sparse = convert_to_sparse_tensor(labels, "labels")
        else:
            blank_index = 0 if blank_index is None else blank_index
            dense = cast(convert_to_tensor(labels), dtypes.int32)
            mask = sequence_mask(label_length, maxlen=shape(dense)[1])
            sparse = SparseTensor(cast(where(mask), dtypes.int64), boolean_mask(dense, mask),
                                  cast(shape(dense), dtypes.int64))
        logits, blank = _rolled_blank(logits, blank_index)
        values = cast(sparse.values, dtypes.int32)
        values = select(less(values, blank), values, values - 1)
        return ctc_loss(SparseTensor(sparse.indices, values, sparse.dense_shape), logits,
                        logit_length, ignore_longer_outputs_than_inputs=True)


def ctc_unique_labels(labels, name=None):
    """Each row's distinct labels in order of appearance, zero-padded (int64), and each
    label's index among them (int32), as ``ctc_loss_v2``'s ``unique`` argument wants."""
    with get_default_graph().name_scope(name or "ctc_unique_labels"):
        labels = convert_to_tensor(labels)

        def row(x):
            found, index = unique(x)
            padded = pad(found, [[0, shape(index)[0] - shape(found)[0]]])
            return cast(padded, dtypes.int64), index
        return map_fn(row, labels, dtype=(dtypes.int64, dtypes.int32))


def collapse_repeated(labels, seq_length, name=None):
    """Merges runs of equal consecutive labels within each row's ``seq_length``:
    ``(collapsed [batch, longest collapsed] zero-padded, new lengths)``."""
    with get_default_graph().name_scope(name or "collapse_repeated_labels"):
        labels = convert_to_tensor(labels)
        lengths = convert_to_tensor(seq_length)
        width = shape(labels)[1]
        changed = not_equal(labels[:, 1:], labels[:, :-1])
        first = array_ops.ones_like(labels[:, :1], dtype=dtypes.bool)
        keep = logical_and(concat([first, changed], axis=1),
                           sequence_mask(lengths, maxlen=width))
        new_lengths = reduce_sum(cast(keep, lengths.dtype), axis=1)
        longest = reduce_max(new_lengths)
        slots = sequence_mask(new_lengths, maxlen=longest)
        collapsed = scatter_nd(where(slots), boolean_mask(labels, keep),
                               stack([shape(labels)[0], longest]))
        return collapsed, new_lengths


__all__ = ["ctc_greedy_decoder", "ctc_beam_search_decoder", "ctc_beam_search_decoder_v2",
           "ctc_loss_v2", "ctc_unique_labels", "collapse_repeated"]
