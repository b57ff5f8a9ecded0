"""``tf.saved_model``: a model (graph, Variable values, signatures) in one directory that
reloads without the code that built it, as TF1's SavedModel.

The on-disk layout is this engine's own (TensorFlow cannot read it, nor this engine TF's):

* ``<export_dir>/saved_model.json``: ``{"format": "autograd_engine.saved_model", "version": 1,
  "meta_graphs": [...]}``, one entry per ``add_meta_graph*`` call: its ``tags``, the meta graph
  (the JSON of ``tf.train.export_meta_graph``), its ``signature_def`` map (each SignatureDef as
  protobuf JSON: TF's own message, so ``meta_graph_def.signature_def[key].inputs["x"].name``
  reads as in TF) and the name of its ``main_op`` (run after the Variables are restored).
* ``<export_dir>/variables/variables.index`` and ``.data``: a ``tf.train.Saver`` checkpoint of
  every global Variable, written once, by ``add_meta_graph_and_variables``.

>>> import autograd_engine as tf, os, tempfile
>>> export_dir = os.path.join(tempfile.mkdtemp(), "model")
>>> with tf.Graph().as_default(), tf.Session() as sess:
...     x = tf.placeholder(tf.float32, [None], name="x")
...     y = tf.multiply(x, tf.Variable(3.0, name="w"), name="y")
...     sess.run(tf.global_variables_initializer())
...     simple_save(sess, export_dir, {"x": x}, {"y": y})
>>> with tf.Graph().as_default(), tf.Session() as sess:
...     meta = load(sess, [SERVING], export_dir)
...     sig = meta.signature_def[DEFAULT_SERVING_SIGNATURE_DEF_KEY]
...     print(sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: [1.0, 2.0]}))
[3. 6.]
"""
import importlib
import json
import os

from ..framework.graph import GraphKeys, get_default_graph
from ..summary.proto import dtype_enum, protos, shape_proto
from . import checkpoint_management as ckpt
from . import meta_graph as meta_graph_lib
from .saver import Saver

FORMAT = "autograd_engine.saved_model"
VERSION = 1
SAVED_MODEL_FILENAME = "saved_model.json"
VARIABLES_DIRECTORY = "variables"
VARIABLES_FILENAME = "variables"

# tag_constants
SERVING, TRAINING, EVAL, GPU, TPU = "serve", "train", "eval", "gpu", "tpu"
# signature_constants
DEFAULT_SERVING_SIGNATURE_DEF_KEY = "serving_default"
PREDICT_METHOD_NAME = "tensorflow/serving/predict"
CLASSIFY_METHOD_NAME = "tensorflow/serving/classify"
REGRESS_METHOD_NAME = "tensorflow/serving/regress"
PREDICT_INPUTS, PREDICT_OUTPUTS = "inputs", "outputs"
CLASSIFY_INPUTS, CLASSIFY_OUTPUT_CLASSES, CLASSIFY_OUTPUT_SCORES = "inputs", "classes", "scores"
REGRESS_INPUTS, REGRESS_OUTPUTS = "inputs", "outputs"


def _meta_pb2():
    """TensorFlow's ``meta_graph_pb2`` module (from the ``tensorboard`` package)."""
    protos()  # the clear ImportError when TensorBoard is missing
    return importlib.import_module("tensorboard.compat.proto.meta_graph_pb2")


# ------------------------------------------------------------------ signatures
def build_tensor_info(tensor):
    """The ``TensorInfo`` (name, dtype, shape) of a tensor, for a SignatureDef.

    >>> import autograd_engine as tf
    >>> with tf.Graph().as_default():
    ...     info = build_tensor_info(tf.placeholder(tf.float32, [None, 3], name="x"))
    >>> info.name, [d.size for d in info.tensor_shape.dim]
    ('x:0', [-1, 3])
    """
    return _meta_pb2().TensorInfo(name=tensor.name, dtype=dtype_enum(tensor.dtype),
                                  tensor_shape=shape_proto(tensor.shape))


def get_tensor_from_tensor_info(tensor_info, graph=None, import_scope=None):
    """The tensor a ``TensorInfo`` names, in ``graph`` (default: the default graph)."""
    graph = get_default_graph() if graph is None else graph
    name = tensor_info.name
    if import_scope:
        name = import_scope.rstrip("/") + "/" + name
    return graph.get_tensor_by_name(name)


def build_signature_def(inputs=None, outputs=None, method_name=None):
    """A ``SignatureDef`` of ``{key: TensorInfo}`` maps and a method name."""
    signature = _meta_pb2().SignatureDef(method_name=method_name or "")
    for key, info in (inputs or {}).items():
        signature.inputs[key].CopyFrom(info)
    for key, info in (outputs or {}).items():
        signature.outputs[key].CopyFrom(info)
    return signature


