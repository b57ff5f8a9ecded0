"""Parsing serialized ``tf.train.Example`` protos into tensors, as TF1's ``tf.parse_example``
and ``tf.parse_single_example`` (also ``tf.io.*``), with the feature specs
:class:`FixedLenFeature`, :class:`VarLenFeature` (a SparseTensor) and
:class:`FixedLenSequenceFeature` (``allow_missing=True``: a padded dense tensor), and TF1's
error messages for a missing required feature, a wrong type or a wrong count.

>>> import autograd_engine as tf
>>> record = tf.train.Example(features=tf.train.Features(feature={
...     "x": tf.train.Feature(float_list=tf.train.FloatList(value=[1.5, 2.0]))}))
>>> parsed = tf.parse_single_example(record.SerializeToString(),
...                                  {"x": tf.FixedLenFeature([2], tf.float32)})
>>> tf.Session().run(parsed["x"]).tolist()
[1.5, 2.0]
"""
import collections

import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape, as_shape
from .example_proto import BytesList, Example, Feature, Features, FloatList, Int64List
from .op_samples import OpSample
from .registry import OpDef, make_op, register
from .sparse_tensor import SparseTensor
from .string_family import run_error, string_array, string_input


class FixedLenFeature(collections.namedtuple("FixedLenFeature",
                                             ["shape", "dtype", "default_value"])):
    """A feature with a fixed number of values, parsed to a dense tensor of ``shape``;
    ``default_value`` is used when an example lacks it (else the feature is required)."""
    __slots__ = ()

    def __new__(cls, shape, dtype, default_value=None):
        return super().__new__(cls, shape, dtype, default_value)


class FixedLenSequenceFeature(collections.namedtuple(
        "FixedLenSequenceFeature", ["shape", "dtype", "allow_missing", "default_value"])):
    """A feature with any number of values, each item of ``shape``, parsed to a dense tensor
    padded with ``default_value`` (zeros by default) to the longest example's count."""
    __slots__ = ()

    def __new__(cls, shape, dtype, allow_missing=False, default_value=None):
        return super().__new__(cls, shape, dtype, allow_missing, default_value)


class VarLenFeature(collections.namedtuple("VarLenFeature", ["dtype"])):
    """A feature with any number of values, parsed to a SparseTensor ``[batch, count]``."""
    __slots__ = ()


_KINDS = {"int64": ("int64_list", "int64"), "float32": ("float_list", "float"),
          "string": ("bytes_list", "string")}
_KIND_NAMES = {"int64_list": "int64", "float_list": "float", "bytes_list": "string"}


def _feature_values(op, features, key, dtype, index):
    """The values of feature ``key`` in one example as a list, or None when it is absent."""
    feature = features.get(key)
    if feature is None:
        return None
    kind = feature.WhichOneof("kind")
    if kind is None:
        return []
    wanted, wanted_name = _KINDS[dtype.name]
    if kind != wanted:
        raise run_error(op, "Name: <unknown>, Key: %s, Index: %d.  Data types don't match. "
                        "Data type: %s but expected type: %s"
                        % (key, index, _KIND_NAMES[kind], wanted_name))
    return list(getattr(feature, kind).value)


def _as_array(values, dtype):
    if dtype == dtypes.string:
        return string_array(values) if len(values) else np.empty(0, dtype=object)
    return np.asarray(values, dtype=dtype.np_dtype)


