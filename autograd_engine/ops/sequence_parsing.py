"""``SequenceExample`` parsing (``parse_sequence_example``, ``parse_single_sequence_example``)
and ``SparseFeature`` in ``parse_example``, as TF1.

A SequenceExample's context is an Example's features: it is parsed by ``parse_example``
itself (the ``SequenceExampleParts`` op hands it on as Example bytes). Its feature lists
become, per ``FixedLenSequenceFeature``, a dense ``[steps] + shape`` tensor
(``[batch, longest] + shape`` padded, with each example's length), per ``VarLenFeature`` a
SparseTensor [steps, longest step] ([batch, steps, longest step]).

>>> import autograd_engine as tf
>>> example = tf.train.SequenceExample(feature_lists=tf.train.FeatureLists(feature_list={
...     "ids": tf.train.FeatureList(feature=[
...         tf.train.Feature(int64_list=tf.train.Int64List(value=[v])) for v in (4, 5)])}))
>>> _, lists = tf.io.parse_single_sequence_example(
...     example.SerializeToString(),
...     sequence_features={"ids": tf.io.FixedLenSequenceFeature([], tf.int64)})
>>> tf.Session().run(lists["ids"]).tolist()
[4, 5]
"""
import collections

import numpy as np

from ..framework import dtypes
from ..framework.graph import name_scope
from ..framework.tensor_shape import TensorShape, as_shape
from . import parsing_ops
from .concat_split_ops import concat
from .constant_op import convert_to_tensor, stack
from .example_proto import Example, Features, SequenceExample
from .op_samples import OpSample
from .parsing_ops import FixedLenSequenceFeature, VarLenFeature
from .registry import OpDef, make_op, register
from .sparse_ops import sparse_reorder
from .sparse_tensor import SparseTensor
from .string_family import run_error, string_array, string_input

_LISTS = {"int64": ("int64_list", "int64"), "float32": ("float_list", "float"),
          "string": ("bytes_list", "string")}


class SparseFeature(collections.namedtuple(
        "SparseFeature", ["index_key", "value_key", "dtype", "size", "already_sorted"])):
    """A sparse feature stored as an index feature (or several, one per dimension) and a value
    feature of the same length: ``parse_example`` gives a SparseTensor [batch, size] (TF1's
    ``tf.io.SparseFeature``)."""
    __slots__ = ()

    def __new__(cls, index_key, value_key, dtype, size, already_sorted=False):
        return super().__new__(cls, index_key, value_key, dtype, size, already_sorted)


def _step_values(op, feature, key, dtype, example, step):
    kind = feature.WhichOneof("kind")
    if kind is None:
        return []
    wanted, wanted_name = _LISTS[dtype.name]
    if kind != wanted:
        raise run_error(op, "Name: <unknown>, Feature list: %s, Index: %d, Step: %d.  Data "
                        "types don't match. Expected type: %s" % (key, example, step,
                                                                 wanted_name))
    return list(getattr(feature, kind).value)


def _values_array(values, dtype):
    if dtype == dtypes.string:
        return string_array(values) if values else np.empty(0, dtype=object)
    return np.asarray(values, dtype=dtype.np_dtype)


