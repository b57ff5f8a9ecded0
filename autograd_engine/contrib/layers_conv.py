"""``tf.contrib.layers`` (and slim) convolution, pooling and composition layers: ``conv2d``
(Variables ``Conv/weights``, ``Conv/biases``), ``max_pool2d``, ``avg_pool2d``, ``repeat``,
``stack``, ``one_hot_encoding``, ``embed_sequence``.

>>> import autograd_engine as tf
>>> slim = tf.contrib.slim
>>> images = tf.placeholder(tf.float32, [None, 8, 8, 3])
>>> with slim.arg_scope([slim.conv2d], padding="SAME"):
...     net = slim.repeat(images, 2, slim.conv2d, 4, [3, 3], scope="conv1")
...     net = slim.max_pool2d(net, [2, 2], scope="pool1")
>>> net.shape.as_list(), tf.global_variables()[0].op.name
([None, 4, 4, 4], 'conv1/conv1_1/weights')
"""
from ..framework.graph import get_default_graph
from ..layers import core as core_layers
from ..ops import nn_impl
from ..ops.constant_op import convert_to_tensor
from ..ops.conv_ops import conv2d as nn_conv2d
from ..ops.gather_ops import embedding_lookup
from ..ops.init_ops import Zeros
from ..ops.mask_ops import one_hot
from ..ops.elementwise_unary_ops import relu
from ..ops.pooling_ops import avg_pool, max_pool
from ..ops.variable_scope import get_variable, variable_scope
from .arg_scope import add_arg_scope
from .layer_helpers import collect_output, layer_variable, xavier_initializer


def _pair(value, what):
    pair = [value, value] if isinstance(value, int) else list(value)
    if len(pair) != 2:
        raise ValueError("%s must be an int or a pair of ints, got %r" % (what, value))
    return [int(v) for v in pair]


