"""tf.image's codecs against TensorFlow (tests/fixtures/image_io/codecs.npz and the encoded
files beside it, from tools/make_fixtures_image_io.py). JPEG pixels come from another libjpeg
build than TF's: they may differ by up to 6 levels (2 on average)."""
import os

import numpy as np
import pytest

import autograd_engine as tf

HERE = os.path.join(os.path.dirname(__file__), "fixtures", "image_io")
FIXTURE = np.load(os.path.join(HERE, "codecs.npz"))
JPEG_LEVELS = 6


def read(name):
    with open(os.path.join(HERE, name), "rb") as f:
        return f.read()


def run(tensors):
    with tf.Graph().as_default(), tf.Session() as sess:
        return sess.run(tensors())


def check(values, tolerance=0):
    for key, value in values.items():
        expected = FIXTURE[key]
        assert value.dtype == expected.dtype and value.shape == expected.shape, key
        difference = np.abs(value.astype(np.float64) - expected)
        assert difference.max() <= tolerance, key
        if tolerance:
            assert difference.mean() <= 2, key


def test_png_decodes_as_tensorflow():
    png, wide = read("rgba.png"), read("wide16.png")
    check(run(lambda: {
        "png_rgba": tf.image.decode_png(png), "png_rgb": tf.image.decode_png(png, channels=3),
        "png_gray": tf.image.decode_png(png, channels=1),
        "png16": tf.image.decode_png(wide, dtype=tf.uint16),
        "png16_as_8": tf.io.decode_png(wide),
        "png8_as_16": tf.image.decode_png(png, dtype=tf.uint16)}))
    check(run(lambda: {"image_png_float": tf.image.decode_image(png, dtype=tf.float32)}), 1e-7)


def test_png_round_trip_keeps_8_and_16_bit_pixels():
    for key in ("rgb", "rgba", "wide"):
        image = FIXTURE[key]
        decoded = run(lambda: tf.image.decode_png(tf.image.encode_png(image, compression=9),
                                                  dtype=tf.as_dtype(image.dtype)))
        np.testing.assert_array_equal(decoded, image)
    gray_alpha = FIXTURE["rgba"][..., 2:]
    np.testing.assert_array_equal(run(lambda: tf.image.decode_png(
        tf.image.encode_png(gray_alpha))), gray_alpha)


def test_jpeg_decodes_as_tensorflow_within_a_few_levels():
    jpeg, gray = read("rgb.jpg"), read("gray.jpg")
    values = run(lambda: {
        "jpeg": tf.image.decode_jpeg(jpeg), "jpeg_gray": tf.image.decode_jpeg(jpeg, channels=1),
        "jpeg_ratio2": tf.image.decode_jpeg(jpeg, ratio=2),
        "jpeg_gray_as_rgb": tf.io.decode_jpeg(gray, channels=3),
        "jpeg_crop": tf.image.decode_and_crop_jpeg(jpeg, [2, 3, 4, 5]),
        "image_jpeg_gray": tf.image.decode_image(jpeg, channels=1),
        "jpeg_quality_30": tf.image.adjust_jpeg_quality(FIXTURE["rgb"], 30)})
    check(values, JPEG_LEVELS)
    check(run(lambda: {"jpeg_shape": tf.image.extract_jpeg_shape(jpeg),
                       "is_jpeg": tf.stack([tf.image.is_jpeg(jpeg),
                                            tf.io.is_jpeg(read("rgba.png"))])}))


def test_jpeg_encoding_quality_and_subsampling():
    image = FIXTURE["rgb"]
    with tf.Graph().as_default(), tf.Session() as sess:
        small, large, full = sess.run([tf.image.encode_jpeg(image, quality=10),
                                       tf.image.encode_jpeg(image, quality=95),
                                       tf.image.encode_jpeg(image, quality=95,
                                                            chroma_downsampling=False)])
        decoded = sess.run(tf.image.decode_jpeg(full))
    assert len(small) < len(large) < len(full)
    assert np.abs(decoded.astype(int) - image).mean() < 4


def test_animations_bmp_and_webp_decode_as_tensorflow():
    gif = read("anim.gif")
    check(run(lambda: {"gif": tf.image.decode_gif(gif), "image_gif": tf.image.decode_image(gif),
                       "image_gif_first": tf.io.decode_image(gif, expand_animations=False),
                       "bmp": tf.image.decode_bmp(read("image.bmp")),
                       "webp": tf.image.decode_webp(read("image.webp"))}))


