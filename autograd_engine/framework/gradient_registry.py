"""``tf.RegisterGradient``, ``tf.NotDifferentiable`` / ``tf.no_gradient``: gradient functions
registered by name, used for ops mapped to them with ``Graph.gradient_override_map`` and for
op types declared not differentiable. Built-in ops carry their gradient in their OpDef; this
registry is what a program adds or overrides.

>>> import autograd_engine as tf
>>> @tf.RegisterGradient("ReverseSign")
... def _reverse(op, grad):
...     return -grad
>>> tf.RegisterGradient("ReverseSign")(lambda op, grad: grad)
Traceback (most recent call last):
KeyError: "Registering two gradient with name 'ReverseSign'!"
"""
_REGISTERED = {}
_NOT_DIFFERENTIABLE = object()


class RegisterGradient:
    """Decorator registering ``f(op, *output_grads) -> input grads`` under ``op_type``."""

    def __init__(self, op_type):
        if not isinstance(op_type, str):
            raise TypeError("op_type must be a string")
        self._op_type = op_type

    def __call__(self, f):
        if self._op_type in _REGISTERED:
            raise KeyError("Registering two gradient with name '%s'!" % self._op_type)
        _REGISTERED[self._op_type] = f
        return f


def NotDifferentiable(op_type):  # noqa: N802 - TF1's name
    """Declares ``op_type`` (an op type or a registered name) to have no gradient: its inputs
    get None, as for an op outside the path."""
    if not isinstance(op_type, str):
        raise TypeError("op_type must be a string")
    _REGISTERED[op_type] = _NOT_DIFFERENTIABLE


no_gradient = NoGradient = NotDifferentiable


def registered_gradient(op):
    """(found, function) for ``op``: the function registered under its gradient override
    name or else its type; function None means declared not differentiable."""
    name = op.attrs.get("_gradient_op_type")
    if name is not None:
        if name not in _REGISTERED:
            raise LookupError("No gradient defined for operation '%s' (op type: %s): its "
                              "gradient_override_map names '%s', which no tf.RegisterGradient "
                              "registered." % (op.name, op.type, name))
    else:
        name = op.type
    function = _REGISTERED.get(name)
    if function is None:
        return False, None
    return True, None if function is _NOT_DIFFERENTIABLE else function
