"""``tf.saved_model.loader``."""
from ...train.saved_model import load, maybe_saved_model_directory
from ..namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
