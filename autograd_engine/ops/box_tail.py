"""The rest of ``tf.image``'s box operations: ``non_max_suppression_with_scores`` (soft-NMS
too), ``non_max_suppression_overlaps``, ``non_max_suppression_padded``,
``combined_non_max_suppression`` and ``draw_bounding_boxes``, as TF1's kernels.

Host ops (greedy loops over candidates) without gradients, as in TF1. Boxes are
``[y1, x1, y2, x2]`` with the corners in either order.

>>> import autograd_engine as tf
>>> boxes = [[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, 2, 1, 3]]
>>> indices, scores = tf.image.non_max_suppression_with_scores(boxes, [0.9, 0.8, 0.7], 3)
>>> tf.Session().run(indices).tolist()
[0, 2]
"""
import heapq

import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from .box_ops import iou_matrix
from .constant_op import constant_value, convert_to_tensor
from .op_samples import OpSample
from .registry import OpDef, make_op, register
from .string_family import run_error


def soft_nms(overlaps, scores, max_output_size, threshold, score_threshold, sigma=0.0):
    """TF's NonMaxSuppressionV5 loop on a precomputed overlap matrix: (indices, scores) of
    the selected candidates, best first. With ``sigma`` > 0 (soft-NMS) an overlapping
    candidate's score decays by ``exp(-0.5 overlap^2 / sigma)`` instead of it being dropped."""
    scale = np.float32(-0.5 / sigma) if sigma > 0 else np.float32(0.0)
    soft = sigma > 0
    scores = np.asarray(scores, np.float32)
    # heap of (-score, index, first selected entry not yet applied to it)
    heap = [(-s, i, 0) for i, s in enumerate(scores) if s > score_threshold]
    heapq.heapify(heap)
    selected, selected_scores = [], []
    while len(selected) < max_output_size and heap:
        negative, index, begin = heapq.heappop(heap)
        score = original = np.float32(-negative)
        suppressed = False
        for j in range(len(selected) - 1, begin - 1, -1):
            overlap = np.float32(overlaps[index, selected[j]])
            weight = np.exp(scale * overlap * overlap)
            score = np.float32(score * (weight if soft or overlap <= threshold else 0.0))
            if not soft and overlap > threshold:
                suppressed = True
                break
            if score <= score_threshold:
                break
        if suppressed:
            continue
        if score == original:
            selected.append(index)
            selected_scores.append(score)
        elif score > score_threshold:
            heapq.heappush(heap, (-score, index, len(selected)))
    return np.array(selected, np.int32), np.array(selected_scores, np.float32)


def _boxes_iou(op, boxes, scores):
    boxes, scores = np.asarray(boxes), np.asarray(scores)
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise run_error(op, "boxes must be of shape [num_boxes, 4], got %s" % (boxes.shape,))
    if scores.shape != (boxes.shape[0],):
        raise run_error(op, "scores has incompatible shape %s for %d boxes"
                        % (scores.shape, boxes.shape[0]))
    return iou_matrix(boxes.astype(np.float32)).astype(np.float32), scores


