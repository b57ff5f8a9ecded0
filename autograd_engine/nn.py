"""``tf.nn``: activations, convolution and pooling, normalization and losses."""
from .ops.conv_ops import conv2d, conv2d_transpose
from .ops.pooling_ops import avg_pool, max_pool
from .ops.elementwise_unary_ops import relu, sigmoid, tanh
from .ops.nn_impl import (batch_normalization, bias_add, dropout, l2_loss, l2_normalize, moments,
                          weighted_cross_entropy_with_logits, xw_plus_b)
from . import rnn_cell  # noqa: F401 - tf.nn.rnn_cell
from .ops.rnn import dynamic_rnn, static_rnn
from .ops.nn_ops import (log_softmax, sigmoid_cross_entropy_with_logits, softmax,
                         softmax_cross_entropy_with_logits,
                         softmax_cross_entropy_with_logits_v2)
from .ops.nn_ops import (elu, leaky_relu, relu6, selu, softplus, softsign,
                         sparse_softmax_cross_entropy_with_logits)

__all__ = ["avg_pool", "batch_normalization", "bias_add", "conv2d", "conv2d_transpose",
           "dropout", "l2_loss", "l2_normalize", "log_softmax", "max_pool", "moments", "relu",
           "sigmoid", "sigmoid_cross_entropy_with_logits", "softmax",
           "softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits_v2", "tanh",
           "weighted_cross_entropy_with_logits", "xw_plus_b", "rnn_cell", "dynamic_rnn",
           "static_rnn"]
__all__ += ["elu", "leaky_relu", "relu6", "selu", "softplus", "softsign",
            "sparse_softmax_cross_entropy_with_logits"]
from .ops.gather_ops import embedding_lookup
from .ops.top_k_ops import in_top_k, top_k
__all__ += ["embedding_lookup", "in_top_k", "top_k"]
from .ops.rnn_bidirectional import bidirectional_dynamic_rnn, static_bidirectional_rnn  # noqa: E402
__all__ += ["bidirectional_dynamic_rnn", "static_bidirectional_rnn"]
from .ops.depthwise_conv_ops import depthwise_conv2d, separable_conv2d  # noqa: E402
from .ops.conv_extra_ops import atrous_conv2d, conv1d, convolution, pool  # noqa: E402
__all__ += ["depthwise_conv2d", "separable_conv2d", "conv1d", "atrous_conv2d", "convolution",
            "pool"]
