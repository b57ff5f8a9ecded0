"""The rest of TF1's tf.data against TensorFlow's values (tests/fixtures/framework_tail/values.json
"data", made by tools/make_fixtures_framework_tail.py): cardinality, choose_from_datasets,
unbatch, FixedLengthRecordDataset; options, sampling, ignore_errors, numpy iteration."""
import json
import pathlib

import numpy as np
import pytest

import autograd_engine as tf

FIXTURES = json.loads((pathlib.Path(__file__).parent / "fixtures" / "framework_tail"
                       / "values.json").read_text())["data"]

CARDINALITY_CASES = {
    "batch": lambda: tf.data.Dataset.range(10).batch(4),
    "repeat_forever": lambda: tf.data.Dataset.range(3).repeat(),
    "filter": lambda: tf.data.Dataset.range(10).filter(lambda x: x > 3),
    "skip_take": lambda: tf.data.Dataset.range(10).skip(3).take(4),
    "shard": lambda: tf.data.Dataset.range(10).shard(3, 1),
    "slices_drop_remainder": lambda: tf.data.Dataset.from_tensor_slices(
        np.zeros([7, 2])).batch(2, drop_remainder=True),
    "empty_repeat": lambda: tf.data.Dataset.range(0).repeat(),
    "repeat_skip": lambda: tf.data.Dataset.range(4).repeat(3).skip(2),
}


def elements(dataset):
    """Every element, fetched through a one-shot iterator (tf.data.make_one_shot_iterator)."""
    out = []
    with tf.Session() as sess:
        nxt = tf.data.make_one_shot_iterator(dataset).get_next()
        try:
            while True:
                out.append(sess.run(nxt))
        except tf.errors.OutOfRangeError:
            return out


@pytest.mark.parametrize("case", sorted(CARDINALITY_CASES))
def test_cardinality_as_tensorflow(case):
    dataset = CARDINALITY_CASES[case]()
    with tf.Session() as sess:
        assert sess.run(tf.data.experimental.cardinality(dataset)) == \
            FIXTURES["cardinality"][case]
        assert sess.run(dataset.cardinality()).dtype == np.int64
    assert (tf.data.INFINITE_CARDINALITY, tf.data.UNKNOWN_CARDINALITY) == (-1, -2)
    assert tf.data.AUTOTUNE == tf.data.experimental.AUTOTUNE == -1


def test_choose_from_datasets_as_tensorflow():
    choices = tf.data.Dataset.from_tensor_slices(np.array([0, 1, 1, 0, 0, 0, 1], np.int64))
    chosen = tf.data.experimental.choose_from_datasets(
        [tf.data.Dataset.range(3), tf.data.Dataset.range(100, 105)], choices)
    assert [int(v) for v in elements(chosen)] == FIXTURES["choose"]
    with pytest.raises(TypeError, match="scalar tf.int64"):
        tf.data.experimental.choose_from_datasets([tf.data.Dataset.range(3)],
                                                  tf.data.Dataset.range(2).map(tf.to_int32))


def test_unbatch_as_tensorflow():
    dataset = tf.data.Dataset.from_tensor_slices(
        (np.arange(12).reshape(2, 3, 2), np.arange(6).reshape(2, 3))).unbatch()
    assert [s.as_list() for s in dataset.output_shapes] == [[2], []]
    assert [[a.tolist(), b.tolist()] for a, b in elements(dataset)] == FIXTURES["unbatch"]
    same = tf.data.Dataset.range(6).batch(4).apply(tf.data.experimental.unbatch())
    assert [int(v) for v in same.as_numpy_iterator()] == list(range(6))
    with pytest.raises(ValueError, match="scalar components"):
        tf.data.Dataset.range(3).unbatch()


def test_fixed_length_record_dataset_as_tensorflow(tmp_path):
    path = tmp_path / "records.bin"
    path.write_bytes(b"HEAD" + bytes(range(18)) + b"FT")
    dataset = tf.data.FixedLengthRecordDataset(str(path), 6, header_bytes=4, footer_bytes=2)
    assert dataset.output_types == tf.string
    assert [list(r) for r in elements(dataset)] == FIXTURES["fixed_length"]
    path.write_bytes(b"HEAD" + bytes(range(20)) + b"FT")
    with pytest.raises(tf.errors.InvalidArgumentError, match="body length 20 bytes, which is "
                       "not an exact multiple of the record length \\(6 bytes\\)"):
        elements(dataset)
    with pytest.raises(ValueError, match="record_bytes must be positive"):
        tf.data.FixedLengthRecordDataset(str(path), 0)


