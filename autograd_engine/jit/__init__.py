"""The compiled path: TF1's XLA switch, implemented with XLA itself (through JAX).

With ``tf.ConfigProto(graph_options=tf.GraphOptions(optimizer_options=tf.OptimizerOptions(
global_jit_level=tf.OptimizerOptions.ON_1)))``, a Session compiles each plan's ops into XLA
programs (``plan.py``: a training step of a small model becomes one fused program); ops
built in ``tf.xla.experimental.jit_scope()`` are compiled in any Session (``switch.py``).
Most ops need no lowering of their own: their kernels are written against an array module and
are traced with ``jax.numpy`` (``lowering.py``); what cannot be traced runs as before, between
the compiled parts. JAX is an optional dependency: ``pip install 'autograd_engine[jit]'``.
"""
from .plan import PlanCompiler
from .switch import global_jit, jit_scope, scopes_allowed


def compiler_for(config, has_device):
    """The Session's :class:`PlanCompiler`, or None when nothing may be compiled (a Session
    with a device, or ``AUTOGRAD_ENGINE_JIT=0``). Its ``store`` holds the Session's Variable
    values."""
    if has_device or not scopes_allowed():
        return None
    return PlanCompiler(config)


def run_compile_seconds(plan):
    """The seconds the calling thread's last run of ``plan`` spent compiling (0.0 for a plan
    that is not compiled): ``RunMetadata.compile_seconds``."""
    seconds = getattr(plan, "last_compile_seconds", None)
    return getattr(seconds, "value", 0.0)


__all__ = ["PlanCompiler", "compiler_for", "global_jit", "jit_scope", "run_compile_seconds"]
