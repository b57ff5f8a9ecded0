"""``tf.compat``: TF1's helpers converting between bytes and text, which programs reading
strings and files use (``tf.compat.as_bytes(path)``, ``tf.compat.as_text(value)``).

>>> import autograd_engine as tf
>>> tf.compat.as_bytes("caf\\u00e9"), tf.compat.as_text(b"caf\\xc3\\xa9")
(b'caf\\xc3\\xa9', 'café')
"""
import numbers as _numbers

bytes_or_text_types = (bytes, str)
integral_types = (_numbers.Integral,)
real_types = (_numbers.Real,)
complex_types = (_numbers.Complex,)


def as_bytes(bytes_or_text, encoding="utf-8"):
    """``bytes_or_text`` as bytes (str encoded with ``encoding``); TypeError otherwise."""
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    raise TypeError("Expected binary or unicode string, got %r" % (bytes_or_text,))


def as_text(bytes_or_text, encoding="utf-8"):
    """``bytes_or_text`` as str (bytes decoded with ``encoding``); TypeError otherwise."""
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    raise TypeError("Expected binary or unicode string, got %r" % bytes_or_text)


as_str = as_text


def as_str_any(value):
    """``value`` as str: bytes decoded as UTF-8, anything else through ``str``."""
    return as_text(value) if isinstance(value, bytes) else str(value)

__all__ = ["as_bytes", "as_text", "as_str", "as_str_any", "bytes_or_text_types",
           "integral_types", "real_types", "complex_types"]
