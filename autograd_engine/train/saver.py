"""``tf.train.Saver`` (checkpoints of Variable values) and ``export_meta_graph`` /
``import_meta_graph`` (the graph itself, so a model reloads without the code that built it).

The file layout and the atomic write order are described in ``checkpoint_management.py``; the
meta graph's JSON format in ``train/meta_graph.py``.

>>> import autograd_engine as tf, tempfile, os
>>> tf.reset_default_graph()
>>> w = tf.Variable([1.0, 2.0], name="w")
>>> saver = tf.train.Saver()
>>> with tf.Session() as sess:
...     sess.run(tf.global_variables_initializer())
...     path = saver.save(sess, os.path.join(tempfile.mkdtemp(), "model"), global_step=7)
>>> os.path.basename(path), tf.train.list_variables(path)
('model-7', [('w', [2])])
"""
import numbers
import os
import time
import zipfile

import numpy as np

from ..framework import errors
from ..framework.graph import GraphKeys, get_default_graph
from ..framework.tensor import Operation, Tensor
from ..ops.variables import Variable
from . import checkpoint_management as ckpt
from . import meta_graph as meta_graph_lib


def _write_values(f, arrays):
    """Writes ``{name: array}`` to the binary file ``f`` as an uncompressed ``.npz`` (what
    ``np.savez`` writes, without its reserved keyword names)."""
    with zipfile.ZipFile(f, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name in sorted(arrays):
            with archive.open(name + ".npy", "w", force_zip64=True) as entry:
                np.lib.format.write_array(entry, np.asarray(arrays[name]), allow_pickle=False)


def _as_variable(item):
    """The ``tf.Variable`` behind a Variable, its ref tensor or its op."""
    if isinstance(item, Variable):
        return item
    op = item.op if isinstance(item, Tensor) else item
    if isinstance(op, Operation) and "python_variable" in op.attrs:
        return op.attrs["python_variable"]
    raise TypeError("Variable to save is not a Variable: %r" % (item,))


def _variables_by_name(var_list):
    """``{checkpoint name: Variable}`` from a list or dict ``var_list``."""
    if isinstance(var_list, dict):
        named = {}
        for name, item in var_list.items():
            if not isinstance(name, str):
                raise TypeError("The keys of a Saver's var_list dict are checkpoint names "
                                "(strings), got %r" % (name,))
            named[name] = _as_variable(item)
        return named
    named = {}
    for item in var_list:
        variable = _as_variable(item)
        name = variable.op.name
        if name in named:
            if named[name] is variable:
                raise ValueError("Variable %s is in the Saver's var_list twice." % name)
            raise ValueError("At least two variables have the same name: %s" % name)
        named[name] = variable
    return named


class Saver:
    """Saves and restores Variables (``var_list``: None for every global Variable, a list, or a
    ``{checkpoint name: Variable}`` dict), keeping the ``max_to_keep`` newest checkpoints.

    >>> import autograd_engine as tf
    >>> tf.reset_default_graph()
    >>> v = tf.Variable(3.0, name="v")
    >>> tf.train.Saver({"renamed": v}).as_saver_def()["var_list"]
    {'renamed': 'v'}
    """

    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5,
                 keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False,
                 saver_def=None, builder=None, defer_build=False, allow_empty=False,
                 write_version=2, pad_step_number=False, save_relative_paths=False,
                 filename=None):
        self._var_list = var_list
        self._max_to_keep = max_to_keep
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._name = name or "save"
        self._allow_empty = allow_empty
        self._pad_step_number = pad_step_number
        self._filename = filename
        self._graph = get_default_graph()
        self._variables = None
        self._last_checkpoints = []  # [(prefix, time written)], oldest first
        self._checkpoints_to_be_deleted = []
        self._next_checkpoint_time = time.time() + keep_checkpoint_every_n_hours * 3600
        self._meta_cache = (None, None)  # (graph state key, JSON bytes)
        if not defer_build:
            self.build()

    def build(self):
        """Resolves ``var_list`` (done by the constructor unless ``defer_build=True``)."""
        if self._variables is not None:
            return
        var_list = self._var_list
        if var_list is None:
            var_list = self._graph.get_collection(GraphKeys.GLOBAL_VARIABLES)
        named = _variables_by_name(var_list)
        if not named and not self._allow_empty:
            raise ValueError("No variables to save")
        if named:
            self._graph = next(iter(named.values())).graph
        self._variables = named
        self._names = sorted(named)
        self._fetches = [named[n] for n in self._names]

    # ------------------------------------------------------------------ save
    def save(self, sess, save_path, global_step=None, latest_filename=None,
             meta_graph_suffix="meta", write_meta_graph=True, write_state=True,
             strip_default_attrs=False, save_debug_info=False):
        """Writes the Variables' values in ``sess`` to the checkpoint ``save_path`` (with
        ``-<global_step>`` appended when given) and returns its prefix. Also writes
        ``<prefix>.meta`` (the graph) and updates the ``checkpoint`` state file, deleting
        checkpoints beyond ``max_to_keep``. Every file is replaced atomically, the state file
        last.

        >>> # saver.save(sess, "ckpt/model", global_step=100)  -> "ckpt/model-100"
        """
        self.build()
        if not hasattr(sess, "run"):
            raise TypeError("'sess' must be a Session; %s" % (sess,))
        latest_filename = latest_filename or ckpt.STATE_FILENAME
        if os.path.split(latest_filename)[0]:
            raise ValueError("'latest_filename' must not contain path components")
        if global_step is not None:
            if not isinstance(global_step, numbers.Integral):
                global_step = sess.run(global_step)
            pattern = "%s-%08d" if self._pad_step_number else "%s-%d"
            prefix = pattern % (save_path, int(global_step))
        else:
            prefix = save_path
        save_dir = os.path.dirname(prefix)
        if save_dir and not os.path.isdir(save_dir):
            raise ValueError("Parent directory of %s doesn't exist, can't save." % save_path)
        if not self._variables:
            return None
        arrays = dict(zip(self._names, sess.run(self._fetches)))
        timestamp = time.time()
        try:
            # The index is the checkpoint's commit record: it goes after the values and the
            # graph, and the state file after it.
            ckpt.write_atomically(prefix + ckpt.DATA_SUFFIX, lambda f: _write_values(f, arrays))
            if write_meta_graph:
                text = self._meta_graph_bytes()
                ckpt.write_atomically(prefix + "." + meta_graph_suffix, lambda f: f.write(text))
            ckpt.write_atomically(prefix + ckpt.INDEX_SUFFIX, lambda f: ckpt.write_index(f, arrays))
            if write_state:
                kept, dropped = self._kept_after(prefix, timestamp)
                ckpt.update_checkpoint_state(
                    save_dir or ".", prefix, [p for p, _ in kept] or [prefix], latest_filename,
                    [t for _, t in kept] or [timestamp],
                    self._next_checkpoint_time - self._keep_checkpoint_every_n_hours * 3600)
                self._last_checkpoints = kept
                self._checkpoints_to_be_deleted.extend(dropped)
        except OSError as e:
            raise type(e)(e.errno, "Could not save checkpoint %s: %s. The previous checkpoints "
                                   "and the '%s' state file were left as they were."
                          % (prefix, e.strerror or e, latest_filename)) from e
        if write_state:
            self._maybe_delete_old_checkpoints(meta_graph_suffix)
        return prefix

    def _meta_graph_bytes(self):
        """The meta graph as JSON bytes, serialized again only when the graph changed."""
        graph = self._graph
        key = (graph.version, graph._structure_version,
               tuple((k, len(graph.get_collection_ref(k)))
                     for k in graph.get_all_collection_keys()))
        if self._meta_cache[0] != key:
            meta = meta_graph_lib.graph_to_meta_graph(graph, saver_def=self.as_saver_def())
            self._meta_cache = (key, meta_graph_lib.to_json(meta).encode("utf-8"))
        return self._meta_cache[1]

    def _kept_after(self, prefix, timestamp):
        """(checkpoints kept, checkpoints beyond max_to_keep) once ``prefix`` is written;
        with ``max_to_keep`` None or 0 nothing is tracked (or deleted), as in TF1."""
        if not self._max_to_keep:
            return [], []
        kept = [(p, t) for p, t in self._last_checkpoints if p != prefix] + [(prefix, timestamp)]
        excess = max(0, len(kept) - self._max_to_keep)
        return kept[excess:], kept[:excess]

    def _maybe_delete_old_checkpoints(self, meta_graph_suffix):
        while self._checkpoints_to_be_deleted:
            prefix, written = self._checkpoints_to_be_deleted.pop(0)
            if written > self._next_checkpoint_time:
                # One checkpoint every keep_checkpoint_every_n_hours is kept for good.
                self._next_checkpoint_time += self._keep_checkpoint_every_n_hours * 3600
                continue
            ckpt.remove_checkpoint(prefix, meta_graph_suffix=meta_graph_suffix)

    # ------------------------------------------------------------------ restore
    def restore(self, sess, save_path):
        """Loads the saved values of this Saver's Variables into ``sess``. Every Variable is
        checked (present, same dtype and shape) before any is written.

        >>> # saver.restore(sess, tf.train.latest_checkpoint("ckpt"))
        """
        self.build()
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        if not ckpt.checkpoint_exists(save_path):
            raise ValueError("The passed save_path is not a valid checkpoint: %s (there is no "
                             "%s%s)" % (save_path, save_path, ckpt.INDEX_SUFFIX))
        with ckpt.CheckpointReader(save_path) as reader:
            self._check_compatible(reader, save_path)
            values = [(self._variables[n], reader.get_tensor(n)) for n in self._names]
        for variable, value in values:
            variable.load(value, sess)

    def _check_compatible(self, reader, save_path):
        shapes, dtypes_ = reader.get_variable_to_shape_map(), reader.get_variable_to_dtype_map()
        missing = [n for n in self._names if n not in shapes]
        if missing:
            variable = self._variables[missing[0]]
            raise errors.NotFoundError(
                None, variable.op,
                "Key %s not found in checkpoint %s: the graph's Variable '%s' (shape %s) has no "
                "saved value%s. The checkpoint holds: %s. Restore only what it has with "
                "tf.train.Saver(var_list=[...]), or map its names to your Variables with a dict "
                "var_list." % (missing[0], save_path, variable.op.name, variable.shape,
                               "; nor do %s" % ", ".join(missing[1:]) if missing[1:] else "",
                               ckpt.describe_names(shapes)))
        for name in self._names:
            variable = self._variables[name]
            if dtypes_[name] != variable.dtype:
                raise errors.InvalidArgumentError(
                    None, variable.op,
                    "tensor_name = %s; expected dtype %s does not equal original dtype %s, "
                    "restoring Variable '%s' from checkpoint %s"
                    % (name, variable.dtype.name, dtypes_[name].name, variable.op.name, save_path))
            saved = shapes[name]
            if not variable.shape.is_compatible_with(saved):
                raise errors.InvalidArgumentError(
                    None, variable.op,
                    "Restoring from checkpoint %s failed: Variable '%s' has shape %s in the "
                    "graph but %s in the checkpoint (key %s). Assign requires shapes of both "
                    "tensors to match. lhs shape= %s rhs shape= %s" % (
                        save_path, variable.op.name, variable.shape.as_list(), saved, name,
                        variable.shape.bracketed().replace(", ", ","),
                        "[%s]" % ",".join(str(d) for d in saved)))

    # ------------------------------------------------------------------ bookkeeping
    @property
    def last_checkpoints(self):
        """The prefixes of the checkpoints still kept, oldest first."""
        return [p for p, _ in self._last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints):
        self._last_checkpoints = [(p, time.time()) for p in last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time):
        self._last_checkpoints = list(last_checkpoints_with_time)

    def recover_last_checkpoints(self, checkpoint_paths):
        """Takes over the existing checkpoints among ``checkpoint_paths`` (from a state file),
        so ``max_to_keep`` counts them after a restart."""
        self._last_checkpoints = [(p, os.path.getmtime(p + ckpt.INDEX_SUFFIX))
                                  for p in checkpoint_paths if ckpt.checkpoint_exists(p)]

    def as_saver_def(self):
        """This Saver as a dict (stored in meta graphs so ``import_meta_graph`` rebuilds it)."""
        self.build()
        return {"var_list": {name: self._variables[name].op.name for name in self._names},
                "max_to_keep": self._max_to_keep,
                "keep_checkpoint_every_n_hours": self._keep_checkpoint_every_n_hours,
                "pad_step_number": self._pad_step_number}

    to_proto = as_saver_def

    def export_meta_graph(self, filename=None, collection_list=None, as_text=False,
                          export_scope=None, clear_devices=False, clear_extraneous_savers=False,
                          strip_default_attrs=False, save_debug_info=False):
        """``tf.train.export_meta_graph`` of this Saver's graph, with this Saver in it."""
        return export_meta_graph(filename=filename, saver_def=self.as_saver_def(),
                                 collection_list=collection_list, graph=self._graph,
                                 export_scope=export_scope, clear_devices=clear_devices)


