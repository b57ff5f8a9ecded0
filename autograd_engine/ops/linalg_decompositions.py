"""Matrix decompositions, batched over leading dimensions as in TF1: singular values (``Svd``),
``Qr``, symmetric eigenvalues (``SelfAdjointEigV2``) and ``Lu``, with TF's gradients.

Their kernels are LAPACK's through numpy and run on the host (``host_only``): on a device the
plan copies the matrices over and the factors back. Singular and eigen vectors are unique only
up to sign (TF's Eigen kernels and LAPACK may pick different ones); the values, and products
such as ``u diag(s) v^T``, agree.
"""
import numpy as np

from ..framework import dtypes, errors
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .array_ops import matrix_transpose
from .concat_split_ops import concat
from .constant_op import convert_to_tensor
from .diagonal_ops import matrix_band_part, matrix_diag, matrix_diag_part, matrix_set_diag
from .elementwise_unary_ops import cast
from .linalg_ops import matrix_triangular_solve
from .mask_ops import one_hot
from .matmul_ops import matmul
from .op_families import check_allowed_dtype
from .op_samples import OpSample, normal
from .registry import OpDef, make_op, register
from .shape_rules import dims_of_rank_at_least, square_dims


def _safe_reciprocal(x, epsilon=1e-20):
    """``1 / x``, near 0 (not inf) where ``x`` is 0: TF's _SafeReciprocal, used where
    repeated singular or eigen values would divide by zero."""
    return x / (x * x + epsilon)


def _zeros_if_none(grad, like):
    return array_ops.zeros_like(like) if grad is None else grad


def _matrix_dims(op):
    """The batch dims and (rows, columns) of the op's float matrix input, or Nones."""
    a = op.inputs[0]
    check_allowed_dtype(op, a, "input")
    dims = dims_of_rank_at_least(a, 2)
    if dims is None:
        return None, None, None
    return dims[:-2], dims[-2], dims[-1]


def _shape(batch, *last):
    return TensorShape(None if batch is None else tuple(batch) + last)


def _smaller(m, n):
    return None if m is None or n is None else min(m, n)


def _empty(xp, dtype):
    """The placeholder output TF gives for factors it was told not to compute."""
    return xp.zeros((0,), dtype)


def _sign_fixed(vectors):
    """Columns of ``vectors`` flipped so that each one's first entry is non-negative: samples
    compare vectors that are unique only up to sign."""
    first = vectors[..., :1, :]
    return vectors * (2.0 * cast(first >= 0, vectors.dtype) - 1.0)


def _numpy_sign_fixed(vectors):
    return vectors * np.where(vectors[..., :1, :] >= 0, 1.0, -1.0)


