"""The launcher, in ``horovodrun``'s form: ``python -m autograd_engine.horovod.run -np 4 python
train.py`` starts 4 ranks of ``python train.py`` through ``mpiexec``.

* The environment is forwarded to every rank (MPICH's ``-genvall``; Open MPI's ``-x`` for the
  variables the engine and Python read).
* ``-H host1:2,host2:2`` and ``--hostfile FILE`` pass through to ``mpiexec``.
* When a rank fails or is killed, its guard (``rank_guard``) names it; the other ranks notice
  the lost rank in their next collective and stop with an error naming it; after
  ``--grace-seconds`` (default 30) whatever still runs is killed: the whole job ends.
* ``--mpiexec PATH`` (or ``AUTOGRAD_ENGINE_MPIEXEC``) picks the launcher; by default the one
  beside this Python (the ``mpich`` wheel's), else ``mpiexec`` on the PATH.

>>> build_command(["-np", "2", "-H", "a:1,b:1", "python", "train.py"], "mpiexec", "mpich")[:7]
['mpiexec', '-n', '2', '-disable-auto-cleanup', '-genvall', '-hosts', 'a:1,b:1']
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from .rank_guard import FAILURE_DIRECTORY

FORWARDED_PREFIXES = ("HOROVOD_", "AUTOGRAD_ENGINE_", "PYTHON", "OMP_", "CUDA_")
FORWARDED_NAMES = ("PATH", "LD_LIBRARY_PATH", "VIRTUAL_ENV")


def parse(argv):
    parser = argparse.ArgumentParser(
        prog="python -m autograd_engine.horovod.run",
        description="Run COMMAND on NP ranks through mpiexec (Horovod's horovodrun).")
    parser.add_argument("-np", "--num-proc", dest="np", type=int, required=True,
                        help="the number of ranks")
    parser.add_argument("-H", "--hosts", default=None,
                        help="hosts and slots, e.g. node1:4,node2:4 (default: mpiexec's: this "
                             "machine, or the hosts of a Slurm allocation)")
    parser.add_argument("--hostfile", help="a file of hosts, in your MPI's format")
    parser.add_argument("--grace-seconds", type=float, default=30.0,
                        help="after a rank fails, how long the others may take to stop")
    parser.add_argument("--mpiexec", default=os.environ.get("AUTOGRAD_ENGINE_MPIEXEC"),
                        help="the mpiexec to use")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command of each rank")
    args = parser.parse_args(argv)
    if not args.command:
        parser.error("give the command each rank runs, e.g. python train.py")
    if args.np < 1:
        parser.error("-np must be at least 1")
    return args


def find_mpiexec(explicit=None):
    """The mpiexec to run: ``explicit``, else the one installed beside this Python (the
    ``mpich`` wheel's), else the PATH's."""
    candidates = [explicit, os.path.join(os.path.dirname(sys.executable), "mpiexec"),
                  shutil.which("mpiexec"), shutil.which("mpirun")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise FileNotFoundError("No mpiexec found: pip install 'autograd_engine[distributed]' (the "
                            "mpich wheel) or put your MPI's mpiexec on the PATH")


def flavour_of(mpiexec):
    """'openmpi' or 'mpich' (MPICH, Intel MPI, MVAPICH: Hydra's options), from --version."""
    try:
        text = subprocess.run([mpiexec, "--version"], capture_output=True, text=True,
                              timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        text = ""
    return "openmpi" if any(s in text for s in ("Open MPI", "OpenRTE", "prte")) else "mpich"


def build_command(argv, mpiexec, flavour):
    """The mpiexec command line for ``argv`` (this launcher's arguments)."""
    args = parse(argv)
    command = [mpiexec, "-n", str(args.np)]
    if flavour == "openmpi":
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-run-as-root")
        if args.hostfile is not None:
            command += ["--hostfile", args.hostfile]
        elif args.hosts is not None:
            command += ["-H", args.hosts]
        else:  # Open MPI gives one slot per core by default: allow more ranks than cores
            command.append("--oversubscribe")
        for name in sorted(os.environ):
            if name in FORWARDED_NAMES or name.startswith(FORWARDED_PREFIXES):
                command += ["-x", name]
        command += ["-x", FAILURE_DIRECTORY]
    else:
        command += ["-disable-auto-cleanup", "-genvall"]
        if args.hostfile is not None:
            command += ["-f", args.hostfile]
        elif args.hosts is not None:
            command += ["-hosts", args.hosts]
    guard = [sys.executable, "-m", "autograd_engine.horovod.rank_guard", "--"]
    return command + guard + args.command


def _failures(directory):
    return [open(os.path.join(directory, name)).read().strip()
            for name in sorted(os.listdir(directory))]


def _stop(process):
    for signum, wait in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(process.pid, signum)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse(argv)
    mpiexec = find_mpiexec(args.mpiexec)
    command = build_command(argv, mpiexec, flavour_of(mpiexec))
    with tempfile.TemporaryDirectory(prefix="autograd_engine_job_") as failures:
        environment = dict(os.environ, **{FAILURE_DIRECTORY: failures})
        process = subprocess.Popen(command, env=environment, start_new_session=True)
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda s, f: os.killpg(process.pid, s))
        first_failure = None
        while process.poll() is None:
            time.sleep(0.05)
            if first_failure is None and os.listdir(failures):
                first_failure = time.monotonic()
            if first_failure is not None and time.monotonic() - first_failure > args.grace_seconds:
                print("[autograd_engine.horovod.run] ranks still running %.0f s after a rank "
                      "failed: stopping the job" % args.grace_seconds, file=sys.stderr)
                _stop(process)
        notes = _failures(failures)
    if notes:
        print("[autograd_engine.horovod.run] the job failed:\n  " + "\n  ".join(notes),
              file=sys.stderr, flush=True)
        return process.returncode or 1
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
