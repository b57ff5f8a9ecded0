"""``tf.train.QueueRunner``: threads that keep running a queue's enqueue ops, as TF1's
queue_runner_impl.

Each enqueue op gets one thread, which runs it until the queue closes (an exception of
``queue_closed_exception_types``: the last such thread of a Session then runs ``close_op``, so
the readers downstream see the end of input), the coordinator asks to stop, or the Session
closes. Any other exception is reported to the coordinator, whose ``join`` re-raises it. With a
coordinator, one more thread waits for the stop request and runs ``cancel_op`` (closing the
queue and cancelling blocked enqueues). The threads only run ops: they build nothing. The
Session joins them when it closes.
"""
import threading

from ..framework import errors
from ..framework.default_session import get_default_session
from ..framework.graph import GraphKeys, get_default_graph
from .. import tf_logging as logging


def _session_closed(sess):
    return bool(getattr(sess, "_closed", False))


class QueueRunner:
    """Holds a queue and the ops that fill it, and starts the threads that run them.

    >>> import autograd_engine as tf
    >>> queue = tf.FIFOQueue(4, tf.int32, shapes=[[]])
    >>> counter = tf.Variable(0)
    >>> runner = tf.train.QueueRunner(queue, [queue.enqueue(tf.assign_add(counter, 1))])
    >>> with tf.Session() as sess:
    ...     sess.run(counter.initializer)
    ...     coord = tf.train.Coordinator()
    ...     threads = runner.create_threads(sess, coord=coord, start=True)
    ...     first = sess.run(queue.dequeue_many(3)).tolist()
    ...     coord.request_stop()
    ...     coord.join(threads)
    >>> first
    [1, 2, 3]
    """

    def __init__(self, queue=None, enqueue_ops=None, close_op=None, cancel_op=None,
                 queue_closed_exception_types=None, queue_runner_def=None, import_scope=None):
        if queue_runner_def is not None:
            raise ValueError("queue_runner_def (a QueueRunnerDef proto) is not read here: "
                             "tf.train.import_meta_graph restores the QUEUE_RUNNERS collection "
                             "of a graph exported by this engine.")
        if queue is None or not enqueue_ops:
            raise ValueError("QueueRunner requires a queue and a non-empty list of enqueue ops.")
        if queue_closed_exception_types is None:
            queue_closed_exception_types = (errors.OutOfRangeError,)
        if not isinstance(queue_closed_exception_types, tuple) or not all(
                isinstance(t, type) and issubclass(t, errors.OpError)
                for t in queue_closed_exception_types):
            raise TypeError("queue_closed_exception_types, when provided, must be a tuple of "
                            "tf.error types, but saw: %s" % (queue_closed_exception_types,))
        self._setup(queue, queue.name, enqueue_ops,
                    close_op if close_op is not None else queue.close(),
                    cancel_op if cancel_op is not None else
                    queue.close(cancel_pending_enqueues=True), queue_closed_exception_types)

    def _setup(self, queue, queue_name, enqueue_ops, close_op, cancel_op, closed_types):
        self._queue, self._queue_name = queue, queue_name
        self._enqueue_ops = list(enqueue_ops)
        self._close_op, self._cancel_op = close_op, cancel_op
        self._queue_closed_exception_types = closed_types
        self._lock = threading.Lock()
        self._runs_per_session = {}
        self._exceptions_raised = []

    def to_meta_graph_record(self):
        """The runner as op names, TF1's QueueRunnerDef fields (what a meta graph keeps)."""
        return {"queue_name": self._queue_name,
                "enqueue_op_name": [op.name for op in self._enqueue_ops],
                "close_op_name": self._close_op.name, "cancel_op_name": self._cancel_op.name,
                "queue_closed_exception_types": [errors.error_code_from_exception_type(t)
                                                 for t in self._queue_closed_exception_types]}

    @classmethod
    def from_meta_graph_record(cls, record, resolve_op):
        """The runner of ``record`` (:meth:`to_meta_graph_record`) on the ops that
        ``resolve_op(name)`` finds in the imported graph; its ``queue`` is the queue's op."""
        runner = cls.__new__(cls)
        runner._setup(resolve_op(record["queue_name"]), record["queue_name"],
                      [resolve_op(name) for name in record["enqueue_op_name"]],
                      resolve_op(record["close_op_name"]), resolve_op(record["cancel_op_name"]),
                      tuple(errors.exception_type_from_error_code(code)
                            for code in record["queue_closed_exception_types"]))
        return runner

    queue = property(lambda self: self._queue)
    enqueue_ops = property(lambda self: list(self._enqueue_ops))
    close_op = property(lambda self: self._close_op)
    cancel_op = property(lambda self: self._cancel_op)
    queue_closed_exception_types = property(lambda self: self._queue_closed_exception_types)
    exceptions_raised = property(lambda self: list(self._exceptions_raised),
                                 doc="Exceptions raised in threads run without a coordinator.")
    name = property(lambda self: self._queue_name, doc="The name of the queue's op.")

    def _run(self, sess, enqueue_op, coord=None):
        decremented = False
        try:
            enqueue = sess.make_callable(enqueue_op)
            while not (coord is not None and coord.should_stop()):
                try:
                    enqueue()
                except self._queue_closed_exception_types:
                    with self._lock:
                        self._runs_per_session[sess] -= 1
                        decremented = True
                        if self._runs_per_session[sess] == 0:
                            self._run_quietly(sess, self._close_op)
                    return
        except Exception as e:  # noqa: BLE001 - reported to the coordinator, as TF1
            if _session_closed(sess):
                return  # the Session closed under the thread (its run was cancelled)
            if coord is not None:
                coord.request_stop(e)
            else:
                logging.error("Exception in QueueRunner: %s", e)
                with self._lock:
                    self._exceptions_raised.append(e)
                raise
        finally:
            if not decremented:
                with self._lock:
                    self._runs_per_session[sess] -= 1

    @staticmethod
    def _run_quietly(sess, op):
        try:
            sess.run(op)
        except Exception as e:  # noqa: BLE001 - TF1 ignores errors of the close/cancel ops
            logging.debug("Ignored exception: %s", e)

    def _close_on_stop(self, sess, cancel_op, coord):
        # Polled, so that the thread also ends when the Session closes without a stop request.
        while not coord.wait_for_stop(0.05):
            if _session_closed(sess):
                return
        self._run_quietly(sess, cancel_op)

    def create_threads(self, sess, coord=None, daemon=False, start=False):
        """The threads running the enqueue ops in ``sess`` (one per op, plus one closing the
        queue when ``coord`` asks to stop), registered with ``coord``; none when they already
        run for ``sess``."""
        with self._lock:
            if self._runs_per_session.get(sess, 0) > 0:
                return []
            self._runs_per_session[sess] = len(self._enqueue_ops)
            self._exceptions_raised = []
        threads = [threading.Thread(target=self._run, args=(sess, op, coord),
                                    name="QueueRunnerThread-%s-%s" % (self.name, op.name))
                   for op in self._enqueue_ops]
        if coord is not None:
            threads.append(threading.Thread(
                target=self._close_on_stop, args=(sess, self._cancel_op, coord),
                name="QueueRunnerThread-%s-close_on_stop" % self.name))
        own = getattr(sess, "_own_thread", None)
        for thread in threads:
            if coord is not None:
                coord.register_thread(thread)
            if daemon:
                thread.daemon = True
            if own is not None:
                own(thread)
            if start:
                thread.start()
        return threads


def add_queue_runner(qr, collection=GraphKeys.QUEUE_RUNNERS):
    """Adds ``qr`` to the graph collection ``collection`` (what start_queue_runners starts)."""
    get_default_graph().add_to_collection(collection, qr)


def start_queue_runners(sess=None, coord=None, daemon=True, start=True,
                        collection=GraphKeys.QUEUE_RUNNERS):
    """Starts the threads of every QueueRunner in ``collection`` of ``sess``'s graph; returns
    the list of threads."""
    if sess is None:
        sess = get_default_session()
        if sess is None:
            raise ValueError("Cannot start queue runners: No default session is registered. "
                             "Use `with sess.as_default()` or pass an explicit session to "
                             "tf.start_queue_runners(sess=sess)")
    with sess.graph.as_default():
        threads = []
        for qr in sess.graph.get_collection(collection):
            threads.extend(qr.create_threads(sess, coord=coord, daemon=daemon, start=start))
    return threads


__all__ = ["QueueRunner", "add_queue_runner", "start_queue_runners"]