# ================================================================== singular values
@register
class Svd(OpDef):
    """Three outputs, in TF's order: ``s`` (descending), ``u`` and ``v`` (not ``v^T``)."""
    type_name = "Svd"
    host_only = True

    def infer(self, op):
        batch, m, n = _matrix_dims(op)
        dtype, p = op.inputs[0].dtype, _smaller(m, n)
        if not op.attrs["compute_uv"]:
            return [(dtype, _shape(batch, p)), (dtype, TensorShape([0])),
                    (dtype, TensorShape([0]))]
        full = op.attrs["full_matrices"]
        return [(dtype, _shape(batch, p)), (dtype, _shape(batch, m, m if full else p)),
                (dtype, _shape(batch, n, n if full else p))]

    def kernel(self, op, ctx):
        compute_uv, full = op.attrs["compute_uv"], op.attrs["full_matrices"]

        def svd(a):
            if not compute_uv:
                return np.linalg.svd(a, compute_uv=False), _empty(np, a.dtype), _empty(
                    np, a.dtype)
            u, s, vh = np.linalg.svd(a, full_matrices=full)
            return s, u, np.swapaxes(vh, -1, -2)
        return svd

    def gradient(self, op, grad_s, grad_u, grad_v):
        # TF's _SvdGrad (real case): Townsend (2016), "Differentiating the Singular Value
        # Decomposition", reduced to the wide case by transposing a tall input.
        a = op.inputs[0]
        if not op.attrs["compute_uv"]:
            s, u, v = svd(a, compute_uv=True)
            return [matmul(u, matmul(matrix_diag(grad_s), v, adjoint_b=True))]
        s, u, v = op.outputs
        grad_s, grad_u, grad_v = (_zeros_if_none(grad_s, s), _zeros_if_none(grad_u, u),
                                  _zeros_if_none(grad_v, v))
        m, n = a.shape.as_tuple()[-2:]
        if m is None or n is None:
            raise NotImplementedError("SVD gradient has not been implemented for input with "
                                      "unknown inner matrix shape.")
        full = op.attrs["full_matrices"]
        transposed = m > n
        if transposed:
            m, n, u, v, grad_u, grad_v = n, m, v, u, grad_v, grad_u
        if full and abs(m - n) > 1:
            raise NotImplementedError("svd gradient is not implemented for abs(m - n) > 1 "
                                      "when full_matrices is True")
        s_mat, grad_s_mat = matrix_diag(s), matrix_diag(grad_s)
        s_2 = s * s
        f = matrix_set_diag(_safe_reciprocal(array_ops.expand_dims(s_2, -2)
                                             - array_ops.expand_dims(s_2, -1)),
                            array_ops.zeros_like(s))
        v1, grad_v1 = v[..., :, :m], grad_v[..., :, :m]
        f_u = f * matmul(u, grad_u, adjoint_a=True)
        f_v = f * matmul(v1, grad_v1, adjoint_a=True)
        middle = (grad_s_mat + matmul(f_u + matrix_transpose(f_u), s_mat)
                  + matmul(s_mat, f_v + matrix_transpose(f_v)))
        grad_a = matmul(u, matmul(middle, v1, adjoint_b=True))
        if m != n:
            gv1t = matrix_transpose(grad_v1)
            beyond = gv1t - matmul(matmul(gv1t, v1), v1, adjoint_b=True)
            if full:
                v2, grad_v2 = v[..., :, m:n], grad_v[..., :, m:n]
                beyond -= matmul(matmul(v1, grad_v2, adjoint_a=True), v2, adjoint_b=True)
            grad_a += matmul(matmul(u, matrix_diag(_safe_reciprocal(s))), beyond)
        return [matrix_transpose(grad_a) if transposed else grad_a]

    def samples(self, rng):
        """Wide, tall, square and batched inputs, the reduced and full factors; vectors
        compared with their signs fixed (the loss of a gradient check then does not depend on
        LAPACK's choice either)."""
        def reference(full, compute_uv):
            def numpy_svd(a):
                if not compute_uv:
                    return np.linalg.svd(a, compute_uv=False)
                u, s, vh = np.linalg.svd(a, full_matrices=full)
                return [s, _numpy_sign_fixed(u), _numpy_sign_fixed(np.swapaxes(vh, -1, -2))]
            return numpy_svd

        def sample(a, full=False, compute_uv=True, **kwargs):
            def build(x):
                if not compute_uv:
                    return svd(x, compute_uv=False)
                s, u, v = svd(x, full_matrices=full)
                return [s, _sign_fixed(u), _sign_fixed(v)]
            return OpSample(build, a, reference=reference(full, compute_uv), **kwargs)
        return [sample(normal(rng, 3, 3)), sample(normal(rng, 2, 4)), sample(normal(rng, 4, 2)),
                sample(normal(rng, 2, 3, 4)), sample(normal(rng, 3, 2), full=True),
                sample(normal(rng, 2, 5, 3), full=True, grad=()),
                sample(normal(rng, 2, 4, 3), compute_uv=False)]


def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """The singular value decomposition of each matrix in the last two dimensions of
    ``tensor``: ``(s, u, v)`` with ``tensor = u @ diag(s) @ v^T`` and ``s`` descending (only
    ``s`` when ``compute_uv`` is False). ``full_matrices``: ``u`` and ``v`` square rather than
    ``[..., M, P]`` and ``[..., N, P]`` (P = min(M, N)).

    >>> import autograd_engine as tf
    >>> s = tf.svd([[3.0, 0.0], [0.0, -4.0]], compute_uv=False)
    >>> with tf.Session() as sess:
    ...     sess.run(s).tolist()
    [4.0, 3.0]
    """
    op = make_op("Svd", (convert_to_tensor(tensor),),
                 {"full_matrices": bool(full_matrices), "compute_uv": bool(compute_uv)}, name)
    return tuple(op.outputs) if compute_uv else op.outputs[0]


