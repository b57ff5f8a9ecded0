"""``import autograd_engine.compat.v1 as tf``, the TF2-behaviour switches, ``tf.app.run`` and
``tf.flags`` as TF1 programs use them; the deprecated TF1 aliases."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import autograd_engine
import autograd_engine as tf
from autograd_engine.api import flags


def test_compat_v1_is_the_package_itself():
    import autograd_engine.compat.v1 as tf1
    from autograd_engine.compat import v1
    assert tf1 is autograd_engine and v1 is autograd_engine and tf.compat.v1 is autograd_engine
    assert tf.compat.v1.compat.v1.placeholder is tf.placeholder


def test_the_v2_switches_programs_call_first_are_accepted():
    tf.disable_v2_behavior()
    tf.disable_eager_execution()
    tf.enable_resource_variables()
    tf.disable_resource_variables()
    assert tf.executing_eagerly() is False
    with pytest.raises(NotImplementedError, match="graph mode only.*disable_v2_behavior"):
        tf.enable_v2_behavior()
    with pytest.raises(NotImplementedError, match="enable_eager_execution"):
        tf.enable_eager_execution()


def test_compat_string_helpers():
    assert tf.compat.as_bytes("é") == "é".encode() and tf.compat.as_text(b"ab") == "ab"
    assert tf.compat.dimension_value(tf.TensorShape([None, 3])[1]) == 3
    with pytest.raises(TypeError, match="Expected binary or unicode string"):
        tf.compat.as_bytes(3)


def test_deprecated_aliases_run_like_their_current_names():
    x = tf.constant([[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]])
    with tf.Session() as sess:
        assert sess.run(tf.arg_max(x, 1)).tolist() == [1, 0]
        assert sess.run(tf.arg_min(x, 0)).tolist() == [0, 1, 0]
        local = tf.Variable(1.0, collections=[tf.GraphKeys.LOCAL_VARIABLES])
        sess.run(tf.initialize_local_variables())
        assert sess.run(local) == 1.0
        v = tf.Variable(2.0)
        sess.run(tf.initialize_variables([v]))
        assert sess.run(tf.verify_tensor_all_finite(v, "finite")) == 2.0
    assert tf.OpError is tf.errors.OpError


# --------------------------------------------------------------------------------- tf.flags
@pytest.fixture
def values():
    registry = flags.FlagValues()
    flags.DEFINE_string("data_dir", "/tmp/data", "Where the data is.", flag_values=registry)
    flags.DEFINE_integer("max_steps", 100, "Steps.", lower_bound=1, flag_values=registry)
    flags.DEFINE_float("learning_rate", 0.01, "Rate.", flag_values=registry)
    flags.DEFINE_boolean("fake_data", False, "Fake data.", flag_values=registry)
    flags.DEFINE_bool("log", True, "Log.", flag_values=registry)
    flags.DEFINE_list("layers", "64,32", "Hidden units.", flag_values=registry)
    flags.DEFINE_enum("mode", "train", ["train", "eval"], "Mode.", flag_values=registry)
    flags.DEFINE_multi_string("tag", [], "Tags.", flag_values=registry)
    return registry


def test_defaults_and_every_way_of_writing_a_value(values):
    rest = values(["prog", "--data_dir", "/d", "--max_steps=7", "-learning_rate=0.5",
                   "--fake_data", "--nolog", "--layers=8,4", "--mode=eval", "--tag=a",
                   "--tag", "b", "input.txt", "--", "--not_a_flag"])
    assert rest == ["prog", "input.txt", "--not_a_flag"]
    assert (values.data_dir, values.max_steps, values.learning_rate) == ("/d", 7, 0.5)
    assert (values.fake_data, values.log, values.layers) == (True, False, ["8", "4"])
    assert (values.mode, values.tag) == ("eval", ["a", "b"])
    assert values.flag_values_dict()["max_steps"] == 7


def test_flag_errors_are_absl_errors(values):
    with pytest.raises(flags.IllegalFlagValueError, match="--max_steps=x"):
        values(["prog", "--max_steps=x"])
    with pytest.raises(flags.IllegalFlagValueError, match="outside"):
        values(["prog", "--max_steps=0"])
    with pytest.raises(flags.IllegalFlagValueError, match="one of <train|eval>"):
        values(["prog", "--mode=test"])
    with pytest.raises(flags.UnrecognizedFlagError, match="Unknown command line flag 'nope'"):
        values(["prog", "--nope=1"])
    assert values(["prog", "--nope=1"], known_only=True) == ["prog", "--nope=1"]
    with pytest.raises(flags.DuplicateFlagError):
        flags.DEFINE_string("data_dir", "", "again", flag_values=values)


def test_required_flags_and_validators(values):
    flags.DEFINE_string("output", None, "Output file.", flag_values=values)
    flags.mark_flag_as_required("output", flag_values=values)
    with pytest.raises(flags.IllegalFlagValueError, match="--output must have a value"):
        values(["prog"])
    flags.register_validator("max_steps", lambda v: v % 2 == 0, "must be even",
                             flag_values=values)
    with pytest.raises(flags.IllegalFlagValueError, match="must be even"):
        values(["prog", "--output=o", "--max_steps=3"])
    values(["prog", "--output=o", "--max_steps=4"])
    assert values.output == "o"


PROGRAM = textwrap.dedent("""
    import autograd_engine.compat.v1 as tf
    tf.disable_v2_behavior()
    flags = tf.app.flags
    flags.DEFINE_integer("batch_size", 32, "Batch size.")
    flags.DEFINE_string("name", "net", "Name.")
    FLAGS = flags.FLAGS

    def main(argv):
        print(FLAGS.batch_size, FLAGS.name, argv[1:])
        return 3

    if __name__ == "__main__":
        tf.app.run()
