"""Op definitions, one module per family; importing this package registers every op they define
(the ops of tf.data, tf.train and tf.summary register with their packages)."""
from . import (activation_ops, array_ops, broadcast_ops, check_ops, clip_ops, collective_ops,
               concat_split_ops,
               constant_op, control_flow_ops, conv_extra_ops, conv_ops, cumulative_ops,
               depthwise_conv_ops, diagonal_ops, elementwise_binary_ops, elementwise_unary_ops,
               functional_ops, gather_ops, image_ops, image_resize_ops, init_ops, linalg_ops,
               losses, mask_ops, matmul_ops, nn_impl, nn_ops, op_families, op_samples,
               operator_overloads, pooling_ops, random_ops, random_ops_extra, range_ops,
               reduction_ops, registry, rnn, rnn_bidirectional, rnn_cell_impl,
               rounding_division_ops, script_ops, sequence_ops, shape_ops, shape_rules,
               slicing_ops, sort_ops, special_math_ops, state_ops, tile_ops, top_k_ops,
               trigonometric_ops, variable_scope, variables, while_loop, window_geometry)  # noqa: F401
# Sparse data: SparseTensor and the sparse, segment and scatter families.
from . import (embedding_ops, indexed_slices, partition_ops, scatter_ops,  # noqa: E402,F401
               segment_ops, sparse_math_ops, sparse_ops, sparse_structure_ops, sparse_tensor,
               tensor_array, tensor_array_ops)
# i17a: the string ops (importing registers them)
from . import (csv_ops, io_ops, parsing_ops, string_conversion_ops,  # noqa: F401,E402
               string_ops, string_split_ops)
from . import custom_gradient_ops, metrics_at_k, metrics_curves, metrics_impl  # noqa: F401,E402
# i17b: queues and readers (importing registers them)
from . import data_flow_ops, queue_ops, reader_ops  # noqa: F401,E402
# issue 20 (i20b): the long-tail families.
from . import (array_tail, box_ops, candidate_sampling_ops, distributions,  # noqa: F401
               image_adjust_ops, lookup_ops, nn_tail, pool_argmax_ops, space_batch_ops,
               template)
# issue 20 (i20i): ragged rows and the unicode / n-gram / format string ops.
from . import string_tail, string_unicode  # noqa: F401,E402
from . import lookup_tail, mutable_tables  # noqa: F401,E402 - i20i: tf.lookup tail
from . import accumulators  # noqa: F401,E402 - i20i: tf.ConditionalAccumulator
# issue 20 (i20e): image codecs, audio and serialization, the image tail.
from . import (audio_ops, box_tail, image_boxes, image_codecs,  # noqa: F401,E402
               image_patches, image_quality,
               resize_weights, sequence_parsing, serialization_ops)
# issue 20 (i20f): 3-D convolution, the conv/pool variants, CTC and the nn tail.
from . import (conv3d_ops, conv_variants, ctc_decoders, ctc_ops,  # noqa: F401
               candidate_sampling_extra, edit_distance_ops, fractional_pool_ops, morphology_ops,
               nn_dropout_variants, nn_loss_stats, raw_rnn, rnn_state_saving)
# issue 20 (i20d): bitwise ops and the linear-algebra decompositions.
from . import (bitwise_ops, linalg_decompositions, linalg_extra,  # noqa: F401,E402
               linalg_operator, matrix_functions, tridiagonal_ops)
# issue 20 (i20g): sets, the sparse tail, random tail, ragged (importing registers them)
from . import (candidate_sampling_extra, feature_cross, philox, ragged_ops,  # noqa: F401,E402
               ragged_tensor, random_generator, random_tail, row_partition, set_ops,
               sparse_tail_ops, stateless_random, stateless_random_ops)
# issue 20 (i20h): framework tail (tf.print, tf.timestamp, bitcast, saturate_cast, misc).
from . import (assert_shapes, dtype_ops, framework_tail, hash_ops, partitioners,  # noqa: F401
               print_ops, session_handle_ops, type_specs)
# issue 20 (i20c): complex numbers, FFTs, tf.signal, special functions.
from . import complex_conj, complex_ops  # noqa: F401,E402
from . import fft_ops  # noqa: F401,E402
from . import signal_ops  # noqa: F401,E402
from . import special_ops  # noqa: F401,E402
from . import special_gamma_ops  # noqa: F401,E402
from . import math_tail  # noqa: F401,E402
from . import special_bessel_ops  # noqa: F401,E402
from . import special_integral_ops  # noqa: F401,E402
