"""``tf.linalg.LinearOperator``: a (batch of) matrices known by what it does, not by its
entries, with TF's interface: static and dynamic shapes, ``matmul``/``matvec``, ``solve``/
``solvevec``, determinants, ``diag_part``, ``trace``, ``to_dense``, ``adjoint``, ``inverse``,
``cholesky`` and the ``is_*`` hints.

A subclass gives ``_shape()`` (a TensorShape) and ``_to_dense()``; every other method falls back
on the dense matrix (as TF's base class does), so a subclass overrides only the methods its
structure makes cheaper (a diagonal solve is a division). Everything is built from graph ops,
so gradients flow to the tensors an operator was built from.
"""
from ...framework.graph import get_default_graph
from ...framework.tensor_shape import TensorShape
from .. import array_ops
from ..array_ops import matrix_transpose
from ..constant_op import convert_to_tensor
from ..diagonal_ops import matrix_diag_part
from ..check_ops import assert_equal, assert_positive
from ..control_flow_ops import group
from ..diagonal_ops import eye, matrix_band_part
from ..elementwise_unary_ops import abs as abs_, log
from ..linalg_decompositions import self_adjoint_eigvals
from ..linalg_ops import (cholesky, log_matrix_determinant, matrix_determinant, matrix_inverse,
                          matrix_solve, matrix_triangular_solve)
from ..matmul_ops import matmul
from ..shape_rules import broadcast_dims
from .batching import broadcast_matrix_batches
from ..reduction_ops import reduce_prod, reduce_sum


def _hint(value, name):
    if value is not None and not isinstance(value, bool):
        raise TypeError("%s must be a bool or None, got %r" % (name, value))
    return value


