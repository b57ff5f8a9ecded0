"""Activations of ``tf.nn`` beyond relu/sigmoid/tanh: relu6, leaky_relu (with their slope
gradients), elu, selu, softplus and softsign, with their conformance samples."""
import numpy as np

from ..framework import dtypes
from . import math_ops
from .constant_op import convert_to_tensor
from .math_ops import _unary, sigmoid
from .op_samples import OpSample, normal
from .registry import OpDef, get_op_def, make_tensor, register


# TF1's SELU constants (Klambauer et al., 2017).
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


# ------------------------------------------------------------------ samples of the activations
def _away_from_kinks(rng, shape, low, high, kinks):
    """Uniform values in [low, high) nudged at least 0.25 away from every kink."""
    values = rng.uniform(low, high, shape)
    for kink in kinks:
        near = np.abs(values - kink) < 0.25
        values[near] = kink + np.where(values[near] < kink, -0.25, 0.25)
    return values


def _activation_samples(type_name, reference, low=-3.0, high=3.0, kinks=(0.0,), edges=(),
                        second_order=False, attrs=None, integers=False):
    """``make_samples`` of an elementwise activation: float64 shapes from scalar to rank 3 and a
    float32 case, all away from its ``kinks`` (gradient-checked), then ``edges`` (kinks, huge
    values) and an empty tensor, forward only; with ``integers``, an int32 case too."""
    def build(*features):
        outputs = [make_tensor(type_name, (x,), attrs) for x in features]
        return outputs if len(outputs) > 1 else outputs[0]

    def make_samples(rng):
        samples = [OpSample(build, _away_from_kinks(rng, shape, low, high, kinks),
                            reference=reference, second_order=second_order)
                   for shape in [(), (2, 3), (3, 1, 2)]]
        samples.append(OpSample(build, _away_from_kinks(rng, (4, 2), low, high, kinks)
                                .astype(np.float32), reference=reference, rtol=1e-5,
                                name="float32"))
        samples.append(OpSample(build, np.array(edges, np.float32), np.zeros((0, 3)),
                                reference=lambda e, empty: [reference(e), reference(empty)],
                                grad=(), rtol=1e-5, name="edges"))
        if integers:
            samples.append(OpSample(build, rng.integers(int(low), int(high), (2, 4))
                                    .astype(np.int32), reference=reference, name="int32"))
        return samples
    return make_samples


def _declare_samples(type_name, make_samples):
    """Samples of an op registered by ``math_ops._unary``, which takes none itself."""
    get_op_def(type_name).samples = make_samples


def _slope_grad_samples(type_name, slope, kinks, attrs=None):
    """Samples of a ``_SlopeGrad`` op: g * slope(x), x away from the kinks; only g is
    differentiable (the op gives x no gradient)."""
    def make_samples(rng):
        return [OpSample(lambda g, x: make_tensor(type_name, (g, x), attrs), normal(rng, *shape),
                         _away_from_kinks(rng, shape, -2.0, 8.0, kinks),
                         reference=lambda g, x: g * slope(x), grad=(0,))
                for shape in [(), (3, 4), (2, 1, 3)]]
    return make_samples


