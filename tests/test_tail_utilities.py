"""tf.make_template, tf.nest, tf.lookup tables and tf.model_variables, as TF1 programs use them
(expected values worked out from TF1's documented behaviour)."""
import collections

import numpy as np
import pytest

import autograd_engine as tf


def test_make_template_shares_variables_between_calls():
    def discriminator(images, units):
        w = tf.get_variable("w", [3, units], initializer=tf.ones_initializer())
        return tf.matmul(images, w)

    with tf.Graph().as_default():
        disc = tf.make_template("discriminator", discriminator, units=2)
        real = disc(tf.constant([[1.0, 2.0, 3.0]]))
        fake = disc(tf.constant([[0.0, 1.0, 0.0]]))
        other = tf.make_template("discriminator", discriminator, units=1)
        other(tf.zeros([1, 3]))
        assert [v.name for v in disc.trainable_variables] == ["discriminator/w:0"]
        assert [v.name for v in other.variables] == ["discriminator_1/w:0"]
        assert disc.variable_scope_name == "discriminator"
        assert len(tf.global_variables()) == 2
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            np.testing.assert_allclose(sess.run([real, fake]), [[[6.0, 6.0]], [[1.0, 1.0]]])


def test_make_template_refuses_new_variables_after_the_first_call():
    with tf.Graph().as_default():
        bad = tf.make_template("bad", lambda x: x * tf.Variable(1.0))
        bad(1.0)
        with pytest.raises(ValueError, match="Trainable variable created when calling a "
                                             "template after the first time"):
            bad(2.0)
        early = tf.make_template("early", lambda: tf.get_variable("v", []),
                                 create_scope_now_=True)
        assert early.variable_scope_name == "early" and early.variables == []
        assert early() is early()


Point = collections.namedtuple("Point", "x y")


def test_nest_flatten_pack_map_and_structure_checks():
    structure = {"b": [1, Point(2, (3,))], "a": None, "c": []}
    assert tf.nest.flatten(structure) == [None, 1, 2, 3]
    assert tf.nest.flatten(5) == [5]
    packed = tf.nest.pack_sequence_as(structure, ["n", 10, 20, 30])
    assert packed == {"b": [10, Point(20, (30,))], "a": "n", "c": []}
    assert list(packed) == ["b", "a", "c"]
    assert tf.nest.map_structure(lambda a, b: a * b, [1, (2, 3)], [4, (5, 6)]) == [4, (10, 18)]
    deep = 0
    for _ in range(5000):
        deep = [deep]
    assert tf.nest.flatten(deep) == [0]
    assert tf.nest.is_nested([]) and not tf.nest.is_nested("abc")
    with pytest.raises(ValueError, match="Structure had 2 elements, but flat_sequence had 3"):
        tf.nest.pack_sequence_as([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="don't have the same nested structure"):
        tf.nest.assert_same_structure([1, [2]], [1, 2])
    with pytest.raises(TypeError, match="same sequence type"):
        tf.nest.assert_same_structure([1, 2], (1, 2))
    tf.nest.assert_same_structure([1, 2], (1, 2), check_types=False)
    with pytest.raises(ValueError, match="same set of keys"):
        tf.nest.assert_same_structure({"a": 1}, {"b": 1})


def test_lookup_table_with_default_and_tables_initializer():
    with tf.Graph().as_default():
        init = tf.lookup.KeyValueTensorInitializer(tf.constant([10, 20, 30], tf.int64),
                                                   [1.0, 2.0, 3.0])
        table = tf.lookup.StaticHashTable(init, default_value=-1.0)
        ids = tf.placeholder(tf.int64, [None])
        found = table.lookup(ids)
        assert found.dtype == tf.float32 and found.shape.as_list() == [None]
        assert table.key_dtype == tf.int64 and table.value_dtype == tf.float32
        with tf.Session() as sess:
            sess.run(tf.tables_initializer())
            np.testing.assert_array_equal(sess.run(found, {ids: [30, 11, 10, 20, 30]}),
                                          [3.0, -1.0, 1.0, 2.0, 3.0])
            assert sess.run(table.size()) == 3
        with pytest.raises(ValueError, match="requested dtype int64 for Tensor with dtype float32"):
            table.lookup(tf.constant([1.0]))
        with pytest.raises(ValueError, match="duplicates"):
            tf.lookup.KeyValueTensorInitializer([1, 1], [2, 3])
        with pytest.raises(TypeError, match="keys are int32 or int64"):
            tf.lookup.KeyValueTensorInitializer([1.5], [2])


def test_model_variables_collection():
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="m", collections=[tf.GraphKeys.GLOBAL_VARIABLES,
                                                    tf.GraphKeys.MODEL_VARIABLES])
        tf.Variable(2.0, name="other")
        assert tf.model_variables() == [v]
