"""``tf.contrib.layers``: fully_connected, batch_norm, layer_norm, dropout, the regularizers and
initializers, and ``optimize_loss``, named and defaulted as TF1's contrib (Variables
``fully_connected/weights`` and ``biases``, ``BatchNorm/beta``, ``LayerNorm/gamma``...). The layer
functions take ``arg_scope`` defaults.

>>> import autograd_engine as tf
>>> x = tf.placeholder(tf.float32, [None, 4])
>>> h = tf.contrib.layers.fully_connected(x, 3, normalizer_fn=tf.contrib.layers.batch_norm,
...                                       normalizer_params={"is_training": True})
>>> sorted(v.name for v in tf.global_variables())  # no bias: the normalizer has an offset
['fully_connected/BatchNorm/beta:0', 'fully_connected/BatchNorm/moving_mean:0', \
'fully_connected/BatchNorm/moving_variance:0', 'fully_connected/weights:0']
"""
from ..framework import dtypes
from ..framework.graph import GraphKeys, get_default_graph
from ..layers import core as core_layers
from ..layers import flatten  # noqa: F401
from ..layers.normalization import normalize_batch
from ..ops import array_ops, elementwise_unary_ops, nn_impl
from ..ops.constant_op import convert_to_tensor
from ..ops.elementwise_binary_ops import multiply
from ..ops.embedding_ops import safe_embedding_lookup_sparse
from ..ops.elementwise_unary_ops import relu
from ..ops.init_ops import Ones, VarianceScaling, Zeros
from ..ops.losses import l2_regularizer
from ..ops.matmul_ops import add_n, matmul
from ..ops.reduction_ops import reduce_sum
from ..ops.variable_scope import variable_scope
from .arg_scope import add_arg_scope
from .layer_helpers import (collect_output, layer_variable, xavier_initializer,  # noqa: F401
                            xavier_initializer_conv2d)
from .layers_conv import (avg_pool2d, conv2d, convolution2d, embed_sequence,  # noqa: F401
                          max_pool2d, one_hot_encoding, repeat, stack)
from .optimize_loss import OPTIMIZER_CLS_NAMES, OPTIMIZER_SUMMARIES, optimize_loss  # noqa: F401


def l1_regularizer(scale, scope=None):
    """A regularizer ``scale * sum(|w|)``."""
    if scale < 0:
        raise ValueError("Setting a scale less than 0 on a regularizer: %g" % scale)
    if scale == 0:
        return lambda weights: None
    return lambda weights: multiply(reduce_sum(elementwise_unary_ops.abs(weights)), scale,
                                    name=scope or "l1_regularizer")


def l1_l2_regularizer(scale_l1=1.0, scale_l2=1.0, scope=None):
    """The sum of an L1 and an L2 regularizer."""
    return sum_regularizer([l1_regularizer(scale_l1), l2_regularizer(scale_l2)], scope)


def sum_regularizer(regularizer_list, scope=None):
    """A regularizer adding the (non-None) penalties of ``regularizer_list``."""
    def regularize(weights):
        penalties = [p for p in (r(weights) for r in regularizer_list) if p is not None]
        return add_n(penalties, name=scope or "sum_regularizer") if penalties else None
    return regularize


def apply_regularization(regularizer, weights_list=None):
    """The sum of ``regularizer`` over ``weights_list`` (default: the WEIGHTS collection), also
    added to REGULARIZATION_LOSSES."""
    graph = get_default_graph()
    weights_list = graph.get_collection(GraphKeys.WEIGHTS) if weights_list is None \
        else weights_list
    if not weights_list:
        raise ValueError("No weights to regularize.")
    penalties = [p for p in (regularizer(w) for w in weights_list) if p is not None]
    if not penalties:
        return None
    total = add_n(penalties, name="get_regularization_penalty")
    graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, total)
    return total



# contrib draws its truncated normal with stddev sqrt(1.3 * factor / n); the core initializer
# divides sqrt(scale / n) by the truncated normal's own stddev, 0.8796...
_CONTRIB_TRUNCATION = 1.3 * 0.87962566103423978 ** 2


