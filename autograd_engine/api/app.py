"""``tf.app``: ``run`` parses the command-line flags and calls ``main``; ``tf.app.flags`` is
:mod:`autograd_engine.api.flags`.

>>> import autograd_engine as tf
>>> tf.app.run(lambda argv: len(argv), argv=["prog", "a", "b"])
Traceback (most recent call last):
SystemExit: 3
"""
import sys

from . import flags


def run(main=None, argv=None):
    """Parses ``argv`` (default ``sys.argv``) into ``tf.flags.FLAGS`` (unknown flags are left
    for ``main``, as TF1), then exits with ``main(remaining_argv)``'s result. ``main`` defaults
    to the ``__main__`` module's ``main``. A bad flag prints its error and exits with status 1."""
    argv = sys.argv if argv is None else argv
    try:
        remaining = flags.FLAGS(argv, known_only=True)
    except flags.Error as e:
        sys.stderr.write("FATAL Flags parsing error: %s\n" % e)
        sys.exit(1)
    main = main or sys.modules["__main__"].main
    sys.exit(main(remaining))
