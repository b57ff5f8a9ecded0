"""autograd_engine: a TensorFlow-1-style static-graph autodiff engine.

A TF1 graph-mode program runs after changing its import::

    import autograd_engine as tf

    x = tf.placeholder(tf.float32, [None, 784])
    W = tf.Variable(tf.zeros([784, 10]))
    y = tf.nn.softmax(tf.matmul(x, W))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(y, feed_dict={x: images})

This module only re-exports the public names; the parts live in ``framework/`` (graph,
tensors, dtypes, shapes, errors), ``ops/`` (op definitions with their shape rules and
gradients), ``gradients.py``, ``client/`` (Session and execution plans), ``backend.py``,
``train/`` and ``datasets/``; the ``tf.nn``, ``tf.math``, ``tf.linalg``, ``tf.random``,
``tf.image`` and ``tf.losses`` namespaces are the modules of ``api/``.
"""
from . import contrib, layers, ops, testing as test, train  # noqa: F401
from .api import image, linalg, losses, math, nn, random  # noqa: F401 - the tf.* namespaces
from . import data, summary  # noqa: F401
from .client.session import (ConfigProto, GPUOptions, GraphGrowthWarning, GraphOptions,
                             InteractiveSession, OptimizerOptions, RunMetadata, RunOptions,
                             Session)
from .framework import errors
from .framework.default_session import get_default_session
from .framework.dtypes import (DType, as_dtype, bool, complex64, complex128, double, float16,
                               float32, float64, half, int8, int16, int32, int64, uint8, uint16)
from .framework.graph import (Graph, GraphKeys, add_to_collection, add_to_collections,
                              control_dependencies, device, get_collection, get_collection_ref,
                              get_default_graph, name_scope, reset_default_graph)
from .framework.tensor import Operation, Tensor
from .framework.tensor_shape import Dimension, TensorShape
from .gradients import gradients, hessians
# issue 15 (i15b): tf.UnconnectedGradients; the warning of a thrashing plan cache
from .gradients import UnconnectedGradients
from .client.plan_cache import PlanCacheWarning
from .ops.array_ops import (expand_dims, fill, identity, ones, ones_like, placeholder,
                            placeholder_with_default, reshape, reverse, reverse_v2, squeeze,
                            stop_gradient, transpose, zeros, zeros_like)
from .ops.broadcast_ops import broadcast_to
from .ops.clip_ops import clip_by_global_norm, clip_by_norm, clip_by_value, global_norm
from .ops.concat_split_ops import concat, split, unstack
from .ops.constant_op import constant, convert_to_tensor, stack
from .ops.control_flow_ops import case, cond, group, no_op
from .ops.control_flow_ops import tuple_group as tuple  # noqa: A001 - TF1's name
from .ops.cumulative_ops import cumprod, cumsum
from .ops.diagonal_ops import diag, diag_part, eye
from .ops.elementwise_binary_ops import (add, div, divide, equal, floor_div, floordiv,  # noqa: A004
                                         floormod, greater, greater_equal, less, less_equal,
                                         logical_and, logical_or, maximum, minimum, mod, multiply,
                                         not_equal, pow, squared_difference, subtract, truediv,
                                         where, where_v2)
from .ops.elementwise_unary_ops import (abs, cast, ceil, cos, exp, expm1, floor,  # noqa: A004
                                        is_finite, is_inf, is_nan, log, log1p, logical_not,
                                        negative, reciprocal, round, rsqrt, sigmoid, sign, sin,
                                        sqrt, square, tanh, to_double, to_float, to_int32,
                                        to_int64)
from .ops.gather_ops import gather, gather_nd, scatter_nd, unsorted_segment_sum
from .ops.mask_ops import boolean_mask, one_hot, sequence_mask
from .ops.matmul_ops import add_n, einsum, matmul, tensordot
from .ops.range_ops import lin_space, linspace, range  # noqa: A004
from .ops.reduction_ops import (argmax, argmin, count_nonzero, norm, reduce_all, reduce_any,
                                reduce_logsumexp, reduce_max, reduce_mean, reduce_min,
                                reduce_prod, reduce_sum)
