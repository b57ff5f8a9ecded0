"""Keras models on the graph engine: ``Sequential`` and the functional ``Model(inputs,
outputs)``. A model is one ``tf.Graph`` (its own, so two models never collide; models built
from the same Inputs share it) and one ``tf.Session`` holding its weights; ``compile`` adds the
loss, metrics and training op to that graph, and ``fit``/``evaluate``/``predict`` feed batches
through ``Session.make_callable``.
``tf.render(model, "model.png")`` draws the training step (or, before ``compile``, the
forward pass) with one cluster per layer.

>>> import numpy as np
>>> from autograd_engine.keras import layers, models
>>> model = models.Sequential([layers.Dense(8, activation="relu", input_shape=(2,)),
...                            layers.Dense(1)])
>>> model.compile(optimizer="adam", loss="mse")
>>> history = model.fit(np.zeros((64, 2)), np.zeros(64), epochs=2, verbose=0)
>>> len(history.history["loss"]), model.predict(np.zeros((5, 2))).shape
(2, (5, 1))
"""
import math
import os
import time

import numpy as np

from ..framework.graph import GraphKeys
from ..ops.control_flow_ops import group
from ..ops.variables import variables_initializer
from . import backend, callbacks as callbacks_module, losses, model_data, optimizers, saving
from . import training_graph
from .data_arguments import batch_size_or_default, check_not_empty, split_for_validation
from .layers import InputLayer, Layer
from .utils import BatchStream, Progbar, format_logs, print_summary


_NOT_COMPILED = ("You must compile your model before training/testing. Use "
                 "`model.compile(optimizer, loss)`.")


def _one_or_list(values):
    return values[0] if len(values) == 1 else list(values)


def _output_name(tensor):
    """An output's name in logs, dicts and placeholders: its layer's (``dense_1``)."""
    return tensor.op.name.split("/")[0]


