"""``tf.lookup.experimental``: the tables that change while the graph runs."""
from ..ops.mutable_tables import DenseHashTable, MutableHashTable
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