from .ops.shape_ops import rank, shape, size
from .ops.slicing_ops import pad, slice, strided_slice  # noqa: A004
from .ops.tile_ops import tile
from .ops.while_loop import while_loop
from .ops.init_ops import (constant_initializer, glorot_normal_initializer,
                           glorot_uniform_initializer, ones_initializer, orthogonal_initializer,
                           random_normal_initializer, random_uniform_initializer,
                           truncated_normal_initializer, variance_scaling_initializer,
                           zeros_initializer)
from .ops.random_ops import random_normal, random_uniform, set_random_seed, truncated_normal
from .ops.state_ops import assign, assign_add, assign_sub
from .ops.variable_scope import (AUTO_REUSE, VariableScope, get_variable, get_variable_scope,
                                 variable_scope)
from .ops.variables import (Variable, all_variables, global_variables,
                            global_variables_initializer, initialize_all_variables,
                            is_variable_initialized, local_variables,
                            local_variables_initializer, trainable_variables,
                            variables_initializer)
from .rendering import GraphvizNotFoundError, RenderError, render, to_dot  # i18a: RenderError
from .version import __version__  # noqa: F401
from . import keras  # noqa: E402,F401 - tf.keras

from . import tf_logging as logging  # noqa: E402 - tf.logging
from .ops.check_ops import (Assert, Print, assert_equal, assert_greater,  # noqa: E402
                            assert_greater_equal, assert_less, assert_less_equal,
                            assert_positive, check_numerics)

newaxis = None
# Functional ops (tf.map_fn, tf.scan, tf.foldl, tf.foldr) and Python-function ops (tf.py_func).
from .ops.functional_ops import foldl, foldr, map_fn, scan  # noqa: E402
from .ops.script_ops import numpy_function, py_func  # noqa: E402
# Sorting, set and shuffling/sampling ops.
from .ops.sort_ops import argsort, setdiff1d, sort, unique, unique_with_counts  # noqa: E402
from .ops.random_ops_extra import multinomial, random_shuffle  # noqa: E402
# Special math (tf.erf, tf.lgamma, tf.atan2, ...), linear algebra (tf.matrix_inverse, tf.cholesky,
# tf.trace, ...).
from .ops.trigonometric_ops import (acos, acosh, asin, asinh, atan, atan2, atanh,  # noqa: E402
                                    cosh, sinh, tan)
from .ops.special_math_ops import (digamma, erf, erfc, lgamma, log_sigmoid,  # noqa: E402
                                   polygamma)
from .ops.rounding_division_ops import rint, truncatediv, truncatemod  # noqa: E402
from .ops.array_ops import matrix_transpose
from .ops.diagonal_ops import (matrix_band_part, matrix_diag, matrix_diag_part,  # noqa: E402
                               matrix_set_diag, trace)
from .ops.linalg_ops import (cholesky, cholesky_solve, cross, log_matrix_determinant,
                             matrix_determinant, matrix_inverse, matrix_solve,
                             matrix_triangular_solve)
# tf.reverse_sequence (the reversal a backward RNN over padded batches needs).
from .ops.sequence_ops import reverse_sequence  # noqa: E402
# Sparse data (issue 17 section 3): SparseTensor, tf.sparse and the tf.sparse_* names.
from .api import sparse  # noqa: E402,F401
from .ops.indexed_slices import IndexedSlices, IndexedSlicesValue  # noqa: E402
from .ops.partition_ops import dynamic_partition, dynamic_stitch  # noqa: E402
from .ops.scatter_ops import (scatter_add, scatter_div, scatter_max, scatter_min,  # noqa: E402
                              scatter_mul, scatter_nd_add, scatter_nd_sub, scatter_nd_update,
                              scatter_sub, scatter_update, tensor_scatter_add,
                              tensor_scatter_sub, tensor_scatter_update)
