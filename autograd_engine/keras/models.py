"""Keras models on the graph engine: ``Sequential`` and the functional ``Model(inputs,
outputs)``. A model is one ``tf.Graph`` (its own, so two models never collide) and one
``tf.Session`` holding its weights; ``compile`` adds the loss, metrics and training op to that
graph, and ``fit``/``evaluate``/``predict`` feed batches through ``Session.make_callable``.
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
import time

import numpy as np

from ..client.session import Session
from ..framework import dtypes
from ..framework.graph import GraphKeys
from ..ops import array_ops, matmul_ops, reduction_ops
from ..ops.control_flow_ops import group
from ..ops.variables import variables_initializer
from . import backend, callbacks as callbacks_module, losses, metrics as metrics_module, optimizers
from .data_arguments import batch_size_or_default, check_not_empty, split_for_validation
from .layers import InputLayer, Layer
from .utils import Progbar, format_logs


_NOT_COMPILED = ("You must compile your model before training/testing. Use "
                 "`model.compile(optimizer, loss)`.")


def _shape_str(shape):
    return str(tuple(shape))


class Model:
    """A functional model from an ``Input`` tensor to an output tensor (one of each).

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
        if len(inputs) != 1 or len(outputs) != 1:
            raise NotImplementedError("Models with several inputs or outputs are not supported "
                                      "yet: got %d inputs and %d outputs"
                                      % (len(inputs), len(outputs)))
        graph = outputs[0].graph
        if inputs[0].graph is not graph:
            raise ValueError("The outputs %s were not computed from the inputs %s: each "
                             "layers.Input starts a new model graph" % (outputs, inputs))
        self._setup(name or backend.unique_name("model"), graph)
        self.inputs, self.outputs = inputs, outputs
        self._layers = self._layers_between(inputs[0], outputs[0])

    # ------------------------------------------------------------------ structure
    def _setup(self, name, graph):
        self.name = name
        self._graph = graph
        self._session = Session(graph=graph)
        self._initialized = set()
        backend.register_session(graph, self._session, self._initialize_new_variables)
        self.inputs, self.outputs = [], []
        self.optimizer = self.loss = None
        self._compile_config = None    # the compile() arguments, kept for a deferred build
        self._compiled = None          # the compiled graph parts (a dict), once built
        self.stop_training = False
        self.history = None

    @staticmethod
    def _layers_between(input_tensor, output_tensor):
        """The layers on a path from the input to the output, in call order."""
        calls = backend.layer_calls(output_tensor.graph)
        producer = {out: (layer, inp) for layer, inp, out in calls}
        needed, frontier = set(), [output_tensor]
        while frontier:
            tensor = frontier.pop()
            if tensor not in producer:
                raise ValueError("Graph disconnected: the output depends on %s, which no Keras "
                                 "layer produced from the model's input" % tensor.name)
            layer, inp = producer[tensor]
            needed.add(layer)
            if inp is not None and tensor is not input_tensor:
                frontier.append(inp)
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

    input = property(lambda self: self._built_or_error().inputs[0])
    output = property(lambda self: self._built_or_error().outputs[0])
    input_shape = property(lambda self: tuple(self.input.shape.as_list()))
    output_shape = property(lambda self: tuple(self.output.shape.as_list()))

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
        variables = self.weights
        arrays = {"weight_%04d" % i: value for i, value in enumerate(self.get_weights())}
        names = np.array([v.op.name for v in variables], dtype=np.str_)
        with open(filepath, "wb") as f:
            np.savez(f, names=names, **arrays)

    def load_weights(self, filepath, by_name=False):
        """Loads weights saved by ``save_weights``: in order (the same architecture), or
        with ``by_name=True`` matched by Variable name (others are left alone)."""
        with np.load(filepath) as archive:
            names = [str(n) for n in archive["names"]]
            values = [archive["weight_%04d" % i] for i in range(len(names))]
        variables = self.weights
        if by_name:
            by_var_name = dict(zip(names, values))
            pairs = [(v, by_var_name[v.op.name]) for v in variables if v.op.name in by_var_name]
            backend.batch_set_value([v for v, _ in pairs], [a for _, a in pairs],
                                    "model %r" % self.name)
            return
        if len(values) != len(variables):
            raise ValueError("You are trying to load a weight file containing %d weights into a "
                             "model with %d weights (%s holds %s)."
                             % (len(values), len(variables), filepath, names))
        backend.batch_set_value(variables, values, "model %r" % self.name)

    # ------------------------------------------------------------------ summary
    def summary(self, line_length=None, positions=None, print_fn=None):
        """Prints the table of layers, output shapes and parameter counts, like Keras."""
        self._built_or_error()
        line_length = line_length or 65
        positions = positions or [0.45, 0.85, 1.0]
        if positions[-1] <= 1:
            positions = [int(line_length * p) for p in positions]
        print_fn = print_fn or print

        def row(fields):
            line = ""
            for field, end in zip(fields, positions):
                line = (line + str(field))[:end]
                line += " " * (end - len(line))
            print_fn(line)

        print_fn('Model: "%s"' % self.name)
        print_fn("_" * line_length)
        row(["Layer (type)", "Output Shape", "Param #"])
        print_fn("=" * line_length)
        for i, layer in enumerate(self._layers):
            row(["%s (%s)" % (layer.name, type(layer).__name__),
                 _shape_str(layer.output_shape), layer.count_params()])
            print_fn(("=" if i == len(self._layers) - 1 else "_") * line_length)
        trainable = int(sum(np.prod(v.shape.as_list(), dtype=np.int64)
                            for v in self.trainable_weights))
        total = self.count_params()
        print_fn("Total params: {:,}".format(total))
        print_fn("Trainable params: {:,}".format(trainable))
        print_fn("Non-trainable params: {:,}".format(total - trainable))
        print_fn("_" * line_length)

    # ------------------------------------------------------------------ compile
    def compile(self, optimizer, loss=None, metrics=None, loss_weights=None,
                sample_weight_mode=None, weighted_metrics=None, target_tensors=None,
                **kwargs):
        """Chooses the optimizer (an instance or a name: ``"adam"``), the loss (a name:
        ``"mse"``, or ``fn(y_true, y_pred)``) and the metrics (``["accuracy"]``), and adds the
        loss, metrics and training step to the model's graph."""
        if kwargs:
            raise TypeError("Invalid keyword argument(s) in `compile`: %s" % sorted(kwargs))
        for unsupported, value in (("loss_weights", loss_weights),
                                   ("sample_weight_mode", sample_weight_mode),
                                   ("weighted_metrics", weighted_metrics),
                                   ("target_tensors", target_tensors)):
            if value is not None:
                raise NotImplementedError("compile(%s=...) is not supported" % unsupported)
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        loss_fn = losses.get(loss)
        metric_names = list(metrics or [])
        if isinstance(metrics, dict):
            raise NotImplementedError("per-output metrics (a dict) need several outputs, which "
                                      "are not supported")
        self._compile_config = (loss_fn, metric_names)
        self._compiled = None
        if self.built:
            self._build_training()

    def _build_training(self):
        loss_fn, metric_names = self._compile_config
        output = self.outputs[0]
        out_dims = output.shape.as_list()
        sparse = loss_fn is losses.sparse_categorical_crossentropy
        target_dims = out_dims[:-1] if sparse else out_dims
        graph = self._graph
        with graph.as_default():
            target = array_ops.placeholder(dtypes.float32, [None] + target_dims[1:],
                                           name=output.op.name.split("/")[0] + "_target")
            with graph.name_scope("loss"):
                total_loss = reduction_ops.reduce_mean(loss_fn(target, output))
                regularization = graph.get_collection(GraphKeys.REGULARIZATION_LOSSES)
                if regularization:
                    total_loss = matmul_ops.add_n([total_loss] + regularization)
            metric_tensors = []
            with graph.name_scope("metrics"):
                for name in metric_names:
                    fn = metrics_module.resolve(name, loss_fn, out_dims[-1])
                    metric_tensors.append(reduction_ops.reduce_mean(fn(target, output)))
            trainable = self.trainable_weights
            if not trainable:
                raise ValueError("The model %r has no trainable weights to train" % self.name)
            train_op = self.optimizer.get_updates(total_loss, trainable)
            updates = [u for layer in self._layers for u in layer.updates]
            if updates:
                train_op = group(train_op, *updates, name="train_and_update")
        phase = backend.learning_phase(graph)
        feeds = [self.inputs[0], target, phase]
        self._compiled = {
            "target": target, "loss": total_loss, "metrics": metric_tensors,
            "metric_names": [metrics_module.display_name(m) for m in metric_names],
            "train_op": train_op, "sparse": sparse,
            "train_fn": self._session.make_callable([train_op, total_loss] + metric_tensors,
                                                    feeds),
            "test_fn": self._session.make_callable([total_loss] + metric_tensors, feeds[:2]),
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
    def _standardize(self, array, tensor, what, name):
        """``array`` as the ndarray ``tensor`` expects, or a ValueError naming both shapes.
        1-D arrays become columns where the model expects ``(batch, 1)``, as in Keras."""
        array = np.asarray(array)
        expected = tensor.shape.as_list()
        if array.ndim == 1 and len(expected) == 2:
            array = array[:, None]
        if array.ndim != len(expected):
            raise ValueError("Error when checking %s: expected %s to have %d dimensions, but got "
                             "array with shape %s" % (what, name, len(expected), array.shape))
        if any(e is not None and e != d for e, d in zip(expected[1:], array.shape[1:])):
            raise ValueError("Error when checking %s: expected %s to have shape %s but got array "
                             "with shape %s" % (what, name, _shape_str(expected[1:]),
                                                _shape_str(array.shape[1:])))
        return array

    def _standardize_x(self, x):
        return self._standardize(x, self.inputs[0], "input", self.inputs[0].op.name)

    def _standardize_y(self, y):
        target = self._compiled["target"]
        y = np.asarray(y)
        if self._compiled["sparse"] and y.ndim == len(target.shape.as_list()) + 1 \
                and y.shape[-1] == 1:
            y = y[..., 0]   # Keras accepts (n, 1) class indices
        return self._standardize(y, target, "target", self.outputs[0].op.name.split("/")[0])

    @staticmethod
    def _check_lengths(x, y):
        if len(x) != len(y):
            raise ValueError("Input arrays should have the same number of samples as target "
                             "arrays. Found %d input samples and %d target samples."
                             % (len(x), len(y)))

    def _arrays(self, x, y):
        if x is None or y is None:
            raise ValueError("fit/evaluate need both x and y (numpy arrays)")
        x, y = np.asarray(x), np.asarray(y)
        self._check_lengths(x, y)
        self._ensure_compiled(x)
        return self._standardize_x(x), self._standardize_y(y)

    # ------------------------------------------------------------------ fit
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            **kwargs):
        """Trains for ``epochs`` passes over ``(x, y)`` in batches of ``batch_size`` (32), or,
        with ``steps_per_epoch``, for that many batches per epoch drawn from a (reshuffled)
        stream over the data. Returns a ``History`` (``history.history["loss"]``...).
        ``verbose``: 0 silent, 1 a live progress bar, 2 one line per epoch."""
        if kwargs:
            raise TypeError("Unrecognized keyword arguments: %s" % sorted(kwargs))
        if class_weight is not None or sample_weight is not None:
            raise NotImplementedError("class_weight and sample_weight are not supported")
        batch_size = batch_size_or_default(batch_size)
        x, y = self._arrays(x, y)
        check_not_empty(x)
        validation = None
        if validation_data is not None:
            vx, vy = validation_data[0], validation_data[1]
            self._check_lengths(vx, vy)
            validation = (self._standardize_x(vx), self._standardize_y(vy))
        else:
            x, y, validation = split_for_validation(x, y, validation_split)
        n = len(x)
        steps = steps_per_epoch or int(math.ceil(n / batch_size))
        names = ["loss"] + self._compiled["metric_names"]
        history = callbacks_module.History()
        callback_list = callbacks_module.CallbackList(
            list(callbacks or []) + [history], self,
            {"batch_size": batch_size, "epochs": epochs, "steps": steps, "samples": n,
             "verbose": verbose, "do_validation": validation is not None,
             "metrics": names + ["val_" + m for m in names] * (validation is not None)})
        train_fn = self._compiled["train_fn"]
        batches = _BatchStream(n, batch_size, shuffle)
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
                values = train_fn(x[index], y[index], True)[1:]
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
                val = self._test_loop(validation[0], validation[1], batch_size)
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
    def _test_loop(self, x, y, batch_size, verbose=0):
        test_fn = self._compiled["test_fn"]
        names = ["loss"] + self._compiled["metric_names"]
        steps = int(math.ceil(len(x) / batch_size))
        bar = Progbar(steps) if verbose == 1 else None
        totals = np.zeros(len(names))
        for step in range(steps):
            chunk = slice(step * batch_size, (step + 1) * batch_size)
            values = test_fn(x[chunk], y[chunk])
            totals += np.asarray(values, dtype=np.float64) * len(x[chunk])
            if bar is not None:
                bar.update(step + 1, list(zip(names, totals / min(len(x), (step + 1) *
                                                                  batch_size))))
        return [float(t) for t in totals / max(len(x), 1)]

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1, sample_weight=None,
                 steps=None):
        """The loss (and metrics: a list then) over ``(x, y)``, averaged over every example;
        Dropout is off and BatchNormalization uses its moving averages."""
        if sample_weight is not None or steps is not None:
            raise NotImplementedError("evaluate(sample_weight=..., steps=...) is not supported")
        batch_size = batch_size_or_default(batch_size)
        x, y = self._arrays(x, y)
        check_not_empty(x)
        values = self._test_loop(x, y, batch_size, verbose)
        return values[0] if len(values) == 1 else values

    def predict(self, x, batch_size=None, verbose=0, steps=None):
        """The model's outputs for ``x``, computed in batches of ``batch_size`` (32)."""
        x = np.asarray(x)
        self._ensure_built(x)
        self._built_or_error()
        x = self._standardize_x(x)
        self._initialize_new_variables()
        predict_fn = self._compiled_predict()
        batch_size = batch_size_or_default(batch_size)
        n_steps = int(math.ceil(len(x) / batch_size))
        bar = Progbar(n_steps) if verbose == 1 else None
        chunks = []
        for step in range(n_steps):
            chunks.append(predict_fn(x[step * batch_size:(step + 1) * batch_size]))
            if bar is not None:
                bar.update(step + 1)
        if not chunks:
            return np.zeros((0,) + tuple(self.output_shape[1:]), dtype=np.float32)
        return np.concatenate(chunks)

    def predict_on_batch(self, x):
        return self.predict(x, batch_size=max(len(x), 1))

    def _compiled_predict(self):
        if getattr(self, "_predict_fn", None) is None:
            self._predict_fn = self._session.make_callable(self.outputs[0], [self.inputs[0]])
        return self._predict_fn

    def train_on_batch(self, x, y):
        """One training step on ``(x, y)``; returns the loss (and metrics: a list then)."""
        x, y = self._arrays(x, y)
        values = [float(v) for v in self._compiled["train_fn"](x, y, True)[1:]]
        return values[0] if len(values) == 1 else values

    def __call__(self, inputs):
        raise NotImplementedError("Calling a model on a tensor (using it as a layer) is not "
                                  "supported: each model has its own graph")

    def __repr__(self):
        return "<%s name=%s>" % (type(self).__name__, self.name)


class _BatchStream:
    """Index batches over ``n`` examples: in order or reshuffled on each pass; a batch never
    spans two passes (the last one of a pass may be smaller)."""

    def __init__(self, n, batch_size, shuffle):
        self.n, self.batch_size, self.shuffle = n, batch_size, shuffle
        self.restart()

    def restart(self):
        self.order = np.random.permutation(self.n) if self.shuffle else np.arange(self.n)
        self.position = 0

    def next(self):
        if self.position >= self.n:
            self.restart()
        index = self.order[self.position:self.position + self.batch_size]
        self.position += self.batch_size
        return index


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

    def pop(self):
        raise NotImplementedError("Sequential.pop is not supported: the layers' ops are "
                                  "already in the model's graph")
