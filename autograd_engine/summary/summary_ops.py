"""Summary ops: each turns tensor values into a serialized ``Summary`` protocol buffer (the
bytes TF1's ``sess.run(summary)`` returns), for ``FileWriter.add_summary``.

All of them are one family, :class:`SummaryOp`: a scalar bytes output, and an *encoder* that
makes the ``Summary.Value`` entries from the input arrays. The encoders are bound once per plan
(tag, attributes, bucket limits on the backend) and run per ``sess.run``.

Tags follow TF1: the name under the current name scope, made unique like an op name
(``loss``, ``loss_1``), with ``family`` as a prefix for TensorBoard's grouping.

>>> import autograd_engine as tf
>>> with tf.name_scope("train"):
...     s = tf.summary.scalar("loss", tf.constant(0.5))
>>> with tf.Session() as sess:
...     tf.summary.Summary.FromString(sess.run(s)).value[0].tag
'train/loss'
"""
import math
import re
import struct
import sys
import zlib

import numpy as np

from ..framework import dtypes
from ..framework.graph import GraphKeys, get_default_graph
from ..framework.tensor import Tensor, TensorLike
from ..framework.tensor_shape import TensorShape
from ..ops.constant_op import convert_to_tensor
from ..ops.op_samples import OpSample, normal, positive
from ..ops.registry import OpDef, make_tensor, register
from .png import encode_png
from .proto import protos, shape_proto

_INVALID_TAG_CHARACTERS = re.compile(r"[^-/\w.]")
_SUMMARY_SPEC = [(dtypes.variant, TensorShape([]))]


def _default_bucket_limits():
    """TF's histogram buckets: edges growing by 10% from 1e-12 to 1e20, mirrored for negative
    values, around 0, with the largest double at both ends."""
    positive, edge = [], 1e-12
    while edge < 1e20:
        positive.append(edge)
        edge *= 1.1
    positive.append(sys.float_info.max)
    return [-v for v in reversed(positive)] + [0.0] + positive


DEFAULT_BUCKET_LIMITS = _default_bucket_limits()


class SummaryOp(OpDef):
    """A summary op: ``make_encoder(op, ctx)`` (at bind time) returns a function from the input
    arrays to a list of ``Summary.Value``."""
    differentiable = False
    host_only = True  # encodes protocol buffers from host values

    def __init__(self, type_name, make_encoder):
        self.type_name = type_name
        self._make_encoder = make_encoder

    def infer(self, op):
        return _SUMMARY_SPEC

    def kernel(self, op, ctx):
        summary_cls = protos().summary_pb2.Summary
        encode = self._make_encoder(op, ctx)

        def summarize(*inputs):
            return summary_cls(value=encode(*inputs)).SerializeToString()
        return summarize


# ---------------------------------------------------------------------- encoders
def _scalar_encoder(op, ctx):
    value_cls, tag = protos().summary_pb2.Summary.Value, op.attrs["tag"]

    def encode(value):
        if getattr(value, "ndim", 0) != 0:
            raise ValueError("tags and values not the same shape: [] != %s (tag '%s'): "
                             "tf.summary.scalar needs a scalar." % (list(value.shape), tag))
        return [value_cls(tag=tag, simple_value=float(value))]
    return encode


def _histogram_encoder(op, ctx):
    pb, xp, to_host = protos(), ctx.xp, ctx.backend.to_numpy
    value_cls, tag = pb.summary_pb2.Summary.Value, op.attrs["tag"]
    limits_list = DEFAULT_BUCKET_LIMITS
    limits = xp.asarray(limits_list)
    last = len(limits_list) - 1

    def encode(values):
        flat = xp.asarray(values, dtype=limits.dtype).reshape(-1)
        if flat.size and bool(xp.isnan(flat).any()):
            raise ValueError("Nan in summary histogram for: %s" % op.name)
        if flat.size and bool(xp.isinf(flat).any()):
            raise ValueError("Infinity in summary histogram for: %s" % op.name)
        # A value goes to the first bucket whose limit is above it (upper_bound, as TF).
        index = xp.minimum(xp.searchsorted(limits, flat, side="right"), last)
        counts = to_host(xp.bincount(index, minlength=len(limits_list))).tolist()
        histogram = pb.summary_pb2.HistogramProto(
            num=float(flat.size), sum=float(flat.sum()), sum_squares=float((flat * flat).sum()),
            min=float(flat.min()) if flat.size else limits_list[-1],
            max=float(flat.max()) if flat.size else -limits_list[-1])
        i = 0
        while i < len(counts):  # runs of empty buckets collapse into one, as TF writes them
            limit, count = limits_list[i], counts[i]
            i += 1
            if count <= 0:
                while i < len(counts) and counts[i] <= 0:
                    limit = limits_list[i]
                    i += 1
            histogram.bucket_limit.append(limit)
            histogram.bucket.append(float(count))
        return [value_cls(tag=tag, histo=histogram)]
    return encode


