"""``tf.saved_model.signature_def_utils``."""
from ...train.saved_model import (build_signature_def, classification_signature_def,
                                  predict_signature_def, regression_signature_def)
from ...train.saved_model_tail import is_valid_signature  # i20i
from ..namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
