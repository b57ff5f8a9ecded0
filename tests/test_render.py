"""Graph diagrams (issue 5): the DOT text, and real renders through graphviz's `dot`."""
import re
import shutil

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine import rendering
from autograd_engine.rendering import GraphvizNotFoundError, dot_quote, html_escape, render, to_dot

graphviz = pytest.importorskip("graphviz")
UPDATE_W = "GradientDescent/update_W/ApplyGradientDescent"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz `dot` not installed")


def tutorial():
    """The TF1 tutorial graph; returns a dict of its parts."""
    x = tf.placeholder(tf.float32, [None, 784], name="x")
    y_ = tf.placeholder(tf.float32, [None, 10], name="y_")
    W = tf.Variable(tf.zeros([784, 10]), name="W")
    b = tf.Variable(tf.zeros([10]), name="b")
    y = tf.nn.softmax(tf.matmul(x, W) + b)
    loss = -tf.reduce_sum(y_ * tf.log(y))
    train_step = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
    return dict(x=x, y_=y_, W=W, b=b, y=y, loss=loss, train_step=train_step)


def node_line(dot, op):
    (line,) = [l for l in dot.splitlines() if l.strip().startswith("op_%d [" % op._id)]
    return line


def edges(dot):
    """(src, dst, attrs) for every edge line."""
    return [m.groups() for m in re.finditer(r"^\s*(\w+) -> (\w+) \[(.*)\];$", dot, re.M)]


# ------------------------------------------------------------------------------ DOT text
def test_node_kinds_have_distinct_styles():
    t = tutorial()
    untrained = tf.Variable(1.0, trainable=False, name="counter")
    group = tf.group(t["train_step"], untrained.initializer, name="everything")
    dot = to_dot(group)
    g = tf.get_default_graph()
    assert "shape=cds" in node_line(dot, t["x"].op)                                   # placeholder
    w = node_line(dot, t["W"].op)
    assert "shape=cylinder" in w and "penwidth=2.5" in w and "★ W" in w and "trainable" in w
    c = node_line(dot, untrained.op)
    assert "shape=cylinder" in c and "penwidth" not in c and "★" not in c
    const = node_line(dot, g.get_operation_by_name("GradientDescent/learning_rate"))
    assert 'fillcolor="#eeeeee"' in const and "fontsize=7" in const
    matmul = node_line(dot, g.get_operation_by_name("MatMul"))
    assert 'fillcolor="#ffffff"' in matmul
    grad = node_line(dot, g.get_operation_by_name("gradients/MatMul_grad/MatMul_1"))
    assert 'fillcolor="#fde3df"' in grad and 'color="#c0392b"' in grad
    update = node_line(dot, g.get_operation_by_name(UPDATE_W))
    assert "bold" in update and 'fillcolor="#ffcc80"' in update
    assert "shape=octagon" in node_line(dot, group) and "NoOp" in node_line(dot, group)
    styles = {re.sub(r", label=.*", "", node_line(dot, op).split("[", 1)[1])
              for op in (t["x"].op, t["W"].op, untrained.op, g.get_operation_by_name("MatMul"),
                         g.get_operation_by_name("GradientDescent/learning_rate"),
                         g.get_operation_by_name("gradients/MatMul_grad/MatMul_1"),
                         g.get_operation_by_name(UPDATE_W),
                         group)}
    assert len(styles) == 8


def test_edges_carry_static_shape_and_dtype():
    t = tutorial()
    matmul = tf.get_default_graph().get_operation_by_name("MatMul")
    dot = to_dot(t["loss"])
    assert ('op_%d -> op_%d [label="?×784 f32"];' % (t["x"].op._id, matmul._id)) in dot
    assert 'label="784×10 f32"' in dot and 'label="10 f32"' in dot
    assert 'label="scalar f32"' in dot  # Sum -> Neg
    u = tf.placeholder(tf.int64, None, name="unknown")
    assert 'label="? i64"' in to_dot(tf.identity(u))
    assert rendering.shape_label(tf.TensorShape([None, 3]), tf.bool) == "?×3 bool"


