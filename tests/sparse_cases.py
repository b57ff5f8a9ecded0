"""Programs on sparse data written once against TF1's API: ``tools/make_fixtures_sparse.py``
runs them with TensorFlow (``tf.compat.v1``) and stores the results in
``tests/fixtures/sparse/``; ``tests/test_sparse_fixtures.py`` runs them with this engine and
compares. Each case takes the ``tf`` module and returns ``{name: tensor}`` to fetch after the
global variables are initialized; a ``"_train"`` entry ``(op, steps)`` is run ``steps`` times
first. Gradients are fetched dense (``tf.convert_to_tensor``)."""
import numpy as np

CASES = {}


def case(function):
    CASES[function.__name__] = function
    return function


def _dense(tf, grad):
    return tf.convert_to_tensor(grad)


def _sparse_parts(name, sp):
    return {name + "_indices": sp.indices, name + "_values": sp.values,
            name + "_shape": sp.dense_shape}


_RNG = np.random.RandomState(17)
VALUES = _RNG.standard_normal(6)
MATRIX = _RNG.standard_normal((4, 3))
DATA = _RNG.standard_normal((7, 3))
INDICES = [[0, 1], [0, 3], [1, 0], [2, 2], [3, 1], [3, 3]]


@case
def to_dense_and_reorder(tf):
    values = tf.constant(VALUES)
    sp = tf.SparseTensor(INDICES[::-1], values, [4, 5])
    ordered = tf.sparse.reorder(sp)
    dense = tf.sparse.to_dense(ordered, default_value=tf.constant(0.5, tf.float64))
    weights = tf.constant(np.arange(20.0).reshape(4, 5))
    out = {"dense": dense, "grad": tf.gradients(tf.reduce_sum(dense * weights), values)[0]}
    out.update(_sparse_parts("reordered", ordered))
    out["sparse_to_dense"] = tf.sparse_to_dense([1, 3], [6], tf.constant([2.0, 3.0]), -1.0)
    return out


@case
def sparse_add_both_kinds(tf):
    a_values = tf.constant(VALUES[:3])
    b_values = tf.constant(np.array([0.25, -VALUES[1], 1.5]))
    a = tf.SparseTensor([[0, 1], [1, 2], [2, 0]], a_values, [3, 3])
    b = tf.SparseTensor([[0, 0], [1, 2], [2, 0]], b_values, [3, 3])
    total = tf.sparse_add(a, b)
    small_dropped = tf.sparse_add(a, b, thresh=0.3)
    loss = tf.reduce_sum(total.values * tf.constant([1.0, 2.0, 3.0, 4.0], tf.float64))
    dense = tf.constant(MATRIX[:3])
    with_dense = tf.sparse_add(dense, a)
    out = {"a_grad": tf.gradients(loss, a_values)[0], "b_grad": tf.gradients(loss, b_values)[0],
           "with_dense": with_dense,
           "with_dense_grad": tf.gradients(tf.reduce_sum(with_dense * dense), a_values)[0]}
    out.update(_sparse_parts("total", total))
    out.update(_sparse_parts("dropped", small_dropped))
    return out


@case
def reductions_and_softmax(tf):
    values = tf.constant(VALUES)
    sp = tf.SparseTensor(INDICES, values, [4, 5])
    out = {"sum_all": tf.sparse_reduce_sum(sp), "sum_rows": tf.sparse_reduce_sum(sp, 1),
           "sum_cols_keep": tf.sparse_reduce_sum(sp, 0, keepdims=True)}
    out["sum_grad"] = tf.gradients(tf.reduce_sum(out["sum_rows"] * [1.0, 2.0, 3.0, 4.0]),
                                   values)[0]
    out.update(_sparse_parts("sum_sparse", tf.sparse_reduce_sum_sparse(sp, 1)))
    softmax = tf.sparse_softmax(sp)
    out["softmax"] = softmax.values
    out["softmax_grad"] = tf.gradients(tf.reduce_sum(softmax.values * tf.constant(VALUES[::-1])),
                                       values)[0]
    return out


