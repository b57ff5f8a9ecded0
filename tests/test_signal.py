"""tf.signal / tf.spectral (issue 20, i20c): the Fourier transforms, framing, windows, STFT,
DCT/MDCT, mel filterbank and MFCCs against TensorFlow-computed fixtures
(tools/make_fixtures_signal.py), with TensorFlow's gradients where it has them; the nd
transforms (TensorFlow has GPU kernels only) against numpy.fft."""
import numpy as np
import pytest

import autograd_engine as tf
from fixture_loss import check_against_tf, load

FFT = load("fft")
SIGNAL = load("signal")
S = tf.signal


def _keys(fixture, prefix):
    return sorted(k[:-4] for k in fixture if k.endswith("_out") and k.startswith(prefix))


FFT_FUNCTIONS = {"fft": S.fft, "ifft": S.ifft, "fft2d": S.fft2d, "ifft2d": S.ifft2d,
                 "fft3d": S.fft3d, "ifft3d": S.ifft3d}
RFFT_LENGTHS = {1: (None, [4], [9], [6]), 2: (None, [3, 4], [6, 7]), 3: (None, [2, 4, 5])}


@pytest.mark.parametrize("name", sorted(FFT_FUNCTIONS))
def test_complex_transforms_against_tensorflow(name):
    check_against_tf(FFT, name, FFT_FUNCTIONS[name])


@pytest.mark.parametrize("rank,k", [(r, k) for r, lengths in RFFT_LENGTHS.items()
                                    for k in range(len(lengths))])
@pytest.mark.parametrize("inverse", [False, True])
def test_real_transforms_against_tensorflow(rank, k, inverse):
    suffix = "" if rank == 1 else "%dd" % rank
    name = ("irfft" if inverse else "rfft") + suffix
    length = RFFT_LENGTHS[rank][k]
    check_against_tf(FFT, "%s_%d" % (name, k), lambda t: getattr(S, name)(t, length))


@pytest.mark.parametrize("name", ["fftshift", "ifftshift"])
def test_shifts_against_tensorflow(name):
    fn = (lambda t: S.fftshift(t, axes=[1, 3])) if name == "fftshift" else S.ifftshift
    check_against_tf(FFT, name, fn)


def test_spectral_and_top_level_names_are_the_signal_functions():
    for name in ("fft", "ifft", "fft2d", "ifft2d", "fft3d", "ifft3d"):
        assert getattr(tf, name) is getattr(S, name) is getattr(tf.spectral, name)
    for name in ("rfft", "irfft", "rfft2d", "irfft2d", "rfft3d", "irfft3d", "dct", "idct"):
        assert getattr(tf.spectral, name) is getattr(S, name)


@pytest.mark.parametrize("case", [
    ("fftnd", np.fft.fftn, dict(axes=[0, 2]), True),
    ("ifftnd", np.fft.ifftn, dict(fft_length=[3, 7], axes=[1, 3]), True),
    ("rfftnd", np.fft.rfftn, dict(fft_length=[4, 4], axes=[1, 2]), False),
    ("irfftnd", np.fft.irfftn, dict(fft_length=[3, 8], axes=[1, 3]), True)])
