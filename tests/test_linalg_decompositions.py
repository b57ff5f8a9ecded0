"""tf.linalg's decompositions and matrix functions against TensorFlow
(tests/fixtures/linalg/linalg.npz, made by tools/make_fixtures_linalg.py): values, TF's
gradients of a fixed projection where TF has one, invariants where TF's singular or eigen
vectors differ from LAPACK's by sign; float64 gradient checks of the functions built from
other ops; TF1's errors for bad input."""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients

FIXTURE = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "linalg", "linalg.npz"))


def fixture_inputs(case):
    inputs = []
    while "%s_in%d" % (case, len(inputs)) in FIXTURE:
        inputs.append(FIXTURE["%s_in%d" % (case, len(inputs))])
    return inputs


def run_case(case, build, with_gradient=False):
    """``build``'s outputs on the fixture's inputs, and (``with_gradient``) the gradient of
    the fixture's projection ``sum(out_i * w_i)`` with respect to each input."""
    with tf.Graph().as_default(), tf.Session() as sess:
        inputs = [tf.constant(x) for x in fixture_inputs(case)]
        outputs = build(*inputs)
        outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        fetched = {"out": outputs}
        if with_gradient:
            loss = tf.add_n([tf.reduce_sum(o * FIXTURE["%s_w%d" % (case, i)])
                             for i, o in enumerate(outputs)])
            fetched["grad"] = tf.gradients(loss, inputs)
        return sess.run(fetched)


def assert_matches(case, build, with_gradient=False, rtol=1e-7, atol=1e-9):
    values = run_case(case, build, with_gradient)
    for i, value in enumerate(values["out"]):
        expected = FIXTURE["%s_out%d" % (case, i)]
        assert value.dtype == expected.dtype and value.shape == expected.shape, (case, i)
        np.testing.assert_allclose(value, expected, rtol=rtol, atol=atol, err_msg=case)
    for i, grad in enumerate(values.get("grad", [])):
        np.testing.assert_allclose(grad, FIXTURE["%s_grad%d" % (case, i)], rtol=1e-6,
                                   atol=1e-8, err_msg="%s gradient %d" % (case, i))


@pytest.mark.parametrize("case,build,with_gradient", [
    ("svd_values", lambda a: tf.svd(a, compute_uv=False), True),
    ("eigvalsh", tf.linalg.eigvalsh, True),
    ("lu", tf.linalg.lu, False),
    ("lu_solve", lambda a, b: tf.linalg.lu_solve(*tf.linalg.lu(a), b), False),
    ("lu_inverse", lambda a: tf.linalg.lu_matrix_inverse(*tf.linalg.lu(a)), False),
    ("lu_reconstruct", lambda a: tf.linalg.lu_reconstruct(*tf.linalg.lu(a)), False),
    ("lstsq_fast", lambda a, b: tf.linalg.lstsq(a, b, l2_regularizer=0.5), True),
    ("lstsq_wide", lambda a, b: tf.linalg.lstsq(a, b, l2_regularizer=0.1), True),
    ("lstsq_slow", lambda a, b: tf.matrix_solve_ls(a, b, fast=False), False),
    ("sqrtm", tf.linalg.sqrtm, True),
    ("expm", tf.linalg.expm, True),
    ("expm_large", tf.linalg.expm, False),
    ("logm", tf.linalg.logm, False),
    ("pinv", tf.linalg.pinv, True),
    ("matrix_rank", tf.linalg.matrix_rank, False),
    ("normalize", lambda a: tf.linalg.normalize(a, axis=1), True),
    ("normalize_ord1", lambda a: tf.linalg.normalize(a, ord=1), False),
    ("tridiagonal_matmul", tf.linalg.tridiagonal_matmul, True),
    ("tridiagonal_solve", tf.linalg.tridiagonal_solve, True),
    ("eigh_tridiagonal", tf.linalg.eigh_tridiagonal, False),
    ("eigh_tridiagonal_i", lambda a, b: tf.linalg.eigh_tridiagonal(a, b, select="i",
                                                                    select_range=[1, 3]), False),
])
def test_values_and_gradients_match_tensorflow(case, build, with_gradient):
    assert_matches(case, build, with_gradient)


