"""conv2d, conv2d_transpose, max_pool and avg_pool against direct loops, with gradient checks."""
import numpy as np
import pytest

import autograd_engine as tf


def _pad_same(x, kh, kw, stride, dil=1, value=0.0):
    n, h, w, c = x.shape
    ekh, ekw = (kh - 1) * dil + 1, (kw - 1) * dil + 1
    oh, ow = -(-h // stride), -(-w // stride)
    ph, pw = max((oh - 1) * stride + ekh - h, 0), max((ow - 1) * stride + ekw - w, 0)
    return np.pad(x, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)),
                  constant_values=value), oh, ow


def _valid_out(h, w, kh, kw, stride, dil=1):
    return (h - (kh - 1) * dil - 1) // stride + 1, (w - (kw - 1) * dil - 1) // stride + 1


def reference_conv(x, f, stride, padding, dil=1):
    kh, kw, _, oc = f.shape
    if padding == "SAME":
        xp, oh, ow = _pad_same(x, kh, kw, stride, dil)
    else:
        xp, (oh, ow) = x, _valid_out(x.shape[1], x.shape[2], kh, kw, stride, dil)
    out = np.zeros((x.shape[0], oh, ow, oc))
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, i * stride:i * stride + (kh - 1) * dil + 1:dil,
                       j * stride:j * stride + (kw - 1) * dil + 1:dil, :]
            out[:, i, j, :] = np.tensordot(patch, f, axes=([1, 2, 3], [0, 1, 2]))
    return out


def reference_pool(x, k, stride, padding, kind):
    kh, kw = k
    if padding == "SAME":
        fill = -np.inf if kind == "max" else 0.0
        xp, oh, ow = _pad_same(x, kh, kw, stride, value=fill)
        ones, _, _ = _pad_same(np.ones_like(x), kh, kw, stride)
    else:
        xp, ones = x, np.ones_like(x)
        oh, ow = _valid_out(x.shape[1], x.shape[2], kh, kw, stride)
    out = np.zeros((x.shape[0], oh, ow, x.shape[3]))
    for i in range(oh):
        for j in range(ow):
            window = xp[:, i * stride:i * stride + kh, j * stride:j * stride + kw, :]
            if kind == "max":
                out[:, i, j, :] = window.max(axis=(1, 2))
            else:
                count = ones[:, i * stride:i * stride + kh, j * stride:j * stride + kw, :].sum(axis=(1, 2))
                out[:, i, j, :] = window.sum(axis=(1, 2)) / count
    return out


CONV_CASES = [
    ((2, 7, 6, 3), (3, 2, 3, 4), 1, "SAME", 1),
    ((2, 7, 6, 3), (3, 3, 3, 2), 2, "SAME", 1),
    ((1, 8, 9, 2), (3, 2, 2, 3), 2, "VALID", 1),
    ((1, 9, 8, 2), (3, 3, 2, 2), 1, "SAME", 2),
    ((2, 5, 5, 1), (5, 5, 1, 2), 1, "VALID", 1),
]


def _run(t):
    with tf.Session() as sess:
        return sess.run(t)


