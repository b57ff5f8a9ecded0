"""``tf.train.Checkpoint`` and ``tf.train.CheckpointManager`` in graph mode: object-based
checkpoints of Variables, optimizers and Keras models, written through :class:`Saver` (so a
save is committed as a whole: a failure leaves the previous checkpoint restorable).

A checkpoint key names the path of attributes from the Checkpoint to a Variable, as TF's object
graph does: ``w/.ATTRIBUTES/VARIABLE_VALUE`` for ``Checkpoint(w=v)``,
``model/<variable name>/.ATTRIBUTES/VARIABLE_VALUE`` for a Variable of ``Checkpoint(model=m)``
(m a Keras model, layer, optimizer, list or dict of Variables, or another Checkpoint). The
files are this engine's checkpoints (``tf.train.list_variables`` lists the keys).

>>> import autograd_engine as tf, os, tempfile
>>> prefix = os.path.join(tempfile.mkdtemp(), "ckpt")
>>> with tf.Graph().as_default(), tf.Session() as sess:
...     v = tf.Variable(3.0)
...     checkpoint = tf.train.Checkpoint(v=v)
...     sess.run(v.initializer)
...     path = checkpoint.save(prefix, session=sess)
...     _ = sess.run(v.assign(0.0))
...     checkpoint.restore(path).run_restore_ops(sess)
...     os.path.basename(path), float(sess.run(v))
('ckpt-1', 3.0)
"""
import os

from ..framework import dtypes
from ..framework.default_session import session_for
from ..framework.graph import get_default_graph
from ..ops.variables import Variable, is_variable_initialized
from . import checkpoint_management as ckpt
from .saver import Saver

_VALUE_SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE"
SAVE_COUNTER_KEY = "save_counter" + _VALUE_SUFFIX


def _variables_of(value):
    """The Variables an attribute value holds, as ``[(path under it, Variable)]``."""
    if isinstance(value, Variable):
        return [("", value)]
    if isinstance(value, Checkpoint):
        return list(value._object_variables().items())
    if isinstance(value, dict):
        return [(str(k) + "/" + path if path else str(k), v)
                for k, item in sorted(value.items()) for path, v in _variables_of(item)]
    if isinstance(value, (list, tuple)):
        return [(str(i) + "/" + path if path else str(i), v)
                for i, item in enumerate(value) for path, v in _variables_of(item)]
    for attribute in ("weights", "variables"):
        found = getattr(value, attribute, None)
        if found is not None:
            found = found() if callable(found) else found
            return [(v.op.name, v) for v in found if isinstance(v, Variable)]
    raise ValueError("Checkpoint was expecting a trackable object (a Variable, a Keras layer or "
                     "model, an optimizer, a list or dict of them, or a Checkpoint), got %r. "
                     "If you believe this object should be trackable, it must hold Variables."
                     % (value,))


def _session(session, graph):
    return session_for(session, graph, "Checkpoint.save()")


class CheckpointOptions:
    """Options of ``Checkpoint.save``/``write``/``restore`` (accepted and recorded: the
    device placing the IO has no meaning for this engine's host-side checkpoints)."""

    def __init__(self, experimental_io_device=None, experimental_enable_async_checkpoint=False,
                 **extra):
        self.experimental_io_device = experimental_io_device
        self.experimental_enable_async_checkpoint = experimental_enable_async_checkpoint
        self.extra_options = extra


class _LoadStatus:
    """What ``Checkpoint.restore`` returns: ``run_restore_ops`` (or ``initialize_or_restore``)
    loads the values; the ``assert_*`` methods check what matched, as TF's."""

    def __init__(self, checkpoint, save_path, saved_keys):
        self._checkpoint = checkpoint
        self._save_path = save_path
        self._saved_keys = saved_keys
        self._matched = {k: v for k, v in checkpoint._object_variables(with_counter=True).items()
                         if k in saved_keys}

    def run_restore_ops(self, session=None):
        if self._matched:
            session = _session(session, next(iter(self._matched.values())).graph)
            Saver(self._matched).restore(session, self._save_path)

    def initialize_or_restore(self, session=None):
        """Restores what the checkpoint holds and initializes the other Variables."""
        variables = self._checkpoint._object_variables(with_counter=True)
        missing = [v for k, v in variables.items() if k not in self._matched]
        if missing:
            session = _session(session, missing[0].graph)
            session.run([v.initializer for v in missing])
        self.run_restore_ops(session)

    def assert_consumed(self):
        """Every object Variable was matched and every saved value has an object."""
        ours = set(self._checkpoint._object_variables(with_counter=True))
        unmatched_objects = sorted(ours - set(self._matched))
        unused = sorted(set(self._saved_keys) - ours)
        if unmatched_objects or unused:
            raise AssertionError(
                "Unresolved object in checkpoint %s: Variables without a saved value %s; saved "
                "values without a Variable %s" % (self._save_path, unmatched_objects, unused))
        return self

    def assert_existing_objects_matched(self):
        """Every Variable of the Checkpoint's objects has a saved value."""
        missing = sorted(set(self._checkpoint._object_variables()) - set(self._matched))
        if missing:
            raise AssertionError("Object(s) not matched in checkpoint %s: %s"
                                 % (self._save_path, missing))
        return self

    def assert_nontrivial_match(self):
        if not set(self._matched) - {SAVE_COUNTER_KEY}:
            raise AssertionError("Nothing except the root object matched a checkpointed "
                                 "value in %s." % self._save_path)
        return self

    def expect_partial(self):
        return self


