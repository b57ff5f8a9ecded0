"""``tf.keras.preprocessing.sequence.pad_sequences``.

>>> pad_sequences([[1, 2, 3], [4]], maxlen=2).tolist()
[[2, 3], [0, 4]]
"""
import numpy as np


def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre",
                  value=0.0):
    """A ``[len(sequences), maxlen]`` array of the sequences, cut to ``maxlen`` (their longest
    by default) at the start (``truncating="pre"``) or end, and padded with ``value`` before
    (``padding="pre"``) or after them, as Keras."""
    if padding not in ("pre", "post") or truncating not in ("pre", "post"):
        raise ValueError('padding and truncating must be "pre" or "post", got %r and %r'
                         % (padding, truncating))
    sequences = [list(s) for s in sequences]
    lengths = [len(s) for s in sequences]
    maxlen = max(lengths, default=0) if maxlen is None else int(maxlen)
    inner = ()
    for s in sequences:
        if s:
            inner = np.asarray(s).shape[1:]
            break
    is_text = np.issubdtype(np.dtype(dtype), np.str_) or np.dtype(dtype) == object
    if isinstance(value, str) and not is_text:
        raise ValueError("`dtype` %s is not compatible with `value`'s type %s; use "
                         "dtype=object for strings" % (dtype, type(value).__name__))
    out = np.full((len(sequences), maxlen) + inner, value, dtype=dtype)
    for i, s in enumerate(sequences):
        if not s or maxlen == 0:
            continue
        kept = np.asarray(s[-maxlen:] if truncating == "pre" else s[:maxlen], dtype=dtype)
        if kept.shape[1:] != inner:
            raise ValueError("Shape of sample %s of sequence at position %s is different from "
                             "expected shape %s" % (kept.shape[1:], i, inner))
        if padding == "post":
            out[i, :len(kept)] = kept
        else:
            out[i, -len(kept):] = kept
    return out


__all__ = ["pad_sequences"]
