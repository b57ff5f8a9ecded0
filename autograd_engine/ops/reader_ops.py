"""TF1's readers (``tf.TextLineReader``, ``tf.WholeFileReader``,
``tf.FixedLengthRecordReader``, ``tf.TFRecordReader``): ``read(queue)`` takes the next record
of the current file, and when that file is done dequeues the next file name from ``queue``
(a queue of strings, usually ``tf.train.string_input_producer``'s); it returns a
``(key, value)`` pair of string scalars. Keys are TF1's: ``"<file>:<line>"`` (lines counted
from 1, header lines included), ``"<file>:<record index>"``, ``"<file>:<byte offset>"``, or
the file name for WholeFileReader.

Each Session has its own reader state (``ctx.resources``): the current file, its records
still to read, and the counts ``num_records_produced``/``num_work_units_completed``. When the
queue is closed and empty, ``read`` raises the queue's ``OutOfRangeError``.
"""
import gzip
import os
import tempfile
import threading
import zlib

import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import control_dependencies
from ..framework.tensor_shape import TensorShape
from ..framework.unimplemented import unimplemented
from .constant_op import convert_to_tensor
from . import data_flow_ops
from .file_io import GFile
from .op_samples import OpSample
from .queue_ops import QueueOp
from .registry import get_op_def, make_op, register
from .string_family import run_error, string_array
from .tf_record import TFRecordOptions, TFRecordWriter, read_records

_HANDLE = [(dtypes.resource, TensorShape([]))]
_SCALAR_STRING = (dtypes.string, TensorShape([]))


# ------------------------------------------------------------------ record sources
def _text_lines(path, attrs):
    skip = attrs["skip_header_lines"]
    with GFile(path, "rb") as f:
        for number, line in enumerate(f, start=1):
            if number > skip:
                yield "%d" % number, line.rstrip(b"\n").rstrip(b"\r")


def _whole_file(path, attrs):
    with GFile(path, "rb") as f:
        yield None, f.read()


def fixed_length_records(path, attrs):
    header, record, footer, hop = (attrs["header_bytes"], attrs["record_bytes"],
                                   attrs["footer_bytes"], attrs["hop_bytes"])
    with GFile(path, "rb") as f:
        data = f.read()
    encoding = attrs["encoding"]
    if encoding == "GZIP":
        data = gzip.decompress(data)
    elif encoding == "ZLIB":
        data = zlib.decompress(data)
    end = len(data) - footer
    step = hop if hop > 0 else record
    position, index = header, 0
    while position + record <= end:
        yield "%d" % index, data[position:position + record]
        position += step
        index += 1


def _tf_records(path, attrs):
    for offset, record in read_records(path, attrs["compression_type"]):
        yield "%d" % offset, record


def _identity(work, attrs):
    yield None, work.encode("utf-8", "surrogateescape")


_SOURCES = {"TextLineReaderV2": _text_lines, "WholeFileReaderV2": _whole_file,
            "FixedLengthRecordReaderV2": fixed_length_records,
            "TFRecordReaderV2": _tf_records, "IdentityReaderV2": _identity}
# Readers giving one record per work unit, which completes it.
_ONE_RECORD_PER_WORK = ("WholeFileReaderV2", "IdentityReaderV2")


