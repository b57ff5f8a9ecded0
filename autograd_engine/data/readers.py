"""Datasets that read files: ``tf.data.TFRecordDataset`` (the records of TFRecord files) and
``tf.data.TextLineDataset`` (the lines of text files), each element a tf.string scalar.

The file names (and the compression type) may be tensors, a placeholder fed when an
initializable iterator's ``initializer`` runs, as in TF1.

>>> import os, tempfile, autograd_engine as tf
>>> path = os.path.join(tempfile.mkdtemp(), "r.tfrecord")
>>> with tf.python_io.TFRecordWriter(path) as writer:
...     writer.write(b"a"); writer.write(b"b")
>>> nxt = tf.data.TFRecordDataset(path).batch(2).make_one_shot_iterator().get_next()
>>> tf.Session().run(nxt).tolist()
[b'a', b'b']
"""
import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape
from ..ops.file_io import GFile
from ..ops.reader_ops import fixed_length_records
from ..ops.string_family import scalar_bytes, string_input
from ..ops.tf_record import TFRecordOptions, read_records
from .dataset_ops import Dataset


def _filenames(filenames):
    tensor = string_input(filenames, "TFRecordDataset", "filenames")
    if tensor.shape.ndims not in (None, 0, 1):
        raise ValueError("`filenames` must be a scalar or a vector, got shape %s"
                         % tensor.shape)
    return tensor


def _names(value):
    return [name.decode("utf-8") for name in np.asarray(value, dtype=object).reshape(-1)]


class _FileDataset(Dataset):
    """A source whose elements are string scalars read from the files ``filenames`` names,
    in order; ``read(path, *options)`` yields each file's elements as bytes."""

    def __init__(self, filenames, options=()):
        self._filenames = _filenames(filenames)
        super().__init__(dtypes.string, TensorShape([]), (), [self._filenames] + list(options))

    def _bind(self, ctx, slot_of, rows=False):
        slots = [slot_of[t] for t in self._captured]
        read = self._read

        def instantiate(values):
            names, options = _names(values[slots[0]]), [values[s] for s in slots[1:]]

            def epoch():
                for name in names:
                    for item in read(name, *options):
                        yield (np.asarray(item, dtype=object),)
            return epoch
        return instantiate


class TFRecordDataset(_FileDataset):
    """The records of one or more TFRecord files (``tf.data.TFRecordDataset``), each a string
    scalar; ``compression_type`` is ``""``, ``"ZLIB"`` or ``"GZIP"`` (or a string tensor).
    A damaged record stops the pipeline with ``DataLossError``."""

    def __init__(self, filenames, compression_type=None, buffer_size=None,
                 num_parallel_reads=None):
        if not isinstance(compression_type, TensorLike):
            compression_type = TFRecordOptions.get_compression_type_string(compression_type)
        compression = string_input(compression_type, "TFRecordDataset", "compression_type")
        super().__init__(filenames, [compression])

    @staticmethod
    def _read(name, compression):
        compression = scalar_bytes(compression).decode("utf-8")
        for _, record in read_records(name, compression):
            yield record


class TextLineDataset(_FileDataset):
    """The lines of one or more text files, without their line endings
    (``tf.data.TextLineDataset``)."""

    def __init__(self, filenames, compression_type=None, buffer_size=None,
                 num_parallel_reads=None):
        if compression_type:
            raise ValueError("TextLineDataset reads uncompressed files here; got "
                             "compression_type=%r" % (compression_type,))
        super().__init__(filenames)

    @staticmethod
    def _read(name):
        with GFile(name, "rb") as f:
            for line in f:
                yield line.rstrip(b"\n").rstrip(b"\r")


class FixedLengthRecordDataset(_FileDataset):
    """Records of ``record_bytes`` bytes from one or more files, each after ``header_bytes`` and
    before ``footer_bytes`` (``tf.data.FixedLengthRecordDataset``, as CIFAR-10's binary files
    are read); ``compression_type`` ``""``, ``"ZLIB"`` or ``"GZIP"``.

    >>> import os, tempfile, autograd_engine as tf
    >>> path = os.path.join(tempfile.mkdtemp(), "r.bin")
    >>> with open(path, "wb") as f:
    ...     _ = f.write(b"HHabcdefT")
    >>> ds = tf.data.FixedLengthRecordDataset(path, 3, header_bytes=2, footer_bytes=1)
    >>> tf.Session().run(ds.batch(2).make_one_shot_iterator().get_next()).tolist()
    [b'abc', b'def']
    """

    def __init__(self, filenames, record_bytes, header_bytes=None, footer_bytes=None,
                 buffer_size=None, compression_type=None, num_parallel_reads=None):
        self._attrs = {"record_bytes": int(record_bytes), "header_bytes": int(header_bytes or 0),
                       "footer_bytes": int(footer_bytes or 0), "hop_bytes": 0,
                       "encoding": TFRecordOptions.get_compression_type_string(compression_type)}
        if self._attrs["record_bytes"] <= 0:
            raise ValueError("record_bytes must be positive, got %d" % self._attrs["record_bytes"])
        super().__init__(filenames)

    def _read(self, name):
        attrs = self._attrs
        records = list(fixed_length_records(name, attrs))
        # as TF: a body that is not whole records is an error, not a silently dropped tail
        with GFile(name, "rb") as f:
            body = f.size() - attrs["header_bytes"] - attrs["footer_bytes"]
        if not attrs["encoding"] and body % attrs["record_bytes"]:
            raise InvalidArgumentError(
                None, None, "Excluding the header (%d bytes) and footer (%d bytes), input file "
                "\"%s\" has body length %d bytes, which is not an exact multiple of the record "
                "length (%d bytes)." % (attrs["header_bytes"], attrs["footer_bytes"], name, body,
                                        attrs["record_bytes"]))
        for _, record in records:
            yield record


__all__ = ["FixedLengthRecordDataset", "TFRecordDataset", "TextLineDataset"]