# ================================================================== QR
@register
class Qr(OpDef):
    """``q`` with orthonormal columns and upper-triangular ``r``, ``input = q @ r``."""
    type_name = "Qr"
    host_only = True

    def infer(self, op):
        batch, m, n = _matrix_dims(op)
        dtype, p = op.inputs[0].dtype, _smaller(m, n)
        if op.attrs["full_matrices"]:
            return [(dtype, _shape(batch, m, m)), (dtype, _shape(batch, m, n))]
        return [(dtype, _shape(batch, m, p)), (dtype, _shape(batch, p, n))]

    def kernel(self, op, ctx):
        mode = "complete" if op.attrs["full_matrices"] else "reduced"
        return lambda a: tuple(np.linalg.qr(a, mode=mode))

    def gradient(self, op, grad_q, grad_r):
        # TF's _QrGrad: Walter and Lehmann (2018) for square and deep matrices; a wide matrix
        # [x, y] is reduced to its square part x.
        a, (q, r) = op.inputs[0], op.outputs
        grad_q, grad_r = _zeros_if_none(grad_q, q), _zeros_if_none(grad_r, r)
        rows, columns = q.shape.as_tuple()[-2], r.shape.as_tuple()[-1]
        if rows is None or columns is None:
            raise NotImplementedError("QrGrad not implemented with dynamic shapes.")
        if r.shape.as_tuple()[-2] > columns and q.shape.as_tuple()[-1] == rows:
            raise NotImplementedError("QrGrad not implemented when nrows > ncols and "
                                      "full_matrices is true.")
        if rows >= columns:
            return [_qr_grad_square_or_deep(q, r, grad_q, grad_r)]
        y, u = a[..., :, rows:], r[..., :, :rows]
        grad_v, grad_u = grad_r[..., :, rows:], grad_r[..., :, :rows]
        grad_x = _qr_grad_square_or_deep(q, u, grad_q + matmul(y, grad_v, adjoint_b=True),
                                         grad_u)
        return [concat([grad_x, matmul(q, grad_v)], axis=-1)]

    def samples(self, rng):
        """Square, deep, wide (reduced and full), batched."""
        def sample(a, full=False, **kwargs):
            mode = "complete" if full else "reduced"
            return OpSample(lambda x: list(qr(x, full_matrices=full)), a,
                            reference=lambda x: list(np.linalg.qr(x, mode=mode)), **kwargs)
        return [sample(normal(rng, 3, 3)), sample(normal(rng, 4, 2)), sample(normal(rng, 2, 4)),
                sample(normal(rng, 2, 3, 4), full=True), sample(normal(rng, 2, 4, 3)),
                sample(normal(rng, 4, 2), full=True, grad=())]


def _triangular_solve_right(x, r):
    """``x @ inv(r)^T`` for upper-triangular ``r`` (TF's _TriangularSolve)."""
    return matrix_transpose(matrix_triangular_solve(r, matrix_transpose(x), lower=False))


def _qr_grad_square_or_deep(q, r, grad_q, grad_r):
    qdq = matmul(q, grad_q, adjoint_a=True)
    rdr = matmul(r, grad_r, adjoint_b=True)
    lower = matrix_band_part(qdq - matrix_transpose(qdq) + rdr - matrix_transpose(rdr), -1, 0)
    return (matmul(q, grad_r + _triangular_solve_right(lower, r))
            + _triangular_solve_right(grad_q - matmul(q, qdq), r))


def qr(input, full_matrices=False, name=None):  # noqa: A002 - TF1 argument name
    """The QR decomposition of each matrix in the last two dimensions of ``input``: ``(q, r)``
    with ``input = q @ r``, ``q``'s columns orthonormal and ``r`` upper triangular.
    ``full_matrices``: ``q`` square (``[..., M, M]``) and ``r`` ``[..., M, N]``.

    >>> import autograd_engine as tf
    >>> q, r = tf.qr([[3.0, 1.0], [4.0, 2.0]])
    >>> with tf.Session() as sess:
    ...     abs(sess.run(r)).astype(float).round(4).tolist()
    [[5.0, 2.2], [0.0, 0.4]]
    """
    return tuple(make_op("Qr", (convert_to_tensor(input),),
                         {"full_matrices": bool(full_matrices)}, name).outputs)


