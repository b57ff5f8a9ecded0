"""Linear algebra, batched over leading dimensions as in TF1: inverse, determinants, Cholesky,
linear and triangular solves, adjoints, matrix-vector products and cross products, with TF1's
gradients.

The decompositions accept float32 and float64 (TF1's CPU kernels). As in TF1.15 the solves do
not broadcast: ``matrix`` and ``rhs`` must have the same batch dimensions. A singular input
fails the run with TF1's InvalidArgumentError ("Input is not invertible.").
"""
import itertools

import numpy as np

from ..framework import errors
from ..framework.graph import ShapeInferenceError, name_scope
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .array_ops import matrix_transpose
from .constant_op import convert_to_tensor
from .diagonal_ops import matrix_band_part, matrix_diag, matrix_diag_part, matrix_set_diag, trace
from .elementwise_unary_ops import log
from .matmul_ops import matmul
from .op_families import binary_operands, check_allowed_dtype, check_operand_dtypes_match
from .op_samples import OpSample, normal
from .reduction_ops import reduce_sum
from .registry import OpDef, make_op, make_tensor, register
from .shape_rules import dims_of_rank_at_least, merge_batches, merge_dim, square_dims


# ================================================================== run-time checks and helpers
def _check_same_batch(matrix, rhs):
    """numpy would broadcast batch dimensions that TF1.15's solves require to be equal."""
    if matrix.shape[:-2] != rhs.shape[:-2]:
        raise ValueError("matrix and rhs must have the same batch dimensions, got %s and %s"
                         % (list(matrix.shape[:-2]), list(rhs.shape[:-2])))


def _swap_last_two(xp, x):
    return xp.swapaxes(x, -1, -2)


def _not_invertible(op):
    return errors.InvalidArgumentError(None, op, "Input is not invertible.%s"
                                       % op.creation_site())


def _with_two_axes(t):
    """``t`` with two trailing axes of size 1, to scale a batch of matrices per matrix."""
    return array_ops.expand_dims(array_ops.expand_dims(t, -1), -1)


# ================================================================== sample values and references
def _invertible(rng, *shape):
    """Random square matrices with a heavy diagonal: well conditioned, determinants of both
    signs."""
    signs = rng.choice([-1.0, 1.0], shape[:-1])
    return normal(rng, *shape) + 3.0 * signs[..., None] * np.eye(shape[-1])


def _positive_definite(rng, *shape):
    m = normal(rng, *shape)
    return m @ np.swapaxes(m, -1, -2) + shape[-1] * np.eye(shape[-1])


def _leibniz_determinant(a):
    """The determinants of a batch of small matrices as a sum over permutations."""
    n = a.shape[-1]
    total = np.zeros(a.shape[:-2], np.float64)
    for perm in itertools.permutations(range(n)):
        inversions = sum(perm[i] > perm[j] for i in range(n) for j in range(i + 1, n))
        term = np.prod([a[..., i, perm[i]] for i in range(n)], axis=0, dtype=np.float64)
        total = total + (-1.0) ** inversions * term
    return total.astype(a.dtype)


def _transposed(a, adjoint):
    return np.swapaxes(a, -1, -2) if adjoint else a


def _single_precision(sample):
    """``sample`` on float32 inputs: forward only, with single-precision tolerances."""
    sample.inputs = [a.astype(np.float32) for a in sample.inputs]
    sample.grad, sample.second_order, sample.rtol, sample.atol = (), False, 1e-4, 1e-5
    return sample


# ================================================================== inverse and determinants
class _SquareToSquare(OpDef):
    """Shape rule of the ops mapping a batch of square float matrices to one of the same shape
    (MatrixInverse, Cholesky)."""

    def infer(self, op):
        x = op.inputs[0]
        check_allowed_dtype(op, x, "input")
        return [(x.dtype, TensorShape(square_dims(x)))]