class SequenceExamplePartsOp(OpDef):
    """Outputs: the contexts as serialized Examples (the input's shape); per sparse feature
    list (indices, values, dense_shape); per dense one (values, lengths)."""
    type_name = "SequenceExampleParts"
    differentiable = False
    host_only = True

    def infer(self, op):
        single = op.attrs["single"]
        batch = [] if single else [op.inputs[0].shape.with_rank(1)[0].value]
        outputs = [(dtypes.string, TensorShape(batch))]
        for dtype in op.attrs["sparse_types"]:
            rank = len(batch) + 2
            outputs += [(dtypes.int64, TensorShape([None, rank])), (dtype, TensorShape([None])),
                        (dtypes.int64, TensorShape([rank]))]
        for dtype, shape in zip(op.attrs["dense_types"], op.attrs["dense_shapes"]):
            outputs += [(dtype, TensorShape(batch + [None] + list(shape))),
                        (dtypes.int64, TensorShape(batch))]
        return outputs

    def kernel(self, op, ctx):
        attrs = op.attrs

        def parse(serialized):
            examples = parsing_ops.decode_records(op, serialized, SequenceExample)
            contexts = np.array([Example(features=Features(feature=e.context.feature))
                                 .SerializeToString() for e in examples] or [], dtype=object)
            outputs = [contexts[0] if attrs["single"] else contexts]
            for key, dtype in zip(attrs["sparse_keys"], attrs["sparse_types"]):
                outputs += self._sparse(op, examples, key, dtype)
            for key, dtype, shape, allow_missing, pad in zip(
                    attrs["dense_keys"], attrs["dense_types"], attrs["dense_shapes"],
                    attrs["dense_allow_missing"], attrs["dense_pads"]):
                outputs += self._dense(op, examples, key, dtype, shape, allow_missing, pad)
            return tuple(outputs)
        return parse

    @staticmethod
    def _sparse(op, examples, key, dtype):
        indices, values, steps, longest = [], [], 0, 0
        for b, example in enumerate(examples):
            feature_list = example.feature_lists.feature_list.get(key)
            features = [] if feature_list is None else feature_list.feature
            steps = max(steps, len(features))
            for t, feature in enumerate(features):
                found = _step_values(op, feature, key, dtype, b, t)
                indices += [[b, t, k] for k in range(len(found))]
                values += found
                longest = max(longest, len(found))
        indices = np.asarray(indices, np.int64).reshape(-1, 3)
        shape = np.array([len(examples), steps, longest], np.int64)
        if op.attrs["single"]:
            indices, shape = indices[:, 1:], shape[1:]
        return [indices, _values_array(values, dtype), shape]

    @staticmethod
    def _dense(op, examples, key, dtype, shape, allow_missing, pad):
        size = int(np.prod(shape, dtype=np.int64))
        per_example = []
        for b, example in enumerate(examples):
            feature_list = example.feature_lists.feature_list.get(key)
            if feature_list is None and not allow_missing:
                raise run_error(op, "Name: <unknown>, Feature list '%s' is required but could "
                                "not be found.  Did you mean to include it in "
                                "feature_list_dense_missing_assumed_empty or "
                                "feature_list_dense_defaults?" % key)
            steps = []
            for t, feature in enumerate([] if feature_list is None else feature_list.feature):
                found = _step_values(op, feature, key, dtype, b, t)
                if len(found) != size:
                    raise run_error(op, "Name: <unknown>, Key: %s, Index: %d.  Number of %s "
                                    "values != expected.  values size: %d but output shape: "
                                    "[%s]" % (key, t, _LISTS[dtype.name][1], len(found),
                                              ",".join(str(d) for d in shape)))
                steps.append(found)
            per_example.append(steps)
        longest = max((len(steps) for steps in per_example), default=0)
        out = np.empty((len(examples), longest) + tuple(shape), dtype=dtype.np_dtype)
        out[...] = pad
        for b, steps in enumerate(per_example):
            if steps:
                out[b, :len(steps)] = _values_array(sum(steps, []), dtype).reshape(
                    (len(steps),) + tuple(shape))
        lengths = np.array([len(steps) for steps in per_example], np.int64)
        return [out[0], lengths[0]] if op.attrs["single"] else [out, lengths]

    def samples(self, rng):
        example = SequenceExample()
        ids = example.feature_lists.feature_list["ids"].feature
        for v in (4, 5):
            ids.add().int64_list.value.append(v)
        records = string_array([example.SerializeToString()] * 2)
        attrs = {"single": False, "sparse_keys": ("ids",), "sparse_types": (dtypes.int64,),
                 "dense_keys": ("ids",), "dense_types": (dtypes.int64,), "dense_shapes": ((),),
                 "dense_allow_missing": (False,), "dense_pads": (0,)}
        return [OpSample(lambda s: make_op(self.type_name, (s,), attrs).outputs[1:], records,
                         reference=lambda s: [
                             np.array([[0, 0, 0], [0, 1, 0], [1, 0, 0], [1, 1, 0]], np.int64),
                             np.array([4, 5, 4, 5], np.int64), np.array([2, 2, 1], np.int64),
                             np.array([[4, 5], [4, 5]], np.int64), np.array([2, 2], np.int64)])]


