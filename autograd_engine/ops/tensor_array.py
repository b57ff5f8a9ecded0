"""``tf.TensorArray``: a list of tensors written and read by index, typically inside a
``tf.while_loop`` (the dynamic-RNN pattern: ``unstack`` the inputs, ``read`` one per step,
``write`` each step's output, ``stack`` them after the loop), with gradients through all of it.

Each write returns a new TensorArray (use it, as in TF1); its ``flow`` tensor carries the
elements (see ``tensor_array_ops.py``). ``clear_after_read`` is accepted, but a read never
clears its element: a second read returns the same value (a loop's gradient re-reads).
"""
import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape, as_shape
from .array_ops import identity
from .constant_op import convert_to_tensor
from .control_flow_ops import no_op
from .op_samples import OpSample, normal
from .range_ops import range as range_
from .registry import get_op_def, make_op
from .shape_ops import shape as shape_of
from .tensor_array_ops import check_element
from .while_loop import LoopCarried, while_loop


class TensorArray(LoopCarried):
    """A list of ``size`` tensors of ``dtype`` (growing on writes past the end with
    ``dynamic_size``), all of ``element_shape`` (inferred from the first write with
    ``infer_shape``).

    >>> import autograd_engine as tf
    >>> xs = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    >>> inputs = tf.TensorArray(tf.float32, size=3).unstack(xs)
    >>> def step(t, outputs):
    ...     return t + 1, outputs.write(t, inputs.read(t) * 10.0)
    >>> _, outputs = tf.while_loop(lambda t, _: t < 3, step, [0, tf.TensorArray(tf.float32, 3)])
    >>> with tf.Session() as sess:
    ...     sess.run(outputs.stack()).tolist()
    [[10.0, 20.0], [30.0, 40.0], [50.0, 60.0]]
    """

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None,
                 tensor_array_name=None, handle=None, flow=None, infer_shape=True,
                 element_shape=None, colocate_with_first_write_call=True, name=None):
        self._dtype = dtypes.as_dtype(dtype)
        self._dynamic_size = bool(dynamic_size)
        self._infer_shape = infer_shape
        # One element shape shared by every TensorArray made from this one (TF1 shares it so
        # that a write inside a loop teaches the arrays outside).
        self._shape_holder = [as_shape(element_shape)]
        if flow is not None or handle is not None:
            self._flow = flow if flow is not None else handle
            return
        if size is None:
            raise ValueError("Size must be provided if handle is not provided")
        self._flow = make_op("TensorArrayV3", (convert_to_tensor(size, dtype=dtypes.int32),),
                             {"dtype": self._dtype, "element_shape": self._shape_holder[0],
                              "dynamic_size": self._dynamic_size,
                              "clear_after_read": clear_after_read is not False,
                              "tensor_array_name": tensor_array_name or ""},
                             name or tensor_array_name or "TensorArray").outputs[0]

    def _derived(self, flow):
        """A TensorArray on ``flow`` sharing this one's settings and element shape."""
        derived = TensorArray(self._dtype, dynamic_size=self._dynamic_size,
                              infer_shape=self._infer_shape, flow=flow)
        derived._shape_holder = self._shape_holder
        return derived

    # while_loop carries the flow.
    def _loop_tensor(self):
        return self._flow

    def _with_loop_tensor(self, tensor):
        return self._derived(tensor)

    flow = property(lambda self: self._flow)
    handle = property(lambda self: self._flow)
    dtype = property(lambda self: self._dtype)
    dynamic_size = property(lambda self: self._dynamic_size)
    infer_shape = property(lambda self: self._infer_shape)

    @property
    def element_shape(self):
        return self._shape_holder[0]

    def _learn_shape(self, shape):
        if self._infer_shape:
            self._shape_holder[0] = self._shape_holder[0].merge_with(shape)

    def _op(self, type_name, inputs, name, **attrs):
        attrs.update(dtype=self._dtype, element_shape=self.element_shape)
        return make_op(type_name, [self._flow] + list(inputs), attrs, name)

    def _checked(self, value, name):
        value = convert_to_tensor(value, preferred_dtype=self._dtype)
        check_element(name, self._dtype, value, self.element_shape)
        return value

    # ---------------------------------------------------------------- reading
    def read(self, index, name=None):
        """The element at ``index``."""
        return self._op("TensorArrayReadV3", [convert_to_tensor(index, dtype=dtypes.int32)],
                        name).outputs[0]

    def gather(self, indices, name=None):
        """The elements at ``indices``, stacked."""
        return self._op("TensorArrayGatherV3", [convert_to_tensor(indices, dtype=dtypes.int32)],
                        name).outputs[0]

    def stack(self, name=None):
        """Every element, stacked along a new first axis."""
        return self.gather(range_(0, self.size()), name=name)

    def concat(self, name=None):
        """Every element, joined along its first axis."""
        return self._op("TensorArrayConcatV3", [], name).outputs[0]

    def size(self, name=None):
        """The number of elements (int32)."""
        return self._op("TensorArraySizeV3", [], name).outputs[0]

    # ---------------------------------------------------------------- writing
    def write(self, index, value, name=None):
        """A TensorArray with ``value`` at ``index`` (each index is written once)."""
        value = self._checked(value, "TensorArrayWriteV3")
        self._learn_shape(value.shape)
        flow = self._op("TensorArrayWriteV3", [convert_to_tensor(index, dtype=dtypes.int32),
                                               value], name).outputs[0]
        return self._derived(flow)

    def scatter(self, indices, value, name=None):
        """A TensorArray with row ``k`` of ``value`` at ``indices[k]``."""
        value = self._checked_rows(value)
        flow = self._op("TensorArrayScatterV3", [convert_to_tensor(indices, dtype=dtypes.int32),
                                                 value], name).outputs[0]
        return self._derived(flow)

    def unstack(self, value, name=None):
        """A TensorArray holding the rows of ``value``, one per element."""
        value = self._checked_rows(value)
        return self.scatter(range_(0, shape_of(value)[0]), value, name=name)

    def split(self, value, lengths, name=None):
        """A TensorArray holding consecutive pieces of ``value`` of ``lengths`` rows."""
        value = convert_to_tensor(value, dtype=self._dtype)
        if value.shape.ndims:
            self._learn_shape(TensorShape([None]).concatenate(value.shape[1:]))
        flow = self._op("TensorArraySplitV3", [value, convert_to_tensor(lengths,
                                                                       dtype=dtypes.int64)],
                        name).outputs[0]
        return self._derived(flow)

    def _checked_rows(self, value):
        value = convert_to_tensor(value, preferred_dtype=self._dtype)
        if value.dtype != self._dtype:
            raise TypeError("TensorArray dtype is %s but Op is trying to write dtype %s"
                            % (self._dtype.name, value.dtype.name))
        if value.shape.ndims is not None:
            if value.shape.ndims == 0:
                raise ValueError("Shape must be at least rank 1 but is rank 0 (the rows of a "
                                 "TensorArray's value)")
            self._learn_shape(value.shape[1:])
        return value

    def identity(self):
        """This TensorArray through an identity op (for control dependencies)."""
        return self._derived(identity(self._flow))

    def close(self, name=None):
        """An op that does nothing (the engine frees elements with their flow)."""
        return no_op(name=name)

    def __repr__(self):
        return "<TensorArray dtype=%s flow=%s>" % (self._dtype.name, self._flow.name)