@register
class MatrixInverse(_SquareToSquare):
    type_name = "MatrixInverse"

    def kernel(self, op, ctx):
        xp, adjoint = ctx.xp, op.attrs["adjoint"]

        def inverse(x):
            try:
                return xp.linalg.inv(_swap_last_two(xp, x) if adjoint else x)
            except np.linalg.LinAlgError:
                raise _not_invertible(op) from None
        return inverse

    def gradient(self, op, grad):
        # B = inv(A): dB = -B dA B, so dL/dA = -B^T G B^T; with adjoint, B = inv(A^T) and
        # dL/dA is the transpose of that: -B G^T B.
        b = op.outputs[0]
        if op.attrs["adjoint"]:
            return [-matmul(b, matmul(grad, b, transpose_a=True))]
        return [-matmul(b, matmul(grad, b, transpose_b=True), transpose_a=True)]

    def samples(self, rng):
        """A matrix, a batch, the adjoint, float32; referenced by solving against I."""
        def sample(x, adjoint=False):
            return OpSample(lambda a: matrix_inverse(a, adjoint=adjoint), x, second_order=True,
                            reference=lambda a: np.linalg.solve(
                                _transposed(a, adjoint), np.broadcast_to(np.eye(a.shape[-1],
                                                                                dtype=a.dtype),
                                                                         a.shape)))
        return [sample(_invertible(rng, 3, 3)), sample(_invertible(rng, 2, 2, 2)),
                sample(_invertible(rng, 3, 3), adjoint=True),
                _single_precision(sample(_invertible(rng, 2, 2)))]


def matrix_inverse(input, adjoint=False, name=None):  # noqa: A002 - TF1 argument name
    """The inverse of each square matrix in the last two dimensions of ``input`` (of its
    transpose with ``adjoint``). A singular matrix fails the run: "Input is not invertible."

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.inv([[2.0, 0.0], [0.0, 4.0]])).tolist()
    [[0.5, 0.0], [0.0, 0.25]]
    """
    return make_tensor("MatrixInverse", (convert_to_tensor(input),), {"adjoint": bool(adjoint)},
                       name)


@register
class MatrixDeterminant(OpDef):
    type_name = "MatrixDeterminant"

    def infer(self, op):
        x = op.inputs[0]
        check_allowed_dtype(op, x, "input")
        dims = square_dims(x)
        return [(x.dtype, TensorShape(None if dims is None else dims[:-2]))]

    def kernel(self, op, ctx):
        return ctx.xp.linalg.det

    def gradient(self, op, grad):
        # d det(A) / dA = det(A) inv(A)^T (TF1's formula; undefined for singular A, as there).
        a, det = op.inputs[0], op.outputs[0]
        return [_with_two_axes(grad * det) * matrix_inverse(a, adjoint=True)]

    def samples(self, rng):
        """A matrix, a batch with determinants of both signs, 1x1, float32; a singular matrix
        and an empty batch (forward only)."""
        def sample(x, **kwargs):
            return OpSample(matrix_determinant, x, reference=_leibniz_determinant, **kwargs)
        return [sample(_invertible(rng, 3, 3), second_order=True),
                sample(_invertible(rng, 2, 2, 2), second_order=True),
                sample(normal(rng, 1, 1), second_order=True),
                _single_precision(sample(_invertible(rng, 3, 3))),
                sample(np.ones((2, 3, 3)), grad=()), sample(np.zeros((0, 2, 2)), grad=())]


def matrix_determinant(input, name=None):  # noqa: A002 - TF1 argument name
    """The determinant of each square matrix in the last two dimensions of ``input``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.det([[[1.0, 2.0], [3.0, 4.0]], [[2.0, 0.0], [0.0, 3.0]]])).tolist()
    [-2.0, 6.0]
    """
    return make_tensor("MatrixDeterminant", (convert_to_tensor(input),), None, name)


