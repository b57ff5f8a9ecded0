"""Fixtures for tf.image's codecs and image tail, tf.audio and tf.io's serialization (issue 20,
part e), computed with real TensorFlow.

Two steps, from the repository root:
    /work/main/.venv/bin/python tools/make_fixtures_image_io.py inputs
        (Pillow: writes the GIF, BMP and WebP files TensorFlow cannot encode itself)
    /work/tfvenv/bin/python tools/make_fixtures_image_io.py
        (TensorFlow: encodes PNG, JPEG and WAV, decodes every file, computes the image ops)
Writes tests/fixtures/image_io/: the encoded files and ``*.npz`` with TensorFlow's values.
"""
import json
import os
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "image_io")


def pixels(seed, shape):
    """Smooth-ish uint8 pixels (codecs compress them to small files)."""
    rng = np.random.default_rng(seed)
    grid = np.add.outer(np.arange(shape[0]) * 9, np.arange(shape[1]) * 5)[..., None]
    return ((grid + np.arange(shape[2]) * 60 + rng.integers(0, 30, shape)) % 256).astype(np.uint8)


def write_inputs():
    from PIL import Image
    frames = [Image.fromarray(pixels(seed, (6, 7, 3)), "RGB").quantize(8) for seed in (1, 2, 3)]
    frames[0].save(os.path.join(OUT, "anim.gif"), save_all=True, append_images=frames[1:],
                   duration=100, loop=0, disposal=1)
    Image.fromarray(pixels(4, (5, 6, 3)), "RGB").save(os.path.join(OUT, "image.bmp"))
    Image.fromarray(pixels(5, (5, 6, 3)), "RGB").save(os.path.join(OUT, "image.webp"),
                                                      lossless=True)


def read(name):
    with open(os.path.join(OUT, name), "rb") as f:
        return f.read()


def codecs(tf, arrays):
    rgb = pixels(6, (9, 11, 3))
    rgba = pixels(7, (4, 5, 4))
    wide = (pixels(8, (4, 5, 3)).astype(np.uint16) * 257 + 3)
    arrays["rgb"], arrays["rgba"], arrays["wide"] = rgb, rgba, wide
    with tf.Graph().as_default(), tf.Session() as sess:
        png, png16, jpeg, jpeg_gray = sess.run([
            tf.image.encode_png(rgba), tf.image.encode_png(wide),
            tf.image.encode_jpeg(rgb, quality=90), tf.image.encode_jpeg(rgb[..., :1])])
        for name, data in (("rgba.png", png), ("wide16.png", png16), ("rgb.jpg", jpeg),
                           ("gray.jpg", jpeg_gray)):
            with open(os.path.join(OUT, name), "wb") as f:
                f.write(data)
        values = sess.run({
            "png_rgba": tf.image.decode_png(png),
            "png_rgb": tf.image.decode_png(png, channels=3),
            "png_gray": tf.image.decode_png(png, channels=1),
            "png16": tf.image.decode_png(png16, dtype=tf.uint16),
            "png16_as_8": tf.image.decode_png(png16),
            "png8_as_16": tf.image.decode_png(png, dtype=tf.uint16),
            "jpeg": tf.image.decode_jpeg(jpeg),
            "jpeg_gray": tf.image.decode_jpeg(jpeg, channels=1),
            "jpeg_ratio2": tf.image.decode_jpeg(jpeg, ratio=2),
            "jpeg_gray_as_rgb": tf.image.decode_jpeg(jpeg_gray, channels=3),
            "jpeg_crop": tf.image.decode_and_crop_jpeg(jpeg, [2, 3, 4, 5]),
            "jpeg_shape": tf.image.extract_jpeg_shape(jpeg),
            "is_jpeg": tf.stack([tf.image.is_jpeg(jpeg), tf.image.is_jpeg(png)]),
            "gif": tf.image.decode_gif(read("anim.gif")),
            "bmp": tf.image.decode_bmp(read("image.bmp")),
            "webp": tf.io.decode_webp(read("image.webp")),
            "image_gif": tf.image.decode_image(read("anim.gif")),
            "image_gif_first": tf.image.decode_image(read("anim.gif"),
                                                     expand_animations=False),
            "image_png_float": tf.image.decode_image(png, dtype=tf.float32),
            "image_jpeg_gray": tf.image.decode_image(jpeg, channels=1),
            "jpeg_quality_30": tf.image.adjust_jpeg_quality(rgb, 30),
        })
    arrays.update(values)


