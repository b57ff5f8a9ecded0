"""``tf.initializers``: TF1's initializer names without the ``_initializer`` suffix, and the
Variable initializer ops (``tf.initializers.global_variables()``)."""
from ..ops.init_ops import (Constant as constant, Ones as ones,  # noqa: F401
                            Orthogonal as orthogonal, RandomNormal as random_normal,
                            RandomUniform as random_uniform, TruncatedNormal as truncated_normal,
                            VarianceScaling as variance_scaling, Zeros as zeros,
                            glorot_normal_initializer as glorot_normal,
                            glorot_uniform_initializer as glorot_uniform, he_normal, he_uniform)
from ..ops.init_ops_extra import (Identity as identity, lecun_normal,  # noqa: F401
                                  lecun_uniform, UniformUnitScaling as uniform_unit_scaling)
from ..ops.variables import (global_variables_initializer as global_variables,  # noqa: F401
                             local_variables_initializer as local_variables,
                             variables_initializer as variables)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
# issue 20 (i20h): tf.initializers.tables_initializer
from ..ops.lookup_ops import tables_initializer  # noqa: E402,F401

__all__ = _exported_names(globals())
