"""``tf.train.Supervisor`` (TF1's pre-MonitoredSession training helper) and
``basic_train_loop``.

The chief's Supervisor initializes the model or restores it from the newest checkpoint in
``logdir``, and runs the standard services as threads: a checkpoint every ``save_model_secs``
(the first at the start), the summaries of ``summary_op`` and the ``global_step/sec`` rate
every ``save_summaries_secs``, and the queue runners. Other processes wait until the model is
ready. The graph is finalized when the Supervisor is made.

>>> import autograd_engine as tf, tempfile
>>> logdir = tempfile.mkdtemp()
>>> with tf.Graph().as_default():
...     step = tf.train.get_or_create_global_step()
...     train = tf.assign_add(step, 1)
...     sv = tf.train.Supervisor(logdir=logdir)
...     with sv.managed_session() as sess:
...         while not sv.should_stop() and sess.run(train) < 5:
...             pass
>>> os.path.basename(tf.train.latest_checkpoint(logdir))  # saved when the services started
'model.ckpt-0'
"""
import contextlib
import logging
import os
import time

from ..framework import errors
from ..framework.graph import GraphKeys, get_default_graph
from ..ops.control_flow_ops import group
from ..ops.lookup_ops import tables_initializer
from ..ops.variables import (global_variables, global_variables_initializer,
                             local_variables_initializer)
from ..summary.proto import protos
from ..summary.summary_ops import merge_all
from ..summary.writer import FileWriter
from .basic_session_run_hooks import SAVERS
from .coordinator import Coordinator
from .looper import LooperThread
from .monitored_session import LOCAL_INIT_OP
from .queue_runner import start_queue_runners
from .saver import Saver
from .session_manager import SessionManager, report_uninitialized_variables
from .training_util import get_global_step, global_step as global_step_value

logger = logging.getLogger("autograd_engine.train")

READY_OP = "ready_op"
READY_FOR_LOCAL_INIT_OP = "ready_for_local_init_op"
SUMMARY_OP = "summary_op"


def _session_log(status):
    session_log = protos().event_pb2.SessionLog
    return session_log(status=getattr(session_log, status))


