"""Linear algebra: inverse, determinant, slogdet, Cholesky, solves, band parts, diagonals, trace,
cross products, transposes and the composites of ``tf.linalg`` (logdet, cholesky_solve, matvec):
forward values against numpy (batched, float32 and float64, static and run-time shapes),
numerical gradient checks on well-conditioned and positive-definite inputs at several batch
shapes, TF1's errors, and the ``tf.linalg`` namespace."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients
from op_helpers import check, dynamic, grad_of, run

RNG = np.random.RandomState(5)
FLOATS = [np.float32, np.float64]
MATRIX_SHAPES = [(3, 3), (2, 3, 3), (2, 1, 4, 4)]


def well_conditioned(*shape):
    """Random matrices plus n on the diagonal: far from singular."""
    n = shape[-1]
    return RNG.standard_normal(shape) + n * np.eye(n)


def positive_definite(*shape):
    a = RNG.standard_normal(shape)
    return a @ np.swapaxes(a, -1, -2) + shape[-1] * np.eye(shape[-1])


def symmetrized(x):
    """Cholesky reads one triangle only; its TF1 gradient is the symmetric one, which the
    numerical check sees through a symmetric parametrization."""
    return 0.5 * (x + tf.matrix_transpose(x))


def triangular(lower, *shape):
    """A well-conditioned triangle (diagonal away from 0) with noise in the unread triangle."""
    x = RNG.standard_normal(shape)
    x[..., np.arange(shape[-1]), np.arange(shape[-1])] = RNG.uniform(1.5, 3.0, shape[:-1])
    return x


# ====================================================================== forward
@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
@pytest.mark.parametrize("shape", MATRIX_SHAPES, ids=str)
def test_inverse_determinant_slogdet_cholesky_forward(shape, dtype):
    a = well_conditioned(*shape).astype(dtype)
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    check(tf.matrix_inverse(a), np.linalg.inv(a), rtol=rtol, atol=rtol)
    check(tf.matrix_inverse(a, adjoint=True), np.linalg.inv(np.swapaxes(a, -1, -2)), rtol=rtol,
          atol=rtol)
    check(tf.matrix_determinant(a), np.linalg.det(a), rtol=rtol)
    sign, log_abs = tf.log_matrix_determinant(a)
    expected_sign, expected_log = np.linalg.slogdet(a)
    check(sign, expected_sign.astype(dtype))
    check(log_abs, expected_log.astype(dtype), rtol=rtol)
    spd = positive_definite(*shape).astype(dtype)
    check(tf.cholesky(spd), np.linalg.cholesky(spd), rtol=rtol, atol=rtol)
    check(tf.linalg.logdet(spd), np.linalg.slogdet(spd)[1].astype(dtype), rtol=rtol)


def test_unknown_shapes_take_their_run_time_values():
    a = well_conditioned(2, 3, 3)
    ph = tf.placeholder(tf.float64, [None, None, None])
    inverse, det = tf.matrix_inverse(ph), tf.matrix_determinant(ph)
    assert inverse.shape.as_list() == [None, None, None] and det.shape.as_list() == [None]
    check(inverse, np.linalg.inv(a), feed_dict={ph: a}, rtol=1e-12)
    check(det, np.linalg.det(a), feed_dict={ph: a}, rtol=1e-12)
    # One known side of a square matrix fixes the other.
    assert tf.matrix_inverse(tf.placeholder(tf.float32, [None, 4])).shape.as_list() == [4, 4]
    assert tf.matrix_inverse(tf.placeholder(tf.float32)).shape.ndims is None


def test_cholesky_reads_only_the_lower_triangle():
    spd = positive_definite(2, 3, 3)
    garbage_above = spd + np.triu(RNG.standard_normal((3, 3)) * 100, 1)
    value = check(tf.cholesky(garbage_above), np.linalg.cholesky(spd), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(value @ np.swapaxes(value, -1, -2), spd, rtol=1e-12)


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
@pytest.mark.parametrize("adjoint", [False, True])
@pytest.mark.parametrize("shapes", [((3, 3), (3, 2)), ((2, 4, 4), (2, 4, 1)),
                                    ((2, 1, 3, 3), (2, 1, 3, 5))], ids=str)
def test_matrix_solve_forward(shapes, adjoint, dtype):
    a = well_conditioned(*shapes[0]).astype(dtype)
    b = RNG.standard_normal(shapes[1]).astype(dtype)
    system = np.swapaxes(a, -1, -2) if adjoint else a
    rtol = 1e-4 if dtype == np.float32 else 1e-11
    check(tf.matrix_solve(a, b, adjoint=adjoint), np.linalg.solve(system, b), rtol=rtol,
          atol=rtol)


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
@pytest.mark.parametrize("adjoint", [False, True])
@pytest.mark.parametrize("lower", [True, False])
@pytest.mark.parametrize("shapes", [((3, 3), (3, 2)), ((2, 4, 4), (2, 4, 3))], ids=str)
def test_matrix_triangular_solve_uses_one_triangle(shapes, lower, adjoint, dtype):
    a = triangular(lower, *shapes[0]).astype(dtype)
    b = RNG.standard_normal(shapes[1]).astype(dtype)
    used = np.tril(a) if lower else np.triu(a)
    system = np.swapaxes(used, -1, -2) if adjoint else used
    rtol = 1e-4 if dtype == np.float32 else 1e-11
    check(tf.matrix_triangular_solve(a, b, lower=lower, adjoint=adjoint),
          np.linalg.solve(system, b), rtol=rtol, atol=rtol)


def test_cholesky_solve_and_matvec():
    spd, rhs = positive_definite(2, 3, 3), RNG.standard_normal((2, 3, 2))
    check(tf.linalg.cholesky_solve(tf.cholesky(spd), rhs), np.linalg.solve(spd, rhs), rtol=1e-11)
    a, v = RNG.standard_normal((2, 3, 4)), RNG.standard_normal((2, 4))
    check(tf.linalg.matvec(a, v), np.einsum("bij,bj->bi", a, v), rtol=1e-12)
    w = RNG.standard_normal((2, 3))
    check(tf.linalg.matvec(a, w, transpose_a=True), np.einsum("bji,bj->bi", a, w), rtol=1e-12)


def test_singular_inputs_as_tf1(on_the_host):  # TF1's CPU kernels check; its GPU ones do not
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    assert run(tf.matrix_determinant(singular)) == 0.0
    sign, log_abs = run(tf.log_matrix_determinant(np.zeros((2, 2))))
    assert sign == 0.0 and log_abs == -np.inf
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input is not invertible.") as info:
        run(tf.matrix_inverse(singular, name="inv_of_singular"))
    assert "inv_of_singular" in str(info.value)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input matrix is not invertible."):
        run(tf.matrix_solve(singular, np.ones((2, 1))))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input matrix is not invertible."):
        run(tf.matrix_triangular_solve(np.array([[1.0, 0.0], [5.0, 0.0]]), np.ones((2, 1))))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Cholesky decomposition was not successful. The input might not be "
                             "valid."):
        run(tf.cholesky(-np.eye(3)))


# ====================================================================== shape and dtype errors
@pytest.mark.parametrize("fn, op_type", [(tf.matrix_inverse, "MatrixInverse"),
                                         (tf.matrix_determinant, "MatrixDeterminant"),
                                         (tf.log_matrix_determinant, "LogMatrixDeterminant"),
                                         (tf.cholesky, "Cholesky")],
                         ids=["inverse", "det", "slogdet", "cholesky"])
def test_non_square_and_low_rank_inputs_fail_as_tf1(fn, op_type):
    with pytest.raises(ValueError, match=r"Dimensions must be equal, but are 2 and 3 for "
                                         r"'%s' \(op: '%s'\) with input shapes: \[2,3\]"
                                         % (op_type, op_type)):
        fn(tf.zeros([2, 3]))
    with pytest.raises(ValueError, match=r"Dimensions must be equal, but are 4 and 5 .* "
                                         r"\[7,4,5\]"):
        fn(tf.zeros([7, 4, 5]))
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        fn(tf.zeros([3]))
    with pytest.raises(TypeError, match=r"DataType int32 not in list of allowed values: float32, "
                                        r"float64 \(op '%s'\)" % op_type):
        fn(tf.constant([[1, 2], [3, 4]]))


def test_solve_shape_errors():
    a = tf.zeros([3, 3])
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4"):
        tf.matrix_solve(a, tf.zeros([4, 2]))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.matrix_triangular_solve(tf.zeros([2, 3]), tf.zeros([2, 2]))
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        tf.matrix_solve(a, tf.zeros([3]))
    # TF1.15's solves do not broadcast batch dimensions.
    with pytest.raises(ValueError, match="Shapes must be equal rank, but are 1 and 0"):
        tf.matrix_solve(tf.zeros([2, 3, 3]), tf.zeros([3, 1]))
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal, but are 2 "
                                         "and 4"):
        tf.matrix_triangular_solve(tf.zeros([2, 3, 3]), tf.zeros([4, 3, 1]))
    with pytest.raises(TypeError, match="Input 'rhs' of 'MatrixSolve' Op has type float64 that "
                                        "does not match type float32 of argument 'matrix'"):
        tf.matrix_solve(a, tf.zeros([3, 1], tf.float64))
    # Batches that only turn out different at run time fail the run.
    ph = tf.placeholder(tf.float64, [None, 3, 3])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"same batch dimensions, got \[1\] and \[2\]"):
        run(tf.matrix_solve(ph, np.ones((2, 3, 1))), {ph: well_conditioned(1, 3, 3)})


# ====================================================================== band part
def band_reference(x, num_lower, num_upper):
    rows, cols = x.shape[-2:]
    m, n = np.arange(rows)[:, None], np.arange(cols)[None, :]
    keep = ((num_lower < 0) | (m - n <= num_lower)) & ((num_upper < 0) | (n - m <= num_upper))
    return np.where(keep, x, 0).astype(x.dtype)


@pytest.mark.parametrize("bounds", [(-1, 0), (0, -1), (0, 0), (1, 2), (-1, -1), (2, 0), (3, 4)],
                         ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.int32, np.bool_], ids=["f32", "i32", "bool"])
def test_matrix_band_part_forward(dtype, bounds):
    x = (RNG.standard_normal((2, 3, 4)) * 10).astype(dtype)
    expected = band_reference(x, *bounds)
    check(tf.matrix_band_part(x, *bounds), expected)
    np.testing.assert_array_equal(band_reference(x[0], -1, 0), np.tril(x[0]))
    # the bounds may be tensors known only at run time
    lower, upper = tf.placeholder(tf.int64, []), tf.placeholder(tf.int32, [])
    check(tf.linalg.band_part(x, lower, upper), expected,
          feed_dict={lower: bounds[0], upper: bounds[1]})


def test_matrix_band_part_errors():
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        tf.matrix_band_part(tf.zeros([3]), 0, 0)
    with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
        tf.matrix_band_part(tf.zeros([3, 3]), [0, 1], 0)
    with pytest.raises(TypeError, match="parameter 'num_upper' has DataType float32"):
        tf.matrix_band_part(tf.zeros([3, 3]), 0, tf.constant(1.0))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"num_lower must be negative or less or equal to number of rows "
                             r"\(3\) got: 4"):
        run(tf.matrix_band_part(tf.zeros([3, 5]), 4, 0))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"num_upper must be negative or less or equal to number of columns "
                             r"\(5\) got: 6"):
        run(tf.matrix_band_part(tf.zeros([3, 5]), 0, 6))


# ====================================================================== diagonals
def diag_reference(d, k, rows, cols, padding=0):
    out = np.full(d.shape[:-1] + (rows, cols), padding, d.dtype)
    for index in range(d.shape[-1]):
        out[..., index + max(-k, 0), index + max(k, 0)] = d[..., index]
    return out


@pytest.mark.parametrize("case", [
    # (diagonal shape, k, num_rows, num_cols, expected rows and columns)
    ((3,), 0, -1, -1, (3, 3)), ((2, 3), 0, -1, -1, (3, 3)), ((2, 3), 1, -1, -1, (4, 4)),
    ((3,), -2, -1, -1, (5, 5)), ((2, 3), 0, 3, 5, (3, 5)), ((3,), 1, -1, 6, (3, 6)),
    ((3,), -1, 5, -1, (5, 3)),
], ids=str)
def test_matrix_diag_forward(case):
    shape, k, num_rows, num_cols, (rows, cols) = case
    d = RNG.randint(1, 9, shape).astype(np.int64)
    check(tf.matrix_diag(d, k=k, num_rows=num_rows, num_cols=num_cols),
          diag_reference(d, k, rows, cols))
    check(tf.linalg.diag(d.astype(np.float32), k=k, num_rows=num_rows, num_cols=num_cols,
                         padding_value=-1.5),
          diag_reference(d.astype(np.float32), k, rows, cols, padding=-1.5))
    ph = tf.placeholder(tf.int64, [None] * len(shape))
    check(tf.matrix_diag(ph, k=k, num_rows=num_rows, num_cols=num_cols),
          diag_reference(d, k, rows, cols), feed_dict={ph: d})


@pytest.mark.parametrize("k", [0, 1, 3, -1, -2])
@pytest.mark.parametrize("shape", [(3, 4), (2, 4, 3), (2, 1, 3, 3)], ids=str)
def test_matrix_diag_part_and_set_diag_forward(shape, k):
    x = RNG.standard_normal(shape)
    rows, cols = shape[-2:]
    if not -rows < k < cols:
        with pytest.raises(ValueError, match="k = %d is out of bounds" % k):
            tf.matrix_diag_part(x, k=k)
        return
    expected = np.stack([np.diagonal(m, offset=k) for m in x.reshape((-1,) + shape[-2:])]
                        ).reshape(shape[:-2] + (-1,))
    check(tf.matrix_diag_part(x, k=k), expected)
    if k == 0:
        np.testing.assert_array_equal(expected, np.diagonal(x, axis1=-2, axis2=-1))
    new_diagonal = RNG.standard_normal(expected.shape)
    updated = x.copy()
    length = expected.shape[-1]
    updated[..., np.arange(length) + max(-k, 0), np.arange(length) + max(k, 0)] = new_diagonal
    check(tf.matrix_set_diag(x, new_diagonal, k=k), updated)
    ph = tf.placeholder(tf.float64, [None] * len(shape))
    check(tf.linalg.set_diag(ph, new_diagonal, k=k), updated, feed_dict={ph: x})
    check(tf.linalg.diag_part(ph, k=k), expected, feed_dict={ph: x})


def test_diagonal_errors():
    with pytest.raises(ValueError, match="Shape must be at least rank 1 but is rank 0"):
        tf.matrix_diag(1.0)
    with pytest.raises(ValueError, match="Only a single diagonal is supported"):
        tf.matrix_diag([1.0, 2.0], k=(0, 1))
    with pytest.raises(ValueError, match="The number of rows is too small"):
        tf.matrix_diag([1.0, 2.0, 3.0], num_rows=2)
    with pytest.raises(ValueError, match="The number of rows or columns is not consistent"):
        tf.matrix_diag([1.0, 2.0], num_rows=3, num_cols=4)
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        tf.matrix_diag_part([1.0, 2.0])
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
        tf.matrix_set_diag(tf.zeros([3, 3]), [1.0, 2.0])
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal, but are 2 "
                                         "and 4"):
        tf.matrix_set_diag(tf.zeros([2, 3, 3]), tf.zeros([4, 3]))
    ph = tf.placeholder(tf.float32, [None, 3])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"diagonal must have shape \[2\] for input of shape \[2, 3\]"):
        run(tf.matrix_set_diag(ph, [1.0, 2.0, 3.0]), {ph: np.zeros((2, 3))})
    with pytest.raises(TypeError, match="k must be known while building the graph"):
        tf.matrix_diag_part(tf.zeros([3, 3]), k=tf.placeholder(tf.int32, []))


# ====================================================================== trace, cross, transpose
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32], ids=["f32", "f64", "i32"])
@pytest.mark.parametrize("shape", [(3, 3), (2, 3, 4), (2, 2, 4, 3)], ids=str)
def test_trace_forward(shape, dtype):
    x = (RNG.standard_normal(shape) * 10).astype(dtype)
    check(tf.trace(x), np.trace(x, axis1=-2, axis2=-1).astype(dtype), rtol=1e-6)
    assert tf.trace(x, name="tr").op.name == "tr"


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64], ids=["f32", "f64", "i64"])
@pytest.mark.parametrize("shape", [(3,), (4, 3), (2, 5, 3)], ids=str)
def test_cross_forward(shape, dtype):
    a, b = [(RNG.standard_normal(shape) * 10).astype(dtype) for _ in range(2)]
    check(tf.cross(a, b), np.cross(a, b), rtol=1e-6)
    ph = tf.placeholder(dtype, [None] * len(shape))
    y = tf.linalg.cross(ph, b)
    assert y.shape.as_list() == list(shape)
    check(y, np.cross(a, b), feed_dict={ph: a}, rtol=1e-6)


def test_cross_errors():
    with pytest.raises(ValueError, match="Dimension must be 3 but is 4"):
        tf.cross(tf.zeros([4]), tf.zeros([4]))
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal, but are 2 "
                                         "and 1"):
        tf.cross(tf.zeros([2, 3]), tf.zeros([1, 3]))  # no broadcasting, as TF1
    with pytest.raises(ValueError, match="Shape must be at least rank 1 but is rank 0"):
        tf.cross(1.0, 2.0)
    with pytest.raises(TypeError, match="Op 'Cross' does not accept inputs of type bool"):
        tf.cross(tf.zeros([3], tf.bool), tf.zeros([3], tf.bool))


def test_matrix_transpose_and_adjoint():
    x = RNG.standard_normal((2, 3, 4))
    assert tf.matrix_transpose(x).op.name == "matrix_transpose"  # TF1's default name
    check(tf.matrix_transpose(x), np.swapaxes(x, -1, -2))
    check(tf.linalg.transpose(x, conjugate=True), np.swapaxes(x, -1, -2))
    check(tf.linalg.adjoint(x), np.swapaxes(x, -1, -2))
    with pytest.raises(ValueError, match=r"Argument 'a' should be a \(batch\) matrix, with rank "
                                         r">= 2"):
        tf.matrix_transpose(tf.zeros([3]))


# ====================================================================== gradients
@pytest.mark.parametrize("adjoint", [False, True])
@pytest.mark.parametrize("shape", MATRIX_SHAPES, ids=str)
def test_matrix_inverse_gradients(shape, adjoint):
    check_gradients(lambda a: tf.matrix_inverse(a, adjoint=adjoint), [well_conditioned(*shape)])


@pytest.mark.parametrize("shape", MATRIX_SHAPES, ids=str)
def test_determinant_and_slogdet_gradients(shape):
    # Negative determinants too: the log of |det| is smooth away from 0.
    a = well_conditioned(*shape) * RNG.choice([-1.0, 1.0], shape[:-1] + (1,))
    check_gradients(tf.matrix_determinant, [a])
    check_gradients(lambda m: tf.log_matrix_determinant(m)[1], [a])


def test_slogdet_sign_has_no_gradient_and_dynamic_shapes_work():
    x = tf.placeholder(tf.float64, [2, 2])
    assert tf.gradients(tf.log_matrix_determinant(x)[0], [x]) == [None]
    check_gradients(lambda a: tf.matrix_determinant(dynamic(a)), [well_conditioned(2, 3, 3)])


@pytest.mark.parametrize("shape", MATRIX_SHAPES, ids=str)
def test_cholesky_gradients(shape):
    check_gradients(lambda a: tf.cholesky(symmetrized(a)), [positive_definite(*shape)])
    # through a product with itself, as TF's own tests do
    check_gradients(lambda x: tf.cholesky(tf.matmul(x, x, transpose_b=True)),
                    [well_conditioned(*shape)])


def test_logdet_gradient_is_the_inverse():
    check_gradients(lambda a: tf.linalg.logdet(symmetrized(a)), [positive_definite(2, 3, 3)])
    a = positive_definite(3, 3)
    x = tf.constant(a)
    np.testing.assert_allclose(run(grad_of(tf.linalg.logdet(symmetrized(x)), x)),
                               np.linalg.inv(a), rtol=1e-10)


@pytest.mark.parametrize("adjoint", [False, True])
@pytest.mark.parametrize("shapes", [((3, 3), (3, 2)), ((2, 3, 3), (2, 3, 1)),
                                    ((2, 1, 3, 3), (2, 1, 3, 2))], ids=str)
def test_matrix_solve_gradients(shapes, adjoint):
    check_gradients(lambda a, b: tf.matrix_solve(a, b, adjoint=adjoint),
                    [well_conditioned(*shapes[0]), RNG.standard_normal(shapes[1])])


@pytest.mark.parametrize("adjoint", [False, True])
@pytest.mark.parametrize("lower", [True, False])
@pytest.mark.parametrize("shapes", [((3, 3), (3, 2)), ((2, 3, 3), (2, 3, 2))], ids=str)
def test_matrix_triangular_solve_gradients(shapes, lower, adjoint):
    # The unread triangle's gradient is 0, numerically and analytically.
    check_gradients(lambda a, b: tf.matrix_triangular_solve(a, b, lower=lower, adjoint=adjoint),
                    [triangular(lower, *shapes[0]), RNG.standard_normal(shapes[1])])


def test_composite_gradients():
    spd, rhs = positive_definite(2, 3, 3), RNG.standard_normal((2, 3, 2))
    check_gradients(lambda c, b: tf.linalg.cholesky_solve(tf.cholesky(symmetrized(c)), b),
                    [spd, rhs])
    check_gradients(tf.linalg.matvec, [RNG.standard_normal((2, 3, 4)), RNG.standard_normal((2, 4))])


@pytest.mark.parametrize("bounds", [(-1, 0), (0, -1), (1, 1), (0, 0)], ids=str)
def test_band_part_gradients(bounds):
    check_gradients(lambda x: tf.matrix_band_part(x, *bounds), [RNG.standard_normal((2, 3, 4))])


@pytest.mark.parametrize("k", [0, 1, -1])
@pytest.mark.parametrize("shape", [(3, 3), (2, 3, 4)], ids=str)
def test_diagonal_gradients(shape, k):
    x = RNG.standard_normal(shape)
    length = min(shape[-2] + min(k, 0), shape[-1] - max(k, 0))
    d = RNG.standard_normal(shape[:-2] + (length,))
    check_gradients(lambda t: tf.matrix_diag_part(t, k=k), [x])
    check_gradients(lambda t, u: tf.matrix_set_diag(t, u, k=k), [x, d])
    check_gradients(lambda u: tf.matrix_diag(u, k=k, num_rows=shape[-2], num_cols=shape[-1]), [d])
    check_gradients(lambda u: tf.matrix_diag(u, k=k), [d])


@pytest.mark.parametrize("shape", [(3, 3), (2, 3, 4)], ids=str)
def test_trace_and_transpose_gradients(shape):
    check_gradients(tf.trace, [RNG.standard_normal(shape)])
    check_gradients(lambda x: tf.matrix_transpose(x) * 2.0, [RNG.standard_normal(shape)])


@pytest.mark.parametrize("shape", [(3,), (4, 3), (2, 2, 3)], ids=str)
def test_cross_gradients(shape):
    check_gradients(tf.cross, [RNG.standard_normal(shape), RNG.standard_normal(shape)])


def test_second_derivatives_of_inverse_and_determinant():
    check_gradients(lambda a: grad_of(tf.reduce_sum(tf.matrix_inverse(a)), a),
                    [well_conditioned(2, 3, 3)])
    check_gradients(lambda a: grad_of(tf.reduce_sum(tf.matrix_determinant(a)), a),
                    [well_conditioned(3, 3)])
    check_gradients(lambda a: grad_of(tf.reduce_sum(tf.cholesky(symmetrized(a))), a),
                    [positive_definite(3, 3)])


def test_gradient_values_match_the_closed_forms():
    a = well_conditioned(3, 3)
    x = tf.constant(a)
    d_det, d_logdet = run([grad_of(tf.matrix_determinant(x), x),
                           grad_of(tf.log_matrix_determinant(x)[1], x)])
    np.testing.assert_allclose(d_det, np.linalg.det(a) * np.linalg.inv(a).T, rtol=1e-12)
    np.testing.assert_allclose(d_logdet, np.linalg.inv(a).T, rtol=1e-12)


# ====================================================================== the tf.linalg namespace
LINALG_NAMES = {
    "band_part": tf.matrix_band_part, "cholesky": tf.cholesky, "cholesky_solve": tf.cholesky_solve,
    "cross": tf.cross, "det": tf.matrix_determinant, "diag": tf.matrix_diag,
    "diag_part": tf.matrix_diag_part, "einsum": tf.einsum, "eye": tf.eye,
    "inv": tf.matrix_inverse, "l2_normalize": tf.nn.l2_normalize, "matmul": tf.matmul,
    "matrix_transpose": tf.matrix_transpose, "norm": tf.norm, "set_diag": tf.matrix_set_diag,
    "slogdet": tf.log_matrix_determinant, "solve": tf.matrix_solve, "tensor_diag": tf.diag,
    "tensor_diag_part": tf.diag_part, "tensordot": tf.tensordot, "trace": tf.trace,
    "transpose": tf.matrix_transpose, "triangular_solve": tf.matrix_triangular_solve,
}


def test_linalg_namespace_holds_the_same_functions():
    for name, fn in LINALG_NAMES.items():
        assert getattr(tf.linalg, name) is fn, name
    assert set(LINALG_NAMES) <= set(tf.linalg.__all__)
    # The names TF1 has only under tf.linalg (adjoint, logdet, matvec, the decompositions, the
    # LinearOperators, global_norm) come from the linear-algebra families (and clip_ops'
    # global_norm); tf.linalg.experimental is a namespace module.
    families = ("autograd_engine.ops.linalg_ops", "autograd_engine.ops.linalg_decompositions",
                "autograd_engine.ops.linalg_extra", "autograd_engine.ops.matrix_functions",
                "autograd_engine.ops.clip_ops")
    for name in set(tf.linalg.__all__) - set(LINALG_NAMES) - {"experimental"}:
        fn = getattr(tf.linalg, name)
        assert callable(fn) and (fn.__module__ in families or fn.__module__.startswith(
            "autograd_engine.ops.linalg_operator.")), name
    assert tf.linalg.experimental.__name__ == "autograd_engine.api.linalg_experimental"
    check(tf.linalg.norm(tf.constant([[3.0, 4.0], [0.0, 0.0]]), axis=1),
          np.array([5.0, 0.0], np.float32))
