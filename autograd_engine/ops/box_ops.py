"""Box operations of ``tf.image``: ``crop_and_resize`` (below) and ``non_max_suppression``,
greedy selection of the highest-scoring boxes, dropping
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
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .broadcast_ops import broadcast_to
from .clip_ops import clip_by_value
from .constant_op import convert_to_tensor, stack
from .elementwise_binary_ops import greater_equal, less_equal, logical_and, where_v2
from .elementwise_unary_ops import cast, ceil, floor
from .gather_ops import gather_nd
from .range_ops import range as range_
from .shape_ops import shape as shape_of
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




def crop_and_resize(image, boxes, box_ind=None, crop_size=None, method="bilinear",
                    extrapolation_value=0.0, name=None, box_indices=None):
    """Crops of ``image`` (``[batch, height, width, depth]``) at normalized ``boxes``
    (``[num_boxes, 4]``, ``[y1, x1, y2, x2]``; ``box_ind`` picks each box's image), each
    resized bilinearly to ``crop_size`` ``[crop_height, crop_width]``; sample points outside
    the image take ``extrapolation_value``. Differentiable in the image and the boxes."""
    if method != "bilinear":
        raise ValueError("crop_and_resize supports method='bilinear' here, got %r" % (method,))
    box_ind = box_indices if box_ind is None else box_ind
    with get_default_graph().name_scope(name or "CropAndResize"):
        image = convert_to_tensor(image)
        dtype = image.dtype if image.dtype.is_floating else dtypes.float32
        image = cast(image, dtype)
        boxes = convert_to_tensor(boxes, dtype=dtype)
        box_ind = convert_to_tensor(box_ind, dtype=dtypes.int32)
        crop_h, crop_w = [int(v) for v in crop_size]
        dims = shape_of(image)
        height, width = cast(dims[1], dtype) - 1.0, cast(dims[2], dtype) - 1.0

        def sample_points(low, high, size, extent):
            steps = cast(range_(size), dtype)
            if size > 1:
                return low[:, None] * extent + steps[None, :] * (
                    (high - low) * extent / float(size - 1))[:, None]
            return (0.5 * (low + high) * extent)[:, None] + 0.0 * steps[None, :]
        in_y = sample_points(boxes[:, 0], boxes[:, 2], crop_h, height)   # [n, crop_h]
        in_x = sample_points(boxes[:, 1], boxes[:, 3], crop_w, width)    # [n, crop_w]
        valid = logical_and(
            logical_and(greater_equal(in_y, 0.0), less_equal(in_y, height))[:, :, None],
            logical_and(greater_equal(in_x, 0.0), less_equal(in_x, width))[:, None, :])
        in_y = clip_by_value(in_y, 0.0, height)
        in_x = clip_by_value(in_x, 0.0, width)
        top, left = floor(in_y), floor(in_x)
        bottom, right = ceil(in_y), ceil(in_x)
        y_lerp = (in_y - top)[:, :, None, None]
        x_lerp = (in_x - left)[:, None, :, None]
        count = shape_of(boxes)[0]
        batch = broadcast_to(box_ind[:, None, None], stack([count, crop_h, crop_w]))

        def corner(rows, cols):
            rows = broadcast_to(cast(rows, dtypes.int32)[:, :, None],
                                stack([count, crop_h, crop_w]))
            cols = broadcast_to(cast(cols, dtypes.int32)[:, None, :],
                                stack([count, crop_h, crop_w]))
            return gather_nd(image, stack([batch, rows, cols], axis=-1))
        upper = corner(top, left) + (corner(top, right) - corner(top, left)) * x_lerp
        lower = corner(bottom, left) + (corner(bottom, right) - corner(bottom, left)) * x_lerp
        crops = upper + (lower - upper) * y_lerp
        fill = array_ops.zeros_like(crops) + extrapolation_value
        return where_v2(valid[:, :, :, None], crops, fill)


__all__ = ["crop_and_resize", "iou_matrix", "non_max_suppression"]
