"""tf.linalg.LinearOperator and its subclasses: dense matrices, products, solves and
log-determinants against TensorFlow (tests/fixtures/linalg/linalg.npz), every subclass's whole
interface against its dense matrix in numpy, float64 gradients through operator methods, the
conjugate-gradient solver, and TF's errors for contradictory hints."""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients

FIXTURE = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "linalg", "linalg.npz"))
L = tf.linalg
RNG = np.random.default_rng(20)


def spd(n):
    m = RNG.standard_normal((n, n))
    return m @ m.T + n * np.eye(n)


def fixture_operators():
    diagonals = FIXTURE["tridiagonal_solve_in0"][0, :, :3]
    return {
        "circulant": L.LinearOperatorCirculant(FIXTURE["circulant_spectrum"],
                                               input_output_dtype=tf.float64),
        "toeplitz": L.LinearOperatorToeplitz(np.array([1.0, 2.0, 3.0]),
                                             np.array([1.0, -1.0, 4.0])),
        "householder": L.LinearOperatorHouseholder(np.array([1.0, 2.0, -2.0])),
        "permutation": L.LinearOperatorPermutation([2, 0, 1], dtype=tf.float64),
        "tridiag": L.LinearOperatorTridiag(diagonals),
    }


def test_structured_operators_match_tensorflow():
    x = FIXTURE["operator_x3"]
    with tf.Graph().as_default(), tf.Session() as sess:
        for name, op in fixture_operators().items():
            dense, product, solution, logdet = sess.run([op.to_dense(), op.matmul(x),
                                                         op.solve(x), op.log_abs_determinant()])
            for label, value in (("dense", dense), ("matmul", product), ("solve", solution),
                                 ("logdet", logdet)):
                np.testing.assert_allclose(value, FIXTURE[name + "_" + label], rtol=1e-9,
                                           atol=1e-12, err_msg="%s %s" % (name, label))


def test_kronecker_and_block_lower_triangular_match_tensorflow():
    blocks = [FIXTURE["block_lower_block%d" % i] for i in range(3)]
    with tf.Graph().as_default(), tf.Session() as sess:
        kronecker = L.LinearOperatorKronecker([
            L.LinearOperatorFullMatrix(np.array([[1.0, 2.0], [3.0, 4.0]])),
            L.LinearOperatorFullMatrix(FIXTURE["kronecker_factor1"])])
        block_lower = L.LinearOperatorBlockLowerTriangular([
            [L.LinearOperatorFullMatrix(blocks[0])],
            [L.LinearOperatorFullMatrix(blocks[1]), L.LinearOperatorLowerTriangular(blocks[2])]])
        for name, op in (("kronecker", kronecker), ("block_lower", block_lower)):
            x = FIXTURE[name + "_x"]
            values = sess.run([op.to_dense(), op.matmul(x), op.solve(x), op.determinant()])
            for label, value in zip(("dense", "matmul", "solve", "det"), values):
                np.testing.assert_allclose(value, FIXTURE[name + "_" + label], rtol=1e-9,
                                           atol=1e-12, err_msg="%s %s" % (name, label))


