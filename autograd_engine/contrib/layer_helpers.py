"""What the contrib.layers modules share: the Xavier initializer, Variables made the contrib
way (also in MODEL_VARIABLES and the layer's ``variables_collections``) and
``outputs_collections``."""
from ..framework import dtypes
from ..framework.graph import GraphKeys, get_default_graph
from ..ops.init_ops import glorot_normal_initializer, glorot_uniform_initializer
from ..ops.variable_scope import get_variable


def xavier_initializer(uniform=True, seed=None, dtype=dtypes.float32):
    """Glorot/Xavier initialization (``tf.contrib.layers.xavier_initializer``): uniform in
    ``[-sqrt(6 / (fan_in + fan_out)), +...]``, or with ``uniform=False`` a truncated normal of
    variance ``2 / (fan_in + fan_out)`` (``tf.glorot_normal_initializer``).

    >>> import autograd_engine as tf
    >>> w = tf.get_variable("w", [3, 4], initializer=tf.contrib.layers.xavier_initializer())
    >>> w.shape.as_list()
    [3, 4]
    """
    make = glorot_uniform_initializer if uniform else glorot_normal_initializer
    return make(seed=seed, dtype=dtypes.as_dtype(dtype))


xavier_initializer_conv2d = xavier_initializer


def layer_variable(name, shape, dtype, initializer, regularizer, trainable, collections):
    """A layer Variable, also in MODEL_VARIABLES and the layer's ``variables_collections``
    (a list, or a dict by variable name, as TF1's contrib)."""
    if isinstance(collections, dict):
        collections = collections.get(name)
    variable = get_variable(name, shape, dtype=dtype, initializer=initializer,
                            regularizer=regularizer, trainable=trainable)
    graph = get_default_graph()
    for key in [GraphKeys.MODEL_VARIABLES] + list(collections or []):
        if variable not in graph.get_collection(key):
            graph.add_to_collection(key, variable)
    return variable


def collect_output(outputs, collections):
    """TF1's ``outputs_collections``: the layer's output added to each."""
    if collections:
        get_default_graph().add_to_collections(collections, outputs)
    return outputs
