"""Checkpoint files on disk: writing them atomically, the ``checkpoint`` state file, and reading
checkpoints back (``latest_checkpoint``, ``list_variables``, ``load_variable``).

A checkpoint with prefix ``ckpt/model-100`` is three files:

* ``ckpt/model-100.npz``: the values, one array per Variable, keyed by the Variable's name
  (``dense/kernel``); a plain numpy ``.npz`` (``np.load`` reads it).
* ``ckpt/model-100.index``: JSON naming each Variable with its dtype and shape. It is written
  after the values, so its presence means the checkpoint is complete.
* ``ckpt/model-100.meta`` (optional): the graph, see ``train/meta_graph.py``.

``ckpt/checkpoint`` is TF1's state file, in TF1's text format::

    model_checkpoint_path: "model-100"
    all_model_checkpoint_paths: "model-90"
    all_model_checkpoint_paths: "model-100"

Each file is written to a temporary file in the same directory, flushed and fsynced, then moved
into place with ``os.replace`` (atomic), the state file last: a crash or a full disk mid-save
leaves the previous checkpoint and the state file as they were.
"""
import contextlib
import json
import os
import tempfile
import zipfile
import zlib

import numpy as np

from ..framework import errors

INDEX_SUFFIX = ".index"
DATA_SUFFIX = ".npz"
INDEX_FORMAT = "autograd_engine.Checkpoint"
INDEX_VERSION = 1
STATE_FILENAME = "checkpoint"


# ------------------------------------------------------------------ atomic files
def write_atomically(path, write):
    """Calls ``write(binary_file)`` on a temporary file next to ``path``, fsyncs it and
    renames it to ``path``: readers see the old file or the complete new one, never a part.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "f.txt")
    >>> write_atomically(path, lambda f: f.write(b"done"))
    >>> open(path).read()
    'done'
    """
    directory = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp",
                               dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory):
    """Makes a rename in ``directory`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ------------------------------------------------------------------ the state file
class CheckpointState:
    """The contents of the ``checkpoint`` state file (TF1's ``CheckpointState`` proto)."""

    def __init__(self, model_checkpoint_path="", all_model_checkpoint_paths=(),
                 all_model_checkpoint_timestamps=(), last_preserved_timestamp=0.0):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths)
        self.all_model_checkpoint_timestamps = list(all_model_checkpoint_timestamps)
        self.last_preserved_timestamp = last_preserved_timestamp

    _FIELDS = ("model_checkpoint_path", "all_model_checkpoint_paths",
               "all_model_checkpoint_timestamps", "last_preserved_timestamp")

    def to_text(self):
        lines = ["model_checkpoint_path: %s" % json.dumps(self.model_checkpoint_path)]
        lines += ["all_model_checkpoint_paths: %s" % json.dumps(p)
                  for p in self.all_model_checkpoint_paths]
        lines += ["all_model_checkpoint_timestamps: %r" % float(t)
                  for t in self.all_model_checkpoint_timestamps]
        if self.last_preserved_timestamp:
            lines.append("last_preserved_timestamp: %r" % float(self.last_preserved_timestamp))
        return "\n".join(lines) + "\n"

    @classmethod
    def from_text(cls, text):
        state = cls()
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            key, sep, value = line.partition(":")
            key, value = key.strip(), value.strip()
            if not sep or key not in cls._FIELDS:
                raise ValueError("line %d: %r is not a CheckpointState field" % (number, line))
            value = json.loads(value)
            if key.startswith("all_"):
                getattr(state, key).append(value)
            else:
                setattr(state, key, value)
        return state

    def __repr__(self):
        return "CheckpointState(%s)" % self.to_text().strip().replace("\n", ", ")


def _state_path(checkpoint_dir, latest_filename):
    return os.path.join(checkpoint_dir, latest_filename or STATE_FILENAME)


def update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                            latest_filename=None, all_model_checkpoint_timestamps=None,
                            last_preserved_timestamp=None):
    """Writes the ``checkpoint`` state file in ``save_dir`` (atomically). Checkpoints inside
    ``save_dir`` are recorded relative to it, so the directory can be moved."""
    all_paths = list(all_model_checkpoint_paths or [])
    if not all_paths or all_paths[-1] != model_checkpoint_path:
        all_paths.append(model_checkpoint_path)
    state = CheckpointState(_relative_to(save_dir, model_checkpoint_path),
                            [_relative_to(save_dir, p) for p in all_paths],
                            all_model_checkpoint_timestamps or (),
                            last_preserved_timestamp or 0.0)
    text = state.to_text().encode("utf-8")
    write_atomically(_state_path(save_dir, latest_filename), lambda f: f.write(text))


def _relative_to(directory, path):
    absolute = os.path.abspath(path)
    if os.path.dirname(absolute) == os.path.abspath(directory):
        return os.path.basename(absolute)
    return absolute


