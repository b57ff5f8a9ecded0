"""SummarySaverHook, FinalOpsHook, GlobalStepWaiterHook, ProfilerHook; assert_global_step,
summary_iterator on a TensorFlow-written event file, SaverDef, the placeholders."""
import glob
import json
import os
import threading
import time

import pytest

import autograd_engine as tf


def _train_graph():
    step = tf.train.get_or_create_global_step()
    loss = tf.cast(step, tf.float32) * 2.0
    return step, loss, tf.assign_add(step, 1)


def _run_steps(hooks, train, steps, **kwargs):
    with tf.train.MonitoredTrainingSession(
            hooks=hooks + [tf.train.StopAtStepHook(last_step=steps)], log_step_count_steps=None,
            save_summaries_steps=None, save_summaries_secs=None, **kwargs) as sess:
        while not sess.should_stop():
            sess.run(train)


def test_summary_saver_hook_writes_every_n_steps(tmp_path):
    with tf.Graph().as_default():
        _, loss, train = _train_graph()
        summary = tf.summary.scalar("loss", loss)
        hook = tf.train.SummarySaverHook(save_steps=2, output_dir=str(tmp_path),
                                         summary_op=summary)
        _run_steps([hook], train, 5)
    tf.summary.FileWriterCache.clear()
    events = [e for path in glob.glob(str(tmp_path / "events.*"))
              for e in tf.train.summary_iterator(path)]
    written = [(e.step, e.summary.value[0].simple_value) for e in events if e.summary.value]
    assert written == [(1, 0.0), (3, 4.0), (5, 8.0)]
    assert [e.session_log.status for e in events if e.HasField("session_log")] == \
        [tf.summary.SessionLog.START]


def test_summary_saver_hook_argument_errors():
    with pytest.raises(ValueError, match="Exactly one of scaffold or summary_op"):
        tf.train.SummarySaverHook(save_steps=1)
    with pytest.raises(ValueError, match="exactly one of save_steps and save_secs"):
        tf.train.SummarySaverHook(summary_op=1)
    with tf.Graph().as_default(), pytest.raises(RuntimeError, match="Global step"):
        tf.train.SummarySaverHook(save_steps=1, summary_op=tf.constant(b"")).begin()


def test_final_ops_hook_runs_at_end_with_feeds():
    with tf.Graph().as_default():
        step, _, train = _train_graph()
        scale = tf.placeholder(tf.int64)
        hook = tf.train.FinalOpsHook({"scaled": step * scale}, {scale: 10})
        assert hook.final_ops_values is None
        _run_steps([hook], train, 3)
        assert hook.final_ops_values == {"scaled": 30}


def test_global_step_waiter_hook_waits_for_the_chief():
    with tf.Graph().as_default():
        step, _, train = _train_graph()
        chief_step = tf.placeholder(tf.int64)
        set_step = tf.assign(step, chief_step)
        hook = tf.train.GlobalStepWaiterHook(wait_until_step=5, poll_secs=0.01)
        hook.begin()
        with tf.Session() as sess:
            sess.run(step.initializer)
            context = tf.train.SessionRunContext(tf.train.SessionRunArgs(train), sess)
            started = []
            waiter = threading.Thread(target=lambda: started.append(hook.before_run(context)))
            waiter.start()
            time.sleep(0.1)
            assert waiter.is_alive()  # still at step 0
            sess.run(set_step, {chief_step: 5})
            waiter.join(2)
            assert not waiter.is_alive() and started == [None]
            assert hook.before_run(context) is None  # started once: no more waiting
        no_wait = tf.train.GlobalStepWaiterHook(0)
        no_wait.begin()
        assert no_wait.before_run(context) is None


def test_profiler_hook_writes_chrome_traces(tmp_path):
    with tf.Graph().as_default():
        _, _, train = _train_graph()
        hook = tf.train.ProfilerHook(save_steps=2, output_dir=str(tmp_path))
        _run_steps([hook], train, 5)
    written = sorted(os.path.basename(p) for p in glob.glob(str(tmp_path / "timeline-*.json")))
    assert written == ["timeline-2.json", "timeline-4.json"]  # not the first step, as TF1
    with open(str(tmp_path / "timeline-4.json")) as f:
        trace = json.load(f)
    steps = [e for e in trace["traceEvents"] if e["ph"] == "X"]
    assert len(steps) == 1 and steps[0]["name"] == "Session.run"
    assert steps[0]["dur"] >= 0 and steps[0]["args"]["step"] == 4
    assert steps[0]["args"]["fetches"] == ["AssignAdd:0"]
    with pytest.raises(ValueError, match="exactly one"):
        tf.train.ProfilerHook(save_steps=1, save_secs=1)


def test_assert_global_step():
    with tf.Graph().as_default():
        tf.train.assert_global_step(tf.train.get_or_create_global_step())
        tf.train.assert_global_step(tf.placeholder(tf.int32, []))
        with pytest.raises(TypeError, match="integer type"):
            tf.train.assert_global_step(tf.Variable(1.0))
        with pytest.raises(TypeError, match="not scalar"):
            tf.train.assert_global_step(tf.constant([1, 2]))
        with pytest.raises(TypeError, match="Variable or Tensor"):
            tf.train.assert_global_step(3)


def test_summary_iterator_reads_tensorflow_event_files():
    # tests/fixtures/api_tail/tf_events: written by TensorFlow's tf.summary.FileWriter
    # (tools/make_fixtures_api_tail.py): a scalar at steps 1 and 2, then a SessionLog STOP.
    path = glob.glob(os.path.join(os.path.dirname(__file__), "fixtures", "api_tail",
                                  "events.out.tfevents.*"))[0]
    events = list(tf.train.summary_iterator(path))
    assert events[0].file_version == "brain.Event:2"
    scalars = [(e.step, e.summary.value[0].tag, e.summary.value[0].simple_value)
               for e in events if e.HasField("summary")]
    assert scalars == [(1, "loss", 0.5), (2, "loss", 0.25)]
    assert events[-1].session_log.status == tf.summary.SessionLog.STOP


def test_summary_iterator_refuses_damaged_files(tmp_path):
    with tf.summary.FileWriter(str(tmp_path)) as writer:
        writer.add_session_log(tf.summary.SessionLog(status=tf.summary.SessionLog.START), 1)
    path = glob.glob(str(tmp_path / "events.*"))[0]
    with open(path, "r+b") as f:
        f.seek(20)
        f.write(b"\xff")
    with pytest.raises(tf.errors.DataLossError, match="corrupted"):
        list(tf.train.summary_iterator(path))


def test_saver_def_piecewise_and_placeholders():
    saver_def = tf.train.SaverDef(filename_tensor_name="save/Const:0", max_to_keep=3)
    assert tf.train.SaverDef.FromString(saver_def.SerializeToString()).max_to_keep == 3
    assert tf.train.piecewise_constant_decay is tf.train.piecewise_constant
    for name in ("sdca_optimizer", "sdca_fprint", "sdca_shrink_l1",
                 "do_quantize_training_on_graphdef"):
        placeholder = getattr(tf.train, name)
        assert placeholder.not_implemented
        with pytest.raises(NotImplementedError, match="instead"):
            placeholder()
