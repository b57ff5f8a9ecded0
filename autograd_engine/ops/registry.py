"""The op contract: every op is one OpDef with its shape rule, kernel and gradient side by side.

Adding an op is one self-contained change: subclass :class:`OpDef` (or instantiate a shared
family class such as ``UnaryOp``), register it, and write the public function that calls
:func:`make_op`.

* ``infer(op)`` returns ``[(dtype, shape), ...]``, one per output, from ``op.inputs`` and
  ``op.attrs``; it raises :class:`ShapeInferenceError` with TF1's wording ("Dimensions must be
  equal, but are 784 and 10") and the graph adds the op's name, input shapes and creation site.
* ``kernel(op, ctx)`` is called once, when a Session compiles a plan, and returns a callable
  taking the input arrays and returning the output array (a tuple for several outputs). ``ctx``
  gives ``ctx.xp`` (the backend's array module: numpy or cupy), ``ctx.variables`` (the
  Session's Variable values), ``ctx.random_state(op)`` and ``ctx.buffers.empty(shape,
  dtype)`` (large arrays reused between runs), all those of the device the op is placed on
  (``host_only`` ops always get the host's). Doing attribute work here, not in the
  callable, keeps Session.run cheap.
* ``gradient(op, *output_grads)`` returns one gradient tensor (or None) per input, built from
  the engine's own ops so that gradients of gradients work.

The Session's plan compiler and rewrite passes (``client/``) never name an op type: they ask
the contract. Besides the methods above, an OpDef declares (class attributes, defaults below):

* ``must_be_fed``: the op has no value of its own (a Placeholder): a run must feed it.
* ``passes_input_through``: the output is the first input unchanged when it is not fed
  (Identity, StopGradient, PlaceholderWithDefault); a plan reads the input directly.
* ``neutral_left`` / ``neutral_right``: for a binary op, the scalar constant that, as that
  operand, leaves the other operand's value unchanged (``1 * x``, ``x / 1``, ``x - 0``).
* ``emit``: ops that are a Python expression rather than a kernel call (tf.cond's Merge).

An op family may also offer plan-time rewrites, registered next to its ops and applied by the
Session when it compiles a plan (``client/rewrites.py``), never to the user's graph:

* a *simplification* (:func:`register_simplification`): one op's output is another tensor
  already in the plan (``transpose(transpose(x))`` is ``x``);
* a *fusion* (:func:`register_fusion`): a pattern of the family's ops is replaced with faster
  ops that exist in that plan only.
"""
from ..framework.graph import ShapeInferenceError, get_default_graph
from ..framework.tensor import Tensor


REGISTRY = {}
FUSIONS = []
SIMPLIFICATIONS = {}  # op type name -> [(count name, rule), ...]


class OpDef:
    type_name = None
    # False: the op has no gradient by nature (comparisons, argmax); gradients() passes None.
    differentiable = True
    # Never folded or deduplicated: random ops, Variables, assignments.
    stateful = False
    # Writes a Variable: a plan runs it after every op that does not depend on it, so reads
    # in the same run see the value from before the update.
    writes_variable = False
    # ``kernel(op, ctx)`` returns the value itself (a constant), bound once per plan.
    is_constant = False
    # The output may share memory with an input or with Variable storage (views, identities):
    # a fetched value of such an op is copied, so a later in-place update cannot change it.
    output_is_view = False
    # A run must feed the output (a Placeholder): a plan that needs it unfed is refused with
    # TF1's "You must feed a value for placeholder tensor ...".
    must_be_fed = False
    # The output is the first input's value, unchanged, whenever the output is not fed:
    # plan rewrites read the input directly.
    passes_input_through = False
    # Binary ops: the scalar constant that, as the left (right) operand, leaves the other
    # operand's value unchanged; plan rewrites drop the op when no broadcasting is involved.
    neutral_left = None
    neutral_right = None
    # Float elementwise ops: the op's value as a backend.ElementwiseDefinition expression of
    # its inputs ``x`` (and ``y``), the same value as the kernel's. On a device, a plan fuses
    # chains of such ops into one generated kernel (op_families.fuse_elementwise_chains).
    elementwise_expression = None
    # None, or ``emit(op, out, args)`` returning the line of Python that a plan runs in place
    # of a kernel call, assigning the output variable ``out`` from the argument expressions
    # ``args`` (tf.cond's Merge picks a branch's value so; the untaken one is never read).
    # Such ops are left alone by the rewrites.
    emit = None
    # The kernel runs on the host only (it calls Python, reads files or strings, or uses a
    # function the device library lacks). Such an op is placed on the CPU even when a device
    # is present and the op is not pinned; the plan copies its inputs from the device and its
    # outputs back, once per value, where it meets device ops. Pinning it to a GPU is an
    # error unless ``allow_soft_placement`` is set, as in TF1 for an op with no GPU kernel.
    host_only = False
    # Indices of inputs the kernel reads on the host even when the op runs on the device
    # (TF1's HostMemory): a predicate deciding which value to pass on, say. The plan copies
    # such an input from the device, once per value, where it was made there.
    host_inputs = ()
    # Indices of outputs the kernel makes on the host even when the op runs on the device
    # (TF1's HostMemory on outputs): Shape, Size and Rank read only an array's metadata, so
    # their input stays on the device and the shape they give is host memory, ready for the
    # host inputs of the ops that read it. The plan copies such an output to the device only
    # where a device op reads it as an ordinary input.
    host_outputs = ()
    # Scheduling hints for ops that start and finish work in the background (a non-blocking
    # collective): a ``run_early`` op runs as soon as its inputs are ready, before older ready
    # ops; a ``run_late`` op waits, like a Variable write, while any other op is ready. The
    # plan thereby overlaps the background work with the ops it runs in between.
    run_early = False
    run_late = False
    # The gradient passes the output's gradient on unchanged (Identity): an IndexedSlices
    # gradient reaches it as such and stays sparse on its way to the xs.
    passes_gradient_through = False
    # None, or ``gradient_sum(tensors)``: how gradients of one tensor are summed when this op
    # made one of them and add_n cannot sum them (a TensorArray flow's gradient is a list).
    gradient_sum = None
    # The kernel makes BLAS products: ``blas_flops(op, shapes)`` gives their floating-point
    # operations for the inputs' ``shapes`` (tuples, dimensions None where not known; None
    # when one it needs is not), from which a plan sets BLAS's thread count for the op
    # (ops/blas_work.py, client/blas_threads.py). None: the kernel makes no BLAS product.
    blas_flops = None

    def host_input_indices(self, op):
        """``op``'s inputs read on the host (see ``host_inputs``); an op whose host operand
        is an input only when it is not static (a shape given as a tensor) overrides this."""
        return self.host_inputs

    def subplan_outputs(self, op):
        """Tensors ``op`` computes in sub-plans of its own (``ctx.compile``: a loop's condition
        and body, a dataset's map function): no graph edge leads from them to the op, so a
        drawing of the op adds them (and what they need) by asking here."""
        return ()

    def infer(self, op):
        raise NotImplementedError("%s has no shape rule" % self.type_name)

    def kernel(self, op, ctx):
        raise NotImplementedError("%s has no kernel" % self.type_name)

    def gradient(self, op, *output_grads):
        raise LookupError("No gradient defined for operation %s." % op.describe())

    # ``samples(rng)`` -> [OpSample, ...]: the op's conformance cases (ops/op_samples.py), set by
    # ``register(op_def, samples=...)``; None means none declared, which the suite reports.
    samples = None

    def static_value(self, op, xp):
        """The op's output when its static shapes alone decide it (``ones_like`` of a tensor
        of known shape, ``tf.shape`` of one), else None: a plan then holds it as a constant."""
        return None

    def __repr__(self):
        return "<OpDef %s>" % self.type_name


