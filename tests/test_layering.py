"""The package's layering holds: no module imports from a higher layer (not even inside a
function), and no two modules import each other, directly or round a longer cycle.

Every import statement of every module is read with ``ast`` (module-level and function-level,
relative and absolute), so an import that only runs on some call path is checked too.
"""
import ast
import json
import pathlib
import subprocess
import sys

import pytest

from autograd_engine.ops.registry import REGISTRY

PACKAGE = "autograd_engine"
PACKAGE_DIR = pathlib.Path(__file__).resolve().parent.parent / PACKAGE

# Low to high. A module may import modules of its own layer or of lower ones. The key is the
# first name under the package ("" is the package facade, autograd_engine/__init__.py).
LAYERS = (
    # The graph and the one seam to an array library; version and logging need nothing.
    ("framework", {"framework", "backend", "blas_threads", "version", "tf_logging",
                   "graphviz_runner"}),
    # Op families, each op's kernel, shape rule and gradient with its samples.
    ("ops", {"ops"}),
    # The reverse-mode walk and the Session.
    ("gradients, client", {"gradients", "client", "jit"}),  # jit: the compiled path
    # Features built on the public ops.
    ("features", {"train", "layers", "data", "summary", "keras", "contrib", "datasets",
                  "examples", "horovod"}),
    # What users import: the facade, the tf.* namespaces, tf.test, drawing, the demo script.
    ("facade", {"", "api", "rendering", "testing", "demo"}),
)



