"""``tf.saved_model``: TF1.15's names for SavedModel writing and loading (the layout is
described in ``train/saved_model.py``).

>>> import autograd_engine as tf
>>> tf.saved_model.tag_constants.SERVING, tf.saved_model.signature_constants.PREDICT_INPUTS
('serve', 'inputs')
"""
from ...train.saved_model import (build_signature_def, build_tensor_info,
                                  classification_signature_def, get_tensor_from_tensor_info,
                                  load, maybe_saved_model_directory, predict_signature_def,
                                  regression_signature_def, simple_save)
from ...train.saved_model import (SERVING, TRAINING, GPU, TPU,
                                  DEFAULT_SERVING_SIGNATURE_DEF_KEY, PREDICT_METHOD_NAME,
                                  CLASSIFY_METHOD_NAME, REGRESS_METHOD_NAME, PREDICT_INPUTS,
                                  PREDICT_OUTPUTS, CLASSIFY_INPUTS, CLASSIFY_OUTPUT_CLASSES,
                                  CLASSIFY_OUTPUT_SCORES, REGRESS_INPUTS, REGRESS_OUTPUTS)
from . import builder, loader, signature_constants, signature_def_utils, tag_constants, utils
# issue 20 (i20i): the constants, main_op, contains_saved_model, is_valid_signature, Asset,
# SaveOptions; TF2's object-based save/load_v2 are placeholders naming the graph-mode calls.
from ...train.saved_model import SavedModelBuilder as Builder
from ...train.saved_model_tail import (ASSETS_DIRECTORY, ASSETS_KEY, DEBUG_DIRECTORY,
                                       DEBUG_INFO_FILENAME_PB, LEGACY_INIT_OP_KEY, MAIN_OP_KEY,
                                       SAVED_MODEL_FILENAME_PB, SAVED_MODEL_FILENAME_PBTXT,
                                       SAVED_MODEL_SCHEMA_VERSION, VARIABLES_DIRECTORY,
                                       VARIABLES_FILENAME, Asset, SaveOptions,
                                       contains_saved_model, is_valid_signature,
                                       main_op_with_restore)
from . import constants, experimental, main_op
from .experimental import save
from ...framework.unimplemented import unimplemented as _unimplemented
load_v2 = _unimplemented("tf.saved_model.load_v2", "TF2 object-based (trackable) SavedModels",
                         "tf.saved_model.loader.load(sess, tags, export_dir)")
from ..namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
