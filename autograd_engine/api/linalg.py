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
from ..ops.array_ops import matrix_transpose, matrix_transpose as transpose
from ..ops.diagonal_ops import (diag as tensor_diag, diag_part as tensor_diag_part, eye,
                                matrix_band_part as band_part, matrix_diag as diag,
                                matrix_diag_part as diag_part, matrix_set_diag as set_diag, trace)
from ..ops.linalg_ops import (adjoint, cholesky, cholesky_solve, cross,
                              log_matrix_determinant as slogdet, logdet, matrix_determinant as det,
                              matrix_inverse as inv, matrix_solve as solve,
                              matrix_triangular_solve as triangular_solve, matvec)
from ..ops.matmul_ops import einsum, matmul, tensordot
from ..ops.nn_impl import l2_normalize
from ..ops.reduction_ops import norm
# --- issue 20 (i20d): decompositions, matrix functions, LinearOperators ---
from ..ops.clip_ops import global_norm
from ..ops.linalg_decompositions import (lu, qr, self_adjoint_eig as eigh,
                                         self_adjoint_eigvals as eigvalsh, svd)
from ..ops.linalg_extra import (eigh_tridiagonal, lstsq, lu_matrix_inverse, lu_reconstruct,
                                lu_solve, matrix_rank, normalize, pinv, tridiagonal_matmul,
                                tridiagonal_solve)
from ..ops.linalg_operator import (LinearOperator, LinearOperatorAdjoint,
                                   LinearOperatorBlockDiag, LinearOperatorBlockLowerTriangular,
                                   LinearOperatorCirculant, LinearOperatorCirculant2D,
                                   LinearOperatorCirculant3D, LinearOperatorComposition,
                                   LinearOperatorDiag, LinearOperatorFullMatrix,
                                   LinearOperatorHouseholder, LinearOperatorIdentity,
                                   LinearOperatorInversion, LinearOperatorKronecker,
                                   LinearOperatorLowerTriangular, LinearOperatorLowRankUpdate,
                                   LinearOperatorPermutation, LinearOperatorScaledIdentity,
                                   LinearOperatorToeplitz, LinearOperatorTridiag,
                                   LinearOperatorZeros)
from ..ops.matrix_functions import (matrix_exponential as expm, matrix_logarithm as logm,
                                    matrix_square_root as sqrtm)
from . import linalg_experimental as experimental
# --- end i20d ---
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
