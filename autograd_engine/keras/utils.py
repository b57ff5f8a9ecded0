"""``Progbar``: the live progress bar ``fit(verbose=1)`` draws (written here: ~50 lines, fewer
than wiring a progress library to Keras's format of running metrics and ETA).

``  7/10 [====================>.........] - ETA: 0s - loss: 0.4123``
"""
import sys
import time


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
        self.stream.write(("\r" if self.dynamic else "") + line + ("\n" if done else ""))
        self.stream.flush()


# i18a: Keras's plot_model / model_to_dot live in vis_utils (as in Keras); tf.keras.utils has them.
from .vis_utils import model_to_dot, plot_model  # noqa: E402,F401
