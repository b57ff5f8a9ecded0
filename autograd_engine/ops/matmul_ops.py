"""Products: matmul, add_n (with the plan fusion that stacks the gradient products of a shared
weight), einsum and tensordot, with their gradients and conformance samples."""
import math
import string

import numpy as np

from ..framework.graph import ShapeInferenceError
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from . import array_ops, blas_work, broadcast_ops
from .broadcast_ops import reduce_to_input_shape
from .complex_conj import conj
from .constant_op import constant_value, convert_to_tensor
from .op_families import binary_operands, check_same_dtype
from .op_samples import OpSample, normal
from .registry import OpDef, PlanOpDef, make_tensor, register, register_fusion
from .shape_ops import shape_operand_of
from .shape_rules import broadcast_dims, merged_shape_of_equals


# ================================================================== add_n
@register
class AddN(OpDef):
    type_name = "AddN"

    def infer(self, op):
        return [merged_shape_of_equals(op)]

    def kernel(self, op, ctx):
        xp = ctx.xp
        if len(op.inputs) == 2:
            return xp.add

        def add_all(*xs):
            total = xp.add(xs[0], xs[1])
            for x in xs[2:]:
                total = xp.add(total, x, out=total if isinstance(total, xp.ndarray) else None)
            return total
        return add_all

    def gradient(self, op, grad):
        return [grad] * len(op.inputs)

    def samples(self, rng):
        """Two, three (summed in place) and four operands; matrices, rank 3, scalars, int32."""
        def build(*xs):
            return add_n(list(xs))

        def total(*xs):
            return sum(xs)
        return [OpSample(build, *[normal(rng, 2, 3) for _ in range(2)], reference=total),
                OpSample(build, *[normal(rng, 3, 1, 2) for _ in range(3)], reference=total),
                OpSample(build, *[normal(rng) for _ in range(3)], reference=total),
                OpSample(build, *[rng.integers(-5, 5, (2, 2)).astype(np.int32)
                                  for _ in range(4)], reference=total, name="int32")]


def _stacked_products(xp, count):
    def stacked_products(*operands):
        """``sum_i a_i.T @ g_i`` (plus the remaining operands) as one product of the stacked
        a's and g's; operands are a_1..a_count, g_1..g_count, then the rest."""
        a = xp.concatenate(operands[:count], axis=0)
        g = xp.concatenate(operands[count:2 * count], axis=0)
        total = a.T @ g
        for rest in operands[2 * count:]:
            total += rest
        return total
    return stacked_products


def _stacked_flops(shapes, count):
    rows = [blas_work.elements(dims[:1]) for dims in shapes[:count]]
    a, g = shapes[0], shapes[count]
    if None in rows or a is None or g is None:
        return None
    return blas_work.rows_times_columns((sum(rows),), a[1:], g[1:])


# Products are stacked in groups reaching this inner dimension. Measured on the LSTM benchmark
# (28 steps, batch 64): all 28 in one product gave the fastest step but 2.3x the hand-written
# step's peak memory (every step's gradient waits for the last); groups of 4 (256 rows) keep
# most of the speed at 1.27x the memory; groups of 2, 1.15x, and less of the speed.
_STACKED_ROWS = 256


