"""``tf.train.ExponentialMovingAverage`` and ``assign_moving_average``."""
from ..framework import dtypes
from ..framework.graph import GraphKeys, get_default_graph
from ..ops import elementwise_binary_ops, state_ops
from ..ops.constant_op import convert_to_tensor
from ..ops.control_flow_ops import group
from ..ops.elementwise_binary_ops import minimum
from ..ops.elementwise_unary_ops import cast
from ..ops.variables import Variable, global_variables, trainable_variables
from .optimizer import create_slot, filled_like


_FLOAT_TYPES = (dtypes.float16, dtypes.float32, dtypes.float64)


def assign_moving_average(variable, value, decay, zero_debias=True, name=None):
    """``variable -= (variable - value) * (1 - decay)`` in place; returns the new value. With
    ``zero_debias`` the average is divided by ``1 - decay ** t`` (``t`` updates so far), so a
    zero-initialized ``variable`` is not biased toward 0 early on.

    >>> import autograd_engine as tf
    >>> from autograd_engine.train.moving_averages import assign_moving_average
    >>> tf.reset_default_graph()
    >>> avg = tf.Variable(1.0)
    >>> update = assign_moving_average(avg, 3.0, 0.75, zero_debias=False)
    >>> with tf.Session() as sess:
    ...     sess.run(avg.initializer); float(sess.run(update))
    1.5
    """
    graph = variable.graph
    with graph.name_scope(name or "AssignMovingAvg") as scope:
        one_minus_decay = convert_to_tensor(1.0 - decay, name="decay")
        one_minus_decay = cast(one_minus_decay, variable.dtype)
        if zero_debias:
            update_delta = _zero_debias(variable, value, one_minus_decay)
        else:
            update_delta = (variable - value) * one_minus_decay
        return state_ops.assign_sub(variable, update_delta, name=scope)


def _zero_debias(unbiased_var, value, one_minus_decay):
    """The delta that makes ``unbiased_var`` the zero-debiased average: a ``biased`` Variable
    keeps the plain average from 0 and ``local_step`` counts updates (TF1's construction)."""
    graph = unbiased_var.graph
    with graph.control_dependencies(None), graph.name_scope(unbiased_var.op.name + "/"):
        biased_var = Variable(filled_like(unbiased_var, 0), trainable=False, name="biased")
        local_step = Variable(convert_to_tensor(0, dtype=unbiased_var.dtype), trainable=False,
                              name="local_step")
    update_biased = state_ops.assign_sub(biased_var, (biased_var - value) * one_minus_decay)
    update_local_step = state_ops.assign_add(local_step, convert_to_tensor(
        1, dtype=unbiased_var.dtype))
    bias_correction = 1 - elementwise_binary_ops.pow(1.0 - one_minus_decay, update_local_step)
    return unbiased_var - update_biased / bias_correction


class ExponentialMovingAverage:
    """Keeps shadow Variables with exponential moving averages of Variables (or tensors):
    ``shadow -= (1 - decay) * (shadow - value)`` each time the op from ``apply`` runs. With
    ``num_updates`` the decay is ``min(decay, (1 + num_updates) / (10 + num_updates))``, so
    early averages move faster.

    >>> import autograd_engine as tf
    >>> tf.reset_default_graph()
    >>> w = tf.Variable(0.0, name="w")
    >>> ema = tf.train.ExponentialMovingAverage(decay=0.5)
    >>> update = ema.apply([w])
    >>> ema.average(w).name, ema.average_name(w)
    ('w/ExponentialMovingAverage:0', 'w/ExponentialMovingAverage')
    >>> with tf.Session() as sess:
    ...     sess.run(tf.global_variables_initializer())
    ...     w.load(4.0, sess); sess.run(update); float(sess.run(ema.average(w)))
    2.0
    """

    def __init__(self, decay, num_updates=None, zero_debias=False,
                 name="ExponentialMovingAverage"):
        self._decay = decay
        self._num_updates = num_updates
        self._zero_debias = zero_debias
        self._name = name
        self._averages = {}

    @property
    def name(self):
        return self._name

    def apply(self, var_list=None):
        """Creates the shadow Variables (once per Variable) and returns an op that updates
        them all. ``var_list`` defaults to the trainable Variables; tensors are averaged too
        (their shadows start at zero and are debiased when ``zero_debias``)."""
        var_list = trainable_variables() if var_list is None else list(var_list)
        zero_debias = set()
        for var in var_list:
            if var.dtype not in _FLOAT_TYPES:
                raise TypeError("The variables must be half, float, or double: %s" % var.name)
            if var in self._averages:
                raise ValueError("Moving average already computed for: %s" % var.name)
            graph = var.graph
            with graph.control_dependencies(None):
                if isinstance(var, Variable):
                    # The shadow starts at the Variable's initial value.
                    avg = create_slot(var, var.initial_value, self._name)
                    graph.add_to_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, var)
                else:
                    var = convert_to_tensor(var)
                    avg = create_slot(var, lambda v=var: filled_like(v, 0), self._name)
                    if self._zero_debias:
                        zero_debias.add(avg)
            self._averages[var] = avg
        graph = var_list[0].graph if var_list else get_default_graph()
        with graph.as_default(), graph.name_scope(self._name) as scope:
            decay = convert_to_tensor(self._decay, name="decay")
            if self._num_updates is not None:
                num_updates = cast(self._num_updates, dtypes.float32,
                                   name="num_updates")
                decay = minimum(decay, (1.0 + num_updates) / (10.0 + num_updates))
            updates = [assign_moving_average(self._averages[var], var, decay,
                                             zero_debias=self._averages[var] in zero_debias)
                       for var in var_list]
            return group(*updates, name=scope)

    def average(self, var):
        """The shadow Variable of ``var``, or None when ``apply`` did not cover it."""
        return self._averages.get(var)

    def average_name(self, var):
        """The name of ``var``'s shadow Variable (what a Saver stores it under), even before
        ``apply``: ``<var op name>/<EMA name>``."""
        if var in self._averages:
            return self._averages[var].op.name
        return var.op.name + "/" + self._name

    def variables_to_restore(self, moving_avg_variables=None):
        """A ``{name in checkpoint: Variable}`` map that restores each averaged Variable from
        its shadow's saved value (for evaluating with the averages), and every other global
        Variable from its own name.

        >>> import autograd_engine as tf
        >>> tf.reset_default_graph()
        >>> w = tf.Variable(1.0, name="w")
        >>> ema = tf.train.ExponentialMovingAverage(0.9)
        >>> sorted(ema.variables_to_restore())
        ['w/ExponentialMovingAverage']
        """
        if moving_avg_variables is None:
            moving_avg_variables = (trainable_variables()
                                    + get_default_graph().get_collection(
                                        GraphKeys.MOVING_AVERAGE_VARIABLES))
        name_map = {}
        averaged = []
        for v in moving_avg_variables:
            if v not in averaged:
                averaged.append(v)
                name_map[self.average_name(v)] = v
        averaged_names = {v.name for v in averaged}
        for v in global_variables():
            if v.name not in averaged_names and v.op.name not in name_map:
                name_map[v.op.name] = v
        return name_map
