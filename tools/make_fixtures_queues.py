"""Writes tests/fixtures/queues/: input files for the readers and what TensorFlow's TF1 queues,
readers, producers and batching give on them (expected.json). Run with the TensorFlow venv:

    /work/tfvenv/bin/python tools/make_fixtures_queues.py

The suite reads the files and the JSON only; it never needs TensorFlow. Strings are stored as
latin-1 text (every byte one character). File paths are given relative to tests/, so keys are too. The TFRecord input is i17a's fixture file
tests/fixtures/tfrecord/examples.tfrecord (and its GZIP copy), written by TensorFlow.
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_eager_execution()
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures")
OUT = os.path.join(ROOT, "queues")


def text(value):
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, np.ndarray):
        return [text(v) for v in value.tolist()] if value.dtype == object else value.tolist()
    if isinstance(value, (list, tuple)):
        return [text(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def message(error):
    """The kernel's own message of a TF error (TF 2's graph errors wrap it in a stack)."""
    lines = error.message.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("\t [[") and i > 0:
            return lines[i - 1]
    return [line for line in lines if line.strip()][-1]


def write_inputs():
    os.makedirs(OUT, exist_ok=True)
    files = {
        "lines_a.csv": b"id,x,label\n1,0.5,a\n2,1.5,\"b,c\"\n\n3,-2,d",
        "lines_b.csv": b"id,x,label\r\n4,7.25,e\r\n5,8,f\r\n",
        "fixed.bin": bytes(range(3)) + bytes(range(100, 130)) + b"END",
        "whole.txt": b"the whole\nfile\x00with a NUL\n",
    }
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


def path(name, folder=OUT):
    return os.path.relpath(os.path.join(folder, name), os.path.join(ROOT, ".."))


def read_all(make_reader, names, n_reads, up_to=None):
    """Keys and values of ``n_reads`` reads (then the error), counts along the way."""
    with tf.Graph().as_default():
        files = tf.FIFOQueue(10, tf.string, shapes=[[]])
        reader = make_reader()
        if up_to:
            key, value = reader.read_up_to(files, up_to)
        else:
            key, value = reader.read(files)
        produced, completed = reader.num_records_produced(), reader.num_work_units_completed()
        with tf.Session() as sess:
            sess.run(files.enqueue_many([names]))
            sess.run(files.close())
            reads = []
            for _ in range(n_reads):
                try:
                    k, v = sess.run([key, value])
                    reads.append([text(k), text(v), int(sess.run(produced)),
                                  int(sess.run(completed))])
                except tf.errors.OutOfRangeError as e:
                    reads.append(["OutOfRangeError", message(e)])
                    break
            return reads


def readers():
    text_files = [path("lines_a.csv"), path("lines_b.csv")]
    tfrecords = os.path.join(ROOT, "tfrecord")
    return {
        "text_skip1": read_all(lambda: tf.TextLineReader(skip_header_lines=1), text_files, 10),
        "text": read_all(lambda: tf.TextLineReader(), text_files[:1], 10),
        "text_up_to3": read_all(lambda: tf.TextLineReader(), text_files, 10, up_to=3),
        "whole": read_all(lambda: tf.WholeFileReader(), [path("whole.txt"), path("fixed.bin")],
                          5),
        "fixed": read_all(lambda: tf.FixedLengthRecordReader(4, header_bytes=3,
                                                             footer_bytes=3),
                          [path("fixed.bin")], 12),
        "fixed_hop": read_all(lambda: tf.FixedLengthRecordReader(5, header_bytes=3,
                                                                 footer_bytes=3, hop_bytes=7),
                              [path("fixed.bin")], 12),
        "tfrecord": read_all(lambda: tf.TFRecordReader(),
                             [path("examples.tfrecord", tfrecords)], 10),
        "tfrecord_gzip": read_all(
            lambda: tf.TFRecordReader(options=tf.python_io.TFRecordOptions(
                tf.python_io.TFRecordCompressionType.GZIP)),
            [path("examples.tfrecord.gz", tfrecords)], 10),
    }


def csv_of_lines():
    with tf.Graph().as_default():
        files = tf.train.string_input_producer([path("lines_a.csv"), path("lines_b.csv")],
                                               num_epochs=1, shuffle=False)
        _, line = tf.TextLineReader(skip_header_lines=1).read(files)
        columns = tf.decode_csv(line, record_defaults=[[0], [0.0], ["?"]])
        out = []
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            try:
                while True:
                    try:
                        out.append(text(sess.run(columns)))
                    except tf.errors.InvalidArgumentError as e:
                        out.append(["InvalidArgumentError", message(e)])
            except tf.errors.OutOfRangeError as e:
                out.append(["OutOfRangeError", message(e)])
            finally:
                coord.request_stop()
                coord.join(threads)
        return out


def queues():
    result = {}
    with tf.Graph().as_default():
        q = tf.FIFOQueue(10, [tf.int32, tf.string], shapes=[[], [2]])
        enq = q.enqueue_many([[1, 2, 3, 4, 5], [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"],
                                                ["i", "j"]]])
        one, many, up_to = q.dequeue(), q.dequeue_many(2), q.dequeue_up_to(4)
        result["fifo_static_shapes"] = [[str(t.shape) for t in one], [str(t.shape) for t in many],
                                        [str(t.shape) for t in up_to]]
        result["fifo_names"] = [q.name, q.queue_ref.dtype.name, one[0].op.name,
                                many[0].op.name, up_to[0].op.name, enq.name,
                                q.close().name, q.size().op.name]
        with tf.Session() as sess:
            sess.run(enq)
            result["fifo_one"] = text(sess.run(one))
            result["fifo_many"] = text(sess.run(many))
            result["fifo_size"] = int(sess.run(q.size()))
            sess.run(q.close())
            result["fifo_up_to_closed"] = text(sess.run(up_to))
            for label, fetch in (("dequeue", one), ("dequeue_many", many)):
                try:
                    sess.run(fetch)
                except tf.errors.OutOfRangeError as e:
                    result["closed_" + label] = message(e)
            try:
                sess.run(enq)
            except tf.errors.CancelledError as e:
                result["closed_enqueue"] = ["CancelledError", message(e)]
            try:
                sess.run(q.dequeue(), options=tf.RunOptions(timeout_in_ms=10))
            except tf.errors.OutOfRangeError as e:
                result["closed_dequeue_other_op"] = message(e)
    with tf.Graph().as_default():
        q = tf.FIFOQueue(3, tf.float32)
        deq = q.dequeue_many(2)
        result["unshaped_many_static"] = str(deq.shape)
        with tf.Session() as sess:
            sess.run(q.enqueue_many([[1.0, 2.0]]))
            try:
                sess.run(deq)
            except tf.errors.InvalidArgumentError as e:
                result["unshaped_many"] = message(e)
            try:
                empty = tf.FIFOQueue(3, tf.float32)
                sess.run(empty.dequeue(), options=tf.RunOptions(timeout_in_ms=50))
            except tf.errors.OpError as e:
                result["timeout"] = [type(e).__name__, message(e)]
    with tf.Graph().as_default():
        q = tf.PaddingFIFOQueue(10, [tf.int32, tf.string], shapes=[[None, 2], [None]])
        enqs = [q.enqueue([[[1, 2]], ["x"]]), q.enqueue([[[3, 4], [5, 6], [7, 8]], ["y", "zz"]]),
                q.enqueue([np.zeros((0, 2), np.int32), []])]
        deq = q.dequeue_many(3)
        result["padding_static"] = [str(t.shape) for t in deq]
        with tf.Session() as sess:
            for e in enqs:
                sess.run(e)
            result["padding_batch"] = text(sess.run(deq))
    with tf.Graph().as_default():
        q = tf.RandomShuffleQueue(10, 2, tf.int32, shapes=[[]], seed=3)
        with tf.Session() as sess:
            sess.run(q.enqueue_many([[1, 2, 3]]))
            try:
                sess.run(q.dequeue_many(2), options=tf.RunOptions(timeout_in_ms=50))
            except tf.errors.DeadlineExceededError as e:
                result["shuffle_min_after_dequeue_blocks"] = message(e)
            sess.run(q.close())
            result["shuffle_drain_after_close"] = sorted(sess.run(q.dequeue_up_to(10)).tolist())
    with tf.Graph().as_default():
        v = tf.Variable(0, name="counter")
        c = tf.count_up_to(v, 2)
        with tf.Session() as sess:
            sess.run(v.initializer)
            got = [int(sess.run(c)), int(sess.run(c))]
            try:
                sess.run(c)
            except tf.errors.OutOfRangeError as e:
                got.append(message(e))
            result["count_up_to"] = got
    return result


def pipelines():
    result = {}
    with tf.Graph().as_default():
        files = tf.train.string_input_producer(["a", "b", "c"], num_epochs=2, shuffle=False)
        names = files.dequeue_up_to(10)
        result["string_producer_names"] = [files.name, names.op.name] + sorted(
            v.op.name for v in tf.local_variables()) + sorted(
            qr.name for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)) + sorted(
            s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES))
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            got = []
            try:
                while True:
                    got.extend(text(sess.run(names)))
            except tf.errors.OutOfRangeError as e:
                result["string_producer_end"] = message(e)
            coord.request_stop()
            coord.join(threads)
            result["string_producer"] = got
    with tf.Graph().as_default():
        x = tf.train.range_input_producer(7, num_epochs=1, shuffle=False).dequeue()
        single = tf.train.batch([x], 3, allow_smaller_final_batch=True)
        pair = tf.train.batch([x, tf.fill([2], x)], 3, enqueue_many=False)
        as_dict = tf.train.batch({"b": x, "a": tf.cast(x, tf.float32) / 2}, 2)
        result["batch_structures"] = [type(single).__name__, str(single.shape),
                                      [str(t.shape) for t in pair], sorted(as_dict),
                                      str(as_dict["a"].shape), single.op.name, pair[0].op.name]
    with tf.Graph().as_default():
        x = tf.train.range_input_producer(7, num_epochs=1, shuffle=False).dequeue()
        batches = tf.train.batch([x], 3, allow_smaller_final_batch=True)
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            got = []
            try:
                while not coord.should_stop():
                    got.append(sess.run(batches).tolist())
            except tf.errors.OutOfRangeError:
                pass
            finally:
                coord.request_stop()
            coord.join(threads)
            result["batch_smaller_final"] = got
    with tf.Graph().as_default():
        rows = tf.constant([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])
        lengths = tf.constant([1, 3, 0, 2])
        row, length = tf.train.slice_input_producer([rows, lengths], num_epochs=1,
                                                    shuffle=False)
        ragged = row[:length]
        padded, lens = tf.train.batch([ragged, length], 2, dynamic_pad=True)
        result["dynamic_pad_static"] = [str(padded.shape), str(lens.shape)]
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            result["dynamic_pad"] = [text(sess.run([padded, lens])) for _ in range(2)]
            coord.request_stop()
            coord.join(threads)
    with tf.Graph().as_default():
        many = tf.train.batch([tf.constant([[1, 2], [3, 4], [5, 6]])], 2, enqueue_many=True)
        result["enqueue_many_static"] = str(many.shape)
        try:
            tf.train.batch([tf.placeholder(tf.float32, [None])], 2)
        except ValueError as e:
            result["batch_unknown_shape"] = str(e).split("\n")[0]
        try:
            tf.train.shuffle_batch([tf.constant(1)], 2, capacity=5, min_after_dequeue=5)
        except ValueError as e:
            result["shuffle_capacity"] = str(e)
    return result


def main():
    os.chdir(os.path.join(ROOT, ".."))  # keys hold the paths as given: relative to tests/
    write_inputs()
    expected = {"readers": readers(), "csv_of_lines": csv_of_lines(), "queues": queues(),
                "pipelines": pipelines()}
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
