"""tf.summary.audio and tensor_summary against the Summary protos TensorFlow serializes
(tools/make_fixtures_api_tail.py), get_summary_description, initialize, all_v2_summary_ops,
and the protocol buffer classes."""
import json
import os

import numpy as np
import pytest

import autograd_engine as tf

with open(os.path.join(os.path.dirname(__file__), "fixtures", "api_tail", "summaries.json")) as f:
    EXPECTED = {k: bytes.fromhex(v) for k, v in json.load(f).items()}
AUDIO = np.array([[0.0, 0.5, -0.5, 1.0, -1.0, 2.0], [0.1, 0.2, 0.3, -0.3, 2e-5, 0.99999]],
                 np.float32)


def _run(fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def test_summaries_match_tensorflows_protos():
    with tf.Graph().as_default():
        stereo = np.stack([AUDIO, -AUDIO], axis=-1)
        rate = tf.placeholder(tf.float32, [])
        fetches = {
            "audio_mono": tf.summary.audio("snd", AUDIO, 8000, max_outputs=3),
            "audio_one": tf.summary.audio("one", AUDIO, 16000.0, max_outputs=1),
            "audio_stereo": tf.summary.audio("st", stereo, rate, max_outputs=2),
            "tensor_int": tf.summary.tensor_summary("t", tf.constant([[1, 2], [3, 4]]),
                                                    summary_description="desc",
                                                    display_name="T"),
            "tensor_float": tf.summary.tensor_summary("f", tf.constant([1.5, 2.5])),
            "tensor_scalar": tf.summary.tensor_summary("s", tf.constant(7.0, tf.float64)),
        }
        with tf.Session() as sess:
            got = sess.run(fetches, {rate: 22050.0})
        assert len(tf.get_collection(tf.GraphKeys.SUMMARIES)) == 6
    for key, expected in EXPECTED.items():
        assert tf.summary.Summary.FromString(got[key]) == \
            tf.summary.Summary.FromString(expected), key


def test_audio_and_tensor_summary_errors():
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match="float tensor"):
            tf.summary.audio("a", tf.constant([[1, 2]]), 8000)
        with pytest.raises(ValueError, match=r"\[batch, frames\]"):
            tf.summary.audio("a", tf.zeros([4]), 8000)
        with pytest.raises(ValueError, match="max_outputs"):
            tf.summary.audio("a", tf.zeros([1, 4]), 8000, max_outputs=0)
        with pytest.raises(TypeError, match="sample_rate must be float32"):
            tf.summary.audio("a", tf.zeros([1, 4]), tf.constant(8000))
        from tensorboard.compat.proto.summary_pb2 import SummaryMetadata
        metadata = SummaryMetadata(display_name="shown")
        s = tf.summary.tensor_summary("x", tf.constant(["a", "b"]), summary_metadata=metadata)
        value, = tf.summary.Summary.FromString(_run(s)).value
        assert value.metadata.display_name == "shown"
        assert list(value.tensor.string_val) == [b"a", b"b"]


def test_get_summary_description_reads_tensor_summary_nodes():
    from tensorboard.compat.proto import node_def_pb2
    node = node_def_pb2.NodeDef(name="s", op="TensorSummary")
    node.attr["description"].s = b'{"type_hint": "image"}'
    assert tf.summary.get_summary_description(node).type_hint == "image"
    assert isinstance(tf.summary.get_summary_description(node), tf.summary.SummaryDescription)
    with pytest.raises(ValueError, match="Can't get_summary_description on ScalarSummary"):
        tf.summary.get_summary_description(node_def_pb2.NodeDef(op="ScalarSummary"))


def test_v2_summary_entry_points_in_a_tf1_graph():
    with tf.Graph().as_default():
        tf.summary.scalar("loss", tf.constant(1.0))
        assert tf.summary.all_v2_summary_ops() == []  # TF1 summaries are not TF2 ones
        with pytest.raises(RuntimeError, match="tf.summary.FileWriter"):
            tf.summary.initialize()


def test_protocol_buffer_classes():
    event = tf.summary.Event(step=3, session_log=tf.summary.SessionLog(
        status=tf.summary.SessionLog.CHECKPOINT, checkpoint_path="/ckpt"))
    assert tf.summary.Event.FromString(event.SerializeToString()).session_log.checkpoint_path \
        == "/ckpt"
    tagged = tf.summary.TaggedRunMetadata(tag="step_1", run_metadata=b"\x01")
    assert tagged.tag == "step_1"
    assert tf.summary.SummaryDescription(type_hint="x").type_hint == "x"
