"""``DistributedOptimizer``: wraps a ``tf.train`` optimizer so that each step applies the
gradients averaged (or summed) over all ranks.

Tensor fusion, as Horovod does it: the gradients are taken in the order the backward pass
makes them (the last layer's first) and packed, per dtype, into buffers of at most
``HOROVOD_FUSION_THRESHOLD`` bytes (64 MiB by default; 0 sends each gradient alone). Each buffer
is one fused allreduce split into a start op, which the plan runs as soon as that buffer's
gradients exist, and a wait op, which it runs only when nothing else is left before the
updates: the allreduce of the last layers' gradients runs while the first layers' are computed.

With ``backward_passes_per_step=N`` the gradients of N ``minimize`` runs are summed locally,
and only every N-th run allreduces them and applies the update.
"""
import os

from ..framework import dtypes
from ..framework.graph import GraphKeys
from ..ops import collective_ops
from ..ops.constant_op import constant
from ..ops.array_ops import identity
from ..ops.control_flow_ops import cond, group
from ..ops.elementwise_binary_ops import equal, floormod
from ..ops.state_ops import assign, assign_add
from ..ops.variables import Variable
from ..train.optimizer import Optimizer, filled_like
from .collectives import Average, allreduce, resolve_op
from .compression import Compression

DEFAULT_FUSION_THRESHOLD = 64 * 1024 * 1024


def fusion_threshold():
    """HOROVOD_FUSION_THRESHOLD in bytes (default 64 MiB)."""
    value = os.environ.get("HOROVOD_FUSION_THRESHOLD")
    return DEFAULT_FUSION_THRESHOLD if value in (None, "") else int(value)


def fusion_buckets(tensors, threshold):
    """``tensors`` grouped for fused allreduces: in creation order (the backward pass's),
    per dtype, each group at most ``threshold`` bytes (a larger tensor, or one of unknown
    size, goes alone). Returns lists of indices into ``tensors``."""
    order = sorted(range(len(tensors)), key=lambda i: tensors[i].op._id)
    open_buckets, closed = {}, []
    for i in order:
        t = tensors[i]
        nbytes = (t.shape.num_elements() * t.dtype.size if t.shape.is_fully_defined()
                  else None)
        if nbytes is None or threshold <= 0 or nbytes >= threshold:
            closed.append([i])
            continue
        bucket, used = open_buckets.get(t.dtype, ([], 0))
        if used + nbytes > threshold:
            closed.append(bucket)
            bucket, used = [], 0
        bucket.append(i)
        open_buckets[t.dtype] = (bucket, used + nbytes)
    closed.extend(bucket for bucket, _ in open_buckets.values() if bucket)
    return closed


def allreduce_gradients(gradients, reduce_op=Average, compression=Compression.none,
                        threshold=None):
    """``gradients`` (tensors or None) reduced over the ranks through fused buffers."""
    reduced = list(gradients)
    present = [i for i, g in enumerate(gradients) if g is not None]
    if compression not in (Compression.none, Compression.fp16):  # a compressor of the user's
        for i in present:
            reduced[i] = allreduce(gradients[i], compression=compression, op=reduce_op)
        return reduced
    threshold = fusion_threshold() if threshold is None else threshold
    for bucket in fusion_buckets([gradients[i] for i in present], threshold):
        tensors = [gradients[present[k]] for k in bucket]
        wire = compression.wire_dtype if tensors[0].dtype.is_floating else None
        outputs = collective_ops.fused_allreduce(tensors, reduce_op, wire,
                                                 name="DistributedAllreduce")
        for k, out in zip(bucket, outputs):
            reduced[present[k]] = out
    return reduced


