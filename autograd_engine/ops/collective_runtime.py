"""The process group behind the collective ops (``autograd_engine.horovod``): MPI through
``mpi4py``, no transport of our own.

One background thread per process runs every collective, in the order the ranks submit them,
as Horovod's background thread does: a blocking MPI call releases the GIL while MPI moves the
data, so a collective started by one op overlaps the ops the plan runs next (MPICH progresses a
non-blocking ``MPI_Iallreduce`` only inside MPI calls, which a busy Python thread would not
make). The thread that waits for a result polls it and, meanwhile, watches the other ranks:

* a rank on this host whose process is gone is named at once (``HorovodInternalError``: *rank 1
  (pid 4242 on node7) was lost*), within ``POLL_SECONDS``;
* a collective that makes no progress for ``HOROVOD_STALL_SHUTDOWN_TIME_SECONDS`` (default 300;
  the only bound that reaches ranks on other hosts) fails naming the ranks it waited for.

A failed group is broken for good: the process then leaves with ``os._exit(1)`` when the
interpreter exits, because ``MPI_Finalize`` would wait for the lost rank forever.

A process started without any MPI launcher and without ``mpi4py`` is a group of one
(:class:`SoloGroup`): there is nothing to talk to, so it needs no MPI.
"""
import atexit
import itertools
import os
import queue
import socket
import sys
import threading
import time

import numpy as np

from ..framework import errors

POLL_SECONDS = 0.02
# Set by mpiexec (MPICH, Intel MPI), Open MPI's launcher and PMIx: this process is one of many.
LAUNCHER_VARIABLES = ("PMI_RANK", "PMI_SIZE", "PMIX_RANK", "OMPI_COMM_WORLD_SIZE")


class HorovodInternalError(errors.UnavailableError):
    """A collective could not complete: a rank was lost, stalled, or MPI failed."""


def _not_initialized():
    return errors.FailedPreconditionError(
        None, None, "Horovod has not been initialized; use hvd.init().")


class SoloGroup:
    """The group of a lone process: every collective is a copy."""
    rank, size, local_rank, local_size = 0, 1, 0, 1
    wait_seconds = 0.0
    threads_supported = True
    library = "none (a single process)"

    def submit(self, work):
        return work

    def wait(self, work, what):
        return None

    def allreduce_object(self, value):
        return value

    def shutdown(self):
        pass


class _Job:
    """One collective for the background thread: ``function(comm)`` and what it gave."""
    __slots__ = ("function", "done", "result", "error", "started")

    def __init__(self, function):
        self.function = function
        self.done = threading.Event()
        self.result = self.error = None
        self.started = time.monotonic()