# ------------------------------------------------------------------ meta graphs
def export_meta_graph(filename=None, meta_info_def=None, graph_def=None, saver_def=None,
                      collection_list=None, as_text=False, graph=None, export_scope=None,
                      clear_devices=False, clear_extraneous_savers=False,
                      strip_default_attrs=False, save_debug_info=False, **kwargs):
    """Returns the meta graph of ``graph`` (default: the default graph) as a JSON-ready dict and,
    with ``filename``, writes it there (atomically) as JSON.

    >>> import autograd_engine as tf
    >>> tf.reset_default_graph()
    >>> _ = tf.Variable(1.0, name="w")
    >>> tf.train.export_meta_graph()["variables"][0]["name"]
    'w'
    """
    if graph_def is not None:
        raise ValueError("graph_def is not supported: pass graph=<tf.Graph> instead.")
    meta = meta_graph_lib.graph_to_meta_graph(graph, collection_list=collection_list,
                                              export_scope=export_scope,
                                              clear_devices=clear_devices, saver_def=saver_def)
    if isinstance(meta_info_def, dict):
        meta["meta_info"].update(meta_info_def)
    if filename:
        text = meta_graph_lib.to_json(meta).encode("utf-8")
        ckpt.write_atomically(filename, lambda f: f.write(text))
    return meta


