"""``tf.config``: the devices a Session may use and the process-wide runtime settings.

The CPU is always there; a GPU is listed when the device backend sees one (CuPy with a GPU, or
the CuPy stand-in under ``AUTOGRAD_ENGINE_DEVICE=stand-in``). Settings made here apply to the
Sessions created afterwards (see ``framework/runtime_config.py``): hiding the GPU with
``set_visible_devices`` places every op on the CPU; ``set_soft_device_placement(True)`` lets
Sessions move ops that cannot run where they are pinned; ``threading`` bounds BLAS threads.
The engine builds graphs only, so ``run_functions_eagerly`` is accepted and recorded, and
changes nothing. One physical device runs as one logical device: a logical configuration is
recorded and returned by ``get_logical_device_configuration``.

>>> import autograd_engine as tf
>>> tf.config.list_physical_devices("CPU")
[PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU')]
>>> tf.config.get_soft_device_placement()
False
"""
import collections

from .. import backend as _backend
from ..framework.runtime_config import settings as _settings
from ..framework.unimplemented import unimplemented as _unimplemented
from . import config_threading as threading  # noqa: A001 - tf.config.threading

PhysicalDevice = collections.namedtuple("PhysicalDevice", ["name", "device_type"])
LogicalDevice = collections.namedtuple("LogicalDevice", ["name", "device_type"])


class LogicalDeviceConfiguration(
        collections.namedtuple("LogicalDeviceConfiguration",
                               ["memory_limit", "experimental_priority",
                                "experimental_device_ordinal"])):
    """How one physical device is split into logical devices (recorded; see the module)."""

    def __new__(cls, memory_limit=None, experimental_priority=None,
                experimental_device_ordinal=None):
        return super().__new__(cls, memory_limit, experimental_priority,
                               experimental_device_ordinal)


def _all_physical_devices():
    devices = [PhysicalDevice("/physical_device:CPU:0", "CPU")]
    if _backend.device_backend() is not None:
        devices.append(PhysicalDevice("/physical_device:GPU:0", "GPU"))
    return devices


def _of_type(devices, device_type):
    if device_type is None:
        return list(devices)
    return [d for d in devices if d.device_type == device_type.upper()]


def list_physical_devices(device_type=None):
    """The physical devices of ``device_type`` ("CPU", "GPU"; None: all)."""
    return _of_type(_all_physical_devices(), device_type)


def get_visible_devices(device_type=None):
    """The physical devices Sessions may use (all but a hidden GPU)."""
    visible = [d for d in _all_physical_devices()
               if d.device_type == "CPU" or _settings.gpu_visible]
    return _of_type(visible, device_type)


def set_visible_devices(devices, device_type=None):
    """Makes only ``devices`` (a PhysicalDevice or a list of them) visible to Sessions created
    afterwards. The CPU cannot be hidden (ValueError), as in TF.

    >>> import autograd_engine as tf
    >>> tf.config.set_visible_devices([], "GPU")
    >>> tf.config.get_visible_devices("GPU")
    []
    >>> tf.config.set_visible_devices(tf.config.list_physical_devices())
    """
    if isinstance(devices, PhysicalDevice):
        devices = [devices]
    devices = list(devices)
    known = _all_physical_devices()
    for device in devices:
        if device not in known:
            raise ValueError("Unrecognized device: %r (the physical devices are %r)"
                             % (device, known))
    kept = _of_type(known, device_type)
    chosen = [d for d in devices if d in kept]
    if any(d.device_type == "CPU" for d in kept) and not any(
            d.device_type == "CPU" for d in chosen):
        raise ValueError("Could not set visible devices: the CPU must remain visible.")
    if any(d.device_type == "GPU" for d in kept):
        _settings.gpu_visible = any(d.device_type == "GPU" for d in chosen)


def list_logical_devices(device_type=None):
    """The logical devices Sessions place ops on: one per visible physical device, named as in
    ``tf.device`` (``/device:CPU:0``)."""
    return [LogicalDevice(d.name.replace("/physical_device:", "/device:"), d.device_type)
            for d in get_visible_devices(device_type)]


def set_logical_device_configuration(device, logical_devices):
    """Records ``logical_devices`` (LogicalDeviceConfiguration list) for ``device``; one device
    still runs as one logical device here.

    >>> import autograd_engine as tf
    >>> cpu = tf.config.list_physical_devices("CPU")[0]
    >>> tf.config.set_logical_device_configuration(
    ...     cpu, [tf.config.LogicalDeviceConfiguration(memory_limit=1024)])
    >>> tf.config.get_logical_device_configuration(cpu)[0].memory_limit
    1024
    >>> tf.config.set_logical_device_configuration(cpu, None)
    """
    if device not in _all_physical_devices():
        raise ValueError("Unrecognized device: %r" % (device,))
    if logical_devices is None:
        _settings.logical_devices.pop(device.name, None)
        return
    logical_devices = list(logical_devices)
    for entry in logical_devices:
        if not isinstance(entry, LogicalDeviceConfiguration):
            raise ValueError("Expected tf.config.LogicalDeviceConfiguration entries, got %r"
                             % (entry,))
    _settings.logical_devices[device.name] = logical_devices


def get_logical_device_configuration(device):
    """The configurations recorded for ``device`` (None when none was set)."""
    if device not in _all_physical_devices():
        raise ValueError("Unrecognized device: %r" % (device,))
    configured = _settings.logical_devices.get(device.name)
    return None if configured is None else list(configured)


def get_soft_device_placement():
    """Whether Sessions move ops that cannot run on their pinned device (False by default, a
    TF1 Session's default; ``ConfigProto(allow_soft_placement=True)`` also turns it on)."""
    return _settings.soft_placement


def set_soft_device_placement(enabled):
    """Turns soft placement on or off for Sessions created afterwards."""
    _settings.soft_placement = bool(enabled)


def run_functions_eagerly(run_eagerly):
    """Accepted and recorded: the engine runs graphs only, so nothing changes."""
    _settings.functions_run_eagerly = bool(run_eagerly)


def functions_run_eagerly():
    """What :func:`run_functions_eagerly` recorded (False unless set)."""
    return _settings.functions_run_eagerly


experimental_run_functions_eagerly = run_functions_eagerly
experimental_functions_run_eagerly = functions_run_eagerly
experimental_connect_to_cluster = _unimplemented(
    "tf.config.experimental_connect_to_cluster", "TF's multi-machine runtime and its servers",
    "one process per machine under MPI (autograd_engine.horovod)")
experimental_connect_to_host = _unimplemented(
    "tf.config.experimental_connect_to_host", "TF's multi-machine runtime and its servers",
    "one process per machine under MPI (autograd_engine.horovod)")

__all__ = ["LogicalDevice", "LogicalDeviceConfiguration", "PhysicalDevice",
           "experimental_connect_to_cluster", "experimental_connect_to_host",
           "experimental_functions_run_eagerly", "experimental_run_functions_eagerly",
           "functions_run_eagerly", "get_logical_device_configuration",
           "get_soft_device_placement", "get_visible_devices", "list_logical_devices",
           "list_physical_devices", "run_functions_eagerly", "set_logical_device_configuration",
           "set_soft_device_placement", "set_visible_devices", "threading"]
