"""LinearOperators made of other LinearOperators: Kronecker products, block-diagonal and
block-lower-triangular matrices, and low-rank updates (solved and factored by the Woodbury
identity and the matrix determinant lemma).

>>> import autograd_engine as tf
>>> op = tf.linalg.LinearOperatorBlockDiag([tf.linalg.LinearOperatorDiag([2.0]),
...                                         tf.linalg.LinearOperatorDiag([3.0, 4.0])])
>>> with tf.Session() as sess:
...     float(sess.run(op.determinant())), op.shape.as_list()
(24.0, [3, 3])
"""
from .. import array_ops
from ..array_ops import matrix_transpose
from ..concat_split_ops import concat, split
from ..constant_op import convert_to_tensor
from ..diagonal_ops import eye, matrix_diag
from ..elementwise_unary_ops import abs as abs_, log
from ..linalg_ops import log_matrix_determinant, matrix_determinant, matrix_solve
from ..matmul_ops import matmul
from ..reduction_ops import reduce_prod
from .base import LinearOperator, batch_broadcast, first_dtype, matrix_shape


def _dims_sum(dims):
    return None if any(d is None for d in dims) else sum(dims)


def _zeros_beside(dense, columns):
    """Zeros with ``dense``'s batch and rows and ``columns`` columns."""
    shape = concat([array_ops.shape(dense)[:-1], [columns]], 0)
    return array_ops.zeros(shape, dtype=dense.dtype)


def _square_sizes(operators, kind):
    sizes = []
    for operator in operators:
        if operator.is_square is False or operator.domain_dimension is None:
            raise ValueError("%s needs square operators of sizes known while building the "
                             "graph; %s is not." % (kind, operator.name))
        sizes.append(operator.domain_dimension)
    return sizes


