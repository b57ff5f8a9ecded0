"""``tf.image.non_max_suppression``: greedy selection of the highest-scoring boxes, dropping
each box that overlaps an already selected one by more than ``iou_threshold``, as TF1's
``NonMaxSuppressionV3`` (boxes ``[y1, x1, y2, x2]`` with the corners in either order).

>>> import autograd_engine as tf
>>> boxes = [[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, 2, 1, 3]]
>>> with tf.Session() as sess:
...     sess.run(non_max_suppression(boxes, [0.9, 0.8, 0.7], 3, iou_threshold=0.5)).tolist()
[0, 2]
"""
import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample
from .registry import OpDef, make_tensor, register


def iou_matrix(boxes):
    """Intersection over union of every pair of ``[y1, x1, y2, x2]`` boxes (0 where either
    box is empty)."""
    y1, y2 = np.minimum(boxes[:, 0], boxes[:, 2]), np.maximum(boxes[:, 0], boxes[:, 2])
    x1, x2 = np.minimum(boxes[:, 1], boxes[:, 3]), np.maximum(boxes[:, 1], boxes[:, 3])
    area = (y2 - y1) * (x2 - x1)
    inter_h = np.maximum(np.minimum(y2[:, None], y2) - np.maximum(y1[:, None], y1), 0.0)
    inter_w = np.maximum(np.minimum(x2[:, None], x2) - np.maximum(x1[:, None], x1), 0.0)
    inter = inter_h * inter_w
    union = area[:, None] + area - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((area[:, None] > 0) & (area > 0), inter / union, 0.0)


def select_boxes(boxes, scores, max_output_size, iou_threshold, score_threshold):
    """The indices TF's greedy NMS selects, best first."""
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise ValueError("boxes must be of shape [num_boxes, 4], got %s" % (boxes.shape,))
    if scores.shape != (boxes.shape[0],):
        raise ValueError("scores has incompatible shape %s for %d boxes"
                         % (scores.shape, boxes.shape[0]))
    overlaps = iou_matrix(boxes.astype(np.float64))
    # stable sort by descending score: ties keep the lower index first, as TF
    order = [int(i) for i in np.argsort(-scores, kind="stable") if scores[i] > score_threshold]
    selected = []
    for candidate in order:
        if len(selected) >= max_output_size:
            break
        if all(overlaps[candidate, s] <= iou_threshold for s in selected):
            selected.append(candidate)
    return np.array(selected, np.int32)


class NonMaxSuppressionV3(OpDef):
    """Inputs: boxes ``[n, 4]``, scores ``[n]``, max_output_size, iou_threshold and
    score_threshold (scalars). Output: the selected indices, int32 ``[?]``."""
    type_name = "NonMaxSuppressionV3"
    differentiable = False
    host_only = True  # a greedy loop over the sorted candidates

    def infer(self, op):
        return [(dtypes.int32, TensorShape([None]))]

    def kernel(self, op, ctx):
        def run(boxes, scores, max_output_size, iou_threshold, score_threshold):
            iou = float(iou_threshold)
            if not 0.0 <= iou <= 1.0:
                raise ValueError("iou_threshold must be in [0, 1], got %s" % iou)
            return select_boxes(np.asarray(boxes), np.asarray(scores), int(max_output_size),
                                iou, float(score_threshold))
        return run

    def samples(self, rng):
        boxes = np.array([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11],
                          [0, 10.1, 1, 11.1], [0, 100, 1, 101]], np.float32)
        scores = np.array([0.9, 0.75, 0.6, 0.95, 0.5, 0.3], np.float32)

        def build(max_size, iou, score):
            return lambda b, s: make_tensor(self.type_name, (
                b, s, convert_to_tensor(max_size), convert_to_tensor(iou),
                convert_to_tensor(score)))
        # TF's own test cases (non_max_suppression_op_test): [3, 0, 5] and with a threshold
        return [OpSample(build(3, 0.5, float("-inf")), boxes, scores,
                         reference=lambda b, s: np.array([3, 0, 5], np.int32), grad=()),
                OpSample(build(10, 0.5, 0.4), boxes, scores,
                         reference=lambda b, s: np.array([3, 0], np.int32), grad=(),
                         name="score threshold")]


register(NonMaxSuppressionV3)


def non_max_suppression(boxes, scores, max_output_size, iou_threshold=0.5,
                        score_threshold=float("-inf"), name=None):
    """The indices (int32, best first, at most ``max_output_size``) of the boxes kept by
    greedy non-maximum suppression; ``tf.gather(boxes, indices)`` gives the boxes."""
    if isinstance(iou_threshold, (int, float)) and not 0.0 <= iou_threshold <= 1.0:
        raise ValueError("iou_threshold must be in [0, 1], got %s" % iou_threshold)
    boxes = convert_to_tensor(boxes, dtype=dtypes.float32)
    scores = convert_to_tensor(scores, dtype=dtypes.float32)
    if boxes.shape.ndims not in (None, 2):
        raise ValueError("boxes must be 2-D [num_boxes, 4], got %s" % boxes.shape)
    return make_tensor("NonMaxSuppressionV3", (
        boxes, scores, convert_to_tensor(max_output_size, dtype=dtypes.int32),
        convert_to_tensor(iou_threshold, dtype=dtypes.float32),
        convert_to_tensor(score_threshold, dtype=dtypes.float32)), None,
        name or "non_max_suppression")


__all__ = ["iou_matrix", "non_max_suppression"]