# ================================================================== symmetric eigenvalues
@register
class SelfAdjointEigV2(OpDef):
    """Eigenvalues (ascending) and, with ``compute_v``, eigenvectors (columns) of symmetric
    matrices; only the lower triangle is read."""
    type_name = "SelfAdjointEigV2"
    host_only = True

    def infer(self, op):
        dtype, dims = op.inputs[0].dtype, square_dims(op.inputs[0])
        check_allowed_dtype(op, op.inputs[0], "input")
        batch, n = (None, None) if dims is None else (dims[:-2], dims[-1])
        vectors = _shape(batch, n, n) if op.attrs["compute_v"] else TensorShape([0])
        return [(dtype, _shape(batch, n)), (dtype, vectors)]

    def kernel(self, op, ctx):
        if op.attrs["compute_v"]:
            return lambda a: tuple(np.linalg.eigh(a))
        return lambda a: (np.linalg.eigvalsh(a), _empty(np, a.dtype))

    def gradient(self, op, grad_e, grad_v):
        # TF's _SelfAdjointEigV2Grad; the op reads the lower triangle, so the gradient of the
        # symmetrized matrix is folded into it.
        a, e = op.inputs[0], op.outputs[0]
        grad_e = _zeros_if_none(grad_e, e)
        if op.attrs["compute_v"]:
            v = op.outputs[1]
            f = matrix_set_diag(_safe_reciprocal(array_ops.expand_dims(e, -2)
                                                 - array_ops.expand_dims(e, -1)),
                                array_ops.zeros_like(e))
            middle = matrix_diag(grad_e)
            if grad_v is not None:
                middle += f * matmul(v, grad_v, adjoint_a=True)
        else:
            _, v = self_adjoint_eig(a)
            middle = matrix_diag(grad_e)
        grad_a = matmul(v, matmul(middle, v, adjoint_b=True))
        grad_a = matrix_band_part(grad_a + matrix_transpose(grad_a), -1, 0)
        return [matrix_set_diag(grad_a, 0.5 * matrix_diag_part(grad_a))]

    def samples(self, rng):
        """Random (not symmetric: the upper triangle is not read) matrices, batched, values
        only or with the vectors (signs fixed)."""
        def with_vectors(x):
            e, v = self_adjoint_eig(x)
            return [e, _sign_fixed(v)]

        def numpy_with_vectors(x):
            e, v = np.linalg.eigh(x)
            return [e, _numpy_sign_fixed(v)]
        return [OpSample(with_vectors, normal(rng, 3, 3), reference=numpy_with_vectors),
                OpSample(with_vectors, normal(rng, 2, 4, 4), reference=numpy_with_vectors),
                OpSample(self_adjoint_eigvals, normal(rng, 2, 3, 3),
                         reference=np.linalg.eigvalsh)]


def self_adjoint_eig(tensor, name=None):
    """``(e, v)``: the eigenvalues (ascending) and eigenvectors (the columns of ``v``) of each
    symmetric matrix in the last two dimensions of ``tensor``; only its lower triangle is read.

    >>> import autograd_engine as tf
    >>> e, v = tf.linalg.eigh([[2.0, 1.0], [1.0, 2.0]])
    >>> with tf.Session() as sess:
    ...     sess.run(e).round(6).tolist()
    [1.0, 3.0]
    """
    return tuple(make_op("SelfAdjointEigV2", (convert_to_tensor(tensor),),
                         {"compute_v": True}, name).outputs)


def self_adjoint_eigvals(tensor, name=None):
    """The eigenvalues (ascending) of each symmetric matrix in ``tensor``'s last two dimensions.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.self_adjoint_eigvals([[2.0, 0.0], [0.0, 1.0]])).tolist()
    [1.0, 2.0]
    """
    return make_op("SelfAdjointEigV2", (convert_to_tensor(tensor),), {"compute_v": False},
                   name).outputs[0]


# ================================================================== LU
def _lu_factor(a, op):
    """Gaussian elimination with partial pivoting (the largest magnitude in each column; the
    first of equal ones), all matrices of the batch at once."""
    n = a.shape[-1]
    lu = np.array(a, copy=True).reshape((-1, n, n))
    perm = np.tile(np.arange(n), (lu.shape[0], 1))
    rows = np.arange(lu.shape[0])
    for k in range(n):
        pivot_row = k + np.argmax(np.abs(lu[:, k:, k]), axis=1)
        lu[rows, k], lu[rows, pivot_row] = lu[rows, pivot_row], lu[rows, k].copy()
        perm[rows, k], perm[rows, pivot_row] = perm[rows, pivot_row], perm[rows, k].copy()
        pivot = lu[:, k, k]
        if not pivot.all():
            raise errors.InvalidArgumentError(None, op, "Input is not invertible.%s"
                                              % op.creation_site())
        lu[:, k + 1:, k] /= pivot[:, None]
        lu[:, k + 1:, k + 1:] -= lu[:, k + 1:, k, None] * lu[:, None, k, k + 1:]
    return lu.reshape(a.shape), perm.reshape(a.shape[:-1])


