"""The ``tf.*`` namespaces: ``tf.nn``, ``tf.math``, ``tf.linalg``, ``tf.random``, ``tf.image``,
``tf.losses`` and ``tf.nn.rnn_cell``, one module each, named as users spell them.

Each module only imports the functions of its namespace from the op families, under their
names in TF1.15's namespace; its ``__all__`` is whatever it imports (see
:func:`~autograd_engine.api.namespace.exported_names`), so a name is listed once.
"""
