"""Functions of square matrices, batched as in TF1: the principal square root
(``MatrixSquareRoot``), the exponential (``MatrixExponential``), the logarithm of complex
matrices (``MatrixLogarithm``) and the minimum-norm least-squares solve (``MatrixSolveLs``, the
robust path of ``tf.matrix_solve_ls``), with gradients where TF has them.

The kernels run on the host (``host_only``): numpy's LAPACK has the eigen and least-squares
routines they build on, CuPy does not.
"""
import numpy as np

from ..framework import dtypes, errors
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .array_ops import matrix_transpose
from .concat_split_ops import concat
from .constant_op import convert_to_tensor
from .diagonal_ops import matrix_diag
from .elementwise_unary_ops import cast
from .linalg_ops import matrix_solve
from .op_families import binary_operands, check_allowed_dtype, check_operand_dtypes_match
from .op_samples import OpSample, normal
from .registry import OpDef, make_tensor, register
from .shape_rules import dims_of_rank_at_least, merge_batches, merge_dim, square_dims


class _SquareMatrixFunction(OpDef):
    """A float (batch of) square matrices to one of the same shape."""
    host_only = True
    allowed = None

    def infer(self, op):
        x = op.inputs[0]
        if self.allowed is None:
            check_allowed_dtype(op, x, "input")
        else:
            check_allowed_dtype(op, x, "input", self.allowed)
        return [(x.dtype, TensorShape(square_dims(x)))]


def _static_size(matrix, type_name):
    """The size of square ``matrix``, which the gradient of ``type_name`` needs statically."""
    dims = matrix.shape.as_tuple()
    if dims is None or dims[-1] is None:
        raise NotImplementedError("The gradient of %s needs the matrix size known while "
                                  "building the graph." % type_name)
    return dims[-1]


# ================================================================== square root
def _denman_beavers(a, iterations=60):
    """The principal square root by the Denman-Beavers iteration (quadratic convergence for
    matrices without eigenvalues on the closed negative real axis), matrix by matrix; NaN where
    it does not converge, as no real square root exists there."""
    out = np.empty_like(a)
    for index in np.ndindex(a.shape[:-2]):
        out[index] = _denman_beavers_one(a[index].astype(np.float64), iterations)
    return out


def _denman_beavers_one(a, iterations):
    y, z = a, np.eye(a.shape[-1])
    try:
        for _ in range(iterations):
            y_next, z = 0.5 * (y + np.linalg.inv(z)), 0.5 * (z + np.linalg.inv(y))
            change, y = np.abs(y_next - y).max(initial=0.0), y_next
            if change <= 1e-14 * np.abs(y).max(initial=0.0):
                break
    except np.linalg.LinAlgError:
        return np.full_like(a, np.nan)
    return y if np.allclose(y @ y, a, rtol=1e-6, atol=1e-8) else np.full_like(a, np.nan)


def _kronecker(a, b):
    """The Kronecker products of two batches of square matrices of static size."""
    n, k = a.shape.as_tuple()[-1], b.shape.as_tuple()[-1]
    product = (array_ops.expand_dims(array_ops.expand_dims(a, -1), -3)
               * array_ops.expand_dims(array_ops.expand_dims(b, -3), -2))
    batch = array_ops.shape(product)[:-4]
    return array_ops.reshape(product, concat([batch, [n * k, n * k]], 0))


@register
class MatrixSquareRoot(_SquareMatrixFunction):
    type_name = "MatrixSquareRoot"

    def kernel(self, op, ctx):
        return _denman_beavers

    def gradient(self, op, grad):
        # A = R R, so dA = R dR + dR R; the adjoint of that Sylvester equation gives the
        # gradient X from R^T X + X R^T = G, solved as one linear system on vec(X) (TF's way).
        root = op.outputs[0]
        n = _static_size(root, "MatrixSquareRoot")
        identity = matrix_diag(array_ops.ones_like(root[..., 0, :]))
        system = _kronecker(matrix_transpose(root), identity) + _kronecker(identity, root)
        flat = array_ops.expand_dims(array_ops.reshape(grad, concat(
            [array_ops.shape(grad)[:-2], [n * n]], 0)), -1)
        return [array_ops.reshape(matrix_solve(system, flat), array_ops.shape(grad))]

    def samples(self, rng):
        """Symmetric positive definite and non-symmetric matrices with positive eigenvalues,
        batched; referenced by squaring back."""
        def spd(*shape):
            m = normal(rng, *shape)
            return m @ np.swapaxes(m, -1, -2) + shape[-1] * np.eye(shape[-1])
        near_identity = 3.0 * np.eye(3) + 0.5 * normal(rng, 3, 3)

        def sample(a):
            return OpSample(lambda x: [matrix_square_root(x) @ matrix_square_root(x),
                                       matrix_square_root(x)], a,
                            reference=lambda x: [x, _denman_beavers(x)], rtol=1e-6, atol=1e-8)
        return [sample(spd(3, 3)), sample(spd(2, 2, 2)), sample(near_identity)]


