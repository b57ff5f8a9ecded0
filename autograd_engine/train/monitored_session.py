"""Long training runs: ``MonitoredTrainingSession`` and its hooks.

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
import collections
import contextlib
import logging
import os
import time

import numpy as np

from ..client.session import Session
from ..framework import errors
from ..framework.graph import GraphKeys, get_default_graph
from ..ops.variables import global_variables_initializer, local_variables_initializer
from . import checkpoint_management
from .saver import Saver
from .training_util import get_global_step

logger = logging.getLogger("autograd_engine.train")

USE_DEFAULT = object()
SAVERS = "savers"  # Saver objects: meta graphs store them as their "saver" section
LOCAL_INIT_OP = "local_init_op"


# ------------------------------------------------------------------ the hook API
class SessionRunArgs(collections.namedtuple("SessionRunArgs", ["fetches", "feed_dict", "options"])):
    """What a hook adds to a ``run``: fetches (any nest), feeds and options."""

    def __new__(cls, fetches, feed_dict=None, options=None):
        return super().__new__(cls, fetches, feed_dict, options)


class SessionRunValues(collections.namedtuple("SessionRunValues",
                                              ["results", "options", "run_metadata"])):
    """What a hook gets back: ``results`` has the structure of its ``SessionRunArgs.fetches``."""


class SessionRunContext:
    """The ``run`` in progress, as hooks see it: the caller's arguments, the Session, and a way
    to ask the loop to stop."""

    def __init__(self, original_args, session):
        self._original_args = original_args
        self._session = session
        self._stop_requested = False

    original_args = property(lambda self: self._original_args)
    session = property(lambda self: self._session)
    stop_requested = property(lambda self: self._stop_requested)

    def request_stop(self):
        """``should_stop()`` becomes True after this run."""
        self._stop_requested = True


class SessionRunHook:
    """Base class of the hooks: override what you need.

    >>> class CountRuns(SessionRunHook):
    ...     def begin(self):
    ...         self.runs = 0
    ...     def after_run(self, run_context, run_values):
    ...         self.runs += 1
    """

    def begin(self):
        """Called once before the Session exists; the graph can still be changed here."""

    def after_create_session(self, session, coord):
        """Called once the Session is created and its Variables initialized or restored."""

    def before_run(self, run_context):
        """Returns a ``SessionRunArgs`` to add to the coming run, or None."""
        return None

    def after_run(self, run_context, run_values):
        """Called after each run with the results of this hook's fetches."""

    def end(self, session):
        """Called once at the end of a run loop that finished without an error."""


class Coordinator:
    """``tf.train.Coordinator``: a stop flag shared by the hooks and the loop."""

    def __init__(self, clean_stop_exception_types=None):
        self._stop = False
        self._exception = None

    def request_stop(self, ex=None):
        self._stop = True
        if ex is not None and self._exception is None:
            self._exception = ex

    def should_stop(self):
        return self._stop

    def clear_stop(self):
        self._stop = False

    def wait_for_stop(self, timeout=None):
        return self._stop

    def join(self, threads=None, stop_grace_period_secs=120, ignore_live_threads=False):
        if self._exception is not None:
            raise self._exception

    @contextlib.contextmanager
    def stop_on_exception(self):
        try:
            yield
        except Exception as e:  # noqa: BLE001 - recorded, re-raised by join()
            self.request_stop(e)


class SecondOrStepTimer:
    """Triggers every ``every_secs`` seconds or every ``every_steps`` steps (exactly one)."""

    def __init__(self, every_secs=None, every_steps=None):
        if (every_secs is None) == (every_steps is None):
            raise ValueError("Either every_secs or every_steps should be provided, not both."
                             if every_secs is not None else
                             "Either every_secs or every_steps should be provided.")
        self._every_secs = every_secs
        self._every_steps = every_steps
        self.reset()

    def reset(self):
        self._last_triggered_step = None
        self._last_triggered_time = None

    def should_trigger_for_step(self, step):
        if self._last_triggered_step is None:
            return True
        if self._last_triggered_step == step:
            return False
        if self._every_secs is not None:
            return time.time() >= self._last_triggered_time + self._every_secs
        return step >= self._last_triggered_step + self._every_steps

    def update_last_triggered_step(self, step):
        """Records a trigger at ``step``; returns (seconds, steps) since the previous one."""
        now = time.time()
        if self._last_triggered_time is None:
            elapsed = (None, None)
        else:
            elapsed = (now - self._last_triggered_time, step - self._last_triggered_step)
        self._last_triggered_time = now
        self._last_triggered_step = step
        return elapsed

    def last_triggered_step(self):
        return self._last_triggered_step


def _required_global_step(hook_name):
    step = get_global_step()
    if step is None:
        raise RuntimeError(
            "Global step should be created to use %s. Create it with "
            "tf.train.get_or_create_global_step() before building the training op, and pass it "
            "to minimize(loss, global_step=...)." % hook_name)
    return step


