"""``tf.linalg``: the names TF1.15 lists under ``tf.linalg`` that this engine provides, under
TF1.15's short names (``inv``, ``det``, ``slogdet``, ``solve``, ``band_part``, ...) and the same
functions as their top-level spellings (``tf.matrix_inverse``, ``tf.matmul``, ``tf.norm``).

>>> import autograd_engine as tf
>>> tf.linalg.inv is tf.matrix_inverse and tf.linalg.matmul is tf.matmul
True
>>> with tf.Session() as sess:
...     float(sess.run(tf.linalg.det(tf.linalg.eye(3) * 2.0)))
8.0
"""
from ..ops.linalg_ops import adjoint, cholesky, cholesky_solve, cross, logdet, matvec, trace
from ..ops.linalg_ops import log_matrix_determinant as slogdet
from ..ops.linalg_ops import matrix_band_part as band_part
from ..ops.linalg_ops import matrix_determinant as det
from ..ops.linalg_ops import matrix_diag as diag
from ..ops.linalg_ops import matrix_diag_part as diag_part
from ..ops.linalg_ops import matrix_inverse as inv
from ..ops.linalg_ops import matrix_set_diag as set_diag
from ..ops.linalg_ops import matrix_solve as solve
from ..ops.linalg_ops import matrix_transpose
from ..ops.linalg_ops import matrix_transpose as transpose
from ..ops.linalg_ops import matrix_triangular_solve as triangular_solve
from ..ops.manip_ops import diag as tensor_diag
from ..ops.manip_ops import diag_part as tensor_diag_part
from ..ops.manip_ops import eye
from ..ops.math_ops import einsum, matmul, norm, tensordot
from ..ops.nn_impl import l2_normalize
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
