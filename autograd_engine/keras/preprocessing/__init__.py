"""``tf.keras.preprocessing``: ``sequence.pad_sequences`` and ``text.text_to_word_sequence``
(numpy helpers for preparing inputs)."""
from . import sequence, text  # noqa: F401

__all__ = ["sequence", "text"]
