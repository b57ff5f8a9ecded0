"""How a Session's blocking kernels wait: queue ops block until their queue can serve them, as
in TF1, and must still give up when the run's deadline passes (``RunOptions(timeout_in_ms=...)``)
or when the Session closes.

One :class:`RunControl` per Session. A kernel waits with :meth:`RunControl.wait` on the
``threading.Condition`` of the resource it needs (registered once with :meth:`watch`, so that
closing the Session can wake it). The deadline is per thread: each ``Session.run`` call runs in
its caller's thread, and two threads may run with different deadlines at once.
"""
import contextlib
import threading
import time

from . import errors


class RunControl:
    """Deadlines and cancellation for the blocking kernels of one Session.

    >>> import threading
    >>> control, condition = RunControl(), threading.Condition()
    >>> with control.deadline(10), condition:
    ...     control.wait(condition, lambda: False, None)
    Traceback (most recent call last):
    ...
    autograd_engine.framework.errors.DeadlineExceededError: Timed out waiting for notification
    """

    def __init__(self):
        self._local = threading.local()
        self._lock = threading.Lock()
        self._conditions = []
        self.cancelled = False

    @contextlib.contextmanager
    def deadline(self, timeout_in_ms):
        """Blocking waits of this thread's run give up after ``timeout_in_ms`` (None or a
        value <= 0: no deadline, as TF1)."""
        previous = getattr(self._local, "deadline", None)
        if timeout_in_ms and timeout_in_ms > 0:
            self._local.deadline = time.monotonic() + timeout_in_ms / 1000.0
        try:
            yield
        finally:
            self._local.deadline = previous

    def watch(self, condition):
        """Registers ``condition`` so that :meth:`cancel` wakes the threads waiting on it."""
        with self._lock:
            self._conditions.append(condition)

    def wait(self, condition, ready, op):
        """Waits on ``condition`` (held by the caller) until ``ready()`` is true. Raises
        ``CancelledError`` when the Session closes and ``DeadlineExceededError`` when this
        run's deadline passes first."""
        deadline = getattr(self._local, "deadline", None)
        while not ready():
            if self.cancelled:
                raise errors.CancelledError(None, op, "Session has been closed.")
            if deadline is None:
                condition.wait()
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise errors.DeadlineExceededError(None, op, "Timed out waiting for notification")
            condition.wait(remaining)

    def check(self, op):
        """Raises ``CancelledError`` when the Session has closed (for kernels about to block)."""
        if self.cancelled:
            raise errors.CancelledError(None, op, "Session has been closed.")

    def cancel(self):
        """Cancels every wait in progress or to come (the Session is closing)."""
        self.cancelled = True
        with self._lock:
            conditions = list(self._conditions)
        for condition in conditions:
            with condition:
                condition.notify_all()