def matrix_square_root(input, name=None):  # noqa: A002 - TF1 argument name
    """The principal square root R (``R @ R = input``) of each square matrix in ``input``; NaN
    where none is real (negative real eigenvalues).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.sqrtm([[4.0, 0.0], [0.0, 9.0]])).round(6).tolist()
    [[2.0, 0.0], [0.0, 3.0]]
    """
    return make_tensor("MatrixSquareRoot", (convert_to_tensor(input),), None, name)


# ================================================================== exponential
_PADE_13 = (64764752532480000., 32382376266240000., 7771770303897600., 1187353796428800.,
            129060195264000., 10559470521600., 670442572800., 33522128640., 1323241920.,
            40840800., 960960., 16380., 182., 1.)


def _expm(a):
    """Scaling and squaring with the degree-13 Pade approximant (Higham 2005), per matrix."""
    out = np.empty_like(a)
    identity = np.eye(a.shape[-1])
    for index in np.ndindex(a.shape[:-2]):
        m = a[index].astype(np.float64)
        norm = np.abs(m).sum(axis=0).max() if m.size else 0.0
        squarings = max(0, int(np.ceil(np.log2(norm / 5.371920351148152)))) if norm > 0 else 0
        m = m / 2.0 ** squarings
        m2 = m @ m
        m4 = m2 @ m2
        m6 = m4 @ m2
        b = _PADE_13
        u = m @ (m6 @ (b[13] * m6 + b[11] * m4 + b[9] * m2) + b[7] * m6 + b[5] * m4
                 + b[3] * m2 + b[1] * identity)
        v = (m6 @ (b[12] * m6 + b[10] * m4 + b[8] * m2) + b[6] * m6 + b[4] * m4 + b[2] * m2
             + b[0] * identity)
        r = np.linalg.solve(v - u, v + u)
        for _ in range(squarings):
            r = r @ r
        out[index] = r
    return out


@register
class MatrixExponential(_SquareMatrixFunction):
    type_name = "MatrixExponential"

    def kernel(self, op, ctx):
        return _expm

    def gradient(self, op, grad):
        # The adjoint of expm's Frechet derivative at A applied to G is the upper-right block
        # of expm([[A^T, G], [0, A^T]]) (Najfeld and Havel 1995).
        a_t = matrix_transpose(op.inputs[0])
        block = concat([concat([a_t, grad], -1),
                        concat([array_ops.zeros_like(a_t), a_t], -1)], -2)
        n = _static_size(op.inputs[0], "MatrixExponential")
        return [matrix_exponential(block)[..., :n, n:]]

    def samples(self, rng):
        """Small and large norms (squarings), batched, nilpotent; referenced by the Taylor
        series of the scaled matrix, squared back."""
        def taylor(a):
            out = np.empty_like(a)
            for index in np.ndindex(a.shape[:-2]):
                m = a[index] / 64.0
                term, total = np.eye(a.shape[-1]), np.eye(a.shape[-1])
                for k in range(1, 30):
                    term = term @ m / k
                    total = total + term
                for _ in range(6):
                    total = total @ total
                out[index] = total
            return out
        return [OpSample(matrix_exponential, 0.3 * normal(rng, 3, 3), reference=taylor,
                         second_order=True),
                OpSample(matrix_exponential, 2.0 * normal(rng, 2, 3, 3), reference=taylor,
                         rtol=1e-9),
                OpSample(matrix_exponential, np.array([[0.0, 1.0], [0.0, 0.0]]),
                         reference=taylor)]


def matrix_exponential(input, name=None):  # noqa: A002 - TF1 argument name
    """The exponential ``sum(A^k / k!)`` of each square matrix ``A`` in ``input``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.expm([[0.0, 1.0], [0.0, 0.0]])).tolist()
    [[1.0, 1.0], [0.0, 1.0]]
    """
    return make_tensor("MatrixExponential", (convert_to_tensor(input),), None, name)


# ================================================================== logarithm
def _logm(a):
    """The principal logarithm through the eigendecomposition ``V diag(log w) V^-1``."""
    w, v = np.linalg.eig(a)
    return (v * np.log(w)[..., None, :]) @ np.linalg.inv(v)


