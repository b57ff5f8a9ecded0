"""Whether ops being built will be compiled by the compiled path (autograd_engine/jit), as far
as the graph knows while it is built: ``AUTOGRAD_ENGINE_JIT`` turns compiling on for every
Session, and ``tf.xla.experimental.jit_scope()`` for the ops built inside it. (TF1's other
switch, ``ConfigProto``'s ``global_jit_level``, is only known when a Session is made.)

Builders that have two forms of the same computation choose by it: ``tf.nn.dynamic_rnn`` over
a known number of steps unrolls them for the op-by-op plans, and builds a ``tf.while_loop``,
which XLA compiles once however many steps run, for compiled ones.

>>> from autograd_engine.framework.graph import Graph
>>> graph = Graph()
>>> with compiled_scope(graph):
...     inside = loops_preferred(graph)
>>> inside
True
"""
import contextlib
import os
import threading
import weakref

_ACTIVE = weakref.WeakKeyDictionary()  # graph -> the open jit scopes' choices, innermost last
_LOCK = threading.Lock()


def environment_setting():
    """True / False when AUTOGRAD_ENGINE_JIT sets the switch, None when it is not set."""
    value = os.environ.get("AUTOGRAD_ENGINE_JIT", "").strip().lower()
    if value in ("1", "true", "on", "yes"):
        return True
    if value in ("0", "false", "off", "no"):
        return False
    return None


@contextlib.contextmanager
def compiled_scope(graph, compiling=True):
    """Marks ``graph`` as building ops that will be compiled (or, with ``compiling=False``,
    that will not: an inner ``jit_scope(compile_ops=False)``), for the block."""
    with _LOCK:
        _ACTIVE.setdefault(graph, []).append(bool(compiling))
    try:
        yield
    finally:
        with _LOCK:
            _ACTIVE[graph].pop()


def loops_preferred(graph):
    """Whether ops built now in ``graph`` will be compiled: loops are then better built as
    ``tf.while_loop`` than unrolled."""
    setting = environment_setting()
    scopes = _ACTIVE.get(graph)
    if setting is False:
        return False
    return scopes[-1] if scopes else setting is True
