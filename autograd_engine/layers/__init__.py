"""``tf.layers``: TF1's functional layers, built on the public ops and ``get_variable``."""
from .convolutional import average_pooling2d, conv2d, conv2d_transpose, max_pooling2d
from .core import dense, dropout, flatten
from .normalization import batch_normalization

__all__ = ["dense", "dropout", "flatten", "conv2d", "conv2d_transpose", "max_pooling2d",
           "average_pooling2d",
           "batch_normalization"]
from .convolutional_extra import (average_pooling1d, conv1d, max_pooling1d,  # noqa: E402
                                  separable_conv2d)
__all__ += ["conv1d", "max_pooling1d", "average_pooling1d", "separable_conv2d"]