class Model:
    """A functional model from one ``Input`` tensor or several (a list: then ``fit``,
    ``evaluate`` and ``predict`` take one array per input, as a list or a dict by input name)
    to one output tensor or several (a list: then ``compile`` takes a loss, loss weight and
    metrics per output, and ``fit`` a target and sample weights per output, as lists or dicts
    by output layer name).

    >>> from autograd_engine.keras import layers, models
    >>> inputs = layers.Input(shape=(4,))
    >>> hidden = layers.Dense(8, activation="relu")(inputs)
    >>> model = models.Model(inputs=inputs, outputs=layers.Dense(3, activation="softmax")(hidden))
    >>> [type(layer).__name__ for layer in model.layers]
    ['InputLayer', 'Dense', 'Dense']
    """

    def __init__(self, inputs=None, outputs=None, name=None):
        if inputs is None or outputs is None:
            raise TypeError("Model(inputs, outputs) needs both: build the graph with "
                            "layers.Input(...) and call layers on it (subclassed models are "
                            "not supported)")
        inputs = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        graph = backend.graph_of(inputs + outputs, "Model %r" % (name or "model"))
        self._setup(name or backend.unique_name("model"), graph)
        self.inputs, self.outputs = inputs, outputs
        self._layers = self._layers_between(inputs, outputs)
        names = [layer.name for layer in self._layers]
        for layer_name in names:
            if names.count(layer_name) > 1:
                raise ValueError('The name "%s" is used %d times in the model. All layer names '
                                 'should be unique.' % (layer_name, names.count(layer_name)))
        backend.adopt_graph(graph)

    # ------------------------------------------------------------------ structure
    def _setup(self, name, graph):
        self.name = name
        self._graph = graph
        self._session, self._initialized = backend.new_model_session(graph)
        backend.register_session(graph, self._session, self._initialize_new_variables)
        self.inputs, self.outputs = [], []
        self.optimizer = self.loss = None
        self._compile_config = None    # the compile() arguments, kept for a deferred build
        self._compiled = None          # the compiled graph parts (a dict), once built
        self.stop_training = False
        self.history = None

    @staticmethod
    def _layers_between(input_tensors, output_tensors):
        """The layers on a path from the inputs to the outputs, in call order."""
        calls = backend.layer_calls(input_tensors[0].graph)
        producer = {out: (layer, inp) for layer, inp, out in calls}
        needed, frontier = set(), list(output_tensors)
        while frontier:
            tensor = frontier.pop()
            if tensor not in producer:
                raise ValueError("Graph disconnected: the output depends on %s, which no Keras "
                                 "layer produced from the model's inputs" % tensor.name)
            layer, inp = producer[tensor]
            if isinstance(layer, InputLayer) and tensor not in input_tensors:
                raise ValueError("Graph disconnected: cannot obtain value for tensor %s at "
                                 "layer %r. The following previous layers were accessed "
                                 "without issue: %s (give it in Model(inputs=[...]))"
                                 % (tensor.name, layer.name, sorted(seen.name for seen in needed)))
            needed.add(layer)
            if inp is not None and tensor not in input_tensors:
                frontier.extend(inp if isinstance(inp, list) else [inp])
        ordered = []
        for layer, _, _ in calls:
            if layer in needed and layer not in ordered:
                ordered.append(layer)
        return ordered

    @property
    def layers(self):
        return list(self._layers)

    @property
    def graph(self):
        return self._graph

    @property
    def built(self):
        return bool(self.outputs)

    def get_layer(self, name=None, index=None):
        """The layer called ``name``, or at position ``index`` of ``layers``."""
        if index is not None:
            return self._layers[index]
        for layer in self._layers:
            if layer.name == name:
                return layer
        raise ValueError("No such layer: %s. Existing layers are: %s"
                         % (name, [layer.name for layer in self._layers]))

    input = property(lambda self: _one_or_list(self._built_or_error().inputs))
    output = property(lambda self: _one_or_list(self._built_or_error().outputs))
    input_shape = property(lambda self: _one_or_list(
        [tuple(t.shape.as_list()) for t in self._built_or_error().inputs]))
    output_shape = property(lambda self: _one_or_list(
        [tuple(output.shape.as_list()) for output in self._built_or_error().outputs]))
    output_names = property(lambda self: [_output_name(t) for t in self.outputs])
    input_names = property(lambda self: [t.op.name for t in self.inputs] or ["input"])

    def _built_or_error(self):
        if not self.built:
            raise ValueError("This model has not yet been built. Build the model first by "
                             "calling `build()` or calling `fit()` with some data, or specify "
                             "an `input_shape` argument in the first layer(s) for automatic "
                             "build.")
        return self

    def _as_graph_element(self):
        """What ``tf.render(model)`` and ``sess.run(model)`` see: the training step once
        compiled, else the output."""
        self._built_or_error()
        if self._compiled is not None:
            return self._compiled["train_op"]
        return self.outputs[0]

    # ------------------------------------------------------------------ weights
    @property
    def weights(self):
        return [v for layer in self._layers for v in layer.weights]

    @property
    def trainable_weights(self):
        return [v for layer in self._layers for v in layer.trainable_weights]

    @property
    def non_trainable_weights(self):
        return [v for layer in self._layers for v in layer.non_trainable_weights]

    def count_params(self):
        return sum(layer.count_params() for layer in self._layers)

    def _initialize_new_variables(self):
        fresh = [v for v in self._graph.get_collection(GraphKeys.GLOBAL_VARIABLES)
                 if v not in self._initialized]
        if fresh:
            with self._graph.as_default():
                self._session.run(variables_initializer(fresh, name="keras_init"))
            self._initialized.update(fresh)

    def get_weights(self):
        """Every layer's weights, in ``weights`` order, as numpy arrays."""
        return backend.batch_get_value(self.weights)

    def set_weights(self, weights):
        """Loads a list of arrays shaped like ``get_weights()``."""
        backend.batch_set_value(self.weights, weights, "model %r" % self.name)

    def save_weights(self, filepath, overwrite=True, save_format=None):
        """Saves every layer's weights to ``filepath`` (a numpy ``.npz`` archive, written at
        exactly that path)."""
        saving.save_weights(self, filepath)

    def load_weights(self, filepath, by_name=False):
        """Loads weights saved by ``save_weights`` (or ``save``): in order (the same
        architecture), or with ``by_name=True`` matched by Variable name (others are left
        alone)."""
        saving.load_weights(self, filepath, by_name)

    def save(self, filepath, overwrite=True, include_optimizer=True):
        """Saves architecture, weights and (``include_optimizer``) ``compile``'s arguments and
        the optimizer's state at exactly ``filepath``, in this engine's format (``.npz``; see
        ``keras.saving``): ``load_model`` predicts identically and resumes training.

        >>> import os, tempfile
        >>> from autograd_engine.keras import layers
        >>> path = os.path.join(tempfile.mkdtemp(), "model.keras.npz")
        >>> Sequential([layers.Dense(2, input_shape=(3,), name="out")]).save(path)
        >>> load_model(path).get_layer("out").get_config()["units"]
        2
        """
        if not overwrite and os.path.exists(filepath):
            raise ValueError("%s exists and overwrite=False" % filepath)
        self._built_or_error()
        saving.write(self, filepath, self._architecture(), self._compile_config,
                     self.optimizer_variables(), include_optimizer)

    def optimizer_variables(self):
        """The Variables ``compile`` made for training (the optimizer's slots, step counter
        and learning rate), in creation order; none before ``compile``."""
        if self._compile_config is None or not self.built:
            return []
        self._ensure_compiled(None)
        return list(self._compiled["optimizer_variables"])

    def _architecture(self):
        return saving.functional_architecture(self, backend.layer_calls(self._graph))

    # ------------------------------------------------------------------ summary
    def summary(self, line_length=None, positions=None, print_fn=None):
        """Prints the table of layers, output shapes and parameter counts, like Keras."""
        print_summary(self._built_or_error(), line_length, positions, print_fn)

    # ------------------------------------------------------------------ compile
    def compile(self, optimizer, loss=None, metrics=None, loss_weights=None,
                sample_weight_mode=None, weighted_metrics=None, target_tensors=None,
                **kwargs):
        """Chooses the optimizer (an instance or a name: ``"adam"``), the loss (a name:
        ``"mse"``, or ``fn(y_true, y_pred)``) and the metrics (``["accuracy"]``), and adds the
        loss, metrics and training step to the model's graph."""
        if kwargs:
            raise TypeError("Invalid keyword argument(s) in `compile`: %s" % sorted(kwargs))
        for unsupported, value in (("sample_weight_mode", sample_weight_mode),
                                   ("weighted_metrics", weighted_metrics),
                                   ("target_tensors", target_tensors)):
            if value is not None:
                raise NotImplementedError("compile(%s=...) is not supported" % unsupported)
        self.optimizer = optimizers.get(optimizer)
        self.loss, self.loss_weights = loss, loss_weights
        if loss is None:
            losses.get(None)   # the error that says a loss is needed
        self._compile_config = (loss, loss_weights, metrics or [])
        self._compiled = None
        if self.built:
            self._build_training()

    def _build_training(self):
        loss, loss_weights, metrics = self._compile_config
        graph = self._graph
        with graph.as_default():
            values, parts, names = training_graph.build(graph, self.outputs, self.output_names,
                                                        loss, loss_weights, metrics)
            trainable = self.trainable_weights
            if not trainable:
                raise ValueError("The model %r has no trainable weights to train" % self.name)
            variables_before = set(graph.get_collection(GraphKeys.GLOBAL_VARIABLES))
            train_op = self.optimizer.get_updates(values[0], trainable)
            optimizer_variables = [v for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES)
                                   if v not in variables_before]
            updates = [u for layer in self._layers for u in layer.updates]
            if updates:
                train_op = group(train_op, *updates, name="train_and_update")
        feeds = self.inputs + [p.target for p in parts] + [p.sample_weights for p in parts]
        self._compiled = {
            "parts": parts, "names": names, "loss": values[0], "train_op": train_op,
            "optimizer_variables": optimizer_variables,
            "train_fn": self._session.make_callable([train_op] + values,
                                                    feeds + [backend.learning_phase(graph)]),
            "test_fn": self._session.make_callable(values, feeds),
        }

    def _ensure_compiled(self, x):
        if self._compile_config is None:
            raise RuntimeError(_NOT_COMPILED)
        self._ensure_built(x)
        if self._compiled is None:
            self._build_training()
        self._initialize_new_variables()

    def _ensure_built(self, x):
        pass   # a functional model is built when it is made; Sequential may defer

    # ------------------------------------------------------------------ data
    def _standardize_x(self, x):
        """One checked array per input, from an array, a list or a dict by input name."""
        xs = model_data.as_list(x, self.input_names, "input")
        return [model_data.standardize(array, tensor, "input", tensor.op.name)
                for array, tensor in zip(xs, self.inputs)]

    def _arrays(self, x, y, sample_weight=None, class_weight=None):
        """``[x] + targets + sample weights``, checked, for the model's feeds."""
        if x is None or y is None:
            raise ValueError("fit/evaluate need both x and y (numpy arrays)")
        xs = model_data.as_list(x, self.input_names, "input")
        ys = model_data.as_list(y, self.output_names, "target")
        model_data.check_lengths(xs, ys)
        self._ensure_compiled(xs[0])
        parts = self._compiled["parts"]
        ys = [model_data.standardize(model_data.sparse_targets(y, p.target) if p.sparse else y,
                                     p.target, "target", p.name) for y, p in zip(ys, parts)]
        weights = model_data.sample_weights(sample_weight, self.output_names, len(ys[0]),
                                            class_weight, ys)
        model_data.check_lengths(xs, ys, weights)
        return self._standardize_x(xs) + ys + weights

    # ------------------------------------------------------------------ fit
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            **kwargs):
        """Trains for ``epochs`` passes over ``(x, y)`` in batches of ``batch_size`` (32), or,
        with ``steps_per_epoch``, for that many batches per epoch drawn from a (reshuffled)
        stream over the data. Returns a ``History`` (``history.history["loss"]``...).
        ``verbose``: 0 silent, 1 a live progress bar, 2 one line per epoch.
        ``sample_weight``: one weight per sample (a list or dict of them for several outputs)
        scaling its loss; ``validation_data`` may carry them as a third item. ``class_weight``
        (``{class: weight}``) weighs each sample by its label's class instead."""
        if kwargs:
            raise TypeError("Unrecognized keyword arguments: %s" % sorted(kwargs))
        batch_size = batch_size_or_default(batch_size)
        arrays = self._arrays(x, y, sample_weight, class_weight)
        check_not_empty(arrays[0])
        validation = None
        if validation_data is not None:
            validation = self._arrays(*validation_data)
        else:
            arrays, validation = split_for_validation(arrays, validation_split)
        n = len(arrays[0])
        steps = steps_per_epoch or int(math.ceil(n / batch_size))
        names = self._compiled["names"]
        history = callbacks_module.History()
        callback_list = callbacks_module.CallbackList(
            list(callbacks or []) + [history], self,
            {"batch_size": batch_size, "epochs": epochs, "steps": steps, "samples": n,
             "verbose": verbose, "do_validation": validation is not None,
             "metrics": names + ["val_" + m for m in names] * (validation is not None)})
        train_fn = self._compiled["train_fn"]
        batches = BatchStream(n, batch_size, shuffle)
        self.stop_training = False
        callback_list.on_train_begin()
        for epoch in range(initial_epoch, epochs):
            if verbose:
                print("Epoch %d/%d" % (epoch + 1, epochs))
            callback_list.on_epoch_begin(epoch, {})
            bar = Progbar(steps) if verbose == 1 else None
            started = time.time()
            totals, seen = np.zeros(len(names)), 0
            if steps_per_epoch is None:
                batches.restart()
            for step in range(steps):
                index = batches.next()
                size = len(index)
                callback_list.on_batch_begin(step, {"batch": step, "size": size})
                values = train_fn(*model_data.batches(arrays, index), True)[1:]
                totals += np.asarray(values, dtype=np.float64) * size
                seen += size
                callback_list.on_batch_end(step, dict(zip(names, map(float, values)),
                                                      batch=step, size=size))
                if bar is not None:
                    bar.update(step + 1, list(zip(names, totals / seen)), finalize=False)
                if self.stop_training:
                    break
            logs = dict(zip(names, map(float, totals / max(seen, 1))))
            if validation is not None:
                val = self._test_loop(validation, batch_size)
                logs.update(("val_" + k, v) for k, v in zip(names, val))
            callback_list.on_epoch_end(epoch, logs)
            if bar is not None:
                bar.update(step + 1, list(logs.items()), finalize=True)
            elif verbose == 2:
                print(" - %ds%s" % (round(time.time() - started), format_logs(logs.items())))
            if self.stop_training:
                break
        callback_list.on_train_end()
        self.history = history
        return history

    # ------------------------------------------------------------------ evaluate / predict
    def _test_loop(self, arrays, batch_size, verbose=0, steps=None):
        test_fn, names = self._compiled["test_fn"], self._compiled["names"]
        n = _samples_in(len(arrays[0]), batch_size, steps)
        n_steps = int(math.ceil(n / batch_size))
        bar = Progbar(n_steps) if verbose == 1 else None
        totals = np.zeros(len(names))
        for step in range(n_steps):
            chunk = slice(step * batch_size, min((step + 1) * batch_size, n))
            values = test_fn(*model_data.batches(arrays, chunk))
            totals += np.asarray(values, dtype=np.float64) * (chunk.stop - chunk.start)
            if bar is not None:
                bar.update(step + 1, list(zip(names, totals / chunk.stop)))
        return [float(t) for t in totals / max(n, 1)]

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1, sample_weight=None,
                 steps=None):
        """The loss (and per-output losses and metrics: a list then, in ``metrics_names``
        order) over ``(x, y)``, averaged over every example, in batches of ``batch_size``
        (32; ``steps``: only the first ``steps`` batches); Dropout is off and
        BatchNormalization uses its moving averages."""
        batch_size = batch_size_or_default(batch_size)
        arrays = self._arrays(x, y, sample_weight)
        check_not_empty(arrays[0])
        values = self._test_loop(arrays, batch_size, verbose, steps)
        return values[0] if len(values) == 1 else values

    @property
    def metrics_names(self):
        """The names of what ``evaluate`` returns (``["loss", "acc"]``), once compiled."""
        return list(self._compiled["names"]) if self._compiled else []

    def predict(self, x, batch_size=None, verbose=0, steps=None):
        """The model's outputs for ``x`` (a list of arrays for several outputs), computed in
        batches of ``batch_size`` (32; ``steps``: only the first ``steps`` batches)."""
        self._ensure_built(model_data.as_list(x, self.input_names, "input")[0])
        self._built_or_error()
        xs = self._standardize_x(x)
        model_data.check_lengths(xs, ())
        self._initialize_new_variables()
        predict_fn = self._compiled_predict()
        batch_size = batch_size_or_default(batch_size)
        n = _samples_in(len(xs[0]), batch_size, steps)
        n_steps = int(math.ceil(n / batch_size))
        bar = Progbar(n_steps) if verbose == 1 else None
        chunks = []
        for step in range(n_steps):
            chunk = slice(step * batch_size, min((step + 1) * batch_size, n))
            chunks.append(predict_fn(*model_data.batches(xs, chunk)))
            if bar is not None:
                bar.update(step + 1)
        outputs = [np.concatenate(parts) if parts else
                   np.zeros((0,) + tuple(t.shape.as_list()[1:]), dtype=np.float32)
                   for t, parts in zip(self.outputs, zip(*chunks) if chunks else
                                       [[] for _ in self.outputs])]
        return _one_or_list(outputs)

    def predict_on_batch(self, x):
        """The outputs for one batch ``x`` (an array, or a list or dict for several inputs)."""
        return self.predict(x, batch_size=max(len(self._standardize_x(x)[0]), 1))

    def _compiled_predict(self):
        if getattr(self, "_predict_fn", None) is None:
            self._predict_fn = self._session.make_callable(list(self.outputs), list(self.inputs))
        return self._predict_fn

    def train_on_batch(self, x, y, sample_weight=None):
        """One training step on ``(x, y)``; returns the loss (and metrics: a list then)."""
        arrays = self._arrays(x, y, sample_weight)
        values = [float(v) for v in self._compiled["train_fn"](*arrays, True)[1:]]
        return values[0] if len(values) == 1 else values

    def test_on_batch(self, x, y, sample_weight=None):
        """The loss (and metrics: a list then) on one batch ``(x, y)``, without training."""
        values = [float(v) for v in self._compiled["test_fn"](*self._arrays(x, y,
                                                                              sample_weight))]
        return values[0] if len(values) == 1 else values

    def __call__(self, inputs):
        raise NotImplementedError("Calling a model on a tensor (using it as a layer) is not "
                                  "supported: each model has its own graph")

    def __repr__(self):
        return "<%s name=%s>" % (type(self).__name__, self.name)


