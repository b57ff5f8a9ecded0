"""``tf.dtypes``: the DType objects, ``as_dtype`` and ``cast``."""
from ..framework.dtypes import (DType, as_dtype, bool, complex64, complex128,  # noqa: F401,A004
                                double, float16, float32, float64, half, int8, int16, int32,
                                int64, uint8, uint16, variant)
from ..ops.elementwise_unary_ops import cast  # noqa: F401
from ..ops.complex_ops import complex  # noqa: F401,A004 - issue 20 (i20c)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
