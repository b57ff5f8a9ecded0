"""Name scopes in a diagram: which scopes enclose the drawn ops, and which are drawn as one
box (named in ``collapse``, or chosen automatically when the diagram is large).

>>> enclosing_scopes(["layer1/W", "layer1/W/read", "loss/Mean"]) == {"layer1", "layer1/W", "loss"}
True
"""
import fnmatch

__all__ = ["enclosing_scopes", "scope_of", "collapsed_scopes", "matches", "ancestors"]


def enclosing_scopes(names):
    """Every scope that encloses one of the op ``names``: their proper prefixes."""
    scopes = set()
    for name in names:
        parts = name.split("/")
        scopes.update("/".join(parts[:i]) for i in range(1, len(parts)))
    return scopes


def scope_of(name, scopes):
    """The innermost scope an op sits in; an op named like a scope (Variable ``W`` beside
    ``W/read``) sits inside that scope's cluster."""
    return name if name in scopes else name.rpartition("/")[0]


def collapsed_scopes(names, scopes, collapse, expand, auto_collapse):
    """The scopes drawn as one box each, outermost first: those named in ``collapse`` (globs
    allowed), any with more than ``auto_collapse`` ops, and, when the whole diagram has more
    than ``auto_collapse`` ops, every top-level scope (as TensorBoard starts); a scope in
    ``expand``, or with scopes inside it named in ``collapse``, is kept open by the automatic
    rules."""
    counts = dict.fromkeys(scopes, 0)
    for name in names:
        for scope in ancestors(scope_of(name, scopes)):
            counts[scope] += 1
    wanted = {c.rstrip("/") for c in collapse}
    expand = {e.rstrip("/") for e in expand}
    large = bool(auto_collapse) and len(names) > auto_collapse
    chosen = []
    for scope in sorted(scopes):  # a parent sorts before its children
        if any(s == scope or scope.startswith(s + "/") for s in chosen):
            continue  # inside a scope already drawn as one box
        automatic = auto_collapse and (counts[scope] > auto_collapse
                                       or (large and "/" not in scope and counts[scope] > 2))
        # Naming scopes inside it (collapse=["gradients/*"]) asks to see it at that depth.
        finer = any(matches(inner, wanted) for inner in scopes if inner.startswith(scope + "/"))
        if matches(scope, wanted) or (automatic and not finer and not matches(scope, expand)):
            chosen.append(scope)
    return chosen


def matches(scope, names):
    """``scope`` is one of ``names``, or matches one as a glob (``gradients/*_grad``)."""
    return scope in names or any(fnmatch.fnmatchcase(scope, n) for n in names)


def ancestors(scope):
    """``a/b/c`` -> ``a``, ``a/b``, ``a/b/c`` (nothing for the top level)."""
    if not scope:
        return []
    parts = scope.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
