"""``tf.linalg.experimental``: the conjugate-gradient solver of LinearOperators.

>>> import autograd_engine as tf
>>> tf.linalg.experimental.conjugate_gradient.__name__
'conjugate_gradient'
"""
from ..ops.linalg_operator.conjugate_gradient import conjugate_gradient
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
