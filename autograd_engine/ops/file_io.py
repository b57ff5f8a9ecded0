"""TF1's file API (``tf.gfile``, ``tf.io.gfile``) on the local file system: :class:`GFile`
and the functions TF1 programs call to find, copy and remove files, with TF1's error classes
(``NotFoundError`` for a missing path, ``AlreadyExistsError`` for a target that exists,
``PermissionDeniedError``, ``UnimplementedError`` for a remote scheme such as ``gs://``).

>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> with GFile(os.path.join(folder, "a.txt"), "w") as f:
...     _ = f.write("one\\ntwo\\n")
>>> [line for line in GFile(os.path.join(folder, "a.txt"))]
['one\\n', 'two\\n']
>>> DeleteRecursively(folder); Exists(folder)
False
"""
import errno
import glob as _glob
import os
import re
import shutil

from ..framework import errors

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")


def _local(path):
    """``path`` as a local path (``file://`` stripped); other schemes are UnimplementedError
    as in a TF build without that file system."""
    path = os.fspath(path)
    path = path.decode("utf-8") if isinstance(path, bytes) else path
    match = _SCHEME.match(path)
    if match:
        if match.group(1) != "file":
            raise errors.UnimplementedError(
                None, None, "File system scheme '%s' not implemented (file: '%s')"
                % (match.group(1), path))
        path = path[len("file://"):]
    return path


def _os_error(error, path):
    """The TF1 error class for an OSError on ``path``."""
    cls = {errno.ENOENT: errors.NotFoundError, errno.EEXIST: errors.AlreadyExistsError,
           errno.EACCES: errors.PermissionDeniedError, errno.EPERM: errors.PermissionDeniedError,
           errno.ENOTEMPTY: errors.FailedPreconditionError,
           errno.ENOTDIR: errors.FailedPreconditionError,
           errno.EISDIR: errors.FailedPreconditionError}.get(error.errno, errors.UnknownError)
    return cls(None, None, "%s; %s" % (path, error.strerror or error))


class GFile:
    """A file, as TF1's ``tf.gfile.GFile`` (also ``Open``, ``FastGFile``): ``mode`` ``'r'``
    reads str, ``'rb'`` bytes; ``'w'``, ``'a'`` (and their ``b`` forms) write. Opened on first
    use, so a missing file is a NotFoundError at the first read, as in TF1."""

    def __init__(self, name, mode="r"):
        if mode.replace("b", "").replace("+", "") not in ("r", "w", "a"):
            raise errors.InvalidArgumentError(None, None, "mode is not 'r' or 'w' or 'a' "
                                              "(got %r)" % (mode,))
        self.__name = name
        self.__mode = mode
        self._path = _local(name)
        self._binary = "b" in mode
        self._file = None

    name = property(lambda self: self.__name)
    mode = property(lambda self: self.__mode)

    def _opened(self):
        if self._file is None:
            try:
                # always binary underneath: text is decoded as UTF-8 here, lines kept as written
                self._file = open(self._path, self.__mode.replace("b", "") + "b")
            except OSError as error:
                raise _os_error(error, self._path) from None
        return self._file

    def _text(self, data):
        return data if self._binary else data.decode("utf-8")

    def size(self):
        """The file's length in bytes."""
        return Stat(self._path).length

    def read(self, n=-1):
        """``n`` bytes (or characters' bytes), or the rest of the file."""
        return self._text(self._opened().read(n))

    def readline(self):
        return self._text(self._opened().readline())

    def readlines(self):
        return [self._text(line) for line in self._opened().readlines()]

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    next = __next__

    def write(self, file_content):
        """Writes str (encoded as UTF-8) or bytes."""
        data = file_content.encode("utf-8") if isinstance(file_content, str) else \
            bytes(file_content)
        self._opened().write(data)

    def seek(self, offset=None, whence=0, position=None):
        self._opened().seek(position if offset is None else offset, whence)

    def tell(self):
        return self._opened().tell()

    def seekable(self):
        return True

    def flush(self):
        if self._file is not None:
            self._file.flush()

    def close(self):
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


Open = GFile
FastGFile = GFile


def Exists(filename):  # noqa: N802 - TF1's names
    """True when the path exists (a file or a directory)."""
    return os.path.exists(_local(filename))


def IsDirectory(dirname):  # noqa: N802
    return os.path.isdir(_local(dirname))


