"""``tf.Variable``: a named, Session-held value with an initializer, read through ``name/read``."""
import numpy as np

from ..framework import dtypes
from ..framework.default_session import session_for
from ..framework.graph import GraphKeys, get_default_graph
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape, as_shape
from . import array_ops, state_ops
from .constant_op import convert_to_tensor
from .control_flow_ops import group
from .op_samples import OpSample, normal
from .registry import get_op_def, make_op
from .state_ops import variable_op_of


class Variable(TensorLike):
    """A Variable: its value lives in each Session and persists across ``run`` calls.

    >>> import autograd_engine as tf
    >>> tf.reset_default_graph()
    >>> W = tf.Variable(tf.zeros([784, 10]), name="W")
    >>> W.name, W.shape.as_list()
    ('W:0', [784, 10])
    """

    def __init__(self, initial_value=None, trainable=True, collections=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None,
                 expected_shape=None, import_scope=None, constraint=None, use_resource=None,
                 synchronization=None, aggregation=None, shape=None):
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        graph = get_default_graph()
        with graph.name_scope(name or "Variable") as scope:
            if callable(initial_value):
                with graph.name_scope("Initializer"):
                    initial_value = initial_value()
            self._initial_value = convert_to_tensor(
                initial_value, dtype=None if dtype is None else dtypes.as_dtype(dtype),
                name="initial_value")
            var_shape = self._initial_value.shape if validate_shape else TensorShape(None)
            if shape is not None:
                var_shape = as_shape(shape)
            if validate_shape and not var_shape.is_fully_defined():
                raise ValueError(
                    "initial_value must have a shape specified: %s. Pass validate_shape=False "
                    "for a Variable whose shape is only known at run time." % self._initial_value)
            self._variable = make_op("VariableV2", (), {
                "dtype": self._initial_value.dtype, "shape": var_shape,
                "trainable": bool(trainable)}, scope, graph).outputs[0]
            self._guarded_initial_value = _guard_uninitialized_dependencies(
                graph, self._initial_value)
            self._initializer_op = state_ops.assign(
                self._variable, self._guarded_initial_value, validate_shape=validate_shape,
                name="Assign").op
            self._snapshot = array_ops.identity(self._variable, name="read")
        self._trainable = bool(trainable)
        self._constraint = constraint
        self._variable.op._attrs["python_variable"] = self
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections = list(collections) + [GraphKeys.TRAINABLE_VARIABLES]
        graph.add_to_collections(collections, self)

    @classmethod
    def from_graph_ops(cls, variable_op, initializer_op, snapshot, initial_value, trainable=True):
        """Rebuilds the Python Variable made of ops already in a graph (``import_meta_graph``
        uses it): adds no op and no collection entry.

        >>> import autograd_engine as tf
        >>> tf.reset_default_graph()
        >>> v = tf.Variable(1.0, name="v")
        >>> w = tf.Variable.from_graph_ops(v.op, v.initializer, v.value(), v.initial_value)
        >>> w.name, w.op is v.op
        ('v:0', True)
        """
        self = cls.__new__(cls)
        self._variable = variable_op.outputs[0]
        self._initializer_op = initializer_op
        self._snapshot = snapshot
        self._initial_value = self._guarded_initial_value = initial_value
        self._trainable = bool(trainable)
        self._constraint = None  # a Python callable: not part of a saved graph
        variable_op._attrs["python_variable"] = self
        return self

    # ------------------------------------------------------------ identity
    name = property(lambda self: self._variable.name)
    op = property(lambda self: self._variable.op)
    graph = property(lambda self: self._variable.graph)
    dtype = property(lambda self: self._variable.dtype)
    device = property(lambda self: self._variable.device)
    shape = property(lambda self: self._variable.shape)
    trainable = property(lambda self: self._trainable)
    initializer = property(lambda self: self._initializer_op)
    initial_value = property(lambda self: self._initial_value)
    constraint = property(lambda self: self._constraint)

    def get_shape(self):
        return self._variable.shape

    def value(self):
        """The tensor that reads the current value (``name/read``)."""
        return self._snapshot

    def read_value(self):
        return array_ops.identity(self._variable, name="read")

    def initialized_value(self):
        """The value once initialized: the current value if this Variable is initialized in
        the Session, else its initial value (TF1.15's ``cond(is_variable_initialized(v), ...)``;
        running it never runs the initializer).

        >>> import autograd_engine as tf
        >>> w = tf.Variable(2.0)
        >>> with tf.Session() as sess:
        ...     float(sess.run(w.initialized_value()))
        2.0
        """
        return make_op("VariableValueOrInitial", (self._guarded_initial_value,),
                       {"variable": self._variable.op}, name="initialized_value").outputs[0]

    def _as_graph_element(self):
        return self._variable

    def _to_tensor(self):
        return self._snapshot

    def _ref(self):
        return self._variable

    # ------------------------------------------------------------ writes
    def assign(self, value, use_locking=False, name=None, read_value=True):
        """An op writing ``value``; running it returns the new value."""
        return state_ops.assign(self._variable, value, use_locking=use_locking, name=name)

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        return state_ops.assign_add(self._variable, delta, use_locking=use_locking, name=name)

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        return state_ops.assign_sub(self._variable, delta, use_locking=use_locking, name=name)

    def load(self, value, session=None):
        """Writes ``value`` into this Variable in ``session`` (default: the default session)."""
        session_for(session, self.graph, "Variable.load()")._load_variable(self, value)

    def eval(self, session=None):
        return session_for(session, self.graph, "Variable.eval()").run(self._variable)

    def __repr__(self):
        return "<tf.Variable '%s' shape=%s dtype=%s_ref>" % (self.name, self.shape, self.dtype.name)

    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__


