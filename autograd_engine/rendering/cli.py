"""``python -m autograd_engine.rendering model.meta graph.png`` (also the
``autograd-engine-render`` command): draws a saved meta graph without the code that built it.

>>> main(["--help"])                                                # doctest: +SKIP
"""
from ..framework.graph import Graph
from ..train.saver import import_meta_graph
from .draw import render

__all__ = ["main"]


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
        fetches = [element for name in args.fetch
                   for element in _fetches_named(graph, name, parser.error)] or None
        render(fetches, args.output, graph=graph, gradients=not args.no_gradients,
               collapse=args.collapse, rankdir=args.rankdir, title=args.meta)
    print("wrote %s (%d ops in the graph)" % (args.output, len(graph)))
    return 0