class LinearOperator:
    """The base of TF's linear operators: a matrix ``A`` of shape ``batch_shape + [M, N]``.

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorDiag([2.0, 4.0])
    >>> with tf.Session() as sess:
    ...     sess.run(op.solvevec([2.0, 2.0])).tolist(), op.shape.as_list()
    ([1.0, 0.5], [2, 2])
    """

    def __init__(self, dtype, graph_parents=None, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None, parameters=None):
        if is_positive_definite and is_non_singular is False:
            raise ValueError("A positive definite matrix is always non-singular.")
        if is_positive_definite:
            is_non_singular = True
        if is_non_singular and is_square is False:
            raise ValueError("A non-singular matrix is always square.")
        if is_non_singular:
            is_square = True
        if is_self_adjoint and is_square is False:
            raise ValueError("A self-adjoint matrix is always square.")
        if is_self_adjoint:
            is_square = True
        self._dtype = dtype
        self._graph_parents = list(graph_parents or [])
        self._is_non_singular = _hint(is_non_singular, "is_non_singular")
        self._is_self_adjoint = _hint(is_self_adjoint, "is_self_adjoint")
        self._is_positive_definite = _hint(is_positive_definite, "is_positive_definite")
        self._is_square_set = _hint(is_square, "is_square")
        self._name = name or type(self).__name__
        self._parameters = dict(parameters or {})

    # ---------------------------------------------------------------- properties
    dtype = property(lambda self: self._dtype)
    name = property(lambda self: self._name)
    graph_parents = property(lambda self: list(self._graph_parents))
    parameters = property(lambda self: dict(self._parameters))
    is_non_singular = property(lambda self: self._is_non_singular)
    is_self_adjoint = property(lambda self: self._is_self_adjoint)
    is_positive_definite = property(lambda self: self._is_positive_definite)

    @property
    def is_square(self):
        """True when the matrix is known square (hinted, or from its static shape)."""
        rows, columns = self.shape.as_tuple()[-2:] if self.shape.ndims else (None, None)
        if rows is not None and columns is not None:
            return rows == columns
        return self._is_square_set

    @property
    def shape(self):
        """The static shape ``batch_shape + [M, N]``."""
        return self._shape()

    @property
    def batch_shape(self):
        return TensorShape(self.shape.as_tuple()[:-2]) if self.shape.ndims is not None \
            else TensorShape(None)

    @property
    def tensor_rank(self):
        return self.shape.ndims

    @property
    def range_dimension(self):
        """M, the number of rows (None when not known while building)."""
        return self.shape.as_tuple()[-2] if self.shape.ndims else None

    @property
    def domain_dimension(self):
        """N, the number of columns (None when not known while building)."""
        return self.shape.as_tuple()[-1] if self.shape.ndims else None

    def _shape(self):
        raise NotImplementedError("%s must define _shape()" % type(self).__name__)

    def _to_dense(self):
        # A subclass that only knows its products (TF's minimal subclass: _shape and
        # _matmul) gets its matrix as the product with the identity.
        if type(self)._matmul is LinearOperator._matmul:
            raise NotImplementedError("%s must define _to_dense() or _matmul()"
                                      % type(self).__name__)
        identity = eye(self.domain_dimension, batch_shape=self.batch_shape.as_list() or None,
                       dtype=self.dtype)
        return self._matmul(identity)

    def _scope(self, name):
        return get_default_graph().name_scope("%s/%s" % (self._name, name))

    # ---------------------------------------------------------------- dynamic shapes
    def shape_tensor(self, name="shape_tensor"):
        """The shape as an int32 tensor (static when known)."""
        with self._scope(name):
            if self.shape.is_fully_defined():
                return convert_to_tensor(self.shape.as_list())
            return array_ops.shape(self.to_dense())

    def batch_shape_tensor(self, name="batch_shape_tensor"):
        return self.shape_tensor(name)[:-2]

    def tensor_rank_tensor(self, name="tensor_rank_tensor"):
        return array_ops.shape(self.shape_tensor(name))[0]

    def range_dimension_tensor(self, name="range_dimension_tensor"):
        return self.shape_tensor(name)[-2]

    def domain_dimension_tensor(self, name="domain_dimension_tensor"):
        return self.shape_tensor(name)[-1]

    # ---------------------------------------------------------------- products and solves
    def to_dense(self, name="to_dense"):
        """The matrix itself, ``batch_shape + [M, N]``."""
        with self._scope(name):
            return self._to_dense()

    def matmul(self, x, adjoint=False, adjoint_arg=False, name="matmul"):
        """``A @ x`` (``A^H @ x`` with ``adjoint``; ``x^H`` with ``adjoint_arg``); another
        LinearOperator ``x`` gives their composition."""
        if isinstance(x, LinearOperator):
            left = self.adjoint() if adjoint else self
            right = x.adjoint() if adjoint_arg else x
            return LinearOperatorComposition([left, right])
        with self._scope(name):
            x = convert_to_tensor(x, dtype=self.dtype)
            return self._matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return matmul(self.to_dense(), x, adjoint_a=adjoint, adjoint_b=adjoint_arg)

    def __matmul__(self, other):
        return self.matmul(other)

    def matvec(self, x, adjoint=False, name="matvec"):
        """``A @ x`` for vectors ``x`` (their last axis)."""
        with self._scope(name):
            x = convert_to_tensor(x, dtype=self.dtype)
            return array_ops.squeeze(self._matmul(array_ops.expand_dims(x, -1),
                                                  adjoint=adjoint), axis=-1)

    def _check_solvable(self):
        if self.is_non_singular is False:
            raise NotImplementedError("Exact solve not implemented for an operator that is "
                                      "expected to be singular.")
        if self.is_square is False:
            raise NotImplementedError("Exact solve not implemented for an operator that is "
                                      "expected to not be square.")

    def solve(self, rhs, adjoint=False, adjoint_arg=False, name="solve"):
        """X with ``A @ X = rhs`` (``A^H @ X`` with ``adjoint``; ``rhs^H`` with
        ``adjoint_arg``)."""
        self._check_solvable()
        with self._scope(name):
            rhs = convert_to_tensor(rhs, dtype=self.dtype)
            return self._solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        if adjoint_arg:
            rhs = matrix_transpose(rhs)
        return matrix_solve(*broadcast_matrix_batches(self.to_dense(), rhs), adjoint=adjoint)

    def solvevec(self, rhs, adjoint=False, name="solve"):
        """x with ``A @ x = rhs`` for vectors ``rhs``."""
        self._check_solvable()
        with self._scope(name):
            rhs = convert_to_tensor(rhs, dtype=self.dtype)
            return array_ops.squeeze(self._solve(array_ops.expand_dims(rhs, -1),
                                                 adjoint=adjoint), axis=-1)

    # ---------------------------------------------------------------- scalars of the matrix
    def _check_square(self):
        if self.is_square is False:
            raise NotImplementedError("Determinant not implemented for an operator that is "
                                      "expected to not be square.")

    def determinant(self, name="det"):
        """``det(A)`` of each matrix of the batch."""
        self._check_square()
        with self._scope(name):
            return self._determinant()

    def _determinant(self):
        return matrix_determinant(self.to_dense())

    def log_abs_determinant(self, name="log_abs_det"):
        """``log(|det(A)|)`` of each matrix of the batch."""
        self._check_square()
        with self._scope(name):
            return self._log_abs_determinant()

    def _log_abs_determinant(self):
        if self.is_positive_definite and self.is_self_adjoint:
            chol = cholesky(self.to_dense())
            return 2.0 * reduce_sum(log(matrix_diag_part(chol)), axis=-1)
        return log_matrix_determinant(self.to_dense())[1]

    def diag_part(self, name="diag_part"):
        """The main diagonal of each matrix of the batch."""
        with self._scope(name):
            return self._diag_part()

    def _diag_part(self):
        return matrix_diag_part(self.to_dense())

    def trace(self, name="trace"):
        """The sum of the main diagonal."""
        with self._scope(name):
            return reduce_sum(self._diag_part(), axis=-1)

    def add_to_tensor(self, x, name="add_to_tensor"):
        """``A + x`` as a tensor."""
        with self._scope(name):
            return self.to_dense() + convert_to_tensor(x, dtype=self.dtype)

    # ---------------------------------------------------------------- derived operators
    def adjoint(self, name="adjoint"):
        """The conjugate transpose, as a LinearOperator."""
        if self.is_self_adjoint:
            return self
        return LinearOperatorAdjoint(self)

    H = property(adjoint)

    def inverse(self, name="inverse"):
        """The inverse, as a LinearOperator (whose matmul is this one's solve)."""
        if self.is_square is False:
            raise ValueError("Cannot take the Inverse: This operator represents a non square "
                             "matrix.")
        if self.is_non_singular is False:
            raise ValueError("Cannot take the Inverse: This operator represents a singular "
                             "matrix.")
        return LinearOperatorInversion(self)

    def cholesky(self, name="cholesky"):
        """The lower-triangular Cholesky factor, as a LinearOperator; the operator must be
        hinted self-adjoint and positive definite, as in TF."""
        if not self.is_positive_definite or not self.is_self_adjoint:
            raise ValueError("Cholesky decomposition is only defined for operators that are "
                             "self-adjoint and positive definite.")
        with self._scope(name):
            return self._cholesky()

    def _cholesky(self):
        return LinearOperatorLowerTriangular(cholesky(self.to_dense()), is_non_singular=True,
                                             is_square=True)

    # ---------------------------------------------------------------- run-time checks
    def assert_non_singular(self, name="assert_non_singular"):
        """An op failing the run where some matrix has a zero determinant."""
        with self._scope(name):
            return assert_positive(abs_(self._determinant()),
                                   message="Singular operator: a determinant is zero.")

    def assert_positive_definite(self, name="assert_positive_definite"):
        """An op failing the run where the matrix has no Cholesky factor."""
        with self._scope(name):
            return group(cholesky(self.to_dense()))

    def assert_self_adjoint(self, name="assert_self_adjoint"):
        """An op failing the run where ``A != A^H``."""
        with self._scope(name):
            dense = self.to_dense()
            return assert_equal(dense, matrix_transpose(dense),
                                message="Matrix was not equal to its adjoint.")

    def eigvals(self, name="eigvals"):
        """The eigenvalues of a self-adjoint operator (ascending)."""
        if not self.is_self_adjoint:
            raise NotImplementedError("Only self-adjoint matrices are supported.")
        with self._scope(name):
            return self_adjoint_eigvals(self.to_dense())

    def __repr__(self):
        return "<tf.linalg.%s '%s' shape=%s dtype=%s>" % (
            type(self).__name__, self._name, self.shape, getattr(self.dtype, "name", None))


