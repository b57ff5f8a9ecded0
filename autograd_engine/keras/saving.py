"""``model.save`` / ``keras.models.load_model``: a whole model in one file of our own format.

The file is a numpy ``.npz`` archive (a zip of ``.npy`` arrays) written at exactly the path
given: one JSON document (the architecture as each layer's constructor arguments, the
``compile`` arguments, the format and engine versions) beside the weights and the optimizer's
state (its slots, step counter and current learning rate, in creation order), so a loaded
model predicts identically and continues training where the saved one stopped.

Why not Keras's HDF5: it would add h5py to a library that needs only numpy, and the file would
still not be one Keras could resume: its optimizer state is TF1's (``dense/kernel/Adam``), not
Keras's, and its layer configs are the subset of Keras arguments this engine implements. An
HDF5 file given to ``load_model`` gets an error that says so.
"""
import json

import numpy as np

from ..version import __version__
from . import backend, layers as layers_module
from . import optimizers

FORMAT = "autograd_engine.keras model"
FORMAT_VERSION = 1
_HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


def _function_name(function, what):
    name = getattr(function, "__name__", None)
    if not name or name == "<lambda>":
        raise ValueError("Cannot save a model whose %s is %r: give it a named function (then "
                         "pass it to load_model(custom_objects={name: function}))"
                         % (what, function))
    return name


def layer_entry(layer):
    """A layer's saved form: its class name and ``get_config()``, checked to be JSON-ready."""
    config = layer.get_config()
    for key, value in config.items():
        try:
            json.dumps(value)
        except TypeError:
            raise ValueError("Cannot save layer %r: its argument %s=%r has no saved form; give "
                             "it by name (e.g. kernel_initializer='zeros')"
                             % (layer.name, key, value)) from None
    return {"class_name": type(layer).__name__, "config": config}


def functional_architecture(model, calls):
    """A functional model's layers and how they connect: ``calls`` is ``[(layer, input tensor,
    list of them (a merge layer's) or None, output tensor)]`` in call order (those of other
    layers are left out); each call names its source calls by index (a list for a list)."""
    layers = model.layers
    entries, call_of_output = [], {}
    for layer, inputs, outputs in (call for call in calls if call[0] in layers):
        source = [call_of_output[t] for t in inputs] if isinstance(inputs, list) else \
            None if inputs is None else call_of_output[inputs]
        entries.append([layers.index(layer), source])
        call_of_output[outputs] = len(entries) - 1
    return {"class_name": "Model", "name": model.name,
            "layers": [layer_entry(layer) for layer in layers], "calls": entries,
            "inputs": [call_of_output[t] for t in model.inputs],
            "outputs": [call_of_output[t] for t in model.outputs]}


def _by_name(value, what):
    """A loss or metrics argument of ``compile`` with each function replaced by its name."""
    if isinstance(value, dict):
        return {key: _by_name(item, what) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_by_name(item, what) for item in value]
    return value if value is None or isinstance(value, (str, int, float)) else \
        _function_name(value, what)


def _from_names(value, custom_objects):
    if isinstance(value, dict):
        return {key: _from_names(item, custom_objects) for key, item in value.items()}
    if isinstance(value, list):
        return [_from_names(item, custom_objects) for item in value]
    return custom_objects.get(value, value) if isinstance(value, str) else value


def training_config(model, compile_config):
    """``compile``'s arguments (``(loss, loss_weights, metrics)``), functions by name, or None
    when the model was not compiled."""
    if model.optimizer is None or compile_config is None:
        return None
    optimizer = model.optimizer
    config = dict(optimizer.get_config())
    config.update({k: v for k, v in (("clipnorm", optimizer.clipnorm),
                                     ("clipvalue", optimizer.clipvalue)) if v is not None})
    loss, loss_weights, metrics = compile_config
    return {"optimizer": {"class_name": type(optimizer).__name__, "config": config},
            "loss": _by_name(loss, "loss"), "loss_weights": loss_weights,
            "metrics": _by_name(metrics, "metric")}


def write(model, filepath, model_config, compile_config, optimizer_variables,
          include_optimizer=True):
    """Writes the model (``model_config``: its architecture; its weights; with
    ``include_optimizer`` the compile arguments and the state in ``optimizer_variables``: the
    slots, step counter and learning rate ``compile`` made, in creation order) to
    ``filepath``."""
    extra = list(optimizer_variables) if include_optimizer else []
    document = {"format": FORMAT, "format_version": FORMAT_VERSION,
                "engine_version": __version__, "model": model_config,
                "training": training_config(model, compile_config) if include_optimizer else None,
                "weight_names": [v.op.name for v in model.weights],
                "optimizer_variables": [v.op.name for v in extra]}
    arrays = {"weight_%04d" % i: value for i, value in enumerate(model.get_weights())}
    arrays.update(("optimizer_%04d" % i, value)
                  for i, value in enumerate(backend.batch_get_value(extra)))
    with open(filepath, "wb") as f:
        np.savez(f, document=np.array(json.dumps(document)), **arrays)


