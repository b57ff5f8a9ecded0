"""``render``: a diagram drawn by graphviz (a ``graphviz.Digraph``, shown inline in Jupyter, and
a PNG, SVG or PDF file), retrying layouts that ``dot`` 2.43 crashes on; ``profile``: one run of
a fetch set timed op by op.

>>> import autograd_engine as tf
>>> diagram = render(tf.constant(1.0, name="one"))      # no path: nothing is drawn yet
>>> diagram.source.startswith("digraph G {")
True
"""
from ..graphviz_runner import FORMATS, STRAIGHT_EDGES, draw_first_that_works, with_graph_attributes
from ..keras.models import Model as KerasModel
from .op_diagram import to_dot

__all__ = ["render", "profile", "runtime_annotations", "layouts_to_try"]

_HEAT = ((0.5, "#ff8a80"), (0.2, "#ffcc80"), (0.05, "#fff3a0"))  # share of the slowest op
# The last resort: every scope with more than this many ops drawn as one box.
_FALLBACK_COLLAPSE = 3


def profile(fetches, session, feed_dict=None):
    """Runs ``fetches`` once in ``session``, as ``sess.run(fetches, feed_dict)`` does (its
    compiled plan: the same guards, kernels and rewrites) but timing each op
    (``time.perf_counter``); returns ``{op: OpRun(shapes, seconds)}`` for the ops the fetches
    need, in execution order (see :meth:`ExecutionPlan.run_instrumented`). An op in a
    ``tf.cond`` branch not taken did not run: its ``shapes`` are None (``OpRun.ran`` is False).

    This really runs the step: a fetched training step updates the Variables.
    """
    return session._run_instrumented(fetches, feed_dict)[1]


def runtime_annotations(stats, timings):
    """``to_dot`` annotations from :func:`profile`'s result: each op's output shapes (``→
    100×10``) or "not run", and with ``timings`` its time, the slowest coloured."""
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


def layouts_to_try(dot, redraw):
    """The layouts ``render`` hands to ``dot`` in turn: as drawn; the same with straight edges
    (``dot`` 2.43's spline router is what loses edges); then ``redraw(auto_collapse)`` with
    every scope of more than a few ops collapsed, straight edges. A generator, so the costlier
    layouts are only built when the ones before failed."""
    yield "as drawn", dot
    yield "straight edges", with_graph_attributes(dot, STRAIGHT_EDGES)
    if redraw is not None:
        yield ("scopes collapsed, straight edges",
               with_graph_attributes(redraw(_FALLBACK_COLLAPSE), STRAIGHT_EDGES))


def render(fetches=None, path=None, graph=None, format=None, gradients=True, collapse=(),
           auto_collapse=40, rankdir=None, session=None, feed_dict=None, timings=False,
           show_constants=True, expand=(), annotations=None, title=None, engine="dot",
           legend=None, level=None):
    """A ``graphviz.Digraph`` of the diagram :func:`to_dot` describes (it displays inline in
    Jupyter); with ``path``, also writes it there as PNG, SVG or PDF (from the extension, or
    ``format``) and returns the Digraph. A Keras model is drawn one box per layer (``level=
    "ops"`` draws its ops).

    When ``dot`` fails on the layout (graphviz 2.43's "triangulation failed ... lost edge"),
    the picture is drawn again with straight edges, then with its scopes collapsed; only when
    all of these fail is a :class:`RenderError` raised, saying what to do.

    With ``session`` (and ``feed_dict``), the fetches are run once (see :func:`profile`: a
    training step really updates the Variables) and each node is labelled with its runtime
    output shape, or "not run" (a ``tf.cond`` branch not taken);
    ``timings=True`` adds the time each op took and colours the slowest (red, orange, yellow).

    >>> import autograd_engine as tf                               # doctest: +SKIP
    >>> tf.render(train_step, "mnist.png")                         # doctest: +SKIP
    >>> tf.render(loss, "loss.svg", gradients=False, collapse=["gradients"])  # doctest: +SKIP
    >>> tf.render(model, "model.png")                              # doctest: +SKIP
    >>> tf.render(model, "ops.png", level="ops")                   # doctest: +SKIP
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
    if path is not None and fmt not in FORMATS:
        raise ValueError("Cannot tell the image format of %r: use a .png, .svg or .pdf path, "
                         "or format='png'/'svg'/'pdf'." % (str(path),))
    notes = dict(annotations or {})
    if session is not None:
        if fetches is None:
            raise ValueError("render(session=...) runs the fetches: pass what to run, e.g. "
                             "render(train_step, path, session=sess, feed_dict=...)")
        notes.update(runtime_annotations(profile(fetches, session, feed_dict), timings))
        graph = graph or session.graph
    options = dict(graph=graph, gradients=gradients, collapse=collapse, rankdir=rankdir,
                   show_constants=show_constants, annotations=notes, expand=expand,
                   title=title, legend=legend, level=level)
    dot = to_dot(fetches, auto_collapse=auto_collapse, **options)
    # graphviz writes "digraph G {" + the body lines + "}", so .source is exactly our DOT.
    body = dot.splitlines(keepends=True)[1:-1]
    layers_view = isinstance(fetches, KerasModel) and level != "ops"
    redraw = None if layers_view else (
        lambda most: to_dot(fetches, auto_collapse=most, **dict(options, expand=())))

    def draw(fmt):
        return draw_first_that_works(layouts_to_try(dot, redraw), fmt, engine, hint=(
            "Draw less: gradients=False, collapse=['gradients', ...], or fetch a part of the "
            "graph."))[0]

    diagram = _diagram_class(graphviz)(name="G", body=body, format=fmt or "svg", engine=engine)
    diagram.draw = draw
    if path is not None:
        data = draw(fmt)
        with open(path, "wb") as f:
            f.write(data)
    return diagram


_DIAGRAM_CLASSES = {}


def _diagram_class(graphviz):
    """A ``graphviz.Digraph`` whose inline picture in Jupyter goes through the same retries as
    a file (the plain one would show ``dot``'s crash as a traceback)."""
    if graphviz not in _DIAGRAM_CLASSES:
        class Diagram(graphviz.Digraph):
            """A ``graphviz.Digraph``; ``draw(fmt)`` gives the picture's bytes, retrying
            layouts ``dot`` fails on."""
            draw = None

            def _repr_image_svg_xml(self):
                if self.draw is None:
                    return super()._repr_image_svg_xml()
                return self.draw("svg").decode("utf-8")

            def _repr_image_png(self):
                if self.draw is None:
                    return super()._repr_image_png()
                return self.draw("png")

        _DIAGRAM_CLASSES[graphviz] = Diagram
    return _DIAGRAM_CLASSES[graphviz]