# ------------------------------------------------------------------ conformance samples
def _written(values):
    """A TensorArray with the rows of ``values`` written one by one."""
    array = TensorArray(values.dtype, size=int(values.shape[0].value))
    for k in range(int(values.shape[0].value)):
        array = array.write(k, values[k])
    return array


def _loop_doubling(x):
    """A while_loop reading each row of ``x`` and writing it doubled, squared: stacked."""
    rows = TensorArray(x.dtype, size=shape_of(x)[0]).unstack(x)
    out = TensorArray(x.dtype, size=shape_of(x)[0])

    def step(t, out):
        row = rows.read(t)
        return t + 1, out.write(t, row * row * 2.0)
    _, out = while_loop(lambda t, _: t < shape_of(x)[0], step, [0, out])
    return out.stack()


_SAMPLES = {
    "TensorArrayV3": lambda rng: [OpSample(lambda x: _written(x).stack(), normal(rng, 3, 2),
                                           reference=lambda x: x, partial=False)],
    "TensorArrayWriteV3": lambda rng: [
        OpSample(lambda x: _written(x).stack() * 3.0, normal(rng, 2, 3),
                 reference=lambda x: x * 3.0, partial=False),
        OpSample(lambda x: TensorArray(x.dtype, size=1, dynamic_size=True).write(2, x).write(
            0, x).gather([2, 0]), normal(rng, 2), reference=lambda x: np.stack([x, x]))],
    "TensorArrayReadV3": lambda rng: [
        OpSample(lambda x: _written(x).read(1) * _written(x).read(0), normal(rng, 2, 3),
                 reference=lambda x: x[1] * x[0], partial=False),
        OpSample(_loop_doubling, normal(rng, 4, 2), reference=lambda x: x * x * 2.0)],
    "TensorArrayGatherV3": lambda rng: [
        OpSample(lambda x: TensorArray(x.dtype, size=3).unstack(x).gather([2, 0, 2]),
                 normal(rng, 3, 2), reference=lambda x: x[[2, 0, 2]])],
    "TensorArrayScatterV3": lambda rng: [
        OpSample(lambda x: TensorArray(x.dtype, size=3).scatter([1, 2, 0], x).stack(),
                 normal(rng, 3, 2), reference=lambda x: x[[2, 0, 1]])],
    "TensorArrayConcatV3": lambda rng: [
        OpSample(lambda x: TensorArray(x.dtype, size=2).split(x, [1, 3]).concat() * 2.0,
                 normal(rng, 4, 2), reference=lambda x: x * 2.0)],
    "TensorArraySplitV3": lambda rng: [
        OpSample(lambda x: TensorArray(x.dtype, size=2).split(x, [3, 1]).read(0),
                 normal(rng, 4, 2), reference=lambda x: x[:3])],
    "TensorArraySizeV3": lambda rng: [
        OpSample(lambda x: TensorArray(x.dtype, size=1, dynamic_size=True).unstack(x).size(),
                 normal(rng, 5, 2), reference=lambda x: np.int32(5))],
}


