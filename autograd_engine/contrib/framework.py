"""``tf.contrib.framework``: argument scopes (``arg_scope``, ``add_arg_scope``), ``smart_cond``
and the global-step helpers TF1 code reaches for through contrib."""
from ..ops.control_flow_ops import smart_cond  # noqa: F401
from ..train.training_util import get_global_step, get_or_create_global_step  # noqa: F401
from .arg_scope import (add_arg_scope, arg_scope, arg_scope_func_key,  # noqa: F401
                        current_arg_scope, has_arg_scope)