def variance_scaling_initializer(factor=2.0, mode="FAN_IN", uniform=False, seed=None,
                                 dtype=dtypes.float32):
    """He initialization by default: variance ``factor / n``, n = fan-in (``FAN_IN``), fan-out
    (``FAN_OUT``) or their average (``FAN_AVG``); uniform or truncated normal."""
    if mode not in ("FAN_IN", "FAN_OUT", "FAN_AVG"):
        raise TypeError("Unknown mode %s [FAN_IN, FAN_OUT, FAN_AVG]" % (mode,))
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise TypeError("Cannot create initializer for non-floating point type.")
    scale = factor if uniform else factor * _CONTRIB_TRUNCATION
    return VarianceScaling(scale, mode.lower(), "uniform" if uniform else "truncated_normal",
                           seed, dtype)


@add_arg_scope
def fully_connected(inputs, num_outputs, activation_fn=relu, normalizer_fn=None,
                    normalizer_params=None, weights_initializer=None, weights_regularizer=None,
                    biases_initializer=Zeros(), biases_regularizer=None, reuse=None,
                    variables_collections=None, outputs_collections=None, trainable=True,
                    scope=None):
    """``activation_fn(normalizer_fn(inputs @ weights) or inputs @ weights + biases)``.

    The Variables are ``<scope>/weights`` (Xavier by default) and ``<scope>/biases``; there are
    no biases when ``biases_initializer`` is None or a ``normalizer_fn`` is given (it is called
    as ``normalizer_fn(outputs, **normalizer_params)``). Inputs of rank > 2 are multiplied along
    their last axis.
    """
    inputs = convert_to_tensor(inputs)
    dims = inputs.shape.as_tuple()
    if dims is None or dims[-1] is None:
        raise ValueError("The last dimension of the inputs to `Dense` should be defined. "
                         "Found `None`.")
    weights_initializer = weights_initializer or xavier_initializer()
    with variable_scope(scope, default_name="fully_connected", reuse=reuse):
        weights = layer_variable("weights", [dims[-1], num_outputs], inputs.dtype,
                            weights_initializer, weights_regularizer, trainable,
                            variables_collections)
        if len(dims) > 2:
            flat = array_ops.reshape(inputs, [-1, dims[-1]])
            out_shape = [d if d is not None else -1 for d in dims[:-1]] + [num_outputs]
            if list(dims[:-1]).count(None) > 1:
                raise ValueError("fully_connected on inputs with several unknown dimensions is "
                                 "not supported; reshape them first")
            outputs = array_ops.reshape(matmul(flat, weights), out_shape, name="Tensordot")
        else:
            outputs = matmul(inputs, weights, name="MatMul")
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        elif biases_initializer is not None:
            biases = layer_variable("biases", [num_outputs], inputs.dtype, biases_initializer,
                               biases_regularizer, trainable, variables_collections)
            outputs = nn_impl.bias_add(outputs, biases)
        outputs = core_layers.activate(outputs, activation_fn)
        return collect_output(outputs, outputs_collections)


@add_arg_scope
def batch_norm(inputs, decay=0.999, center=True, scale=False, epsilon=0.001, activation_fn=None,
               param_initializers=None, param_regularizers=None,
               updates_collections=GraphKeys.UPDATE_OPS, is_training=True, reuse=None,
               variables_collections=None, outputs_collections=None, trainable=True,
               batch_weights=None, fused=None, data_format="NHWC", zero_debias_moving_mean=False,
               scope=None, renorm=False, renorm_clipping=None, renorm_decay=0.99,
               adjustment=None):
    """Batch normalization over every axis but the channels (last for ``NHWC``, 1 for
    ``NCHW``), TF1 contrib's defaults: ``decay=0.999``, ``scale=False`` (no gamma), Variables
    under ``BatchNorm``. With ``updates_collections=None`` the moving averages are updated with
    the output instead of through ``UPDATE_OPS``. ``is_training`` may be a bool tensor."""
    if batch_weights is not None or renorm or zero_debias_moving_mean:
        raise NotImplementedError("batch_norm: batch_weights, renorm and zero_debias_moving_mean "
                                  "are not supported; use plain batch_norm")
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    initializers = {"beta": Zeros(), "gamma": Ones(), "moving_mean": Zeros(),
                    "moving_variance": Ones(), **(param_initializers or {})}
    with variable_scope(scope, default_name="BatchNorm", reuse=reuse) as sc:
        outputs = normalize_batch(
            inputs, 1 if data_format == "NCHW" else -1, decay, epsilon, center, scale,
            initializers, dict(param_regularizers or {}), {}, is_training, trainable,
            _NoScope(), updates_collections)
        if variables_collections:
            for variable in get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES,
                                                               sc.name + "/"):
                _add_once(variables_collections, variable)
        outputs = core_layers.activate(outputs, activation_fn)
        return collect_output(outputs, outputs_collections)


