"""tf.train.Checkpoint / CheckpointManager (graph mode), init_from_checkpoint's assignment_map
rules, warm_start with VocabInfo, and the checkpoint-directory helpers."""
import os
import threading
import time

import numpy as np
import pytest

import autograd_engine as tf


def _session_with(*variables):
    sess = tf.Session()
    sess.run([v.initializer for v in variables])
    return sess


def test_checkpoint_save_restore_counts_saves_and_tracks_objects(tmp_path):
    prefix = str(tmp_path / "ckpt")
    with tf.Graph().as_default():
        w = tf.Variable([1.0, 2.0], name="w")
        model = tf.keras.layers.Dense(2)
        optimizer = tf.train.AdamOptimizer(0.1)
        train = optimizer.minimize(tf.reduce_sum(model(tf.ones([1, 3]))) + tf.reduce_sum(w))
        checkpoint = tf.train.Checkpoint(w=w, model=model, optimizer=optimizer, extra=[w])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train)
            saved = sess.run([w] + model.weights + optimizer.variables())
            first = checkpoint.save(prefix)  # the default session
            second = checkpoint.save(prefix, session=sess)
            assert os.path.basename(first) == "ckpt-1" and os.path.basename(second) == "ckpt-2"
            assert tf.train.latest_checkpoint(str(tmp_path)) == second
            keys = dict(tf.train.list_variables(second))
            assert "w/.ATTRIBUTES/VARIABLE_VALUE" in keys
            assert "save_counter/.ATTRIBUTES/VARIABLE_VALUE" in keys
            assert keys["extra/0/.ATTRIBUTES/VARIABLE_VALUE"] == [2]
            sess.run(tf.global_variables_initializer())
            status = checkpoint.restore(second)
            status.run_restore_ops()
            for got, want in zip(sess.run([w] + model.weights + optimizer.variables()), saved):
                np.testing.assert_array_equal(got, want)
            status.assert_consumed().assert_existing_objects_matched().assert_nontrivial_match()
            assert sess.run(checkpoint.save_counter) == 2
            assert os.path.basename(checkpoint.save(prefix)) == "ckpt-3"


def test_write_read_and_partial_matches(tmp_path):
    path = str(tmp_path / "written")
    with tf.Graph().as_default():
        a, b = tf.Variable(1.0, name="a"), tf.Variable(2.0, name="b")
        with _session_with(a, b) as sess:
            assert tf.train.Checkpoint(a=a, b=b).write(path, session=sess) == path
            assert not os.path.exists(str(tmp_path / "checkpoint"))  # write keeps no state
            sess.run([a.assign(10.0), b.assign(20.0)])
            c = tf.Variable(3.0, name="c")
            sess.run(c.initializer)
            partial = tf.train.Checkpoint(a=a)
            partial.c = c  # tracked when set later, as TF's
            assert partial.c is c
            status = partial.read(path)
            status.run_restore_ops(sess)
            assert sess.run([a, b, c]) == [1.0, 20.0, 3.0]
            with pytest.raises(AssertionError, match="c/.ATTRIBUTES"):
                status.assert_consumed()
            with pytest.raises(AssertionError, match="not matched"):
                status.assert_existing_objects_matched()
            status.expect_partial()
            with pytest.raises(ValueError, match="not a valid checkpoint"):
                tf.train.Checkpoint(a=a).restore(str(tmp_path / "missing"))


def test_restore_none_initializes(tmp_path):
    with tf.Graph().as_default():
        v = tf.Variable(5.0)
        with tf.Session() as sess:
            status = tf.train.Checkpoint(v=v).restore(None)
            status.initialize_or_restore(sess)
            assert sess.run(v) == 5.0
            with pytest.raises(AssertionError, match="No checkpoint specified"):
                status.assert_consumed()


def test_checkpoint_refuses_untrackable_values():
    with pytest.raises(ValueError, match="trackable"):
        tf.train.Checkpoint(x=3)
    with tf.Graph().as_default(), pytest.raises(ValueError, match="reserved"):
        tf.train.Checkpoint(save_counter=tf.Variable(1))


def test_checkpoint_manager_keeps_max_to_keep_and_recovers(tmp_path):
    directory = str(tmp_path / "run")
    with tf.Graph().as_default():
        v = tf.Variable(0.0, name="v")
        checkpoint = tf.train.Checkpoint(v=v)
        with _session_with(v) as sess:
            manager = tf.train.CheckpointManager(checkpoint, directory, max_to_keep=2)
            assert manager.latest_checkpoint is None
            for value in (1.0, 2.0, 3.0):
                sess.run(v.assign(value))
                path = manager.save()
            assert [os.path.basename(p) for p in manager.checkpoints] == ["ckpt-2", "ckpt-3"]
            assert manager.latest_checkpoint == path
            assert not tf.train.checkpoint_exists(os.path.join(directory, "ckpt-1"))
            assert os.path.basename(manager.save(checkpoint_number=100)) == "ckpt-100"
            assert [os.path.basename(p) for p in manager.checkpoints] == ["ckpt-3", "ckpt-100"]
    with tf.Graph().as_default():
        v = tf.Variable(-1.0, name="v")
        manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=v), directory, max_to_keep=2)
        assert [os.path.basename(p) for p in manager.checkpoints] == ["ckpt-3", "ckpt-100"]
        with tf.Session() as sess:
            assert manager.restore_or_initialize(sess).endswith("ckpt-100")
            assert sess.run(v) == 3.0