class SuppressionOp(OpDef):
    """NonMaxSuppressionV5 (boxes; selected indices, their scores, the count of valid ones)
    and NonMaxSuppressionWithOverlaps (an overlap matrix; selected indices)."""
    differentiable = False
    host_only = True

    def __init__(self, type_name, with_overlaps):
        self.type_name = type_name
        self._with_overlaps = with_overlaps

    def infer(self, op):
        if self._with_overlaps:
            return [(dtypes.int32, TensorShape([None]))]
        padded = op.attrs["pad_to_max_output_size"]
        size = _static(op.inputs[2]) if padded else None
        return [(dtypes.int32, TensorShape([size])), (dtypes.float32, TensorShape([size])),
                (dtypes.int32, TensorShape([]))]

    def kernel(self, op, ctx):
        def run(boxes, scores, max_output_size, threshold, score_threshold, sigma=0.0):
            if self._with_overlaps:
                overlaps, scores = np.asarray(boxes, np.float32), np.asarray(scores)
            else:
                overlaps, scores = _boxes_iou(op, boxes, scores)
            indices, kept = soft_nms(overlaps, scores, int(max_output_size), float(threshold),
                                     float(score_threshold), float(sigma))
            if self._with_overlaps:
                return indices
            count = np.int32(len(indices))
            if op.attrs["pad_to_max_output_size"]:
                extra = int(max_output_size) - len(indices)
                indices = np.concatenate([indices, np.zeros(extra, np.int32)])
                kept = np.concatenate([kept, np.zeros(extra, np.float32)])
            return indices, kept, count
        return run

    def samples(self, rng):
        boxes = np.array([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11],
                          [0, 10.1, 1, 11.1], [0, 100, 1, 101]], np.float32)
        scores = np.array([0.9, 0.75, 0.6, 0.95, 0.5, 0.3], np.float32)
        if self._with_overlaps:  # TF's test case: overlaps of 4 candidates
            overlaps = np.array([[1.0, 1.1, 0.5], [1.1, 1.0, 0.5], [0.5, 0.5, 1.0]], np.float32)
            return [OpSample(lambda o, s: non_max_suppression_overlaps(o, s, 3, 0.6), overlaps,
                             np.array([0.1, 0.2, 0.3], np.float32),
                             reference=lambda o, s: np.array([2, 1], np.int32), grad=())]
        # TF's own cases (non_max_suppression_op_test): [3, 0, 5], then padded to 5
        return [OpSample(lambda b, s: list(non_max_suppression_with_scores(b, s, 3, 0.5)), boxes,
                         scores, reference=lambda b, s: [np.array([3, 0, 5], np.int32),
                                                         s[[3, 0, 5]]], grad=()),
                OpSample(lambda b, s: list(non_max_suppression_padded(
                    b, s, 5, 0.5, pad_to_max_output_size=True)), boxes, scores,
                         reference=lambda b, s: [np.array([3, 0, 5, 0, 0], np.int32),
                                                 np.int32(3)], grad=())]


register(SuppressionOp("NonMaxSuppressionV5", with_overlaps=False))
register(SuppressionOp("NonMaxSuppressionWithOverlaps", with_overlaps=True))


def _static(tensor):
    value = constant_value(tensor)
    return None if value is None else int(value)


def _suppression(boxes, scores, max_output_size, threshold, score_threshold, sigma, padded,
                 name, function_name):
    if isinstance(threshold, (int, float)) and not 0.0 <= threshold <= 1.0 and \
            function_name != "non_max_suppression_overlaps":
        raise ValueError("iou_threshold must be in [0, 1], got %s" % threshold)
    inputs = [convert_to_tensor(boxes, dtype=dtypes.float32),
              convert_to_tensor(scores, dtype=dtypes.float32),
              convert_to_tensor(max_output_size, dtype=dtypes.int32),
              convert_to_tensor(threshold, dtype=dtypes.float32),
              convert_to_tensor(score_threshold, dtype=dtypes.float32)]
    if function_name == "non_max_suppression_overlaps":
        return make_op("NonMaxSuppressionWithOverlaps", inputs, None,
                       name or function_name).outputs[0]
    inputs.append(convert_to_tensor(sigma, dtype=dtypes.float32))
    return make_op("NonMaxSuppressionV5", inputs, {"pad_to_max_output_size": bool(padded)},
                   name or function_name).outputs


def non_max_suppression_with_scores(boxes, scores, max_output_size, iou_threshold=0.5,
                                    score_threshold=float("-inf"), soft_nms_sigma=0.0,
                                    name=None):
    """(selected indices, their scores): greedy NMS as :func:`non_max_suppression`, or with
    ``soft_nms_sigma`` > 0 soft-NMS (Bodla et al.), where overlapping boxes' scores decay
    (and the returned scores are the decayed ones).

    >>> import autograd_engine as tf
    >>> boxes = [[0, 0, 1, 1], [0, 0.5, 1, 1.5]]
    >>> _, scores = tf.image.non_max_suppression_with_scores(boxes, [0.9, 0.8], 2, 1.0,
    ...                                                      soft_nms_sigma=0.5)
    >>> [round(float(s), 4) for s in tf.Session().run(scores)]
    [0.9, 0.7159]
    """
    indices, kept, _ = _suppression(boxes, scores, max_output_size, iou_threshold,
                                    score_threshold, soft_nms_sigma, False, name,
                                    "non_max_suppression_with_scores")
    return indices, kept