def every_operator():
    """(operator, its dense matrix in numpy) for each subclass, batched where the class
    allows."""
    full = RNG.standard_normal((2, 3, 3)) + 3 * np.eye(3)
    diag = RNG.uniform(1.0, 2.0, (2, 3))
    tril = np.tril(RNG.standard_normal((3, 3))) + 3 * np.eye(3)
    u, v, d = RNG.standard_normal((3, 2)), RNG.standard_normal((3, 2)), np.array([0.5, 2.0])
    spectrum = np.fft.fft2(RNG.standard_normal((2, 2)))
    spd3 = spd(3)
    a, b = RNG.standard_normal((2, 2)) + 2 * np.eye(2), spd(2)
    compact = RNG.standard_normal((3, 4)) + [[0.0], [5.0], [0.0]]
    column = np.fft.ifft2(spectrum).real.ravel()
    grid = np.indices((2, 2)).reshape(2, -1)
    wrapped = np.ravel_multi_index(tuple((grid[:, :, None] - grid[:, None, :]) % 2), (2, 2))
    return [
        (L.LinearOperatorFullMatrix(full), full),
        (L.LinearOperatorDiag(diag), np.stack([np.diag(x) for x in diag])),
        (L.LinearOperatorIdentity(3, batch_shape=[2], dtype=tf.float64),
         np.broadcast_to(np.eye(3), (2, 3, 3))),
        (L.LinearOperatorScaledIdentity(3, np.array([2.0, -0.5])),
         np.array([2.0, -0.5])[:, None, None] * np.eye(3)),
        (L.LinearOperatorLowerTriangular(tril + np.triu(np.ones((3, 3)), 1)), tril),
        (L.LinearOperatorComposition([L.LinearOperatorFullMatrix(full[0]),
                                      L.LinearOperatorLowerTriangular(tril)]), full[0] @ tril),
        (L.LinearOperatorKronecker([L.LinearOperatorFullMatrix(a),
                                    L.LinearOperatorFullMatrix(b)]), np.kron(a, b)),
        (L.LinearOperatorBlockDiag([L.LinearOperatorFullMatrix(a),
                                    L.LinearOperatorDiag(np.array([3.0]))]),
         np.block([[a, np.zeros((2, 1))], [np.zeros((1, 2)), np.full((1, 1), 3.0)]])),
        (L.LinearOperatorLowRankUpdate(L.LinearOperatorDiag(diag[0]), u, diag_update=d, v=v),
         np.diag(diag[0]) + u @ np.diag(d) @ v.T),
        (L.LinearOperatorLowRankUpdate(L.LinearOperatorFullMatrix(spd3, is_self_adjoint=True,
                                                                  is_positive_definite=True),
                                       u), spd3 + u @ u.T),
        (L.LinearOperatorInversion(L.LinearOperatorFullMatrix(full[1])),
         np.linalg.inv(full[1])),
        (L.LinearOperatorAdjoint(L.LinearOperatorFullMatrix(full)), np.swapaxes(full, -1, -2)),
        (L.LinearOperatorCirculant2D(spectrum, input_output_dtype=tf.float64),
         column[wrapped]),
        (L.LinearOperatorToeplitz(np.array([1.0, 2.0, 3.0]), np.array([9.0, -1.0, 4.0])),
         np.array([[1.0, -1.0, 4.0], [2.0, 1.0, -1.0], [3.0, 2.0, 1.0]])),
        (L.LinearOperatorTridiag(compact),
         np.diag(compact[1]) + np.diag(compact[0, :-1], 1) + np.diag(compact[2, 1:], -1)),
        (L.LinearOperatorHouseholder(np.array([[1.0, 2.0, 2.0], [0.0, 3.0, 4.0]])),
         np.stack([np.eye(3) - 2 * np.outer(w, w) / (w @ w)
                   for w in np.array([[1.0, 2.0, 2.0], [0.0, 3.0, 4.0]])])),
        (L.LinearOperatorPermutation([[1, 2, 0], [1, 0, 2]], dtype=tf.float64),
         np.stack([np.eye(3)[[1, 2, 0]], np.eye(3)[[1, 0, 2]]])),
    ]