def _infos(tensors, what):
    if not tensors:
        raise ValueError("%s must be a non-empty dict of tensors." % what)
    return {key: build_tensor_info(t) for key, t in tensors.items()}


def predict_signature_def(inputs, outputs):
    """The Predict SignatureDef of ``{key: tensor}`` inputs and outputs."""
    return build_signature_def(_infos(inputs, "Prediction inputs"),
                               _infos(outputs, "Prediction outputs"), PREDICT_METHOD_NAME)


def classification_signature_def(examples, classes, scores):
    """The Classify SignatureDef: an input tensor, and class and/or score tensors."""
    outputs = {k: t for k, t in ((CLASSIFY_OUTPUT_CLASSES, classes),
                                 (CLASSIFY_OUTPUT_SCORES, scores)) if t is not None}
    return build_signature_def(_infos({CLASSIFY_INPUTS: examples}, "Classification input"),
                               _infos(outputs, "Classification classes or scores"),
                               CLASSIFY_METHOD_NAME)


def regression_signature_def(examples, predictions):
    """The Regress SignatureDef of one input and one output tensor."""
    return build_signature_def(_infos({REGRESS_INPUTS: examples}, "Regression input"),
                               _infos({REGRESS_OUTPUTS: predictions}, "Regression output"),
                               REGRESS_METHOD_NAME)


# ------------------------------------------------------------------ writing
def _first(main_op, legacy_init_op):
    return legacy_init_op if main_op is None else main_op


class SavedModelBuilder:
    """Builds a SavedModel in ``export_dir`` (which must not exist or be empty): one
    ``add_meta_graph_and_variables`` (the Variable values), then any ``add_meta_graph`` (more
    tag sets over the same Variables), then ``save``."""

    def __init__(self, export_dir):
        if os.path.exists(export_dir) and os.listdir(export_dir):
            raise AssertionError("Export directory already exists, and isn't empty. Please "
                                 "choose a different export directory, or delete all the "
                                 "contents of the specified directory: %s" % export_dir)
        self._export_dir = export_dir
        self._meta_graphs = []
        self._has_variables = False

    def add_meta_graph_and_variables(self, sess, tags, signature_def_map=None,
                                     assets_collection=None, legacy_init_op=None,
                                     clear_devices=False, main_op=None,
                                     strip_default_attrs=False, saver=None):
        """Records ``sess.graph`` under ``tags`` and saves its global Variables' values."""
        if self._has_variables:
            raise AssertionError("Graph state including variables and assets has already been "
                                 "saved. Please invoke `add_meta_graph()` instead.")
        del assets_collection, strip_default_attrs  # no assets: the graph holds no file names
        os.makedirs(os.path.join(self._export_dir, VARIABLES_DIRECTORY), exist_ok=True)
        graph = sess.graph
        if graph.get_collection(GraphKeys.GLOBAL_VARIABLES):
            saver = saver or Saver(graph.get_collection(GraphKeys.GLOBAL_VARIABLES))
            saver.save(sess, os.path.join(self._export_dir, VARIABLES_DIRECTORY,
                                          VARIABLES_FILENAME),
                       write_meta_graph=False, write_state=False)
        self._has_variables = True
        self._add(graph, tags, signature_def_map, _first(main_op, legacy_init_op), clear_devices)

    def add_meta_graph(self, tags, signature_def_map=None, assets_collection=None,
                       legacy_init_op=None, clear_devices=False, main_op=None,
                       strip_default_attrs=False, saver=None):
        """Records the default graph under another tag set, sharing the saved Variables."""
        if not self._has_variables:
            raise AssertionError("Graph state including variables and assets has not been "
                                 "saved yet. Please invoke `add_meta_graph_and_variables()` "
                                 "first.")
        del assets_collection, strip_default_attrs, saver
        self._add(get_default_graph(), tags, signature_def_map, _first(main_op, legacy_init_op),
                  clear_devices)

    def _add(self, graph, tags, signature_def_map, main_op, clear_devices):
        from google.protobuf import json_format
        tags = [tags] if isinstance(tags, str) else list(tags)
        if any(set(tags) == set(m["tags"]) for m in self._meta_graphs):
            raise AssertionError("A meta graph with tags %s was already added." % tags)
        signatures = {}
        for key, signature in (signature_def_map or {}).items():
            if not isinstance(signature, _meta_pb2().SignatureDef):
                raise TypeError("signature_def_map['%s'] must be a SignatureDef (from "
                                "tf.saved_model.signature_def_utils), not %s"
                                % (key, type(signature).__name__))
            signatures[key] = json_format.MessageToDict(signature)
        self._meta_graphs.append({
            "tags": tags,
            "meta_graph": meta_graph_lib.graph_to_meta_graph(graph, clear_devices=clear_devices),
            "signature_def": signatures,
            # An op or a tensor (TF1 programs pass both); the loader runs its op.
            "main_op": None if main_op is None else getattr(main_op, "op", main_op).name})

    def save(self, as_text=False):
        """Writes ``saved_model.json`` (atomically; ``as_text`` is accepted for TF's
        signature: the file is always JSON text). Returns its path as bytes, as TF."""
        del as_text
        if not self._meta_graphs:
            raise AssertionError("Nothing to save: call add_meta_graph_and_variables first.")
        os.makedirs(self._export_dir, exist_ok=True)
        path = os.path.join(self._export_dir, SAVED_MODEL_FILENAME)
        text = json.dumps({"format": FORMAT, "version": VERSION,
                           "meta_graphs": self._meta_graphs}, allow_nan=False).encode("utf-8")
        ckpt.write_atomically(path, lambda f: f.write(text))
        return path.encode("utf-8")


