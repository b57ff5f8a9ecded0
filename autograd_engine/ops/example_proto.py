"""TF's ``Example`` protocol buffers (``tf.train.Example``, ``Features``, ``Feature``,
``BytesList``, ``FloatList``, ``Int64List``, ``FeatureList``, ``FeatureLists``,
``SequenceExample``), built with the protobuf runtime from the same message definitions as
TensorFlow's ``example.proto`` and ``feature.proto`` (package ``tensorflow``, proto3), so they
serialize to the same bytes and parse TF's: ``SerializeToString``, ``FromString``,
``ParseFromString`` and field access as in TF
(``example.features.feature["x"].int64_list.value``).

The definitions are written here as a ``FileDescriptorProto`` rather than generated code: the
``tensorboard`` package ships TF's other protos but not these, and this needs no compiler.

>>> example = Example(features=Features(feature={
...     "label": Feature(int64_list=Int64List(value=[3]))}))
>>> Example.FromString(example.SerializeToString()).features.feature["label"].int64_list.value
[3]
"""
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

_FILE = "autograd_engine/tensorflow/core/example/example.proto"
_PACKAGE = "tensorflow"
_FieldProto = descriptor_pb2.FieldDescriptorProto


def _field(message, name, number, field_type, label=_FieldProto.LABEL_OPTIONAL,
           type_name=None, oneof=None):
    field = message.field.add(name=name, number=number, type=field_type, label=label)
    if type_name:
        field.type_name = "." + _PACKAGE + "." + type_name
    if oneof is not None:
        field.oneof_index = oneof
    field.json_name = "".join(p.capitalize() if i else p for i, p in enumerate(name.split("_")))
    return field


def _map_field(message, name, number, value_type):
    """A ``map<string, value_type>`` field: a nested entry message, as protoc writes it."""
    entry_name = "".join(p.capitalize() for p in name.split("_")) + "Entry"
    entry = message.nested_type.add(name=entry_name)
    entry.options.map_entry = True
    _field(entry, "key", 1, _FieldProto.TYPE_STRING)
    _field(entry, "value", 2, _FieldProto.TYPE_MESSAGE, type_name=value_type)
    _field(message, name, number, _FieldProto.TYPE_MESSAGE, _FieldProto.LABEL_REPEATED,
           "%s.%s" % (message.name, entry_name))


def _file_descriptor():
    proto = descriptor_pb2.FileDescriptorProto(name=_FILE, package=_PACKAGE, syntax="proto3")
    repeated = _FieldProto.LABEL_REPEATED
    for name, field_type in (("BytesList", _FieldProto.TYPE_BYTES),
                             ("FloatList", _FieldProto.TYPE_FLOAT),
                             ("Int64List", _FieldProto.TYPE_INT64)):
        message = proto.message_type.add(name=name)
        field = _field(message, "value", 1, field_type, repeated)
        if field_type != _FieldProto.TYPE_BYTES:
            field.options.packed = True  # as TF's feature.proto says explicitly
    feature = proto.message_type.add(name="Feature")
    feature.oneof_decl.add(name="kind")
    for number, (name, type_name) in enumerate((("bytes_list", "BytesList"),
                                                ("float_list", "FloatList"),
                                                ("int64_list", "Int64List")), start=1):
        _field(feature, name, number, _FieldProto.TYPE_MESSAGE, type_name=type_name, oneof=0)
    _map_field(proto.message_type.add(name="Features"), "feature", 1, "Feature")
    _field(proto.message_type.add(name="FeatureList"), "feature", 1, _FieldProto.TYPE_MESSAGE,
           repeated, "Feature")
    _map_field(proto.message_type.add(name="FeatureLists"), "feature_list", 1, "FeatureList")
    _field(proto.message_type.add(name="Example"), "features", 1, _FieldProto.TYPE_MESSAGE,
           type_name="Features")
    sequence = proto.message_type.add(name="SequenceExample")
    _field(sequence, "context", 1, _FieldProto.TYPE_MESSAGE, type_name="Features")
    _field(sequence, "feature_lists", 2, _FieldProto.TYPE_MESSAGE, type_name="FeatureLists")
    return proto


def _message_classes():
    # A pool of our own: TF's classes (when TF is imported too) live in the default pool
    # under the same full names.
    pool = descriptor_pool.DescriptorPool()
    pool.Add(_file_descriptor())
    names = ("BytesList", "FloatList", "Int64List", "Feature", "Features", "FeatureList",
             "FeatureLists", "Example", "SequenceExample")
    # GetMessageClass is protobuf 4.22's; older runtimes have the factory method
    make = getattr(message_factory, "GetMessageClass", None) or \
        message_factory.MessageFactory(pool).GetPrototype
    return [make(pool.FindMessageTypeByName(_PACKAGE + "." + n)) for n in names]


(BytesList, FloatList, Int64List, Feature, Features, FeatureList, FeatureLists, Example,
 SequenceExample) = _message_classes()

__all__ = ["BytesList", "FloatList", "Int64List", "Feature", "Features", "FeatureList",
           "FeatureLists", "Example", "SequenceExample"]