class LinearOperatorKronecker(LinearOperator):
    """The Kronecker product ``A1 ⊗ A2 ⊗ ...`` of ``operators``; the determinant of square
    factors is ``prod(det(Ai) ** (N / ni))``.

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorKronecker([tf.linalg.LinearOperatorDiag([1.0, 2.0]),
    ...                                         tf.linalg.LinearOperatorDiag([3.0, 5.0])])
    >>> with tf.Session() as sess:
    ...     sess.run(op.diag_part()).tolist()
    [3.0, 5.0, 6.0, 10.0]
    """

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None):
        self.operators = list(operators)
        if not self.operators:
            raise ValueError("Expected a list of >=1 operators. Found: %s" % self.operators)
        for operator in self.operators:
            dims = operator.shape.as_tuple()
            if dims is None or None in dims[-2:]:
                raise ValueError("LinearOperatorKronecker needs each factor's matrix "
                                 "dimensions known while building the graph.")
        if is_non_singular is None and all(o.is_non_singular for o in self.operators):
            is_non_singular = True
        if is_self_adjoint is None and all(o.is_self_adjoint for o in self.operators):
            is_self_adjoint = True
        super().__init__(first_dtype(self.operators), [], is_non_singular, is_self_adjoint,
                         is_positive_definite, is_square,
                         name or "_x_".join(o.name for o in self.operators),
                         {"operators": self.operators})

    def _shape(self):
        rows, columns = 1, 1
        for operator in self.operators:
            rows *= operator.range_dimension
            columns *= operator.domain_dimension
        return matrix_shape(batch_broadcast(self.operators), rows, columns)

    def _to_dense(self):
        dense = self.operators[0].to_dense()
        rows, columns = self.operators[0].range_dimension, self.operators[0].domain_dimension
        for operator in self.operators[1:]:
            factor = operator.to_dense()
            product = (array_ops.expand_dims(array_ops.expand_dims(dense, -1), -3)
                       * array_ops.expand_dims(array_ops.expand_dims(factor, -3), -2))
            rows, columns = rows * operator.range_dimension, columns * operator.domain_dimension
            dense = array_ops.reshape(product, concat([array_ops.shape(product)[:-4],
                                                       [rows, columns]], 0))
        return dense

    def _determinant(self):
        size, result = self.domain_dimension, None
        for operator in self.operators:
            factor = operator.determinant() ** float(size // operator.domain_dimension)
            result = factor if result is None else result * factor
        return result

    def _log_abs_determinant(self):
        size, result = self.domain_dimension, None
        for operator in self.operators:
            term = float(size // operator.domain_dimension) * operator.log_abs_determinant()
            result = term if result is None else result + term
        return result


class LinearOperatorBlockDiag(LinearOperator):
    """The block-diagonal matrix with the square ``operators`` on its diagonal: products,
    solves and determinants block by block."""

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=True, name=None):
        self.operators = list(operators)
        if not self.operators:
            raise ValueError("Expected a non-empty list of operators. Found: %s"
                             % self.operators)
        self._sizes = _square_sizes(self.operators, "LinearOperatorBlockDiag")
        hints = [(h if h is not None else (True if all(getattr(o, n) for o in self.operators)
                                           else None))
                 for h, n in ((is_non_singular, "is_non_singular"),
                              (is_self_adjoint, "is_self_adjoint"),
                              (is_positive_definite, "is_positive_definite"))]
        super().__init__(first_dtype(self.operators), [], *hints, True,
                         name or "_ds_".join(o.name for o in self.operators),
                         {"operators": self.operators})

    def _shape(self):
        size = sum(self._sizes)
        return matrix_shape(batch_broadcast(self.operators), size, size)

    def _to_dense(self):
        rows, before, total = [], 0, sum(self._sizes)
        for operator, size in zip(self.operators, self._sizes):
            dense = operator.to_dense()
            rows.append(concat([_zeros_beside(dense, before), dense,
                                _zeros_beside(dense, total - before - size)], -1))
            before += size
        return concat(rows, -2)

    def _blockwise(self, x, apply, adjoint_arg):
        x = matrix_transpose(x) if adjoint_arg else x
        parts = split(x, self._sizes, axis=-2)
        return concat([apply(operator, part) for operator, part in zip(self.operators, parts)],
                      -2)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._blockwise(x, lambda o, part: o.matmul(part, adjoint=adjoint), adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._blockwise(rhs, lambda o, part: o.solve(part, adjoint=adjoint),
                               adjoint_arg)

    def _diag_part(self):
        return concat([o.diag_part() for o in self.operators], -1)

    def _determinant(self):
        result = self.operators[0].determinant()
        for operator in self.operators[1:]:
            result = result * operator.determinant()
        return result

    def _log_abs_determinant(self):
        result = self.operators[0].log_abs_determinant()
        for operator in self.operators[1:]:
            result = result + operator.log_abs_determinant()
        return result


class LinearOperatorBlockLowerTriangular(LinearOperator):
    """The block-lower-triangular matrix whose row ``i`` of blocks is ``operators[i]`` (``i +
    1`` operators, the last one square, on the diagonal): solves by forward substitution, the
    determinant from the diagonal blocks."""

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None):
        self.operators = [list(row) for row in operators]
        for i, row in enumerate(self.operators):
            if len(row) != i + 1:
                raise ValueError("Argument operators[%d] must contain %d operators, found %d."
                                 % (i, i + 1, len(row)))
        self._diagonal = [row[-1] for row in self.operators]
        self._sizes = _square_sizes(self._diagonal, "LinearOperatorBlockLowerTriangular")
        flat = [o for row in self.operators for o in row]
        if is_non_singular is None and all(o.is_non_singular for o in self._diagonal):
            is_non_singular = True
        super().__init__(first_dtype(flat), [], is_non_singular, is_self_adjoint,
                         is_positive_definite, True,
                         name or "_".join(o.name for o in self._diagonal),
                         {"operators": self.operators})

    def _shape(self):
        size = sum(self._sizes)
        return matrix_shape(batch_broadcast([o for row in self.operators for o in row]), size,
                            size)

    def _to_dense(self):
        rows, total = [], sum(self._sizes)
        for i, row in enumerate(self.operators):
            blocks = [o.to_dense() for o in row]
            after = total - sum(self._sizes[:i + 1])
            rows.append(concat(blocks + [_zeros_beside(blocks[-1], after)], -1))
        return concat(rows, -2)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        if adjoint:
            return super()._matmul(x, adjoint, adjoint_arg)
        x = matrix_transpose(x) if adjoint_arg else x
        parts = split(x, self._sizes, axis=-2)
        out = []
        for row in self.operators:
            total = row[0].matmul(parts[0])
            for operator, part in zip(row[1:], parts[1:]):
                total = total + operator.matmul(part)
            out.append(total)
        return concat(out, -2)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        if adjoint:
            return super()._solve(rhs, adjoint, adjoint_arg)
        rhs = matrix_transpose(rhs) if adjoint_arg else rhs
        solved = []
        for row, part in zip(self.operators, split(rhs, self._sizes, axis=-2)):
            for operator, known in zip(row[:-1], solved):
                part = part - operator.matmul(known)
            solved.append(row[-1].solve(part))
        return concat(solved, -2)

    def _diag_part(self):
        return concat([o.diag_part() for o in self._diagonal], -1)

    def _determinant(self):
        result = self._diagonal[0].determinant()
        for operator in self._diagonal[1:]:
            result = result * operator.determinant()
        return result

    def _log_abs_determinant(self):
        result = self._diagonal[0].log_abs_determinant()
        for operator in self._diagonal[1:]:
            result = result + operator.log_abs_determinant()
        return result


class LinearOperatorLowRankUpdate(LinearOperator):
    """``L + U D V^T``: a ``base_operator`` L plus a rank-K update (``u``, ``v``:
    ``[..., N, K]``, ``v`` defaulting to ``u``; ``diag_update`` D: ``[..., K]``, defaulting to
    ones). Solves use the Woodbury identity and determinants the matrix determinant lemma,
    through the K x K capacitance matrix ``D^-1 + V^T L^-1 U``.

    >>> import autograd_engine as tf
    >>> op = tf.linalg.LinearOperatorLowRankUpdate(tf.linalg.LinearOperatorDiag([1.0, 1.0]),
    ...                                            [[1.0], [1.0]])
    >>> with tf.Session() as sess:
    ...     round(float(sess.run(op.determinant())), 6)
    3.0
    """

    def __init__(self, base_operator, u, diag_update=None, v=None,
                 is_diag_update_positive=None, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorLowRankUpdate"):
        dtype = base_operator.dtype
        self.base_operator = base_operator
        self.u = convert_to_tensor(u, dtype=dtype)
        self.v = self.u if v is None else convert_to_tensor(v, dtype=dtype)
        self.diag_update = None if diag_update is None else convert_to_tensor(diag_update,
                                                                              dtype=dtype)
        self._symmetric_update = v is None
        if is_self_adjoint is None and self._symmetric_update and base_operator.is_self_adjoint:
            is_self_adjoint = True
        if (is_positive_definite is None and self._symmetric_update
                and base_operator.is_positive_definite and (diag_update is None
                                                            or is_diag_update_positive)):
            is_positive_definite = True
        super().__init__(dtype, [], is_non_singular, is_self_adjoint, is_positive_definite,
                         is_square, name, {"base_operator": base_operator, "u": u, "v": v,
                                           "diag_update": diag_update})

    def _shape(self):
        return self.base_operator.shape

    def _scaled(self, x):
        """``D @ x`` for a (batch of) ``[K, ...]`` ``x``."""
        if self.diag_update is None:
            return x
        return array_ops.expand_dims(self.diag_update, -1) * x

    def _to_dense(self):
        return self.base_operator.to_dense() + matmul(self.u, self._scaled(
            matrix_transpose(self.v)))

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = matrix_transpose(x) if adjoint_arg else x
        left, right = (self.v, self.u) if adjoint else (self.u, self.v)
        return (self.base_operator.matmul(x, adjoint=adjoint)
                + matmul(left, self._scaled(matmul(right, x, transpose_a=True))))

    def _capacitance(self):
        """``D^-1 + V^T L^-1 U``."""
        rank = self.u.shape.as_tuple()[-1]
        inverse_diag = (eye(rank, dtype=self.dtype) if self.diag_update is None
                        else matrix_diag(1.0 / self.diag_update))
        return inverse_diag + matmul(self.v, self.base_operator.solve(self.u),
                                     transpose_a=True)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        if adjoint and not (self._symmetric_update and self.base_operator.is_self_adjoint):
            return super()._solve(rhs, adjoint, adjoint_arg)
        rhs = matrix_transpose(rhs) if adjoint_arg else rhs
        base = self.base_operator
        solved = base.solve(rhs, adjoint=adjoint)
        correction = matrix_solve(self._capacitance(), matmul(self.v, solved, transpose_a=True))
        return solved - base.solve(matmul(self.u, correction), adjoint=adjoint)

    def _diag_scalars(self):
        if self.diag_update is None:
            return None
        return reduce_prod(self.diag_update, axis=-1)

    def _determinant(self):
        result = self.base_operator.determinant() * matrix_determinant(self._capacitance())
        scale = self._diag_scalars()
        return result if scale is None else result * scale

    def _log_abs_determinant(self):
        result = (self.base_operator.log_abs_determinant()
                  + log_matrix_determinant(self._capacitance())[1])
        scale = self._diag_scalars()
        return result if scale is None else result + log(abs_(scale))


__all__ = ["LinearOperatorBlockDiag", "LinearOperatorBlockLowerTriangular",
           "LinearOperatorKronecker", "LinearOperatorLowRankUpdate"]
