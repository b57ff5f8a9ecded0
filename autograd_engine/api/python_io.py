"""``tf.python_io``: TFRecord files (``TFRecordWriter``, ``tf_record_iterator``,
``TFRecordOptions``, ``TFRecordCompressionType``).

>>> import autograd_engine as tf
>>> tf.python_io.TFRecordOptions.get_compression_type_string(
...     tf.python_io.TFRecordCompressionType.GZIP)
'GZIP'
"""
from ..ops.tf_record import (TFRecordCompressionType, TFRecordOptions, TFRecordWriter,
                             tf_record_iterator)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