def _image_encoder(op, ctx):
    pb, xp, to_host = protos(), ctx.xp, ctx.backend.to_numpy
    value_cls, image_cls = pb.summary_pb2.Summary.Value, pb.summary_pb2.Summary.Image
    tag, max_outputs = op.attrs["tag"], op.attrs["max_outputs"]
    is_float = op.inputs[0].dtype.is_floating
    bad_color = xp.asarray(op.attrs["bad_color"], dtype=xp.uint8)
    # The tag depends on how many images were asked for, not how many the batch holds (TF1).
    tags = ([tag + "/image"] if max_outputs == 1 else
            [tag + "/image/%d" % i for i in range(max_outputs)])

    def to_uint8(image):
        """TF1's rule: all-positive images scale so the largest value is 255; others scale by
        the largest magnitude around 128. Non-finite pixels get ``bad_color``."""
        finite = xp.isfinite(image).all(axis=-1)
        values = image[finite]
        low = float(values.min()) if values.size else math.inf
        high = float(values.max()) if values.size else -math.inf
        if low < 0:
            largest = max(-low, high)
            scale, offset = (0.0 if largest < 1e-6 else 127.0 / largest), 128.0
        else:
            scale, offset = (0.0 if high < 1e-6 else 255.0 / high), 0.0
        scaled = xp.where(finite[..., None], image * scale + offset, 0).astype(xp.uint8)
        scaled[~finite] = bad_color[:image.shape[-1]]
        return scaled

    def encode(images):
        if images.ndim != 4 or images.shape[-1] not in (1, 3, 4):
            raise ValueError("Tensor must be 4-D with last dim 1, 3, or 4, not %s (tag '%s')"
                             % (list(images.shape), tag))
        out = []
        for i in range(min(max_outputs, images.shape[0])):
            image = to_uint8(images[i]) if is_float else images[i]
            height, width, channels = image.shape
            png = encode_png(to_host(xp.ascontiguousarray(image)).tobytes(), height, width,
                             channels)
            out.append(value_cls(tag=tags[i], image=image_cls(
                height=height, width=width, colorspace=channels, encoded_image_string=png)))
        return out
    return encode


def _text_encoder(op, ctx):
    pb, to_host = protos(), ctx.backend.to_numpy
    tag, constant = op.attrs["tag"], op.attrs["text"]
    metadata = pb.summary_pb2.SummaryMetadata(
        plugin_data=pb.summary_pb2.SummaryMetadata.PluginData(plugin_name="text"))

    def tensor_proto(strings, dims):
        proto = pb.tensor_pb2.TensorProto(dtype=pb.types_pb2.DT_STRING,
                                          tensor_shape=shape_proto(TensorShape(dims)))
        proto.string_val.extend(strings)
        return proto

    def value(strings, dims):
        return [pb.summary_pb2.Summary.Value(tag=tag, metadata=metadata,
                                             tensor=tensor_proto(strings, dims))]
    if constant is not None:
        strings, dims = constant
        fixed = value([s.encode("latin-1") for s in strings], dims)
        return lambda: fixed

    def encode(values):
        host = to_host(values)
        dims = list(getattr(host, "shape", ()))
        items = host.reshape(-1).tolist() if dims else [host.item() if hasattr(host, "item")
                                                          else host]
        return value([_text_bytes(item) for item in items], dims)
    return encode


def _merge_encoder(op, ctx):
    parse = protos().summary_pb2.Summary.FromString

    def encode(*summaries):
        values, seen = [], set()
        for serialized in summaries:
            for v in parse(serialized).value:
                if v.tag in seen:
                    raise ValueError("Duplicate tag %s found in summary inputs" % v.tag)
                seen.add(v.tag)
                values.append(v)
        return values
    return encode


# ---------------------------------------------------------------------- conformance samples
# Each sample parses the serialized Summary and checks its values against the inputs.
def _values_of(serialized):
    return list(protos().summary_pb2.Summary.FromString(serialized).value)


def _scalar_samples(rng):
    """float64, float32 and int32 scalars: the reference is the Summary built directly."""
    def expected(x):
        pb = protos().summary_pb2.Summary
        return pb(value=[pb.Value(tag="loss", simple_value=float(x))]).SerializeToString()
    return [OpSample(lambda x: scalar("loss", x), x, reference=expected)
            for x in (normal(rng), np.float32(normal(rng)), np.int32(rng.integers(-9, 9)))]


