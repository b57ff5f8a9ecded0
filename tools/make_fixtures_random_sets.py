"""Writes tests/fixtures/random_sets/cases.json: TensorFlow's results for the tf.sets, tf.sparse
tail, tf.ragged and tf.random cases that tests/test_random_sets_fixtures.py replays on
autograd_engine.

Each case is one expression over ``tf`` (and ``np``), written once here and stored with
TensorFlow's value, so the test evaluates the very same expression with ``autograd_engine as
tf``. Run with the TensorFlow venv:

    /work/tfvenv/bin/python tools/make_fixtures_random_sets.py
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

_A = "tf.constant([[[1, 2, 2], [3, 4, 4]], [[5, 5, 6], [7, 8, 9]]])"
_B = "tf.constant([[[1, 7, 2], [4, 4, 4]], [[0, 5, 1], [1, 2, 3]]])"
_SP = ("tf.SparseTensor([[0, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0], [1, 0, 1]], "
       "[1, 2, 3, 5, 5], [2, 2, 3])")
_SP2 = "tf.SparseTensor([[0, 0, 1], [1, 1, 0], [1, 1, 2]], [2, 8, 7], [2, 2, 3])"
_WORDS = "tf.SparseTensor([[0, 0], [1, 0], [1, 1]], ['a', 'b', 'c'], [2, 2])"
_INTS = "tf.SparseTensor([[0, 0], [1, 0]], tf.constant([3, 4], tf.int64), [2, 1])"
_DENSE_WORDS = "tf.constant([['x', 'y'], ['z', 'w']])"
_X = "tf.SparseTensor([[0, 1], [2, 0], [2, 3]], [3.0, -1.0, -4.0], [3, 4])"
_RT3 = "tf.ragged.constant([[[1, 2], [3]], [], [[4, 5, 6]]])"

CASES = {
    # ---- tf.sets
    "sets_intersection_dense": "tf.sets.intersection(%s, %s)" % (_A, _B),
    "sets_union_dense": "tf.sets.union(%s, %s)" % (_A, _B),
    "sets_difference_dense": "tf.sets.difference(%s, %s)" % (_A, _B),
    "sets_difference_b_minus_a": "tf.sets.set_difference(%s, %s, aminusb=False)" % (_A, _B),
    "sets_size_sparse": "tf.sets.size(%s)" % _SP,
    "sets_intersection_dense_sparse": "tf.sets.intersection(%s, %s)" % (_A, _SP),
    "sets_intersection_sparse_dense": "tf.sets.set_intersection(%s, %s)" % (_SP, _A),
    "sets_difference_sparse_dense": "tf.sets.difference(%s, %s)" % (_SP, _A),
    "sets_difference_dense_sparse": "tf.sets.difference(%s, %s)" % (_A, _SP),
    "sets_union_sparse_sparse": "tf.sets.union(%s, %s)" % (_SP, _SP2),
    "sets_difference_sparse_sparse": "tf.sets.difference(%s, %s)" % (_SP2, _SP),
    "sets_union_strings": "tf.sets.union([['a', 'b'], ['c', 'c']], [['b', 'd'], ['a', 'c']])",
    "sets_size_int64": "tf.sets.set_size(tf.SparseTensor([[0, 0], [0, 1], [2, 0]], "
                       "tf.constant([4, 4, 9], tf.int64), [3, 5]))",
    # ---- sparse tail
    "sparse_cross": "tf.sparse.cross([%s, %s, %s])" % (_WORDS, _DENSE_WORDS, _INTS),
    "sparse_cross_separator": "tf.sparse.cross([%s, %s], separator='#')" % (_WORDS, _DENSE_WORDS),
    "sparse_cross_hashed_buckets": "tf.sparse.cross_hashed([%s, %s, %s], num_buckets=1000)"
                                   % (_WORDS, _DENSE_WORDS, _INTS),
    "sparse_cross_hashed": "tf.sparse.cross_hashed([%s, %s])" % (_WORDS, _INTS),
    "sparse_cross_hashed_key": "tf.sparse.cross_hashed([%s], hash_key=5)" % _INTS,
    "sparse_bincount_rows": "tf.sparse.bincount([[1, 1, 3], [2, 5, 5]], axis=-1)",
    "sparse_bincount_all": "tf.sparse.bincount([[1, 1, 3], [2, 5, 5]], axis=0, minlength=8)",
    "sparse_bincount_binary": "tf.sparse.bincount([[1, 1, 3], [2, 5, 5]], axis=-1, "
                              "maxlength=3, binary_output=True)",
    "sparse_bincount_weights": "tf.sparse.bincount([[1, 1, 3], [2, 5, 5]], weights=tf.constant("
                               "[[.5, 1., 2.], [1., 1., 3.]]), axis=-1)",
    "sparse_bincount_sparse": "tf.sparse.bincount(tf.SparseTensor([[0, 0], [1, 2]], [4, 2], "
                              "[2, 4]), axis=-1)",
    "sparse_reset_shape_tight": "tf.sparse.reset_shape(tf.SparseTensor([[0, 0], [1, 2]], "
                                "[4, 2], [5, 9]))",
    "sparse_reset_shape_new": "tf.sparse_reset_shape(tf.SparseTensor([[0, 0], [1, 2]], [4, 2], "
                              "[2, 3]), [4, 5])",
    "sparse_eye": "tf.sparse.eye(2, 3)",
    "sparse_eye_square_int": "tf.sparse.eye(3, dtype=tf.int32)",
    "sparse_split_axis1": "tf.sparse.split(sp_input=tf.SparseTensor([[0, 0], [1, 2], [1, 4]], "
                          "[4, 2, 1], [2, 5]), num_split=2, axis=1)",
    "sparse_split_axis0": "tf.sparse_split(sp_input=tf.SparseTensor([[0, 0], [1, 2], [2, 4]], "
                          "[4, 2, 1], [3, 5]), num_split=3, axis=0)",
    "sparse_to_indicator": "tf.sparse.to_indicator(tf.SparseTensor([[0, 0], [1, 2], [1, 3]], "
                           "tf.constant([4, 2, 2], tf.int64), [2, 4]), 5)",
    "sparse_reduce_max_rows": "tf.sparse.reduce_max(%s, 1)" % _X,
    "sparse_reduce_max_all": "tf.sparse_reduce_max(%s)" % _X,
    "sparse_reduce_max_keepdims": "tf.sparse.reduce_max(%s, 0, keepdims=True)" % _X,
    "sparse_reduce_max_sparse": "tf.sparse.reduce_max_sparse(%s, 1)" % _X,
    "sparse_reduce_max_sparse_keep": "tf.sparse_reduce_max_sparse(%s, 0, keepdims=True)" % _X,
    "sparse_transpose": "tf.sparse.transpose(%s)" % _X,
    "sparse_transpose_perm": "tf.sparse_transpose(tf.SparseTensor([[0, 1, 2], [1, 0, 1]], "
                             "[1, 2], [2, 3, 4]), [1, 2, 0])",
    "sparse_expand_dims_last": "tf.sparse.expand_dims(%s, -1)" % _X,
    "sparse_expand_dims_first": "tf.sparse.expand_dims(%s, 0)" % _X,
    "sparse_merge": "tf.sparse.merge(tf.SparseTensor([[0, 0], [0, 1], [1, 0]], "
                    "tf.constant([5, 1, 3], tf.int64), [2, 2]), tf.SparseTensor([[0, 0], [0, 1], "
                    "[1, 0]], [0.5, 1.5, 2.5], [2, 2]), 6)",
    "sparse_merge_sorted": "tf.sparse_merge(tf.SparseTensor([[0, 0], [1, 0]], tf.constant([1, 3],"
                           " tf.int64), [2, 1]), tf.SparseTensor([[0, 0], [1, 0]], [7.0, 8.0], "
                           "[2, 1]), 4, already_sorted=True)",
    "sparse_matmul": "tf.sparse_matmul([[1.0, 2.0], [3.0, 4.0]], [[0.5], [2.0]], "
                     "a_is_sparse=True)",
    "tensor_scatter_nd_max": "tf.tensor_scatter_nd_max([1.0, 5.0, 2.0, 0.0], [[0], [1], [0]], "
                             "[4.0, 3.0, 6.0])",
    "tensor_scatter_nd_min": "tf.tensor_scatter_nd_min([[1, 5], [2, 0]], [[0, 1], [1, 0]], "
                             "[3, 7])",
    # ---- ragged
    "ragged_cross": "tf.ragged.cross([tf.constant([['1'], ['2']]), tf.ragged.constant([['a'], "
                    "['b', 'c']]), tf.SparseTensor([[0, 0], [1, 0]], ['x', 'y'], [2, 1])])",
    "ragged_cross_hashed": "tf.ragged.cross_hashed([tf.constant([['1'], ['2']]), "
                           "tf.ragged.constant([['a'], ['b', 'c']])], num_buckets=100)",
    "ragged_range": "tf.ragged.range([3, 5, 0], [5, 4, 3], [1, -1, 1])",
    "ragged_range_limits_only": "tf.ragged.range([2, 0, 3])",
    "ragged_range_float": "tf.ragged.range(0.5, [2.0, 1.0], 0.5)",
    "ragged_boolean_mask_ragged": "tf.ragged.boolean_mask(tf.ragged.constant([[1, 2, 3], [4]]), "
                                  "tf.ragged.constant([[True, False, True], [False]]))",
    "ragged_boolean_mask_dense": "tf.ragged.boolean_mask([[1, 2, 3], [4, 5, 6]], "
                                 "[[True, False, True], [False, True, True]])",
    "ragged_boolean_mask_rows": "tf.ragged.boolean_mask(tf.ragged.constant([[1, 2], [3], "
                                "[4, 5, 6]]), [True, False, True])",
    "ragged_stack_axis0": "tf.ragged.stack([tf.ragged.constant([[1, 2], [3]]), "
                          "tf.ragged.constant([[4]])])",
    "ragged_stack_axis1": "tf.ragged.stack([tf.ragged.constant([[1, 2], [3]]), "
                          "tf.ragged.constant([[4], [5, 6]])], axis=1)",
    "ragged_stack_dense": "tf.ragged.stack([[[1, 2]], tf.ragged.constant([[3], [4, 5]])])",
    "ragged_stack_dynamic_partitions": "tf.ragged.stack_dynamic_partitions(['a', 'b', 'c', 'd',"
                                       " 'e'], [3, 0, 2, 2, 3], 5)",
    "ragged_to_tensor": "%s.to_tensor(default_value=-1)" % _RT3,
    "ragged_to_tensor_zero": "tf.ragged.constant([[1.5], [], [2.5, 3.5]]).to_tensor()",
    "ragged_to_sparse": "%s.to_sparse()" % _RT3,
    "ragged_from_tensor_padding": "tf.RaggedTensor.from_tensor([[1, 2, 0], [3, 0, 0], "
                                  "[0, 0, 0]], padding=0)",
    "ragged_from_tensor_lengths": "tf.RaggedTensor.from_tensor([[1, 2, 0], [3, 0, 0]], "
                                  "lengths=[1, 3])",
    "ragged_from_value_rowids": "tf.RaggedTensor.from_value_rowids([1, 2, 3, 4], [0, 0, 2, 2], "
                                "nrows=4)",
    "ragged_from_row_lengths": "tf.RaggedTensor.from_row_lengths([1, 2, 3, 4], [1, 0, 3])",
    "ragged_from_sparse": "tf.RaggedTensor.from_sparse(tf.SparseTensor([[0, 0], [2, 0], "
                          "[2, 1]], [7, 8, 9], [3, 4]))",
    "ragged_row_lengths": "tf.ragged.constant([[1, 2], [], [3, 4, 5]]).row_lengths()",
    "ragged_value_rowids": "tf.ragged.constant([[1, 2], [], [3, 4, 5]]).value_rowids()",
    "ragged_nested_row_lengths": "%s.row_lengths(axis=2)" % _RT3,
    "ragged_map_flat_values": "tf.ragged.map_flat_values(tf.multiply, tf.ragged.constant("
                              "[[1, 2], [3]]), 10)",
    "ragged_row_splits_to_segment_ids": "tf.ragged.row_splits_to_segment_ids([0, 2, 2, 5, 5])",
    "ragged_segment_ids_to_row_splits": "tf.ragged.segment_ids_to_row_splits([0, 0, 2, 2, 2], "
                                        "num_segments=4)",
    "ragged_constant_inner_shape": "tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], "
                                   "ragged_rank=1)",
    # ---- tf.random: the stateless draws that follow TensorFlow's Philox stream
    "stateless_uniform_float32": "tf.random.stateless_uniform([3, 5], [1, 2], minval=-2.0, "
                                 "maxval=3.0)",
    "stateless_uniform_float64": "tf.random.stateless_uniform([7], [-5, 2 ** 40], "
                                 "dtype=tf.float64)",
    "stateless_uniform_int32": "tf.random.stateless_uniform([9], [3, 4], minval=-3, maxval=10, "
                               "dtype=tf.int32)",
    "stateless_uniform_int64": "tf.random.stateless_uniform([5], [3, 4], minval=0, "
                               "maxval=10 ** 12, dtype=tf.int64)",
    "stateless_uniform_full_int": "tf.random.stateless_uniform([4], [8, 9], minval=None, "
                                  "maxval=None, dtype=tf.int64)",
    "stateless_normal_float32": "tf.random.stateless_normal([2, 5], [1, 2], mean=1.0, "
                                "stddev=2.0)",
    "stateless_normal_float64": "tf.random.stateless_normal([7], [11, 12], dtype=tf.float64)",
    "stateless_truncated_normal_float32": "tf.random.stateless_truncated_normal([3, 7], "
                                          "[5, 6], stddev=0.5)",
    "stateless_truncated_normal_float64": "tf.random.stateless_truncated_normal([9], [5, 6], "
                                          "dtype=tf.float64)",
    "random_split": "tf.random.split(tf.constant([1, 2], tf.int64), num=3)",
    "random_fold_in": "tf.random.fold_in(tf.constant([1, 2], tf.int64), 7)",
}

# TF's derivative of gamma samples in alpha (RandomGammaGrad), at these points: the gradient
# tf.random_gamma gives alpha (the test calls the engine's op of the same name).
GAMMA_GRAD_POINTS = {"alpha": [0.5, 2.0, 7.5, 1.0, 30.0, 0.1],
                     "sample": [0.3, 1.7, 9.0, 0.01, 25.0, 1e-4]}

# The names that are not values: numpy results from building the graph.
STATIC_CASES = {
    "create_rng_state": "tf.random.create_rng_state(2 ** 64 + 3, 'philox')",
    "create_rng_state_threefry": "tf.random.create_rng_state(7, 'threefry')",
    "get_seed_op_only": "tf.random.get_seed(5)",
}


def encode(value):
    """A JSON form of a fetched value."""
    if isinstance(value, (list, tuple)) and not hasattr(value, "indices"):
        return {"list": [encode(v) for v in value]}
    if hasattr(value, "dense_shape"):
        return {"sparse": [encode(np.asarray(value.indices)), encode(np.asarray(value.values)),
                           encode(np.asarray(value.dense_shape))]}
    if hasattr(value, "to_list"):
        return {"ragged": encode(np.asarray(value.flat_values)),
                "splits": [encode(np.asarray(s)) for s in value.nested_row_splits]}
    array = np.asarray(value)
    if array.dtype.kind in "OSU":
        return {"strings": [v.decode() if isinstance(v, bytes) else str(v)
                            for v in array.reshape(-1).tolist()], "shape": list(array.shape)}
    return {"array": array.tolist(), "dtype": array.dtype.name, "shape": list(array.shape)}


def main():
    results = {}
    for name, source in CASES.items():
        with tf.Graph().as_default():
            value = eval(source, {"tf": tf, "np": np})  # noqa: S307 - our own case table
            with tf.Session() as sess:
                results[name] = {"expr": source, "value": encode(sess.run(value))}
    for name, source in STATIC_CASES.items():
        with tf.Graph().as_default():
            value = eval(source, {"tf": tf, "np": np})  # noqa: S307
            if hasattr(value, "graph"):  # some TF versions build a tensor here
                with tf.Session() as sess:
                    value = sess.run(value)
            results[name] = {"expr": source, "static": True, "value": encode(value)}
    with tf.Graph().as_default(), tf.Session() as sess:
        grad = sess.run(tf.raw_ops.RandomGammaGrad(
            alpha=tf.constant(GAMMA_GRAD_POINTS["alpha"], tf.float64),
            sample=tf.constant(GAMMA_GRAD_POINTS["sample"], tf.float64)))
    gamma_grad = dict(GAMMA_GRAD_POINTS, grad=grad.tolist())
    out_dir = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "random_sets")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "cases.json"), "w") as f:
        json.dump({"tensorflow": tf.__version__, "cases": results, "gamma_grad": gamma_grad}, f,
                  indent=0, sort_keys=True)
    print("wrote %d cases" % len(results))


if __name__ == "__main__":
    main()