def _add_once(collections, variable):
    graph = get_default_graph()
    for key in (collections.get(variable.op.name.rpartition("/")[2], [])
                if isinstance(collections, dict) else collections):
        if variable not in graph.get_collection(key):
            graph.add_to_collection(key, variable)


class _NoScope:
    """The scope is already entered (normalize_batch enters the one it is given)."""

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


@add_arg_scope
def layer_norm(inputs, center=True, scale=True, activation_fn=None, reuse=None,
               variables_collections=None, outputs_collections=None, trainable=True,
               begin_norm_axis=1, begin_params_axis=-1, scope=None):
    """Normalizes each example over axes ``begin_norm_axis:`` (mean 0, variance 1, epsilon
    1e-12 as TF1), then ``gamma * x + beta`` with parameters shaped ``inputs.shape[
    begin_params_axis:]``, under ``LayerNorm``."""
    inputs = convert_to_tensor(inputs)
    dims = inputs.shape.as_tuple()
    if dims is None:
        raise ValueError("Inputs %s has undefined rank." % inputs.name)
    ndims = len(dims)
    begin_norm_axis %= ndims
    begin_params_axis %= ndims
    params_shape = dims[begin_params_axis:]
    if None in params_shape:
        raise ValueError("Inputs %s: shape(inputs)[%d:] is not fully defined: %s"
                         % (inputs.name, begin_params_axis, inputs.shape))
    with variable_scope(scope, default_name="LayerNorm", reuse=reuse):
        beta = layer_variable("beta", list(params_shape), inputs.dtype, Zeros(), None, trainable,
                         variables_collections) if center else None
        gamma = layer_variable("gamma", list(params_shape), inputs.dtype, Ones(), None, trainable,
                          variables_collections) if scale else None
        mean, variance = nn_impl.moments(inputs, list(range(begin_norm_axis, ndims)),
                                         keep_dims=True)
        outputs = nn_impl.batch_normalization(inputs, mean, variance, beta, gamma, 1e-12)
        outputs = core_layers.activate(outputs, activation_fn)
        return collect_output(outputs, outputs_collections)


@add_arg_scope
def dropout(inputs, keep_prob=0.5, noise_shape=None, is_training=True, outputs_collections=None,
            scope=None, seed=None):
    """Keeps each element with probability ``keep_prob`` (scaled by ``1 / keep_prob``) when
    ``is_training`` (a bool or a bool tensor), identity otherwise."""
    with get_default_graph().name_scope(scope or "Dropout"):
        outputs = core_layers.dropout(inputs, rate=1.0 - keep_prob, noise_shape=noise_shape,
                                      seed=seed, training=is_training)
        return collect_output(outputs, outputs_collections)


@add_arg_scope
def bias_add(inputs, activation_fn=None, initializer=Zeros(), regularizer=None, reuse=None,
             variables_collections=None, outputs_collections=None, trainable=True,
             data_format="NHWC", scope=None):
    """Adds a learned bias (``BiasAdd/biases``) along the channels."""
    inputs = convert_to_tensor(inputs)
    channels = inputs.shape.as_tuple()[1 if data_format == "NCHW" else -1]
    with variable_scope(scope, default_name="BiasAdd", reuse=reuse):
        biases = layer_variable("biases", [channels], inputs.dtype, initializer, regularizer,
                           trainable, variables_collections)
        outputs = nn_impl.bias_add(inputs, biases,
                                   data_format="NCHW" if data_format == "NCHW" else None)
        outputs = core_layers.activate(outputs, activation_fn)
        return collect_output(outputs, outputs_collections)


def linear(inputs, num_outputs, **kwargs):
    """``fully_connected`` without an activation."""
    return fully_connected(inputs, num_outputs, activation_fn=None, **kwargs)


__all__ = ["apply_regularization", "avg_pool2d", "batch_norm", "bias_add", "conv2d",
           "convolution2d", "dropout", "embed_sequence", "flatten", "fully_connected",
           "l1_l2_regularizer", "l1_regularizer", "l2_regularizer", "layer_norm", "linear",
           "max_pool2d", "one_hot_encoding", "optimize_loss", "repeat",
           "safe_embedding_lookup_sparse", "stack", "sum_regularizer",
           "variance_scaling_initializer", "xavier_initializer", "xavier_initializer_conv2d"]
