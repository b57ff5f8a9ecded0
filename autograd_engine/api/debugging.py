"""``tf.debugging``: run-time assertions and numeric checks (``tf.debugging.assert_equal``,
``tf.debugging.check_numerics``, ``tf.debugging.is_nan``...)."""
from ..ops.check_ops import (Assert, assert_equal, assert_greater,  # noqa: F401
                             assert_greater_equal, assert_less, assert_less_equal,
                             assert_positive, check_numerics)
from ..ops.check_ops_extra import (assert_integer, assert_near, assert_negative,  # noqa: F401
                                   assert_non_negative, assert_non_positive, assert_none_equal,
                                   assert_proper_iterable, assert_rank, assert_rank_at_least,
                                   assert_rank_in, assert_same_float_dtype, assert_scalar,
                                   assert_type, is_non_decreasing, is_numeric_tensor,
                                   is_strictly_increasing)
from ..ops.elementwise_unary_ops import is_finite, is_inf, is_nan  # noqa: F401
from ..ops.check_ops import check_numerics as assert_all_finite  # noqa: F401
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
# issue 20 (i20h): device-placement logging for later Sessions, shape assertions
from ..framework.runtime_config import (get_log_device_placement,  # noqa: F401,E402
                                        set_log_device_placement)

__all__ = _exported_names(globals())
from ..ops.assert_shapes import assert_shapes  # noqa: F401,E402

__all__ = _exported_names(globals())
