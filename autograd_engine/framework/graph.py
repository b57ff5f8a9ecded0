"""The Graph: the tape every op call records on, with names, scopes and collections."""
import contextlib
import re
import threading

from .device import canonical_device
from .source_location import capture_user_location
from .tensor import Operation, Tensor


class GraphKeys:
    """Standard collection names (``tf.GraphKeys``)."""
    GLOBAL_VARIABLES = "variables"
    VARIABLES = GLOBAL_VARIABLES
    LOCAL_VARIABLES = "local_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    MODEL_VARIABLES = "model_variables"
    METRIC_VARIABLES = "metric_variables"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    REGULARIZATION_LOSSES = "regularization_losses"
    SUMMARIES = "summaries"
    GLOBAL_STEP = "global_step"
    TRAIN_OP = "train_op"
    INIT_OP = "init_op"
    ACTIVATIONS = "activations"
    WEIGHTS = "weights"
    BIASES = "biases"
    QUEUE_RUNNERS = "queue_runners"  # i17b: tf.train.QueueRunner


_VALID_SCOPE_NAME = re.compile(r"^[A-Za-z0-9_.\-/>]*$")
_VALID_OP_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\-/>]*$")


class Graph:
    """A dataflow graph: Operations (nodes) connected by Tensors (edges).

    >>> import autograd_engine as tf
    >>> g = tf.Graph()
    >>> with g.as_default():
    ...     c = tf.constant(1.0)
    >>> c.graph is g
    True
    """

    def __init__(self):
        self._ops = []
        self._ops_by_name = {}
        self._names_in_use = {}
        # Name scope, control dependencies, device and cond/loop context: each thread building
        # ops in this graph has its own (TF1 keeps them in thread-local storage on the Graph).
        self._thread_state = _GraphThreadState()
        # Held while a name is made unique and an op is recorded: threads may build at once.
        self._lock = threading.RLock()
        self._gradient_override_map = {}
        self._collections = {}
        self._finalized = False
        self._structure_version = 0
        self.seed = None
        # Bumped on every op creation; sessions compare it to notice a graph that keeps growing.
        self.version = 0

    # ----------------------------------------------------------------- per-thread state
    _name_stack = property(lambda self: self._thread_state.name_stack,
                           lambda self, value: setattr(self._thread_state, "name_stack", value))
    _control_dependencies_stack = property(
        lambda self: self._thread_state.control_dependencies_stack,
        lambda self, value: setattr(self._thread_state, "control_dependencies_stack", value))
    _device_stack = property(lambda self: self._thread_state.device_stack)
    _control_flow_context = property(
        lambda self: self._thread_state.control_flow_context,
        lambda self, value: setattr(self._thread_state, "control_flow_context", value))

    # ----------------------------------------------------------------- defaults
    def as_default(self):
        """A context manager that makes this graph the default graph."""
        return _default_graph_stack.get_controller(self)

    # issue 20 (i20b): TensorFlow's GraphDef form of the graph.
    def as_graph_def(self, from_version=None, add_shapes=False):
        """This graph as TensorFlow's ``GraphDef`` protocol buffer (TF op names and attrs, so
        that TensorFlow imports it; needs the ``tensorboard`` package for the protobufs).
        ``add_shapes`` adds each node's ``_output_shapes``.

        >>> import autograd_engine as tf
        >>> g = tf.Graph()
        >>> with g.as_default():
        ...     _ = tf.placeholder(tf.float32, [None, 2], name="x")
        >>> [n.op for n in g.as_graph_def().node]
        ['Placeholder']
        """
        del from_version  # TF's "only ops added since version": every op is written
        if GRAPH_DEF_WRITER[0] is None:
            raise RuntimeError("as_graph_def needs autograd_engine.train (import autograd_engine).")
        return GRAPH_DEF_WRITER[0](self, add_shapes)

    # ----------------------------------------------------------------- ops
    def create_op(self, op_def, inputs, attrs=None, name=None, control_inputs=()):
        """Records one op. ``op_def`` is the registered op definition (see ops/registry.py)."""
        with self._lock:
            return self._create_op(op_def, inputs, attrs, name, control_inputs)

    def _create_op(self, op_def, inputs, attrs, name, control_inputs):
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")
        for t in inputs:
            if t.graph is not self:
                raise ValueError(
                    "Tensor %s must be from the same graph as the op being created (%s): it "
                    "belongs to another Graph. Build all ops of one model inside the same "
                    "`with graph.as_default():` block." % (t.name, name or op_def.type_name))
        attrs = {} if attrs is None else attrs
        override = self._gradient_override_map.get(op_def.type_name)
        if override is not None:  # TF1's attr naming the registered gradient to use instead
            attrs = dict(attrs, _gradient_op_type=override)
        if name and not _VALID_OP_NAME.match(name):
            raise ValueError("'%s' is not a valid node name: use letters, digits and . _ - / "
                             "(not starting with _ - or /)." % name)
        if name and name.endswith("/"):
            name = name[:-1]  # a scope name (from `with name_scope(...) as scope`), used as is
            if name in self._ops_by_name:
                raise ValueError("Duplicate node name in graph: '%s'" % name)
            self._names_in_use[name.lower()] = self._names_in_use.get(name.lower(), 0) or 1
        else:
            name = self.unique_name(name or op_def.type_name)
        control = list(control_inputs)
        for deps in self._control_dependencies_stack:
            control.extend(d for d in deps if d not in control)
        location = capture_user_location()
        device = self._device_stack[-1] if self._device_stack else ""
        op = Operation(self, op_def, name, inputs, attrs, control, (), location,
                       "" if callable(device) else device, len(self._ops))
        if callable(device):  # a TF1 device function chooses per op
            op._device = canonical_device(device(op) or "")
        try:
            specs = op_def.infer(op)
        except ShapeInferenceError as e:
            self._names_in_use_release(name)
            raise ValueError("%s for %s with input shapes: %s.%s" % (
                e.args[0], op.describe(),
                ", ".join(t.shape.bracketed() for t in inputs), op.creation_site())) from None
        except Exception:
            self._names_in_use_release(name)
            raise
        op._outputs = tuple(Tensor(op, i, dtype, shape) for i, (dtype, shape) in enumerate(specs))
        for t in op._inputs:
            t._consumers.append(op)
        self._ops.append(op)
        self._ops_by_name[name] = op
        self.version += 1
        return op

    def get_operations(self):
        return list(self._ops)

    def get_operation_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError("Operation names are strings (or similar), not %s." % type(name).__name__)
        return self.as_graph_element(name, allow_tensor=False, allow_operation=True)

    def get_tensor_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError("Tensor names are strings (or similar), not %s." % type(name).__name__)
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def as_graph_element(self, obj, allow_tensor=True, allow_operation=True):
        """Resolves a Tensor, Operation, Variable or a name (``"x:0"`` / ``"x"``) of this graph."""
        if hasattr(obj, "_as_graph_element"):
            obj = obj._as_graph_element()
        if isinstance(obj, str):
            return self._element_by_name(obj, allow_tensor, allow_operation)
        if isinstance(obj, Tensor) and allow_tensor:
            if obj.graph is not self:
                raise ValueError("Tensor %s is not an element of this graph." % obj.name)
            return obj
        if isinstance(obj, Operation) and allow_operation:
            if obj.graph is not self:
                raise ValueError("Operation %s is not an element of this graph." % obj.name)
            return obj
        kinds = " or ".join(k for k, ok in (("Tensor", allow_tensor), ("Operation", allow_operation)) if ok)
        raise TypeError("Can not convert a %s into a %s." % (type(obj).__name__, kinds))

    def _element_by_name(self, name, allow_tensor, allow_operation):
        if ":" in name:
            if not allow_tensor:
                raise ValueError("Name '%s' appears to refer to a Tensor, not an Operation." % name)
            op_name, _, index = name.rpartition(":")
            try:
                index = int(index)
            except ValueError:
                raise ValueError("The name '%s' looks like a Tensor name, but is not a valid one: "
                                 "Tensor names must be of the form \"<op_name>:<output_index>\"."
                                 % name) from None
            op = self._ops_by_name.get(op_name)
            if op is None:
                raise KeyError("The name '%s' refers to a Tensor which does not exist. The "
                               "operation, '%s', does not exist in the graph." % (name, op_name))
            if index >= len(op._outputs):
                raise KeyError("The name '%s' refers to a Tensor which does not exist. The "
                               "operation, '%s', exists but only has %d outputs."
                               % (name, op_name, len(op._outputs)))
            return op._outputs[index]
        op = self._ops_by_name.get(name)
        if op is None:
            raise KeyError("The name '%s' refers to an Operation not in the graph." % name)
        if not allow_operation:
            raise ValueError("The name '%s' refers to an Operation, not a Tensor. Tensor names "
                             "must be of the form \"<op_name>:<output_index>\"." % name)
        return op

    # ----------------------------------------------------------------- names
    def unique_name(self, name, mark_as_used=True):
        """``name`` under the current name scope, with ``_1``, ``_2``... if it is taken."""
        with self._lock:
            return self._unique_name(name, mark_as_used)

    def _unique_name(self, name, mark_as_used):
        if self._name_stack:
            name = self._name_stack + "/" + name
        key = name.lower()
        count = self._names_in_use.get(key, 0)
        if mark_as_used:
            self._names_in_use[key] = count + 1
        if count > 0:
            base = key
            while ("%s_%d" % (base, count)) in self._names_in_use:
                count += 1
            if mark_as_used:
                self._names_in_use["%s_%d" % (base, count)] = 1
            name = "%s_%d" % (name, count)
        return name

    def _names_in_use_release(self, name):
        key = name.lower()
        if self._names_in_use.get(key, 0) <= 1:
            self._names_in_use.pop(key, None)
        else:
            self._names_in_use[key] -= 1

    def get_name_scope(self):
        return self._name_stack

    @contextlib.contextmanager
    def name_scope(self, name):
        """Prefixes the names of ops created inside with ``name/``; the scope itself is made
        unique (``layer``, ``layer_1``). A name ending in ``/`` re-enters that exact scope;
        ``None`` or ``""`` resets to the top level."""
        if name and not _VALID_SCOPE_NAME.match(name):
            raise ValueError("'%s' is not a valid scope name" % name)
        old = self._name_stack
        try:
            if not name:
                new = ""
            elif name.endswith("/"):
                new = name[:-1]
            else:
                new = self.unique_name(name)
            self._name_stack = new
            yield "" if not new else new + "/"
        finally:
            self._name_stack = old

    # ----------------------------------------------------------------- control deps & devices
    @contextlib.contextmanager
    def control_dependencies(self, control_inputs):
        """Ops created inside run only after every op in ``control_inputs`` (None clears)."""
        if control_inputs is None:
            saved = self._control_dependencies_stack
            self._control_dependencies_stack = []
            try:
                yield
            finally:
                self._control_dependencies_stack = saved
            return
        ops_ = []
        for c in control_inputs:
            element = self.as_graph_element(c)
            ops_.append(element.op if isinstance(element, Tensor) else element)
        self._control_dependencies_stack.append(ops_)
        try:
            yield
        finally:
            self._control_dependencies_stack.pop()

    @contextlib.contextmanager
    def gradient_override_map(self, op_type_map):
        """Ops of the types in ``op_type_map`` built inside the block are differentiated by
        the gradient registered (``tf.RegisterGradient``) under the mapped name.

        >>> import autograd_engine as tf
        >>> @tf.RegisterGradient("ClipGradientToOne")
        ... def _clip(op, grad):
        ...     return [tf.clip_by_value(grad, -1.0, 1.0)]
        >>> x = tf.constant(3.0)
        >>> with tf.get_default_graph().gradient_override_map({"Identity": "ClipGradientToOne"}):
        ...     y = tf.identity(x)
        >>> with tf.Session() as sess:
        ...     float(sess.run(tf.gradients(y * 5.0, x)[0]))
        1.0
        """
        if not isinstance(op_type_map, dict):
            raise TypeError("op_type_map must be a dictionary mapping strings to strings")
        saved = self._gradient_override_map
        self._gradient_override_map = {**saved, **op_type_map}
        try:
            yield
        finally:
            self._gradient_override_map = saved

    @contextlib.contextmanager
    def control_flow_context(self, context):
        """Ops created inside belong to ``context`` (a tf.cond branch, or None for the top
        level): a plan runs them only when that branch is taken."""
        saved, self._control_flow_context = self._control_flow_context, context
        try:
            yield context
        finally:
            self._control_flow_context = saved

    @contextlib.contextmanager
    def device(self, device_name_or_function):
        """Ops created inside are placed on this device (a name such as ``"/gpu:0"``, or a
        function from the op to a name, as in TF1); a Session checks it can honour it."""
        if callable(device_name_or_function):
            self._device_stack.append(device_name_or_function)
        else:
            self._device_stack.append(canonical_device(device_name_or_function))
        try:
            yield
        finally:
            self._device_stack.pop()

    # ----------------------------------------------------------------- collections
    def add_to_collection(self, name, value):
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")
        self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        for name in ([names] if isinstance(names, str) else set(names)):
            self.add_to_collection(name, value)

    def get_collection_ref(self, name):
        return self._collections.setdefault(name, [])

    def get_collection(self, name, scope=None):
        """A copy of the collection; with ``scope``, only items whose name matches it."""
        items = self._collections.get(name, [])
        if scope is None:
            return list(items)
        pattern = re.compile(scope)
        return [item for item in items
                if getattr(item, "name", None) is not None and pattern.match(item.name)]

    def get_all_collection_keys(self):
        return [k for k, v in self._collections.items() if v]

    def clear_collection(self, name):
        self._collections.pop(name, None)

    # ----------------------------------------------------------------- misc
    def finalize(self):
        """Makes the graph read-only: creating an op afterwards raises RuntimeError."""
        self._finalized = True

    finalized = property(lambda self: self._finalized)

    def _unsafe_unfinalize(self):
        self._finalized = False

    def _structure_changed(self):
        self._structure_version += 1

    def __len__(self):
        return len(self._ops)

    def __repr__(self):
        return "<tf.Graph with %d ops at 0x%x>" % (len(self._ops), id(self))


