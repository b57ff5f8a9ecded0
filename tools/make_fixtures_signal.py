"""Fixtures for complex numbers, FFTs, tf.signal and the special functions (issue 20, part c),
computed with real TensorFlow.

Run with the TensorFlow venv from the repository root:
    /work/tfvenv/bin/python tools/make_fixtures_signal.py
Writes tests/fixtures/signal/{complex,fft,signal,special}.npz: the inputs (drawn here from a
seeded numpy generator), TensorFlow's outputs and, where TensorFlow has a gradient, the gradient
of a fixed real-valued loss (``loss = sum(real(y) * p + imag(y) * q)`` for complex outputs,
``sum(y * p)`` for real ones) with respect to each input. Complex gradients follow TF's
convention: ``dL/d(re z) + i dL/d(im z)``.
"""
import os

import numpy as np
import tensorflow as tf

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "signal")
RNG = np.random.default_rng(20)
v1 = tf.compat.v1


def cnormal(*shape):
    return RNG.standard_normal(shape) + 1j * RNG.standard_normal(shape)


def projected_loss(y, key, arrays):
    """The loss whose gradient is recorded: a fixed random projection of ``y``."""
    shape = y.shape.as_list()
    p, q = RNG.standard_normal(shape), RNG.standard_normal(shape)
    arrays[key + "_p"], arrays[key + "_q"] = p, q
    if y.dtype.is_complex:
        return tf.reduce_sum(tf.math.real(y) * p + tf.math.imag(y) * q)
    return tf.reduce_sum(y * tf.cast(p, y.dtype))


def record(arrays, key, fn, *inputs, grad=True):
    """``fn(*inputs)`` (and the gradient of its projected loss) under ``key``."""
    tensors = [tf.constant(a) for a in inputs]
    for i, a in enumerate(inputs):
        arrays["%s_in%d" % (key, i)] = a
    with tf.GradientTape() as tape:
        for t in tensors:
            tape.watch(t)
        y = fn(*tensors)
        loss = projected_loss(y, key, arrays) if grad else None
    arrays[key + "_out"] = y.numpy()
    if grad:
        try:
            grads = tape.gradient(loss, tensors)
        except (tf.errors.InvalidArgumentError, LookupError) as e:
            # TF has none for RFFT3D/IRFFT3D, and its RFFT one fails when fft_length crops
            print("no TensorFlow gradient for %s: %s" % (key, str(e).splitlines()[0][-60:]))
            return
        for i, g in enumerate(grads):
            if g is not None:
                arrays["%s_grad%d" % (key, i)] = g.numpy()


def complex_fixtures():
    a = {}
    z, w = cnormal(3, 4), cnormal(3, 4)
    re, im = RNG.standard_normal((3, 4)), RNG.standard_normal((3, 4))
    record(a, "complex", tf.complex, re, im)
    for name, fn in (("real", tf.math.real), ("imag", tf.math.imag), ("conj", tf.math.conj),
                     ("angle", tf.math.angle), ("abs", tf.abs)):
        record(a, name, fn, z)
    record(a, "mul", lambda x, y: x * y, z, w)
    record(a, "div", lambda x, y: x / y, z, w)
    record(a, "exp", tf.exp, z)
    record(a, "log", tf.math.log, z)
    record(a, "square", tf.square, z)
    record(a, "sqrt", tf.sqrt, z)
    record(a, "matmul", tf.matmul, cnormal(2, 3), cnormal(3, 4))
    record(a, "sub_neg", lambda x, y: -(x - y) + x, z, w)
    record(a, "reduce_sum", lambda x: tf.reduce_sum(x, 1), z)
    record(a, "cast_real", lambda x: tf.cast(x, tf.complex128), re)
    record(a, "cast_to_real", lambda x: tf.cast(x, tf.float64), z)
    record(a, "to_complex64", lambda x: v1.to_complex64(x), re.astype(np.float32), grad=False)
    return a


