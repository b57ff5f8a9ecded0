"""``tf.audio``: 16-bit PCM WAV files to float samples and back (``decode_wav``,
``encode_wav``), with Python's ``wave`` module. Host ops without gradients, as in TF1.

Samples are float32 in [-1, 1): a 16-bit value ``v`` reads as ``v / 32768``, and writes as
``round(x * 32768)`` clipped to 16 bits, as TF's ``wav_io``.
"""
import collections
import io
import wave

import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from .constant_op import convert_to_tensor
from .op_samples import OpSample
from .registry import OpDef, make_op, make_tensor, register
from .string_family import run_error, scalar_bytes, string_array, string_input


def wav_bytes(samples, rate):
    """[frames, channels] float samples as 16-bit PCM WAV bytes."""
    samples = np.asarray(samples, np.float32)
    pcm = np.clip(np.round(samples.astype(np.float64) * 32768.0), -32768, 32767).astype("<i2")
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(samples.shape[1])
        writer.setsampwidth(2)
        writer.setframerate(int(rate))
        writer.writeframes(pcm.tobytes())
    return out.getvalue()


class DecodeWavOp(OpDef):
    type_name = "DecodeWav"
    differentiable = False
    host_only = True

    def infer(self, op):
        samples, channels = op.attrs["desired_samples"], op.attrs["desired_channels"]
        return [(dtypes.float32, TensorShape([samples if samples > 0 else None,
                                              channels if channels > 0 else None])),
                (dtypes.int32, TensorShape([]))]

    def kernel(self, op, ctx):
        want_samples, want_channels = op.attrs["desired_samples"], op.attrs["desired_channels"]

        def decode(contents):
            try:
                with wave.open(io.BytesIO(scalar_bytes(contents)), "rb") as reader:
                    if reader.getsampwidth() != 2:
                        raise run_error(op, "Can only read 16-bit WAV files, but received %d"
                                        % (8 * reader.getsampwidth()))
                    channels, rate = reader.getnchannels(), reader.getframerate()
                    frames = reader.readframes(reader.getnframes())
            except (wave.Error, EOFError) as error:
                raise run_error(op, "Bad WAV data: %s" % error) from None
            samples = (np.frombuffer(frames, "<i2").astype(np.float32) / 32768.0).reshape(
                -1, channels)
            if want_channels > 0 and want_channels != channels:
                samples = samples[:, :want_channels] if want_channels < channels else \
                    np.repeat(samples[:, :1], want_channels, axis=1) if channels == 1 else None
                if samples is None:
                    raise run_error(op, "Can only add channels to a mono file, got %d channels "
                                    "for %d desired" % (channels, want_channels))
            if want_samples > 0:
                padded = np.zeros((want_samples, samples.shape[1]), np.float32)
                kept = min(want_samples, len(samples))
                padded[:kept] = samples[:kept]
                samples = padded
            return samples, np.int32(rate)
        return decode

    def samples(self, rng):
        tone = np.array([[0.5, -0.25], [0.0, 0.75], [-1.0, 0.125]], np.float32)
        data = string_array(wav_bytes(tone, 8000))
        read = (np.clip(np.round(tone * 32768), -32768, 32767) / 32768).astype(np.float32)
        return [OpSample(lambda s: decode_wav(s), data, reference=lambda s: [read, np.int32(8000)]),
                OpSample(lambda s: decode_wav(s, desired_channels=1, desired_samples=4), data,
                         reference=lambda s: [np.concatenate([read[:, :1], [[0]]]).astype(
                             np.float32), np.int32(8000)])]


class EncodeWavOp(OpDef):
    type_name = "EncodeWav"
    differentiable = False
    host_only = True

    def infer(self, op):
        return [(dtypes.string, TensorShape([]))]

    def kernel(self, op, ctx):
        def encode(audio, rate):
            audio = np.asarray(audio)
            if audio.ndim != 2:
                raise run_error(op, "audio must be 2-dimensional [samples, channels], got "
                                "shape %s" % list(audio.shape))
            return np.array(wav_bytes(audio, int(rate)), dtype=object)
        return encode

    def samples(self, rng):
        tone = np.array([[0.5], [-2.0], [0.25]], np.float32)
        return [OpSample(lambda a, r: encode_wav(a, r), tone, np.int32(16000),
                         reference=lambda a, r: string_array(wav_bytes(a, 16000)), grad=())]


register(DecodeWavOp)
register(EncodeWavOp)

DecodeWav = collections.namedtuple("DecodeWav", ["audio", "sample_rate"])


def decode_wav(contents, desired_channels=-1, desired_samples=-1, name=None):
    """A 16-bit PCM WAV file's samples, [samples, channels] float32 in [-1, 1), and its sample
    rate (int32). ``desired_channels`` keeps the first channels (or repeats a mono one);
    ``desired_samples`` truncates or pads with zeros.

    >>> import autograd_engine as tf
    >>> wav = tf.audio.encode_wav([[0.5], [-0.5]], 8000)
    >>> audio, rate = tf.Session().run(tf.audio.decode_wav(wav))
    >>> audio.shape, int(rate)
    ((2, 1), 8000)
    """
    op = make_op("DecodeWav", (string_input(contents, "DecodeWav", "contents"),),
                 {"desired_channels": int(desired_channels),
                  "desired_samples": int(desired_samples)}, name)
    return DecodeWav(*op.outputs)


def encode_wav(audio, sample_rate, name=None):
    """[samples, channels] float32 audio as a 16-bit PCM WAV file (a string scalar), values
    outside [-1, 1) clipped.

    >>> import autograd_engine as tf
    >>> tf.Session().run(tf.audio.encode_wav([[0.0]], 8000))[:4]
    b'RIFF'
    """
    audio = convert_to_tensor(audio, dtype=dtypes.float32)
    if audio.shape.ndims not in (None, 2):
        raise ValueError("audio must be 2-dimensional [samples, channels], got shape %s"
                         % audio.shape)
    return make_tensor("EncodeWav", (audio, convert_to_tensor(sample_rate, dtype=dtypes.int32)),
                       None, name)


__all__ = ["decode_wav", "encode_wav"]