def test_static_shapes():
    contents = tf.placeholder(tf.string, [])
    assert tf.image.decode_png(contents, channels=3).shape.as_list() == [None, None, 3]
    assert tf.image.decode_jpeg(contents).shape.as_list() == [None, None, None]
    assert tf.image.decode_image(contents).shape.ndims is None
    assert tf.image.decode_image(contents, channels=1,
                                 expand_animations=False).shape.as_list() == [None, None, 1]


def test_random_jpeg_quality_keeps_shape_and_dtype():
    image = FIXTURE["rgb"].astype(np.float32) / 255
    with tf.Graph().as_default(), tf.Session() as sess:
        out = sess.run(tf.image.random_jpeg_quality(image, 60, 95, seed=3))
    assert out.dtype == np.float32 and out.shape == image.shape
    assert np.abs(out - image).mean() < 0.03
    with pytest.raises(ValueError, match="jpeg_quality must be in"):
        tf.image.random_jpeg_quality(image, 90, 20)


def test_bad_input_errors():
    with tf.Graph().as_default(), tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid PNG data"):
            sess.run(tf.image.decode_png(b"not a png"))
        with pytest.raises(tf.errors.InvalidArgumentError, match="Unknown image file format"):
            sess.run(tf.image.decode_image(b"plain text"))
        with pytest.raises(tf.errors.InvalidArgumentError, match="crop window"):
            sess.run(tf.image.decode_and_crop_jpeg(read("rgb.jpg"), [5, 5, 9, 9]))
    with pytest.raises(TypeError, match="uint8"):
        tf.image.encode_jpeg(tf.zeros([2, 2, 3]))
    with pytest.raises(ValueError, match="channels must be one of"):
        tf.image.decode_jpeg(b"", channels=2)
    with pytest.raises(TypeError, match="does not match expected type of string"):
        tf.image.decode_png(tf.zeros([2]))


def test_without_pillow_png_still_works_and_other_formats_name_the_extra(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "PIL", None)  # as if not installed
    png, wide = read("rgba.png"), read("wide16.png")
    with tf.Graph().as_default():
        check(run(lambda: {"png_rgba": tf.image.decode_png(png),
                           "png_gray": tf.image.decode_png(png, channels=1),
                           "png16": tf.image.decode_png(wide, dtype=tf.uint16),
                           "png16_as_8": tf.image.decode_png(wide)}))
        for build in (lambda: tf.image.decode_jpeg(read("rgb.jpg")),
                      lambda: tf.image.encode_jpeg(FIXTURE["rgb"]),
                      lambda: tf.image.decode_gif(read("anim.gif"))):
            with pytest.raises(ImportError, match=r"pip install 'autograd_engine\[image\]'"):
                build()


def test_png_reader_undoes_every_filter():
    # a 3x4 RGB image written with the filters None, Sub, Up, Average and Paeth (one per row,
    # and the first row twice), read without Pillow and compared with Pillow's reading
    import struct
    import zlib
    from autograd_engine.ops.image_formats import decode_png_array
    image = FIXTURE["rgb"][:5, :4]
    rows, previous = [], np.zeros(12, np.int64)
    for kind, row in zip((0, 1, 2, 3, 4), image.reshape(5, 12).astype(np.int64)):
        left = np.concatenate([np.zeros(3, np.int64), row[:-3]])
        upper_left = np.concatenate([np.zeros(3, np.int64), previous[:-3]])
        if kind == 4:
            p = left + previous - upper_left
            pa, pb, pc = abs(p - left), abs(p - previous), abs(p - upper_left)
            predicted = np.where((pa <= pb) & (pa <= pc), left,
                                 np.where(pb <= pc, previous, upper_left))
        else:
            predicted = [0, left, previous, (left + previous) // 2][kind]
        rows.append(bytes([kind]) + ((row - predicted) & 255).astype(np.uint8).tobytes())
        previous = row

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 5, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))
    np.testing.assert_array_equal(decode_png_array(png, 0, np.uint8), image)
    with tf.Graph().as_default():
        np.testing.assert_array_equal(run(lambda: tf.image.decode_png(png)), image)


def test_encoders_check_the_pixels_they_get():
    with tf.Graph().as_default():
        image = tf.placeholder(tf.uint8)
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError, match="1 or 2 or 3 or 4 channels"):
                sess.run(tf.image.encode_png(image), {image: np.zeros((2, 2, 5), np.uint8)})
            with pytest.raises(tf.errors.InvalidArgumentError, match="3-dimensional"):
                sess.run(tf.image.encode_jpeg(image), {image: np.zeros((2, 2), np.uint8)})
        with pytest.raises(ValueError, match="1 or 3 channels"):
            tf.image.encode_jpeg(tf.zeros([2, 2, 4], tf.uint8))
