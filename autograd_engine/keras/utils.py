"""``keras.utils``: ``to_categorical``, ``print_summary`` (``model.summary()``), ``BatchStream``
(``fit``'s batches) and ``Progbar``, the live progress bar ``fit(verbose=1)`` draws (written here: ~50 lines, fewer than wiring a progress library to Keras's format of running
metrics and ETA).

``  7/10 [====================>.........] - ETA: 0s - loss: 0.4123``
"""
import sys
import time

import numpy as np

from . import backend


def to_categorical(y, num_classes=None, dtype="float32"):
    """Class indices (any shape; a trailing dimension of 1 is dropped) as one-hot rows of
    ``num_classes`` (``max(y) + 1`` when not given), shaped ``y.shape + (num_classes,)``.

    >>> to_categorical([0, 2, 1], num_classes=3)
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]], dtype=float32)
    """
    y = np.asarray(y)
    if y.size and not np.all(np.equal(np.mod(y, 1), 0)):
        raise ValueError("to_categorical expects integer class indices, got values like %r"
                         % (y.ravel()[np.flatnonzero(np.mod(y, 1))[0]],))
    y = y.astype(np.int64)
    shape = y.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    y = y.ravel()
    if num_classes is None:
        num_classes = int(y.max()) + 1 if y.size else 0
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError("to_categorical: class indices must be in [0, %d), got values from %d "
                         "to %d" % (num_classes, y.min(), y.max()))
    categorical = np.zeros((y.size, num_classes), dtype=dtype)
    categorical[np.arange(y.size), y] = 1
    return categorical.reshape(shape + (num_classes,))


