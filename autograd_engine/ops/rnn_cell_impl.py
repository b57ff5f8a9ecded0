"""RNN cells (``tf.nn.rnn_cell``): BasicRNNCell, BasicLSTMCell, LSTMCell, GRUCell and
MultiRNNCell, with TF1's gate layouts and Variable names (``rnn/basic_lstm_cell/kernel``).

A cell creates its Variables the first time it is called (under the current variable scope,
in a scope named after the cell and made unique, as TF1's layers do) and reuses them on every
later call, so unrolling over time shares one set of weights.
"""
import collections

from ..framework.graph import get_default_graph
from . import array_ops, clip_ops, elementwise_unary_ops, nn_impl
from .concat_split_ops import concat, split
from .constant_op import convert_to_tensor
from .elementwise_unary_ops import tanh
from .init_ops import Constant, Zeros
from .lstm_cell_ops import lstm_cell_elementwise
from .lstm_sequence_ops import lstm_sequence
from .matmul_ops import matmul
from .variable_scope import get_variable, variable_scope


LSTMStateTuple = collections.namedtuple("LSTMStateTuple", ("c", "h"))
LSTMStateTuple.__doc__ = "An LSTM state: the cell state ``c`` and the output ``h``."
LSTMStateTuple.dtype = property(lambda self: self.c.dtype)


class RNNCell:
    """Base class: ``output, new_state = cell(inputs, state)``."""

    _default_name = "rnn_cell"

    def __init__(self, reuse=None, name=None, dtype=None):
        self._name = name
        self._reuse = reuse
        self._dtype = dtype
        self._built = False
        self._scope = None

    @property
    def state_size(self):
        raise NotImplementedError

    @property
    def output_size(self):
        raise NotImplementedError

    def zero_state(self, batch_size, dtype):
        """All-zero state(s) for a batch (``batch_size`` may be a tensor)."""
        return _map_sizes(self.state_size,
                          lambda n: array_ops.zeros(_stacked([batch_size, n]), dtype=dtype))

    def __call__(self, inputs, state, scope=None):
        inputs = convert_to_tensor(inputs)
        self._build_once(inputs, scope)
        with self._call_scope():
            return self.call(inputs, state)

    def _build_once(self, inputs, scope):
        """Creates the Variables on the first call, from the depth of ``inputs``' last axis."""
        if self._built:
            return
        depth = inputs.shape.as_tuple()[-1] if inputs.shape.ndims else None
        if depth is None:
            raise ValueError("The last dimension of the inputs to an RNN cell must be "
                             "known, got shape %s" % inputs.shape)
        with variable_scope(scope or self._name, default_name=self._default_name,
                            reuse=self._reuse) as vs:
            self._scope = vs
            self.build(depth, inputs.dtype)
        self._built = True

    def _call_scope(self):
        """Each call's ops go under a (uniquified) name scope named after the cell."""
        return get_default_graph().name_scope(self._scope.name.split("/")[-1])

    @property
    def trainable_variables(self):
        return list(self._variables) if self._built else []

    variables = trainable_variables
    weights = trainable_variables


def _stacked(dims):
    if any(hasattr(d, "op") for d in dims):
        return [convert_to_tensor(d) if hasattr(d, "op") else d for d in dims]
    return [int(d) for d in dims]


def _map_sizes(size, fn):
    if isinstance(size, LSTMStateTuple):
        return LSTMStateTuple(fn(size.c), fn(size.h))
    if isinstance(size, tuple):
        return tuple(_map_sizes(s, fn) for s in size)
    return fn(size)


def _linear(args, kernel, bias):
    """``concat(args) @ kernel + bias``: one matrix product for all the inputs of a layer."""
    joined = args[0] if len(args) == 1 else concat(args, 1)
    out = matmul(joined, kernel)
    return out if bias is None else nn_impl.bias_add(out, bias)


class BasicRNNCell(RNNCell):
    """``h' = activation([x, h] @ kernel + bias)`` (tanh by default)."""
    _default_name = "basic_rnn_cell"

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None):
        super().__init__(reuse, name, dtype)
        self._num_units = num_units
        self._activation = activation or tanh

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def build(self, depth, dtype):
        self._kernel = get_variable("kernel", [depth + self._num_units, self._num_units], dtype)
        self._bias = get_variable("bias", [self._num_units], dtype, initializer=Zeros())
        self._variables = [self._kernel, self._bias]

    def call(self, inputs, state):
        output = self._activation(_linear([inputs, state], self._kernel, self._bias))
        return output, output