def layer_of(module):
    """The index in LAYERS of ``module`` (a dotted name under the package)."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else ""
    for index, (_, members) in enumerate(LAYERS):
        if top in members:
            return index
    raise AssertionError("%s is in no layer: add its top-level name to LAYERS in %s"
                         % (module, pathlib.Path(__file__).name))


def package_sources(root=PACKAGE_DIR):
    """{dotted module name: (path, source text)} for every module of the package."""
    sources = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        sources[".".join(parts)] = (str(path.relative_to(root.parent)), path.read_text())
    return sources


def imported_modules(module, is_package, tree, known):
    """(line, target) for each package module that ``tree`` imports, anywhere in the file.

    ``from X import name`` counts as an import of ``X.name`` when that is a module of the
    package, and of ``X`` otherwise; modules outside the package are ignored.
    """
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == PACKAGE or alias.name.startswith(PACKAGE + "."):
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[:len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if not (base == PACKAGE or base.startswith(PACKAGE + ".")):
                continue
            for alias in node.names:
                candidate = base + "." + alias.name
                yield node.lineno, candidate if candidate in known else base


def import_graph(sources):
    """{module: [(line, target), ...]} over the modules of ``sources``."""
    graph = {}
    for module, (path, text) in sources.items():
        tree = ast.parse(text, filename=path)
        is_package = path.endswith("__init__.py")
        graph[module] = sorted({(line, target) for line, target
                                in imported_modules(module, is_package, tree, sources)
                                if target in sources and target != module})
    return graph


def upward_imports(sources):
    """One message per import from a lower layer to a higher one."""
    problems = []
    for module, edges in import_graph(sources).items():
        for line, target in edges:
            if layer_of(target) > layer_of(module):
                problems.append("%s:%d: %s (layer %r) imports %s (layer %r)"
                                % (sources[module][0], line, module, LAYERS[layer_of(module)][0],
                                   target, LAYERS[layer_of(target)][0]))
    return problems


def strongly_connected_sets(graph):
    """The sets of two or more modules that reach each other (Tarjan's algorithm, iterative)."""
    index, lowlink, on_stack, stack, found = {}, {}, set(), [], []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(graph[start]))]
        index[start] = lowlink[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = lowlink[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(graph[successor])))
                    advanced = True
                    break
                if successor in on_stack:
                    lowlink[node] = min(lowlink[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                lowlink[work[-1][0]] = min(lowlink[work[-1][0]], lowlink[node])
            if lowlink[node] == index[node]:
                members = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.add(member)
                    if member == node:
                        break
                if len(members) > 1:
                    found.append(members)
    return found


def import_cycles(sources):
    """One message per import cycle, naming each import that closes it."""
    graph = import_graph(sources)
    targets = {module: {target for _, target in edges} for module, edges in graph.items()}
    problems = []
    for members in strongly_connected_sets(targets):
        links = ["%s:%d: %s imports %s" % (sources[module][0], line, module, target)
                 for module in sorted(members) for line, target in graph[module]
                 if target in members]
        problems.append("import cycle among %s:\n    %s"
                        % (", ".join(sorted(members)), "\n    ".join(links)))
    return problems


def test_every_module_has_a_layer():
    for module in package_sources():
        layer_of(module)


def test_no_module_imports_from_a_higher_layer():
    problems = upward_imports(package_sources())
    assert not problems, "upward imports:\n" + "\n".join(problems)


def test_no_import_cycles():
    problems = import_cycles(package_sources())
    assert not problems, "\n".join(problems)


def test_importing_ops_registers_every_op_defined_there():
    """``autograd_engine/ops/__init__.py`` imports every family that registers ops: importing
    the ops package alone (without the facade, which imports the families itself) gives each
    op whose definition lives under ops/."""
    # A bare package object stands in for the facade, so that only ops/ and what it imports run.
    script = ("import json, sys, types\n"
              "package = types.ModuleType(%r)\n"
              "package.__path__ = [%r]\n"
              "sys.modules[%r] = package\n"
              "import autograd_engine.ops\n"
              "from autograd_engine.ops.registry import REGISTRY\n"
              "print(json.dumps(sorted(REGISTRY)))\n" % (PACKAGE, str(PACKAGE_DIR), PACKAGE))
    alone = json.loads(subprocess.run([sys.executable, "-c", script], check=True,
                                      capture_output=True, text=True, timeout=120).stdout)
    defined_in_ops = {name for name, op_def in REGISTRY.items()
                      if type(op_def).__module__.startswith(PACKAGE + ".ops.")}
    assert sorted(defined_in_ops - set(alone)) == [], "registered only through the facade"
    assert sorted(set(alone) - defined_in_ops) == []


# ------------------------------------------------------------------ the checker can fail
def synthetic(files):
    """``package_sources``'s shape for {relative path: source} under a fake package."""
    sources = {}
    for path, text in files.items():
        parts = path[:-len(".py")].split("/")
        if parts[-1] == "__init__":
            parts.pop()
        sources[".".join([PACKAGE] + parts)] = (PACKAGE + "/" + path, text)
    return sources


def test_checker_reports_an_upward_import_inside_a_function():
    sources = synthetic({
        "__init__.py": "",
        "framework/__init__.py": "",
        "framework/tensor.py": "def run():\n    from ..client import session\n",
        "client/__init__.py": "",
        "client/session.py": "from ..framework import tensor\n",
    })
    problems = upward_imports(sources)
    assert problems == ["autograd_engine/framework/tensor.py:2: autograd_engine.framework.tensor "
                        "(layer 'framework') imports autograd_engine.client.session "
                        "(layer 'gradients, client')"]


def test_checker_reports_an_upward_absolute_import():
    sources = synthetic({
        "ops/__init__.py": "",
        "ops/math_ops.py": "import autograd_engine.train.optimizer\n",
        "train/__init__.py": "",
        "train/optimizer.py": "",
    })
    assert len(upward_imports(sources)) == 1


def test_checker_reports_a_cycle_and_honours_the_allow_list():
    sources = synthetic({
        "ops/__init__.py": "",
        "ops/a.py": "from . import b\n",
        "ops/b.py": "def f():\n    from .c import g\n",
        "ops/c.py": "from .a import h\n",
        "ops/d.py": "from . import a\n",
    })
    problems = import_cycles(sources)
    assert len(problems) == 1
    assert "autograd_engine.ops.a, autograd_engine.ops.b, autograd_engine.ops.c" in problems[0]
    assert "autograd_engine/ops/b.py:2: autograd_engine.ops.b imports autograd_engine.ops.c" \
        in problems[0]


def test_checker_fails_on_a_module_without_a_layer():
    with pytest.raises(AssertionError, match="in no layer"):
        layer_of(PACKAGE + ".somewhere_new")
