"""depthwise_conv2d, separable_conv2d, conv1d, atrous_conv2d, convolution and pool against
direct loops, with gradient checks (second derivatives for depthwise), the 1-D and separable
layers, and TF1's argument errors."""
import numpy as np
import pytest

import autograd_engine as tf
from test_conv_ops import _pad_same, _valid_out, reference_conv, reference_pool


def reference_depthwise(x, f, stride, padding, dil=1):
    kh, kw, c, m = f.shape
    if padding == "SAME":
        xp, oh, ow = _pad_same(x, kh, kw, stride, dil)
    else:
        xp, (oh, ow) = x, _valid_out(x.shape[1], x.shape[2], kh, kw, stride, dil)
    out = np.zeros((x.shape[0], oh, ow, c * m))
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, i * stride:i * stride + (kh - 1) * dil + 1:dil,
                       j * stride:j * stride + (kw - 1) * dil + 1:dil, :]
            for ch in range(c):
                for mult in range(m):
                    out[:, i, j, ch * m + mult] = np.sum(patch[..., ch] * f[:, :, ch, mult],
                                                         axis=(1, 2))
    return out


def _run(t, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(t, feed)


DEPTHWISE_CASES = [  # x shape, filter shape, stride, padding, rate
    ((2, 7, 6, 3), (3, 2, 3, 2), 1, "SAME", 1),
    ((2, 7, 6, 2), (3, 3, 2, 1), 2, "SAME", 1),
    ((2, 8, 9, 2), (3, 2, 2, 3), 2, "VALID", 1),
    ((2, 9, 8, 2), (3, 3, 2, 2), 1, "SAME", 2),
    ((1, 9, 9, 3), (2, 3, 3, 1), 1, "VALID", 2),
]


@pytest.mark.parametrize("x_shape,f_shape,stride,padding,rate", DEPTHWISE_CASES)
def test_depthwise_matches_direct_loops_and_gradients(x_shape, f_shape, stride, padding, rate):
    rng = np.random.RandomState(1)
    x, f = rng.randn(*x_shape), rng.randn(*f_shape)

    def depthwise(a, b):
        return tf.nn.depthwise_conv2d(a, b, [1, stride, stride, 1], padding, rate=[rate, rate])

    y = depthwise(tf.constant(x), tf.constant(f))
    expected = reference_depthwise(x, f, stride, padding, rate)
    assert y.shape.as_list() == list(expected.shape)
    np.testing.assert_allclose(_run(y), expected, rtol=1e-10, atol=1e-12)
    tf.test.check_gradients(depthwise, [x, f])


@pytest.mark.parametrize("stride,padding,rate", [(1, "SAME", 1), (2, "VALID", 1), (1, "SAME", 2)])
def test_depthwise_second_derivatives(stride, padding, rate):
    rng = np.random.RandomState(2)
    x, f = rng.randn(2, 6, 5, 2), rng.randn(3, 2, 2, 2)

    def grad_of(wrt):
        def fn(a, b):
            y = tf.nn.depthwise_conv2d(a, b, [1, stride, stride, 1], padding, rate=[rate, rate])
            # a cubic loss, so each gradient op's gradient sees both of its data inputs vary
            return tf.gradients(tf.reduce_sum(y * y * y), [a, b][wrt])[0]
        return fn

    tf.test.check_gradients(grad_of(0), [x, f])
    tf.test.check_gradients(grad_of(1), [x, f])


def test_depthwise_nchw_and_dilations_alias_match_nhwc():
    rng = np.random.RandomState(3)
    x, f = rng.randn(2, 6, 7, 3), rng.randn(3, 3, 3, 2)
    nhwc = tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "SAME", dilations=[2, 2])
    nchw = tf.nn.depthwise_conv2d(np.transpose(x, [0, 3, 1, 2]), f, [1, 1, 1, 1], "SAME",
                                  rate=2, data_format="NCHW")
    a, b = _run([nhwc, nchw])
    np.testing.assert_allclose(np.transpose(b, [0, 2, 3, 1]), a, rtol=1e-12)
    np.testing.assert_allclose(a, reference_depthwise(x, f, 1, "SAME", 2), rtol=1e-10)


def test_depthwise_errors_as_tf1():
    x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2 for "
                                         "'depthwise' \\(op: 'DepthwiseConv2dNative'\\)"):
        tf.nn.depthwise_conv2d(x, tf.zeros([3, 3, 2, 1]), [1, 1, 1, 1], "SAME")
    with pytest.raises(ValueError, match="strides > 1 not supported in conjunction with"):
        tf.nn.depthwise_conv2d(x, tf.zeros([3, 3, 3, 1]), [1, 2, 2, 1], "SAME", rate=[2, 2])
    with pytest.raises(ValueError, match="Cannot specify both"):
        tf.nn.depthwise_conv2d(x, tf.zeros([3, 3, 3, 1]), [1, 1, 1, 1], "SAME", rate=[2, 2],
                               dilations=[2, 2])
    with pytest.raises(ValueError, match="padding"):
        tf.nn.depthwise_conv2d(x, tf.zeros([3, 3, 3, 1]), [1, 1, 1, 1], "FULL")
    with pytest.raises(ValueError, match="Dimensions 3 and 1 are not compatible"):
        tf.nn.separable_conv2d(x, tf.zeros([3, 3, 3, 1]), tf.zeros([3, 1, 3, 4]),
                               [1, 1, 1, 1], "SAME")


