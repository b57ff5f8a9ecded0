"""``tf.layers``: TF1's layer classes (``Dense``, ``Conv2D``...) built on the public ops and
``get_variable``, and the functional forms, each building its class and applying it once."""
from . import experimental
from .base import InputSpec, Layer
from .convolutional import (Conv1D, Conv2D, Conv2DTranspose, Conv3D, Conv3DTranspose, conv1d,
                            conv2d, conv2d_transpose, conv3d, conv3d_transpose)
from .core import Dense, Dropout, Flatten, dense, dropout, flatten
from .normalization import BatchNormalization, batch_normalization
from .pooling import (AveragePooling1D, AveragePooling2D, AveragePooling3D, MaxPooling1D,
                      MaxPooling2D, MaxPooling3D, average_pooling1d, average_pooling2d,
                      average_pooling3d, max_pooling1d, max_pooling2d, max_pooling3d)
from .separable import SeparableConv1D, SeparableConv2D, separable_conv1d, separable_conv2d

__all__ = ["AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "BatchNormalization",
           "Conv1D", "Conv2D", "Conv2DTranspose", "Conv3D", "Conv3DTranspose", "Dense",
           "Dropout", "Flatten", "InputSpec", "Layer", "MaxPooling1D", "MaxPooling2D",
           "MaxPooling3D", "SeparableConv1D", "SeparableConv2D", "average_pooling1d",
           "average_pooling2d", "average_pooling3d", "batch_normalization", "conv1d", "conv2d",
           "conv2d_transpose", "conv3d", "conv3d_transpose", "dense", "dropout", "experimental",
           "flatten", "max_pooling1d", "max_pooling2d", "max_pooling3d", "separable_conv1d",
           "separable_conv2d"]
