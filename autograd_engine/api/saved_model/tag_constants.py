"""``tf.saved_model.tag_constants``: the standard tags of a meta graph."""
from ...train.saved_model import EVAL, GPU, SERVING, TPU, TRAINING
from ..namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
