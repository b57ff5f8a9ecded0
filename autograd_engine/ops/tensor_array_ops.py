"""The ops behind ``tf.TensorArray`` (``tensor_array.py`` holds the class).

A TensorArray's state is the value of its ``flow`` tensor: a :class:`TensorArrayValue`, a list
of element arrays. Every write makes a new flow (copy on write: the list of references, never
the arrays), so a TensorArray is an ordinary value a ``while_loop`` carries and
differentiates. A flow is a float32 scalar to the graph, as TF1's is: gradients reach it, and
the gradient of a flow is again a TensorArrayValue (of the elements' gradients, None where
there is none), summed by :func:`sum_flow_gradients`.
"""
import numpy as np

from ..framework import dtypes, errors
from ..framework.composite_tensor import OpaqueValue
from ..framework.tensor_shape import TensorShape
from .registry import OpDef, get_op_def, make_op, register


class TensorArrayValue(OpaqueValue):
    """A TensorArray's elements at one point of the program (None: not written). It poses as a
    float32 scalar (``shape``, ``dtype``) where loops handle it as a loop value."""

    __slots__ = ("elements", "dynamic_size", "element_dtype", "element_shape")
    shape = ()
    ndim = 0
    dtype = np.dtype(np.float32)

    def __init__(self, elements, dynamic_size, element_dtype, element_shape):
        self.elements = elements
        self.dynamic_size = dynamic_size
        self.element_dtype = element_dtype
        self.element_shape = element_shape

    def with_elements(self, elements):
        return TensorArrayValue(elements, self.dynamic_size, self.element_dtype,
                                self.element_shape)

    def __add__(self, other):  # gradients of one flow from two places
        if not isinstance(other, TensorArrayValue):
            return self
        mine, theirs = self.elements, other.elements
        total = []
        for k in range(max(len(mine), len(theirs))):
            a = mine[k] if k < len(mine) else None
            b = theirs[k] if k < len(theirs) else None
            total.append(b if a is None else a if b is None else a + b)
        return self.with_elements(total)

    __radd__ = __add__

    def __repr__(self):
        return "<TensorArrayValue size=%d>" % len(self.elements)


def gradient_elements(flow_gradient, count):
    """The elements of a flow's gradient (a 0 where no gradient reached the flow)."""
    if isinstance(flow_gradient, TensorArrayValue):
        elements = list(flow_gradient.elements)
        return elements + [None] * (count - len(elements))
    return [None] * count


def _flow_spec():
    return (dtypes.float32, TensorShape([]))


def _check_index(value, index, what="read from"):
    size = len(value.elements)
    if index < 0 or (index >= size and (what != "write to" or not value.dynamic_size)):
        if what == "write to":
            raise IndexError("Tried to write to index %d but array is not resizeable and size "
                             "is: %d" % (index, size))
        raise IndexError("Tried to %s index %d but array size is: %d" % (what, index, size))


def _element(op, value, index):
    _check_index(value, index)
    element = value.elements[index]
    if element is None:
        raise errors.InvalidArgumentError(
            None, op, "Could not read from TensorArray index %d because it has not yet been "
            "written to." % index)
    return element


class _TensorArrayOp(OpDef):
    """An op on a flow (input 0, except for the creating op)."""
    stateful = True  # a flow's value is a Python object: never fold or deduplicate


class _HandsOnElements:
    """An op whose output is an element as it was written (a fed array among them): fetched,
    it is copied, so it is never the caller's own input."""
    output_is_view = True


@register
class TensorArrayV3(_TensorArrayOp):
    """A new TensorArray of ``size`` unwritten elements (input: size, read on the host)."""
    type_name = "TensorArrayV3"
    host_inputs = (0,)
    differentiable = False

    def infer(self, op):
        return [_flow_spec()]

    def kernel(self, op, ctx):
        attrs = op.attrs
        return lambda size: TensorArrayValue([None] * int(size), attrs["dynamic_size"],
                                             attrs["dtype"], attrs["element_shape"])


