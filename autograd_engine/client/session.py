"""Sessions: run fetches with feed_dict against one graph, holding that graph's Variable values.

Each distinct (fetches, feeds) signature is compiled once into an :class:`ExecutionPlan` and
cached; a repeated ``sess.run`` only converts and checks the fed values, then calls the plan.
"""
import threading
import warnings

import numpy as np

from .. import backend as backend_lib
from .. import blas_threads
from .. import jit
from ..framework import dtypes
from ..framework.default_session import default_session_stack
from ..framework.graph import get_default_graph
from ..framework.source_location import user_stacklevel
from ..framework.tensor import Operation, Tensor, TensorLike
from .feed_values import as_feed_array
from .fetches import FetchStructure, expand_composite_feeds
from .plan import ExecutionContext, ExecutionPlan
from .plan_cache import DEFAULT_MAX_PLANS, LRUCache
from .placement import Placer
from .rewrites import rewrites_enabled


def _structure_key(fetches):
    """A hashable key for a fetch nest that tells apart containers comparing equal (a list, a
    tuple and a namedtuple of the same tensors). TypeError when it is not to be cached."""
    if isinstance(fetches, (list, tuple)):
        return (type(fetches),) + tuple(_structure_key(f) for f in fetches)
    if isinstance(fetches, dict):
        raise TypeError("dict fetches are not cached")
    hash(fetches)
    return fetches


_THREAD_JOIN_SECONDS = 5.0  # a queue runner's run is cancelled by close(): it ends at once


class GraphGrowthWarning(UserWarning):
    """The graph keeps growing between runs of the same fetches (ops built inside a loop)."""


class ConfigProto:
    """Session options, accepted for TF1 compatibility (``log_device_placement``,
    ``allow_soft_placement``, ``device_count``, ``gpu_options``...).
    ``intra_op_parallelism_threads=N`` holds numpy's BLAS to at most N threads during the
    Session's runs (0, the default: the count BLAS had); within it each product gets the
    threads its size pays for (``blas_threads.py``); ``inter_op_parallelism_threads``
    has no effect:
    a plan runs its ops one after another. ``plan_cache_size=N`` (not TF1's) bounds the
    Session's compiled plans (default 256, least recently used dropped first; see
    ``client/plan_cache.py``)."""

    def __init__(self, **kwargs):
        self.device_count = {}
        self.allow_soft_placement = False
        self.log_device_placement = False
        self.gpu_options = None
        self.graph_options = GraphOptions()
        self.inter_op_parallelism_threads = 0
        self.intra_op_parallelism_threads = 0
        for key, value in kwargs.items():
            setattr(self, key, value)


class OptimizerOptions:
    """``opt_level=OptimizerOptions.L0`` turns off the plan rewrites (constant folding,
    common-subexpression merging, identity removal: see client/rewrites.py).
    ``global_jit_level=OptimizerOptions.ON_1`` (or ``ON_2``) compiles the Session's plans
    with XLA (autograd_engine/jit; ``OFF`` and ``DEFAULT``, the default, do not)."""
    L1 = 0
    L0 = -1
    DEFAULT = L1
    OFF, ON_1, ON_2 = -1, 1, 2  # TF1's GlobalJitLevel (its DEFAULT is 0 too)

    def __init__(self, opt_level=L1, global_jit_level=DEFAULT, **kwargs):
        self.opt_level = opt_level
        self.global_jit_level = global_jit_level
        for key, value in kwargs.items():
            setattr(self, key, value)


class GraphOptions:
    def __init__(self, optimizer_options=None, **kwargs):
        self.optimizer_options = optimizer_options or OptimizerOptions()
        for key, value in kwargs.items():
            setattr(self, key, value)


class GPUOptions:
    def __init__(self, **kwargs):
        self.allow_growth = False
        self.per_process_gpu_memory_fraction = 1.0
        for key, value in kwargs.items():
            setattr(self, key, value)


class RunOptions:
    """Options of one ``Session.run``: TF1's (``trace_level``...) are accepted and ignored;
    ``output_on_device=True`` returns fetched values as device arrays, without copying them
    to the host (see :meth:`BaseSession.run`)."""
    FULL_TRACE = 3
    NO_TRACE = 0

    def __init__(self, **kwargs):
        for key, value in kwargs.items():
            setattr(self, key, value)


