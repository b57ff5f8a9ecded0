"""The rest of TF1's ``tf.summary``: ``audio`` (WAV-encoded clips TensorBoard plays),
``tensor_summary`` (a whole tensor in a ``TensorProto``), ``get_summary_description``, and the
TF2 summary-writer entry points ``initialize`` and ``all_v2_summary_ops`` as TF1 graph mode
has them (no TF2 summary writer exists in a TF1 graph).

>>> import autograd_engine as tf
>>> clip = tf.summary.audio("beep", tf.zeros([1, 80]), sample_rate=8000, max_outputs=1)
>>> with tf.Session() as sess:
...     value, = tf.summary.Summary.FromString(sess.run(clip)).value
>>> value.tag, value.audio.length_frames, value.audio.encoded_audio_string[:4]
('beep/audio', 80, b'RIFF')
"""
import struct

import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from ..ops.constant_op import convert_to_tensor
from ..ops.op_samples import OpSample, normal
from ..ops.registry import register
from .proto import dtype_enum, protos, shape_proto
from .summary_ops import SummaryOp, add_summary_op

# The collection TF2's summary ops join in a TF1 graph (tf.summary.all_v2_summary_ops).
V2_SUMMARY_COLLECTION = "_SUMMARY_V2"


def encode_wav(samples, sample_rate):
    """16-bit PCM WAV bytes of float ``samples`` ``[frames, channels]`` in [-1, 1], scaled by
    32768, rounded half away from zero and clipped, as TF's ``EncodeAudioAsWav``."""
    frames, channels = samples.shape
    scaled = samples.astype(np.float64) * 32768.0
    pcm = np.clip(np.sign(scaled) * np.floor(np.abs(scaled) + 0.5), -32768, 32767)
    data = pcm.astype("<i2").tobytes()
    rate = int(sample_rate)
    header = struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + len(data), b"WAVE", b"fmt ", 16, 1,
                         channels, rate, rate * channels * 2, channels * 2, 16, b"data",
                         len(data))
    return header + data


def _audio_encoder(op, ctx):
    pb, to_host = protos(), ctx.backend.to_numpy
    value_cls, audio_cls = pb.summary_pb2.Summary.Value, pb.summary_pb2.Summary.Audio
    tag, max_outputs = op.attrs["tag"], op.attrs["max_outputs"]
    tags = ([tag + "/audio"] if max_outputs == 1 else
            [tag + "/audio/%d" % i for i in range(max_outputs)])

    def encode(clips, sample_rate):
        clips, rate = to_host(clips), float(to_host(sample_rate))
        if clips.ndim == 2:
            clips = clips[:, :, None]
        if clips.ndim != 3:
            raise ValueError("tf.summary.audio takes [batch, frames] or [batch, frames, "
                             "channels], got shape %s (tag '%s')" % (list(clips.shape), tag))
        out = []
        for i in range(min(max_outputs, clips.shape[0])):
            frames, channels = clips[i].shape
            out.append(value_cls(tag=tags[i], audio=audio_cls(
                sample_rate=rate, num_channels=channels, length_frames=frames,
                encoded_audio_string=encode_wav(clips[i], rate), content_type="audio/wav")))
        return out
    return encode


def tensor_proto(array, dtype):
    """A ``TensorProto`` of a host array: raw little-endian bytes, or ``string_val``."""
    pb = protos()
    proto = pb.tensor_pb2.TensorProto(dtype=dtype_enum(dtype),
                                      tensor_shape=shape_proto(_shape_of(array)))
    if dtype == dtypes.string:
        proto.string_val.extend(v if isinstance(v, bytes) else str(v).encode("utf-8")
                                for v in np.asarray(array, dtype=object).reshape(-1))
    else:
        little = np.asarray(array, dtype=dtype.as_numpy_dtype).astype(
            np.dtype(dtype.as_numpy_dtype).newbyteorder("<"), copy=False)
        proto.tensor_content = np.ascontiguousarray(little).tobytes()
    return proto


def _shape_of(array):
    return TensorShape(list(np.shape(array)))


def _tensor_encoder(op, ctx):
    pb, to_host = protos(), ctx.backend.to_numpy
    tag, dtype = op.attrs["tag"], op.inputs[0].dtype
    metadata = pb.summary_pb2.SummaryMetadata.FromString(op.attrs["serialized_summary_metadata"])

    def encode(values):
        return [pb.summary_pb2.Summary.Value(tag=tag, metadata=metadata,
                                             tensor=tensor_proto(to_host(values), dtype))]
    return encode


def _values_of(serialized):
    return list(protos().summary_pb2.Summary.FromString(serialized).value)


def _pcm(value):
    return np.frombuffer(value.audio.encoded_audio_string[44:], "<i2")


def _audio_samples(rng):
    """Mono clips (two of three asked for) and one stereo clip, values beyond [-1, 1]."""
    def sample(clips, max_outputs):
        def validate(values):
            written = _values_of(values[0])
            assert len(written) == min(max_outputs, len(clips)), written
            for value, clip in zip(written, clips):
                pcm = _pcm(value).reshape(clip.shape[0], -1)
                expected = np.clip(np.round(clip.reshape(clip.shape[0], -1) * 32768), -32768,
                                   32767)
                assert np.abs(pcm - expected).max() <= 1, (pcm, expected)
                assert value.audio.sample_rate == 8000.0 and value.audio.content_type == \
                    "audio/wav"
        return OpSample(lambda t: audio("clip", t, 8000, max_outputs), clips,
                        validate=validate)
    return [sample(normal(rng, 2, 5).astype(np.float32) * 0.7, 3),
            sample(normal(rng, 1, 4, 2).astype(np.float32) * 1.5, 1)]


