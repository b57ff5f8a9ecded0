"""``tf.signal`` beyond the transforms themselves (those are :mod:`fft_ops`): fftshift,
framing and overlap-add, the window functions, the short-time Fourier transform and its inverse,
the DCT (types 1-4) and MDCT, the mel filterbank and MFCCs, in TF's definitions.

Everything here is built from existing ops (gather, segment sums, products with a basis matrix,
rfft), so gradients come from theirs. Window and filterbank values that depend only on Python
arguments are computed with numpy, in float64, once while building.

>>> import autograd_engine as tf
>>> frames = tf.signal.frame([1.0, 2.0, 3.0, 4.0, 5.0], frame_length=3, frame_step=2)
>>> with tf.Session() as sess:
...     sess.run(frames).tolist()
[[1.0, 2.0, 3.0], [3.0, 4.0, 5.0]]
"""
import math

import numpy as np

from ..framework import dtypes
from ..framework.graph import name_scope
from .array_ops import reshape, reverse, transpose
from .array_tail import roll
from .concat_split_ops import concat, split
from .constant_op import constant, convert_to_tensor, stack
from .elementwise_binary_ops import maximum
from .elementwise_unary_ops import cast, rsqrt, square
from .fft_ops import irfft, rfft
from .gather_ops import gather, unsorted_segment_sum
from .matmul_ops import matmul
from .op_families import static_value
from .range_ops import range as range_
from .reduction_ops import reduce_sum
from .shape_ops import shape
from .slicing_ops import pad
from .tile_ops import tile


def _length(t, axis):
    """``t``'s length along ``axis``: an int when static, else a scalar int32 tensor."""
    dim = t.shape.as_list()[axis] if t.shape.ndims is not None else None
    return dim if dim is not None else shape(t)[axis]


def _static_int(value, what):
    return int(static_value(value, what))


def _rank_of(t, what):
    if t.shape.ndims is None:
        raise ValueError("%s needs its input's rank known while building" % what)
    return t.shape.ndims


