"""TensorFlow's protocol buffer classes at the top level (``tf.AttrValue``, ``tf.NodeDef``,
``tf.Summary``, ``tf.Event``...) and ``tf.make_tensor_proto`` / ``tf.make_ndarray``.

The classes are TensorBoard's generated modules (``tensorboard.compat.proto``: the same
messages, byte for byte, as TensorFlow's), so ``pip install 'autograd_engine[tensorboard]'``
provides them; without TensorBoard each name is a placeholder saying so.

>>> import numpy as np, autograd_engine as tf
>>> proto = tf.make_tensor_proto([[1.5, 2.5]])
>>> tf.make_ndarray(proto)
array([[1.5, 2.5]], dtype=float32)
"""
import importlib

import numpy as np

from ..framework import dtypes as _dtypes
from ..framework.tensor_shape import TensorShape as _TensorShape
from ..framework.unimplemented import unimplemented as _unimplemented
from ..summary.proto import dtype_enum as _dtype_enum
from ..summary.proto import protos as _protos
from ..summary.proto import shape_proto as _shape_proto
from ..train.graph_def_values import VALUE_FIELDS as _VALUE_FIELDS
from ..train.graph_def_values import array_to_tensor_proto as _array_to_tensor_proto
from ..train.graph_def_values import tensor_proto_to_array as _tensor_proto_to_array

_CLASSES = {"AttrValue": "attr_value_pb2", "NameAttrList": "attr_value_pb2",
            "NodeDef": "node_def_pb2", "MetaGraphDef": "meta_graph_pb2",
            "TensorInfo": "meta_graph_pb2", "Event": "event_pb2", "LogMessage": "event_pb2",
            "SessionLog": "event_pb2", "HistogramProto": "summary_pb2",
            "Summary": "summary_pb2", "SummaryMetadata": "summary_pb2"}


def _proto_class(name, module):
    try:
        return getattr(importlib.import_module("tensorboard.compat.proto." + module), name)
    except ImportError:  # pragma: no cover - exercised where tensorboard is not installed
        return _unimplemented("tf." + name, "TensorFlow's protobuf classes (from the "
                              "`tensorboard` package)",
                              "pip install 'autograd_engine[tensorboard]'")


for _name, _module in _CLASSES.items():
    globals()[_name] = _proto_class(_name, _module)


def make_tensor_proto(values, dtype=None, shape=None, verify_shape=False,
                      allow_broadcast=False):
    """A ``TensorProto`` of ``values`` (a numpy array, Python scalar or nested list), as
    TensorFlow writes it: numbers packed into ``tensor_content``, strings in ``string_val``,
    and a scalar given a larger ``shape`` as its one value (which fills the shape). The dtype
    follows TF1's rules (a Python float is float32) unless ``dtype`` says otherwise."""
    dtype = _dtypes.infer_dtype(values) if dtype is None else _dtypes.as_dtype(dtype)
    if dtype == _dtypes.string:
        array = _dtypes.as_string_array(values)
    else:
        array = np.asarray(values, dtype=dtype.np_dtype)
    if shape is None:
        shape = array.shape
    shape = tuple(_TensorShape(shape).as_list())
    count = int(np.prod(shape, dtype=np.int64))
    if array.shape != shape:
        if verify_shape or not (array.size == 1 or allow_broadcast or array.size == count):
            raise TypeError("Expected Tensor's shape: %s, got %s." % (shape, array.shape))
    proto = _protos().tensor_pb2.TensorProto(dtype=_dtype_enum(dtype),
                                             tensor_shape=_shape_proto(_TensorShape(shape)))
    if dtype == _dtypes.string:
        proto.string_val.extend(array.reshape(-1).tolist())
    elif array.size == 1 and count != 1 and dtype.np_dtype.kind in "iufb":
        getattr(proto, _VALUE_FIELDS[dtype.np_dtype.name]).append(array.reshape(-1)[0].item())
    else:
        packed = _array_to_tensor_proto(array.reshape(shape), dtype)
        proto.tensor_content = packed.tensor_content
    return proto


def make_ndarray(tensor):
    """The numpy array a ``TensorProto`` holds (``tf.make_ndarray``); strings as bytes."""
    if tensor.dtype == _dtype_enum(_dtypes.string):
        shape = [d.size for d in tensor.tensor_shape.dim]
        values = np.empty(len(tensor.string_val), dtype=object)
        values[:] = list(tensor.string_val)
        return values.reshape(shape)
    return _tensor_proto_to_array(tensor)


__all__ = sorted(_CLASSES) + ["make_ndarray", "make_tensor_proto"]
