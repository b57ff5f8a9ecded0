"""Operation (a node of the graph) and Tensor (one output of an Operation: an edge)."""
from . import tensor_shape
from .default_session import session_for


class TensorLike:
    """Operator overloads shared by Tensor and Variable.

    The math module installs the actual operators with :meth:`_override_operator`, so this
    module stays free of op definitions (TF1 does the same).
    """

    __slots__ = ()
    # Keep numpy from broadcasting its own operators over a tensor: `np_array + tensor` must
    # call our __radd__ and build a graph op.
    __array_priority__ = 100
    __array_ufunc__ = None

    @classmethod
    def _override_operator(cls, operator, func):
        setattr(cls, operator, func)

    def __iter__(self):
        shape = self.get_shape()
        if shape.ndims is None or shape.ndims == 0 or shape[0].value is None:
            raise TypeError("Tensor objects are only iterable when the first dimension of their "
                            "shape is known statically; '%s' has shape %s." % (self.name, shape))
        for i in range(shape[0].value):
            yield self[i]

    def __bool__(self):
        raise TypeError(
            "Using a graph tensor as a Python bool is not allowed: its value is only known when "
            "a Session runs it. Use tf.cond/tf.where to branch in the graph, or fetch the value "
            "with sess.run() first.")

    def __len__(self):
        raise TypeError("len() is not defined on a graph tensor (its size may only be known at "
                        "run time); use tensor.get_shape() or tf.shape(tensor).")


class Tensor(TensorLike):
    """A symbolic handle to one output of an :class:`Operation`.

    It holds no value: fetch it with ``sess.run(t)`` or ``t.eval()``.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 3], name="x")
    >>> x.name, x.shape
    ('x:0', TensorShape([Dimension(None), Dimension(3)]))
    """

    __slots__ = ("_op", "_value_index", "_dtype", "_shape", "_consumers", "__weakref__")

    def __init__(self, op, value_index, dtype, shape):
        self._op = op
        self._value_index = value_index
        self._dtype = dtype
        self._shape = tensor_shape.as_shape(shape)
        self._consumers = []

    op = property(lambda self: self._op)
    value_index = property(lambda self: self._value_index)
    dtype = property(lambda self: self._dtype)
    graph = property(lambda self: self._op.graph)
    device = property(lambda self: self._op.device)

    @property
    def name(self):
        return "%s:%d" % (self._op.name, self._value_index)

    @property
    def shape(self):
        return self._shape

    def get_shape(self):
        return self._shape

    def set_shape(self, shape):
        """Narrows the static shape (e.g. a placeholder of unknown shape to a known one)."""
        try:
            self._shape = self._shape.merge_with(shape)
        except ValueError:
            raise ValueError("Tensor %s has shape %s, which is not compatible with %s"
                             % (self.name, self._shape, tensor_shape.as_shape(shape))) from None

    def consumers(self):
        return list(self._consumers)

    def eval(self, feed_dict=None, session=None):
        """The tensor's value in ``session`` (default: the default session)."""
        return session_for(session, self.graph, "Tensor.eval()").run(self, feed_dict)

    def _shape_tuple(self):
        return self._shape.as_tuple()

    def __repr__(self):
        return "<tf.Tensor '%s' shape=%s dtype=%s>" % (self.name, self._shape, self._dtype.name)

    __str__ = __repr__

    # TF1 tensors compare by identity (== builds no op) and are usable as dict keys.
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__


class Operation:
    """A node of the graph: an op type applied to input tensors, producing output tensors.

    ``op.type`` is the TF1 op type (``"MatMul"``), ``op.name`` its unique name in the graph,
    ``op.traceback`` the user's line that created it.
    """

    __slots__ = ("_graph", "_name", "_op_def", "_inputs", "_outputs", "_attrs",
                 "_control_inputs", "_id", "_location", "_device", "_control_flow_context",
                 "__weakref__")

    def __init__(self, graph, op_def, name, inputs, attrs, control_inputs, output_specs,
                 location, device, op_id):
        self._graph = graph
        self._op_def = op_def
        self._name = name
        self._inputs = tuple(inputs)
        self._attrs = attrs
        self._control_inputs = list(control_inputs)
        self._id = op_id
        self._location = location
        # The tf.cond branch the op was built in (None at top level): it runs only when taken.
        self._control_flow_context = graph._control_flow_context
        self._device = device
        self._outputs = tuple(Tensor(self, i, dtype, shape)
                              for i, (dtype, shape) in enumerate(output_specs))

    graph = property(lambda self: self._graph)
    name = property(lambda self: self._name)
    op_def = property(lambda self: self._op_def)
    inputs = property(lambda self: self._inputs)
    outputs = property(lambda self: list(self._outputs))
    control_inputs = property(lambda self: list(self._control_inputs))
    device = property(lambda self: self._device)
    location = property(lambda self: self._location)

    @property
    def type(self):
        return self._op_def.type_name

    @property
    def traceback(self):
        """[(filename, lineno, function, source line)] for the user's line that created it."""
        loc = self._location
        return [] if loc is None else [(loc.filename, loc.lineno, loc.function, loc.source_line)]

    @property
    def node_def(self):
        return {"name": self._name, "op": self.type,
                "input": [t.name for t in self._inputs] + ["^" + c.name for c in self._control_inputs],
                "device": self._device or "", "attr": dict(self._attrs)}

    def get_attr(self, name):
        try:
            return self._attrs[name]
        except KeyError:
            raise ValueError("Operation '%s' (op: '%s') has no attr named '%s'."
                             % (self._name, self.type, name)) from None

    @property
    def attrs(self):
        return self._attrs

    def values(self):
        return tuple(self._outputs)

    def _add_control_input(self, op):
        if op not in self._control_inputs:
            self._control_inputs.append(op)
            self._graph._structure_changed()

    def run(self, feed_dict=None, session=None):
        """Runs this op in ``session`` (default: the default session)."""
        session_for(session, self._graph, "Operation.run()").run(self, feed_dict)

    def describe(self):
        """``'MatMul_1' (op: 'MatMul')``, as errors name an op."""
        return "'%s' (op: '%s')" % (self._name, self.type)

    def creation_site(self):
        return "" if self._location is None else "\nThe op was created at %s" % self._location

    def __repr__(self):
        return "<tf.Operation '%s' type=%s>" % (self._name, self.type)

    __str__ = __repr__


class PlanOperation(Operation):
    """An op that exists in one execution plan only, put there by a fusion in place of the
    graph op ``stands_for``. It is never added to the graph; it answers to the user's op's name
    and creation site, so an error while it runs names the op the user wrote."""

    __slots__ = ("_stands_for",)

    def __init__(self, stands_for, op_def, inputs, output_specs, order):
        super().__init__(stands_for.graph, op_def, stands_for.name, inputs, {}, (), output_specs,
                         stands_for.location, stands_for.device, stands_for._id + order)
        self._control_flow_context = stands_for._control_flow_context
        self._stands_for = stands_for

    def describe(self):
        return self._stands_for.describe()
