"""``tf.image``'s (and ``tf.io``'s) image codecs: ``decode_png``/``encode_png``,
``decode_jpeg``/``encode_jpeg``, ``decode_and_crop_jpeg``, ``extract_jpeg_shape``, ``is_jpeg``,
``decode_gif``, ``decode_bmp``, ``decode_webp``, ``decode_image``, ``adjust_jpeg_quality`` and
``random_jpeg_quality``.

Encoded images are tf.string scalars, pixels uint8 (uint16 for 16-bit PNG) tensors; the ops run
on the host (``host_only``) and have no gradient, as in TF1. PNG is written with zlib alone;
the other formats need Pillow (``pip install 'autograd_engine[image]'``). JPEG pixels come from
Pillow's libjpeg, not TF's: they may differ from TF's by a few levels (the tests allow 6).
"""
import io

import numpy as np

from ..framework import dtypes
from ..framework.graph import name_scope
from ..framework.tensor_shape import TensorShape
from . import random_ops
from .constant_op import convert_to_tensor
from .elementwise_binary_ops import equal
from .image_formats import (ImageFormatError, decode_frames, decode_jpeg_array,
                            decode_other_array, decode_png_array, encode_jpeg_bytes,
                            encode_png_bytes, jpeg_shape, pillow, sniff_format)
from .image_ops import convert_image_dtype
from .op_samples import OpSample
from .registry import OpDef, make_tensor, register
from .string_family import run_error, scalar_bytes, string_array, string_input
from .string_ops import substr


class CodecOp(OpDef):
    """A host op turning its inputs' values into one output with ``convert(op)``'s function
    (bound once per plan); an ImageFormatError it raises becomes TF1's InvalidArgumentError."""
    differentiable = False
    host_only = True

    def __init__(self, type_name, output, convert, samples):
        self.type_name = type_name
        self._output = output
        self._convert = convert
        self.samples = samples

    def infer(self, op):
        return [self._output(op)]

    def kernel(self, op, ctx):
        convert = self._convert(op)

        def run(*values):
            try:
                return convert(*values)
            except ImageFormatError as error:
                raise run_error(op, str(error)) from None
        return run


def _pixels_shape(op, rank=3):
    channels = op.attrs.get("channels", 0)
    return TensorShape([None] * (rank - 1) + [channels or None])


def _decode_png(op):
    channels, np_dtype = op.attrs["channels"], op.attrs["dtype"].np_dtype
    return lambda contents: decode_png_array(scalar_bytes(contents), channels, np_dtype)


def _jpeg_decoder(op):
    channels, ratio = op.attrs["channels"], op.attrs["ratio"]
    return lambda contents: decode_jpeg_array(scalar_bytes(contents), channels, ratio)


def _decode_and_crop(op):
    decode = _jpeg_decoder(op)

    def crop(contents, window):
        pixels = decode(contents)
        top, left, height, width = (int(v) for v in np.asarray(window))
        if (min(top, left) < 0 or height <= 0 or width <= 0
                or top + height > pixels.shape[0] or left + width > pixels.shape[1]):
            raise ImageFormatError("Invalid JPEG data or crop window, crop window %s for an "
                                   "image of %dx%d" % ([top, left, height, width],
                                                       pixels.shape[0], pixels.shape[1]))
        return pixels[top:top + height, left:left + width].copy()
    return crop


def _decode_any(op):
    channels, expand = op.attrs["channels"], op.attrs["expand_animations"]
    dtype = op.attrs["dtype"]

    def decode(contents):
        data = scalar_bytes(contents)
        kind = sniff_format(data)
        if kind in ("gif", "webp"):
            if channels not in (0, 3) and kind == "gif":
                raise ImageFormatError("channels must be 0 or 3 for GIF, got %d" % channels)
            frames = decode_frames(data, "tf.image.decode_image")
            pixels = frames if expand else frames[0]
        elif kind == "png":
            pixels = decode_png_array(data, channels, np.uint16 if dtype == dtypes.uint16
                                      else np.uint8)
        elif kind == "jpeg":
            pixels = decode_jpeg_array(data, channels, 1)
        elif kind == "bmp":
            pixels = decode_other_array(data, channels, "tf.image.decode_image")
        else:
            raise ImageFormatError("Unknown image file format. One of JPEG, PNG, GIF, BMP "
                                   "required.")
        if dtype.is_floating:
            return (pixels * np.float32(1.0 / np.iinfo(pixels.dtype).max)).astype(
                dtype.np_dtype)
        if dtype == dtypes.uint16 and pixels.dtype == np.uint8:
            return pixels.astype(np.uint16) * 257
        return pixels
    return decode