class MPIGroup:
    """The ranks of ``comm`` (duplicated: our traffic never meets the user's own MPI calls)."""

    def __init__(self, mpi, comm):
        self.mpi = mpi
        self.comm = comm.Dup()
        self.comm.Set_errhandler(mpi.ERRORS_RETURN)
        self.rank, self.size = self.comm.Get_rank(), self.comm.Get_size()
        self.peers = self.comm.allgather((socket.gethostname(), os.getpid()))
        host = self.peers[self.rank][0]
        same_host = [r for r, (h, _) in enumerate(self.peers) if h == host]
        self.local_rank, self.local_size = same_host.index(self.rank), len(same_host)
        self.threads_supported = mpi.Query_thread() == mpi.THREAD_MULTIPLE
        self.library = mpi.Get_library_version().splitlines()[0].strip()
        self.stall_seconds = float(os.environ.get("HOROVOD_STALL_SHUTDOWN_TIME_SECONDS") or 300)
        self.broken = None
        self.wait_seconds = 0.0
        self._jobs = queue.Queue()
        self._thread = None
        self._lock = threading.Lock()
        atexit.register(self._leave_if_broken)

    # ---------------------------------------------------------------- the background thread
    def submit(self, function):
        """Starts ``function(comm)`` (one collective) after those submitted before it."""
        if self.broken:
            raise HorovodInternalError(None, None, self.broken)
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, daemon=True,
                                                name="autograd_engine-collectives")
                self._thread.start()
            job = _Job(function)
            self._jobs.put(job)
        return job

    def _serve(self):
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                job.result = job.function(self.comm)
            except Exception as exc:  # handed to the waiting thread, which raises it
                job.error = exc
            job.done.set()

    def wait(self, job, what):
        """``job``'s result; HorovodInternalError naming the lost ranks if it cannot finish.
        The time spent blocked here adds up in ``wait_seconds`` (for the benchmarks)."""
        blocked_since = time.monotonic()
        try:
            return self._wait(job, what)
        finally:
            self.wait_seconds += time.monotonic() - blocked_since

    def _wait(self, job, what):
        while not job.done.wait(POLL_SECONDS):
            lost = self.lost_peers()
            if lost:
                self._fail("%s failed: %s. The job cannot continue: restart it (it resumes "
                           "from its last checkpoint)." % (what, "; ".join(lost)))
            waited = time.monotonic() - job.started
            if waited > self.stall_seconds:
                self._fail("%s made no progress for %.0f s (HOROVOD_STALL_SHUTDOWN_TIME_SECONDS):"
                           " one of the ranks %s stopped or is stuck; lost ranks on other hosts "
                           "are known only this way." % (what, waited, self.describe_peers()))
        if job.error is not None:
            lost = self.lost_peers()
            self._fail("%s failed: %s%s" % (what, job.error,
                                            "; " + "; ".join(lost) if lost else ""))
        return job.result

    def lost_peers(self):
        """'rank R (pid P on HOST) was lost' for each rank on this host whose process is gone."""
        host = self.peers[self.rank][0]
        return ["rank %d (pid %d on %s) was lost" % (r, pid, h)
                for r, (h, pid) in enumerate(self.peers)
                if r != self.rank and h == host and not _process_alive(pid)]

    def describe_peers(self):
        return ", ".join("%d (pid %d on %s)" % (r, pid, h) for r, (h, pid) in enumerate(self.peers)
                         if r != self.rank)

    def _fail(self, message):
        self.broken = message
        raise HorovodInternalError(None, None, "rank %d: %s" % (self.rank, message))

    def _leave_if_broken(self):
        if self.broken:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(1)

    # ---------------------------------------------------------------- host helpers
    def allreduce_object(self, value):
        """The sum over ranks of a small host value (numbers, numpy arrays)."""
        return self.wait(self.submit(lambda comm: comm.allreduce(value)), "allreduce")

    def shutdown(self):
        if self.broken:
            return
        with self._lock:
            if self._thread is not None:
                self._jobs.put(None)
                self._thread.join()
                self._thread = None
        self.comm.Free()


def _process_alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as stat:
            return stat.read().rpartition(")")[2].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc (macOS): ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


# -------------------------------------------------------------------- the current group
_group = None
_init_lock = threading.Lock()


def init(comm=None):
    """Joins the process group (idempotent): MPI's world (or ``comm``, an mpi4py communicator or
    a list of world ranks), or a group of one when no launcher started this process and
    ``mpi4py`` is missing."""
    global _group
    with _init_lock:
        if _group is not None:
            return _group
        try:
            from mpi4py import MPI
        except ImportError:
            if comm is not None or any(v in os.environ for v in LAUNCHER_VARIABLES):
                raise ImportError(
                    "This process was started by an MPI launcher but mpi4py is missing: "
                    "pip install 'autograd_engine[distributed]' (or mpi4py built against your "
                    "cluster's MPI)") from None
            _group = SoloGroup()
            return _group
        if comm is None:
            comm = MPI.COMM_WORLD
        elif isinstance(comm, (list, tuple)):
            comm = MPI.COMM_WORLD.Create_group(MPI.COMM_WORLD.Get_group().Incl(list(comm)))
        _group = MPIGroup(MPI, comm)
        return _group


def shutdown():
    """Leaves the process group; ``init`` may join again."""
    global _group
    with _init_lock:
        if _group is not None:
            _group.shutdown()
            _group = None


def current_group():
    """The group ``init`` joined; FailedPreconditionError before ``init``."""
    if _group is None:
        raise _not_initialized()
    return _group


def is_initialized():
    return _group is not None