def _check_histogram(values, x):
    """The count, sum, extremes, and the count between each bucket limit and the previous."""
    histogram = values.histo
    flat = x.reshape(-1).astype(np.float64)
    assert histogram.num == flat.size and sum(histogram.bucket) == flat.size, histogram
    assert np.isclose(histogram.sum, flat.sum()), (histogram.sum, flat.sum())
    assert np.isclose(histogram.sum_squares, (flat * flat).sum()), histogram.sum_squares
    if flat.size:
        assert (histogram.min, histogram.max) == (flat.min(), flat.max()), histogram
    lows = [-math.inf] + list(histogram.bucket_limit[:-1])
    for low, high, count in zip(lows, histogram.bucket_limit, histogram.bucket):
        assert count == np.count_nonzero((flat >= low) & (flat < high)), (low, high, count)


def _histogram_samples(rng):
    """Values of both signs over several decades, integers with ties, and an empty tensor."""
    def sample(x):
        def validate(values):
            value, = _values_of(values[0])
            assert value.tag == "weights", value.tag
            _check_histogram(value, x)
        return OpSample(lambda t: histogram("weights", t), x, validate=validate)
    return [sample(normal(rng, 2, 3) * 10.0 ** rng.integers(-3, 4, (2, 3))),
            sample(rng.integers(-3, 3, 7).astype(np.int32)), sample(np.zeros((0, 2)))]


def _png_pixels(png):
    """A PNG's pixels as ``(height, width, channels)`` uint8, read with zlib alone (unfiltered
    8-bit rows, as the encoder writes them)."""
    chunks, position = {}, 8
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        chunks[kind] = chunks.get(kind, b"") + png[position + 8:position + 8 + length]
        position += 12 + length
    width, height, _, color_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    channels = {0: 1, 4: 2, 2: 3, 6: 4}[color_type]
    rows = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), np.uint8).reshape(height, -1)
    assert not rows[:, 0].any(), "filtered rows"
    return rows[:, 1:].reshape(height, width, channels)


def _scaled_to_uint8(image):
    """TF1's rule: all-positive images scale to a largest value of 255; others scale the largest
    magnitude to 127 around 128; pixels with a non-finite channel are red."""
    finite = np.isfinite(image).all(axis=-1, keepdims=True)
    values = image[np.broadcast_to(finite, image.shape)]
    largest = np.abs(values).max()
    scaled = image / largest * 255 if values.min() >= 0 else image / largest * 127 + 128
    return np.where(finite, scaled, [255, 0, 0][:image.shape[-1]])


def _image_samples(rng):
    """uint8 images (two of three asked for), positive float32, and float64 of both signs with
    a NaN pixel; pixels within one unit of the scaled values (the kernel truncates)."""
    def sample(images, max_outputs):
        def validate(values):
            written = _values_of(values[0])
            tags = (["pictures/image"] if max_outputs == 1 else
                    ["pictures/image/%d" % i for i in range(max_outputs)])
            assert [v.tag for v in written] == tags[:len(images)], [v.tag for v in written]
            for value, image in zip(written, images):
                pixels = _png_pixels(value.image.encoded_image_string)
                expected = image if image.dtype == np.uint8 else _scaled_to_uint8(image)
                assert pixels.shape == image.shape, (pixels.shape, image.shape)
                assert np.abs(pixels - expected).max() <= 1, (pixels, expected)
        return OpSample(lambda t: image("pictures", t, max_outputs), images, validate=validate)
    signed = normal(rng, 1, 2, 3, 3)
    signed[0, 1, 2, 0] = np.nan
    return [sample(rng.integers(0, 256, (2, 3, 4, 3)).astype(np.uint8), 3),
            sample(positive(rng, 1, 2, 3, 1).astype(np.float32), 1), sample(signed, 2)]


def _text_samples(rng):
    """A constant string (no input), numbers of a tensor as their text, and a scalar."""
    def sample(build, strings, dims, *inputs):
        def validate(values):
            value, = _values_of(values[0])
            assert value.metadata.plugin_data.plugin_name == "text", value.metadata
            assert list(value.tensor.string_val) == strings, value.tensor.string_val
            assert [d.size for d in value.tensor.tensor_shape.dim] == dims, value.tensor
        return OpSample(build, *inputs, validate=validate)
    numbers = rng.integers(-9, 9, (2, 3)).astype(np.int32)
    return [sample(lambda: text("notes", "**lr** = 0.1"), [b"**lr** = 0.1"], []),
            sample(lambda t: text("notes", t), [str(v).encode() for v in numbers.flat], [2, 3],
                   numbers),
            sample(lambda t: text("notes", t), [b"0.5"], [], np.float64(0.5))]


