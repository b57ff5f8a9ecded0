"""``tf.io.gfile``: TF1.15's lowercase names of the file API (``tf.io.gfile.exists``,
``makedirs``, ``glob``, ``listdir``, ``rmtree``, ``GFile``, ...).

>>> import autograd_engine as tf
>>> tf.io.gfile.exists("/no/such/path")
False
"""
from ..ops.file_io import (GFile, copy, exists, glob, isdir, listdir, makedirs, mkdir, remove,
                           rename, rmtree, stat, walk)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
