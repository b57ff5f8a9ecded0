"""``tf.io``: TF1.15's names for reading and writing data: TFRecord files, Example parsing
(``parse_example``, ``FixedLenFeature``, ...), the file ops, decoding ops, and ``tf.io.gfile``.

>>> import autograd_engine as tf
>>> spec = {"x": tf.io.FixedLenFeature([], tf.int64)}
>>> sorted(tf.io.parse_example([], spec))
['x']
"""
from ..ops.csv_ops import decode_csv
from ..ops.io_ops import matching_files, read_file, write_file
from ..ops.parsing_ops import (FixedLenFeature, FixedLenSequenceFeature, VarLenFeature,
                               parse_example, parse_single_example)
from ..ops.string_conversion_ops import decode_base64, decode_raw, encode_base64
from ..ops.tf_record import (TFRecordCompressionType, TFRecordOptions, TFRecordWriter,
                             tf_record_iterator)
from . import io_gfile as gfile
# issue 20 (i20e): image codecs, serialization, queues and the graph writer under tf.io.
from ..ops.image_codecs import (decode_and_crop_jpeg, decode_bmp, decode_gif, decode_image,
                                decode_jpeg, decode_png, decode_webp, encode_jpeg, encode_png,
                                extract_jpeg_shape, is_jpeg)
from ..ops.serialization_ops import (decode_compressed, decode_json_example,
                                     deserialize_many_sparse, parse_tensor, serialize_many_sparse,
                                     serialize_sparse, serialize_tensor)
from ..ops.data_flow_ops import PaddingFIFOQueue, PriorityQueue, QueueBase, RandomShuffleQueue
from ..ops.match_filenames import match_filenames_once
from ..ops.sequence_parsing import (SparseFeature, parse_example,  # noqa: F811 - SparseFeature
                                    parse_sequence_example, parse_single_example,
                                    parse_single_sequence_example)
from ..train.graph_util import write_graph
# issue 20 (i20j): RaggedFeature, read by parse_example / parse_single_example.
from ..ops.ragged_parsing import (RaggedFeature, parse_example,  # noqa: F811
                                  parse_single_example)
from .namespace import exported_names as _exported_names

# Placeholders: JPEG XL, and protos described at run time by a descriptor pool.
from ..framework.unimplemented import unimplemented as _unimplemented
decode_jxl = _unimplemented("tf.io.decode_jxl", "JPEG XL decoders",
                            "tf.io.decode_png or decode_jpeg on converted files")
decode_proto = _unimplemented("tf.io.decode_proto", "run-time protobuf descriptors",
                              "tf.py_func with the protobuf message class")
encode_proto = _unimplemented("tf.io.encode_proto", "run-time protobuf descriptors",
                              "tf.py_func with the protobuf message class")
__all__ = _exported_names(globals())