def _pixels(image, channels, function_name):
    """The image as an array, if it is [height, width, c] with c in ``channels``."""
    image = np.asarray(image)
    if image.ndim != 3 or image.shape[-1] not in channels:
        raise ImageFormatError("%s: image must be 3-dimensional [height, width, channels] "
                               "with %s channels, got shape %s"
                               % (function_name, " or ".join(map(str, channels)),
                                  list(image.shape)))
    return image


def _encode_png(op):
    level = op.attrs["compression"]
    return lambda image: np.array(encode_png_bytes(_pixels(image, (1, 2, 3, 4), "encode_png"),
                                                   level), dtype=object)


def _encode_jpeg(op):
    attrs = op.attrs

    def encode(image, quality=None):
        return np.array(encode_jpeg_bytes(
            _pixels(image, (1, 3), "encode_jpeg"),
            attrs["quality"] if quality is None else int(quality),
            attrs["progressive"], attrs["optimize_size"], attrs["chroma_downsampling"],
            (attrs["x_density"], attrs["y_density"])), dtype=object)
    return encode


# ------------------------------------------------------------------ conformance samples
_PIXELS = (np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4) * 10)


def _png(pixels):
    return string_array(encode_png_bytes(pixels))


def _png_samples(rng):
    wide = _PIXELS[..., :3].astype(np.uint16) * 250
    return [OpSample(lambda s: decode_png(s), _png(_PIXELS), reference=lambda s: _PIXELS),
            OpSample(lambda s: decode_png(s, channels=3), _png(_PIXELS),
                     reference=lambda s: _PIXELS[..., :3]),
            OpSample(lambda s: decode_png(s, dtype=dtypes.uint16), _png(wide),
                     reference=lambda s: wide)]


def _encode_png_samples(rng):
    return [OpSample(lambda x: decode_png(encode_png(x)), _PIXELS, reference=lambda x: x)]


def _jpeg(pixels):
    return string_array(encode_jpeg_bytes(pixels, quality=100, chroma_downsampling=False))


_FLAT = np.full((8, 8, 3), (40, 120, 200), np.uint8)


def _decoded(data, channels=0, ratio=1):
    return decode_jpeg_array(scalar_bytes(data), channels, ratio)


def _jpeg_samples(rng):
    return [OpSample(lambda s: decode_jpeg(s), _jpeg(_FLAT), reference=_decoded),
            OpSample(lambda s: decode_jpeg(s, ratio=2), _jpeg(_FLAT),
                     reference=lambda s: _decoded(s, 0, 2))]


def _crop_samples(rng):
    return [OpSample(lambda s, w: decode_and_crop_jpeg(s, w), _jpeg(_FLAT),
                     np.array([1, 2, 3, 4], np.int32),
                     reference=lambda s, w: _decoded(s)[1:4, 2:6])]


def _encode_jpeg_samples(rng):
    return [OpSample(lambda x: encode_jpeg(x, quality=100, chroma_downsampling=False), _FLAT,
                     reference=lambda x: _jpeg(x))]


def _variable_quality_samples(rng):
    return [OpSample(lambda x, q: decode_jpeg(make_tensor(
                "EncodeJpegVariableQuality", (x, q), _jpeg_attrs(95, False, False, True, 300,
                                                                 300))),
                     _FLAT, np.int32(90), reference=lambda x, q: _decoded(encode_jpeg_bytes(
                         x, 90)))]


def _shape_samples(rng):
    return [OpSample(lambda s: extract_jpeg_shape(s), _jpeg(_FLAT[:5]),
                     reference=lambda s: np.array([5, 8, 3], np.int32))]