def test_sample_from_datasets_draws_by_weight_and_keeps_every_element():
    small, large = tf.data.Dataset.range(20), tf.data.Dataset.range(1000, 1400)
    mixed = tf.data.experimental.sample_from_datasets([small, large], [0.2, 0.8], seed=3)
    values = [int(v) for v in mixed.as_numpy_iterator()]
    assert sorted(values) == list(range(20)) + list(range(1000, 1400))
    first_100 = values[:100]
    assert 8 <= sum(v < 20 for v in first_100) <= 35  # about 20 of 100 (binomial, seeded)
    assert [v for v in values if v < 20] == list(range(20))  # each input keeps its order
    again = tf.data.experimental.sample_from_datasets([small, large], [0.2, 0.8], seed=3)
    assert [int(v) for v in again.as_numpy_iterator()] == values
    with pytest.raises(ValueError, match="non-negative"):
        tf.data.experimental.sample_from_datasets([small, large], [1.0, -1.0])


def test_ignore_errors_drops_elements_the_map_fails_on():
    inverted = tf.data.Dataset.from_tensor_slices(np.array([1.0, 0.0, 4.0])).map(
        lambda x: tf.check_numerics(1.0 / x, "inf"))
    with np.errstate(divide="ignore"):
        kept = [float(v) for v in inverted.apply(tf.data.experimental.ignore_errors())
                .as_numpy_iterator()]
    assert kept == [1.0, 0.25]
    with pytest.raises(ValueError, match="right after .map"):
        tf.data.Dataset.range(3).apply(tf.data.experimental.ignore_errors())


def test_map_and_batch_and_shuffle_and_repeat():
    batched = tf.data.Dataset.range(5).apply(
        tf.data.experimental.map_and_batch(lambda x: x * 2, 2, drop_remainder=True))
    assert [v.tolist() for v in batched.as_numpy_iterator()] == [[0, 2], [4, 6]]
    shuffled = tf.data.Dataset.range(6).apply(
        tf.data.experimental.shuffle_and_repeat(6, count=2, seed=1))
    values = [int(v) for v in shuffled.as_numpy_iterator()]
    assert sorted(values[:6]) == sorted(values[6:]) == list(range(6))


def test_options_are_recorded_and_merged():
    options = tf.data.Options()
    options.experimental_deterministic = False
    options.threading.private_threadpool_size = 4
    more = tf.data.Options()
    more.threading.max_intra_op_parallelism = 1
    dataset = tf.data.Dataset.range(3).with_options(options).with_options(more)
    merged = dataset.options()
    assert merged.experimental_deterministic is False
    assert (merged.threading.private_threadpool_size, merged.threading.max_intra_op_parallelism) \
        == (4, 1)
    assert tf.data.Dataset.range(3).options() == tf.data.Options()
    assert [int(v) for v in dataset.as_numpy_iterator()] == [0, 1, 2]
    with pytest.raises(TypeError, match="tf.data.Options"):
        tf.data.Dataset.range(3).with_options({"deterministic": True})


def test_module_functions_spec_and_numpy_iterator():
    dataset = tf.data.Dataset.from_tensor_slices((np.zeros([4, 2], np.float32), np.arange(4)))
    assert tf.data.get_output_types(dataset) == (tf.float32, tf.int64)
    assert [s.as_list() for s in tf.data.get_output_shapes(dataset)] == [[2], []]
    assert tf.data.get_output_classes(dataset) == (tf.Tensor, tf.Tensor)
    iterator = tf.data.make_initializable_iterator(dataset.batch(3))
    assert tf.data.get_output_types(iterator) == (tf.float32, tf.int64)
    with tf.Session() as sess:
        sess.run(iterator.initializer)
        assert sess.run(iterator.get_next())[1].tolist() == [0, 1, 2]
    spec = tf.data.DatasetSpec.from_value(tf.data.Dataset.range(2))
    assert spec == tf.data.DatasetSpec((tf.int64, tf.TensorShape([])))
    numpy_iterator = tf.data.Dataset.range(2).as_numpy_iterator()
    assert isinstance(numpy_iterator, tf.data.NumpyIterator)
    assert [int(v) for v in numpy_iterator] == [0, 1] and list(numpy_iterator) == []
