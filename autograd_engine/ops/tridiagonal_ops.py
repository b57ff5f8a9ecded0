"""``TridiagonalSolve``: tridiagonal systems solved in O(M) per right-hand side, by Gaussian
elimination with partial pivoting (LAPACK's ``gtsv``), batched, with TF's gradient.

The diagonals come in TF's compact form ``[..., 3, M]`` (superdiagonal, main diagonal,
subdiagonal; the superdiagonal's last and the subdiagonal's first element are not read) and the
right-hand sides as ``[..., M, K]``. The kernel runs on the host.
"""
import numpy as np

from ..framework import errors
from ..framework.tensor_shape import TensorShape
from .concat_split_ops import concat
from .constant_op import convert_to_tensor, stack
from .op_families import check_allowed_dtype, check_operand_dtypes_match
from .op_samples import OpSample, normal
from .reduction_ops import reduce_sum
from .registry import OpDef, make_tensor, register
from .shape_rules import broadcast_dims, dims_of_rank_at_least, merge_dim


def _gtsv(diagonals, rhs, partial_pivoting, perturb_singular, op):
    """Solves each system of the (broadcast) batch; raises TF's error for a singular one."""
    batch = np.broadcast_shapes(diagonals.shape[:-2], rhs.shape[:-2])
    m, k = rhs.shape[-2], rhs.shape[-1]
    diagonals = np.broadcast_to(diagonals, batch + (3, m)).reshape((-1, 3, m))
    upper = np.array(diagonals[:, 0], np.float64)
    upper[:, -1] = 0.0
    main, lower = np.array(diagonals[:, 1], np.float64), np.array(diagonals[:, 2], np.float64)
    second = np.zeros_like(upper)  # the fill-in two places above the diagonal
    b = np.broadcast_to(rhs, batch + (m, k)).reshape((-1, m, k)).astype(np.float64)
    tiny = np.finfo(rhs.dtype).eps * np.abs(diagonals).max(axis=(1, 2), initial=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in range(m - 1):
            swap = (np.abs(main[:, i]) < np.abs(lower[:, i + 1])) if partial_pivoting else \
                np.zeros(main.shape[0], bool)
            _check_pivot(main[:, i], swap, tiny, perturb_singular, op)
            keep = ~swap
            # No interchange: eliminate row i+1's subdiagonal with row i.
            factor = np.where(keep, lower[:, i + 1] / main[:, i], 0.0)
            # Interchange rows i and i+1 first (the subdiagonal entry is the larger pivot).
            swap_factor = np.where(swap, main[:, i] / lower[:, i + 1], 0.0)
            old_main_next, old_upper_next = main[:, i + 1].copy(), upper[:, i + 1].copy()
            row_i, row_next = b[:, i].copy(), b[:, i + 1].copy()
            main[:, i + 1] = np.where(swap, upper[:, i] - swap_factor * old_main_next,
                                      old_main_next - factor * upper[:, i])
            main[:, i] = np.where(swap, lower[:, i + 1], main[:, i])
            second[:, i] = np.where(swap, old_upper_next, 0.0)
            upper[:, i + 1] = np.where(swap, -swap_factor * old_upper_next, old_upper_next)
            upper[:, i] = np.where(swap, old_main_next, upper[:, i])
            b[:, i] = np.where(swap[:, None], row_next, row_i)
            b[:, i + 1] = np.where(swap[:, None], row_i - swap_factor[:, None] * row_next,
                                   row_next - factor[:, None] * row_i)
        _check_pivot(main[:, m - 1], np.zeros(main.shape[0], bool), tiny, perturb_singular, op)
    x = np.empty_like(b)
    x[:, m - 1] = b[:, m - 1] / main[:, m - 1, None]
    if m > 1:
        x[:, m - 2] = (b[:, m - 2] - upper[:, m - 2, None] * x[:, m - 1]) / main[:, m - 2, None]
    for i in range(m - 3, -1, -1):
        x[:, i] = (b[:, i] - upper[:, i, None] * x[:, i + 1]
                   - second[:, i, None] * x[:, i + 2]) / main[:, i, None]
    return x.reshape(batch + (m, k)).astype(rhs.dtype)


def _check_pivot(pivot, swapping, tiny, perturb_singular, op):
    """A zero pivot (and no interchange to rescue it) is singular: TF's error, or with
    ``perturb_singular`` the pivot moved to ``eps * max|T|``."""
    zero = (pivot == 0) & ~swapping
    if not zero.any():
        return
    if not perturb_singular:
        raise errors.InvalidArgumentError(None, op, "The matrix is not invertible.%s"
                                          % op.creation_site())
    pivot[zero] = tiny[zero]


@register
class TridiagonalSolve(OpDef):
    type_name = "TridiagonalSolve"
    host_only = True

    def infer(self, op):
        diagonals, rhs = op.inputs
        check_allowed_dtype(op, diagonals, "diagonals")
        check_operand_dtypes_match(op, diagonals, rhs, ("diagonals", "rhs"))
        dims, rhs_dims = dims_of_rank_at_least(diagonals, 2), dims_of_rank_at_least(rhs, 2)
        if dims is None or rhs_dims is None:
            return [(rhs.dtype, TensorShape(rhs_dims if dims is None else None))]
        merge_dim(dims[-2], 3, "Dimensions must be equal, but are %d and %d")
        m = merge_dim(dims[-1], rhs_dims[-2], "Dimensions must be equal, but are %d and %d")
        return [(rhs.dtype, TensorShape(broadcast_dims(dims[:-2], rhs_dims[:-2])
                                        + (m, rhs_dims[-1])))]

    def kernel(self, op, ctx):
        pivoting, perturb = op.attrs["partial_pivoting"], op.attrs["perturb_singular"]
        return lambda diagonals, rhs: _gtsv(diagonals, rhs, pivoting, perturb, op)

    def gradient(self, op, grad):
        # TF's _TridiagonalSolveGrad: the transposed system for the right-hand side, and the
        # three diagonals of -grad_rhs @ x^T for the matrix.
        diagonals, x = op.inputs[0], op.outputs[0]
        grad_rhs = tridiagonal_solve_compact(_transposed(diagonals), grad,
                                             op.attrs["partial_pivoting"],
                                             op.attrs["perturb_singular"])
        return [-_three_diagonals_of_product(grad_rhs, x), grad_rhs]

    def samples(self, rng):
        """Diagonally dominant systems, batched, several right-hand sides; a small main
        diagonal so rows are interchanged; no pivoting; referenced by a dense solve."""
        def dense_solve(diagonals, rhs):
            return np.linalg.solve(_dense(diagonals), rhs)

        def sample(diagonals, rhs, pivoting=True):
            return OpSample(lambda d, b: tridiagonal_solve_compact(d, b, pivoting), diagonals,
                            rhs, reference=dense_solve, second_order=True)
        dominant = normal(rng, 2, 3, 5) + np.array([[0.0], [6.0], [0.0]])
        weak = normal(rng, 3, 4) * np.array([[1.0], [0.1], [1.0]]) + np.array([[2.0], [0.0],
                                                                             [3.0]])
        return [sample(dominant, normal(rng, 2, 5, 2)), sample(weak, normal(rng, 4, 3)),
                sample(dominant[0], normal(rng, 5, 1), pivoting=False),
                sample(normal(rng, 3, 1) + 2.0, normal(rng, 1, 2))]


def _dense(diagonals):
    m = diagonals.shape[-1]
    rows = np.arange(m)
    dense = np.zeros(diagonals.shape[:-2] + (m, m))
    dense[..., rows, rows] = diagonals[..., 1, :]
    dense[..., rows[:-1], rows[1:]] = diagonals[..., 0, :-1]
    dense[..., rows[1:], rows[:-1]] = diagonals[..., 2, 1:]
    return dense


def _transposed(diagonals):
    """The compact diagonals of the transposed matrices: the sub- and superdiagonal trade
    places, shifted by one."""
    zeros = diagonals[..., 0, :1] * 0.0
    superdiag = concat([diagonals[..., 2, 1:], zeros], -1)
    subdiag = concat([zeros, diagonals[..., 0, :-1]], -1)
    return stack([superdiag, diagonals[..., 1, :], subdiag], axis=-2)


def _three_diagonals_of_product(x, y):
    """The compact diagonals of ``x @ y^T`` for ``[..., M, K]`` ``x`` and ``y``."""
    zeros = y[..., :1, :] * 0.0
    return stack([reduce_sum(x * concat([y[..., 1:, :], zeros], -2), axis=-1),
                  reduce_sum(x * y, axis=-1),
                  reduce_sum(x * concat([zeros, y[..., :-1, :]], -2), axis=-1)], axis=-2)


def tridiagonal_solve_compact(diagonals, rhs, partial_pivoting=True, perturb_singular=False,
                              name=None):
    """X with ``T @ X = rhs`` for tridiagonal T given by compact ``diagonals`` ``[..., 3, M]``
    and ``rhs`` ``[..., M, K]``.

    >>> import autograd_engine as tf
    >>> x = tridiagonal_solve_compact([[1.0, 0.0], [2.0, 2.0], [0.0, 1.0]], [[3.0], [3.0]])
    >>> with tf.Session() as sess:
    ...     sess.run(x).tolist()
    [[1.0], [1.0]]
    """
    diagonals = convert_to_tensor(diagonals)
    rhs = convert_to_tensor(rhs, dtype=diagonals.dtype)
    return make_tensor("TridiagonalSolve", (diagonals, rhs),
                       {"partial_pivoting": bool(partial_pivoting),
                        "perturb_singular": bool(perturb_singular)}, name)


__all__ = ["tridiagonal_solve_compact"]
