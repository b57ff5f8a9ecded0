"""The op conformance suite: every registered op, every one of its samples, every backend.

Driven by the registry (``ops/registry.REGISTRY``) and the samples each op declares next to its
definition (``ops/op_samples.OpSample``; PyTorch's ``OpInfo`` is the model). For each sample it
checks the forward values, static against run-time shapes (known and unknown input dimensions),
float64 numerical gradients, second-order gradients where declared, a meta-graph round trip and
drawing. An op registered without samples fails ``test_every_op_declares_samples`` by name.
"""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine import jit
from autograd_engine.ops.registry import REGISTRY
from autograd_engine.rendering import to_dot
from autograd_engine.testing import check_gradients

from conformance_backends import BACKENDS, backend_session

SEED = 20261203


def _samples_of(op_def):
    if op_def.samples is None:
        return []
    return list(op_def.samples(np.random.default_rng(SEED)))


SAMPLES = {name: _samples_of(REGISTRY[name]) for name in sorted(REGISTRY)}
CASES = [(name, k) for name, samples in SAMPLES.items() for k in range(len(samples))]
CASE_IDS = ["%s-%d" % case for case in CASES]
GRAD_CASES = [(name, k) for name, k in CASES
              if REGISTRY[name].differentiable and SAMPLES[name][k].float_inputs()]
SECOND_ORDER_CASES = [(name, k) for name, k in GRAD_CASES if SAMPLES[name][k].second_order]


def _sample(case):
    name, k = case
    return REGISTRY[name], SAMPLES[name][k]


def _expected(sample, backend, placeholders, tensors):
    """The sample's reference values. Under TF1's XLA switch (``AUTOGRAD_ENGINE_JIT=1``, issue
    19; compiled on the CPU only), subnormal floats count as zero of their sign, as XLA's CPU
    code (and TensorFlow's CPU kernels) flush them: a sample feeding some is checked against
    the plan without the switch, fed the flushed values (that plan is checked against the
    reference itself in the other passes)."""
    inputs = [a.copy() for a in sample.inputs]
    if backend != "numpy" or not jit.global_jit(None):
        return sample.reference(*inputs)
    subnormal = [(a != 0) & (np.abs(a) < np.finfo(a.dtype).tiny) if a.dtype.kind == "f"
                 else None for a in inputs]
    if not any(mask is not None and mask.any() for mask in subnormal):
        return sample.reference(*inputs)
    for a, mask in zip(inputs, subnormal):
        if mask is not None:
            a[mask] = np.copysign(0.0, a[mask])
    off = tf.ConfigProto(graph_options=tf.GraphOptions(optimizer_options=tf.OptimizerOptions(
        global_jit_level=tf.OptimizerOptions.OFF)))
    with backend_session(backend, config=off) as sess, np.errstate(all="ignore"):
        return sess.run(tensors, dict(zip(placeholders, inputs)))  # log(0) is -inf, quietly


# ---------------------------------------------------------------------------------- building
def _outputs(built):
    """(tensors, ops) of what ``build`` returned: a tensor, an Operation or a list of them."""
    items = list(built) if isinstance(built, (list, tuple)) else [built]
    tensors = [t for t in items if isinstance(t, tf.Tensor)]
    ops = [o for o in items if isinstance(o, tf.Operation)]
    return tensors, ops


def _build(sample, partial=False):
    """Placeholders for the sample's inputs (their shapes, or unknown dimensions) and what
    ``build`` made of them, in the default graph."""
    placeholders = [tf.placeholder(tf.as_dtype(a.dtype),
                                   [None] * a.ndim if partial else list(a.shape),
                                   name="input_%d" % i)
                    for i, a in enumerate(sample.inputs)]
    return placeholders, _outputs(sample.build(*placeholders))


def _run(sess, fetches, feed):
    initializers = [tf.global_variables_initializer(), tf.local_variables_initializer()]
    sess.run(initializers, feed)
    return sess.run(fetches, feed)


def _graph_has(op_type):
    return any(op.type == op_type for op in tf.get_default_graph().get_operations())


def _assert_values(sample, values, expected):
    expected = expected if isinstance(expected, (list, tuple)) else [expected]
    assert len(values) == len(expected), (len(values), len(expected))
    for i, (got, want) in enumerate(zip(values, expected)):
        want = np.asarray(want)
        # a 0-d string tensor is fetched as bytes, as in TF1; compare it as an object array
        got = np.asarray(got, dtype=want.dtype if want.dtype.kind == "S" else object) \
            if isinstance(got, bytes) else np.asarray(got)
        assert got.dtype == want.dtype, "output %d: dtype %s, expected %s" % (i, got.dtype,
                                                                            want.dtype)
        assert got.shape == want.shape, "output %d: shape %s, expected %s" % (i, got.shape,
                                                                            want.shape)
        if want.dtype.kind in "fc":
            np.testing.assert_allclose(got, want, rtol=sample.rtol, atol=sample.atol,
                                       err_msg="output %d" % i)
        else:
            np.testing.assert_array_equal(got, want, err_msg="output %d" % i)


def _assert_owned(values, fed):
    """Each fetched array is the caller's own: writable, sharing no memory with a fed array
    (an op passing its input on must not hand the caller's array back)."""
    for i, value in enumerate(values):
        if isinstance(value, np.ndarray):
            assert value.flags.writeable, "output %d is read-only" % i
            assert not any(np.may_share_memory(value, a) for a in fed), (
                "output %d shares memory with a fed array" % i)