@pytest.mark.parametrize("index", range(17))
def test_every_method_matches_the_dense_matrix(index):
    with tf.Graph().as_default(), tf.Session() as sess:
        op, dense = every_operator()[index]
        n = dense.shape[-1]
        x = RNG.standard_normal(dense.shape[:-2] + (n, 2))
        vector = RNG.standard_normal(dense.shape[:-2] + (n,))
        assert op.shape.as_list() == list(dense.shape), op
        assert op.batch_shape.as_list() == list(dense.shape[:-2])
        assert op.domain_dimension == op.range_dimension == n and op.tensor_rank == dense.ndim
        tensors = {
            "dense": op.to_dense(), "matmul": op.matmul(x),
            "matmul_adjoint": op.matmul(x, adjoint=True),
            "matmul_adjoint_arg": op.matmul(np.swapaxes(x, -1, -2), adjoint_arg=True),
            "matvec": op.matvec(vector), "solve": op.solve(x),
            "solve_adjoint": op.solve(x, adjoint=True), "solvevec": op.solvevec(vector),
            "det": op.determinant(), "logdet": op.log_abs_determinant(),
            "diag": op.diag_part(), "trace": op.trace(), "add": op.add_to_tensor(x[..., :1] * 0
                                                                               + dense),
            "adjoint": op.adjoint().to_dense(), "inverse": op.inverse().to_dense(),
            "shape": op.shape_tensor(),
        }
        values = sess.run(tensors)
    transpose = np.swapaxes(dense, -1, -2)
    expected = {
        "dense": dense, "matmul": dense @ x, "matmul_adjoint": transpose @ x,
        "matmul_adjoint_arg": dense @ x, "matvec": (dense @ vector[..., None])[..., 0],
        "solve": np.linalg.solve(dense, x), "solve_adjoint": np.linalg.solve(transpose, x),
        "solvevec": np.linalg.solve(dense, vector[..., None])[..., 0],
        "det": np.linalg.det(dense), "logdet": np.linalg.slogdet(dense)[1],
        "diag": np.diagonal(dense, axis1=-2, axis2=-1), "trace": np.trace(dense, axis1=-2,
                                                                          axis2=-1),
        "add": 2 * dense + 0 * x[..., :1], "adjoint": transpose,
        "inverse": np.linalg.inv(dense), "shape": list(dense.shape),
    }
    for key, value in expected.items():
        np.testing.assert_allclose(values[key], np.broadcast_to(value, values[key].shape),
                                   rtol=1e-9, atol=1e-10, err_msg="%r %s" % (op, key))
        assert values[key].shape == np.shape(value) or key == "add", (op, key)


def test_gradients_flow_to_the_tensors_operators_hold():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((3, 2))
    cases = [
        (lambda d: L.LinearOperatorDiag(d).solve(x), [rng.uniform(1, 2, 3)]),
        (lambda m: L.LinearOperatorLowerTriangular(m).log_abs_determinant(),
         [np.tril(rng.standard_normal((3, 3))) + 3 * np.eye(3)]),
        (lambda u: L.LinearOperatorLowRankUpdate(L.LinearOperatorIdentity(3, dtype=tf.float64),
                                                 u).solve(x), [rng.standard_normal((3, 1))]),
        (lambda c, r: L.LinearOperatorToeplitz(c, r).matmul(x),
         [rng.standard_normal(3), rng.standard_normal(3)]),
        (lambda s: L.LinearOperatorCirculant(s, input_output_dtype=tf.float64).solve(x),
         [np.array([5.0, 1.0, 1.0])]),
        (lambda v: L.LinearOperatorHouseholder(v).matmul(x), [rng.standard_normal(3)]),
        (lambda a: L.LinearOperatorKronecker([L.LinearOperatorFullMatrix(a),
                                              L.LinearOperatorDiag(np.array([1.0, 2.0, 3.0]))])
         .log_abs_determinant(), [rng.standard_normal((2, 2)) + 3 * np.eye(2)]),
    ]
    for fn, inputs in cases:
        check_gradients(fn, inputs)


def test_conjugate_gradient_matches_tensorflow():
    with tf.Graph().as_default():
        op = L.LinearOperatorFullMatrix(FIXTURE["cg_matrix"], is_self_adjoint=True,
                                        is_positive_definite=True)
        state = L.experimental.conjugate_gradient(op, FIXTURE["cg_rhs"], max_iter=10)
        preconditioned = L.experimental.conjugate_gradient(
            op, FIXTURE["cg_rhs"], preconditioner=L.LinearOperatorDiag(
                1.0 / np.diag(FIXTURE["cg_matrix"])), tol=1e-10)
        with tf.Session() as sess:
            x, i, x_pre = sess.run([state.x, state.i, preconditioned.x])
    np.testing.assert_allclose(x, FIXTURE["cg_x"], rtol=1e-9)
    assert i == FIXTURE["cg_i"]
    np.testing.assert_allclose(x_pre, np.linalg.solve(FIXTURE["cg_matrix"], FIXTURE["cg_rhs"]),
                               rtol=1e-8)


