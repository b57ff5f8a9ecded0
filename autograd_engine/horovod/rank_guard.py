"""Runs one rank's command under the launcher and reports how it ended.

``python -m autograd_engine.horovod.run`` starts each rank as ``python -m
autograd_engine.horovod.rank_guard -- COMMAND...``. The guard runs the command as its child
(inheriting the MPI launcher's environment and descriptors) and, when the command fails or is
killed, says so on stderr naming the rank (MPI prints only a process id), writes a note the
launcher reads to stop the whole job, and exits with a plain status: ``mpiexec
-disable-auto-cleanup`` then leaves the other ranks alive long enough to notice the lost rank
and stop with an error that names it, instead of killing them silently.
"""
import os
import signal
import subprocess
import sys

FAILURE_DIRECTORY = "AUTOGRAD_ENGINE_HOROVOD_FAILURES"
RANK_VARIABLES = ("PMI_RANK", "OMPI_COMM_WORLD_RANK", "PMIX_RANK", "SLURM_PROCID")


def launcher_rank(environ=os.environ):
    """This process's rank as the MPI launcher set it, or None."""
    for name in RANK_VARIABLES:
        if environ.get(name, "").isdigit():
            return int(environ[name])
    return None


def describe_exit(returncode):
    """How a process ended, in words: 'was killed by signal 9 (SIGKILL)', 'exited with 3'."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = "unknown signal"
        return "was killed by signal %d (%s)" % (-returncode, name)
    return "exited with status %d" % returncode


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        sys.exit("usage: python -m autograd_engine.horovod.rank_guard -- COMMAND [ARGS...]")
    child = subprocess.Popen(argv, close_fds=False)  # the PMI descriptor must reach it

    def forward(signum, frame):
        child.send_signal(signum)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, forward)
    # MPICH's launcher, with -disable-auto-cleanup, signals SIGUSR1 to the processes it
    # started when it sees one finish; the guard is not the MPI process: it ignores that.
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)
    returncode = child.wait()
    if returncode == 0:
        return 0
    rank = launcher_rank()
    message = "rank %s (pid %d on %s): %s %s" % (
        "?" if rank is None else rank, child.pid, os.uname().nodename,
        " ".join(argv), describe_exit(returncode))
    print("[autograd_engine.horovod] " + message, file=sys.stderr, flush=True)
    directory = os.environ.get(FAILURE_DIRECTORY)
    if directory and os.path.isdir(directory):
        with open(os.path.join(directory, "rank-%s" % rank), "w") as note:
            note.write(message + "\n")
    return 128 + -returncode if returncode < 0 else returncode


if __name__ == "__main__":
    sys.exit(main())
