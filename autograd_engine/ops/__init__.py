"""Op definitions, one module per family; importing this package registers them all."""
from . import (broadcast_ops, check_ops, clip_ops, concat_split_ops, constant_op, control_flow_ops,
               conv_ops, cumulative_ops, diagonal_ops, elementwise_binary_ops,
               elementwise_unary_ops, init_ops, mask_ops, matmul_ops, nn_impl, nn_ops, op_families,
               operator_overloads, pooling_ops, random_ops, range_ops, reduction_ops, shape_ops,
               slicing_ops, state_ops, tile_ops, top_k_ops, variable_scope, variables, while_loop)