def test_separable_conv2d_is_depthwise_then_pointwise():
    rng = np.random.RandomState(4)
    x, dw, pw = rng.randn(2, 7, 7, 3), rng.randn(3, 3, 3, 2), rng.randn(1, 1, 6, 4)

    def separable(a, b, c):
        return tf.nn.separable_conv2d(a, b, c, [1, 2, 2, 1], "SAME")

    y = separable(tf.constant(x), tf.constant(dw), tf.constant(pw))
    expected = reference_conv(reference_depthwise(x, dw, 2, "SAME"), pw, 1, "VALID")
    np.testing.assert_allclose(_run(y), expected, rtol=1e-10)
    tf.test.check_gradients(separable, [x, dw, pw])


@pytest.mark.parametrize("stride,padding,dil", [(1, "SAME", 1), (2, "VALID", 1), (1, "SAME", 2)])
def test_conv1d_matches_conv2d_reference_and_gradients(stride, padding, dil):
    rng = np.random.RandomState(5)
    x, f = rng.randn(2, 11, 3), rng.randn(3, 3, 4)

    def conv(a, b):
        return tf.nn.conv1d(a, b, stride, padding, dilations=dil)

    y = conv(tf.constant(x), tf.constant(f))
    expected = reference_conv(x[:, None], f[None], stride, padding, dil)[:, 0]
    assert y.shape.as_list() == list(expected.shape)
    np.testing.assert_allclose(_run(y), expected, rtol=1e-10)
    tf.test.check_gradients(conv, [x, f])
    ncw = tf.nn.conv1d(input=np.transpose(x, [0, 2, 1]), filters=f, stride=[1, 1, stride],
                       padding=padding, data_format="NCW", dilations=dil)
    np.testing.assert_allclose(np.transpose(_run(ncw), [0, 2, 1]), expected, rtol=1e-10)


def test_atrous_conv2d_and_convolution():
    rng = np.random.RandomState(6)
    x, f = rng.randn(2, 9, 8, 2), rng.randn(3, 3, 2, 3)
    atrous = tf.nn.atrous_conv2d(x, f, 2, "SAME")
    np.testing.assert_allclose(_run(atrous), reference_conv(x, f, 1, "SAME", 2), rtol=1e-10)
    tf.test.check_gradients(lambda a, b: tf.nn.atrous_conv2d(a, b, 2, "VALID"), [x, f])

    strided = tf.nn.convolution(x, f, "VALID", strides=[2, 2])
    np.testing.assert_allclose(_run(strided), reference_conv(x, f, 2, "VALID"), rtol=1e-10)
    x1, f1 = rng.randn(2, 10, 2), rng.randn(3, 2, 4)
    dilated_1d = tf.nn.convolution(x1, f1, "SAME", dilation_rate=[2])
    np.testing.assert_allclose(_run(dilated_1d),
                               reference_conv(x1[:, None], f1[None], 1, "SAME", 2)[:, 0],
                               rtol=1e-10)
    tf.test.check_gradients(lambda a, b: tf.nn.convolution(a, b, "SAME", strides=[2]), [x1, f1])


def test_convolution_errors_as_tf1():
    x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    with pytest.raises(ValueError, match="only 1-D and 2-D convolutions are supported"):
        tf.nn.convolution(tf.zeros([1, 4, 4, 4, 2]), tf.zeros([2, 2, 2, 2, 2]), "SAME")
    with pytest.raises(ValueError, match="number of input channels does not match"):
        tf.nn.convolution(x, tf.zeros([3, 3, 2, 4]), "SAME")
    with pytest.raises(ValueError, match="strides > 1 not supported in conjunction with "
                                         "dilation_rate > 1"):
        tf.nn.convolution(x, tf.zeros([3, 3, 3, 4]), "SAME", strides=[2, 2],
                          dilation_rate=[2, 2])
    with pytest.raises(ValueError, match=r"len\(strides\)=1 but should be 2"):
        tf.nn.convolution(x, tf.zeros([3, 3, 3, 4]), "SAME", strides=[2])
    with pytest.raises(ValueError, match="all values of dilation_rate must be positive"):
        tf.nn.atrous_conv2d(x, tf.zeros([3, 3, 3, 4]), 0, "SAME")
    with pytest.raises(ValueError, match="data_format"):
        tf.nn.conv1d(tf.zeros([1, 5, 2]), tf.zeros([2, 2, 2]), 1, "SAME", data_format="NHC")