def test_svd_matches_tensorflow_up_to_vector_signs():
    a = FIXTURE["svd_full_in0"]
    with tf.Graph().as_default(), tf.Session() as sess:
        s, u, v = sess.run(tf.linalg.svd(a, full_matrices=True))
    np.testing.assert_allclose(s, FIXTURE["svd_full_out0"], rtol=1e-12)
    assert u.shape == (2, 4, 4) and v.shape == (2, 3, 3)
    for ours, theirs in ((u[..., :3], FIXTURE["svd_full_out1"][..., :3]),
                         (v, FIXTURE["svd_full_out2"])):
        np.testing.assert_allclose(np.abs(ours), np.abs(theirs), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(u[..., :3] * s[..., None, :] @ np.swapaxes(v, -1, -2), a,
                               atol=1e-12)
    np.testing.assert_allclose(np.swapaxes(u, -1, -2) @ u, np.broadcast_to(np.eye(4), u.shape),
                               atol=1e-12)


@pytest.mark.parametrize("case,full", [("qr", False), ("qr_full", True)])
def test_qr_matches_tensorflow_up_to_signs(case, full):
    a = FIXTURE[case + "_in0"]
    with tf.Graph().as_default(), tf.Session() as sess:
        q, r = sess.run(tf.qr(a, full_matrices=full))
    expected_q, expected_r = FIXTURE[case + "_out0"], FIXTURE[case + "_out1"]
    assert q.shape == expected_q.shape and r.shape == expected_r.shape
    signs = np.sign(np.diagonal(r, axis1=-2, axis2=-1) * np.diagonal(expected_r, axis1=-2,
                                                                     axis2=-1))
    np.testing.assert_allclose(r[..., :3, :] * signs[..., :, None], expected_r[..., :3, :],
                               atol=1e-12)
    np.testing.assert_allclose(q[..., :3] * signs[..., None, :], expected_q[..., :3],
                               atol=1e-12)
    np.testing.assert_allclose(q @ r, a, atol=1e-12)


def test_self_adjoint_eig_matches_tensorflow_up_to_signs():
    a = FIXTURE["eigh_in0"]
    with tf.Graph().as_default(), tf.Session() as sess:
        e, v = sess.run(tf.self_adjoint_eig(a))
    np.testing.assert_allclose(e, FIXTURE["eigh_out0"], rtol=1e-12)
    np.testing.assert_allclose(np.abs(v), np.abs(FIXTURE["eigh_out1"]), atol=1e-12)
    np.testing.assert_allclose((v * e[..., None, :]) @ np.swapaxes(v, -1, -2), a, atol=1e-12)


def test_svd_gradient_of_the_reconstruction_is_the_identity_map():
    # u diag(s) v^T is the input itself, whatever the signs LAPACK picks.
    def reconstruct(a):
        s, u, v = tf.svd(a)
        return tf.matmul(u * tf.expand_dims(s, -2), v, transpose_b=True)
    rng = np.random.default_rng(1)
    for shape in ((3, 5), (5, 3), (2, 4, 4)):
        check_gradients(reconstruct, [rng.standard_normal(shape)])


@pytest.mark.parametrize("fn,inputs", [
    (lambda a: tf.linalg.pinv(a), [np.random.default_rng(2).standard_normal((2, 4, 3))]),
    (lambda a: tf.linalg.lu_matrix_inverse(*tf.linalg.lu(a)),
     [np.random.default_rng(3).standard_normal((3, 3)) + 3 * np.eye(3)]),
    (lambda a, b: tf.linalg.lu_solve(*tf.linalg.lu(a), b),
     [np.random.default_rng(4).standard_normal((2, 3, 3)) + 3 * np.eye(3),
      np.random.default_rng(5).standard_normal((2, 3, 2))]),
    (lambda a, b: tf.matrix_solve_ls(a, b, l2_regularizer=0.3),
     [np.random.default_rng(6).standard_normal((5, 3)),
      np.random.default_rng(7).standard_normal((5, 2))]),
    (lambda d, v: tf.linalg.tridiagonal_solve(d, v),
     [np.random.default_rng(8).standard_normal((3, 4)) + [[0.0], [4.0], [0.0]],
      np.random.default_rng(9).standard_normal(4)]),
    (lambda a, b: tf.linalg.eigh_tridiagonal(a, b, eigvals_only=True),
     [np.array([1.0, 2.0, 4.0]), np.array([0.5, -0.3])]),
    (lambda a: tf.linalg.normalize(a, axis=-1)[0],
     [np.random.default_rng(10).standard_normal((3, 4))]),
])
def test_gradients_of_functions_built_from_ops(fn, inputs):
    check_gradients(fn, inputs)


def test_tridiagonal_formats_agree():
    rng = np.random.default_rng(11)
    compact = rng.standard_normal((3, 4)) + [[0.0], [5.0], [0.0]]
    rhs = rng.standard_normal((4, 2))
    dense = np.diag(compact[1]) + np.diag(compact[0, :-1], 1) + np.diag(compact[2, 1:], -1)
    with tf.Graph().as_default(), tf.Session() as sess:
        values = sess.run([
            tf.linalg.tridiagonal_matmul(list(compact), rhs, diagonals_format="sequence"),
            tf.linalg.tridiagonal_matmul(dense, rhs, diagonals_format="matrix"),
            tf.linalg.tridiagonal_solve(dense, rhs, diagonals_format="matrix"),
            tf.linalg.tridiagonal_solve(compact, rhs.T, transpose_rhs=True)])
    for product in values[:2]:
        np.testing.assert_allclose(product, dense @ rhs, rtol=1e-12)
    for solution in values[2:]:
        np.testing.assert_allclose(solution, np.linalg.solve(dense, rhs), rtol=1e-10)


def test_eigh_tridiagonal_selects_by_value_and_returns_vectors():
    alpha, beta = FIXTURE["eigh_tridiagonal_in0"], FIXTURE["eigh_tridiagonal_in1"]
    everything = FIXTURE["eigh_tridiagonal_out0"]
    with tf.Graph().as_default(), tf.Session() as sess:
        in_range, (values, vectors) = sess.run([
            tf.linalg.eigh_tridiagonal(alpha, beta, select="v", select_range=[-0.5, 1.0]),
            tf.linalg.eigh_tridiagonal(alpha, beta, eigvals_only=False)])
    np.testing.assert_allclose(in_range, everything[(everything > -0.5) & (everything <= 1.0)])
    matrix = np.diag(alpha) + np.diag(beta, 1) + np.diag(beta, -1)
    np.testing.assert_allclose(matrix @ vectors, vectors * values, atol=1e-12)


def test_matrix_rank_with_tolerance_and_sqrtm_of_negative_eigenvalues():
    with tf.Graph().as_default(), tf.Session() as sess:
        rank, root = sess.run([tf.linalg.matrix_rank([[1.0, 0.0], [0.0, 1e-3]], tol=1e-2),
                               tf.linalg.sqrtm([[-1.0, 0.0], [0.0, 4.0]])])
    assert rank == 1 and rank.dtype == np.int32
    assert np.isnan(root).all()


def test_bad_input_gets_tensorflow_s_errors():
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match="complex64, complex128"):
            tf.linalg.logm([[1.0]])
        with pytest.raises(TypeError, match="float32, float64"):
            tf.svd(tf.constant([[1, 2]]))
        with pytest.raises(ValueError, match="Dimensions must be equal"):
            tf.linalg.eigh(tf.zeros([2, 3]))
        with pytest.raises(ValueError, match="select must be"):
            tf.linalg.eigh_tridiagonal([1.0], [], select="x")
        a = tf.placeholder(tf.float64, [4, 3])
        with pytest.raises(ValueError, match="fast=False"):
            tf.gradients(tf.matrix_solve_ls(a, tf.ones([4, 1], tf.float64), fast=False), a)
        with pytest.raises(NotImplementedError, match="abs\\(m - n\\) > 1"):
            wide = tf.placeholder(tf.float64, [5, 2])
            tf.gradients(tf.svd(wide, full_matrices=True)[1], wide)
        singular = tf.linalg.lu([[1.0, 2.0], [2.0, 4.0]])
        with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError,
                                                 match="not invertible"):
            sess.run(singular)