@register
class TensorArrayWriteV3(_TensorArrayOp):
    """Inputs: flow, index (host), value. Output: the new flow. Elements are written once."""
    type_name = "TensorArrayWriteV3"
    host_inputs = (1,)

    def infer(self, op):
        return [_flow_spec()]

    def kernel(self, op, ctx):
        def write(value, index, element):
            index = int(index)
            _check_index(value, index, "write to")
            elements = list(value.elements)
            if index >= len(elements):
                elements.extend([None] * (index + 1 - len(elements)))
            if elements[index] is not None:
                raise errors.InvalidArgumentError(
                    None, op, "Could not write to TensorArray index %d because it has already "
                    "been written to." % index)
            elements[index] = element
            return value.with_elements(elements)
        return write

    def gradient(self, op, grad):
        flow, index, value = op.inputs
        value_grad = make_op("TensorArrayGradValue", (grad, index, value)).outputs[0]
        return [grad, None, value_grad]


@register
class TensorArrayReadV3(_HandsOnElements, _TensorArrayOp):
    """Inputs: flow, index (host). Output: the element."""
    type_name = "TensorArrayReadV3"
    host_inputs = (1,)

    def infer(self, op):
        return [(op.attrs["dtype"], op.attrs["element_shape"])]

    def kernel(self, op, ctx):
        return lambda value, index: _element(op, value, int(index))

    def gradient(self, op, grad):
        flow, index = op.inputs
        return [make_op("TensorArrayReadGrad", (flow, index, grad)).outputs[0], None]


@register
class TensorArrayGatherV3(_HandsOnElements, _TensorArrayOp):
    """Inputs: flow, indices (host). Output: the elements at ``indices``, stacked."""
    type_name = "TensorArrayGatherV3"
    host_inputs = (1,)

    def infer(self, op):
        rows = op.inputs[1].shape[:1]
        return [(op.attrs["dtype"], rows.concatenate(op.attrs["element_shape"]))]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def gather(value, indices):
            indices = [int(i) for i in np.reshape(indices, -1)]
            if not indices:
                return _empty_stack(op, value, xp)
            return xp.stack([_element(op, value, i) for i in indices])
        return gather

    def gradient(self, op, grad):
        flow, indices = op.inputs
        return [make_op("TensorArrayScatterGrad", (flow, indices, grad)).outputs[0], None]


def _empty_stack(op, value, xp):
    shape = value.element_shape
    if not shape.is_fully_defined():
        raise errors.InvalidArgumentError(
            None, op, "TensorArray has size zero, but element shape %s is not fully defined. "
            "Currently only static shapes are supported when packing zero-size TensorArrays."
            % (shape if shape.ndims is not None else "<unknown>"))
    return xp.zeros((0,) + shape.as_tuple(), dtype=value.element_dtype.np_dtype)


@register
class TensorArrayScatterV3(_TensorArrayOp):
    """Inputs: flow, indices (host), value. Row ``k`` of ``value`` becomes element
    ``indices[k]``. Output: the new flow."""
    type_name = "TensorArrayScatterV3"
    host_inputs = (1,)

    def infer(self, op):
        return [_flow_spec()]

    def kernel(self, op, ctx):
        write = get_kernel("TensorArrayWriteV3", op, ctx)

        def scatter(value, indices, rows):
            indices = [int(i) for i in np.reshape(indices, -1)]
            if len(indices) != rows.shape[0]:
                raise ValueError("Expected len(indices) == values.shape[0], but saw: %d vs. %d"
                                 % (len(indices), rows.shape[0]))
            for k, index in enumerate(indices):
                value = write(value, index, rows[k])
            return value
        return scatter

    def gradient(self, op, grad):
        flow, indices, rows = op.inputs
        return [grad, None, make_op("TensorArrayGatherGrad", (grad, indices, rows)).outputs[0]]


