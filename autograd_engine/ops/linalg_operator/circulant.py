"""Circulant LinearOperators (1-D, and the block-circulant 2-D and 3-D kinds), given by their
``spectrum``: the matrix is ``F^-1 diag(spectrum) F`` for the d-dimensional DFT ``F``.

The first column (the convolution kernel) is the inverse DFT of the spectrum, computed by the
``CirculantKernel`` op (numpy's FFT, on the host); the matrix gathers it by ``(i - j) mod n``
per dimension, and its products and determinants go through that dense matrix; a solve is the
product with the circulant matrix of the reciprocal spectrum.
"""
import numpy as np

from ...framework import dtypes
from ...framework.tensor_shape import TensorShape
from .. import array_ops
from ..concat_split_ops import concat
from ..constant_op import constant, convert_to_tensor
from ..gather_ops import gather
from ..op_samples import OpSample, normal
from ..registry import OpDef, make_tensor, register
from .base import LinearOperator, matrix_shape


@register
class CirculantKernel(OpDef):
    """The inverse DFT over the last ``block_dims`` axes of a spectrum, cast to ``dtype``
    (the real part for a real dtype)."""
    type_name = "CirculantKernel"
    host_only = True

    def infer(self, op):
        spectrum, rank = op.inputs[0], op.attrs["block_dims"]
        if spectrum.shape.ndims is not None and spectrum.shape.ndims < rank:
            raise ValueError("spectrum must have at least %d dimensions" % rank)
        return [(op.attrs["dtype"], TensorShape(spectrum.shape))]

    def kernel(self, op, ctx):
        axes = tuple(range(-op.attrs["block_dims"], 0))
        dtype = op.attrs["dtype"]

        def inverse_dft(spectrum):
            column = np.fft.ifftn(spectrum, axes=axes)
            return (column if dtype.is_complex else column.real).astype(dtype.as_numpy_dtype)
        return inverse_dft

    def gradient(self, op, grad):
        # For a real spectrum the map is the real part of a symmetric linear map W; its
        # transpose applied to the gradient is the same op.
        spectrum = op.inputs[0]
        if spectrum.dtype.is_complex or op.attrs["dtype"].is_complex:
            raise LookupError("No gradient defined for a complex CirculantKernel.")
        return [circulant_kernel(grad, op.attrs["block_dims"], spectrum.dtype)]

    def samples(self, rng):
        """1-D and 2-D real spectra (batched), a complex one (forward only)."""
        def sample(spectrum, rank, dtype=dtypes.float64, **kwargs):
            axes = tuple(range(-rank, 0))

            def reference(s):
                column = np.fft.ifftn(s, axes=axes)
                return (column if dtype.is_complex else column.real).astype(
                    dtype.as_numpy_dtype)
            return OpSample(lambda s: circulant_kernel(s, rank, dtype), spectrum,
                            reference=reference, **kwargs)
        complex_spectrum = normal(rng, 4) + 1j * normal(rng, 4)
        return [sample(normal(rng, 5), 1), sample(normal(rng, 2, 3, 3), 2),
                sample(normal(rng, 2, 2, 3), 3),
                sample(complex_spectrum, 1, dtypes.complex128, grad=())]


def circulant_kernel(spectrum, block_dims, dtype, name=None):
    """The inverse DFT of ``spectrum`` over its last ``block_dims`` axes, as ``dtype``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(circulant_kernel([3.0, 1.0, 1.0], 1, tf.float64)).round(4).tolist()
    [1.6667, 0.6667, 0.6667]
    """
    return make_tensor("CirculantKernel", (convert_to_tensor(spectrum),),
                       {"block_dims": int(block_dims), "dtype": dtypes.as_dtype(dtype)}, name)


def _wrapped_difference_index(block_shape):
    """For multi-indices i (rows) and j (columns) of ``block_shape``, the flat index of
    ``(i - j) mod block_shape``."""
    grids = np.indices(block_shape).reshape(len(block_shape), -1)
    difference = (grids[:, :, None] - grids[:, None, :]) % np.asarray(block_shape)[:, None, None]
    return np.ravel_multi_index(tuple(difference), block_shape).astype(np.int32)


