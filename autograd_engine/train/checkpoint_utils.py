"""Initializing Variables from checkpoints (``tf.train.init_from_checkpoint``,
``tf.train.warm_start`` with ``VocabInfo``) and watching a checkpoint directory
(``checkpoints_iterator``, ``get_checkpoint_mtimes``, ``generate_checkpoint_state_proto``).

``init_from_checkpoint`` replaces a Variable's initializer, as TF1's does: the checkpoint is
read when the initializer runs (``global_variables_initializer`` made after the call), not
when the graph is built.

>>> import autograd_engine as tf, os, tempfile
>>> prefix = os.path.join(tempfile.mkdtemp(), "model")
>>> with tf.Graph().as_default(), tf.Session() as sess:
...     with tf.variable_scope("old"):
...         w = tf.get_variable("w", initializer=[1.0, 2.0])
...     sess.run(w.initializer)
...     _ = tf.train.Saver().save(sess, prefix)
>>> with tf.Graph().as_default(), tf.Session() as sess:
...     with tf.variable_scope("new"):
...         w = tf.get_variable("w", [2])
...     tf.train.init_from_checkpoint(prefix, {"old/": "new/"})
...     sess.run(tf.global_variables_initializer())
...     sess.run(w).tolist()
[1.0, 2.0]
"""
import os
import re
import time

import numpy as np

from ..framework.graph import GraphKeys, get_default_graph
from ..ops.init_ops import zeros_initializer
from ..ops.script_ops import py_func
from ..ops.state_ops import assign
from ..ops.variables import Variable
from . import checkpoint_management as ckpt

_PARTITION = re.compile(r"/part_\d+$")


def _reader(ckpt_dir_or_file):
    return ckpt.load_checkpoint(ckpt_dir_or_file)


def _checkpoint_prefix(ckpt_dir_or_file):
    if os.path.isdir(ckpt_dir_or_file):
        latest = ckpt.latest_checkpoint(ckpt_dir_or_file)
        if latest is None:
            raise ValueError("Couldn't find 'checkpoint' file or checkpoints in given directory "
                             "%s" % ckpt_dir_or_file)
        return latest
    return ckpt_dir_or_file


def _set_initializer(variable, prefix, tensor_name, remap=None):
    """Makes ``variable``'s initializer assign ``tensor_name`` read from ``prefix`` (passed
    through ``remap(saved, backup)`` when given) at run time."""
    graph = variable.graph
    inputs = [] if remap is None else [remap[1]]

    def read(*backup):
        with ckpt.CheckpointReader(prefix) as reader:
            saved = reader.get_tensor(tensor_name)
        value = saved if remap is None else remap[0](saved, backup[0])
        return np.asarray(value, dtype=variable.dtype.as_numpy_dtype)
    with graph.as_default(), graph.name_scope(variable.op.name + "/checkpoint_initializer"):
        value = py_func(read, inputs, variable.dtype, stateful=True)
        value.set_shape(variable.shape)
        # TF1 swaps the initializer of the Variable in place the same way.
        variable._initializer_op = assign(variable, value, name="Assign").op
        variable._initial_value = value


def _check_and_set(variable, reader, prefix, tensor_name):
    shapes = reader.get_variable_to_shape_map()
    if tensor_name not in shapes:
        raise ValueError("Tensor %s is not found in %s checkpoint %s"
                         % (tensor_name, prefix, ckpt.describe_names(sorted(shapes))))
    if not variable.shape.is_compatible_with(shapes[tensor_name]):
        raise ValueError("Shape of variable %s (%s) doesn't match with shape of tensor %s (%s) "
                         "from checkpoint reader." % (variable.name, variable.shape, tensor_name,
                                                      list(shapes[tensor_name])))
    _set_initializer(variable, prefix, tensor_name)


def _store_variables(graph):
    """``{name: Variable}`` of the graph's global Variables (TF1's variable store)."""
    return {v.op.name: v for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES)}