@register
class TensorArrayConcatV3(_HandsOnElements, _TensorArrayOp):
    """Input: flow. Outputs: the elements joined along their first axis, and the lengths."""
    type_name = "TensorArrayConcatV3"

    def infer(self, op):
        shape = op.attrs["element_shape"]
        return [(op.attrs["dtype"], TensorShape([None]).concatenate(shape[1:])
                 if shape.ndims else TensorShape(None)), (dtypes.int64, TensorShape([None]))]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def concat(value):
            elements = [_element(op, value, i) for i in range(len(value.elements))]
            lengths = np.array([e.shape[0] for e in elements], np.int64)
            if not elements:
                shape = value.element_shape
                if shape.ndims is None or not shape[1:].is_fully_defined():
                    raise errors.InvalidArgumentError(
                        None, op, "Concat saw a scalar shape or unknown element shape for a "
                        "zero-size TensorArray")
                return xp.zeros((0,) + shape.as_tuple()[1:], value.element_dtype.np_dtype), lengths
            return xp.concatenate(elements), lengths
        return concat

    def gradient(self, op, grad, lengths_grad):
        return [make_op("TensorArraySplitGrad", (op.inputs[0], grad, op.outputs[1])).outputs[0]]


@register
class TensorArraySplitV3(_TensorArrayOp):
    """Inputs: flow, value, lengths (host). Element ``k`` is the next ``lengths[k]`` rows of
    ``value``. Output: the new flow."""
    type_name = "TensorArraySplitV3"
    host_inputs = (2,)

    def infer(self, op):
        return [_flow_spec()]

    def kernel(self, op, ctx):
        write = get_kernel("TensorArrayWriteV3", op, ctx)

        def split(value, rows, lengths):
            lengths = [int(n) for n in np.reshape(lengths, -1)]
            if sum(lengths) != rows.shape[0]:
                raise ValueError("Expected sum of lengths to be equal to values.shape[0], but "
                                 "sum of lengths is %d and value's shape is: %s"
                                 % (sum(lengths), list(rows.shape)))
            start = 0
            for k, length in enumerate(lengths):
                value = write(value, k, rows[start:start + length])
                start += length
            return value
        return split

    def gradient(self, op, grad):
        flow, rows, lengths = op.inputs
        return [grad, make_op("TensorArrayConcatGrad", (grad, rows, lengths)).outputs[0], None]


@register
class TensorArraySizeV3(_TensorArrayOp):
    """Input: flow. Output: the number of elements (int32, host memory)."""
    type_name = "TensorArraySizeV3"
    differentiable = False
    host_outputs = (0,)

    def infer(self, op):
        return [(dtypes.int32, TensorShape([]))]

    def kernel(self, op, ctx):
        return lambda value: np.int32(len(value.elements))


def get_kernel(type_name, op, ctx):
    """Another TensorArray op's kernel, for ``op`` (which shares its checks)."""
    return get_op_def(type_name).kernel(op, ctx)


# ------------------------------------------------------------------ gradients of flows
class _FlowGradient(_TensorArrayOp):
    """An op of a flow's gradient (not differentiable itself)."""
    differentiable = False


class _MakesFlowGradient(_FlowGradient):
    """Its output is a flow's gradient: summed with others by TensorArrayFlowSum (element
    lists), never AddN."""
    gradient_sum = staticmethod(lambda grads: sum_flow_gradients(grads))


@register
class TensorArrayReadGrad(_MakesFlowGradient):
    """Inputs: the read flow, index (host), the read value's gradient. Output: a flow gradient
    holding it at ``index``."""
    type_name = "TensorArrayReadGrad"
    host_inputs = (1,)

    def infer(self, op):
        return [_flow_spec()]

    def kernel(self, op, ctx):
        def read_grad(value, index, grad):
            elements = [None] * len(value.elements)
            elements[int(index)] = grad
            return value.with_elements(elements)
        return read_grad


@register
class TensorArrayScatterGrad(_MakesFlowGradient):
    """Inputs: the gathered flow, indices (host), the gathered value's gradient. Output: a
    flow gradient holding its rows at ``indices`` (repeated indices add up)."""
    type_name = "TensorArrayScatterGrad"
    host_inputs = (1,)

    def infer(self, op):
        return [_flow_spec()]

    def kernel(self, op, ctx):
        def scatter_grad(value, indices, grad):
            elements = [None] * len(value.elements)
            for k, index in enumerate(int(i) for i in np.reshape(indices, -1)):
                elements[index] = grad[k] if elements[index] is None else elements[index] + grad[k]
            return value.with_elements(elements)
        return scatter_grad


