"""``tf.train.LooperThread``: a thread calling a function repeatedly (every
``timer_interval_secs``, or back to back) until its Coordinator is asked to stop.

>>> import autograd_engine as tf
>>> coord = tf.train.Coordinator()
>>> calls = []
>>> def step():
...     calls.append(1)
...     if len(calls) == 3:
...         coord.request_stop()
>>> thread = tf.train.LooperThread.loop(coord, None, step)
>>> coord.join([thread])
>>> len(calls)
3
"""
import threading
import time


class LooperThread(threading.Thread):
    """Runs ``target(*args, **kwargs)`` (or the subclass's ``run_loop``) until
    ``coord.should_stop()``: every ``timer_interval_secs`` seconds, the first call at the start,
    or with ``timer_interval_secs=None`` back to back. An exception in it
    becomes ``coord.request_stop(ex)``."""

    def __init__(self, coord, timer_interval_secs, target=None, args=None, kwargs=None):
        if not (target is None) ^ (type(self).run_loop is LooperThread.run_loop):
            if target is None:
                raise ValueError("A LooperThread needs a target or a run_loop override.")
            raise ValueError("A LooperThread with a run_loop override takes no target.")
        super().__init__()
        self.daemon = True
        self._coord = coord
        self._timer_interval_secs = timer_interval_secs
        self._target = target
        self._args = args or ()
        self._kwargs = kwargs or {}
        coord.register_thread(self)

    @staticmethod
    def loop(coord, timer_interval_secs, target, args=None, kwargs=None):
        """Starts and returns a LooperThread calling ``target``."""
        looper = LooperThread(coord, timer_interval_secs, target=target, args=args,
                              kwargs=kwargs)
        looper.start()
        return looper

    def run(self):
        with self._coord.stop_on_exception():
            self.start_loop()
            if self._timer_interval_secs is None:
                while not self._coord.should_stop():
                    self.run_loop()
            else:
                next_time = time.time()
                while not self._coord.wait_for_stop(max(0.0, next_time - time.time())):
                    next_time += self._timer_interval_secs
                    self.run_loop()
            self.stop_loop()

    def start_loop(self):
        """Called once when the thread starts."""

    def stop_loop(self):
        """Called once when the thread stops."""

    def run_loop(self):
        """One call of the target (subclasses override this instead of passing a target)."""
        self._target(*self._args, **self._kwargs)


__all__ = ["LooperThread"]
