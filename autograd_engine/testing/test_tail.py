"""The rest of ``tf.test``: ``assert_equal_graph_def``, ``StubOutForTesting``,
``benchmark_config``, ``disable_with_predicate``, ``is_cpu_target_available``,
``test_src_dir_path``.

>>> import autograd_engine as tf
>>> g = tf.Graph()
>>> with g.as_default():
...     _ = tf.constant(1.0, name="a")
>>> tf.test.assert_equal_graph_def(g.as_graph_def(), g.as_graph_def())
"""
import functools
import inspect
import os
import unittest

from ..client.session import ConfigProto

_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _nodes_by_name(graph_def):
    return {node.name: node for node in graph_def.node}


def assert_equal_graph_def(actual, expected, checkpoint_v2=False, hash_table_shared_name=False):
    """Raises AssertionError naming the first difference when the GraphDefs ``actual`` and
    ``expected`` differ in their nodes (compared by name, whatever their order) or versions.
    ``checkpoint_v2`` ignores the ``_temp_<uuid>`` suffix of SaveV2 file names, and
    ``hash_table_shared_name`` the ``shared_name`` of hash tables, as TF."""
    for label, value in (("actual", actual), ("expected", expected)):
        if not hasattr(value, "node"):
            raise TypeError("Expected tf.GraphDef for %s, got %s" % (label, type(value).__name__))
    have, want = _nodes_by_name(actual), _nodes_by_name(expected)
    missing, extra = sorted(set(want) - set(have)), sorted(set(have) - set(want))
    if missing or extra:
        raise AssertionError("Graphs differ: missing nodes %s, unexpected nodes %s"
                             % (missing, extra))
    for name in sorted(want):
        a, b = _cleaned(have[name], checkpoint_v2, hash_table_shared_name), \
            _cleaned(want[name], checkpoint_v2, hash_table_shared_name)
        if a != b:
            raise AssertionError("Node %r differs:\nactual:\n%s\nexpected:\n%s" % (name, a, b))
    if actual.versions != expected.versions:
        raise AssertionError("GraphDef versions differ: %s vs %s" % (actual.versions,
                                                                      expected.versions))


def _cleaned(node, checkpoint_v2, hash_table_shared_name):
    if not (checkpoint_v2 or hash_table_shared_name):
        return node
    copy = type(node)()
    copy.CopyFrom(node)
    if checkpoint_v2 and copy.op == "SaveV2" and "_temp_" in copy.name:
        copy.name = copy.name.split("_temp_")[0]
    if hash_table_shared_name and copy.op.endswith("HashTableV2") and "shared_name" in copy.attr:
        del copy.attr["shared_name"]
    return copy


class StubOutForTesting:
    """Replaces attributes for the duration of a test (TF's googletest helper): ``Set`` and
    ``SmartSet`` replace ``obj.attr_name`` and remember the old value; ``UnsetAll`` /
    ``SmartUnsetAll`` (and ``CleanUp``) put every one back, last first.

    >>> import os
    >>> stubs = StubOutForTesting()
    >>> stubs.Set(os, "sep", "|"); os.sep
    '|'
    >>> stubs.CleanUp(); os.sep
    '/'
    """

    def __init__(self):
        self.cache = []
        self.stubs = []

    def __del__(self):
        self.SmartUnsetAll()
        self.UnsetAll()

    def SmartSet(self, obj, attr_name, new_attr):  # noqa: N802 - TF's names
        """Like ``Set``, restoring a class attribute found through inheritance or a staticmethod
        correctly."""
        if inspect.ismodule(obj) or (not inspect.isclass(obj) and attr_name in obj.__dict__):
            orig_obj, orig_attr = obj, getattr(obj, attr_name)
        else:
            classes = inspect.getmro(obj if inspect.isclass(obj) else type(obj))
            orig_obj = next((cls for cls in classes if attr_name in vars(cls)), obj)
            orig_attr = vars(orig_obj)[attr_name] if orig_obj is not obj or \
                attr_name in vars(orig_obj) else getattr(obj, attr_name)
        self.stubs.append((orig_obj, attr_name, orig_attr))
        setattr(orig_obj, attr_name, new_attr)

    def SmartUnsetAll(self):  # noqa: N802
        for obj, attr_name, value in reversed(self.stubs):
            setattr(obj, attr_name, value)
        self.stubs = []

    def Set(self, parent, child_name, new_child):  # noqa: N802
        old_child = getattr(parent, child_name)
        old_attribute = parent.__dict__.get(child_name)
        if old_attribute is not None and isinstance(old_attribute, staticmethod):
            old_child = staticmethod(old_child)
        self.cache.append((parent, old_child, child_name))
        setattr(parent, child_name, new_child)

    def UnsetAll(self):  # noqa: N802
        for parent, old_child, child_name in reversed(self.cache):
            setattr(parent, child_name, old_child)
        self.cache = []

    def CleanUp(self):  # noqa: N802
        self.SmartUnsetAll()
        self.UnsetAll()


def benchmark_config():
    """The ConfigProto TF's benchmarks run with (its Grappler passes off): rewrites stay on
    here, since they are what a benchmark of this engine measures."""
    return ConfigProto()


def disable_with_predicate(pred, skip_message):
    """A test-method decorator: the test is skipped with ``skip_message`` when ``pred()`` is
    true when it runs."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(self, *args, **kwargs):
            if pred():
                raise unittest.SkipTest(skip_message)
            return func(self, *args, **kwargs)
        return wrapper
    return decorator


def is_cpu_target_available(target):
    """Whether this machine's CPU has the instruction-set feature ``target`` (``"avx2"``,
    ``"avx512f"``...), read from /proc/cpuinfo; False where that cannot be read. (TF answers
    for the targets its kernels were built with; numpy picks its kernels at run time.)"""
    try:
        with open("/proc/cpuinfo") as f:
            text = f.read()
    except OSError:
        return False
    flags = set()
    for line in text.splitlines():
        if line.startswith(("flags", "Features")):
            flags.update(line.partition(":")[2].split())
    return target.lower() in flags


def test_src_dir_path(relative_path):
    """The absolute path of ``relative_path`` inside the installed autograd_engine package (TF:
    inside its source tree)."""
    return os.path.join(_PACKAGE_ROOT, relative_path)


__all__ = ["StubOutForTesting", "assert_equal_graph_def", "benchmark_config",
           "disable_with_predicate", "is_cpu_target_available", "test_src_dir_path"]
