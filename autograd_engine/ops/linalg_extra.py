"""``tf.linalg`` functions TF builds from other ops, built here the same way (their gradients
come from those ops): LU solves and reconstruction, regularized least squares, the
pseudo-inverse and rank, ``normalize``, tridiagonal products and solves, and the eigenvalues of
symmetric tridiagonal matrices.

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     int(sess.run(tf.linalg.matrix_rank([[1.0, 2.0], [2.0, 4.0]])))
1
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from . import array_ops
from .array_ops import matrix_transpose
from .concat_split_ops import concat
from .constant_op import convert_to_tensor, stack
from .diagonal_ops import eye, matrix_band_part, matrix_diag, matrix_diag_part
from .elementwise_binary_ops import greater, logical_and, less_equal, where_v2
from .elementwise_unary_ops import cast
from .linalg_decompositions import (permutation_matrix, self_adjoint_eig,
                                    self_adjoint_eigvals, svd, unit_lower_triangle)
from .linalg_ops import cholesky, cholesky_solve, matrix_triangular_solve
from .mask_ops import boolean_mask
from .matmul_ops import matmul
from .matrix_functions import minimum_norm_least_squares
from .reduction_ops import norm, reduce_max, reduce_sum
from .tridiagonal_ops import tridiagonal_solve_compact


def _scope(name, default):
    return get_default_graph().name_scope(name or default)


# ================================================================== LU
def lu_solve(lower_upper, perm, rhs, validate_args=False, name=None):
    """The solution X of ``A @ X = rhs`` from A's LU factors (``tf.linalg.lu(A)``).

    >>> import autograd_engine as tf
    >>> factors, perm = tf.linalg.lu([[0.0, 2.0], [1.0, 0.0]])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.lu_solve(factors, perm, [[4.0], [3.0]])).tolist()
    [[3.0], [2.0]]
    """
    with _scope(name, "lu_solve"):
        lower_upper = convert_to_tensor(lower_upper)
        rhs = convert_to_tensor(rhs, dtype=lower_upper.dtype)
        permuted = matmul(permutation_matrix(perm, lower_upper.dtype), rhs)
        y = matrix_triangular_solve(unit_lower_triangle(lower_upper), permuted, lower=True)
        return matrix_triangular_solve(lower_upper, y, lower=False)


def lu_reconstruct(lower_upper, perm, validate_args=False, name=None):
    """The matrix A whose LU factors are ``lower_upper`` and ``perm``: ``P^T @ L @ U``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.lu_reconstruct(*tf.linalg.lu([[1.0, 2.0], [3.0, 4.0]]))).tolist()
    [[1.0, 2.0], [3.0, 4.0]]
    """
    with _scope(name, "lu_reconstruct"):
        lower_upper = convert_to_tensor(lower_upper)
        product = matmul(unit_lower_triangle(lower_upper), matrix_band_part(lower_upper, 0, -1))
        return matmul(permutation_matrix(perm, lower_upper.dtype), product, transpose_a=True)


def lu_matrix_inverse(lower_upper, perm, validate_args=False, name=None):
    """The inverse of the matrix A whose LU factors are ``lower_upper`` and ``perm``.

    >>> import autograd_engine as tf
    >>> factors, perm = tf.linalg.lu([[2.0, 0.0], [0.0, 4.0]])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.lu_matrix_inverse(factors, perm)).tolist()
    [[0.5, 0.0], [0.0, 0.25]]
    """
    with _scope(name, "lu_matrix_inverse"):
        lower_upper = convert_to_tensor(lower_upper)
        identity = matrix_diag(array_ops.ones_like(lower_upper[..., 0]))
        return lu_solve(lower_upper, perm, identity)


# ================================================================== least squares
def _regularized_gramian_cholesky(matrix, l2_regularizer, first_kind):
    """The Cholesky factor of ``A^T A + l2 I`` (first kind) or ``A A^T + l2 I``."""
    gramian = matmul(matrix, matrix, transpose_a=first_kind, transpose_b=not first_kind)
    if l2_regularizer is not None and not (np.isscalar(l2_regularizer)
                                           and l2_regularizer == 0):
        size = array_ops.shape(gramian)[-1]
        gramian += convert_to_tensor(l2_regularizer, dtype=matrix.dtype) * eye(
            size, dtype=matrix.dtype)
    return cholesky(gramian)


def matrix_solve_ls(matrix, rhs, l2_regularizer=0.0, fast=True, name=None):
    """The X minimizing ``||matrix @ X - rhs||^2 + l2_regularizer * ||X||^2`` for each matrix of
    the batch. ``fast`` (TF's default): through the Cholesky factor of the regularized normal
    equations (``A^T A`` for tall or square ``matrix``, ``A A^T`` for wide ones), differentiable;
    otherwise the minimum-norm solution (rank-deficient matrices too), which ignores
    ``l2_regularizer`` and has no gradient, as in TF.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.lstsq([[1.0], [1.0]], [[1.0], [3.0]])).round(6).tolist()
    [[2.0]]
    """
    with _scope(name, "matrix_solve_ls"):
        matrix = convert_to_tensor(matrix)
        rhs = convert_to_tensor(rhs, dtype=matrix.dtype)
        if not fast:
            return minimum_norm_least_squares(matrix, rhs, l2_regularizer)
        dims = matrix.shape.as_tuple()
        if dims is None or dims[-2] is None or dims[-1] is None:
            raise ValueError("matrix_solve_ls(fast=True) needs the matrix's last two "
                             "dimensions known while building the graph.")
        if dims[-2] >= dims[-1]:
            chol = _regularized_gramian_cholesky(matrix, l2_regularizer, first_kind=True)
            return cholesky_solve(chol, matmul(matrix, rhs, transpose_a=True))
        chol = _regularized_gramian_cholesky(matrix, l2_regularizer, first_kind=False)
        return matmul(matrix, cholesky_solve(chol, rhs), transpose_a=True)


lstsq = matrix_solve_ls


# ================================================================== pseudo-inverse, rank
def pinv(a, rcond=None, validate_args=False, name=None):
    """The Moore-Penrose pseudo-inverse of each matrix in ``a``, through its SVD; singular
    values at most ``rcond`` times the largest count as zero (default ``10 * max(M, N) * eps``).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.pinv([[2.0, 0.0], [0.0, 0.0]])).tolist()
    [[0.5, 0.0], [0.0, 0.0]]
    """
    with _scope(name, "pinv"):
        a = convert_to_tensor(a)
        dtype = a.dtype.as_numpy_dtype
        if rcond is None:
            rows, columns = _last_two_dims(a)
            rcond = 10.0 * max(rows, columns) * np.finfo(dtype).eps
        s, u, v = svd(a, full_matrices=False)
        cutoff = convert_to_tensor(rcond, dtype=a.dtype) * reduce_max(s, axis=-1,
                                                                      keepdims=True)
        s = where_v2(greater(s, cutoff), s, np.array(np.inf, dtype))
        return matmul(v / array_ops.expand_dims(s, -2), u, transpose_b=True)


def _last_two_dims(a):
    dims = a.shape.as_tuple()
    if dims is None or len(dims) < 2 or dims[-2] is None or dims[-1] is None:
        raise ValueError("The matrix dimensions of %s must be known while building the graph."
                         % a.name)
    return dims[-2], dims[-1]


def matrix_rank(a, tol=None, validate_args=False, name=None):
    """The number of singular values of each matrix in ``a`` above ``tol`` (default
    ``eps * max(M, N) * largest singular value``), as int32.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     int(sess.run(tf.linalg.matrix_rank(tf.eye(3))))
    3
    """
    with _scope(name, "matrix_rank"):
        a = convert_to_tensor(a)
        s = svd(a, compute_uv=False)
        if tol is None:
            eps = np.finfo(a.dtype.as_numpy_dtype).eps
            tol = eps * max(_last_two_dims(a)) * reduce_max(s, axis=-1, keepdims=True)
        return reduce_sum(cast(greater(s, tol), dtypes.int32), axis=-1)


def normalize(tensor, ord="euclidean", axis=None, name=None):  # noqa: A002 - TF's name
    """``(tensor / norm, norm)``: ``tensor`` scaled to unit norm over ``axis`` (all of it when
    None), and the norm, kept with its reduced axes of size 1.

    >>> import autograd_engine as tf
    >>> unit, length = tf.linalg.normalize([3.0, 4.0])
    >>> with tf.Session() as sess:
    ...     sess.run(unit).astype(float).round(6).tolist(), sess.run(length).tolist()
    ([0.6, 0.8], [5.0])
    """
    with _scope(name, "normalize"):
        tensor = convert_to_tensor(tensor)
        length = norm(tensor, ord=ord, axis=axis, keepdims=True)
        return tensor / length, length


# ================================================================== tridiagonal matrices
def _three_diagonals(diagonals, diagonals_format):
    """``(super, main, sub)``, each ``[..., M]``, from TF's three formats; the last element of
    the superdiagonal and the first of the subdiagonal are not read."""
    if diagonals_format == "compact":
        diagonals = convert_to_tensor(diagonals)
        return diagonals[..., 0, :], diagonals[..., 1, :], diagonals[..., 2, :]
    if diagonals_format == "sequence":
        if not isinstance(diagonals, (list, tuple)) or len(diagonals) != 3:
            raise ValueError("Expected diagonals to be a sequence of length 3.")
        superdiag = convert_to_tensor(diagonals[0])
        return (superdiag, convert_to_tensor(diagonals[1], dtype=superdiag.dtype),
                convert_to_tensor(diagonals[2], dtype=superdiag.dtype))
    if diagonals_format == "matrix":
        matrix = convert_to_tensor(diagonals)
        zero = array_ops.zeros_like(matrix[..., :1, 0])
        return (concat([matrix_diag_part(matrix, k=1), zero], -1),
                matrix_diag_part(matrix, k=0), concat([zero, matrix_diag_part(matrix, k=-1)], -1))
    raise ValueError("Unrecognized diagonals_format: %s" % diagonals_format)


def tridiagonal_matmul(diagonals, rhs, diagonals_format="compact", name=None):
    """The product of tridiagonal matrices and ``rhs`` (``[..., M, N]``), in O(M N).
    ``diagonals``: ``compact`` (``[..., 3, M]``: super-, main and subdiagonal), ``sequence``
    (those three tensors) or ``matrix`` (``[..., M, M]``, only its three diagonals read).

    >>> import autograd_engine as tf
    >>> product = tf.linalg.tridiagonal_matmul([[1.0, 1.0, 0.0], [2.0, 2.0, 2.0],
    ...                                         [0.0, 1.0, 1.0]], tf.ones([3, 1]))
    >>> with tf.Session() as sess:
    ...     sess.run(product).ravel().tolist()
    [3.0, 4.0, 3.0]
    """
    with _scope(name, "tridiagonal_matmul"):
        superdiag, maindiag, subdiag = _three_diagonals(diagonals, diagonals_format)
        rhs = convert_to_tensor(rhs, dtype=maindiag.dtype)
        zero_row = array_ops.zeros_like(rhs[..., :1, :])
        below = concat([rhs[..., 1:, :], zero_row], -2)
        above = concat([zero_row, rhs[..., :-1, :]], -2)
        return (array_ops.expand_dims(maindiag, -1) * rhs
                + array_ops.expand_dims(superdiag, -1) * below
                + array_ops.expand_dims(subdiag, -1) * above)


def tridiagonal_solve(diagonals, rhs, diagonals_format="compact", transpose_rhs=False,
                      conjugate_rhs=False, name=None, partial_pivoting=True,
                      perturb_singular=False):
    """The solution X of ``T @ X = rhs`` for tridiagonal matrices T (``diagonals`` in the
    formats of :func:`tridiagonal_matmul`); ``rhs`` is ``[..., M]`` or ``[..., M, K]``
    (``[..., K, M]`` with ``transpose_rhs``). Solved in O(M) per right-hand side, with
    partial pivoting unless ``partial_pivoting=False``; a singular T fails the run unless
    ``perturb_singular``, which moves zero pivots to ``eps * max|T|``.

    >>> import autograd_engine as tf
    >>> x = tf.linalg.tridiagonal_solve([[1.0, 0.0], [2.0, 2.0], [0.0, 1.0]], [3.0, 3.0])
    >>> with tf.Session() as sess:
    ...     sess.run(x).tolist()
    [1.0, 1.0]
    """
    with _scope(name, "tridiagonal_solve"):
        superdiag, maindiag, subdiag = _three_diagonals(diagonals, diagonals_format)
        rhs = convert_to_tensor(rhs, dtype=maindiag.dtype)
        vector = rhs.shape.ndims is not None and rhs.shape.ndims == maindiag.shape.ndims
        if vector:
            rhs = array_ops.expand_dims(rhs, -1)
        elif transpose_rhs:
            rhs = matrix_transpose(rhs)
        diagonals = stack([superdiag, maindiag, subdiag], axis=-2)
        solution = tridiagonal_solve_compact(diagonals, rhs, partial_pivoting, perturb_singular)
        return array_ops.squeeze(solution, axis=-1) if vector else solution


def eigh_tridiagonal(alpha, beta, eigvals_only=True, select="a", select_range=None, tol=None,
                     name=None):
    """The eigenvalues (ascending) of the symmetric tridiagonal matrix with diagonal ``alpha``
    (``[N]``) and off-diagonal ``beta`` (``[N - 1]``), and with ``eigvals_only=False`` its
    eigenvectors (columns). ``select``: ``"a"`` all, ``"i"`` those with indices
    ``select_range[0]..select_range[1]``, ``"v"`` those in ``(select_range[0],
    select_range[1]]``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.linalg.eigh_tridiagonal([2.0, 2.0], [1.0])).round(6).tolist()
    [1.0, 3.0]
    """
    if select not in ("a", "i", "v"):
        raise ValueError("select must be one of 'a', 'v' or 'i', got %r" % (select,))
    with _scope(name, "eigh_tridiagonal"):
        alpha = convert_to_tensor(alpha)
        beta = convert_to_tensor(beta, dtype=alpha.dtype)
        matrix = matrix_diag(alpha) + matrix_diag(beta, k=1) + matrix_diag(beta, k=-1)
        if eigvals_only:
            values, vectors = self_adjoint_eigvals(matrix), None
        else:
            values, vectors = self_adjoint_eig(matrix)
        if select == "i":
            first, last = (int(i) for i in select_range)
            values = values[first:last + 1]
            vectors = None if vectors is None else vectors[:, first:last + 1]
        elif select == "v":
            low, high = (convert_to_tensor(v, dtype=alpha.dtype) for v in select_range)
            chosen = logical_and(greater(values, low), less_equal(values, high))
            values = boolean_mask(values, chosen)
            vectors = None if vectors is None else boolean_mask(vectors, chosen, axis=1)
        return values if eigvals_only else (values, vectors)


__all__ = ["eigh_tridiagonal", "lstsq", "lu_matrix_inverse", "lu_reconstruct", "lu_solve",
           "matrix_rank", "matrix_solve_ls", "normalize", "pinv", "tridiagonal_matmul",
           "tridiagonal_solve"]