@case
def dense_matmul(tf):
    values = tf.constant(VALUES)
    sp = tf.SparseTensor(INDICES, values, [4, 5])
    b = tf.constant(_RNG.standard_normal((5, 2)))
    c = tf.constant(_RNG.standard_normal((4, 2)))
    out = {}
    for name, product in (("plain", tf.sparse_tensor_dense_matmul(sp, b)),
                          ("adjoint_a", tf.sparse_tensor_dense_matmul(sp, c, adjoint_a=True)),
                          ("adjoint_b", tf.sparse_tensor_dense_matmul(sp, tf.transpose(b),
                                                                      adjoint_b=True))):
        out[name] = product
        loss = tf.reduce_sum(product * product)
        out[name + "_values_grad"] = tf.gradients(loss, values)[0]
        dense_operand = c if name == "adjoint_a" else b
        out[name + "_dense_grad"] = _dense(tf, tf.gradients(loss, dense_operand)[0])
    return out


@case
def structure_ops(tf):
    values = tf.constant(VALUES)
    sp = tf.SparseTensor(INDICES, values, [4, 5])
    gappy = tf.SparseTensor([[1, 0], [3, 2]], tf.constant([1.0, 2.0], tf.float64), [5, 3])
    filled, empty = tf.sparse_fill_empty_rows(gappy, tf.constant(-1.0, tf.float64))
    out = {"empty_rows": empty}
    out.update(_sparse_parts("filled", filled))
    weights = tf.range(1.0, 6.0, dtype=tf.float64)
    out["filled_grad"] = tf.gradients(tf.reduce_sum(filled.values * weights), gappy.values)[0]
    out.update(_sparse_parts("reshaped", tf.sparse_reshape(sp, [2, -1])))
    other = tf.SparseTensor([[0, 0], [2, 1]], tf.constant([7.0, 8.0], tf.float64), [4, 2])
    out.update(_sparse_parts("concat_cols", tf.sparse_concat(1, [sp, other])))
    sliced = tf.sparse_slice(sp, [1, 1], [3, 3])
    out.update(_sparse_parts("sliced", sliced))
    out["sliced_grad"] = tf.gradients(tf.reduce_sum(sliced.values * 3.0), values)[0]
    retained = tf.sparse_retain(sp, [True, False, True, True, False, True])
    out.update(_sparse_parts("retained", retained))
    other_same = tf.SparseTensor([[0, 1], [1, 1], [3, 3]], tf.constant([1.0, -2.0, -5.0],
                                                                       tf.float64), [4, 5])
    out.update(_sparse_parts("maximum", tf.sparse_maximum(sp, other_same)))
    out.update(_sparse_parts("minimum", tf.sparse_minimum(sp, other_same)))
    return out


@case
def segments(tf):
    data = tf.constant(DATA)
    sorted_ids = tf.constant([0, 0, 1, 3, 3, 3, 4])
    unsorted_ids = tf.constant([2, 0, 2, -1, 0, 4, 2])
    out = {}
    for name, fn in (("sum", tf.segment_sum), ("mean", tf.segment_mean),
                     ("max", tf.segment_max), ("min", tf.segment_min),
                     ("prod", tf.segment_prod)):
        out["segment_" + name] = fn(data, sorted_ids)
        if name != "prod":  # TF1 gives SegmentProd no gradient
            out["segment_%s_grad" % name] = tf.gradients(
                tf.reduce_sum(out["segment_" + name] ** 2), data)[0]
    for name, fn in (("sum", tf.unsorted_segment_sum), ("max", tf.unsorted_segment_max),
                     ("min", tf.unsorted_segment_min), ("prod", tf.unsorted_segment_prod),
                     ("mean", tf.unsorted_segment_mean), ("sqrt_n", tf.unsorted_segment_sqrt_n)):
        result = fn(data, unsorted_ids, 5)
        out["unsorted_" + name] = result
        finite = result if name not in ("max", "min") else tf.gather(result, [0, 2, 4])
        out["unsorted_%s_grad" % name] = tf.gradients(tf.reduce_sum(finite * finite), data)[0]
    table = tf.constant(MATRIX)
    for name, fn in (("sum", tf.sparse_segment_sum), ("mean", tf.sparse_segment_mean),
                     ("sqrt_n", tf.sparse_segment_sqrt_n)):
        result = fn(table, [3, 0, 3, 1], [0, 0, 2, 2])
        out["sparse_segment_" + name] = result
        out["sparse_segment_%s_grad" % name] = _dense(tf, tf.gradients(
            tf.reduce_sum(result * result), table)[0])
        out["sparse_segment_%s_num" % name] = fn(table, [3, 0, 1], [0, 0, 1], num_segments=4)
    return out


