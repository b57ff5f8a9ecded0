"""``tf.train.SessionManager``: creates a Session whose model is ready, by restoring the
newest checkpoint or running the init op (the chief), or by waiting until another process has
made it ready (the workers), as TF1's.

A model is *ready* when its ``ready_op`` (by default none; :class:`Supervisor` uses
:func:`report_uninitialized_variables`) returns an empty list of names.

>>> import autograd_engine as tf
>>> with tf.Graph().as_default():
...     v = tf.Variable(2.0, name="v")
...     manager = tf.train.SessionManager(ready_op=report_uninitialized_variables())
...     sess = manager.prepare_session("", init_op=tf.global_variables_initializer())
...     float(sess.run(v))
2.0
"""
import logging
import time

import numpy as np

from ..client.session import Session
from ..framework import dtypes, errors
from ..framework.graph import GraphKeys, get_default_graph
from ..ops.constant_op import constant, stack
from ..ops.elementwise_unary_ops import logical_not
from ..ops.mask_ops import boolean_mask
from ..ops.variables import is_variable_initialized
from . import checkpoint_management as ckpt

logger = logging.getLogger("autograd_engine.train")


def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables"):
    """A 1-D string tensor of the names of the Variables in ``var_list`` (default: the global
    and local Variables) not initialized in the session that runs it."""
    graph = get_default_graph()
    if var_list is None:
        var_list = (graph.get_collection(GraphKeys.GLOBAL_VARIABLES)
                    + graph.get_collection(GraphKeys.LOCAL_VARIABLES))
    with graph.name_scope(name):
        if not var_list:
            return constant(np.array([], dtype=object), dtype=dtypes.string)
        missing = stack([logical_not(is_variable_initialized(v)) for v in var_list])
        names = constant([v.op.name for v in var_list], dtype=dtypes.string)
        return boolean_mask(names, missing)


def _names(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in np.ravel(values)]