def _flow_op(type_name, *inputs):
    return make_op(type_name, [convert_to_tensor(t) for t in inputs]).outputs[0]


def _read_grad_value(x, g):
    """A read's flow gradient (at index 1), and the element gradients taken back out."""
    flow_grad = _flow_op("TensorArrayReadGrad", _written(x).flow, 1, g)
    return [_flow_op("TensorArrayGradValue", flow_grad, 1, x[1]),
            _flow_op("TensorArrayGradValue", flow_grad, 0, x[0])]


_SAMPLES.update({
    "TensorArrayReadGrad": lambda rng: [OpSample(_read_grad_value, normal(rng, 2, 3),
                                                 normal(rng, 3), partial=False,
                                                 reference=lambda x, g: [g, g * 0])],
    "TensorArrayGradValue": lambda rng: [OpSample(_read_grad_value, normal(rng, 3, 2),
                                                  normal(rng, 2), partial=False,
                                                  reference=lambda x, g: [g, g * 0])],
    "TensorArrayScatterGrad": lambda rng: [OpSample(
        lambda x, g: _flow_op("TensorArrayGatherGrad", _flow_op(
            "TensorArrayScatterGrad", _written(x).flow, [2, 0], g), [0, 1, 2], x),
        normal(rng, 3, 2), normal(rng, 2, 2), partial=False,
        reference=lambda x, g: np.stack([g[1], g[1] * 0, g[0]]))],
    "TensorArraySplitGrad": lambda rng: [OpSample(
        lambda x, g: _flow_op("TensorArrayConcatGrad", _flow_op(
            "TensorArraySplitGrad", TensorArray(x.dtype, 2).split(x, [1, 3]).flow, g,
            np.int64([1, 3])), x, np.int64([1, 3])),
        normal(rng, 4, 2), normal(rng, 4, 2), reference=lambda x, g: g)],
    "TensorArrayFlowSum": lambda rng: [OpSample(
        lambda x, a, b: _flow_op("TensorArrayGradValue", _flow_op(
            "TensorArrayFlowSum", _flow_op("TensorArrayReadGrad", _written(x).flow, 0, a),
            _flow_op("TensorArrayReadGrad", _written(x).flow, 0, b)), 0, x[0]),
        normal(rng, 2, 2), normal(rng, 2), normal(rng, 2), partial=False,
        reference=lambda x, a, b: a + b)],
})
_SAMPLES["TensorArrayGatherGrad"] = _SAMPLES["TensorArrayScatterGrad"]
_SAMPLES["TensorArrayConcatGrad"] = _SAMPLES["TensorArraySplitGrad"]


for _name, _samples in _SAMPLES.items():
    get_op_def(_name).samples = _samples
