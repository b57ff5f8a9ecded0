"""``tf.nn``: activations, convolution and pooling, normalization, losses and RNNs."""
from ..ops.activation_ops import elu, leaky_relu, relu6, selu, softplus, softsign
from ..ops.conv_extra_ops import atrous_conv2d, conv1d, convolution, pool
from ..ops.conv_ops import conv2d, conv2d_transpose
from ..ops.depthwise_conv_ops import depthwise_conv2d, separable_conv2d
from ..ops.elementwise_unary_ops import relu, sigmoid, tanh
from ..ops.embedding_ops import embedding_lookup_sparse, safe_embedding_lookup_sparse
from ..ops.gather_ops import embedding_lookup
from ..ops.nn_impl import (batch_normalization, bias_add, dropout, l2_loss, l2_normalize, moments,
                           weighted_cross_entropy_with_logits, xw_plus_b)
from ..ops.nn_ops import (log_softmax, sigmoid_cross_entropy_with_logits, softmax,
                          softmax_cross_entropy_with_logits, softmax_cross_entropy_with_logits_v2,
                          sparse_softmax_cross_entropy_with_logits)
from ..ops.pooling_ops import avg_pool, max_pool
from ..ops.rnn import dynamic_rnn, static_rnn
from ..ops.rnn_bidirectional import bidirectional_dynamic_rnn, static_bidirectional_rnn
from ..ops.top_k_ops import in_top_k, top_k
from . import rnn_cell
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
