"""Values made of several tensors (SparseTensor, IndexedSlices): what Session.run and
convert_to_tensor ask of them, so that the client handles every such value in one place.

A composite is fetched as its component tensors and rebuilt into its value type
(``SparseTensorValue``...); it is fed by feeding each component from the parts of the fed value.
"""


class CompositeTensor:
    """Base of graph values made of several tensors.

    Subclasses give ``_component_tensors()`` (the tensors, in a fixed order),
    ``_value_from_components(values)`` (the fetched value from those tensors' values) and
    ``_feed_components(value)`` (the fed value split into one value per component tensor).
    ``_to_dense_tensor()`` is what ``tf.convert_to_tensor`` makes of it (TypeError where TF1
    refuses the conversion).
    """

    __slots__ = ()

    def _component_tensors(self):
        raise NotImplementedError

    def _value_from_components(self, values):
        raise NotImplementedError

    def _feed_components(self, value):
        raise TypeError("A %s cannot be fed." % type(self).__name__)

    def _to_dense_tensor(self):
        raise TypeError("Cannot convert a %s into a Tensor: use the ops made for it (for a "
                        "SparseTensor, tf.sparse.to_dense)." % type(self).__name__)


class OpaqueValue:
    """Base of run-time values that are not arrays (a TensorArray's elements): a plan passes
    them between ops as they are, never copying them between host and device."""

    __slots__ = ()
