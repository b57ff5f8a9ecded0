"""The client (Session, plans, rewrite driver) never names an op type: it asks the op contract
(``ops/registry.py``), and every hook it asks for is declared on ``OpDef``."""
import ast
import pathlib

import autograd_engine as tf  # noqa: F401 - registers every op family
from autograd_engine.ops.registry import REGISTRY, OpDef

CLIENT = pathlib.Path(tf.__file__).parent / "client"


def _client_modules():
    for path in sorted(CLIENT.glob("*.py")):
        yield path, ast.parse(path.read_text(), str(path))


def _docstrings(tree):
    """The string constants that are docstrings (documentation may name ops)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _is_type_attribute(node):
    return isinstance(node, ast.Attribute) and node.attr in ("type", "type_name")


def _is_op_def(node):
    """``something.op_def`` or a local named ``op_def``."""
    return (isinstance(node, ast.Attribute) and node.attr == "op_def") or \
        (isinstance(node, ast.Name) and node.id == "op_def")


def test_client_code_names_no_op_type():
    type_names = set(REGISTRY)
    problems = []
    for path, tree in _client_modules():
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            where = "%s:%d" % (path.name, getattr(node, "lineno", 0))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    id(node) not in docstrings and node.value in type_names:
                problems.append("%s names op type %r" % (where, node.value))
            if isinstance(node, ast.Compare) and any(
                    _is_type_attribute(n) for n in [node.left] + node.comparators):
                problems.append("%s compares an op's type: %s" % (where, ast.unparse(node)))
    assert not problems, "\n".join(problems)


def test_client_asks_only_declared_hooks():
    problems = []
    for path, tree in _client_modules():
        for node in ast.walk(tree):
            where = "%s:%d" % (path.name, getattr(node, "lineno", 0))
            if isinstance(node, ast.Attribute) and _is_op_def(node.value) and \
                    not hasattr(OpDef, node.attr):
                problems.append("%s asks op_def.%s, which OpDef does not declare"
                                % (where, node.attr))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id in ("getattr", "hasattr") and node.args and \
                    "op_def" in ast.unparse(node.args[0]):
                problems.append("%s looks up an undeclared hook: %s" % (where, ast.unparse(node)))
    assert not problems, "\n".join(problems)
