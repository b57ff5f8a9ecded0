"""Which ops a diagram draws, and which of them are the backward pass or the optimizer's
machinery: the Session's own pruning, loop bodies, the Variables the updates write.

>>> import autograd_engine as tf
>>> g = tf.Graph()
>>> with g.as_default():
...     x = tf.placeholder(tf.float32, [2], name="x")
...     y = tf.identity(x * 2.0, name="y")
>>> [op.name for op in select_ops(*resolve(y, None), gradients=True, show_constants=False)]
['x', 'mul', 'y']
"""
from ..client.fetches import FetchStructure
from ..client.plan import prune
from ..framework.graph import get_default_graph
from ..framework.tensor import Operation, Tensor
from ..ops.state_ops import written_variables
from .labels import is_gradient_op

__all__ = ["resolve", "select_ops", "consumers", "backward_ops", "optimizer_ops"]


def resolve(fetches, graph):
    """(graph, fetch elements or None for the whole graph)."""
    if fetches is None:
        return (graph or get_default_graph()), None
    if graph is None:
        first = fetches[0] if isinstance(fetches, (list, tuple)) and fetches else fetches
        element = first._as_graph_element() if hasattr(first, "_as_graph_element") else first
        graph = element.graph if isinstance(element, (Tensor, Operation)) else get_default_graph()
    return graph, FetchStructure(graph, fetches).elements


def select_ops(graph, elements, gradients, show_constants):
    """The ops to draw: what the fetches need (the Session's pruning) and the sub-plans of
    those ops (a loop's body), minus the backward pass when ``gradients`` is False, plus every
    Variable a drawn op writes."""
    ops = set(graph.get_operations()) if elements is None else _with_subplans(
        prune(elements, set()))
    if not gradients:
        ops -= backward_ops(ops, dropping=True)
    if not show_constants:
        ops = {op for op in ops if not op.op_def.is_constant}
    ops.update(var for op in list(ops) if op.op_def.writes_variable
               for var in written_variables(op))
    return sorted(ops, key=lambda op: op._id)


def _with_subplans(ops):
    """``ops`` and the ops of their sub-plans (loop bodies, dataset functions), nested ones
    included."""
    ops, pending = set(ops), list(ops)
    while pending:
        op = pending.pop()
        inner = list(op.op_def.subplan_outputs(op))
        if inner:
            added = prune(inner, set()) - ops
            ops |= added
            pending.extend(added)
    return ops


def consumers(ops):
    """{op: the ops of ``ops`` that read it (data or control)}."""
    users = {op: [] for op in ops}
    for op in ops:
        for dep in {t.op for t in op._inputs} | set(op._control_inputs):
            if dep in users:
                users[dep].append(op)
    return users


def backward_ops(ops, dropping=False):
    """Gradient ops and every op downstream of them (the updates, the train op). With
    ``dropping``, also the ops that only serve the non-gradient ones of those (a learning-rate
    constant, an optimizer's slot Variables), so hiding the backward pass leaves no orphans;
    the forward ops the gradients read stay."""
    users = consumers(ops)
    backward = {op for op in ops if is_gradient_op(op)}
    stack = list(backward)
    while stack:
        for user in users[stack.pop()]:
            if user not in backward:
                backward.add(user)
                stack.append(user)
    if dropping:
        served = backward - {op for op in backward if is_gradient_op(op)}
        changed = True
        while changed:
            changed = False
            for op in ops:
                if op not in backward and users[op] and all(u in served for u in users[op]):
                    backward.add(op)
                    served.add(op)
                    changed = True
    return backward


def optimizer_ops(ops):
    """{optimizer scope (``Adam``): its machinery among ``ops``}: the updates, the train op,
    the hyper-parameters, the slot Variables (``W/Adam``) and accumulators (``beta1_power``)
    that only the updates use. TensorBoard moves these aside into one box; the diagram does
    the same when the optimizer's scope is collapsed. An op outside the scope joins it when it
    is a Variable only the scope's updates write, or an op of the machinery next to one that
    joined (the first such scope in name order)."""
    ops = list(ops)
    users = consumers(ops)
    machinery = backward_ops(ops, dropping=True)
    machinery = [op for op in ops if op in machinery and not is_gradient_op(op)]
    scopes = sorted({op.name.split("/")[0] for op in machinery
                     if op.op_def.writes_variable and "/" in op.name})
    owner = {}
    for op in machinery:
        owner.update({op: s for s in scopes if op.name == s or op.name.startswith(s + "/")})
    machinery_set = set(machinery)
    # Slot Variables: written by the scope's updates, read by nothing else.
    for update in [op for op in ops if op.op_def.writes_variable and op in owner]:
        for var in written_variables(update):
            if (var not in owner and not var.attrs.get("trainable")
                    and all(u in machinery_set for u in users.get(var, []))):
                owner[var] = owner[update]
    changed = True
    while changed:
        changed = False
        for op in machinery:
            if op in owner:
                continue
            near = users[op] + [t.op for t in op._inputs] + list(op._control_inputs)
            own = next((owner[n] for n in near if n in owner), None)
            if own is not None:
                owner[op] = own
                changed = True
    owned = {scope: [] for scope in scopes}
    for op in ops:
        if op in owner:
            owned[owner[op]].append(op)
    return owned
