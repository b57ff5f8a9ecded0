"""Horovod's tensor collectives as graph ops: ``allreduce``, ``allgather``, ``broadcast``,
``broadcast_variables``, ``broadcast_global_variables`` and ``BroadcastGlobalVariablesHook``.

>>> import autograd_engine as tf
>>> from autograd_engine import horovod as hvd
>>> hvd.init()
>>> total = hvd.allreduce(tf.constant([2.0, 4.0]), op=hvd.Sum)
>>> with tf.Session() as sess:
...     print(sess.run(total) / hvd.size())
[2. 4.]
"""
from ..framework.graph import get_default_graph
from ..ops import collective_ops
from ..ops.control_flow_ops import group
from ..ops.elementwise_binary_ops import multiply
from ..ops.state_ops import assign
from ..ops.variables import global_variables
from ..train.session_run_hook import SessionRunHook
from .compression import Compression

Average, Sum = "Average", "Sum"
Adasum = "Adasum"  # Horovod's name; not supported here (allreduce says so)


def resolve_op(op, average):
    """Horovod's rule: ``op`` wins; else ``average`` (True: Average, False: Sum); else
    Average."""
    if op is not None and average is not None:
        raise ValueError("The op parameter supersedes average: give one of them, not both")
    if op is None:
        op = Sum if average is False else Average
    return op


def allreduce(tensor, average=None, device_dense="", device_sparse="",
              compression=Compression.none, op=None, prescale_factor=1.0,
              postscale_factor=1.0, name=None):
    """The average (default) or sum (``op=hvd.Sum``) of ``tensor`` over all ranks, sent
    through ``compression`` (``Compression.fp16`` halves the bytes of floating tensors).
    ``device_dense`` and ``device_sparse`` are accepted for Horovod compatibility (placement
    follows the tensor). The gradient of an allreduce is the allreduce of its gradient."""
    reduce_op = resolve_op(op, average)
    if prescale_factor != 1.0:
        tensor = multiply(tensor, prescale_factor)
    compressed, ctx = compression.compress(tensor)
    reduced = collective_ops.allreduce(compressed, reduce_op, name=name)
    result = compression.decompress(reduced, ctx)
    if postscale_factor != 1.0:
        result = multiply(result, postscale_factor)
    return result


def allgather(tensor, name=None, ignore_name_scope=False):
    """The ranks' values of ``tensor`` concatenated along the first dimension (the ranks'
    first dimensions may differ), rank 0's rows first."""
    return collective_ops.allgather(tensor, name=name)


def broadcast(tensor, root_rank, name=None, ignore_name_scope=False):
    """Rank ``root_rank``'s value of ``tensor``, on every rank."""
    return collective_ops.broadcast(tensor, root_rank, name=name)


def broadcast_variables(variables, root_rank):
    """An op giving every Variable of ``variables`` rank ``root_rank``'s value."""
    return group(*[assign(var, broadcast(var, root_rank,
                                         name="HorovodBroadcast_" + var.op.name.replace("/", "_")))
                   for var in variables])


def broadcast_global_variables(root_rank):
    """An op giving every global Variable (weights, optimizer slots, the global step) rank
    ``root_rank``'s value: run it once after initialization or restore, so all ranks start
    from the same state."""
    return broadcast_variables(global_variables(), root_rank)


class BroadcastGlobalVariablesHook(SessionRunHook):
    """Broadcasts the global Variables from ``root_rank`` once the session is created (after
    the chief initialized them or restored its checkpoint), so that every rank starts, or
    resumes, from the same values."""

    def __init__(self, root_rank, device=""):
        super().__init__()
        self.root_rank = root_rank
        self.device = device
        self.bcast_op = None

    def begin(self):
        if self.bcast_op is None or self.bcast_op.graph is not get_default_graph():
            self.bcast_op = broadcast_global_variables(self.root_rank)

    def after_create_session(self, session, coord):
        session.run(self.bcast_op)


__all__ = ["Average", "Sum", "Adasum", "allreduce", "allgather", "broadcast",
           "broadcast_variables", "broadcast_global_variables", "BroadcastGlobalVariablesHook"]
