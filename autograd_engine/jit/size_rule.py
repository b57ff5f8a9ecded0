"""Which segments are worth compiling: TF1's XLA auto-clustering leaves clusters under a minimum
size uncompiled (``tf_xla_min_cluster_size``), and so does the global switch here.

A call into an XLA program has a fixed cost (argument handling, dispatch, the fetched values
copied out) that the engine's own kernels do not pay, and on small arrays numpy's kernels are
as fast as XLA's fused loops. A segment gains only when it saves enough per-op dispatch and
memory passes: measured on a 2-core AVX-512 machine (benchmarks/notes-i19e.md), chains of
elementwise ops broke even at about a million elements computed in all (64 ops on 16,384
elements; 16 ops on 262,144 won by 1.7x, 4 ops on 262,144 lost), the softmax tutorial's step
(22 ops, ~0.1 M elements) ran 2x slower compiled, the sin(x) and MLP training steps (~100 ops,
several million elements) faster.

The size is counted while the segment is traced for its first signature of input shapes (every
shape is known then): the elements of every value its ops compute. Ops built in an explicit
``tf.xla.experimental.jit_scope()`` are compiled whatever their size: the user chose; so is
every plan under ``global_jit_level=ON_2`` (and ``AUTOGRAD_ENGINE_JIT=1``).
"""

# A segment under the global switch is compiled when it has at least this many ops...
MIN_OPS = 8
# ...computing at least this many elements in all (summed over its ops' outputs).
MIN_ELEMENTS = 1 << 20


def worth_compiling(op_count, elements):
    """Whether a segment of ``op_count`` ops computing ``elements`` elements gains from XLA.

    >>> worth_compiling(100, 4_000_000), worth_compiling(22, 100_000), worth_compiling(4, 10**7)
    (True, False, False)
    """
    return op_count >= MIN_OPS and elements >= MIN_ELEMENTS