def _image_samples(rng):
    return [OpSample(lambda s: decode_image(s, expand_animations=False), _png(_PIXELS),
                     reference=lambda s: _PIXELS),
            OpSample(lambda s: decode_image(s, dtype=dtypes.float32), _png(_PIXELS),
                     reference=lambda s: _PIXELS / np.float32(255), rtol=1e-6)]


def _frames_samples(kind, build):
    def samples(rng):
        frames = [np.full((2, 3, 3), value, np.uint8) for value in (0, 255)]
        image = pillow("samples")
        out = io.BytesIO()
        if kind == "GIF":
            pictures = [image.fromarray(f) for f in frames]
            pictures[0].save(out, kind, save_all=True, append_images=pictures[1:])
            expected = np.stack(frames)
        else:
            image.fromarray(frames[1]).save(out, kind, **({"lossless": True}
                                                           if kind == "WEBP" else {}))
            expected = frames[1][None] if kind == "WEBP" else frames[1]
        return [OpSample(build, string_array(out.getvalue()), reference=lambda s: expected)]
    return samples


register(CodecOp("DecodePng", lambda op: (op.attrs["dtype"], _pixels_shape(op)), _decode_png,
                 _png_samples))
register(CodecOp("DecodeJpeg", lambda op: (dtypes.uint8, _pixels_shape(op)), _jpeg_decoder,
                 _jpeg_samples))
register(CodecOp("DecodeAndCropJpeg", lambda op: (dtypes.uint8, _pixels_shape(op)),
                 _decode_and_crop, _crop_samples))
register(CodecOp("ExtractJpegShape", lambda op: (op.attrs["output_type"], TensorShape([3])),
                 lambda op: lambda contents: np.array(jpeg_shape(scalar_bytes(contents)),
                                                      op.attrs["output_type"].np_dtype),
                 _shape_samples))
register(CodecOp("DecodeGif", lambda op: (dtypes.uint8, TensorShape([None, None, None, 3])),
                 lambda op: lambda c: decode_frames(scalar_bytes(c), "tf.image.decode_gif"),
                 _frames_samples("GIF", lambda s: decode_gif(s))))
register(CodecOp("DecodeBmp", lambda op: (dtypes.uint8, _pixels_shape(op)),
                 lambda op: lambda c: decode_other_array(scalar_bytes(c), op.attrs["channels"],
                                                         "tf.image.decode_bmp"),
                 _frames_samples("BMP", lambda s: decode_bmp(s))))
register(CodecOp("DecodeWebP", lambda op: (dtypes.uint8, _pixels_shape(op, 4)),
                 lambda op: lambda c: decode_frames(scalar_bytes(c), "tf.io.decode_webp",
                                                    op.attrs["channels"]),
                 _frames_samples("WEBP", lambda s: decode_webp(s))))
register(CodecOp("DecodeImage",
                 lambda op: (op.attrs["dtype"], _pixels_shape(op) if not
                             op.attrs["expand_animations"] else TensorShape(None)),
                 _decode_any, _image_samples))
register(CodecOp("EncodePng", lambda op: (dtypes.string, TensorShape([])), _encode_png,
                 _encode_png_samples))
register(CodecOp("EncodeJpeg", lambda op: (dtypes.string, TensorShape([])), _encode_jpeg,
                 _encode_jpeg_samples))
register(CodecOp("EncodeJpegVariableQuality", lambda op: (dtypes.string, TensorShape([])),
                 _encode_jpeg, _variable_quality_samples))


# ------------------------------------------------------------------ public functions
def _channels(channels, allowed, function_name):
    channels = 0 if channels is None else int(channels)
    if channels not in allowed:
        raise ValueError("channels must be one of %s for %s, got %d"
                         % (sorted(allowed), function_name, channels))
    return channels