def test_checkpoint_manager_interval_and_errors(tmp_path):
    with tf.Graph().as_default():
        step = tf.train.get_or_create_global_step()
        checkpoint = tf.train.Checkpoint(step=step)
        with pytest.raises(ValueError, match="step_counter"):
            tf.train.CheckpointManager(checkpoint, str(tmp_path), 3, checkpoint_interval=2)
        with pytest.raises(TypeError, match="tf.train.Checkpoint"):
            tf.train.CheckpointManager(object(), str(tmp_path), 3)
        manager = tf.train.CheckpointManager(checkpoint, str(tmp_path), None, step_counter=step,
                                             checkpoint_interval=2)
        increment = step.assign_add(1)
        with _session_with(step) as sess:
            saved = []
            for _ in range(5):
                saved.append(manager.save() is not None)
                sess.run(increment)
            assert saved == [True, False, True, False, True]
            assert len(manager.checkpoints) == 3  # max_to_keep None keeps all


def test_init_from_checkpoint_assignment_map_forms(tmp_path):
    prefix = str(tmp_path / "model")
    with tf.Graph().as_default():
        with tf.variable_scope("old"):
            w = tf.get_variable("w", initializer=[[1.0, 2.0]])
            b = tf.get_variable("sub/b", initializer=[3.0])
        top = tf.get_variable("top", initializer=7.0)
        with _session_with(w, b, top) as sess:
            tf.train.Saver().save(sess, prefix)
    with tf.Graph().as_default():
        with tf.variable_scope("new"):
            w = tf.get_variable("w", [1, 2])
            b = tf.get_variable("sub/b", [1])
        with tf.variable_scope("root"):
            top = tf.get_variable("top", [])
        direct = tf.get_variable("direct", [1])
        by_name = tf.get_variable("by_name", [])
        tf.train.init_from_checkpoint(str(tmp_path), {"old/": "new/", "/": "root/",
                                                      "old/sub/b": direct, "top": "by_name"})
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert sess.run(w).tolist() == [[1.0, 2.0]] and sess.run(b).tolist() == [3.0]
            assert sess.run(top) == 7.0 and sess.run(direct).tolist() == [3.0]
            assert sess.run(by_name) == 7.0
        with pytest.raises(ValueError, match="doesn't match with shape"):
            tf.train.init_from_checkpoint(prefix, {"old/w": direct})
        with pytest.raises(ValueError, match="Tensor old/missing is not found"):
            tf.train.init_from_checkpoint(prefix, {"old/missing": direct})
        with pytest.raises(ValueError, match="should map to scope only"):
            tf.train.init_from_checkpoint(prefix, {"old/w": "new/"})


def test_warm_start_with_vocabulary_remap(tmp_path):
    prefix = str(tmp_path / "model")
    old_vocab, new_vocab = tmp_path / "old.txt", tmp_path / "new.txt"
    old_vocab.write_text("apple\nbanana\ncherry\n")
    new_vocab.write_text("cherry\ndate\napple\n")
    with tf.Graph().as_default():
        emb = tf.get_variable("emb", initializer=np.arange(6.0, dtype=np.float32).reshape(3, 2))
        dense = tf.get_variable("dense", initializer=[5.0])
        with _session_with(emb, dense) as sess:
            tf.train.Saver().save(sess, prefix)
    with tf.Graph().as_default():
        emb = tf.get_variable("emb_new", [4, 2])  # 3 words and one OOV bucket
        dense = tf.get_variable("dense", [1])
        frozen = tf.get_variable("frozen", initializer=[9.0], trainable=False)
        info = tf.train.VocabInfo(str(new_vocab), 3, 1, str(old_vocab),
                                  backup_initializer=tf.constant_initializer(-1.0))
        tf.train.warm_start(prefix, ".*", {"emb_new": info}, {"emb_new": "emb"})
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert sess.run(emb).tolist() == [[4.0, 5.0], [-1.0, -1.0], [0.0, 1.0], [-1.0, -1.0]]
            assert sess.run(dense).tolist() == [5.0] and sess.run(frozen).tolist() == [9.0]
        with pytest.raises(ValueError, match="did not get warm-started"):
            tf.train.warm_start(prefix, ["dense"], {"nothing": info})
    with pytest.raises(ValueError, match="axis"):
        tf.train.VocabInfo("a", 1, 0, "b", axis=2)


def test_checkpoint_directory_helpers(tmp_path):
    directory = str(tmp_path)
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        with _session_with(v) as sess:
            saver = tf.train.Saver()
            first = saver.save(sess, os.path.join(directory, "m"), global_step=1)
            mtimes = tf.train.get_checkpoint_mtimes([first, first + "-missing"])
            assert len(mtimes) == 1 and abs(mtimes[0] - time.time()) < 60
            seen = []

            def later_save():
                time.sleep(0.3)
                saver.save(sess, os.path.join(directory, "m"), global_step=2)
            thread = threading.Thread(target=later_save)
            thread.start()
            for path in tf.train.checkpoints_iterator(directory, timeout=2.5):
                seen.append(os.path.basename(path))
                if len(seen) == 2:
                    break
            thread.join()
    assert seen == ["m-1", "m-2"]
    state = tf.train.generate_checkpoint_state_proto("run", "run/m-2", ["run/m-1"], [1.0, 2.0])
    assert state.all_model_checkpoint_paths == ["m-1", "m-2"]
    assert state.all_model_checkpoint_timestamps == [1.0, 2.0]
    assert tf.train.generate_checkpoint_state_proto("/abs", "/abs/m").model_checkpoint_path \
        == "/abs/m"
    with pytest.raises(ValueError, match="timestamps"):
        tf.train.generate_checkpoint_state_proto("run", "run/m", [], [1.0, 2.0])
    assert list(tf.train.checkpoints_iterator(str(tmp_path / "empty"), timeout=0.1,
                                              timeout_fn=lambda: True)) == []
