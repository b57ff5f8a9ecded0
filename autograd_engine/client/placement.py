"""Device placement, TF1's way: ``tf.device`` pins ops; ``ConfigProto(allow_soft_placement=,
log_device_placement=, device_count=)`` is honoured.

With a device backend (CuPy, or its stand-in: ``backend.device_backend()``) a Session has two
devices, the CPU and ``/device:GPU:0``, and an op that is not pinned runs on the GPU, as in TF1.
Exceptions, each TF1's rule too:

* an op whose OpDef is ``host_only`` (py_func, tf.data, summaries, Print/Assert, functions the
  device library lacks) runs on the CPU; pinned to a GPU it is an error naming the op unless
  ``allow_soft_placement`` moves it;
* an op that reads or writes a Variable's storage (an assignment, an optimizer's update) runs
  where the Variable lives (TF1 colocates them);
* ``ConfigProto(device_count={"GPU": 0})`` leaves only the CPU;
* an op with a ``tf.string`` input or output (identity, reshape, gather, concat ... of strings)
  runs on the CPU, pinned or not: strings live in host memory, as TF1's GPU kernels keep them
  (HostMemory), and the device library has no arrays of bytes.

Without a device backend every op runs on the CPU, and an op pinned to a GPU is an error naming
the op and the devices there are, unless ``allow_soft_placement`` moves it to the CPU.
``log_device_placement`` prints each op's device when a plan first needs it, and each copy
between devices the plan inserts (see client/plan.py).
"""
import sys

from ..framework import dtypes, errors
from ..framework.device import DeviceSpec
from ..framework.runtime_config import settings as runtime_settings
from ..framework.tensor import Operation, PlanOperation

CPU = "/job:localhost/replica:0/task:0/device:CPU:0"
GPU = "/job:localhost/replica:0/task:0/device:GPU:0"


def available_devices(config, device=None):
    """The full names of the devices a Session with ``config`` can run ops on; ``device`` is
    the device Backend, or None when there is none."""
    count = getattr(config, "device_count", None) or {}
    if count.get("CPU", 1) == 0:
        raise ValueError("ConfigProto(device_count={'CPU': 0}) leaves no device to run on")
    # tf.config.set_visible_devices([], "GPU") hides the GPU from every later Session
    if device is not None and count.get("GPU", 1) != 0 and runtime_settings.gpu_visible:
        return [CPU, GPU]
    return [CPU]


class Placer:
    """Resolves each op's requested device to one of ``devices`` (once per op and Session).
    ``device`` is the Backend that ops placed on the GPU use (None: every op is on the CPU)."""

    def __init__(self, config, device=None):
        self.devices = available_devices(config, device)
        self.device = device if GPU in self.devices else None
        self.soft = bool(getattr(config, "allow_soft_placement", False)
                         or runtime_settings.soft_placement)
        self.log = bool(getattr(config, "log_device_placement", False)
                        or runtime_settings.log_device_placement)
        self._placed = {}

    def place(self, op):
        device = self._placed.get(op)
        if device is None:
            device = self._placed[op] = self._resolve(op)
            if self.log:
                print("%s: (%s): %s" % (op.name, op.type, device), file=sys.stderr)
        return device

    def on_device(self, op):
        """True when ``op`` runs on the GPU."""
        return self.device is not None and self.place(op) == GPU

    def log_copy(self, tensor, destination):
        """Reports a copy of ``tensor`` to ``destination`` that a plan inserts."""
        if self.log:
            source = GPU if destination == CPU else CPU
            print("%s: (copy): %s -> %s" % (tensor.name, source, destination), file=sys.stderr)

    def _resolve(self, op):
        if isinstance(op, PlanOperation):  # made by a fusion: where the op it replaces runs
            return self.place(op._stands_for)
        variable = op.attrs.get("variable")
        if isinstance(variable, Operation) and variable is not op:
            return self.place(variable)  # colocated with the Variable whose storage it uses
        if _touches_strings(op):
            return CPU
        spec = DeviceSpec.from_string(op.device)
        host_only = op.op_def.host_only
        candidates = [name for name in self.devices
                      if self._matches(spec, name) and not (host_only and name != CPU)]
        if candidates:
            return candidates[-1]  # the GPU when it may, as TF1 prefers
        if self.soft:
            return CPU if host_only or self.device is None else GPU
        if host_only and any(self._matches(spec, name) for name in self.devices):
            raise errors.InvalidArgumentError(
                None, op,
                "Cannot assign a device for operation %s: Could not satisfy explicit device "
                "specification '%s' because no supported kernel for GPU devices is available "
                "(%s runs on the host only). Pin it to '/cpu:0', or create the Session with "
                "tf.ConfigProto(allow_soft_placement=True).%s"
                % (op.name, op.device, op.type, op.creation_site()))
        raise errors.InvalidArgumentError(
            None, op,
            "Cannot assign a device for operation %s: Operation was explicitly assigned to %s but "
            "available devices are [ %s ]. Make sure the device specification refers to a valid "
            "device (GPUs need the CuPy backend and a device), or create the "
            "Session with tf.ConfigProto(allow_soft_placement=True).%s"
            % (op.name, op.device, ", ".join(self.devices), op.creation_site()))

    @staticmethod
    def _matches(spec, name):
        have = DeviceSpec.from_string(name)
        return spec.device_type in (None, have.device_type) and \
            spec.device_index in (None, have.device_index)


def _touches_strings(op):
    return any(t.dtype == dtypes.string for t in list(op.inputs) + list(op.outputs))