register(SequenceExamplePartsOp)


def _sequence_specs(sequence_features):
    sparse, dense = [], []
    for key in sorted(sequence_features or {}):
        spec = sequence_features[key]
        dtype = dtypes.as_dtype(spec.dtype)
        if dtype.name not in _LISTS:
            raise ValueError("Unsupported dtype %s for feature list %s: int64, float32 and "
                             "string are read." % (dtype.name, key))
        if isinstance(spec, VarLenFeature):
            sparse.append((key, dtype))
        elif isinstance(spec, FixedLenSequenceFeature):
            shape = as_shape(spec.shape).as_tuple()
            if shape is None or None in shape:
                raise ValueError("FixedLenSequenceFeature %s needs a fully defined shape, got "
                                 "%s" % (key, spec.shape))
            pad = (b"" if dtype == dtypes.string else 0) if spec.default_value is None else \
                np.reshape(spec.default_value, -1)[0]
            dense.append((key, dtype, shape, bool(spec.allow_missing), pad))
        else:
            raise ValueError("Invalid sequence feature %s: %r (use FixedLenSequenceFeature or "
                             "VarLenFeature)" % (key, spec))
    return sparse, dense


def _parse_sequence(serialized, context_features, sequence_features, name, single):
    if not context_features and not sequence_features:
        raise ValueError("Missing features: context_features and sequence_features are both "
                         "empty.")
    tensor = string_input(serialized, "ParseSequenceExample", "serialized")
    if single and tensor.shape.ndims not in (None, 0):
        raise ValueError("parse_single_sequence_example takes one serialized example (a "
                         "scalar), got shape %s" % tensor.shape)
    sparse, dense = _sequence_specs(sequence_features)
    with name_scope(name, "ParseSequenceExample", [tensor]):
        outputs = make_op("SequenceExampleParts", (tensor,), {
            "single": single, "sparse_keys": tuple(k for k, _ in sparse),
            "sparse_types": tuple(t for _, t in sparse),
            "dense_keys": tuple(d[0] for d in dense), "dense_types": tuple(d[1] for d in dense),
            "dense_shapes": tuple(d[2] for d in dense),
            "dense_allow_missing": tuple(d[3] for d in dense),
            "dense_pads": tuple(d[4] for d in dense)}).outputs
        context = {}
        if context_features:
            parse = parsing_ops.parse_single_example if single else parsing_ops.parse_example
            context = parse(outputs[0], context_features)
        lists, lengths = {}, {}
        for i, (key, _) in enumerate(sparse):
            lists[key] = SparseTensor(*outputs[1 + 3 * i:4 + 3 * i])
        for i, d in enumerate(dense):
            lists[d[0]], lengths[d[0]] = outputs[1 + 3 * len(sparse) + 2 * i:3 + 3 * len(
                sparse) + 2 * i]
    return context, lists, lengths


def parse_single_sequence_example(serialized, context_features=None, sequence_features=None,
                                  example_name=None, name=None):
    """One serialized SequenceExample (a string scalar) as (context, feature_lists): dicts of
    tensors for ``context_features`` (as ``parse_single_example``) and ``sequence_features``
    (FixedLenSequenceFeature: ``[steps] + shape``; VarLenFeature: SparseTensor
    [steps, longest step])."""
    context, lists, _ = _parse_sequence(serialized, context_features, sequence_features, name,
                                        single=True)
    return context, lists


