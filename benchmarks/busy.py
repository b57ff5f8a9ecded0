"""A busy machine for the benchmarks: a background process keeping one core busy.

    with busy_core(seconds=600):
        ...   # measured while another process spins on one core

The process spins in plain Python (one core, no BLAS) until the ``with`` block ends, however it
ends (Ctrl-C included), and in any case stops by itself after ``seconds``: a benchmark that is
killed outright never leaves it running for long.
"""
import contextlib
import os
import subprocess
import sys

_SPIN = "import time\nend = time.monotonic() + %f\nwhile time.monotonic() < end:\n    pass\n"


@contextlib.contextmanager
def busy_core(seconds=900.0):
    """Keeps one core busy while the block runs, for at most ``seconds``."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    spinner = subprocess.Popen([sys.executable, "-c", _SPIN % seconds], env=env,
                               stdin=subprocess.DEVNULL)
    try:
        yield spinner
    finally:
        spinner.terminate()
        try:
            spinner.wait(timeout=5)
        except subprocess.TimeoutExpired:
            spinner.kill()
            spinner.wait()