def init_from_checkpoint(ckpt_dir_or_file, assignment_map):
    """Initializes current Variables from a checkpoint, by ``assignment_map``:
    ``{"scope/var": var_or_name}`` for one tensor, ``{"old_scope/": "new_scope/"}`` for every
    current Variable under ``new_scope/`` (from ``old_scope/<its rest>``), and
    ``{"/": "new_scope/"}`` for a checkpoint saved without the scope."""
    prefix = _checkpoint_prefix(os.fspath(ckpt_dir_or_file))
    graph = get_default_graph()
    store = _store_variables(graph)
    with _reader(prefix) as reader:
        for tensor_name, current in sorted(assignment_map.items(), key=lambda kv: kv[0]):
            variable = current
            if isinstance(current, str):
                variable = store.get(current)
            if isinstance(variable, (list, tuple)) or isinstance(variable, Variable):
                for part in variable if isinstance(variable, (list, tuple)) else [variable]:
                    _check_and_set(part, reader, prefix, tensor_name)
                continue
            if not isinstance(current, str):
                raise TypeError("assignment_map values are Variables or names, got %r"
                                % (current,))
            if not tensor_name.endswith("/"):
                raise ValueError("Assignment map with scope only name %s should map to scope "
                                 "only %s. Should be 'scope/': 'other_scope/'."
                                 % (current, tensor_name))
            scope = current[:current.rindex("/")] if "/" in current else ""
            matched = sorted(name for name in store
                             if not scope or name.startswith(scope + "/"))
            for name in matched:
                full = name[len(scope):]
                if current != "/":
                    full = full[1:]
                if tensor_name != "/":
                    full = tensor_name + full
                _check_and_set(store[name], reader, prefix, _PARTITION.sub("", full.rstrip("/")))


class VocabInfo:
    """How to warm-start an embedding whose rows follow a vocabulary that changed: row ``i`` of
    the new Variable takes the old row of the same word (``old_vocab``'s first
    ``old_vocab_size`` lines; -1 for all), else ``backup_initializer``'s value (zeros by
    default); the ``num_oov_buckets`` rows after ``new_vocab_size`` take the backup too."""

    def __init__(self, new_vocab, new_vocab_size, num_oov_buckets, old_vocab, old_vocab_size=-1,
                 backup_initializer=None, axis=0):
        if axis not in (0, 1):
            raise ValueError("The only supported values for the axis argument are 0 and 1.  "
                             "Provided axis: %s" % axis)
        self.new_vocab = new_vocab
        self.new_vocab_size = new_vocab_size
        self.num_oov_buckets = num_oov_buckets
        self.old_vocab = old_vocab
        self.old_vocab_size = old_vocab_size
        self.backup_initializer = backup_initializer
        self.axis = axis

    def _words(self, path, size):
        with open(os.fspath(path), encoding="utf-8") as f:
            words = [line.rstrip("\r\n") for line in f]
        return words if size is None or size < 0 else words[:size]

    def remap(self, saved, backup):
        """The new Variable's value: ``backup`` with the rows (columns for ``axis=1``) of the
        words present in the old vocabulary replaced by their saved values."""
        old_rows = {w: i for i, w in reversed(list(enumerate(
            self._words(self.old_vocab, self.old_vocab_size))))}
        new_words = self._words(self.new_vocab, self.new_vocab_size)
        value = np.array(backup, copy=True)
        saved = np.asarray(saved)
        if self.axis == 1:
            value, saved = value.T, saved.T
        for row, word in enumerate(new_words):
            if word in old_rows and old_rows[word] < saved.shape[0]:
                value[row] = saved[old_rows[word]]
        return value.T if self.axis == 1 else value

    def __repr__(self):
        return ("VocabInfo(new_vocab=%r, new_vocab_size=%r, num_oov_buckets=%r, old_vocab=%r, "
                "old_vocab_size=%r, axis=%r)" % (self.new_vocab, self.new_vocab_size,
                                                 self.num_oov_buckets, self.old_vocab,
                                                 self.old_vocab_size, self.axis))


def _backup_value(variable, vocab_info):
    initializer = vocab_info.backup_initializer or zeros_initializer()
    graph = variable.graph
    with graph.as_default(), graph.name_scope(variable.op.name + "/warm_start_backup"):
        return initializer(variable.shape.as_list(), dtype=variable.dtype)


def _vars_to_warm_start(graph, vars_to_warm_start):
    if vars_to_warm_start is None:
        return []
    if isinstance(vars_to_warm_start, str):
        pattern = re.compile(vars_to_warm_start)
        return [v for v in graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
                if pattern.match(v.op.name)]
    found = []
    for item in vars_to_warm_start:
        if isinstance(item, Variable):
            found.append(item)
        elif isinstance(item, str):
            pattern = re.compile(item)
            found.extend(v for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES)
                         if pattern.match(v.op.name) and v not in found)
        else:
            raise ValueError("vars_to_warm_start holds names (regular expressions) or "
                             "Variables, got %r" % (item,))
    return found


