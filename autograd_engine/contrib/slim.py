"""``tf.contrib.slim``: TF-Slim's layers and argument scopes, which are contrib.layers' and
contrib.framework's (``slim.conv2d``, ``slim.fully_connected``, ``slim.arg_scope``...)."""
from .arg_scope import add_arg_scope, arg_scope  # noqa: F401
from .layers import (avg_pool2d, batch_norm, bias_add, conv2d, dropout,  # noqa: F401
                     embed_sequence, flatten, fully_connected, l1_regularizer, l2_regularizer,
                     layer_norm, linear, max_pool2d, one_hot_encoding, repeat, stack,
                     variance_scaling_initializer, xavier_initializer)
