"""``autograd_engine.horovod``: data-parallel training over MPI with Horovod's API.

A Horovod program for TF1 runs with its import swapped::

    import autograd_engine as tf
    import autograd_engine.horovod as hvd

    hvd.init()
    opt = tf.train.AdagradOptimizer(0.01 * hvd.size())
    opt = hvd.DistributedOptimizer(opt)
    train_op = opt.minimize(loss, global_step=tf.train.get_or_create_global_step())
    hooks = [hvd.BroadcastGlobalVariablesHook(0), tf.train.StopAtStepHook(last_step=1000)]
    checkpoint_dir = "/tmp/train_logs" if hvd.rank() == 0 else None   # rank 0 writes
    with tf.train.MonitoredTrainingSession(checkpoint_dir=checkpoint_dir, hooks=hooks) as sess:
        while not sess.should_stop():
            sess.run(train_op, feed_dict=...)

launched with ``python -m autograd_engine.horovod.run -np 4 python train.py`` (or ``mpiexec``).
The collectives are graph ops (``ops/collective_ops.py``) on the MPI process group of
``ops/collective_runtime.py``; Keras programs use ``autograd_engine.horovod.keras``.
"""
from .basics import (init, is_initialized, local_rank, local_size, mpi_library,
                     mpi_threads_supported, rank, shutdown, size)
from .collectives import (Adasum, Average, BroadcastGlobalVariablesHook, Sum, allgather,
                          allreduce, broadcast, broadcast_global_variables, broadcast_variables)
from .compression import Compression
from .optimizer import DistributedOptimizer
from ..ops.collective_runtime import HorovodInternalError

__all__ = ["init", "shutdown", "is_initialized", "size", "rank", "local_rank", "local_size",
           "mpi_threads_supported", "mpi_library", "allreduce", "allgather", "broadcast",
           "broadcast_variables", "broadcast_global_variables", "BroadcastGlobalVariablesHook",
           "DistributedOptimizer", "Compression", "Average", "Sum", "Adasum",
           "HorovodInternalError"]