class ReaderState:
    """One Session's reader: the file being read and its remaining records."""

    def __init__(self, source, attrs, finishes_with_last_record):
        self.source, self.attrs = source, attrs
        self.finishes_with_last_record = finishes_with_last_record
        self.lock = threading.Lock()  # one read at a time, as TF1's ReaderBase
        self.reset()

    def reset(self):
        self.work, self.records = None, None
        self.produced = 0
        self.completed = 0
        self._ended_file = False  # the last record taken ended its file

    def _finish_work(self):
        self.work, self.records = None, None
        self.completed += 1
        self._ended_file = True

    def next_record(self, op, queue, within_file=False):
        """``(key, value)`` of the next record, dequeuing file names as needed. With
        ``within_file`` (a read_up_to that has records already), None instead at the end of
        the current file, or when the queue is closed and empty."""
        while True:
            if self.records is None:
                if within_file and self.work is None and self._ended_file:
                    return None
                try:
                    element, = queue.dequeue(op, None)
                except errors.OutOfRangeError:
                    if within_file:
                        return None
                    raise
                self.work = element[0][()] if isinstance(element[0], np.ndarray) else element[0]
                # surrogateescape: a work unit that is not UTF-8 (IdentityReader's) survives
                self.records = self.source(self.work.decode("utf-8", "surrogateescape"),
                                           self.attrs)
            try:
                index, value = next(self.records)
            except StopIteration:
                self._finish_work()
                continue
            except errors.OpError as error:
                self._finish_work()
                raise run_error(op, error.message, type(error)) from None
            self._ended_file = False
            key = self.work if index is None else self.work + b":" + index.encode("ascii")
            self.produced += 1
            if self.finishes_with_last_record:
                self._finish_work()
            return key, value


# ------------------------------------------------------------------ ops
class _MakeReader(QueueOp):
    def infer(self, op):
        return _HANDLE

    def kernel(self, op, ctx):
        state = ctx.resources.get(op)
        if state is None:
            state = ctx.resources[op] = ReaderState(
                _SOURCES[op.type], dict(op.attrs), op.type in _ONE_RECORD_PER_WORK)
        return lambda: state


for _type_name in _SOURCES:
    register(type(_type_name, (_MakeReader,), {"type_name": _type_name}))


@register
class ReaderReadV2(QueueOp):
    type_name = "ReaderReadV2"

    def infer(self, op):
        return [_SCALAR_STRING, _SCALAR_STRING]

    def kernel(self, op, ctx):
        def read(reader, queue):
            with reader.lock:
                key, value = reader.next_record(op, queue)
            return np.asarray(key, dtype=object), np.asarray(value, dtype=object)
        return read


@register
class ReaderReadUpToV2(QueueOp):
    type_name = "ReaderReadUpToV2"

    def infer(self, op):
        return [(dtypes.string, TensorShape([None]))] * 2

    def kernel(self, op, ctx):
        def read_up_to(reader, queue, num_records):
            num_records = int(num_records)
            if num_records <= 0:
                raise run_error(op, "num_records must be > 0 but is %d" % num_records)
            pairs = []
            with reader.lock:
                while len(pairs) < num_records:
                    # as TF1: a batch never spans files; it ends early at the end of one
                    pair = reader.next_record(op, queue, within_file=bool(pairs))
                    if pair is None:
                        break
                    pairs.append(pair)
            keys = np.empty(len(pairs), dtype=object)
            values = np.empty(len(pairs), dtype=object)
            keys[:] = [k for k, _ in pairs]
            values[:] = [v for _, v in pairs]
            return keys, values
        return read_up_to


class _ReaderCount(QueueOp):
    def infer(self, op):
        return [(dtypes.int64, TensorShape([]))]


@register
class ReaderNumRecordsProducedV2(_ReaderCount):
    type_name = "ReaderNumRecordsProducedV2"

    def kernel(self, op, ctx):
        return lambda reader: np.int64(reader.produced)


@register
class ReaderNumWorkUnitsCompletedV2(_ReaderCount):
    type_name = "ReaderNumWorkUnitsCompletedV2"

    def kernel(self, op, ctx):
        return lambda reader: np.int64(reader.completed)


@register
class ReaderResetV2(QueueOp):
    type_name = "ReaderResetV2"

    def infer(self, op):
        return []

    def kernel(self, op, ctx):
        def reset(reader):
            with reader.lock:
                reader.reset()
        return reset


# ------------------------------------------------------------------ Python classes
def _queue_ref(queue):
    return getattr(queue, "queue_ref", queue)