def audio(tf, arrays):
    t = np.arange(50, dtype=np.float32)
    signal = np.stack([np.sin(t / 3.0) * 0.9, np.cos(t / 5.0) * 1.3], axis=1).astype(np.float32)
    arrays["audio_in"] = signal
    with tf.Graph().as_default(), tf.Session() as sess:
        wav = sess.run(tf.audio.encode_wav(signal, 16000))
        with open(os.path.join(OUT, "stereo.wav"), "wb") as f:
            f.write(wav)
        decoded = sess.run({
            "wav": tf.audio.decode_wav(wav),
            "wav_mono_40": tf.audio.decode_wav(wav, desired_channels=1, desired_samples=40),
            "wav_padded": tf.audio.decode_wav(wav, desired_samples=60)})
    for key, (samples, rate) in decoded.items():
        arrays[key] = samples
        arrays[key + "_rate"] = rate


def serialization(tf, arrays):
    tensors = {"f32": np.arange(6, dtype=np.float32).reshape(2, 3) / 7,
               "i64": np.array([[-3], [2 ** 40]], np.int64),
               "u8": np.arange(5, dtype=np.uint8), "scalar_f64": np.float64(2.5),
               "bool": np.array([True, False, True]), "i32_empty": np.zeros((0, 2), np.int32),
               "str": np.array([b"ab", b"", b"\xff\x00c"], dtype=object)}
    with tf.Graph().as_default(), tf.Session() as sess:
        serialized = sess.run({k: tf.io.serialize_tensor(v) for k, v in tensors.items()})
        sparse = tf.SparseTensor([[0, 1], [2, 0], [2, 3]], [1.5, -2.0, 3.0], [3, 4])
        sp_one = sess.run(tf.io.serialize_sparse(sparse))
        sp_many = sess.run(tf.io.serialize_many_sparse(sparse))
        back = sess.run(tf.io.deserialize_many_sparse(sp_many, tf.float32))
        zlib_text = sess.run(tf.io.decode_compressed(
            [__import__("zlib").compress(b"hello " * 5)], "ZLIB"))
        json_example = sess.run(tf.io.decode_json_example(json.dumps({"features": {"feature": {
            "a": {"int64List": {"value": ["1", "-2"]}},
            "b": {"floatList": {"value": [0.5]}},
            "c": {"bytesList": {"value": ["aGk="]}}}}})))
    for key, value in tensors.items():
        arrays["tensor_" + key] = value
        arrays["serialized_" + key] = np.frombuffer(serialized[key], np.uint8)
    arrays["sparse_one"] = sp_one
    arrays["sparse_many"] = sp_many
    arrays["sparse_back_indices"], arrays["sparse_back_values"], arrays["sparse_back_shape"] = (
        back.indices, back.values, back.dense_shape)
    arrays["zlib_text"] = zlib_text
    arrays["json_example"] = np.frombuffer(json_example, np.uint8)


def image_math(tf, arrays):
    rng = np.random.default_rng(11)
    a = rng.uniform(size=(2, 8, 9, 3)).astype(np.float32)
    b = np.clip(a + rng.normal(0, 0.1, a.shape), 0, 1).astype(np.float32)
    big_a = rng.uniform(size=(2, 24, 26, 3)).astype(np.float32)
    big_b = np.clip(big_a * 0.8 + rng.normal(0, 0.1, big_a.shape) + 0.1, 0, 1).astype(
        np.float32)
    small = rng.uniform(size=(1, 5, 7, 2)).astype(np.float32)
    volume = rng.uniform(size=(1, 4, 5, 6, 2)).astype(np.float32)
    arrays.update(a=a, b=b, big_a=big_a, big_b=big_b, small=small, volume=volume)
    with tf.Graph().as_default(), tf.Session() as sess:
        image_math_ops(tf, sess, arrays, *(tf.constant(v) for v in (a, b, big_a, big_b, small,
                                                                   volume)))