def _merge_samples(rng):
    """A scalar and a histogram merged, in order; one summary alone."""
    def validate(values):
        loss, weights = _values_of(values[0])
        assert (loss.tag, weights.tag) == ("loss", "weights"), (loss.tag, weights.tag)
        assert np.isclose(loss.simple_value, x) and weights.histo.num == y.size
    x, y = np.float32(normal(rng)), normal(rng, 3, 2)

    def alone(values):
        assert [v.tag for v in _values_of(values[0])] == ["notes"]
    return [OpSample(lambda a, b: merge([scalar("loss", a), histogram("weights", b)]), x, y,
                     validate=validate),
            OpSample(lambda: merge([text("notes", "alone")]), validate=alone)]


for _type_name, _encoder, _samples in (
        ("ScalarSummary", _scalar_encoder, _scalar_samples),
        ("HistogramSummary", _histogram_encoder, _histogram_samples),
        ("ImageSummary", _image_encoder, _image_samples),
        ("TextSummary", _text_encoder, _text_samples),
        ("MergeSummary", _merge_encoder, _merge_samples)):
    register(SummaryOp(_type_name, _encoder), samples=_samples)


# ---------------------------------------------------------------------- public functions
def _clean_tag(name):
    if name is None:
        return None
    return _INVALID_TAG_CHARACTERS.sub("_", str(name)).lstrip("/")


def add_summary_op(type_name, name, family, inputs, attrs, collections):
    """Creates the op under TF1's summary scope and adds it to ``collections``."""
    protos()  # fail now, where the summary is created, if TensorBoard is missing
    name, family = _clean_tag(name), _clean_tag(family)
    if not name:
        raise ValueError("A summary needs a non-empty name, got %r" % (name,))
    graph = inputs[0].graph if inputs else get_default_graph()
    with graph.name_scope(name if family is None else "%s/%s" % (family, name)) as scope:
        tag = scope.rstrip("/")
        if family is not None:
            tag = "%s/%s" % (family, tag)
        summary = make_tensor(type_name, inputs, dict(attrs, tag=tag), name=scope, graph=graph)
    for key in ([GraphKeys.SUMMARIES] if collections is None else collections):
        graph.add_to_collection(key, summary)
    return summary


def _real_tensor(tensor, what):
    tensor = convert_to_tensor(tensor)
    if not (tensor.dtype.is_floating or tensor.dtype.is_integer):
        raise TypeError("%s needs a real number tensor (float or int), got %s of dtype %s; "
                        "cast it first, e.g. tf.cast(x, tf.float32)."
                        % (what, tensor.name, tensor.dtype.name))
    return tensor


def scalar(name, tensor, collections=None, family=None):
    """A summary of one real number, shown as a curve over steps in TensorBoard's Scalars tab.

    >>> import autograd_engine as tf
    >>> with tf.Graph().as_default():
    ...     s = tf.summary.scalar("loss", tf.constant(0.25))
    >>> s.op.name, s.op.get_attr("tag")
    ('loss', 'loss')
    """
    tensor = _real_tensor(tensor, "tf.summary.scalar")
    if tensor.shape.ndims not in (None, 0):
        raise ValueError("tf.summary.scalar needs a scalar, but %s has shape %s; reduce it "
                         "first (tf.reduce_mean) or use tf.summary.histogram."
                         % (tensor.name, tensor.shape))
    return add_summary_op("ScalarSummary", name, family, [tensor], {}, collections)


def histogram(name, values, collections=None, family=None):
    """A summary of the distribution of ``values`` (any shape), in TF's exponential buckets:
    TensorBoard's Histograms and Distributions tabs.

    >>> import autograd_engine as tf
    >>> tf.summary.histogram("weights", tf.ones([3, 2])).op.type
    'HistogramSummary'
    """
    values = _real_tensor(values, "tf.summary.histogram")
    return add_summary_op("HistogramSummary", name, family, [values], {}, collections)