def decode_png(contents, channels=0, dtype=dtypes.uint8, name=None):
    """A PNG image's pixels, [height, width, channels] of ``dtype`` (uint8 or uint16: 8-bit
    samples times 257, 16-bit ones' high byte for uint8), as TF1's ``tf.image.decode_png``.
    ``channels`` 0 keeps the file's, 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.

    >>> import autograd_engine as tf
    >>> png = tf.image.encode_png(tf.zeros([2, 3, 1], tf.uint8))
    >>> tf.Session().run(tf.image.decode_png(png, channels=3)).shape
    (2, 3, 3)
    """
    dtype = dtypes.as_dtype(dtype)
    if dtype not in (dtypes.uint8, dtypes.uint16):
        raise TypeError("Value for attr 'dtype' of %s is not in the list of allowed values: "
                        "uint8, uint16" % dtype.name)
    return make_tensor("DecodePng", (string_input(contents, "DecodePng", "contents"),),
                       {"channels": _channels(channels, {0, 1, 2, 3, 4}, "decode_png"),
                        "dtype": dtype}, name)


def _jpeg_attrs_for_decode(channels, ratio):
    if int(ratio) not in (1, 2, 4, 8):
        raise ValueError("ratio must be 1, 2, 4 or 8, got %s" % ratio)
    return {"channels": _channels(channels, {0, 1, 3}, "decode_jpeg"), "ratio": int(ratio)}


def decode_jpeg(contents, channels=0, ratio=1, fancy_upscaling=True,
                try_recover_truncated=False, acceptable_fraction=1, dct_method="", name=None):
    """A JPEG image's pixels, [height, width, channels] uint8 (TF1's ``tf.image.decode_jpeg``):
    ``channels`` 0 as in the file, 1 gray, 3 RGB; ``ratio`` 2, 4 or 8 scales down while decoding.

    >>> import autograd_engine as tf
    >>> jpeg = tf.image.encode_jpeg(tf.zeros([16, 16, 3], tf.uint8))
    >>> tf.Session().run(tf.image.decode_jpeg(jpeg, ratio=2)).shape
    (8, 8, 3)
    """
    pillow("tf.image.decode_jpeg")
    return make_tensor("DecodeJpeg", (string_input(contents, "DecodeJpeg", "contents"),),
                       _jpeg_attrs_for_decode(channels, ratio), name)


def decode_and_crop_jpeg(contents, crop_window, channels=0, ratio=1, fancy_upscaling=True,
                         try_recover_truncated=False, acceptable_fraction=1, dct_method="",
                         name=None):
    """:func:`decode_jpeg`, then the ``crop_window`` [top, left, height, width] of it (a window
    outside the image is InvalidArgumentError).

    >>> import autograd_engine as tf
    >>> jpeg = tf.image.encode_jpeg(tf.zeros([16, 16, 3], tf.uint8))
    >>> tf.Session().run(tf.image.decode_and_crop_jpeg(jpeg, [2, 3, 4, 5])).shape
    (4, 5, 3)
    """
    window = convert_to_tensor(crop_window, dtype=dtypes.int32)
    pillow("tf.image.decode_and_crop_jpeg")
    return make_tensor("DecodeAndCropJpeg",
                       (string_input(contents, "DecodeAndCropJpeg", "contents"), window),
                       _jpeg_attrs_for_decode(channels, ratio), name)


def extract_jpeg_shape(contents, output_type=dtypes.int32, name=None):
    """[height, width, channels] of a JPEG image, read from its header.

    >>> import autograd_engine as tf
    >>> jpeg = tf.image.encode_jpeg(tf.zeros([4, 6, 3], tf.uint8))
    >>> tf.Session().run(tf.image.extract_jpeg_shape(jpeg)).tolist()
    [4, 6, 3]
    """
    pillow("tf.image.extract_jpeg_shape")
    return make_tensor("ExtractJpegShape",
                       (string_input(contents, "ExtractJpegShape", "contents"),),
                       {"output_type": dtypes.as_dtype(output_type)}, name)


def is_jpeg(contents, name=None):
    """Whether the bytes start as a JPEG file does (a bool scalar).

    >>> import autograd_engine as tf
    >>> bool(tf.Session().run(tf.image.is_jpeg(b"\\xff\\xd8\\xff\\xe0rest")))
    True
    """
    with name_scope(name, "is_jpeg"):
        return equal(substr(contents, 0, 3), b"\xff\xd8\xff")


