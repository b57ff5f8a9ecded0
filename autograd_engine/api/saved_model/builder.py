"""``tf.saved_model.builder``."""
from ...train.saved_model import SavedModelBuilder
from ..namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
