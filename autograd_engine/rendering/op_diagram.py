"""``to_dot``: the DOT text of a diagram of a graph, a fetch set or a training step, one vertex
per op (a Keras model is drawn one box per layer unless ``level="ops"``).

How a diagram reads:

* vertices: placeholders (blue, pointed), Variables (yellow cylinders; trainable ones have a
  bold border and a ★), constants (small, grey), ordinary ops (white), gradient ops (pink,
  ops under ``gradients/`` or ``gradients_N/``), Variable writes (orange, bold) and
  NoOp/group ops (purple octagons); a legend lists the kinds drawn;
* edges carry the tensor's static shape and dtype (``?×784 f32``); control edges are dotted;
* the backward pass flows back along the forward edges: edges between backward ops are drawn
  red and dashed, pointing against the layout's direction; each write draws a bold orange
  edge to the Variable it writes;
* name scopes are nested clusters; ``collapse=[...]`` draws a scope as one box with its op
  count. A large diagram (more than ``auto_collapse`` ops) starts collapsed, as TensorBoard's
  graph view does: each top-level scope is one box, and the optimizer's internals (updates,
  slot Variables, hyper-parameters) move aside into the optimizer's box, which draws one
  update edge to each Variable (or collapsed layer) it writes.

>>> import autograd_engine as tf
>>> x = tf.placeholder(tf.float32, [None, 784], name="x")
>>> dot = to_dot(tf.reduce_sum(x))             # DOT text; needs neither graphviz nor `dot`
>>> "?×784 f32" in dot
True
"""
import re

from ..keras.models import Model as KerasModel
from ..keras.vis_utils import model_to_dot
from ..ops.state_ops import written_variables
from .labels import (BACKWARD_EDGE, GRADIENT_SCOPE, SAVED_EDGE, STYLES, WRITE_EDGE, dot_quote,
                     html_escape, is_gradient_op, node_kind, node_label, shape_label)
from .legend import legend_lines
from .scopes import collapsed_scopes, enclosing_scopes, scope_of
from .selection import backward_ops, optimizer_ops, resolve, select_ops

__all__ = ["to_dot", "SMALL_DIAGRAM", "LEGEND_FROM", "MAX_WRITE_EDGES"]

# At most this many vertices: laid out top to bottom (reads at README width); more: left to
# right, where a long chain of ops fits better.
SMALL_DIAGRAM = 45
# A legend is drawn from this many vertices on (a three-op sketch explains itself).
LEGEND_FROM = 6
# An optimizer box that updates more Variables (or boxes) than this labels them instead of
# drawing an edge to each.
MAX_WRITE_EDGES = 3


