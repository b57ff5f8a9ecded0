"""``tf.audio``: WAV files (TF1.15's ``decode_wav`` and ``encode_wav``; the ops live in
``ops/audio_ops.py``).

>>> import autograd_engine as tf
>>> tf.audio.decode_wav(tf.placeholder(tf.string, []), desired_channels=2).audio.shape.as_list()
[None, 2]
"""
from ..ops.audio_ops import decode_wav, encode_wav
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