def fft_fixtures():
    a = {}
    x = cnormal(2, 4, 5, 6)
    for name in ("fft", "ifft", "fft2d", "ifft2d", "fft3d", "ifft3d"):
        record(a, name, getattr(tf.signal, name), x)
    real = RNG.standard_normal((2, 4, 5, 6))
    for rank, lengths in ((1, (None, [4], [9], [6])), (2, (None, [3, 4], [6, 7])),
                          (3, (None, [2, 4, 5]))):
        suffix = "" if rank == 1 else "%dd" % rank
        for k, length in enumerate(lengths):
            record(a, "rfft%s_%d" % (suffix, k),
                   lambda t, n=length: getattr(tf.signal, "rfft" + suffix)(t, n), real)
            half = cnormal(*real.shape[:4 - rank], *real.shape[4 - rank:-1], 4)
            record(a, "irfft%s_%d" % (suffix, k),
                   lambda t, n=length: getattr(tf.signal, "irfft" + suffix)(t, n), half)
    # fftnd/ifftnd/rfftnd/irfftnd: TensorFlow has GPU kernels only (the tests use numpy.fft)
    record(a, "fftshift", lambda t: tf.signal.fftshift(t, axes=[1, 3]), real)
    record(a, "ifftshift", lambda t: tf.signal.ifftshift(t), real)
    return a


def signal_fixtures():
    a = {}
    sig = RNG.standard_normal((2, 50))
    record(a, "frame", lambda t: tf.signal.frame(t, 8, 5), sig)
    record(a, "frame_pad", lambda t: tf.signal.frame(t, 8, 5, pad_end=True, pad_value=1.5), sig)
    record(a, "frame_axis", lambda t: tf.signal.frame(t, 3, 2, axis=0),
           RNG.standard_normal((9, 4)))
    record(a, "overlap_and_add", lambda t: tf.signal.overlap_and_add(t, 3),
           RNG.standard_normal((2, 5, 7)))
    for periodic in (True, False):
        for n in (1, 2, 9, 16):
            a["hann_%d_%d" % (periodic, n)] = tf.signal.hann_window(
                n, periodic, tf.float64).numpy()
            a["hamming_%d_%d" % (periodic, n)] = tf.signal.hamming_window(
                n, periodic, tf.float64).numpy()
    for n in (1, 2, 9, 16):
        a["kaiser_%d" % n] = tf.signal.kaiser_window(n, 6.0, tf.float64).numpy()
        a["vorbis_%d" % n] = tf.signal.vorbis_window(n, tf.float64).numpy()
    for n in (2, 8, 16):
        a["kbd_%d" % n] = tf.signal.kaiser_bessel_derived_window(n, 5.0, tf.float64).numpy()
    sig = RNG.standard_normal((2, 64))
    record(a, "stft", lambda t: tf.signal.stft(t, 16, 6), sig)
    record(a, "stft_pad", lambda t: tf.signal.stft(t, 15, 7, fft_length=32, pad_end=True,
                                                   window_fn=tf.signal.hamming_window), sig)
    spectrum = tf.signal.stft(sig, 16, 4).numpy()
    record(a, "inverse_stft", lambda t: tf.signal.inverse_stft(
        t, 16, 4, window_fn=tf.signal.inverse_stft_window_fn(4)), spectrum)
    a["inverse_stft_window_16_4"] = tf.signal.inverse_stft_window_fn(4)(16, tf.float64).numpy()
    x = RNG.standard_normal((3, 8))
    for kind in (1, 2, 3, 4):
        for norm in (None, "ortho"):
            if kind == 1 and norm == "ortho":
                continue
            record(a, "dct%d_%s" % (kind, norm),
                   lambda t, k=kind, nm=norm: tf.signal.dct(t, k, norm=nm), x)
            record(a, "idct%d_%s" % (kind, norm),
                   lambda t, k=kind, nm=norm: tf.signal.idct(t, k, norm=nm), x)
    record(a, "dct2_n6", lambda t: tf.signal.dct(t, 2, n=6), x)
    record(a, "dct2_n11", lambda t: tf.signal.dct(t, 2, n=11), x)
    sig = RNG.standard_normal((2, 40))
    record(a, "mdct", lambda t: tf.signal.mdct(t, 8), sig)
    record(a, "mdct_ortho", lambda t: tf.signal.mdct(t, 8, pad_end=True, norm="ortho"), sig)
    coefficients = tf.signal.mdct(sig, 8).numpy()
    record(a, "inverse_mdct", lambda t: tf.signal.inverse_mdct(t), coefficients)
    record(a, "inverse_mdct_ortho", lambda t: tf.signal.inverse_mdct(t, norm="ortho"),
           coefficients)
    a["mel_default"] = tf.signal.linear_to_mel_weight_matrix(dtype=tf.float64).numpy()
    a["mel_custom"] = tf.signal.linear_to_mel_weight_matrix(
        8, 33, 16000, 20.0, 7000.0, tf.float64).numpy()
    record(a, "mfccs", tf.signal.mfccs_from_log_mel_spectrograms, RNG.standard_normal((3, 10)))
    return a