def _guard_uninitialized_dependencies(graph, initial_value):
    """``initial_value`` with each read of another Variable ``v`` replaced by
    ``v.initialized_value()``, so ``tf.Variable(a * 3)`` initializes whatever order the
    initializers run in (``global_variables_initializer`` gives none), as TF1.15 does. Only the
    ops between such reads and ``initial_value`` are copied; an initial value reading no
    Variable, or built from ops that cannot be copied (control flow, writes, sub-plans), is
    returned as it is."""
    reads, reached, stack = {}, set(), [initial_value.op]
    while stack:
        op = stack.pop()
        if op in reached:
            continue
        reached.add(op)
        if op.type == "VariableV2":
            if "python_variable" in op.attrs:
                reads[op.outputs[0]] = op.attrs["python_variable"]
            continue
        if op.type in ("IsVariableInitialized", "VariableValueOrInitial"):
            continue  # already safe before initialization
        if op._control_flow_context is not None or op.op_def.writes_variable or \
                op.op_def.subplan_outputs(op):
            return initial_value
        stack.extend(t.op for t in op.inputs)
    if not reads:
        return initial_value
    replaced = {ref: variable.initialized_value() for ref, variable in reads.items()}
    for op in sorted(reached, key=lambda o: o._id):  # creation order: inputs first
        if op.type == "VariableV2" or not any(t in replaced for t in op.inputs):
            continue
        copy = graph.create_op(op.op_def, [replaced.get(t, t) for t in op.inputs],
                               dict(op.attrs), op.name, op.control_inputs)
        for old, new in zip(op.outputs, copy.outputs):
            new.set_shape(old.shape)
            replaced[old] = new
    return replaced.get(initial_value, initial_value)


def _variable_samples(rng):
    """VariableV2's conformance samples, declared here rather than beside its registration in
    ``state_ops`` because they need tf.Variable, which is built on that module: once
    initialized, a Variable's value is its initial value. Known shapes (a float64 matrix and
    scalar, an int32 vector), and a float32 Variable without shape validation, whose input
    dimensions may be unknown while building."""
    def variable(initial, validate_shape=True):
        return Variable(initial, validate_shape=validate_shape).op.outputs[0]
    known = [OpSample(variable, value, reference=lambda x: x, grad=(), partial=False)
             for value in (normal(rng, 2, 3), normal(rng), rng.integers(-9, 9, 4, np.int32))]
    return known + [OpSample(lambda x: variable(x, validate_shape=False),
                             normal(rng, 3, 2).astype(np.float32), reference=lambda x: x,
                             grad=())]


get_op_def("VariableV2").samples = _variable_samples


def global_variables(scope=None):
    """Every Variable of the default graph (``GLOBAL_VARIABLES``)."""
    return get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


def trainable_variables(scope=None):
    """The Variables optimizers train by default (``TRAINABLE_VARIABLES``)."""
    return get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope=None):
    """The Variables in the ``model_variables`` collection (TF1: those a model's layers mark
    as part of the model, as opposed to training state)."""
    return get_default_graph().get_collection(GraphKeys.MODEL_VARIABLES, scope)


def variables_initializer(var_list, name="init"):
    """An op that initializes the Variables in ``var_list``."""
    return group(*[v.initializer for v in var_list], name=name)


def global_variables_initializer():
    """An op that initializes every global Variable (run it once, after building the model).

    >>> import autograd_engine as tf
    >>> tf.global_variables_initializer().name.startswith("init")
    True
    """
    return variables_initializer(global_variables(), name="init")


def local_variables_initializer():
    return variables_initializer(local_variables(), name="init")


initialize_all_variables = global_variables_initializer
all_variables = global_variables


def is_variable_initialized(variable):
    return make_op("IsVariableInitialized", (), {"variable": variable_op_of(variable)}).outputs[0]