class _InitializationOnlyStatus(_LoadStatus):
    """``restore(None)``: nothing to load; ``initialize_or_restore`` runs the initializers."""

    def __init__(self, checkpoint):
        super().__init__(checkpoint, None, ())

    def assert_consumed(self):
        raise AssertionError("No checkpoint specified (save_path=None); nothing is being "
                             "restored.")

    assert_existing_objects_matched = assert_nontrivial_match = assert_consumed


class Checkpoint:
    """Groups trackable objects (keyword arguments) to save and restore together.

    ``save(file_prefix, session=None)`` writes ``<file_prefix>-<n>`` (n counts saves) and
    updates the ``checkpoint`` state file; ``write`` writes ``file_prefix`` alone;
    ``restore(path)`` / ``read(path)`` return a status whose ``run_restore_ops(session)``
    loads the values. ``session`` defaults to the default session.
    """

    def __init__(self, **kwargs):
        for name, value in kwargs.items():
            if name == "save_counter":
                raise ValueError("'save_counter' is reserved for the Checkpoint's own counter.")
            _variables_of(value)  # refuse what cannot be tracked now, not at the first save
        self._objects = dict(kwargs)
        self._save_counter = self._counter_ops = None
        self._saver_cache = (None, None)

    def __setattr__(self, name, value):
        """A public attribute set later is tracked too, as TF's ``ckpt.step = v``."""
        if name.startswith("_"):
            object.__setattr__(self, name, value)
            return
        if name == "save_counter":
            raise ValueError("'save_counter' is reserved for the Checkpoint's own counter.")
        _variables_of(value)
        self._objects[name] = value

    def __getattr__(self, name):
        objects = self.__dict__.get("_objects", {})
        if name in objects:
            return objects[name]
        raise AttributeError("'Checkpoint' object has no attribute %r" % name)

    @property
    def save_counter(self):
        """The int64 Variable counting ``save`` calls (made on first use)."""
        if self._save_counter is None:
            graph = get_default_graph()
            with graph.name_scope(None):
                counter = Variable(0, dtype=dtypes.int64, trainable=False, collections=[],
                                   name="save_counter")
                # built once: a save inside a training loop must not grow the graph
                self._counter_ops = (is_variable_initialized(counter), counter.assign_add(1))
                self._save_counter = counter
        return self._save_counter

    def _object_variables(self, with_counter=False):
        """``{checkpoint key: Variable}`` of every tracked object (and the counter)."""
        found = {}
        for name, value in sorted(self._objects.items()):
            for path, variable in _variables_of(value):
                key = name + "/" + path if path else name
                found[key if key.endswith(_VALUE_SUFFIX) else key + _VALUE_SUFFIX] = variable
        if with_counter and self._save_counter is not None:
            found[SAVE_COUNTER_KEY] = self._save_counter
        return found

    def _saver(self, max_to_keep=None, keep_checkpoint_every_n_hours=None):
        variables = self._object_variables(with_counter=True)
        key = (tuple((k, id(v)) for k, v in sorted(variables.items())), max_to_keep,
               keep_checkpoint_every_n_hours)
        if self._saver_cache[0] != key:
            saver = Saver(variables, max_to_keep=max_to_keep, allow_empty=True,
                          keep_checkpoint_every_n_hours=keep_checkpoint_every_n_hours or 10000.0)
            self._saver_cache = (key, saver)
        return self._saver_cache[1]

    def _count_save(self, session):
        counter = self.save_counter
        session = _session(session, counter.graph)
        initialized, increment = self._counter_ops
        if not session.run(initialized):
            session.run(counter.initializer)
        return session, int(session.run(increment))

    def write(self, file_prefix, session=None, options=None):
        """Writes the values to the checkpoint ``file_prefix`` (no counter, no state file)."""
        del options
        saver = self._saver()
        session = _session(session, get_default_graph())
        return saver.save(session, os.fspath(file_prefix), write_meta_graph=False,
                          write_state=False)

    def save(self, file_prefix, session=None, options=None):
        """Writes ``<file_prefix>-<save_counter>`` and makes it the directory's latest."""
        del options
        session, number = self._count_save(session)
        return self._saver().save(session, os.fspath(file_prefix), global_step=number,
                          write_meta_graph=False)

    def read(self, save_path, options=None):
        """:meth:`restore` (TF2 separates the two for the counter; here they are one)."""
        return self.restore(save_path, options)

    def restore(self, save_path, options=None):
        """A load status for the checkpoint ``save_path`` (None: nothing to restore)."""
        del options
        if save_path is None:
            return _InitializationOnlyStatus(self)
        save_path = os.fspath(save_path)
        if not ckpt.checkpoint_exists(save_path):
            raise ValueError("The passed save_path is not a valid checkpoint: %s" % save_path)
        self.save_counter  # noqa: B018 - a saved counter restores into it
        with ckpt.CheckpointReader(save_path) as reader:
            keys = set(reader.get_variable_to_shape_map())
        return _LoadStatus(self, save_path, keys)


