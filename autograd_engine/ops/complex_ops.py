"""Complex numbers: ``tf.complex``, ``real``, ``imag``, ``conj``, ``angle`` and the absolute
value of complex tensors (TF's ComplexAbs), with TF's gradient convention.

TF's convention for complex gradients: the gradient of a real-valued loss L with respect to a
complex tensor ``z = x + iy`` is ``dL/dx + i dL/dy``. Through a holomorphic op ``w = f(z)`` it is
then ``grad_w * conj(f'(z))``, which is why the gradients of the real ops that also take
complex values (Mul, RealDiv, Exp, Log, Square, Sqrt, Reciprocal, MatMul) multiply by
:func:`conj` of their inputs: for real tensors ``conj`` is the tensor itself and adds no op.

>>> import autograd_engine as tf
>>> z = tf.complex(3.0, 4.0)
>>> with tf.Session() as sess:
...     [float(v) for v in sess.run([tf.real(z), tf.imag(z), tf.abs(z)])]
[3.0, 4.0, 5.0]
"""
import numpy as np

from ..framework import dtypes
from ..framework.tensor import TensorLike
from .array_ops import zeros_like
from .broadcast_ops import reduce_to_input_shape
from .complex_conj import conj
from .constant_op import convert_to_tensor
from .elementwise_binary_ops import where
from .elementwise_unary_ops import abs as real_abs
from .elementwise_unary_ops import cast, reciprocal
from .op_families import BinaryOp, UnaryOp, check_same_dtype
from .op_samples import BROADCAST_SHAPES, OpSample, away_from_zero, normal
from .registry import get_op_def, make_tensor, register
from .shape_rules import broadcast_shape
from .trigonometric_ops import atan2

_COMPLEX_OF = {dtypes.float32: dtypes.complex64, dtypes.float64: dtypes.complex128}
_REAL_OF = {complex_dtype: real for real, complex_dtype in _COMPLEX_OF.items()}


def _complex_of(re, im):
    """``re + i im`` as a complex tensor, from two float64 tensors (samples' inputs)."""
    return complex(re, im)


# ================================================================== Complex
class ComplexOp(BinaryOp):
    """``complex(real, imag)``: two float32 (float64) tensors, broadcast, into complex64
    (complex128). Its gradient hands each part of the incoming gradient to its input."""

    def __init__(self):
        super().__init__("Complex", None, grad=True)

    def infer(self, op):
        check_same_dtype(op)
        dtype = op.inputs[0].dtype
        if dtype not in _COMPLEX_OF:
            raise TypeError("Value passed to parameter 'real' has DataType %s not in list of "
                            "allowed values: float32, float64 (op 'Complex')" % dtype.name)
        return [(_COMPLEX_OF[dtype], broadcast_shape(op.inputs[0], op.inputs[1]))]

    def kernel(self, op, ctx):
        dtype = op.outputs[0].dtype.np_dtype
        return lambda re, im: (re + 1j * im).astype(dtype, copy=False)

    def gradient(self, op, grad):
        re, im = op.inputs
        return [reduce_to_input_shape(real(grad), re, [im]),
                reduce_to_input_shape(imag(grad), im, [re])]

    def samples(self, rng):
        """Broadcast float64 parts (gradient through real and imag of the result) and float32
        ones into complex64."""
        def parts(re, im):
            z = complex(re, im)
            return [real(z * z), imag(z * z)]

        def reference(re, im):
            z = re + 1j * im
            return [np.real(z * z), np.imag(z * z)]
        return [OpSample(parts, normal(rng, *a), normal(rng, *b), reference=reference)
                for a, b in BROADCAST_SHAPES[:3]] + [
            OpSample(complex, np.float32([1.5, -2.0]), np.float32([0.5, 3.0]),
                     reference=lambda re, im: (re + 1j * im).astype(np.complex64), grad=())]


register(ComplexOp)


def complex(real, imag, name=None):  # noqa: A001 - TF's name
    """The complex tensor ``real + i imag`` from two float32 (complex64 result) or float64
    (complex128) tensors of one dtype, broadcast against each other.

    >>> import autograd_engine as tf
    >>> z = tf.complex([1.0, 2.0], 3.0)
    >>> z.dtype
    tf.complex64
    >>> with tf.Session() as sess:
    ...     sess.run(z).tolist()
    [(1+3j), (2+3j)]
    """
    if isinstance(real, TensorLike) or not isinstance(imag, TensorLike):
        re = convert_to_tensor(real)
        im = convert_to_tensor(imag, dtype=None if isinstance(imag, TensorLike) else re.dtype)
    else:
        im = convert_to_tensor(imag)
        re = convert_to_tensor(real, dtype=im.dtype)
    return make_tensor("Complex", (re, im), None, name)