class DistributedOptimizer(Optimizer):
    """An optimizer that averages gradients over all ranks before applying them (Horovod's
    ``hvd.DistributedOptimizer``): wrap the optimizer, keep the rest of the program.

    >>> import autograd_engine as tf
    >>> from autograd_engine import horovod as hvd
    >>> hvd.init()
    >>> tf.reset_default_graph()
    >>> w = tf.Variable([1.0, 2.0])
    >>> opt = hvd.DistributedOptimizer(tf.train.GradientDescentOptimizer(0.5 * hvd.size()))
    >>> train = opt.minimize(tf.reduce_sum(w * w))
    >>> with tf.Session() as sess:
    ...     sess.run(tf.global_variables_initializer()); sess.run(train); print(sess.run(w))
    [0. 0.]
    """

    def __init__(self, optimizer, name=None, use_locking=False, device_dense="",
                 device_sparse="", compression=Compression.none, sparse_as_dense=False,
                 backward_passes_per_step=1, op=Average):
        if name is None:
            name = "Distributed" + type(optimizer).__name__
        super().__init__(use_locking, name)
        if int(backward_passes_per_step) < 1:
            raise ValueError("backward_passes_per_step must be at least 1, got %r"
                             % (backward_passes_per_step,))
        self._optimizer = optimizer
        self._compression = compression
        self._reduce_op = resolve_op(op, None)
        collective_ops.check_reduce_op(self._reduce_op)
        self._passes = int(backward_passes_per_step)
        self._apply_now = None  # with several passes per step: whether this run applies
        self._sums = []  # ... and the local sums of the gradients

    def compute_gradients(self, *args, **kwargs):
        """The wrapped optimizer's ``(gradient, variable)`` pairs, with each gradient reduced
        over the ranks (summed over the last ``backward_passes_per_step`` runs first)."""
        pairs = self._optimizer.compute_gradients(*args, **kwargs)
        gradients = [g for g, _ in pairs]
        variables = [v for _, v in pairs]
        if self._passes > 1:
            return self._accumulated(gradients, variables)
        reduced = allreduce_gradients(gradients, self._reduce_op, self._compression)
        return list(zip(reduced, variables))

    def _accumulated(self, gradients, variables):
        present = [i for i, g in enumerate(gradients) if g is not None]
        graph = variables[0].graph
        with graph.as_default(), graph.control_dependencies(None), graph.name_scope(None):
            sums = [Variable(filled_like(variables[i], 0), trainable=False,
                             collections=[GraphKeys.LOCAL_VARIABLES],
                             name=variables[i].op.name + "/aggregated_gradient")
                    for i in present]
            counter = Variable(0, trainable=False, dtype=dtypes.int32,
                               collections=[GraphKeys.LOCAL_VARIABLES],
                               name=self.get_name() + "_backward_passes")
        added = [assign_add(s, gradients[i]) for s, i in zip(sums, present)]
        with graph.control_dependencies(added):
            count = assign_add(counter, 1)
        self._apply_now = equal(floormod(count, self._passes), 0)
        self._sums = sums
        with graph.control_dependencies([count]):
            totals = [s.read_value() for s in sums]
        # only the run that applies the update talks to the other ranks
        reduced = cond(self._apply_now,
                       lambda: allreduce_gradients(totals, self._reduce_op, self._compression),
                       lambda: [identity(t) for t in totals])
        if not isinstance(reduced, (list, tuple)):  # tf.cond unpacks a list of one
            reduced = [reduced]
        result = [None] * len(gradients)
        for k, i in enumerate(present):
            result[i] = reduced[k]
        return list(zip(result, variables))

    def apply_gradients(self, *args, **kwargs):
        """The wrapped optimizer's update (every ``backward_passes_per_step``-th run only)."""
        if self._passes == 1:
            return self._optimizer.apply_gradients(*args, **kwargs)
        apply_now, sums = self._apply_now, self._sums
        pairs = list(args[0] if args else kwargs["grads_and_vars"])
        args, kwargs = (pairs,) + tuple(args[1:]), {k: v for k, v in kwargs.items()
                                                    if k != "grads_and_vars"}
        # The slots (and Adam's powers) are made here, outside the branch: initializers must
        # not wait for the branch's predicate.
        graph = pairs[0][1].graph
        with graph.as_default(), graph.control_dependencies(None):
            self._optimizer._create_slots([v for g, v in pairs if g is not None])

        # tf.cond branches give tensors: each gives whether it applied the update
        def apply_and_reset():
            update = self._optimizer.apply_gradients(*args, **kwargs)
            with update.graph.control_dependencies([update]):
                resets = [assign(s, filled_like(s, 0)) for s in sums]
            with update.graph.control_dependencies(resets):
                return constant(True)
        applied = cond(apply_now, apply_and_reset, lambda: constant(False))
        return group(applied, name=self.get_name())

    def get_slot(self, *args, **kwargs):
        return self._optimizer.get_slot(*args, **kwargs)

    def get_slot_names(self, *args, **kwargs):
        return self._optimizer.get_slot_names(*args, **kwargs)

    def variables(self, *args, **kwargs):
        return self._optimizer.variables(*args, **kwargs)


__all__ = ["DistributedOptimizer", "allreduce_gradients", "fusion_buckets", "fusion_threshold",
           "DEFAULT_FUSION_THRESHOLD"]