def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The :class:`CheckpointState` of ``checkpoint_dir`` (relative paths joined with the
    directory), or None when it has no state file.

    >>> import tempfile
    >>> get_checkpoint_state(tempfile.mkdtemp()) is None
    True
    """
    path = _state_path(checkpoint_dir, latest_filename)
    try:
        with open(path, encoding="utf-8") as f:
            state = CheckpointState.from_text(f.read())
    except FileNotFoundError:
        return None
    except ValueError as e:
        raise errors.DataLossError(None, None, "The checkpoint state file %s is damaged (%s); "
                                               "delete it to start over." % (path, e)) from None
    if not state.model_checkpoint_path:
        raise ValueError("Invalid checkpoint state loaded from %s" % checkpoint_dir)

    def absolute(p):
        return p if os.path.isabs(p) else os.path.join(checkpoint_dir, p)
    state.model_checkpoint_path = absolute(state.model_checkpoint_path)
    state.all_model_checkpoint_paths = [absolute(p) for p in state.all_model_checkpoint_paths]
    return state


def checkpoint_exists(checkpoint_prefix):
    """True when a complete checkpoint with this prefix is on disk."""
    return os.path.isfile(checkpoint_prefix + INDEX_SUFFIX)


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the newest checkpoint recorded in ``checkpoint_dir``, or None.

    >>> import tempfile
    >>> latest_checkpoint(tempfile.mkdtemp()) is None
    True
    """
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state is not None and checkpoint_exists(state.model_checkpoint_path):
        return state.model_checkpoint_path
    return None


def checkpoint_files(prefix, meta_graph_suffix="meta"):
    """The files making up the checkpoint ``prefix`` (some may not exist)."""
    return [prefix + INDEX_SUFFIX, prefix + DATA_SUFFIX, prefix + "." + meta_graph_suffix]


def remove_checkpoint(checkpoint_prefix, checkpoint_format_version=None, meta_graph_suffix="meta"):
    """Deletes a checkpoint's files, the index first (so a partly deleted checkpoint no longer
    counts as one)."""
    for path in checkpoint_files(checkpoint_prefix, meta_graph_suffix):
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


# ------------------------------------------------------------------ reading checkpoints
class CheckpointReader:
    """Reads one checkpoint: its index (names, dtypes, shapes) at once, values on demand.

    >>> # reader = tf.train.NewCheckpointReader("ckpt/model-100")
    >>> # reader.get_variable_to_shape_map()  -> {"W": [784, 10], "global_step": []}
    """

    def __init__(self, prefix):
        self._prefix = prefix
        index_path = prefix + INDEX_SUFFIX
        try:
            with open(index_path, encoding="utf-8") as f:
                index = json.load(f)
        except FileNotFoundError:
            raise errors.NotFoundError(
                None, None, "Unsuccessful checkpoint reader: Failed to find any matching files "
                            "for %s (there is no %s). Pass a checkpoint prefix such as "
                            "tf.train.latest_checkpoint(dir) returns." % (prefix, index_path)) \
                from None
        except (ValueError, RecursionError) as e:  # bad JSON, bad UTF-8, absurd nesting
            raise errors.DataLossError(None, None, "Checkpoint index %s is damaged: %s"
                                       % (index_path, e)) from None
        if not isinstance(index, dict) or index.get("format") != INDEX_FORMAT:
            raise errors.DataLossError(None, None, "%s is not an autograd_engine checkpoint "
                                                   "index" % index_path)
        self._variables = _checked_index_entries(index, index_path)
        self._data = None

    prefix = property(lambda self: self._prefix)

    def get_variable_to_shape_map(self):
        return {name: list(entry["shape"]) for name, entry in self._variables.items()}

    def get_variable_to_dtype_map(self):
        from ..framework.dtypes import as_dtype
        return {name: as_dtype(entry["dtype"]) for name, entry in self._variables.items()}

    def has_tensor(self, name):
        return name in self._variables

    def get_tensor(self, name):
        """The saved value of ``name`` as a numpy array."""
        if name not in self._variables:
            raise errors.NotFoundError(None, None, "Key %s not found in checkpoint %s (it holds "
                                       "%s)" % (name, self._prefix, describe_names(self._variables)))
        data = self._open_data()
        if name + ".npy" not in data.zip.namelist():
            raise errors.DataLossError(None, None, "Checkpoint %s lists %s in its index but its "
                                       "values file lacks it: it was probably overwritten by a "
                                       "save that did not finish." % (self._prefix, name))
        try:
            value = data[name]
        except (ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error) as e:
            # Truncated or flipped bytes (zip CRC or npy header checks), or an object array
            # (which only pickle could load, and loading never runs code).
            raise errors.DataLossError(None, None, "Checkpoint values file %s is damaged: "
                                       "reading %s failed: %s" % (self._prefix + DATA_SUFFIX, name, e)) from None
        entry = self._variables[name]
        if value.dtype.name != entry["dtype"] or list(value.shape) != list(entry["shape"]):
            raise errors.DataLossError(
                None, None, "Checkpoint %s: %s is %s %s in the values file but %s %s in the "
                            "index; the checkpoint is inconsistent." % (
                                self._prefix, name, value.dtype.name, list(value.shape),
                                entry["dtype"], list(entry["shape"])))
        return value

    def _open_data(self):
        if self._data is None:
            path = self._prefix + DATA_SUFFIX
            try:
                data = np.load(path, allow_pickle=False)
            except FileNotFoundError:
                raise errors.DataLossError(None, None, "Checkpoint %s has an index but no values "
                                           "file %s." % (self._prefix, path)) from None
            except (ValueError, OSError, EOFError, zipfile.BadZipFile) as e:
                raise errors.DataLossError(None, None, "Checkpoint values file %s is damaged or "
                                           "not a checkpoint's values file: %s" % (path, e)) \
                    from None
            if not isinstance(data, np.lib.npyio.NpzFile):
                raise errors.DataLossError(None, None, "Checkpoint values file %s holds a single "
                                           "array, not the .npz archive of a checkpoint." % path)
            self._data = data
        return self._data

    def close(self):
        if self._data is not None:
            self._data.close()
            self._data = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __del__(self):
        with contextlib.suppress(Exception):
            self.close()