class ReaderBase:
    """What every TF1 reader offers; see the module's docstring."""

    def __init__(self, reader_ref, supports_serialize=False):
        self._reader_ref = reader_ref
        self._supports_serialize = supports_serialize

    reader_ref = property(lambda self: self._reader_ref, doc="The reader's handle tensor.")
    supports_serialize = property(lambda self: self._supports_serialize)

    def read(self, queue, name=None):
        """The next ``(key, value)`` record, taking the next file name from ``queue`` (a
        queue or its handle) when the current file is done."""
        op = make_op("ReaderReadV2", [self._reader_ref, _queue_ref(queue)], None,
                     name=name or "ReaderReadV2")
        return op.outputs[0], op.outputs[1]

    def read_up_to(self, queue, num_records, name=None):
        """Up to ``num_records`` records (fewer only at the end of input): two 1-D string
        tensors, keys and values."""
        n = convert_to_tensor(num_records, dtype=dtypes.int64, name="num_records")
        op = make_op("ReaderReadUpToV2", [self._reader_ref, _queue_ref(queue), n], None,
                     name=name or "ReaderReadUpToV2")
        return op.outputs[0], op.outputs[1]

    def num_records_produced(self, name=None):
        """How many records this reader has produced (int64 scalar)."""
        return make_op("ReaderNumRecordsProducedV2", [self._reader_ref], None,
                       name=name or "ReaderNumRecordsProducedV2").outputs[0]

    def num_work_units_completed(self, name=None):
        """How many files this reader has finished (int64 scalar)."""
        return make_op("ReaderNumWorkUnitsCompletedV2", [self._reader_ref], None,
                       name=name or "ReaderNumWorkUnitsCompletedV2").outputs[0]

    def reset(self, name=None):
        """The op returning the reader to its initial state (counts at 0, no file)."""
        return make_op("ReaderResetV2", [self._reader_ref], None,
                       name=name or "ReaderResetV2")


def _make_reader(type_name, attrs, name):
    return make_op(type_name, (), dict(attrs, container="", shared_name=""),
                   name=name or type_name).outputs[0]


class TextLineReader(ReaderBase):
    """Reads the lines of text files (without their line endings), skipping the first
    ``skip_header_lines`` of each file; keys are ``"<file>:<line number>"``.

    >>> import autograd_engine as tf, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "data.csv")
    >>> with open(path, "w") as f:
    ...     _ = f.write("x,y\\n1,2\\n3,4\\n")
    >>> files = tf.FIFOQueue(2, tf.string)
    >>> key, line = tf.TextLineReader(skip_header_lines=1).read(files)
    >>> with tf.Session() as sess:
    ...     sess.run(files.enqueue(path))
    ...     k, v = sess.run([key, line])
    >>> k.endswith(b"data.csv:2"), v
    (True, b'1,2')
    """

    def __init__(self, skip_header_lines=None, name=None):
        super().__init__(_make_reader("TextLineReaderV2",
                                      {"skip_header_lines": int(skip_header_lines or 0)}, name))


class WholeFileReader(ReaderBase):
    """Reads whole files: the key is the file name, the value its contents.

    >>> import autograd_engine as tf, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "a.txt")
    >>> with open(path, "wb") as f:
    ...     _ = f.write(b"all of it")
    >>> files = tf.train.string_input_producer([path], num_epochs=1)
    >>> key, contents = tf.WholeFileReader().read(files)
    >>> with tf.Session() as sess:
    ...     sess.run(tf.local_variables_initializer())
    ...     threads = tf.train.start_queue_runners(sess)
    ...     sess.run(contents)
    b'all of it'
    """

    def __init__(self, name=None):
        super().__init__(_make_reader("WholeFileReaderV2", {}, name), supports_serialize=True)


