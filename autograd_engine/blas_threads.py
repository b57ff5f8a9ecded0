"""BLAS threads per op: small products on one thread, large ones on all.

numpy's BLAS (OpenBLAS) splits every product over all its threads, however small; the threads
then wait on each other, which on a machine where another process keeps a core busy makes a
model of small products many times slower (a step of 256-wide dense layers at batch 20: 4.5 ms
on one thread, 40-80 ms on two). PyTorch's rule is the model here (``at::parallel_for`` with
``GRAIN_SIZE``): a product gets one thread per ``grain`` of its work, at least one and at most
the Session's bound, ``ConfigProto(intra_op_parallelism_threads=)`` (0: the count BLAS had when
first asked, usually one per core).

An op whose OpDef sets ``blas_flops`` (the floating-point operations of the products its kernel
makes, from its input shapes) has its kernel bound in the plan behind a call setting the count
(:meth:`ThreadRule.bind`): decided when the plan is built where the shapes are static, else
from the run's values (a batch dimension known only then). Without threadpoolctl, or with a
BLAS it cannot find, nothing is set. Setting the count calls the library's own
``openblas_set_num_threads`` through ctypes (a fraction of a microsecond; threadpoolctl's
``set_num_threads`` costs far more, see ``python -m benchmarks.blas_threshold``), and only when
the count needed differs from the current one: a plan of small products never switches.

That rule is one of three *arms* a plan chooses among by timing its own runs
(:class:`ArmChoice`): every product on one thread, the rule, every product on all threads. On a
quiet machine a second thread pays for products of a few MFLOP; with a core busy it makes them
many times slower, and OpenBLAS's threads spinning after a product slow the ops that follow, so
only the time of whole runs says which is best; the choice is checked again as the load changes.

The count is process-wide: runs in other threads see it too. Closing a Session puts back the
count BLAS had before any Session set one.
"""
import contextlib
import ctypes
import statistics
import threading
import time

# The work (2 * m * k * n floating-point operations) per thread below which a product stays on
# one thread: measured with ``python -m benchmarks.blas_threshold`` on 2 cores (AVX-512,
# OpenBLAS 0.3.31, float32; benchmarks/blas_threshold.md). A second thread won only for products
# of 80 MFLOP and more, and not for all of them; from 4 to 34 MFLOP it often made a product 5 to
# 300x slower (its threads waiting on the scheduler) on the shared machine. On a quiet machine
# two threads win from a few MFLOP on: the "all" arm (ArmChoice) covers that case.
GRAIN_FLOPS = 64_000_000

_SYMBOL_PREFIXES = ("", "scipy_")
_SYMBOL_SUFFIXES = ("", "64_", "_64")


class BlasThreads:
    """numpy's BLAS thread count, set cheaply and only when it changes.

    ``default`` is the count BLAS had when this object was made; ``want(n)`` sets ``n`` unless
    it is already the count; ``restore()`` puts ``default`` back.
    """

    def __init__(self):
        self._set_library = self._get_library = None
        self.library = None
        try:
            from threadpoolctl import ThreadpoolController
            libraries = ThreadpoolController().select(user_api="blas").lib_controllers
        except ImportError:
            libraries = []
        if libraries:
            self.library = libraries[0]
            self._set_library, self._get_library = self._entry_points(self.library)
        self.default = self.read()
        self.current = self.default
        self._lock = threading.Lock()

    @staticmethod
    def _entry_points(library):
        """(set, get) of the library's thread count: OpenBLAS's own functions when they are
        found (any of the symbol names NumPy's and SciPy's builds give them), else
        threadpoolctl's methods."""
        dynlib = getattr(library, "dynlib", None)
        if getattr(library, "internal_api", None) == "openblas" and dynlib is not None:
            for prefix in _SYMBOL_PREFIXES:
                for suffix in _SYMBOL_SUFFIXES:
                    setter = getattr(dynlib, prefix + "openblas_set_num_threads" + suffix, None)
                    getter = getattr(dynlib, prefix + "openblas_get_num_threads" + suffix, None)
                    if setter is not None and getter is not None:
                        setter.argtypes, setter.restype = [ctypes.c_int], None
                        getter.argtypes, getter.restype = [], ctypes.c_int
                        return setter, getter
        return library.set_num_threads, library.get_num_threads

    def describe(self):
        if self.library is None:
            return "no BLAS found by threadpoolctl"
        direct = isinstance(self._set_library, ctypes._CFuncPtr)
        return "%s %s (%s)" % (self.library.internal_api, self.library.version,
                               "set directly" if direct else "set through threadpoolctl")

    def read(self):
        """The library's count now (1 when no library is known)."""
        return max(1, int(self._get_library())) if self._get_library is not None else 1

    def set(self, threads):
        if self._set_library is not None:
            self._set_library(threads)
        self.current = threads

    def want(self, threads):
        """Sets ``threads`` unless it is the count already."""
        if threads != self.current:
            self.set(threads)

    def sync(self):
        """Takes the library's count as current (something else may have set it)."""
        self.current = self.read()

    def restore(self):
        """Puts the default count back (a Session closing); open Sessions set theirs again
        when they next run."""
        with self._lock:
            if self.read() != self.default:
                self.set(self.default)