def parse_sequence_example(serialized, context_features=None, sequence_features=None,
                           example_names=None, name=None):
    """A batch of serialized SequenceExamples as (context, feature_lists, lengths): the
    context as ``parse_example``, FixedLenSequenceFeature lists as
    ``[batch, longest] + shape`` padded with zeros (their lengths in ``lengths``),
    VarLenFeature lists as SparseTensors [batch, steps, longest step].

    >>> import autograd_engine as tf
    >>> spec = {"ids": tf.io.FixedLenSequenceFeature([], tf.int64)}
    >>> _, lists, lengths = tf.io.parse_sequence_example(tf.placeholder(tf.string, [None]),
    ...                                                  sequence_features=spec)
    >>> lists["ids"].shape.as_list(), lengths["ids"].shape.as_list()
    ([None, None], [None])
    """
    return _parse_sequence(serialized, context_features, sequence_features, name, single=False)


# ------------------------------------------------------------------ SparseFeature
def _split_sparse_features(features):
    """``features`` with each SparseFeature replaced by VarLenFeatures of its keys."""
    plain, sparse = {}, {}
    for key, spec in (features or {}).items():
        if isinstance(spec, SparseFeature):
            index_keys = [spec.index_key] if isinstance(spec.index_key, str) else \
                list(spec.index_key)
            sizes = [spec.size] if isinstance(spec.index_key, str) else list(spec.size)
            if len(sizes) != len(index_keys):
                raise ValueError("SparseFeature %s: one size per index key, got %s for %s"
                                 % (key, sizes, index_keys))
            for index_key in index_keys:
                plain[index_key] = VarLenFeature(dtypes.int64)
            plain[spec.value_key] = VarLenFeature(spec.dtype)
            sparse[key] = (index_keys, spec.value_key, sizes, spec.already_sorted)
        else:
            plain[key] = spec
    return plain, sparse


def _merge(parsed, features, sparse, single):
    """The parsed dict with each SparseFeature's SparseTensor ``[batch] + size`` made from its
    keys' values (which leave the dict unless asked for themselves)."""
    for key, (index_keys, value_key, sizes, already_sorted) in sparse.items():
        values = parsed[value_key]
        columns = [parsed[k].values for k in index_keys]
        if not single:
            columns.insert(0, values.indices[:, 0])
        indices = stack(columns, axis=1)
        dense_shape = convert_to_tensor(np.array(sizes, np.int64))
        if not single:
            dense_shape = concat([values.dense_shape[:1], dense_shape], 0)
        merged = SparseTensor(indices, values.values, dense_shape)
        parsed[key] = merged if already_sorted else sparse_reorder(merged)
    return {key: value for key, value in parsed.items() if key in features}


def parse_example(serialized, features, name=None, example_names=None):
    """``parsing_ops.parse_example`` that also reads :class:`SparseFeature` specs (TF1's
    ``tf.parse_example``; see there).

    >>> import autograd_engine as tf
    >>> spec = {"sp": tf.io.SparseFeature("ix", "val", tf.float32, 5)}
    >>> tf.io.parse_example(tf.placeholder(tf.string, [None]), spec)["sp"].dense_shape.shape
    TensorShape([Dimension(2)])
    """
    plain, sparse = _split_sparse_features(features)
    return _merge(parsing_ops.parse_example(serialized, plain, name, example_names), features,
                  sparse, single=False)


def parse_single_example(serialized, features, name=None, example_names=None):
    """``parsing_ops.parse_single_example`` that also reads :class:`SparseFeature` specs."""
    plain, sparse = _split_sparse_features(features)
    return _merge(parsing_ops.parse_single_example(serialized, plain, name, example_names),
                  features, sparse, single=True)


__all__ = ["SparseFeature", "parse_example", "parse_single_example",
           "parse_sequence_example", "parse_single_sequence_example"]