def test_control_edges_are_dotted():
    a = tf.constant(1.0, name="a")
    with tf.control_dependencies([a]):
        n = tf.no_op(name="after_a")
    (edge,) = edges(to_dot(n))
    assert edge[:2] == ("op_%d" % a.op._id, "op_%d" % n._id) and "style=dotted" in edge[2]


def test_name_scopes_become_nested_clusters():
    with tf.name_scope("layer1"):
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        W = tf.Variable(tf.ones([4, 2]), name="W")
        y = tf.matmul(x, W, name="y")
    dot = to_dot(y)
    lines = dot.splitlines()
    def cluster_start(label):
        return next(i for i, l in enumerate(lines)
                    if "subgraph cluster_" in l and 'label="%s"' % label in lines[i + 1])
    start, inner = cluster_start("layer1"), cluster_start("W")
    assert start < inner  # layer1/W nested inside layer1
    w_line = lines.index(next(l for l in lines if l.strip().startswith("op_%d [" % W.op._id)))
    read = tf.get_default_graph().get_operation_by_name("layer1/W/read")
    # The Variable `layer1/W` sits inside the cluster of scope `layer1/W/`, beside its read.
    assert inner < w_line and lines[w_line].startswith("      ")
    assert lines[lines.index(node_line(dot, read))].startswith("      ")
    assert ">read<" in node_line(dot, read)  # shown relative to its cluster


def test_collapse_explicit_and_automatic():
    t = tutorial()
    dot = to_dot(t["train_step"], collapse=["gradients"])
    assert "gradients/" not in "".join(l for l in dot.splitlines() if l.strip().startswith("op_"))
    (box,) = [l for l in dot.splitlines() if "tooltip=\"scope gradients (collapsed)\"" in l]
    box_id = box.split()[0]
    from autograd_engine.client.plan import prune
    n_gradient_ops = sum(1 for op in prune([t["train_step"]], set())
                         if op.name.startswith("gradients/"))
    assert "shape=box3d" in box and "%d ops" % n_gradient_ops in box
    into_box = [e for e in edges(dot) if box_id in e[:2]]
    pairs = [e[:2] for e in into_box]
    assert len(pairs) == len(set(pairs)) > 3  # one edge per neighbour
    assert ("op_%d" % t["x"].op._id, box_id) in pairs
    # Backward edges out of the box to the updates: reversed, red, dashed.
    update = tf.get_default_graph().get_operation_by_name(UPDATE_W)
    (out,) = [e for e in into_box if e[0] == "op_%d" % update._id]
    assert out[1] == box_id and "dir=back" in out[2] and "784×10 f32" in out[2]
    # Automatic: scopes with more than auto_collapse ops; expand overrides.
    auto = to_dot(t["train_step"], auto_collapse=10)
    assert 'tooltip="scope gradients (collapsed)"' in auto
    assert 'tooltip="scope gradients (collapsed)"' not in to_dot(t["train_step"], auto_collapse=10,
                                                                 expand=["gradients"])
    assert "(collapsed)" not in to_dot(t["train_step"])  # 60 by default: the tutorial is small
    globbed = to_dot(t["train_step"], collapse=["gradients/*_grad"])
    assert 'tooltip="scope gradients/Softmax_grad (collapsed)"' in globbed
    assert ">Softmax_grad</B>" in globbed


def test_fetches_prune_to_what_they_need():
    t = tutorial()
    unrelated = tf.multiply(t["x"], 3.0, name="unrelated")
    dot = to_dot(t["loss"])
    assert "op_%d " % unrelated.op._id not in dot and "unrelated" not in dot
    assert "gradients" not in dot  # the loss does not need the backward pass
    whole = to_dot()
    assert "op_%d [" % unrelated.op._id in whole and "unrelated" in whole
    # Several fetches, Variables and ops all resolve.
    both = to_dot([t["W"], unrelated.op])
    assert "op_%d [" % t["W"].op._id in both and "op_%d [" % unrelated.op._id in both
    assert "MatMul" not in both