class BasicLSTMCell(RNNCell):
    """The LSTM of TF1's BasicLSTMCell: gates ``i, j, f, o`` from one product, the forget
    gate biased by ``forget_bias``; the state is ``LSTMStateTuple(c, h)``."""
    _default_name = "basic_lstm_cell"

    def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True, activation=None,
                 reuse=None, name=None, dtype=None):
        super().__init__(reuse, name, dtype)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation or tanh

    @property
    def state_size(self):
        n = self._num_units
        return LSTMStateTuple(n, n) if self._state_is_tuple else 2 * n

    output_size = property(lambda self: self._num_units)

    def build(self, depth, dtype):
        n = self._num_units
        self._kernel = get_variable("kernel", [depth + n, 4 * n], dtype)
        self._bias = get_variable("bias", [4 * n], dtype, initializer=Zeros())
        self._variables = [self._kernel, self._bias]

    def _split_state(self, state):
        if self._state_is_tuple:
            return state
        return split(state, 2, axis=1)

    def call(self, inputs, state):
        c, h = self._split_state(state)
        gates = _linear([inputs, h], self._kernel, self._bias)
        if self._activation is tanh:  # the elementwise part as one op, forward and backward
            new_c, new_h, _ = lstm_cell_elementwise(gates, c, self._forget_bias)
        else:
            i, j, f, o = split(gates, 4, axis=1)
            new_c = c * elementwise_unary_ops.sigmoid(f + self._forget_bias) + \
                elementwise_unary_ops.sigmoid(i) * self._activation(j)
            new_h = self._activation(new_c) * elementwise_unary_ops.sigmoid(o)
        new_state = LSTMStateTuple(new_c, new_h) if self._state_is_tuple else \
            concat([new_c, new_h], 1)
        return new_h, new_state

    def runs_over_time_fused(self):
        """Whether :meth:`call_over_time` may stand for calling the cell step by step:
        the cell's own equations (tanh, not a subclass changing them)."""
        return type(self) is BasicLSTMCell and self._activation is tanh

    def call_over_time(self, inputs, state, scope=None):
        """``(outputs, final_state)`` of the cell run over ``inputs`` [time, batch, depth]
        (the time dimension known while building) from ``state``: what calling it once per
        step gives, as one product for the input part of every step's gates and one
        ``LSTMSequence`` op for the recurrence (``dynamic_rnn`` runs a plain LSTM cell so).

        >>> import autograd_engine as tf
        >>> cell = tf.nn.rnn_cell.BasicLSTMCell(3)
        >>> x = tf.zeros([5, 2, 4])
        >>> outputs, state = cell.call_over_time(x, cell.zero_state(2, tf.float32))
        >>> outputs.shape.as_list(), state.h.shape.as_list()
        ([5, 2, 3], [2, 3])
        """
        inputs = convert_to_tensor(inputs)
        self._build_once(inputs, scope)
        steps, depth = inputs.shape.as_tuple()[0], inputs.shape.as_tuple()[-1]
        n = self._num_units
        with self._call_scope():
            c0, h0 = self._split_state(state)
            input_rows, recurrent_rows = split(self._kernel, [depth, n], axis=0)
            projected = nn_impl.bias_add(
                matmul(array_ops.reshape(inputs, [-1, depth]), input_rows), self._bias)
            hs, cs, _ = lstm_sequence(array_ops.reshape(projected, [steps, -1, 4 * n]), c0, h0,
                                      recurrent_rows, self._forget_bias)
            c, h = cs[-1], hs[-1]
            return hs, (LSTMStateTuple(c, h) if self._state_is_tuple else concat([c, h], 1))


class LSTMCell(BasicLSTMCell):
    """TF1's LSTMCell: BasicLSTMCell plus optional peepholes, cell clipping and an output
    projection (``num_proj``, with ``proj_clip``)."""
    _default_name = "lstm_cell"

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None,
                 num_proj=None, proj_clip=None, num_unit_shards=None, num_proj_shards=None,
                 forget_bias=1.0, state_is_tuple=True, activation=None, reuse=None, name=None,
                 dtype=None):
        super().__init__(num_units, forget_bias, state_is_tuple, activation, reuse, name, dtype)
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip

    @property
    def state_size(self):
        n, m = self._num_units, self._num_proj or self._num_units
        return LSTMStateTuple(n, m) if self._state_is_tuple else n + m

    output_size = property(lambda self: self._num_proj or self._num_units)

    def build(self, depth, dtype):
        n, m = self._num_units, self._num_proj or self._num_units
        self._kernel = get_variable("kernel", [depth + m, 4 * n], dtype,
                                    initializer=self._initializer)
        self._bias = get_variable("bias", [4 * n], dtype, initializer=Zeros())
        self._variables = [self._kernel, self._bias]
        if self._use_peepholes:
            self._peepholes = [get_variable(name, [n], dtype, initializer=self._initializer)
                               for name in ("w_f_diag", "w_i_diag", "w_o_diag")]
            self._variables += self._peepholes
        if self._num_proj:
            with variable_scope("projection"):
                self._projection = get_variable("kernel", [n, self._num_proj], dtype,
                                                initializer=self._initializer)
            self._variables.append(self._projection)

    def _split_state(self, state):
        if self._state_is_tuple:
            return state
        n = self._num_units
        return split(state, [n, -1], axis=1)

    def runs_over_time_fused(self):
        return type(self) is LSTMCell and self._activation is tanh and not (
            self._use_peepholes or self._cell_clip is not None or self._num_proj)

    def call(self, inputs, state):
        c_prev, m_prev = self._split_state(state)
        gates = _linear([inputs, m_prev], self._kernel, self._bias)
        if not self._use_peepholes and self._cell_clip is None and self._activation is tanh:
            c, m, _ = lstm_cell_elementwise(gates, c_prev, self._forget_bias)
            return self._projected(c, m)
        i, j, f, o = split(gates, 4, axis=1)
        sigmoid, act = elementwise_unary_ops.sigmoid, self._activation
        if self._use_peepholes:
            w_f, w_i, w_o = self._peepholes
            c = sigmoid(f + self._forget_bias + w_f * c_prev) * c_prev + \
                sigmoid(i + w_i * c_prev) * act(j)
        else:
            c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * act(j)
        if self._cell_clip is not None:
            c = clip_ops.clip_by_value(c, -self._cell_clip, self._cell_clip)
        m = sigmoid(o + w_o * c) * act(c) if self._use_peepholes else sigmoid(o) * act(c)
        return self._projected(c, m)

    def _projected(self, c, m):
        """The output ``m`` projected (and clipped) when the cell has a projection; the
        cell's ``(output, new_state)``."""
        if self._num_proj:
            m = matmul(m, self._projection)
            if self._proj_clip is not None:
                m = clip_ops.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else concat([c, m], 1)
        return m, new_state


