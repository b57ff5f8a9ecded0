"""The rest of TF1's ``tf.saved_model``: its file-name constants, ``main_op``,
``contains_saved_model``, ``is_valid_signature``, ``Asset`` and ``SaveOptions``.

The constants keep TensorFlow's values (``saved_model.pb``, ``variables``, ...): code that
builds paths from them names the same files TensorFlow's layout has. This engine's own SavedModel
(see :mod:`autograd_engine.train.saved_model`) writes ``saved_model.json`` instead of
``saved_model.pb``, and its ``variables/variables.*`` checkpoint where the constants say.

>>> import autograd_engine as tf
>>> tf.saved_model.VARIABLES_DIRECTORY, tf.saved_model.SAVED_MODEL_FILENAME_PB
('variables', 'saved_model.pb')
"""
import os

from ..framework import dtypes
from ..framework.graph import control_dependencies, get_default_graph
from ..ops.constant_op import constant
from ..ops.control_flow_ops import group
from ..ops.lookup_ops import tables_initializer
from ..ops.variables import global_variables_initializer, local_variables_initializer
from ..summary.proto import dtype_enum
from .saved_model import (CLASSIFY_INPUTS, CLASSIFY_METHOD_NAME, CLASSIFY_OUTPUT_CLASSES,
                          CLASSIFY_OUTPUT_SCORES, PREDICT_METHOD_NAME, REGRESS_INPUTS,
                          REGRESS_METHOD_NAME, REGRESS_OUTPUTS, maybe_saved_model_directory)

# TensorFlow's tf.saved_model.constants, with its values.
ASSETS_DIRECTORY = "assets"
ASSETS_KEY = "saved_model_assets"
DEBUG_DIRECTORY = "debug"
DEBUG_INFO_FILENAME_PB = "saved_model_debug_info.pb"
LEGACY_INIT_OP_KEY = "legacy_init_op"
MAIN_OP_KEY = "saved_model_main_op"
SAVED_MODEL_FILENAME_PB = "saved_model.pb"
SAVED_MODEL_FILENAME_PBTXT = "saved_model.pbtxt"
SAVED_MODEL_SCHEMA_VERSION = 1
VARIABLES_DIRECTORY = "variables"
VARIABLES_FILENAME = "variables"
# GraphKeys.ASSET_FILEPATHS in TF1: the asset file names a graph depends on.
ASSET_FILEPATHS = "asset_filepaths"


def main_op():
    """The usual ``main_op`` of a SavedModel: one op that initializes the global and local
    Variables and the lookup tables.

    >>> import autograd_engine as tf
    >>> with tf.Graph().as_default():
    ...     v = tf.Variable(2.0)
    ...     op = tf.saved_model.main_op.main_op()
    ...     with tf.Session() as sess:
    ...         _ = sess.run(op)
    ...         float(sess.run(v))
    2.0
    """
    return group(global_variables_initializer(), local_variables_initializer(),
                 tables_initializer())


def main_op_with_restore(restore_op_name):
    """:func:`main_op`, then the restore op ``restore_op_name`` (an op or its name, e.g.
    ``saver.saver_def.restore_op_name``)."""
    graph = get_default_graph()
    restore = (graph.as_graph_element(restore_op_name) if isinstance(restore_op_name, str)
               else restore_op_name)
    with control_dependencies([main_op()]):
        return group(restore)


def contains_saved_model(export_dir):
    """Whether ``export_dir`` holds a SavedModel this engine can load (its
    ``saved_model.json``; TensorFlow's ``saved_model.pb`` is another format)."""
    return maybe_saved_model_directory(os.fspath(export_dir))


def _dtype_is(info, dtype):
    return info.dtype == dtype_enum(dtype)


def _valid_classification(signature):
    if set(signature.inputs) != {CLASSIFY_INPUTS}:
        return False
    outputs = set(signature.outputs)
    if not outputs or outputs - {CLASSIFY_OUTPUT_CLASSES, CLASSIFY_OUTPUT_SCORES}:
        return False
    classes = signature.outputs.get(CLASSIFY_OUTPUT_CLASSES)
    scores = signature.outputs.get(CLASSIFY_OUTPUT_SCORES)
    return (_dtype_is(signature.inputs[CLASSIFY_INPUTS], dtypes.string)
            and (classes is None or _dtype_is(classes, dtypes.string))
            and (scores is None or _dtype_is(scores, dtypes.float32)))


def _valid_regression(signature):
    return (set(signature.inputs) == {REGRESS_INPUTS} and set(signature.outputs) ==
            {REGRESS_OUTPUTS} and _dtype_is(signature.inputs[REGRESS_INPUTS], dtypes.string)
            and _dtype_is(signature.outputs[REGRESS_OUTPUTS], dtypes.float32))


def is_valid_signature(signature_def):
    """Whether TensorFlow Serving can serve ``signature_def`` (TF1's rules): a Predict
    signature with inputs and outputs; a Classify one with one string input ``inputs`` and
    string ``classes`` and/or float ``scores``; a Regress one with one string input and one
    float output ``outputs``.

    >>> import autograd_engine as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.placeholder(tf.float32, name="x")
    ...     sig = tf.saved_model.predict_signature_def({"x": x}, {"y": x * 2.0})
    >>> tf.saved_model.is_valid_signature(sig), tf.saved_model.is_valid_signature(None)
    (True, False)
    """
    if signature_def is None:
        return False
    method = signature_def.method_name
    if method == PREDICT_METHOD_NAME:
        return bool(signature_def.inputs) and bool(signature_def.outputs)
    if method == CLASSIFY_METHOD_NAME:
        return _valid_classification(signature_def)
    if method == REGRESS_METHOD_NAME:
        return _valid_regression(signature_def)
    return False


class Asset:
    """A file a model needs at serving time (a vocabulary): ``asset_path`` is a string
    tensor of its path, and the path joins the graph's ``asset_filepaths`` collection, where
    ``SavedModelBuilder``'s ``assets_collection`` finds it.

    >>> import autograd_engine as tf
    >>> with tf.Graph().as_default():
    ...     asset = tf.saved_model.Asset("vocab.txt")
    ...     tf.Session().run(asset.asset_path)
    b'vocab.txt'
    """

    def __init__(self, path):
        if hasattr(path, "dtype"):
            if path.dtype != dtypes.string:
                raise TypeError("Asset path must be a string tensor, got %s" % path.dtype.name)
            self.asset_path = path
        else:
            self.asset_path = constant(os.fspath(path), dtype=dtypes.string, name="asset_path")
        get_default_graph().add_to_collection(ASSET_FILEPATHS, self.asset_path)


class SaveOptions:
    """Options of TF2's object-based ``tf.saved_model.save``, kept for programs that build
    them; ``namespace_whitelist`` lists op namespaces (``"Custom"``) allowed in the graph."""

    def __init__(self, namespace_whitelist=None, save_debug_info=False, function_aliases=None,
                 experimental_io_device=None, experimental_variable_policy=None, **extra):
        self.namespace_whitelist = list(namespace_whitelist or [])
        self.save_debug_info = save_debug_info
        self.function_aliases = dict(function_aliases or {})
        self.experimental_io_device = experimental_io_device
        self.experimental_variable_policy = experimental_variable_policy
        self.extra_options = extra