def image_math_ops(tf, sess, arrays, a, b, big_a, big_b, small, volume):
    img = tf.image
    u8 = lambda x, scale=255: tf.cast(x * scale, tf.uint8)  # noqa: E731
    ops = {"yiq": img.rgb_to_yiq(a), "yuv": img.rgb_to_yuv(a),
           "yiq_to_rgb": img.yiq_to_rgb(a), "yuv_to_rgb": img.yuv_to_rgb(a),
           "sobel": img.sobel_edges(a), "gradients": tf.stack(img.image_gradients(a)),
           "tv4": img.total_variation(a), "tv3": img.total_variation(a[0]),
           "psnr": img.psnr(a, b, 1.0),
           "psnr_uint8": img.psnr(u8(a), u8(b), 255),
           "ssim": img.ssim(big_a, big_b, 1.0),
           "ssim_small_filter": img.ssim(big_a, big_b, 1.0, filter_size=5, filter_sigma=1.0),
           "ssim_uint8": img.ssim(u8(big_a), u8(big_b), 255),
           "ssim_ms": img.ssim_multiscale(big_a, big_b, 1.0, power_factors=(0.3, 0.4, 0.3),
                                          filter_size=3),
           "crop_or_pad_small": img.resize_image_with_crop_or_pad(a, 5, 12),
           "crop_or_pad_big": img.resize_image_with_crop_or_pad(a[0], 11, 4),
           "with_pad": img.resize_image_with_pad(a, 12, 12),
           "with_pad_nearest": img.resize_image_with_pad(
               a[0], 5, 20, method=img.ResizeMethod.NEAREST_NEIGHBOR)}
    for shape in ((3, 4), (8, 11), (10, 3)):
        key = "%dx%d" % shape
        ops["area_" + key] = img.resize_area(small, shape)
        ops["area_ac_" + key] = img.resize_area(small, shape, align_corners=True)
        ops["bicubic_" + key] = img.resize_bicubic(small, shape)
        ops["bicubic_ac_" + key] = img.resize_bicubic(small, shape, align_corners=True)
        ops["bicubic_hp_" + key] = img.resize_bicubic(small, shape, half_pixel_centers=True)
        ops["images_bicubic_" + key] = img.resize_images(small, shape, method=2)
        ops["images_area_" + key] = img.resize_images(small, shape, method=3)
    ops["area_uint8"] = img.resize_area(u8(small), (3, 4))
    patch_cases = {"valid": ([1, 2, 3, 1], [1, 2, 1, 1], [1, 1, 1, 1], "VALID"),
                   "same": ([1, 3, 2, 1], [1, 2, 3, 1], [1, 1, 1, 1], "SAME"),
                   "rates": ([1, 2, 2, 1], [1, 1, 2, 1], [1, 2, 3, 1], "SAME"),
                   "rates_valid": ([1, 2, 2, 1], [1, 3, 1, 1], [1, 2, 2, 1], "VALID")}
    for key, (sizes, strides, rates, padding) in patch_cases.items():
        ops["patches_" + key] = tf.extract_image_patches(a, sizes, strides, rates, padding)
    ops["volume_valid"] = tf.extract_volume_patches(volume, [1, 2, 3, 2, 1], [1, 1, 2, 3, 1],
                                                    "VALID")
    ops["volume_same"] = tf.extract_volume_patches(volume, [1, 3, 2, 3, 1], [1, 2, 2, 2, 1],
                                                   "SAME")
    boxes = np.array([[[0.1, 0.2, 0.6, 0.7], [0.0, 0.0, 1.0, 1.0]],
                      [[0.3, -0.2, 0.9, 0.5], [0.5, 0.5, 0.2, 0.9]]], np.float32)
    arrays["boxes"] = boxes
    ops["draw_boxes"] = img.draw_bounding_boxes(a, boxes)
    ops["draw_boxes_colors"] = img.draw_bounding_boxes(
        a, boxes, colors=np.array([[1, 0.5, 0.25, 1]], np.float32))
    offsets = np.array([[0.1, -0.2], [-0.3, 0.4]], np.float32)
    arrays["offsets"] = offsets
    ops["glimpse_centered"] = img.extract_glimpse(a, [3, 4], offsets, uniform_noise=False)
    ops["glimpse_pixels"] = img.extract_glimpse(a, [4, 3], np.array([[1, 2], [3.6, 5.2]],
                                                                    np.float32),
                                                centered=False, normalized=False,
                                                uniform_noise=False)
    arrays.update(sess.run(ops))
    grads = {}
    for key, build in (("bicubic", lambda x: img.resize_bicubic(x, (8, 11))),
                       ("bicubic_hp", lambda x: img.resize_bicubic(
                           x, (3, 4), half_pixel_centers=True))):
        y = build(small)
        weights = tf.constant(np.linspace(-1, 1, int(np.prod(y.shape))).reshape(
            y.shape.as_list()).astype(np.float32))
        grads["grad_" + key] = tf.gradients(tf.reduce_sum(y * weights), small)[0]
    arrays.update(sess.run(grads))


