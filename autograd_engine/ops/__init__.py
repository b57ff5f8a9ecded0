"""Op definitions, one module per family; importing this package registers them all."""
from . import (array_ops, check_ops, constant_op, control_flow_ops, conv_ops, init_ops, math_ops,  # noqa: F401
               nn_impl, nn_ops, pooling_ops, random_ops, state_ops, variable_scope, variables,
               while_loop)
from . import gather_ops, manip_ops  # noqa: F401,E402 - array manipulation and indexing ops