class ShapeInferenceError(Exception):
    """Raised by an op's shape rule; the graph adds the op's name, input shapes and location."""


class _GraphThreadState(threading.local):
    """One thread's graph-building state in one Graph (every thread starts at the top level)."""

    def __init__(self):
        super().__init__()
        self.name_stack = ""
        self.control_dependencies_stack = []
        self.device_stack = []
        self.control_flow_context = None


class _DefaultGraphStack(threading.local):
    """``with g.as_default()`` blocks, per thread; below them, one global default graph that
    every thread shares, as in TF1 (a Session made in a worker thread runs the main thread's
    graph)."""
    _global_default = None
    _global_lock = threading.Lock()

    def __init__(self):
        super().__init__()
        self.stack = []

    def get_default(self):
        if self.stack:
            return self.stack[-1]
        graph = _DefaultGraphStack._global_default
        if graph is None:
            with self._global_lock:  # two threads asking first get the same graph
                if _DefaultGraphStack._global_default is None:
                    _DefaultGraphStack._global_default = Graph()
                graph = _DefaultGraphStack._global_default
        return graph

    @contextlib.contextmanager
    def get_controller(self, graph):
        self.stack.append(graph)
        try:
            yield graph
        finally:
            # Remove this entry (the innermost one for this graph) and nothing else, even when
            # blocks are exited out of order (an InteractiveSession closed inside a `with`).
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i] is graph:
                    del self.stack[i]
                    break

    def reset(self):
        if self.stack:
            raise AssertionError(
                "Do not use tf.reset_default_graph() to clear nested graphs. If you need a "
                "cleared graph, exit the nesting and create a new graph.")
        _DefaultGraphStack._global_default = None


