"""``plot_model`` and ``model_to_dot``: a Keras model drawn as Keras draws it, one box per layer
(``dense_1: Dense``, and with ``show_shapes`` its input and output shapes), arrows from each
layer to the layers it feeds. ``tf.render(model)`` draws this too; ``tf.render(model,
level="ops")`` draws the graph's ops instead.

>>> from autograd_engine.keras import layers, models
>>> model = models.Sequential([layers.Dense(4, input_shape=(3,), name="hidden"),
...                            layers.Dense(1, name="out")])
>>> dot = model_to_dot(model, show_shapes=True)
>>> "hidden: Dense" in dot and "(None, 3)" in dot and "(None, 4)" in dot
True
"""
from ..framework.tensor import Tensor
from ..graphviz_runner import FORMATS, STRAIGHT_EDGES, draw_first_that_works, \
    with_graph_attributes
from . import backend
from .layers import InputLayer

__all__ = ["model_to_dot", "plot_model", "layer_edges"]

_BOX = ('shape=plaintext, fontname="Helvetica", fontsize=11, margin=0')
_INPUT_FILL, _LAYER_FILL, _BORDER = "#cfe5ff", "#ffffff", "#555555"


def _tensors(value):
    if value is None:
        return []
    return [t for t in (value if isinstance(value, (list, tuple)) else [value])
            if isinstance(t, Tensor)]


def layer_edges(model):
    """``(layers, edges)``: the model's layers in call order, its input layers first, and the
    ``(from layer, to layer)`` pairs, one per tensor a layer hands to another.

    >>> from autograd_engine.keras import layers, models
    >>> model = models.Sequential([layers.Dense(2, input_shape=(3,), name="d")])
    >>> drawn, edges = layer_edges(model)
    >>> [layer.name for layer in drawn], [(a.name, b.name) for a, b in edges]
    (['d_input', 'd'], [('d_input', 'd')])
    """
    model_layers = list(model.layers)
    if not model.built:
        raise ValueError("This model has not yet been built, so it has no layers to draw: give "
                         "the first layer an input_shape, or call build() or fit() first.")
    inputs = set(model.inputs)
    calls = [(layer, inp, out) for layer, inp, out in backend.layer_calls(model.graph)
             if layer in model_layers or (isinstance(layer, InputLayer)
                                          and any(t in inputs for t in _tensors(out)))]
    producer = {t: layer for layer, _, out in calls for t in _tensors(out)}
    drawn, edges = [], []
    for layer, inp, _ in calls:
        if layer not in drawn:
            drawn.append(layer)
        for tensor in _tensors(inp):
            edge = (producer.get(tensor), layer)
            if edge[0] is not None and edge not in edges:
                edges.append(edge)
    drawn.sort(key=lambda layer: not isinstance(layer, InputLayer))
    return drawn, edges


def _escape(text):
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _shape_text(layer, which):
    try:
        shape = layer.input_shape if which == "input" else layer.output_shape
    except AttributeError:  # a layer never called has no shape
        return "?"
    if isinstance(shape, list):   # a merge layer's inputs: Keras writes the list of shapes
        return "[%s]" % ", ".join(str(tuple(s)).replace(",)", ")") for s in shape)
    return "multiple" if shape is None else str(tuple(shape)).replace(",)", ")")


def _layer_label(layer, show_shapes, show_dtype, show_layer_names):
    title = type(layer).__name__
    if show_layer_names:
        title = "%s: %s" % (layer.name, title)
    fill = _INPUT_FILL if isinstance(layer, InputLayer) else _LAYER_FILL
    rows = ['<TR><TD COLSPAN="2" BGCOLOR="%s"><B>%s</B></TD></TR>' % (fill, _escape(title))]
    if show_dtype:
        rows.append('<TR><TD COLSPAN="2"><FONT POINT-SIZE="9">%s</FONT></TD></TR>'
                    % _escape(layer.dtype.name))
    if show_shapes:
        for which in ("input", "output"):
            rows.append('<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9">%s:</FONT></TD>'
                        '<TD><FONT POINT-SIZE="9">%s</FONT></TD></TR>'
                        % (which, _escape(_shape_text(layer, which))))
    table = rows[1:] != []   # a table of shapes: cell borders; a title alone: one border
    return ('<<TABLE BORDER="%d" CELLBORDER="%d" CELLSPACING="0" CELLPADDING="4" COLOR="%s">%s'
            '</TABLE>>' % (0 if table else 1, 1 if table else 0, _BORDER, "".join(rows)))


