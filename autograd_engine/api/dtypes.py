"""``tf.dtypes``: the DType objects, ``as_dtype`` and ``cast``."""
from ..framework.dtypes import (DType, as_dtype, bool, complex64, complex128,  # noqa: F401,A004
                                double, float16, float32, float64, half, int8, int16, int32,
                                int64, uint8, uint16, variant)
from ..ops.elementwise_unary_ops import cast  # noqa: F401
from ..ops.complex_ops import complex  # noqa: F401,A004 - issue 20 (i20c)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
# --- issue 20 (i20h): the remaining TF1 dtypes and conversions. bfloat16 needs ml_dtypes
# (numpy has no bfloat16); without it the name is a placeholder saying what to install.
from ..framework.dtypes import bfloat16, resource, string, uint32, uint64  # noqa: F401,E402
from ..framework.unimplemented import unimplemented as _unimplemented  # noqa: E402
from ..ops.dtype_ops import saturate_cast  # noqa: F401,E402
from ..ops.string_ops import as_string  # noqa: F401,E402
from . import dtypes_experimental as experimental  # noqa: F401,E402

if bfloat16 is None:  # pragma: no cover - exercised where ml_dtypes is not installed
    bfloat16 = _unimplemented("tf.bfloat16", "numpy bfloat16 arrays (the ml_dtypes package)",
                              "pip install ml_dtypes, or tf.float16")
__all__ = _exported_names(globals())
