"""``tf.test``: numerical gradient checking (central differences), as a public utility.

>>> import numpy as np, autograd_engine as tf
>>> err = tf.test.check_gradients(tf.matmul, [np.ones((2, 3)), np.ones((3, 4))])
>>> err < 1.0  # the worst mismatch as a fraction of the tolerance; above 1.0 it raises
True

:mod:`autograd_engine.testing.cupy_standin` is a strict CPU stand-in for CuPy, selected as the
device with ``AUTOGRAD_ENGINE_DEVICE=stand-in`` or ``backend.using_device(...)`` (see
:mod:`autograd_engine.backend`).
"""
import numpy as np

from .. import backend
from ..client.session import Session
from ..framework import dtypes
from ..framework.default_session import get_default_session
from ..framework.graph import Graph, GraphKeys
from ..gradients import gradients
from ..ops import array_ops, constant_op, reduction_ops
from ..ops.indexed_slices import as_dense
from ..ops.variables import variables_initializer
from . import cupy_standin  # noqa: F401  (registers itself as the device stand-in on import)


def compute_gradient(x, x_shape, y, y_shape, x_init_value=None, delta=1e-3, init_targets=None,
                     extra_feed_dict=None):
    """TF1's ``compute_gradient``: the theoretical and numerical Jacobians of ``y`` with respect
    to ``x``, each of shape ``(x_size, y_size)``. Uses the default session."""
    sess = get_default_session()
    if sess is None:
        raise ValueError("compute_gradient needs a default session (use `with tf.Session():`)")
    if init_targets:
        sess.run(init_targets)
    x_shape, y_shape = tuple(x_shape), tuple(y_shape)
    x_value = (np.random.RandomState(0).random_sample(x_shape) if x_init_value is None
               else np.asarray(x_init_value)).astype(x.dtype.np_dtype)
    x_size, y_size = int(np.prod(x_shape)), int(np.prod(y_shape))
    dy = array_ops.placeholder(y.dtype, y_shape)
    grad, = [as_dense(g) for g in gradients(y, [x], grad_ys=dy)]
    feed = dict(extra_feed_dict or {})
    feed[x] = x_value
    theoretical = np.zeros((x_size, y_size))
    for j in range(y_size):
        seed = np.zeros(y_size, dtype=y.dtype.np_dtype)
        seed[j] = 1
        if grad is not None:
            g = sess.run(grad, {**feed, dy: seed.reshape(y_shape)})
            theoretical[:, j] = np.reshape(g, -1)
    numerical = central_differences(lambda: np.reshape(sess.run(y, feed), -1), x_value, delta)
    return theoretical, numerical.reshape(x_size, y_size)


def central_differences(evaluate, array, delta):
    """d evaluate() / d array[j] for every element j, by central differences: ``array`` is
    perturbed in place (and restored); the result has shape ``array.shape + evaluate()'s``."""
    flat = array.reshape(-1)  # a view: the caller's feed sees each perturbation
    columns = []
    for j in range(flat.size):
        old = flat[j]
        flat[j] = old + delta
        plus = evaluate()
        flat[j] = old - delta
        minus = evaluate()
        flat[j] = old
        columns.append((np.asarray(plus) - np.asarray(minus)) / (2 * delta))
    return np.reshape(np.array(columns), array.shape + np.shape(columns[0]) if columns else
                      array.shape)


def compute_gradient_error(x, x_shape, y, y_shape, x_init_value=None, delta=1e-3,
                           init_targets=None, extra_feed_dict=None):
    """The largest absolute difference between the theoretical and numerical Jacobians."""
    theoretical, numerical = compute_gradient(x, x_shape, y, y_shape, x_init_value, delta,
                                              init_targets, extra_feed_dict)
    return float(np.max(np.abs(theoretical - numerical))) if theoretical.size else 0.0


class GradientCheckError(AssertionError):
    pass


