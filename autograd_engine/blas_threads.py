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

Large products (two threads or more by the rule) are then timed both ways at their first calls
and keep the faster count (:class:`ChoiceByTiming`): how much a second thread helps depends on
the load of the machine far more than on the product's size.

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
# 300x slower (its threads waiting on the scheduler), with and without a busy core. Products
# from 128 MFLOP on are timed both ways (ChoiceByTiming).
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


# How many distinct input shapes one product remembers its decision for.
MAX_DECIDED_SHAPES = 64


class ThreadRule:
    """A Session's rule: threads for a product of ``flops``: one per ``grain`` of work, at least
    one and at most ``limit``.

    >>> rule = ThreadRule(limit=2, grain=4_000_000)
    >>> rule.threads(20 * 256 * 256 * 2), rule.threads(64 * 14 * 14 * 288 * 64 * 2)
    (1, 2)
    """

    def __init__(self, limit, grain=None, adaptive=True):
        self.limit = 1 if _policy == "one" else max(1, int(limit))
        self.grain = 0 if _policy == "all" else GRAIN_FLOPS if grain is None else grain
        # Time large products both ways (ChoiceByTiming).
        self.adaptive = adaptive and _policy == "auto"
        self._choices = {}

    def threads(self, flops):
        if self.limit == 1 or flops < 2 * self.grain:
            return 1
        if self.grain <= 0:
            return self.limit
        return min(self.limit, int(flops // self.grain))

    def start_run(self, control):
        """What a plan does first: takes the library's count as current, held to ``limit``
        (ops without ``blas_flops``, LAPACK's say, run at whatever count is current)."""
        threads = control.read()
        if threads > self.limit:
            control.set(self.limit)
        else:
            control.current = threads

    def bind(self, kernel, op, static_shapes, control):
        """``kernel`` run with the thread count this rule gives ``op``: decided now when the
        static shapes say how large its products are, else at each run from its values."""
        flops_of = op.op_def.blas_flops
        flops = flops_of(op, static_shapes)
        want = control.want
        if flops is not None:
            threads = self.threads(flops)
            if threads > 1 and self.adaptive:
                choice = self._choice(op.type, flops, threads, control)
                return lambda *values: choice.run(kernel, values)

            def run_fixed(*values):
                want(threads)
                return kernel(*values)
            return run_fixed
        rule_threads, adaptive, choose = self.threads, self.adaptive, self._choice
        op_type = op.type
        # Decided once per distinct input shapes (a fed batch size), not at every run: each run
        # then costs one dict lookup. Bounded, since a program may feed many batch sizes.
        decided = {}

        def decide(shapes):
            work = flops_of(op, list(shapes))
            threads = 1 if work is None else rule_threads(work)
            if len(decided) >= MAX_DECIDED_SHAPES:
                decided.clear()
            decided[shapes] = decision = \
                choose(op_type, work, threads, control) if threads > 1 and adaptive else threads
            return decision

        def run_sized(*values):
            shapes = tuple([getattr(v, "shape", None) for v in values])
            decision = decided.get(shapes)
            if decision is None:
                decision = decide(shapes)
            if decision.__class__ is int:
                want(decision)
                return kernel(*values)
            return decision.run(kernel, values)
        return run_sized

    def _choice(self, op_type, flops, threads, control):
        """The :class:`ChoiceByTiming` shared by this rule's products of one op type and size
        (the 28 steps of an unrolled LSTM: one choice, timed once)."""
        key = (op_type, flops)
        choice = self._choices.get(key)
        if choice is None:
            choice = self._choices[key] = ChoiceByTiming(control, threads)
        return choice


def run_start(rule, runs_blas):
    """What a plan calls before each run (None: nothing): for a plan with BLAS products or a
    bound below the default count, :meth:`ThreadRule.start_run`."""
    if rule is None or not (runs_blas or rule.limit < controller().default):
        return None
    control = controller()
    return lambda: rule.start_run(control)


class ChoiceByTiming:
    """One large product's thread count, chosen by timing it both ways.

    Whether a second thread pays for a product of a given size depends on the machine and on
    what else runs on it: on 2 cores, with another process keeping one of them busy, the second
    BLAS thread waits for the scheduler and a product that two threads make 1.3x faster on a
    quiet machine can become many times slower. So the first calls alternate one thread and
    ``threads``, timed (one thread first), until each has ``SAMPLES``; the faster by median is
    used from then on. A call that is clearly worse (over twice the median of the other count)
    settles it at once, so a choice costs one call of a count that waits on the scheduler.

    The choice is checked again after ``recheck_seconds``, since load comes and goes: one call
    with the other count; only when that call is not clearly worse than the current count's
    median are both timed afresh. The interval doubles while the choice holds, up to
    ``MAX_RECHECK_SECONDS``, and starts again from ``FIRST_RECHECK_SECONDS`` when it changes.
    """
    SAMPLES = 4
    CLEARLY_WORSE = 2.0
    FIRST_RECHECK_SECONDS = 10.0
    MAX_RECHECK_SECONDS = 320.0
    CALLS_BETWEEN_CLOCK_READS = 32

    def __init__(self, control, threads, clock=time.perf_counter):
        self.control, self.clock = control, clock
        self.candidates = (1, threads)
        self.recheck_seconds = self.FIRST_RECHECK_SECONDS
        self.samples = {count: [] for count in self.candidates}
        self.chosen, self._checking = None, False
        self._trial = 0

    def run(self, kernel, values):
        """``kernel(*values)`` at the chosen count (or the count being timed)."""
        chosen = self.chosen
        if chosen is not None and not self._checking:
            self.control.want(chosen)
            self._calls += 1
            if self._calls >= self.CALLS_BETWEEN_CLOCK_READS:
                self._calls = 0
                self._checking = self.clock() >= self._recheck_at
            return kernel(*values)
        if chosen is not None:  # the recheck: one call with the other count
            threads = self.candidates[1] if chosen == 1 else 1
        else:
            threads = self.candidates[self._trial % 2]
            self._trial += 1
        self.control.want(threads)
        start = self.clock()
        result = kernel(*values)
        seconds = self.clock() - start
        if chosen is not None:
            self._checked(threads, seconds)
        else:
            self.samples[threads].append(seconds)
            self._maybe_choose(threads, seconds)
        return result

    def _median_of_other(self, threads):
        other = self.samples[self.candidates[1] if threads == 1 else 1]
        return statistics.median(other) if other else None

    def _maybe_choose(self, threads, seconds):
        other = self._median_of_other(threads)
        if other is not None and seconds > self.CLEARLY_WORSE * other:
            self._choose(self.candidates[1] if threads == 1 else 1)
        elif all(len(s) >= self.SAMPLES for s in self.samples.values()):
            one, many = (statistics.median(self.samples[t]) for t in self.candidates)
            self._choose(1 if one <= many else self.candidates[1])

    def _checked(self, threads, seconds):
        self._checking = False
        current = self._median_of_other(threads)
        if seconds > self.CLEARLY_WORSE * current:  # the choice holds
            self.recheck_seconds = min(2 * self.recheck_seconds, self.MAX_RECHECK_SECONDS)
            self._recheck_at = self.clock() + self.recheck_seconds
            return
        previous = self.chosen  # close: time both again
        self.samples = {count: [] for count in self.candidates}
        self.chosen, self._trial, self._previous = None, 0, previous

    def _choose(self, threads):
        if threads == getattr(self, "_previous", None):
            self.recheck_seconds = min(2 * self.recheck_seconds, self.MAX_RECHECK_SECONDS)
        else:
            self.recheck_seconds = self.FIRST_RECHECK_SECONDS
        self.chosen, self._calls = threads, 0
        self._recheck_at = self.clock() + self.recheck_seconds