def non_max_suppression_padded(boxes, scores, max_output_size, iou_threshold=0.5,
                               score_threshold=float("-inf"), pad_to_max_output_size=False,
                               name=None, sorted_input=False, canonicalized_coordinates=False,
                               tile_size=512):
    """(selected indices, how many are valid): :func:`non_max_suppression`'s indices, padded
    with zeros to ``max_output_size`` when ``pad_to_max_output_size`` (so the shape is
    static).

    >>> import autograd_engine as tf
    >>> indices, valid = tf.image.non_max_suppression_padded(
    ...     [[0, 0, 1, 1], [0, 0, 1, 1]], [0.9, 0.8], 4, pad_to_max_output_size=True)
    >>> tf.Session().run([indices, valid])
    [array([0, 0, 0, 0], dtype=int32), np.int32(1)]
    """
    indices, _, valid = _suppression(boxes, scores, max_output_size, iou_threshold,
                                     score_threshold, 0.0, pad_to_max_output_size, name,
                                     "non_max_suppression_padded")
    return indices, valid


def non_max_suppression_overlaps(overlaps, scores, max_output_size, overlap_threshold=0.5,
                                 score_threshold=float("-inf"), name=None):
    """Greedy NMS on a given [n, n] ``overlaps`` matrix instead of boxes: a candidate
    overlapping a selected one by more than ``overlap_threshold`` is dropped.

    >>> import autograd_engine as tf
    >>> overlaps = [[1.0, 0.7, 0.1], [0.7, 1.0, 0.2], [0.1, 0.2, 1.0]]
    >>> tf.Session().run(tf.image.non_max_suppression_overlaps(overlaps, [0.5, 0.9, 0.3], 3))
    array([1, 2], dtype=int32)
    """
    return _suppression(overlaps, scores, max_output_size, overlap_threshold, score_threshold,
                        0.0, False, name, "non_max_suppression_overlaps")


class CombinedNonMaxSuppressionOp(OpDef):
    """Per image: NMS per class, then the best ``max_total_size`` of all classes' boxes."""
    type_name = "CombinedNonMaxSuppression"
    differentiable = False
    host_only = True

    def infer(self, op):
        batch = op.inputs[0].shape.as_tuple()
        batch = None if batch is None else batch[0]
        size = _output_size(op)
        return [(dtypes.float32, TensorShape([batch, size, 4])),
                (dtypes.float32, TensorShape([batch, size])),
                (dtypes.float32, TensorShape([batch, size])), (dtypes.int32, TensorShape([batch]))]

    def kernel(self, op, ctx):
        pad_per_class, clip = op.attrs["pad_per_class"], op.attrs["clip_boxes"]

        def run(boxes, scores, per_class, total, iou_threshold, score_threshold):
            boxes, scores = np.asarray(boxes, np.float32), np.asarray(scores, np.float32)
            if boxes.ndim != 4 or boxes.shape[-1] != 4 or boxes.shape[2] not in (
                    1, scores.shape[-1]) or scores.shape[:2] != boxes.shape[:2]:
                raise run_error(op, "boxes must be [batch, num_boxes, q, 4] with q 1 or "
                                "num_classes, scores [batch, num_boxes, num_classes]; got %s "
                                "and %s" % (list(boxes.shape), list(scores.shape)))
            per_class, total = int(per_class), int(total)
            classes = scores.shape[-1]
            size = min(total, per_class * classes) if pad_per_class else total
            out = (np.zeros((len(boxes), size, 4), np.float32),
                   np.zeros((len(boxes), size), np.float32),
                   np.zeros((len(boxes), size), np.float32), np.zeros(len(boxes), np.int32))
            for b in range(len(boxes)):
                found = []  # (score, class, box index)
                for c in range(classes):
                    class_boxes = boxes[b, :, 0 if boxes.shape[2] == 1 else c]
                    overlaps = iou_matrix(class_boxes).astype(np.float32)
                    indices, kept = soft_nms(overlaps, scores[b, :, c], per_class,
                                             float(iou_threshold), float(score_threshold))
                    found.extend((score, c, i) for i, score in zip(indices, kept))
                found.sort(key=lambda item: -item[0])  # stable: class order breaks ties
                found = found[:size]
                for k, (score, c, i) in enumerate(found):
                    box = boxes[b, i, 0 if boxes.shape[2] == 1 else c]
                    out[0][b, k] = np.clip(box, 0.0, 1.0) if clip else box
                    out[1][b, k], out[2][b, k] = score, c
                out[3][b] = len(found)
            return out
        return run

    def samples(self, rng):
        boxes = np.array([[[[0, 0, 1, 1]], [[0, 0.1, 1, 1.1]], [[0, 2, 1, 3]]]], np.float32)
        scores = np.array([[[0.9, 0.2], [0.8, 0.7], [0.6, 0.1]]], np.float32)
        return [OpSample(lambda b, s: list(combined_non_max_suppression(b, s, 2, 3, 0.5, 0.15)),
                         boxes, scores, reference=lambda b, s: [
                             np.array([[[0, 0, 1, 1], [0, 0.1, 1, 1], [0, 1, 1, 1]]], np.float32),
                             np.array([[0.9, 0.7, 0.6]], np.float32),
                             np.array([[0, 1, 0]], np.float32), np.array([3], np.int32)],
                         grad=())]


