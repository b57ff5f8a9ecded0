"""``tf.saved_model.constants``: TensorFlow's SavedModel file and collection names."""
from ...train.saved_model_tail import (ASSETS_DIRECTORY, ASSETS_KEY, DEBUG_DIRECTORY,
                                       DEBUG_INFO_FILENAME_PB, LEGACY_INIT_OP_KEY, MAIN_OP_KEY,
                                       SAVED_MODEL_FILENAME_PB, SAVED_MODEL_FILENAME_PBTXT,
                                       SAVED_MODEL_SCHEMA_VERSION, VARIABLES_DIRECTORY,
                                       VARIABLES_FILENAME)
from ..namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