def _format_duration(seconds):
    seconds = int(round(seconds))
    if seconds >= 3600:
        return "%d:%02d:%02d" % (seconds // 3600, seconds // 60 % 60, seconds % 60)
    if seconds >= 60:
        return "%d:%02d" % (seconds // 60, seconds % 60)
    return "%ds" % seconds


def format_logs(values):
    """``" - loss: 0.4123 - acc: 0.9000"`` for a list of (name, value)."""
    return "".join(" - %s: %.4f" % (name, value) if abs(value) >= 1e-3 or value == 0
                   else " - %s: %.4e" % (name, value) for name, value in values)


class Progbar:
    """A progress bar over ``target`` steps. ``update(current, values)`` redraws it in place
    (at most every ``interval`` seconds) when the output is a terminal or a notebook; elsewhere
    (logs, pipes) only the finished bar is written, once.

    >>> import io
    >>> out = io.StringIO()
    >>> bar = Progbar(4, width=8, stream=out)
    >>> bar.update(4, [("loss", 0.5)])
    >>> out.getvalue().split(" - ")[0], out.getvalue().split(" - ")[-1]
    ('4/4 [========]', 'loss: 0.5000\\n')
    """

    def __init__(self, target, width=30, interval=0.05, stream=None, dynamic=None):
        self.target, self.width, self.interval = target, width, interval
        self.stream = stream or sys.stdout
        if dynamic is None:
            dynamic = (hasattr(self.stream, "isatty") and self.stream.isatty()) or \
                "ipykernel" in sys.modules
        self.dynamic = dynamic
        self._start = time.time()
        self._last_draw = 0.0
        self._drawn_width = 0   # the length of the line on screen, which a redraw must cover

    def update(self, current, values=(), finalize=None):
        now = time.time()
        done = current >= self.target if finalize is None else finalize
        if not done and (not self.dynamic or now - self._last_draw < self.interval):
            return
        self._last_draw = now
        digits = len(str(self.target))
        bar = "%*d/%d [" % (digits, current, self.target)
        filled = int(self.width * current / self.target)
        bar += "=" * max(filled - (0 if done else 1), 0) + ("" if done else ">")
        bar += "." * (self.width - filled) + "]"
        elapsed = now - self._start
        if done:
            per_step = elapsed / max(current, 1)
            info = " - %s %s/step" % (_format_duration(elapsed), (
                "%dms" % (per_step * 1e3) if per_step >= 1e-3 else "%dus" % (per_step * 1e6)))
        else:
            info = " - ETA: %s" % _format_duration(elapsed / max(current, 1) *
                                                    (self.target - current))
        line = bar + info + format_logs(values)
        if self.dynamic:
            # Spaces over what a longer previous line left (no "loss: 0.5000-04"): they work
            # in terminals and notebooks alike, where an ANSI erase may not.
            line, self._drawn_width = "\r" + line.ljust(self._drawn_width), len(line)
        self.stream.write(line + ("\n" if done else ""))
        self.stream.flush()


class BatchStream:
    """Index batches over ``n`` examples: in order or reshuffled on each pass; a batch never
    spans two passes (the last one of a pass may be smaller).

    >>> stream = BatchStream(5, 2, shuffle=False)
    >>> [stream.next().tolist() for _ in range(4)]
    [[0, 1], [2, 3], [4], [0, 1]]
    """

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


def _connections(model):
    """Keras's "Connected to" column of a functional model that is not a plain chain (several
    inputs or outputs, a branch, a merge, a layer called twice): per layer, its sources as
    ``layer_name[call][0]``; None for a chain (and a Sequential), whose table has no column."""
    if type(model).__name__ == "Sequential":
        return None
    calls = [call for call in backend.layer_calls(model.graph) if call[0] in model.layers]
    source_of, calls_made, sources = {}, {}, {}
    for layer, inputs, output in calls:
        inputs = [] if inputs is None else inputs if isinstance(inputs, list) else [inputs]
        sources.setdefault(layer, []).extend(source_of[t] for t in inputs if t in source_of)
        source_of[output] = "%s[%d][0]" % (layer.name, calls_made.get(layer, 0))
        calls_made[layer] = calls_made.get(layer, 0) + 1
    used = [source for layer_sources in sources.values() for source in layer_sources]
    chain = (len(model.inputs) == len(model.outputs) == 1 and len(used) == len(set(used))
             and all(len(s) <= 1 for s in sources.values()) and max(calls_made.values()) == 1)
    return None if chain else sources


def print_summary(model, line_length=None, positions=None, print_fn=None):
    """``model.summary()``: the table of layers, output shapes and parameter counts, as
    Keras prints it (``positions``: the columns' right ends, as fractions or characters)."""
    connections = _connections(model)
    line_length = line_length or (65 if connections is None else 98)
    positions = positions or ([0.45, 0.85, 1.0] if connections is None else
                              [0.33, 0.55, 0.67, 1.0])
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    print_fn = print_fn or print

    def row(fields):
        line = ""
        for field, end in zip(fields, positions):
            line = (line + str(field))[:end]
            line += " " * (end - len(line))
        print_fn(line)

    print_fn('Model: "%s"' % model.name)
    print_fn("_" * line_length)
    row(["Layer (type)", "Output Shape", "Param #"]
        + ["Connected to"] * (connections is not None))
    print_fn("=" * line_length)
    for i, layer in enumerate(model.layers):
        sources = [] if connections is None else connections.get(layer) or [""]
        row(["%s (%s)" % (layer.name, type(layer).__name__),
             str(tuple(layer.output_shape)), layer.count_params()] + sources[:1])
        for source in sources[1:]:
            row(["", "", "", source])
        print_fn(("=" if i == len(model.layers) - 1 else "_") * line_length)
    trainable = int(sum(np.prod(v.shape.as_list(), dtype=np.int64)
                        for v in model.trainable_weights))
    total = model.count_params()
    print_fn("Total params: {:,}".format(total))
    print_fn("Trainable params: {:,}".format(trainable))
    print_fn("Non-trainable params: {:,}".format(total - trainable))
    print_fn("_" * line_length)


# i18a: Keras's plot_model / model_to_dot live in vis_utils (as in Keras); tf.keras.utils has them.
from .vis_utils import model_to_dot, plot_model  # noqa: E402,F401
