"""Control flow: ``tf.no_op``, ``tf.group``, ``tf.tuple``, and ``tf.cond``/``tf.case``, whose
branches run only when taken."""
import numpy as np

from ..framework.graph import get_default_graph
from ..framework.tensor import Operation
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .constant_op import constant_value, convert_to_tensor
from .op_samples import OpSample, normal
from .registry import OpDef, make_op, register


def _no_outputs(*inputs):
    """The reference of an op without outputs."""
    return []


@register
class NoOp(OpDef):
    type_name = "NoOp"
    stateful = True

    def infer(self, op):
        return []

    def kernel(self, op, ctx):
        return lambda: None

    def samples(self, rng):
        """``tf.no_op()``, and ``tf.group`` of two tensors (its control inputs)."""
        return [OpSample(no_op, reference=_no_outputs),
                OpSample(lambda x, n: group(array_ops.identity(x), array_ops.identity(n)),
                         normal(rng, 2, 3),
                         rng.integers(-9, 9, 4).astype("int32"), reference=_no_outputs,
                         grad=())]


def no_op(name=None):
    """An op that does nothing (useful as a target for control dependencies)."""
    return make_op("NoOp", name=name)


def group(*inputs, name=None):
    """An op that runs all of ``inputs`` (tensors or ops) when run.

    >>> import autograd_engine as tf
    >>> a = tf.Variable(1.0); b = tf.Variable(2.0)
    >>> init = tf.group(a.initializer, b.initializer)
    >>> init.type
    'NoOp'
    """
    ops_ = []
    for item in _flatten(inputs):
        element = item._as_graph_element() if hasattr(item, "_as_graph_element") else item
        op = element if isinstance(element, Operation) else element.op
        if op not in ops_:
            ops_.append(op)
    graph = ops_[0].graph if ops_ else get_default_graph()
    return make_op("NoOp", (), None, name or "group_deps", graph, control_inputs=ops_)


def _flatten(items):
    for item in items:
        if isinstance(item, (list, tuple, set)):
            yield from _flatten(item)
        elif isinstance(item, dict):
            yield from _flatten(item.values())
        else:
            yield item


# ------------------------------------------------------------------ tf.cond
class ControlFlowContext:
    """Where an op was built: a tf.cond branch or a while_loop body, nested in ``outer``."""

    def __init__(self, outer):
        self.outer = outer

    def chain(self):
        """This context and its enclosing ones, outermost first."""
        contexts, ctx = [], self
        while ctx is not None:
            contexts.append(ctx)
            ctx = ctx.outer
        return contexts[::-1]

    def encloses(self, other):
        """True when ``other`` (a context or None) is this one or nested inside it."""
        while other is not None:
            if other == self:
                return True
            other = other.outer
        return False


class CondContext(ControlFlowContext):
    """One branch of a ``tf.cond``: ops built in it run only when ``pred`` equals ``branch``
    (and every enclosing branch is taken too)."""

    def __init__(self, pred, branch, outer):
        super().__init__(outer)
        self.pred = pred
        self.branch = branch

    # Contexts built separately for the same branch (by cond, by a Merge's gradient) are the
    # same branch: compare by what they mean.
    def _key(self):
        return (self.pred, self.branch, self.outer)

    def __eq__(self, other):
        return isinstance(other, CondContext) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return "<CondContext %s == %s>" % (self.pred.name, self.branch)


class _SelectedByPredicate(OpDef):
    """Ops the plan emits as a Python conditional expression instead of a kernel call, so the
    value of the branch not taken is never touched (it was never computed). Input 0 is the
    predicate, which Python reads."""
    host_inputs = (0,)

    def kernel(self, op, ctx):
        return None

    def emit(self, op, out, args):
        raise NotImplementedError


