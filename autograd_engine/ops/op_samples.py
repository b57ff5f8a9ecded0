"""Conformance samples: the inputs every registered op declares next to its definition.

PyTorch's ``OpInfo`` tables are the model. An op family registers its ops with
``register(op_def, samples=make_samples)`` (or, for an OpDef class, defines the method
``samples(self, rng)``), where ``make_samples(rng)`` returns a list of :class:`OpSample`; ``rng`` is a ``numpy.random.Generator`` the conformance suite seeds, so every
run draws the same values. One registry-driven suite (``tests/test_op_conformance.py``) then runs,
for every op and sample, on every backend:

* the forward pass against ``reference`` (when given), with the dtype and shape of the result;
* the static shape against the run-time shape, with fully known input shapes and again with every
  input dimension unknown while building (``partial``);
* a float64 numerical gradient check of every floating input (``grad``) when the op is
  differentiable, and a second-order check when ``second_order`` is set;
* a meta-graph export/import round trip giving the same values;
* drawing the graph with ``to_dot``.

An op registered without samples fails the suite with its name.

>>> import numpy as np
>>> sample = OpSample(lambda x: x * 2.0, np.ones((2, 3)), reference=lambda x: x * 2.0)
>>> sample.float_inputs()
[0]
"""
import numpy as np


class OpSample:
    """One conformance case of an op.

    ``build(*tensors)`` makes the op from input tensors (placeholders the suite feeds with
    ``inputs``) and returns its output tensor, a list of tensors, or an Operation (no outputs).
    Arguments that must be known while building (axes, shapes, attributes) are closed over by
    ``build``, not passed as inputs.

    ``reference(*inputs)``: numpy's answer, one array per output (a list for several);
    ``validate(values)``: a check of its own (random ops: moments, ranges), raising AssertionError.
    ``grad``: the input indices to check gradients of (default: every floating input; ``()`` for
    none, e.g. at a kink); gradient checks need float64 inputs. ``second_order``: also check the
    gradient of the gradient. ``partial=False`` when ``build`` needs known input dimensions.
    ``deterministic=False`` for ops whose values differ between graphs (unseeded random ops): the
    meta-graph round trip then compares shapes and dtypes only. ``not_exportable``: why a meta
    graph cannot carry what the op needs to run (a tf.data pipeline is a Python object); the
    round trip then checks that the graph exports and imports, and that running the imported op
    fails with ``FailedPreconditionError`` saying so, instead of comparing values.
    """

    def __init__(self, build, *inputs, reference=None, validate=None, grad=None,
                 second_order=False, partial=True, deterministic=True, not_exportable=None,
                 rtol=1e-6, atol=1e-8, name=None):
        self.build = build
        self.inputs = [np.asarray(a) for a in inputs]
        self.reference = reference
        self.validate = validate
        self.grad = grad
        self.second_order = second_order
        self.partial = partial
        self.deterministic = deterministic
        self.not_exportable = not_exportable
        self.rtol = rtol
        self.atol = atol
        self.name = name

    def float_inputs(self):
        """Indices of the inputs a gradient check perturbs."""
        if self.grad is not None:
            return list(self.grad)
        return [i for i, a in enumerate(self.inputs) if a.dtype.kind == "f"]

    def describe(self):
        shapes = ", ".join("%s%s" % (a.dtype.name, list(a.shape)) for a in self.inputs)
        return "%s(%s)" % (self.name or "sample", shapes)

    def __repr__(self):
        return "<OpSample %s>" % self.describe()


# Value makers for samples: values kept away from the places where an op is not smooth, so that
# central differences agree with the analytic gradient.
def normal(rng, *shape):
    """Standard normal float64 values."""
    return rng.standard_normal(shape)


def positive(rng, *shape, low=0.5, high=2.0):
    """Values in [low, high)."""
    return rng.uniform(low, high, shape)


def away_from_zero(rng, *shape, low=0.3, high=2.0):
    """Values of both signs with ``low <= |v| < high``."""
    return rng.uniform(low, high, shape) * rng.choice([-1.0, 1.0], shape)


def distinct(rng, *shape, spacing=0.1):
    """A shuffled grid of distinct values: no ties for max, min, sort or top_k."""
    n = int(np.prod(shape, dtype=np.int64))
    return ((rng.permutation(n) - n / 2.0) * spacing).reshape(shape)


def unit_interval(rng, *shape, margin=0.1):
    """Values in (margin, 1 - margin): probabilities, inverse trigonometric arguments."""
    return rng.uniform(margin, 1.0 - margin, shape)


def uniform_in(low, high):
    """A value maker for samples: float64 values in ``[low, high)``."""
    return lambda rng, *shape: rng.uniform(low, high, shape)


def by_element(scalar_function, dtype=None):
    """A conformance reference: ``scalar_function`` (e.g. from ``math``) applied to each element
    (broadcasting several arrays) in double precision, rounded to ``dtype`` (default: the
    inputs' dtype; give it for ops whose output dtype differs, such as predicates and casts)."""
    def reference(*arrays):
        values = np.vectorize(scalar_function, otypes=[np.float64])(*arrays)
        return values.astype(dtype or np.result_type(*arrays))
    return reference


def unary_samples(apply, values, reference, edges, second_order=True):
    """The conformance samples of a unary elementwise op ``apply(x)``: ``values(rng, *shape)``
    in float64 for a matrix and a scalar (gradient checked, and second order unless the op is
    piecewise linear), in float32 (forward only), and the float64 ``edges`` (forward only: ends
    of the domain, huge and tiny values, where derivatives may be infinite)."""
    def samples(rng):
        checked = [OpSample(apply, values(rng, *shape), reference=reference,
                            second_order=second_order)
                   for shape in ((2, 3), ())]
        return checked + [
            OpSample(apply, values(rng, 4).astype(np.float32), reference=reference, grad=()),
            OpSample(apply, np.array(edges), reference=reference, grad=())]
    return samples


# Shape pairs for broadcasting binary ops: equal shapes, and broadcasting in every direction.
BROADCAST_SHAPES = [((2, 3), (2, 3)), ((3, 4), (4,)), ((3, 1), (1, 4)), ((2, 3, 4), (3, 1)),
                    ((), (2, 3))]

__all__ = ["OpSample", "normal", "positive", "away_from_zero", "distinct", "unit_interval",
           "uniform_in", "by_element", "unary_samples", "BROADCAST_SHAPES"]
