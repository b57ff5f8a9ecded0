"""Data-parallel training on real MPI ranks (tests/horovod_worker.py), launched with mpiexec
and with the package's launcher, each launch bounded in time (its whole process group is
killed when the bound passes, so nothing can hang the suite).

One launch checks several things (see the worker's docstring): 2 and 4 ranks train to the
weights of one process on the global batch, identical on every rank; a rank killed mid-run
makes the others stop within the bound with an error naming it; a relaunch resumes from
rank 0's last checkpoint on every rank.
"""
import os
import pathlib
import re
import signal
import subprocess
import sys
import time

import pytest

pytest.importorskip("mpi4py", reason="needs the distributed extra: pip install "
                                     "'autograd_engine[distributed]'")

from autograd_engine.horovod.run import find_mpiexec  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORKER = str(pathlib.Path(__file__).resolve().parent / "horovod_worker.py")
BOUND_SECONDS = 90  # per launch; a launch takes 3-8 s here


def launch(command, timeout=BOUND_SECONDS, **environment):
    """(exit status, output, seconds) of ``command``, its process group killed at
    ``timeout``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), **environment)
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=env, cwd=str(ROOT), start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        pytest.fail("the launch ran past %d s and was killed:\n%s" % (timeout, output))
    return process.returncode, output, time.monotonic() - started


def mpiexec(ranks, *args, **environment):
    return launch([find_mpiexec(), "-n", str(ranks), sys.executable, WORKER] + list(args),
                  **environment)


def horovodrun(ranks, *args, **environment):
    return launch([sys.executable, "-m", "autograd_engine.horovod.run", "-np", str(ranks),
                   "--grace-seconds", "20", sys.executable, WORKER] + list(args), **environment)


def test_two_ranks_train_like_one_process_on_the_global_batch():
    status, output, _ = mpiexec(2, "train")
    assert status == 0, output
    assert sorted(re.findall(r"OK rank (\d) of 2", output)) == ["0", "1"], output


def test_four_ranks_with_small_fusion_buffers_through_the_launcher():
    # 200 bytes: the MLP's gradients travel in several fused buffers
    status, output, _ = horovodrun(4, "train", HOROVOD_FUSION_THRESHOLD="200")
    assert status == 0, output
    assert sorted(re.findall(r"OK rank (\d) of 4", output)) == ["0", "1", "2", "3"], output


def test_a_killed_rank_stops_the_job_and_a_relaunch_resumes_from_the_checkpoint(tmp_path):
    checkpoints = str(tmp_path / "checkpoints")
    status, output, seconds = horovodrun(2, "resume", checkpoints, "14", "7")
    assert status != 0, output
    assert re.search(r"HorovodInternalError: rank 0: allreduce failed: rank 1 \(pid \d+ on "
                     r".+\) was lost", output), output
    assert re.search(r"rank 1 \(pid \d+ on .+\): .* was killed by signal 9 \(SIGKILL\)",
                     output), output
    assert "the job failed" in output
    assert seconds < 60, seconds
    assert "END" not in output

    status, output, _ = horovodrun(2, "resume", checkpoints, "14")
    assert status == 0, output
    # rank 0 restored step 5 (checkpoints every 5 steps; rank 1 died after step 7), and the
    # broadcast hook gave rank 1, which has no checkpoint directory, the same state
    assert sorted(re.findall(r"START rank (\d) step (\d+)", output)) == [("0", "5"),
                                                                         ("1", "5")], output
    ends = re.findall(r"END rank \d step 13 weights (-?[\d.]+(?:e[-+]?\d+)?)", output)
    assert len(ends) == 2 and ends[0] == ends[1], output
