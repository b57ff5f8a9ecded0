"""Long training runs: ``MonitoredTrainingSession`` and the monitored sessions it makes (the
hooks TF1 ships are in ``basic_session_run_hooks.py``, the hook API in ``session_run_hook.py``).

A monitored session creates the Session, initializes the Variables or restores them from the
newest checkpoint in ``checkpoint_dir``, and around every ``run`` lets hooks add fetches and
feeds, look at the results and ask to stop. A run killed at any step and started again resumes
from its last checkpoint: no more than the steps since that checkpoint are lost.

>>> import autograd_engine as tf
>>> step = tf.train.get_or_create_global_step()
>>> train = tf.assign_add(step, 1)
>>> with tf.train.MonitoredTrainingSession(hooks=[tf.train.StopAtStepHook(last_step=3)],
...                                        log_step_count_steps=None) as sess:
...     while not sess.should_stop():
...         last = sess.run(train)
>>> int(last)
3
>>> tf.get_default_graph().finalized  # as in TF1: build everything before the session starts
True
>>> tf.reset_default_graph()  # a fresh graph for what comes next
"""
import logging

from ..client.session import Session
from ..framework import errors
from ..framework.graph import GraphKeys, get_default_graph
from ..ops.variables import global_variables_initializer, local_variables_initializer
from . import checkpoint_management
from .basic_session_run_hooks import SAVERS, CheckpointSaverHook, StepCounterHook
from .coordinator import Coordinator
from .queue_runner import start_queue_runners
from .saver import Saver
from .session_run_hook import SessionRunArgs, SessionRunContext, SessionRunValues

logger = logging.getLogger("autograd_engine.train")

USE_DEFAULT = object()
LOCAL_INIT_OP = "local_init_op"


# ------------------------------------------------------------------ creating sessions
class Scaffold:
    """What a monitored session needs to create a ready Session; missing parts get defaults
    when it is finalized (which also finalizes the graph: no op may be added afterwards)."""

    def __init__(self, init_op=None, init_feed_dict=None, init_fn=None, ready_op=None,
                 ready_for_local_init_op=None, local_init_op=None, summary_op=None, saver=None,
                 copy_from_scaffold=None):
        if copy_from_scaffold is not None:
            init_op = init_op or copy_from_scaffold.init_op
            init_feed_dict = init_feed_dict or copy_from_scaffold.init_feed_dict
            init_fn = init_fn or copy_from_scaffold._user_init_fn
            local_init_op = local_init_op or copy_from_scaffold.local_init_op
            saver = saver or copy_from_scaffold.saver
        self._init_op = init_op
        self._init_feed_dict = init_feed_dict
        self._user_init_fn = init_fn
        self._ready_op = ready_op
        self._ready_for_local_init_op = ready_for_local_init_op
        self._local_init_op = local_init_op
        self._summary_op = summary_op
        self._saver = saver

    init_op = property(lambda self: self._init_op)
    init_feed_dict = property(lambda self: self._init_feed_dict)
    ready_op = property(lambda self: self._ready_op)
    ready_for_local_init_op = property(lambda self: self._ready_for_local_init_op)
    local_init_op = property(lambda self: self._local_init_op)
    summary_op = property(lambda self: self._summary_op)
    saver = property(lambda self: self._saver)

    @property
    def init_fn(self):
        if self._user_init_fn is None:
            return None
        return lambda sess: self._user_init_fn(self, sess)

    def finalize(self):
        """Fills in the defaults and finalizes the graph."""
        graph = get_default_graph()
        # Defaults are kept in collections, so a second monitored session on the same
        # (finalized) graph reuses them instead of adding ops.
        if self._init_op is None:
            self._init_op = _get_or_default(graph, GraphKeys.INIT_OP, global_variables_initializer)
        if self._local_init_op is None:
            self._local_init_op = _get_or_default(graph, LOCAL_INIT_OP, local_variables_initializer)
        if self._saver is None:
            self._saver = _get_or_default(graph, SAVERS, lambda: Saver(allow_empty=True))
        graph.finalize()
        return self


def _get_or_default(graph, key, make_default):
    items = graph.get_collection(key)
    if len(items) > 1:
        raise RuntimeError("More than one item in collection %s. Please indicate which one to use "
                           "by passing it to the tf.train.Scaffold constructor." % key)
    if items:
        return items[0]
    item = make_default()
    graph.add_to_collection(key, item)
    return item