class Supervisor:
    """See the module docstring; arguments as TF1's (``USE_DEFAULT`` picks the default op:
    ``report_uninitialized_variables()``, ``global_variables_initializer()``, the local and
    table initializers, ``merge_all()``, a ``Saver()``, the global step)."""
    USE_DEFAULT = 0

    def __init__(self, graph=None, ready_op=USE_DEFAULT, ready_for_local_init_op=USE_DEFAULT,
                 is_chief=True, init_op=USE_DEFAULT, init_feed_dict=None,
                 local_init_op=USE_DEFAULT, logdir=None, summary_op=USE_DEFAULT,
                 saver=USE_DEFAULT, global_step=USE_DEFAULT, save_summaries_secs=120,
                 save_model_secs=600, recovery_wait_secs=30, stop_grace_secs=120,
                 checkpoint_basename="model.ckpt", session_manager=None,
                 summary_writer=USE_DEFAULT, init_fn=None, local_init_run_options=None):
        self._graph = graph if graph is not None else get_default_graph()
        with self._graph.as_default():
            default = Supervisor.USE_DEFAULT
            self._ready_op = self._default(ready_op, READY_OP, report_uninitialized_variables)
            self._ready_for_local_init_op = self._default(
                ready_for_local_init_op, READY_FOR_LOCAL_INIT_OP,
                lambda: report_uninitialized_variables(global_variables()))
            self._init_op = self._default(init_op, GraphKeys.INIT_OP,
                                          global_variables_initializer)
            self._local_init_op = self._default(
                local_init_op, LOCAL_INIT_OP,
                lambda: group(local_variables_initializer(), tables_initializer()))
            self._summary_op = self._default(summary_op, SUMMARY_OP, merge_all)
            if saver is default:
                saver = self._first(SAVERS)
                if saver is None and global_variables():
                    saver = Saver()
                    self._graph.add_to_collection(SAVERS, saver)
            self._saver = saver
            self._global_step = get_global_step(self._graph) if global_step is default \
                else global_step
        self._graph.finalize()
        self._is_chief = is_chief
        self._init_feed_dict = init_feed_dict
        self._init_fn = init_fn
        self._logdir = logdir
        self._save_summaries_secs = save_summaries_secs
        self._save_model_secs = save_model_secs
        self._stop_grace_secs = stop_grace_secs
        self._save_path = os.path.join(logdir, checkpoint_basename) if logdir else None
        self._coord = Coordinator()
        self._started_threads = []
        self._graph_added_to_summary = False
        if summary_writer is default:
            summary_writer = FileWriter(logdir) if is_chief and logdir else None
        self._summary_writer = summary_writer
        self._session_manager = session_manager or SessionManager(
            local_init_op=self._local_init_op, ready_op=self._ready_op,
            ready_for_local_init_op=self._ready_for_local_init_op, graph=self._graph,
            recovery_wait_secs=recovery_wait_secs,
            local_init_run_options=local_init_run_options)

    def _first(self, key):
        items = self._graph.get_collection(key)
        if len(items) > 1:
            raise RuntimeError("More than one item in the %s collection" % key)
        return items[0] if items else None

    def _default(self, value, key, make):
        if value is not Supervisor.USE_DEFAULT:
            return value
        found = self._first(key)
        if found is None:
            found = make()
            if found is not None:
                self._graph.add_to_collection(key, found)
        return found

    is_chief = property(lambda self: self._is_chief)
    session_manager = property(lambda self: self._session_manager)
    coord = property(lambda self: self._coord)
    init_op = property(lambda self: self._init_op)
    init_feed_dict = property(lambda self: self._init_feed_dict)
    ready_op = property(lambda self: self._ready_op)
    ready_for_local_init_op = property(lambda self: self._ready_for_local_init_op)
    summary_writer = property(lambda self: self._summary_writer)
    summary_op = property(lambda self: self._summary_op)
    save_summaries_secs = property(lambda self: self._save_summaries_secs)
    global_step = property(lambda self: self._global_step)
    saver = property(lambda self: self._saver)
    save_model_secs = property(lambda self: self._save_model_secs)
    save_path = property(lambda self: self._save_path)

    # ------------------------------------------------------------------ sessions
    def prepare_or_wait_for_session(self, master="", config=None, wait_for_checkpoint=False,
                                    max_wait_secs=7200, start_standard_services=True):
        """The chief's initialized (or restored) Session, with the services started; a
        worker's Session once the chief has made the model ready."""
        self._coord.clear_stop()
        if self._summary_writer is not None:
            self._summary_writer.reopen()
        if self._is_chief:
            sess = self._session_manager.prepare_session(
                master, init_op=self._init_op, saver=self._saver, checkpoint_dir=self._logdir,
                wait_for_checkpoint=wait_for_checkpoint, max_wait_secs=max_wait_secs,
                config=config, init_feed_dict=self._init_feed_dict, init_fn=self._init_fn)
            if self._summary_writer is not None and not self._graph_added_to_summary:
                self._summary_writer.add_graph(self._graph)
                self._graph_added_to_summary = True
            if start_standard_services:
                self.start_standard_services(sess)
        else:
            sess = self._session_manager.wait_for_session(master, config=config,
                                                          max_wait_secs=max_wait_secs)
        if start_standard_services:
            self.start_queue_runners(sess)
        return sess

    @contextlib.contextmanager
    def managed_session(self, master="", config=None, start_standard_services=True,
                        close_summary_writer=True):
        """A Session for a ``with`` block; on leaving it the services stop (an
        ``OutOfRangeError`` inside ends the block normally; other errors are re-raised)."""
        sess = None
        try:
            sess = self.prepare_or_wait_for_session(
                master=master, config=config, start_standard_services=start_standard_services)
            yield sess
        except Exception as e:  # noqa: BLE001 - handed to the Coordinator, which re-raises
            self.request_stop(e)
        finally:
            try:
                self.stop(close_summary_writer=close_summary_writer)
            finally:
                if sess is not None:
                    sess.close()

    # ------------------------------------------------------------------ services
    def start_standard_services(self, sess):
        """Starts the checkpoint, summary and step-rate threads (the chief's); returns them."""
        if not self._is_chief:
            raise RuntimeError("Only chief supervisor can start standard services. Because "
                               "only chief supervisors can write events.")
        if not self._logdir:
            logger.warning("Standard services need a 'logdir' passed to the SessionManager")
            return []
        if self._global_step is not None and self._summary_writer is not None:
            self._summary_writer.add_session_log(
                _session_log("START"), global_step_value(sess, self._global_step))
        threads = []
        if self._save_summaries_secs and self._summary_writer is not None:
            if self._summary_op is not None:
                threads.append(LooperThread(self._coord, self._save_summaries_secs,
                                            self._write_summaries, (sess,)))
            if self._global_step is not None:
                threads.append(_StepCounterThread(self, sess))
        if self._saver is not None and self._save_model_secs:
            threads.append(LooperThread(self._coord, self._save_model_secs,
                                        self._save_checkpoint, (sess,)))
        for thread in threads:
            thread.start()
        self._started_threads.extend(threads)
        return threads

    def _write_summaries(self, sess):
        if self._global_step is not None:
            summary, step = sess.run([self._summary_op, self._global_step])
        else:
            summary, step = sess.run(self._summary_op), None
        self.summary_computed(sess, summary, step)

    def _save_checkpoint(self, sess):
        self._saver.save(sess, self._save_path, global_step=self._global_step)

    def start_queue_runners(self, sess, queue_runners=None):
        """Starts the graph's queue runners (or ``queue_runners``) under this coordinator."""
        if queue_runners is None:
            threads = start_queue_runners(sess, coord=self._coord, daemon=True, start=True)
        else:
            threads = []
            for runner in queue_runners:
                threads.extend(runner.create_threads(sess, coord=self._coord, daemon=True,
                                                     start=True))
        self._started_threads.extend(threads)
        return threads

    def loop(self, timer_interval_secs, target, args=None, kwargs=None):
        """Starts a :class:`LooperThread` calling ``target`` under this coordinator."""
        looper = LooperThread(self._coord, timer_interval_secs, target=target, args=args,
                              kwargs=kwargs)
        looper.start()
        self._started_threads.append(looper)
        return looper

    Loop = loop

    def summary_computed(self, sess, summary, global_step=None):
        """Writes a computed summary to the summary writer."""
        if self._summary_writer is None:
            raise RuntimeError("Writing a summary requires a summary writer.")
        if global_step is None and self._global_step is not None:
            global_step = global_step_value(sess, self._global_step)
        self._summary_writer.add_summary(summary, global_step)

    # ------------------------------------------------------------------ stopping
    def should_stop(self):
        return self._coord.should_stop()

    def request_stop(self, ex=None):
        self._coord.request_stop(ex=ex)

    def stop_on_exception(self):
        return self._coord.stop_on_exception()

    def wait_for_stop(self):
        self._coord.wait_for_stop()

    def stop(self, threads=None, close_summary_writer=True, ignore_live_threads=False):
        """Stops the services (and ``threads``), re-raising an error a thread reported."""
        self._coord.request_stop()
        try:
            self._coord.join(list(threads or []) + self._started_threads,
                             stop_grace_period_secs=self._stop_grace_secs,
                             ignore_live_threads=ignore_live_threads)
        finally:
            self._started_threads = []
            if close_summary_writer and self._summary_writer is not None:
                self._summary_writer.add_session_log(_session_log("STOP"))
                self._summary_writer.close()
                self._graph_added_to_summary = False