class _BaseCirculant(LinearOperator):
    block_dims = None

    def __init__(self, spectrum, input_output_dtype=dtypes.complex64, is_non_singular=None,
                 is_self_adjoint=None, is_positive_definite=None, is_square=True, name=None):
        self._spectrum = convert_to_tensor(spectrum)
        dims = self._spectrum.shape.as_tuple()
        if dims is None or len(dims) < self.block_dims or None in dims[-self.block_dims:]:
            raise ValueError("%s needs the spectrum's last %d dimensions known while building "
                             "the graph." % (type(self).__name__, self.block_dims))
        self._block_shape = tuple(dims[-self.block_dims:])
        super().__init__(dtypes.as_dtype(input_output_dtype), [self._spectrum],
                         is_non_singular, is_self_adjoint, is_positive_definite, True,
                         name or type(self).__name__, {"spectrum": spectrum})

    spectrum = property(lambda self: self._spectrum)

    @property
    def block_shape(self):
        return TensorShape(self._block_shape)

    def block_shape_tensor(self):
        return constant(list(self._block_shape))

    def _shape(self):
        size = int(np.prod(self._block_shape))
        return matrix_shape(self._spectrum.shape.as_tuple()[:-self.block_dims], size, size)

    def convolution_kernel(self, name="convolution_kernel"):
        """The first column of the matrix, shaped as the spectrum: its inverse DFT."""
        with self._scope(name):
            return circulant_kernel(self._spectrum, self.block_dims, self.dtype)

    def _to_dense(self):
        column = self.convolution_kernel()
        size = int(np.prod(self._block_shape))
        batch_rank = self._spectrum.shape.ndims - self.block_dims
        flat = array_ops.reshape(column, concat([array_ops.shape(column)[:batch_rank], [size]],
                                                0))
        return gather(flat, constant(_wrapped_difference_index(self._block_shape)), axis=-1)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        # The inverse of a circulant matrix is the circulant matrix of the reciprocal
        # spectrum (complex operators too, which the dense solves do not take).
        if adjoint:
            return super()._solve(rhs, adjoint, adjoint_arg)
        inverse = type(self)(1.0 / self._spectrum, input_output_dtype=self.dtype)
        return inverse.matmul(rhs, adjoint_arg=adjoint_arg)


class LinearOperatorCirculant(_BaseCirculant):
    """The circulant matrices with the given DFT ``spectrum`` (``[..., N]``): each row is the
    one above shifted right by one, wrapping around.

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorCirculant([3.0, 1.0, 1.0], input_output_dtype=tf.float64)
    >>> with tf.Session() as sess:
    ...     sess.run(op.to_dense()).round(4).tolist()[0]
    [1.6667, 0.6667, 0.6667]
    """
    block_dims = 1


class LinearOperatorCirculant2D(_BaseCirculant):
    """Block-circulant matrices with circulant blocks, from a 2-D ``spectrum``
    (``[..., N0, N1]``); the matrix is ``N0 * N1`` square.

    >>> import autograd_engine as tf
    >>> tf.linalg.LinearOperatorCirculant2D(tf.ones([2, 3])).shape.as_list()
    [6, 6]
    """
    block_dims = 2


class LinearOperatorCirculant3D(_BaseCirculant):
    """The 3-D kind of :class:`LinearOperatorCirculant2D`, from ``[..., N0, N1, N2]``.

    >>> import autograd_engine as tf
    >>> tf.linalg.LinearOperatorCirculant3D(tf.ones([2, 2, 2])).shape.as_list()
    [8, 8]
    """
    block_dims = 3


__all__ = ["LinearOperatorCirculant", "LinearOperatorCirculant2D", "LinearOperatorCirculant3D",
           "circulant_kernel"]
