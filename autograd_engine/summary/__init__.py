"""``tf.summary``: TensorBoard summaries and the FileWriter that records them.

Needs the optional ``tensorboard`` package (``pip install 'autograd_engine[tensorboard]'``),
imported when a summary or writer is first made. ``tf.summary.Summary``, ``Event``,
``SessionLog`` and ``HistogramProto`` are TensorBoard's protocol buffer classes.

>>> import autograd_engine as tf
>>> loss = tf.constant(0.5)
>>> _ = tf.summary.scalar("loss", loss)
>>> merged = tf.summary.merge_all()
>>> with tf.Session() as sess:
...     [v.simple_value for v in tf.summary.Summary.FromString(sess.run(merged)).value]
[0.5]
"""
from .summary_ops import histogram, image, merge, merge_all, scalar, text
from .writer import FileWriter, FileWriterCache
# issue 20 (i20i): audio, tensor_summary and TF1's entry points for TF2 summary writers.
from .summary_extra import (all_v2_summary_ops, audio, get_summary_description, initialize,
                            tensor_summary)

_PROTO_CLASSES = {"Summary": "summary_pb2", "SummaryDescription": "summary_pb2",
                  "HistogramProto": "summary_pb2", "Event": "event_pb2",
                  "SessionLog": "event_pb2", "TaggedRunMetadata": "event_pb2"}


def __getattr__(name):
    """The protocol buffer classes, loaded with TensorBoard on first use."""
    module = _PROTO_CLASSES.get(name)
    if module is None:
        raise AttributeError("module 'autograd_engine.summary' has no attribute %r" % name)
    from .proto import protos
    return getattr(getattr(protos(), module), name)


__all__ = ["scalar", "histogram", "image", "text", "merge", "merge_all", "FileWriter",
           "FileWriterCache"] + sorted(_PROTO_CLASSES)
__all__ += ["all_v2_summary_ops", "audio", "get_summary_description", "initialize",
            "tensor_summary"]