@register
class TensorArraySplitGrad(_MakesFlowGradient):
    """Inputs: the concatenated flow, the concatenation's gradient, the lengths (host).
    Output: a flow gradient holding its pieces."""
    type_name = "TensorArraySplitGrad"
    host_inputs = (2,)

    def infer(self, op):
        return [_flow_spec()]

    def kernel(self, op, ctx):
        def split_grad(value, grad, lengths):
            bounds = np.cumsum([0] + [int(n) for n in lengths])
            return value.with_elements([grad[a:b] for a, b in zip(bounds[:-1], bounds[1:])])
        return split_grad


@register
class TensorArrayGradValue(_HandsOnElements, _FlowGradient):
    """Inputs: a flow gradient, index (host), the written value. Output: the gradient of the
    element at ``index`` (zeros when none reached it)."""
    type_name = "TensorArrayGradValue"
    host_inputs = (1,)

    def infer(self, op):
        value = op.inputs[2]
        return [(value.dtype, value.shape)]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def grad_value(flow_grad, index, value):
            element = gradient_elements(flow_grad, int(index) + 1)[int(index)]
            return xp.zeros_like(value) if element is None else element
        return grad_value


@register
class TensorArrayGatherGrad(_HandsOnElements, _FlowGradient):
    """Inputs: a flow gradient, indices (host), the scattered value. Output: the gradients of
    its rows, stacked (zeros for rows none reached)."""
    type_name = "TensorArrayGatherGrad"
    host_inputs = (1,)

    def infer(self, op):
        value = op.inputs[2]
        return [(value.dtype, value.shape)]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def gather_grad(flow_grad, indices, rows):
            indices = [int(i) for i in np.reshape(indices, -1)]
            elements = gradient_elements(flow_grad, max(indices, default=-1) + 1)
            out = xp.zeros_like(rows)
            for k, index in enumerate(indices):
                if elements[index] is not None:
                    out[k] = elements[index]
            return out
        return gather_grad


@register
class TensorArrayConcatGrad(_HandsOnElements, _FlowGradient):
    """Inputs: a flow gradient, the split value, the lengths (host). Output: the split value's
    gradient (zeros for pieces none reached)."""
    type_name = "TensorArrayConcatGrad"
    host_inputs = (2,)

    def infer(self, op):
        value = op.inputs[1]
        return [(value.dtype, value.shape)]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def concat_grad(flow_grad, rows, lengths):
            bounds = np.cumsum([0] + [int(n) for n in np.reshape(lengths, -1)])
            elements = gradient_elements(flow_grad, len(bounds) - 1)
            out = xp.zeros_like(rows)
            for element, a, b in zip(elements, bounds[:-1], bounds[1:]):
                if element is not None:
                    out[a:b] = element
            return out
        return concat_grad


@register
class TensorArrayFlowSum(_MakesFlowGradient):
    """The sum of gradients of one flow (their elements added where both have one)."""
    type_name = "TensorArrayFlowSum"

    def infer(self, op):
        return [_flow_spec()]

    def kernel(self, op, ctx):
        def flow_sum(*flows):
            total = flows[0]
            for flow in flows[1:]:
                total = flow + total if isinstance(flow, TensorArrayValue) else total + flow
            return total
        return flow_sum


def sum_flow_gradients(grads):
    """The op summing gradients of a flow (plain add_n cannot: they are element lists)."""
    return make_op("TensorArrayFlowSum", list(grads)).outputs[0]


def check_element(op_name, dtype, value, element_shape):
    """TF1's build-time checks of a value written to a TensorArray."""
    if value.dtype != dtype:
        raise TypeError("TensorArray dtype is %s but Op is trying to write dtype %s"
                        % (dtype.name, value.dtype.name))
    if not element_shape.is_compatible_with(value.shape):
        raise ValueError("Inconsistent shapes: saw %s but expected %s (and infer_shape=True) "
                         "in %s" % (value.shape, element_shape, op_name))