@register
class LogMatrixDeterminant(OpDef):
    """Two outputs: the sign of the determinant and the log of its absolute value."""
    type_name = "LogMatrixDeterminant"

    def infer(self, op):
        x = op.inputs[0]
        check_allowed_dtype(op, x, "input")
        dims = square_dims(x)
        batch = TensorShape(None if dims is None else dims[:-2])
        return [(x.dtype, batch), (x.dtype, batch)]

    def kernel(self, op, ctx):
        slogdet = ctx.xp.linalg.slogdet
        return lambda x: tuple(slogdet(x))

    def gradient(self, op, grad_sign, grad_log_abs):
        # The sign is piecewise constant; d log|det A| / dA = inv(A)^T.
        if grad_log_abs is None:
            return [None]
        return [_with_two_axes(grad_log_abs) * matrix_inverse(op.inputs[0], adjoint=True)]

    def samples(self, rng):
        """Batches with determinants of both signs, float32, and singular matrices (sign 0,
        log -inf; forward only)."""
        def reference(a):
            det = _leibniz_determinant(a)
            with np.errstate(divide="ignore"):
                return [np.sign(det), np.log(np.abs(det))]

        def sample(x, **kwargs):
            return OpSample(log_matrix_determinant, x, reference=reference, **kwargs)
        return [sample(_invertible(rng, 3, 3), second_order=True),
                sample(_invertible(rng, 3, 2, 2), second_order=True),
                _single_precision(sample(_invertible(rng, 2, 3, 3))),
                sample(np.ones((2, 2, 2)), grad=())]


def log_matrix_determinant(input, name=None):  # noqa: A002 - TF1 argument name
    """``(sign, log_abs_determinant)`` of each square matrix in the last two dimensions of
    ``input``: the determinant is ``sign * exp(log_abs_determinant)``, without overflow. A
    singular matrix gives ``(0, -inf)``.

    >>> import autograd_engine as tf
    >>> sign, log_abs = tf.linalg.slogdet([[0.0, 2.0], [3.0, 0.0]])
    >>> with tf.Session() as sess:
    ...     [round(float(v), 4) for v in sess.run([sign, log_abs])]
    [-1.0, 1.7918]
    """
    return tuple(make_op("LogMatrixDeterminant", (convert_to_tensor(input),), None,
                         name).outputs)


# ================================================================== Cholesky
@register
class Cholesky(_SquareToSquare):
    """The lower-triangular L with ``L L^T = input``; only the lower triangle of the input is
    read (as in TF1 and LAPACK)."""
    type_name = "Cholesky"

    def kernel(self, op, ctx):
        factor = ctx.xp.linalg.cholesky

        def cholesky(x):
            try:
                return factor(x)
            except np.linalg.LinAlgError:
                raise errors.InvalidArgumentError(
                    None, op, "Cholesky decomposition was not successful. The input might not "
                    "be valid.%s" % op.creation_site()) from None
        return cholesky

    def gradient(self, op, grad):
        # TF1's _CholeskyGrad: the symmetrized equation 10 of Murray (2016), "Differentiation
        # of the Cholesky decomposition".
        l_factor = op.outputs[0]
        identity = matrix_diag(array_ops.ones_like(matrix_diag_part(l_factor)))
        l_inverse = matrix_triangular_solve(l_factor, identity)
        middle = matmul(l_factor, grad, transpose_a=True)
        middle = matrix_set_diag(middle, 0.5 * matrix_diag_part(middle))
        middle = matrix_band_part(middle, -1, 0)
        grad_a = matmul(matmul(l_inverse, middle, transpose_a=True), l_inverse)
        grad_a += matrix_transpose(grad_a)
        return [grad_a * 0.5]

    def samples(self, rng):
        """Positive-definite matrices, batched, float32; referenced by the Cholesky-Banachiewicz
        recurrence. The input is symmetrized in the graph: the gradient, as TF1's, is that of a
        symmetric input, while the op reads only the lower triangle."""
        def reference(a):
            factor = np.zeros_like(a)
            for index in np.ndindex(a.shape[:-2]):
                m, f = a[index], factor[index]
                for i in range(a.shape[-1]):
                    for j in range(i + 1):
                        rest = m[i, j] - f[i, :j] @ f[j, :j]
                        f[i, j] = np.sqrt(rest) if i == j else rest / f[j, j]
            return factor

        def symmetric_cholesky(x):
            return cholesky(0.5 * (x + matrix_transpose(x)))
        return [OpSample(symmetric_cholesky, _positive_definite(rng, 3, 3), reference=reference,
                         second_order=True),
                OpSample(symmetric_cholesky, _positive_definite(rng, 2, 2, 2),
                         reference=reference),
                _single_precision(OpSample(cholesky, _positive_definite(rng, 4, 4),
                                           reference=reference))]