def _as_graph_element(item):
    return get_default_graph().as_graph_element(item)


# ------------------------------------------------------------------ hooks
class StopAtStepHook(SessionRunHook):
    """Asks to stop once the global step reaches ``last_step`` (or ``num_steps`` past its value
    when the session starts). A run restored at or past ``last_step`` stops before any step."""

    def __init__(self, num_steps=None, last_step=None):
        if num_steps is None and last_step is None:
            raise ValueError("One of num_steps or last_step must be specified.")
        if num_steps is not None and last_step is not None:
            raise ValueError("Only one of num_steps or last_step can be specified.")
        self._num_steps = num_steps
        self._last_step = last_step

    def begin(self):
        self._global_step_tensor = _required_global_step("StopAtStepHook")

    def after_create_session(self, session, coord):
        step = int(session.run(self._global_step_tensor))
        if self._last_step is None:
            self._last_step = step + self._num_steps
        if step >= self._last_step:
            coord.request_stop()

    def before_run(self, run_context):
        return SessionRunArgs(self._global_step_tensor)

    def after_run(self, run_context, run_values):
        # The fetched value is the step before this run's increment.
        if int(run_values.results) + 1 >= self._last_step:
            if int(run_context.session.run(self._global_step_tensor)) >= self._last_step:
                run_context.request_stop()


class CheckpointSaverListener:
    """Called around each save of a :class:`CheckpointSaverHook`; ``after_save`` returning True
    asks the loop to stop."""

    def begin(self):
        pass

    def before_save(self, session, global_step_value):
        pass

    def after_save(self, session, global_step_value):
        pass

    def end(self, session, global_step_value):
        pass


class CheckpointSaverHook(SessionRunHook):
    """Saves a checkpoint every ``save_secs`` seconds or ``save_steps`` steps, once when the
    session starts and once at the end, to ``checkpoint_dir/checkpoint_basename-<step>``.
    Checkpoints already listed in the directory's state file count towards the Saver's
    ``max_to_keep`` (TF1 forgot them after a restart)."""

    def __init__(self, checkpoint_dir, save_secs=None, save_steps=None, saver=None,
                 checkpoint_basename="model.ckpt", scaffold=None, listeners=None):
        if saver is not None and scaffold is not None:
            raise ValueError("You cannot provide both saver and scaffold.")
        self._checkpoint_dir = checkpoint_dir
        self._save_path = os.path.join(checkpoint_dir, checkpoint_basename)
        self._saver = saver
        self._scaffold = scaffold
        self._timer = SecondOrStepTimer(every_secs=save_secs, every_steps=save_steps)
        self._listeners = list(listeners or [])

    def begin(self):
        self._global_step_tensor = _required_global_step("CheckpointSaverHook")
        os.makedirs(self._checkpoint_dir, exist_ok=True)
        if self._saver is None and self._scaffold is None:
            savers = get_default_graph().get_collection(SAVERS)
            self._saver = savers[0] if savers else Saver()
        for listener in self._listeners:
            listener.begin()

    def _get_saver(self):
        return self._saver if self._saver is not None else self._scaffold.saver

    def after_create_session(self, session, coord):
        state = checkpoint_management.get_checkpoint_state(self._checkpoint_dir)
        if state is not None:
            self._get_saver().recover_last_checkpoints(state.all_model_checkpoint_paths)
        step = int(session.run(self._global_step_tensor))
        self._save(session, step)
        self._timer.update_last_triggered_step(step)

    def before_run(self, run_context):
        return SessionRunArgs(self._global_step_tensor)

    def after_run(self, run_context, run_values):
        if self._timer.should_trigger_for_step(int(run_values.results) + 1):
            step = int(run_context.session.run(self._global_step_tensor))
            if self._timer.should_trigger_for_step(step):
                self._timer.update_last_triggered_step(step)
                if self._save(run_context.session, step):
                    run_context.request_stop()

    def end(self, session):
        step = int(session.run(self._global_step_tensor))
        if step != self._timer.last_triggered_step():
            self._save(session, step)
        for listener in self._listeners:
            listener.end(session, step)

    def _save(self, session, step):
        """Saves at ``step``; True when a listener asks to stop."""
        logger.info("Saving checkpoints for %d into %s.", step, self._save_path)
        for listener in self._listeners:
            listener.before_save(session, step)
        self._get_saver().save(session, self._save_path, global_step=step)
        return any([bool(listener.after_save(session, step)) for listener in self._listeners])


