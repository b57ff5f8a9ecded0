"""The hook API of monitored sessions (TF1's ``session_run_hook``): what a hook adds to a
``run`` (:class:`SessionRunArgs`), what it gets back (:class:`SessionRunValues`), the run as
hooks see it (:class:`SessionRunContext`), and the base class :class:`SessionRunHook`."""
import collections


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


__all__ = ["SessionRunArgs", "SessionRunValues", "SessionRunContext", "SessionRunHook"]
