"""tf.train's queue-based input pipeline (producers, batch, shuffle_batch, the *_join forms,
limit_epochs, match_filenames_once) and readers, against TensorFlow's answers
(tests/fixtures/queues/expected.json; tools/make_fixtures_queues.py). Reader keys hold file
paths as given, relative to tests/, so these tests run from there. The classic loop is
bounded by RunOptions deadlines: a bug fails a test instead of hanging it."""
import json
import os
import re
import runpy

import numpy as np
import pytest

import autograd_engine as tf

TESTS = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(TESTS, "fixtures", "queues", "expected.json")) as _f:
    EXPECTED = json.load(_f)
DEADLINE = tf.RunOptions(timeout_in_ms=10000)  # a bound for bugs, not a speed test


@pytest.fixture(autouse=True)
def in_tests_folder(monkeypatch):
    monkeypatch.chdir(TESTS)


def _text(value):
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, (list, tuple)):
        return [_text(v) for v in value]
    if isinstance(value, np.ndarray):
        return _text(value.tolist()) if value.dtype == object else value.tolist()
    return value.item() if isinstance(value, np.generic) else value


def _without_ids(message):
    return re.sub(r"'_\d+_", "'_N_", message.split("\n")[0])


def _dims(shape):
    dims = shape.as_list()
    return "(%s)" % (", ".join(str(d) for d in dims) + ("," if len(dims) == 1 else ""))


def _loop(fetch, on_error=None):
    """The classic TF1 loop over ``fetch`` until the input ends; returns what it fetched."""
    got = []
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        try:
            while not coord.should_stop():
                try:
                    got.append(_text(sess.run(fetch, options=DEADLINE)))
                except tf.errors.InvalidArgumentError as e:
                    if on_error is None:
                        raise
                    got.append(on_error(e))
        except tf.errors.OutOfRangeError as e:
            got.append(["OutOfRangeError", _without_ids(str(e))])
        finally:
            coord.request_stop()
        coord.join(threads, stop_grace_period_secs=3)
    return got


# ------------------------------------------------------------------ readers
def _read_all(make_reader, names, n_reads, up_to=None):
    files = tf.FIFOQueue(10, tf.string, shapes=[[]])
    reader = make_reader()
    key, value = reader.read_up_to(files, up_to) if up_to else reader.read(files)
    produced, completed = reader.num_records_produced(), reader.num_work_units_completed()
    reads = []
    with tf.Session() as sess:
        sess.run(files.enqueue_many([names]))
        sess.run(files.close())
        for _ in range(n_reads):
            try:
                k, v = sess.run([key, value], options=DEADLINE)
            except tf.errors.OutOfRangeError as e:
                reads.append(["OutOfRangeError", _without_ids(str(e))])
                break
            reads.append([_text(k), _text(v), int(sess.run(produced)),
                          int(sess.run(completed))])
    return reads


def _expected_reads(name):
    reads = EXPECTED["readers"][name]
    return reads[:-1] + [[reads[-1][0], _without_ids(reads[-1][1])]]


TEXT_FILES = ["fixtures/queues/lines_a.csv", "fixtures/queues/lines_b.csv"]
READER_CASES = {
    "text_skip1": (lambda: tf.TextLineReader(skip_header_lines=1), TEXT_FILES, 10, None),
    "text": (tf.TextLineReader, TEXT_FILES[:1], 10, None),
    "text_up_to3": (tf.TextLineReader, TEXT_FILES, 10, 3),
    "whole": (tf.WholeFileReader, ["fixtures/queues/whole.txt", "fixtures/queues/fixed.bin"],
              5, None),
    "fixed": (lambda: tf.FixedLengthRecordReader(4, header_bytes=3, footer_bytes=3),
              ["fixtures/queues/fixed.bin"], 12, None),
    "fixed_hop": (lambda: tf.FixedLengthRecordReader(5, header_bytes=3, footer_bytes=3,
                                                     hop_bytes=7),
                  ["fixtures/queues/fixed.bin"], 12, None),
    "tfrecord": (tf.TFRecordReader, ["fixtures/tfrecord/examples.tfrecord"], 10, None),
    "tfrecord_gzip": (lambda: tf.TFRecordReader(options=tf.python_io.TFRecordOptions(
        tf.python_io.TFRecordCompressionType.GZIP)), ["fixtures/tfrecord/examples.tfrecord.gz"],
        10, None),
}