@register
class Merge(_SelectedByPredicate):
    """The output of a tf.cond: inputs (pred, true_value, false_value)."""
    type_name = "Merge"

    def infer(self, op):
        pred, a, b = op.inputs
        if a.dtype != b.dtype:
            raise TypeError("Outputs of true_fn and false_fn must have the same type: %s, %s"
                            % (a.dtype.name, b.dtype.name))
        sa, sb = a.shape.as_tuple(), b.shape.as_tuple()
        if sa is None or sb is None or len(sa) != len(sb):
            shape = TensorShape(None)
        else:
            shape = TensorShape([x if x == y else None for x, y in zip(sa, sb)])
        return [(a.dtype, shape)]

    def emit(self, op, out, args):
        return "%s = %s if %s else %s" % (out, args[1], args[0], args[2])

    def samples(self, rng):
        """tf.cond's output, either branch taken: branches of one static shape, of different
        ones (the output's dimension is then unknown), int32 scalars; gradients reach each
        input through the taken branch (zeros through the other)."""
        def choose(pred, x, y):
            return cond(pred, lambda: x * 2, lambda: array_ops.identity(y))

        def chosen(pred, x, y):
            return x * 2 if pred else y
        return [OpSample(choose, pred, x, y, reference=chosen) for pred, x, y in (
            (np.bool_(True), normal(rng, 2, 3), normal(rng, 2, 3)),
            (np.bool_(False), normal(rng, 2, 3), normal(rng, 1, 3)),
            (np.bool_(True), np.int32(4), np.int32(-3)))]

    def gradient(self, op, grad):
        pred, graph = op.inputs[0], op.graph
        grads = [None]
        for branch, value in ((True, op.inputs[1]), (False, op.inputs[2])):
            context = _branch_context_of(value, pred, branch, op._control_flow_context)
            with graph.control_flow_context(context):
                grads.append(array_ops.identity(grad))
        return grads


def _branch_context_of(value, pred, branch, outer):
    """The context a branch output lives in (an outside tensor: a fresh branch context)."""
    ctx = value.op._control_flow_context
    while ctx is not None:
        if ctx.pred is pred and ctx.branch == branch:
            return ctx
        ctx = ctx.outer
    return CondContext(pred, branch, outer)


@register
class CondGradExit(_SelectedByPredicate):
    """A gradient leaving a branch for the enclosing context: the gradient when the branch
    was taken, zeros (shaped like the forward tensor) when it was not.
    Inputs: (pred, grad, like); attr ``branch``."""
    type_name = "CondGradExit"

    def infer(self, op):
        return [(op.inputs[1].dtype, op.inputs[2].shape)]

    def emit(self, op, out, args):
        test = args[0] if op.attrs["branch"] else "not " + args[0]
        return "%s = %s if %s else _zeros_like(%s)" % (out, args[1], test, args[2])

    def gradient(self, op, grad):
        # Where the branch was not taken the output is zeros whatever the value, so the
        # value's gradient is gated the same way (a second derivative through tf.cond of a
        # branch passing an outside tensor through needs it).
        pred, _, like = op.inputs
        return [None, make_op(self.type_name, (pred, grad, like),
                              {"branch": op.attrs["branch"]}).outputs[0], None]

    def samples(self, rng):
        """A value built in a branch leaving it (:func:`exit_to_context`): the value where the
        branch was taken, zeros shaped like ``like`` where not. The gradient reaches the value
        (``like`` only lends its shape)."""
        def leaving(branch):
            def build(pred, value, like):
                with value.graph.control_flow_context(CondContext(pred, branch, None)):
                    inside = array_ops.identity(value)
                return exit_to_context(inside, None, like)
            return build

        def left(branch):
            return lambda pred, value, like: value if pred == branch else np.zeros_like(like)
        return [OpSample(leaving(branch), np.bool_(pred), normal(rng, *shape), normal(rng, *shape),
                         reference=left(branch), grad=(1,))
                for branch, pred, shape in ((True, True, (2, 3)), (True, False, (3, 2)),
                                            (False, False, ()))]


def exit_to_context(grad, target, like):
    """``grad`` (built inside some cond branch) carried out to ``target``, one level at a
    time, so that it is defined whether or not the branches were taken."""
    ctx = grad.op._control_flow_context
    graph = grad.graph
    while isinstance(ctx, CondContext) and not ctx.encloses(target):
        with graph.control_flow_context(ctx.outer):
            grad = make_op("CondGradExit", (ctx.pred, grad, like), {"branch": ctx.branch}).outputs[0]
        ctx = ctx.outer
    return grad


