"""Python's operators on tensors (``x + y``, ``x @ W``, ``-x``, ``a < b``, ``x[1:]``...),
installed on TensorLike when the ops package is imported."""
from ..framework.tensor import TensorLike
from . import slicing_ops
from .elementwise_binary_ops import (add, floordiv, floormod, greater, greater_equal,  # noqa: A004
                                     less, less_equal, logical_and, logical_or, multiply, pow,
                                     subtract, truediv)
from .complex_ops import abs  # noqa: A004 - complex tensors' modulus is real (ComplexAbs)
from .elementwise_unary_ops import logical_not, negative
from .matmul_ops import matmul


def _install_operators():
    def binary(fn, op_name):
        def forward(self, other):
            return fn(self, other, name=op_name)

        def reverse(self, other):
            return fn(other, self, name=op_name)
        return forward, reverse

    table = {"add": add, "sub": subtract, "mul": multiply, "truediv": truediv,
             "floordiv": floordiv, "mod": floormod, "pow": pow, "matmul": matmul}
    for py_name, fn in table.items():
        forward, reverse = binary(fn, py_name)
        TensorLike._override_operator("__%s__" % py_name, forward)
        TensorLike._override_operator("__r%s__" % py_name, reverse)
    for py_name, fn in (("lt", less), ("le", less_equal), ("gt", greater), ("ge", greater_equal)):
        TensorLike._override_operator("__%s__" % py_name,
                                      lambda self, other, fn=fn: fn(self, other))
    TensorLike._override_operator("__and__", lambda self, other: logical_and(self, other))
    TensorLike._override_operator("__rand__", lambda self, other: logical_and(other, self))
    TensorLike._override_operator("__or__", lambda self, other: logical_or(self, other))
    TensorLike._override_operator("__ror__", lambda self, other: logical_or(other, self))
    TensorLike._override_operator("__invert__", lambda self: logical_not(self))
    TensorLike._override_operator("__neg__", lambda self: negative(self))
    TensorLike._override_operator("__abs__", lambda self: abs(self))
    TensorLike._override_operator("__getitem__", lambda self, key: slicing_ops.getitem(self, key))


_install_operators()