@register_fusion(for_compiled_ops=True)  # XLA does not stack the products itself
def stack_shared_weight_gradients(plan):
    """The gradient of a weight used at every step of an unrolled RNN (or by every tower) is
    ``AddN(a_1.T @ g_1, ..., a_n.T @ g_n)``: n small products and n - 1 sums. Stacking the
    a's and the g's of several steps makes one product with a longer inner dimension, which
    BLAS runs faster (2.5x for all 28 steps of an LSTM at batch 64). The products are taken in
    the order they become ready, in groups of about ``_STACKED_ROWS`` rows, each group's op
    adding the previous group's sum: a step's gradient waits for its group, not for all."""
    replaceable = set(plan.of_type("MatMul"))
    for add in plan.of_type("AddN"):
        stacked, rest = [], []
        for t in plan.inputs(add):
            producer = t.op
            if (producer in replaceable and producer.attrs["transpose_a"]
                    and not producer.attrs["transpose_b"] and plan.readers(t) == 1
                    and all(x.shape.ndims == 2 for x in plan.inputs(producer))):
                stacked.append(producer)
            else:
                rest.append(t)
        if len(stacked) < 2:
            continue
        stacked.sort(key=lambda m: m._id)  # creation order: the order they become ready
        rows = plan.inputs(stacked[0])[0].shape.as_tuple()[0] or 64
        size = max(2, -(-_STACKED_ROWS // rows))
        groups = [stacked[i:i + size] for i in range(0, len(stacked), size)]
        if len(groups[-1]) == 1 and len(groups) > 1:
            groups[-2].extend(groups.pop())
        out, partial = add.outputs[0], None
        for index, group in enumerate(groups):
            extra = ([partial] if partial is not None else []) + \
                (rest if index == len(groups) - 1 else [])
            operands = [plan.inputs(m)[0] for m in group] + [plan.inputs(m)[1] for m in group]
            op_def = PlanOpDef("MatMulOfStacked",
                               lambda ctx, n=len(group): _stacked_products(ctx.xp, n),
                               lambda shapes, n=len(group): _stacked_flops(shapes, n))
            # Placed right after its group's last product, so it runs as soon as it can.
            fused = plan.add(group[-1], op_def, operands + extra, [(out.dtype, out.shape)])
            partial = fused.outputs[0]
        plan.replace(out, partial, "stack_shared_weight_gradients")


def _product_plus_bias(product, xp):
    def product_plus_bias(a, b, bias):
        out = product(a, b)  # a fresh array: the sum goes into it
        xp.add(out, bias, out=out)
        return out
    return product_plus_bias


def _bias_of(add, product, plan):
    """The bias ``add`` adds to the 2-D ``product``, when it can go into the product's array,
    or None: a vector of the product's dtype (added along the last axis, never enlarging it;
    ``bias_add`` is such an Add, in either data format for a 2-D value)."""
    operands = plan.inputs(add)
    if len(operands) != 2 or product not in operands:
        return None
    bias = operands[1] if operands[0] is product else operands[0]
    if bias.shape.ndims != 1 or bias.dtype != product.dtype:
        return None
    columns, length = product.shape.as_tuple()[-1], bias.shape.as_tuple()[0]
    # a product of one column plus a longer vector broadcasts to a bigger array
    return bias if length == 1 or (columns is not None and length == columns) else None


@register_fusion
def add_bias_into_product(plan):
    """A dense layer's ``MatMul`` followed by an ``Add`` (``bias_add``) of a vector makes a
    second activation-sized array for the sum while the product's is still alive. When
    nothing else reads the product, the bias is added into it in place: one array and one
    pass less (the fused LSTM's input projection: 3.5 MiB of its step's 7.7 MiB peak)."""
    products = {m.outputs[0]: m for m in plan.of_type("MatMul")
                if all(x.shape.ndims == 2 for x in plan.inputs(m))}
    for type_name in ("Add", "AddV2"):
        for add in plan.of_type(type_name):
            product = next((t for t in plan.inputs(add) if t in products), None)
            if product is None or plan.readers(product) != 1:
                continue
            bias = _bias_of(add, product, plan)
            if bias is None:
                continue
            matmul = products.pop(product)
            op_def = PlanOpDef(
                "MatMulPlusBias",
                lambda ctx, m=matmul: _product_plus_bias(m.op_def.kernel(m, ctx), ctx.xp),
                lambda shapes, m=matmul: m.op_def.blas_flops(m, shapes[:2]))
            out = add.outputs[0]
            fused = plan.add(add, op_def, plan.inputs(matmul) + [bias], [(out.dtype, out.shape)])
            plan.replace(out, fused.outputs[0], "add_bias_into_product")
            # the product's only reader is gone: a profile shows the MatMul computed there
            plan.replace(product, fused.outputs[0], "add_bias_into_product")


def add_n(inputs, name=None):
    """The elementwise sum of a list of tensors of the same shape and dtype."""
    if not inputs:
        raise ValueError("inputs must be a non-empty list of tensors")
    inputs = [convert_to_tensor(t) for t in inputs]
    if len(inputs) == 1:
        return inputs[0] if name is None else array_ops.identity(inputs[0], name=name)
    return make_tensor("AddN", inputs, None, name)


# ================================================================== matmul
@register
class MatMul(OpDef):
    type_name = "MatMul"

    def infer(self, op):
        a, b = op.inputs
        check_same_dtype(op)
        ta, tb = op.attrs["transpose_a"], op.attrs["transpose_b"]
        da, db = a.shape.as_tuple(), b.shape.as_tuple()
        for dims in (da, db):
            if dims is not None and len(dims) < 2:
                raise ShapeInferenceError("Shape must be rank 2 but is rank %d" % len(dims))
        if da is None or db is None:
            return [(a.dtype, TensorShape(None))]
        m, ka = (da[-1], da[-2]) if ta else (da[-2], da[-1])
        kb, n = (db[-1], db[-2]) if tb else (db[-2], db[-1])
        if ka is not None and kb is not None and ka != kb:
            raise ShapeInferenceError("Dimensions must be equal, but are %d and %d" % (ka, kb))
        batch = broadcast_dims(da[:-2], db[:-2])
        return [(a.dtype, TensorShape(batch + (m, n)))]

    def kernel(self, op, ctx):
        xp = ctx.xp
        ta, tb = op.attrs["transpose_a"], op.attrs["transpose_b"]
        if all(t.shape.ndims == 2 for t in op.inputs):  # .T: the cheapest transposed view
            swap = lambda x: x.T  # noqa: E731
        else:
            swap = lambda x: xp.swapaxes(x, -1, -2)  # noqa: E731 - a view; BLAS reads it transposed
        if ta and tb:
            return lambda a, b: xp.matmul(swap(a), swap(b))
        if ta:
            return lambda a, b: xp.matmul(swap(a), b)
        if tb:
            return lambda a, b: xp.matmul(a, swap(b))
        return xp.matmul

    def blas_flops(self, op, shapes):
        return blas_work.matmul_flops(shapes[0], shapes[1], op.attrs["transpose_a"],
                                      op.attrs["transpose_b"])

    def samples(self, rng):
        """Every combination of transposes (each has its own gradient), a batch broadcast
        against a matrix, and int32; the reference sums the products of rows and columns."""
        def case(a, b, transpose_a=False, transpose_b=False, **options):
            def reference(a, b):
                a = np.swapaxes(a, -1, -2) if transpose_a else a
                b = np.swapaxes(b, -1, -2) if transpose_b else b
                return np.sum(a[..., :, :, None] * b[..., None, :, :], axis=-2, dtype=a.dtype)
            return OpSample(lambda a, b: matmul(a, b, transpose_a, transpose_b), a, b,
                            reference=reference, **options)
        return [case(normal(rng, 2, 3), normal(rng, 3, 4), second_order=True),
                case(normal(rng, 3, 2), normal(rng, 3, 4), True, False, second_order=True),
                case(normal(rng, 2, 3), normal(rng, 4, 3), False, True, second_order=True),
                case(normal(rng, 3, 2), normal(rng, 4, 3), True, True, second_order=True),
                case(normal(rng, 2, 2, 3), normal(rng, 3, 4), second_order=True),
                case(rng.integers(-4, 5, (2, 3)).astype(np.int32),
                     rng.integers(-4, 5, (3, 2)).astype(np.int32), name="int32")]

    def gradient(self, op, grad):
        a, b = conj(op.inputs[0]), conj(op.inputs[1])  # TF's convention for complex values
        ta, tb = op.attrs["transpose_a"], op.attrs["transpose_b"]
        if not ta and not tb:
            ga, gb = matmul(grad, b, transpose_b=True), matmul(a, grad, transpose_a=True)
        elif not ta and tb:
            ga, gb = matmul(grad, b), matmul(grad, a, transpose_a=True)
        elif ta and not tb:
            ga, gb = matmul(b, grad, transpose_b=True), matmul(a, grad)
        else:
            ga = matmul(b, grad, transpose_a=True, transpose_b=True)
            gb = matmul(grad, a, transpose_a=True, transpose_b=True)
        if a.shape.ndims == 2 and b.shape.ndims == 2:  # no batch dimensions to broadcast
            return [ga, gb]
        return [reduce_to_input_shape(ga, a), reduce_to_input_shape(gb, b)]


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, name=None):
    """Matrix product ``a @ b`` (batched over leading dimensions for rank > 2).

    >>> import autograd_engine as tf
    >>> tf.matmul(tf.zeros([2, 3]), tf.zeros([4, 3]), transpose_b=True).shape.as_list()
    [2, 4]
    """
    a, b = binary_operands(a, b)
    a, b = conj(a) if adjoint_a else a, conj(b) if adjoint_b else b  # identity unless complex
    attrs = {"transpose_a": bool(transpose_a or adjoint_a),
             "transpose_b": bool(transpose_b or adjoint_b)}
    return make_tensor("MatMul", (a, b), attrs, name)


# ================================================================== einsum, tensordot
def _parse_einsum(equation, n_inputs):
    """(input subscripts, output subscripts) of an einsum equation, the output made explicit
    (numpy's implicit rule: the letters used once, sorted)."""
    eq = equation.replace(" ", "")
    if "..." in eq:
        raise ValueError("Subscripts with ellipses are not yet supported: %r" % equation)
    if eq.count("->") > 1:
        raise ValueError("Equation %r has more than one '->'" % equation)
    lhs, arrow, out = eq.partition("->")
    subscripts = lhs.split(",")
    if len(subscripts) != n_inputs:
        raise ValueError("Got %d arguments for equation %r, expecting %d"
                         % (n_inputs, equation, len(subscripts)))
    used = "".join(subscripts)
    if not arrow:
        out = "".join(sorted(c for c in set(used) if used.count(c) == 1))
    for part in subscripts + [out]:
        bad = [c for c in part if c not in string.ascii_letters]
        if bad:
            raise ValueError("Invalid character %r in equation %r: subscripts are letters"
                             % (bad[0], equation))
    for k, part in enumerate(subscripts):
        if len(set(part)) != len(part):
            raise ValueError("Subscript %r of input %d repeats an axis in equation %r: traces "
                             "and diagonals are not supported" % (part, k, equation))
    if len(set(out)) != len(out):
        raise ValueError("Output subscript %r of equation %r repeats an axis" % (out, equation))
    missing = [c for c in out if c not in used]
    if missing:
        raise ValueError("Output subscript %r of equation %r is not in any input"
                         % (missing[0], equation))
    return tuple(subscripts), out


def _contraction_plan(subscripts, out):
    """For two operands that only multiply and contract shared axes (no axis summed inside one
    operand), the transposes, reshapes and the batched matmul that compute the einsum: the
    letters as (batch, free in a, free in b, contracted), plus the output permutation."""
    if len(subscripts) != 2:
        return None
    a, b = subscripts
    if any(c not in b and c not in out for c in a) or any(c not in a and c not in out for c in b):
        return None
    batch = [c for c in a if c in b and c in out]
    contracted = [c for c in a if c in b and c not in out]
    free_a = [c for c in a if c not in b]
    free_b = [c for c in b if c not in a]
    result = batch + free_a + free_b
    perm_out = tuple(result.index(c) for c in out)
    return (tuple(a.index(c) for c in batch + free_a + contracted),
            tuple(b.index(c) for c in batch + contracted + free_b),
            (len(batch), len(free_a), len(contracted)),
            None if perm_out == tuple(range(len(out))) else perm_out)


@register
class Einsum(OpDef):
    """Einstein summation over letter subscripts (``attrs``: the inputs' and the output's)."""
    type_name = "Einsum"
    output_is_view = True  # a pure transpose ('ij->ji') is a view of the input

    def infer(self, op):
        subscripts, out = op.attrs["subscripts"], op.attrs["output"]
        dtype = op.inputs[0].dtype
        sizes = {}
        for k, (t, part) in enumerate(zip(op.inputs, subscripts)):
            if t.dtype != dtype:
                raise TypeError("einsum inputs must have the same dtype, got %s (input 0) and "
                                "%s (input %d)%s" % (dtype.name, t.dtype.name, k, op.creation_site()))
            dims = t.shape.as_tuple()
            if dims is None:
                continue
            if len(dims) != len(part):
                raise ShapeInferenceError("Input %d has rank %d but its subscript %r names %d "
                                          "axes" % (k, len(dims), part, len(part)))
            for c, d in zip(part, dims):
                known = sizes.get(c)
                if known is not None and d is not None and known[0] != d:
                    raise ShapeInferenceError(
                        "Dimensions must be equal, but are %d and %d for subscript '%s' (input %d "
                        "and input %d)" % (known[0], d, c, known[1], k))
                if known is None and d is not None:
                    sizes[c] = (d, k)
        return [(dtype, TensorShape([sizes[c][0] if c in sizes else None for c in out]))]

    def kernel(self, op, ctx):
        xp = ctx.xp
        subscripts, out = op.attrs["subscripts"], op.attrs["output"]
        plan = _contraction_plan(subscripts, out)
        if plan is None:
            equation = ",".join(subscripts) + "->" + out
            return lambda *xs: xp.einsum(equation, *xs)
        perm_a, perm_b, (n_batch, n_free_a, n_contracted), perm_out = plan

        def contract(a, b):
            a = xp.transpose(a, perm_a)
            b = xp.transpose(b, perm_b)
            batch_dims, free_a = a.shape[:n_batch], a.shape[n_batch:n_batch + n_free_a]
            free_b = b.shape[n_batch + n_contracted:]
            k = math.prod(a.shape[n_batch + n_free_a:])
            product = xp.matmul(xp.reshape(a, (math.prod(batch_dims), math.prod(free_a), k)),
                                xp.reshape(b, (math.prod(batch_dims), k, math.prod(free_b))))
            product = xp.reshape(product, batch_dims + free_a + free_b)
            return product if perm_out is None else xp.transpose(product, perm_out)
        return contract

    def gradient(self, op, grad):
        # d/d input_k is the einsum of the output gradient with the other inputs onto input k's
        # subscripts; axes input k summed on its own (in no other operand) are broadcast back.
        subscripts, out = op.attrs["subscripts"], op.attrs["output"]
        grads = []
        for k, x in enumerate(op.inputs):
            others = [t for j, t in enumerate(op.inputs) if j != k]
            other_subscripts = [s for j, s in enumerate(subscripts) if j != k]
            available = set(out).union(*other_subscripts)
            kept = "".join(c for c in subscripts[k] if c in available)
            g = make_tensor("Einsum", [grad] + others,
                            {"subscripts": tuple([out] + other_subscripts), "output": kept})
            missing = [axis for axis, c in enumerate(subscripts[k]) if c not in available]
            if missing:
                for axis in missing:
                    g = array_ops.expand_dims(g, axis)
                g = broadcast_ops.broadcast_to(g, shape_operand_of(x))
            grads.append(g)
        return grads

    def samples(self, rng):
        """A matrix product and one with a permuted output (a transposed batched matmul), a
        sum over an axis of one operand, three operands (numpy's einsum), and an int32 dot
        product (rank-0 output); the reference multiplies broadcast operands and sums."""
        def case(equation, *operands, **options):
            return OpSample(lambda *xs: einsum(equation, *xs), *operands,
                            reference=_einsum_reference(*_parse_einsum(equation, len(operands))),
                            **options)
        return [case("ij,jk->ik", normal(rng, 2, 3), normal(rng, 3, 4), second_order=True),
                case("bij,jk->bki", normal(rng, 2, 2, 3), normal(rng, 3, 4), second_order=True),
                case("ijk->ki", normal(rng, 2, 3, 4)),
                case("ij,jk,k->i", normal(rng, 2, 3), normal(rng, 3, 4), normal(rng, 4),
                     second_order=True),
                case("i,i->", rng.integers(-4, 5, 4).astype(np.int32),
                     rng.integers(-4, 5, 4).astype(np.int32), name="int32")]


def _einsum_reference(subscripts, output):
    """An einsum by broadcasting: each operand laid out along every letter (size 1 where it
    lacks one), all multiplied, the letters absent from the output summed."""
    def reference(*arrays):
        letters = sorted(set("".join(subscripts)))
        product = 1
        for part, a in zip(subscripts, arrays):
            ordered = np.transpose(a, [part.index(c) for c in letters if c in part])
            product = product * ordered.reshape([a.shape[part.index(c)] if c in part else 1
                                                 for c in letters])
        summed = tuple(i for i, c in enumerate(letters) if c not in output)
        result = np.sum(product, axis=summed, dtype=arrays[0].dtype)
        remaining = [c for c in letters if c in output]
        return np.transpose(result, [remaining.index(c) for c in output])
    return reference


def einsum(equation, *inputs, **kwargs):
    """A contraction written in Einstein notation, as ``numpy.einsum`` (without ellipses or
    repeated axes within one input, as TF1): ``'ij,jk->ik'`` (matmul), ``'bij,bjk->bik'``
    (batch matmul), ``'ij->ji'``, ``'i,j->ij'``, ``'ij->j'``, ``'i,i->'``.

    >>> import autograd_engine as tf
    >>> tf.einsum('bij,bjk->bik', tf.zeros([5, 2, 3]), tf.zeros([5, 3, 4])).shape.as_list()
    [5, 2, 4]
    """
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError("invalid keyword arguments for this function: "
                        + ", ".join(sorted(kwargs)))
    subscripts, out = _parse_einsum(equation, len(inputs))
    tensors = [convert_to_tensor(t) for t in inputs]
    return make_tensor("Einsum", tensors, {"subscripts": subscripts, "output": out}, name)


def _tensordot_axes(axes, rank_a, rank_b):
    """``axes`` (an int n, or a pair of axis lists) as two lists of non-negative axes."""
    if isinstance(axes, Tensor):
        value = constant_value(axes)
        if value is None:
            raise TypeError("tensordot needs axes known while building the graph.")
        axes = value.tolist()
    if isinstance(axes, (int, np.integer)):
        n = int(axes)
        if n < 0:
            raise ValueError("'axes' must be at least 0.")
        if n > rank_a or n > rank_b:
            raise ValueError("'axes' must not be larger than the number of dimensions of tensor "
                             "%s." % ("a" if n > rank_a else "b"))
        return list(range(rank_a - n, rank_a)), list(range(n))
    if not isinstance(axes, (list, tuple)) or len(axes) != 2:
        raise ValueError("'axes' must be an integer or have length 2.")
    pairs = []
    for which, spec, rank in (("a", axes[0], rank_a), ("b", axes[1], rank_b)):
        spec = [spec] if isinstance(spec, (int, np.integer)) else list(spec)
        for axis in spec:
            if not -rank <= int(axis) < rank:
                raise ValueError("Axis %d of tensordot is out of range for '%s' of rank %d"
                                 % (axis, which, rank))
        spec = [int(axis) % rank for axis in spec]
        if len(set(spec)) != len(spec):
            raise ValueError("tensordot axes for '%s' repeat an axis: %s" % (which, spec))
        pairs.append(spec)
    if len(pairs[0]) != len(pairs[1]):
        raise ValueError("Different number of contraction axes 'a' and 'b', %d != %d."
                         % (len(pairs[0]), len(pairs[1])))
    return pairs


def tensordot(a, b, axes, name=None):
    """Sums the products of ``a`` and ``b`` over ``axes``: an int n (the last n axes of ``a``
    with the first n of ``b``) or a pair of axis lists. The result's axes are ``a``'s free axes
    then ``b``'s.

    >>> import autograd_engine as tf
    >>> tf.tensordot(tf.zeros([2, 3, 4]), tf.zeros([4, 3, 5]), [[1, 2], [1, 0]]).shape.as_list()
    [2, 5]
    """
    a, b = binary_operands(a, b)
    if a.shape.ndims is None or b.shape.ndims is None:
        raise ValueError("tensordot needs inputs of known rank, got %s and %s"
                         % (a.shape.bracketed(), b.shape.bracketed()))
    rank_a, rank_b = a.shape.ndims, b.shape.ndims
    axes_a, axes_b = _tensordot_axes(axes, rank_a, rank_b)
    letters = iter(string.ascii_letters)
    sub_a = [next(letters) for _ in range(rank_a)]
    sub_b = [next(letters) for _ in range(rank_b)]
    for i, j in zip(axes_a, axes_b):
        sub_b[j] = sub_a[i]
    out = [c for i, c in enumerate(sub_a) if i not in axes_a] + \
        [c for j, c in enumerate(sub_b) if j not in axes_b]
    return make_tensor("Einsum", (a, b), {"subscripts": ("".join(sub_a), "".join(sub_b)),
                                          "output": "".join(out)}, name or "Tensordot")
