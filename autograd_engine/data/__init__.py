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
# issue 20 (i20h): the rest of TF1's tf.data (cardinality, options, numpy iteration,
# fixed-length records, the module-level iterator functions) and tf.data.experimental.
from .readers import FixedLengthRecordDataset  # noqa: E402
from .dataset_tail import (AUTOTUNE, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY,  # noqa: E402
                           DatasetSpec, NumpyIterator, Options, ThreadingOptions,
                           get_output_classes, get_output_shapes, get_output_types,
                           make_initializable_iterator, make_one_shot_iterator)
from . import experimental  # noqa: E402

__all__ += ["AUTOTUNE", "DatasetSpec", "FixedLengthRecordDataset", "INFINITE_CARDINALITY",
            "NumpyIterator", "Options", "ThreadingOptions", "UNKNOWN_CARDINALITY",
            "experimental", "get_output_classes", "get_output_shapes", "get_output_types",
            "make_initializable_iterator", "make_one_shot_iterator"]