def _output_size(op):
    per_class, total = _static(op.inputs[2]), _static(op.inputs[3])
    if not op.attrs["pad_per_class"]:
        return total
    classes = op.inputs[1].shape.as_tuple()
    classes = None if classes is None else classes[-1]
    if None in (per_class, total, classes):
        return None
    return min(total, per_class * classes)


register(CombinedNonMaxSuppressionOp)


def combined_non_max_suppression(boxes, scores, max_output_size_per_class, max_total_size,
                                 iou_threshold=0.5, score_threshold=float("-inf"),
                                 pad_per_class=False, clip_boxes=True, name=None):
    """Per image of a batch, greedy NMS in each class, then the ``max_total_size`` best boxes
    of all classes: (nmsed_boxes [batch, size, 4], nmsed_scores, nmsed_classes (floats),
    valid_detections), zero-padded; ``boxes`` are [batch, num_boxes, q, 4] with q 1 (shared
    by the classes) or num_classes, ``scores`` [batch, num_boxes, num_classes].

    >>> import autograd_engine as tf
    >>> boxes = tf.zeros([2, 5, 1, 4])
    >>> nmsed = tf.image.combined_non_max_suppression(boxes, tf.zeros([2, 5, 3]), 4, 6)
    >>> [t.shape.as_list() for t in nmsed]
    [[2, 6, 4], [2, 6], [2, 6], [2]]
    """
    if isinstance(iou_threshold, (int, float)) and not 0.0 <= iou_threshold <= 1.0:
        raise ValueError("iou_threshold must be in [0, 1], got %s" % iou_threshold)
    inputs = [convert_to_tensor(boxes, dtype=dtypes.float32),
              convert_to_tensor(scores, dtype=dtypes.float32),
              convert_to_tensor(max_output_size_per_class, dtype=dtypes.int32),
              convert_to_tensor(max_total_size, dtype=dtypes.int32),
              convert_to_tensor(iou_threshold, dtype=dtypes.float32),
              convert_to_tensor(score_threshold, dtype=dtypes.float32)]
    return tuple(make_op("CombinedNonMaxSuppression", inputs, {
        "pad_per_class": bool(pad_per_class), "clip_boxes": bool(clip_boxes)},
        name or "combined_non_max_suppression").outputs)


__all__ = ["soft_nms", "combined_non_max_suppression", "non_max_suppression_with_scores",
           "non_max_suppression_padded", "non_max_suppression_overlaps"]
