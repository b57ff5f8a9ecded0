"""``tf.strings``: TF1.15's names in the ``tf.strings`` namespace for the string ops
(``tf.strings.join`` is ``tf.string_join``, ``tf.strings.to_number`` is
``tf.string_to_number``, and so on).

>>> import autograd_engine as tf
>>> tf.Session().run(tf.strings.join(["a", "b"], separator="+"))
b'a+b'
"""
from ..ops.string_conversion_ops import string_to_hash_bucket_fast as to_hash_bucket_fast
from ..ops.string_conversion_ops import string_to_hash_bucket_strong as to_hash_bucket_strong
from ..ops.string_conversion_ops import string_to_number as to_number
from ..ops.string_ops import (as_string, lower, reduce_join, regex_full_match, regex_replace,
                              substr, upper)
from ..ops.string_ops import string_join as join
from ..ops.string_ops import string_length as length
from ..ops.string_ops import string_strip as strip
from ..ops.string_split_ops import split
# issue 20 (i20i): unicode, n-grams, format, bytes_split, hash buckets, segment joins.
from ..ops.string_tail import (bytes_split, format, ngrams,  # noqa: A004
                               unsorted_segment_join)
from ..ops.string_unicode import (unicode_decode, unicode_decode_with_offsets, unicode_encode,
                                  unicode_script, unicode_split, unicode_split_with_offsets,
                                  unicode_transcode)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
# issue 20 (i20h): tf.strings.to_hash_bucket (TF1's legacy hash)
from ..ops.hash_ops import string_to_hash_bucket as to_hash_bucket  # noqa: E402,F401

__all__ = _exported_names(globals())