def simple_save(session, export_dir, inputs, outputs, legacy_init_op=None):
    """Saves ``session``'s graph and Variables as a SavedModel for serving: tag ``serve``,
    one Predict signature under ``serving_default`` of the ``{key: tensor}`` dicts."""
    builder = SavedModelBuilder(export_dir)
    builder.add_meta_graph_and_variables(
        session, [SERVING],
        {DEFAULT_SERVING_SIGNATURE_DEF_KEY: predict_signature_def(inputs, outputs)},
        main_op=legacy_init_op)
    builder.save()


# ------------------------------------------------------------------ reading
def maybe_saved_model_directory(export_dir):
    """Whether ``export_dir`` holds a SavedModel written here."""
    return os.path.isfile(os.path.join(export_dir, SAVED_MODEL_FILENAME))


def _read(export_dir):
    path = os.path.join(export_dir, SAVED_MODEL_FILENAME)
    if not os.path.isfile(path):
        raise OSError("SavedModel file does not exist at: %s/{%s}" % (export_dir,
                                                                     SAVED_MODEL_FILENAME))
    with open(path, "rb") as f:
        try:
            data = json.loads(f.read().decode("utf-8"))
        except ValueError as e:
            raise meta_graph_lib.MetaGraphError("%s is not a valid SavedModel file: %s"
                                                % (path, e)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise meta_graph_lib.MetaGraphError("%s is not a SavedModel written by autograd_engine "
                                            "(format %r)." % (path, FORMAT))
    return data


def load(sess, tags, export_dir, import_scope=None, **saver_kwargs):
    """Rebuilds the meta graph saved under exactly ``tags`` in ``sess.graph`` and restores its
    Variables into ``sess``; returns TF's ``MetaGraphDef`` message with its ``signature_def``
    map, tags and (TF-form) graph_def."""
    from google.protobuf import json_format
    del saver_kwargs
    tags = [tags] if isinstance(tags, str) else list(tags)
    data = _read(export_dir)
    matches = [m for m in data["meta_graphs"] if set(m["tags"]) == set(tags)]
    if not matches:
        raise RuntimeError("MetaGraphDef associated with tags %s could not be found in "
                           "SavedModel. Available tag sets: %s"
                           % (tags, [m["tags"] for m in data["meta_graphs"]]))
    record = matches[0]
    graph = sess.graph
    with graph.as_default():
        variables = meta_graph_lib.import_meta_graph_dict(record["meta_graph"], graph,
                                                          import_scope=import_scope)
        if variables:
            Saver(variables).restore(sess, os.path.join(export_dir, VARIABLES_DIRECTORY,
                                                        VARIABLES_FILENAME))
        if record.get("main_op"):
            prefix = import_scope.rstrip("/") + "/" if import_scope else ""
            sess.run(graph.get_operation_by_name(prefix + record["main_op"]))
    meta_graph_def = _meta_pb2().MetaGraphDef()
    meta_graph_def.meta_info_def.tags.extend(record["tags"])
    for key, signature in record["signature_def"].items():
        json_format.ParseDict(signature, meta_graph_def.signature_def[key])
    meta_graph_def.graph_def.CopyFrom(graph.as_graph_def())
    return meta_graph_def


__all__ = ["SavedModelBuilder", "build_signature_def", "build_tensor_info",
           "classification_signature_def", "get_tensor_from_tensor_info", "load",
           "maybe_saved_model_directory", "predict_signature_def", "regression_signature_def",
           "simple_save"]