def cholesky(input, name=None):  # noqa: A002 - TF1 argument name
    """The Cholesky factor of each symmetric positive-definite matrix in the last two
    dimensions of ``input``: lower-triangular L with ``L @ L^T = input``. Only the lower
    triangle of ``input`` is read. A matrix that is not positive definite fails the run.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.cholesky([[4.0, 2.0], [2.0, 5.0]])).tolist()
    [[2.0, 0.0], [1.0, 2.0]]
    """
    return make_tensor("Cholesky", (convert_to_tensor(input),), None, name)


# ================================================================== solves
def _solve_shape(op):
    """TF1's MatrixSolveShapeFn: a square (batch of) ``matrix``, an ``rhs`` with as many rows
    and the same batch dimensions; the result has ``rhs``'s shape."""
    matrix, rhs = op.inputs
    check_allowed_dtype(op, matrix, "matrix")
    check_operand_dtypes_match(op, matrix, rhs, ("matrix", "rhs"))
    square, dims = square_dims(matrix), dims_of_rank_at_least(rhs, 2)
    if square is None or dims is None:
        return [(matrix.dtype, TensorShape(dims))]
    batch = merge_batches(square[:-2], dims[:-2])
    rows = merge_dim(square[-2], dims[-2], "Dimensions must be equal, but are %d and %d")
    return [(matrix.dtype, TensorShape(batch + (rows, dims[-1])))]


def _solve_grads(op, grad, solve_transposed):
    """TF1's gradient of ``C = solve(A, B)`` (adjoint: of ``solve(A^T, B)``): ``dB`` solves the
    transposed system for the output gradient and ``dA = -dB C^T`` (adjoint: ``-C dB^T``).
    ``solve_transposed(a, g)`` is that transposed solve."""
    a, c, adjoint = op.inputs[0], op.outputs[0], op.attrs["adjoint"]
    grad_b = solve_transposed(a, grad)
    if adjoint:
        grad_a = -matmul(c, grad_b, transpose_b=True)
    else:
        grad_a = -matmul(grad_b, c, transpose_b=True)
    return grad_a, grad_b


@register
class MatrixSolve(OpDef):
    type_name = "MatrixSolve"

    def infer(self, op):
        return _solve_shape(op)

    def kernel(self, op, ctx):
        xp, adjoint = ctx.xp, op.attrs["adjoint"]

        def solve(matrix, rhs):
            _check_same_batch(matrix, rhs)
            try:
                return xp.linalg.solve(_swap_last_two(xp, matrix) if adjoint else matrix, rhs)
            except np.linalg.LinAlgError:
                raise errors.InvalidArgumentError(None, op, "Input matrix is not invertible.%s"
                                                  % op.creation_site()) from None
        return solve

    def gradient(self, op, grad):
        adjoint = op.attrs["adjoint"]
        return list(_solve_grads(op, grad, lambda a, g: matrix_solve(a, g, adjoint=not adjoint)))

    def samples(self, rng):
        """Several right-hand sides, a batch with the adjoint, float32; referenced through the
        inverse."""
        def sample(matrix, rhs, adjoint=False):
            return OpSample(lambda a, b: matrix_solve(a, b, adjoint=adjoint), matrix, rhs,
                            second_order=True,
                            reference=lambda a, b: np.linalg.inv(_transposed(a, adjoint)) @ b)
        return [sample(_invertible(rng, 3, 3), normal(rng, 3, 2)),
                sample(_invertible(rng, 2, 2, 2), normal(rng, 2, 2, 3), adjoint=True),
                _single_precision(sample(_invertible(rng, 2, 2), normal(rng, 2, 1)))]