def image(name, tensor, max_outputs=3, collections=None, family=None):
    """A summary of up to ``max_outputs`` images from a ``[batch, height, width, channels]``
    tensor (1, 3 or 4 channels; uint8, or floats rescaled as TF1 does), encoded as PNG.

    >>> import autograd_engine as tf
    >>> tf.summary.image("digits", tf.zeros([5, 8, 8, 1]), max_outputs=2).op.type
    'ImageSummary'
    """
    tensor = convert_to_tensor(tensor)
    if tensor.dtype != dtypes.uint8 and not tensor.dtype.is_floating:
        raise TypeError("tf.summary.image needs a uint8 or float tensor, got %s of dtype %s"
                        % (tensor.name, tensor.dtype.name))
    dims = tensor.shape.as_tuple()
    if dims is not None and (len(dims) != 4 or dims[3] not in (None, 1, 3, 4)):
        raise ValueError("Tensor must be 4-D with last dim 1, 3, or 4, not %s: tf.summary.image "
                         "takes [batch, height, width, channels] (%s)."
                         % (tensor.shape.bracketed(), tensor.name))
    max_outputs = int(max_outputs)
    if max_outputs < 1:
        raise ValueError("max_outputs must be at least 1, got %d" % max_outputs)
    return add_summary_op("ImageSummary", name, family, [tensor],
                           {"max_outputs": max_outputs, "bad_color": (255, 0, 0, 255)},
                           collections)


def _text_bytes(item):
    if isinstance(item, bytes):
        return item
    return str(item).encode("utf-8")


def _constant_text(value):
    """(utf-8 strings, dims) of a Python string or nested list of strings, else None."""
    if isinstance(value, (str, bytes)):
        return [_text_bytes(value)], []
    if hasattr(value, "dtype") and getattr(value.dtype, "kind", None) in ("U", "S", "O"):
        return [_text_bytes(v) for v in value.reshape(-1).tolist()], list(value.shape)
    if isinstance(value, (list, tuple)):
        rows = [_constant_text(v) for v in value]
        if rows and all(r is not None for r in rows) and len({tuple(r[1]) for r in rows}) == 1:
            return [s for r in rows for s in r[0]], [len(rows)] + rows[0][1]
    return None


def text(name, tensor, collections=None):
    """A text summary (TensorBoard's Text tab, Markdown rendered). ``tensor`` is a Python
    string or (nested) list of strings; as we have no string dtype, a tensor of numbers is
    shown as their text.

    >>> import autograd_engine as tf
    >>> tf.summary.text("notes", "**lr** = 0.1").op.type
    'TextSummary'
    """
    if isinstance(tensor, TensorLike):
        return add_summary_op("TextSummary", name, None, [convert_to_tensor(tensor)],
                               {"text": None}, collections)
    constant = _constant_text(tensor)
    if constant is None:
        raise TypeError("tf.summary.text needs a string, a (nested) list of strings or a "
                        "tensor, got %r" % (tensor,))
    strings, dims = constant
    # The attr holds the bytes as latin-1 text (one character per byte, so any bytes survive):
    # a meta graph writes text, not bytes.
    return add_summary_op("TextSummary", name, None, [],
                           {"text": ([s.decode("latin-1") for s in strings], dims)},
                           collections)


def merge(inputs, collections=None, name=None):
    """One summary holding the values of all ``inputs`` (summaries); a tag found twice is an
    error when it runs.

    >>> import autograd_engine as tf
    >>> a, b = tf.summary.scalar("a", 1.0), tf.summary.scalar("b", 2.0)
    >>> tf.summary.merge([a, b]).op.type
    'MergeSummary'
    """
    protos()
    inputs = list(inputs)
    if not inputs:
        raise ValueError("tf.summary.merge needs at least one summary")
    for t in inputs:
        if not isinstance(t, Tensor) or t.dtype != dtypes.variant:
            raise TypeError("tf.summary.merge takes summaries (the tensors tf.summary.scalar, "
                            "histogram, image and text return), got %r" % (t,))
    graph = inputs[0].graph
    with graph.name_scope(name or "Merge"):  # TF1's names: Merge/MergeSummary, Merge_1/...
        summary = make_tensor("MergeSummary", inputs, {}, name=name or "MergeSummary",
                              graph=graph)
    for key in (collections or []):
        graph.add_to_collection(key, summary)
    return summary


def merge_all(key=GraphKeys.SUMMARIES, scope=None, name=None):
    """All summaries of the collection ``key`` (default ``SUMMARIES``) merged into one, or
    None when there are none (as TF1).

    >>> import autograd_engine as tf
    >>> with tf.Graph().as_default():
    ...     tf.summary.merge_all() is None
    True
    """
    summaries = get_default_graph().get_collection(key, scope)
    if not summaries:
        return None
    return merge(summaries, name=name)


__all__ = ["scalar", "histogram", "image", "text", "merge", "merge_all", "SummaryOp",
           "DEFAULT_BUCKET_LIMITS"]