def register(op_def, samples=None):
    """Registers an OpDef instance (or class, instantiated here) under its type name, with its
    conformance ``samples(rng)`` (see ``ops/op_samples.py``)."""
    if isinstance(op_def, type):
        op_def = op_def()
    if samples is not None:
        op_def.samples = samples
    if op_def.type_name in REGISTRY:
        raise KeyError("Op type %r is registered twice" % op_def.type_name)
    REGISTRY[op_def.type_name] = op_def
    return op_def


class PlanOpDef(OpDef):
    """The definition of a plan-only op (made by a fusion): a kernel and nothing else.
    ``make_kernel(ctx)`` returns the callable, as ``OpDef.kernel`` would."""
    differentiable = False

    def __init__(self, type_name, make_kernel, blas_flops=None):
        self.type_name = type_name
        self._make_kernel = make_kernel
        if blas_flops is not None:  # ``blas_flops(shapes)``: see OpDef.blas_flops
            self.blas_flops = lambda op, shapes: blas_flops(shapes)

    def kernel(self, op, ctx):
        return self._make_kernel(ctx)


def register_fusion(fusion=None, *, for_compiled_ops=False):
    """Registers ``fusion(plan_ops)``, a plan-time rewrite: it finds its pattern among
    ``plan_ops.of_type(...)`` and replaces tensors with outputs of ``plan_ops.add(...)``
    (a :class:`~autograd_engine.client.rewrites.PlanOps`). A fusion sees only the ops that
    run their kernels, not those XLA compiles (``autograd_engine.jit``), unless it is
    registered with ``for_compiled_ops=True``: its plan-only ops are pure functions XLA
    traces, and a better algorithm than XLA finds alone."""
    def register_it(function):
        function.for_compiled_ops = for_compiled_ops
        FUSIONS.append(function)
        return function
    return register_it if fusion is None else register_it(fusion)


def register_simplification(type_names, count="identity"):
    """A decorator registering ``rule(op, inputs, plan)`` for ops of ``type_names`` (one name
    or several): a plan-time simplification. ``inputs`` are the op's inputs as rewritten so far;
    ``plan`` (a :class:`~autograd_engine.client.rewrites.SimplificationView`) tells which
    tensors are constants or fed and which ops may be bypassed. The rule returns a tensor of
    the plan holding the value of the op's single output (the plan reads it instead, and
    ``Rewrites.counts[count]`` goes up), or None."""
    names = (type_names,) if isinstance(type_names, str) else tuple(type_names)

    def decorate(rule):
        for name in names:
            SIMPLIFICATIONS.setdefault(name, []).append((count, rule))
        return rule
    return decorate


def get_op_def(type_name):
    try:
        return REGISTRY[type_name]
    except KeyError:
        raise KeyError("No op registered with type %r" % (type_name,)) from None


def make_op(type_name, inputs=(), attrs=None, name=None, graph=None, control_inputs=()):
    """Creates an op of a registered type on the inputs' graph and returns the Operation."""
    op_def = REGISTRY[type_name]
    if graph is None:
        graph = inputs[0].graph if inputs else get_default_graph()
    return graph.create_op(op_def, inputs, attrs, name, control_inputs)


def make_tensor(type_name, inputs=(), attrs=None, name=None, graph=None):
    """Like :func:`make_op` for single-output ops: returns the output tensor."""
    return make_op(type_name, inputs, attrs, name, graph)._outputs[0]


__all__ = ["OpDef", "register", "register_fusion", "register_simplification", "get_op_def",
           "make_op", "make_tensor", "REGISTRY", "ShapeInferenceError", "Tensor"]
