"""The key drawn beside an op diagram: the kinds of vertex it shows and the colours of its
forward, backward, update and control edges, each listed only when the diagram has one.

>>> print(legend_lines(["placeholder"], ["forward"]).splitlines()[0])
  subgraph cluster_legend {
"""
import re

from .labels import KIND_NAMES, STYLES, html_escape

__all__ = ["legend_lines", "EDGE_KINDS"]

# edge kind -> (colour, what the line looks like, what it means)
EDGE_KINDS = {
    "forward": ("#666666", "───▶", "tensor (shape dtype)"),
    "saved": ("#b8b8b8", "───▶", "forward value the backward pass reads"),
    "backward": ("#c0392b", "◀╌╌╌", "backward pass"),
    "write": ("#e67e22", "━━━▶", "update writes Variable"),
    "summarized_write": ("#e67e22", "✎", "updated by the optimizer box"),
    "control": ("#666666", "···▶", "control dependency"),
}


def _swatch(kind):
    fill = re.search(r'fillcolor="([^"]*)"', STYLES[kind])
    border = re.search(r'(?<!fill)color="([^"]*)"', STYLES[kind])
    return fill.group(1) if fill else "#ffffff", border.group(1) if border else "#555555"


def legend_lines(node_kinds, edge_kinds):
    """A DOT cluster holding one plaintext vertex: a table of the ``node_kinds`` (keys of
    :data:`~.labels.STYLES`) and ``edge_kinds`` (keys of :data:`EDGE_KINDS`) drawn."""
    rows = []
    for kind in node_kinds:
        fill, border = _swatch(kind)
        rows.append('<TR><TD BGCOLOR="%s" COLOR="%s" BORDER="1" WIDTH="18"> </TD>'
                    '<TD ALIGN="LEFT">%s</TD></TR>' % (fill, border, html_escape(KIND_NAMES[kind])))
    for kind in edge_kinds:
        colour, line, meaning = EDGE_KINDS[kind]
        rows.append('<TR><TD><FONT COLOR="%s">%s</FONT></TD><TD ALIGN="LEFT">%s</TD></TR>'
                    % (colour, line, html_escape(meaning)))
    table = ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">%s</TABLE>>'
             % "".join(rows))
    return ("  subgraph cluster_legend {\n"
            '    label="legend"; labeljust=l; fontsize=9; fontcolor="#555555"; style="rounded"; '
            'color="#c8c8c8";\n'
            "    legend [shape=plaintext, fontsize=8, label=%s];\n  }\n" % table)