_controller = None
_controller_lock = threading.Lock()


def controller():
    """The process's :class:`BlasThreads` (made on first use)."""
    global _controller
    if _controller is None:
        with _controller_lock:
            if _controller is None:
                _controller = BlasThreads()
    return _controller


_policy = "auto"


@contextlib.contextmanager
def policy(name):
    """Sessions made inside the block give every BLAS product ``"one"`` thread, ``"all"`` of
    their bound, or (``"auto"``, the default) the count this module chooses: what the busy
    machine benchmark compares.

    >>> with policy("one"):
    ...     ThreadRule(limit=4).threads(10 ** 12)
    1
    """
    global _policy
    if name not in ("auto", "one", "all"):
        raise ValueError("policy must be 'auto', 'one' or 'all', got %r" % (name,))
    previous, _policy = _policy, name
    try:
        yield
    finally:
        _policy = previous


# How many distinct input shapes one product remembers its counts for.
MAX_DECIDED_SHAPES = 64

# The ways a plan may give its products threads, chosen among by timing its runs (ArmChoice):
# every product on one thread; one thread per grain of work (the rule of ThreadRule.threads);
# every product on all threads (what numpy does by itself: OpenBLAS keeps tiny products on one).
ONE, SPLIT, ALL = "one", "split", "all"


