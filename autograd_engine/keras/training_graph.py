"""What ``compile`` adds to a model's graph, per output as Keras: a target placeholder, a
sample-weights placeholder, the weighted loss, the metrics; and the total loss (the outputs'
losses times ``loss_weights``, plus the regularization losses).

Keras's weighting: an output's per-sample losses (averaged over any axes past the batch) are
multiplied by the sample weights and averaged, then divided by the fraction of nonzero weights,
so weights of all ones give the plain mean. Metrics are not weighted (Keras's
``weighted_metrics`` is not offered).
"""
import warnings

from ..framework import dtypes
from ..framework.graph import GraphKeys
from ..ops import array_ops, elementwise_unary_ops, matmul_ops, reduction_ops
from ..ops.elementwise_binary_ops import not_equal
from . import losses, metrics as metrics_module


def per_output(value, names, what, default=None):
    """``value`` (one for all outputs, a list in output order, or a dict by output name) as a
    list in output order; dict entries missing give ``default``."""
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(names))
        if unknown:
            raise ValueError("Unknown entries in %s dictionary: %s. Only expected the following "
                             "keys: %s" % (what, unknown, names))
        return [value.get(name, default) for name in names]
    if isinstance(value, (list, tuple)) and what != "metrics":
        if len(value) != len(names):
            raise ValueError("When passing a list as %s, it should have one entry per model "
                             "output. The model has %d outputs (%s), but you passed %s=%r"
                             % (what, len(names), names, what, value))
        return list(value)
    return [value if value is not None else default for _ in names]


def _weighted_mean(per_sample, weights):
    extra_axes = list(range(1, per_sample.shape.ndims or 1))
    if extra_axes:
        per_sample = reduction_ops.reduce_mean(per_sample, axis=extra_axes)
    nonzero = reduction_ops.reduce_mean(elementwise_unary_ops.cast(not_equal(weights, 0.0),
                                                                  dtypes.float32))
    return reduction_ops.reduce_mean(per_sample * weights) / nonzero


class OutputTraining:
    """One output's training parts: its ``target`` and ``sample_weights`` placeholders, its
    ``loss`` tensor (None when its loss is None: not trained), its metric tensors and names."""

    def __init__(self, graph, output, name, loss_identifier, metric_identifiers, prefix):
        out_dims = output.shape.as_list()
        self.name = name
        self.loss_fn = None if loss_identifier is None else losses.get(loss_identifier)
        self.sparse = self.loss_fn is losses.sparse_categorical_crossentropy
        target_dims = out_dims[:-1] if self.sparse else out_dims
        self.target = array_ops.placeholder(dtypes.float32, [None] + target_dims[1:],
                                            name=name + "_target")
        self.sample_weights = array_ops.placeholder(dtypes.float32, [None],
                                                    name=name + "_sample_weights")
        self.loss = None
        if self.loss_fn is not None:
            with graph.name_scope("loss"):
                self.loss = _weighted_mean(self.loss_fn(self.target, output), self.sample_weights)
        self.metrics, self.metric_names = [], []
        with graph.name_scope("metrics"):
            for identifier in metric_identifiers:
                fn = metrics_module.resolve(identifier, self.loss_fn, out_dims[-1])
                self.metrics.append(reduction_ops.reduce_mean(fn(self.target, output)))
                self.metric_names.append(prefix + metrics_module.display_name(identifier))


def build(graph, outputs, names, loss, loss_weights, metrics):
    """``(total loss, [OutputTraining per output], the logged names of the values
    [total loss, per-output losses when there are several outputs, metrics])``."""
    several = len(outputs) > 1
    loss_list = per_output(loss, names, "loss")
    if loss is None:
        losses.get(None)   # the error that says a loss is needed
    for name, identifier in zip(names, loss_list):
        if identifier is None:
            warnings.warn("Output %r missing from loss dictionary. We assume this was done on "
                          "purpose: it will not be trained" % name)
    weights = per_output(loss_weights, names, "loss_weights", default=1.0)
    metric_lists = per_output(metrics, names, "metrics", default=[])
    metric_lists = [[m] if isinstance(m, str) or callable(m) else list(m or [])
                    for m in metric_lists]
    parts = [OutputTraining(graph, output, name, identifier, metric_list,
                            name + "_" if several else "")
             for output, name, identifier, metric_list
             in zip(outputs, names, loss_list, metric_lists)]
    trained = [(part, weight) for part, weight in zip(parts, weights) if part.loss is not None]
    if not trained:
        raise ValueError("compile() needs a loss for at least one output: got loss=%r" % (loss,))
    with graph.name_scope("loss"):
        terms = [part.loss if weight == 1.0 else part.loss * float(weight)
                 for part, weight in trained]
        terms += graph.get_collection(GraphKeys.REGULARIZATION_LOSSES)
        total = terms[0] if len(terms) == 1 else matmul_ops.add_n(terms)
    names_logged = ["loss"] + [part.name + "_loss" for part, _ in trained] * several
    names_logged += [n for part in parts for n in part.metric_names]
    values = [total] + [part.loss for part, _ in trained] * several
    values += [m for part in parts for m in part.metrics]
    return values, parts, names_logged