# ================================================================== fftshift
def _shifted(x, axes, sign, name, default_name):
    with name_scope(name, default_name, [x]):
        x = convert_to_tensor(x)
        rank = _rank_of(x, default_name)
        axes = list(range(rank)) if axes is None else \
            [int(a) for a in np.reshape(static_value(axes, "axes"), -1)]
        shifts = [sign * (_length(x, a) // 2) if sign > 0 else -(_length(x, a) // 2)
                  for a in axes]
        if any(not isinstance(s, int) for s in shifts):
            shifts = stack([convert_to_tensor(s, dtype=dtypes.int32) for s in shifts])
        shifted = roll(x, shifts, axes)
        shifted.set_shape(x.shape)  # a roll keeps the shape, whatever the shifts
        return shifted


def fftshift(x, axes=None, name=None):
    """The zero-frequency bin moved to the centre of ``axes`` (all by default): a roll by
    ``n // 2``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.signal.fftshift([0, 1, 2, -2, -1])).tolist()
    [-2, -1, 0, 1, 2]
    """
    return _shifted(x, axes, 1, name, "fftshift")


def ifftshift(x, axes=None, name=None):
    """The inverse of :func:`fftshift`: a roll by ``-(n // 2)``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.signal.ifftshift([-2, -1, 0, 1, 2])).tolist()
    [0, 1, 2, -2, -1]
    """
    return _shifted(x, axes, -1, name, "ifftshift")


# ================================================================== frame, overlap_and_add
def frame(signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1, name=None):
    """Overlapping frames of ``frame_length`` samples, ``frame_step`` apart, along ``axis``:
    that axis becomes two, ``[frames, frame_length]``. With ``pad_end`` the signal is padded
    with ``pad_value`` so that every sample starts a frame's worth of ``frame_step``
    (``ceil(n / frame_step)`` frames); without, only whole frames are kept.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.signal.frame([1, 2, 3, 4], 3, 2, pad_end=True, pad_value=9)).tolist()
    [[1, 2, 3], [3, 4, 9]]
    """
    with name_scope(name, "frame", [signal]):
        signal = convert_to_tensor(signal)
        rank = _rank_of(signal, "frame")
        axis = _static_int(axis, "frame's axis") % rank
        frame_length = _static_int(frame_length, "frame_length")
        frame_step = _static_int(frame_step, "frame_step")
        if frame_length < 0 or frame_step <= 0:
            raise ValueError("frame needs frame_length >= 0 and frame_step > 0, got %d and %d"
                             % (frame_length, frame_step))
        length = _length(signal, axis)
        if pad_end:
            frames = -(-length // frame_step)
            padded = (frames - 1) * frame_step + frame_length
            amount = maximum(padded - length, 0) if not isinstance(length, int) else \
                max(padded - length, 0)
            paddings = [[0, 0]] * rank
            paddings[axis] = [0, amount]
            if not isinstance(amount, int):
                paddings = stack([stack([convert_to_tensor(v, dtype=dtypes.int32)
                                         for v in row]) for row in paddings])
            signal = pad(signal, paddings, constant_values=convert_to_tensor(
                pad_value, dtype=signal.dtype))
        else:
            frames = 1 + (length - frame_length) // frame_step
            frames = max(frames, 0) if isinstance(frames, int) else maximum(frames, 0)
        starts = range_(frames) * frame_step
        indices = reshape(starts, [-1, 1]) + reshape(range_(frame_length), [1, -1])
        return gather(signal, indices, axis=axis)


def overlap_and_add(signal, frame_step, name=None):
    """The frames along the last two axes ``[frames, frame_length]``, each placed
    ``frame_step`` after the previous one and summed where they overlap: a signal of
    ``(frames - 1) * frame_step + frame_length`` samples.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.signal.overlap_and_add([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]], 2)).tolist()
    [1.0, 1.0, 3.0, 2.0, 2.0]
    """
    with name_scope(name, "overlap_and_add", [signal]):
        signal = convert_to_tensor(signal)
        rank = _rank_of(signal, "overlap_and_add")
        if rank < 2:
            raise ValueError("overlap_and_add needs a signal of rank at least 2, got rank %d"
                             % rank)
        frame_step = _static_int(frame_step, "frame_step")
        frames, frame_length = _length(signal, -2), _length(signal, -1)
        positions = reshape(range_(frames) * frame_step, [-1, 1]) + \
            reshape(range_(frame_length), [1, -1])
        # the frame axes first, so that segment ids can name each sample's output position
        moved = transpose(signal, [rank - 2, rank - 1] + list(range(rank - 2)))
        total = unsorted_segment_sum(moved, positions, (frames - 1) * frame_step + frame_length)
        return transpose(total, list(range(1, rank - 1)) + [0])


# ================================================================== windows
def _window(values, dtype, name):
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError("A window's dtype must be a floating type, got %s" % dtype.name)
    return constant(np.asarray(values, np.float64).astype(dtype.np_dtype), name=name)


def _raised_cosine(window_length, periodic, a, b, dtype, name):
    n = _static_int(window_length, "window_length")
    if n == 1:
        return _window(np.ones(1), dtype, name)
    # TF's rule: ``periodic`` lengthens the period by one for even lengths only
    denominator = n - 1 + (1 if _static_int(periodic, "periodic") and n % 2 == 0 else 0)
    return _window(a - b * np.cos(2 * np.pi * np.arange(n) / denominator), dtype, name)


def hann_window(window_length, periodic=True, dtype=dtypes.float32, name=None):
    """The Hann window ``0.5 - 0.5 cos(2 pi n / N)``, N the length less one (symmetric), or
    with ``periodic`` (for spectral analysis) the length itself when it is even (TF's rule).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.signal.hann_window(4)).tolist()
    [0.0, 0.5, 1.0, 0.5]
    """
    return _raised_cosine(window_length, periodic, 0.5, 0.5, dtype, name or "hann_window")


def hamming_window(window_length, periodic=True, dtype=dtypes.float32, name=None):
    """The Hamming window ``0.54 - 0.46 cos(2 pi n / N)`` (see :func:`hann_window` for N)."""
    return _raised_cosine(window_length, periodic, 0.54, 0.46, dtype, name or "hamming_window")


def _kaiser_values(n, beta):
    if n == 1:
        return np.ones(1)
    half = (n - 1) / 2.0
    ratio = (np.arange(n) - half) / half
    return np.i0(beta * np.sqrt(np.maximum(1 - ratio * ratio, 0.0))) / np.i0(beta)


def kaiser_window(window_length, beta=12.0, dtype=dtypes.float32, name=None):
    """The Kaiser window ``I0(beta sqrt(1 - (2n/(N-1) - 1)^2)) / I0(beta)``.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     [round(v, 4) for v in sess.run(tf.signal.kaiser_window(3, beta=2.0)).tolist()]
    [0.4387, 1.0, 0.4387]
    """
    values = _kaiser_values(_static_int(window_length, "window_length"),
                            float(static_value(beta, "beta")))
    return _window(values, dtype, name or "kaiser_window")


def kaiser_bessel_derived_window(window_length, beta=12.0, dtype=dtypes.float32, name=None):
    """The Kaiser-Bessel-derived window (for the MDCT): the square roots of the normalized
    cumulative sums of a Kaiser window of half the length plus one, mirrored."""
    half = _static_int(window_length, "window_length") // 2
    sums = np.cumsum(_kaiser_values(half + 1, float(static_value(beta, "beta"))))
    rising = np.sqrt(sums[:-1] / sums[-1])
    return _window(np.concatenate([rising, rising[::-1]]), dtype,
                   name or "kaiser_bessel_derived_window")


def vorbis_window(window_length, dtype=dtypes.float32, name=None):
    """The Vorbis power-complementary window ``sin(pi/2 sin^2(pi (n + 1/2) / N))``."""
    n = _static_int(window_length, "window_length")
    values = np.sin(np.pi / 2 * np.sin(np.pi * (np.arange(n) + 0.5) / n) ** 2)
    return _window(values, dtype, name or "vorbis_window")


# ================================================================== stft, inverse_stft
def _default_fft_length(frame_length):
    return 1 << max(int(frame_length) - 1, 0).bit_length()  # the next power of two


def stft(signals, frame_length, frame_step, fft_length=None, window_fn=hann_window,
         pad_end=False, name=None):
    """The short-time Fourier transform: frames of the last axis (:func:`frame`), times
    ``window_fn(frame_length, dtype)``, then ``rfft`` of ``fft_length`` (by default the next
    power of two), shape ``[..., frames, fft_length // 2 + 1]``.

    >>> import autograd_engine as tf
    >>> spectrogram = tf.signal.stft(tf.zeros([2, 64]), frame_length=16, frame_step=8)
    >>> spectrogram.shape.as_list(), spectrogram.dtype
    ([2, 7, 9], tf.complex64)
    """
    with name_scope(name, "stft", [signals]):
        signals = convert_to_tensor(signals)
        frame_length = _static_int(frame_length, "frame_length")
        fft_length = _default_fft_length(frame_length) if fft_length is None else \
            _static_int(fft_length, "fft_length")
        framed = frame(signals, frame_length, frame_step, pad_end=pad_end)
        if window_fn is not None:
            framed = framed * window_fn(frame_length, dtype=signals.dtype)
        return rfft(framed, [fft_length])


def inverse_stft(stfts, frame_length, frame_step, fft_length=None, window_fn=hann_window,
                 name=None):
    """The inverse of :func:`stft`: ``irfft`` of each frame, cut or zero-padded to
    ``frame_length``, times ``window_fn(frame_length, dtype)``, overlapped and added. With
    ``window_fn=inverse_stft_window_fn(frame_step)`` it reconstructs the signal where frames
    overlap fully."""
    with name_scope(name, "inverse_stft", [stfts]):
        stfts = convert_to_tensor(stfts)
        frame_length = _static_int(frame_length, "frame_length")
        fft_length = _default_fft_length(frame_length) if fft_length is None else \
            _static_int(fft_length, "fft_length")
        frames = irfft(stfts, [fft_length])
        rank = _rank_of(frames, "inverse_stft")
        if fft_length >= frame_length:
            frames = frames[(Ellipsis, np.s_[:frame_length])]
        else:
            frames = pad(frames, [[0, 0]] * (rank - 1) + [[0, frame_length - fft_length]])
        if window_fn is not None:
            frames = frames * window_fn(frame_length, dtype=frames.dtype)
        return overlap_and_add(frames, frame_step)


def inverse_stft_window_fn(frame_step, forward_window_fn=hann_window, name=None):
    """A window function for :func:`inverse_stft` that undoes ``forward_window_fn``'s
    weighting: the forward window divided by the sum of its squares over the frames that
    overlap each sample, ``frame_step`` apart."""
    frame_step = _static_int(frame_step, "frame_step")

    def inverse_window(frame_length, dtype):
        with name_scope(name, "inverse_stft_window_fn", []):
            frame_length = _static_int(frame_length, "frame_length")
            forward = convert_to_tensor(forward_window_fn(frame_length, dtype=dtype))
            overlaps = -(-frame_length // frame_step)
            squares = pad(square(forward), [[0, overlaps * frame_step - frame_length]])
            summed = reduce_sum(reshape(squares, [overlaps, frame_step]), 0, keepdims=True)
            denominator = reshape(tile(summed, [overlaps, 1]), [overlaps * frame_step])
            return forward / denominator[:frame_length]
    return inverse_window


# ================================================================== dct, idct, mdct
def _dct_basis(kind, n_in, n, ortho):
    """The matrix ``M`` with ``dct(x) = x[..., :n] @ M`` (x cut or zero-padded to n): rows the
    input samples, columns the coefficients, in TF's (and scipy's) definitions."""
    j = np.arange(n)[:, None]  # input sample
    k = np.arange(n)[None, :]  # coefficient
    if kind == 1:
        basis = 2 * np.cos(np.pi * j * k / max(n - 1, 1))
        basis[0, :] = 1.0
        basis[-1, :] = (-1.0) ** np.arange(n)
    elif kind == 2:
        basis = 2 * np.cos(np.pi * k * (2 * j + 1) / (2 * n))
        if ortho:
            basis *= np.where(k == 0, math.sqrt(1 / (4 * n)), math.sqrt(1 / (2 * n)))
    elif kind == 3:
        basis = 2 * np.cos(np.pi * j * (2 * k + 1) / (2 * n))
        if ortho:  # the transpose of the orthonormal type 2
            basis *= np.where(j == 0, math.sqrt(1 / (4 * n)), math.sqrt(1 / (2 * n)))
        else:
            basis[0, :] = 1.0
    else:
        basis = 2 * np.cos(np.pi * (2 * j + 1) * (2 * k + 1) / (4 * n))
        if ortho:
            basis *= math.sqrt(1 / (2 * n))
    rows = np.zeros((n_in, n))
    rows[:min(n_in, n)] = basis[:min(n_in, n)]  # samples past n are cut; missing ones are 0
    return rows


def dct(input, type=2, n=None, axis=-1, norm=None, name=None):  # noqa: A002 - TF's names
    """The discrete cosine transform of ``type`` 1-4 over the last axis (scipy's definitions,
    as TF), the input cut or zero-padded to ``n`` samples first; ``norm="ortho"`` scales
    types 2-4 to be orthonormal. The last axis must be known while building.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     [round(v, 4) for v in sess.run(tf.signal.dct([1.0, 2.0, 3.0])).tolist()]
    [12.0, -3.4641, 0.0]
    """
    with name_scope(name, "dct", [input]):
        x = convert_to_tensor(input)
        if type not in (1, 2, 3, 4):
            raise ValueError("Types I, II, III and IV (I)DCT are supported, got type %r" % type)
        if axis != -1:
            raise NotImplementedError("axis must be -1. Got: %r (transpose the axis last)"
                                      % (axis,))
        if norm not in (None, "ortho"):
            raise ValueError("Unknown normalization. Expected None or 'ortho', got: %r" % norm)
        if type == 1 and norm == "ortho":
            raise ValueError("Normalization is not supported for the Type-I DCT.")
        if not x.dtype.is_floating:
            raise ValueError("dct needs a floating-point input, got %s" % x.dtype.name)
        n_in = x.shape.as_list()[-1] if x.shape.ndims else None
        if n_in is None:
            raise ValueError("dct needs the length of the input's last axis known while building")
        n = n_in if n is None else _static_int(n, "dct's n")
        if n < 1 or (type == 1 and n < 2):
            raise ValueError("dct needs n >= 1 (n >= 2 for type 1), got %d" % n)
        basis = constant(_dct_basis(type, n_in, n, norm == "ortho").astype(x.dtype.np_dtype))
        flat = reshape(x, [-1, n_in])
        result = matmul(flat, basis)
        if x.shape.ndims == 2:
            return result
        out = reshape(result, concat([shape(x)[:-1], [n]], 0))
        out.set_shape(x.shape.as_list()[:-1] + [n])
        return out


def idct(input, type=2, n=None, axis=-1, norm=None, name=None):  # noqa: A002
    """The inverse DCT, TF's way: the DCT of the inverse type (1, 3, 2, 4 for 1, 2, 3, 4), which
    inverts exactly with ``norm="ortho"`` and up to the factor ``2N`` (``2(N-1)`` for type 1)
    without."""
    if type not in (1, 2, 3, 4):
        raise ValueError("Types I, II, III and IV (I)DCT are supported, got type %r" % type)
    return dct(input, type={1: 1, 2: 3, 3: 2, 4: 4}[type], n=n, axis=axis, norm=norm,
               name=name or "idct")


def mdct(signals, frame_length, window_fn=vorbis_window, pad_end=False, norm=None, name=None):
    """The modified DCT of frames ``frame_length`` long (a multiple of 4), half overlapping:
    each windowed frame folded to half its length and transformed by the type 4 DCT, shape
    ``[..., frames, frame_length // 2]``. Without a window the frames are scaled by
    ``1/sqrt(2)``."""
    with name_scope(name, "mdct", [signals]):
        signals = convert_to_tensor(signals)
        frame_length = _static_int(frame_length, "frame_length")
        if frame_length % 4:
            raise ValueError("The frame length must be a multiple of 4, got %d" % frame_length)
        framed = frame(signals, frame_length, frame_length // 2, pad_end=pad_end)
        framed = framed * (window_fn(frame_length, dtype=signals.dtype)
                           if window_fn is not None else 1.0 / math.sqrt(2))
        a, b, c, d = split(framed, 4, axis=-1)
        folded = concat([-reverse(c, [-1]) - d, a - reverse(b, [-1])], -1)
        return dct(folded, type=4, norm=norm)


def inverse_mdct(mdcts, window_fn=vorbis_window, norm=None, name=None):
    """The inverse of :func:`mdct`: the type 4 DCT of each frame (scaled ``1/N`` without
    ``norm``), unfolded to twice its length, windowed and overlapped-and-added. With a
    power-complementary window (vorbis, Kaiser-Bessel-derived) it reconstructs the signal."""
    with name_scope(name, "inverse_mdct", [mdcts]):
        mdcts = convert_to_tensor(mdcts)
        half = mdcts.shape.as_list()[-1] if mdcts.shape.ndims else None
        if half is None:
            raise ValueError("inverse_mdct needs the last axis's length known while building")
        if norm is None:
            unfolded = dct(mdcts, type=4) * (0.5 / half)
        elif norm == "ortho":
            unfolded = dct(mdcts, type=4, norm="ortho")
        else:
            raise ValueError("Unknown normalization. Expected None or 'ortho', got: %r" % norm)
        first, second = split(unfolded, 2, axis=-1)
        frames = concat([second, -reverse(second, [-1]), -reverse(first, [-1]), -first], -1)
        frames = frames * (window_fn(2 * half, dtype=mdcts.dtype)
                           if window_fn is not None else 1.0 / math.sqrt(2))
        return overlap_and_add(frames, half)


# ================================================================== mel, mfcc
def _hertz_to_mel(frequencies):
    return 1127.0 * np.log1p(np.asarray(frequencies, np.float64) / 700.0)


def linear_to_mel_weight_matrix(num_mel_bins=20, num_spectrogram_bins=129, sample_rate=8000,
                                lower_edge_hertz=125.0, upper_edge_hertz=3800.0,
                                dtype=dtypes.float32, name=None):
    """The ``[num_spectrogram_bins, num_mel_bins]`` matrix of triangular mel filters (HTK's mel
    scale, ``1127 ln(1 + f/700)``) that maps a linear magnitude spectrogram to mel bins; the DC
    bin gets no weight, as in TF.

    >>> import autograd_engine as tf
    >>> tf.signal.linear_to_mel_weight_matrix(num_mel_bins=8, num_spectrogram_bins=33).shape
    TensorShape([Dimension(33), Dimension(8)])
    """
    num_mel_bins = _static_int(num_mel_bins, "num_mel_bins")
    bins = _static_int(num_spectrogram_bins, "num_spectrogram_bins")
    sample_rate = float(static_value(sample_rate, "sample_rate"))
    lower = float(static_value(lower_edge_hertz, "lower_edge_hertz"))
    upper = float(static_value(upper_edge_hertz, "upper_edge_hertz"))
    if num_mel_bins <= 0 or bins <= 0 or sample_rate <= 0:
        raise ValueError("num_mel_bins, num_spectrogram_bins and sample_rate must be positive")
    if lower < 0 or lower >= upper or upper > sample_rate / 2:
        raise ValueError("Need 0 <= lower_edge_hertz < upper_edge_hertz <= sample_rate / 2, "
                         "got %r, %r and %r" % (lower, upper, sample_rate))
    spectrogram_mel = _hertz_to_mel(np.linspace(0.0, sample_rate / 2, bins)[1:])[:, None]
    edges = np.linspace(_hertz_to_mel(lower), _hertz_to_mel(upper), num_mel_bins + 2)
    low, center, high = edges[:-2], edges[1:-1], edges[2:]
    rising = (spectrogram_mel - low) / (center - low)
    falling = (high - spectrogram_mel) / (high - center)
    weights = np.maximum(0.0, np.minimum(rising, falling))
    weights = np.concatenate([np.zeros((1, num_mel_bins)), weights])
    return _window(weights, dtype, name or "linear_to_mel_weight_matrix")


def mfccs_from_log_mel_spectrograms(log_mel_spectrograms, name=None):
    """Mel-frequency cepstral coefficients: the orthonormal-scaled type 2 DCT of log-mel
    spectrograms over their last axis (``dct(x) / sqrt(2 num_mel_bins)``, as TF)."""
    with name_scope(name, "mfccs_from_log_mel_spectrograms", [log_mel_spectrograms]):
        x = convert_to_tensor(log_mel_spectrograms)
        bins = x.shape.as_list()[-1] if x.shape.ndims else None
        if bins is None:
            raise ValueError("mfccs_from_log_mel_spectrograms needs the number of mel bins "
                             "known while building")
        return dct(x, type=2) * rsqrt(cast(2.0 * bins, x.dtype))


__all__ = ["dct", "fftshift", "frame", "hamming_window", "hann_window", "idct", "ifftshift",
           "inverse_mdct", "inverse_stft", "inverse_stft_window_fn", "kaiser_bessel_derived_window",
           "kaiser_window", "linear_to_mel_weight_matrix", "mdct", "mfccs_from_log_mel_spectrograms",
           "overlap_and_add", "stft", "vorbis_window"]