def decode_gif(contents, name=None):
    """A GIF's frames, [num_frames, height, width, 3] uint8, each as shown (composed onto the
    previous ones as the file says).

    >>> import autograd_engine as tf
    >>> tf.image.decode_gif(tf.placeholder(tf.string, [])).shape.as_list()
    [None, None, None, 3]
    """
    pillow("tf.image.decode_gif")
    return make_tensor("DecodeGif", (string_input(contents, "DecodeGif", "contents"),), None,
                       name)


def decode_bmp(contents, channels=0, name=None):
    """A BMP image's pixels, [height, width, channels] uint8 (``channels`` 0, 3 or 4).

    >>> import autograd_engine as tf
    >>> tf.image.decode_bmp(tf.placeholder(tf.string, []), channels=3).shape.as_list()
    [None, None, 3]
    """
    pillow("tf.image.decode_bmp")
    return make_tensor("DecodeBmp", (string_input(contents, "DecodeBmp", "contents"),),
                       {"channels": _channels(channels, {0, 3, 4}, "decode_bmp")}, name)


def decode_webp(contents, channels=0, dtype=dtypes.uint8, name=None):
    """A WebP image's frames, [num_frames, height, width, channels] uint8 (TF's
    ``tf.io.decode_webp``): ``channels`` 3 (RGB), 4 (RGBA) or 0 (RGBA if the file has
    transparency, else RGB).

    >>> import autograd_engine as tf
    >>> tf.io.decode_webp(tf.placeholder(tf.string, []), channels=3).shape.as_list()
    [None, None, None, 3]
    """
    if dtypes.as_dtype(dtype) != dtypes.uint8:
        raise TypeError("decode_webp: only dtype uint8 is supported, got %s"
                        % dtypes.as_dtype(dtype).name)
    pillow("tf.image.decode_webp")
    return make_tensor("DecodeWebP", (string_input(contents, "DecodeWebP", "contents"),),
                       {"channels": _channels(channels, {0, 3, 4}, "decode_webp")}, name)


