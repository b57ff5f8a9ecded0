"""``tf.keras.preprocessing.text.text_to_word_sequence``.

>>> text_to_word_sequence("Hello, world! Hello.")
['hello', 'world', 'hello']
"""

DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def text_to_word_sequence(input_text, filters=DEFAULT_FILTERS, lower=True, split=" "):
    """The words of ``input_text``: lowercased (``lower``), each character of ``filters``
    replaced by ``split``, split at ``split``, empty words dropped (Keras's rule)."""
    if lower:
        input_text = input_text.lower()
    input_text = input_text.translate(str.maketrans({c: split for c in filters}))
    return [word for word in input_text.split(split) if word]


__all__ = ["text_to_word_sequence"]