class GRUCell(RNNCell):
    """TF1's GRU: reset and update gates from ``gates/kernel`` (bias starting at 1.0), the
    candidate from ``candidate/kernel``; ``h' = u * h + (1 - u) * c``."""
    _default_name = "gru_cell"

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None,
                 bias_initializer=None, name=None, dtype=None):
        super().__init__(reuse, name, dtype)
        self._num_units = num_units
        self._activation = activation or tanh
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def build(self, depth, dtype):
        n = self._num_units
        with variable_scope("gates"):
            self._gate_kernel = get_variable("kernel", [depth + n, 2 * n], dtype,
                                             initializer=self._kernel_initializer)
            self._gate_bias = get_variable("bias", [2 * n], dtype,
                                           initializer=self._bias_initializer or Constant(1.0))
        with variable_scope("candidate"):
            self._candidate_kernel = get_variable("kernel", [depth + n, n], dtype,
                                                  initializer=self._kernel_initializer)
            self._candidate_bias = get_variable("bias", [n], dtype,
                                                initializer=self._bias_initializer or Zeros())
        self._variables = [self._gate_kernel, self._gate_bias, self._candidate_kernel,
                           self._candidate_bias]

    def call(self, inputs, state):
        gates = elementwise_unary_ops.sigmoid(_linear([inputs, state], self._gate_kernel,
                                                      self._gate_bias))
        r, u = split(gates, 2, axis=1)
        c = self._activation(_linear([inputs, r * state], self._candidate_kernel,
                                     self._candidate_bias))
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class MultiRNNCell(RNNCell):
    """Stacked cells: each layer's output is the next one's input; the state is a tuple."""
    _default_name = "multi_rnn_cell"

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not state_is_tuple:
            raise ValueError("MultiRNNCell with state_is_tuple=False is deprecated in TF1 and "
                             "not supported here; use tuple states.")
        self._cells = list(cells)

    state_size = property(lambda self: tuple(c.state_size for c in self._cells))
    output_size = property(lambda self: self._cells[-1].output_size)

    def build(self, depth, dtype):
        self._variables = []

    def call(self, inputs, state):
        return self._through_layers(inputs, state, lambda cell, x, s: cell(x, s))

    def _through_layers(self, inputs, state, run):
        """``run(cell, inputs, state)`` layer after layer, in each layer's variable scope."""
        new_states, output = [], inputs
        with variable_scope(self._scope, auxiliary_name_scope=False):
            for i, (cell, cell_state) in enumerate(zip(self._cells, state)):
                with variable_scope("cell_%d" % i):
                    output, new_state = run(cell, output, cell_state)
                new_states.append(new_state)
        return output, tuple(new_states)

    def runs_over_time_fused(self):
        """Whether every layer runs over time as one op (see BasicLSTMCell's)."""
        return type(self) is MultiRNNCell and all(
            getattr(cell, "runs_over_time_fused", lambda: False)() for cell in self._cells)

    def call_over_time(self, inputs, state, scope=None):
        """``(outputs, final_state)`` over ``inputs`` [time, batch, depth]: each layer over
        the whole sequence in turn, which is the same as step by step (a layer's step needs
        only the layer below at that step and its own previous step)."""
        inputs = convert_to_tensor(inputs)
        self._build_once(inputs, scope)
        with self._call_scope():
            return self._through_layers(inputs, state,
                                        lambda cell, x, s: cell.call_over_time(x, s))

    @property
    def trainable_variables(self):
        return [v for cell in self._cells for v in cell.trainable_variables]

    variables = trainable_variables
    weights = trainable_variables