class SessionCreator:
    """What a monitored session creates its Session with: ``create_session()``."""

    def create_session(self):
        raise NotImplementedError("A SessionCreator subclass defines create_session().")


class ChiefSessionCreator(SessionCreator):
    """Creates the Session: restores the newest checkpoint of ``checkpoint_dir`` (or
    ``checkpoint_filename_with_path``) when there is one, else runs the init op and
    ``init_fn``; then the local init op."""

    def __init__(self, scaffold=None, master="", config=None, checkpoint_dir=None,
                 checkpoint_filename_with_path=None):
        self._scaffold = scaffold or Scaffold()
        self._config = config
        self._checkpoint_dir = checkpoint_dir
        self._checkpoint_path = checkpoint_filename_with_path

    def create_session(self):
        scaffold = self._scaffold.finalize()
        session = Session(graph=get_default_graph(), config=self._config)
        path = self._checkpoint_path
        if path is None and self._checkpoint_dir:
            path = checkpoint_management.latest_checkpoint(self._checkpoint_dir)
        # The init op runs even before a restore, so that Variables the checkpoint does not
        # cover (a Saver with a partial var_list) start initialized rather than unusable.
        session.run(scaffold.init_op, feed_dict=scaffold.init_feed_dict)
        if path is not None:
            logger.info("Restoring parameters from %s", path)
            scaffold.saver.restore(session, path)
        elif scaffold.init_fn is not None:
            scaffold.init_fn(session)
        session.run(scaffold.local_init_op)
        return session


WorkerSessionCreator = ChiefSessionCreator


class _StepContext:
    """What ``run_step_fn``'s function gets: the raw Session, ``run_with_hooks`` and
    ``request_stop``."""

    def __init__(self, monitored_session):
        self._monitored = monitored_session

    session = property(lambda self: self._monitored._session)

    def run_with_hooks(self, *args, **kwargs):
        return self._monitored.run(*args, **kwargs)

    def request_stop(self):
        self._monitored._coord.request_stop()


