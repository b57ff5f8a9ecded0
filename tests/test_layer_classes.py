"""tf.layers classes against TensorFlow (tests/fixtures/nn_tail/layers.npz, written by
tools/make_fixtures_nn_tail.py): outputs with the same weights, Variable names, batch-norm
updates; and the TF1 layer-object behaviours (apply, reuse under scopes, losses, updates,
input specs), with float64 gradient checks through the layers."""
import os

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients

FIXTURE = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "nn_tail", "layers.npz"))

CASES = {
    "conv3d": ("Conv3D", dict(filters=4, kernel_size=(3, 2, 2), strides=(2, 1, 1),
                              padding="same", activation="relu"), {}),
    "conv3d_transpose": ("Conv3DTranspose", dict(filters=2, kernel_size=(2, 3, 2),
                                                 strides=(2, 1, 2), padding="valid"), {}),
    "conv3d_transpose_same": ("Conv3DTranspose", dict(filters=2, kernel_size=3, strides=2,
                                                      padding="same"), {}),
    "conv1d": ("Conv1D", dict(filters=4, kernel_size=3, dilation_rate=2, padding="same"), {}),
    "conv2d_transpose": ("Conv2DTranspose", dict(filters=3, kernel_size=3, strides=2), {}),
    "separable_conv1d": ("SeparableConv1D", dict(filters=4, kernel_size=3, depth_multiplier=2,
                                                 strides=2, padding="same"), {}),
    "separable_conv2d": ("SeparableConv2D", dict(filters=5, kernel_size=(3, 2),
                                                 padding="valid"), {}),
    "dense": ("Dense", dict(units=4, activation="tanh"), {}),
    "max_pooling3d": ("MaxPooling3D", dict(pool_size=2, strides=2, padding="same"), {}),
    "average_pooling3d": ("AveragePooling3D", dict(pool_size=3, strides=(1, 2, 2),
                                                   padding="same"), {}),
    "average_pooling1d_first": ("AveragePooling1D", dict(pool_size=2, strides=1,
                                                         data_format="channels_first"), {}),
    "max_pooling2d": ("MaxPooling2D", dict(pool_size=(2, 3), strides=(1, 2)), {}),
    "batch_norm": ("BatchNormalization", dict(momentum=0.9), {"training": True}),
    "flatten_first": ("Flatten", dict(data_format="channels_first"), {}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_layer_class_matches_tensorflow(case):
    cls_name, kwargs, call_kwargs = CASES[case]
    kwargs = dict(kwargs)
    if "activation" in kwargs:
        kwargs["activation"] = getattr(tf.nn, kwargs["activation"])
    with tf.Graph().as_default():
        layer = getattr(tf.layers, cls_name)(**kwargs)
        y = layer.apply(tf.constant(FIXTURE[case + "_in"]), **call_kwargs)
        assert [v.name for v in layer.weights] == list(FIXTURE[case + "_names"])
        assert y.shape.as_list() == list(FIXTURE[case + "_out"].shape)
        loads = [v.assign(FIXTURE["%s_w%d" % (case, i)]) for i, v in enumerate(layer.weights)]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(loads)
            out = sess.run([y] + ([tf.group(*layer.updates)] if layer.updates else []))[0]
            moving = sess.run(layer.weights[2:]) if layer.updates else None
    np.testing.assert_allclose(out, FIXTURE[case + "_out"], rtol=1e-5, atol=1e-5)
    if moving is not None:
        np.testing.assert_allclose(np.stack(moving), FIXTURE[case + "_moving"], rtol=1e-5)


def test_layer_object_reuses_its_variables_and_names_like_tf1():
    with tf.Graph().as_default():
        with tf.variable_scope("tower"):
            layer = tf.layers.Dense(3, name="proj")
            a = layer(tf.zeros([2, 4]))
            b = layer.apply(tf.ones([5, 4]))
        assert layer.name == "proj" and layer.scope_name == "tower/proj"
        assert [v.name for v in layer.variables] == ["tower/proj/kernel:0", "tower/proj/bias:0"]
        assert len(tf.global_variables()) == 2
        assert b.shape.as_list() == [5, 3] and a.shape.as_list() == [2, 3]
        unnamed = [tf.layers.Conv2D(2, 1) for _ in range(2)]
        for layer in unnamed:
            layer(tf.zeros([1, 3, 3, 1]))
        assert [layer.name for layer in unnamed] == ["conv2d", "conv2d_1"]


def test_functional_forms_reuse_under_variable_scope():
    def model(x):
        h = tf.layers.conv3d(x, 2, 3, padding="same")
        h = tf.layers.max_pooling3d(h, 2, 2)
        h = tf.layers.separable_conv1d(tf.reshape(h, [-1, 8, 2]), 3, 2)
        return tf.layers.dense(tf.layers.flatten(h), 1)
    with tf.Graph().as_default():
        with tf.variable_scope("D"):
            model(tf.zeros([1, 4, 4, 4, 1]))
        count = len(tf.global_variables())
        with tf.variable_scope("D", reuse=True):
            model(tf.ones([1, 4, 4, 4, 1]))
        assert len(tf.global_variables()) == count == 2 + 3 + 2


def test_losses_updates_and_trainable_flags():
    with tf.Graph().as_default():
        reg = lambda w: tf.reduce_sum(w * w)  # noqa: E731
        layer = tf.layers.Conv3D(2, 2, kernel_regularizer=reg, bias_regularizer=reg,
                                 activity_regularizer=tf.reduce_mean)
        layer(tf.zeros([1, 3, 3, 3, 1]))
        assert len(layer.losses) == 3
        assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 3
        bn = tf.layers.BatchNormalization(trainable=False)
        bn(tf.zeros([4, 3]), training=tf.placeholder(tf.bool))
        assert bn.trainable_weights == [] and len(bn.non_trainable_weights) == 4
        assert len(bn.updates) == 2
        assert set(bn.updates) <= set(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
        frozen = tf.layers.Dense(2, trainable=False)
        frozen(tf.zeros([1, 2]))
        assert frozen.trainable_weights == [] and len(frozen.weights) == 2
        assert not any(v in tf.trainable_variables() for v in frozen.weights)


def test_input_spec_rejects_wrong_inputs():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="expected ndim=5, found ndim=4"):
            tf.layers.Conv3D(2, 2)(tf.zeros([1, 3, 3, 1]))
        layer = tf.layers.Dense(2)
        layer(tf.zeros([1, 3]))
        with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 3"):
            layer(tf.zeros([1, 4]))
        with pytest.raises(ValueError, match="channel dimension of the inputs should be defined"):
            tf.layers.Conv1D(2, 2)(tf.placeholder(tf.float32, [1, 5, None]))
        with pytest.raises(ValueError, match="does not take a dilation_rate"):
            tf.layers.Conv2DTranspose(2, 2, dilation_rate=2)(tf.zeros([1, 3, 3, 1]))
        with pytest.raises(TypeError, match="Keyword argument not understood: nonsense"):
            tf.layers.Dense(2, nonsense=1)
        spec = tf.layers.InputSpec(dtype=tf.float32, ndim=2, axes={1: 3})
        assert "ndim=2" in repr(spec)
        with pytest.raises(ValueError, match="expected dtype=float32"):
            spec.check("x", tf.zeros([2, 3], tf.int32))


def test_custom_layer_subclass_and_output_shape():
    class Scale(tf.layers.Layer):
        default_name = "scale"

        def build(self, input_shape):
            self.alpha = self.add_weight("alpha", [input_shape.as_list()[-1]],
                                         initializer=tf.constant_initializer(2.0))

        def call(self, inputs):
            return inputs * self.alpha
    with tf.Graph().as_default():
        layer = Scale()
        y = layer(tf.ones([2, 3]))
        assert layer.weights[0].name == "scale/alpha:0"
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            np.testing.assert_array_equal(sess.run(y), np.full([2, 3], 2.0, np.float32))
        assert tf.layers.Conv3D(4, 3, strides=2).compute_output_shape(
            [None, 9, 9, 9, 2]).as_list() == [None, 4, 4, 4, 4]
        assert len(tf.global_variables()) == 1  # compute_output_shape built elsewhere


def test_keras_style_layers_own_their_variables():
    with tf.Graph().as_default():
        with tf.variable_scope("m", reuse=tf.AUTO_REUSE):
            with tf.layers.experimental.keras_style_scope():
                first, second = tf.layers.Dense(2), tf.layers.Dense(2)
            first(tf.zeros([1, 3]))
            second(tf.zeros([1, 3]))
            first(tf.ones([1, 3]))
        assert [v.name for v in tf.global_variables()] == [
            "m/dense/kernel:0", "m/dense/bias:0", "m/dense_1/kernel:0", "m/dense_1/bias:0"]


@pytest.mark.parametrize("make", [
    lambda: tf.layers.Conv3D(2, 2, strides=(1, 2, 1), padding="same", use_bias=False),
    lambda: tf.layers.Conv3DTranspose(2, 2, strides=2, use_bias=False),
    lambda: tf.layers.SeparableConv1D(2, 2, depth_multiplier=2, use_bias=False),
    lambda: tf.layers.AveragePooling3D(2, 1, padding="same"),
])
def test_gradients_through_layers_numerically(make):
    x = np.random.RandomState(8).randn(1, 3, 4, 3, 2)
    if make().__class__.__name__ == "SeparableConv1D":
        x = x.reshape(1, 12, 6)
    check_gradients(lambda t: make()(t), [x])
