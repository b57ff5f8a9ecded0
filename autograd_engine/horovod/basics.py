"""The process group as Horovod shows it: ``init``, ``shutdown``, ``size``, ``rank``,
``local_rank``, ``local_size``, ``is_initialized``, ``mpi_threads_supported``.

>>> from autograd_engine import horovod as hvd
>>> hvd.init()
>>> hvd.is_initialized(), hvd.size(), hvd.rank()
(True, 1, 0)
"""
from ..ops import collective_runtime


def init(comm=None):
    """Joins the job's process group: every rank ``mpiexec`` started (or ``comm``: an mpi4py
    communicator, or a list of world ranks). Calling it again does nothing."""
    collective_runtime.init(comm)


def shutdown():
    """Leaves the process group (its background thread stops); ``init`` may join again."""
    collective_runtime.shutdown()


def is_initialized():
    """Whether ``init`` was called (and ``shutdown`` was not, since)."""
    return collective_runtime.is_initialized()


def size():
    """The number of ranks in the job."""
    return collective_runtime.current_group().size


def rank():
    """This process's rank, 0 to ``size() - 1``; rank 0 writes checkpoints and summaries."""
    return collective_runtime.current_group().rank


def local_rank():
    """This process's rank among the ranks on its host (which GPU it drives)."""
    return collective_runtime.current_group().local_rank


def local_size():
    """The number of ranks on this process's host."""
    return collective_runtime.current_group().local_size


def mpi_threads_supported():
    """Whether MPI was initialized with MPI_THREAD_MULTIPLE."""
    return collective_runtime.current_group().threads_supported


def mpi_library():
    """The MPI library in use (its version line), or ``"none (a single process)"``."""
    return collective_runtime.current_group().library


__all__ = ["init", "shutdown", "is_initialized", "size", "rank", "local_rank", "local_size",
           "mpi_threads_supported", "mpi_library"]