class StepCounterHook(SessionRunHook):
    """Logs the number of global steps per second."""

    def __init__(self, every_n_steps=100, every_n_secs=None, output_dir=None,
                 summary_writer=None):
        self._timer = SecondOrStepTimer(every_secs=every_n_secs,
                                        every_steps=None if every_n_secs is not None
                                        else every_n_steps)

    def begin(self):
        self._global_step_tensor = _required_global_step("StepCounterHook")

    def before_run(self, run_context):
        return SessionRunArgs(self._global_step_tensor)

    def after_run(self, run_context, run_values):
        if self._timer.should_trigger_for_step(int(run_values.results) + 1):
            step = int(run_context.session.run(self._global_step_tensor))
            if self._timer.should_trigger_for_step(step):
                seconds, steps = self._timer.update_last_triggered_step(step)
                if seconds:
                    logger.info("global_step/sec: %g", steps / seconds)


class LoggingTensorHook(SessionRunHook):
    """Logs the values of ``tensors`` (a dict tag -> tensor or name, or a list) every
    ``every_n_iter`` runs or ``every_n_secs`` seconds, and/or ``at_end``.

    >>> # tf.train.LoggingTensorHook({"loss": loss, "step": step}, every_n_iter=100)
    """

    def __init__(self, tensors, every_n_iter=None, every_n_secs=None, at_end=False,
                 formatter=None):
        only_log_at_end = at_end and every_n_iter is None and every_n_secs is None
        if not only_log_at_end and (every_n_iter is None) == (every_n_secs is None):
            raise ValueError("either at_end and/or exactly one of every_n_iter and every_n_secs "
                             "must be provided.")
        if every_n_iter is not None and every_n_iter <= 0:
            raise ValueError("invalid every_n_iter=%s." % every_n_iter)
        if not isinstance(tensors, dict):
            tensors = {getattr(t, "name", t): t for t in tensors}
        self._tensors = tensors
        self._timer = None if only_log_at_end else SecondOrStepTimer(every_n_secs, every_n_iter)
        self._log_at_end = at_end
        self._formatter = formatter

    def begin(self):
        self._iter_count = 0
        self._elements = {tag: _as_graph_element(t) for tag, t in self._tensors.items()}
        self._should_trigger = False
        if self._timer is not None:
            self._timer.reset()

    def before_run(self, run_context):
        self._should_trigger = self._timer is not None and \
            self._timer.should_trigger_for_step(self._iter_count)
        return SessionRunArgs(self._elements) if self._should_trigger else None

    def after_run(self, run_context, run_values):
        if self._should_trigger:
            elapsed, _ = self._timer.update_last_triggered_step(self._iter_count)
            self._log(run_values.results, elapsed)
        self._iter_count += 1

    def end(self, session):
        if self._log_at_end:
            self._log(session.run(self._elements), None)

    def _log(self, values, elapsed):
        if self._formatter is not None:
            logger.info(self._formatter(values))
            return
        with np.printoptions(suppress=True):
            text = ", ".join("%s = %s" % (tag, values[tag]) for tag in self._tensors)
        logger.info("%s (%.3f sec)" % (text, elapsed) if elapsed is not None else text)


class NanLossDuringTrainingError(RuntimeError):
    """The loss watched by a :class:`NanTensorHook` became NaN."""

    def __str__(self):
        return self.args[0] if self.args else "NaN loss during training."


class NanTensorHook(SessionRunHook):
    """Raises :class:`NanLossDuringTrainingError` (or, with ``fail_on_nan_loss=False``, asks to
    stop) when ``loss_tensor`` is NaN after a run."""

    def __init__(self, loss_tensor, fail_on_nan_loss=True):
        self._loss_tensor = loss_tensor
        self._fail_on_nan_loss = fail_on_nan_loss

    def before_run(self, run_context):
        return SessionRunArgs(self._loss_tensor)

    def after_run(self, run_context, run_values):
        if np.isnan(run_values.results).any():
            name = getattr(self._loss_tensor, "name", self._loss_tensor)
            message = ("NaN loss during training: the loss %s is NaN (model diverged). Lower the "
                       "learning rate, clip the gradients, or check the inputs." % name)
            if self._fail_on_nan_loss:
                logger.error(message)
                raise NanLossDuringTrainingError(message)
            logger.warning(message)
            run_context.request_stop()


class FeedFnHook(SessionRunHook):
    """Adds ``feed_fn()``'s feed dict to every run."""

    def __init__(self, feed_fn):
        self.feed_fn = feed_fn

    def before_run(self, run_context):
        return SessionRunArgs(fetches=None, feed_dict=self.feed_fn())


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


class ChiefSessionCreator:
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


__all__ = ["SessionRunHook", "SessionRunArgs", "SessionRunContext", "SessionRunValues",
           "StopAtStepHook", "CheckpointSaverHook", "CheckpointSaverListener", "StepCounterHook",
           "LoggingTensorHook", "NanTensorHook", "NanLossDuringTrainingError", "FeedFnHook",
           "SecondOrStepTimer", "Coordinator", "Scaffold", "ChiefSessionCreator",
           "WorkerSessionCreator", "MonitoredSession", "SingularMonitoredSession",
           "MonitoredTrainingSession"]