@pytest.mark.parametrize("case", sorted(READER_CASES))
def test_reader_keys_values_and_counts_match_tensorflow(case):
    make_reader, names, n_reads, up_to = READER_CASES[case]
    assert _read_all(make_reader, names, n_reads, up_to) == _expected_reads(case)


def test_reader_reset_and_missing_file():
    files = tf.FIFOQueue(10, tf.string, shapes=[[]])
    reader = tf.TextLineReader()
    key, _ = reader.read(files)
    with tf.Session() as sess:
        sess.run(files.enqueue_many([[TEXT_FILES[0], TEXT_FILES[0], "no/such/file.csv"]]))
        sess.run([key, key])
        sess.run(reader.reset())
        assert sess.run(reader.num_records_produced()) == 0
        assert sess.run(key, options=DEADLINE).endswith(b"lines_a.csv:1")  # the next file
        for _ in range(4):
            sess.run(key)
        with pytest.raises(tf.errors.NotFoundError, match="no/such/file.csv"):
            sess.run(key, options=DEADLINE)
    assert reader.reader_ref.op.type == "TextLineReaderV2"
    assert key.op.name == "ReaderReadV2"


def test_decode_csv_of_read_lines_matches_tensorflow():
    files = tf.train.string_input_producer(TEXT_FILES, num_epochs=1, shuffle=False)
    _, line = tf.TextLineReader(skip_header_lines=1).read(files)
    columns = tf.decode_csv(line, record_defaults=[[0], [0.0], ["?"]])
    got = _loop(columns, on_error=lambda e: ["InvalidArgumentError", str(e).split("\n")[0]])
    expected = EXPECTED["csv_of_lines"]
    assert got == expected[:-1] + [["OutOfRangeError", _without_ids(expected[-1][1])]]


# ------------------------------------------------------------------ producers
def test_string_input_producer_order_names_and_end_match_tensorflow():
    files = tf.train.string_input_producer(["a", "b", "c"], num_epochs=2, shuffle=False)
    names = files.dequeue_up_to(10)
    graph = tf.get_default_graph()
    assert [files.name, names.op.name] + sorted(v.op.name for v in tf.local_variables()) + \
        sorted(qr.name for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)) + \
        sorted(s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)) == \
        EXPECTED["pipelines"]["string_producer_names"]
    assert graph.get_operation_by_name(files.name).type == "FIFOQueueV2"
    got = _loop(names)
    assert sum(got[:-1], []) == EXPECTED["pipelines"]["string_producer"]
    assert got[-1][1] == _without_ids(EXPECTED["pipelines"]["string_producer_end"])


def test_string_input_producer_shuffles_each_epoch():
    names = [str(i) for i in range(20)]
    files = tf.train.string_input_producer(names, num_epochs=2, seed=5)
    got = sum(_loop(files.dequeue_up_to(40))[:-1], [])
    assert sorted(got[:20]) == sorted(got[20:]) == sorted(names)
    assert got[:20] != names
    with pytest.raises(ValueError, match="requires a non-null input tensor"):
        tf.train.string_input_producer([])


def test_range_and_slice_input_producers():
    index = tf.train.range_input_producer(4, num_epochs=1, shuffle=False).dequeue()
    assert _loop(index)[:-1] == [0, 1, 2, 3]
    tf.reset_default_graph()
    row, label = tf.train.slice_input_producer(
        [tf.constant([[1, 2], [3, 4], [5, 6]]), tf.constant(["a", "b", "c"])], num_epochs=1,
        seed=2)
    got = _loop([row, label])[:-1]
    assert sorted(got) == [[[1, 2], "a"], [[3, 4], "b"], [[5, 6], "c"]]


def test_limit_epochs_and_match_filenames_once():
    limited = tf.train.limit_epochs(tf.constant(7), num_epochs=2)
    pattern = tf.train.match_filenames_once(os.path.join("fixtures", "queues", "lines_*.csv"))
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert [sess.run(limited), sess.run(limited)] == [7, 7]
        with pytest.raises(tf.errors.OutOfRangeError, match="Reached limit of 2"):
            sess.run(limited)
        assert _text(sess.run(pattern)) == TEXT_FILES
    assert pattern in tf.local_variables() and pattern not in tf.global_variables()
    with pytest.raises(ValueError, match="num_epochs must be > 0"):
        tf.train.limit_epochs(tf.constant(1), 0)


