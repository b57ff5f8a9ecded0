"""Reading and writing image files as numpy arrays, for the codec ops (``image_codecs.py``):
format sniffing, PNG written and (at 16 bits per sample) read with ``zlib`` alone, and every
other format read and JPEG written with Pillow, the optional ``image`` extra.

Colour conversions follow the libraries TF1 links: a PNG to one channel takes libpng's
luminance (``(19595 R + 38470 G + 7471 B) >> 16``), a JPEG to one channel its Y plane.

>>> png = encode_png_bytes(np.zeros((2, 3, 1), np.uint8))
>>> sniff_format(png), decode_png_array(png, 0, np.uint8).shape
('png', (2, 3, 1))
"""
import io
import struct
import zlib

import numpy as np

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_COLOUR_TYPES = {1: 0, 2: 4, 3: 2, 4: 6}  # channels -> PNG colour type
_CHANNELS_OF_COLOUR_TYPE = {0: 1, 4: 2, 2: 3, 6: 4}


class ImageFormatError(ValueError):
    """The bytes are not an image of the expected format, or one it cannot read."""


def pillow(function_name):
    """Pillow's ``Image`` module, or an ImportError that names the extra to install."""
    try:
        from PIL import Image
    except ImportError:
        raise ImportError("%s needs Pillow: pip install 'autograd_engine[image]'"
                          % function_name) from None
    return Image


def has_pillow():
    try:
        from PIL import Image  # noqa: F401
    except ImportError:
        return False
    return True


def sniff_format(data):
    """'png', 'jpeg', 'gif', 'bmp', 'webp', or None, from the file's first bytes."""
    if data.startswith(_PNG_SIGNATURE):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"GIF87a") or data.startswith(b"GIF89a"):
        return "gif"
    if data.startswith(b"BM"):
        return "bmp"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def _open(data, function_name):
    image = pillow(function_name)
    try:
        opened = image.open(io.BytesIO(data))
        opened.load()
    except Exception as error:  # Pillow raises several classes for a corrupt file
        raise ImageFormatError("Invalid image data: %s" % error) from None
    return opened


def luminance(rgb):
    """libpng's RGB to gray, on uint8 or uint16 values."""
    wide = rgb[..., :3].astype(np.int64)
    gray = (19595 * wide[..., 0] + 38470 * wide[..., 1] + 7471 * wide[..., 2]) >> 16
    return gray.astype(rgb.dtype)[..., None]


def change_channels(pixels, channels, to_gray=luminance):
    """``pixels`` ([..., c], c in 1-4) with ``channels`` channels (0: as they are): alpha dropped
    or added opaque, gray repeated or RGB made gray, as TF1's decoders do."""
    have = pixels.shape[-1]
    if channels in (0, have):
        return pixels
    opaque = np.iinfo(pixels.dtype).max
    colour = pixels[..., :1] if have <= 2 else pixels[..., :3]
    alpha = pixels[..., -1:] if have in (2, 4) else np.full(pixels.shape[:-1] + (1,), opaque,
                                                            pixels.dtype)
    if channels <= 2:
        colour = colour if colour.shape[-1] == 1 else to_gray(colour)
    else:
        colour = colour if colour.shape[-1] == 3 else np.repeat(colour, 3, axis=-1)
    return np.concatenate([colour, alpha], -1) if channels in (2, 4) else colour


def _as_array(image):
    """A Pillow image as [h, w, c] uint8 (uint16 for 16-bit gray)."""
    mode = image.mode
    if mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif mode == "1":
        image = image.convert("L")
    elif mode in ("I;16", "I;16B", "I"):
        return np.asarray(image, np.uint16)[..., None]
    elif mode not in ("L", "LA", "RGB", "RGBA"):
        image = image.convert("RGB")
    pixels = np.asarray(image)
    return pixels[..., None] if pixels.ndim == 2 else pixels


def _convert_depth(pixels, np_dtype):
    if pixels.dtype == np_dtype:
        return pixels
    if np_dtype == np.uint16:  # 8 -> 16 bits: v * 257, as libpng
        return pixels.astype(np.uint16) * 257
    return (pixels >> 8).astype(np.uint8)  # 16 -> 8 bits: the high byte, as TF1


# ------------------------------------------------------------------ PNG
def _png_chunks(data):
    position = len(_PNG_SIGNATURE)
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        yield kind, data[position + 8:position + 8 + length]
        position += 12 + length


def _unfilter(rows, bytes_per_pixel):
    """The PNG scanlines (each a filter byte then the filtered bytes) unfiltered (the
    Average and Paeth filters byte by byte: this reader is the fallback, Pillow's is fast)."""
    out = np.zeros((len(rows), len(rows[0]) - 1), np.uint8)
    previous = np.zeros(out.shape[1], np.int64)
    for r, row in enumerate(rows):
        kind, line = row[0], np.frombuffer(row[1:], np.uint8).astype(np.int64)
        if kind in (0, 2):
            current = (line + (previous if kind == 2 else 0)) & 255
        elif kind == 1:  # each byte adds the one a pixel before: a running sum per lane
            current = np.cumsum(line.reshape(-1, bytes_per_pixel), axis=0).reshape(-1) & 255
        else:
            current = line.copy()
            for i in range(len(current)):
                left = current[i - bytes_per_pixel] if i >= bytes_per_pixel else 0
                up = previous[i]
                upper_left = previous[i - bytes_per_pixel] if i >= bytes_per_pixel else 0
                if kind == 1:
                    predicted = left
                elif kind == 3:
                    predicted = (left + up) >> 1
                else:
                    p = left + up - upper_left
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                    predicted = left if pa <= pb and pa <= pc else up if pb <= pc else \
                        upper_left
                current[i] = (current[i] + predicted) & 255
        out[r] = current
        previous = current
    return out