# ------------------------------------------------------------------ piecewise-linear activations
class _SlopeGrad(OpDef):
    """``g * slope(x)`` for an activation whose slope is piecewise constant in its input ``x``
    (inputs: g, x). Linear in g, so its own gradient is the same op; none flows to x (the slope
    has derivative 0 almost everywhere)."""

    def __init__(self, type_name, slope_kernel):
        self.type_name = type_name
        self._slope_kernel = slope_kernel

    def infer(self, op):
        return [(op.inputs[0].dtype, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        return self._slope_kernel(ctx.xp, op.attrs)

    def gradient(self, op, grad):
        return [make_tensor(self.type_name, (grad, op.inputs[1]), op.attrs), None]


register(_SlopeGrad("Relu6Grad", lambda xp, attrs: lambda g, x: g * ((x > 0) & (x < 6))),
         samples=_slope_grad_samples("Relu6Grad", lambda x: ((0 < x) & (x < 6)).astype(x.dtype),
                                     kinks=(0.0, 6.0)))
register(_SlopeGrad("LeakyReluGrad", lambda xp, attrs: (
    lambda g, x, alpha=attrs["alpha"]: xp.where(x > 0, g, g * alpha))),
         samples=_slope_grad_samples("LeakyReluGrad", lambda x: np.where(x > 0, 1.0, 0.3),
                                     kinks=(0.0,), attrs={"alpha": 0.3}))

_relu6 = _unary("Relu6", lambda xp: (lambda x: xp.minimum(xp.maximum(x, 0), 6)),
                lambda x, y, g: make_tensor("Relu6Grad", (g, x)), requires=None)
_declare_samples("Relu6", _activation_samples(
    "Relu6", lambda x: np.clip(x, 0, 6), low=-3.0, high=9.0, kinks=(0.0, 6.0),
    edges=[-1e30, 0, 6, 1e30], integers=True))


@register
class LeakyRelu(OpDef):
    type_name = "LeakyRelu"

    def infer(self, op):
        _check_float(op, "features")
        return [(op.inputs[0].dtype, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        xp, alpha = ctx.xp, op.attrs["alpha"]
        return lambda x: xp.where(x > 0, x, x * alpha)

    def gradient(self, op, grad):
        return [make_tensor("LeakyReluGrad", (grad, op.inputs[0]), op.attrs)]

    def samples(self, rng):
        alpha = 0.3
        return _activation_samples(
            "LeakyRelu", lambda x: np.where(x > 0, x, x * np.asarray(alpha, x.dtype)),
            edges=[-1e30, -1, 0, 1e30], attrs={"alpha": alpha})(rng)


# ------------------------------------------------------------------ smooth activations
def _elu_kernel(xp):
    # expm1 only of the non-positive part: no overflow warning from the unused branch.
    return lambda x: xp.where(x > 0, x, xp.expm1(xp.minimum(x, 0)))


def _selu_kernel(xp):
    elu = _elu_kernel(xp)

    def selu(x):
        y = elu(x)
        return xp.where(x > 0, y * SELU_SCALE, y * (SELU_SCALE * SELU_ALPHA)).astype(x.dtype, copy=False)
    return selu


_elu = _unary("Elu", _elu_kernel,
              lambda x, y, g: math_ops.select(math_ops.less(y, 0), g * (y + 1), g))
_selu = _unary("Selu", _selu_kernel,
               lambda x, y, g: math_ops.select(math_ops.less(y, 0), g * (y + SELU_SCALE * SELU_ALPHA),
                                               g * SELU_SCALE))
# logaddexp(x, 0) = log(1 + exp(x)) without overflow for large x or precision loss for small.
_softplus = _unary("Softplus", lambda xp: (lambda x: xp.logaddexp(x, 0).astype(x.dtype, copy=False)),
                   lambda x, y, g: g * sigmoid(x))
_softsign = _unary("Softsign", lambda xp: (lambda x: x / (1 + xp.abs(x))),
                   lambda x, y, g: g / math_ops.square(1 + math_ops.abs(x)))


def _elu_reference(x):
    negative = np.minimum(x, 0)
    return np.where(x > 0, x, np.exp(negative) - 1).astype(x.dtype)


def _softplus_reference(x):
    # log(1 + e^x) = x + log(1 + e^-x): the branch whose exponent is negative never overflows.
    return np.where(x > 0, x + np.log1p(np.exp(-np.abs(x))), np.log1p(np.exp(-np.abs(x))))


_declare_samples("Elu", _activation_samples(
    "Elu", _elu_reference, edges=[-1e30, -50, 0, 50], second_order=True))
_declare_samples("Selu", _activation_samples(
    "Selu", lambda x: (SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * _elu_reference(x)))
    .astype(x.dtype), edges=[-1e30, -50, 0, 50], second_order=True))
_declare_samples("Softplus", _activation_samples(
    "Softplus", _softplus_reference, low=-5.0, high=5.0, kinks=(),
    edges=[-1e4, -90, 0, 90, 1e4], second_order=True))
_declare_samples("Softsign", _activation_samples(
    "Softsign", lambda x: x / (1 + np.abs(x)), edges=[-1e30, -1, 0, 1e30], second_order=True))


def relu6(features, name=None):
    """``min(max(features, 0), 6)``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.nn.relu6([-1.0, 3.0, 9.0])).tolist()
    [0.0, 3.0, 6.0]
    """
    return _relu6(features, name=name)


def leaky_relu(features, alpha=0.2, name=None):
    """``features`` where positive, else ``alpha * features``; integer features are cast to
    float32 first, as in TF1.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.nn.leaky_relu([-1.0, 2.0], alpha=0.5)).tolist()
    [-0.5, 2.0]
    """
    features = convert_to_tensor(features)
    if features.dtype.is_integer:
        features = math_ops.cast(features, dtypes.float32)
    return make_tensor("LeakyRelu", (features,), {"alpha": float(alpha)}, name)


def elu(features, name=None):
    """Exponential linear unit: ``features`` where positive, else ``exp(features) - 1``.

    >>> import autograd_engine as tf
    >>> tf.nn.elu(tf.zeros([2, 3])).shape.as_list()
    [2, 3]
    """
    return _elu(features, name=name)


def selu(features, name=None):
    """Scaled ELU with TF1's constants: ``scale * features`` where positive, else
    ``scale * alpha * (exp(features) - 1)`` (alpha ~ 1.6733, scale ~ 1.0507).

    >>> import autograd_engine as tf
    >>> tf.nn.selu(tf.zeros([2])).dtype
    tf.float32
    """
    return _selu(features, name=name)


def softplus(features, name=None):
    """``log(exp(features) + 1)``, exact for large positive and negative features.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     ["%.4f" % v for v in sess.run(tf.nn.softplus([-1000.0, 0.0, 1000.0]))]
    ['0.0000', '0.6931', '1000.0000']
    """
    return _softplus(features, name=name)


def softsign(features, name=None):
    """``features / (abs(features) + 1)``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.nn.softsign([-3.0, 1.0])).tolist()
    [-0.75, 0.5]
    """
    return _softsign(features, name=name)


def _check_float(op, what="logits"):
    dtype = op.inputs[0].dtype
    if not dtype.is_floating:
        raise TypeError("%s must be a floating-point tensor, got %s (op '%s')"
                        % (what, dtype.name, op.type))