# ------------------------------------------------------------------ batching
def test_batch_structures_and_static_shapes_match_tensorflow():
    x = tf.train.range_input_producer(7, num_epochs=1, shuffle=False).dequeue()
    single = tf.train.batch([x], 3, allow_smaller_final_batch=True)
    pair = tf.train.batch([x, tf.fill([2], x)], 3, enqueue_many=False)
    as_dict = tf.train.batch({"b": x, "a": tf.cast(x, tf.float32) / 2}, 2)
    got = ["SymbolicTensor" if isinstance(single, tf.Tensor) else type(single).__name__,
           _dims(single.shape), [_dims(t.shape) for t in pair], sorted(as_dict),
           _dims(as_dict["a"].shape), single.op.name, pair[0].op.name]
    assert got == EXPECTED["pipelines"]["batch_structures"]


def test_batch_gives_a_smaller_final_batch_as_tensorflow():
    x = tf.train.range_input_producer(7, num_epochs=1, shuffle=False).dequeue()
    batches = tf.train.batch([x], 3, allow_smaller_final_batch=True)
    assert _loop(batches)[:-1] == EXPECTED["pipelines"]["batch_smaller_final"]


def test_dynamic_pad_matches_tensorflow():
    rows = tf.constant([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])
    lengths = tf.constant([1, 3, 0, 2])
    row, length = tf.train.slice_input_producer([rows, lengths], num_epochs=1, shuffle=False)
    ragged = tf.slice(row, [0], tf.reshape(length, [1]))  # row[:length]
    padded, lens = tf.train.batch([ragged, length], 2, dynamic_pad=True)
    assert [_dims(padded.shape), _dims(lens.shape)] == EXPECTED["pipelines"]["dynamic_pad_static"]
    assert _loop([padded, lens])[:-1] == EXPECTED["pipelines"]["dynamic_pad"]


def test_batch_argument_errors_match_tensorflow():
    many = tf.train.batch([tf.constant([[1, 2], [3, 4], [5, 6]])], 2, enqueue_many=True)
    assert _dims(many.shape) == EXPECTED["pipelines"]["enqueue_many_static"]
    with pytest.raises(ValueError) as info:
        tf.train.batch([tf.placeholder(tf.float32, [None])], 2)
    # TF 2 writes the shape TensorShape([None]); TF1 (and here) TensorShape([Dimension(None)])
    assert str(info.value).replace("Dimension(None)", "None") == \
        EXPECTED["pipelines"]["batch_unknown_shape"]
    with pytest.raises(ValueError) as info:
        tf.train.shuffle_batch([tf.constant(1)], 2, capacity=5, min_after_dequeue=5)
    assert str(info.value) == EXPECTED["pipelines"]["shuffle_capacity"]


def test_shuffle_batch_gives_every_element_once_per_epoch_with_threads():
    x = tf.train.range_input_producer(30, num_epochs=2, shuffle=False).dequeue()
    batch = tf.train.shuffle_batch([x], 4, capacity=20, min_after_dequeue=8, num_threads=3,
                                   seed=1, allow_smaller_final_batch=True)
    got = sum(_loop(batch)[:-1], [])
    assert sorted(got) == sorted(list(range(30)) * 2)
    assert got != sorted(got)


def test_batch_join_and_shuffle_batch_join_take_from_every_list():
    a = tf.train.range_input_producer(5, num_epochs=1, shuffle=False).dequeue()
    b = tf.train.range_input_producer(5, num_epochs=1, shuffle=False).dequeue() + 100
    joined = tf.train.batch_join([[a], [b]], 2, allow_smaller_final_batch=True)
    got = sum(_loop(joined)[:-1], [])
    assert sorted(got) == [0, 1, 2, 3, 4, 100, 101, 102, 103, 104]
    tf.reset_default_graph()
    a = tf.train.range_input_producer(5, num_epochs=1, shuffle=False).dequeue()
    b = tf.train.range_input_producer(5, num_epochs=1, shuffle=False).dequeue() + 100
    shuffled = tf.train.shuffle_batch_join([[a], [b]], 3, capacity=10, min_after_dequeue=2,
                                           seed=4, allow_smaller_final_batch=True)
    got = sum(_loop(shuffled)[:-1], [])
    assert sorted(got) == [0, 1, 2, 3, 4, 100, 101, 102, 103, 104]
    with pytest.raises(TypeError, match="Expected types to be consistent"):
        tf.train.batch_join([[tf.constant(1)], [tf.constant(1.0)]], 2)


