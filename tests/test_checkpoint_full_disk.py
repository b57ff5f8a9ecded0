"""A save that fails on a real filesystem (a small tmpfs that fills up, or a kernel-enforced
file size limit where mounting is not permitted) leaves the previous checkpoint at the same
prefix restorable, says so truthfully, and leaves no temporary files; every file of a save is
fsynced before any of them replaces the previous one."""
import errno
import os
import subprocess
import sys

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.train import checkpoint_management

SMALL = 20 * 1024  # float32 values: 80 KiB on disk, and about 110 KiB of meta graph
LARGE = 30 * 1024
PAGE = 4096


def _save(directory, size, fill):
    """Saves a Variable ``w`` of ``size`` float32 values ``fill`` to ``<directory>/model``
    (the tutorial pattern: one prefix, no global_step); returns the prefix. Its initial value
    is a constant in the graph, so the meta graph is about as large as the values file."""
    with tf.Graph().as_default():
        w = tf.Variable(np.full(size, fill, np.float32), name="w")
        with tf.Session() as sess:
            sess.run(w.initializer)
            return tf.train.Saver().save(sess, os.path.join(directory, "model"))


def _restore(prefix, size):
    with tf.Graph().as_default():
        w = tf.Variable(tf.zeros([size]), name="w")
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, prefix)
            return sess.run(w)


def _files(directory):
    return sorted(os.listdir(directory))


def _disk_bytes(directory):
    """The tmpfs pages the files in ``directory`` take."""
    return sum(-(-os.path.getsize(os.path.join(directory, name)) // PAGE) * PAGE
               for name in os.listdir(directory))


def _mount_small_tmpfs(directory, size):
    """Mounts a tmpfs of ``size`` bytes at ``directory``; False where that is not permitted."""
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%d" % size, "tmpfs",
                               directory], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    """``mount(size)`` mounts a tmpfs of that many bytes and returns its directory."""
    mounted = []

    def mount(size):
        directory = str(tmp_path / "disk")
        os.mkdir(directory)
        if not _mount_small_tmpfs(directory, size):
            pytest.skip("mounting a tmpfs is not permitted here (the file size limit test runs)")
        mounted.append(directory)
        return directory
    yield mount
    for directory in mounted:
        subprocess.run(["umount", directory], capture_output=True, timeout=30)


@pytest.mark.parametrize("second_size", [SMALL, LARGE], ids=["same shape", "changed shape"])
def test_a_save_that_fills_the_disk_keeps_the_previous_checkpoint(small_disk, tmp_path,
                                                                   second_size):
    # A disk (a few hundred KiB) with room for the first save and the second save's values,
    # but not for its meta graph as well: the disk fills in the middle of the second save.
    first_dir, second_dir = str(tmp_path / "first"), str(tmp_path / "second")
    os.mkdir(first_dir)
    os.mkdir(second_dir)
    _save(first_dir, SMALL, 1.5)
    _save(second_dir, second_size, 2.5)
    second_values = -(-os.path.getsize(os.path.join(second_dir, "model.npz")) // PAGE) * PAGE
    disk = small_disk(_disk_bytes(first_dir) + second_values + 4 * PAGE)
    prefix = _save(disk, SMALL, 1.5)
    files = _files(disk)
    state = open(os.path.join(disk, "checkpoint"), "rb").read()
    with pytest.raises(OSError, match="Could not save checkpoint .*model: No space left on device"
                                      r"\. The previous checkpoints and the 'checkpoint' state "
                                      "file were left as they were") as failure:
        _save(disk, second_size, 2.5)
    assert failure.value.errno == errno.ENOSPC
    # What the error says is true: the same files (no temporary ones), the same state, and
    # the first save's values restore.
    assert _files(disk) == files
    assert open(os.path.join(disk, "checkpoint"), "rb").read() == state
    assert tf.train.latest_checkpoint(disk) == prefix
    np.testing.assert_array_equal(_restore(prefix, SMALL), np.full(SMALL, 1.5, np.float32))


_WITH_FILE_SIZE_LIMIT = """
import os, resource, signal, sys
sys.path.insert(0, sys.argv[2])
import test_checkpoint_full_disk as scenario
directory, scratch = os.path.join(sys.argv[1], "disk"), os.path.join(sys.argv[1], "scratch")
os.mkdir(directory)
os.mkdir(scratch)
second = scenario._save(scratch, scenario.LARGE, 2.5)
prefix = scenario._save(directory, scenario.SMALL, 1.5)
files = scenario._files(directory)
# A kernel-enforced limit on the size of any file written, between the second save's values
# file and its meta graph (the larger): that save fails midway, with EFBIG.
limit = (os.path.getsize(second + ".npz") + os.path.getsize(second + ".meta")) // 2
assert max(os.path.getsize(os.path.join(directory, name)) for name in files) < limit
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    scenario._save(directory, scenario.LARGE, 2.5)
except OSError as e:
    assert "The previous checkpoints and the 'checkpoint' state file were left" in str(e), e
    print("failed as expected:", e.errno)
assert scenario._files(directory) == files, (scenario._files(directory), files)
values = scenario._restore(prefix, scenario.SMALL)
assert (values == 1.5).all()
print("restored")
"""


def test_a_save_past_the_file_size_limit_keeps_the_previous_checkpoint(tmp_path):
    # Runs everywhere, mount or not: RLIMIT_FSIZE is enforced by the kernel for any process.
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", _WITH_FILE_SIZE_LIMIT, str(tmp_path),
                           os.path.dirname(os.path.abspath(__file__))],
                          capture_output=True, text=True, timeout=120, env=env, cwd=root)
    assert done.returncode == 0, done.stderr
    assert "failed as expected: %d" % errno.EFBIG in done.stdout
    assert "restored" in done.stdout


