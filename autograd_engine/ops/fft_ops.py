"""The discrete Fourier transforms: ``fft``/``ifft`` of complex tensors, ``rfft``/``irfft``
between real and complex ones, over the innermost 1, 2 or 3 dimensions (TF's FFT ... IRFFT3D)
or over any ``axes`` (FFTND ... IRFFTND), each with its gradient.

One op family: every transform is ``numpy.fft``'s (CuPy's ``cupy.fft``) n-dimensional transform
over static ``axes``, the input cropped or zero-padded to ``fft_length`` first (TF's rule).
Unnormalized forward, ``1/n`` inverse, as in TF. Gradients follow TF's convention for complex
values (``dL/dre + i dL/dim``, see :mod:`complex_ops`): the adjoint of each linear map, which for
the real transforms means zero-padding the half spectrum (rfft) or doubling the bins that stand
for two (irfft).

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     sess.run(tf.signal.rfft([1.0, 0.0, -1.0, 0.0])).tolist()
[0j, (2+0j), 0j]
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape
from .array_ops import ones_like, reshape
from .complex_ops import complex, imag, real
from .constant_op import convert_to_tensor, stack
from .elementwise_binary_ops import equal, logical_or, maximum, minimum, where
from .elementwise_unary_ops import cast
from .op_families import static_value
from .op_samples import OpSample, normal
from .range_ops import range as range_
from .registry import OpDef, make_tensor, register
from .shape_ops import shape
from .slicing_ops import pad, slice  # noqa: A004

_COMPLEX_OF = {dtypes.float32: dtypes.complex64, dtypes.float64: dtypes.complex128}
_REAL_OF = {c: r for r, c in _COMPLEX_OF.items()}

C2C, R2C, C2R = "complex-to-complex", "real-to-complex", "complex-to-real"


class FFTOp(OpDef):
    """A transform of ``kind`` (C2C, R2C, C2R) over the static attrs ``axes``, the input cropped
    or zero-padded to the static ``fft_length`` (None: the input's own lengths; for C2R the
    last one is then ``2 * (m - 1)``)."""

    def __init__(self, type_name, kind, inverse):
        self.type_name = type_name
        self.kind = kind
        self.inverse = inverse

    def infer(self, op):
        x, axes, lengths = op.inputs[0], op.attrs["axes"], op.attrs["fft_length"]
        takes_complex = self.kind != R2C
        if takes_complex and not x.dtype.is_complex or not takes_complex and \
                x.dtype not in _COMPLEX_OF:
            raise TypeError("Value passed to parameter 'input' has DataType %s not in list of "
                            "allowed values: %s (op '%s')" % (
                                x.dtype.name, "complex64, complex128" if takes_complex else
                                "float32, float64", self.type_name))
        dtype = {C2C: x.dtype, R2C: _COMPLEX_OF.get(x.dtype),
                 C2R: _REAL_OF.get(x.dtype)}[self.kind]
        dims = x.shape.as_list() if x.shape.ndims is not None else None
        if dims is None:
            return [(dtype, TensorShape(None))]
        if len(dims) < len(axes):
            raise ShapeInferenceError("Shape must be at least rank %d but is rank %d"
                                      % (len(axes), len(dims)))
        for axis in axes:
            if not -len(dims) <= axis < len(dims):
                raise ShapeInferenceError("axis %d is out of range for a tensor of rank %d"
                                          % (axis, len(dims)))
        for i, axis in enumerate(axes):
            last = i == len(axes) - 1
            n = lengths[i] if lengths is not None else dims[axis]
            if lengths is None and last and self.kind == C2R and n is not None:
                n = 2 * (n - 1)
            if last and self.kind == R2C and n is not None:
                n = n // 2 + 1
            dims[axis] = n
        return [(dtype, TensorShape(dims))]

    def kernel(self, op, ctx):
        fft = ctx.xp.fft
        transform = {(C2C, False): fft.fftn, (C2C, True): fft.ifftn, (R2C, False): fft.rfftn,
                     (C2R, True): fft.irfftn}[self.kind, self.inverse]
        axes, lengths = op.attrs["axes"], op.attrs["fft_length"]
        dtype = op.outputs[0].dtype.np_dtype

        def apply(x):
            if x.size == 0 or (lengths is not None and 0 in lengths):
                return ctx.xp.zeros(_empty_shape(x.shape, axes, lengths, self.kind), dtype)
            return transform(x, s=lengths, axes=axes).astype(dtype, copy=False)
        return apply

    def gradient(self, op, grad):
        x, y = op.inputs[0], op.outputs[0]
        axes, lengths = op.attrs["axes"], op.attrs["fft_length"]
        if self.kind == C2C:
            # the adjoint of fft is n ifft, of ifft fft / n, at the transform's own lengths
            n = _size(y, axes)
            g = _transform(grad, axes, None, C2C, not self.inverse)
            g = g / cast(n, g.dtype) if self.inverse else g * cast(n, g.dtype)
            return [_fit(g, x, axes)]
        if self.kind == R2C:
            full = _output_lengths(x, axes, lengths)  # the real signal's lengths
            last = full[-1]
            g = _pad_axis(grad, axes[-1], last - _length(grad, axes[-1]))
            g = real(_transform(g, axes, None, C2C, True)) * cast(_size(g, axes), x.dtype)
            return [_fit(g, x, axes)]
        # C2R: the bins between 0 and n/2 stand for two (themselves and their conjugates)
        n_last = _length(y, axes[-1])
        g = _transform(grad, axes, None, R2C, False)
        last = axes[-1] - g.shape.ndims if axes[-1] >= 0 else axes[-1]
        weight = reshape(_bin_weights(_length(g, last), n_last, y.dtype), [-1] + [1] * (-last - 1))
        g = g * cast(weight, g.dtype) / cast(_size(y, axes), g.dtype)
        return [_fit(g, x, axes)]

    def samples(self, rng):
        return _SAMPLES[self.type_name](rng)


def _empty_shape(shape_, axes, lengths, kind):
    dims = list(shape_)
    for i, axis in enumerate(axes):
        n = lengths[i] if lengths is not None else dims[axis]
        if lengths is None and kind == C2R and i == len(axes) - 1:
            n = max(0, 2 * (n - 1))
        if kind == R2C and i == len(axes) - 1:
            n = n // 2 + 1
        dims[axis] = n
    return tuple(dims)


# ------------------------------------------------------------------ gradient helpers
def _length(t, axis):
    """``t``'s length along ``axis``: an int when static, else a scalar int32 tensor."""
    dim = t.shape.as_list()[axis] if t.shape.ndims is not None else None
    return dim if dim is not None else shape(t)[axis]