@pytest.mark.parametrize("kind", ["MAX", "AVG"])
@pytest.mark.parametrize("padding", ["SAME", "VALID"])
def test_pool_1d_and_2d(kind, padding):
    rng = np.random.RandomState(7)
    x2, x1 = rng.randn(2, 7, 6, 3), rng.randn(2, 9, 3)
    ref = "max" if kind == "MAX" else "avg"
    y2 = tf.nn.pool(x2, [3, 2], kind, padding, strides=[2, 2])
    y1 = tf.nn.pool(x1, [3], kind, padding, strides=[2])
    v2, v1 = _run([y2, y1])
    np.testing.assert_allclose(v2, reference_pool(x2, (3, 2), 2, padding, ref), rtol=1e-12)
    np.testing.assert_allclose(v1, reference_pool(x1[:, None], (1, 3), 2, padding, ref)[:, 0],
                               rtol=1e-12)
    tf.test.check_gradients(lambda a: tf.nn.pool(a, [3], kind, padding, strides=[2]), [x1])
    ncw = tf.nn.pool(np.transpose(x1, [0, 2, 1]), [3], kind, padding, strides=[2],
                     data_format="NCW")
    np.testing.assert_allclose(np.transpose(_run(ncw), [0, 2, 1]), v1, rtol=1e-12)


def test_pool_errors_as_tf1():
    x = tf.zeros([1, 8, 3])
    with pytest.raises(ValueError, match="strides > window_shape not supported"):
        tf.nn.pool(x, [2], "MAX", "VALID", strides=[3])
    with pytest.raises(ValueError, match="1-D MIN pooling is not supported"):
        tf.nn.pool(x, [2], "MIN", "VALID")
    with pytest.raises(ValueError, match="dilation_rate"):
        tf.nn.pool(x, [2], "MAX", "VALID", dilation_rate=[2])


def test_layers_variable_names_shapes_and_values():
    x = tf.placeholder(tf.float64, [None, 12, 3])
    y = tf.layers.conv1d(x, 5, 3, strides=2, padding="same")
    tf.layers.conv1d(x, 4, 2)
    pooled = tf.layers.max_pooling1d(y, 2, 2)
    averaged = tf.layers.average_pooling1d(y, 3, 1, padding="same")
    images = tf.placeholder(tf.float64, [None, 8, 8, 3])
    sep = tf.layers.separable_conv2d(images, 6, 3, depth_multiplier=2, padding="same",
                                     bias_initializer=tf.ones_initializer())
    shapes = {v.name: v.shape.as_list() for v in tf.global_variables()}
    assert shapes == {
        "conv1d/kernel:0": [3, 3, 5], "conv1d/bias:0": [5],
        "conv1d_1/kernel:0": [2, 3, 4], "conv1d_1/bias:0": [4],
        "separable_conv2d/depthwise_kernel:0": [3, 3, 3, 2],
        "separable_conv2d/pointwise_kernel:0": [1, 1, 6, 6],
        "separable_conv2d/bias:0": [6]}
    assert y.shape.as_list() == [None, 6, 5]
    assert pooled.shape.as_list() == [None, 3, 5]
    assert averaged.shape.as_list() == [None, 6, 5]
    assert sep.shape.as_list() == [None, 8, 8, 6]

    rng = np.random.RandomState(8)
    xv, iv = rng.randn(2, 12, 3), rng.randn(2, 8, 8, 3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        by_name = {v.name: v for v in tf.global_variables()}
        kernel, dw, pw = sess.run([by_name["conv1d/kernel:0"],
                                   by_name["separable_conv2d/depthwise_kernel:0"],
                                   by_name["separable_conv2d/pointwise_kernel:0"]])
        yv, pv, sv = sess.run([y, pooled, sep], {x: xv, images: iv})
    conv_ref = reference_conv(xv[:, None], kernel[None], 2, "SAME")[:, 0]
    np.testing.assert_allclose(yv, conv_ref, rtol=1e-10)  # bias starts at zero
    np.testing.assert_allclose(pv, reference_pool(conv_ref[:, None], (1, 2), 2, "VALID",
                                                  "max")[:, 0], rtol=1e-10)
    sep_ref = reference_conv(reference_depthwise(iv, dw, 1, "SAME"), pw, 1, "VALID") + 1.0
    np.testing.assert_allclose(sv, sep_ref, rtol=1e-10)


def test_layers_channels_first_and_gradients():
    rng = np.random.RandomState(9)
    x = rng.randn(2, 3, 10)  # NCW
    tf.test.check_gradients(
        lambda a: tf.layers.conv1d(a, 4, 3, data_format="channels_first"), [x])
    y = tf.layers.average_pooling1d(tf.constant(x), 2, 2, data_format="channels_first")
    np.testing.assert_allclose(_run(y), x.reshape(2, 3, 5, 2).mean(axis=-1), rtol=1e-12)
    tf.test.check_gradients(
        lambda a: tf.layers.separable_conv2d(a, 3, 2, strides=2, padding="same"),
        [rng.randn(2, 5, 5, 2)])
