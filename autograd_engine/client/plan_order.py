"""Which ops a plan runs and in what order: the graph walks behind ``ExecutionPlan``.

``prune`` keeps the ops the fetches need (given what is fed); ``schedule`` orders them so that
every Variable read that does not depend on a write runs before it, as TF1 does.
"""
import heapq

from ..framework.tensor import Tensor


def prune(fetch_elements, feed_set, rewrites=None):
    """The ops needed to compute the fetches, given the fed tensors (iterative walk). With
    ``rewrites``, inputs are followed as rewritten and folded constants need no op."""
    inputs_of = (lambda op: op._inputs) if rewrites is None else rewrites.inputs
    folded = {} if rewrites is None else rewrites.folded
    needed, stack = set(), []
    for element in fetch_elements:
        if isinstance(element, Tensor):
            if rewrites is not None:
                element = rewrites.resolve(element)
            if element not in feed_set and element not in folded:
                stack.append(element.op)
        else:
            stack.append(element)
    while stack:
        op = stack.pop()
        if op in needed:
            continue
        needed.add(op)
        stack.extend(t.op for t in inputs_of(op) if t not in feed_set and t not in folded)
        stack.extend(c for c in op._control_inputs if not _is_fed_placeholder(c, feed_set))
        stack.extend(p.op for p in guard_predicates(op) if p not in feed_set)
    return needed


def _is_fed_placeholder(op, feed_set):
    """A control dependency on a placeholder is met by feeding it: TF1 moves such control
    edges to the fed value (a control dependency on any other fed op still runs that op,
    whose side effects may matter)."""
    return op.op_def.must_be_fed and all(t in feed_set for t in op._outputs)


def branches_of(op):
    """The tf.cond branches ``op`` is in, outermost first (loop bodies are not branches: a
    loop runs its body as a plan of its own)."""
    ctx = op._control_flow_context
    return [] if ctx is None else [c for c in ctx.chain() if hasattr(c, "pred")]


def guard_predicates(op):
    """The predicates deciding whether ``op`` runs."""
    return [c.pred for c in branches_of(op)]


def schedule(needed, feed_set, inputs_of=lambda op: op._inputs):
    """A topological order of ``needed``. Among ready ops the oldest goes first, and an op that
    writes a Variable waits while any other op is ready, so every read that does not depend on
    a write runs before it (a fetched loss is the loss before the update, as in TF1)."""
    successors = {op: [] for op in needed}
    blocked = {}
    for op in needed:
        deps = {t.op for t in inputs_of(op) if t not in feed_set and t.op in needed}
        deps.update(c for c in op._control_inputs if c in needed)  # not fed placeholders
        deps.update(p.op for p in guard_predicates(op) if p not in feed_set)
        blocked[op] = len(deps)
        for dep in deps:
            successors[dep].append(op)
    ready, writers, order = [], [], []

    def make_ready(op):
        # run_early ops jump the queue, run_late ops wait with the writers (OpDef's hints)
        late = op.op_def.writes_variable or op.op_def.run_late
        heapq.heappush(writers if late else ready, (not op.op_def.run_early, op._id, op))

    for op in needed:
        if blocked[op] == 0:
            make_ready(op)
    while ready or writers:
        op = heapq.heappop(ready if ready else writers)[-1]
        order.append(op)
        for succ in successors[op]:
            blocked[succ] -= 1
            if blocked[succ] == 0:
                make_ready(succ)
    return order


__all__ = ["branches_of", "guard_predicates", "prune", "schedule"]
