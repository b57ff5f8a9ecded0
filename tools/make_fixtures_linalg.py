"""Fixtures for tf.linalg's decompositions and LinearOperators, tf.bitwise (issue 20, part d),
computed with real TensorFlow.

Run with the TensorFlow venv from the repository root:
    /work/tfvenv/bin/python tools/make_fixtures_linalg.py
Writes tests/fixtures/linalg/linalg.npz: every input (``<case>_in*``) next to TensorFlow's
outputs (``<case>_out*``) and, where TF has a gradient, its gradient of a fixed projection of
the output (``<case>_grad*``); and linalg_graph.pb, a GraphDef TensorFlow wrote with these ops
(its inputs and outputs are the ``graph_*`` arrays).
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "linalg")
rng = np.random.default_rng(20)
arrays = {}
sess = tf.Session()


def record(case, fn, *inputs, grad=False):
    """Runs ``fn`` on constants of ``inputs``; with ``grad``, also the gradient of
    ``sum(out_i * w_i)`` for fixed weights ``w_i`` (stored as ``<case>_w<i>``)."""
    tensors = [tf.constant(x) for x in inputs]
    outs = fn(*tensors)
    outs = list(outs) if isinstance(outs, (list, tuple)) else [outs]
    for i, x in enumerate(inputs):
        arrays["%s_in%d" % (case, i)] = x
    values = sess.run(outs)
    for i, v in enumerate(values):
        arrays["%s_out%d" % (case, i)] = v
    if grad:
        weights = [rng.standard_normal(v.shape) for v in values]
        loss = tf.add_n([tf.reduce_sum(o * w) for o, w in zip(outs, weights)])
        for i, w in enumerate(weights):
            arrays["%s_w%d" % (case, i)] = w
        for i, g in enumerate(sess.run(tf.gradients(loss, tensors))):
            arrays["%s_grad%d" % (case, i)] = g


def spd(*shape):
    m = rng.standard_normal(shape)
    return m @ np.swapaxes(m, -1, -2) + shape[-1] * np.eye(shape[-1])


# ------------------------------------------------------------------ bitwise
for dtype in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16):
    info = np.iinfo(dtype)
    x = np.array([0, 1, 5, info.max, info.min, 3, 7, 12], dtype)
    y = np.array([3, 6, 1, 2, 1, 0, 5, 10], dtype)
    bits = np.iinfo(dtype).bits
    shifts = np.array([0, 1, bits - 1, bits, bits + 3, 2, 3, 4], dtype)
    if info.min < 0:
        shifts[-1] = -1
    name = np.dtype(dtype).name
    record("bitwise_" + name, lambda a, b, s: [
        tf.bitwise.bitwise_and(a, b), tf.bitwise.bitwise_or(a, b),
        tf.bitwise.bitwise_xor(a, b), tf.bitwise.invert(a),
        tf.bitwise.left_shift(a, s), tf.bitwise.right_shift(a, s)], x, y, shifts)

# ------------------------------------------------------------------ decompositions
tall = rng.standard_normal((2, 4, 3))
record("svd_values", lambda a: tf.svd(a, compute_uv=False), tall, grad=True)
record("svd_full", lambda a: tf.svd(a, full_matrices=True), tall)
record("qr", lambda a: tf.qr(a), tall)
record("qr_full", lambda a: tf.qr(a, full_matrices=True), tall)
sym = spd(2, 3, 3)
record("eigh", lambda a: tf.self_adjoint_eig(a), sym)
record("eigvalsh", lambda a: tf.linalg.eigvalsh(a), sym, grad=True)
square = rng.standard_normal((2, 3, 3)) + 2 * np.eye(3)
record("lu", lambda a: tf.linalg.lu(a), square)
rhs = rng.standard_normal((2, 3, 2))
record("lu_solve", lambda a, b: tf.linalg.lu_solve(*tf.linalg.lu(a), b), square, rhs)
record("lu_inverse", lambda a: tf.linalg.lu_matrix_inverse(*tf.linalg.lu(a)), square)
record("lu_reconstruct", lambda a: tf.linalg.lu_reconstruct(*tf.linalg.lu(a)), square)
b43 = rng.standard_normal((2, 4, 2))
record("lstsq_fast", lambda a, b: tf.linalg.lstsq(a, b, l2_regularizer=0.5), tall, b43, grad=True)
record("lstsq_slow", lambda a, b: tf.matrix_solve_ls(a, b, fast=False), tall, b43)
wide = rng.standard_normal((2, 3, 5))
b35 = rng.standard_normal((2, 3, 1))
record("lstsq_wide", lambda a, b: tf.linalg.lstsq(a, b, l2_regularizer=0.1), wide, b35,
       grad=True)
record("sqrtm", lambda a: tf.linalg.sqrtm(a), spd(2, 3, 3), grad=True)
record("expm", lambda a: tf.linalg.expm(a), 0.5 * rng.standard_normal((2, 3, 3)), grad=True)
record("expm_large", lambda a: tf.linalg.expm(a), 3.0 * rng.standard_normal((4, 4)))
record("logm", lambda a: tf.linalg.logm(a),
       (spd(3, 3) + 0.3 * rng.standard_normal((3, 3))).astype(np.complex128))
record("pinv", lambda a: tf.linalg.pinv(a), tall, grad=True)
low_rank = rng.standard_normal((2, 4, 2)) @ rng.standard_normal((2, 2, 3))
record("matrix_rank", lambda a: tf.linalg.matrix_rank(a), low_rank)
record("normalize", lambda a: tf.linalg.normalize(a, axis=1), tall, grad=True)
record("normalize_ord1", lambda a: tf.linalg.normalize(a, ord=1), tall)
diags = rng.standard_normal((2, 3, 5))
vec = rng.standard_normal((2, 5, 2))
record("tridiagonal_matmul", lambda d, v: tf.linalg.tridiagonal_matmul(d, v), diags, vec,
       grad=True)
diags_solvable = diags.copy()
diags_solvable[:, 1] += 4.0
record("tridiagonal_solve", lambda d, v: tf.linalg.tridiagonal_solve(d, v), diags_solvable, vec,
       grad=True)
alpha, beta = rng.standard_normal(5), rng.standard_normal(4)
record("eigh_tridiagonal", lambda a, b: tf.linalg.eigh_tridiagonal(a, b), alpha, beta)
record("eigh_tridiagonal_i", lambda a, b: tf.linalg.eigh_tridiagonal(
    a, b, select="i", select_range=[1, 3]), alpha, beta)

# ------------------------------------------------------------------ LinearOperators
LO = tf.linalg
arrays["circulant_spectrum"] = spectrum = np.array([6.0, 1.0 + 2.0j, 1.0 - 2.0j])
circ = LO.LinearOperatorCirculant(tf.constant(spectrum.astype(np.complex128)),
                                  input_output_dtype=tf.float64, is_self_adjoint=False)
toeplitz = LO.LinearOperatorToeplitz(tf.constant([1.0, 2.0, 3.0], tf.float64),
                                     tf.constant([1.0, -1.0, 4.0], tf.float64))
house = LO.LinearOperatorHouseholder(tf.constant([1.0, 2.0, -2.0], tf.float64))
kron = LO.LinearOperatorKronecker([LO.LinearOperatorFullMatrix(tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float64)),
                                   LO.LinearOperatorFullMatrix(tf.constant(spd(3, 3)))])
perm = LO.LinearOperatorPermutation(tf.constant([2, 0, 1]), dtype=tf.float64)
tri = LO.LinearOperatorTridiag(tf.constant(diags_solvable[0, :, :3]), diagonals_format="compact")
lower_blocks = [[LO.LinearOperatorFullMatrix(tf.constant(spd(2, 2)))],
                [LO.LinearOperatorFullMatrix(tf.constant(rng.standard_normal((3, 2)))),
                 LO.LinearOperatorLowerTriangular(tf.constant(np.tril(spd(3, 3))))]]
block_lower = LO.LinearOperatorBlockLowerTriangular(lower_blocks)
x3 = rng.standard_normal((3, 2))
arrays["operator_x3"] = x3
for name, op in [("circulant", circ), ("toeplitz", toeplitz), ("householder", house),
                 ("permutation", perm), ("tridiag", tri)]:
    dense, prod, solve, logdet = sess.run([op.to_dense(), op.matmul(x3), op.solve(x3),
                                           op.log_abs_determinant()])
    arrays[name + "_dense"], arrays[name + "_matmul"] = dense, prod
    arrays[name + "_solve"], arrays[name + "_logdet"] = solve, logdet
for name, op in [("kronecker", kron), ("block_lower", block_lower)]:
    x = rng.standard_normal((op.shape[-1], 2))
    arrays[name + "_x"] = x
    dense, prod, solve, det = sess.run([op.to_dense(), op.matmul(tf.constant(x)),
                                        op.solve(tf.constant(x)), op.determinant()])
    arrays[name + "_dense"], arrays[name + "_matmul"] = dense, prod
    arrays[name + "_solve"], arrays[name + "_det"] = solve, det
for i, block in enumerate(sess.run([b.to_dense() for row in lower_blocks for b in row])):
    arrays["block_lower_block%d" % i] = block
arrays["kronecker_factor1"] = sess.run(kron.operators[1].to_dense())
cg_matrix = spd(4, 4)
cg_rhs = rng.standard_normal(4)
cg = tf.linalg.experimental.conjugate_gradient(
    LO.LinearOperatorFullMatrix(tf.constant(cg_matrix), is_self_adjoint=True,
                                is_positive_definite=True), tf.constant(cg_rhs), max_iter=10)
arrays["cg_matrix"], arrays["cg_rhs"] = cg_matrix, cg_rhs
arrays["cg_x"], arrays["cg_i"] = sess.run([cg.x, cg.i])

# ------------------------------------------------------------------ a GraphDef TensorFlow wrote
graph = tf.Graph()
with graph.as_default():
    x = tf.placeholder(tf.float64, [3, 3], name="x")
    k = tf.placeholder(tf.int32, [4], name="k")
    sym = tf.matmul(x, x, transpose_b=True) + 3.0 * np.eye(3)
    tf.identity(tf.svd(x, compute_uv=False), name="svd_values")
    tf.identity(tf.abs(tf.qr(x)[1]), name="qr_r_abs")
    tf.identity(tf.self_adjoint_eigvals(sym), name="eigvals")
    tf.identity(tf.linalg.lu(x)[0], name="lu_factors")
    tf.identity(tf.linalg.sqrtm(sym), name="sqrtm")
    tf.identity(tf.matrix_solve_ls(x, sym, fast=False), name="lstsq")
    tf.identity(tf.bitwise.left_shift(k, tf.constant([1, 2, 40, -1])) + tf.bitwise.bitwise_xor(
        k, 5) + tf.bitwise.invert(k), name="bits")
    tf.identity(tf.linalg.tridiagonal_solve(x + np.array([[0.0], [5.0], [0.0]]), sym),
                name="tridiagonal")
    names = ["svd_values", "qr_r_abs", "eigvals", "lu_factors", "sqrtm", "lstsq", "bits",
             "tridiagonal"]
    graph_input = rng.standard_normal((3, 3))
    with tf.Session() as graph_sess:
        values = graph_sess.run([n + ":0" for n in names],
                                {"x:0": graph_input, "k:0": [1, 7, -3, 100]})
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "linalg_graph.pb"), "wb") as f:
        f.write(graph.as_graph_def().SerializeToString())
    arrays["graph_x"], arrays["graph_k"] = graph_input, np.array([1, 7, -3, 100], np.int32)
    for n, v in zip(names, values):
        arrays["graph_" + n] = v

os.makedirs(OUT, exist_ok=True)
np.savez_compressed(os.path.join(OUT, "linalg.npz"), **arrays)
print("wrote %d arrays" % len(arrays))
