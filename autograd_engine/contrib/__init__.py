"""``tf.contrib``: the contrib names TF1 code reaches most often, mapped onto the core API."""
from . import framework, layers, legacy_seq2seq, opt, rnn, seq2seq, slim  # noqa: F401
