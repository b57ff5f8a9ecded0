"""``tf.data``: input pipelines (Datasets and the Iterators that run them in a Session).

>>> import numpy as np, autograd_engine as tf
>>> images, labels = np.arange(12, dtype=np.float32).reshape(6, 2), np.arange(6)
>>> ds = tf.data.Dataset.from_tensor_slices((images, labels)).shuffle(6, seed=0).batch(4)
>>> x, y = ds.make_one_shot_iterator().get_next()
>>> x.shape.as_list(), y.dtype
([None, 2], tf.int64)
"""
from .dataset_ops import Dataset
from .iterator_ops import Iterator
from . import pipeline_samples  # noqa: F401,E402 - declares the iterator ops' conformance samples

__all__ = ["Dataset", "Iterator"]
from .readers import TFRecordDataset, TextLineDataset  # noqa: E402 - i17a: datasets reading files

__all__ += ["TFRecordDataset", "TextLineDataset"]