from .ops.scatter_ops import tensor_scatter_add as tensor_scatter_nd_add  # noqa: E402
from .ops.scatter_ops import tensor_scatter_sub as tensor_scatter_nd_sub  # noqa: E402
from .ops.scatter_ops import tensor_scatter_update as tensor_scatter_nd_update  # noqa: E402
from .ops.segment_ops import (batch_gather, segment_max, segment_mean, segment_min,  # noqa: E402
                              segment_prod, segment_sum, sparse_segment_mean,
                              sparse_segment_sqrt_n, sparse_segment_sum, unsorted_segment_max,
                              unsorted_segment_mean, unsorted_segment_min, unsorted_segment_prod,
                              unsorted_segment_sqrt_n)
from .ops.sparse_math_ops import (sparse_add, sparse_maximum, sparse_minimum,  # noqa: E402
                                  sparse_reduce_sum, sparse_reduce_sum_sparse, sparse_softmax,
                                  sparse_tensor_dense_matmul)
from .ops.sparse_structure_ops import (sparse_concat, sparse_fill_empty_rows,  # noqa: E402
                                       sparse_reshape, sparse_retain, sparse_slice)
from .ops.tensor_array import TensorArray  # noqa: E402
from .ops.sparse_ops import sparse_reorder, sparse_tensor_to_dense, sparse_to_dense  # noqa: E402
from .ops.sparse_tensor import (SparseTensor, SparseTensorValue,  # noqa: E402
                                convert_to_tensor_or_sparse_tensor, sparse_placeholder)
# --- i17a: the string dtype, string ops, TFRecord/Example, gfile (issue 17 section 2) ---
from .framework.dtypes import string  # noqa: E402
from .ops.string_ops import (as_string, reduce_join, regex_replace, string_join,  # noqa: E402
                             string_strip, substr)
from .ops.string_conversion_ops import (decode_base64, decode_raw,  # noqa: E402
                                        encode_base64, string_to_hash_bucket_fast,
                                        string_to_hash_bucket_strong, string_to_number)
from .ops.csv_ops import decode_csv  # noqa: E402
from .ops.string_split_ops import string_split  # noqa: E402
from .api import strings  # noqa: E402,F401 - tf.strings
from .api import compat, gfile, io, python_io  # noqa: E402,F401 - tf.compat (bytes/text), ...
from .ops.io_ops import matching_files, read_file, write_file  # noqa: E402
from .ops.parsing_ops import (FixedLenFeature, FixedLenSequenceFeature,  # noqa: E402
                              VarLenFeature, parse_example, parse_single_example)

# --- issue 20 (i20a): TF1 programs as they are written today. `import tensorflow.compat.v1 as
# tf; tf.disable_v2_behavior()` runs with its import changed: autograd_engine.compat.v1 is this
# package. tf.app / tf.flags; the deprecated TF1 aliases old programs still call.
import sys as _sys  # noqa: E402
from .api import app, compat, flags, metrics  # noqa: E402,F401
from .api.compat import (disable_control_flow_v2, disable_eager_execution,  # noqa: E402,F401
                         disable_resource_variables, disable_tensor_equality,
                         disable_v2_behavior, disable_v2_tensorshape, enable_eager_execution,
                         enable_resource_variables, enable_v2_behavior, executing_eagerly,
                         resource_variables_enabled)
compat.v1 = _sys.modules[__name__]
_sys.modules[__name__ + ".compat"] = compat
_sys.modules[__name__ + ".compat.v1"] = compat.v1
app.flags = flags
from .framework.errors import OpError  # noqa: E402,F401
from .ops.random_ops import get_seed  # noqa: E402,F401
from .ops.reduction_ops import argmax as arg_max, argmin as arg_min  # noqa: E402,F401
from .ops.check_ops import check_numerics as verify_tensor_all_finite  # noqa: E402,F401
from .ops.variables import (local_variables_initializer as initialize_local_variables,  # noqa
                            variables_initializer as initialize_variables)
