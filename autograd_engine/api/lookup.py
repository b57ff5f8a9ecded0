"""``tf.lookup``: constant key -> value tables with integer keys.

>>> import autograd_engine as tf
>>> init = tf.lookup.KeyValueTensorInitializer([1, 2], [10, 20])
>>> table = tf.lookup.StaticHashTable(init, default_value=0)
>>> with tf.Session() as sess:
...     sess.run(table.lookup(tf.constant([2, 5])))
array([20,  0], dtype=int32)
"""
from ..ops.lookup_ops import KeyValueTensorInitializer, StaticHashTable
# issue 20 (i20i): vocabulary files and out-of-vocabulary buckets; the mutable tables.
from ..ops.lookup_tail import StaticVocabularyTable, TextFileIndex, TextFileInitializer
from . import lookup_experimental as experimental
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
