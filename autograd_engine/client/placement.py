"""Device placement, TF1's way: ``tf.device`` pins ops; ``ConfigProto(allow_soft_placement=,
log_device_placement=, device_count=)`` is honoured.

The GPU is listed when :func:`autograd_engine.backend.device_backend` finds one (real CuPy with
a GPU, or the CuPy stand-in), unless ``ConfigProto(device_count={"GPU": 0})``; an op pinned to
it then passes placement. Kernels still all run on numpy: moving them to the device is the
plan's job. An op pinned to a device that is not there is an error naming the op and the
devices there are, as in TF1, unless ``allow_soft_placement`` moves it to the CPU.
"""
import sys

from .. import backend
from ..framework import errors
from ..framework.device import DeviceSpec

CPU = "/job:localhost/replica:0/task:0/device:CPU:0"
GPU = "/job:localhost/replica:0/task:0/device:GPU:0"


def available_devices(config):
    """The full names of the devices a Session with ``config`` can run ops on: the CPU, and the
    GPU when there is a device backend and ``config`` does not leave it out."""
    count = getattr(config, "device_count", None) or {}
    if count.get("CPU", 1) == 0:
        raise ValueError("ConfigProto(device_count={'CPU': 0}) leaves no device to run on")
    if count.get("GPU", 1) > 0 and backend.device_backend() is not None:
        return [CPU, GPU]
    return [CPU]


class Placer:
    """Resolves each op's requested device to one of ``devices`` (once per op and Session)."""

    def __init__(self, config):
        self.devices = available_devices(config)
        self.soft = bool(getattr(config, "allow_soft_placement", False))
        self.log = bool(getattr(config, "log_device_placement", False))
        self._placed = {}

    def place(self, op):
        device = self._placed.get(op)
        if device is None:
            device = self._placed[op] = self._resolve(op)
            if self.log:
                print("%s: (%s): %s" % (op.name, op.type, device), file=sys.stderr)
        return device

    def _resolve(self, op):
        spec = DeviceSpec.from_string(op.device)
        for name in self.devices:
            have = DeviceSpec.from_string(name)
            if spec.device_type in (None, have.device_type) and \
                    spec.device_index in (None, have.device_index):
                return name
        if self.soft:
            return self.devices[0]
        raise errors.InvalidArgumentError(
            None, op,
            "Cannot assign a device for operation %s: Operation was explicitly assigned to %s but "
            "available devices are [ %s ]. Make sure the device specification refers to a valid "
            "device (this build runs on the CPU; GPUs need the CuPy backend), or create the "
            "Session with tf.ConfigProto(allow_soft_placement=True).%s"
            % (op.name, op.device, ", ".join(self.devices), op.creation_site()))