# ================================================================== Real, Imag, Conj, Angle, abs
class _ComplexUnaryOp(UnaryOp):
    """A unary op defined on complex tensors only (its public function handles real ones)."""

    def __init__(self, type_name, forward, grad, to_real, samples):
        super().__init__(type_name, forward, grad)
        self._to_real = to_real
        self._samples = samples

    def infer(self, op):
        x = op.inputs[0]
        if not x.dtype.is_complex:
            raise TypeError("Value passed to parameter 'input' has DataType %s not in list of "
                            "allowed values: complex64, complex128 (op '%s')"
                            % (x.dtype.name, self.type_name))
        return [(_REAL_OF[x.dtype] if self._to_real else x.dtype, x.shape)]

    def kernel(self, op, ctx):
        forward, dtype = self._forward(ctx.xp), op.outputs[0].dtype.np_dtype
        # real/imag of an array are views of it: the output is a new array
        return lambda x: forward(x).astype(dtype, copy=True)

    def samples(self, rng):
        """Float64 parts made complex (gradient through both), a broadcast scalar part, and
        complex64 values."""
        def through(re, im):
            out = self._samples(_complex_of(re, im))
            return [real(out), imag(out)] if out.dtype.is_complex else out

        def reference(re, im):
            out = self._reference(re + 1j * im)
            return [np.real(out), np.imag(out)] if np.iscomplexobj(out) else out
        values = (away_from_zero(rng, 3, 4), away_from_zero(rng, 3, 4))
        return [OpSample(through, *values, reference=reference),
                OpSample(through, away_from_zero(rng, 2), np.float64(0.7), reference=reference),
                OpSample(self._samples, (normal(rng, 5) + 1j * normal(rng, 5)).astype(
                    np.complex64), reference=lambda z: self._reference(z), rtol=1e-5)]


def _define(type_name, forward, grad, to_real, apply, reference):
    op_def = _ComplexUnaryOp(type_name, forward, grad, to_real, apply)
    op_def._reference = reference
    register(op_def)
    return lambda x, name=None: make_tensor(type_name, (x,), None, name)


def _angle_grad(x, y, g):
    """TF's ``-g / (imag(z) + i real(z))``: with TF's convention the gradient of
    ``arg z = atan2(y, x)`` is ``(-y + i x) / |z|^2``."""
    return -cast(g, x.dtype) * reciprocal(complex(imag(x), real(x)))


def _complex_abs_grad(x, y, g):
    """``g z / |z|``, and 0 where z is 0 (TF's div_no_nan)."""
    nonzero = y > 0
    factor = where(nonzero, g / where(nonzero, y, y + 1), zeros_like(g))
    return cast(factor, x.dtype) * x


_real = _define("Real", lambda xp: xp.real, lambda x, y, g: cast(g, x.dtype), True,
                lambda z: real(z * z), lambda z: np.real(z * z))
_imag = _define("Imag", lambda xp: xp.imag, lambda x, y, g: complex(zeros_like(g), g), True,
                lambda z: imag(z * z), lambda z: np.imag(z * z))
_angle = _define("Angle", lambda xp: xp.angle, _angle_grad, True,
                 lambda z: angle(z), np.angle)
_complex_abs = _define("ComplexAbs", lambda xp: xp.abs, _complex_abs_grad, True,
                       lambda z: _complex_abs(z), np.abs)
# Conj (defined in complex_conj, which the real ops' gradients import) gets its samples here.
_conj_samples = _ComplexUnaryOp("Conj", None, None, False, lambda z: conj(z) * z * z)
_conj_samples._reference = lambda z: np.conj(z) * z * z
get_op_def("Conj").samples = _conj_samples.samples


def real(input, name=None):  # noqa: A002 - TF's argument name
    """The real part of a complex tensor (float32 for complex64, float64 for complex128); a real
    tensor is returned as it is.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.real(tf.constant([1 + 2j, -3j]))).tolist()
    [1.0, -0.0]
    """
    x = convert_to_tensor(input)
    return _real(x, name=name) if x.dtype.is_complex else x


def imag(input, name=None):  # noqa: A002
    """The imaginary part of a complex tensor; zeros for a real tensor.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.imag(tf.constant([1 + 2j, -3j]))).tolist()
    [2.0, -3.0]
    """
    x = convert_to_tensor(input)
    return _imag(x, name=name) if x.dtype.is_complex else zeros_like(x, name=name)


def angle(input, name=None):  # noqa: A002
    """The argument of each complex element, in ``(-pi, pi]``; for a real tensor ``pi`` where it
    is negative and 0 elsewhere (TF's ``atan2(0, x)``).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     [round(v, 4) for v in sess.run(tf.angle(tf.constant([1j, -1 + 0j]))).tolist()]
    [1.5708, 3.1416]
    """
    x = convert_to_tensor(input)
    if x.dtype.is_complex:
        return _angle(x, name=name)
    return atan2(zeros_like(x), x, name=name)


def abs(x, name=None):  # noqa: A001 - TF's name
    """The absolute value, elementwise: for a complex tensor its modulus ``sqrt(re^2 + im^2)``
    as a real tensor (TF's ComplexAbs), else ``|x|`` in ``x``'s dtype.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run([tf.abs(tf.constant([3 - 4j])), tf.abs([-2.0])])
    [array([5.]), array([2.], dtype=float32)]
    """
    x = convert_to_tensor(x)
    return _complex_abs(x, name=name) if x.dtype.is_complex else real_abs(x, name=name)


def to_complex64(x, name="ToComplex64"):
    """``tf.cast(x, tf.complex64)`` (TF1's deprecated spelling).

    >>> import autograd_engine as tf
    >>> tf.to_complex64([1.0, 2.0]).dtype
    tf.complex64
    """
    return cast(x, dtypes.complex64, name=name)


def to_complex128(x, name="ToComplex128"):
    """``tf.cast(x, tf.complex128)`` (TF1's deprecated spelling).

    >>> import autograd_engine as tf
    >>> tf.to_complex128([1.0]).dtype
    tf.complex128
    """
    return cast(x, dtypes.complex128, name=name)


__all__ = ["abs", "angle", "complex", "conj", "imag", "real", "to_complex64",
           "to_complex128"]
