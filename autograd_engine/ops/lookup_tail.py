"""``tf.lookup.TextFileInitializer`` (a table's contents from a text file, ``TextFileIndex``)
and ``tf.lookup.StaticVocabularyTable`` (a vocabulary with hashed out-of-vocabulary buckets).

The file of a ``TextFileInitializer`` is read when the initializer is made (the table's
contents become constants of the graph, as ``KeyValueTensorInitializer``'s): TF1 reads it when
``tables_initializer()`` runs. Loading the file never runs code.

>>> import autograd_engine as tf, os, tempfile
>>> vocab = os.path.join(tempfile.mkdtemp(), "vocab.txt")
>>> with open(vocab, "w") as f:
...     _ = f.write("emerson\\nlake\\npalmer\\n")
>>> init = tf.lookup.TextFileInitializer(vocab, tf.string, tf.lookup.TextFileIndex.WHOLE_LINE,
...                                      tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER)
>>> table = tf.lookup.StaticVocabularyTable(init, num_oov_buckets=1)
>>> tf.Session().run(table.lookup(tf.constant(["lake", "palmer", "king"]))).tolist()
[1, 2, 3]
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from .constant_op import constant, convert_to_tensor
from .elementwise_binary_ops import add, not_equal, where_v2
from .lookup_ops import KeyValueTensorInitializer, StaticHashTable
from .string_conversion_ops import string_to_hash_bucket_fast
from .string_ops import as_string


class TextFileIndex:
    """Which part of a line is a key or value: a column number, or these."""
    WHOLE_LINE = -2
    LINE_NUMBER = -1


def _parse(text, dtype, what, line_number, path):
    if dtype == dtypes.string:
        return text
    try:
        return int(text) if dtype.is_integer else float(text)
    except ValueError:
        raise ValueError("Line %d of %s: the %s field %r is not a valid %s"
                         % (line_number, path, what, text.decode("utf-8", "replace"),
                            dtype.name)) from None


class TextFileInitializer(KeyValueTensorInitializer):
    """Table contents from ``filename``: on each line (up to ``vocab_size`` lines), the key is
    column ``key_index`` of the ``delimiter``-separated fields (or the whole line, or the line
    number), the value likewise (``value_index_offset`` added to line numbers)."""

    def __init__(self, filename, key_dtype, key_index, value_dtype, value_index,
                 vocab_size=None, delimiter="\t", name=None, value_index_offset=0):
        key_dtype, value_dtype = dtypes.as_dtype(key_dtype), dtypes.as_dtype(value_dtype)
        for index, dtype, what in ((key_index, key_dtype, "key"),
                                   (value_index, value_dtype, "value")):
            if index < TextFileIndex.WHOLE_LINE:
                raise ValueError("Invalid %s index %s." % (what, index))
            if index == TextFileIndex.LINE_NUMBER and dtype != dtypes.int64:
                raise ValueError("Signature mismatch. %s must be dtype %s, got %s."
                                 % (what.capitalize(), dtypes.int64.name, dtype.name))
            if index == TextFileIndex.WHOLE_LINE and not (dtype == dtypes.string or
                                                         dtype.is_integer):
                raise ValueError("Signature mismatch. %s must be dtype string or integer, got "
                                 "%s." % (what.capitalize(), dtype.name))
        if vocab_size is not None and vocab_size <= 0:
            raise ValueError("Invalid vocab_size %s." % vocab_size)
        path = filename.decode() if isinstance(filename, bytes) else str(filename)
        with open(path, "rb") as f:
            lines = f.read().splitlines()
        if vocab_size is not None:
            if len(lines) < vocab_size:
                raise ValueError("Invalid vocab_size in %s: expected %d lines, the file has %d."
                                 % (path, vocab_size, len(lines)))
            lines = lines[:vocab_size]
        separator = delimiter.encode("utf-8") if isinstance(delimiter, str) else delimiter

        def field(line, number, index, dtype, what, offset=0):
            if index == TextFileIndex.LINE_NUMBER:
                return number + offset
            if index == TextFileIndex.WHOLE_LINE:
                return _parse(line, dtype, what, number, path)
            columns = line.split(separator)
            if index >= len(columns):
                raise ValueError("Line %d of %s has %d fields, the %s is field %d"
                                 % (number, path, len(columns), what, index))
            return _parse(columns[index], dtype, what, number, path)
        keys = [field(line, n, key_index, key_dtype, "key") for n, line in enumerate(lines)]
        values = [field(line, n, value_index, value_dtype, "value", value_index_offset)
                  for n, line in enumerate(lines)]
        seen = {}
        for n, key in enumerate(keys):
            if key in seen:
                raise ValueError("Duplicate key %r on lines %d and %d of %s: a table has one "
                                 "value per key." % (key, seen[key], n, path))
            seen[key] = n
        with get_default_graph().name_scope(name or "text_file_init"):
            key_array = (dtypes.as_string_array(keys) if key_dtype == dtypes.string else
                         np.array(keys, key_dtype.as_numpy_dtype))
            value_array = (dtypes.as_string_array(values) if value_dtype == dtypes.string else
                           np.array(values, value_dtype.as_numpy_dtype))
            super().__init__(constant(key_array.reshape(-1), dtype=key_dtype),
                             constant(value_array.reshape(-1), dtype=value_dtype), name=name)
        self.filename = path


class StaticVocabularyTable:
    """Maps each key to its id in the vocabulary ``initializer`` (int64 values), or, for a key
    outside it, to ``vocabulary size + a bucket in [0, num_oov_buckets)`` by
    ``to_hash_bucket_fast`` of the key (as a string)."""

    def __init__(self, initializer, num_oov_buckets, lookup_key_dtype=None, name=None,
                 experimental_is_anonymous=False):
        del experimental_is_anonymous
        if num_oov_buckets <= 0:
            raise ValueError("oov_buckets must be > 0; use StaticHashTable.")
        if initializer.value_dtype != dtypes.int64:
            raise TypeError("Invalid value dtype, expected %s but got %s."
                            % (dtypes.int64.name, initializer.value_dtype.name))
        key_dtype = dtypes.as_dtype(lookup_key_dtype or initializer.key_dtype)
        if key_dtype.is_integer != initializer.key_dtype.is_integer:
            raise TypeError("Invalid key dtype, expected %s but got %s."
                            % (initializer.key_dtype.name, key_dtype.name))
        self._name = name or "hash_bucket"
        self._num_oov_buckets = int(num_oov_buckets)
        self._key_dtype = key_dtype
        self._table = StaticHashTable(initializer, -1, name=self._name + "_table")
        self.initializer = self._table.initializer

    init = property(lambda self: self.initializer)
    name = property(lambda self: self._name)
    key_dtype = property(lambda self: self._key_dtype)
    value_dtype = property(lambda self: dtypes.int64)

    def size(self, name=None):
        """Vocabulary size plus the out-of-vocabulary buckets (int64)."""
        return add(self._table.size(), self._num_oov_buckets, name=name)

    def lookup(self, keys, name=None):
        """The id of each key of ``keys`` (any shape)."""
        keys = convert_to_tensor(keys, dtype=self._key_dtype)
        with get_default_graph().name_scope(name or self._name + "_Lookup"):
            table_keys = keys if keys.dtype == self._table.key_dtype else \
                convert_to_tensor(keys, dtype=self._table.key_dtype)
            ids = self._table.lookup(table_keys)
            text = keys if keys.dtype == dtypes.string else as_string(keys)
            buckets = add(string_to_hash_bucket_fast(text, self._num_oov_buckets),
                          self._table.size())
            return where_v2(not_equal(ids, -1), ids, buckets)

__all__ = ["StaticVocabularyTable", "TextFileIndex", "TextFileInitializer"]
