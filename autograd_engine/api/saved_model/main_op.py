"""``tf.saved_model.main_op``: the op a loaded SavedModel runs after restoring."""
from ...train.saved_model_tail import main_op, main_op_with_restore
from ..namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