def test_every_file_is_fsynced_before_the_first_replace(tmp_path, monkeypatch):
    _save(str(tmp_path), SMALL, 1.5)
    events, real_fsync, real_replace = [], os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.readlink("/proc/self/fd/%d" % fd)))
        return real_fsync(fd)

    def replace(source, destination):
        events.append(("replace", os.path.abspath(source), os.path.abspath(destination)))
        return real_replace(source, destination)
    monkeypatch.setattr(checkpoint_management.os, "fsync", fsync)
    monkeypatch.setattr(checkpoint_management.os, "replace", replace)
    prefix = _save(str(tmp_path), LARGE, 2.5)
    replaces = [e for e in events if e[0] == "replace"]
    commit = next(i for i, e in enumerate(events) if e[0] == "replace" and e[2] == prefix + ".index")
    fsynced = {e[1] for e in events[:commit] if e[0] == "fsync"}
    # Before the commit, each file was written under a temporary name, fsynced, then renamed to
    # the values file or a pending file; after it, only pending files are moved into place.
    written = [e for e in events[:commit] if e[0] == "replace"]
    assert written and all(source in fsynced for _, source, _ in written)
    assert prefix + ".alt.npz" in [destination for _, _, destination in written]
    committed = [e for e in events[commit:] if e[0] == "replace"]
    pending = {destination for _, _, destination in written}
    assert all(source in pending for _, source, _ in committed)
    assert [destination for _, _, destination in committed] == [
        prefix + ".index", prefix + ".meta", str(tmp_path / "checkpoint")]
    assert len(replaces) == len(written) + len(committed)
    # The replaced checkpoint's values file is gone; the new one is named by the index.
    assert not os.path.exists(prefix + ".npz")
    assert not any(name.startswith(".") for name in _files(str(tmp_path)))
    np.testing.assert_array_equal(_restore(prefix, LARGE), np.full(LARGE, 2.5, np.float32))


def test_the_index_names_only_its_own_values_files(tmp_path):
    prefix = _save(str(tmp_path), 4, 1.0)
    index_path = prefix + ".index"
    text = open(index_path).read()
    open(index_path, "w").write(text.replace('"model.npz"', '"../elsewhere.npz"'))
    with pytest.raises(tf.errors.DataLossError, match="names the values file '../elsewhere.npz'"):
        _restore(prefix, 4)
