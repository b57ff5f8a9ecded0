"""``tf.spectral``: TF1's older name for the transforms and DCTs of ``tf.signal`` (the same
functions).

>>> import autograd_engine as tf
>>> tf.spectral.dct is tf.signal.dct
True
"""
from .signal import (dct, fft, fft2d, fft3d, idct, ifft, ifft2d, ifft3d, irfft, irfft2d,
                     irfft3d, rfft, rfft2d, rfft3d)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
