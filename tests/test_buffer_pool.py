"""The pool of large arrays kernels reuse between runs: an array is handed out again only
when nothing references it, directly or through a view."""
import numpy as np

from autograd_engine.backend import BufferPool, get_backend

BIG = (BufferPool.MIN_BYTES // 4,)  # float32 elements


def test_a_released_array_is_reused_and_a_referenced_one_is_not():
    pool = get_backend("numpy").buffer_pool()
    first = pool.empty(BIG, np.float32)
    first_id = id(first)
    second = pool.empty(BIG, np.float32)
    assert second is not first  # `first` is still referenced here
    view = first[10:20]
    del first
    third = pool.empty(BIG, np.float32)
    assert id(third) != first_id  # the view keeps the first array in use
    del view, second
    fourth = pool.empty(BIG, np.float32)
    assert id(fourth) == first_id  # the oldest kept array, free again
    assert fourth.shape == BIG and fourth.dtype == np.float32


def test_released_arrays_are_recycled_up_to_the_per_shape_limit():
    pool = BufferPool(np)
    ids = set()
    for _ in range(5):
        ids.add(id(pool.empty(BIG, np.float32)))  # released at once: always the same array
    assert len(ids) == 1
    held = [pool.empty(BIG, np.float32) for _ in range(BufferPool.per_shape + 2)]
    assert len({id(a) for a in held}) == len(held)  # all in use: all distinct
    assert len(pool._kept[(BIG, np.dtype(np.float32))]) == BufferPool.per_shape


def test_small_requests_are_plain_fresh_arrays():
    pool = BufferPool(np)
    a = pool.empty((3, 4), np.float64)
    b = pool.empty((3, 4), np.float64)
    assert a is not b and a.shape == (3, 4) and a.dtype == np.float64
    assert not pool._kept
