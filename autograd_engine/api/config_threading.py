"""``tf.config.threading``: the thread bounds of Sessions created afterwards.

``set_intra_op_parallelism_threads(n)`` holds numpy's BLAS to at most ``n`` threads in every
Session whose ``ConfigProto`` says 0 (the default), within which each product gets the threads
its size pays for (``blas_threads.py``); 0 puts back the count BLAS had. Inter-op parallelism is
recorded only: a plan runs its ops one after another.

>>> import autograd_engine as tf
>>> tf.config.threading.set_intra_op_parallelism_threads(1)
>>> tf.config.threading.get_intra_op_parallelism_threads()
1
>>> tf.config.threading.set_intra_op_parallelism_threads(0)
"""
from ..framework.runtime_config import settings as _settings


def _count(num_threads):
    count = int(num_threads)
    if count < 0:
        raise ValueError("The number of threads must be 0 (the default) or more, got %d"
                         % count)
    return count


def get_intra_op_parallelism_threads():
    """The BLAS thread bound of new Sessions (0: the count BLAS had)."""
    return _settings.intra_op_threads


def set_intra_op_parallelism_threads(num_threads):
    """Bounds BLAS threads in Sessions created afterwards (0: no bound of ours)."""
    _settings.intra_op_threads = _count(num_threads)


def get_inter_op_parallelism_threads():
    """The recorded inter-op thread count (0 unless set)."""
    return _settings.inter_op_threads


def set_inter_op_parallelism_threads(num_threads):
    """Recorded only: ops of one run execute one after another."""
    _settings.inter_op_threads = _count(num_threads)


__all__ = ["get_inter_op_parallelism_threads", "get_intra_op_parallelism_threads",
           "set_inter_op_parallelism_threads", "set_intra_op_parallelism_threads"]
