"""``tf.conj``, the one complex op the gradients of real ops need (TF's convention, see
:mod:`complex_ops`, multiplies by the conjugate of an input): for a real tensor ``conj`` is the
tensor itself and adds no op. Its conformance samples are declared in :mod:`complex_ops`, which
builds complex inputs from real ones.

>>> import autograd_engine as tf
>>> x = tf.constant([1.0, 2.0])
>>> tf.conj(x) is x
True
"""
from ..framework import dtypes
from .constant_op import convert_to_tensor
from .op_families import UnaryOp
from .registry import make_tensor, register


class ConjOp(UnaryOp):
    """The complex conjugate of a complex64/complex128 tensor; its gradient is the conjugate of
    the incoming one."""

    def __init__(self):
        super().__init__("Conj", lambda xp: xp.conj, lambda x, y, g: conj(g))

    def infer(self, op):
        x = op.inputs[0]
        if not x.dtype.is_complex:
            raise TypeError("Value passed to parameter 'input' has DataType %s not in list of "
                            "allowed values: complex64, complex128 (op 'Conj')" % x.dtype.name)
        return [(x.dtype, x.shape)]


register(ConjOp)


def conj(x, name=None):
    """The complex conjugate; a real (or integer) tensor is returned as it is, as in TF.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.conj(tf.constant([1 + 2j]))).tolist()
    [(1-2j)]
    """
    x = convert_to_tensor(x)
    if x.dtype in (dtypes.string, dtypes.variant, dtypes.resource):
        raise TypeError("Expected numeric or variant tensor, got dtype %s" % x.dtype.name)
    return make_tensor("Conj", (x,), None, name) if x.dtype.is_complex else x


__all__ = ["conj"]