def test_nd_transforms_against_numpy(case):
    name, reference, options, complex_input = case
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 4, 5, 6))
    if complex_input:
        x = x + 1j * rng.standard_normal(x.shape)
    numpy_options = {"axes": options["axes"], "s": options.get("fft_length")}
    with tf.Session() as sess:
        got = sess.run(getattr(S, name)(x, **options))
        raw = sess.run(getattr(tf, name)(x, options.get("fft_length"), options["axes"]))
    np.testing.assert_allclose(got, reference(x, **numpy_options), rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(raw, got)


@pytest.mark.parametrize("norm", ["forward", "ortho"])
def test_nd_norms_match_numpy(norm):
    x = np.random.default_rng(4).standard_normal((4, 6)) + 0j
    with tf.Session() as sess:
        forward, inverse = sess.run([S.fftnd(x, norm=norm), S.ifftnd(x, norm=norm)])
    np.testing.assert_allclose(forward, np.fft.fftn(x, norm=norm), atol=1e-12)
    np.testing.assert_allclose(inverse, np.fft.ifftn(x, norm=norm), atol=1e-12)


def test_transform_errors():
    with pytest.raises(TypeError, match="complex64, complex128"):
        S.fft(tf.constant([1.0, 2.0]))
    with pytest.raises(TypeError, match="float32, float64"):
        S.rfft(tf.constant([1 + 1j]))
    with pytest.raises(ValueError, match="at least rank 2"):
        S.fft2d(tf.constant([1j, 2j]))
    with pytest.raises(ValueError, match="fft_length"):
        S.rfft2d(tf.zeros([3, 3]), [4])


def test_dtypes_and_python_values():
    assert S.fft([1.0, 2.0]).dtype == tf.complex64
    assert S.rfft([1.0, 2.0]).dtype == tf.complex64
    assert S.rfft(np.array([1.0, 2.0])).dtype == tf.complex128
    assert S.irfft(tf.constant([1j, 2j], tf.complex64)).dtype == tf.float32
    x = tf.placeholder(tf.float32, [None, 10])
    assert S.rfft(x).shape.as_list() == [None, 6]
    assert S.irfft(S.rfft(x)).shape.as_list() == [None, 10]
    assert S.rfft(x, [16]).shape.as_list() == [None, 9]


# ------------------------------------------------------------------ the rest of tf.signal
SIGNAL_CASES = {
    "frame": lambda t: S.frame(t, 8, 5),
    "frame_pad": lambda t: S.frame(t, 8, 5, pad_end=True, pad_value=1.5),
    "frame_axis": lambda t: S.frame(t, 3, 2, axis=0),
    "overlap_and_add": lambda t: S.overlap_and_add(t, 3),
    "stft": lambda t: S.stft(t, 16, 6),
    "stft_pad": lambda t: S.stft(t, 15, 7, fft_length=32, pad_end=True,
                                 window_fn=S.hamming_window),
    "inverse_stft": lambda t: S.inverse_stft(t, 16, 4, window_fn=S.inverse_stft_window_fn(4)),
    "dct2_n6": lambda t: S.dct(t, 2, n=6), "dct2_n11": lambda t: S.dct(t, 2, n=11),
    "mdct": lambda t: S.mdct(t, 8),
    "mdct_ortho": lambda t: S.mdct(t, 8, pad_end=True, norm="ortho"),
    "inverse_mdct": S.inverse_mdct,
    "inverse_mdct_ortho": lambda t: S.inverse_mdct(t, norm="ortho"),
    "mfccs": S.mfccs_from_log_mel_spectrograms,
}
for _kind in (1, 2, 3, 4):
    for _norm in (None, "ortho"):
        if not (_kind == 1 and _norm == "ortho"):
            SIGNAL_CASES["dct%d_%s" % (_kind, _norm)] = \
                lambda t, k=_kind, n=_norm: S.dct(t, k, norm=n)
            SIGNAL_CASES["idct%d_%s" % (_kind, _norm)] = \
                lambda t, k=_kind, n=_norm: S.idct(t, k, norm=n)


@pytest.mark.parametrize("key", sorted(SIGNAL_CASES))
def test_signal_functions_against_tensorflow(key):
    check_against_tf(SIGNAL, key, SIGNAL_CASES[key], rtol=1e-8, atol=1e-9)


@pytest.mark.parametrize("key", [k for k in SIGNAL if k.startswith(
    ("hann_", "hamming_", "kaiser_", "vorbis_", "kbd_"))])
def test_windows_against_tensorflow(key):
    kind, *arguments = key.split("_")
    n = int(arguments[-1])
    build = {"hann": lambda: S.hann_window(n, bool(int(arguments[0])), tf.float64),
             "hamming": lambda: S.hamming_window(n, bool(int(arguments[0])), tf.float64),
             "kaiser": lambda: S.kaiser_window(n, 6.0, tf.float64),
             "vorbis": lambda: S.vorbis_window(n, tf.float64),
             "kbd": lambda: S.kaiser_bessel_derived_window(n, 5.0, tf.float64)}[kind]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(build()), SIGNAL[key], rtol=1e-12, atol=1e-14)
    assert S.hann_window(n).dtype == tf.float32


def test_inverse_stft_window_and_mel_matrices_against_tensorflow():
    with tf.Session() as sess:
        window, default, custom = sess.run([
            S.inverse_stft_window_fn(4)(16, tf.float64),
            S.linear_to_mel_weight_matrix(dtype=tf.float64),
            S.linear_to_mel_weight_matrix(8, 33, 16000, 20.0, 7000.0, tf.float64)])
    np.testing.assert_allclose(window, SIGNAL["inverse_stft_window_16_4"], rtol=1e-12)
    np.testing.assert_allclose(default, SIGNAL["mel_default"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(custom, SIGNAL["mel_custom"], rtol=1e-10, atol=1e-12)


def test_stft_round_trip_and_dynamic_length():
    signal = tf.placeholder(tf.float64, [None])
    frames = S.frame(signal, 4, 2, pad_end=True)
    spectrum = S.stft(tf.expand_dims(signal, 0), 16, 4)
    back = S.inverse_stft(spectrum, 16, 4, window_fn=S.inverse_stft_window_fn(4))
    values = np.random.default_rng(5).standard_normal(64)
    with tf.Session() as sess:
        got_frames, got_back = sess.run([frames, back], {signal: values})
    assert got_frames.shape == (32, 4)
    np.testing.assert_allclose(got_back[0, 12:-12], values[12:52], rtol=1e-10)


def test_signal_errors():
    with pytest.raises(ValueError, match="Types I, II, III and IV"):
        S.dct(tf.zeros([4]), type=5)
    with pytest.raises(ValueError, match="not supported for the Type-I"):
        S.dct(tf.zeros([4]), type=1, norm="ortho")
    with pytest.raises(ValueError, match="multiple of 4"):
        S.mdct(tf.zeros([20]), 6)
    with pytest.raises(ValueError, match="lower_edge_hertz"):
        S.linear_to_mel_weight_matrix(upper_edge_hertz=5000.0)
