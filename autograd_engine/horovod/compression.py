"""Gradient compression for the allreduces, in Horovod's form: ``Compression.none`` and
``Compression.fp16`` (floating tensors travel as float16 and come back in their own dtype).

A compressor has ``compress(tensor) -> (tensor, ctx)`` and ``decompress(tensor, ctx)``; the
built-in ones also name their ``wire_dtype`` so that fused buffers are packed straight in it.
"""
from ..framework import dtypes
from ..ops.elementwise_unary_ops import cast


class Compressor:
    """The interface: ``compress`` before the allreduce, ``decompress`` after."""
    wire_dtype = None

    @staticmethod
    def compress(tensor):
        raise NotImplementedError

    @staticmethod
    def decompress(tensor, ctx):
        raise NotImplementedError


class NoneCompressor(Compressor):
    """Sends tensors as they are."""

    @staticmethod
    def compress(tensor):
        return tensor, None

    @staticmethod
    def decompress(tensor, ctx):
        return tensor


class FP16Compressor(Compressor):
    """Sends floating tensors as float16 (half the bytes), others as they are.

    >>> import autograd_engine as tf
    >>> half, ctx = FP16Compressor.compress(tf.constant([1.5]))
    >>> half.dtype.name, FP16Compressor.decompress(half, ctx).dtype.name
    ('float16', 'float32')
    """
    wire_dtype = dtypes.float16

    @staticmethod
    def compress(tensor):
        if tensor.dtype.is_floating and tensor.dtype != dtypes.float16:
            return cast(tensor, dtypes.float16), tensor.dtype
        return tensor, None

    @staticmethod
    def decompress(tensor, ctx):
        return tensor if ctx is None else cast(tensor, ctx)


class Compression:
    """The compressors by name: ``Compression.none``, ``Compression.fp16``."""
    none = NoneCompressor
    fp16 = FP16Compressor


__all__ = ["Compression", "Compressor", "NoneCompressor", "FP16Compressor"]
