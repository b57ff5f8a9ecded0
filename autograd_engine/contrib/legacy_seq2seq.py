"""``tf.contrib.legacy_seq2seq``: the step-by-step RNN decoder and the per-example sequence
losses that TF1 char-RNN and translation examples are written with.

>>> import autograd_engine as tf
>>> cell = tf.nn.rnn_cell.BasicRNNCell(4)
>>> inputs = [tf.zeros([2, 3]) for _ in range(5)]
>>> outputs, state = tf.contrib.legacy_seq2seq.rnn_decoder(inputs, cell.zero_state(2, tf.float32),
...                                                       cell)
>>> len(outputs), outputs[0].shape.as_list(), tf.global_variables()[0].op.name
(5, [2, 4], 'rnn_decoder/basic_rnn_cell/kernel')
"""
from ..ops.constant_op import convert_to_tensor
from ..ops.elementwise_binary_ops import add, divide, multiply
from ..ops.elementwise_unary_ops import cast
from ..ops.matmul_ops import add_n
from ..ops.nn_ops import sparse_softmax_cross_entropy_with_logits
from ..ops.reduction_ops import reduce_sum
from ..ops.shape_ops import shape
from ..ops.variable_scope import get_variable_scope, variable_scope
from ..framework.graph import get_default_graph


def rnn_decoder(decoder_inputs, initial_state, cell, loop_function=None, scope=None):
    """Runs ``cell`` over the list ``decoder_inputs`` from ``initial_state`` (one set of
    Variables, under ``rnn_decoder``). With ``loop_function(prev_output, i)``, every step after
    the first takes its input from the previous output instead (greedy sampling).
    Returns (the list of outputs, the last state)."""
    with variable_scope(scope or "rnn_decoder"):
        state, outputs, previous = initial_state, [], None
        for i, step_input in enumerate(decoder_inputs):
            if loop_function is not None and previous is not None:
                with variable_scope("loop_function", reuse=True):
                    step_input = loop_function(previous, i)
            if i > 0:
                get_variable_scope().reuse_variables()
            output, state = cell(step_input, state)
            outputs.append(output)
            if loop_function is not None:
                previous = output
    return outputs, state


def sequence_loss_by_example(logits, targets, weights, average_across_timesteps=True,
                             softmax_loss_function=None, name=None):
    """Per example: the weighted sum over steps of the cross-entropy of ``logits[t]``
    (``[batch, classes]``) against int ``targets[t]`` (``[batch]``), divided by the summed
    weights when ``average_across_timesteps``."""
    if not len(logits) == len(targets) == len(weights):
        raise ValueError("Lengths of logits, weights, and targets must be the same %d, %d, %d."
                         % (len(logits), len(weights), len(targets)))
    with get_default_graph().name_scope(name or "sequence_loss_by_example"):
        loss_fn = softmax_loss_function or sparse_softmax_cross_entropy_with_logits
        terms = [multiply(loss_fn(labels=target, logits=logit), convert_to_tensor(weight))
                 for logit, target, weight in zip(logits, targets, weights)]
        log_perplexities = add_n(terms)
        if average_across_timesteps:
            total = add(add_n([convert_to_tensor(w) for w in weights]), 1e-12)
            log_perplexities = divide(log_perplexities, total)
        return log_perplexities


def sequence_loss(logits, targets, weights, average_across_timesteps=True,
                  average_across_batch=True, softmax_loss_function=None, name=None):
    """The sum over the batch of :func:`sequence_loss_by_example`, divided by the batch size
    when ``average_across_batch``."""
    with get_default_graph().name_scope(name or "sequence_loss"):
        cost = reduce_sum(sequence_loss_by_example(
            logits, targets, weights, average_across_timesteps, softmax_loss_function))
        if average_across_batch:
            batch_size = shape(convert_to_tensor(targets[0]))[0]
            cost = divide(cost, cast(batch_size, cost.dtype))
        return cost
