"""Op definitions, one module per family; importing this package registers every op they define
(the ops of tf.data, tf.train and tf.summary register with their packages)."""
from . import (array_ops, check_ops, constant_op, control_flow_ops, conv_ops,  # noqa: F401
               depthwise_conv_ops, gather_ops, init_ops, linalg_ops, manip_ops, math_ops, nn_impl,
               nn_ops, pooling_ops, random_ops, random_ops_extra, script_ops, sequence_ops,
               sort_ops, special_math_ops, state_ops, variable_scope, variables, while_loop)
