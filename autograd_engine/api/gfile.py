"""``tf.gfile``: TF1's file API by its CamelCase names (``tf.gfile.GFile``, ``Exists``,
``MakeDirs``, ``Glob``, ``ListDirectory``, ...).

>>> import autograd_engine as tf
>>> tf.gfile.Exists("/no/such/path")
False
"""
from ..ops.file_io import (Copy, DeleteRecursively, Exists, FastGFile, GFile, Glob,
                           IsDirectory, ListDirectory, MakeDirs, Mkdir, Open, Remove, Rename,
                           Stat, Walk)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
# issue 20 (i20h): TF1's MkDir spelling
from ..ops.file_io import Mkdir as MkDir  # noqa: E402,F401

__all__ = _exported_names(globals())
