"""``embedding_lookup_sparse`` and ``safe_embedding_lookup_sparse``: one combined embedding
per row of a SparseTensor of ids (optionally weighted), built as TF1 builds them from
``unique``, ``embedding_lookup`` and the segment reductions, so the table's gradient is
IndexedSlices of the rows looked up.
"""
from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from .array_ops import reshape, zeros_like
from .concat_split_ops import concat
from .constant_op import convert_to_tensor
from .elementwise_binary_ops import greater, greater_equal, select
from .elementwise_unary_ops import cast, sqrt
from .gather_ops import embedding_lookup, gather
from .reduction_ops import reduce_prod
from .segment_ops import (segment_sum, sparse_segment_mean, sparse_segment_sqrt_n,
                          sparse_segment_sum)
from .shape_ops import shape as shape_of
from .sort_ops import unique
from .sparse_structure_ops import sparse_fill_empty_rows, sparse_reshape, sparse_retain
from .sparse_tensor import SparseTensor, convert_to_sparse_tensor, is_sparse

_COMBINERS = ("mean", "sqrtn", "sum")


def embedding_lookup_sparse(params, sp_ids, sp_weights, partition_strategy="mod", name=None,
                            combiner=None, max_norm=None):
    """Row ``i`` of the result combines the embeddings of the ids in row ``i`` of ``sp_ids``
    (``[batch, ...]``, ids in ``values``): their ``"sum"``, ``"mean"`` (the default) or
    ``"sqrtn"`` (sum over the square root of the count), weighted by ``sp_weights``' values when
    given. Rows after the last non-empty one are absent and an empty row in between is zero,
    as in TF1.

    >>> import autograd_engine as tf
    >>> table = tf.constant([[1.0, 1.0], [2.0, 4.0], [3.0, 9.0]])
    >>> ids = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([0, 2, 1], tf.int64), [2, 2])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.nn.embedding_lookup_sparse(table, ids, None)).tolist()
    [[2.0, 5.0], [2.0, 4.0]]
    """
    combiner = "mean" if combiner is None else combiner
    if combiner not in _COMBINERS:
        raise ValueError("combiner must be one of 'mean', 'sqrtn' or 'sum'")
    if not is_sparse(sp_ids):
        raise TypeError("sp_ids must be SparseTensor")
    sp_ids = convert_to_sparse_tensor(sp_ids, "sp_ids")
    if sp_weights is not None and not is_sparse(sp_weights):
        raise TypeError("sp_weights must be either None or SparseTensor")
    segment_ids = cast(sp_ids.indices[:, 0], dtypes.int32)
    ids, positions = unique(sp_ids.values)
    embeddings = embedding_lookup(params, ids, partition_strategy=partition_strategy,
                                  max_norm=max_norm)
    if sp_weights is None:
        reduce = {"sum": sparse_segment_sum, "mean": sparse_segment_mean,
                  "sqrtn": sparse_segment_sqrt_n}[combiner]
        return reduce(embeddings, positions, segment_ids, name=name)
    weights = convert_to_sparse_tensor(sp_weights, "sp_weights").values
    weights = cast(weights, embeddings.dtype)
    rank = embeddings.shape.ndims
    if rank is None:
        raise ValueError("embedding_lookup_sparse with weights needs params of known rank")
    weights = reshape(weights, [-1] + [1] * (rank - 1))  # broadcast over the embedding
    weighted = gather(embeddings, positions) * weights
    total = segment_sum(weighted, segment_ids)
    if combiner == "sum":
        return total
    weight_sum = segment_sum(weights if combiner == "mean" else weights * weights, segment_ids)
    return total / (weight_sum if combiner == "mean" else sqrt(weight_sum))


def safe_embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights=None,
                                 combiner="mean", default_id=None, name=None,
                                 partition_strategy="div", max_norm=None):
    """:func:`embedding_lookup_sparse` that tolerates bad input as TF1's does: ids of any
    rank (``[d0, ..., dn, ids]`` gives ``[d0, ..., dn, dim]``), negative ids dropped,
    non-positive weights dropped (except for ``"sum"``), and an empty row giving zeros (or the
    embedding of ``default_id``).

    >>> import autograd_engine as tf
    >>> table = tf.constant([[1.0, 1.0], [2.0, 4.0]])
    >>> ids = tf.SparseTensor([[0, 0], [2, 0]], tf.constant([1, -1], tf.int64), [3, 1])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.contrib.layers.safe_embedding_lookup_sparse(table, ids)).tolist()
    [[2.0, 4.0], [0.0, 0.0], [0.0, 0.0]]
    """
    if embedding_weights is None:
        raise ValueError("Missing embedding_weights %s." % embedding_weights)
    tables = embedding_weights if isinstance(embedding_weights, (list, tuple)) else \
        [embedding_weights]
    tables = [convert_to_tensor(t) for t in tables]
    if not tables:
        raise ValueError("Missing embedding_weights %s." % embedding_weights)
    sparse_ids = convert_to_sparse_tensor(sparse_ids, "sparse_ids")
    with get_default_graph().name_scope(name or "embedding_lookup"):
        original_shape = sparse_ids.dense_shape
        rank = original_shape.shape.as_tuple()[0]
        if rank is None:
            raise ValueError("safe_embedding_lookup_sparse needs sparse_ids of known rank")
        # Rows of ids: every leading dimension flattened into one batch dimension.
        batch = reduce_prod(original_shape[:rank - 1], keepdims=True)
        sparse_ids = sparse_reshape(sparse_ids, concat([batch, original_shape[rank - 1:]], 0))
        if sparse_weights is not None:
            sparse_weights = SparseTensor(sparse_ids.indices,
                                          convert_to_sparse_tensor(sparse_weights).values,
                                          sparse_ids.dense_shape)
        valid = greater_equal(sparse_ids.values, 0)
        sparse_ids = sparse_retain(sparse_ids, valid)
        if sparse_weights is not None:
            sparse_weights = sparse_retain(sparse_weights, valid)
            if combiner != "sum":
                positive = greater(sparse_weights.values, 0)
                sparse_ids = sparse_retain(sparse_ids, positive)
                sparse_weights = sparse_retain(sparse_weights, positive)
        sparse_ids, is_row_empty = sparse_fill_empty_rows(sparse_ids, default_id or 0)
        if sparse_weights is not None:
            sparse_weights, _ = sparse_fill_empty_rows(sparse_weights, 1.0)
        result = embedding_lookup_sparse(tables, sparse_ids, sparse_weights, combiner=combiner,
                                         partition_strategy=partition_strategy,
                                         max_norm=max_norm)
        if default_id is None:
            result = select(reshape(is_row_empty, [-1, 1]), zeros_like(result), result)
        leading = cast(original_shape[:rank - 1], dtypes.int32)
        final = reshape(result, concat([leading, shape_of(result)[1:]], 0))
        final.set_shape(TensorShape([None] * (rank - 1)).concatenate(result.shape[1:]))
        return final


__all__ = ["embedding_lookup_sparse", "safe_embedding_lookup_sparse"]