""")


def run_program(path, *args):
    """Runs a script with this checkout's package first on the path."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(autograd_engine.__file__)))
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True,
                          timeout=60, env=env)


def test_app_run_parses_the_command_line_and_exits_with_mains_result(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(PROGRAM)
    done = run_program(script, "--batch_size=8", "--unknown=1", "x")
    assert done.returncode == 3, done.stderr
    assert done.stdout.split("\n")[0] == "8 net ['--unknown=1', 'x']"
    bad = run_program(script, "--batch_size=z")
    assert bad.returncode == 1 and "--batch_size=z" in bad.stderr


def test_flags_read_before_app_run_parse_sys_argv(monkeypatch):
    registry = flags.FlagValues()
    flags.DEFINE_integer("epochs", 1, "Epochs.", flag_values=registry)
    monkeypatch.setattr(sys, "argv", ["prog", "--epochs=5"])
    assert registry.epochs == 5


def test_logging_extras():
    tf.logging.log_every_n(tf.logging.INFO, "every %d", 2, 1)
    tf.logging.log_first_n(tf.logging.INFO, "first", 1)
    tf.logging.log_if(tf.logging.INFO, "if", True)
    tf.logging.vlog(1, "verbose")
    tf.logging.flush()
    assert np.isfinite(tf.logging.get_verbosity())


def test_flag_holders_aliases_lists_and_exclusive_groups():
    registry = flags.FlagValues()
    holder = flags.DEFINE_string("model_dir", "/tmp/m", "Model dir.", flag_values=registry)
    flags.DEFINE_alias("md", "model_dir", flag_values=registry)
    flags.DEFINE_spaceseplist("hosts", "a b", "Hosts.", flag_values=registry)
    flags.DEFINE_multi_enum("opt", [], ["x", "y"], "Options.", flag_values=registry)
    flags.DEFINE_string("train", None, "Train file.", flag_values=registry)
    flags.DEFINE_string("eval", None, "Eval file.", flag_values=registry)
    flags.mark_flags_as_mutual_exclusive(["train", "eval"], flag_values=registry)
    flags.register_multi_flags_validator(
        ["train", "model_dir"], lambda v: v["train"] is None or v["model_dir"] != "",
        "a training run needs a model_dir", flag_values=registry)
    registry(["prog", "--md=/x", "--hosts", "h1 h2", "--opt=x", "--opt=y", "--train=t"])
    assert (holder.value, holder.name, holder.default, holder.present) == ("/x", "model_dir",
                                                                           "/tmp/m", True)
    assert registry.hosts == ["h1", "h2"] and registry.opt == ["x", "y"]
    with pytest.raises(flags.IllegalFlagValueError, match="At most one of"):
        registry(["prog", "--train=t", "--eval=e"])
    registry.eval = None  # values stay from one parse to the next, as absl's
    with pytest.raises(flags.IllegalFlagValueError, match="needs a model_dir"):
        registry(["prog", "--train=t", "--model_dir="])
    with pytest.raises(flags.IllegalFlagValueError, match="one of <x|y>"):
        registry(["prog", "--opt=z"])
    assert list(flags.flag_dict_to_args({"a": 1, "b": True, "c": False, "d": [1, 2],
                                         "e": None})) == ["--a=1", "--b", "--noc", "--d=1,2"]