_default_graph_stack = _DefaultGraphStack()


# The function (graph, add_shapes) -> GraphDef; set by train/graph_def_export.py, a higher
# layer that owns the protobuf form.
GRAPH_DEF_WRITER = [None]


def get_default_graph():
    """The graph new ops are added to (the innermost ``as_default()``)."""
    return _default_graph_stack.get_default()


def reset_default_graph():
    """Clears the default graph (outside any ``with graph.as_default()`` block)."""
    _default_graph_stack.reset()


def name_scope(name, default_name=None, values=None):
    """``tf.name_scope``: the graph is taken from ``values`` when given, else the default."""
    graph = _graph_of(values) if values else get_default_graph()
    return graph.name_scope(name if name is not None else default_name)


def _graph_of(values):
    for v in values:
        element = v._as_graph_element() if hasattr(v, "_as_graph_element") else v
        if isinstance(element, (Tensor, Operation)):
            return element.graph
    return get_default_graph()


def control_dependencies(control_inputs):
    return get_default_graph().control_dependencies(control_inputs)


def device(device_name):
    return get_default_graph().device(device_name)


def add_to_collection(name, value):
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value):
    get_default_graph().add_to_collections(names, value)


def get_collection(key, scope=None):
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key):
    return get_default_graph().get_collection_ref(key)
