"""``tf.saved_model.experimental``: TF2's object-based SavedModel, which has no graph-mode
meaning here: ``save`` names what to use instead."""
from ...framework.unimplemented import unimplemented as _unimplemented
from ..namespace import exported_names as _exported_names

save = _unimplemented("tf.saved_model.experimental.save",
                      "TF2 object-based (trackable) SavedModels",
                      "tf.saved_model.simple_save or tf.saved_model.builder.SavedModelBuilder")


class VariablePolicy:
    """TF2's policies for saving distributed Variables (recorded, nothing to apply here)."""
    NONE = None
    SAVE_VARIABLE_DEVICES = "save_variable_devices"
    EXPAND_DISTRIBUTED_VARIABLES = "expand_distributed_variables"


__all__ = _exported_names(globals())