def MakeDirs(dirname):  # noqa: N802
    """Creates the directory and its missing parents; an existing directory is fine."""
    path = _local(dirname)
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as error:
        raise _os_error(error, path) from None


def Mkdir(dirname):  # noqa: N802
    """Creates one directory: AlreadyExistsError when it exists, NotFoundError without its
    parent."""
    path = _local(dirname)
    try:
        os.mkdir(path)
    except OSError as error:
        raise _os_error(error, path) from None


def Glob(filename):  # noqa: N802
    """The paths matching the pattern (``*``, ``?``, ``[...]``), sorted."""
    patterns = filename if isinstance(filename, (list, tuple)) else [filename]
    return sorted(set(p for pattern in patterns for p in _glob.glob(_local(pattern))))


def ListDirectory(dirname):  # noqa: N802
    """The names in a directory (no ``.`` or ``..``), NotFoundError when it does not exist."""
    path = _local(dirname)
    if not os.path.isdir(path):
        raise errors.NotFoundError(None, None, "Could not find directory %s" % path)
    return sorted(os.listdir(path))


def Remove(filename):  # noqa: N802
    path = _local(filename)
    try:
        os.remove(path)
    except OSError as error:
        raise _os_error(error, path) from None


def DeleteRecursively(dirname):  # noqa: N802
    """Removes a directory and everything in it (or a file)."""
    path = _local(dirname)
    if not os.path.exists(path):
        raise errors.NotFoundError(None, None, "%s; No such file or directory" % path)
    if os.path.isdir(path):
        shutil.rmtree(path)
    else:
        os.remove(path)


def Rename(oldname, newname, overwrite=False):  # noqa: N802
    """Moves a file; AlreadyExistsError when ``newname`` exists unless ``overwrite``."""
    old, new = _local(oldname), _local(newname)
    if not overwrite and os.path.exists(new):
        raise errors.AlreadyExistsError(None, None, "file already exists: %s" % new)
    try:
        os.replace(old, new)
    except OSError as error:
        raise _os_error(error, old) from None


def Copy(oldpath, newpath, overwrite=False):  # noqa: N802
    """Copies a file; AlreadyExistsError when ``newpath`` exists unless ``overwrite``."""
    old, new = _local(oldpath), _local(newpath)
    if not overwrite and os.path.exists(new):
        raise errors.AlreadyExistsError(None, None, "file already exists: %s" % new)
    try:
        shutil.copyfile(old, new)
    except OSError as error:
        raise _os_error(error, old) from None


class FileStatistics:
    """What :func:`Stat` tells: ``length`` (bytes), ``mtime_nsec``, ``is_directory``."""

    def __init__(self, length, mtime_nsec, is_directory):
        self.length = length
        self.mtime_nsec = mtime_nsec
        self.is_directory = is_directory

    def __repr__(self):
        return "FileStatistics(length=%d, mtime_nsec=%d, is_directory=%s)" % (
            self.length, self.mtime_nsec, self.is_directory)


def Stat(filename):  # noqa: N802
    path = _local(filename)
    try:
        info = os.stat(path)
    except OSError as error:
        raise _os_error(error, path) from None
    return FileStatistics(info.st_size, info.st_mtime_ns, os.path.isdir(path))


def Walk(top, in_order=True):  # noqa: N802
    """``(dirname, subdirectories, files)`` for ``top`` and each directory below it, parents
    first (``in_order``) or last; nothing for a missing ``top``."""
    path = _local(top)
    for dirname, subdirs, files in os.walk(path, topdown=in_order):
        yield dirname, sorted(subdirs), sorted(files)


# tf.io.gfile's names (TF1.15 has both spellings)
exists, isdir, makedirs, mkdir, glob = Exists, IsDirectory, MakeDirs, Mkdir, Glob
listdir, remove, rmtree, rename, copy, stat = (ListDirectory, Remove, DeleteRecursively,
                                               Rename, Copy, Stat)


def walk(top, topdown=True, onerror=None):
    """``tf.io.gfile.walk``: :func:`Walk` with os.walk's argument names."""
    return Walk(top, in_order=topdown)

__all__ = ["GFile", "Open", "FastGFile", "Exists", "IsDirectory", "MakeDirs", "Mkdir", "Glob",
           "ListDirectory", "Remove", "DeleteRecursively", "Rename", "Copy", "Stat", "Walk",
           "FileStatistics", "exists", "isdir", "makedirs", "mkdir", "glob", "listdir", "remove",
           "rmtree", "rename", "copy", "stat", "walk"]
