"""Functions of dataset elements (``map`` and ``filter``): a Python function of tensors, built
once as graph ops on stand-ins for one element, compiled into a sub-plan when a Session binds
the iterator, the pattern of ``tf.while_loop``'s body.
"""
from ..framework import errors
from ..framework.graph import get_default_graph
from ..ops.constant_op import convert_to_tensor
from ..ops.registry import make_op, register
from ..ops.while_loop import LoopVar, WhileContext, captured_tensors
from .structure import as_call_arguments, flatten, pack_as


@register
class DatasetElement(type(LoopVar)):  # `register` turned the LoopVar class into its instance
    """The stand-in for one component of an element inside a ``map``/``filter`` function
    (always fed by the function's sub-plan)."""
    type_name = "DatasetElement"
    host_only = True
    differentiable = False  # nothing flows back into a pipeline, as in TF1

    def kernel(self, op, ctx):
        def not_fed():
            raise errors.InvalidArgumentError(
                None, op, "%s stands for an element inside a tf.data map/filter function: fetch "
                "the iterator's get_next() instead of values inside the function" % op.name)
        return not_fed


class TracedFunction:
    """A Python function of tensors, built once as graph ops on stand-ins for one element of
    ``input_dataset``. ``outputs`` are the flat result tensors, ``structure`` their nest,
    ``captured`` the outside tensors the ops read (inputs of the iterator op)."""

    def __init__(self, func, input_dataset, scope_name):
        if not callable(func):
            raise TypeError("%s needs a callable, got %r" % (scope_name, func))
        graph = get_default_graph()
        with graph.name_scope(scope_name) as scope:
            context = WhileContext(scope, graph._control_flow_context)
            with graph.control_flow_context(context):
                self.stand_ins = [
                    make_op("DatasetElement", (), {"dtype": dtype, "shape": shape},
                            name="element").outputs[0]
                    for dtype, shape in zip(input_dataset._flat_types, input_dataset._flat_shapes)]
                element = pack_as(input_dataset._output_types, self.stand_ins)
                result = func(*as_call_arguments(element))
                if result is None:
                    raise ValueError("The function given to %s returned None: it must return "
                                     "the new element (tensors, or a tuple/dict of them)."
                                     % scope_name)
                self.outputs = [convert_to_tensor(t) for t in flatten(result)]
            self.structure = result
        inside = [op for op in graph._ops if context.encloses(op._control_flow_context)]
        captured = captured_tensors(inside, context)
        # A result taken straight from outside the function is read from outside too.
        captured += [t for t in self.outputs
                     if not context.encloses(t.op._control_flow_context) and t not in captured]
        self.captured = captured

    def compile(self, ctx, slot_of):
        """``call(element, values)``: the function's flat outputs for one element, given the
        captured inputs' values (compiled into a sub-plan now, at bind time)."""
        run = ctx.compile(self.outputs, self.stand_ins + self.captured)
        slots = [slot_of[t] for t in self.captured]
        if not slots:
            return lambda element, values: run(list(element))
        return lambda element, values: run(list(element) + [values[s] for s in slots])


__all__ = ["DatasetElement", "TracedFunction"]