def _decode_png_natively(data):
    """A non-interlaced 8- or 16-bit PNG without a palette as [h, w, c] uint8 or uint16, with
    zlib alone (Pillow reads 16-bit colour ones as 8 bits, and may be missing)."""
    header, compressed = None, b""
    for kind, body in _png_chunks(data):
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed += body
    width, height, depth, colour_type, _, _, _ = header
    channels = _CHANNELS_OF_COLOUR_TYPE[colour_type]
    try:
        raw = zlib.decompress(compressed)
    except zlib.error as error:
        raise ImageFormatError("Invalid PNG data: %s" % error) from None
    size = depth // 8
    stride = 1 + width * channels * size
    if len(raw) < stride * height:
        raise ImageFormatError("Invalid PNG data: truncated image data")
    rows = [raw[i * stride:(i + 1) * stride] for i in range(height)]
    samples = _unfilter(rows, channels * size)
    if size == 2:
        samples = samples.view(">u2").astype(np.uint16)
    return samples.reshape(height, width, channels)


def decode_png_array(data, channels, np_dtype):
    """PNG bytes as [h, w, c] of ``np_dtype`` (uint8 or uint16)."""
    if not data.startswith(_PNG_SIGNATURE) or len(data) < 33:
        raise ImageFormatError("Invalid PNG data, size %d" % len(data))
    bit_depth, colour_type, interlace = data[24], data[25], data[28]
    native = bit_depth in (8, 16) and colour_type in _CHANNELS_OF_COLOUR_TYPE and not interlace
    if native and (bit_depth == 16 and colour_type != 0 or not has_pillow()):
        pixels = _decode_png_natively(data)
    else:  # palettes, interlacing, 1-4 bit samples
        pixels = _as_array(_open(data, "tf.image.decode_png"))
    return change_channels(_convert_depth(pixels, np_dtype), channels)


def _chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(
        ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def encode_png_bytes(pixels, compression=-1):
    """[h, w, c] uint8 or uint16 (c in 1-4) as PNG bytes; ``compression`` is zlib's level."""
    height, width, channels = pixels.shape
    depth = 16 if pixels.dtype == np.uint16 else 8
    samples = pixels.astype(">u2") if depth == 16 else pixels
    scanlines = np.concatenate([np.zeros((height, 1), np.uint8),
                                np.ascontiguousarray(samples).view(np.uint8).reshape(height, -1)],
                               axis=1)
    header = struct.pack(">IIBBBBB", width, height, depth, _PNG_COLOUR_TYPES[channels], 0, 0, 0)
    return (_PNG_SIGNATURE + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(scanlines.tobytes(), compression))
            + _chunk(b"IEND", b""))


# ------------------------------------------------------------------ JPEG, GIF, BMP, WebP
def decode_jpeg_array(data, channels, ratio):
    """JPEG bytes as [h, w, c] uint8, scaled down by ``ratio`` (1, 2, 4, 8) while decoding as
    libjpeg does; one channel is the Y plane."""
    if not data.startswith(b"\xff\xd8\xff"):
        raise ImageFormatError("Invalid JPEG data or crop window, data size %d" % len(data))
    image = pillow("tf.image.decode_jpeg").open(io.BytesIO(data))
    size = image.size
    if channels == 1 or ratio > 1:
        image.draft("L" if channels == 1 else image.mode,
                    (max(size[0] // ratio, 1), max(size[1] // ratio, 1)))
    try:
        image.load()
    except Exception as error:
        raise ImageFormatError("Invalid JPEG data: %s" % error) from None
    return change_channels(_as_array(image), channels)


def jpeg_shape(data):
    """(height, width, channels) of a JPEG, from its header only."""
    if not data.startswith(b"\xff\xd8\xff"):
        raise ImageFormatError("Invalid JPEG data, size %d" % len(data))
    image = pillow("tf.image.extract_jpeg_shape").open(io.BytesIO(data))
    return image.size[1], image.size[0], 1 if image.mode == "L" else 3


def encode_jpeg_bytes(pixels, quality=95, progressive=False, optimize_size=False,
                      chroma_downsampling=True, dpi=(300, 300)):
    """[h, w, 1 or 3] uint8 as JPEG bytes (4:2:0 chroma unless ``chroma_downsampling`` is
    False)."""
    image = pillow("tf.image.encode_jpeg").fromarray(
        pixels[..., 0] if pixels.shape[-1] == 1 else pixels)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=int(quality), progressive=bool(progressive),
               optimize=bool(optimize_size), subsampling=2 if chroma_downsampling else 0,
               dpi=dpi)
    return out.getvalue()


def decode_frames(data, function_name, channels=3):
    """A GIF's or WebP's frames, composed as the viewer shows them, as [n, h, w, c] uint8:
    RGB, RGBA for ``channels`` 4, or for 0 when the file has transparency."""
    image = _open(data, function_name)
    with_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if channels == 4 or (channels == 0 and with_alpha) else "RGB"
    frames = []
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        frames.append(np.asarray(image.convert(mode)))
    return np.stack(frames)


def decode_other_array(data, channels, function_name):
    """A BMP or WebP (first frame) as [h, w, c] uint8."""
    return change_channels(_as_array(_open(data, function_name)), channels)


__all__ = ["ImageFormatError", "pillow", "has_pillow", "sniff_format", "luminance",
           "change_channels", "decode_png_array", "encode_png_bytes", "decode_jpeg_array", "jpeg_shape",
           "encode_jpeg_bytes", "decode_frames", "decode_other_array"]