def _size(t, axes):
    total = 1
    for axis in axes:
        total = total * _length(t, axis)
    return total


def _output_lengths(x, axes, lengths):
    return list(lengths) if lengths is not None else [_length(x, axis) for axis in axes]


def _bin_weights(bins, n_last, dtype):
    """1 for bin 0 and, for even n, bin n/2; 2 for the bins between (their conjugates are the
    bins rfft leaves out)."""
    k = cast(range_(bins), dtype)
    single = logical_or(equal(k, 0.0), equal(2.0 * k, cast(n_last, dtype)))
    return where(single, ones_like(k), 2.0 * ones_like(k))


def _pad_axis(t, axis, amount):
    """``t`` zero-padded at the end of ``axis`` by ``amount`` (an int or a scalar tensor)."""
    if isinstance(amount, int) and amount == 0:
        return t
    ndims = t.shape.ndims
    axis = axis % ndims
    paddings = [[0, 0]] * ndims
    paddings[axis] = [0, amount]
    if all(isinstance(v, int) for row in paddings for v in row):
        return pad(t, paddings)
    return pad(t, stack([stack([convert_to_tensor(a, dtype=dtypes.int32), b])
                         for a, b in paddings]))


def _fit(g, x, axes):
    """``g`` (at the transform's lengths) cropped or zero-padded back to ``x``'s lengths along
    ``axes``: the adjoint of the crop-or-pad the forward transform applied to ``x``."""
    for axis in axes:
        have, want = _length(g, axis), _length(x, axis)
        if isinstance(have, int) and isinstance(want, int):
            if have > want:
                index = [np.s_[:]] * g.shape.ndims
                index[axis] = np.s_[:want]
                g = g[tuple(index)]
            elif have < want:
                g = _pad_axis(g, axis, want - have)
            continue
        ndims = g.shape.ndims
        sizes = [-1] * ndims
        sizes[axis % ndims] = minimum(have, want)
        g = slice(g, [0] * ndims, stack([convert_to_tensor(s, dtype=dtypes.int32)
                                         for s in sizes]))
        g = _pad_axis(g, axis, maximum(want - have, 0))
    return g


def _transform(x, axes, fft_length, kind, inverse):
    type_name = {(C2C, False): "FFTND", (C2C, True): "IFFTND", (R2C, False): "RFFTND",
                 (C2R, True): "IRFFTND"}[kind, inverse]
    return make_tensor(type_name, (x,), {"axes": tuple(axes), "fft_length": fft_length})


