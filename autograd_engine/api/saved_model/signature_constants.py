"""``tf.saved_model.signature_constants``: standard signature keys and method names."""
from ...train.saved_model import (CLASSIFY_INPUTS, CLASSIFY_METHOD_NAME,
                                  CLASSIFY_OUTPUT_CLASSES, CLASSIFY_OUTPUT_SCORES,
                                  DEFAULT_SERVING_SIGNATURE_DEF_KEY, PREDICT_INPUTS,
                                  PREDICT_METHOD_NAME, PREDICT_OUTPUTS, REGRESS_INPUTS,
                                  REGRESS_METHOD_NAME, REGRESS_OUTPUTS)
from ..namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