def _channels_axis(data_format):
    if data_format not in (None, "NHWC", "NCHW"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    return 1 if data_format == "NCHW" else -1


@add_arg_scope
def conv2d(inputs, num_outputs, kernel_size, stride=1, padding="SAME", data_format=None, rate=1,
           activation_fn=relu, normalizer_fn=None, normalizer_params=None,
           weights_initializer=None, weights_regularizer=None, biases_initializer=Zeros(),
           biases_regularizer=None, reuse=None, variables_collections=None,
           outputs_collections=None, trainable=True, scope=None):
    """2-D convolution with ``num_outputs`` filters of ``kernel_size``, then the normalizer or
    the biases, then ``activation_fn`` (ReLU by default), under the scope ``Conv``."""
    inputs = convert_to_tensor(inputs)
    axis = _channels_axis(data_format)
    channels = inputs.shape.as_tuple()[axis] if inputs.shape.ndims == 4 else None
    if channels is None:
        raise ValueError("conv2d needs 4-D inputs with a known channel dimension, got %s"
                         % inputs.shape)
    kernel_h, kernel_w = _pair(kernel_size, "kernel_size")
    stride_h, stride_w = _pair(stride, "stride")
    rate_h, rate_w = _pair(rate, "rate")
    nchw = data_format == "NCHW"
    with variable_scope(scope, default_name="Conv", reuse=reuse):
        weights = layer_variable("weights", [kernel_h, kernel_w, channels, num_outputs],
                                 inputs.dtype, weights_initializer or xavier_initializer(),
                                 weights_regularizer, trainable, variables_collections)
        strides = [1, 1, stride_h, stride_w] if nchw else [1, stride_h, stride_w, 1]
        dilations = [1, 1, rate_h, rate_w] if nchw else [1, rate_h, rate_w, 1]
        outputs = nn_conv2d(inputs, weights, strides, padding.upper(),
                            data_format="NCHW" if nchw else "NHWC", dilations=dilations)
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        elif biases_initializer is not None:
            biases = layer_variable("biases", [num_outputs], inputs.dtype, biases_initializer,
                                    biases_regularizer, trainable, variables_collections)
            outputs = nn_impl.bias_add(outputs, biases, data_format="NCHW" if nchw else None)
        outputs = core_layers.activate(outputs, activation_fn)
        return collect_output(outputs, outputs_collections)


convolution2d = conv2d


def _pool(pool, default_name):
    @add_arg_scope
    def layer(inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC",
              outputs_collections=None, scope=None):
        _channels_axis(data_format)
        kernel_h, kernel_w = _pair(kernel_size, "kernel_size")
        stride_h, stride_w = _pair(stride, "stride")
        nchw = data_format == "NCHW"
        with get_default_graph().name_scope(scope or default_name):
            outputs = pool(convert_to_tensor(inputs),
                           [1, 1, kernel_h, kernel_w] if nchw else [1, kernel_h, kernel_w, 1],
                           [1, 1, stride_h, stride_w] if nchw else [1, stride_h, stride_w, 1],
                           padding.upper(), data_format=data_format)
            return collect_output(outputs, outputs_collections)
    layer.__name__ = default_name.lower()
    layer.__doc__ = ("%s over ``kernel_size`` windows moved by ``stride`` (2 by default, "
                     "``VALID`` padding, as TF1's contrib)." % default_name)
    return layer


max_pool2d = _pool(max_pool, "MaxPool2D")
avg_pool2d = _pool(avg_pool, "AvgPool2D")


def repeat(inputs, repetitions, layer, *args, **kwargs):
    """``layer`` applied ``repetitions`` times, the i-th under the scope ``<scope>_<i>``
    inside ``<scope>`` (``scope`` defaults to the layer's name)."""
    scope = kwargs.pop("scope", None)
    with variable_scope(scope, default_name="Repeat"):
        scope = scope or getattr(layer, "__name__", "repeat")
        outputs = convert_to_tensor(inputs)
        for i in range(repetitions):
            kwargs["scope"] = "%s_%d" % (scope, i + 1)
            outputs = layer(outputs, *args, **kwargs)
        return outputs


def stack(inputs, layer, stack_args, **kwargs):
    """``layer`` applied once per element of ``stack_args`` (its positional arguments), the
    i-th under the scope ``<scope>_<i>`` inside ``<scope>``."""
    scope = kwargs.pop("scope", None)
    if not isinstance(stack_args, (list, tuple)):
        raise ValueError("stack_args need to be a list or tuple")
    with variable_scope(scope, default_name="Stack"):
        scope = scope or getattr(layer, "__name__", "stack")
        outputs = convert_to_tensor(inputs)
        for i, args in enumerate(stack_args):
            kwargs["scope"] = "%s_%d" % (scope, i + 1)
            args = args if isinstance(args, (list, tuple)) else [args]
            outputs = layer(outputs, *args, **kwargs)
        return outputs


@add_arg_scope
def one_hot_encoding(labels, num_classes, on_value=1.0, off_value=0.0, outputs_collections=None,
                     scope=None):
    """Float one-hot rows of ``labels``."""
    with get_default_graph().name_scope(scope or "OneHotEncoding"):
        outputs = one_hot(labels, num_classes, on_value=on_value, off_value=off_value)
        return collect_output(outputs, outputs_collections)


def embed_sequence(ids, vocab_size=None, embed_dim=None, unique=False, initializer=None,
                   regularizer=None, trainable=True, scope=None, reuse=None):
    """The rows of a learned ``[vocab_size, embed_dim]`` matrix (``EmbedSequence/embeddings``)
    for the ids: ``[batch, time]`` ids give ``[batch, time, embed_dim]``."""
    if vocab_size is None or embed_dim is None:
        raise ValueError("Must specify vocab size and embedding dimension")
    with variable_scope(scope, default_name="EmbedSequence", reuse=reuse):
        embeddings = get_variable("embeddings", [vocab_size, embed_dim],
                                  initializer=initializer, regularizer=regularizer,
                                  trainable=trainable)
        return embedding_lookup(embeddings, ids)
