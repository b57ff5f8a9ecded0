"""Keras callbacks for data-parallel training (``horovod.keras.callbacks``' names).

>>> from autograd_engine.horovod.keras import callbacks
>>> callbacks.BroadcastGlobalVariablesCallback(0).root_rank
0
"""
import numpy as np

from ...framework.graph import GraphKeys
from ...keras import backend
from ...keras.callbacks import Callback
from ...ops import collective_runtime
from ..collectives import broadcast_variables


class BroadcastGlobalVariablesCallback(Callback):
    """At the start of training, gives every rank the model's (and its optimizer's) Variables
    as rank ``root_rank`` holds them, so that all ranks start from the same weights."""

    def __init__(self, root_rank, device=""):
        super().__init__()
        self.root_rank = root_rank
        self.device = device
        self._ops = {}  # graph -> its broadcast op, built once

    def on_train_begin(self, logs=None):
        graph = self.model.graph
        variables = graph.get_collection(GraphKeys.GLOBAL_VARIABLES)
        if graph not in self._ops:
            with graph.as_default():
                self._ops[graph] = broadcast_variables(variables, self.root_rank)
        backend.session_of(variables[0]).run(self._ops[graph])


class MetricAverageCallback(Callback):
    """At the end of each epoch, replaces each metric in the logs with its average over the
    ranks (each rank saw only its shard of the data). Put it before callbacks that read the
    metrics (ModelCheckpoint, EarlyStopping...)."""

    def __init__(self, device=""):
        super().__init__()
        self.device = device

    def on_epoch_end(self, epoch, logs=None):
        if not logs:
            return
        group = collective_runtime.current_group()
        names = sorted(logs)
        totals = group.allreduce_object(np.array([float(logs[n]) for n in names]))
        logs.update((n, t / group.size) for n, t in zip(names, totals))


class LearningRateWarmupCallback(Callback):
    """Ramps the learning rate from ``initial_lr / size()`` up to ``initial_lr`` over the first
    ``warmup_epochs`` epochs, batch by batch (Goyal et al.'s gradual warmup for large global
    batches). ``momentum_correction`` is accepted for Horovod compatibility: the engine's
    momentum is a constant of the update, so it is not rescaled."""

    def __init__(self, initial_lr, warmup_epochs=5, momentum_correction=True,
                 steps_per_epoch=None, verbose=0):
        super().__init__()
        self.initial_lr = float(initial_lr)
        self.warmup_epochs = warmup_epochs
        self.momentum_correction = momentum_correction
        self.steps_per_epoch = steps_per_epoch
        self.verbose = verbose
        self.current_epoch = 0

    def multiplier(self, epoch):
        size = collective_runtime.current_group().size
        return 1.0 / size * (epoch * (size - 1) / self.warmup_epochs + 1)

    def on_epoch_begin(self, epoch, logs=None):
        self.current_epoch = epoch

    def on_batch_begin(self, batch, logs=None):
        if self.current_epoch >= self.warmup_epochs:
            return
        steps = self.steps_per_epoch or self.params.get("steps") or 1
        epoch = self.current_epoch + float(batch) / steps
        backend.set_value(self.model.optimizer.lr, self.initial_lr * self.multiplier(epoch))

    def on_epoch_end(self, epoch, logs=None):
        if epoch == self.warmup_epochs - 1:
            backend.set_value(self.model.optimizer.lr, self.initial_lr)
            if self.verbose:
                print("\nEpoch %d: finished gradual learning rate warmup to %g."
                      % (epoch + 1, self.initial_lr))


__all__ = ["BroadcastGlobalVariablesCallback", "MetricAverageCallback",
           "LearningRateWarmupCallback"]