def _samples_in(n, batch_size, steps):
    """How many of ``n`` samples ``steps`` batches cover (all of them when ``steps`` is None)."""
    if steps is None:
        return n
    if int(steps) <= 0:
        raise ValueError("steps must be a positive number of batches, got %r" % (steps,))
    return min(n, int(steps) * batch_size)


class Sequential(Model):
    """A stack of layers, each fed the previous one's output.

    >>> from autograd_engine.keras import layers, models
    >>> model = models.Sequential()
    >>> model.add(layers.Dense(256, activation="relu", input_shape=(1,)))
    >>> model.add(layers.Dense(1))
    >>> model.output_shape, model.count_params()
    ((None, 1), 769)
    """

    def __init__(self, layers=None, name=None):
        self._setup(name or backend.unique_name("sequential"), backend.new_model_graph())
        self._layers = []
        self._input_layer = None
        for layer in layers or []:
            self.add(layer)

    def add(self, layer):
        """Appends a layer (built at once when the input shape is known)."""
        if not isinstance(layer, Layer):
            raise TypeError("The added layer must be an instance of class Layer. Found: %r"
                            % (layer,))
        if isinstance(layer, InputLayer):
            if self._layers or self._input_layer is not None:
                raise ValueError("An InputLayer can only be the first layer of a Sequential "
                                 "model")
            self._input_layer = layer
            self.inputs = self.outputs = [layer.build_placeholder(self._graph)]
            return
        self._layers.append(layer)
        if not self.outputs and layer._batch_input_shape is not None:
            self._start(layer._batch_input_shape, layer.dtype, layer.name + "_input")
            return
        if self.outputs:
            self.outputs = [layer(self.outputs[0])]
            self._compiled = None   # compile()'s parts are rebuilt for the new output

    def _start(self, batch_input_shape, dtype, input_name):
        """Makes the input placeholder and calls every layer added so far."""
        self._input_layer = InputLayer(batch_input_shape=batch_input_shape, dtype=dtype,
                                       name=input_name)
        output = self._input_layer.build_placeholder(self._graph)
        self.inputs = [output]
        for layer in self._layers:
            output = layer(output)
        self.outputs = [output]

    def build(self, input_shape=None):
        """Builds the model for inputs of ``input_shape`` (batch dimension included)."""
        if self.built:
            return
        if input_shape is None:
            raise ValueError("You must provide an `input_shape` argument.")
        if not self._layers:
            raise TypeError("The Sequential model has no layers to build: add some first")
        self._start(tuple(input_shape), self._layers[0].dtype, self._layers[0].name + "_input")

    def _ensure_built(self, x):
        if not self.built and self._layers:
            self.build((None,) + np.asarray(x).shape[1:])

    def _architecture(self):
        return {"class_name": "Sequential", "name": self.name,
                "input": saving.layer_entry(self._input_layer) if self._input_layer else None,
                "layers": [saving.layer_entry(layer) for layer in self._layers]}

    def pop(self):
        raise NotImplementedError("Sequential.pop is not supported: the layers' ops are "
                                  "already in the model's graph")



def load_model(filepath, custom_objects=None, compile=True):
    """The model ``model.save(filepath)`` wrote, compiled as it was (unless ``compile=False``)
    with the optimizer's state; ``custom_objects``: ``{name: custom layer, loss...}``."""
    return saving.load(filepath, dict(custom_objects or {}), compile,
                       {"Sequential": Sequential, "Model": Model})

def save_model(model, filepath, overwrite=True, include_optimizer=True):
    """``model.save(filepath, overwrite, include_optimizer)``."""
    model.save(filepath, overwrite=overwrite, include_optimizer=include_optimizer)