def _tensor_samples(rng):
    """float64, int32 and string tensors round-trip through their TensorProto."""
    def sample(x, numpy_dtype):
        def validate(values):
            value, = _values_of(values[0])
            assert value.tag == "t" and value.metadata.display_name == "T", value
            dims = [d.size for d in value.tensor.tensor_shape.dim]
            if numpy_dtype is object:
                got = np.array(list(value.tensor.string_val), dtype=object).reshape(dims)
            else:
                got = np.frombuffer(value.tensor.tensor_content, numpy_dtype).reshape(dims)
            assert (got == x).all() and list(x.shape) == dims, (got, x)
        return OpSample(lambda t: tensor_summary("t", t, display_name="T"), x,
                        validate=validate)
    return [sample(normal(rng, 2, 3), np.float64),
            sample(rng.integers(-9, 9, 4).astype(np.int32), np.int32),
            sample(np.array([[b"a", b"bc"]], dtype=object), object)]


register(SummaryOp("AudioSummaryV2", _audio_encoder), samples=_audio_samples)
register(SummaryOp("TensorSummaryV2", _tensor_encoder), samples=_tensor_samples)


def audio(name, tensor, sample_rate, max_outputs=3, collections=None, family=None):
    """A summary of up to ``max_outputs`` audio clips from a float ``[batch, frames]`` or
    ``[batch, frames, channels]`` tensor of samples in [-1, 1], encoded as 16-bit WAV at
    ``sample_rate`` Hz (a number or float tensor): TensorBoard's Audio tab plays them."""
    tensor = convert_to_tensor(tensor)
    if not tensor.dtype.is_floating:
        raise TypeError("tf.summary.audio needs a float tensor of samples in [-1, 1], got %s "
                        "of dtype %s" % (tensor.name, tensor.dtype.name))
    if tensor.shape.ndims not in (None, 2, 3):
        raise ValueError("tf.summary.audio takes [batch, frames] or [batch, frames, channels], "
                         "got shape %s (%s)" % (tensor.shape, tensor.name))
    max_outputs = int(max_outputs)
    if max_outputs < 1:
        raise ValueError("max_outputs must be at least 1, got %d" % max_outputs)
    rate = convert_to_tensor(sample_rate, dtype=dtypes.float32) if not hasattr(
        sample_rate, "dtype") else sample_rate
    if rate.dtype != dtypes.float32:
        raise TypeError("sample_rate must be float32, got %s" % rate.dtype.name)
    return add_summary_op("AudioSummaryV2", name, family, [tensor, rate],
                          {"max_outputs": max_outputs}, collections)


def tensor_summary(name, tensor, summary_description=None, collections=None,
                   summary_metadata=None, family=None, display_name=None):
    """A summary holding all of ``tensor`` (its ``TensorProto``), with a ``SummaryMetadata``
    (``summary_metadata``, or one of ``display_name`` and ``summary_description``).

    >>> import autograd_engine as tf
    >>> s = tf.summary.tensor_summary("weights", tf.constant([1.5, 2.5]))
    >>> with tf.Session() as sess:
    ...     value, = tf.summary.Summary.FromString(sess.run(s)).value
    >>> value.tag, value.tensor.dtype == 1, len(value.tensor.tensor_content)
    ('weights', True, 8)
    """
    tensor = convert_to_tensor(tensor)
    metadata = protos().summary_pb2.SummaryMetadata()
    if summary_metadata is not None:
        metadata.CopyFrom(summary_metadata)
    if summary_description is not None:
        metadata.summary_description = summary_description
    if display_name is not None:
        metadata.display_name = display_name
    return add_summary_op("TensorSummaryV2", name, family, [tensor],
                          {"serialized_summary_metadata": metadata.SerializeToString()},
                          collections)


def get_summary_description(node_def):
    """The ``SummaryDescription`` of a ``TensorSummary`` node (its ``description`` attribute,
    protobuf JSON), as TF1's; ``ValueError`` for any other node."""
    from google.protobuf import json_format
    op_type = getattr(node_def, "op", None)
    op_type = getattr(node_def, "type", op_type) if not isinstance(op_type, str) else op_type
    if op_type != "TensorSummary":
        raise ValueError("Can't get_summary_description on %s" % op_type)
    attr = node_def.attr["description"]
    text = attr.s if hasattr(attr, "s") else attr
    text = text.decode("utf-8") if isinstance(text, bytes) else str(text)
    return json_format.Parse(text, protos().summary_pb2.SummaryDescription())


def all_v2_summary_ops():
    """The TF2 summary ops of the default graph: a TF1 graph has none (TF2 summary writers
    do not exist here; ``tf.summary.FileWriter`` is TF1's), so this is an empty list."""
    return list(get_default_graph().get_collection(V2_SUMMARY_COLLECTION))


def initialize(graph=None, session=None):
    """TF1's entry point for TF2 summary writers in graph mode: with no TF2 default summary
    writer (there is none in a TF1 graph) it raises ``RuntimeError``, as TF1 does; TF1
    summaries need no initialization (``tf.summary.FileWriter`` writes them)."""
    del graph, session
    raise RuntimeError("No default tf.contrib.summary.SummaryWriter found: TF2 summary writers "
                       "do not exist in a TF1 graph. Use tf.summary.FileWriter(logdir) and "
                       "writer.add_summary(sess.run(summary_op), step).")


__all__ = ["all_v2_summary_ops", "audio", "get_summary_description", "initialize",
           "tensor_summary"]
