"""``tf.contrib.framework``: ``smart_cond`` (and the argument scopes of contrib.layers)."""
from ..ops.control_flow_ops import smart_cond  # noqa: F401
