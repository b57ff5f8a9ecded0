"""Graph diagrams: a graph, a fetch set or a training step drawn with graphviz.

>>> import autograd_engine as tf
>>> from autograd_engine.rendering import to_dot    # also tf.to_dot
>>> x = tf.placeholder(tf.float32, [None, 784], name="x")
>>> dot = to_dot(tf.reduce_sum(x))             # DOT text; needs neither graphviz nor `dot`
>>> "?×784 f32" in dot
True

``to_dot`` is a pure function of the graph (same graph, same text), written without the
graphviz package. ``render`` wraps that text in a ``graphviz.Digraph`` (shown inline in
Jupyter) and, given a path, runs the ``dot`` program to write a PNG, SVG or PDF.

How a diagram reads:

* vertices: placeholders (blue, pointed), Variables (yellow cylinders; trainable ones have a
  bold border and a ★), constants (small, grey), ordinary ops (white), gradient ops (pink,
  ops under ``gradients/`` or ``gradients_N/``), Variable writes (orange, bold) and
  NoOp/group ops (purple octagons);
* edges carry the tensor's static shape and dtype (``?×784 f32``); control edges are dotted;
* the backward pass flows back along the forward edges: edges between backward ops are drawn
  red and dashed, pointing right-to-left (under ``rankdir="LR"``); each write draws a bold
  orange edge to the Variable it writes;
* name scopes are nested clusters; ``collapse=[...]`` (and any scope with more than
  ``auto_collapse`` ops) is drawn as a single box.
"""
import fnmatch
import re

from .client.fetches import FetchStructure
from .client.plan import prune
from .framework.graph import get_default_graph
from .framework.tensor import Operation, Tensor
from .ops.state_ops import written_variables

__all__ = ["to_dot", "render", "profile", "GraphvizNotFoundError", "shape_label",
           "is_gradient_op", "dot_quote", "html_escape"]

# An op belongs to the backward pass when its first scope is what tf.gradients opens.
_GRADIENT_SCOPE = re.compile(r"^gradients(_\d+)?/")
_FORMATS = ("png", "svg", "pdf")

# kind -> node attributes. Colours: one hue per kind so they are told apart at a glance.
_STYLES = {
    "placeholder": 'shape=cds, style=filled, fillcolor="#cfe5ff", color="#3b78c2"',
    "variable": 'shape=cylinder, style=filled, fillcolor="#fff1b8", color="#b8860b"',
    "trainable": 'shape=cylinder, style=filled, fillcolor="#fff1b8", color="#b8860b", '
                 'penwidth=2.5',
    "constant": 'shape=box, style="rounded,filled", fillcolor="#eeeeee", color="#bbbbbb", '
                'fontsize=7, height=0.2, margin="0.04,0.01"',
    "op": 'shape=box, style="rounded,filled", fillcolor="#ffffff", color="#555555"',
    "gradient": 'shape=box, style="rounded,filled", fillcolor="#fde3df", color="#c0392b"',
    "update": 'shape=box, style="filled,bold", fillcolor="#ffcc80", color="#e67e22", '
              'penwidth=2',
    "group": 'shape=octagon, style=filled, fillcolor="#e6dcf5", color="#7d5ba6"',
    "scope": 'shape=box3d, style=filled, fillcolor="#f0f0f0", color="#555555"',
    "gradient_scope": 'shape=box3d, style=filled, fillcolor="#fde3df", color="#c0392b"',
}
_BACKWARD_EDGE = 'dir=back, color="#c0392b", fontcolor="#c0392b", style=dashed'
_WRITE_EDGE = 'color="#e67e22", penwidth=2.5, constraint=false, arrowhead=normal'
_HEAT = ((0.5, "#ff8a80"), (0.2, "#ffcc80"), (0.05, "#fff3a0"))  # share of the slowest op


class GraphvizNotFoundError(RuntimeError):
    """The graphviz ``dot`` program is not installed (the Python package alone cannot draw)."""


# ------------------------------------------------------------------------------ escaping
def dot_quote(text):
    """``text`` as a DOT double-quoted string (labels, tooltips): backslashes and quotes are
    escaped so that names such as ``a\\b`` or ``say "hi"`` come out as written."""
    text = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"%s"' % text.replace("\r", "").replace("\n", "\\n")