def batch_broadcast(operators):
    """The static batch dims of several operators, broadcast (None when a rank is unknown)."""
    dims = ()
    for operator in operators:
        batch = operator.batch_shape.as_tuple()
        dims = broadcast_dims(dims, batch)
    return dims


def matrix_shape(batch, rows, columns):
    return TensorShape(None if batch is None else tuple(batch) + (rows, columns))


def determinant_from_diagonal(diagonal):
    return reduce_prod(diagonal, axis=-1)


def log_abs_determinant_from_diagonal(diagonal):
    return reduce_sum(log(abs_(diagonal)), axis=-1)


def first_dtype(operators):
    dtypes = {operator.dtype for operator in operators}
    if len(dtypes) != 1:
        raise TypeError("Expected all operators to have the same dtype, found %s"
                        % sorted(d.name for d in dtypes))
    return dtypes.pop()


# ==================================================================== the dense operators
class LinearOperatorFullMatrix(LinearOperator):
    """A LinearOperator holding its matrix ``[..., M, N]``.

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorFullMatrix([[1.0, 2.0], [3.0, 4.0]])
    >>> with tf.Session() as sess:
    ...     float(sess.run(op.determinant()))
    -2.0
    """

    def __init__(self, matrix, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorFullMatrix"):
        self._matrix = convert_to_tensor(matrix)
        if self._matrix.shape.ndims is not None and self._matrix.shape.ndims < 2:
            raise ValueError("Argument matrix must have at least 2 dimensions. Found: %s"
                             % self._matrix)
        super().__init__(self._matrix.dtype, [self._matrix], is_non_singular, is_self_adjoint,
                         is_positive_definite, is_square, name, {"matrix": matrix})

    def _shape(self):
        return self._matrix.shape

    def _to_dense(self):
        return self._matrix


class LinearOperatorLowerTriangular(LinearOperator):
    """The lower triangle of ``tril`` (``[..., N, N]``; the rest is not read): triangular
    solves, the determinant from the diagonal.

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorLowerTriangular([[2.0, 9.0], [1.0, 1.0]])
    >>> with tf.Session() as sess:
    ...     sess.run(op.solvevec([2.0, 3.0])).tolist()
    [1.0, 2.0]
    """

    def __init__(self, tril, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None,
                 name="LinearOperatorLowerTriangular"):
        if is_square is False:
            raise ValueError("Only square lower triangular operators supported at this time.")
        self._tril = matrix_band_part(convert_to_tensor(tril), -1, 0)
        super().__init__(self._tril.dtype, [self._tril], is_non_singular, is_self_adjoint,
                         is_positive_definite, True, name, {"tril": tril})

    def _shape(self):
        return self._tril.shape

    def _to_dense(self):
        return self._tril

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        if adjoint_arg:
            rhs = matrix_transpose(rhs)
        return matrix_triangular_solve(*broadcast_matrix_batches(self._tril, rhs), lower=True,
                                       adjoint=adjoint)

    def _diag_part(self):
        return matrix_diag_part(self._tril)

    def _determinant(self):
        return determinant_from_diagonal(self._diag_part())

    def _log_abs_determinant(self):
        return log_abs_determinant_from_diagonal(self._diag_part())


# ==================================================================== derived operators
class LinearOperatorAdjoint(LinearOperator):
    """The adjoint (conjugate transpose) of ``operator``, applied through it.

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorAdjoint(tf.linalg.LinearOperatorFullMatrix([[1.0, 2.0]]))
    >>> op.shape.as_list()
    [2, 1]
    """

    def __init__(self, operator, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None):
        self.operator = operator
        super().__init__(operator.dtype, operator.graph_parents,
                         _inherit(is_non_singular, operator.is_non_singular),
                         _inherit(is_self_adjoint, operator.is_self_adjoint),
                         _inherit(is_positive_definite, operator.is_positive_definite),
                         is_square, name or operator.name + "_adjoint", {"operator": operator})

    def _shape(self):
        dims = self.operator.shape.as_tuple()
        return TensorShape(None if dims is None else dims[:-2] + (dims[-1], dims[-2]))

    def _to_dense(self):
        return matrix_transpose(self.operator.to_dense())

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self.operator.matmul(x, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self.operator.solve(rhs, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _determinant(self):
        return self.operator.determinant()

    def _log_abs_determinant(self):
        return self.operator.log_abs_determinant()

    def _diag_part(self):
        return self.operator.diag_part()


def _inherit(hint, operator_hint):
    if hint is not None and operator_hint is not None and hint != operator_hint:
        raise ValueError("A hint contradicts the wrapped operator's.")
    return operator_hint if hint is None else hint


class LinearOperatorInversion(LinearOperator):
    """The inverse of a square non-singular ``operator``: its matmul is the operator's solve.

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorInversion(tf.linalg.LinearOperatorDiag([2.0, 4.0]))
    >>> with tf.Session() as sess:
    ...     sess.run(op.matvec([1.0, 1.0])).tolist()
    [0.5, 0.25]
    """

    def __init__(self, operator, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None):
        if operator.is_non_singular is False or is_non_singular is False:
            raise ValueError("operator and supplied hints must have is_non_singular=True or "
                             "None.")
        if operator.is_square is False:
            raise ValueError("inverse of a non-square operator is never possible.")
        self.operator = operator
        super().__init__(operator.dtype, operator.graph_parents,
                         _inherit(is_non_singular, operator.is_non_singular),
                         _inherit(is_self_adjoint, operator.is_self_adjoint),
                         _inherit(is_positive_definite, operator.is_positive_definite),
                         True, name or operator.name + "_inv", {"operator": operator})

    def _shape(self):
        return self.operator.shape

    def _to_dense(self):
        return matrix_inverse(self.operator.to_dense())

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self.operator.solve(x, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self.operator.matmul(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _determinant(self):
        return 1.0 / self.operator.determinant()

    def _log_abs_determinant(self):
        return -self.operator.log_abs_determinant()


class LinearOperatorComposition(LinearOperator):
    """The product ``A1 @ A2 @ ... @ An`` of ``operators``, applied right to left.

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorComposition([tf.linalg.LinearOperatorDiag([2.0, 3.0]),
    ...                                            tf.linalg.LinearOperatorDiag([5.0, 1.0])])
    >>> with tf.Session() as sess:
    ...     float(sess.run(op.determinant()))
    30.0
    """

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None):
        operators = list(operators)
        if not operators:
            raise ValueError("Expected a non-empty list of operators. Found: %s" % operators)
        for left, right in zip(operators, operators[1:]):
            if (left.domain_dimension is not None and right.range_dimension is not None
                    and left.domain_dimension != right.range_dimension):
                raise ValueError("Operators are incompatible: %s has domain dimension %d and "
                                 "%s range dimension %d" % (left.name, left.domain_dimension,
                                                            right.name, right.range_dimension))
        if is_non_singular is None and all(o.is_non_singular for o in operators):
            is_non_singular = True
        self.operators = operators
        super().__init__(first_dtype(operators), [], is_non_singular, is_self_adjoint,
                         is_positive_definite, is_square,
                         name or "_o_".join(o.name for o in operators),
                         {"operators": operators})

    def _shape(self):
        return matrix_shape(batch_broadcast(self.operators), self.operators[0].range_dimension,
                            self.operators[-1].domain_dimension)

    def _to_dense(self):
        dense = self.operators[-1].to_dense()
        for operator in reversed(self.operators[:-1]):
            dense = operator.matmul(dense)
        return dense

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        order = self.operators if adjoint else list(reversed(self.operators))
        result = order[0].matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg)
        for operator in order[1:]:
            result = operator.matmul(result, adjoint=adjoint)
        return result

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        order = list(reversed(self.operators)) if adjoint else self.operators
        result = order[0].solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)
        for operator in order[1:]:
            result = operator.solve(result, adjoint=adjoint)
        return result

    def _determinant(self):
        if all(o.is_square for o in self.operators):
            result = self.operators[0].determinant()
            for operator in self.operators[1:]:
                result = result * operator.determinant()
            return result
        return super()._determinant()

    def _log_abs_determinant(self):
        if all(o.is_square for o in self.operators):
            result = self.operators[0].log_abs_determinant()
            for operator in self.operators[1:]:
                result = result + operator.log_abs_determinant()
            return result
        return super()._log_abs_determinant()




__all__ = ["LinearOperator", "LinearOperatorAdjoint", "LinearOperatorComposition",
           "LinearOperatorFullMatrix", "LinearOperatorInversion",
           "LinearOperatorLowerTriangular", "batch_broadcast", "determinant_from_diagonal",
           "first_dtype", "log_abs_determinant_from_diagonal", "matrix_shape"]