@pytest.mark.parametrize("x_shape,f_shape,stride,padding,dil", CONV_CASES)
def test_conv2d_matches_direct_loops_and_gradients(x_shape, f_shape, stride, padding, dil):
    rng = np.random.RandomState(1)
    x, f = rng.randn(*x_shape), rng.randn(*f_shape)
    y = tf.nn.conv2d(tf.constant(x), tf.constant(f), [1, stride, stride, 1], padding,
                     dilations=[1, dil, dil, 1])
    expected = reference_conv(x, f, stride, padding, dil)
    assert y.shape.as_list() == list(expected.shape)
    value = _run(y)
    assert value.dtype == np.float64
    np.testing.assert_allclose(value, expected, rtol=1e-10, atol=1e-12)
    tf.test.check_gradients(
        lambda a, b: tf.nn.conv2d(a, b, [1, stride, stride, 1], padding, dilations=[1, dil, dil, 1]),
        [x, f])


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("x_shape,k,stride,padding", [
    ((2, 7, 6, 3), (2, 2), 2, "SAME"), ((1, 5, 7, 2), (3, 2), 1, "SAME"),
    ((2, 6, 6, 1), (3, 3), 2, "VALID"), ((1, 5, 5, 2), (3, 3), 3, "SAME"),
])
def test_pooling_matches_direct_loops_and_gradients(kind, x_shape, k, stride, padding):
    rng = np.random.RandomState(2)
    x = rng.randn(*x_shape)  # continuous values: no ties in max windows
    pool = tf.nn.max_pool if kind == "max" else tf.nn.avg_pool
    y = pool(tf.constant(x), [1, k[0], k[1], 1], [1, stride, stride, 1], padding)
    expected = reference_pool(x, k, stride, padding, kind)
    assert y.shape.as_list() == list(expected.shape)
    np.testing.assert_allclose(_run(y), expected, rtol=1e-12)
    tf.test.check_gradients(lambda a: pool(a, [1, k[0], k[1], 1], [1, stride, stride, 1], padding), [x])


def test_avg_pool_same_divides_by_real_cells_only():
    x = np.ones((1, 3, 3, 1), np.float32)
    y = _run(tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"))
    np.testing.assert_array_equal(y, np.ones((1, 2, 2, 1), np.float32))


def test_conv2d_transpose_is_the_adjoint_of_conv2d():
    rng = np.random.RandomState(3)
    x, f, g = rng.randn(2, 8, 8, 5), rng.randn(3, 3, 5, 4), rng.randn(2, 4, 4, 4)
    conv = tf.nn.conv2d(tf.constant(x), tf.constant(f), [1, 2, 2, 1], "SAME")
    transposed = tf.nn.conv2d_transpose(tf.constant(g), tf.constant(f), [2, 8, 8, 5],
                                        [1, 2, 2, 1], "SAME")
    conv_v, trans_v = _run([conv, transposed])
    # <conv(x), g> == <x, conv_transpose(g)>
    np.testing.assert_allclose(np.sum(conv_v * g), np.sum(x * trans_v), rtol=1e-10)
    tf.test.check_gradients(
        lambda a, b: tf.nn.conv2d_transpose(a, b, [2, 8, 8, 5], [1, 2, 2, 1], "SAME"),
        [g, f])


# Bytes of one output row's gradient windows below: 9 columns x 3x3 taps x 4 channels, float64.
_ROW_BYTES = 9 * 3 * 3 * 4 * 8


@pytest.mark.parametrize("block_bytes", [1, 4 * _ROW_BYTES, 2 * 7 * _ROW_BYTES, 3 << 19])
@pytest.mark.parametrize("padding, dil", [("SAME", 1), ("VALID", 1), ("SAME", 2)])
def test_stride_1_input_gradient_matches_scattered_loops_in_every_block_split(
        block_bytes, padding, dil, monkeypatch):
    # The stride-1 input gradient gathers the gradient's windows a block at a time: one row,
    # 4 of an image's 7 rows, 2 of the 3 images (a partial last block), or all at once.
    from autograd_engine.ops import conv_ops
    monkeypatch.setattr(conv_ops, "GATHER_BLOCK_BYTES", block_bytes)
    rng = np.random.RandomState(5)
    x_shape, f = (3, 7, 9, 2), rng.randn(3, 3, 2, 4)
    if padding == "SAME":
        padded, oh, ow = _pad_same(np.zeros(x_shape), 3, 3, 1, dil)
    else:
        padded, (oh, ow) = np.zeros(x_shape), _valid_out(7, 9, 3, 3, 1, dil)
    g = rng.randn(3, oh, ow, 4)
    for i in range(oh):  # each output cell's gradient scattered back over its window
        for j in range(ow):
            padded[:, i:i + 2 * dil + 1:dil, j:j + 2 * dil + 1:dil, :] += np.einsum(
                "no,abco->nabc", g[:, i, j, :], f)
    top, left = (padded.shape[1] - 7) // 2, (padded.shape[2] - 9) // 2
    expected = padded[:, top:top + 7, left:left + 9, :]
    transposed = tf.nn.conv2d_transpose(tf.constant(g), tf.constant(f), list(x_shape),
                                        [1, 1, 1, 1], padding, dilations=[1, dil, dil, 1])
    np.testing.assert_allclose(_run(transposed), expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("stride, sizes, message", [
    (1, [1, 4, 4, 2], "actual = 5, computed = 4 spatial_dim: 1 input: 4 filter: 3 output: 5"),
    (1, [1, 10, 10, 2], "actual = 5, computed = 10 spatial_dim: 1"),
    (2, [1, 10, 12, 2], "actual = 5, computed = 6 spatial_dim: 2 input: 12 filter: 3 output: 5 "
                       "stride: 2"),
    (1, [1, 5, 5, 3], "input and filter must have the same depth: 3 vs 2")])
def test_input_gradient_of_the_wrong_size_is_an_invalid_argument_as_in_tf1(stride, sizes,
                                                                          message):
    grad = tf.placeholder(tf.float32, None)  # its shape known only at run time
    y = tf.nn.conv2d_transpose(grad, tf.ones([3, 3, 2, 4]), sizes, [1, stride, stride, 1], "SAME")
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError,
                                             match="Conv2DCustomBackpropInput: .*" + message):
        sess.run(y, {grad: np.ones((1, 5, 5, 4), np.float32)})


def test_filter_gradient_of_the_wrong_size_is_an_invalid_argument_as_in_tf1():
    grad = tf.placeholder(tf.float32, None)
    y = tf.nn.conv2d_backprop_filter(tf.ones([1, 6, 6, 2]), [3, 3, 2, 4], grad, [1, 1, 1, 1],
                                     "SAME")
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError,
                                             match="Conv2DCustomBackpropFilter: Size of "
                                                   "out_backprop doesn't match computed: "
                                                   "actual = 5, computed = 6"):
        sess.run(y, {grad: np.ones((1, 5, 6, 4), np.float32)})


