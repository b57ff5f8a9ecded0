"""TensorFlow's Philox4x32-10 stream for the stateless random ops, so that
``stateless_uniform`` (float and integer) and ``stateless_normal`` give TensorFlow's values
for the same seed: uniform draws bit for bit, normal draws to within the last bit of the
float32 ``log``/``sin`` (TensorFlow computes those with Eigen's own kernels).

The seed pair is scrambled into a key and a counter as TF's ``GetKeyCounterFromSeed`` does;
output element ``i`` then comes from the ``i // k``-th block of four 32-bit words (``k`` values
per block), as TF's CPU kernels fill their output.

>>> uniform_floats([1, 2], 3, np.float32).tolist()
[0.8440604209899902, 0.19204533100128174, 0.9962232112884521]
"""
import numpy as np

_MUL_A, _MUL_B = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
_WEYL_A, _WEYL_B = 0x9E3779B9, 0xBB67AE85
_LOW32 = np.uint64(0xFFFFFFFF)
_SHIFT32 = np.uint64(32)


def philox_blocks(counters, key):
    """Philox4x32-10 of every row of ``counters`` (``[n, 4]`` uint64 holding 32-bit words)
    under ``key`` (two 32-bit ints): ``[n, 4]`` words."""
    words = [counters[:, i].copy() for i in range(4)]
    low_key, high_key = key
    for _ in range(10):
        first, second = _MUL_A * words[0], _MUL_B * words[2]
        words = [(second >> _SHIFT32) ^ words[1] ^ np.uint64(low_key), second & _LOW32,
                 (first >> _SHIFT32) ^ words[3] ^ np.uint64(high_key), first & _LOW32]
        low_key, high_key = (low_key + _WEYL_A) & 0xFFFFFFFF, (high_key + _WEYL_B) & 0xFFFFFFFF
    return np.stack(words, 1)


def _key_and_counter(seed):
    s0, s1 = (int(s) & (2 ** 64 - 1) for s in np.asarray(seed).reshape(-1)[:2])
    counter = np.array([[s0 & 0xFFFFFFFF, s0 >> 32, s1 & 0xFFFFFFFF, s1 >> 32]], np.uint64)
    mix = philox_blocks(counter, (0x3EC8F720, 0x02461E29))[0]
    return (int(mix[0]), int(mix[1])), (int(mix[2]) << 64) | (int(mix[3]) << 96)


def philox_words(seed, blocks):
    """The first ``blocks`` blocks (``[blocks, 4]`` uint64 words) of the stream of ``seed``,
    or the blocks at the offsets ``blocks`` when it is an array."""
    key, start = _key_and_counter(seed)
    index = np.arange(blocks, dtype=np.uint64) if np.ndim(blocks) == 0 else \
        np.asarray(blocks, np.uint64).reshape(-1)  # the counter's low 64 bits start at 0
    counters = np.zeros((index.size, 4), np.uint64)
    counters[:, 0], counters[:, 1] = index & _LOW32, index >> _SHIFT32
    counters[:, 2] = np.uint64((start >> 64) & 0xFFFFFFFF)
    counters[:, 3] = np.uint64((start >> 96) & 0xFFFFFFFF)
    return philox_blocks(counters, key)


def _unit_floats(words):
    """TF's Uint32ToFloat: 23 random mantissa bits, in [0, 1)."""
    bits = ((words & np.uint64(0x7FFFFF)) | np.uint64(127 << 23)).astype(np.uint32)
    return bits.view(np.float32) - np.float32(1.0)


def _unit_doubles(high, low):
    """TF's Uint64ToDouble: 52 random mantissa bits from two words, in [0, 1)."""
    mantissa = ((high & np.uint64(0xFFFFF)) << _SHIFT32) | low
    return (mantissa | np.uint64(1023 << 52)).view(np.float64) - 1.0