# ================================================================== registration and samples
_NUMPY = {(C2C, False): np.fft.fftn, (C2C, True): np.fft.ifftn, (R2C, False): np.fft.rfftn,
          (C2R, True): np.fft.irfftn}
_SAMPLES = {}


def _sample_cases(kind, rank):
    """(input shape, axes, fft_length) cases: the fixed-rank ops over the innermost ``rank``
    dimensions with and without a batch; lengths that crop and pad for the real transforms;
    any axes for the n-dimensional ops."""
    if rank is None:
        return [((3, 4, 5), (0, 2), None), ((2, 3, 4), (-1, 1), (5, 2)), ((4, 6), (0, 1), None)]
    inner = (4, 3, 5)[-rank:]
    axes = tuple(range(-rank, 0))
    cases = [(inner, axes, None), ((2,) + inner, axes, None)]
    if kind != C2C:
        cases += [((2,) + inner, axes, tuple(d + 2 for d in inner)),
                  (inner, axes, tuple(max(d - 1, 1) for d in inner))]
    return cases


def _samples_for(type_name, kind, inverse, rank):
    transform = _NUMPY[kind, inverse]

    def samples(rng):
        out = []
        for input_shape, axes, lengths in _sample_cases(kind, rank):
            attrs = {"axes": axes, "fft_length": lengths}
            if kind == R2C:
                def build(x, attrs=attrs):
                    y = make_tensor(type_name, (x,), attrs)
                    return [real(y), imag(y)]

                def reference(x, axes=axes, lengths=lengths):
                    y = transform(x, s=lengths, axes=axes)
                    return [y.real, y.imag]
                out.append(OpSample(build, normal(rng, *input_shape), reference=reference))
                continue

            def build(re, im, attrs=attrs):
                y = make_tensor(type_name, (complex(re, im),), attrs)
                return [real(y), imag(y)] if kind == C2C else y

            def reference(re, im, axes=axes, lengths=lengths):
                y = transform(re + 1j * im, s=lengths, axes=axes)
                return [y.real, y.imag] if kind == C2C else y
            out.append(OpSample(build, normal(rng, *input_shape), normal(rng, *input_shape),
                                reference=reference, rtol=1e-9, atol=1e-12))
        complex64 = (normal(rng, 2, 4) + 1j * normal(rng, 2, 4)).astype(np.complex64)
        axes = (-1,) if rank is None else tuple(range(-min(rank, 2), 0))
        single = complex64.real if kind == R2C else complex64
        out.append(OpSample(lambda x: make_tensor(type_name, (x,), {
            "axes": axes, "fft_length": None}), single, reference=lambda x: transform(
                x, axes=axes).astype({C2C: np.complex64, R2C: np.complex64,
                                      C2R: np.float32}[kind]), rtol=1e-4, atol=1e-5, grad=()))
        return out
    return samples


for _prefix, _kind in (("", C2C), ("I", C2C), ("R", R2C), ("IR", C2R)):
    for _rank, _suffix in ((1, ""), (2, "2D"), (3, "3D"), (None, "ND")):
        _name = _prefix + "FFT" + _suffix
        _SAMPLES[_name] = _samples_for(_name, _kind, _prefix.startswith("I"), _rank)
        register(FFTOp(_name, _kind, _prefix.startswith("I")))


# ================================================================== public functions
def _as_input(value, kind):
    """A tensor for a transform's input: Python values take TF's dtypes (float32, complex128)
    and numpy arrays keep theirs; a non-tensor value of the wrong kind becomes complex64
    (float32 for rfft), as TF's ``preferred_dtype``."""
    if isinstance(value, TensorLike):
        return convert_to_tensor(value)
    tensor = convert_to_tensor(value)
    if kind == R2C and not tensor.dtype.is_floating:
        return cast(tensor, dtypes.float32)
    if kind != R2C and not tensor.dtype.is_complex:
        return cast(tensor, dtypes.complex64)
    return tensor


def _static_lengths(fft_length, count, what):
    if fft_length is None:
        return None
    lengths = static_value(fft_length, "%s's fft_length" % what).reshape(-1).tolist()
    if len(lengths) != count:
        raise ValueError("%s needs %d fft_length values, got %d" % (what, count, len(lengths)))
    if any(n < 0 for n in lengths):
        raise ValueError("%s's fft_length must be non-negative, got %s" % (what, lengths))
    return tuple(int(n) for n in lengths)