def matrix_solve(matrix, rhs, adjoint=False, name=None):
    """The solution X of ``matrix @ X = rhs`` (``matrix^T @ X = rhs`` with ``adjoint``) for each
    square matrix in the batch; ``rhs`` has shape ``[..., M, K]``. A singular matrix fails the
    run.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.solve([[2.0, 0.0], [0.0, 4.0]], [[2.0], [2.0]])).tolist()
    [[1.0], [0.5]]
    """
    matrix, rhs = binary_operands(matrix, rhs)
    return make_tensor("MatrixSolve", (matrix, rhs), {"adjoint": bool(adjoint)}, name)


@register
class MatrixTriangularSolve(OpDef):
    """Solves with the lower (or upper) triangle of ``matrix``; the other triangle is never
    read. A zero on the diagonal fails the run, as in TF1."""
    type_name = "MatrixTriangularSolve"

    def infer(self, op):
        return _solve_shape(op)

    def kernel(self, op, ctx):
        xp, adjoint = ctx.xp, op.attrs["adjoint"]
        triangle = xp.tril if op.attrs["lower"] else xp.triu
        checked = not ctx.on_device  # TF1's GPU kernel gives inf/nan, reading nothing back

        def triangular_solve(matrix, rhs):
            _check_same_batch(matrix, rhs)
            a = triangle(matrix)
            if checked and not xp.diagonal(a, axis1=-2, axis2=-1).all():
                raise errors.InvalidArgumentError(None, op, "Input matrix is not invertible.%s"
                                                  % op.creation_site())
            return xp.linalg.solve(_swap_last_two(xp, a) if adjoint else a, rhs)
        return triangular_solve

    def gradient(self, op, grad):
        lower, adjoint = op.attrs["lower"], op.attrs["adjoint"]
        grad_a, grad_b = _solve_grads(op, grad, lambda a, g: matrix_triangular_solve(
            a, g, lower=lower, adjoint=not adjoint))
        # Only the triangle that was read has a gradient.
        return [matrix_band_part(grad_a, -1, 0) if lower else matrix_band_part(grad_a, 0, -1),
                grad_b]

    def samples(self, rng):
        """Lower and upper, with and without the adjoint, batched, float32: the unread triangle
        is random too (its gradient is zero). Referenced through the triangle's inverse."""
        def sample(matrix, rhs, lower, adjoint):
            def reference(a, b):
                triangle = np.tril(a) if lower else np.triu(a)
                return np.linalg.inv(_transposed(triangle, adjoint)) @ b
            return OpSample(lambda a, b: matrix_triangular_solve(a, b, lower=lower,
                                                                 adjoint=adjoint),
                            matrix, rhs, reference=reference, second_order=True)
        return [sample(_invertible(rng, 3, 3), normal(rng, 3, 2), True, False),
                sample(_invertible(rng, 2, 3, 3), normal(rng, 2, 3, 1), False, True),
                sample(_invertible(rng, 2, 2), normal(rng, 2, 3), False, False),
                _single_precision(sample(_invertible(rng, 3, 3), normal(rng, 3, 2), True,
                                         True))]


def matrix_triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None):
    """The solution X of ``T @ X = rhs`` (``T^T @ X = rhs`` with ``adjoint``), where T is the
    lower (``lower=True``) or upper triangle of each matrix in ``matrix``; the other triangle
    is not read.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.triangular_solve([[2.0, 9.0], [1.0, 1.0]], [[2.0], [3.0]])).tolist()
    [[1.0], [2.0]]
    """
    matrix, rhs = binary_operands(matrix, rhs)
    return make_tensor("MatrixTriangularSolve", (matrix, rhs),
                       {"lower": bool(lower), "adjoint": bool(adjoint)}, name)


def cholesky_solve(chol, rhs, name=None):
    """The solution X of ``A @ X = rhs`` given A's Cholesky factor ``chol``
    (``tf.cholesky(A)``): two triangular solves.

    >>> import autograd_engine as tf
    >>> chol = tf.cholesky([[4.0, 2.0], [2.0, 5.0]])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.cholesky_solve(chol, [[6.0], [7.0]])).tolist()
    [[1.0], [1.0]]
    """
    with name_scope(name, "cholesky_solve", [chol, rhs]):
        y = matrix_triangular_solve(chol, rhs, lower=True, adjoint=False)
        return matrix_triangular_solve(chol, y, lower=True, adjoint=True)


