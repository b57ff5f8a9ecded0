"""``tf.saved_model.utils``."""
from ...train.saved_model import build_tensor_info, get_tensor_from_tensor_info
from ..namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
