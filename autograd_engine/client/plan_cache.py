"""A Session's cache of compiled plans (and of parsed fetch structures): least recently used
entries are dropped beyond a bound, and a warning says so when runs keep compiling plans that
were dropped (the cache "thrashes": every run pays for a compile).

A plan costs ~7 KiB of Python objects (its ops, slots and generated code): 5,000 distinct
fetch/feed combinations grew a process by 36 MiB. :data:`DEFAULT_MAX_PLANS` (256) holds far
more combinations than a program runs in its loops, in under 2 MiB;
``tf.ConfigProto(plan_cache_size=N)`` changes it per Session.

>>> cache = LRUCache(2, what="plans")
>>> cache.put("a", 1); cache.put("b", 2); cache.put("c", 3)
>>> sorted(cache), cache.get("a")
(['b', 'c'], None)
"""
import collections
import threading
import warnings

from ..framework.source_location import user_stacklevel

DEFAULT_MAX_PLANS = 256
# Compiles of dropped entries before the warning: a few are normal (a program's phases).
THRASH_WARNING_AFTER = 20


class PlanCacheWarning(UserWarning):
    """A Session keeps recompiling plans it had to drop: the runs use more distinct fetch and
    feed combinations than its plan cache holds."""


class LRUCache(collections.OrderedDict):
    """An OrderedDict (oldest use first) of at most ``max_entries`` entries. ``get`` marks an
    entry used; ``put`` adds one, dropping the least recently used beyond the bound and
    counting it; putting a key dropped before counts as a recompile (see
    :data:`THRASH_WARNING_AFTER`; ``warn=False`` never warns). Safe to use from several
    threads."""

    def __init__(self, max_entries, what, warn=True):
        super().__init__()
        if max_entries < 1:
            raise ValueError("A %s cache needs room for at least one entry, got %r"
                             % (what, max_entries))
        self.max_entries = max_entries
        self.what = what
        self.evictions = 0
        self.recompiles = 0
        self._dropped = collections.OrderedDict()  # recently dropped keys, for recompiles
        self._lock = threading.Lock()
        self._warned = not warn

    def get(self, key, default=None):
        with self._lock:
            value = super().get(key, default)
            if value is not default:
                self.move_to_end(key)
            return value

    def put(self, key, value):
        with self._lock:
            self[key] = value
            self.move_to_end(key)
            if self._dropped.pop(key, None) is not None:
                self.recompiles += 1
            while len(self) > self.max_entries:
                dropped, _ = self.popitem(last=False)
                self.evictions += 1
                self._dropped[dropped] = True
                if len(self._dropped) > self.max_entries:
                    self._dropped.popitem(last=False)
            thrashing = self.recompiles >= THRASH_WARNING_AFTER and not self._warned
            self._warned = self._warned or thrashing
        if thrashing:
            warnings.warn(
                "%d %s were compiled again after being dropped from this Session's cache of %d "
                "(least recently used first): the runs use more distinct fetch/feed "
                "combinations than it holds, and each run pays for a compile. Run the same "
                "fetches and feeds every step (fetch what you need together), or raise the "
                "bound with tf.Session(config=tf.ConfigProto(plan_cache_size=N))."
                % (self.recompiles, self.what, self.max_entries),
                PlanCacheWarning, stacklevel=user_stacklevel())

    def clear(self):
        with self._lock:
            super().clear()
            self._dropped.clear()


__all__ = ["LRUCache", "PlanCacheWarning", "DEFAULT_MAX_PLANS"]
