"""``tf.logging``: TF1's logging functions on a standard ``logging`` logger."""
import logging as _logging
import sys

DEBUG = _logging.DEBUG
INFO = _logging.INFO
WARN = _logging.WARNING
ERROR = _logging.ERROR
FATAL = _logging.CRITICAL

_logger = _logging.getLogger("autograd_engine.tf_logging")
if not _logger.handlers:
    _handler = _logging.StreamHandler()
    _handler.setFormatter(_logging.Formatter("%(levelname)s:tensorflow:%(message)s"))
    _logger.addHandler(_handler)
    _logger.setLevel(WARN)
    _logger.propagate = False


def set_verbosity(level):
    """Messages below ``level`` (``tf.logging.INFO``...) are not shown."""
    _logger.setLevel(level)


def get_verbosity():
    return _logger.getEffectiveLevel()


def log(level, msg, *args, **kwargs):
    _logger.log(level, msg, *args, **kwargs)


def debug(msg, *args, **kwargs):
    _logger.debug(msg, *args, **kwargs)


def info(msg, *args, **kwargs):
    _logger.info(msg, *args, **kwargs)


def warning(msg, *args, **kwargs):
    _logger.warning(msg, *args, **kwargs)


warn = warning


def error(msg, *args, **kwargs):
    _logger.error(msg, *args, **kwargs)


def fatal(msg, *args, **kwargs):
    _logger.critical(msg, *args, **kwargs)


def vlog(level, msg, *args, **kwargs):
    """TF1's verbose log: shown at ``level`` like :func:`log`."""
    _logger.log(level, msg, *args, **kwargs)


def log_if(level, msg, condition, *args):
    """Logs only when ``condition`` is true."""
    if condition:
        _logger.log(level, msg, *args)


_call_counts = {}


def _counted(token):
    count = _call_counts.get(token, 0)
    _call_counts[token] = count + 1
    return count


def log_every_n(level, msg, n, *args):
    """Logs on the 1st, (n+1)th, (2n+1)th... call from the same place."""
    caller = sys._getframe(1)
    if _counted(("every", caller.f_code, caller.f_lineno)) % max(int(n), 1) == 0:
        _logger.log(level, msg, *args)


def log_first_n(level, msg, n, *args):
    """Logs the first ``n`` calls from the same place only."""
    caller = sys._getframe(1)
    if _counted(("first", caller.f_code, caller.f_lineno)) < n:
        _logger.log(level, msg, *args)


def flush():
    for handler in _logger.handlers:
        handler.flush()


def TaskLevelStatusMessage(msg):  # noqa: N802 - TF1's name
    _logger.error(msg)


def get_logger():
    """The Python logger behind ``tf.logging`` (``tf.get_logger()``)."""
    return _logger