class _StepCounterThread(LooperThread):
    """Writes ``global_step/sec`` every ``save_summaries_secs``."""

    def __init__(self, supervisor, sess):
        super().__init__(supervisor.coord, supervisor.save_summaries_secs)
        self._supervisor = supervisor
        self._sess = sess
        self._last = None

    def run_loop(self):
        step = global_step_value(self._sess, self._supervisor.global_step)
        now = time.time()
        if self._last is not None and now > self._last[1]:
            rate = (step - self._last[0]) / (now - self._last[1])
            summary = protos().summary_pb2.Summary()
            summary.value.add(tag="global_step/sec", simple_value=rate)
            self._supervisor.summary_writer.add_summary(summary, step)
        self._last = (step, now)


def basic_train_loop(supervisor, train_step_fn, args=None, kwargs=None, master=""):
    """Calls ``train_step_fn(sess, *args, **kwargs)`` in a managed session until the
    supervisor should stop; starts again after an ``AbortedError``."""
    args, kwargs = args or [], kwargs or {}
    should_retry = True
    while should_retry:
        try:
            should_retry = False
            with supervisor.managed_session(master) as sess:
                while not supervisor.should_stop():
                    train_step_fn(sess, *args, **kwargs)
        except errors.AbortedError:
            should_retry = True


__all__ = ["Supervisor", "basic_train_loop"]