def warm_start(ckpt_to_initialize_from, vars_to_warm_start=".*", var_name_to_vocab_info=None,
               var_name_to_prev_var_name=None):
    """Initializes the Variables ``vars_to_warm_start`` selects (a regular expression over the
    trainable Variables' names, a list of them over all global Variables, or a list of
    Variables) from ``ckpt_to_initialize_from``, under their names there
    (``var_name_to_prev_var_name``), remapping vocabularies (``var_name_to_vocab_info``)."""
    vocab_infos = dict(var_name_to_vocab_info or {})
    previous_names = dict(var_name_to_prev_var_name or {})
    prefix = _checkpoint_prefix(os.fspath(ckpt_to_initialize_from))
    variables = _vars_to_warm_start(get_default_graph(), vars_to_warm_start)
    with _reader(prefix) as reader:
        for variable in variables:
            name = variable.op.name
            saved_name = previous_names.get(name, name)
            info = vocab_infos.pop(name, None)
            if info is None:
                _check_and_set(variable, reader, prefix, saved_name)
                continue
            if not reader.has_tensor(saved_name):
                raise ValueError("Tensor %s is not found in %s checkpoint" % (saved_name, prefix))
            _set_initializer(variable, prefix, saved_name,
                             remap=(info.remap, _backup_value(variable, info)))
    if vocab_infos:
        raise ValueError("You provided the following variables in var_name_to_vocab_info that "
                         "did not get warm-started: %s" % sorted(vocab_infos))


def get_checkpoint_mtimes(checkpoint_prefixes):
    """The modification times (seconds since the epoch) of the checkpoints that exist among
    ``checkpoint_prefixes``, in order."""
    return [os.path.getmtime(prefix + ckpt.INDEX_SUFFIX) for prefix in checkpoint_prefixes
            if ckpt.checkpoint_exists(prefix)]


def generate_checkpoint_state_proto(save_dir, model_checkpoint_path,
                                    all_model_checkpoint_paths=None,
                                    all_model_checkpoint_timestamps=None,
                                    last_preserved_timestamp=None):
    """The :class:`~autograd_engine.train.CheckpointState` the state file of ``save_dir``
    would hold; with a relative ``save_dir``, relative paths are made relative to it.

    >>> state = generate_checkpoint_state_proto("run", "run/model-2", ["run/model-1"])
    >>> state.model_checkpoint_path, state.all_model_checkpoint_paths
    ('model-2', ['model-1', 'model-2'])
    """
    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    timestamps = list(all_model_checkpoint_timestamps or [])
    if timestamps and len(timestamps) != len(paths):
        raise ValueError("Checkpoint timestamps, if provided, must match checkpoint paths (got "
                         "paths %s and timestamps %s)" % (paths, timestamps))
    if not os.path.isabs(save_dir):
        def relative(path):
            return path if os.path.isabs(path) else os.path.relpath(path, save_dir)
        model_checkpoint_path = relative(model_checkpoint_path)
        paths = [relative(p) for p in paths]
    return ckpt.CheckpointState(model_checkpoint_path, paths, timestamps,
                                last_preserved_timestamp or 0.0)


def checkpoints_iterator(checkpoint_dir, min_interval_secs=0, timeout=None, timeout_fn=None):
    """Yields each new latest checkpoint of ``checkpoint_dir`` as it appears, at most one per
    ``min_interval_secs``; after ``timeout`` seconds without one, stops (or asks
    ``timeout_fn()``: True stops, False waits again)."""
    checkpoint_path = None
    while True:
        new_path = _wait_for_new_checkpoint(checkpoint_dir, checkpoint_path, timeout=timeout)
        if new_path is None:
            if not timeout_fn or timeout_fn():
                return
            continue
        start = time.time()
        checkpoint_path = new_path
        yield checkpoint_path
        time.sleep(max(0.0, start + min_interval_secs - time.time()))


def _wait_for_new_checkpoint(checkpoint_dir, last_checkpoint=None, seconds_to_sleep=1,
                             timeout=None):
    stop_time = time.time() + timeout if timeout is not None else None
    while True:
        path = ckpt.latest_checkpoint(checkpoint_dir)
        if path is not None and path != last_checkpoint:
            return path
        if stop_time is not None and time.time() + seconds_to_sleep > stop_time:
            return None
        time.sleep(seconds_to_sleep)


__all__ = ["VocabInfo", "checkpoints_iterator", "generate_checkpoint_state_proto",
           "get_checkpoint_mtimes", "init_from_checkpoint", "warm_start"]
