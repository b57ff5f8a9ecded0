"""``tf.identity_n`` and ``tf.custom_gradient``: a function whose gradient is given by the
program, built as TF1 builds it in graph mode: the function's outputs and inputs pass together
through one ``IdentityN`` op whose gradient is overridden by the program's gradient function.

>>> import autograd_engine as tf
>>> @tf.custom_gradient
... def log1pexp(x):
...     e = tf.exp(x)
...     def grad(dy):
...         return dy * (1 - 1 / (1 + e))
...     return tf.log(1 + e), grad
>>> x = tf.constant(50.0)
>>> with tf.Session() as sess:
...     float(sess.run(tf.gradients(log1pexp(x), x)[0]))
1.0
"""
import itertools

import numpy as np

from ..framework.gradient_registry import RegisterGradient
from ..framework.graph import get_default_graph
from .constant_op import convert_to_tensor
from .op_samples import OpSample, normal
from .registry import OpDef, make_op, register


@register
class IdentityN(OpDef):
    """Its inputs, unchanged, as as many outputs (any dtypes)."""
    type_name = "IdentityN"
    output_is_view = True

    def infer(self, op):
        return [(t.dtype, t.shape) for t in op.inputs]

    def kernel(self, op, ctx):
        return lambda *values: tuple(values)

    def gradient(self, op, *grads):
        return list(grads)

    def samples(self, rng):
        """Several tensors of several dtypes and shapes (an empty one too) through at once;
        each output's gradient goes to its own input."""
        def build(*values):
            return identity_n(list(values))

        def reference(*values):
            return list(values)
        return [OpSample(build, normal(rng, 2, 3), normal(rng), reference=reference),
                OpSample(build, normal(rng, 4), rng.integers(-5, 5, (2, 2), np.int32),
                         np.zeros((0, 3)), reference=reference, grad=(0,))]


def identity_n(input, name=None):  # noqa: A002 - TF1's argument name
    """The tensors of the list ``input``, unchanged (one op for all of them)."""
    tensors = [convert_to_tensor(t) for t in input]
    return make_op("IdentityN", tuple(tensors), None, name).outputs


_CUSTOM_GRADIENT_IDS = itertools.count()


def _flat(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def custom_gradient(f):
    """Decorates ``f(*x) -> (y, grad_fn)``: the result is ``y``, and ``tf.gradients`` gives
    the inputs ``grad_fn(*dy)`` (one gradient per input; a single tensor for one input)
    instead of differentiating ``f``'s ops. When ``f`` uses Variables, ``grad_fn`` is called
    with ``variables=`` (the trainable Variables ``f`` created) and returns ``(input
    gradients, variable gradients)``."""
    def decorated(*args, **kwargs):
        graph = get_default_graph()
        inputs = [convert_to_tensor(a) for a in args]
        before = set(graph.get_collection("trainable_variables"))
        result, grad_fn = f(*inputs, **kwargs)
        variables = [v for v in graph.get_collection("trainable_variables") if v not in before]
        outputs = [convert_to_tensor(y) for y in _flat(result)]
        name = "CustomGradient-%d" % next(_CUSTOM_GRADIENT_IDS)
        n_out, n_in = len(outputs), len(inputs)

        @RegisterGradient(name)
        def _grad(op, *grads):
            dys = grads[:n_out]
            variable_grads = []
            if variables:
                input_grads, variable_grads = grad_fn(*dys, variables=variables)
                if len(_flat(variable_grads)) != len(variables):
                    raise ValueError("custom_gradient: grad_fn returned %d variable gradients "
                                     "for %d variables" % (len(_flat(variable_grads)),
                                                           len(variables)))
            else:
                input_grads = grad_fn(*dys)
            input_grads = _flat(input_grads)
            if len(input_grads) != n_in:
                raise ValueError("custom_gradient: grad_fn returned %d gradients for %d inputs"
                                 % (len(input_grads), n_in))
            # the Variables' reads pass through the op too: their gradients flow to them
            return [None] * n_out + input_grads + _flat(variable_grads)

        with graph.gradient_override_map({"IdentityN": name}):
            passed = identity_n(outputs + inputs + [v.value() for v in variables])
        flat = passed[:n_out]
        return flat if isinstance(result, (list, tuple)) else flat[0]
    decorated.__name__ = getattr(f, "__name__", "custom_gradient")
    decorated.__doc__ = f.__doc__
    return decorated
