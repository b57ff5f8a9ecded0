"""The Optimizer base class: ``minimize = compute_gradients + apply_gradients``.

Subclasses follow TF1's hooks, so custom optimizers written for TF1 port unchanged:

* ``_create_slots(var_list)`` makes the per-Variable state with ``_zeros_slot`` /
  ``_get_or_make_slot_with_initializer`` and the shared state with
  ``_create_non_slot_variable`` (Adam's ``beta1_power``);
* ``_prepare()`` turns the hyperparameters into tensors (``_prepare_hyper``);
* ``_apply_dense(grad, var)`` returns the update op of one Variable, usually one fused in-place
  kernel from :mod:`training_ops`, with the hyperparameters from ``_hyper(name, var.dtype)``;
* ``_finish(update_ops, name_scope)`` groups the updates (Adam also advances its powers).
"""
from ..framework import dtypes
from ..framework.graph import GraphKeys
from ..framework.tensor_shape import as_shape
from ..gradients import explain_missing_gradient, gradients
from ..ops import array_ops, elementwise_unary_ops, shape_ops, state_ops
from ..ops.constant_op import constant, convert_to_tensor
from ..ops.control_flow_ops import group
from ..ops.gather_ops import unsorted_segment_sum
from ..ops.indexed_slices import IndexedSlices
from ..ops.sort_ops import unique
from ..ops.variables import Variable


_FLOAT_TYPES = (dtypes.float16, dtypes.float32, dtypes.float64)


def _call_if_callable(value):
    return value() if callable(value) else value