class MonitoredSession:
    """A Session wrapped with hooks: ``run`` passes through every hook, ``should_stop`` says when
    one asked to stop; use it as a context manager (an ``OutOfRangeError`` or ``StopIteration``
    ending the block counts as a normal end)."""

    def __init__(self, session_creator=None, hooks=None, stop_grace_period_secs=120):
        self._hooks = list(hooks or [])
        for hook in self._hooks:
            hook.begin()
        self._session = (session_creator or ChiefSessionCreator()).create_session()
        self._coord = Coordinator()
        self._closed = False
        # i17b: as TF1's coordinated session, the graph's queue runners start with it
        self._stop_grace_period_secs = stop_grace_period_secs
        self._threads = start_queue_runners(self._session, self._coord)
        for hook in self._hooks:
            hook.after_create_session(self._session, self._coord)

    graph = property(lambda self: self._session.graph)

    def should_stop(self):
        return self._closed or self._coord.should_stop()

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """``Session.run`` with every hook's ``before_run`` fetches and feeds added and its
        ``after_run`` called with their results."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed MonitoredSession.")
        if self._coord.should_stop():
            raise RuntimeError("Run called even after should_stop requested.")
        args = SessionRunArgs(fetches, feed_dict, options)
        context = SessionRunContext(args, self._session)
        all_fetches, feeds, requesters = [fetches], dict(feed_dict or {}), []
        for hook in self._hooks:
            request = hook.before_run(context)
            if request is None:
                continue
            if request.feed_dict:
                conflicts = [getattr(k, "name", k) for k in request.feed_dict if k in feeds]
                if conflicts:
                    raise RuntimeError("Same tensor is fed by a SessionRunHook and user. "
                                       "Conflict(s): %s" % conflicts)
                feeds.update(request.feed_dict)
            if request.fetches is not None:
                all_fetches.append(request.fetches)
                requesters.append(hook)
        results = self._session.run(all_fetches, feed_dict=feeds or None, options=options,
                                    run_metadata=run_metadata)
        hook_results = dict(zip(requesters, results[1:]))
        for hook in self._hooks:
            hook.after_run(context, SessionRunValues(hook_results.get(hook), options,
                                                     run_metadata))
        if context.stop_requested:
            self._coord.request_stop()
        return results[0]

    def run_step_fn(self, step_fn):
        """Calls ``step_fn(step_context)`` (``step_context.run_with_hooks(...)``,
        ``.session``, ``.request_stop()``) and returns its result."""
        return step_fn(_StepContext(self))

    def close(self):
        self._close(None)

    def _close(self, exception_type):
        if self._closed:
            return
        try:
            if exception_type is None:
                for hook in self._hooks:
                    hook.end(self._session)
        finally:
            self._closed = True
            self._coord.request_stop()
            try:
                self._coord.join(self._threads, self._stop_grace_period_secs,
                                 ignore_live_threads=True)
            finally:
                self._session.close()

    def __enter__(self):
        return self

    def __exit__(self, exception_type, exception_value, traceback):
        if exception_type in (errors.OutOfRangeError, StopIteration):
            exception_type = None
        self._close(exception_type)
        return exception_type is None


class SingularMonitoredSession(MonitoredSession):
    """A MonitoredSession for one process, with ``raw_session()``."""

    def __init__(self, hooks=None, scaffold=None, master="", config=None, checkpoint_dir=None,
                 stop_grace_period_secs=120, checkpoint_filename_with_path=None):
        creator = ChiefSessionCreator(scaffold, master, config, checkpoint_dir,
                                      checkpoint_filename_with_path)
        super().__init__(creator, hooks, stop_grace_period_secs)

    def raw_session(self):
        return self._session


def MonitoredTrainingSession(master="", is_chief=True, checkpoint_dir=None,  # noqa: N802
                             scaffold=None, hooks=None, chief_only_hooks=None,
                             save_checkpoint_secs=USE_DEFAULT, save_summaries_steps=USE_DEFAULT,
                             save_summaries_secs=USE_DEFAULT, config=None,
                             stop_grace_period_secs=120, log_step_count_steps=100,
                             max_wait_secs=7200, save_checkpoint_steps=USE_DEFAULT,
                             summary_dir=None):
    """A :class:`MonitoredSession` for training: restores from the newest checkpoint in
    ``checkpoint_dir`` or initializes, and (on the chief) saves a checkpoint every
    ``save_checkpoint_secs`` (600 when neither interval is given, as in TF1) or
    ``save_checkpoint_steps``, and logs steps per second every ``log_step_count_steps``.

    >>> # with tf.train.MonitoredTrainingSession(checkpoint_dir="ckpt", save_checkpoint_steps=100,
    >>> #         hooks=[tf.train.StopAtStepHook(last_step=10000)]) as sess:
    >>> #     while not sess.should_stop():
    >>> #         sess.run(train_op)
    """
    if save_checkpoint_steps is USE_DEFAULT and save_checkpoint_secs is USE_DEFAULT:
        save_checkpoint_steps, save_checkpoint_secs = None, 600
    elif save_checkpoint_secs is USE_DEFAULT:
        save_checkpoint_secs = None
    elif save_checkpoint_steps is USE_DEFAULT:
        save_checkpoint_steps = None
    scaffold = scaffold or Scaffold()
    all_hooks = list(chief_only_hooks or []) if is_chief else []
    all_hooks.extend(hooks or [])
    if is_chief:
        if log_step_count_steps and log_step_count_steps > 0:
            all_hooks.append(StepCounterHook(every_n_steps=log_step_count_steps))
        if checkpoint_dir and ((save_checkpoint_secs and save_checkpoint_secs > 0) or
                               (save_checkpoint_steps and save_checkpoint_steps > 0)):
            all_hooks.append(CheckpointSaverHook(
                checkpoint_dir, save_steps=save_checkpoint_steps,
                save_secs=None if save_checkpoint_steps else save_checkpoint_secs,
                scaffold=scaffold))
    creator = ChiefSessionCreator(scaffold, master, config, checkpoint_dir)
    return MonitoredSession(creator, all_hooks, stop_grace_period_secs)


__all__ = ["Scaffold", "ChiefSessionCreator", "WorkerSessionCreator", "MonitoredSession",
           "SingularMonitoredSession", "MonitoredTrainingSession"]