def test_hints_cholesky_composition_and_errors():
    with tf.Graph().as_default(), tf.Session() as sess:
        diag = L.LinearOperatorDiag([4.0, 9.0], is_positive_definite=True)
        assert diag.is_non_singular and diag.is_square and diag.is_self_adjoint
        assert sess.run(diag.cholesky().to_dense()).tolist() == [[2.0, 0.0], [0.0, 3.0]]
        composed = diag.matmul(L.LinearOperatorIdentity(2))
        assert isinstance(composed, L.LinearOperatorComposition)
        assert sess.run((diag @ L.LinearOperatorDiag([1.0, 0.5])).to_dense()).tolist() == [
            [4.0, 0.0], [0.0, 4.5]]
        with pytest.raises(ValueError, match="positive definite"):
            L.LinearOperatorFullMatrix([[1.0]]).cholesky()
        with pytest.raises(ValueError, match="always non-singular"):
            L.LinearOperatorFullMatrix([[1.0]], is_positive_definite=True,
                                       is_non_singular=False)
        with pytest.raises(NotImplementedError, match="singular"):
            L.LinearOperatorZeros(2).solve([[1.0], [1.0]])
        with pytest.raises(ValueError, match="incompatible"):
            L.LinearOperatorComposition([L.LinearOperatorIdentity(2),
                                         L.LinearOperatorIdentity(3)])
        with pytest.raises(ValueError, match="must contain 2 operators"):
            L.LinearOperatorBlockLowerTriangular([[L.LinearOperatorIdentity(2)],
                                                  [L.LinearOperatorIdentity(2)]])
        zeros = L.LinearOperatorZeros(2, 3, batch_shape=[2])
        assert zeros.shape.as_list() == [2, 2, 3] and zeros.is_square is False
        assert sess.run(zeros.matmul(np.ones((3, 1), np.float32))).shape == (2, 2, 1)
        assert float(sess.run(L.LinearOperatorZeros(2).determinant())) == 0.0


class Doubling(L.LinearOperator):
    """A user's operator known only by its product, as TF lets one subclass."""

    def __init__(self):
        super().__init__(tf.float64, is_self_adjoint=True, is_positive_definite=True,
                         name="Doubling")

    def _shape(self):
        return tf.TensorShape([2, 2])

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return 2.0 * (tf.linalg.adjoint(x) if adjoint_arg else x)


def test_a_subclass_with_only_a_product_gets_every_method():
    with tf.Graph().as_default(), tf.Session() as sess:
        op = Doubling()
        dense, det, solution, trace = sess.run([op.to_dense(), op.determinant(),
                                                op.solvevec(np.array([2.0, 4.0])), op.trace()])
    assert dense.tolist() == [[2.0, 0.0], [0.0, 2.0]] and float(det) == 4.0
    assert solution.tolist() == [1.0, 2.0] and float(trace) == 4.0


def test_complex_circulant_solves_through_the_reciprocal_spectrum():
    spectrum = np.array([3.0, 1.0 + 1.0j, 1.0 - 1.0j], np.complex128)
    x = np.array([1.0, 2.0j, 3.0])
    with tf.Graph().as_default(), tf.Session() as sess:
        op = L.LinearOperatorCirculant(spectrum, input_output_dtype=tf.complex128)
        assert op.dtype == tf.complex128
        dense, solution = sess.run([op.to_dense(), op.solvevec(x)])
    column = np.fft.ifft(spectrum)
    np.testing.assert_allclose(dense, column[(np.arange(3)[:, None] - np.arange(3)) % 3])
    np.testing.assert_allclose(solution, np.linalg.solve(dense, x), rtol=1e-12)


def test_solves_broadcast_batch_dimensions_as_tf():
    rng = np.random.default_rng(12)
    matrices = rng.standard_normal((2, 3, 3)) + 3 * np.eye(3)
    rhs = rng.standard_normal((3, 2))
    with tf.Graph().as_default(), tf.Session() as sess:
        full, lower, single = sess.run([
            L.LinearOperatorFullMatrix(matrices).solve(rhs),
            L.LinearOperatorLowerTriangular(matrices).solve(rhs),
            L.LinearOperatorFullMatrix(matrices[0]).solve(np.stack([rhs, 2 * rhs]))])
    np.testing.assert_allclose(full, np.linalg.solve(matrices, rhs), rtol=1e-12)
    np.testing.assert_allclose(lower, np.linalg.solve(np.tril(matrices), rhs), rtol=1e-12)
    np.testing.assert_allclose(single, np.linalg.solve(matrices[0], np.stack([rhs, 2 * rhs])),
                               rtol=1e-12)