def special_fixtures():
    a = {}
    x = np.concatenate([RNG.uniform(-5, 5, 12), [0.0, 1e-3, -0.7, 12.0, 30.0, -45.0, 200.0,
                                                 700.0, -800.0]])
    for name in ("bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e"):
        record(a, name, getattr(tf.math, name), x)
    positive = RNG.uniform(0.05, 8.0, 12)
    for name in ("bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "bessel_k0", "bessel_k0e",
                 "bessel_k1", "bessel_k1e", "dawsn", "expint", "fresnel_cos", "fresnel_sin",
                 "spence"):
        values = np.concatenate([positive, [25.0, 60.0]]) if name != "dawsn" else \
            np.concatenate([RNG.uniform(-8, 8, 12), [0.0, 40.0]])
        record(a, name, getattr(tf.math.special, name), values)
    shape_a, shape_b = RNG.uniform(0.2, 6.0, 10), RNG.uniform(0.2, 6.0, 10)
    unit = RNG.uniform(0.01, 0.99, 10)
    record(a, "betainc", tf.math.betainc, shape_a, shape_b, unit)
    gx = RNG.uniform(0.05, 12.0, 10)
    record(a, "igamma", tf.math.igamma, shape_a, gx)
    record(a, "igammac", tf.math.igammac, shape_a, gx)
    record(a, "lbeta", tf.math.lbeta, RNG.uniform(0.3, 5.0, (3, 4)))
    record(a, "zeta", tf.math.zeta, RNG.uniform(1.2, 6.0, 10), RNG.uniform(0.3, 4.0, 10))
    u = np.concatenate([RNG.uniform(-0.999, 0.999, 10), [0.0, 0.99999, -1e-12]])
    record(a, "erfinv", tf.math.erfinv, u)
    p = np.concatenate([RNG.uniform(0.001, 0.999, 10), [1e-10, 0.5, 1 - 1e-12, 1e-300]])
    record(a, "ndtri", tf.math.ndtri, p)
    record(a, "erfcinv", tf.math.erfcinv, 2 * p)
    record(a, "xlog1py", tf.math.xlog1py, np.array([0.0, 1.0, 2.5, -3.0, 0.0]),
           np.array([-1.0, 0.5, 2.0, 1.0, 3.0]))
    record(a, "polyval", lambda c0, c1, c2, t: tf.math.polyval([c0, c1, c2], t),
           np.float64(2.0), np.float64(-1.5), np.float64(0.25), RNG.standard_normal(6))
    record(a, "nextafter", tf.math.nextafter, np.array([1.0, 0.0, -2.0, 1.0]),
           np.array([2.0, -1.0, -3.0, 1.0]), grad=False)
    cl = RNG.standard_normal((3, 5)) * 3
    for exclusive in (False, True):
        for reverse in (False, True):
            record(a, "cumlse_%d_%d" % (exclusive, reverse), lambda t, e=exclusive, r=reverse:
                   tf.math.cumulative_logsumexp(t, axis=1, exclusive=e, reverse=r), cl)
    record(a, "multiply_no_nan", tf.math.multiply_no_nan,
           np.array([1.0, np.inf, np.nan, 2.0]), np.array([3.0, 0.0, 0.0, -1.0]))
    record(a, "reciprocal_no_nan", tf.math.reciprocal_no_nan, np.array([2.0, 0.0, -0.5]))
    m = RNG.standard_normal((3, 4))
    record(a, "reduce_std", lambda t: tf.math.reduce_std(t, axis=1), m)
    record(a, "reduce_variance", lambda t: tf.math.reduce_variance(t, axis=0, keepdims=True), m)
    record(a, "reduce_variance_complex", lambda t: tf.math.reduce_variance(t), cnormal(3, 4),
           grad=False)
    a["sobol_3_5"] = tf.math.sobol_sample(3, 5, dtype=tf.float64).numpy()
    a["sobol_2_4_skip3"] = tf.math.sobol_sample(2, 4, skip=3, dtype=tf.float64).numpy()
    return a


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, make in (("complex", complex_fixtures), ("fft", fft_fixtures),
                       ("signal", signal_fixtures), ("special", special_fixtures)):
        np.savez_compressed(os.path.join(OUT, name + ".npz"), **make())
        print("wrote", name)


if __name__ == "__main__":
    main()