# Custom gradients: tf.RegisterGradient with Graph.gradient_override_map, tf.NotDifferentiable,
# tf.custom_gradient (through tf.identity_n).
from .framework.gradient_registry import (NoGradient, NotDifferentiable,  # noqa: E402,F401
                                          RegisterGradient, no_gradient)
from .ops.custom_gradient_ops import custom_gradient, identity_n  # noqa: E402,F401
# tf.debugging / tf.dtypes / tf.initializers and the rest of TF1's top-level checks,
# initializers and helpers.
from . import version  # noqa: E402,F401 - tf.version
from .version import (COMPILER_VERSION, GIT_VERSION, GRAPH_DEF_VERSION,  # noqa: E402,F401
                      GRAPH_DEF_VERSION_MIN_CONSUMER, GRAPH_DEF_VERSION_MIN_PRODUCER, VERSION)
from .api import debugging, dtypes, initializers  # noqa: E402,F401
from .api.compat import (control_flow_v2_enabled, dimension_at_index,  # noqa: E402,F401
                         dimension_value, executing_eagerly_outside_functions)
from .tf_logging import get_logger  # noqa: E402,F401
from .ops.check_ops_extra import (add_check_numerics_ops, assert_variables_initialized,  # noqa
                                  assert_integer, assert_near, assert_negative,  # noqa: E402,F401
                                  assert_non_negative, assert_non_positive, assert_none_equal,
                                  assert_proper_iterable, assert_rank, assert_rank_at_least,
                                  assert_rank_in, assert_same_float_dtype, assert_scalar,
                                  assert_type, is_non_decreasing, is_numeric_tensor,
                                  is_strictly_increasing)
from .ops.init_ops_extra import uniform_unit_scaling_initializer  # noqa: E402,F401
from .ops.scopes_extra import (colocate_with, get_local_variable,  # noqa: E402,F401
                               moving_average_variables, no_regularizer, op_scope,
                               variable_op_scope)
# --- i17b: queues, readers, queue runners (issue 17 section 1) ---
from .ops.data_flow_ops import (FIFOQueue, PaddingFIFOQueue, QueueBase,  # noqa: E402
                                RandomShuffleQueue)
from .ops.reader_ops import (FixedLengthRecordReader, ReaderBase, TextLineReader,  # noqa: E402
                             TFRecordReader, WholeFileReader)
from .ops.state_ops import count_up_to  # noqa: E402
from .framework.dtypes import resource  # noqa: E402 - queue and reader handles
from .api import queue  # noqa: E402,F401 - tf.queue
# issue 20 (i20b): graph exchange in TensorFlow's GraphDef form (tf.GraphDef, tf.graph_util,
# tf.import_graph_def; Graph.as_graph_def and tf.train.write_graph) and tf.saved_model.
from .api import graph_util, saved_model  # noqa: E402,F401
from .train.graph_def_import import import_graph_def  # noqa: E402
from .train.graph_util import GraphDef  # noqa: E402
# issue 20 (i20b): tf.make_template, tf.nest, tf.lookup, tables_initializer, model_variables.
from .api import distributions, lookup, nest  # noqa: E402,F401
from .ops.lookup_ops import initialize_all_tables, tables_initializer  # noqa: E402
from .ops.template import make_template  # noqa: E402
from .ops.variables import model_variables  # noqa: E402
from .ops.nn_tail import depth_to_space, space_to_depth  # noqa: E402 - also tf.*, as TF1
from .ops.array_tail import (accumulate_n, bincount, broadcast_dynamic_shape,  # noqa: E402
                             broadcast_static_shape, confusion_matrix, div_no_nan, ensure_shape,
                             histogram_fixed_width, invert_permutation, logical_xor,
                             meshgrid, parallel_stack, repeat, roll, searchsorted, shape_n,
                             unravel_index)
