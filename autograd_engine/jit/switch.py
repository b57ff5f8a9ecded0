"""When plans are compiled: TF1's two XLA switches, and the environment variable the test
suite uses.

* ``tf.ConfigProto(graph_options=tf.GraphOptions(optimizer_options=tf.OptimizerOptions(
  global_jit_level=tf.OptimizerOptions.ON_1)))``: a Session compiles the ops it can, but
  leaves segments too small to gain uncompiled (``size_rule.py``, as TF1's auto-clustering
  has a minimum cluster size); ``ON_2``, TF1's "more aggressive" level, compiles them all,
  however small; ``OFF`` and ``DEFAULT`` leave it off.
* ``with tf.xla.experimental.jit_scope():``: the ops built inside are compiled in any Session,
  even with the global switch off; ``jit_scope(compile_ops=False)`` (or a predicate of the op,
  as TF1's ``compile_ops`` callable takes a node) keeps them out, also with it on.
* ``AUTOGRAD_ENGINE_JIT=1`` turns the global switch on for every Session whose config leaves
  it at ``DEFAULT`` (``0`` forces it off, scopes included): the conformance suite runs so.
  Switched on so, it is ``ON_2``: every plan is compiled, however small (the suite is there
  to exercise the lowerings).

Only Sessions without a device compile (the compiler is XLA on the CPU).
"""
import contextlib

from ..framework.jit_intent import compiled_scope, environment_setting

# The attribute jit_scope gives the ops built inside it (TF1's name for it).
COMPILE_ATTR = "_XlaCompile"
GLOBAL_JIT_LEVEL_ON = (1, 2)  # OptimizerOptions.ON_1, ON_2
GLOBAL_JIT_ON_2 = 2
GLOBAL_JIT_OFF, GLOBAL_JIT_DEFAULT = -1, 0


def global_jit(config):
    """Whether a Session made with ``config`` compiles every op it can: its
    ``global_jit_level`` when it sets one (``OFF`` keeps it off even under
    ``AUTOGRAD_ENGINE_JIT=1``), else the environment variable's choice."""
    setting = environment_setting()
    options = getattr(getattr(config, "graph_options", None), "optimizer_options", None)
    level = getattr(options, "global_jit_level", GLOBAL_JIT_DEFAULT)
    if setting is False or level == GLOBAL_JIT_OFF:
        return False
    return level in GLOBAL_JIT_LEVEL_ON or bool(setting)


def every_plan(config):
    """Whether plans are compiled however small (no size rule): ``global_jit_level=ON_2``, or
    the switch on through ``AUTOGRAD_ENGINE_JIT=1`` with the config leaving it at ``DEFAULT``."""
    options = getattr(getattr(config, "graph_options", None), "optimizer_options", None)
    level = getattr(options, "global_jit_level", GLOBAL_JIT_DEFAULT)
    return level == GLOBAL_JIT_ON_2 or (
        environment_setting() is True and level not in GLOBAL_JIT_LEVEL_ON + (GLOBAL_JIT_OFF,))


def scopes_allowed():
    """Whether jit_scope marks are honoured (AUTOGRAD_ENGINE_JIT=0 turns everything off)."""
    return environment_setting() is not False


def marked(op):
    """The op's jit_scope mark: True (compile it), False (keep it out), None (no scope)."""
    return op.attrs.get(COMPILE_ATTR)


@contextlib.contextmanager
def gradients_compiled_with(op):
    """The ops built in the block (``op``'s gradient) are compiled when ``op`` was built in a
    compiling jit_scope, wherever the gradients are built (TF1's ``_MaybeCompile``: a
    ``tf.gradients`` or ``minimize`` called outside the scope); an inner decision stands."""
    if marked(op) is not True:
        yield
        return
    graph = op.graph
    first = len(graph)
    try:
        yield
    finally:
        for new_op in graph.get_operations()[first:]:
            new_op.attrs.setdefault(COMPILE_ATTR, True)


@contextlib.contextmanager
def jit_scope(compile_ops=True, separate_compiled_gradients=False):
    """Compiles the ops built inside the block (``tf.xla.experimental.jit_scope``).

    ``compile_ops`` is a bool, or a function of an op returning one (TF1 passes it a node
    definition; here it gets the :class:`Operation`, whose ``type``, ``name`` and ``attrs``
    it may read). An inner scope decides for its own ops. The gradients of the ops compiled by a
    scope are compiled too, wherever ``tf.gradients`` or ``minimize`` is called (as TF1's).
    ``separate_compiled_gradients`` is accepted for compatibility: which ops share an XLA
    program is decided by the plan (adjacent compiled ops), not by scopes. Inside a scope that
    compiles, ``tf.nn.dynamic_rnn`` builds its loop as a ``tf.while_loop`` (compiled once)
    rather than unrolled (``framework/jit_intent.py``).

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [3])
    >>> with tf.xla.experimental.jit_scope():
    ...     y = tf.tanh(x) * 2.0
    >>> y.op.get_attr("_XlaCompile")
    True
    """
    from ..framework.graph import get_default_graph
    del separate_compiled_gradients
    graph = get_default_graph()
    first = len(graph)
    try:
        with compiled_scope(graph, compile_ops is not False):
            yield
    finally:
        for op in graph.get_operations()[first:]:
            if COMPILE_ATTR not in op.attrs:  # an inner scope decided for its own ops
                decision = compile_ops(op) if callable(compile_ops) else compile_ops
                op.attrs[COMPILE_ATTR] = bool(decision)