@case
def partition_stitch_gather(tf):
    data = tf.constant(DATA)
    parts = tf.dynamic_partition(data, [1, 0, 2, 1, 1, 0, 2], 3)
    out = {"part_%d" % k: p for k, p in enumerate(parts)}
    out["partition_grad"] = tf.gradients(tf.reduce_sum(parts[0] * 2.0) +
                                         tf.reduce_sum(parts[2] ** 2), data)[0]
    pieces = [tf.constant(DATA[:2]), tf.constant(DATA[2:5])]
    stitched = tf.dynamic_stitch([[4, 0], [1, 3, 2]], pieces)
    out["stitched"] = stitched
    out["stitch_grad"] = tf.gradients(tf.reduce_sum(stitched ** 2), pieces[1])[0]
    params = tf.constant(_RNG.standard_normal((2, 4, 3)))
    picked = tf.batch_gather(params, [[3, 0], [1, 1]])
    out["batch_gather"] = picked
    out["batch_gather_grad"] = _dense(tf, tf.gradients(tf.reduce_sum(picked ** 2), params)[0])
    return out


@case
def scatters(tf):
    out = {}
    for name in ("update", "add", "sub", "mul", "div", "min", "max"):
        var = tf.Variable(MATRIX + 3.0)
        out["scatter_" + name] = getattr(tf, "scatter_" + name)(
            var, [2, 0] if name == "update" else [2, 0, 2],
            (MATRIX[:2] if name == "update" else MATRIX[:3]) + 2.0)
    for name in ("update", "add", "sub"):
        var = tf.Variable(MATRIX)
        out["scatter_nd_" + name] = getattr(tf, "scatter_nd_" + name)(
            var, [[1, 2], [3, 0]], [10.0, 20.0])
        tensor = tf.constant(MATRIX)
        updates = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], tf.float64)
        result = getattr(tf, "tensor_scatter_" + name)(tensor, [[3], [1]], updates)
        out["tensor_scatter_" + name] = result
        loss = tf.reduce_sum(result * result)
        out["tensor_scatter_%s_grads" % name] = tf.concat(
            [tf.reshape(g, [-1]) for g in tf.gradients(loss, [tensor, updates])], 0)
    return out


@case
def embedding_lookups(tf):
    table = tf.constant(MATRIX)
    ids = tf.SparseTensor([[0, 0], [0, 1], [0, 2], [2, 0], [2, 1]],
                          tf.constant([1, 3, 1, 0, 2], tf.int64), [3, 3])
    weights = tf.SparseTensor(ids.indices, tf.constant([1.0, 0.5, 2.0, 1.5, 1.0], tf.float64),
                              ids.dense_shape)
    out = {}
    for combiner in ("sum", "mean", "sqrtn"):
        plain = tf.nn.embedding_lookup_sparse(table, ids, None, combiner=combiner)
        weighted = tf.nn.embedding_lookup_sparse(table, ids, weights, combiner=combiner)
        out["plain_" + combiner] = plain
        out["weighted_" + combiner] = tf.gather(weighted, [0, 2])  # row 1 is 0/0 in TF1
        out["plain_%s_grad" % combiner] = _dense(tf, tf.gradients(tf.reduce_sum(plain ** 2),
                                                                 table)[0])
    ids3 = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [1, 1, 0], [1, 1, 1]],
                           tf.constant([2, -1, 3, 1], tf.int64), [2, 2, 2])
    weights3 = tf.SparseTensor(ids3.indices, tf.constant([1.0, 2.0, -1.0, 3.0], tf.float64),
                               ids3.dense_shape)
    safe = tf.nn.safe_embedding_lookup_sparse(table, ids3, weights3)
    out["safe"] = safe
    out["safe_sum"] = tf.nn.safe_embedding_lookup_sparse(table, ids3, weights3, combiner="sum")
    out["safe_default"] = tf.nn.safe_embedding_lookup_sparse(table, ids3, None, default_id=0)
    out["safe_grad"] = _dense(tf, tf.gradients(tf.reduce_sum(safe ** 2), table)[0])
    return out


