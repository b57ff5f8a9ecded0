"""``tf.dtypes.experimental``: TF's sub-byte and 8-bit float types. They exist for TF's
quantized and accelerator kernels, which this engine does not have: each name says so.

>>> from autograd_engine.api import dtypes_experimental
>>> dtypes_experimental.float8_e4m3fn.not_implemented
True
"""
from ..framework.unimplemented import unimplemented as _unimplemented

_NAMES = ("float4_e2m1fn", "float8_e4m3b11fnuz", "float8_e4m3fn", "float8_e4m3fnuz",
          "float8_e5m2", "float8_e5m2fnuz", "int2", "int4", "uint2", "uint4")
for _name in _NAMES:
    globals()[_name] = _unimplemented("tf.dtypes.experimental." + _name,
                                      "8-bit float and sub-byte integer kernels",
                                      "tf.float16 or tf.int8")
__all__ = list(_NAMES)