from .ops.space_batch_ops import (batch_to_space, batch_to_space_nd, random_crop,  # noqa: E402
                                  space_to_batch, space_to_batch_nd)
# issue 20 (i20i): priority queues, gradient accumulators, the identity reader (LMDBReader is a
# placeholder naming TFRecord files), and TF's legacy string hash buckets.
from .ops.data_flow_ops import PriorityQueue  # noqa: E402
from .ops.accumulators import (ConditionalAccumulator, ConditionalAccumulatorBase,  # noqa: E402
                               SparseConditionalAccumulator)
from .ops.reader_ops import IdentityReader, LMDBReader  # noqa: E402
# issue 20 (i20e): tf.audio, image codecs and serialization at the top level, as TF1's.
from .api import audio  # noqa: E402,F401
from .ops.serialization_ops import (decode_compressed, decode_json_example,  # noqa: E402,F401
                                    deserialize_many_sparse, parse_tensor,
                                    serialize_many_sparse, serialize_sparse, serialize_tensor)
from .ops.image_patches import extract_image_patches, extract_volume_patches  # noqa: E402,F401
from .ops.sequence_parsing import (SparseFeature, parse_example,  # noqa: E402,F401,F811
                                   parse_single_example, parse_single_sequence_example)
# issue 20 (i20f): top-level convolution names of TF1.
from .ops.conv_variants import (conv, conv2d_backprop_filter_v2,  # noqa: E402
                                conv2d_backprop_input_v2)
from .ops.edit_distance_ops import edit_distance  # noqa: E402
# end i20f
# --- issue 20 (i20d): tf.bitwise, tf.manip, the TF1 top-level decompositions ---
from .api import bitwise, manip  # noqa: E402,F401
from .ops.linalg_decompositions import (qr, self_adjoint_eig,  # noqa: E402
                                        self_adjoint_eigvals, svd)
from .ops.linalg_extra import matrix_solve_ls  # noqa: E402
from .ops.matrix_functions import matrix_square_root  # noqa: E402
# --- i19b: the compiled path (autograd_engine/jit): tf.xla.experimental.jit_scope ---
from .api import xla  # noqa: E402,F401 - tf.xla
# issue 20 (i20g): tf.sets, tf.ragged / tf.RaggedTensor, the random and sparse tails.
from .api import ragged, sets  # noqa: E402,F401
from .ops.ragged_tensor import RaggedTensor  # noqa: E402
from .ops.random_tail import random_gamma, random_index_shuffle, random_poisson  # noqa: E402
from .ops.scatter_ops import (batch_scatter_update,  # noqa: E402
                              tensor_scatter_max as tensor_scatter_nd_max,
                              tensor_scatter_min as tensor_scatter_nd_min)
from .ops.sparse_tail_ops import (sparse_mask, sparse_matmul, sparse_merge,  # noqa: E402
                                  sparse_reduce_max, sparse_reduce_max_sparse, sparse_reset_shape,
                                  sparse_split, sparse_to_indicator, sparse_transpose)
# --- issue 20 (i20h): framework tail: tf.config, dtypes, tf.print, protos and top-level misc.
from .api import config  # noqa: E402,F401 - tf.config
from .framework.dtypes import uint32, uint64, variant  # noqa: E402,F401
from .api.dtypes import bfloat16  # noqa: E402,F401 - a placeholder without ml_dtypes
from .ops.dtype_ops import bitcast, saturate_cast  # noqa: E402,F401
from .ops.print_ops import print_v2 as print, timestamp  # noqa: E402,F401,A001 - TF's names
from .ops.framework_tail import (AggregationMethod, check_pinned, container,  # noqa: E402,F401
                                 clip_by_average_norm, convert_to_tensor_or_indexed_slices,
                                 get_static_value, grad_pass_through, guarantee_const,
                                 histogram_fixed_width_bins, is_symbolic_tensor, is_tensor,
                                 realdiv, recompute_grad, required_space_to_batch_paddings,
                                 switch_case, vectorized_map)