def _assert_static_matches(tensors, values):
    for t, value in zip(tensors, values):
        # a 0-d string tensor is fetched as bytes, as in TF1
        value = np.asarray(value, dtype=object) if type(value) is bytes else np.asarray(value)
        if t.dtype.np_dtype == object:  # string and variant tensors: bytes come back as bytes
            assert value.dtype.kind in "OSU", (t.name, value.dtype, t.dtype)
            if t.dtype == tf.string:  # each element bytes, never an array or str
                assert all(type(v) is bytes for v in value.reshape(-1)), (t.name, value)
        else:
            assert value.dtype == t.dtype.np_dtype, (t.name, value.dtype, t.dtype)
        assert t.shape.is_compatible_with(value.shape), (
            "%s: static shape %s, run-time shape %s" % (t.name, t.shape, value.shape))
        if t.shape.is_fully_defined():
            assert tuple(t.shape.as_list()) == value.shape, (t.name, t.shape, value.shape)


# ---------------------------------------------------------------------------------- the suite
@pytest.mark.parametrize("op_type", sorted(REGISTRY))
def test_every_op_declares_samples(op_type):
    assert SAMPLES[op_type], ("Op %r is registered without conformance samples: declare them "
                              "next to its definition (register(..., samples=...))" % op_type)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_forward(case, backend):
    op_def, sample = _sample(case)
    placeholders, (tensors, ops) = _build(sample)
    assert _graph_has(op_def.type_name), (
        "sample %s of %s built no %s op" % (sample.describe(), op_def.type_name, op_def.type_name))
    with backend_session(backend) as sess:
        values = _run(sess, tensors + ops, dict(zip(placeholders, sample.inputs)))[:len(tensors)]
    _assert_static_matches(tensors, values)
    _assert_owned(values, sample.inputs)
    if sample.reference is not None:
        _assert_values(sample, values, _expected(sample, backend, placeholders, tensors))
    if sample.validate is not None:
        sample.validate(values)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", [c for c in CASES if _sample(c)[1].partial],
                         ids=["%s-%d" % c for c in CASES if _sample(c)[1].partial])
def test_unknown_input_dimensions(case, backend):
    op_def, sample = _sample(case)
    placeholders, (tensors, ops) = _build(sample, partial=True)
    with backend_session(backend) as sess:
        values = _run(sess, tensors + ops, dict(zip(placeholders, sample.inputs)))[:len(tensors)]
    _assert_static_matches(tensors, values)
    if sample.reference is not None:
        _assert_values(sample, values, _expected(sample, backend, placeholders, tensors))


def _differentiable_fn(sample):
    """``build`` as a function of the sample's floating inputs alone (the others constant),
    returning one float64 tensor (several outputs are flattened and joined)."""
    wrt = sample.float_inputs()

    def fn(*floats):
        args = [tf.constant(a) for a in sample.inputs]
        for i, x in zip(wrt, floats):
            args[i] = x
        tensors, _ = _outputs(sample.build(*args))
        tensors = [t for t in tensors if t.dtype == tf.float64]
        if len(tensors) == 1:
            return tensors[0]
        return tf.concat([tf.reshape(t, [-1]) for t in tensors], 0)
    return fn, [sample.inputs[i] for i in wrt]


@pytest.mark.parametrize("case", GRAD_CASES, ids=["%s-%d" % c for c in GRAD_CASES])
def test_gradient(case):
    op_def, sample = _sample(case)
    fn, inputs = _differentiable_fn(sample)
    check_gradients(fn, inputs)


@pytest.mark.parametrize("case", SECOND_ORDER_CASES, ids=["%s-%d" % c for c in SECOND_ORDER_CASES])
def test_second_order_gradient(case):
    op_def, sample = _sample(case)
    fn, inputs = _differentiable_fn(sample)

    def first_gradient(*xs):
        y = fn(*xs)
        projection = tf.constant(np.random.default_rng(1).standard_normal(
            y.shape.as_list()))
        grads = tf.gradients(tf.reduce_sum(y * projection), list(xs))
        return tf.concat([tf.reshape(g, [-1]) for g in grads], 0)
    check_gradients(first_gradient, inputs)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_meta_graph_round_trip(case, tmp_path):
    op_def, sample = _sample(case)
    placeholders, (tensors, ops) = _build(sample)
    feed = dict(zip(placeholders, sample.inputs))
    with tf.Session() as sess:
        before = _run(sess, tensors + ops, feed)[:len(tensors)]
    path = str(tmp_path / "graph.meta")
    tf.train.export_meta_graph(filename=path)
    with tf.Graph().as_default() as graph:
        tf.train.import_meta_graph(path)
        assert any(op.type == op_def.type_name for op in graph.get_operations())
        fetches = [graph.get_tensor_by_name(t.name) for t in tensors] + \
            [graph.get_operation_by_name(o.name) for o in ops]
        feed = {graph.get_tensor_by_name(p.name): a for p, a in zip(placeholders, sample.inputs)}
        with tf.Session(graph=graph) as sess:
            if sample.not_exportable:  # the imported op must say it lacks what was not saved
                with pytest.raises(tf.errors.FailedPreconditionError):
                    _run(sess, fetches, feed)
                return
            after = _run(sess, fetches, feed)[:len(tensors)]
    for b, a in zip(before, after):
        assert np.shape(a) == np.shape(b) and np.asarray(a).dtype == np.asarray(b).dtype
        if sample.deterministic:
            np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_drawing(case):
    op_def, sample = _sample(case)
    _, (tensors, ops) = _build(sample)
    dot = to_dot(tensors + ops)
    assert dot.startswith("digraph") and op_def.type_name in dot
