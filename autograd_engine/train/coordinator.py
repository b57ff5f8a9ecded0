"""``tf.train.Coordinator``: a stop flag shared by the threads of a program (queue runners,
the training loop, a monitored session's hooks), with TF1's semantics:

* ``request_stop(ex)`` sets the flag; the first exception passed (other than a "clean stop"
  type, ``OutOfRangeError`` by default) is kept and re-raised by ``join``;
* ``join(threads)`` waits until every thread has ended, or until a stop is requested and then
  ``stop_grace_period_secs`` have passed (``RuntimeError`` naming the threads still running);
* ``stop_on_exception()`` turns an exception inside its block into ``request_stop(ex)``.
"""
import contextlib
import sys
import threading
import time

from ..framework import errors


class Coordinator:
    """Coordinates the termination of a set of threads.

    >>> import threading
    >>> import autograd_engine as tf
    >>> coord = tf.train.Coordinator()
    >>> def worker():
    ...     with coord.stop_on_exception():
    ...         raise ValueError("worker failed")
    >>> thread = threading.Thread(target=worker)
    >>> thread.start()
    >>> coord.join([thread])
    Traceback (most recent call last):
    ...
    ValueError: worker failed
    """

    def __init__(self, clean_stop_exception_types=None):
        if clean_stop_exception_types is None:
            clean_stop_exception_types = (errors.OutOfRangeError,)
        self._clean_stop_exception_types = tuple(clean_stop_exception_types)
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._exc_info_to_raise = None
        self._joined = False
        self._registered_threads = set()

    def _filter_exception(self, ex):
        """``ex`` as exc_info, or None when it is a clean stop (end of input)."""
        if isinstance(ex, tuple):
            ex2 = ex[1]
        else:
            ex2 = ex
        if isinstance(ex2, self._clean_stop_exception_types):
            return None
        return ex

    def request_stop(self, ex=None):
        """Requests the threads to stop; ``ex`` (an exception or an exc_info triple) is
        re-raised by :meth:`join` when it is the first one reported. After ``join`` has
        returned, an exception given here is raised at once (nobody would see it otherwise)."""
        with self._lock:
            ex = self._filter_exception(ex)
            if self._joined and ex is not None:
                raise ex[1] if isinstance(ex, tuple) else ex
            if not self._stop_event.is_set():
                if ex is not None and self._exc_info_to_raise is None:
                    if isinstance(ex, tuple):
                        self._exc_info_to_raise = ex
                    else:
                        self._exc_info_to_raise = (type(ex), ex, ex.__traceback__)
                self._stop_event.set()

    def clear_stop(self):
        """Clears the stop flag and the recorded exception (the coordinator can be reused)."""
        with self._lock:
            self._joined = False
            self._exc_info_to_raise = None
            if self._stop_event.is_set():
                self._stop_event.clear()

    def should_stop(self):
        return self._stop_event.is_set()

    @contextlib.contextmanager
    def stop_on_exception(self):
        """A context manager requesting a stop with the exception raised in its block
        (which it swallows; :meth:`join` re-raises it)."""
        try:
            yield
        except:  # noqa: E722 - TF1 reports any exception, SystemExit included
            self.request_stop(ex=sys.exc_info())

    def wait_for_stop(self, timeout=None):
        """Waits until a stop is requested (or ``timeout`` seconds); returns whether it was."""
        return self._stop_event.wait(timeout)

    def register_thread(self, thread):
        """Adds ``thread`` to those :meth:`join` waits for."""
        with self._lock:
            self._registered_threads.add(thread)

    def join(self, threads=None, stop_grace_period_secs=120, ignore_live_threads=False):
        """Waits for the registered threads and ``threads`` to end; then re-raises the
        exception passed to :meth:`request_stop`, if any."""
        with self._lock:
            threads = set(threads or ()) | self._registered_threads
        threads = list(threads)
        # Wait for all threads to stop or for request_stop() to be called.
        while any(t.is_alive() for t in threads) and not self.wait_for_stop(0.05):
            pass
        # Then give the threads the grace period to end.
        deadline = time.monotonic() + stop_grace_period_secs
        for thread in threads:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            thread.join(remaining)
        stragglers = [t.name for t in threads if t.is_alive()]
        with self._lock:
            self._joined = True
            self._registered_threads = set()
            if self._exc_info_to_raise is not None:
                exc_info = self._exc_info_to_raise
                raise exc_info[1].with_traceback(exc_info[2])
            if stragglers:
                if ignore_live_threads:
                    return
                raise RuntimeError("Coordinator stopped with threads still running: %s"
                                   % " ".join(stragglers))

    @property
    def joined(self):
        return self._joined

    def raise_requested_exception(self):
        """Raises the exception passed to :meth:`request_stop`, if any."""
        with self._lock:
            if self._exc_info_to_raise is not None:
                raise self._exc_info_to_raise[1].with_traceback(self._exc_info_to_raise[2])


__all__ = ["Coordinator"]