def to_dot(fetches=None, graph=None, gradients=True, collapse=(), auto_collapse=40,
           rankdir=None, show_constants=True, annotations=None, expand=(), title=None,
           legend=None, level=None):
    """The DOT source of a diagram of ``fetches`` (a tensor, op, Variable, Keras model or a list
    of them; only what they need is drawn) or, with ``fetches=None``, of the whole ``graph``
    (default: the default graph). Needs neither the graphviz package nor the ``dot`` program.

    ``level``: a Keras model is drawn one box per layer with its shapes (``"layers"``, its
    default, as ``tf.keras.utils.plot_model`` draws it) or as its graph's ops (``"ops"``: the
    training step once compiled, else the forward pass). Other fetches are always ops.

    ``gradients=False`` hides the backward pass and the updates it feeds. ``collapse`` names
    scopes to draw as one box each (globs allowed: ``"gradients/*_grad"``). A scope with more
    than ``auto_collapse`` ops is collapsed too, and a diagram of more than ``auto_collapse``
    ops starts with every top-level scope collapsed and the optimizer moved aside; ``expand``
    keeps the scopes it names open (``auto_collapse=None`` turns this off). ``rankdir`` is
    ``"TB"`` or ``"LR"``; by default TB for diagrams of up to ``SMALL_DIAGRAM`` vertices, else
    LR. ``legend`` (default: from ``LEGEND_FROM`` vertices on) adds the key. ``annotations``
    maps ops (or op names) to an extra label line, or to ``(text, fillcolor)``. Deterministic:
    the same graph gives the same text.

    >>> import autograd_engine as tf
    >>> g = tf.Graph()
    >>> with g.as_default():
    ...     x = tf.placeholder(tf.float32, [None, 3], name="x")
    ...     y = tf.reduce_sum(x * 2.0, name="y")
    >>> print(to_dot(y).splitlines()[0])
    digraph G {
    """
    if rankdir not in (None, "LR", "TB"):
        raise ValueError("rankdir must be 'LR' or 'TB', got %r" % (rankdir,))
    if isinstance(collapse, str) or isinstance(expand, str):
        raise TypeError("collapse and expand take a list of scope names, e.g. ['gradients']")
    if level not in (None, "layers", "ops"):
        raise ValueError("level must be 'layers' (a Keras model's layers) or 'ops', got %r"
                         % (level,))
    if isinstance(fetches, KerasModel) and level != "ops":
        return model_to_dot(fetches, show_shapes=True, rankdir=rankdir or "TB")
    if level == "layers":
        raise ValueError("level='layers' draws a Keras model's layers; %r is not a Keras model "
                         "(its ops are drawn with level=None or 'ops')" % (fetches,))
    graph, elements = resolve(fetches, graph)
    ops = select_ops(graph, elements, gradients, show_constants)
    drawn = set(ops)
    backward = backward_ops(drawn)
    scopes = enclosing_scopes(op.name for op in ops)
    collapsed = collapsed_scopes([op.name for op in ops], scopes, collapse, expand,
                                 auto_collapse)
    notes = {}
    for key, value in (annotations or {}).items():
        op = graph.get_operation_by_name(key) if isinstance(key, str) else key
        notes[op] = (value, None) if isinstance(value, str) else tuple(value)

    # Each op is drawn as its own vertex or as part of the box of its collapsed scope; a
    # collapsed optimizer scope also takes the optimizer's state outside it (slot Variables).
    box_ids = {scope: "scope_%d" % i for i, scope in enumerate(collapsed)}
    owner = {}
    for scope, machinery in optimizer_ops(ops).items():
        if scope in box_ids:
            owner.update(dict.fromkeys(machinery, scope))
    vertex, box_ops = {}, {scope: [] for scope in collapsed}
    for op in ops:
        box = owner.get(op) or next((s for s in collapsed
                                     if op.name == s or op.name.startswith(s + "/")), None)
        vertex[op] = box_ids[box] if box else "op_%d" % op._id
        if box:
            box_ops[box].append(op)
    collapsed = [scope for scope in collapsed if box_ops[scope]]  # emptied by the optimizer
    optimizer_boxes = {scope for scope in collapsed if any(o.op_def.writes_variable
                                                           for o in box_ops[scope])
                       and any(owner.get(o) == scope for o in box_ops[scope])}
    updated_by = _summarized_writes(ops, vertex, {box_ids[s]: s for s in optimizer_boxes})

    # Cluster tree: each scope holds its ops and collapsed boxes, and its child scopes.
    members, children = {"": []}, {"": set()}
    for scope in sorted(scopes):
        members.setdefault(scope, [])
        children.setdefault(scope, set())
        children.setdefault(scope.rpartition("/")[0], set()).add(scope)
    for op in ops:
        if vertex[op].startswith("op_"):
            members[scope_of(op.name, scopes)].append(op)
    for scope in collapsed:
        members[scope.rpartition("/")[0]].append(scope)
        children[scope] = set()
        members[scope] = []
    vertex_count = len(set(vertex.values()))
    if rankdir is None:
        rankdir = "TB" if vertex_count <= SMALL_DIAGRAM else "LR"

    lines = ["digraph G {\n",
             '  graph [rankdir=%s, compound=true, newrank=true, fontname="Helvetica", '
             'fontsize=11, nodesep=0.18, ranksep=0.35, pad=0.2%s];\n'
             % (rankdir, "" if title is None else ", labelloc=t, label=%s" % dot_quote(title)),
             '  node [fontname="Helvetica", fontsize=10, height=0.3, margin="0.08,0.03"];\n',
             '  edge [fontname="Helvetica", fontsize=7, color="#666666", fontcolor="#555555", '
             'arrowsize=0.6];\n']
    cluster_ids = {scope: i for i, scope in enumerate(sorted(scopes))}
    kinds_drawn = []

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
        if vertex[op] in updated_by:
            text = (text + "\n" if text else "") + "✎ updated by " + updated_by[vertex[op]]
        kinds_drawn.append(node_kind(op))
        style = STYLES[node_kind(op)]
        if fill:  # an annotation's colour (the timing heat) replaces the kind's fill
            style = re.sub(r'fillcolor="[^"]*"', lambda _: "fillcolor=" + dot_quote(fill), style)
        return "%s [%s, label=%s, tooltip=%s];" % (vertex[op], style, node_label(op, short, text),
                                                   dot_quote("%s (%s)" % (op.name, op.type)))

    def box_line(scope, shown):
        n = len(box_ops[scope])
        if scope in optimizer_boxes:
            style, what = "optimizer_scope", "optimizer %s, moved aside" % scope
        else:
            style = "gradient_scope" if all(op in backward for op in box_ops[scope]) else "scope"
            what = "scope %s (collapsed)" % scope
        kinds_drawn.append(style)
        label = '<<B>%s</B><BR/><FONT POINT-SIZE="8">%d op%s</FONT>%s>' % (
            html_escape(scope[len(shown) + 1:] if shown else scope), n, "" if n == 1 else "s",
            '<BR/><FONT POINT-SIZE="8" COLOR="#e67e22">✎ updated by %s</FONT>'
            % html_escape(updated_by[box_ids[scope]]) if box_ids[scope] in updated_by else "")
        return "%s [%s, label=%s, tooltip=%s];" % (box_ids[scope], STYLES[style], label,
                                                   dot_quote(what))

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
            grad = GRADIENT_SCOPE.match(child + "/")
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
    edges, edge_kinds = _edge_lines(ops, vertex, backward, drawn, updated_by)
    lines.extend(edges)
    if legend or (legend is None and vertex_count >= LEGEND_FROM):
        order = list(STYLES)
        lines.append(legend_lines(sorted(set(kinds_drawn), key=order.index), edge_kinds))
    lines.append("}\n")
    return "".join(lines)


