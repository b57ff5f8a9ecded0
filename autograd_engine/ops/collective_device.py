"""Collectives on device arrays (the CuPy backend): NCCL through ``cupy.cuda.nccl`` when CuPy
has it, else the array is staged through the host, explicitly (one copy each way), because the
MPI wheels are not CUDA-aware.

NCCL runs on the current CUDA stream, in the order the plan issues the collectives (the same on
every rank), so the kernels that read the result wait for it on the device; nothing returns to
the host. Each rank drives one GPU: ``hvd.local_rank()`` picks it
(``cupy.cuda.Device(hvd.local_rank()).use()``), as Horovod's examples pin it.
"""
import numpy as np

from . import collective_runtime as runtime

_NCCL_TYPES = {"float16": "NCCL_FLOAT16", "float32": "NCCL_FLOAT32", "float64": "NCCL_FLOAT64",
               "int32": "NCCL_INT32", "int64": "NCCL_INT64"}
_communicators = {}  # id(group) -> (group, NCCL communicator or None)


def host_copy(xp, x):
    """``x`` (a device array) as a host array: an explicit transfer."""
    return np.asarray(xp.asnumpy(x), order="C")  # (ascontiguousarray makes 0-d arrays 1-d)


def same_place(xp, host):
    """A host array back on the device: an explicit transfer."""
    return xp.asarray(host)


def nccl_module(xp):
    """``cupy.cuda.nccl`` when ``xp`` is CuPy built with NCCL, else None."""
    if getattr(xp, "__name__", "") != "cupy":
        return None
    try:
        from cupy.cuda import nccl
    except ImportError:
        return None
    return nccl if getattr(nccl, "available", True) else None


def _communicator(group, xp):
    entry = _communicators.get(id(group))
    if entry is None or entry[0] is not group:
        nccl = nccl_module(xp)
        communicator = None
        if nccl is not None:
            unique_id = nccl.get_unique_id() if group.rank == 0 else None
            unique_id = runtime.broadcast_object(group, unique_id, 0)
            communicator = nccl.NcclCommunicator(group.size, unique_id, group.rank)
        entry = _communicators[id(group)] = (group, communicator)
    return entry[1]


def device_allreduce(group, xp, flat):
    """The sum over the ranks of the contiguous 1-D device array ``flat`` (reduced in place
    with NCCL, or staged through the host)."""
    communicator = _communicator(group, xp)
    if communicator is None or flat.dtype.name not in _NCCL_TYPES:
        return same_place(xp, runtime.allreduce(group, host_copy(xp, flat)))
    nccl = nccl_module(xp)
    stream = xp.cuda.get_current_stream()
    communicator.allReduce(flat.data.ptr, flat.data.ptr, flat.size,
                           getattr(nccl, _NCCL_TYPES[flat.dtype.name]), nccl.NCCL_SUM, stream.ptr)
    return flat


__all__ = ["host_copy", "same_place", "nccl_module", "device_allreduce"]
