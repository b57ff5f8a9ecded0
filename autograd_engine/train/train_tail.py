"""Small parts of TF1's ``tf.train``: ``assert_global_step``, ``summary_iterator`` (the events
of a TensorBoard event file: this engine's ``FileWriter`` files and TensorFlow's alike), the
``SaverDef`` message, ``piecewise_constant_decay``, and placeholders for what has no meaning
here (the SDCA optimizer's kernels, quantized training rewrites).

>>> import autograd_engine as tf
>>> with tf.Graph().as_default():
...     tf.train.assert_global_step(tf.train.get_or_create_global_step())
"""
import importlib

from ..framework.tensor import Tensor
from ..framework.unimplemented import unimplemented
from ..ops.tf_record import read_records
from ..ops.variables import Variable
from ..summary.proto import protos
from .learning_rate_decay import piecewise_constant

piecewise_constant_decay = piecewise_constant


def assert_global_step(global_step_tensor):
    """Raises TypeError unless ``global_step_tensor`` is an integer scalar Variable or Tensor.

    >>> import autograd_engine as tf
    >>> assert_global_step(tf.constant(1.0))
    Traceback (most recent call last):
    TypeError: Existing "global_step" does not have integer type: tf.float32
    """
    if not isinstance(global_step_tensor, (Variable, Tensor)):
        raise TypeError('Existing "global_step" must be a Variable or Tensor: %s.'
                        % (global_step_tensor,))
    if not global_step_tensor.dtype.base_dtype.is_integer:
        raise TypeError('Existing "global_step" does not have integer type: %s'
                        % (global_step_tensor.dtype,))
    shape = global_step_tensor.shape
    if shape.ndims != 0 and shape.is_fully_defined():
        raise TypeError('Existing "global_step" is not scalar: %s' % (shape,))


def summary_iterator(path):
    """Yields the ``Event`` protocol buffers of the event file ``path`` in order (the file
    version record first), checking every record's checksums (``DataLossError`` if damaged).

    >>> import autograd_engine as tf, glob, tempfile
    >>> logdir = tempfile.mkdtemp()
    >>> with tf.summary.FileWriter(logdir) as writer:
    ...     writer.add_summary(tf.summary.Summary(value=[
    ...         tf.summary.Summary.Value(tag="loss", simple_value=0.5)]), global_step=3)
    >>> events = list(tf.train.summary_iterator(glob.glob(logdir + "/events.*")[0]))
    >>> events[0].file_version, events[1].step, events[1].summary.value[0].simple_value
    ('brain.Event:2', 3, 0.5)
    """
    event_class = protos().event_pb2.Event
    for _, record in read_records(path):
        yield event_class.FromString(record)


def __getattr__(name):
    """``SaverDef``: TensorFlow's message (from TensorBoard's protos), loaded on first use."""
    if name == "SaverDef":
        protos()  # the clear error when TensorBoard is missing
        return importlib.import_module("tensorboard.compat.proto.saver_pb2").SaverDef
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


_NO_SDCA = ("the SDCA (stochastic dual coordinate ascent) kernels of tf.contrib.linear_optimizer",
            "a tf.train optimizer (FtrlOptimizer for sparse linear models) instead")
sdca_optimizer = unimplemented("tf.train.sdca_optimizer", *_NO_SDCA)
sdca_fprint = unimplemented("tf.train.sdca_fprint", *_NO_SDCA)
sdca_shrink_l1 = unimplemented("tf.train.sdca_shrink_l1", *_NO_SDCA)
do_quantize_training_on_graphdef = unimplemented(
    "tf.train.do_quantize_training_on_graphdef", "quantized (int8) kernels",
    "float training, and post-training quantization in a serving tool")

__all__ = ["assert_global_step", "do_quantize_training_on_graphdef", "piecewise_constant_decay",
           "sdca_fprint", "sdca_optimizer", "sdca_shrink_l1", "summary_iterator"]
