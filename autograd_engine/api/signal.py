"""``tf.signal`` (and its TF1 alias ``tf.spectral``): the Fourier transforms of
:mod:`~autograd_engine.ops.fft_ops` and the framing, window, STFT, DCT/MDCT and mel functions of
:mod:`~autograd_engine.ops.signal_ops` (issue 20, i20c).

>>> import autograd_engine as tf
>>> tf.spectral.rfft is tf.signal.rfft
True
"""
from ..ops.fft_ops import (fft, fft2d, fft3d, fftnd, ifft, ifft2d, ifft3d, ifftnd, irfft,
                           irfft2d, irfft3d, irfftnd, rfft, rfft2d, rfft3d, rfftnd)
from ..ops.signal_ops import (dct, fftshift, frame, hamming_window, hann_window, idct,
                              ifftshift, inverse_mdct, inverse_stft, inverse_stft_window_fn,
                              kaiser_bessel_derived_window, kaiser_window,
                              linear_to_mel_weight_matrix, mdct, mfccs_from_log_mel_spectrograms,
                              overlap_and_add, stft, vorbis_window)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
