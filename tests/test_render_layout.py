"""Diagrams that read at README width (issue 18): large graphs start collapsed with the optimizer
moved aside, a legend, top-to-bottom for small diagrams; `dot` failures retried, then explained."""
import os
import re
import shutil
import stat
import sys

import pytest

import autograd_engine as tf
from autograd_engine.graphviz_runner import (RenderError, draw_first_that_works, run_dot,
                                             with_graph_attributes)
from autograd_engine.keras import layers, models
from autograd_engine.rendering import render, to_dot

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz `dot` not installed")


def seed_model(depth=8):
    """The Keras seed program of issue 18: Dense layers compiled with Adam."""
    model = models.Sequential([layers.Dense(16, activation="relu", input_shape=(10,))])
    for _ in range(depth - 2):
        model.add(layers.Dense(16, activation="relu"))
    model.add(layers.Dense(1))
    model.compile(optimizer="adam", loss="mse")
    return model


def vertices(dot):
    return re.findall(r"^\s*(op_\d+|scope_\d+) \[", dot, re.M)


def tutorial_step():
    x = tf.placeholder(tf.float32, [None, 784], name="x")
    y_ = tf.placeholder(tf.float32, [None, 10], name="y_")
    W = tf.Variable(tf.zeros([784, 10]), name="W")
    b = tf.Variable(tf.zeros([10]), name="b")
    y = tf.nn.softmax(tf.matmul(x, W) + b)
    return tf.train.GradientDescentOptimizer(0.01).minimize(-tf.reduce_sum(y_ * tf.log(y)))


# ------------------------------------------------------------------------------ defaults
def test_large_training_graph_starts_collapsed_with_the_optimizer_aside():
    model = seed_model()
    dot = to_dot(model, level="ops")
    boxes = dict(re.findall(r'label=<<B>([\w/]+)</B><BR/><FONT POINT-SIZE="8">(\d+) ops', dot))
    # One box per layer, the loss, the whole backward pass and the optimizer (TensorBoard's
    # starting view); about 16 vertices instead of ~165 ops.
    first, last = model.layers[0].name, model.layers[-1].name
    assert {first, last, "loss", "gradients", "Adam"} <= set(boxes)
    assert len(vertices(dot)) <= 16
    # The optimizer box holds the updates and the optimizer's state: slot Variables
    # (dense/kernel/Adam), beta1_power, the learning rate Variable.
    adam = [l for l in dot.splitlines() if 'tooltip="optimizer Adam, moved aside"' in l]
    assert len(adam) == 1 and 'fillcolor="#ffcc80"' in adam[0]
    assert int(boxes["Adam"]) > int(boxes["gradients"])
    assert "beta1_power" not in dot and "Adam_1" not in dot
    # The layers keep their own ops only: kernel, bias, their reads, MatMul, BiasAdd, Relu.
    assert boxes[first] == "7"
    # Its 16 updates are not 16 arcs: each layer box says who updates it.
    assert "constraint=false" not in dot
    assert dot.count("✎ updated by Adam") == 8
    assert "rankdir=TB" in dot


def test_expand_and_auto_collapse_none_open_the_view_again():
    model = seed_model(depth=3)
    opened = to_dot(model, level="ops", auto_collapse=None)
    assert "(collapsed)" not in opened and "moved aside" not in opened
    first = model.layers[0].name
    assert "writes %s/kernel/Adam\"" % first in opened  # every update edge, as before
    partly = to_dot(model, level="ops", expand=["gradients"])
    assert 'tooltip="scope gradients (collapsed)"' not in partly
    assert 'tooltip="scope %s (collapsed)"' % first in partly


def test_collapsing_inner_scopes_keeps_their_parent_open():
    model = seed_model(depth=3)
    dot = to_dot(model, level="ops", collapse=["gradients/*"])
    assert 'tooltip="scope gradients (collapsed)"' not in dot
    first = model.layers[0].name
    assert 'tooltip="scope gradients/%s (collapsed)"' % first in dot      # the mirror of a layer
    assert 'tooltip="scope %s (collapsed)"' % first in dot               # the layer itself


def test_optimizer_with_few_variables_keeps_its_write_edges():
    W = tf.Variable(tf.ones([2, 2]), name="W")
    train = tf.train.AdamOptimizer().minimize(tf.reduce_sum(W * W))
    dot = to_dot(train, auto_collapse=5)
    assert 'tooltip="optimizer Adam, moved aside"' in dot
    (write,) = [l for l in dot.splitlines() if "writes W\"" in l]
    assert "constraint=false" in write and "✎" not in dot.split("cluster_legend")[0]


