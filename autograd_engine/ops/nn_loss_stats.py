"""Small ``tf.nn`` helpers built from existing ops (their gradients come from those ops):
``silu``, ``relu_layer``, ``log_poisson_loss``, ``sufficient_statistics``,
``batch_norm_with_global_normalization`` and the per-replica loss scaling of
``compute_average_loss``/``scale_regularization_loss`` (one replica here).

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     print(sess.run(silu(tf.constant([0.0, 2.0]))).round(4))
[0.     1.7616]
"""
import numpy as np

from ..framework.graph import get_default_graph
from . import array_ops
from .constant_op import constant, convert_to_tensor
from .elementwise_binary_ops import greater, select
from .elementwise_unary_ops import cast, exp, log, relu, sigmoid
from .matmul_ops import add_n
from .nn_impl import batch_normalization, xw_plus_b
from .reduction_ops import reduce_prod, reduce_sum
from .shape_ops import shape


def silu(features, beta=1.0):
    """``features * sigmoid(beta * features)`` (also called swish)."""
    with get_default_graph().name_scope("silu"):
        features = convert_to_tensor(features)
        return features * sigmoid(features * beta if beta != 1.0 else features)


def relu_layer(x, weights, biases, name=None):
    """``relu(x @ weights + biases)``."""
    with get_default_graph().name_scope(name or "relu_layer"):
        return relu(xw_plus_b(x, weights, biases))


def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    """The negative log-likelihood of ``targets`` under a Poisson of log-rate ``log_input``:
    ``exp(log_input) - log_input * targets``; with ``compute_full_loss`` plus Stirling's
    approximation of ``log(targets!)`` where ``targets > 1``."""
    with get_default_graph().name_scope(name or "log_poisson_loss"):
        log_input = convert_to_tensor(log_input)
        targets = convert_to_tensor(targets, dtype=log_input.dtype)
        if (targets.shape.ndims is not None and log_input.shape.ndims is not None
                and not targets.shape.is_compatible_with(log_input.shape)):
            raise ValueError("log_input and targets must have the same shape (%s vs %s)"
                             % (log_input.shape, targets.shape))
        result = exp(log_input) - log_input * targets
        if not compute_full_loss:
            return result
        ones = array_ops.ones_like(targets)
        # log(0) is never taken: the targets <= 1 term is replaced by zero
        safe = select(greater(targets, ones), targets, ones)
        stirling = safe * log(safe) - safe + 0.5 * log(2.0 * np.pi * safe)
        return result + select(greater(targets, ones), stirling, array_ops.zeros_like(targets))


def sufficient_statistics(x, axes, shift=None, keep_dims=None, name=None, keepdims=None):
    """``(count, sum(x - shift), sum((x - shift)**2), shift)`` over ``axes``, what
    :func:`normalize_moments` turns into a mean and a variance."""
    keep = bool(keepdims if keepdims is not None else keep_dims)
    axes = [int(a) for a in np.reshape(axes, -1)]
    with get_default_graph().name_scope(name or "sufficient_statistics"):
        x = convert_to_tensor(x)
        dims = x.shape.as_tuple()
        if dims is not None and all(dims[a] is not None for a in axes):
            count = constant(np.prod([dims[a] for a in axes]), dtype=x.dtype, name="count")
        else:
            sizes = array_ops.reshape([shape(x)[a] for a in axes], [-1]) if axes else \
                constant([], dtype="int32")
            count = cast(reduce_prod(sizes), x.dtype, name="count")
        if shift is not None:
            shift = convert_to_tensor(shift, dtype=x.dtype)
            centered = x - shift
        else:
            centered = x
        mean_ss = reduce_sum(centered, axes, keepdims=keep, name="mean_ss")
        variance_ss = reduce_sum(centered * centered, axes, keepdims=keep, name="var_ss")
        return count, mean_ss, variance_ss, shift


def batch_norm_with_global_normalization(t=None, m=None, v=None, beta=None, gamma=None,
                                         variance_epsilon=None, scale_after_normalization=None,
                                         name=None, input=None, mean=None,  # noqa: A002
                                         variance=None):
    """TF1's older batch normalization: ``(t - m) / sqrt(v + variance_epsilon)``, times
    ``gamma`` when ``scale_after_normalization``, plus ``beta``."""
    t = input if t is None else t
    m = mean if m is None else m
    v = variance if v is None else v
    if None in (t, m, v, beta, gamma, variance_epsilon, scale_after_normalization):
        raise ValueError("batch_norm_with_global_normalization needs t, m, v, beta, gamma, "
                         "variance_epsilon and scale_after_normalization")
    return batch_normalization(t, m, v, beta, gamma if scale_after_normalization else None,
                               variance_epsilon, name=name or "batchnorm")


def compute_average_loss(per_example_loss, sample_weight=None, global_batch_size=None):
    """The sum of (weighted) per-example losses divided by the global batch size (by default
    the batch size of ``per_example_loss``: this engine trains on one replica).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     print(sess.run(tf.nn.compute_average_loss([1.0, 2.0, 6.0], global_batch_size=6)))
    1.5
    """
    with get_default_graph().name_scope("compute_average_loss"):
        losses = convert_to_tensor(per_example_loss)
        if not losses.dtype.is_floating:
            raise TypeError("per_example_loss must be floating, got %s" % losses.dtype.name)
        if sample_weight is not None:
            losses = losses * convert_to_tensor(sample_weight, dtype=losses.dtype)
        if global_batch_size is None:
            dims = losses.shape.as_tuple()
            batch = dims[0] if dims and dims[0] is not None else None
            global_batch_size = cast(shape(losses)[0], losses.dtype) if batch is None else batch
        return reduce_sum(losses) / global_batch_size


def scale_regularization_loss(regularization_loss):
    """The regularization loss (a tensor or a list, summed) divided by the number of replicas,
    which is one here."""
    if isinstance(regularization_loss, (list, tuple)):
        regularization_loss = add_n([convert_to_tensor(r) for r in regularization_loss])
    return array_ops.identity(convert_to_tensor(regularization_loss),
                              name="scale_regularization_loss")


__all__ = ["silu", "relu_layer", "log_poisson_loss", "sufficient_statistics",
           "batch_norm_with_global_normalization", "compute_average_loss",
           "scale_regularization_loss"]
