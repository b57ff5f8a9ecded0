"""``tf.linalg.LinearOperator`` and its subclasses: matrices known by their structure (diagonal,
triangular, circulant, Kronecker, block, low-rank update, ...), with TF's interface, built from
graph ops so that gradients reach the tensors they hold."""
from .base import (LinearOperator, LinearOperatorAdjoint, LinearOperatorComposition,
                   LinearOperatorFullMatrix, LinearOperatorInversion,
                   LinearOperatorLowerTriangular)
from .circulant import (LinearOperatorCirculant, LinearOperatorCirculant2D,
                        LinearOperatorCirculant3D)
from .combined import (LinearOperatorBlockDiag, LinearOperatorBlockLowerTriangular,
                       LinearOperatorKronecker, LinearOperatorLowRankUpdate)
from .conjugate_gradient import conjugate_gradient
from .structured import (LinearOperatorDiag, LinearOperatorHouseholder, LinearOperatorIdentity,
                         LinearOperatorPermutation, LinearOperatorScaledIdentity,
                         LinearOperatorToeplitz, LinearOperatorTridiag, LinearOperatorZeros)

__all__ = ["LinearOperator", "LinearOperatorAdjoint", "LinearOperatorBlockDiag",
           "LinearOperatorBlockLowerTriangular", "LinearOperatorCirculant",
           "LinearOperatorCirculant2D", "LinearOperatorCirculant3D",
           "LinearOperatorComposition", "LinearOperatorDiag", "LinearOperatorFullMatrix",
           "LinearOperatorHouseholder", "LinearOperatorIdentity", "LinearOperatorInversion",
           "LinearOperatorKronecker", "LinearOperatorLowRankUpdate",
           "LinearOperatorLowerTriangular", "LinearOperatorPermutation",
           "LinearOperatorScaledIdentity", "LinearOperatorToeplitz", "LinearOperatorTridiag",
           "LinearOperatorZeros", "conjugate_gradient"]
