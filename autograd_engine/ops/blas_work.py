"""The work of an op's BLAS products, from its input shapes: what a plan reads (through
``OpDef.blas_flops``) to give the product one BLAS thread or several
(client/blas_threads.py).

Every function takes shapes as tuples whose dimensions may be None (not known statically) and
returns the floating-point operations (2 per multiply-add) or None when a dimension it needs is
not known: the plan then works it out from the run's values.
"""


def elements(dims):
    """The product of ``dims``, or None when the rank or a dimension is unknown.

    >>> elements((64, 28, 28)), elements((None, 3)), elements(None)
    (50176, None, None)
    """
    if dims is None:
        return None
    total = 1
    for d in dims:
        if d is None:
            return None
        total *= d
    return total


def matmul_flops(a, b, transpose_a=False, transpose_b=False):
    """``a @ b`` (batched, broadcast), each optionally transposed.

    >>> matmul_flops((20, 256), (256, 256))
    2621440
    """
    if a is None or b is None or len(a) < 2 or len(b) < 2:
        return None
    m, k = (a[-1], a[-2]) if transpose_a else (a[-2], a[-1])
    n = b[-2] if transpose_b else b[-1]
    batch_a, batch_b = elements(a[:-2]), elements(b[:-2])
    if None in (m, k, n, batch_a, batch_b):
        return None
    return 2 * max(batch_a, batch_b) * m * k * n


def rows_times_columns(rows, inner, columns):
    """A product of a (rows x inner) matrix by an (inner x columns) one, each given as the dims
    whose product it is.

    >>> rows_times_columns((64, 14, 14), (3, 3, 32), (64,))
    462422016
    """
    sizes = [elements(dims) for dims in (rows, inner, columns)]
    return None if None in sizes else 2 * sizes[0] * sizes[1] * sizes[2]