def uniform_floats(seed, count, dtype):
    """``count`` uniform draws in [0, 1) (float64 for float64, float32 otherwise)."""
    if np.dtype(dtype) == np.float64:
        words = philox_words(seed, (count + 1) // 2).reshape(-1, 2)[:count]
        return _unit_doubles(words[:, 0], words[:, 1])
    return _unit_floats(philox_words(seed, (count + 3) // 4).reshape(-1)[:count])


def normal_floats(seed, count, dtype):
    """``count`` standard normal draws by TF's Box-Muller on the Philox stream."""
    if np.dtype(dtype) == np.float64:
        words = philox_words(seed, (count + 1) // 2)
    else:
        words = philox_words(seed, (count + 3) // 4).reshape(-1, 2)
    return _box_muller(words, dtype).reshape(-1)[:count]


def _box_muller(words, dtype):
    """Normal pairs from words (``[..., 2]`` for float32, ``[..., 4]`` for float64), in the
    order TF's Box-Muller gives them."""
    if np.dtype(dtype) == np.float64:
        radius = np.maximum(_unit_doubles(words[..., 0], words[..., 1]), 1e-7)
        angle = 2.0 * np.pi * _unit_doubles(words[..., 2], words[..., 3])
        length = np.sqrt(-2.0 * np.log(radius))
    else:
        radius = np.maximum(_unit_floats(words[..., 0]), np.float32(1e-7))
        angle = np.float32(2.0 * np.pi) * _unit_floats(words[..., 1])
        length = np.sqrt(np.float32(-2.0) * np.log(radius))
    return np.stack([np.sin(angle) * length, np.cos(angle) * length], -1)


# TF's CPU kernels give each group of outputs of a rejection-sampled distribution its own
# stretch of the stream: 256 samples per output, the words read one at a time.
_RESERVED_PER_OUTPUT = 256


def truncated_normal_floats(seed, count, dtype):
    """``count`` standard normal draws within two standard deviations, as TF's stateless
    truncated normal: groups of 4 (float32) or 2 (float64) outputs, each group taking the
    first normals under 2 in absolute value from its own part of the stream."""
    double = np.dtype(dtype) == np.float64
    group, words_per_pair = (2, 4) if double else (4, 2)
    skip = group * _RESERVED_PER_OUTPUT // 4  # blocks between two groups' starts
    groups = (count + group - 1) // group
    out = np.empty((groups, group), np.float64 if double else np.float32)
    pending, blocks_read = np.arange(groups), 0
    taken = np.zeros(groups, np.int64)
    while pending.size:
        # four more blocks of every pending group, in stream order
        offsets = pending[:, None] * skip + blocks_read + np.arange(4)[None, :]
        words = philox_words(seed, offsets).reshape(pending.size, -1, words_per_pair)
        normals = _box_muller(words, dtype).reshape(pending.size, -1)
        inside = np.abs(normals) < 2.0
        rank = np.cumsum(inside, axis=1)  # 1 for a group's first accepted normal, ...
        chosen = inside & (rank <= (group - taken[pending])[:, None])
        rows = np.broadcast_to(pending[:, None], chosen.shape)[chosen]
        out[rows, taken[rows] + rank[chosen] - 1] = normals[chosen]
        taken[pending] += chosen.sum(axis=1)
        pending, blocks_read = pending[taken[pending] < group], blocks_read + 4
    return out.reshape(-1)[:count]


def uniform_integers(seed, count, low, high, dtype):
    """``count`` integers in [low, high): ``low + bits % (high - low)`` with 32 bits per draw
    for 32-bit dtypes and 64 (two words) otherwise, as TF."""
    span = int(high) - int(low)
    if span <= 0:
        raise ValueError("Need minval < maxval: got %d >= %d" % (low, high))
    if np.dtype(dtype).itemsize <= 4:
        bits = philox_words(seed, (count + 3) // 4).reshape(-1)[:count]
        return (int(low) + (bits % np.uint64(span)).astype(np.int64)).astype(dtype)
    words = philox_words(seed, (count + 1) // 2).reshape(-1, 2)[:count]
    bits = words[:, 0] | (words[:, 1] << _SHIFT32)
    offsets = bits % np.uint64(span)
    return (np.int64(low) + offsets.astype(np.int64)).astype(dtype)


def full_range_integers(seed, count, dtype):
    """``count`` integers over the whole range of ``dtype`` (the stream's bits as they are)."""
    if np.dtype(dtype).itemsize <= 4:
        bits = philox_words(seed, (count + 3) // 4).reshape(-1)[:count]
        return bits.astype(np.uint32).view(np.int32).astype(dtype)
    words = philox_words(seed, (count + 1) // 2).reshape(-1, 2)[:count]
    return (words[:, 0] | (words[:, 1] << _SHIFT32)).view(np.int64).astype(dtype)


__all__ = ["philox_blocks", "philox_words", "uniform_floats", "normal_floats",
           "truncated_normal_floats",
           "uniform_integers", "full_range_integers"]
