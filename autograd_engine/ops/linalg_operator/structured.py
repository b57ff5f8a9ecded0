"""LinearOperators whose structure makes their products and solves cheap: diagonal, identity,
scaled identity, zeros, Householder reflections, permutations, tridiagonal and Toeplitz
matrices.

>>> import autograd_engine as tf
>>> op = tf.linalg.LinearOperatorScaledIdentity(3, 2.0)
>>> with tf.Session() as sess:
...     float(sess.run(op.determinant()))
8.0
"""
import numpy as np

from ...framework import dtypes as dtypes_
from ...framework.tensor_shape import TensorShape
from .. import array_ops
from ..array_ops import matrix_transpose
from ..broadcast_ops import broadcast_to
from ..concat_split_ops import concat
from ..constant_op import constant, constant_value, convert_to_tensor
from ..diagonal_ops import eye, matrix_diag, matrix_diag_part, matrix_set_diag
from ..elementwise_binary_ops import floormod, logical_and
from ..elementwise_unary_ops import abs as abs_, cast, log, sqrt
from ..gather_ops import gather
from ..linalg_decompositions import permutation_matrix
from ..linalg_extra import tridiagonal_matmul, tridiagonal_solve
from ..matmul_ops import matmul
from ..reduction_ops import reduce_sum
from ..shape_rules import broadcast_dims
from ..sort_ops import argsort
from .base import (LinearOperator, determinant_from_diagonal,
                   log_abs_determinant_from_diagonal, matrix_shape)


def _maybe_transpose(x, adjoint_arg):
    return matrix_transpose(x) if adjoint_arg else x