def test_a_graph_def_tensorflow_wrote_imports_and_computes_its_values():
    path = os.path.join(os.path.dirname(__file__), "fixtures", "linalg", "linalg_graph.pb")
    graph_def = tf.GraphDef()
    with open(path, "rb") as f:
        graph_def.ParseFromString(f.read())
    names = ["svd_values", "qr_r_abs", "eigvals", "lu_factors", "sqrtm", "lstsq", "bits",
             "tridiagonal"]
    with tf.Graph().as_default():
        outputs = tf.import_graph_def(graph_def, return_elements=[n + ":0" for n in names],
                                      name="")
        with tf.Session() as sess:
            values = sess.run(outputs, {"x:0": FIXTURE["graph_x"], "k:0": FIXTURE["graph_k"]})
    for name, value in zip(names, values):
        expected = FIXTURE["graph_" + name]
        assert value.dtype == expected.dtype, name
        np.testing.assert_allclose(value, expected, rtol=1e-9, atol=1e-12, err_msg=name)


def test_tridiagonal_solve_pivots_refuses_singular_systems_and_can_perturb_them():
    # A zero leading pivot needs the row interchange; without pivoting it is singular.
    needs_pivot = np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0], [0.0, 1.0, 1.0]])
    singular = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])  # the matrix [[1, 1], [1, 1]]
    rhs = np.array([1.0, 2.0, 3.0])
    dense = np.array([[0.0, 1.0, 0.0], [1.0, 1.0, 1.0], [0.0, 1.0, 1.0]])
    with tf.Graph().as_default(), tf.Session() as sess:
        np.testing.assert_allclose(sess.run(tf.linalg.tridiagonal_solve(needs_pivot, rhs)),
                                   np.linalg.solve(dense, rhs), rtol=1e-12)
        for diagonals, pivoting in ((needs_pivot, False), (singular, True)):
            with pytest.raises(tf.errors.InvalidArgumentError, match="not invertible"):
                sess.run(tf.linalg.tridiagonal_solve(diagonals, rhs[:diagonals.shape[1]],
                                                     partial_pivoting=pivoting))
        perturbed = sess.run(tf.linalg.tridiagonal_solve(singular, [1.0, 1.0],
                                                         perturb_singular=True))
    assert np.isfinite(perturbed).all()


def test_tridiagonal_solve_is_linear_in_the_size():
    rng = np.random.default_rng(13)
    m = 5000  # a dense solve would need 200 MB and seconds
    diagonals = rng.standard_normal((3, m)) + np.array([[0.0], [4.0], [0.0]])
    rhs = rng.standard_normal((m, 1))
    with tf.Graph().as_default(), tf.Session() as sess:
        x = sess.run(tf.linalg.tridiagonal_solve(diagonals, rhs))
        product = sess.run(tf.linalg.tridiagonal_matmul(diagonals, x))
    np.testing.assert_allclose(product, rhs, atol=1e-10)