def test_small_diagrams_are_top_to_bottom_large_ones_left_to_right():
    step = tutorial_step()
    assert "rankdir=TB" in to_dot(step)
    assert "rankdir=LR" in to_dot(step, rankdir="LR")
    model = seed_model(depth=3)
    assert "rankdir=LR" in to_dot(model, level="ops", auto_collapse=None)


def test_legend_lists_the_kinds_drawn():
    step = tutorial_step()
    dot = to_dot(step)
    legend = dot[dot.index("cluster_legend"):]
    for entry in ("placeholder (fed)", "★ trainable Variable", "backward-pass op",
                  "Variable update", "tensor (shape dtype)", "backward pass",
                  "update writes Variable"):
        assert entry in legend, entry
    forward_only = to_dot(step, gradients=False)
    assert "backward pass" not in forward_only and "Variable update" not in forward_only
    assert "cluster_legend" not in to_dot(tf.identity(tf.constant(1.0)))  # a sketch: no legend
    assert "cluster_legend" not in to_dot(step, legend=False)


# ------------------------------------------------------------------------------ `dot` failures
def fake_dot(tmp_path, monkeypatch, succeeds_when):
    """A `dot` on PATH that crashes as graphviz 2.43 does unless its input contains
    ``succeeds_when``, and logs each input it got."""
    script = tmp_path / "dot"
    script.write_text(
        "#!%s\nimport sys\nsource = sys.stdin.read()\n"
        "open(%r, 'a').write(source + '\\n=====\\n')\n"
        "if %r in source:\n    sys.stdout.buffer.write(b'\\x89PNG fake')\n    sys.exit(0)\n"
        "sys.stderr.write('libpath/shortest.c:324: triangulation failed\\n"
        "Error: lost op_3 op_1 edge\\n')\nsys.exit(1)\n"
        % (sys.executable, str(tmp_path / "inputs.log"), succeeds_when))
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(tmp_path) + os.pathsep + os.environ.get("PATH", ""))
    return tmp_path / "inputs.log"


def test_a_dot_crash_is_retried_with_straight_edges(tmp_path, monkeypatch):
    log = fake_dot(tmp_path, monkeypatch, 'splines="line"')
    path = tmp_path / "step.png"
    render(tutorial_step(), str(path))
    assert path.read_bytes() == b"\x89PNG fake"
    inputs = log.read_text().split("\n=====\n")[:-1]
    assert len(inputs) == 2 and 'splines="line"' not in inputs[0]


def test_then_with_scopes_collapsed(tmp_path, monkeypatch):
    log = fake_dot(tmp_path, monkeypatch, "(collapsed)")
    render(tutorial_step(), str(tmp_path / "step.svg"))
    inputs = log.read_text().split("\n=====\n")[:-1]
    assert len(inputs) == 3 and 'splines="line"' in inputs[2]
    assert 'tooltip="scope gradients (collapsed)"' in inputs[2]


def test_when_every_layout_fails_the_error_says_what_to_do(tmp_path, monkeypatch):
    fake_dot(tmp_path, monkeypatch, "never in a diagram")
    with pytest.raises(RenderError) as info:
        render(tutorial_step(), str(tmp_path / "step.png"))
    message = str(info.value)
    for hint in ("as drawn", "straight edges", "scopes collapsed", "triangulation failed",
                 "gradients=False", "tf.to_dot", "dot -V"):
        assert hint in message, hint
    assert isinstance(info.value, RuntimeError) and isinstance(info.value, tf.RenderError)
    assert [what for what, _ in info.value.attempts] == [
        "as drawn", "straight edges", "scopes collapsed, straight edges"]
    assert not (tmp_path / "step.png").exists()


def test_inline_display_goes_through_the_retries(tmp_path, monkeypatch):
    fake_dot(tmp_path, monkeypatch, 'splines="line"')
    diagram = render(tutorial_step())
    assert diagram._repr_image_png() == b"\x89PNG fake"


def test_runner_helpers():
    source = "digraph G {\n  a -> b;\n}\n"
    assert with_graph_attributes(source, {"splines": "line"}) == \
        'digraph G {\n  a -> b;\n  graph [splines="line"];\n}\n'
    assert with_graph_attributes(source, {}) == source
    with pytest.raises(ValueError, match="at least one"):
        draw_first_that_works([], "png")
    with pytest.raises(ValueError, match="format"):
        run_dot(source, "bmp")


@needs_dot
def test_the_seed_program_renders_with_the_real_dot(tmp_path):
    """Issue 18's seed: graphviz 2.43 crashed on its op diagram 4 times in 5."""
    model = seed_model()
    for level in ("layers", "ops"):
        path = tmp_path / ("%s.png" % level)
        tf.render(model, str(path), level=level)
        assert path.read_bytes()[:4] == b"\x89PNG"
