"""``tf.train.Coordinator``: the stop flag a monitored session shares with its hooks."""
import contextlib


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


__all__ = ["Coordinator"]