@register
class Lu(OpDef):
    """``lu`` (L's strict lower triangle, L's unit diagonal implied, and U) and the pivot
    permutation ``p``: ``input[..., p, :] = L @ U``."""
    type_name = "Lu"
    host_only = True

    def infer(self, op):
        a = op.inputs[0]
        check_allowed_dtype(op, a, "input")
        dims = square_dims(a)
        return [(a.dtype, TensorShape(dims)),
                (op.attrs["output_idx_type"], TensorShape(None if dims is None else dims[:-1]))]

    def kernel(self, op, ctx):
        index_dtype = op.attrs["output_idx_type"].as_numpy_dtype

        def lu(a):
            factors, perm = _lu_factor(a, op)
            return factors, perm.astype(index_dtype)
        return lu

    def gradient(self, op, grad, grad_perm):
        # P A = L U, so P dA = dL U + L dU and L^-1 P dA U^-1 = L^-1 dL + dU U^-1 (strictly
        # lower plus upper); the gradient is that equation's adjoint.
        factors, perm = op.outputs
        lower, upper = unit_lower_triangle(factors), matrix_band_part(factors, 0, -1)
        strictly_lower = matrix_set_diag(matrix_band_part(matmul(lower, grad, adjoint_a=True),
                                                          -1, 0),
                                         array_ops.zeros_like(matrix_diag_part(factors)))
        middle = strictly_lower + matrix_band_part(matmul(grad, upper, adjoint_b=True), 0, -1)
        # inv(L)^T middle inv(U)^T, then the rows put back in the input's order (P^T).
        grad_pa = matrix_triangular_solve(lower, middle, lower=True, adjoint=True)
        grad_pa = matrix_transpose(matrix_triangular_solve(upper, matrix_transpose(grad_pa),
                                                           lower=False))
        return [matmul(permutation_matrix(perm, factors.dtype), grad_pa, transpose_a=True)]

    def samples(self, rng):
        """Matrices whose pivots reorder rows, batched, int64 indices."""
        def reference(a):
            factors, perm = _lu_factor(a, None)
            return [factors, perm.astype(np.int32)]
        return [OpSample(lambda x: list(lu(x)), normal(rng, 3, 3), reference=reference),
                OpSample(lambda x: list(lu(x)), normal(rng, 2, 4, 4), reference=reference),
                OpSample(lambda x: lu(x, output_idx_type=dtypes.int64)[0], normal(rng, 3, 3),
                         reference=lambda a: _lu_factor(a, None)[0])]


def unit_lower_triangle(factors):
    """L of packed LU factors: their strict lower triangle with ones on the diagonal."""
    return matrix_set_diag(matrix_band_part(factors, -1, 0),
                           array_ops.ones_like(matrix_diag_part(factors)))


def permutation_matrix(perm, dtype):
    """The matrices P with ``P @ x = x[..., perm, :]`` (one-hot rows)."""
    return one_hot(perm, array_ops.shape(perm)[-1], dtype=dtype)


def lu(input, output_idx_type=dtypes.int32, name=None):  # noqa: A002 - TF1 argument name
    """The LU decomposition with partial pivoting of each square matrix in ``input``:
    ``(lower_upper, perm)``, L's strict lower triangle (L has a unit diagonal) and U packed in
    one matrix, and the row order with ``input[..., perm, :] = L @ U``. A singular matrix fails
    the run.

    >>> import autograd_engine as tf
    >>> lower_upper, perm = tf.linalg.lu([[1.0, 2.0], [3.0, 4.0]])
    >>> with tf.Session() as sess:
    ...     factors, order = sess.run([lower_upper, perm])
    >>> factors.astype(float).round(4).tolist(), order.tolist()
    ([[3.0, 4.0], [0.3333, 0.6667]], [1, 0])
    """
    return tuple(make_op("Lu", (convert_to_tensor(input),),
                         {"output_idx_type": dtypes.as_dtype(output_idx_type)}, name).outputs)


__all__ = ["lu", "permutation_matrix", "qr", "self_adjoint_eig", "self_adjoint_eigvals", "svd",
           "unit_lower_triangle"]