class CheckpointManager:
    """Keeps the last ``max_to_keep`` checkpoints of a :class:`Checkpoint` in ``directory``
    (``<checkpoint_name>-<n>``), and one every ``keep_checkpoint_every_n_hours`` for good.

    >>> import autograd_engine as tf, tempfile
    >>> with tf.Graph().as_default(), tf.Session() as sess:
    ...     v = tf.Variable(1.0)
    ...     sess.run(v.initializer)
    ...     manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=v), tempfile.mkdtemp(),
    ...                                          max_to_keep=2)
    ...     paths = [manager.save() for _ in range(3)]
    ...     [os.path.basename(p) for p in manager.checkpoints]
    ['ckpt-2', 'ckpt-3']
    """

    def __init__(self, checkpoint, directory, max_to_keep, keep_checkpoint_every_n_hours=None,
                 checkpoint_name="ckpt", step_counter=None, checkpoint_interval=None,
                 init_fn=None):
        if not isinstance(checkpoint, Checkpoint):
            raise TypeError("CheckpointManager expects a tf.train.Checkpoint, got %r"
                            % (checkpoint,))
        if checkpoint_interval is not None and step_counter is None:
            raise ValueError("`step_counter` should be passed if `checkpoint_interval` is "
                             "not None.")
        if max_to_keep is not None and max_to_keep <= 0:
            raise ValueError("Expected a positive integer or `None` for `max_to_keep`, got %d."
                             % max_to_keep)
        self._checkpoint = checkpoint
        self._directory = os.fspath(directory)
        self._max_to_keep = max_to_keep
        self._keep_hours = keep_checkpoint_every_n_hours
        self._prefix = os.path.join(self._directory, checkpoint_name)
        self._step_counter = step_counter
        self._interval = checkpoint_interval
        self._last_step = None
        self._init_fn = init_fn
        state = ckpt.get_checkpoint_state(self._directory)
        self._checkpoints = list(state.all_model_checkpoint_paths) if state else []
        self._latest = state.model_checkpoint_path if state else None

    directory = property(lambda self: self._directory)
    checkpoint = property(lambda self: self._checkpoint)
    latest_checkpoint = property(lambda self: self._latest)
    checkpoint_interval = property(lambda self: self._interval)

    @property
    def checkpoints(self):
        """The kept checkpoint prefixes, oldest first."""
        return list(self._checkpoints)

    def save(self, checkpoint_number=None, check_interval=True, options=None, session=None):
        """Saves ``<checkpoint_name>-<n>`` (n: ``checkpoint_number``, else the Checkpoint's
        save counter), deletes what falls beyond ``max_to_keep``; returns the prefix, or None
        when ``checkpoint_interval`` steps have not passed since the last save."""
        del options
        session = _session(session, get_default_graph())
        if self._interval is not None and check_interval:
            step = int(session.run(self._step_counter))
            if self._last_step is not None and step < self._last_step + self._interval:
                return None
            self._last_step = step
        counted_session, counted = self._checkpoint._count_save(session)
        number = counted if checkpoint_number is None else checkpoint_number
        if not isinstance(number, int):
            number = int(counted_session.run(number))
        os.makedirs(self._directory, exist_ok=True)
        saver = self._checkpoint._saver(self._max_to_keep, self._keep_hours)
        saver.recover_last_checkpoints(self._checkpoints)
        path = saver.save(counted_session, self._prefix, global_step=number,
                          write_meta_graph=False)
        self._latest = path
        self._checkpoints = (saver.last_checkpoints if self._max_to_keep
                             else self._checkpoints + [path])
        return path

    def restore_or_initialize(self, session=None):
        """Restores the latest checkpoint (returning its path), or runs ``init_fn`` (or the
        Variables' initializers) and returns None."""
        if self._latest is not None:
            self._checkpoint.restore(self._latest).initialize_or_restore(session)
            return self._latest
        if self._init_fn is not None:
            self._init_fn()
        else:
            self._checkpoint.restore(None).initialize_or_restore(session)
        return None


__all__ = ["Checkpoint", "CheckpointManager", "CheckpointOptions"]