@pytest.mark.parametrize("op", ["conv", "max", "avg"])
def test_second_derivatives(op):
    rng = np.random.RandomState(4)
    x, f = rng.randn(1, 5, 5, 2), rng.randn(3, 3, 2, 2)

    def gradient_of(a, b):
        if op == "conv":
            y = tf.nn.conv2d(a, b, [1, 1, 1, 1], "SAME")
        else:
            pool = tf.nn.max_pool if op == "max" else tf.nn.avg_pool
            y = pool(a * b[0, 0, 0, 0], [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
        return tf.gradients(tf.reduce_sum(y * y), [a])[0]
    tf.test.check_gradients(gradient_of, [x, f])


def test_nchw_data_format_matches_nhwc():
    rng = np.random.RandomState(5)
    x, f = rng.randn(2, 6, 5, 3), rng.randn(3, 3, 3, 4)
    nhwc = tf.nn.conv2d(x, f, [1, 2, 2, 1], "SAME")
    nchw = tf.nn.conv2d(np.transpose(x, [0, 3, 1, 2]), f, [1, 1, 2, 2], "SAME", data_format="NCHW")
    pooled = tf.nn.max_pool(np.transpose(x, [0, 3, 1, 2]), [1, 1, 2, 2], [1, 1, 2, 2], "VALID",
                            data_format="NCHW")
    a, b, p = _run([nhwc, nchw, pooled])
    np.testing.assert_allclose(np.transpose(b, [0, 2, 3, 1]), a, rtol=1e-12)
    np.testing.assert_allclose(np.transpose(p, [0, 2, 3, 1]),
                               reference_pool(x, (2, 2), 2, "VALID", "max"))


def test_conv2d_shape_errors_name_the_op_and_shapes():
    x = tf.placeholder(tf.float32, [None, 28, 28, 3])
    with pytest.raises(ValueError) as info:
        tf.nn.conv2d(x, tf.zeros([5, 5, 1, 32]), [1, 1, 1, 1], "SAME")
    message = str(info.value)
    assert "Dimensions must be equal, but are 3 and 1" in message
    assert "(op: 'Conv2D')" in message and "[?,28,28,3], [5,5,1,32]" in message
    assert "test_conv_ops.py" in message
    with pytest.raises(ValueError, match="padding must be 'SAME' or 'VALID'"):
        tf.nn.conv2d(x, tf.zeros([5, 5, 3, 1]), [1, 1, 1, 1], "FULL")
    with pytest.raises(ValueError, match="4-dimensional"):
        tf.nn.max_pool(tf.zeros([3, 3]), [1, 2, 2, 1], [1, 2, 2, 1], "SAME")


def test_conv2d_static_shapes():
    x = tf.placeholder(tf.float32, [None, 28, 28, 1])
    h = tf.nn.conv2d(x, tf.zeros([5, 5, 1, 32]), [1, 1, 1, 1], "SAME")
    p = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    v = tf.nn.conv2d(p, tf.zeros([5, 5, 32, 8]), [1, 2, 2, 1], "VALID")
    assert (h.shape.as_list(), p.shape.as_list(), v.shape.as_list()) == (
        [None, 28, 28, 32], [None, 14, 14, 32], [None, 5, 5, 8])


def reference_max_pool_grad(x, grad, k, stride, padding):
    """Loops: each output cell's gradient goes to the first (row-major) real cell holding its
    window's max, as TF1's CPU kernel routes it."""
    kh, kw = k
    if padding == "SAME":
        xp, oh, ow = _pad_same(x, kh, kw, stride, value=np.nan)
    else:
        xp, (oh, ow) = x, _valid_out(x.shape[1], x.shape[2], kh, kw, stride)
    top = (xp.shape[1] - x.shape[1]) // 2 if padding == "SAME" else 0
    left = (xp.shape[2] - x.shape[2]) // 2 if padding == "SAME" else 0
    dx = np.zeros_like(xp)
    for n in range(x.shape[0]):
        for c in range(x.shape[3]):
            for i in range(oh):
                for j in range(ow):
                    window = xp[n, i * stride:i * stride + kh, j * stride:j * stride + kw, c]
                    flat = np.where(np.isnan(window), -np.inf, window).ravel()
                    r, s = divmod(int(np.argmax(flat)), kw)  # argmax: the first max
                    dx[n, i * stride + r, j * stride + s, c] += grad[n, i, j, c]
    return dx[:, top:top + x.shape[1], left:left + x.shape[2], :]


@pytest.mark.parametrize("x_shape,k,stride,padding", [
    ((2, 6, 6, 2), (2, 2), 2, "VALID"), ((1, 5, 7, 2), (3, 3), 1, "SAME"),
    ((1, 7, 6, 1), (3, 2), 2, "SAME"),
])
def test_max_pool_gradient_goes_to_the_first_max_on_ties(x_shape, k, stride, padding):
    rng = np.random.RandomState(6)
    x = rng.randint(0, 3, x_shape).astype(np.float64)  # many ties
    x[0, 0, :, 0] = -np.inf  # a row of -inf next to the padding: never routed into padding
    x_t = tf.constant(x)
    y = tf.nn.max_pool(x_t, [1, k[0], k[1], 1], [1, stride, stride, 1], padding)
    grad = rng.randn(*y.shape.as_list())
    dx, = tf.gradients(y, [x_t], grad_ys=[tf.constant(grad)])
    assert dx.op.type == "MaxPoolGrad" and dx.op.inputs[1] is y  # TF1's (input, output, grad)
    np.testing.assert_allclose(_run(dx), reference_max_pool_grad(x, grad, k, stride, padding))


def test_integer_max_pool():
    x = np.arange(16, dtype=np.int32).reshape(1, 4, 4, 1) - 20
    y = _run(tf.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"))
    assert y.dtype == np.int32
    np.testing.assert_array_equal(y[0, :, :, 0], reference_pool(x.astype(float), (3, 3), 2, "SAME", "max")[0, :, :, 0])


def test_avg_pool_of_integers_is_a_type_error_as_in_tf1():
    with pytest.raises(TypeError, match="DataType int32 not in list of allowed values"):
        tf.nn.avg_pool(np.ones((1, 4, 4, 1), np.int32), [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