def boxes(tf, arrays):
    rng = np.random.default_rng(5)
    corners = rng.uniform(0, 1, (12, 2))
    box = np.concatenate([corners, corners + rng.uniform(0.1, 0.4, (12, 2))], 1).astype(
        np.float32)
    scores = rng.uniform(0, 1, 12).astype(np.float32)
    overlaps = rng.uniform(0, 1, (12, 12)).astype(np.float32)
    overlaps = (overlaps + overlaps.T) / 2
    batch_boxes = rng.uniform(0, 1, (2, 7, 3, 4)).astype(np.float32)
    batch_boxes[..., 2:] = batch_boxes[..., :2] + 0.3
    batch_scores = rng.uniform(0, 1, (2, 7, 3)).astype(np.float32)
    arrays.update(nms_boxes=box, nms_scores=scores, nms_overlaps=overlaps,
                  batch_boxes=batch_boxes, batch_scores=batch_scores)
    img = tf.image
    with tf.Graph().as_default(), tf.Session() as sess:
        ops = {"overlaps": img.non_max_suppression_overlaps(overlaps, scores, 6, 0.6, 0.2),
               "padded": img.non_max_suppression_padded(box, scores, 9, 0.3, 0.1,
                                                        pad_to_max_output_size=True),
               "with_scores": img.non_max_suppression_with_scores(box, scores, 8, 0.4, 0.05),
               "soft": img.non_max_suppression_with_scores(box, scores, 8, 1.0, 0.05,
                                                           soft_nms_sigma=0.5),
               "combined": img.combined_non_max_suppression(batch_boxes, batch_scores, 4, 6,
                                                            0.5, 0.2),
               "combined_shared": img.combined_non_max_suppression(
                   batch_boxes[:, :, :1], batch_scores, 3, 5, 0.5, 0.1, pad_per_class=True,
                   clip_boxes=False)}
        values = sess.run(ops)
    for key, value in values.items():
        for i, part in enumerate(value if isinstance(value, (tuple, list)) else [value]):
            arrays["%s_%d" % (key, i)] = part