def decode_image(contents, channels=None, dtype=dtypes.uint8, name=None,
                 expand_animations=True):
    """Any PNG, JPEG, GIF or BMP image's pixels, the format found from its bytes: GIF frames as
    [num_frames, height, width, 3] (only the first, 3-D, without ``expand_animations``); a
    float ``dtype`` scales to [0, 1] as ``convert_image_dtype``.

    >>> import autograd_engine as tf
    >>> png = tf.image.encode_png(tf.ones([2, 2, 1], tf.uint8) * 255)
    >>> tf.Session().run(tf.image.decode_image(png, dtype=tf.float32)).ravel().tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    dtype = dtypes.as_dtype(dtype)
    if dtype not in (dtypes.uint8, dtypes.uint16, dtypes.float32):
        raise TypeError("decode_image: dtype must be uint8, uint16 or float32, got %s"
                        % dtype.name)
    return make_tensor("DecodeImage", (string_input(contents, "DecodeImage", "contents"),),
                       {"channels": _channels(channels, {0, 1, 3, 4}, "decode_image"),
                        "dtype": dtype, "expand_animations": bool(expand_animations)}, name)


def _image_input(image, allowed, function_name):
    image = convert_to_tensor(image)
    if image.dtype not in allowed:
        raise TypeError("%s: image must be %s, got %s" % (
            function_name, " or ".join(d.name for d in allowed), image.dtype.name))
    if image.shape.ndims not in (None, 3):
        raise ValueError("%s: image must be 3-dimensional [height, width, channels], got "
                         "shape %s" % (function_name, image.shape))
    return image


def encode_png(image, compression=-1, name=None):
    """[height, width, channels] uint8 or uint16 pixels (1-4 channels) as a PNG file (a string
    scalar); ``compression`` is zlib's level, -1 its default.

    >>> import autograd_engine as tf
    >>> png = tf.Session().run(tf.image.encode_png(tf.zeros([1, 1, 3], tf.uint8)))
    >>> png[:4]
    b'\\x89PNG'
    """
    image = _image_input(image, (dtypes.uint8, dtypes.uint16), "encode_png")
    return make_tensor("EncodePng", (image,), {"compression": int(compression)}, name)


def _jpeg_attrs(quality, progressive, optimize_size, chroma_downsampling, x_density,
                y_density):
    return {"quality": int(quality), "progressive": bool(progressive),
            "optimize_size": bool(optimize_size),
            "chroma_downsampling": bool(chroma_downsampling), "x_density": int(x_density),
            "y_density": int(y_density)}


def encode_jpeg(image, format="", quality=95, progressive=False, optimize_size=False,  # noqa: A002
                chroma_downsampling=True, density_unit="in", x_density=300, y_density=300,
                xmp_metadata="", name=None):
    """[height, width, 1 or 3] uint8 pixels as a JPEG file (a string scalar), at ``quality``
    0-100, with 4:2:0 chroma unless ``chroma_downsampling`` is False.

    >>> import autograd_engine as tf
    >>> jpeg = tf.Session().run(tf.image.encode_jpeg(tf.zeros([8, 8, 3], tf.uint8), quality=80))
    >>> jpeg[:3]
    b'\\xff\\xd8\\xff'
    """
    pillow("tf.image.encode_jpeg")
    image = _image_input(image, (dtypes.uint8,), "encode_jpeg")
    channels = image.shape.as_tuple()[-1] if image.shape.ndims else None
    if channels not in (None, 1, 3):
        raise ValueError("encode_jpeg: image must have 1 or 3 channels, got %d" % channels)
    return make_tensor("EncodeJpeg", (image,), _jpeg_attrs(
        quality, progressive, optimize_size, chroma_downsampling, x_density, y_density), name)


def adjust_jpeg_quality(image, jpeg_quality, dct_method="", name=None):
    """``image`` after a JPEG round trip at ``jpeg_quality`` (0-100, a tensor or an int), in
    its own dtype (TF1's augmentation).

    >>> import autograd_engine as tf
    >>> tf.image.adjust_jpeg_quality(tf.zeros([8, 8, 3]), 50).shape.as_list()
    [8, 8, 3]
    """
    pillow("tf.image.adjust_jpeg_quality")
    with name_scope(name, "adjust_jpeg_quality", [image]):
        image = convert_to_tensor(image)
        channels = image.shape.as_tuple()[-1] if image.shape.ndims else None
        original = image.dtype
        pixels = convert_image_dtype(image, dtypes.uint8, saturate=True)
        quality = convert_to_tensor(jpeg_quality, dtype=dtypes.int32)
        encoded = make_tensor("EncodeJpegVariableQuality", (pixels, quality),
                              _jpeg_attrs(95, False, False, True, 300, 300))
        decoded = decode_jpeg(encoded, channels=channels or 0)
        decoded.set_shape(image.shape)  # a JPEG round trip keeps the size
        return convert_image_dtype(decoded, original, saturate=True)


def random_jpeg_quality(image, min_jpeg_quality, max_jpeg_quality, seed=None):
    """:func:`adjust_jpeg_quality` at a quality drawn uniformly in
    [min_jpeg_quality, max_jpeg_quality).

    >>> import autograd_engine as tf
    >>> tf.image.random_jpeg_quality(tf.zeros([8, 8, 3]), 40, 90).shape.as_list()
    [8, 8, 3]
    """
    if not 0 <= min_jpeg_quality < max_jpeg_quality <= 100:
        raise ValueError("jpeg_quality must be in [0, 100] and min_jpeg_quality < "
                         "max_jpeg_quality, got %s and %s" % (min_jpeg_quality,
                                                             max_jpeg_quality))
    quality = random_ops.random_uniform([], min_jpeg_quality, max_jpeg_quality, dtypes.int32,
                                        seed=seed)
    return adjust_jpeg_quality(image, quality)


__all__ = ["decode_png", "encode_png", "decode_jpeg", "encode_jpeg", "decode_and_crop_jpeg",
           "extract_jpeg_shape", "is_jpeg", "decode_gif", "decode_bmp", "decode_webp",
           "decode_image", "adjust_jpeg_quality", "random_jpeg_quality"]
