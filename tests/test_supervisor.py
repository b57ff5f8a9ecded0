"""tf.train.SessionManager, Supervisor, LooperThread and basic_train_loop, shaped like the TF1
programs that use them (a chief that restores or initializes, a worker that waits)."""
import glob
import os
import threading
import time

import pytest

import autograd_engine as tf
from autograd_engine.train.session_manager import report_uninitialized_variables


def test_report_uninitialized_variables():
    with tf.Graph().as_default():
        a = tf.Variable(1.0, name="a")
        tf.Variable(2.0, name="b")
        report = report_uninitialized_variables()
        empty = report_uninitialized_variables([])
        with tf.Session() as sess:
            assert sess.run(report).tolist() == [b"a", b"b"]
            sess.run(a.initializer)
            assert sess.run(report).tolist() == [b"b"]
            assert sess.run(empty).tolist() == []


def test_session_manager_prepare_restores_or_initializes(tmp_path):
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="v")
        local = tf.get_local_variable("local", initializer=tf.constant(4.0))
        saver = tf.train.Saver([v])
        manager = tf.train.SessionManager(local_init_op=tf.local_variables_initializer(),
                                          ready_op=report_uninitialized_variables())
        sess = manager.prepare_session("", init_op=tf.global_variables_initializer(),
                                       saver=saver, checkpoint_dir=str(tmp_path))
        assert sess.run([v, local]) == [1.0, 4.0]
        sess.run(v.assign(9.0))
        saver.save(sess, str(tmp_path / "model"), global_step=1)
        restored = manager.prepare_session("", saver=saver, checkpoint_dir=str(tmp_path))
        assert restored.run(v) == 9.0
        with pytest.raises(RuntimeError, match="no init_op or init_fn"):
            tf.train.SessionManager().prepare_session("")
        with pytest.raises(RuntimeError, match="did not make model ready.*Variables not "
                                               "initialized: v"):
            manager.prepare_session("", init_fn=lambda s: None)
        fresh, ready = manager.recover_session("", saver=saver, checkpoint_dir=str(tmp_path))
        assert ready and fresh.run(v) == 9.0
        _, ready = manager.recover_session("", saver=saver, checkpoint_dir=str(tmp_path / "x"))
        assert not ready
        with pytest.raises(ValueError, match="local_init_op"):
            tf.train.SessionManager(ready_for_local_init_op=report_uninitialized_variables())


def test_wait_for_session_waits_for_the_chief_or_times_out(tmp_path):
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="v")
        saver = tf.train.Saver()
        ready = report_uninitialized_variables()
        worker = tf.train.SessionManager(ready_op=ready, recovery_wait_secs=0.05)
        with pytest.raises(tf.errors.DeadlineExceededError, match="not ready"):
            worker.wait_for_session("", max_wait_secs=0.1)
        # A worker's Session has its own values: "ready" here comes from a restore-based
        # init_fn, as a chief writing a checkpoint would make it.
        prefix = str(tmp_path / "m")
        with tf.Session() as chief:
            chief.run(v.initializer)
            saver.save(chief, prefix)
        waiting = tf.train.SessionManager(
            ready_op=ready, local_init_op=tf.group(), recovery_wait_secs=0.05)
        waiting._new_session = lambda config, base=waiting._new_session: _restored(
            base(config), saver, prefix)
        assert waiting.wait_for_session("", max_wait_secs=1.0).run(v) == 1.0


def _restored(sess, saver, prefix):
    saver.restore(sess, prefix)
    return sess


