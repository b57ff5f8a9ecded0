"""Running graphviz's ``dot`` program on DOT text, and never letting its failures reach the user
raw.

``dot`` 2.43 (Debian's and Ubuntu's) dies on some graphs with clusters with *triangulation
failed ... lost op_323 op_24 edge* while routing curved edges; the same layout with straight
edges (``splines=line``) or with fewer clusters draws. :func:`draw_first_that_works` tries a
list of layouts in order and raises :class:`RenderError` (what was tried, what ``dot`` said,
what to do) only when every one fails. It is a module of the lowest layer, needing nothing but
the ``dot`` program, so both ``tf.render`` and ``tf.keras.utils.plot_model`` draw through it.

>>> png = draw_first_that_works([("default", 'digraph G { a -> b }')], "png")  # doctest: +SKIP
>>> png[:4]                                                                      # doctest: +SKIP
b'\\x89PNG'
"""
import shutil
import subprocess

__all__ = ["GraphvizNotFoundError", "RenderError", "FORMATS", "STRAIGHT_EDGES",
           "with_graph_attributes", "run_dot", "draw_first_that_works"]

FORMATS = ("png", "svg", "pdf")
# What an attempt adds to the DOT text to route edges as straight lines: the spline router is
# where dot 2.43 loses edges.
STRAIGHT_EDGES = {"splines": "line"}


class GraphvizNotFoundError(RuntimeError):
    """The graphviz ``dot`` program is not installed (the Python package alone cannot draw)."""


class RenderError(RuntimeError):
    """``dot`` failed on every layout tried; ``attempts`` holds (layout, dot's message) pairs."""

    def __init__(self, message, attempts=()):
        super().__init__(message)
        self.attempts = list(attempts)


_NOT_FOUND = ("Rendering needs the graphviz `dot` program, which was not found on PATH. "
              "Install it with `apt-get install graphviz` (Debian/Ubuntu), `brew install "
              "graphviz` (macOS) or `conda install -c conda-forge graphviz`. "
              "tf.to_dot(...) still works without it and returns the DOT text.")


def with_graph_attributes(source, attributes):
    """``source`` (a ``digraph {...}``) with graph ``attributes`` set last, so they override the
    ones it sets itself."""
    if not attributes:
        return source
    body, _, _ = source.rstrip().rpartition("}")
    settings = ", ".join('%s="%s"' % item for item in sorted(attributes.items()))
    return "%s  graph [%s];\n}\n" % (body, settings)


def run_dot(source, fmt, engine="dot", timeout=120):
    """The bytes ``dot -T<fmt>`` writes for ``source``. Raises :class:`GraphvizNotFoundError`
    when the program is missing and ``subprocess.CalledProcessError`` (its ``stderr`` is
    ``dot``'s message) when it fails."""
    if fmt not in FORMATS:
        raise ValueError("format must be one of %s, got %r" % (", ".join(FORMATS), fmt))
    program = shutil.which(engine)
    if program is None:
        raise GraphvizNotFoundError(_NOT_FOUND)
    done = subprocess.run([program, "-T" + fmt], input=source.encode("utf-8"),
                          capture_output=True, timeout=timeout)
    # dot can print "lost edge" and still exit 0 with the edge missing: that is a failure too.
    message = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0 or "lost " in message or not done.stdout:
        raise subprocess.CalledProcessError(done.returncode, [program, "-T" + fmt],
                                            done.stdout, done.stderr)
    return done.stdout


def draw_first_that_works(attempts, fmt, engine="dot", hint=""):
    """Draws the first of ``attempts`` that ``dot`` lays out. ``attempts`` is an iterable of
    ``(what the layout is, DOT text)`` (a generator, so a costlier layout is only built when
    the ones before failed). Returns ``(bytes, what)``; raises :class:`RenderError` naming
    every layout tried, ``dot``'s last message and ``hint`` when all fail."""
    failures = []
    for what, source in attempts:
        try:
            return run_dot(source, fmt, engine), what
        except subprocess.CalledProcessError as e:
            failures.append((what, (e.stderr or b"").decode("utf-8", "replace").strip()))
        except subprocess.TimeoutExpired:
            failures.append((what, "timed out"))
    if not failures:
        raise ValueError("draw_first_that_works needs at least one attempt")
    tried = "; ".join(what for what, _ in failures)
    last = failures[-1][1].splitlines()
    raise RenderError(
        "graphviz `%s` could not lay this diagram out (tried: %s). It said: %s. %s"
        "tf.to_dot(...) gives the DOT text, which another graphviz version (`dot -V`; 2.44 "
        "and later fix most of these crashes) or https://dreampuf.github.io/GraphvizOnline "
        "can draw." % (engine, tried, " / ".join(last[-3:]) or "nothing",
                       hint + " " if hint else ""), failures)