def import_meta_graph(meta_graph_or_file, clear_devices=False, import_scope=None, **kwargs):
    """Rebuilds a graph written by :func:`export_meta_graph` (or ``Saver.save``) in the default
    graph: its ops, ``tf.Variable`` objects and collections. Returns a Saver for its Variables
    (checkpoint names as when saved, also under ``import_scope``), or None if it has none.

    >>> # saver = tf.train.import_meta_graph("ckpt/model-100.meta")
    >>> # saver.restore(sess, "ckpt/model-100")
    >>> # accuracy = tf.get_default_graph().get_tensor_by_name("accuracy:0")
    """
    if isinstance(meta_graph_or_file, (str, os.PathLike)):
        path = os.fspath(meta_graph_or_file)
        try:
            with open(path, "rb") as f:
                meta = meta_graph_lib.from_json(f.read())
        except FileNotFoundError:
            hint = " (a checkpoint prefix? its graph is '%s.meta')" % path \
                if os.path.exists(path + ".meta") else ""
            raise FileNotFoundError("File %s does not exist.%s" % (path, hint)) from None
    else:
        meta = meta_graph_or_file
    graph = get_default_graph()
    variables = meta_graph_lib.import_meta_graph_dict(meta, graph, clear_devices=clear_devices,
                                                      import_scope=import_scope)
    saver_def = meta.get("saver")
    if saver_def is not None:
        var_list = {name: variables[op_name] for name, op_name in saver_def["var_list"].items()}
        return Saver(var_list, max_to_keep=saver_def.get("max_to_keep", 5),
                     keep_checkpoint_every_n_hours=saver_def.get(
                         "keep_checkpoint_every_n_hours", 10000.0),
                     pad_step_number=saver_def.get("pad_step_number", False))
    global_names = [item["variable"] for item in
                    meta.get("collections", {}).get(GraphKeys.GLOBAL_VARIABLES, ())]
    if not global_names:
        return None
    return Saver({name: variables[name] for name in global_names})


__all__ = ["Saver", "export_meta_graph", "import_meta_graph"]