class Optimizer:
    """Base class of the TF1 optimizers.

    >>> import autograd_engine as tf
    >>> tf.reset_default_graph()
    >>> w = tf.Variable([1.0, 2.0], name="w")
    >>> opt = tf.train.MomentumOptimizer(0.1, momentum=0.9)
    >>> train = opt.minimize(tf.reduce_sum(tf.square(w)))
    >>> opt.get_slot_names(), opt.get_slot(w, "momentum").name
    (['momentum'], 'w/Momentum:0')
    """

    GATE_NONE = 0
    GATE_OP = 1
    GATE_GRAPH = 2

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        # {slot name: {Variable: slot Variable}}; Variables hash by identity.
        self._slots = {}
        # {(name, graph): Variable} for state shared by all Variables (Adam's powers).
        self._non_slot_dict = {}
        self._hyper_tensors = {}
        self._hyper_casts = {}

    def get_name(self):
        return self._name

    # ---------------------------------------------------------------- public API
    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None,
                 grad_loss=None):
        """Adds ops that update ``var_list`` (default: all trainable Variables) to reduce
        ``loss``, and increment ``global_step`` if given. Returns the training op.

        >>> import autograd_engine as tf
        >>> tf.reset_default_graph()
        >>> w = tf.Variable(3.0)
        >>> train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.square(w))
        >>> with tf.Session() as sess:
        ...     sess.run(tf.global_variables_initializer()); sess.run(train)
        ...     round(float(sess.run(w)), 4)
        2.4
        """
        grads_and_vars = self.compute_gradients(
            loss, var_list=var_list, gate_gradients=gate_gradients,
            aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops, grad_loss=grad_loss)
        if not any(g is not None for g, _ in grads_and_vars):
            reasons = "; ".join("%s: %s" % (v.name, explain_missing_gradient(loss, v))
                                for _, v in grads_and_vars)
            raise ValueError(
                "No gradients provided for any variable, check your graph for ops that do not "
                "support gradients, between variables %s and loss %r. Why, per variable: %s."
                % ([str(v) for _, v in grads_and_vars], loss, reasons))
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP,
                          aggregation_method=None, colocate_gradients_with_ops=False,
                          grad_loss=None):
        """A list of ``(gradient, variable)`` pairs; the gradient is None for a Variable
        the loss does not depend on.

        >>> import autograd_engine as tf
        >>> tf.reset_default_graph()
        >>> a, b = tf.Variable(2.0, name="a"), tf.Variable(1.0, name="b")
        >>> [(g is None, v.name) for g, v in
        ...  tf.train.AdamOptimizer().compute_gradients(a * a, var_list=[a, b])]
        [(False, 'a:0'), (True, 'b:0')]
        """
        if callable(loss):
            loss = loss()
        loss = convert_to_tensor(loss)
        _check_float(loss, "loss")
        if var_list is None:
            var_list = loss.graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        else:
            var_list = list(var_list)
        if not var_list:
            raise ValueError("No variables to optimize.")
        for v in var_list:
            if not isinstance(v, Variable):
                raise TypeError("Argument is not a tf.Variable: %r" % (v,))
        grads = gradients(loss, var_list, grad_ys=grad_loss)
        return list(zip(grads, var_list))

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """An op applying each ``(gradient, variable)`` update (pairs with a None gradient are
        skipped), then incrementing ``global_step``. The op is added to ``TRAIN_OP``.

        >>> import autograd_engine as tf
        >>> tf.reset_default_graph()
        >>> w = tf.Variable(1.0, name="w")
        >>> step = tf.train.get_or_create_global_step()
        >>> opt = tf.train.AdagradOptimizer(0.1)
        >>> opt.apply_gradients([(tf.constant(0.5), w)], global_step=step).name
        'Adagrad'
        """
        grads_and_vars = list(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        pairs = []
        for g, v in grads_and_vars:
            if not isinstance(v, Variable):
                raise TypeError("Argument is not a tf.Variable: %r" % (v,))
            if isinstance(g, IndexedSlices):  # a sparse gradient: applied to its rows only
                _check_float(v, "variable")
                if g.dtype != v.dtype:
                    raise TypeError("Gradient for Variable %s has dtype %s, but the Variable's "
                                    "is %s: %r" % (v.name, g.dtype.name, v.dtype.name, g))
                pairs.append((g, v))
            elif g is not None:
                try:
                    g = convert_to_tensor(g)
                except (TypeError, ValueError):
                    raise TypeError("Gradient must be convertible to a Tensor or None: %r"
                                    % (g,)) from None
                _check_float(v, "variable")
                if g.dtype != v.dtype:
                    raise TypeError("Gradient for Variable %s has dtype %s, but the Variable's "
                                    "is %s: %r" % (v.name, g.dtype.name, v.dtype.name, g))
                pairs.append((g, v))
        if not pairs:
            raise ValueError("No gradients provided for any variable: %s."
                             % ([str(v) for _, v in grads_and_vars],))
        graph = pairs[0][1].graph
        with graph.as_default():
            # Slots are created outside the training op's scope and free of any control
            # dependencies the caller has open (TF1's init_scope): their initializers must run
            # without running a training step.
            with graph.control_dependencies(None):
                self._create_slots([v for _, v in pairs])
            with graph.name_scope(name or self._name) as scope:
                self._prepare()
                updates = []
                for grad, var in pairs:
                    with graph.name_scope("update_" + var.op.name):
                        updates.append(self._apply_sparse_duplicate_indices(grad, var)
                                       if isinstance(grad, IndexedSlices) else
                                       self._apply_dense(grad, var))
                if global_step is None:
                    train_op = self._finish(updates, scope)
                else:
                    with graph.control_dependencies([self._finish(updates, "update")]):
                        train_op = state_ops.assign_add(
                            global_step, convert_to_tensor(1, dtype=global_step.dtype),
                            name=scope).op
            train_ops = graph.get_collection_ref(GraphKeys.TRAIN_OP)
            if train_op not in train_ops:
                train_ops.append(train_op)
        return train_op

    def get_slot(self, var, name):
        """The slot Variable ``name`` (e.g. Adam's ``"m"``) created for ``var``, or None.

        >>> import autograd_engine as tf
        >>> tf.reset_default_graph()
        >>> w = tf.Variable([1.0], name="w")
        >>> opt = tf.train.AdamOptimizer()
        >>> _ = opt.minimize(tf.reduce_sum(w * w))
        >>> opt.get_slot(w, "v").name, opt.get_slot(w, "nope")
        ('w/Adam_1:0', None)
        """
        return self._slots.get(name, {}).get(var)

    def get_slot_names(self):
        """The sorted names of the slots this optimizer creates (``['m', 'v']`` for Adam)."""
        return sorted(self._slots)

    def variables(self):
        """The optimizer's state in the default graph: its slots and non-slot Variables
        (``beta1_power``...), sorted by name."""
        from ..framework.graph import get_default_graph
        graph = get_default_graph()
        found = [v for (_, g), v in self._non_slot_dict.items() if g is graph]
        for per_var in self._slots.values():
            found.extend(s for s in per_var.values() if s.graph is graph)
        return sorted(found, key=lambda v: v.name)

    # ---------------------------------------------------------------- hooks
    def _create_slots(self, var_list):
        pass

    def _prepare(self):
        pass

    def _apply_dense(self, grad, var):
        raise NotImplementedError("%s must implement _apply_dense(grad, var)"
                                  % type(self).__name__)

    def _apply_sparse_duplicate_indices(self, grad, var):
        """The update of ``var`` by the IndexedSlices ``grad``: its repeated rows summed
        (TF1's ``unique`` + ``unsorted_segment_sum``), then :meth:`_apply_sparse`."""
        return self._apply_sparse(deduplicated(grad), var)

    def _apply_sparse(self, grad, var):
        """The update of ``var`` by ``grad``, IndexedSlices with unique indices. An optimizer
        without a sparse rule of its own applies it densely (its cost is then the table's)."""
        return self._apply_dense(convert_to_tensor(grad), var)

    def _finish(self, update_ops, name_scope):
        return group(*update_ops, name=name_scope)

    # ---------------------------------------------------------------- helpers for subclasses
    def _prepare_hyper(self, **values):
        """Converts each hyperparameter (a number, tensor or callable) to a tensor named like
        TF1's (``learning_rate``, ``beta1``...); ``_hyper`` then casts it per Variable dtype."""
        self._hyper_tensors = {key: convert_to_tensor(_call_if_callable(value), name=key)
                               for key, value in values.items()}
        self._hyper_casts = {}

    def _hyper(self, key, dtype):
        """The hyperparameter tensor ``key`` in ``dtype``: one Cast per dtype and step op, not
        one per Variable."""
        tensor = self._hyper_tensors[key]
        if tensor.dtype == dtype:
            return tensor
        cast = self._hyper_casts.get((key, dtype))
        if cast is None:
            cast = self._hyper_casts[(key, dtype)] = elementwise_unary_ops.cast(tensor, dtype)
        return cast

    def _slot_dict(self, slot_name):
        return self._slots.setdefault(slot_name, {})

    def _get_or_make_slot_with_initializer(self, var, initializer, shape, dtype, slot_name,
                                           op_name):
        """The slot ``slot_name`` of ``var``, made on first use as a non-trainable Variable
        named ``<var>/<op_name>`` (``_1``, ``_2``... when taken, as TF1 names them) holding
        ``initializer(shape, dtype)``."""
        named_slots = self._slot_dict(slot_name)
        if var not in named_slots:
            named_slots[var] = create_slot(
                var, lambda: initializer(as_shape(shape).as_list(), dtype=dtype), op_name)
        return named_slots[var]

    def _get_or_make_slot(self, var, val, slot_name, op_name):
        """Like ``_get_or_make_slot_with_initializer`` with an initial value (a tensor)."""
        named_slots = self._slot_dict(slot_name)
        if var not in named_slots:
            named_slots[var] = create_slot(var, val, op_name)
        return named_slots[var]

    def _zeros_slot(self, var, slot_name, op_name):
        """The slot ``slot_name`` of ``var``, starting at zeros of its shape and dtype."""
        return self._filled_slot(var, 0, slot_name, op_name)

    def _filled_slot(self, var, value, slot_name, op_name):
        """The slot ``slot_name`` of ``var``, starting at ``value`` everywhere (a Fill op, so
        the graph holds no Variable-sized constant)."""
        named_slots = self._slot_dict(slot_name)
        if var not in named_slots:
            named_slots[var] = create_slot(var, lambda: filled_like(var, value), op_name)
        return named_slots[var]

    def _create_non_slot_variable(self, initial_value, name, colocate_with):
        """A Variable shared by all the Variables this optimizer updates in one graph (made
        once per graph, in the caller's name scope, not trainable)."""
        key = (name, colocate_with.graph)
        v = self._non_slot_dict.get(key)
        if v is None:
            with colocate_with.graph.as_default():
                v = Variable(initial_value, name=name, trainable=False)
            self._non_slot_dict[key] = v
        return v

    def _get_non_slot_variable(self, name, graph=None):
        from ..framework.graph import get_default_graph
        return self._non_slot_dict.get((name, graph or get_default_graph()))


def _check_float(value, what):
    if value.dtype not in _FLOAT_TYPES:
        raise ValueError("Invalid type %s for %s %s, expected: float16, float32, float64. "
                         "Optimizers only train floating-point values; use tf.cast."
                         % (value.dtype.name, what, value.name))


def deduplicated(grad):
    """``grad`` (IndexedSlices) with each row named once, the values of repeated rows summed.

    >>> import autograd_engine as tf
    >>> g = deduplicated(tf.IndexedSlices(tf.ones([3, 2]), tf.constant([4, 1, 4])))
    >>> with tf.Session() as sess:
    ...     [v.tolist() for v in sess.run([g.indices, g.values])]
    [[4, 1], [[2.0, 2.0], [1.0, 1.0]]]
    """
    rows, positions = unique(grad.indices)
    values = unsorted_segment_sum(grad.values, positions, shape_ops.shape(rows)[0])
    return IndexedSlices(values, rows, grad.dense_shape)


def filled_like(var, value):
    """``value`` in the shape and dtype of ``var`` (a Variable or a tensor)."""
    if var.shape.is_fully_defined():
        dims = var.shape.as_list()
    else:  # known only at run time: take it from the initial value (or the tensor itself)
        dims = shape_ops.shape(var.initialized_value() if isinstance(var, Variable) else var)
    return array_ops.fill(dims, constant(value, dtype=var.dtype))


def create_slot(var, initial_value, op_name):
    """A slot Variable for ``var``: named ``<var op name>/<op_name>`` at the top level (made
    unique by the graph), not trainable, in ``GLOBAL_VARIABLES``."""
    graph = var.graph
    with graph.as_default(), graph.name_scope(None):
        return Variable(initial_value, trainable=False, name=var.op.name + "/" + op_name,
                        validate_shape=var.shape.is_fully_defined())
