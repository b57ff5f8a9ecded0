"""``tf.image``: flips, transposes and rotations, dtype and colour conversions, per-image
standardization, crops and pads, and resizing (TF1.15's names; the ops live in
``ops/image_ops.py`` and ``ops/image_resize_ops.py``).

>>> import autograd_engine as tf
>>> images = tf.placeholder(tf.float32, [None, 28, 28, 3])
>>> prepared = tf.image.per_image_standardization(tf.image.flip_left_right(images))
>>> tf.image.resize_images(prepared, [14, 14]).shape.as_list()
[None, 14, 14, 3]
"""
from ..ops.image_ops import (central_crop, convert_image_dtype, crop_to_bounding_box,
                             flip_left_right, flip_up_down, grayscale_to_rgb,
                             pad_to_bounding_box, per_image_standardization, rgb_to_grayscale,
                             rot90, transpose_image)
from ..ops.image_resize_ops import (ResizeMethod, resize_area, resize_bicubic,  # i20e: area
                                    resize_bilinear, resize_images, resize_nearest_neighbor)
# issue 20 (i20b): colour adjustments and random augmentations.
from ..ops.image_adjust_ops import (adjust_brightness, adjust_contrast, adjust_gamma,
                                    adjust_hue, adjust_saturation, hsv_to_rgb,
                                    random_brightness, random_contrast, random_flip_left_right,
                                    random_flip_up_down, random_hue, random_saturation,
                                    rgb_to_hsv)
from ..ops.space_batch_ops import random_crop
from ..ops.box_ops import crop_and_resize, non_max_suppression
# issue 20 (i20e): codecs and the image tail.
from ..ops.image_codecs import (adjust_jpeg_quality, decode_and_crop_jpeg, decode_bmp,
                                decode_gif, decode_image, decode_jpeg, decode_png, decode_webp,
                                encode_jpeg, encode_png, extract_jpeg_shape, is_jpeg,
                                random_jpeg_quality)
from ..ops.image_quality import (image_gradients, psnr, rgb_to_yiq, rgb_to_yuv, sobel_edges,
                                 ssim, ssim_multiscale, total_variation, yiq_to_rgb, yuv_to_rgb)
from ..ops.image_patches import (extract_image_patches, extract_patches,
                                 resize_image_with_crop_or_pad, resize_image_with_pad,
                                 resize_with_crop_or_pad)
from ..ops.box_tail import (combined_non_max_suppression, non_max_suppression_overlaps,
                            non_max_suppression_padded, non_max_suppression_with_scores)
from ..ops.image_boxes import (draw_bounding_boxes, extract_glimpse,
                               sample_distorted_bounding_box)
from .namespace import exported_names as _exported_names

# TF1.15's other names for the same functions.
resize = resize_images
transpose = transpose_image

# Placeholders: no JPEG XL codec ships with Pillow; TF has no CPU kernel for the proposals.
from ..framework.unimplemented import unimplemented as _unimplemented
decode_jxl = _unimplemented("tf.image.decode_jxl", "JPEG XL decoders",
                            "tf.image.decode_png or decode_jpeg on converted files")
generate_bounding_box_proposals = _unimplemented(
    "tf.image.generate_bounding_box_proposals",
    "region-proposal kernels (TF has only a GPU one)",
    "decoding the anchors yourself and tf.image.non_max_suppression")
__all__ = _exported_names(globals())