def model_to_dot(model, show_shapes=False, show_dtype=False, show_layer_names=True,
                 rankdir="TB", expand_nested=False, dpi=96, subgraph=False):
    """The DOT text of ``plot_model``'s diagram (Keras returns a ``pydot.Dot``; here it is the
    text, which ``graphviz.Source`` or the ``dot`` program takes). Arguments as
    :func:`plot_model`; ``subgraph`` is accepted for Keras's signature and must be False."""
    if rankdir not in ("TB", "LR"):
        raise ValueError("rankdir must be 'TB' (vertical) or 'LR' (horizontal), got %r"
                         % (rankdir,))
    if subgraph:
        raise ValueError("model_to_dot(subgraph=True) draws a nested model inside its parent; "
                         "models cannot be nested here, so there is no parent to draw into")
    # expand_nested has nothing to expand: a model cannot be used as a layer of another here.
    del expand_nested
    drawn, edges = layer_edges(model)
    ids = {layer: "layer_%d" % i for i, layer in enumerate(drawn)}
    lines = ["digraph G {\n",
             '  graph [rankdir=%s, dpi=%d, nodesep=0.3, ranksep=0.35, concentrate=true, '
             'label=%s, labelloc=t, fontname="Helvetica", fontsize=12];\n'
             % (rankdir, int(dpi), '"%s"' % _escape(model.name)),
             "  node [%s];\n" % _BOX,
             '  edge [color="%s", arrowsize=0.7];\n' % _BORDER]
    for layer in drawn:
        lines.append("  %s [label=%s, tooltip=\"%s\"];\n" % (
            ids[layer], _layer_label(layer, show_shapes, show_dtype, show_layer_names),
            _escape("%s (%s)" % (layer.name, type(layer).__name__))))
    for source, target in edges:
        lines.append("  %s -> %s;\n" % (ids[source], ids[target]))
    lines.append("}\n")
    return "".join(lines)


def plot_model(model, to_file="model.png", show_shapes=False, show_dtype=False,
               show_layer_names=True, rankdir="TB", expand_nested=False, dpi=96):
    """Draws ``model`` to ``to_file`` (.png, .svg or .pdf) as Keras's ``plot_model`` does: one
    box per layer, ``name: ClassName``, with an input/output shape table when ``show_shapes``.
    Needs only graphviz's ``dot`` program (not pydot). Returns an ``IPython.display.Image`` of a
    PNG (shown inline in Jupyter) when IPython is installed, else None.

    >>> from autograd_engine.keras import layers, models
    >>> model = models.Sequential([layers.Dense(4, input_shape=(3,)), layers.Dense(1)])
    >>> plot_model(model, "model.png", show_shapes=True)          # doctest: +SKIP
    """
    fmt = str(to_file).rpartition(".")[2].lower() if "." in str(to_file) else "png"
    if fmt not in FORMATS:
        raise ValueError("plot_model writes %s: cannot tell the format of %r from its extension"
                         % (", ".join(FORMATS), str(to_file)))
    dot = model_to_dot(model, show_shapes=show_shapes, show_dtype=show_dtype,
                       show_layer_names=show_layer_names, rankdir=rankdir,
                       expand_nested=expand_nested, dpi=dpi)
    data, _ = draw_first_that_works(
        [("as drawn", dot), ("straight edges", with_graph_attributes(dot, STRAIGHT_EDGES)),
         ("straight edges, no edge merging",
          with_graph_attributes(dot, dict(STRAIGHT_EDGES, concentrate="false")))], fmt,
        hint="Try show_shapes=False or rankdir='LR'.")
    with open(to_file, "wb") as f:
        f.write(data)
    if fmt != "png":
        return None
    try:
        from IPython.display import Image
    except ImportError:
        return None
    return Image(data=data)