def cond(pred, true_fn=None, false_fn=None, strict=False, name=None, fn1=None, fn2=None):
    """``true_fn()`` if ``pred`` else ``false_fn()``, deciding at run time; only the branch
    taken runs (ops built inside each function belong to that branch).

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [])
    >>> y = tf.cond(x > 0, lambda: x * 2.0, lambda: -x)
    >>> with tf.Session() as sess:
    ...     float(sess.run(y, {x: -3.0}))
    3.0
    """
    true_fn = fn1 if true_fn is None else true_fn
    false_fn = fn2 if false_fn is None else false_fn
    if not callable(true_fn) or not callable(false_fn):
        raise TypeError("true_fn and false_fn must be callable.")
    pred = convert_to_tensor(pred)
    if not pred.dtype.is_bool or pred.shape.ndims not in (None, 0):
        raise TypeError("pred must be a scalar bool tensor, got %s of shape %s"
                        % (pred.dtype.name, pred.shape))
    graph = pred.graph
    outer = graph._control_flow_context
    with graph.name_scope(name or "cond"):
        results = []
        for branch, fn in ((True, true_fn), (False, false_fn)):
            with graph.control_flow_context(CondContext(pred, branch, outer)):
                results.append(fn())
        structure_t, flat_t = _flatten_structure(results[0])
        structure_f, flat_f = _flatten_structure(results[1])
        if structure_t != structure_f:
            raise ValueError("true_fn and false_fn must return the same structure; got %r and %r"
                             % (results[0], results[1]))
        merged = []
        for a, b in zip(flat_t, flat_f):
            with graph.control_flow_context(CondContext(pred, True, outer)):
                a = convert_to_tensor(a)
            with graph.control_flow_context(CondContext(pred, False, outer)):
                b = convert_to_tensor(b)
            merged.append(make_op("Merge", (pred, a, b)).outputs[0])
    out = _rebuild_structure(structure_t, iter(merged))
    if not strict and isinstance(out, (list, tuple)) and len(out) == 1:
        return out[0]
    return out


def smart_cond(pred, true_fn=None, false_fn=None, name=None):
    """``true_fn()`` or ``false_fn()`` chosen now when ``pred`` is a Python bool or a constant,
    else a :func:`cond` (whose outputs keep the most specific shape both branches agree on):
    what TF1's layers use for ``training=``.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 3])
    >>> tf.contrib.framework.smart_cond(True, lambda: x * 2.0, lambda: x).op.type
    'Mul'
    >>> tf.contrib.framework.smart_cond(tf.placeholder(tf.bool), lambda: x, lambda: x).shape
    TensorShape([Dimension(None), Dimension(3)])
    """
    if not callable(true_fn) or not callable(false_fn):
        raise TypeError("true_fn and false_fn must be callable.")
    if isinstance(pred, (bool, int, np.bool_, np.integer)):  # Keras' learning phase is 0/1
        known = bool(pred)
    else:
        value = constant_value(convert_to_tensor(pred))
        known = None if value is None else bool(value)
    if known is None:
        return cond(pred, true_fn, false_fn, name=name)
    return true_fn() if known else false_fn()


def _flatten_structure(value):
    if isinstance(value, (list, tuple)):
        parts = [_flatten_structure(v) for v in value]
        return (type(value), tuple(p[0] for p in parts)), [t for p in parts for t in p[1]]
    if isinstance(value, dict):
        keys = sorted(value)
        parts = [_flatten_structure(value[k]) for k in keys]
        return (dict, tuple(keys), tuple(p[0] for p in parts)), [t for p in parts for t in p[1]]
    if value is None or isinstance(value, Operation):
        raise TypeError("tf.cond branches must return tensors (or nests of them), got %r" % (value,))
    return "leaf", [value]


def _rebuild_structure(structure, values):
    if structure == "leaf":
        return next(values)
    if structure[0] is dict:
        return {k: _rebuild_structure(s, values) for k, s in zip(structure[1], structure[2])}
    cls, subs = structure
    items = [_rebuild_structure(s, values) for s in subs]
    return cls(*items) if hasattr(cls, "_fields") else cls(items)


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """The function paired with the first true predicate (or ``default``), as nested conds:
    only that function's ops run.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.int32, [])
    >>> y = tf.case([(tf.equal(x, 1), lambda: tf.constant(10)),
    ...              (tf.equal(x, 2), lambda: tf.constant(20))], default=lambda: tf.constant(0))
    """
    pairs = list(pred_fn_pairs.items()) if isinstance(pred_fn_pairs, dict) else list(pred_fn_pairs)
    if not pairs:
        if default is None:
            raise ValueError("case needs at least one (pred, fn) pair or a default")
        return default()
    if default is None:  # TF1: the last function is the default
        pairs, default = pairs[:-1], pairs[-1][1]

    def build(i):
        if i == len(pairs):
            return default()
        pred, fn = pairs[i]
        return cond(pred, fn, lambda: build(i + 1), strict=strict)
    with get_default_graph().name_scope(name):
        return build(0)


def tuple_group(tensors, name=None, control_inputs=None):
    """``tf.tuple``: the same tensors, each available only once all of them (and
    ``control_inputs``) are."""
    tensors = list(tensors)
    graph = get_default_graph()
    with graph.name_scope(name or "tuple"):
        gate = group(*([t for t in tensors if t is not None] + list(control_inputs or [])),
                     name="control_dependency")
        out = []
        with graph.control_dependencies([gate]):
            for t in tensors:
                out.append(None if t is None else array_ops.identity(t))
        return out
