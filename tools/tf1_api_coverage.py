"""How much of TensorFlow 1's public API autograd_engine covers, namespace by namespace.

Run with a Python that has tensorflow(-cpu) installed (the suite never needs it)::

    /work/tfvenv/bin/python tools/tf1_api_coverage.py [--output tools/tf1_api_coverage.md]

``tf.layers`` needs the ``tf-keras`` package beside TensorFlow 2.16+ (``pip install --target DIR
--no-deps tf-keras==<TF version>`` and ``PYTHONPATH=DIR`` is enough); without it that namespace is
reported as not listable.

It lists the public names of ``tensorflow.compat.v1`` two levels deep (``tf.X`` and
``tf.ns.X`` for every namespace module ``tf.ns``), looks each one up in the autograd_engine
package next to this script (imported by path, so the checkout is measured, not an installed
copy), prints a markdown table by namespace (names, covered, share) and writes it, followed by
the missing names of each namespace, to the output file.

A name is *covered* when it exists in autograd_engine under the same path and is not a
placeholder: an object whose ``not_implemented`` attribute is true (made by
``autograd_engine.framework.unimplemented.unimplemented``) raises ``NotImplementedError`` naming what to use
instead, so it counts as *placeholder*, not as covered.

Deprecated TF1 aliases (``tf.arg_max``, ``tf.to_float``, ...: their docstring says
"(deprecated)" or TF records them as deprecated endpoints) are counted like any other name and
also listed in their own section, since old programs still use them.
"""
import argparse
import os
import sys
import types

# Whole namespaces left out of the measure, with why.
EXCLUDED_NAMESPACES = {
    "compat": "the v1/v2 switch itself (autograd_engine.compat.v1 is the package)",
    "raw_ops": "generated wrappers of every C++ kernel, internal to TF's Python API",
    "tpu": "TPU-specific",
    "xla": "XLA compiler internals",
    "mlir": "MLIR compiler internals",
    "lite": "TensorFlow Lite converter, a separate product",
    "quantization": "quantized kernels",
    "distribute": "distribution strategies (autograd_engine distributes through MPI instead)",
    "feature_column": "the feature-column library, a separate estimator-era product",
    "profiler": "TF's profiler, tied to its runtime",
    "sysconfig": "build flags of the TF installation",
    "experimental": "unstable experimental APIs",
    "autograph": "Python-to-graph conversion; autograd_engine builds graphs explicitly",
    "mixed_precision": "mixed-precision policies of TF's runtime",
    "types": "TF2 typing protocols",
    "user_ops": "TF's sample custom C++ op",
    "resource_loader": "files inside the TF installation",
    "tools": "TF's command-line tools",
}

# Single top-level names left out of the measure, grouped by reason.
_EXCLUDED_BY_REASON = {
    "eager-only or TF2-only: graph mode is the only mode": [
        "enable_eager_execution", "enable_v2_behavior", "enable_v2_tensorshape",
        "enable_control_flow_v2", "enable_tensor_equality", "py_function", "init_scope",
        "function", "Module", "TensorSpec", "TypeSpec", "OptionalSpec", "RaggedTensorSpec",
        "SparseTensorSpec", "IndexedSlicesSpec", "UnconnectedGradients", "GradientTape",
        "variable_creator_scope", "experimental_functions_run_eagerly",
        "experimental_run_functions_eagerly", "disable_tensor_equality",
    ],
    "quantization": [
        "quantize", "dequantize", "quantize_v2", "quantized_concat",
        "fake_quant_with_min_max_args", "fake_quant_with_min_max_args_gradient",
        "fake_quant_with_min_max_vars", "fake_quant_with_min_max_vars_gradient",
        "fake_quant_with_min_max_vars_per_channel",
        "fake_quant_with_min_max_vars_per_channel_gradient", "qint8", "qint16", "qint32",
        "quint8", "quint16", "QUANTIZED_DTYPES",
    ],
    "TPU / XLA / distribution-strategy internals": [
        "get_replica_context", "DeviceSpec", "VariableAggregation", "VariableSynchronization",
    ],
    "C++ op libraries and TF's build": [
        "load_op_library", "load_library", "load_file_system_library",
        "register_tensor_conversion_function",
    ],
}
EXCLUDED_TOP_LEVEL = {name: reason for reason, names in _EXCLUDED_BY_REASON.items()
                      for name in names}