def html_escape(text):
    """``text`` for a graphviz HTML-like label (``<``, ``>``, ``&`` and quotes escaped)."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\n", "<BR/>"))


# ------------------------------------------------------------------------------ labels
def shape_label(shape, dtype):
    """``?×784 f32``; ``scalar f32`` for a scalar and ``? f32`` for an unknown rank."""
    dims = shape.as_tuple()
    if dims is None:
        text = "?"
    elif not dims:
        text = "scalar"
    else:
        text = "×".join("?" if d is None else str(d) for d in dims)
    return "%s %s" % (text, dtype.short_name)


def is_gradient_op(op):
    """True for an op that ``tf.gradients`` built (its first scope is ``gradients[_N]``)."""
    return bool(_GRADIENT_SCOPE.match(op.name))


def _kind(op):
    if op.type in ("Placeholder", "PlaceholderWithDefault"):
        return "placeholder"
    if op.type == "VariableV2":
        return "trainable" if op.attrs.get("trainable") else "variable"
    if op.op_def.writes_variable:
        return "update"
    if op.op_def.is_constant:
        return "constant"
    if op.type == "NoOp":
        return "group"
    return "gradient" if is_gradient_op(op) else "op"


def _node_label(op, short, annotation):
    """An HTML label: the op's last name component, then its type when the name does not
    already say it, then any runtime annotation."""
    kind = _kind(op)
    lines = ["<B>%s</B>" % html_escape(("★ " if kind == "trainable" else "") + short)]
    subtitle = {"trainable": "Variable (trainable)", "variable": "Variable"}.get(kind, op.type)
    if kind == "constant":
        value_shape = op.outputs[0].shape
        lines = [html_escape(short)]
        subtitle = "" if value_shape.ndims == 0 else shape_label(value_shape, op.outputs[0].dtype)
    elif re.sub(r"_\d+$", "", short).lower() == op.type.lower():
        subtitle = ""
    if subtitle:
        lines.append('<FONT POINT-SIZE="8" COLOR="#555555">%s</FONT>' % html_escape(subtitle))
    if annotation:
        lines.append('<FONT POINT-SIZE="8" COLOR="#1a5e20">%s</FONT>' % html_escape(annotation))
    return "<%s>" % "<BR/>".join(lines)


# ------------------------------------------------------------------------------ selection
def _resolve(fetches, graph):
    """(graph, fetch elements or None)."""
    if fetches is None:
        return (graph or get_default_graph()), None
    if graph is None:
        first = fetches[0] if isinstance(fetches, (list, tuple)) and fetches else fetches
        element = first._as_graph_element() if hasattr(first, "_as_graph_element") else first
        graph = element.graph if isinstance(element, (Tensor, Operation)) else get_default_graph()
    return graph, FetchStructure(graph, fetches).elements


def _select_ops(graph, elements, gradients, show_constants):
    """The ops to draw: what the fetches need (the Session's pruning) and the sub-plans of
    those ops (a loop's body), minus the backward pass
    when ``gradients`` is False, plus every Variable a drawn op writes."""
    ops = set(graph.get_operations()) if elements is None else _with_subplans(
        prune(elements, set()))
    if not gradients:
        ops -= _backward_ops(ops, dropping=True)
    if not show_constants:
        ops = {op for op in ops if not op.op_def.is_constant}
    ops.update(var for op in list(ops) if op.op_def.writes_variable
               for var in written_variables(op))
    return sorted(ops, key=lambda op: op._id)


def _with_subplans(ops):
    """``ops`` and the ops of their sub-plans (loop bodies, dataset functions), nested ones
    included."""
    ops, pending = set(ops), list(ops)
    while pending:
        op = pending.pop()
        inner = list(op.op_def.subplan_outputs(op))
        if inner:
            added = prune(inner, set()) - ops
            ops |= added
            pending.extend(added)
    return ops


def _users(ops):
    users = {op: [] for op in ops}
    for op in ops:
        for dep in {t.op for t in op._inputs} | set(op._control_inputs):
            if dep in users:
                users[dep].append(op)
    return users


def _backward_ops(ops, dropping=False):
    """Gradient ops and every op downstream of them (the updates, the train op). With
    ``dropping``, also the ops that only serve the non-gradient ones of those (a learning-rate
    constant), so hiding the backward pass leaves no orphans; the forward ops the gradients
    read stay."""
    users = _users(ops)
    backward = {op for op in ops if is_gradient_op(op)}
    stack = list(backward)
    while stack:
        for user in users[stack.pop()]:
            if user not in backward:
                backward.add(user)
                stack.append(user)
    if dropping:
        served = backward - {op for op in backward if is_gradient_op(op)}
        changed = True
        while changed:
            changed = False
            for op in ops:
                if op not in backward and users[op] and all(u in served for u in users[op]):
                    backward.add(op)
                    served.add(op)
                    changed = True
    return backward


# ------------------------------------------------------------------------------ scopes
def _scopes(ops):
    """Every scope that encloses a drawn op: the proper prefixes of the op names."""
    scopes = set()
    for op in ops:
        parts = op.name.split("/")
        scopes.update("/".join(parts[:i]) for i in range(1, len(parts)))
    return scopes


def _scope_of(name, scopes):
    """The innermost scope an op sits in; an op named like a scope (Variable ``W`` beside
    ``W/read``) sits inside that scope's cluster."""
    return name if name in scopes else name.rpartition("/")[0]


def _collapsed_scopes(ops, scopes, collapse, expand, auto_collapse):
    counts = dict.fromkeys(scopes, 0)
    for op in ops:
        for scope in _ancestors(_scope_of(op.name, scopes)):
            counts[scope] += 1
    wanted = {c.rstrip("/") for c in collapse}
    expand = {e.rstrip("/") for e in expand}
    chosen = []
    for scope in sorted(scopes):  # a parent sorts before its children
        if any(s == scope or scope.startswith(s + "/") for s in chosen):
            continue  # inside a scope already drawn as one box
        if _matches(scope, wanted) or (auto_collapse and counts[scope] > auto_collapse
                                       and not _matches(scope, expand)):
            chosen.append(scope)
    return chosen


def _matches(scope, names):
    """``scope`` is one of ``names``, or matches one as a glob (``gradients/*_grad``)."""
    return scope in names or any(fnmatch.fnmatchcase(scope, n) for n in names)


def _ancestors(scope):
    """``a/b/c`` -> ``a``, ``a/b``, ``a/b/c`` (nothing for the top level)."""
    if not scope:
        return []
    parts = scope.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


# ------------------------------------------------------------------------------ DOT
def to_dot(fetches=None, graph=None, gradients=True, collapse=(), auto_collapse=60,
           rankdir="LR", show_constants=True, annotations=None, expand=(), title=None):
    """The DOT source of a diagram of ``fetches`` (a tensor, op, Variable or a list of them;
    only what they need is drawn) or, with ``fetches=None``, of the whole ``graph`` (default:
    the default graph). Needs neither the graphviz package nor the ``dot`` program.

    ``gradients=False`` hides the backward pass and the updates it feeds. ``collapse`` names
    scopes to draw as one box each; a scope with more than ``auto_collapse`` ops is collapsed
    too unless it is in ``expand`` (``auto_collapse=None`` turns that off). ``rankdir`` is
    ``"LR"`` or ``"TB"``. ``annotations`` maps ops (or op names) to an extra label line, or to
    ``(text, fillcolor)``. Deterministic: the same graph gives the same text.

    >>> import autograd_engine as tf
    >>> g = tf.Graph()
    >>> with g.as_default():
    ...     x = tf.placeholder(tf.float32, [None, 3], name="x")
    ...     y = tf.reduce_sum(x * 2.0, name="y")
    >>> print(to_dot(y).splitlines()[0])
    digraph G {
    """
    if rankdir not in ("LR", "TB"):
        raise ValueError("rankdir must be 'LR' or 'TB', got %r" % (rankdir,))
    if isinstance(collapse, str) or isinstance(expand, str):
        raise TypeError("collapse and expand take a list of scope names, e.g. ['gradients']")
    graph, elements = _resolve(fetches, graph)
    ops = _select_ops(graph, elements, gradients, show_constants)
    drawn = set(ops)
    backward = _backward_ops(drawn)
    scopes = _scopes(ops)
    collapsed = _collapsed_scopes(ops, scopes, collapse, expand, auto_collapse)
    notes = {}
    for key, value in (annotations or {}).items():
        op = graph.get_operation_by_name(key) if isinstance(key, str) else key
        notes[op] = (value, None) if isinstance(value, str) else tuple(value)

    # Each op is drawn as its own vertex or as part of the box of its collapsed scope.
    box_ids = {scope: "scope_%d" % i for i, scope in enumerate(collapsed)}
    vertex = {}
    box_ops = {scope: [] for scope in collapsed}
    for op in ops:
        box = next((s for s in collapsed if op.name == s or op.name.startswith(s + "/")), None)
        vertex[op] = box_ids[box] if box else "op_%d" % op._id
        if box:
            box_ops[box].append(op)

    # Cluster tree: each scope holds its ops and collapsed boxes, and its child scopes.
    members, children = {"": []}, {"": set()}
    for scope in sorted(scopes):
        members.setdefault(scope, [])
        children.setdefault(scope, set())
        children.setdefault(scope.rpartition("/")[0], set()).add(scope)
    for op in ops:
        if vertex[op].startswith("op_"):
            members[_scope_of(op.name, scopes)].append(op)
    for scope in collapsed:
        members[scope.rpartition("/")[0]].append(scope)
        children[scope] = set()
        members[scope] = []

    lines = ["digraph G {\n",
             '  graph [rankdir=%s, compound=true, newrank=true, fontname="Helvetica", '
             'fontsize=11, nodesep=0.18, ranksep=0.35, pad=0.2%s];\n'
             % (rankdir, "" if title is None else ", labelloc=t, label=%s" % dot_quote(title)),
             '  node [fontname="Helvetica", fontsize=10, height=0.3, margin="0.08,0.03"];\n',
             '  edge [fontname="Helvetica", fontsize=7, color="#666666", fontcolor="#555555", '
             'arrowsize=0.6];\n']
    cluster_ids = {scope: i for i, scope in enumerate(sorted(scopes))}

    def size(scope):
        return len(members[scope]) + sum(size(c) for c in children[scope])

    def node_line(op, shown):
        # Names are shown relative to the innermost cluster drawn around them.
        if op.name == shown:
            short = op.name.rpartition("/")[2]
        elif shown and op.name.startswith(shown + "/"):
            short = op.name[len(shown) + 1:]
        else:
            short = op.name
        text, fill = notes.get(op, (None, None))
        style = _STYLES[_kind(op)]
        if fill:  # an annotation's colour (the timing heat) replaces the kind's fill
            style = re.sub(r'fillcolor="[^"]*"', lambda _: "fillcolor=" + dot_quote(fill), style)
        return "%s [%s, label=%s, tooltip=%s];" % (vertex[op], style, _node_label(op, short, text),
                                                   dot_quote("%s (%s)" % (op.name, op.type)))

    def box_line(scope, shown):
        n = len(box_ops[scope])
        style = "gradient_scope" if all(op in backward for op in box_ops[scope]) else "scope"
        label = '<<B>%s</B><BR/><FONT POINT-SIZE="8">%d op%s</FONT>>' % (
            html_escape(scope[len(shown) + 1:] if shown else scope), n, "" if n == 1 else "s")
        return "%s [%s, label=%s, tooltip=%s];" % (
            box_ids[scope], _STYLES[style], label, dot_quote("scope %s (collapsed)" % scope))

    def emit(scope, depth, shown):
        indent = "  " * depth
        for member in members[scope]:
            line = box_line(member, shown) if isinstance(member, str) else node_line(member, shown)
            lines.append("%s%s\n" % (indent, line))
        for child in sorted(children[scope]):
            if size(child) == 0:
                continue
            if size(child) == 1:  # a cluster around one box adds only clutter
                emit(child, depth, shown)
                continue
            grad = _GRADIENT_SCOPE.match(child + "/")
            border = '"#e3b5ae"' if grad else '"#c8c8c8"'
            # Nested clusters alternate two shades so their borders stay visible.
            fill = (('"#fdf3f1"', '"#fae6e2"') if grad else ('"#f7f7f7"', '"#ececec"'))[depth % 2]
            label = dot_quote(child[len(shown) + 1:] if shown else child)
            lines.append("%ssubgraph cluster_%d {\n" % (indent, cluster_ids[child]))
            lines.append('%s  label=%s; labeljust=l; fontsize=9; fontcolor="#555555"; '
                         'style="rounded,filled"; color=%s; fillcolor=%s;\n'
                         % (indent, label, border, fill))
            emit(child, depth + 1, child)
            lines.append("%s}\n" % indent)

    emit("", 1, "")
    lines.extend(_edge_lines(ops, vertex, backward, drawn))
    lines.append("}\n")
    return "".join(lines)


def _edge_lines(ops, vertex, backward, drawn):
    """One edge per (source vertex, target vertex): several tensors between collapsed boxes
    share it. Backward edges are emitted reversed with ``dir=back`` so the layout lays the
    backward pass out flowing against the forward one."""
    data, control, is_backward = {}, {}, {}
    for op in ops:
        for t in op._inputs:
            if t.op in drawn and vertex[t.op] != vertex[op]:
                key = (vertex[t.op], vertex[op])
                labels = data.setdefault(key, [])
                label = shape_label(t.shape, t.dtype)
                if label not in labels:
                    labels.append(label)
                both = t.op in backward and op in backward
                is_backward[key] = is_backward.get(key, True) and both
        for c in op._control_inputs:
            if c in drawn and vertex[c] != vertex[op]:
                key = (vertex[c], vertex[op])
                control.setdefault(key, True)
                is_backward[key] = is_backward.get(key, True) and c in backward and op in backward
    lines = []
    for key, labels in data.items():
        label = "\n".join(labels) if len(labels) <= 3 else "%d tensors" % len(labels)
        lines.append(_edge(key, "label=%s" % dot_quote(label), is_backward[key]))
    for key in control:
        if key not in data:  # the data edge already orders the two
            lines.append(_edge(key, "style=dotted", is_backward[key]))
    writes = []
    for op in ops:
        if not op.op_def.writes_variable:
            continue
        for var in written_variables(op):
            key = (vertex[op], vertex[var])
            if key[0] != key[1] and key not in writes:
                writes.append(key)
                lines.append("  %s -> %s [%s, tooltip=%s];\n" % (
                    key[0], key[1], _WRITE_EDGE, dot_quote("%s writes %s" % (op.name, var.name))))
    return lines


def _edge(key, attrs, backward):
    src, dst = key
    if not backward:
        return "  %s -> %s [%s];\n" % (src, dst, attrs)
    # Reversed with dir=back: the arrow still points at the consumer, but the layout ranks
    # the consumer before the producer, so the backward pass runs against the forward one.
    style = _BACKWARD_EDGE if "style=" not in attrs else _BACKWARD_EDGE.replace(", style=dashed",
                                                                                "")
    return "  %s -> %s [%s, %s];\n" % (dst, src, attrs, style)


# ------------------------------------------------------------------------------ profiling
def profile(fetches, session, feed_dict=None):
    """Runs ``fetches`` once in ``session``, as ``sess.run(fetches, feed_dict)`` does (its
    compiled plan: the same guards, kernels and rewrites) but timing each op
    (``time.perf_counter``); returns ``{op: OpRun(shapes, seconds)}`` for the ops the fetches
    need, in execution order (see :meth:`ExecutionPlan.run_instrumented`). An op in a
    ``tf.cond`` branch not taken did not run: its ``shapes`` are None (``OpRun.ran`` is False).

    This really runs the step: a fetched training step updates the Variables.
    """
    return session._run_instrumented(fetches, feed_dict)[1]


def _runtime_annotations(stats, timings):
    slowest = max((s for _, s in stats.values()), default=0.0) or 1.0
    notes = {}
    for op, (shapes, seconds) in stats.items():
        if shapes is None:
            notes[op] = ("not run", None)
            continue
        text = ", ".join("×".join(map(str, s)) if s else "scalar" for s in shapes)
        text = ("→ " + text) if text else ""
        fill = None
        if timings and not op.op_def.is_constant:
            text += ("\n" if text else "") + "%.3f ms" % (seconds * 1e3)
            fill = next((c for share, c in _HEAT if seconds >= share * slowest), None)
        if text:
            notes[op] = (text, fill)
    return notes


# ------------------------------------------------------------------------------ render
def render(fetches=None, path=None, graph=None, format=None, gradients=True, collapse=(),
           auto_collapse=60, rankdir="LR", session=None, feed_dict=None, timings=False,
           show_constants=True, expand=(), annotations=None, title=None, engine="dot"):
    """A ``graphviz.Digraph`` of the diagram :func:`to_dot` describes (it displays inline in
    Jupyter); with ``path``, also writes it there as PNG, SVG or PDF (from the extension, or
    ``format``) and returns the Digraph.

    With ``session`` (and ``feed_dict``), the fetches are run once (see :func:`profile`: a
    training step really updates the Variables) and each node is labelled with its runtime
    output shape, or "not run" (a ``tf.cond`` branch not taken);
    ``timings=True`` adds the time each op took and colours the slowest (red, orange, yellow).

    >>> import autograd_engine as tf                               # doctest: +SKIP
    >>> tf.render(train_step, "mnist.png")                         # doctest: +SKIP
    >>> tf.render(loss, "loss.svg", gradients=False, collapse=["gradients"])  # doctest: +SKIP
    >>> tf.render(train_step, "run.png", session=sess, feed_dict=feed,
    ...           timings=True)                                    # doctest: +SKIP
    """
    try:
        import graphviz
    except ImportError:
        raise ImportError("tf.render needs the graphviz Python package: pip install graphviz "
                          "(tf.to_dot(...) gives the DOT text without it).") from None
    fmt = format
    if path is not None and fmt is None:
        fmt = str(path).rpartition(".")[2].lower() if "." in str(path) else None
    if path is not None and fmt not in _FORMATS:
        raise ValueError("Cannot tell the image format of %r: use a .png, .svg or .pdf path, "
                         "or format='png'/'svg'/'pdf'." % (str(path),))
    notes = dict(annotations or {})
    if session is not None:
        if fetches is None:
            raise ValueError("render(session=...) runs the fetches: pass what to run, e.g. "
                             "render(train_step, path, session=sess, feed_dict=...)")
        notes.update(_runtime_annotations(profile(fetches, session, feed_dict), timings))
        graph = graph or session.graph
    dot = to_dot(fetches, graph=graph, gradients=gradients, collapse=collapse,
                 auto_collapse=auto_collapse, rankdir=rankdir, show_constants=show_constants,
                 annotations=notes, expand=expand, title=title)
    # graphviz writes "digraph G {" + the body lines + "}", so .source is exactly our DOT.
    body = dot.splitlines(keepends=True)[1:-1]
    diagram = graphviz.Digraph(name="G", body=body, format=fmt or "svg", engine=engine)
    if path is not None:
        try:
            # pipe() hands the DOT to `dot` on stdin: no intermediate .gv file to clean up.
            data = diagram.pipe(format=fmt)
        except graphviz.ExecutableNotFound as e:
            raise GraphvizNotFoundError(
                "Rendering needs the graphviz `dot` program, which was not found on PATH. "
                "Install it with `apt-get install graphviz` (Debian/Ubuntu), `brew install "
                "graphviz` (macOS) or `conda install -c conda-forge graphviz`. "
                "tf.to_dot(...) still works without it and returns the DOT text.") from e
        with open(path, "wb") as f:
            f.write(data)
    return diagram


def _fetches_named(graph, name, fail):
    """What ``--fetch NAME`` means: the members of the collection ``NAME`` (``train_op``), or the
    op or tensor of that name; ``fail(message)`` (argparse's error: exit status 2) otherwise."""
    if name in graph.get_all_collection_keys():
        members = [m for m in graph.get_collection(name) if hasattr(m, "graph")]
        if members:
            return members
    try:
        return [graph.as_graph_element(name)]
    except (KeyError, ValueError) as error:
        collections = ", ".join(sorted(str(k) for k in graph.get_all_collection_keys()))
        fail("--fetch %s: %s Give an op name (e.g. %s), a tensor name (op:0) or a collection "
             "(%s)." % (name, str(error).strip('"'),
                        next((op.name for op in reversed(graph.get_operations())), "none"),
                        collections or "the graph has none"))


def main(argv=None):
    """``python -m autograd_engine.rendering model.meta graph.png``: draws a saved meta graph
    (``Saver.save`` writes ``<prefix>.meta``) without the code that built it."""
    import argparse
    from .framework.graph import Graph
    from .train.saver import import_meta_graph
    parser = argparse.ArgumentParser(prog="python -m autograd_engine.rendering",
                                     description=main.__doc__.splitlines()[0])
    parser.add_argument("meta", help="a .meta file written by tf.train.Saver or export_meta_graph")
    parser.add_argument("output", help="the picture to write (.png, .svg or .pdf)")
    parser.add_argument("--fetch", action="append", default=[],
                        help="draw only what this op or tensor needs (repeatable), e.g. train_op")
    parser.add_argument("--no-gradients", action="store_true", help="leave out the backward pass")
    parser.add_argument("--collapse", action="append", default=[],
                        help="draw this name scope as one box (repeatable; globs allowed)")
    parser.add_argument("--rankdir", default="LR", choices=("LR", "TB"))
    args = parser.parse_args(argv)
    graph = Graph()
    with graph.as_default():
        import_meta_graph(args.meta)
        fetches = [element for name in args.fetch
                   for element in _fetches_named(graph, name, parser.error)] or None
        render(fetches, args.output, graph=graph, gradients=not args.no_gradients,
               collapse=args.collapse, rankdir=args.rankdir, title=args.meta)
    print("wrote %s (%d ops in the graph)" % (args.output, len(graph)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