class RunMetadata:
    """What one ``Session.run(..., run_metadata=md)`` reports. ``compile_seconds``: the time
    that run spent tracing and compiling XLA programs (the compiled path, TF1's XLA switch;
    0.0 when it compiled nothing, as in every run after a plan's first).

    >>> import autograd_engine as tf
    >>> metadata = tf.RunMetadata()
    >>> with tf.Session() as sess:
    ...     _ = sess.run(tf.constant(1.0) + 1.0, run_metadata=metadata)
    >>> metadata.compile_seconds
    0.0
    """

    def __init__(self):
        self.compile_seconds = 0.0


class _DeviceAttributes:
    def __init__(self, name):
        self.name = name
        self.device_type = name.rsplit(":", 2)[-2]
        self.memory_limit_bytes = 0

    def __repr__(self):
        return "_DeviceAttributes(%s, %s)" % (self.name, self.device_type)


class _FeedSlot:
    """A feedable tensor with what checking a value against it needs, computed once.
    ``is_device_array`` (the device Backend's ``is_native``, or None) recognizes arrays fed
    straight from the device: they are taken as they are, without a copy."""
    __slots__ = ("tensor", "np_dtype", "dims", "scalar_type", "is_device_array", "is_string")

    def __init__(self, tensor, is_device_array=None):
        self.tensor = tensor
        self.np_dtype = tensor.dtype.np_dtype
        self.dims = tensor.shape.as_tuple()
        self.scalar_type = self.np_dtype.type
        self.is_device_array = is_device_array
        self.is_string = tensor.dtype == dtypes.string

    def convert(self, value):
        """The fed value, checked, as the plan takes it: a host ndarray, a numpy scalar when it
        is 0-d (numpy's scalar arithmetic is ten times faster than ufunc calls on 0-d arrays),
        or a device array of the right dtype as it is. The plan moves host values to the
        device where it receives them."""
        if self.is_string:
            return self._convert_string(value)
        if type(value) is self.scalar_type and self.dims in ((), None):
            return value
        if type(value) is np.ndarray and value.dtype == self.np_dtype:
            array = value
        elif self.is_device_array is not None and self.is_device_array(value):
            if value.dtype != self.np_dtype:
                raise TypeError(
                    "Cannot feed a device array of dtype %s to Tensor '%s' of dtype %s: cast it "
                    "on the device first (a feed is never converted on the way)."
                    % (value.dtype, self.tensor.name, self.tensor.dtype.name))
            self._check_shape(value.shape)
            return value
        else:
            array = as_feed_array(value, self.np_dtype, self.tensor.name)
        self._check_shape(array.shape)
        return array[()] if array.ndim == 0 else array

    def _refuse_tensor(self, value):
        if isinstance(value, (TensorLike, Operation)):
            raise TypeError(
                "The value of a feed cannot be a tf.Tensor object (got %r for %s). "
                "Acceptable feed values include Python scalars, strings, lists, numpy "
                "ndarrays. Fetch its value with sess.run() first, or connect the tensors "
                "in the graph instead of feeding." % (value, self.tensor.name))

    def _convert_string(self, value):
        self._refuse_tensor(value)
        try:
            array = dtypes.as_string_array(value)
        except TypeError as error:
            raise TypeError("Cannot feed value %r to Tensor '%s' of dtype string: %s%s"
                            % (value, self.tensor.name, error,
                               self.tensor.op.creation_site())) from None
        self._check_shape(array.shape)
        return array  # 0-d too: see plan._scalar_if_0d

    def _check_shape(self, shape):
        dims = self.dims
        if dims is not None:
            if len(shape) != len(dims) or any(d is not None and d != s for d, s in zip(dims, shape)):
                raise ValueError(
                    "Cannot feed value of shape %s for Tensor '%s', which has shape '%s'%s"
                    % (shape, self.tensor.name, self.tensor.shape,
                       self.tensor.op.creation_site()))


