"""What ``tf.distributions`` shares across families: ``ReparameterizationType`` with its two
values, and the KL-divergence registry (``RegisterKL`` and ``kl_divergence``) that picks the
rule registered for the closest pair of ancestor classes, as TF1's.

>>> import autograd_engine as tf
>>> class Point(tf.distributions.Normal):
...     pass
>>> kl = tf.distributions.kl_divergence(Point(0.0, 1.0), tf.distributions.Normal(1.0, 1.0))
>>> with tf.Session() as sess:
...     float(sess.run(kl))  # the Normal rule, found through Point's base class
0.5
"""
from ..framework.graph import get_default_graph


class ReparameterizationType:
    """Whether a distribution's samples are differentiable in its parameters
    (``FULLY_REPARAMETERIZED``) or not (``NOT_REPARAMETERIZED``)."""

    def __init__(self, rep_type):
        self._rep_type = rep_type

    def __repr__(self):
        return "<Reparameteriation Type: %s>" % self._rep_type

    def __eq__(self, other):
        return self is other

    __hash__ = object.__hash__


FULLY_REPARAMETERIZED = ReparameterizationType("FULLY_REPARAMETERIZED")
NOT_REPARAMETERIZED = ReparameterizationType("NOT_REPARAMETERIZED")

_DIVERGENCES = {}


class RegisterKL:
    """Decorator registering ``fn(dist_a, dist_b, name=None)`` as ``KL(a || b)`` for
    ``a`` of class ``dist_cls_a`` and ``b`` of class ``dist_cls_b`` (and their subclasses, unless
    a closer pair has its own rule).

    >>> import autograd_engine as tf
    >>> class Coin(tf.distributions.Bernoulli):
    ...     pass
    >>> @tf.distributions.RegisterKL(Coin, Coin)
    ... def _kl_coin(a, b, name=None):
    ...     return tf.constant(7.0)
    >>> with tf.Session() as sess:
    ...     float(sess.run(tf.distributions.kl_divergence(Coin(probs=0.5), Coin(probs=0.1))))
    7.0
    """

    def __init__(self, dist_cls_a, dist_cls_b):
        self._key = (dist_cls_a, dist_cls_b)

    def __call__(self, kl_fn):
        if not callable(kl_fn):
            raise TypeError("kl_fn must be callable, received: %s" % kl_fn)
        if self._key in _DIVERGENCES:
            raise ValueError("KL(%s || %s) has already been registered to: %s"
                             % (self._key[0].__name__, self._key[1].__name__,
                                _DIVERGENCES[self._key]))
        _DIVERGENCES[self._key] = kl_fn
        return kl_fn


def registered_kl(type_a, type_b):
    """The rule for the registered pair of ancestors of ``type_a`` and ``type_b`` with the
    smallest summed distance along the two method resolution orders, or None."""
    best, best_distance = None, None
    for distance_a, parent_a in enumerate(type_a.__mro__):
        for distance_b, parent_b in enumerate(type_b.__mro__):
            rule = _DIVERGENCES.get((parent_a, parent_b))
            if rule is not None and (best is None or distance_a + distance_b < best_distance):
                best, best_distance = rule, distance_a + distance_b
    return best


def kl_divergence(distribution_a, distribution_b, allow_nan_stats=True, name=None):
    """``KL(a || b)``, batch-wise, by the rule registered (``RegisterKL``) for the closest
    classes of ``a`` and ``b``; NotImplementedError when there is none."""
    rule = registered_kl(type(distribution_a), type(distribution_b))
    if rule is None:
        raise NotImplementedError(
            "No KL(distribution_a || distribution_b) registered for distribution_a type %s and "
            "distribution_b type %s" % (type(distribution_a).__name__,
                                        type(distribution_b).__name__))
    with get_default_graph().name_scope(name or "KullbackLeibler"):
        return rule(distribution_a, distribution_b, name=name)


__all__ = ["FULLY_REPARAMETERIZED", "NOT_REPARAMETERIZED", "RegisterKL",
           "ReparameterizationType", "kl_divergence", "registered_kl"]