def _checked_index_entries(index, index_path):
    """The index's ``{name: {"dtype", "shape"}}``, each entry checked (a known dtype, a list of
    non-negative dimensions), else a DataLossError naming the file and the entry."""
    from ..framework.dtypes import as_dtype
    variables = index.get("variables")
    if not isinstance(variables, dict):
        raise errors.DataLossError(None, None, "Checkpoint index %s is damaged: it has no "
                                               "\"variables\" table" % index_path)
    for name, entry in variables.items():
        shape = entry.get("shape") if isinstance(entry, dict) else None
        valid_shape = isinstance(shape, list) and all(
            isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape)
        try:
            valid_dtype = as_dtype(entry["dtype"]) is not None if valid_shape else False
        except (KeyError, TypeError, ValueError):
            valid_dtype = False
        if not valid_dtype:
            raise errors.DataLossError(None, None, "Checkpoint index %s is damaged: the entry of "
                                       "%r is %r, not {\"dtype\": <dtype name>, \"shape\": "
                                       "[<dims>]}" % (index_path, name, entry))
    return variables


def describe_names(variables, limit=20):
    """The sorted names for an error message, at most ``limit`` of them."""
    names = sorted(variables)
    shown = ", ".join(names[:limit])
    return shown + (", ... (%d in all)" % len(names) if len(names) > limit else "") \
        if names else "no variables"


def NewCheckpointReader(filepattern):  # noqa: N802 - TF1's name
    """A :class:`CheckpointReader` for the checkpoint prefix ``filepattern``."""
    return CheckpointReader(filepattern)


def _resolve_checkpoint(ckpt_dir_or_file):
    if os.path.isdir(ckpt_dir_or_file):
        prefix = latest_checkpoint(ckpt_dir_or_file)
        if prefix is None:
            raise ValueError("Couldn't find 'checkpoint' file or checkpoints in given directory %s"
                             % ckpt_dir_or_file)
        return prefix
    return ckpt_dir_or_file


def load_checkpoint(ckpt_dir_or_file):
    """A :class:`CheckpointReader` for a checkpoint prefix, or a directory's latest one."""
    return CheckpointReader(_resolve_checkpoint(ckpt_dir_or_file))


def list_variables(ckpt_dir_or_file):
    """``[(name, shape), ...]`` of the Variables in a checkpoint, sorted by name.

    >>> # tf.train.list_variables("ckpt")  -> [("W", [784, 10]), ("global_step", [])]
    """
    reader = load_checkpoint(ckpt_dir_or_file)
    return sorted(reader.get_variable_to_shape_map().items())


def load_variable(ckpt_dir_or_file, name):
    """The saved value of Variable ``name`` (``"W"`` or ``"W:0"``) as a numpy array.

    >>> # tf.train.load_variable("ckpt", "W").shape  -> (784, 10)
    """
    if name.endswith(":0"):
        name = name[:-2]
    with load_checkpoint(ckpt_dir_or_file) as reader:
        return reader.get_tensor(name)


def write_index(f, arrays):
    """Writes the JSON index of ``{name: array}`` to the binary file ``f``."""
    index = {"format": INDEX_FORMAT, "version": INDEX_VERSION, "data_file_suffix": DATA_SUFFIX,
             "variables": {name: {"dtype": a.dtype.name, "shape": list(a.shape)}
                           for name, a in sorted(arrays.items())}}
    f.write(json.dumps(index, indent=1).encode("utf-8"))


__all__ = ["CheckpointState", "CheckpointReader", "NewCheckpointReader", "checkpoint_exists",
           "get_checkpoint_state", "latest_checkpoint", "list_variables", "load_checkpoint",
           "load_variable", "remove_checkpoint", "update_checkpoint_state", "write_atomically"]