class ParseExampleOp(OpDef):
    """Outputs: for each sparse key its (indices, values, dense_shape), then each dense key's
    value. ``single``: one serialized example (a scalar) and no batch dimension."""
    type_name = "ParseExample"
    differentiable = False
    host_only = True

    def infer(self, op):
        batch = [] if op.attrs["single"] else [op.inputs[0].shape.with_rank(1)[0].value]
        rank = len(batch) + 1
        outputs = []
        for dtype in op.attrs["sparse_types"]:
            outputs += [(dtypes.int64, TensorShape([None, rank])), (dtype, TensorShape([None])),
                        (dtypes.int64, TensorShape([rank]))]
        for dtype, shape, sequence in zip(op.attrs["dense_types"], op.attrs["dense_shapes"],
                                          op.attrs["dense_sequence"]):
            outputs.append((dtype, TensorShape(batch + ([None] if sequence else []) +
                                               list(shape))))
        return outputs

    def kernel(self, op, ctx):
        attrs = op.attrs

        def parse(serialized):
            examples = [example.features.feature
                        for example in decode_records(op, serialized, Example)]
            outputs = []
            for key, dtype in zip(attrs["sparse_keys"], attrs["sparse_types"]):
                outputs += _sparse_output(op, examples, key, dtype, attrs["single"])
            for key, dtype, shape, default, sequence in zip(
                    attrs["dense_keys"], attrs["dense_types"], attrs["dense_shapes"],
                    attrs["dense_defaults"], attrs["dense_sequence"]):
                value = (_sequence_output if sequence else _dense_output)(
                    op, examples, key, dtype, shape, default)
                outputs.append(value[0] if attrs["single"] else value)
            # a kernel returns its only output itself, several as a tuple
            return outputs[0] if len(outputs) == 1 else tuple(outputs)
        return parse

    def samples(self, rng):
        """A dense int64 and float feature with a default, a VarLen string feature and a
        padded sequence feature, batched and single."""
        records = string_array([_sample_record(i) for i in range(3)])
        spec = {"id": FixedLenFeature([], dtypes.int64),
                "point": FixedLenFeature([2], dtypes.float32, default_value=[0.0, -1.0]),
                "tags": VarLenFeature(dtypes.string),
                "scores": FixedLenSequenceFeature([], dtypes.float32, allow_missing=True)}

        def flat(parsed):
            out = []
            for key in sorted(parsed):
                value = parsed[key]
                out += [value.indices, value.values, value.dense_shape] \
                    if isinstance(value, SparseTensor) else [value]
            return out
        batch_expected = [
            np.array([0, 10, 20]), np.array([[0.0, -1.0], [1.0, 1.5], [0.0, -1.0]], np.float32),
            np.array([[0.0, 0.0], [0.5, 0.0], [0.5, 1.0]], np.float32),
            np.array([[1, 0], [2, 0], [2, 1]]), string_array(["t0", "t0", "t1"]),
            np.array([3, 2])]
        return [OpSample(lambda s: flat(parse_example(s, spec)), records,
                         reference=lambda s: batch_expected),
                OpSample(lambda s: flat(parse_single_example(s, spec)), records[1],
                         reference=lambda s: [np.array(10), np.array([1.0, 1.5], np.float32),
                                              np.array([0.5], np.float32),
                                              np.array([[0]]), string_array(["t0"]),
                                              np.array([1])])]


def _sample_record(i):
    feature = {"id": Feature(int64_list=Int64List(value=[10 * i])),
               "tags": Feature(bytes_list=BytesList(value=[b"t%d" % k for k in range(i)])),
               "scores": Feature(float_list=FloatList(value=[0.5 * k for k in range(1, i + 1)]))}
    if i == 1:
        feature["point"] = Feature(float_list=FloatList(value=[1.0, 1.5]))
    return Example(features=Features(feature=feature)).SerializeToString(deterministic=True)


register(ParseExampleOp)


def decode_records(op, serialized, message_type):
    """Each serialized record parsed as ``message_type``; a record that is not one is a run
    error quoting its first bytes, as TF's."""
    messages = []
    for record in np.asarray(serialized, dtype=object).reshape(-1):
        try:
            messages.append(message_type.FromString(record))
        except Exception:  # the runtime's DecodeError: not this message
            raise run_error(op, "Could not parse example input, value: '%s'"
                            % record[:64].decode("latin-1")) from None
    return messages


def _sparse_output(op, examples, key, dtype, single):
    indices, values = [], []
    longest = 0
    for b, features in enumerate(examples):
        found = _feature_values(op, features, key, dtype, b) or []
        indices += [[k] if single else [b, k] for k in range(len(found))]
        values += found
        longest = max(longest, len(found))
    rank = 1 if single else 2
    return [np.asarray(indices, dtype=np.int64).reshape(-1, rank), _as_array(values, dtype),
            np.asarray([longest] if single else [len(examples), longest], dtype=np.int64)]


def _missing(op, key, dtype):
    return run_error(op, "Name: <unknown>, Feature: %s (data type: %s) is required but could "
                     "not be found." % (key, _KINDS[dtype.name][1]))


def _dense_output(op, examples, key, dtype, shape, default):
    size = int(np.prod(shape, dtype=np.int64))
    out = np.empty((len(examples),) + tuple(shape), dtype=dtype.np_dtype)
    for b, features in enumerate(examples):
        found = _feature_values(op, features, key, dtype, b)
        if found is None:
            if default is None:
                raise _missing(op, key, dtype)
            out[b, ...] = default  # element-wise: an object array must not hold arrays
            continue
        if len(found) != size:
            raise run_error(op, "Name: <unknown>, Key: %s, Index: %d.  Number of %s values != "
                            "expected.  Values size: %d but output shape: [%s]"
                            % (key, b, _KINDS[dtype.name][1], len(found),
                               ",".join(str(d) for d in shape)))
        out[b, ...] = _as_array(found, dtype).reshape(shape)
    return out


