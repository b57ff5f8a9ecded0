"""``tf.xla``: TF1's ``tf.xla.experimental.jit_scope`` (ops built inside are compiled with XLA;
see autograd_engine/jit) and ``tf.xla.experimental.compile``.

>>> import autograd_engine as tf
>>> x = tf.placeholder(tf.float32, [2])
>>> y, = tf.xla.experimental.compile(lambda v: tf.tanh(v) + 1.0, [x])
>>> with tf.Session() as sess:
...     sess.run(y, {x: [0.0, 0.0]}).tolist()
[1.0, 1.0]
"""
import types

from ..jit import jit_scope


def compile(computation, inputs=None):  # noqa: A001 - TF1's name
    """Builds ``computation(*inputs)`` with its ops compiled into one XLA program when a
    Session runs them (TF1's ``tf.xla.experimental.compile``); returns its outputs as a list."""
    with jit_scope():
        outputs = computation(*(inputs or []))
    if outputs is None:
        return []
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


experimental = types.SimpleNamespace(jit_scope=jit_scope, compile=compile)

__all__ = ["experimental"]
