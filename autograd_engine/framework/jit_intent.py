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

_ACTIVE = weakref.WeakKeyDictionary()  # graph -> number of jit scopes open on it
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
def compiled_scope(graph):
    """Marks ``graph`` as building ops that will be compiled, for the block."""
    with _LOCK:
        _ACTIVE[graph] = _ACTIVE.get(graph, 0) + 1
    try:
        yield
    finally:
        with _LOCK:
            _ACTIVE[graph] -= 1


def loops_preferred(graph):
    """Whether ops built now in ``graph`` will be compiled: loops are then better built as
    ``tf.while_loop`` than unrolled."""
    setting = environment_setting()
    return setting is True or (setting is None and _ACTIVE.get(graph, 0) > 0)
