"""tf.gfile / tf.io.gfile on the local file system, with TF1's error classes, and the file ops
(read_file, write_file, matching_files)."""
import os

import pytest

import autograd_engine as tf


def test_gfile_text_and_binary_modes(tmp_path):
    path = str(tmp_path / "notes.txt")
    with tf.gfile.GFile(path, "w") as f:
        f.write("caf\u00e9\n")
        f.write(b"second\n")
    with tf.gfile.GFile(path) as f:
        assert f.readline() == "caf\u00e9\n" and f.read() == "second\n"
    with tf.gfile.Open(path, "rb") as f:
        assert f.read(3) == b"caf" and f.tell() == 3
        f.seek(0)
        assert f.readlines() == ["caf\u00e9\n".encode("utf-8"), b"second\n"]
    with tf.gfile.GFile(path, "a") as f:
        f.write("third")
    assert list(tf.gfile.FastGFile(path)) == ["caf\u00e9\n", "second\n", "third"]
    assert tf.gfile.GFile(path).size() == os.path.getsize(path)


def test_directory_functions(tmp_path):
    root = str(tmp_path / "a")
    tf.gfile.MakeDirs(os.path.join(root, "b", "c"))
    tf.gfile.MakeDirs(os.path.join(root, "b"))  # an existing directory is fine
    for name in ("x.txt", "y.txt", "b/z.txt"):
        with tf.gfile.GFile(os.path.join(root, name), "w") as f:
            f.write(name)
    assert tf.gfile.IsDirectory(root) and not tf.gfile.IsDirectory(os.path.join(root, "x.txt"))
    assert tf.gfile.ListDirectory(root) == ["b", "x.txt", "y.txt"]
    assert tf.gfile.Glob(os.path.join(root, "*.txt")) == [os.path.join(root, "x.txt"),
                                                          os.path.join(root, "y.txt")]
    assert [(d, s, f) for d, s, f in tf.gfile.Walk(root)] == [
        (root, ["b"], ["x.txt", "y.txt"]), (os.path.join(root, "b"), ["c"], ["z.txt"]),
        (os.path.join(root, "b", "c"), [], [])]
    stat = tf.gfile.Stat(os.path.join(root, "x.txt"))
    assert stat.length == 5 and not stat.is_directory and stat.mtime_nsec > 0
    tf.gfile.Copy(os.path.join(root, "x.txt"), os.path.join(root, "copy.txt"))
    tf.gfile.Rename(os.path.join(root, "copy.txt"), os.path.join(root, "y.txt"), overwrite=True)
    assert tf.gfile.GFile(os.path.join(root, "y.txt")).read() == "x.txt"
    tf.gfile.Remove(os.path.join(root, "y.txt"))
    assert not tf.gfile.Exists(os.path.join(root, "y.txt"))
    tf.gfile.DeleteRecursively(root)
    assert not tf.gfile.Exists(root)


def test_tf1_error_classes(tmp_path):
    missing = str(tmp_path / "missing")
    with pytest.raises(tf.errors.NotFoundError, match="missing"):
        tf.gfile.GFile(missing).read()
    for call in (lambda: tf.gfile.Remove(missing), lambda: tf.gfile.ListDirectory(missing),
                 lambda: tf.gfile.Stat(missing), lambda: tf.gfile.DeleteRecursively(missing),
                 lambda: tf.gfile.Copy(missing, str(tmp_path / "to"))):
        with pytest.raises(tf.errors.NotFoundError):
            call()
    existing = str(tmp_path / "here.txt")
    with tf.gfile.GFile(existing, "w") as f:
        f.write("x")
    with pytest.raises(tf.errors.AlreadyExistsError, match="file already exists"):
        tf.gfile.Rename(existing, existing)
    with pytest.raises(tf.errors.AlreadyExistsError):
        tf.gfile.Copy(existing, existing)
    with pytest.raises(tf.errors.AlreadyExistsError):
        tf.gfile.Mkdir(str(tmp_path))
    with pytest.raises(tf.errors.UnimplementedError, match="File system scheme 'gs'"):
        tf.gfile.Exists("gs://bucket/x")


def test_io_gfile_lowercase_names(tmp_path):
    folder = str(tmp_path / "d")
    tf.io.gfile.makedirs(folder)
    with tf.io.gfile.GFile(os.path.join(folder, "f"), "wb") as f:
        f.write(b"\x00\x01")
    assert tf.io.gfile.exists(folder) and tf.io.gfile.isdir(folder)
    assert tf.io.gfile.listdir(folder) == ["f"]
    assert tf.io.gfile.glob(os.path.join(folder, "*")) == [os.path.join(folder, "f")]
    assert tf.io.gfile.stat(os.path.join(folder, "f")).length == 2
    assert [w[0] for w in tf.io.gfile.walk(str(tmp_path))] == [str(tmp_path), folder]
    tf.io.gfile.rmtree(folder)
    assert not tf.io.gfile.exists(folder)


def test_file_ops_run_in_a_session(tmp_path):
    path = tf.placeholder(tf.string, [])
    contents = tf.placeholder(tf.string, [])
    write = tf.write_file(path, contents)
    read = tf.read_file(path)
    pattern = tf.matching_files(str(tmp_path / "sub" / "*.bin"))
    with tf.Session() as sess:
        for name in ("b.bin", "a.bin"):
            sess.run(write, {path: str(tmp_path / "sub" / name), contents: b"\x00" + name.encode()})
        assert sess.run(read, {path: str(tmp_path / "sub" / "a.bin")}) == b"\x00a.bin"
        assert sess.run(pattern).tolist() == [str(tmp_path / "sub" / n).encode()
                                              for n in ("a.bin", "b.bin")]
        with pytest.raises(tf.errors.NotFoundError, match="node ReadFile"):
            sess.run(read, {path: str(tmp_path / "nothing")})
        with pytest.raises(tf.errors.InvalidArgumentError, match="must be scalar"):
            sess.run(tf.read_file(["a", "b"]))