class BaseSession:
    def __init__(self, target="", graph=None, config=None):
        self._graph = get_default_graph() if graph is None else graph
        self._config = config
        self._closed = False
        self._backend = backend_lib.default_backend()
        self._placer = Placer(config, backend_lib.device_backend())
        self._device = self._placer.device  # the device Backend, None when all runs on the host
        # issue 19: the compiled path (autograd_engine/jit): what makes plans under TF1's XLA
        # switch and jit_scope, None when nothing may be compiled; it keeps the Variables.
        self._jit = jit.compiler_for(config, self._device is not None)
        self._variable_values = {} if self._jit is None else self._jit.store
        self._ctx = ExecutionContext(self._backend, self._variable_values,
                                     rewrite=rewrites_enabled(config), placer=self._placer)
        if self._jit is not None:  # loop bodies compile too
            self._ctx.subplan_maker = self._jit.subplan
        # BLAS threads per op (blas_threads.py), at most intra_op_parallelism_threads.
        threads = getattr(config, "intra_op_parallelism_threads", 0) or 0
        self._ctx.blas_rule = self._backend.thread_limit(threads)
        self._blas = None if self._ctx.blas_rule is None else blas_threads.controller()
        max_plans = getattr(config, "plan_cache_size", None) or DEFAULT_MAX_PLANS
        self._plans = LRUCache(max_plans, "plans")
        self._structures = LRUCache(max_plans, "fetch structures", warn=False)
        self._feed_slots = {}
        self._growth_warned = False
        self._last_plan_version = None  # graph.version when the last plan was looked up
        self._new_plan_streak = 0  # consecutive look-ups that compiled a plan for new ops
        self._default_ctx = None
        self._owned_threads = []  # queue-runner threads, joined by close()

    graph = property(lambda self: self._graph)
    sess_str = property(lambda self: "")
    # The ConfigProto it was made with (None: defaults): keras.backend.set_session passes it on
    # to the Sessions of the models made afterwards.
    config = property(lambda self: self._config)

    def list_devices(self):
        """The devices this Session can place ops on (``.name``, ``.device_type``)."""
        return [_DeviceAttributes(name) for name in self._placer.devices]

    def device_memory(self):
        """The device memory in use, as ``{"current_bytes": ..., "peak_bytes": ...}`` from the
        device's memory pool (Variables, cached plans' constants and values of runs in
        progress), or None when the Session runs everything on the host."""
        if self._device is None:
            return None
        return dict(self._device.memory_stats())

    # ------------------------------------------------------------------ run
    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Computes ``fetches`` (a tensor, op, name, or a nest of them), feeding
        ``feed_dict``; returns numpy values in the same structure (None for ops).

        With a device, fed values are copied to it once per run (device arrays fed as they
        are: no copy), and fetched values are copied back to the host, as in TF1;
        ``options=tf.RunOptions(output_on_device=True)`` returns them as device arrays instead,
        without that copy (a Session without a device returns numpy values either way).

        >>> import autograd_engine as tf
        >>> x = tf.placeholder(tf.float32, [None])
        >>> with tf.Session() as sess:
        ...     sess.run({"double": x * 2}, feed_dict={x: [1, 2]})["double"].tolist()
        [2.0, 4.0]
        """
        structure, plan, values = self._prepare_run(fetches, feed_dict, options)
        timeout_in_ms = getattr(options, "timeout_in_ms", None) or \
            getattr(self._config, "operation_timeout_in_ms", None)
        if timeout_in_ms:  # queue ops block: a deadline ends their wait (DeadlineExceededError)
            with self._ctx.run_control.deadline(timeout_in_ms):
                results = self._run_plan(structure, plan, values)
        else:
            results = self._run_plan(structure, plan, values)
        if run_metadata is not None:  # issue 19: this run's XLA compile time (RunMetadata)
            run_metadata.compile_seconds = jit.run_compile_seconds(plan)
        return results

    def _run_plan(self, structure, plan, values):
        return structure.rebuild(plan.run(values))

    def _run_instrumented(self, fetches, feed_dict=None):
        """:meth:`run` in its plan's instrumented mode: returns ``(values, profile)``, the
        ``profile`` that :meth:`ExecutionPlan.run_instrumented` describes."""
        structure, plan, values = self._prepare_run(fetches, feed_dict)
        results, profile = plan.run_instrumented(values)
        return structure.rebuild(results), profile

    def _prepare_run(self, fetches, feed_dict, options=None):
        """The fetch structure, the plan and the checked feed values of one run."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        structure = self._fetch_structure(fetches)
        if feed_dict:
            feed_dict = expand_composite_feeds(feed_dict)
            slots = [self._feed_slot(key) for key in feed_dict]
            feed_key = tuple(slot.tensor for slot in slots)
            values = [slot.convert(value) for slot, value in zip(slots, feed_dict.values())]
        else:
            feed_key, values = (), ()
        on_device = options is not None and bool(getattr(options, "output_on_device", False))
        return structure, self._plan_for(structure.elements, feed_key, on_device), values

    def make_callable(self, fetches, feed_list=None, accept_options=False):
        """A function ``f(*feed_values)`` that runs ``fetches`` with ``feed_list``'s tensors
        fed, skipping the per-call work on the fetch structure.

        >>> import autograd_engine as tf
        >>> x = tf.placeholder(tf.float32, [])
        >>> with tf.Session() as sess:
        ...     square = sess.make_callable(x * x, [x])
        ...     float(square(3.0))
        9.0
        """
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        structure = FetchStructure(self._graph, fetches)
        slots = [self._feed_slot(key) for key in (feed_list or [])]
        plan = self._plan_for(structure.elements, tuple(slot.tensor for slot in slots))
        run_plan, rebuild, n = plan.run, structure.rebuild, len(slots)

        def run_callable(*args, **kwargs):
            if self._closed:
                raise RuntimeError("Attempted to use a closed Session.")
            if len(args) != n:
                raise TypeError("This callable takes %d feed values (%s), got %d"
                                % (n, ", ".join(s.tensor.name for s in slots), len(args)))
            return rebuild(run_plan([slot.convert(a) for slot, a in zip(slots, args)]))
        return run_callable

    def _fetch_structure(self, fetches):
        try:
            key = _structure_key(fetches)
            structure = self._structures.get(key)
        except TypeError:  # unhashable (a dict, or a list holding one)
            return FetchStructure(self._graph, fetches)
        if structure is None:
            structure = FetchStructure(self._graph, fetches)
            if isinstance(fetches, (Tensor, Operation, TensorLike, str, list, tuple)):
                self._structures.put(key, structure)
        return structure

    def _feed_slot(self, key):
        try:
            return self._feed_slots[key]
        except KeyError:
            pass
        except TypeError:
            raise TypeError("Cannot interpret feed_dict key %r as a Tensor: it is not hashable."
                            % (key,)) from None
        try:
            element = self._graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
        except (TypeError, KeyError) as e:
            raise TypeError("Cannot interpret feed_dict key as Tensor: %s" % (e.args[0],)) from None
        except ValueError as e:
            if isinstance(key, TensorLike):
                tensor = key._as_graph_element() if hasattr(key, "_as_graph_element") else key
                raise ValueError(
                    "Cannot interpret feed_dict key as Tensor: Tensor %s is not an element of "
                    "this graph (it belongs to %r; this Session runs %r)."
                    % (tensor.name, tensor.graph, self._graph)) from None
            raise TypeError("Cannot interpret feed_dict key as Tensor: %s" % (e,)) from None
        slot = _FeedSlot(element, None if self._device is None else self._device.is_native)
        self._feed_slots[key] = slot
        return slot

    def _plan_for(self, elements, feed_key, on_device=False):
        key = (tuple(elements), feed_key, True) if on_device else (tuple(elements), feed_key)
        plan = self._plans.get(key)
        if plan is not None and plan.structure_version != self._graph._structure_version:
            plan = None  # an op gained a control input since: compile afresh
        version = self._graph.version
        if plan is None:
            make_plan = ExecutionPlan if self._jit is None else self._jit.plan
            plan = make_plan(elements, feed_key, self._ctx, outputs_on_device=on_device)
            self._plans.put(key, plan)
            plan.graph_version = version
            plan.structure_version = self._graph._structure_version
            grew = self._last_plan_version is not None and version != self._last_plan_version
            self._new_plan_streak = self._new_plan_streak + 1 if grew else 0
            if self._new_plan_streak >= 10:
                self._warn_growth("The graph grew before each of the last %d runs, and each "
                                  "fetched new ops" % self._new_plan_streak)
        else:
            self._new_plan_streak = 0
            if plan.graph_version != version:
                self._note_growth(plan)
        self._last_plan_version = version
        return plan

    def _note_growth(self, plan):
        """Warns once when the graph grows between runs of the same fetches, three times:
        the classic "ops created inside the training loop" slowdown."""
        grown = self._graph.version - plan.graph_version
        plan.graph_version = self._graph.version
        plan.growth_runs += 1
        if plan.growth_runs >= 3:
            self._warn_growth("The graph grew by %d ops since the last run of the same fetches"
                              % grown)

    def _warn_growth(self, what):
        if self._growth_warned:
            return
        self._growth_warned = True
        newest = self._graph._ops[-1]
        where = "" if newest.location is None else " at %s" % newest.location
        warnings.warn(
            "%s (the newest op, %s, was created%s). Creating ops inside a training loop makes "
            "every step slower and the graph larger; build them once before the loop, and feed "
            "values through placeholders." % (what, newest.describe(), where),
            GraphGrowthWarning, stacklevel=user_stacklevel())

    # ------------------------------------------------------------------ variables
    def _load_variable(self, variable, value):
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        device = self._device
        slot = _FeedSlot(variable._as_graph_element(), device and device.is_native)
        value = slot.convert(value)
        on_device = device is not None and device.is_native(value)
        if device is not None and self._placer.on_device(variable.op):  # the value lives there
            value = device.xp.array(value, copy=True) if on_device else device.to_device(value)
        else:
            value = np.array(device.to_numpy(value) if on_device else value, copy=True)
        self._variable_values[variable.op] = value

    # ------------------------------------------------------------------ lifetime
    def close(self):
        """Frees the Session's Variable values and plans; using it afterwards is an error.
        Runs blocked on a queue fail with ``CancelledError``, and the queue-runner threads
        started for this Session are joined (for a few seconds at most)."""
        if not self._closed:
            self._closed = True
            self._ctx.run_control.cancel()
            for thread in self._owned_threads:
                if thread is not threading.current_thread() and thread.is_alive():
                    thread.join(_THREAD_JOIN_SECONDS)
            self._variable_values.clear()
            self._plans.clear()
            self._ctx.release_buffers()
            if self._blas is not None:
                self._blas.restore()

    def _own_thread(self, thread):
        """Has :meth:`close` join ``thread`` (a queue runner's: tf.train.QueueRunner)."""
        self._owned_threads.append(thread)

    def as_default(self):
        """A context manager making this the default session (for ``Tensor.eval()``)."""
        return default_session_stack.get_controller(self)

    def __enter__(self):
        if self._default_ctx is not None:
            raise RuntimeError("This Session is already in a `with` block.")
        self._default_graph_ctx = self._graph.as_default()
        self._default_graph_ctx.__enter__()
        self._default_ctx = self.as_default()
        self._default_ctx.__enter__()
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self._default_ctx.__exit__(exc_type, exc_value, traceback)
        self._default_graph_ctx.__exit__(exc_type, exc_value, traceback)
        self._default_ctx = None
        self.close()
        return False

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass


class Session(BaseSession):
    """A TF1 Session: ``with tf.Session() as sess: sess.run(...)``.

    ``graph`` defaults to the default graph. The Session owns the graph's Variable values: two
    Sessions on one graph do not share them.
    """

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)


class InteractiveSession(BaseSession):
    """A Session that installs itself as the default session, and its graph as the default
    graph, on creation (for shells and notebooks), so ``t.eval()`` works without a ``with``
    block. Both are restored by ``close()``."""

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        self._interactive_ctx = self.as_default()
        self._interactive_ctx.__enter__()
        self._interactive_graph_ctx = self._graph.as_default()
        self._interactive_graph_ctx.__enter__()

    def close(self):
        super().close()
        for attr in ("_interactive_graph_ctx", "_interactive_ctx"):
            ctx = getattr(self, attr, None)
            setattr(self, attr, None)
            if ctx is not None:
                ctx.__exit__(None, None, None)