def test_training_view_backward_edges_and_updates():
    t = tutorial()
    g = tf.get_default_graph()
    dot = to_dot(t["train_step"])
    softmax_grad = g.get_operation_by_name("gradients/Softmax_grad/mul_1")
    sub = g.get_operation_by_name("gradients/Softmax_grad/sub")
    # sub feeds mul_1: emitted reversed so the backward pass flows right-to-left.
    (edge,) = [e for e in edges(dot) if e[:2] == ("op_%d" % softmax_grad._id, "op_%d" % sub._id)]
    assert "dir=back" in edge[2] and "style=dashed" in edge[2] and "#c0392b" in edge[2]
    # Forward edges stay forward and plain.
    matmul = g.get_operation_by_name("MatMul")
    (fwd,) = [e for e in edges(dot) if e[:2] == ("op_%d" % t["x"].op._id, "op_%d" % matmul._id)]
    assert "dir=back" not in fwd[2]
    # Each update points at the Variable it writes, bold and outside the layout's ranking.
    for var in (t["W"], t["b"]):
        update = g.get_operation_by_name(
            "GradientDescent/update_%s/ApplyGradientDescent" % var.op.name)
        (write,) = [e for e in edges(dot) if e[:2] == ("op_%d" % update._id, "op_%d" % var.op._id)]
        assert "constraint=false" in write[2] and "penwidth=2.5" in write[2]


def test_gradients_false_drops_backward_pass_and_updates():
    t = tutorial()
    dot = to_dot(t["train_step"], gradients=False)
    assert "gradients" not in dot and "ApplyGradientDescent" not in dot
    assert "learning_rate" not in dot and "dir=back" not in dot and "constraint=false" not in dot
    assert "Softmax" in dot and "op_%d [" % t["loss"].op._id in dot  # the forward pass stays
    assert "ApplyGradientDescent" not in to_dot(gradients=False)
    assert "Assign" in to_dot(gradients=False)  # initializers are not the backward pass


def test_show_constants_false_and_rankdir():
    t = tutorial()
    dot = to_dot(t["train_step"], show_constants=False, rankdir="TB")
    assert "learning_rate" not in dot and "rankdir=TB" in dot
    with pytest.raises(ValueError, match="rankdir"):
        to_dot(t["loss"], rankdir="RL")