# Names inside a namespace that are left out, with why.
EXCLUDED_IN_NAMESPACE = {
    "train": {
        "ClusterSpec": "multi-machine TF runtime (autograd_engine distributes through MPI)",
        "Server": "multi-machine TF runtime (autograd_engine distributes through MPI)",
        "ServerDef": "multi-machine TF runtime protobuf",
        "ClusterDef": "multi-machine TF runtime protobuf",
        "JobDef": "multi-machine TF runtime protobuf",
        "replica_device_setter": "parameter-server placement of the TF runtime",
        "SyncReplicasOptimizer": "parameter-server training of the TF runtime",
        "experimental": "unstable experimental APIs",
        "queue_runner": "the queue-runner threads of TF's runtime",
    },
    "config": {"experimental": "unstable experimental APIs", "optimizer": "Grappler options"},
    "dtypes": {name: "quantization" for name in ("qint8", "qint16", "qint32", "quint8",
                                                 "quint16", "QUANTIZED_DTYPES")},
    "debugging": {"experimental": "unstable experimental APIs",
                  "enable_check_numerics": "TF2 eager-only debugging mode",
                  "disable_check_numerics": "TF2 eager-only debugging mode",
                  "enable_traceback_filtering": "TF2 eager-only traceback filtering",
                  "disable_traceback_filtering": "TF2 eager-only traceback filtering",
                  "is_traceback_filtering_enabled": "TF2 eager-only traceback filtering"},
    "test": {"experimental": "unstable experimental APIs",
             "create_local_cluster": "multi-machine TF runtime (MPI is used instead)",
             "with_eager_op_as_function": "TF2 eager-only test decorator"},
}


# Namespaces that could not be listed with the installed TensorFlow (filled by collect()).
UNMEASURED = []


def is_namespace(value):
    return isinstance(value, types.ModuleType)


def public_names(module):
    return sorted(name for name in dir(module) if not name.startswith("_"))


def is_deprecated(name, value):
    try:
        doc = getattr(value, "__doc__", None) or ""
        endpoints = getattr(value, "_tf_deprecated_api_names", ()) or ()
    except Exception:  # tf.flags.FLAGS parses sys.argv on attribute access
        return False
    first_line = doc.strip().splitlines()[0] if doc.strip() else ""
    return "(deprecated)" in first_line or name in endpoints


def lookup(package, path):
    """The object at ``package.a.b`` for path ``["a", "b"]``, or None when it is missing."""
    current = package
    for part in path:
        try:
            current = getattr(current, part)
        except AttributeError:
            return None
        except Exception:  # an attribute that raises on access is not a usable name
            return None
    return current


def status_of(package, path):
    """'covered', 'placeholder' or 'missing'."""
    value = lookup(package, path)
    if value is None and path[-1] != "newaxis":
        return "missing"
    if getattr(value, "not_implemented", False) is True:
        return "placeholder"
    return "covered"


def collect(tf):
    """{namespace: [(name, path, deprecated)]} for tf.compat.v1, exclusions applied."""
    by_namespace = {"tf": []}
    for name in public_names(tf):
        value = getattr(tf, name)
        if is_namespace(value):
            if name in EXCLUDED_NAMESPACES:
                continue
            try:
                inner_names = public_names(value)
            except ImportError:  # a lazily loaded namespace whose package is not installed
                UNMEASURED.append(name)
                continue
            entries = by_namespace.setdefault(name, [])
            skipped = EXCLUDED_IN_NAMESPACE.get(name, {})
            for inner in inner_names:
                if inner in skipped:
                    continue
                inner_value = getattr(value, inner, None)
                entries.append((inner, [name, inner], is_deprecated(inner, inner_value)))
            by_namespace["tf"].append((name, [name], False))
        elif name not in EXCLUDED_TOP_LEVEL:
            by_namespace["tf"].append((name, [name], is_deprecated(name, value)))
    return by_namespace