def _fixed_rank(type_name, kind, rank):
    axes = tuple(range(-rank, 0))
    if kind == C2C:
        def transform(input, name=None):  # noqa: A002 - TF's argument name
            return make_tensor(type_name, (_as_input(input, kind),),
                               {"axes": axes, "fft_length": None}, name)
    else:
        def transform(input_tensor, fft_length=None, name=None):
            return make_tensor(type_name, (_as_input(input_tensor, kind),), {
                "axes": axes, "fft_length": _static_lengths(fft_length, rank, type_name)}, name)
    transform.__name__ = type_name.lower()
    transform.__doc__ = _DOCS[kind, type_name.startswith("I")] % (rank, type_name)
    return transform


_DOCS = {
    (C2C, False): """The discrete Fourier transform over the innermost %d dimension(s) of a
    complex tensor (TF's %s), unnormalized.""",
    (C2C, True): """The inverse discrete Fourier transform over the innermost %d dimension(s) of
    a complex tensor (TF's %s), scaled by ``1/n``.""",
    (R2C, False): """The Fourier transform of a real tensor over its innermost %d dimension(s)
    (TF's %s): complex64 for float32, complex128 for float64, the innermost dimension
    ``fft_length // 2 + 1`` long. ``fft_length`` (known while building) crops or zero-pads the
    input first; by default the input's lengths.""",
    (C2R, True): """The inverse of rfft over the innermost %d dimension(s) (TF's %s): a real
    tensor whose innermost lengths are ``fft_length`` (by default the input's, the last one
    ``2 * (m - 1)``); the input is cropped or zero-padded to ``fft_length // 2 + 1`` first.""",
}

fft = _fixed_rank("FFT", C2C, 1)
ifft = _fixed_rank("IFFT", C2C, 1)
fft2d = _fixed_rank("FFT2D", C2C, 2)
ifft2d = _fixed_rank("IFFT2D", C2C, 2)
fft3d = _fixed_rank("FFT3D", C2C, 3)
ifft3d = _fixed_rank("IFFT3D", C2C, 3)
rfft = _fixed_rank("RFFT", R2C, 1)
irfft = _fixed_rank("IRFFT", C2R, 1)
rfft2d = _fixed_rank("RFFT2D", R2C, 2)
irfft2d = _fixed_rank("IRFFT2D", C2R, 2)
rfft3d = _fixed_rank("RFFT3D", R2C, 3)
irfft3d = _fixed_rank("IRFFT3D", C2R, 3)


def _nd(type_name, kind, inverse):
    def transform(input_tensor, fft_length=None, axes=None, norm=None, name=None):
        x = _as_input(input_tensor, kind)
        if axes is None:
            if x.shape.ndims is None:
                raise ValueError("%s needs the input's rank known while building, or axes"
                                 % type_name)
            axes = range(x.shape.ndims)
        axes = tuple(int(a) for a in static_value(axes, "%s's axes" % type_name).reshape(-1))
        lengths = _static_lengths(fft_length, len(axes), type_name)
        if norm not in (None, "backward", "forward", "ortho"):
            raise ValueError('norm must be "backward", "forward" or "ortho", got %r' % (norm,))
        y = make_tensor(type_name, (x,), {"axes": axes, "fft_length": lengths}, name)
        if norm in (None, "backward"):
            return y
        n = _size(y if kind != R2C else x, axes) if lengths is None else int(np.prod(lengths))
        scale = cast(n, y.dtype) if norm == "forward" else cast(n, y.dtype) ** 0.5
        # "forward" puts 1/n on the forward transform; "ortho" 1/sqrt(n) on both
        return y * scale if inverse else y / scale
    transform.__name__ = type_name.lower()
    transform.__doc__ = """TF's %s over ``axes`` (default: all), the input cropped or
    zero-padded to ``fft_length`` (default: its lengths along ``axes``); ``norm`` "backward"
    (default: 1/n on the inverse), "forward" (1/n on the forward transform) or "ortho".""" % (
        type_name)
    return transform


fftnd = _nd("FFTND", C2C, False)
ifftnd = _nd("IFFTND", C2C, True)
rfftnd = _nd("RFFTND", R2C, False)
irfftnd = _nd("IRFFTND", C2R, True)


def raw_nd(transform):
    """TF's top-level ``tf.fftnd(input, fft_length, axes, name=None)`` form of an nd transform."""
    def raw(input, fft_length, axes, name=None):  # noqa: A002
        return transform(input, fft_length, axes, name=name)
    raw.__name__ = transform.__name__
    raw.__doc__ = transform.__doc__
    return raw


__all__ = ["fft", "ifft", "fft2d", "ifft2d", "fft3d", "ifft3d", "rfft", "irfft", "rfft2d",
           "irfft2d", "rfft3d", "irfft3d", "fftnd", "ifftnd", "rfftnd", "irfftnd", "raw_nd"]