class FixedLengthRecordReader(ReaderBase):
    """Reads records of ``record_bytes`` bytes after ``header_bytes`` and before
    ``footer_bytes`` of each file, one every ``hop_bytes`` (default: back to back); keys are
    ``"<file>:<record index>"``. ``encoding``: ``"ZLIB"`` or ``"GZIP"`` for compressed files.

    >>> import autograd_engine as tf, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "records.bin")
    >>> with open(path, "wb") as f:
    ...     _ = f.write(b"HDabcdefEND")
    >>> files = tf.FIFOQueue(1, tf.string)
    >>> reader = tf.FixedLengthRecordReader(3, header_bytes=2, footer_bytes=3)
    >>> keys, records = reader.read_up_to(files, 5)
    >>> with tf.Session() as sess:
    ...     sess.run(files.enqueue(path))
    ...     sess.run(files.close())
    ...     sess.run(records).tolist()
    [b'abc', b'def']
    """

    def __init__(self, record_bytes, header_bytes=None, footer_bytes=None, hop_bytes=None,
                 name=None, encoding=None):
        if record_bytes <= 0:
            raise ValueError("record_bytes must be > 0, got %d" % record_bytes)
        encoding = (encoding or "").upper()
        if encoding not in ("", "ZLIB", "GZIP"):
            raise ValueError("encoding must be '', 'ZLIB' or 'GZIP', got %r" % encoding)
        super().__init__(_make_reader("FixedLengthRecordReaderV2", {
            "record_bytes": int(record_bytes), "header_bytes": int(header_bytes or 0),
            "footer_bytes": int(footer_bytes or 0), "hop_bytes": int(hop_bytes or 0),
            "encoding": encoding}, name))


class TFRecordReader(ReaderBase):
    """Reads the records of TFRecord files (``options``: a TFRecordOptions or compression
    type, as written); keys are ``"<file>:<byte offset of the record>"``.

    >>> import autograd_engine as tf, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "r.tfrecord")
    >>> with tf.python_io.TFRecordWriter(path) as writer:
    ...     writer.write(b"one"); writer.write(b"two")
    >>> files = tf.FIFOQueue(1, tf.string)
    >>> keys, records = tf.TFRecordReader().read_up_to(files, 5)
    >>> with tf.Session() as sess:
    ...     sess.run(files.enqueue(path))
    ...     sess.run(files.close())
    ...     k, v = sess.run([keys, records])
    >>> [key.split(b":")[-1] for key in k], v.tolist()
    ([b'0', b'19'], [b'one', b'two'])
    """

    def __init__(self, name=None, options=None):
        compression = TFRecordOptions.get_compression_type_string(options)
        super().__init__(_make_reader("TFRecordReaderV2", {"compression_type": compression},
                                      name))


class IdentityReader(ReaderBase):
    """Reads the work units themselves: each string dequeued is one record, both its key and
    its value (issue 20, i20i).

    >>> import autograd_engine as tf
    >>> work = tf.FIFOQueue(2, tf.string)
    >>> key, value = tf.IdentityReader().read(work)
    >>> with tf.Session() as sess:
    ...     sess.run(work.enqueue("unit-1"))
    ...     sess.run([key, value])
    [b'unit-1', b'unit-1']
    """

    def __init__(self, name=None):
        super().__init__(_make_reader("IdentityReaderV2", {}, name), supports_serialize=True)


LMDBReader = unimplemented(
    "tf.LMDBReader", "LMDB database reading (the lmdb package is not a dependency)",
    "records converted to TFRecord files, read with tf.TFRecordReader or "
    "tf.data.TFRecordDataset")


# ------------------------------------------------------------------ conformance samples
# A reader sample enqueues its input (a file name) into a queue, closes it, and reads in the
# same run; the files are this module (text) and a small TFRecord file written on first use.
def _this_file():
    with open(__file__, "rb") as f:
        return f.read()


def _file_queue(path_tensor):
    queue = data_flow_ops.FIFOQueue(4, dtypes.string, shapes=[[]])
    close = _after([queue.enqueue([path_tensor])], queue.close)
    return queue, close


def _after(ops, make):
    with control_dependencies(ops):
        return make()


def _read_first(make_reader):
    def build(path):
        queue, ready = _file_queue(path)
        return list(_after([ready], lambda: make_reader().read(queue)))
    return build


def _lines():
    return _this_file().split(b"\n")


