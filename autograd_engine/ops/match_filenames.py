"""TF1's ``tf.io.match_filenames_once`` / ``tf.train.match_filenames_once``: the files matching
a pattern, found once, when local variables are initialized."""
from ..framework.graph import GraphKeys, name_scope
from .io_ops import matching_files
from .variables import Variable


def match_filenames_once(pattern, name=None):
    """A local Variable holding the sorted paths that match the glob ``pattern`` when
    ``tf.local_variables_initializer()`` runs (later files are not seen).

    >>> import autograd_engine as tf
    >>> files = tf.io.match_filenames_once("/nonexistent-dir/*.txt")
    >>> with tf.Session() as sess:
    ...     _ = sess.run(tf.local_variables_initializer())
    ...     sess.run(files).tolist()
    []
    """
    with name_scope(name, "matching_filenames", [pattern]) as scope:
        return Variable(matching_files(pattern), trainable=False, validate_shape=False,
                        collections=[GraphKeys.LOCAL_VARIABLES], name=scope)


__all__ = ["match_filenames_once"]
