"""The package's shape: small modules, no private names reached across modules, no import cycle
among the op modules.

Each check reads the source with ``ast`` (nothing is imported) and names every offender with its
file and line, so a failure says what to split, rename or move.
"""
import ast
import pathlib

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "autograd_engine"
MAX_LINES = 600



def _modules():
    return sorted(PACKAGE.rglob("*.py"))


def _relative(path):
    return path.relative_to(PACKAGE).as_posix()


def _is_private(name):
    return name.startswith("_") and not name.startswith("__")


def _own_package(path):
    """The dotted name of the package that holds the module at ``path``."""
    return ".".join([PACKAGE.name] + list(path.relative_to(PACKAGE).parent.parts))


def _package_of(path, node):
    """The dotted package an ImportFrom reads from, or None when it is outside the package."""
    if node.level == 0:
        module = node.module or ""
        return module if module.split(".")[0] == PACKAGE.name else None
    parts = _own_package(path).split(".")
    base = parts[:len(parts) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _module_file(dotted):
    """The source of an in-package module (a .py file or a package's __init__), or None."""
    parts = dotted.split(".")[1:]
    candidate = PACKAGE.joinpath(*parts)
    for path in (candidate.with_suffix(".py"), candidate / "__init__.py"):
        if parts and path.is_file():
            return path
    return None


def _private_reaches(path):
    """(line, what) for each private name this module takes from another in-package module."""
    tree = ast.parse(path.read_text(), str(path))
    module_names = {}  # local name -> in-package module it is bound to
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            package = _package_of(path, node)
            if package is None:
                continue
            for alias in node.names:
                # a package's private submodule, imported by its own modules, is the package's
                own_submodule = (package == _own_package(path)
                                 and _module_file(package + "." + alias.name) is not None)
                if _is_private(alias.name) and not own_submodule:
                    found.append((node.lineno, alias.name, "from %s import %s"
                                  % (package, alias.name)))
                elif _module_file(package + "." + alias.name) is not None:
                    module_names[alias.asname or alias.name] = package + "." + alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE.name and alias.asname:
                    module_names[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in module_names and _is_private(node.attr)):
            found.append((node.lineno, node.attr, "%s.%s" % (module_names[node.value.id],
                                                             node.attr)))
    return found


def test_no_module_is_over_600_lines():
    offenders = []
    for path in _modules():
        count = len(path.read_text().splitlines())
        if count > MAX_LINES:
            offenders.append("%s: %d lines" % (_relative(path), count))
    assert not offenders, ("Modules over %d lines (split them along their sections):\n  %s"
                           % (MAX_LINES, "\n  ".join(offenders)))


def test_no_private_name_is_reached_across_modules():
    offenders = []
    for path in _modules():
        for line, name, what in _private_reaches(path):
            offenders.append("%s:%d: %s" % (_relative(path), line, what))
    assert not offenders, ("Private names used from another module (make them public, with a "
                           "docstring, in a sensible home):\n  %s" % "\n  ".join(offenders))


def _ops_imports():
    """{op module: the op modules it imports, at module level or inside a function}."""
    ops = PACKAGE / "ops"
    names = {path.stem for path in ops.glob("*.py")}
    graph = {}
    for path in sorted(ops.glob("*.py")):
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module is None:
                    imported.update(alias.name for alias in node.names if alias.name in names)
                elif node.module in names:
                    imported.add(node.module)
        imported.discard(path.stem)
        graph[path.stem] = imported
    return graph


def test_no_import_cycle_among_op_modules():
    graph = _ops_imports()
    cycles = []
    for start in sorted(graph):
        # depth-first from each module, iteratively; a path back to `start` is a cycle
        stack = [(start, [start])]
        seen = set()
        while stack:
            module, path = stack.pop()
            for nxt in sorted(graph[module]):
                if nxt == start:
                    cycles.append(" -> ".join(path + [start]))
                elif nxt not in seen and nxt > start:  # each cycle once, from its least module
                    seen.add(nxt)
                    stack.append((nxt, path + [nxt]))
    assert not cycles, ("Op modules that import each other (put the shared piece in the lower "
                        "module):\n  %s" % "\n  ".join(cycles))