class ThreadRule:
    """A Session's rule: threads for a product of ``flops``: one per ``grain`` of work, at least
    one and at most ``limit``.

    Under the default policy the rule has three *arms* (:data:`ONE`, :data:`SPLIT`, :data:`ALL`)
    and each plan times its runs under each to keep the fastest (:class:`ArmChoice`): whether a
    second BLAS thread pays depends on what else the machine runs far more than on the sizes.

    >>> rule = ThreadRule(limit=2, grain=4_000_000)
    >>> rule.threads(20 * 256 * 256 * 2), rule.threads(64 * 14 * 14 * 288 * 64 * 2)
    (1, 2)
    >>> rule.arms, rule.counts(64 * 14 * 14 * 288 * 64 * 2), rule.counts(1000)
    (('one', 'split', 'all'), (1, 2, 2), (1, 1, 2))
    """

    def __init__(self, limit, grain=None, adaptive=True):
        self.limit = 1 if _policy == "one" else max(1, int(limit))
        self.grain = 0 if _policy == "all" else GRAIN_FLOPS if grain is None else grain
        self.adaptive = adaptive and _policy == "auto" and self.limit > 1
        self.arms = (ONE, SPLIT, ALL) if self.adaptive else (SPLIT,)
        # The index in ``arms`` of the run in progress (set by each plan's ArmChoice).
        self.arm = 0

    def threads(self, flops):
        if self.limit == 1 or flops < 2 * self.grain:
            return 1
        if self.grain <= 0:
            return self.limit
        return min(self.limit, int(flops // self.grain))

    def counts(self, flops):
        """The thread count of a product of ``flops`` under each arm."""
        return tuple(1 if arm == ONE else self.limit if arm == ALL else self.threads(flops)
                     for arm in self.arms)

    def start_run(self, control):
        """What a plan does first: takes the library's count as current, held to ``limit``
        (ops without ``blas_flops``, LAPACK's say, run at whatever count is current)."""
        threads = control.read()
        if threads > self.limit:
            control.set(self.limit)
        else:
            control.current = threads

    def bind(self, kernel, op, static_shapes, control):
        """``kernel`` run with the thread count this rule gives ``op`` under the run's arm:
        the counts decided now when the static shapes say how large its products are, else
        once per distinct input shapes (a batch dimension known only at run time)."""
        flops_of = op.op_def.blas_flops
        flops = flops_of(op, static_shapes)
        want, rule = control.want, self
        if flops is not None:
            counts = self.counts(flops)
            if len(set(counts)) == 1:
                threads = counts[0]

                def run_fixed(*values):
                    want(threads)
                    return kernel(*values)
                return run_fixed

            def run_by_arm(*values):
                want(counts[rule.arm])
                return kernel(*values)
            return run_by_arm
        # Bounded, since a program may feed many batch sizes; each run then costs one lookup.
        decided = {}
        unknown = (1,) * len(self.arms)

        def run_sized(*values):
            shapes = tuple([getattr(v, "shape", None) for v in values])
            counts = decided.get(shapes)
            if counts is None:
                work = flops_of(op, list(shapes))
                counts = unknown if work is None else rule.counts(work)
                if len(decided) >= MAX_DECIDED_SHAPES:
                    decided.clear()
                decided[shapes] = counts
            want(counts[rule.arm])
            return kernel(*values)
        return run_sized


def run_start(rule, runs_blas):
    """What a plan calls before each run (None: nothing): for a plan with BLAS products or a
    bound below the default count, :meth:`ThreadRule.start_run`, then, for a plan with BLAS
    products and a rule of several arms, its :class:`ArmChoice` picks the run's arm. The call
    returns None, or (a run being timed) the function to call when the run ends."""
    if rule is None or not (runs_blas or rule.limit < controller().default):
        return None
    control = controller()
    if not runs_blas or len(rule.arms) == 1:
        return lambda: rule.start_run(control)
    choice = ArmChoice(len(rule.arms))

    def start():
        rule.start_run(control)
        return choice.start(rule)
    start.choice = choice  # what benchmarks.profile_step reports
    return start


class ArmChoice:
    """One plan's arm (a :class:`ThreadRule` arm: one thread, per grain, all threads), chosen by
    timing whole runs (``chosen``: the index in the rule's ``arms``; None while timing).

    Timing a product alone misses what matters on a busy machine: OpenBLAS's idle threads spin
    after a multi-threaded product and take the core from what runs next, and a second thread
    waits for the scheduler. A whole run counts all of it. So the first runs visit the arms in
    turn, each visit one untimed run (the switch settles: threads wake or go idle; skipped when
    runs take ``SETTLE_SECONDS`` or more, which is long enough to absorb it) and one timed run,
    until every arm has ``SAMPLES`` timed runs; an arm whose run takes over
    ``CLEARLY_WORSE`` times the best arm's median is dropped at once, so a bad arm costs two
    runs. The fastest arm by median is then kept, and the choice made afresh after
    ``recheck_seconds`` (the load comes and goes): the interval doubles while the choice holds,
    up to ``MAX_RECHECK_SECONDS``, and starts again from ``FIRST_RECHECK_SECONDS`` when it
    changes. Between checks a run costs a counter and, every ``RUNS_BETWEEN_CLOCK_READS``
    runs, one clock read.
    """
    SAMPLES = 3
    CLEARLY_WORSE = 2.0
    # Arm 0, one thread, is kept unless another arm's median beats it by this factor: three
    # runs under load are noisy, and a wrong "more threads" costs far more than a wrong "one"
    # (make bench, one core busy: the LSTM kept the grain arm on a lucky sample and ran 2.5x
    # the one-thread time for the next 10 s; on a quiet machine the arms that win, win by
    # 1.3x to 1.7x).
    MARGIN_OVER_ONE_THREAD = 1.15
    FIRST_RECHECK_SECONDS = 10.0
    MAX_RECHECK_SECONDS = 320.0
    RUNS_BETWEEN_CLOCK_READS = 16
    SETTLE_SECONDS = 0.05

    def __init__(self, arms, clock=time.perf_counter):
        self.arms, self.clock = arms, clock
        self.recheck_seconds = self.FIRST_RECHECK_SECONDS
        self.chosen = self._previous = None
        self._explore()

    def _explore(self):
        self.samples = [[] for _ in range(self.arms)]
        self.live = list(range(self.arms))
        self.chosen, self._visit, self._settled = None, 0, False
        self._last_seconds = None

    def start(self, rule):
        """Sets ``rule.arm`` for the run starting; returns None, or the function ending the
        run's timing."""
        chosen = self.chosen
        if chosen is not None:
            rule.arm = chosen
            self._runs += 1
            if self._runs >= self.RUNS_BETWEEN_CLOCK_READS:
                self._runs = 0
                if self.clock() >= self._recheck_at:
                    self._previous = chosen
                    self._explore()
            return None
        arm = rule.arm = self.live[self._visit % len(self.live)]
        if not self._settled:
            self._settled = True
            return None
        started = self.clock()
        return lambda: self._timed(arm, self.clock() - started)

    def medians(self):
        """{arm index: median seconds of its timed runs so far}, for the arms still in."""
        return {arm: statistics.median(self.samples[arm]) for arm in self.live
                if self.samples[arm]}

    def _timed(self, arm, seconds):
        if self.chosen is not None or arm not in self.live:
            return  # a run that overlapped another thread's
        self.samples[arm].append(seconds)
        self._last_seconds = seconds
        medians = self.medians()
        best = min(medians.values())
        self.live = [a for a in self.live if medians.get(a, best) <= self.CLEARLY_WORSE * best]
        if all(len(self.samples[a]) >= self.SAMPLES for a in self.live):
            medians = self.medians()
            fastest = min(self.live, key=medians.get)
            if 0 in self.live and \
                    medians[fastest] * self.MARGIN_OVER_ONE_THREAD > medians[0]:
                fastest = 0
            self._choose(fastest)
            return
        self._visit = (self.live.index(arm) + 1 if arm in self.live else self._visit)
        while len(self.samples[self.live[self._visit % len(self.live)]]) >= self.SAMPLES:
            self._visit += 1
        self._settled = seconds >= self.SETTLE_SECONDS

    def _choose(self, arm):
        if arm == self._previous:
            self.recheck_seconds = min(2 * self.recheck_seconds, self.MAX_RECHECK_SECONDS)
        else:
            self.recheck_seconds = self.FIRST_RECHECK_SECONDS
        self.chosen, self._runs = arm, 0
        self._recheck_at = self.clock() + self.recheck_seconds