def test_supervisor_chief_trains_saves_and_restores(tmp_path):
    logdir = str(tmp_path)
    with tf.Graph().as_default():
        step = tf.train.get_or_create_global_step()
        w = tf.Variable(0.0, name="w")
        train = tf.group(tf.assign_add(step, 1), tf.assign_add(w, 0.5))
        tf.summary.scalar("w_value", w)
        sv = tf.train.Supervisor(logdir=logdir, save_summaries_secs=0.05, save_model_secs=60)
        assert tf.get_default_graph().finalized
        assert sv.save_path == os.path.join(logdir, "model.ckpt")
        with sv.managed_session() as sess:
            for _ in range(4):
                sess.run(train)
            time.sleep(0.2)  # lets the summary thread write at least once
            sv.saver.save(sess, sv.save_path, global_step=step)
        assert sv.should_stop()
    assert os.path.basename(tf.train.latest_checkpoint(logdir)) == "model.ckpt-4"
    events = [e for path in glob.glob(os.path.join(logdir, "events.*"))
              for e in tf.train.summary_iterator(path)]
    tags = {v.tag for e in events for v in e.summary.value}
    assert {"w_value", "global_step/sec"} <= tags
    statuses = [e.session_log.status for e in events if e.HasField("session_log")]
    assert statuses[0] == tf.summary.SessionLog.START and statuses[-1] == \
        tf.summary.SessionLog.STOP
    assert any(e.HasField("graph_def") for e in events)
    with tf.Graph().as_default():  # a restart resumes from the checkpoint
        step = tf.train.get_or_create_global_step()
        w = tf.Variable(0.0, name="w")
        sv = tf.train.Supervisor(logdir=logdir, summary_op=None, save_model_secs=0)
        with sv.managed_session() as sess:
            assert sess.run([step, w]) == [4, 2.0]


def test_managed_session_out_of_range_ends_cleanly_other_errors_propagate(tmp_path):
    with tf.Graph().as_default():
        tf.Variable(1.0)
        sv = tf.train.Supervisor(logdir=None)
        with sv.managed_session():
            raise tf.errors.OutOfRangeError(None, None, "input exhausted")
        assert sv.should_stop()
        with pytest.raises(ValueError, match="boom"):
            with sv.managed_session():
                raise ValueError("boom")


def test_supervisor_loop_and_basic_train_loop(tmp_path):
    with tf.Graph().as_default():
        step = tf.train.get_or_create_global_step()
        increment = tf.assign_add(step, 1)
        sv = tf.train.Supervisor(logdir=None)
        calls, aborts = [], []

        def train_step(sess, limit):
            if not aborts:  # one "server restart": basic_train_loop starts again
                aborts.append(1)
                raise tf.errors.AbortedError(None, None, "restarted")
            if sess.run(increment) >= limit:
                sv.request_stop()
        tf.train.basic_train_loop(sv, train_step, args=[3])
        with sv.managed_session() as sess:
            looper = sv.loop(0.01, lambda: calls.append(sess.run(step)))
            while len(calls) < 3:
                time.sleep(0.01)
            sv.request_stop()
        assert not looper.is_alive() and calls[0] == 0  # a fresh session: re-initialized


def test_looper_thread_subclass_and_errors():
    coord = tf.train.Coordinator()
    seen = []

    class Counting(tf.train.LooperThread):
        def run_loop(self):
            seen.append(threading.current_thread() is self)
            if len(seen) == 2:
                raise RuntimeError("loop failed")
    looper = Counting(coord, None)
    looper.start()
    with pytest.raises(RuntimeError, match="loop failed"):
        coord.join()
    assert seen == [True, True]
    with pytest.raises(ValueError, match="needs a target"):
        tf.train.LooperThread(tf.train.Coordinator(), None)
    with pytest.raises(ValueError, match="takes no target"):
        Counting(tf.train.Coordinator(), None, target=print)


def test_session_creator_is_the_base_of_the_creators():
    assert issubclass(tf.train.ChiefSessionCreator, tf.train.SessionCreator)
    assert issubclass(tf.train.WorkerSessionCreator, tf.train.SessionCreator)

    class Custom(tf.train.SessionCreator):
        def create_session(self):
            return tf.Session()
    with tf.Graph().as_default():
        v = tf.Variable(2.0)
        with tf.train.MonitoredSession(session_creator=Custom()) as sess:
            sess.run(v.initializer)
            assert sess.run(v) == 2.0
    with pytest.raises(NotImplementedError, match="create_session"):
        tf.train.SessionCreator().create_session()
