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
# issue 20 (i20f): 3-D convolution and pooling, the other conv/pool names, small helpers.
from ..ops.conv3d_ops import (avg_pool3d, conv3d, conv3d_backprop_filter, conv3d_transpose,
                              max_pool3d)
from ..ops.conv3d_ops import conv3d_backprop_filter as conv3d_backprop_filter_v2
from ..ops.conv_variants import (atrous_conv2d_transpose, avg_pool1d, avg_pool2d, avg_pool_v2,
                                 conv1d_transpose, conv_transpose, depthwise_conv2d_backprop_filter,
                                 depthwise_conv2d_backprop_input, depthwise_conv2d_native,
                                 depthwise_conv2d_native_backprop_filter,
                                 depthwise_conv2d_native_backprop_input, max_pool1d, max_pool2d,
                                 max_pool_v2, space_to_batch, with_space_to_batch)
from ..ops.nn_loss_stats import (batch_norm_with_global_normalization, compute_average_loss,
                                 log_poisson_loss, relu_layer, scale_regularization_loss, silu,
                                 sufficient_statistics)
from ..ops.ctc_ops import ctc_loss
from ..ops.ctc_decoders import (collapse_repeated, ctc_beam_search_decoder,
                                ctc_beam_search_decoder_v2, ctc_greedy_decoder, ctc_loss_v2,
                                ctc_unique_labels)
from ..ops.candidate_sampling_extra import (all_candidate_sampler, compute_accidental_hits,
                                            learned_unigram_candidate_sampler)
from ..ops.morphology_ops import dilation2d, erosion2d
from ..ops.fractional_pool_ops import fractional_avg_pool, fractional_max_pool
from ..ops.raw_rnn import raw_rnn
from ..ops.rnn_state_saving import static_state_saving_rnn
from ..framework.unimplemented import unimplemented as _unimplemented
from . import nn_experimental as experimental
quantized_avg_pool = _unimplemented("tf.nn.quantized_avg_pool", "quantized kernels",
                                    "tf.nn.avg_pool on float tensors")
quantized_conv2d = _unimplemented("tf.nn.quantized_conv2d", "quantized kernels",
                                  "tf.nn.conv2d on float tensors")
quantized_max_pool = _unimplemented("tf.nn.quantized_max_pool", "quantized kernels",
                                    "tf.nn.max_pool on float tensors")
quantized_relu_x = _unimplemented("tf.nn.quantized_relu_x", "quantized kernels",
                                  "tf.nn.relu6 or tf.clip_by_value on float tensors")
# end i20f

# issue 20 (i20c): TF's approximate top-k (exact here, which meets any recall target).
from ..ops.math_tail import approx_max_k, approx_min_k
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
