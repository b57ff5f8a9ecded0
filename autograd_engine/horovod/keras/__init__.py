"""``autograd_engine.horovod.keras``: Horovod for Keras programs (``horovod.keras``'s names).

>>> from autograd_engine.keras import optimizers
>>> from autograd_engine.horovod import keras as hvd
>>> hvd.init()
>>> opt = hvd.DistributedOptimizer(optimizers.SGD(lr=0.01 * hvd.size()))
>>> type(opt).__name__, opt.get_config()["lr"]
('DistributedSGD', 0.01)
"""
import copy

from ...keras.optimizers import Optimizer
from ..basics import (init, is_initialized, local_rank, local_size, mpi_threads_supported, rank,
                      shutdown, size)
from ..collectives import Average, Sum, resolve_op
from ..compression import Compression
from .. import optimizer as train_distributed
from . import callbacks


class _Distributed:
    """Mixed into a copy of the user's Keras optimizer: its ``tf.train`` optimizer is wrapped in
    ``hvd.DistributedOptimizer``, so every gradient is reduced over the ranks."""
    _horovod_settings = {}

    def _tf_optimizer(self, learning_rate):
        return train_distributed.DistributedOptimizer(super()._tf_optimizer(learning_rate),
                                                     **self._horovod_settings)


def DistributedOptimizer(optimizer, name=None, device_dense="", device_sparse="",  # noqa: N802
                         compression=Compression.none, sparse_as_dense=False,
                         backward_passes_per_step=1, op=Average):
    """A copy of the Keras ``optimizer`` (an instance) that averages the gradients over all
    ranks before applying them."""
    if not isinstance(optimizer, Optimizer):
        raise TypeError("DistributedOptimizer wraps a Keras optimizer instance (such as "
                        "optimizers.Adam()), got %r" % (optimizer,))
    base = type(optimizer)
    distributed = copy.copy(optimizer)
    distributed.__class__ = type(name or "Distributed" + base.__name__, (_Distributed, base), {})
    distributed._horovod_settings = {
        "compression": compression, "backward_passes_per_step": backward_passes_per_step,
        "op": resolve_op(op, None), "device_dense": device_dense,
        "device_sparse": device_sparse, "sparse_as_dense": sparse_as_dense}
    return distributed


__all__ = ["init", "shutdown", "is_initialized", "size", "rank", "local_rank", "local_size",
           "mpi_threads_supported", "DistributedOptimizer", "Compression", "Average", "Sum",
           "callbacks"]
