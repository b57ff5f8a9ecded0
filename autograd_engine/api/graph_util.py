"""``tf.graph_util``: pruning and freezing TensorFlow ``GraphDef`` messages.

>>> import autograd_engine as tf
>>> g = tf.Graph()
>>> with g.as_default():
...     _ = tf.add(tf.constant(1.0, name="a"), 2.0, name="b")
>>> [n.name for n in tf.graph_util.extract_sub_graph(g.as_graph_def(), ["a"]).node]
['a']
"""
from ..train.graph_util import (convert_variables_to_constants, extract_sub_graph,
                                remove_training_nodes)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
# issue 20 (i20h): the rest of tf.graph_util
from ..train.graph_def_import import import_graph_def  # noqa: E402,F401
from ..train.graph_util_extra import (must_run_on_cpu,  # noqa: E402,F401
                                      tensor_shape_from_node_def_name)

__all__ = _exported_names(globals())
