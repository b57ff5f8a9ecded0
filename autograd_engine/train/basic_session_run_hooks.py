"""The hooks TF1 ships for monitored sessions: stop at a step, save checkpoints, count steps
per second, log tensors, stop on a NaN loss, feed every run; and the timer they share."""
import logging
import os
import time

import numpy as np

from ..framework.graph import get_default_graph
from . import checkpoint_management
from .saver import Saver
from .session_run_hook import SessionRunArgs, SessionRunHook
from .training_util import get_global_step

logger = logging.getLogger("autograd_engine.train")

SAVERS = "savers"  # Saver objects: meta graphs store them as their "saver" section


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


__all__ = ["SecondOrStepTimer", "StopAtStepHook", "CheckpointSaverListener", "CheckpointSaverHook",
           "StepCounterHook", "LoggingTensorHook", "NanLossDuringTrainingError", "NanTensorHook",
           "FeedFnHook"]