def test_classic_training_loop_on_csv_files_ends_cleanly():
    files = tf.train.string_input_producer(TEXT_FILES, num_epochs=3, shuffle=False)
    _, line = tf.TextLineReader(skip_header_lines=1).read(files)
    line = tf.regex_replace(line, "^$", "0,0,?")  # the empty line of lines_a.csv
    _, x, _ = tf.decode_csv(line, record_defaults=[[0], [0.0], ["?"]])
    xs = tf.train.shuffle_batch([x], 3, capacity=10, min_after_dequeue=3, seed=2,
                                allow_smaller_final_batch=True)
    w = tf.Variable(0.0)
    loss = tf.reduce_mean(tf.square(xs - w))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    steps = _loop(train)
    assert len(steps) == 6 + 1 and steps[-1][0] == "OutOfRangeError"  # 15 rows in 3s, end


def test_the_queue_pipeline_example_trains_to_the_true_weights():
    example = runpy.run_path(os.path.join(TESTS, "..", "examples", "queue_pipeline.py"))
    result = example["main"](verbose=False, num_epochs=3)
    assert result["steps"] == 60  # 200 rows, 3 epochs, batches of 10
    np.testing.assert_allclose(result["weights"], example["TRUE_WEIGHTS"], atol=0.05)
    assert abs(result["bias"] - example["TRUE_BIAS"]) < 0.05


def test_maybe_batch_keeps_only_what_keep_input_marks():
    x = tf.train.range_input_producer(8, num_epochs=1, shuffle=False).dequeue()
    evens = tf.train.maybe_batch([x], tf.equal(x % 2, 0), 2, allow_smaller_final_batch=True)
    assert sum(_loop(evens)[:-1], []) == [0, 2, 4, 6]
    tf.reset_default_graph()
    rows = tf.constant([[1, 2], [3, 4], [5, 6]])
    kept = tf.train.maybe_batch([rows], [True, False, True], 2, enqueue_many=True)
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        assert sess.run(kept, options=DEADLINE).tolist() == [[1, 2], [5, 6]]
        coord.request_stop()
        coord.join(threads, stop_grace_period_secs=3)
    with pytest.raises(ValueError, match="cannot be a vector when `enqueue_many=False`"):
        tf.train.maybe_batch([tf.constant(1)], [True], 2)


def test_maybe_shuffle_batch_drops_what_keep_input_refuses():
    x = tf.train.range_input_producer(10, num_epochs=1, shuffle=False).dequeue()
    small = tf.train.maybe_shuffle_batch([x], 2, capacity=8, min_after_dequeue=2,
                                         keep_input=x < 5, seed=3,
                                         allow_smaller_final_batch=True)
    assert sorted(sum(_loop(small)[:-1], [])) == [0, 1, 2, 3, 4]


def test_queue_runners_survive_a_meta_graph_round_trip(tmp_path):
    files = tf.train.string_input_producer(["a", "b", "c"], num_epochs=1, shuffle=False)
    names = files.dequeue_up_to(5, name="names")
    path = str(tmp_path / "pipeline.meta")
    tf.train.export_meta_graph(filename=path)
    with tf.Graph().as_default() as graph:
        tf.train.import_meta_graph(path)
        runner, = graph.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
        assert runner.name == "input_producer" and runner.queue.type == "FIFOQueueV2"
        assert runner.queue_closed_exception_types == (tf.errors.OutOfRangeError,)
        assert _loop(graph.get_tensor_by_name("names:0"))[0] == ["a", "b", "c"]


def test_monitored_session_starts_and_stops_the_queue_runners():
    x = tf.train.range_input_producer(5, num_epochs=1, shuffle=False).dequeue()
    batch = tf.train.batch([x], 2, allow_smaller_final_batch=True)
    got = []
    with tf.train.MonitoredSession() as sess:  # OutOfRangeError ends the block quietly
        while not sess.should_stop():
            got.append(sess.run(batch, options=DEADLINE).tolist())
    assert got == [[0, 1], [2, 3], [4]]