class LinearOperatorDiag(LinearOperator):
    """The diagonal matrices with diagonal ``diag`` (``[..., N]``): products and solves are
    elementwise.

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorDiag([1.0, 2.0])
    >>> with tf.Session() as sess:
    ...     sess.run(op.to_dense()).tolist()
    [[1.0, 0.0], [0.0, 2.0]]
    """

    def __init__(self, diag, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorDiag"):
        self._diag = convert_to_tensor(diag)
        if self._diag.shape.ndims is not None and self._diag.shape.ndims < 1:
            raise ValueError("Argument diag must have at least 1 dimension.  Found: %s"
                             % self._diag)
        if is_square is False:
            raise ValueError("Only square diagonal operators currently supported.")
        if is_self_adjoint is None and not self._diag.dtype.is_complex:
            is_self_adjoint = True
        super().__init__(self._diag.dtype, [self._diag], is_non_singular, is_self_adjoint,
                         is_positive_definite, True, name, {"diag": diag})

    diag = property(lambda self: self._diag)

    def _shape(self):
        dims = self._diag.shape.as_tuple()
        return matrix_shape(None if dims is None else dims[:-1], *(dims[-1:] * 2)) \
            if dims is not None else TensorShape(None)

    def _to_dense(self):
        return matrix_diag(self._diag)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return array_ops.expand_dims(self._diag, -1) * _maybe_transpose(x, adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return _maybe_transpose(rhs, adjoint_arg) / array_ops.expand_dims(self._diag, -1)

    def _diag_part(self):
        return self._diag

    def _determinant(self):
        return determinant_from_diagonal(self._diag)

    def _log_abs_determinant(self):
        return log_abs_determinant_from_diagonal(self._diag)

    def _cholesky(self):
        return LinearOperatorDiag(sqrt(self._diag), is_non_singular=True,
                                  is_self_adjoint=True, is_positive_definite=True)

    def add_to_tensor(self, x, name="add_to_tensor"):
        with self._scope(name):
            x = convert_to_tensor(x, dtype=self.dtype)
            return matrix_set_diag(x, matrix_diag_part(x) + self._diag)


def _static_size(value, what):
    if hasattr(value, "op"):
        static = constant_value(value)
        if static is None:
            raise ValueError("%s must be known while building the graph." % what)
        value = static
    value = int(value)
    if value < 0:
        raise ValueError("Argument %s must be non-negative. Found: %d" % (what, value))
    return value


class _IdentityBase(LinearOperator):
    """An N x N identity times a scalar per batch member (1 for the plain identity)."""

    def __init__(self, num_rows, batch_shape, dtype, hints, name, parameters):
        self._num_rows = _static_size(num_rows, "num_rows")
        self._batch = () if batch_shape is None else tuple(
            _static_size(d, "batch_shape") for d in np.atleast_1d(batch_shape))
        super().__init__(dtype, [], *hints, name=name, parameters=parameters)

    def _identity(self):
        return eye(self._num_rows, batch_shape=list(self._batch) or None, dtype=self.dtype)

    def _ones(self):
        return array_ops.ones(list(self._batch) + [self._num_rows], dtype=self.dtype)


class LinearOperatorIdentity(_IdentityBase):
    """The N x N identity (``batch_shape`` copies): matmul and solve return their argument
    (broadcast to the batch).

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorIdentity(2, batch_shape=[3])
    >>> op.shape.as_list()
    [3, 2, 2]
    """

    def __init__(self, num_rows, batch_shape=None, dtype=None, is_non_singular=True,
                 is_self_adjoint=True, is_positive_definite=True, is_square=True,
                 assert_proper_shapes=False, name="LinearOperatorIdentity"):
        for hint, label in ((is_non_singular, "non-singular"), (is_self_adjoint,
                                                                "self-adjoint"),
                            (is_positive_definite, "positive definite"), (is_square, "square")):
            if not hint:
                raise ValueError("An identity operator is always %s." % label)
        super().__init__(num_rows, batch_shape, dtypes_.as_dtype(dtype or dtypes_.float32),
                         (True, True, True, True), name,
                         {"num_rows": num_rows, "batch_shape": batch_shape})

    def _shape(self):
        return matrix_shape(self._batch, self._num_rows, self._num_rows)

    def _to_dense(self):
        return self._identity()

    def _with_batch(self, x):
        if not self._batch:
            return x
        return x + array_ops.zeros(list(self._batch) + [1, 1], dtype=self.dtype)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._with_batch(_maybe_transpose(x, adjoint_arg))

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._with_batch(_maybe_transpose(rhs, adjoint_arg))

    def _diag_part(self):
        return self._ones()

    def _determinant(self):
        return array_ops.ones(list(self._batch), dtype=self.dtype)

    def _log_abs_determinant(self):
        return array_ops.zeros(list(self._batch), dtype=self.dtype)

    def _cholesky(self):
        return self

    def inverse(self, name="inverse"):
        return self

    def add_to_tensor(self, x, name="add_to_tensor"):
        with self._scope(name):
            return convert_to_tensor(x, dtype=self.dtype) + self._identity()


class LinearOperatorScaledIdentity(_IdentityBase):
    """``multiplier`` (a scalar per batch member: its shape is the batch shape) times the
    N x N identity.

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorScaledIdentity(2, [2.0, 3.0])
    >>> op.shape.as_list()
    [2, 2, 2]
    """

    def __init__(self, num_rows, multiplier, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=True, assert_proper_shapes=False,
                 name="LinearOperatorScaledIdentity"):
        self._multiplier = convert_to_tensor(multiplier)
        dims = self._multiplier.shape.as_tuple()
        if dims is None or None in dims:
            raise ValueError("multiplier's shape (the batch shape) must be known while "
                             "building the graph.")
        if is_self_adjoint is None and not self._multiplier.dtype.is_complex:
            is_self_adjoint = True
        super().__init__(num_rows, dims, self._multiplier.dtype,
                         (is_non_singular, is_self_adjoint, is_positive_definite, True), name,
                         {"num_rows": num_rows, "multiplier": multiplier})

    multiplier = property(lambda self: self._multiplier)

    def _shape(self):
        return matrix_shape(self._batch, self._num_rows, self._num_rows)

    def _scale_matrix(self):
        return array_ops.expand_dims(array_ops.expand_dims(self._multiplier, -1), -1)

    def _to_dense(self):
        return self._scale_matrix() * self._identity()

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._scale_matrix() * _maybe_transpose(x, adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return _maybe_transpose(rhs, adjoint_arg) / self._scale_matrix()

    def _diag_part(self):
        return array_ops.expand_dims(self._multiplier, -1) * self._ones()

    def _determinant(self):
        return self._multiplier ** float(self._num_rows)

    def _log_abs_determinant(self):
        return float(self._num_rows) * log(abs_(self._multiplier))

    def _cholesky(self):
        return LinearOperatorScaledIdentity(self._num_rows, sqrt(self._multiplier),
                                            is_non_singular=True, is_self_adjoint=True,
                                            is_positive_definite=True)


class LinearOperatorZeros(LinearOperator):
    """The all-zero ``num_rows x num_columns`` matrices: singular, so no solve.

    >>> import autograd_engine as tf
    >>> tf.linalg.LinearOperatorZeros(2, 3).shape.as_list()
    [2, 3]
    """

    def __init__(self, num_rows, num_columns=None, batch_shape=None, dtype=None,
                 is_non_singular=False, is_self_adjoint=True, is_positive_definite=False,
                 is_square=True, assert_proper_shapes=False, name="LinearOperatorZeros"):
        if is_non_singular or is_positive_definite:
            raise ValueError("A zero operator is always singular and never positive definite.")
        self._num_rows = _static_size(num_rows, "num_rows")
        self._num_columns = self._num_rows if num_columns is None else _static_size(
            num_columns, "num_columns")
        self._batch = () if batch_shape is None else tuple(
            _static_size(d, "batch_shape") for d in np.atleast_1d(batch_shape))
        square = self._num_rows == self._num_columns
        super().__init__(dtypes_.as_dtype(dtype or dtypes_.float32), [], False,
                         bool(is_self_adjoint and square), False, square, name,
                         {"num_rows": num_rows, "num_columns": num_columns})

    def _shape(self):
        return matrix_shape(self._batch, self._num_rows, self._num_columns)

    def _to_dense(self):
        return array_ops.zeros(list(self._batch) + [self._num_rows, self._num_columns],
                               dtype=self.dtype)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return matmul(self._to_dense(), _maybe_transpose(x, adjoint_arg), transpose_a=adjoint)

    def _determinant(self):
        return array_ops.zeros(list(self._batch), dtype=self.dtype)

    def _log_abs_determinant(self):
        return log(self._determinant())

    def _diag_part(self):
        return array_ops.zeros(list(self._batch) + [min(self._num_rows, self._num_columns)],
                               dtype=self.dtype)

    def add_to_tensor(self, x, name="add_to_tensor"):
        with self._scope(name):
            return array_ops.identity(convert_to_tensor(x, dtype=self.dtype))


class LinearOperatorHouseholder(LinearOperator):
    """The reflection ``I - 2 v v^T / (v^T v)`` across the hyperplane orthogonal to
    ``reflection_axis`` ``v`` (``[..., N]``): its own inverse, determinant -1.

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorHouseholder([1.0, 0.0])
    >>> with tf.Session() as sess:
    ...     sess.run(op.matvec([3.0, 4.0])).tolist()
    [-3.0, 4.0]
    """

    def __init__(self, reflection_axis, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorHouseholder"):
        if is_positive_definite:
            raise ValueError("A Householder operator is always non-positive definite.")
        if is_non_singular is False or is_self_adjoint is False or is_square is False:
            raise ValueError("A Householder operator is always non-singular, self-adjoint "
                             "and square.")
        self._axis = convert_to_tensor(reflection_axis)
        super().__init__(self._axis.dtype, [self._axis], True, True, False, True, name,
                         {"reflection_axis": reflection_axis})

    reflection_axis = property(lambda self: self._axis)

    def _shape(self):
        dims = self._axis.shape.as_tuple()
        return TensorShape(None) if dims is None else matrix_shape(dims[:-1], dims[-1],
                                                                   dims[-1])

    def _unit_axis(self):
        return self._axis / sqrt(reduce_sum(self._axis * self._axis, axis=-1, keepdims=True))

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = _maybe_transpose(x, adjoint_arg)
        unit = array_ops.expand_dims(self._unit_axis(), -1)
        return x - 2.0 * unit * reduce_sum(unit * x, axis=-2, keepdims=True)

    def _to_dense(self):
        unit = self._unit_axis()
        outer = array_ops.expand_dims(unit, -1) * array_ops.expand_dims(unit, -2)
        return matrix_diag(array_ops.ones_like(unit)) - 2.0 * outer

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint, adjoint_arg)

    def _determinant(self):
        return -array_ops.ones_like(self._axis[..., 0])

    def _log_abs_determinant(self):
        return array_ops.zeros_like(self._axis[..., 0])

    def _diag_part(self):
        unit = self._unit_axis()
        return 1.0 - 2.0 * unit * unit


class LinearOperatorPermutation(LinearOperator):
    """The permutation matrices P with ``P @ x = x[..., perm, :]`` for int ``perm``
    (``[..., N]``): orthogonal, so solves apply the transpose.

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorPermutation([2, 0, 1])
    >>> with tf.Session() as sess:
    ...     sess.run(op.matvec([10.0, 20.0, 30.0])).tolist()
    [30.0, 10.0, 20.0]
    """

    def __init__(self, perm, dtype=dtypes_.float32, is_non_singular=None,
                 is_self_adjoint=None, is_positive_definite=None, is_square=None,
                 name="LinearOperatorPermutation"):
        self._perm = convert_to_tensor(perm)
        if not self._perm.dtype.is_integer:
            raise TypeError("perm must be an integer tensor, got %s" % self._perm.dtype.name)
        if is_non_singular is False or is_square is False:
            raise ValueError("A permutation operator is always non-singular and square.")
        super().__init__(dtypes_.as_dtype(dtype), [self._perm], True, is_self_adjoint,
                         is_positive_definite, True, name, {"perm": perm})

    perm = property(lambda self: self._perm)

    def _shape(self):
        dims = self._perm.shape.as_tuple()
        return TensorShape(None) if dims is None else matrix_shape(dims[:-1], dims[-1],
                                                                   dims[-1])

    def _to_dense(self):
        return permutation_matrix(self._perm, self.dtype)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return matmul(self._to_dense(), _maybe_transpose(x, adjoint_arg), transpose_a=adjoint)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return matmul(self._to_dense(), _maybe_transpose(rhs, adjoint_arg),
                      transpose_a=not adjoint)

    def _determinant(self):
        # The sign of the permutation: (-1) ** (N - number of cycles), from the inversions
        # counted pairwise.
        perm = self._perm
        before = array_ops.expand_dims(perm, -1) > array_ops.expand_dims(perm, -2)
        later = constant(np.triu(np.ones((self.domain_dimension,) * 2, bool), 1))
        inversions = reduce_sum(cast(logical_and(before, later), dtypes_.int32), axis=[-2, -1])
        return 1.0 - 2.0 * cast(floormod(inversions, 2), self.dtype)

    def _log_abs_determinant(self):
        return array_ops.zeros(array_ops.shape(self._perm)[:-1], dtype=self.dtype)

    def inverse(self, name="inverse"):
        return LinearOperatorPermutation(argsort(self._perm, axis=-1), dtype=self.dtype)


class LinearOperatorTridiag(LinearOperator):
    """Tridiagonal matrices from their ``diagonals`` (TF's ``compact``, ``sequence`` or
    ``matrix`` format, as :func:`tf.linalg.tridiagonal_matmul`).

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorTridiag([[1.0, 0.0], [2.0, 2.0], [0.0, 1.0]])
    >>> with tf.Session() as sess:
    ...     sess.run(op.matvec([1.0, 1.0])).tolist()
    [3.0, 3.0]
    """

    def __init__(self, diagonals, diagonals_format="compact", is_non_singular=None,
                 is_self_adjoint=None, is_positive_definite=None, is_square=None,
                 name="LinearOperatorTridiag"):
        if diagonals_format not in ("compact", "sequence", "matrix"):
            raise ValueError("Diagonals Format must be one of compact, matrix, sequence, got "
                             "%r" % (diagonals_format,))
        self._format = diagonals_format
        if diagonals_format == "sequence":
            self._diagonals = [convert_to_tensor(d) for d in diagonals]
            reference = self._diagonals[1]
        else:
            self._diagonals = convert_to_tensor(diagonals)
            reference = self._diagonals
        super().__init__(reference.dtype, [], is_non_singular, is_self_adjoint,
                         is_positive_definite, True, name, {"diagonals": diagonals})

    diagonals = property(lambda self: self._diagonals)
    diagonals_format = property(lambda self: self._format)

    def _shape(self):
        if self._format == "sequence":
            dims = self._diagonals[1].shape.as_tuple()
            return TensorShape(None) if dims is None else matrix_shape(dims[:-1], dims[-1],
                                                                       dims[-1])
        dims = self._diagonals.shape.as_tuple()
        if dims is None:
            return TensorShape(None)
        if self._format == "matrix":
            return TensorShape(dims)
        return matrix_shape(dims[:-2], dims[-1], dims[-1])

    def _to_dense(self):
        identity = eye(self.domain_dimension, dtype=self.dtype)
        return tridiagonal_matmul(self._diagonals, identity, self._format)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = _maybe_transpose(x, adjoint_arg)
        if adjoint:
            return matmul(self._to_dense(), x, transpose_a=True)
        return tridiagonal_matmul(self._diagonals, x, self._format)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = _maybe_transpose(rhs, adjoint_arg)
        if adjoint:
            return super()._solve(rhs, adjoint=True)
        return tridiagonal_solve(self._diagonals, rhs, self._format)


class LinearOperatorToeplitz(LinearOperator):
    """The Toeplitz matrices (constant along each diagonal) with first column ``col`` and
    first row ``row`` (``[..., N]`` each; ``row[0]`` is not read: ``col[0]`` is the corner).

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorToeplitz([1.0, 2.0], [1.0, 5.0])
    >>> with tf.Session() as sess:
    ...     sess.run(op.to_dense()).tolist()
    [[1.0, 5.0], [2.0, 1.0]]
    """

    def __init__(self, col, row, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorToeplitz"):
        self._col = convert_to_tensor(col)
        self._row = convert_to_tensor(row, dtype=self._col.dtype)
        super().__init__(self._col.dtype, [self._col, self._row], is_non_singular,
                         is_self_adjoint, is_positive_definite, True, name,
                         {"col": col, "row": row})

    col = property(lambda self: self._col)
    row = property(lambda self: self._row)

    def _shape(self):
        dims = broadcast_dims(self._col.shape.as_tuple(), self._row.shape.as_tuple())
        return TensorShape(None) if dims is None else matrix_shape(dims[:-1], dims[-1],
                                                                   dims[-1])

    def _to_dense(self):
        n = self.domain_dimension
        if n is None:
            raise ValueError("LinearOperatorToeplitz needs N known while building the graph.")
        row, col = self._row, self._col
        dims = self.batch_shape.as_list() + [n]
        row, col = broadcast_to(row, dims), broadcast_to(col, dims)
        # Entry (i, j) is col[i - j] on and below the diagonal, row[j - i] above it: one
        # gather from [row[n-1], ..., row[1], col[0], ..., col[n-1]].
        values = concat([array_ops.reverse(row[..., 1:], [-1]), col], -1)
        index = np.arange(n)[:, None] - np.arange(n)[None, :] + (n - 1)
        return gather(values, constant(index.astype(np.int32)), axis=-1)


__all__ = ["LinearOperatorDiag", "LinearOperatorHouseholder", "LinearOperatorIdentity",
           "LinearOperatorPermutation", "LinearOperatorScaledIdentity",
           "LinearOperatorToeplitz", "LinearOperatorTridiag", "LinearOperatorZeros"]