# -------------------------------------------------------------------- collectives on arrays
def _mpi_sum(mpi, buffer):
    """(buffer spec, reduction) summing ``buffer``: mpi4py maps numpy's types to MPI's, but
    MPI has no float16, so half precision is summed by an operation of ours over 16-bit
    words."""
    if buffer.dtype == np.float16:
        return [buffer.view(np.uint16), mpi.UINT16_T], _half_sum(mpi)
    return buffer, mpi.SUM


_HALF_SUM = []


def _half_sum(mpi):
    if not _HALF_SUM:
        def add(incoming, inout, datatype):
            target = np.frombuffer(inout, dtype=np.float16)
            target += np.frombuffer(incoming, dtype=np.float16)
        _HALF_SUM.append(mpi.Op.Create(add, commute=True))
    return _HALF_SUM[0]


def start_allreduce(group, buffer):
    """Starts summing the host array ``buffer`` in place over the ranks; returns the job."""
    if group.size == 1:
        return None
    spec, op = _mpi_sum(group.mpi, buffer)
    return group.submit(lambda comm: comm.Allreduce(group.mpi.IN_PLACE, spec, op))


def allreduce(group, buffer):
    """Sums the host array ``buffer`` in place over the ranks."""
    job = start_allreduce(group, buffer)
    if job is not None:
        group.wait(job, "allreduce")
    return buffer


def allgather(group, array):
    """The ranks' host arrays concatenated along axis 0 (their first dimensions may differ)."""
    if group.size == 1:
        return array.copy()
    array = np.ascontiguousarray(array)

    def gather(comm):
        rows = comm.allgather(array.shape)
        if any(r[1:] != array.shape[1:] for r in rows):
            raise ValueError("allgather: the ranks' shapes differ beyond the first dimension: "
                             "%s" % rows)
        row_size = int(np.prod(array.shape[1:], dtype=np.int64))
        counts = [r[0] * row_size for r in rows]
        out = np.empty((sum(r[0] for r in rows),) + array.shape[1:], dtype=array.dtype)
        datatype = group.mpi.BYTE
        itemsize = array.dtype.itemsize
        comm.Allgatherv([array, array.size * itemsize, datatype],
                        [out, [c * itemsize for c in counts], datatype])
        return out
    return group.wait(group.submit(gather), "allgather")


def check_root_rank(group, root_rank):
    if not 0 <= root_rank < group.size:
        raise errors.InvalidArgumentError(
            None, None, "broadcast: root_rank %d is not a rank of this job of %d"
            % (root_rank, group.size))


def broadcast(group, array, root_rank):
    """Rank ``root_rank``'s host array, on every rank."""
    check_root_rank(group, root_rank)
    out = np.array(array, copy=True, order="C")
    if group.size == 1:
        return out

    def send(comm):
        shape = comm.bcast(out.shape, root=root_rank)
        if shape != out.shape:
            raise ValueError("broadcast: rank %d has shape %s, root rank %d has %s"
                             % (group.rank, out.shape, root_rank, shape))
        comm.Bcast([out, out.nbytes, group.mpi.BYTE], root=root_rank)
        return out
    return group.wait(group.submit(send), "broadcast")


def broadcast_object(group, value, root_rank):
    """Rank ``root_rank``'s small picklable ``value``, on every rank."""
    if group.size == 1:
        return value
    return group.wait(group.submit(lambda comm: comm.bcast(value, root=root_rank)), "broadcast")


_tickets = itertools.count(1)
_pending = {}


def hold(job, value):
    """A ticket (an int) for a started ``job`` whose ``value`` a later op collects."""
    ticket = next(_tickets)
    _pending[ticket] = (job, value)
    return ticket


def collect(group, ticket, what):
    """The value held under ``ticket``, once its job has finished."""
    job, value = _pending.pop(int(ticket))
    if job is not None:
        group.wait(job, what)
    return value


__all__ = ["HorovodInternalError", "SoloGroup", "MPIGroup", "init", "shutdown",
           "current_group", "is_initialized", "start_allreduce", "allreduce", "allgather",
           "check_root_rank", "broadcast", "broadcast_object", "hold", "collect", "POLL_SECONDS"]