def read(filepath):
    """``(document, weights, optimizer state as [(Variable name, value)])`` from a file
    ``write`` made."""
    with open(filepath, "rb") as f:
        head = f.read(8)
    if head == _HDF5_SIGNATURE:
        raise ValueError("%s is an HDF5 file (Keras's format): load_model reads the files "
                         "model.save writes here (numpy .npz archives). Load its weights into "
                         "the same architecture instead." % filepath)
    with np.load(filepath, allow_pickle=False) as archive:
        if "document" not in archive.files:
            raise ValueError("%s was not written by model.save (it has no model document): for "
                             "weights saved with save_weights use model.load_weights" % filepath)
        document = json.loads(str(archive["document"]))
        if document.get("format") != FORMAT or document.get("format_version", 0) > FORMAT_VERSION:
            raise ValueError("%s holds %s version %s, which this engine (%s) cannot read"
                             % (filepath, document.get("format"), document.get("format_version"),
                                __version__))
        count = sum(1 for key in archive.files if key.startswith("weight_"))
        weights = [archive["weight_%04d" % i] for i in range(count)]
        state = [(name, archive["optimizer_%04d" % i])
                 for i, name in enumerate(document["optimizer_variables"])]
    return document, weights, state


def make_layer(entry, custom_objects):
    """A layer from its saved entry (``class_name`` looked up in ``custom_objects`` first)."""
    name = entry["class_name"]
    cls = custom_objects.get(name) or getattr(layers_module, name, None)
    if cls is None:
        raise ValueError("Unknown layer: %s. Pass its class to load_model(custom_objects={%r: "
                         "%s})" % (name, name, name))
    config = dict(entry["config"])
    for key, value in config.items():
        if isinstance(value, str) and value in custom_objects:
            config[key] = custom_objects[value]
    return cls.from_config(config)


def compile_arguments(training, custom_objects):
    """``compile``'s keyword arguments from a saved training config (names that
    ``custom_objects`` does not map stay names, which ``compile`` resolves)."""
    spec = training["optimizer"]
    optimizer_cls = custom_objects.get(spec["class_name"]) or \
        getattr(optimizers, spec["class_name"], None)
    if optimizer_cls is None:
        raise ValueError("Unknown optimizer: %s" % spec["class_name"])
    return {"optimizer": optimizer_cls(**spec["config"]),
            "loss": _from_names(training["loss"], custom_objects),
            "loss_weights": training["loss_weights"],
            "metrics": _from_names(training["metrics"], custom_objects)}


def _model_from_config(config, custom_objects, classes):
    if config["class_name"] == "Sequential":
        model = classes["Sequential"](name=config["name"])
        for entry in ([config["input"]] if config["input"] else []) + config["layers"]:
            model.add(make_layer(entry, custom_objects))
        return model
    layers = [make_layer(entry, custom_objects) for entry in config["layers"]]
    outputs, graph = [], None
    for layer_index, source in config["calls"]:
        layer = layers[layer_index]
        if isinstance(layer, layers_module.InputLayer):
            graph = graph or backend.new_model_graph()
            outputs.append(layer.build_placeholder(graph))
        else:
            outputs.append(layer([outputs[i] for i in source] if isinstance(source, list)
                                 else outputs[source]))
    return classes["Model"](inputs=[outputs[i] for i in config["inputs"]],
                            outputs=[outputs[i] for i in config["outputs"]], name=config["name"])


def load(filepath, custom_objects, compile, classes):
    """``keras.models.load_model``, given the model classes (``{"Sequential": ...,
    "Model": ...}``) to rebuild with."""
    document, weights, state = read(filepath)
    model = _model_from_config(document["model"], custom_objects, classes)
    model.set_weights(weights)
    training = document["training"]
    if not (compile and training is not None):
        return model
    model.compile(**compile_arguments(training, custom_objects))
    if model.built and state:
        variables = model.optimizer_variables()
        if len(variables) != len(state):
            raise ValueError("%s holds optimizer state %s; the rebuilt optimizer has %s"
                             % (filepath, [name for name, _ in state],
                                [v.op.name for v in variables]))
        backend.batch_set_value(variables, [value for _, value in state],
                                "optimizer of model %r" % model.name)
    return model


def save_weights(model, filepath):
    """``model.save_weights``: the weights as ``weight_NNNN`` arrays beside their names."""
    arrays = {"weight_%04d" % i: value for i, value in enumerate(model.get_weights())}
    names = np.array([v.op.name for v in model.weights], dtype=np.str_)
    with open(filepath, "wb") as f:
        np.savez(f, names=names, **arrays)


def load_weights(model, filepath, by_name=False):
    """``model.load_weights``: from a ``save_weights`` file or a whole saved model."""
    with np.load(filepath) as archive:
        whole_model = "names" not in archive.files and "document" in archive.files
    if whole_model:
        document, values, _ = read(filepath)
        names = document["weight_names"]
    else:
        with np.load(filepath) as archive:
            names = [str(n) for n in archive["names"]]
            values = [archive["weight_%04d" % i] for i in range(len(names))]
    variables, owner = model.weights, "model %r" % model.name
    if by_name:
        by_var_name = dict(zip(names, values))
        pairs = [(v, by_var_name[v.op.name]) for v in variables if v.op.name in by_var_name]
        backend.batch_set_value([v for v, _ in pairs], [a for _, a in pairs], owner)
        return
    if len(values) != len(variables):
        raise ValueError("You are trying to load a weight file containing %d weights into a "
                         "model with %d weights (%s holds %s)."
                         % (len(values), len(variables), filepath, names))
    backend.batch_set_value(variables, values, owner)
