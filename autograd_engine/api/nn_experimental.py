"""``tf.nn.experimental``: dropout with a caller-chosen uniform sampler."""
from ..ops.nn_dropout_variants import general_dropout
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
