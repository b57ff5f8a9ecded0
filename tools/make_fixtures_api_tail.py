"""Fixtures for issue 20's tail of tf.losses, tf.metrics and tf.strings, computed with real
TensorFlow.

Run with the TensorFlow venv from the repository root:
    /work/tfvenv/bin/python tools/make_fixtures_api_tail.py
Writes tests/fixtures/api_tail/values.npz (inputs and TensorFlow's outputs, by name) and
strings.json (the string ops' results, bytes as latin-1 text) and a TensorFlow event file.
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "api_tail")


def run(fetches):
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        return sess.run(fetches)


def losses(arrays):
    rng = np.random.RandomState(3)
    labels = rng.randn(4, 3).astype(np.float32)
    labels /= np.linalg.norm(labels, axis=1, keepdims=True)
    predictions = rng.randn(4, 3).astype(np.float32)
    predictions /= np.linalg.norm(predictions, axis=1, keepdims=True)
    weights = np.array([[1.0], [0.0], [2.0], [0.5]], np.float32)
    binary = (rng.rand(4, 3) > 0.5).astype(np.float32)
    logits = rng.randn(4, 3).astype(np.float32)
    pair_labels = rng.randn(4, 5).astype(np.float32)
    pair_predictions = rng.randn(4, 5).astype(np.float32)
    pair_weights = np.array([[1.0], [0.0], [3.0], [0.5]], np.float32)
    arrays.update(cos_labels=labels, cos_predictions=predictions, cos_weights=weights,
                  hinge_labels=binary, hinge_logits=logits, pair_labels=pair_labels,
                  pair_predictions=pair_predictions, pair_weights=pair_weights)
    with tf.Graph().as_default():
        out = run({
            "cosine": tf.losses.cosine_distance(labels, predictions, axis=1),
            "cosine_weighted": tf.losses.cosine_distance(labels, predictions, axis=1,
                                                         weights=weights),
            "cosine_none": tf.losses.cosine_distance(labels, predictions, axis=1,
                                                     reduction=tf.losses.Reduction.NONE),
            "hinge": tf.losses.hinge_loss(binary, logits),
            "hinge_none": tf.losses.hinge_loss(binary, logits,
                                               reduction=tf.losses.Reduction.NONE),
            "pairwise": tf.losses.mean_pairwise_squared_error(pair_labels, pair_predictions),
            "pairwise_weighted": tf.losses.mean_pairwise_squared_error(
                pair_labels, pair_predictions, weights=pair_weights),
            "pairwise_3d": tf.losses.mean_pairwise_squared_error(
                pair_labels.reshape(4, 5, 1), pair_predictions.reshape(4, 5, 1)),
        })
    arrays.update(("loss_" + k, v) for k, v in out.items())


def metrics(arrays):
    rng = np.random.RandomState(5)
    scores = rng.rand(2, 6, 5).astype(np.float32)
    labels = np.array([[0, 3, -1], [1, 1, 4], [2, -1, -1], [4, 0, 2], [3, 3, 3], [1, 2, 0]],
                      np.int64)
    weights = np.array([1.0, 0.5, 0.0, 2.0, 1.0, 1.0], np.float64)
    arrays.update(ap_scores=scores, ap_labels=labels, ap_weights=weights)
    for k in (1, 3):
        for weighted in (False, True):
            with tf.Graph().as_default():
                predictions = tf.placeholder(tf.float32, [6, 5])
                value, update = tf.metrics.average_precision_at_k(
                    tf.constant(labels), predictions, k,
                    weights=weights if weighted else None)
                with tf.Session() as sess:
                    sess.run(tf.local_variables_initializer())
                    updates = [sess.run(update, {predictions: batch}) for batch in scores]
                    key = "ap_k%d%s" % (k, "_w" if weighted else "")
                    arrays[key + "_updates"] = np.array(updates)
                    arrays[key + "_value"] = sess.run(value)


def text(value):
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, np.ndarray):
        return [text(v) for v in value.tolist()] if value.dtype == object else value.tolist()
    if isinstance(value, list):
        return [text(v) for v in value]
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    return value


def strings():
    words = ["héllo wörld", "a", "", "日本語"]
    out = {}
    with tf.Graph().as_default():
        fetches = {
            "bytes_split": tf.strings.bytes_split(["ab", "", "xyz"]).to_sparse(),
            "format_1": tf.strings.format("x={} y={}", (tf.constant([1, 2, 3]),
                                                       tf.constant(2.5))),
            "format_long": tf.strings.format("{}", tf.reshape(tf.range(20), [4, 5]),
                                             summarize=2),
            "format_all": tf.strings.format("[{}]", tf.range(12), summarize=-1),
            "format_custom": tf.strings.format("<<>>", tf.constant(["a", "b"]),
                                               placeholder="<<>>"),
            "format_3d": tf.strings.format("{}", tf.reshape(tf.range(8.0), [2, 2, 2])),
            "ngrams": tf.strings.ngrams(tf.constant([["a", "b", "c", "d"]]), 2),
            "ngrams_pad": tf.strings.ngrams(tf.constant(["a", "b", "c"]), 3, separator="_",
                                            pad_values=("<s>", "</s>"), padding_width=1),
            "ngrams_multi": tf.strings.ngrams(tf.constant(["a", "b", "c"]), (1, 3)),
            "hash": tf.strings.to_hash_bucket(tf.constant(["hello", "", "日本"]), 100),
            "decode": tf.strings.unicode_decode(tf.constant(words), "UTF-8").to_sparse(),
            "decode_offsets": tf.strings.unicode_decode_with_offsets(
                tf.constant(words), "UTF-8")[1].to_sparse(),
            "decode_replace": tf.strings.unicode_decode(
                tf.constant([b"a\xffb"]), "UTF-8", errors="replace").to_sparse(),
            "decode_ignore": tf.strings.unicode_decode(
                tf.constant([b"a\xffb"]), "UTF-8", errors="ignore").to_sparse(),
            "decode_utf16": tf.strings.unicode_decode(
                tf.constant(["hé".encode("utf-16-be")]), "UTF-16-BE").to_sparse(),
            "encode": tf.strings.unicode_encode(
                tf.ragged.constant([[104, 233], [26085], []]), "UTF-8"),
            "encode_dense": tf.strings.unicode_encode(tf.constant([[97, 98], [99, 100]]),
                                                      "UTF-16-BE"),
            "encode_replace": tf.strings.unicode_encode(tf.constant([[97, 0x110000]]),
                                                        "UTF-8", replacement_char=63),
            "script": tf.strings.unicode_script(tf.constant([72, 1041, 26085, 48, 1575, 0x3042])),
            "split": tf.strings.unicode_split(tf.constant(words), "UTF-8").to_sparse(),
            "split_offsets": tf.strings.unicode_split_with_offsets(
                tf.constant(words), "UTF-8")[1].to_sparse(),
            "transcode": tf.strings.unicode_transcode(tf.constant(words), "UTF-8",
                                                      "UTF-16-BE"),
            "transcode_bad": tf.strings.unicode_transcode(tf.constant([b"a\xffb"]), "UTF-8",
                                                          "UTF-8"),
            "segment_join": tf.strings.unsorted_segment_join(
                tf.constant(["a", "b", "c", "d"]), tf.constant([1, 0, 1, 1]), 3,
                separator=":"),
            "segment_join_2d": tf.strings.unsorted_segment_join(
                tf.constant([["a", "b"], ["c", "d"], ["e", "f"]]), tf.constant([0, 0, 1]), 2),
        }
        values = run(fetches)
    for key, value in values.items():
        if hasattr(value, "indices"):
            out[key] = {"indices": value.indices.tolist(), "values": text(value.values),
                        "dense_shape": value.dense_shape.tolist()}
        else:
            out[key] = text(value)
    return out


AUDIO = np.array([[0.0, 0.5, -0.5, 1.0, -1.0, 2.0], [0.1, 0.2, 0.3, -0.3, 2e-5, 0.99999]],
                 np.float32)


def summaries():
    """Serialized Summary protos (hex) of tf.summary.audio and tf.summary.tensor_summary."""
    with tf.Graph().as_default():
        stereo = np.stack([AUDIO, -AUDIO], axis=-1)
        values = run({
            "audio_mono": tf.summary.audio("snd", AUDIO, 8000, max_outputs=3),
            "audio_one": tf.summary.audio("one", AUDIO, 16000.0, max_outputs=1),
            "audio_stereo": tf.summary.audio("st", stereo, 22050, max_outputs=2),
            "tensor_int": tf.summary.tensor_summary("t", tf.constant([[1, 2], [3, 4]]),
                                                    summary_description="desc",
                                                    display_name="T"),
            "tensor_float": tf.summary.tensor_summary("f", tf.constant([1.5, 2.5])),
            "tensor_scalar": tf.summary.tensor_summary("s", tf.constant(7.0, tf.float64)),
        })
    return {key: value.hex() for key, value in values.items()}


def vocabulary():
    """StaticVocabularyTable ids of a vocabulary file (written to the fixture directory)."""
    path = os.path.join(OUT, "vocab.txt")
    with open(path, "w") as f:
        f.write("emerson\t10\nlake\t20\npalmer\t30\n")
    with tf.Graph().as_default():
        words = tf.lookup.StaticVocabularyTable(tf.lookup.TextFileInitializer(
            path, tf.string, 0, tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER, delimiter="\t"),
            num_oov_buckets=3)
        numbers = tf.lookup.StaticVocabularyTable(tf.lookup.TextFileInitializer(
            path, tf.int64, 1, tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER), 5)
        with tf.Session() as sess:
            sess.run(tf.tables_initializer())
            return sess.run({
                "vocab_words": words.lookup(tf.constant(["lake", "king", "crimson", "emerson",
                                                         ""])),
                "vocab_numbers": numbers.lookup(tf.constant([30, 7, 10, -4], tf.int64)),
                "vocab_size": words.size()})


def main():
    os.makedirs(OUT, exist_ok=True)
    arrays = {}
    losses(arrays)
    metrics(arrays)
    np.savez(os.path.join(OUT, "values.npz"), **arrays)
    with open(os.path.join(OUT, "strings.json"), "w") as f:
        json.dump(strings(), f, indent=1, sort_keys=True, ensure_ascii=True)
    with open(os.path.join(OUT, "summaries.json"), "w") as f:
        json.dump(summaries(), f, indent=1, sort_keys=True)
    event_file()
    with open(os.path.join(OUT, "vocabulary.json"), "w") as f:
        json.dump({k: np.asarray(v).tolist() for k, v in vocabulary().items()}, f)
    print("wrote", sorted(arrays))


def event_file():
    """A TensorFlow-written event file for tf.train.summary_iterator."""
    import glob
    for old in glob.glob(os.path.join(OUT, "events.out.tfevents.*")):
        os.remove(old)
    writer = tf.summary.FileWriter(OUT)
    for step, value in ((1, 0.5), (2, 0.25)):
        writer.add_summary(tf.Summary(value=[tf.Summary.Value(tag="loss", simple_value=value)]),
                           step)
    writer.add_session_log(tf.SessionLog(status=tf.SessionLog.STOP), 3)
    writer.close()


if __name__ == "__main__":
    main()
