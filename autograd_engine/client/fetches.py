"""Turning ``sess.run``'s ``fetches`` (a tensor, op, name, or any nest of lists, tuples,
namedtuples and dicts of them) into a flat list of graph elements, and the results back; what
a fetched value must be (an array the caller owns) and which values may not be yet.
Composite values (a SparseTensor) are fetched as their component tensors and fed through
theirs: :func:`expand_composite_feeds`."""
import numpy as np

from ..framework.composite_tensor import CompositeTensor
from ..framework.tensor import Operation, Tensor


class FetchStructure:
    """The flat, de-duplicated elements of a fetch nest and a way to rebuild its shape.

    >>> # sess.run({"loss": loss, "step": [train_op]}) -> {"loss": 0.3, "step": [None]}
    """

    __slots__ = ("elements", "_template")

    def __init__(self, graph, fetches):
        self.elements = []
        index = {}

        def leaf(fetch):
            element = _resolve(graph, fetch)
            if element not in index:
                index[element] = len(self.elements)
                self.elements.append(element)
            return index[element]

        self._template = _parse(fetches, leaf)

    def rebuild(self, values):
        return _build(self._template, values)


def _resolve(graph, fetch):
    if fetch is None or isinstance(fetch, (int, float, bool)):
        raise TypeError("Fetch argument %r has invalid type %r, must be a string or Tensor. "
                        "(Can not convert a %s into a Tensor or Operation.)"
                        % (fetch, type(fetch), type(fetch).__name__))
    try:
        return graph.as_graph_element(fetch, allow_tensor=True, allow_operation=True)
    except TypeError:
        raise TypeError("Fetch argument %r has invalid type %r, must be a string or Tensor. "
                        "(Can not convert a %s into a Tensor or Operation.)"
                        % (fetch, type(fetch), type(fetch).__name__)) from None
    except ValueError as e:
        element = fetch._as_graph_element() if hasattr(fetch, "_as_graph_element") else fetch
        if isinstance(element, (Tensor, Operation)) and element.graph is not graph:
            raise ValueError(
                "Fetch argument %r cannot be interpreted as a Tensor. (%s is not an element of "
                "this graph: it was built in %r, but this Session runs %r. Create the Session "
                "with tf.Session(graph=...) for that graph, or build the op inside "
                "`with session.graph.as_default():`.)"
                % (fetch, element.name, element.graph, graph)) from None
        raise ValueError("Fetch argument %r cannot be interpreted as a Tensor. (%s)"
                         % (fetch, e)) from None
    except KeyError as e:
        raise ValueError("Fetch argument %r cannot be interpreted as a Tensor. (%s)"
                         % (fetch, e.args[0])) from None


# Templates: an int is a leaf (index into the flat values); tuples tag containers.
def _parse(fetches, leaf):
    if isinstance(fetches, CompositeTensor):
        return ("composite", fetches, [leaf(c) for c in fetches._component_tensors()])
    if isinstance(fetches, dict):
        return ("dict", type(fetches), [(k, _parse(v, leaf)) for k, v in fetches.items()])
    if isinstance(fetches, tuple) and hasattr(fetches, "_fields"):
        return ("namedtuple", type(fetches), [_parse(v, leaf) for v in fetches])
    if isinstance(fetches, (list, tuple)):
        return ("seq", type(fetches), [_parse(v, leaf) for v in fetches])
    return leaf(fetches)


def _build(template, values):
    if isinstance(template, int):
        return values[template]
    kind, cls, items = template
    if kind == "dict":
        out = cls() if cls is not dict else {}
        for k, sub in items:
            out[k] = _build(sub, values)
        return out
    if kind == "namedtuple":
        return cls(*[_build(sub, values) for sub in items])
    if kind == "composite":
        return cls._value_from_components([values[i] for i in items])
    return cls(_build(sub, values) for sub in items) if cls is not list else \
        [_build(sub, values) for sub in items]


def expand_composite_feeds(feed_dict):
    """``feed_dict`` with each composite key (a SparseTensor fed a SparseTensorValue or an
    ``(indices, values, dense_shape)`` triple) replaced by its component tensors and their
    values; ``feed_dict`` itself when it has none."""
    if not any(isinstance(key, CompositeTensor) for key in feed_dict):
        return feed_dict
    expanded = {}
    for key, value in feed_dict.items():
        if isinstance(key, CompositeTensor):
            expanded.update(zip(key._component_tensors(), key._feed_components(value)))
        else:
            expanded[key] = value
    return expanded


def may_pass_on_engine_memory(op, inputs, engine_owned):
    """Whether ``op``'s outputs may be memory the engine keeps rather than arrays its kernel
    made: Variable storage (a stateful op whose output is a view: a Variable, an update), or
    one of ``inputs`` that is in ``engine_owned`` passed on by a view, a pass-through, a choice
    between values (tf.cond's Merge) or a loop (whose body may leave a value unchanged, or
    never run)."""
    op_def = op.op_def
    if op_def.output_is_view and op_def.stateful:
        return True
    passes_on = op_def.output_is_view or op_def.passes_input_through or \
        op_def.emit is not None or bool(op_def.subplan_outputs(op))
    return passes_on and any(t in engine_owned for t in inputs)


def host_results(to_numpy):
    """A function converting one fetched value to what TF1 returns: a numpy array the caller
    owns (writable), or a numpy scalar for 0-d.
    ``to_numpy`` brings any other array to the host."""
    ndarray = np.ndarray

    def host(value):
        if type(value) is not ndarray:
            value = to_numpy(value)
            if type(value) is not ndarray:
                return value
        if not value.flags.writeable:  # a read-only array is someone else's: TF1's are writable
            value = value.copy()
        return value if value.ndim else value[()]
    return host
