"""Graph diagrams: a graph, a fetch set, a training step or a Keras model drawn with graphviz.

>>> import autograd_engine as tf
>>> from autograd_engine.rendering import to_dot    # also tf.to_dot
>>> x = tf.placeholder(tf.float32, [None, 784], name="x")
>>> dot = to_dot(tf.reduce_sum(x))             # DOT text; needs neither graphviz nor `dot`
>>> "?×784 f32" in dot
True

``to_dot`` is a pure function of the graph (same graph, same text), written without the
graphviz package. ``render`` wraps that text in a ``graphviz.Digraph`` (shown inline in
Jupyter) and, given a path, runs the ``dot`` program to write a PNG, SVG or PDF; when ``dot``
fails on a layout it draws it again with straight edges, then with its scopes collapsed, and
raises :class:`RenderError` (what was tried, what to do) only when none works.

The parts: :mod:`.labels` (how a vertex looks), :mod:`.selection` (which ops are drawn),
:mod:`.scopes` (clusters and collapsed boxes), :mod:`.legend`, :mod:`.op_diagram`
(``to_dot``), :mod:`.draw` (``render``, ``profile``) and :mod:`.cli` (the command line).
See :mod:`.op_diagram` for how a diagram reads; a Keras model's layer diagram is
``tf.keras.utils.model_to_dot``.
"""
from ..graphviz_runner import GraphvizNotFoundError, RenderError
from .cli import main
from .draw import profile, render, runtime_annotations
from .labels import dot_quote, html_escape, is_gradient_op, shape_label
from .op_diagram import to_dot

__all__ = ["to_dot", "render", "profile", "GraphvizNotFoundError", "RenderError", "shape_label",
           "is_gradient_op", "dot_quote", "html_escape", "runtime_annotations", "main"]
