"""The rest of TF1's session-run hooks: ``SummarySaverHook`` (summaries every N steps or
seconds), ``FinalOpsHook`` (ops run when the session ends), ``GlobalStepWaiterHook`` (a worker
waits for the global step to reach a value) and ``ProfilerHook`` (chrome-trace timelines).

>>> import autograd_engine as tf
>>> with tf.Graph().as_default():
...     step = tf.train.get_or_create_global_step()
...     train = tf.assign_add(step, 1)
...     final = tf.train.FinalOpsHook(step * 10)
...     with tf.train.MonitoredTrainingSession(
...             hooks=[final, tf.train.StopAtStepHook(last_step=3)],
...             log_step_count_steps=None) as sess:
...         while not sess.should_stop():
...             _ = sess.run(train)
...     int(final.final_ops_values)
30
"""
import json
import logging
import os
import time

from ..framework import errors
from ..summary.proto import protos
from ..summary.writer import FileWriterCache
from .basic_session_run_hooks import SecondOrStepTimer
from .session_run_hook import SessionRunArgs, SessionRunHook
from .training_util import get_global_step

logger = logging.getLogger("autograd_engine.train")


def _global_step_for(hook_name):
    step = get_global_step()
    if step is None:
        raise RuntimeError("Global step should be created to use %s." % hook_name)
    return step


def _timer(save_steps, save_secs):
    if (save_steps is None) == (save_secs is None):
        raise ValueError("exactly one of save_steps and save_secs should be provided.")
    return SecondOrStepTimer(every_steps=save_steps, every_secs=save_secs)


class SummarySaverHook(SessionRunHook):
    """Runs ``summary_op`` (or the scaffold's) every ``save_steps`` steps or ``save_secs``
    seconds and writes the results, at the global step, to ``output_dir``'s event file (or
    ``summary_writer``); also the first run, with a ``SessionLog.START``."""

    def __init__(self, save_steps=None, save_secs=None, output_dir=None, summary_writer=None,
                 scaffold=None, summary_op=None):
        if (scaffold is None) == (summary_op is None):
            raise ValueError("Exactly one of scaffold or summary_op must be provided.")
        self._summary_op = summary_op
        self._scaffold = scaffold
        self._summary_writer = summary_writer
        self._output_dir = output_dir
        self._timer = _timer(save_steps, save_secs)

    def begin(self):
        if self._summary_writer is None and self._output_dir:
            self._summary_writer = FileWriterCache.get(self._output_dir)
        self._next_step = None
        self._global_step_tensor = _global_step_for("SummarySaverHook")

    def _summary_ops(self):
        op = self._summary_op if self._summary_op is not None else self._scaffold.summary_op
        if op is None:
            return None
        return op if isinstance(op, list) else [op]

    def before_run(self, run_context):
        self._request_summary = (self._next_step is None
                                 or self._timer.should_trigger_for_step(self._next_step))
        requests = {"global_step": self._global_step_tensor}
        if self._request_summary and self._summary_ops() is not None:
            requests["summary"] = self._summary_ops()
        return SessionRunArgs(requests)

    def after_run(self, run_context, run_values):
        if not self._summary_writer:
            return
        global_step = int(run_values.results["global_step"]) + 1
        if self._next_step is None or self._request_summary:
            global_step = int(run_context.session.run(self._global_step_tensor))
        if self._next_step is None:
            session_log = protos().event_pb2.SessionLog
            self._summary_writer.add_session_log(session_log(status=session_log.START),
                                                 global_step)
        if self._request_summary:
            self._timer.update_last_triggered_step(global_step)
            for summary in run_values.results.get("summary", ()):
                self._summary_writer.add_summary(summary, global_step)
        self._next_step = global_step + 1

    def end(self, session=None):
        if self._summary_writer:
            self._summary_writer.flush()


class FinalOpsHook(SessionRunHook):
    """Runs ``final_ops`` (any fetch structure) when the session ends;
    ``final_ops_values`` holds the result."""

    def __init__(self, final_ops, final_ops_feed_dict=None):
        self._final_ops = final_ops
        self._final_ops_feed_dict = final_ops_feed_dict
        self._final_ops_values = None

    @property
    def final_ops_values(self):
        return self._final_ops_values

    def end(self, session):
        if self._final_ops is None:
            return
        try:
            self._final_ops_values = session.run(self._final_ops,
                                                 feed_dict=self._final_ops_feed_dict)
        except (errors.OutOfRangeError, StopIteration) as e:
            logger.warning("An OutOfRangeError or StopIteration exception is raised by the "
                           "code in FinalOpsHook. This typically means the Ops running by "
                           "the FinalOpsHook have a dependency back to some input source, "
                           "which should be avoided. %s", e)
            raise


