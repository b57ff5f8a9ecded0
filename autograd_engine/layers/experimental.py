"""``tf.layers.experimental``: Keras-style layers (each layer object owns its Variables)."""
from .base import keras_style_scope, set_keras_style

__all__ = ["keras_style_scope", "set_keras_style"]
