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
# issue 20 (i20b): the tf.nn long tail built from existing ops.
from ..ops.nn_tail import (conv2d_backprop_filter, conv2d_backprop_input, crelu, depth_to_space,
                           fused_batch_norm, local_response_normalization, lrn,
                           normalize_moments, space_to_depth, swish, weighted_moments,
                           zero_fraction)
from ..ops.pool_argmax_ops import max_pool_with_argmax
from ..ops.candidate_sampling_ops import (fixed_unigram_candidate_sampler,
                                          log_uniform_candidate_sampler, nce_loss,
                                          sampled_softmax_loss, uniform_candidate_sampler)
# issue 20 (i20c): TF's approximate top-k (exact here, which meets any recall target).
from ..ops.math_tail import approx_max_k, approx_min_k
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
