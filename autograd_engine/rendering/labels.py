"""How a vertex of an op diagram is named and coloured: escaping for DOT and HTML-like labels,
``?×784 f32`` shape labels, the kind of each op (placeholder, Variable, gradient...) and its
style.

>>> from autograd_engine.framework.tensor_shape import TensorShape
>>> from autograd_engine.framework import dtypes
>>> shape_label(TensorShape([None, 784]), dtypes.float32)
'?×784 f32'
"""
import re

__all__ = ["dot_quote", "html_escape", "shape_label", "is_gradient_op", "GRADIENT_SCOPE",
           "node_kind", "node_label", "STYLES", "BACKWARD_EDGE", "WRITE_EDGE", "SAVED_EDGE",
           "KIND_NAMES"]

# An op belongs to the backward pass when its first scope is what tf.gradients opens.
GRADIENT_SCOPE = re.compile(r"^gradients(_\d+)?/")

# kind -> node attributes. Colours: one hue per kind so they are told apart at a glance.
STYLES = {
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
    "optimizer_scope": 'shape=box3d, style="filled,bold", fillcolor="#ffcc80", '
                       'color="#e67e22"',
}
# What the legend calls each kind.
KIND_NAMES = {
    "placeholder": "placeholder (fed)", "variable": "Variable",
    "trainable": "★ trainable Variable", "constant": "constant", "op": "op",
    "gradient": "backward-pass op", "update": "Variable update", "group": "group / NoOp", "scope": "name scope (collapsed)",
    "gradient_scope": "backward scope (collapsed)", "optimizer_scope": "optimizer (collapsed)",
}
BACKWARD_EDGE = 'dir=back, color="#c0392b", fontcolor="#c0392b", style=dashed'
SAVED_EDGE = 'color="#b8b8b8", penwidth=0.7, arrowsize=0.4'
WRITE_EDGE = 'color="#e67e22", penwidth=2.5, constraint=false, arrowhead=normal'


def dot_quote(text):
    """``text`` as a DOT double-quoted string (labels, tooltips): backslashes and quotes are
    escaped so that names such as ``a\\b`` or ``say "hi"`` come out as written.

    >>> dot_quote('say "hi"')
    '"say \\\\"hi\\\\""'
    """
    text = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"%s"' % text.replace("\r", "").replace("\n", "\\n")


def html_escape(text):
    """``text`` for a graphviz HTML-like label (``<``, ``>``, ``&`` and quotes escaped).

    >>> html_escape("a<b")
    'a&lt;b'
    """
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\n", "<BR/>"))


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
    return bool(GRADIENT_SCOPE.match(op.name))


def node_kind(op):
    """The key in :data:`STYLES` an op is drawn with."""
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


def node_label(op, short, annotation):
    """An HTML label: the op's last name component, then its type when the name does not
    already say it, then any runtime annotation."""
    kind = node_kind(op)
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