from .api.protos import (AttrValue, Event, HistogramProto, LogMessage,  # noqa: E402,F401
                         MetaGraphDef, NameAttrList, NodeDef, SessionLog, Summary,
                         SummaryMetadata, TensorInfo, make_ndarray, make_tensor_proto)
from .ops.hash_ops import fingerprint, string_to_hash_bucket  # noqa: E402,F401
from .ops.partitioners import (create_partitioned_variables,  # noqa: E402,F401
                               fixed_size_partitioner, min_max_variable_partitioner,
                               variable_axis_size_partitioner)
from .ops.type_specs import (NoneTensorSpec, TensorArraySpec, TensorSpec,  # noqa: E402,F401
                             TypeSpec, type_spec_from_value)
from .ops.session_handle_ops import (delete_session_tensor,  # noqa: E402,F401
                                     get_session_handle, get_session_tensor)
# TF's C++ build constants, for programs that compile custom ops against TF: this package has
# no C++ library, so no C++ ABI (0), no C++ standard (0) and no monolithic build (0).
CXX11_ABI_FLAG, CXX_VERSION, MONOLITHIC_BUILD = 0, 0, 0
# issue 20 (i20c): complex numbers (tf.complex, real, imag, conj, angle; tf.abs of a complex
# tensor is its real modulus), FFTs, tf.signal / tf.spectral and the special functions.
from .ops.complex_conj import conj  # noqa: E402
from .ops.complex_ops import (abs, angle, complex, imag, real, to_complex64,  # noqa: E402,A004
                              to_complex128)
from .api import signal, spectral  # noqa: E402,F401 - tf.signal, tf.spectral
from .ops.fft_ops import (fft, fft2d, fft3d, ifft, ifft2d, ifft3d)  # noqa: E402
from .ops.fft_ops import fftnd as _fftnd, ifftnd as _ifftnd, raw_nd as _raw_nd  # noqa: E402
from .ops.fft_ops import irfftnd as _irfftnd, rfftnd as _rfftnd  # noqa: E402
fftnd, ifftnd, rfftnd, irfftnd = (_raw_nd(_f) for _f in (_fftnd, _ifftnd, _rfftnd, _irfftnd))
from .ops.math_tail import lbeta, scalar_mul  # noqa: E402 - scalar_mul: TF's scalar check
# The last top-level names: approx_top_k and the batching decorator work; CriticalSection and
# wrap_function (TF2 tracing) are placeholders naming what to use instead.
from .ops.math_tail import approx_top_k  # noqa: E402
from .ops.framework_tail import nondifferentiable_batch_function  # noqa: E402
from .framework.unimplemented import unimplemented as _unimplemented  # noqa: E402
CriticalSection = _unimplemented("tf.CriticalSection", "resource-based critical sections",
                                 "tf.Variable(..., use_locking=True) updates or a Python lock "
                                 "around Session.run")
wrap_function = _unimplemented("tf.wrap_function", "TF2 concrete functions",
                               "building the function in a tf.Graph and running it in a Session")
from .ops.special_gamma_ops import betainc, igamma, igammac, zeta  # noqa: E402
# issue 20 (i20j): the last top-level names (to_bfloat16; report_uninitialized_variables, which
# tf.train.SessionManager's readiness checks use; parse_example reading tf.io.RaggedFeature;
# the raw ragged_fill_empty_rows ops).
from .ops.elementwise_unary_ops import to_bfloat16  # noqa: E402
from .train.session_manager import report_uninitialized_variables  # noqa: E402
from .ops.ragged_parsing import parse_example, parse_single_example  # noqa: E402,F811
from .ops.ragged_fill import (ragged_fill_empty_rows,  # noqa: E402
                              ragged_fill_empty_rows_grad)
