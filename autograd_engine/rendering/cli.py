"""``python -m autograd_engine.rendering model.meta graph.png`` (also the
``autograd-engine-render`` command): draws a saved meta graph without the code that built it.

>>> main(["--help"])                                                # doctest: +SKIP
"""
from ..framework.graph import Graph
from ..train.saver import import_meta_graph
from .draw import render

__all__ = ["main"]


def main(argv=None):
    """``python -m autograd_engine.rendering model.meta graph.png``: draws a saved meta graph
    (``Saver.save`` writes ``<prefix>.meta``) without the code that built it."""
    import argparse
    parser = argparse.ArgumentParser(prog="python -m autograd_engine.rendering",
                                     description=main.__doc__.splitlines()[0])
    parser.add_argument("meta", help="a .meta file written by tf.train.Saver or export_meta_graph")
    parser.add_argument("output", help="the picture to write (.png, .svg or .pdf)")
    parser.add_argument("--fetch", action="append", default=[],
                        help="draw only what this op or tensor needs (repeatable), e.g. train_op")
    parser.add_argument("--no-gradients", action="store_true", help="leave out the backward pass")
    parser.add_argument("--collapse", action="append", default=[],
                        help="draw this name scope as one box (repeatable; globs allowed)")
    parser.add_argument("--rankdir", default=None, choices=("LR", "TB"),
                        help="layout direction (default: TB for small diagrams, else LR)")
    args = parser.parse_args(argv)
    graph = Graph()
    with graph.as_default():
        import_meta_graph(args.meta)
        fetches = [graph.as_graph_element(name) for name in args.fetch] or None
        render(fetches, args.output, graph=graph, gradients=not args.no_gradients,
               collapse=args.collapse, rankdir=args.rankdir, title=args.meta)
    print("wrote %s (%d ops in the graph)" % (args.output, len(graph)))
    return 0