def check_gradients(fn, inputs, wrt=None, delta=1e-6, rtol=1e-5, atol=1e-6, seed=0):
    """Checks ``tf.gradients`` of ``fn(*tensors)`` against central differences in float64.

    ``inputs`` are numpy arrays (converted to float64 placeholders of their shapes); ``wrt``
    lists the input indices to check (default: all). The output is reduced to a scalar by a
    random projection, so every output element contributes with its own weight. Raises
    :class:`GradientCheckError` naming the worst element; returns the largest relative error.
    """
    inputs = [np.array(a, dtype=np.float64) for a in inputs]  # private, contiguous copies
    wrt = range(len(inputs)) if wrt is None else wrt
    rng = np.random.RandomState(seed)
    graph = Graph()
    with graph.as_default():
        placeholders = [array_ops.placeholder(dtypes.float64, a.shape) for a in inputs]
        y = as_dense(fn(*placeholders))  # a gradient may come as IndexedSlices
        if y.dtype != dtypes.float64:
            raise GradientCheckError("fn returned %s; the check needs float64" % y.dtype.name)
        projection = rng.standard_normal(y.shape.as_list() if y.shape.is_fully_defined() else ())
        loss = reduction_ops.reduce_sum(y * constant_op.constant(projection))
        grads = [as_dense(g) for g in gradients(loss, [placeholders[i] for i in wrt])]
        # Variables made by fn (layer weights, cells) start from their initializers.
        init = variables_initializer(graph.get_collection(GraphKeys.GLOBAL_VARIABLES))
        with Session(graph=graph) as sess:
            sess.run(init)
            feed = dict(zip(placeholders, inputs))
            analytic = sess.run([g if g is not None else loss for g in grads], feed)
            worst = 0.0
            for k, i in enumerate(wrt):
                if grads[k] is None:
                    raise GradientCheckError("No gradient for input %d" % i)
                numeric = central_differences(lambda: sess.run(loss, feed), inputs[i], delta)
                got = np.broadcast_to(analytic[k], numeric.shape)
                if np.shape(analytic[k]) != numeric.shape:
                    raise GradientCheckError("Gradient for input %d has shape %s, expected %s"
                                             % (i, np.shape(analytic[k]), numeric.shape))
                _check_finite(i, got, numeric, inputs)
                err = np.abs(got - numeric) / (atol + rtol * np.abs(numeric) + 1e-12)
                j = int(np.argmax(err)) if err.size else 0
                if err.size and err.flat[j] > 1.0:
                    index = _index(j, numeric.shape)
                    raise GradientCheckError(
                        "Gradient mismatch for input %d at index %s: analytic %.10g, numerical "
                        "%.10g (input shapes %s)" % (i, index, got[index], numeric[index],
                                                     [a.shape for a in inputs]))
                if err.size:
                    worst = max(worst, float(err.max()))
    return worst


def _index(flat_index, shape):
    """The index tuple of ``flat_index`` in ``shape``, as plain ints (for messages)."""
    return tuple(int(k) for k in np.unravel_index(flat_index, shape))


def _check_finite(i, analytic, numeric, inputs):
    """Refuses a non-finite value in either gradient of input ``i``. A NaN compares as no
    mismatch, so it would pass unseen; and where both are NaN (or infinite) the check has
    compared nothing: the inputs lie where ``fn`` or its gradient is undefined (log of a
    negative, a pole), and the sample must move."""
    finite = np.isfinite(analytic) & np.isfinite(numeric)
    if not finite.all():
        index = _index(int(np.argmin(finite)), numeric.shape)
        raise GradientCheckError(
            "Gradient for input %d is not finite at index %s: analytic %.10g, numerical %.10g "
            "(input shapes %s); check gradients where fn and its gradient are finite"
            % (i, index, analytic[index], numeric[index], [a.shape for a in inputs]))


__all__ = ["compute_gradient", "compute_gradient_error", "check_gradients", "GradientCheckError",
           "central_differences", "is_gpu_available", "gpu_device_name"]
# tf.test.TestCase / tf.test.main (issue 20), and unittest.mock as tf.test.mock.
from unittest import mock  # noqa: E402,F401
from .benchmark import Benchmark  # noqa: E402,F401
from .test_case import TestCase, get_temp_dir, main  # noqa: E402,F401
__all__ += ["Benchmark", "TestCase", "get_temp_dir", "main", "mock", "is_built_with_cuda",
            "is_built_with_gpu_support", "is_built_with_rocm", "is_built_with_xla"]


def is_built_with_cuda():
    """Whether the CUDA backend (CuPy) is installed; ``is_gpu_available()`` says whether a GPU
    is there to use it."""
    import importlib.util
    return importlib.util.find_spec("cupy") is not None


is_built_with_gpu_support = is_built_with_cuda


def is_built_with_rocm():
    return False


def is_built_with_xla():
    return False


def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None):
    """True when a device backend is present (real CuPy with a GPU, or the CuPy stand-in);
    ``min_cuda_compute_capability`` (a ``(major, minor)`` pair) is checked against the device's.
    """
    device = backend.device_backend()
    if device is None:
        return False
    if min_cuda_compute_capability is None:
        return True
    properties = device.xp.cuda.runtime.getDeviceProperties(0)
    return (properties["major"], properties["minor"]) >= tuple(min_cuda_compute_capability)


def gpu_device_name():
    """The GPU's name, "/device:GPU:0", when a device backend is present, else ""."""
    return "/device:GPU:0" if backend.device_backend() is not None else ""
# issue 20 (i20h): the rest of tf.test
from .test_tail import (StubOutForTesting, assert_equal_graph_def,  # noqa: E402,F401
                        benchmark_config, disable_with_predicate, is_cpu_target_available,
                        test_src_dir_path)
__all__ += ["StubOutForTesting", "assert_equal_graph_def", "benchmark_config",
            "disable_with_predicate", "is_cpu_target_available", "test_src_dir_path"]