def _embedding_training(tf, make_optimizer):
    table = tf.Variable(MATRIX)
    rows = tf.nn.embedding_lookup(table, [3, 0, 3])
    loss = tf.reduce_sum((rows - 1.0) ** 2)
    return {"_train": (make_optimizer(tf).minimize(loss), 3), "table": table}


for _name, _make in (("sgd", lambda tf: tf.train.GradientDescentOptimizer(0.1)),
                     ("momentum", lambda tf: tf.train.MomentumOptimizer(0.1, 0.9)),
                     ("nesterov", lambda tf: tf.train.MomentumOptimizer(0.1, 0.9,
                                                                        use_nesterov=True)),
                     ("adagrad", lambda tf: tf.train.AdagradOptimizer(0.2)),
                     ("adam", lambda tf: tf.train.AdamOptimizer(0.1))):
    CASES["train_" + _name] = (lambda make: lambda tf: _embedding_training(tf, make))(_make)


@case
def tensor_array_rnn(tf):
    """The dynamic-RNN pattern: unstack the inputs, read one per step, write each output."""
    inputs = tf.constant(_RNG.standard_normal((5, 3)))
    weights = tf.constant(_RNG.standard_normal((3, 3)) * 0.5)
    steps = tf.TensorArray(tf.float64, size=5).unstack(inputs)

    def step(t, state, outputs):
        state = tf.tanh(tf.matmul(tf.reshape(steps.read(t) + state, [1, 3]), weights)[0])
        return t + 1, state, outputs.write(t, state)
    _, final, outputs = tf.while_loop(lambda t, *_: t < 5, step,
                                      [0, tf.zeros([3], tf.float64),
                                       tf.TensorArray(tf.float64, size=5)])
    stacked = outputs.stack()
    loss = tf.reduce_sum(stacked * tf.constant(_RNG.standard_normal((5, 3)))) + \
        tf.reduce_sum(final)
    input_grad, weight_grad = tf.gradients(loss, [inputs, weights])
    return {"stacked": stacked, "final": final, "input_grad": input_grad,
            "weight_grad": weight_grad}


@case
def tensor_array_outside_loops(tf):
    value = tf.constant(DATA)
    pieces = tf.TensorArray(tf.float64, size=3, infer_shape=False,
                            clear_after_read=False).split(value, tf.constant([2, 4, 1], tf.int64))
    first = pieces.read(1)
    joined = pieces.concat()
    rows = tf.TensorArray(tf.float64, size=7, clear_after_read=False).scatter(
        [6, 0, 1, 2, 3, 4, 5], value)
    picked = rows.gather([0, 6, 6])
    grown = tf.TensorArray(tf.float64, size=0, dynamic_size=True)
    _, grown = tf.while_loop(
        lambda t, _: t < 4, lambda t, ta: (t + 1, ta.write(t, tf.gather(value, t) * 2.0)),
        [0, grown])
    grown_stacked = grown.stack()
    loss = (tf.reduce_sum(first ** 2) + tf.reduce_sum(joined * 3.0) +
            tf.reduce_sum(picked ** 3) + tf.reduce_sum(grown_stacked ** 2))
    return {"first": first, "joined": joined, "picked": picked, "grown": grown_stacked,
            "grown_size": grown.size(), "grad": tf.gradients(loss, value)[0]}


def run_case(tf, name):
    """The case's values as numpy arrays, computed with the ``tf`` module given."""
    graph = tf.Graph()
    with graph.as_default():
        fetches = dict(CASES[name](tf))
        train = fetches.pop("_train", None)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())
            if train is not None:
                for _ in range(train[1]):
                    sess.run(train[0])
            values = sess.run(fetches)
    return {key: np.asarray(value) for key, value in values.items()}