def _sequence_output(op, examples, key, dtype, shape, default):
    item = int(np.prod(shape, dtype=np.int64))
    found = []
    for b, features in enumerate(examples):
        values = _feature_values(op, features, key, dtype, b)
        values = values or []
        if item and len(values) % item:
            raise run_error(op, "Name: <unknown>, Key: %s, Index: %d.  Number of %s values is "
                            "not a multiple of stride length. Saw %d values but output shape "
                            "is: [?,%s]" % (key, b, _KINDS[dtype.name][1], len(values),
                                            ",".join(str(d) for d in shape)))
        found.append(values)
    longest = max((len(v) // item for v in found), default=0) if item else 0
    pad = (b"" if dtype == dtypes.string else 0) if default is None else default
    out = np.empty((len(examples), longest) + tuple(shape), dtype=dtype.np_dtype)
    out[...] = pad
    for b, values in enumerate(found):
        count = len(values) // item if item else 0
        if count:
            out[b, :count] = _as_array(values, dtype).reshape((count,) + tuple(shape))
    return out


def _parse(serialized, features, name, single):
    if not features:
        raise ValueError("Missing: features was %s." % features)
    tensor = string_input(serialized, "ParseExample", "serialized")
    sparse_keys, sparse_types = [], []
    dense = []
    for key in sorted(features):
        spec = features[key]
        dtype = dtypes.as_dtype(spec.dtype)
        if dtype.name not in _KINDS:
            raise ValueError("Unsupported dtype %s for feature %s: parse_example reads int64, "
                             "float32 and string." % (dtype.name, key))
        if isinstance(spec, VarLenFeature):
            sparse_keys.append(key)
            sparse_types.append(dtype)
        elif isinstance(spec, (FixedLenFeature, FixedLenSequenceFeature)):
            shape = as_shape(spec.shape).as_tuple()
            if shape is None or None in shape:
                raise ValueError("%s %s needs a fully defined shape, got %s"
                                 % (type(spec).__name__, key, spec.shape))
            sequence = isinstance(spec, FixedLenSequenceFeature)
            if sequence and not spec.allow_missing:
                raise ValueError("Unsupported: FixedLenSequenceFeature requires allow_missing "
                                 "to be True (feature %s)." % key)
            default = None
            if spec.default_value is not None:
                default = _as_array(np.reshape(spec.default_value, -1).tolist(), dtype)
                # a sequence pads with a scalar (TF1: "Scalar value to be used to pad")
                default = default.reshape(() if sequence else shape)
            dense.append((key, dtype, shape, default, sequence))
        else:
            raise ValueError("Invalid feature %s: %r (use FixedLenFeature, VarLenFeature or "
                             "FixedLenSequenceFeature)" % (key, spec))
    attrs = {"single": single, "sparse_keys": tuple(sparse_keys),
             "sparse_types": tuple(sparse_types),
             "dense_keys": tuple(d[0] for d in dense), "dense_types": tuple(d[1] for d in dense),
             "dense_shapes": tuple(d[2] for d in dense),
             "dense_defaults": tuple(d[3] for d in dense),
             "dense_sequence": tuple(d[4] for d in dense)}
    if single and tensor.shape.ndims not in (None, 0):
        raise ValueError("parse_single_example takes one serialized example (a scalar), got "
                         "shape %s" % tensor.shape)
    op = make_op("ParseExample", (tensor,), attrs, name or "ParseExample")
    outputs = list(op.outputs)
    result = {}
    for i, key in enumerate(sparse_keys):
        result[key] = SparseTensor(*outputs[3 * i:3 * i + 3])
    for i, d in enumerate(dense):
        result[d[0]] = outputs[3 * len(sparse_keys) + i]
    return result


def parse_example(serialized, features, name=None, example_names=None):
    """Parses a batch of serialized Examples (a string vector) into a dict of tensors, one per
    key of ``features``: dense ``[batch] + shape`` tensors for FixedLenFeature, padded
    ``[batch, count] + shape`` ones for FixedLenSequenceFeature, SparseTensors for
    VarLenFeature (TF1's ``tf.parse_example``)."""
    return _parse(serialized, features, name, single=False)


def parse_single_example(serialized, features, name=None, example_names=None):
    """Parses one serialized Example (a string scalar): :func:`parse_example` without the batch
    dimension (TF1's ``tf.parse_single_example``)."""
    return _parse(serialized, features, name, single=True)


__all__ = ["FixedLenFeature", "FixedLenSequenceFeature", "VarLenFeature", "parse_example",
           "parse_single_example"]
