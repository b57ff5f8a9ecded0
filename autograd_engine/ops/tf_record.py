"""TFRecord files, byte-compatible with TensorFlow's both ways: :class:`TFRecordWriter`,
:func:`tf_record_iterator`, and :func:`read_records`, the one reader that ``tf_record_iterator``,
``tf.data.TFRecordDataset`` (and a ``TFRecordReader``) share.

A record is ``uint64 length, uint32 masked_crc32c(length), data, uint32 masked_crc32c(data)``,
little-endian; the CRC is CRC-32C (Castagnoli), masked as TF does. A file may be compressed
whole with ``GZIP`` or ``ZLIB`` (:class:`TFRecordOptions`); zlib's settings are TF's (default
level, memory level 9), so the compressed bytes are TF's too. A damaged record (a bad CRC, a
truncated header or body) is a ``DataLossError`` naming the file and offset.

>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "data.tfrecord")
>>> with TFRecordWriter(path) as writer:
...     writer.write(b"first"); writer.write(b"second")
>>> list(tf_record_iterator(path))
[b'first', b'second']
"""
import struct
import zlib

import numpy as np

from ..framework import errors
from .file_io import GFile

# CRC-32C (Castagnoli polynomial, reflected), one table lookup per byte.
_POLY = 0x82F63B78
_TABLE = []
for _n in range(256):
    _c = _n
    for _ in range(8):
        _c = (_c >> 1) ^ _POLY if _c & 1 else _c >> 1
    _TABLE.append(_c)
del _n, _c
_MASK_DELTA = 0xa282ead8


_TABLE_ARRAY = np.array(_TABLE, dtype=np.uint32)
# Longer data is split into lanes that numpy updates together (see _register_in_lanes).
_LANE_THRESHOLD = 8192


def crc32c(data, crc=0):
    """The CRC-32C of ``data`` (bytes), continuing from ``crc``.

    >>> hex(crc32c(b"123456789"))
    '0xe3069283'
    """
    data = bytes(data)
    register = crc ^ 0xFFFFFFFF
    if len(data) >= _LANE_THRESHOLD:
        register, data = _register_in_lanes(register, data)
    return _register(register, data) ^ 0xFFFFFFFF


def _register(register, data):
    """The CRC register after ``data``, one table lookup per byte (pure Python)."""
    table = _TABLE
    for byte in data:
        register = table[(register ^ byte) & 0xFF] ^ (register >> 8)
    return register


def _register_in_lanes(register, data):
    """The register after most of ``data`` in vectorized steps, and the bytes left over.

    The register is linear over GF(2): after a chunk it is ``Z(before) ^ R(chunk)``, where
    ``R`` is the chunk's register from zero and ``Z`` runs as many zero bytes. numpy computes
    ``R`` of ``lanes`` equal chunks at once (one step per byte of a chunk), then the chunks
    are chained with ``Z``, which is the XOR of four byte-indexed tables."""
    lanes = max(64, int(len(data) ** 0.5))
    length = len(data) // lanes
    chunks = np.frombuffer(data, dtype=np.uint8, count=lanes * length).reshape(lanes, length)
    table = _TABLE_ARRAY
    chunk_registers = np.zeros(lanes, dtype=np.uint32)
    for column in chunks.T:
        chunk_registers = table[(chunk_registers ^ column) & 0xFF] ^ (chunk_registers >> 8)
    # Z of each single-bit register, run through ``length`` zero bytes together
    images = np.left_shift(np.uint32(1), np.arange(32, dtype=np.uint32))
    for _ in range(length):
        images = table[images & 0xFF] ^ (images >> 8)
    bits = (np.arange(256)[:, None] >> np.arange(8)) & 1  # [value, bit]
    byte_tables = [np.bitwise_xor.reduce(np.where(bits, images[8 * k:8 * k + 8], 0), axis=1)
                   .astype(np.uint32).tolist() for k in range(4)]
    t0, t1, t2, t3 = byte_tables
    for chunk_register in chunk_registers.tolist():
        register = (t0[register & 0xFF] ^ t1[(register >> 8) & 0xFF] ^
                    t2[(register >> 16) & 0xFF] ^ t3[register >> 24] ^ chunk_register)
    return register, data[lanes * length:]


def masked_crc32c(data):
    """TF's masked CRC of ``data``: rotated right by 15 bits plus a constant, so that a CRC
    stored inside the data it covers does not check itself."""
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF


class TFRecordCompressionType:
    """``tf.python_io.TFRecordCompressionType``: NONE, ZLIB or GZIP."""
    NONE = 0
    ZLIB = 1
    GZIP = 2


_NAMES = {TFRecordCompressionType.NONE: "", TFRecordCompressionType.ZLIB: "ZLIB",
          TFRecordCompressionType.GZIP: "GZIP"}


class TFRecordOptions:
    """How a TFRecord file is compressed (``tf.python_io.TFRecordOptions``):
    ``compression_type`` is a :class:`TFRecordCompressionType` value or ``"GZIP"``, ``"ZLIB"``,
    ``""``; ``compression_level`` 0-9 (default: zlib's, 6)."""

    compression_type_map = {"ZLIB": TFRecordCompressionType.ZLIB,
                            "GZIP": TFRecordCompressionType.GZIP,
                            "": TFRecordCompressionType.NONE}

    def __init__(self, compression_type=None, flush_mode=None, input_buffer_size=None,
                 output_buffer_size=None, window_bits=None, compression_level=None,
                 compression_method=None, mem_level=None, compression_strategy=None):
        self.compression_type = compression_type
        self.window_bits = window_bits
        self.compression_level = compression_level
        self.mem_level = mem_level
        self.compression_strategy = compression_strategy

    @classmethod
    def get_compression_type_string(cls, options):
        """``""``, ``"ZLIB"`` or ``"GZIP"`` for options, a compression type or a string."""
        if options is None:
            return ""
        value = options.compression_type if isinstance(options, TFRecordOptions) else options
        if value is None:
            return ""
        if isinstance(value, str):
            if value not in cls.compression_type_map:
                raise ValueError('Unsupported compression type "%s": use "", "ZLIB" or "GZIP"'
                                 % value)
            return value
        if value not in _NAMES:
            raise ValueError("Unsupported compression type %r" % (value,))
        return _NAMES[value]