class GlobalStepWaiterHook(SessionRunHook):
    """Holds this worker's first run until the global step reaches ``wait_until_step``
    (polling every half second), so that workers start once the chief has warmed up."""

    def __init__(self, wait_until_step, poll_secs=0.5):
        self._wait_until_step = wait_until_step
        self._poll_secs = poll_secs

    def begin(self):
        self._worker_is_started = False
        self._global_step_tensor = _global_step_for("GlobalStepWaiterHook")

    def before_run(self, run_context):
        if self._worker_is_started:
            return None
        if self._wait_until_step <= 0:
            self._worker_is_started = True
            return None
        last_logged = None
        while True:
            current = int(run_context.session.run(self._global_step_tensor))
            if current >= self._wait_until_step:
                self._worker_is_started = True
                return None
            if current != last_logged:
                logger.info("Waiting for global step %d before starting training (now %d).",
                            self._wait_until_step, current)
                last_logged = current
            time.sleep(self._poll_secs)


class ProfilerHook(SessionRunHook):
    """Every ``save_steps`` steps or ``save_secs`` seconds, writes
    ``<output_dir>/timeline-<step>.json``: a Chrome trace (open it at chrome://tracing) of
    the traced ``Session.run``. This engine's ``RunMetadata`` carries no per-op step stats,
    so the trace holds one complete event for the whole step (its wall time, with the
    fetched tensors' names), plus one per op when a ``RunMetadata`` with TF-style
    ``step_stats`` is passed in."""

    def __init__(self, save_steps=None, save_secs=None, output_dir="", show_dataflow=True,
                 show_memory=False):
        self._output_file = os.path.join(output_dir, "timeline-{}.json")
        self._show_dataflow = show_dataflow
        self._show_memory = show_memory
        self._timer = _timer(save_steps, save_secs)

    def begin(self):
        self._next_step = None
        self._global_step_tensor = _global_step_for("ProfilerHook")

    def before_run(self, run_context):
        # As TF1's: not the first step (the timer starts there), then every N steps or secs.
        self._request_trace = (self._next_step is not None
                               and self._timer.should_trigger_for_step(self._next_step))
        self._started = time.time()
        return SessionRunArgs({"global_step": self._global_step_tensor})

    def after_run(self, run_context, run_values):
        finished = time.time()
        stale_step = int(run_values.results["global_step"])
        if self._next_step is None:
            self._timer.update_last_triggered_step(stale_step)
        global_step = stale_step + 1
        if self._request_trace:
            global_step = int(run_context.session.run(self._global_step_tensor))
            self._timer.update_last_triggered_step(global_step)
            self._save(global_step, run_context, run_values.run_metadata, finished)
        self._next_step = global_step + 1

    def _save(self, step, run_context, run_metadata, finished):
        fetches = run_context.original_args.fetches
        names = [getattr(f, "name", str(f)) for f in
                 (fetches if isinstance(fetches, (list, tuple)) else [fetches])]
        events = [{"name": "Session.run", "ph": "X", "pid": 0, "tid": 0, "cat": "step",
                   "ts": self._started * 1e6, "dur": (finished - self._started) * 1e6,
                   "args": {"step": step, "fetches": names}}]
        events += _step_stats_events(run_metadata)
        trace = {"traceEvents": [{"name": "process_name", "ph": "M", "pid": 0,
                                  "args": {"name": "autograd_engine Session.run"}}] + events,
                 "displayTimeUnit": "ms"}
        path = self._output_file.format(step)
        with open(path, "w") as f:
            json.dump(trace, f)
        logger.info("Saved timeline to %s", path)


def _step_stats_events(run_metadata):
    """Chrome-trace events of a TF-style ``run_metadata.step_stats`` (none when absent)."""
    step_stats = getattr(run_metadata, "step_stats", None)
    events = []
    for pid, device in enumerate(getattr(step_stats, "dev_stats", ()) or (), start=1):
        for node in device.node_stats:
            events.append({"name": node.node_name, "ph": "X", "pid": pid, "tid": 0,
                           "cat": "Op", "ts": node.all_start_micros,
                           "dur": max(node.all_end_rel_micros, 0),
                           "args": {"device": device.device}})
    return events


__all__ = ["FinalOpsHook", "GlobalStepWaiterHook", "ProfilerHook", "SummarySaverHook"]