def sequence_examples(tf, arrays):
    train = tf.train
    example = train.SequenceExample(
        context=train.Features(feature={
            "length": train.Feature(int64_list=train.Int64List(value=[3])),
            "name": train.Feature(bytes_list=train.BytesList(value=[b"seq"]))}),
        feature_lists=train.FeatureLists(feature_list={
            "tokens": train.FeatureList(feature=[
                train.Feature(int64_list=train.Int64List(value=[v])) for v in (4, 5, 6)]),
            "vectors": train.FeatureList(feature=[
                train.Feature(float_list=train.FloatList(value=[v, -v])) for v in (0.5, 1.5, 2.5)]),
            "words": train.FeatureList(feature=[
                train.Feature(bytes_list=train.BytesList(value=w)) for w in
                ([b"a"], [b"b", b"c"], [])])}))
    serialized = example.SerializeToString()
    arrays["sequence_example"] = np.frombuffer(serialized, np.uint8)
    with tf.Graph().as_default(), tf.Session() as sess:
        context, lists = tf.io.parse_single_sequence_example(
            serialized,
            context_features={"length": tf.io.FixedLenFeature([], tf.int64),
                              "name": tf.io.VarLenFeature(tf.string),
                              "missing": tf.io.FixedLenFeature([2], tf.float32, [1.0, 2.0])},
            sequence_features={"tokens": tf.io.FixedLenSequenceFeature([], tf.int64),
                               "vectors": tf.io.FixedLenSequenceFeature([2], tf.float32),
                               "words": tf.io.VarLenFeature(tf.string)})
        values = sess.run({"context": context, "lists": lists})
        batch = tf.io.parse_sequence_example(
            [serialized, serialized],
            context_features={"length": tf.io.FixedLenFeature([], tf.int64)},
            sequence_features={"tokens": tf.io.FixedLenSequenceFeature([], tf.int64),
                               "words": tf.io.VarLenFeature(tf.string)})
        batch_values = sess.run(batch)
        sparse_example = train.Example(features=train.Features(feature={
            "ix": train.Feature(int64_list=train.Int64List(value=[3, 0])),
            "val": train.Feature(float_list=train.FloatList(value=[1.5, -2.0]))}))
        sparse_feature = sess.run(tf.io.parse_example(
            [sparse_example.SerializeToString()],
            {"sp": tf.io.SparseFeature("ix", "val", tf.float32, 5)}))["sp"]
    arrays["sparse_feature_indices"] = sparse_feature.indices
    arrays["sparse_feature_values"] = sparse_feature.values
    arrays["sparse_feature_shape"] = sparse_feature.dense_shape
    arrays["ctx_length"] = values["context"]["length"]
    arrays["ctx_name_values"] = values["context"]["name"].values
    arrays["ctx_name_indices"] = values["context"]["name"].indices
    arrays["ctx_missing"] = values["context"]["missing"]
    arrays["seq_tokens"] = values["lists"]["tokens"]
    arrays["seq_vectors"] = values["lists"]["vectors"]
    arrays["seq_words_indices"] = values["lists"]["words"].indices
    arrays["seq_words_values"] = values["lists"]["words"].values
    arrays["seq_words_shape"] = values["lists"]["words"].dense_shape
    context, lists, lengths = batch_values
    arrays["batch_length"] = context["length"]
    arrays["batch_tokens"] = lists["tokens"]
    arrays["batch_words_indices"] = lists["words"].indices
    arrays["batch_words_shape"] = lists["words"].dense_shape
    arrays["batch_lengths_tokens"] = lengths["tokens"]


def without_objects(arrays):
    """The arrays, each array of strings as ``<key>.shape`` and its items' bytes as
    ``<key>.<i>`` (uint8), so the fixtures load without pickle."""
    plain = {}
    for key, value in arrays.items():
        value = np.asarray(value)
        if value.dtype != object:
            plain[key] = value
            continue
        plain[key + ".shape"] = np.array(value.shape, np.int64)
        for i, item in enumerate(value.reshape(-1)):
            plain["%s.%d" % (key, i)] = np.frombuffer(item, np.uint8)
    return plain


def main():
    os.makedirs(OUT, exist_ok=True)
    if sys.argv[1:] == ["inputs"]:
        write_inputs()
        return
    import tensorflow.compat.v1 as tf
    tf.disable_eager_execution()
    for name, make in (("codecs", codecs), ("audio", audio), ("serialization", serialization),
                       ("image_math", image_math), ("boxes", boxes),
                       ("sequence_examples", sequence_examples)):
        arrays = {}
        make(tf, arrays)
        np.savez_compressed(os.path.join(OUT, name + ".npz"), **without_objects(arrays))


if __name__ == "__main__":
    main()
