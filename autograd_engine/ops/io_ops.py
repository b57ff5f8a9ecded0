"""File ops, run when a Session runs them, as TF1's: ``tf.read_file`` (a file's bytes as a
string scalar), ``tf.write_file`` (an op writing a string scalar to a file) and
``tf.matching_files`` (the sorted paths matching glob patterns). Errors are TF1's: a missing
file is ``NotFoundError``.
"""
import os
import tempfile

import numpy as np

from ..framework import dtypes, errors
from ..framework.tensor_shape import TensorShape
from .op_samples import OpSample
from .file_io import GFile, Glob, MakeDirs
from .registry import OpDef, make_op, make_tensor, register
from .string_family import run_error, string_array, string_input


def _with_node(op, error):
    """A file error from gfile, re-raised naming the op that met it."""
    return run_error(op, error.message, type(error))


def _scalar_path(op, path, what="filename"):
    path = np.asarray(path, dtype=object)
    if path.ndim:
        raise run_error(op, "Input %s tensor must be scalar, but had shape: [%s]"
                        % (what, ",".join(str(d) for d in path.shape)))
    return path[()]


class ReadFileOp(OpDef):
    type_name = "ReadFile"
    differentiable = False
    host_only = True
    stateful = True  # the file may change between runs: never folded

    def infer(self, op):
        return [(dtypes.string, TensorShape([]))]

    def kernel(self, op, ctx):
        def read_file(filename):
            try:
                with GFile(_scalar_path(op, filename).decode("utf-8"), "rb") as f:
                    return np.asarray(f.read(), dtype=object)
            except errors.OpError as error:
                raise _with_node(op, error) from None
        return read_file

    def samples(self, rng):
        """A file of this package (its bytes as read by Python)."""
        return [OpSample(lambda f: read_file(f), string_array(__file__),
                         reference=lambda f: np.asarray(_bytes_of(__file__), dtype=object))]


def _bytes_of(path):
    with open(path, "rb") as f:
        return f.read()


register(ReadFileOp)


def read_file(filename, name=None):
    """The contents of the file ``filename`` (a string scalar) as a string scalar, read when
    the op runs (TF1's ``tf.read_file``, ``tf.io.read_file``).

    >>> import autograd_engine as tf, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "x.txt")
    >>> with tf.Session() as sess:
    ...     sess.run(tf.write_file(path, "hi"))
    ...     sess.run(tf.read_file(path))
    b'hi'
    """
    return make_tensor("ReadFile", (string_input(filename, "ReadFile", "filename"),), None, name)


class WriteFileOp(OpDef):
    type_name = "WriteFile"
    differentiable = False
    host_only = True
    stateful = True

    def infer(self, op):
        return []

    def kernel(self, op, ctx):
        def write_file(filename, contents):
            path = _scalar_path(op, filename).decode("utf-8")
            data = _scalar_path(op, contents, "contents")
            try:
                MakeDirs(_parent(path))
                with GFile(path, "wb") as f:
                    f.write(data)
            except errors.OpError as error:
                raise _with_node(op, error) from None
        return write_file

    def samples(self, rng):
        """Writes a file in a new temporary directory and checks its bytes."""
        path = os.path.join(tempfile.mkdtemp(prefix="write_file_sample"), "sub", "out.bin")

        def check(values):
            assert _bytes_of(path) == b"\x00bytes\xff", _bytes_of(path)
        return [OpSample(lambda f, c: write_file(f, c), string_array(path),
                         string_array(b"\x00bytes\xff"), validate=check)]


def _parent(path):
    return os.path.dirname(path) or "."


register(WriteFileOp)


def write_file(filename, contents, name=None):
    """An op that writes ``contents`` (a string scalar) to the file ``filename`` when it runs,
    creating missing directories (TF1's ``tf.write_file``, ``tf.io.write_file``)."""
    return make_op("WriteFile", (string_input(filename, "WriteFile", "filename"),
                                 string_input(contents, "WriteFile", "contents")), None, name)


class MatchingFilesOp(OpDef):
    type_name = "MatchingFiles"
    differentiable = False
    host_only = True
    stateful = True

    def infer(self, op):
        return [(dtypes.string, TensorShape([None]))]

    def kernel(self, op, ctx):
        def matching_files(pattern):
            patterns = [p.decode("utf-8") for p in np.asarray(pattern, dtype=object).reshape(-1)]
            try:
                found = Glob(patterns)
            except errors.OpError as error:
                raise _with_node(op, error) from None
            return string_array(found) if found else np.empty(0, dtype=object)
        return matching_files

    def samples(self, rng):
        """This package's string op modules, by a pattern and by two."""
        folder = os.path.dirname(__file__)
        patterns = [os.path.join(folder, "string_*.py"), os.path.join(folder, "csv_op?.py")]
        return [OpSample(lambda p: matching_files(p), string_array(patterns[0]),
                         reference=lambda p: string_array(Glob(patterns[0]))),
                OpSample(lambda p: matching_files(p), string_array(patterns),
                         reference=lambda p: string_array(Glob(patterns)))]


register(MatchingFilesOp)


def matching_files(pattern, name=None):
    """The sorted paths matching the glob ``pattern`` (a string, or a vector of them), found
    when the op runs (TF1's ``tf.matching_files``, ``tf.io.matching_files``)."""
    return make_tensor("MatchingFiles", (string_input(pattern, "MatchingFiles", "pattern"),),
                       None, name)


__all__ = ["read_file", "write_file", "matching_files"]