def _tfrecord_file():
    global _TFRECORD_PATH
    if _TFRECORD_PATH is None:
        path = os.path.join(tempfile.mkdtemp(prefix="reader_samples"), "records.tfrecord")
        with TFRecordWriter(path) as writer:
            for record in (b"first", b"", b"third record"):
                writer.write(record)
        _TFRECORD_PATH = path
    return _TFRECORD_PATH


_TFRECORD_PATH = None


def _key(path, suffix):
    return np.asarray(bytes(path) + suffix, dtype=object)


def _value(data):
    return np.asarray(data, dtype=object)


def _reader_samples(type_name):
    here = string_array(__file__)

    def samples(rng):
        if type_name == "TextLineReaderV2":
            return [OpSample(_read_first(lambda: TextLineReader(skip_header_lines=1)), here,
                             reference=lambda p: [_key(p[()], b":2"), _value(_lines()[1])])]
        if type_name == "WholeFileReaderV2":
            return [OpSample(_read_first(WholeFileReader), here,
                             reference=lambda p: [_value(p[()]), _value(_this_file())])]
        if type_name == "FixedLengthRecordReaderV2":
            return [OpSample(_read_first(lambda: FixedLengthRecordReader(7, header_bytes=2)),
                             here, reference=lambda p: [_key(p[()], b":0"),
                                                        _value(_this_file()[2:9])])]
        if type_name == "IdentityReaderV2":
            unit = string_array(b"work\xff unit")
            return [OpSample(_read_first(IdentityReader), unit,
                             reference=lambda p: [_value(p[()]), _value(p[()])])]
        records = string_array(_tfrecord_file())
        return [OpSample(_read_first(TFRecordReader), records,
                         reference=lambda p: [_key(p[()], b":0"), _value(b"first")])]
    return samples


def _read_up_to_samples(rng):
    """Three lines of this file; and a TFRecord file's three records when asked for five."""
    def build(path, n):
        queue, ready = _file_queue(path)
        reader = TextLineReader() if n == 3 else TFRecordReader()
        return list(_after([ready], lambda: reader.read_up_to(queue, n)))
    here, records = string_array(__file__), string_array(_tfrecord_file())
    return [OpSample(lambda p: build(p, 3), here, reference=lambda p: [
        _keys(p[()], [b":1", b":2", b":3"]), string_array(_lines()[:3])]),
        OpSample(lambda p: build(p, 5), records, reference=lambda p: [
            _keys(p[()], [b":0", b":21", b":37"]), string_array(["first", "", "third record"])])]


def _keys(path, suffixes):
    return string_array([bytes(path) + s for s in suffixes])


def _count_samples(what):
    """Records produced after reading three lines, files completed after one whole file,
    and the records produced after a reset."""
    def samples(rng):
        def build(path):
            queue, ready = _file_queue(path)
            reader = WholeFileReader() if what == "completed" else TextLineReader()
            read = _after([ready], lambda: reader.read_up_to(queue, 3))
            if what == "reset":
                read = [_after(list(read), reader.reset)]
            count = reader.num_work_units_completed if what == "completed" else \
                reader.num_records_produced
            return _after(list(read), count)
        expected = {"completed": 1, "produced": 3, "reset": 0}[what]
        return [OpSample(build, string_array(__file__),
                         reference=lambda p: np.int64(expected))]
    return samples


for _type_name in _SOURCES:
    get_op_def(_type_name).samples = _reader_samples(_type_name)
for _type_name, _samples in (("ReaderReadV2", _reader_samples("TextLineReaderV2")),
                             ("ReaderReadUpToV2", _read_up_to_samples),
                             ("ReaderNumRecordsProducedV2", _count_samples("produced")),
                             ("ReaderNumWorkUnitsCompletedV2", _count_samples("completed")),
                             ("ReaderResetV2", _count_samples("reset"))):
    get_op_def(_type_name).samples = _samples


__all__ = ["ReaderBase", "TextLineReader", "WholeFileReader", "FixedLengthRecordReader",
           "TFRecordReader", "IdentityReader", "LMDBReader"]