def _summarized_writes(ops, vertex, optimizer_boxes):
    """{vertex: optimizer name} for the Variables (or boxes) an optimizer box updates, when
    it updates more than ``MAX_WRITE_EDGES`` of them: then, instead of an edge to each (long
    arcs across the picture), each is labelled "✎ updated by Adam"."""
    targets = {}
    for op in ops:
        if op.op_def.writes_variable and vertex[op] in optimizer_boxes:
            for var in written_variables(op):
                if vertex[var] != vertex[op]:
                    targets.setdefault(vertex[op], set()).add(vertex[var])
    return {target: optimizer_boxes[box] for box, written in targets.items()
            if len(written) > MAX_WRITE_EDGES for target in written}


def _edge_lines(ops, vertex, backward, drawn, updated_by):
    """(DOT lines, the kinds of edge among them). One edge per (source vertex, target vertex):
    several tensors between collapsed boxes share it. Backward edges are emitted reversed with
    ``dir=back`` so the layout lays the backward pass out flowing against the forward one.
    Writes to the vertices in ``updated_by`` are not drawn (their labels say it)."""
    data, control, is_backward, saved, forward_too = {}, {}, {}, set(), set()
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
                if t.op not in backward and op in backward and is_gradient_op(op):
                    saved.add(key)
                else:
                    forward_too.add(key)
        for c in op._control_inputs:
            if c in drawn and vertex[c] != vertex[op]:
                key = (vertex[c], vertex[op])
                control.setdefault(key, True)
                is_backward[key] = is_backward.get(key, True) and c in backward and op in backward
    saved -= forward_too  # an edge that also carries another kind of tensor is drawn plainly
    lines, kinds = [], []
    for key, labels in data.items():
        label = "\n".join(labels) if len(labels) <= 3 else "%d tensors" % len(labels)
        if key in saved:
            # A forward value the backward pass reads: drawn light, its shape in the tooltip,
            # so these long edges recede behind the two passes.
            lines.append(_edge(key, "%s, tooltip=%s" % (SAVED_EDGE, dot_quote(label)), False))
            kinds.append("saved")
            continue
        lines.append(_edge(key, "label=%s" % dot_quote(label), is_backward[key]))
        kinds.append("backward" if is_backward[key] else "forward")
    for key in control:
        if key not in data:  # the data edge already orders the two
            lines.append(_edge(key, "style=dotted", is_backward[key]))
            kinds.append("backward" if is_backward[key] else "control")
    writes = []
    for op in ops:
        if not op.op_def.writes_variable:
            continue
        for var in written_variables(op):
            key = (vertex[op], vertex[var])
            if key[1] in updated_by:
                kinds.append("summarized_write")
            elif key[0] != key[1] and key not in writes:
                writes.append(key)
                kinds.append("write")
                lines.append("  %s -> %s [%s, tooltip=%s];\n" % (
                    key[0], key[1], WRITE_EDGE, dot_quote("%s writes %s" % (op.name, var.name))))
    order = ["forward", "saved", "backward", "write", "summarized_write", "control"]
    return lines, sorted(set(kinds), key=order.index)


def _edge(key, attrs, backward):
    src, dst = key
    if not backward:
        return "  %s -> %s [%s];\n" % (src, dst, attrs)
    # Reversed with dir=back: the arrow still points at the consumer, but the layout ranks
    # the consumer before the producer, so the backward pass runs against the forward one.
    style = BACKWARD_EDGE if "style=" not in attrs else BACKWARD_EDGE.replace(", style=dashed",
                                                                              "")
    return "  %s -> %s [%s, %s];\n" % (dst, src, attrs, style)