# ================================================================== adjoints, products
def adjoint(matrix, name=None):
    """The conjugate transpose of each matrix in the last two dimensions of ``matrix``: its
    transpose, for the real dtypes.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.adjoint([[1.0, 2.0], [3.0, 4.0]])).tolist()
    [[1.0, 3.0], [2.0, 4.0]]
    """
    return matrix_transpose(matrix, name=name or "adjoint", conjugate=True)


def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False,
           name=None):
    """The matrix-vector product ``a @ b`` for a (batch of) matrices ``a`` and vectors ``b``
    (its last axis).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.matvec([[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0])).tolist()
    [3.0, 7.0]
    """
    with name_scope(name, "MatVec", [a, b]):
        a, b = binary_operands(a, b)
        product = matmul(a, array_ops.expand_dims(b, -1), transpose_a=transpose_a,
                         adjoint_a=adjoint_a)
        return array_ops.squeeze(product, axis=-1)


def logdet(matrix, name=None):
    """The log of the determinant of each symmetric positive-definite matrix in ``matrix``,
    ``2 * sum(log(diag(cholesky(matrix))))``: stable where the determinant would overflow.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(tf.linalg.logdet([[4.0, 2.0], [2.0, 5.0]]))), 4)
    2.7726
    """
    with name_scope(name, "logdet", [matrix]):
        chol = cholesky(matrix)
        return 2.0 * reduce_sum(log(matrix_diag_part(chol)), axis=[-1])


@register
class Cross(OpDef):
    """The cross product of 3-vectors along the last axis; ``a`` and ``b`` have the same shape
    (no broadcasting, as in TF1)."""
    type_name = "Cross"

    def infer(self, op):
        a, b = op.inputs
        check_operand_dtypes_match(op, a, b, ("a", "b"))
        if a.dtype.is_bool:
            raise TypeError("Op 'Cross' does not accept inputs of type bool.")
        dims_a, dims_b = dims_of_rank_at_least(a, 1), dims_of_rank_at_least(b, 1)
        if dims_a is None or dims_b is None:
            dims = dims_a if dims_b is None else dims_b
        else:
            dims = merge_batches(dims_a, dims_b)
        if dims is None:
            return [(a.dtype, TensorShape(None))]
        if dims[-1] not in (None, 3):
            raise ShapeInferenceError("Dimension must be 3 but is %d" % dims[-1])
        return [(a.dtype, TensorShape(dims[:-1] + (3,)))]

    def kernel(self, op, ctx):
        return ctx.xp.cross

    def gradient(self, op, grad):
        a, b = op.inputs
        return [cross(b, grad), cross(grad, a)]

    def samples(self, rng):
        """Vectors, batches (bilinear: second order checked), int32."""
        def reference(a, b):
            return np.stack([a[..., 1] * b[..., 2] - a[..., 2] * b[..., 1],
                             a[..., 2] * b[..., 0] - a[..., 0] * b[..., 2],
                             a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]], -1)
        integers = rng.integers(-9, 9, (2, 2, 3)).astype(np.int32)
        return [OpSample(cross, normal(rng, *shape), normal(rng, *shape), reference=reference,
                         second_order=True) for shape in ((3,), (2, 3), (2, 2, 3))] + \
            [OpSample(cross, integers[0], integers[1], reference=reference)]


def cross(a, b, name=None):
    """The cross product of the 3-vectors in the last axis of ``a`` and ``b`` (same shapes).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.cross([1.0, 0.0, 0.0], [0.0, 1.0, 0.0])).tolist()
    [0.0, 0.0, 1.0]
    """
    a, b = binary_operands(a, b)
    return make_tensor("Cross", (a, b), None, name)


__all__ = ["adjoint", "cholesky", "cholesky_solve", "cross", "log_matrix_determinant", "logdet",
           "matrix_band_part", "matrix_determinant", "matrix_diag", "matrix_diag_part",
           "matrix_inverse", "matrix_set_diag", "matrix_solve", "matrix_transpose",
           "matrix_triangular_solve", "matvec", "trace"]