class SessionManager:
    """Makes ready Sessions for one graph (see the module docstring)."""

    def __init__(self, local_init_op=None, ready_op=None, ready_for_local_init_op=None,
                 graph=None, recovery_wait_secs=30, local_init_run_options=None,
                 local_init_feed_dict=None):
        self._local_init_op = local_init_op
        self._ready_op = ready_op
        self._ready_for_local_init_op = ready_for_local_init_op
        self._graph = graph if graph is not None else get_default_graph()
        self._recovery_wait_secs = recovery_wait_secs
        self._local_init_run_options = local_init_run_options
        self._local_init_feed_dict = local_init_feed_dict
        if ready_for_local_init_op is not None and local_init_op is None:
            raise ValueError("If you pass a ready_for_local_init_op you must also pass a "
                             "local_init_op , ready_for_local_init_op [%s]"
                             % ready_for_local_init_op)

    def _new_session(self, config):
        return Session(graph=self._graph, config=config)

    def _restore_checkpoint(self, master, saver=None, checkpoint_dir=None,
                            checkpoint_filename_with_path=None, wait_for_checkpoint=False,
                            max_wait_secs=7200, config=None):
        """(a new Session, whether a checkpoint was restored into it)."""
        del master
        session = self._new_session(config)
        if checkpoint_dir and checkpoint_filename_with_path:
            raise ValueError("Can not provide both checkpoint_dir and "
                             "checkpoint_filename_with_path.")
        if saver is None or not (checkpoint_dir or checkpoint_filename_with_path):
            return session, False
        if checkpoint_filename_with_path:
            saver.restore(session, checkpoint_filename_with_path)
            return session, True
        waited = 0
        path = ckpt.latest_checkpoint(checkpoint_dir)
        while path is None:
            if not wait_for_checkpoint or waited >= max_wait_secs:
                return session, False
            logger.info("Waiting for checkpoint to be available.")
            time.sleep(self._recovery_wait_secs)
            waited += self._recovery_wait_secs
            path = ckpt.latest_checkpoint(checkpoint_dir)
        saver.restore(session, path)
        saver.recover_last_checkpoints(ckpt.get_checkpoint_state(checkpoint_dir)
                                       .all_model_checkpoint_paths)
        return session, True

    def prepare_session(self, master, init_op=None, saver=None, checkpoint_dir=None,
                        checkpoint_filename_with_path=None, wait_for_checkpoint=False,
                        max_wait_secs=7200, config=None, init_feed_dict=None, init_fn=None):
        """A Session with the model ready: restored from a checkpoint when one is found,
        else initialized by ``init_op`` and ``init_fn(sess)``; then the local init op.
        ``RuntimeError`` when that does not make ``ready_op`` report an empty list."""
        session, restored = self._restore_checkpoint(
            master, saver, checkpoint_dir, checkpoint_filename_with_path, wait_for_checkpoint,
            max_wait_secs, config)
        if not restored:
            if init_op is None and not init_fn and self._local_init_op is None:
                raise RuntimeError("Model is not initialized and no init_op or init_fn or "
                                   "local_init_op was given")
            if init_op is not None:
                session.run(init_op, feed_dict=init_feed_dict)
            if init_fn:
                init_fn(session)
        ready, message = self._try_local_init(session)
        if not ready:
            raise RuntimeError("Init operations did not make model ready for local_init. Init "
                               "op: %s, init fn: %s, error: %s"
                               % (getattr(init_op, "name", init_op), init_fn, message))
        ready, message = self._model_ready(session)
        if not ready:
            raise RuntimeError("Init operations did not make model ready. Init op: %s, init fn: "
                               "%s, local_init_op: %s, error: %s"
                               % (getattr(init_op, "name", init_op), init_fn,
                                  getattr(self._local_init_op, "name", None), message))
        return session

    def recover_session(self, master, saver=None, checkpoint_dir=None,
                        checkpoint_filename_with_path=None, wait_for_checkpoint=False,
                        max_wait_secs=7200, config=None):
        """(a Session, whether its model is ready): restored from a checkpoint if any."""
        session, restored = self._restore_checkpoint(
            master, saver, checkpoint_dir, checkpoint_filename_with_path, wait_for_checkpoint,
            max_wait_secs, config)
        if not restored:
            return session, False
        ready, message = self._try_local_init(session)
        if not ready:
            logger.info("Restoring model from %s did not make model ready for local init: %s",
                        checkpoint_dir or checkpoint_filename_with_path, message)
            return session, False
        ready, message = self._model_ready(session)
        if not ready:
            logger.info("Restoring model from %s did not make model ready: %s",
                        checkpoint_dir or checkpoint_filename_with_path, message)
        return session, ready

    def wait_for_session(self, master, config=None, max_wait_secs=float("inf")):
        """A Session once the model is ready (another process initializes it): tries every
        ``recovery_wait_secs``; ``DeadlineExceededError`` after ``max_wait_secs``."""
        deadline = time.time() + max_wait_secs
        while True:
            session = self._new_session(config)
            ready, message = self._try_local_init(session)
            if ready:
                ready, message = self._model_ready(session)
                if ready:
                    return session
            session.close()
            remaining = deadline - time.time()
            if remaining <= 0:
                raise errors.DeadlineExceededError(
                    None, None, "Session was not ready after waiting %s secs: %s"
                    % (max_wait_secs, message))
            logger.info("Waiting for model to be ready. Ready_for_local_init_op: %s, ready: %s",
                        self._ready_for_local_init_op, message)
            time.sleep(min(self._recovery_wait_secs, remaining))

    def _report(self, session, op):
        if op is None:
            return True, None
        names = _names(session.run(op))
        if names:
            return False, "Variables not initialized: " + ", ".join(names)
        return True, None

    def _model_ready(self, session):
        return self._report(session, self._ready_op)

    def _try_local_init(self, session):
        if self._local_init_op is None:
            return True, None
        ready, message = self._report(session, self._ready_for_local_init_op)
        if not ready:
            return False, message
        session.run(self._local_init_op, feed_dict=self._local_init_feed_dict,
                    options=self._local_init_run_options)
        return True, None


__all__ = ["SessionManager", "report_uninitialized_variables"]