@register
class MatrixLogarithm(_SquareMatrixFunction):
    """Complex matrices only, as in TF (a real matrix's logarithm may be complex)."""
    type_name = "MatrixLogarithm"
    differentiable = False
    allowed = (dtypes.complex64, dtypes.complex128)

    def kernel(self, op, ctx):
        return lambda a: _logm(a).astype(a.dtype)

    def samples(self, rng):
        """Diagonalizable complex matrices, batched; referenced by exponentiating back."""
        def sample(a):
            return OpSample(lambda x: matrix_logarithm(x), a,
                            validate=lambda values: _check_exponentiates_back(values[0], a))
        base = 3.0 * np.eye(3) + 0.4 * normal(rng, 2, 3, 3)
        return [sample((base + 0.2j * normal(rng, 2, 3, 3)).astype(np.complex128)),
                sample(np.diag([1.0, np.e, 2.0]).astype(np.complex64))]


def _check_exponentiates_back(logarithm, a):
    w, v = np.linalg.eig(logarithm.astype(np.complex128))
    back = (v * np.exp(w)[..., None, :]) @ np.linalg.inv(v)
    np.testing.assert_allclose(back, a, rtol=1e-5, atol=1e-6)


def matrix_logarithm(input, name=None):  # noqa: A002 - TF1 argument name
    """The principal logarithm of each square complex matrix in ``input`` (``expm`` of it is
    ``input``). Real matrices are refused, as in TF: cast them to complex first.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.logm(tf.constant([[1.0, 0.0], [0.0, 1.0]], tf.complex64))).real
    array([[0., 0.],
           [0., 0.]], dtype=float32)
    """
    return make_tensor("MatrixLogarithm", (convert_to_tensor(input),), None, name)


# ================================================================== least squares
@register
class MatrixSolveLs(OpDef):
    """The minimum-norm least-squares solution (rank deficient matrices too); ``fast=False`` of
    ``tf.matrix_solve_ls``. TF's inputs (matrix, rhs, a float64 ``l2_regularizer`` that TF's
    kernel ignores when not ``fast``) and attr ``fast``, so TF's GraphDefs import. No gradient,
    as in TF."""
    type_name = "MatrixSolveLs"
    host_only = True

    def infer(self, op):
        matrix, rhs, l2_regularizer = op.inputs
        check_allowed_dtype(op, matrix, "matrix")
        check_allowed_dtype(op, l2_regularizer, "l2_regularizer", (dtypes.float64,))
        check_operand_dtypes_match(op, matrix, rhs, ("matrix", "rhs"))
        dims, rhs_dims = dims_of_rank_at_least(matrix, 2), dims_of_rank_at_least(rhs, 2)
        if dims is None or rhs_dims is None:
            return [(matrix.dtype, TensorShape(None))]
        merge_dim(dims[-2], rhs_dims[-2], "Dimensions must be equal, but are %d and %d")
        return [(matrix.dtype, TensorShape(merge_batches(dims[:-2], rhs_dims[:-2])
                                           + (dims[-1], rhs_dims[-1])))]

    def kernel(self, op, ctx):
        def least_squares(matrix, rhs, l2_regularizer):
            if matrix.shape[:-2] != rhs.shape[:-2]:
                raise errors.InvalidArgumentError(None, op, "matrix and rhs must have the same "
                                                  "batch dimensions.%s" % op.creation_site())
            out = np.empty(matrix.shape[:-2] + (matrix.shape[-1], rhs.shape[-1]), matrix.dtype)
            for index in np.ndindex(matrix.shape[:-2]):
                out[index] = np.linalg.lstsq(matrix[index], rhs[index], rcond=None)[0]
            return out
        return least_squares

    def gradient(self, op, grad):
        raise ValueError("Gradient not defined for fast=False (tf.matrix_solve_ls)")

    def samples(self, rng):
        """Tall, wide and rank-deficient systems, batched; referenced by the pseudo-inverse."""
        low_rank = normal(rng, 4, 2) @ normal(rng, 2, 3)
        return [OpSample(minimum_norm_least_squares, a, b, grad=(),
                         reference=lambda a, b: np.linalg.pinv(a) @ b)
                for a, b in ((normal(rng, 4, 3), normal(rng, 4, 2)),
                             (normal(rng, 2, 2, 3), normal(rng, 2, 2, 1)),
                             (low_rank, normal(rng, 4, 2)))]


def minimum_norm_least_squares(matrix, rhs, l2_regularizer=0.0, name=None):
    """The minimum-norm X minimizing ``||matrix @ X - rhs||`` for each matrix of the batch.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(minimum_norm_least_squares([[1.0], [1.0]], [[1.0], [3.0]])).tolist()
    [[2.0]]
    """
    matrix, rhs = binary_operands(matrix, rhs)
    l2_regularizer = convert_to_tensor(l2_regularizer)
    if l2_regularizer.dtype != dtypes.float64:
        l2_regularizer = cast(l2_regularizer, dtypes.float64)
    return make_tensor("MatrixSolveLs", (matrix, rhs, l2_regularizer), {"fast": False}, name)


__all__ = ["matrix_exponential", "matrix_logarithm", "matrix_square_root",
           "minimum_norm_least_squares"]
