"""``SparseApplyAdam``: TF1's sparse Adam step (``AdamOptimizer._apply_sparse``) as one
in-place kernel. TF1 builds it from whole-slot ops (``m = m * beta1``, then ``scatter_add`` of
the rows, the same for ``v``, then ``var -= lr_t * m / (sqrt(v) + epsilon)``): its cost is the
table's, as in TF1, but here without a temporary the size of the table per op.
"""
import numpy as np

from ..framework.graph import ShapeInferenceError
from ..ops.op_families import check_index_dtype, check_index_range
from ..ops.op_samples import OpSample, normal, positive
from ..ops.registry import OpDef, make_op, register
from ..ops.state_ops import storage_reader, variable_op_of
from ..ops.variables import Variable

_HYPER = ("beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon")


@register
class SparseApplyAdam(OpDef):
    """Inputs: the gradient's rows (``values``), their ``indices`` (unique), then the scalars
    beta1_power, beta2_power, lr, beta1, beta2, epsilon. Writes the Variable
    ``attrs["variable"]`` and its slots ``m``, ``v`` (``attrs["slots"]``) in place."""
    type_name = "SparseApplyAdam"
    stateful = True
    writes_variable = True
    output_is_view = True
    differentiable = False

    def infer(self, op):
        values, indices = op.inputs[:2]
        var = op.attrs["variable"].outputs[0]
        check_index_dtype(indices)
        for name, tensor in zip(("grad",) + _HYPER, [values] + list(op.inputs[2:])):
            if tensor.dtype != var.dtype:
                raise TypeError("Input '%s' of 'SparseApplyAdam' Op has type %s that does not "
                                "match type %s of Variable '%s'."
                                % (name, tensor.dtype.name, var.dtype.name, var.name))
        if not values.shape[1:].is_compatible_with(var.shape[1:]):
            raise ShapeInferenceError("var and grad do not have the same shape: %s %s"
                                      % (var.shape.bracketed(), values.shape.bracketed()))
        return [(var.dtype, var.shape)]

    def kernel(self, op, ctx):
        xp, checked = ctx.xp, not ctx.on_device
        read_var = storage_reader(ctx, op.attrs["variable"], op)
        read_m, read_v = [storage_reader(ctx, slot, op) for slot in op.attrs["slots"]]
        scratch = []

        def apply(values, indices, beta1_power, beta2_power, lr, beta1, beta2, epsilon):
            var, m, v = read_var(), read_m(), read_v()
            if checked:
                check_index_range(indices, var.shape[0])
            if not scratch or scratch[0].shape != var.shape:
                scratch[:] = [xp.empty_like(var)]
            buf = scratch[0]
            m *= beta1
            xp.add.at(m, indices, values * (1 - beta1))
            v *= beta2
            xp.add.at(v, indices, values * values * (1 - beta2))
            xp.sqrt(v, out=buf)
            buf += epsilon
            xp.divide(m, buf, out=buf)
            buf *= lr * xp.sqrt(1 - beta2_power) / (1 - beta1_power)
            var -= buf
            return var
        return apply

    def samples(self, rng):
        """Two rows of a matrix updated (one of them twice would be TF1's summed duplicate),
        a float32 vector."""
        def build(var, values, indices, m, v, *hyper):
            var, m, v = [Variable(a, trainable=False) for a in (var, m, v)]
            return sparse_apply_adam(var, m, v, *hyper, values, indices).outputs[0]

        def reference(var, values, indices, m, v, b1p, b2p, lr, beta1, beta2, epsilon):
            m, v = m * beta1, v * beta2
            np.add.at(m, indices, values * (1 - beta1))
            np.add.at(v, indices, values * values * (1 - beta2))
            alpha = lr * np.sqrt(1 - b2p) / (1 - b1p)
            return (var - alpha * m / (np.sqrt(v) + epsilon)).astype(var.dtype)
        hyper = [0.9 ** 2, 0.999 ** 2, 0.1, 0.9, 0.999, 1e-8]
        cases = [(normal(rng, 4, 2), normal(rng, 2, 2), np.int32([3, 0]), np.float64),
                 (normal(rng, 5), normal(rng, 3), np.int64([4, 1, 2]), np.float32)]
        return [OpSample(build, var.astype(dtype), values.astype(dtype), indices,
                         normal(rng, *var.shape).astype(dtype),
                         positive(rng, *var.shape).astype(dtype),
                         *[np.asarray(h, dtype) for h in hyper], reference=reference,
                         partial=False, rtol=1e-12 if dtype == np.float64 else 1e-5)
                for var, values, indices, dtype in cases]


def sparse_apply_adam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad,
                      indices, use_locking=False, name=None):
    """The op of one TF1 sparse Adam step on ``var`` (rows ``indices`` of ``grad``)."""
    attrs = {"variable": variable_op_of(var), "slots": (variable_op_of(m), variable_op_of(v))}
    return make_op("SparseApplyAdam", (grad, indices, beta1_power, beta2_power, lr, beta1,
                                       beta2, epsilon), attrs, name)


__all__ = ["sparse_apply_adam"]