def _wbits(compression, window_bits=None):
    bits = window_bits or zlib.MAX_WBITS
    return bits + 16 if compression == "GZIP" else bits


class TFRecordWriter:
    """Writes records (bytes) to a TFRecord file (``tf.python_io.TFRecordWriter``,
    ``tf.io.TFRecordWriter``); ``options`` a :class:`TFRecordOptions`, a compression type or
    ``"GZIP"``/``"ZLIB"``. A context manager; ``close()`` finishes a compressed stream."""

    def __init__(self, path, options=None):
        self._compression = TFRecordOptions.get_compression_type_string(options)
        self._file = GFile(path, "wb")
        self._file.write(b"")  # create (or truncate) the file now, as TF1 does
        self._compressor = None
        if self._compression:
            opts = options if isinstance(options, TFRecordOptions) else TFRecordOptions()
            level = opts.compression_level
            self._compressor = zlib.compressobj(
                zlib.Z_DEFAULT_COMPRESSION if level is None else level, zlib.DEFLATED,
                _wbits(self._compression, opts.window_bits), opts.mem_level or 9,
                zlib.Z_DEFAULT_STRATEGY if opts.compression_strategy is None else
                opts.compression_strategy)

    def write(self, record):
        """Appends one record (bytes, or str encoded as UTF-8)."""
        if self._file is None:
            raise errors.FailedPreconditionError(None, None, "Writer is closed.")
        data = record.encode("utf-8") if isinstance(record, str) else bytes(record)
        length = struct.pack("<Q", len(data))
        framed = b"".join((length, struct.pack("<I", masked_crc32c(length)), data,
                           struct.pack("<I", masked_crc32c(data))))
        self._file.write(self._compressor.compress(framed) if self._compressor else framed)

    def flush(self):
        if self._compressor is not None:
            self._file.write(self._compressor.flush(zlib.Z_SYNC_FLUSH))
        self._file.flush()

    def close(self):
        if self._file is not None:
            if self._compressor is not None:
                self._file.write(self._compressor.flush(zlib.Z_FINISH))
            self._file.close()
            self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class _Decompressing:
    """A file's bytes inflated as they are read (``read(n)`` as a file's)."""

    def __init__(self, raw, compression):
        self._raw = raw
        # GZIP: +32 lets zlib read the gzip header; ZLIB: a zlib stream
        self._inflate = zlib.decompressobj(zlib.MAX_WBITS + (32 if compression == "GZIP"
                                                             else 0))
        self._pending = b""

    def read(self, n):
        while len(self._pending) < n:
            chunk = self._raw.read(1 << 16)
            if not chunk:
                self._pending += self._inflate.flush()
                break
            self._pending += self._inflate.decompress(chunk)
            while self._inflate.unused_data and self._inflate.eof:  # concatenated gzip members
                rest = self._inflate.unused_data
                self._inflate = zlib.decompressobj(zlib.MAX_WBITS + 32)
                self._pending += self._inflate.decompress(rest)
        data, self._pending = self._pending[:n], self._pending[n:]
        return data


def read_records(path, compression_type="", check_crc=True):
    """Yields ``(offset, record)`` for each record of the TFRecord file ``path`` (offsets in
    the uncompressed stream); NotFoundError for a missing file, DataLossError for a damaged
    record. ``compression_type``: ``""``, ``"ZLIB"`` or ``"GZIP"`` (or TFRecordOptions)."""
    compression = TFRecordOptions.get_compression_type_string(compression_type)
    source = GFile(path, "rb")
    try:
        stream = _Decompressing(source, compression) if compression else source
        offset = 0
        while True:
            try:
                header = stream.read(12)
            except zlib.error as error:
                raise errors.DataLossError(None, None, "%s: corrupted %s data at offset %d "
                                           "(%s)" % (path, compression, offset, error)) from None
            if not header:
                return
            if len(header) < 12:
                raise errors.DataLossError(None, None, "truncated record at %d in %s"
                                           % (offset, path))
            length_bytes, length_crc = header[:8], struct.unpack("<I", header[8:])[0]
            if check_crc and masked_crc32c(length_bytes) != length_crc:
                raise errors.DataLossError(None, None, "corrupted record at %d in %s"
                                           % (offset, path))
            length = struct.unpack("<Q", length_bytes)[0]
            body = stream.read(length + 4)
            if len(body) < length + 4:
                raise errors.DataLossError(None, None, "truncated record at %d in %s"
                                           % (offset, path))
            data = body[:length]
            if check_crc and masked_crc32c(data) != struct.unpack("<I", body[length:])[0]:
                raise errors.DataLossError(None, None, "corrupted record at %d in %s"
                                           % (offset, path))
            yield offset, data
            offset += 16 + length
    finally:
        source.close()


def tf_record_iterator(path, options=None):
    """The records (bytes) of a TFRecord file, one by one (``tf.python_io.tf_record_iterator``).

    ``options``: a :class:`TFRecordOptions` or compression type, as the file was written."""
    for _, record in read_records(path, options):
        yield record


__all__ = ["crc32c", "masked_crc32c", "TFRecordCompressionType", "TFRecordOptions",
           "TFRecordWriter", "read_records", "tf_record_iterator"]
