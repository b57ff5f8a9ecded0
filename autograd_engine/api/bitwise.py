"""``tf.bitwise``: and, or, xor, invert and the shifts of integer tensors (TF1's clamped shift
amounts).

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     int(sess.run(tf.bitwise.bitwise_xor(12, 10)))
6
"""
from ..ops.bitwise_ops import (bitwise_and, bitwise_or, bitwise_xor, invert, left_shift,
                               right_shift)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
