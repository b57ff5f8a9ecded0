"""Process-wide runtime settings that ``tf.config`` reads and writes (TF2's ``context``
settings, which TF1 programs also reach through ``tf.compat.v1.config``).

A Session made afterwards follows them where its ``ConfigProto`` leaves the choice open:

* ``intra_op_threads``: the BLAS thread bound of a Session whose ConfigProto says 0
  (``blas_threads.py``); ``inter_op_threads`` is recorded only (a plan runs its ops in order);
* ``soft_placement`` / ``log_device_placement``: OR-ed with the ConfigProto's flags;
* ``gpu_visible``: False after ``tf.config.set_visible_devices([], "GPU")``: Sessions then
  place every op on the CPU, as ``ConfigProto(device_count={"GPU": 0})`` does;
* ``logical_devices``: the logical device configurations given to a physical device (recorded:
  one device runs as one logical device here);
* ``functions_run_eagerly``: recorded only: graphs are the only mode.

>>> from autograd_engine.framework import runtime_config
>>> runtime_config.settings.intra_op_threads
0
"""


class RuntimeSettings:
    """The settings, with TF1 graph mode's defaults (soft placement off, as in a Session)."""

    def __init__(self):
        self.intra_op_threads = 0
        self.inter_op_threads = 0
        self.soft_placement = False
        self.log_device_placement = False
        self.gpu_visible = True
        self.logical_devices = {}
        self.functions_run_eagerly = False


settings = RuntimeSettings()


def get_log_device_placement():
    """Whether new Sessions print each op's device (``tf.debugging.get_log_device_placement``)."""
    return settings.log_device_placement


def set_log_device_placement(enabled):
    """Makes Sessions created afterwards print each op's device and each copy between devices,
    as ``ConfigProto(log_device_placement=True)`` does (``tf.debugging.set_log_device_placement``).

    >>> set_log_device_placement(False); get_log_device_placement()
    False
    """
    settings.log_device_placement = bool(enabled)