def measure(tf, package):
    """Rows of (namespace, names, covered, placeholders, missing names, deprecated missing)."""
    rows = []
    for namespace, entries in sorted(collect(tf).items(), key=lambda item: item[0] != "tf"):
        statuses = [(name, path, deprecated, status_of(package, path))
                    for name, path, deprecated in entries]
        covered = sum(status == "covered" for *_, status in statuses)
        placeholders = sum(status == "placeholder" for *_, status in statuses)
        missing = [".".join(path) for _, path, _, status in statuses if status != "covered"]
        deprecated_missing = [".".join(path) for _, path, deprecated, status in statuses
                              if deprecated and status != "covered"]
        deprecated_total = sum(deprecated for _, _, deprecated, _ in statuses)
        rows.append((namespace, len(entries), covered, placeholders, missing,
                     deprecated_missing, deprecated_total))
    return rows


def share(part, whole):
    return "%.1f%%" % (100.0 * part / whole) if whole else "-"


def render(rows, tf_version):
    total = sum(row[1] for row in rows)
    covered = sum(row[2] for row in rows)
    placeholders = sum(row[3] for row in rows)
    lines = ["# TF1 API coverage of autograd_engine", "",
             "Measured against `tensorflow.compat.v1` %s by `tools/tf1_api_coverage.py` "
             "(exclusions and their reasons are listed in the script)." % tf_version, "",
             "| namespace | names | covered | placeholders | share |",
             "|---|---:|---:|---:|---:|"]
    for namespace, names, ns_covered, ns_placeholders, *_ in rows:
        label = "`tf` (top level)" if namespace == "tf" else "`tf.%s`" % namespace
        lines.append("| %s | %d | %d | %d | %s |" % (label, names, ns_covered, ns_placeholders,
                                                     share(ns_covered, names)))
    if UNMEASURED:
        lines.append("| not listable with this TF install: %s | | | | |"
                     % ", ".join("`tf.%s`" % name for name in UNMEASURED))
    lines.append("| **total** | **%d** | **%d** | **%d** | **%s** |"
                 % (total, covered, placeholders, share(covered, total)))
    deprecated_total = sum(row[6] for row in rows)
    deprecated_missing = [name for row in rows for name in row[5]]
    lines += ["", "## Deprecated TF1 aliases", "",
              "%d of %d deprecated names covered. Missing: %s" % (
                  deprecated_total - len(deprecated_missing), deprecated_total,
                  ", ".join("`%s`" % name for name in deprecated_missing) or "none"),
              "", "## Missing names by namespace", ""]
    for namespace, _, _, _, missing, *_ in rows:
        if missing:
            lines.append("- **%s** (%d): %s" % (namespace, len(missing),
                                                ", ".join("`%s`" % n for n in missing)))
    return "\n".join(lines) + "\n"


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=os.path.join(here, "tf1_api_coverage.md"))
    parser.add_argument("--package-root", default=os.path.dirname(here),
                        help="the directory holding the autograd_engine package to measure "
                             "(default: this checkout)")
    args = parser.parse_args(argv)
    sys.argv = sys.argv[:1]  # tf.flags.FLAGS parses sys.argv when first touched
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # tf.compat.v1.layers (and the TF1 tf.keras) live in the tf-keras package from TF 2.16 on.
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    import tensorflow as tf_root
    import tensorflow.compat.v1 as tf
    sys.path.insert(0, os.path.abspath(args.package_root))
    import autograd_engine
    table = render(measure(tf, autograd_engine), tf_root.__version__)
    with open(args.output, "w") as handle:
        handle.write(table)
    print(table.split("\n## Deprecated")[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