def test_names_are_escaped():
    x = tf.placeholder(tf.float32, [2], name="x")
    arrow = tf.identity(x, name="a->b")  # `>` is a valid op name character
    assert "<B>a-&gt;b</B>" in node_line(to_dot(arrow), arrow.op)
    try:
        weird = tf.identity(x, name='say "hi" \\ <b>&')
    except ValueError:  # the graph rejects such names: give one an imported graph could have
        weird = tf.identity(x, name="weird")
        weird.op._name = 'say "hi" \\ <b>&'
    dot = to_dot(weird)
    line = node_line(dot, weird.op)
    assert "<B>say &quot;hi&quot; \\ &lt;b&gt;&amp;</B>" in line                  # HTML label
    assert 'tooltip="say \\"hi\\" \\\\ <b>& (Identity)"' in line                  # quoted string
    assert dot_quote('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert html_escape("<a & 'b'>") == "&lt;a &amp; 'b'&gt;"
    if shutil.which("dot"):
        svg = render(weird).pipe(format="svg").decode()
        assert "say &quot;hi&quot; \\ &lt;b&gt;&amp;" in svg


def test_deterministic_across_fresh_graphs():
    dots = []
    for _ in range(2):
        with tf.Graph().as_default():
            t = tutorial()
            dots.append((to_dot(t["train_step"]), to_dot(), to_dot(t["loss"], collapse=["W"])))
    assert dots[0] == dots[1]


def test_annotations_and_title():
    t = tutorial()
    notes = {t["x"].op: "batch of images", "MatMul": ("slow", "#ff0000")}
    dot = to_dot(t["loss"], annotations=notes, title="Tutorial")
    assert "batch of images" in node_line(dot, t["x"].op)
    mm = node_line(dot, tf.get_default_graph().get_operation_by_name("MatMul"))
    assert "slow" in mm and 'fillcolor="#ff0000"' in mm and mm.count("fillcolor") == 1
    assert 'label="Tutorial"' in dot


# ------------------------------------------------------------------------------ rendering
def test_render_returns_digraph_with_our_source_without_writing():
    t = tutorial()
    diagram = render(t["train_step"])
    assert isinstance(diagram, graphviz.Digraph)
    assert diagram.source == to_dot(t["train_step"])


@needs_dot
def test_render_png_svg_pdf(tmp_path):
    t = tutorial()
    png = tmp_path / "mnist.png"
    diagram = render(t["train_step"], str(png))
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2048
    assert isinstance(diagram, graphviz.Digraph)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mnist.png"]  # no DOT file left behind
    svg = tmp_path / "loss.svg"
    render(t["loss"], svg, gradients=False, collapse=["gradients"])
    text = svg.read_text()
    assert "<svg" in text and "Softmax" in text and "?×784 f32" in text
    pdf = tmp_path / "loss.pdf"
    render(t["loss"], pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    with pytest.raises(ValueError, match="png"):
        render(t["loss"], tmp_path / "loss.bmp")


@needs_dot
def test_render_with_session_labels_runtime_shapes(tmp_path):
    t = tutorial()
    rng = np.random.RandomState(0)
    feed = {t["x"]: rng.rand(100, 784), t["y_"]: np.eye(10)[rng.randint(0, 10, 100)]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tmp_path / "run.svg"
        diagram = render(t["train_step"], str(path), session=sess, feed_dict=feed, timings=True)
        matmul = tf.get_default_graph().get_operation_by_name("MatMul")
        line = node_line(diagram.source, matmul)
        assert "100×10" in line and " ms" in line
        assert "100×10" in path.read_text()
        assert any(c in diagram.source for c in ("#ff8a80",))  # the slowest op is coloured
        # It really ran the training step: b moved from zero.
        assert np.abs(sess.run(t["b"])).sum() > 0
        loss_only = to_dot(t["loss"], annotations=rendering.runtime_annotations(
            rendering.profile(t["loss"], sess, feed), timings=False))
        assert "→ scalar" in node_line(loss_only, t["loss"].op) and " ms" not in loss_only
        with pytest.raises(ValueError, match="session"):
            render(None, session=sess)


def test_missing_dot_program_is_explained(tmp_path, monkeypatch):
    t = tutorial()
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` anywhere
    with pytest.raises(GraphvizNotFoundError) as info:
        render(t["loss"], str(tmp_path / "loss.png"))
    message = str(info.value)
    assert isinstance(info.value, RuntimeError)
    for hint in ("apt-get install graphviz", "brew install graphviz",
                 "conda install -c conda-forge graphviz", "tf.to_dot"):
        assert hint in message
    assert not (tmp_path / "loss.png").exists()
    assert "digraph" in to_dot(t["loss"])  # still works


def test_missing_python_package_is_explained(monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_graphviz(name, *args, **kwargs):
        if name == "graphviz":
            raise ImportError("No module named 'graphviz'")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_graphviz)
    with pytest.raises(ImportError, match="pip install graphviz"):
        render(tf.constant(1.0))


def test_optimizer_slot_writes_are_drawn():
    W = tf.Variable(tf.ones([2, 2]), name="W")
    train = tf.train.AdamOptimizer().minimize(tf.reduce_sum(W * W))
    dot = to_dot(train)
    assert "ApplyAdam writes W" in dot or "writes W\"" in dot
    assert "writes W/Adam\"" in dot and "writes W/Adam_1\"" in dot


def test_command_line_renders_a_saved_meta_graph(tmp_path):
    import subprocess
    import sys
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    w = tf.Variable(tf.ones([4, 2]), name="w")
    loss = tf.reduce_sum(tf.matmul(x, w), name="loss")
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    tf.add_to_collection("train_op", train)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        prefix = tf.train.Saver().save(sess, str(tmp_path / "model"))
    out = tmp_path / "graph.svg"
    done = subprocess.run([sys.executable, "-m", "autograd_engine.rendering", prefix + ".meta",
                           str(out), "--fetch", "GradientDescent"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    svg = out.read_text()
    assert "<svg" in svg and "MatMul" in svg and "writes w" in svg
