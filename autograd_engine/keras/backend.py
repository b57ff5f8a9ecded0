"""The few ``keras.backend`` helpers a Keras program needs on this engine: Keras-style unique
layer names (``dense``, ``dense_1``...), the learning-phase flag of a model's graph, and
``get_value``/``set_value`` for Variables (a model's learning rate).

Each model builds in its own ``tf.Graph`` with its own ``tf.Session``; this module remembers
which Session holds the values of which graph, so ``set_value(model.optimizer.lr, 0.01)``
works like Keras's. ``set_session`` chooses the ``ConfigProto`` of the models' Sessions,
``get_session`` gives the latest model's, and ``clear_session`` starts afresh.
"""
import collections
import re
import weakref

import numpy as np

from ..client.session import Session
from ..framework import dtypes
from ..framework.graph import Graph, get_default_graph, reset_default_graph
from ..ops import array_ops
from ..ops.constant_op import convert_to_tensor

_name_uids = collections.defaultdict(int)
_learning_phases = weakref.WeakKeyDictionary()   # graph -> bool placeholder
_sessions = weakref.WeakKeyDictionary()          # graph -> Session holding its values
_EPSILON = 1e-7


def epsilon():
    """The fuzz factor Keras adds to denominators and clips probabilities with (1e-7)."""
    return _EPSILON


def snake_case(class_name):
    """``"MaxPooling2D"`` -> ``"max_pooling2d"``, ``"LSTM"`` -> ``"lstm"`` (Keras's rule)."""
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", class_name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()


def unique_name(prefix, zero_based=True):
    """Keras's object names: ``dense``, ``dense_1``, ... (``zero_based``) or ``input_1``,
    ``input_2``, ... (Input layers).

    >>> clear_session(); unique_name("dense"), unique_name("dense"), unique_name("input", False)
    ('dense', 'dense_1', 'input_1')
    """
    count = _name_uids[prefix]
    _name_uids[prefix] += 1
    if zero_based:
        return prefix if count == 0 else "%s_%d" % (prefix, count)
    return "%s_%d" % (prefix, count + 1)


# ---------------------------------------------------------------------- sessions
# Each model runs its own graph in its own Session; set_session chooses the ConfigProto those
# Sessions are made with, and get_session gives the latest model's (which holds its weights).
_session_state = {"given": None, "made": None, "latest": None}


def set_session(session):
    """Models made from now on run in Sessions made with ``session.config`` (a
    ``tf.ConfigProto``: thread counts, device placement, rewrites), as TF1 Keras programs
    give Keras a configured Session. Each model keeps its own graph, so its Session is a new
    one with that configuration; ``session`` itself is what ``get_session()`` returns until a
    model is made.

    >>> import autograd_engine as tf
    >>> set_session(tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=1)))
    >>> get_session().config.intra_op_parallelism_threads
    1
    >>> clear_session()
    """
    _session_state.update(given=session, latest=None)


def get_session():
    """The Session of the model made last (run ``model.output`` in it), with its Variables
    initialized as Keras's does, else the one given to ``set_session``, else a new Session on
    the default graph (kept for the next call)."""
    session = _session_state["latest"] or _session_state["given"] or _session_state["made"]
    if session is None:
        session = _session_state["made"] = Session()
    if session.graph in _sessions:
        _sessions[session.graph][1]()
    return session


_graph_sessions = weakref.WeakKeyDictionary()   # graph -> (Session, set of initialized Variables)


def new_model_session(graph):
    """``(Session, initialized Variables)`` a new model runs ``graph`` in: configured as
    ``set_session`` chose, and shared by every model of that graph (models built from the same
    Inputs share their layers' weights, as Keras's models share the backend session)."""
    if graph not in _graph_sessions:
        given = _session_state["given"]
        _graph_sessions[graph] = (Session(graph=graph, config=given.config if given is not None
                                          else None), set())
    _session_state["latest"] = _graph_sessions[graph][0]
    return _graph_sessions[graph]


# Inputs made one after another build into one graph, so that they can meet in one model; a
# Model adopts the graph of its inputs, and the Inputs made after it start a fresh graph (each
# model keeps a graph of its own, as here every model has its own training ops and Session).
# As Keras's Inputs live in the default graph, a new default graph (reset_default_graph,
# clear_session, ``with tf.Graph().as_default()``) also starts a fresh one.
_input_graph = {"graph": None, "default": None}


def input_graph():
    """The graph a new ``layers.Input`` builds its placeholder in."""
    default = get_default_graph()
    if _input_graph["graph"] is None or _input_graph["default"] is not default:
        _input_graph.update(graph=new_model_graph(), default=default)
    return _input_graph["graph"]


def adopt_graph(graph):
    """A model was made from ``graph``'s Inputs: the next Input starts a new graph."""
    if _input_graph["graph"] is graph:
        _input_graph["graph"] = None


def graph_of(tensors, user):
    """The one graph of ``tensors`` (a tensor or a list), or a ValueError naming the mix."""
    tensors = tensors if isinstance(tensors, (list, tuple)) else [tensors]
    graphs = []
    for tensor in tensors:
        if tensor.graph not in graphs:
            graphs.append(tensor.graph)
    if len(graphs) > 1:
        raise ValueError("%s was given tensors from different graphs (%s): they cannot meet in "
                         "one model. Make all the Inputs of a model before building a Model "
                         "from any of them (an Input made after a Model starts a new graph), "
                         "or after keras.backend.clear_session() for a fresh start"
                         % (user, ", ".join(t.name for t in tensors)))
    return graphs[0]


def clear_session():
    """Starts afresh, as Keras's ``clear_session``: a new default graph, the layer and model
    name counters restarted, and no Session chosen by ``set_session`` (models made before keep
    theirs)."""
    _name_uids.clear()
    made = _session_state["made"]
    if made is not None:
        made.close()
    _session_state.update(given=None, made=None, latest=None)
    _input_graph["graph"] = None
    reset_default_graph()


def new_model_graph():
    """A fresh graph for one model, seeded like the default graph (so ``tf.set_random_seed``
    before building a model makes its initial weights repeatable)."""
    graph = Graph()
    graph.seed = get_default_graph().seed
    return graph


def learning_phase(graph=None):
    """The graph's boolean training flag: False unless fed (``fit`` feeds True), so Dropout
    and BatchNormalization behave as at inference in ``predict`` and ``evaluate``."""
    graph = graph or get_default_graph()
    phase = _learning_phases.get(graph)
    if phase is None:
        with graph.as_default(), graph.name_scope(None):
            phase = array_ops.placeholder_with_default(
                convert_to_tensor(False, dtype=dtypes.bool), [], name="keras_learning_phase")
        _learning_phases[graph] = phase
    return phase


def register_session(graph, session, prepare):
    """Records the Session of a model's graph; ``prepare()`` (initializing Variables made
    since the last call) runs before any value is read or written through this module."""
    _sessions[graph] = (session, prepare)


def session_of(variable):
    """The Session holding ``variable``'s value (the one of the model it belongs to), with
    every Variable of that model initialized."""
    try:
        session, prepare = _sessions[variable.graph]
    except KeyError:
        raise ValueError("%s belongs to no Keras model: add its layer to a model before "
                         "reading or setting it" % variable.name) from None
    prepare()
    return session


def get_value(variable):
    """The value of a model's Variable (``get_value(model.optimizer.lr)``) as a numpy array."""
    return session_of(variable).run(variable)


def set_value(variable, value):
    """Writes ``value`` into a model's Variable in the model's Session.

    >>> # set_value(model.optimizer.lr, 0.01)   # what LearningRateScheduler does
    """
    variable.load(value, session_of(variable))


# ---------------------------------------------------------------------- layer calls
_layer_calls = weakref.WeakKeyDictionary()   # graph -> [(layer, input tensor, output tensor)]


def record_call(graph, layer, inputs, outputs):
    """Remembers that ``layer`` mapped ``inputs`` to ``outputs`` in ``graph`` (how
    ``Model(inputs, outputs)`` finds its layers)."""
    _layer_calls.setdefault(graph, []).append((layer, inputs, outputs))


def layer_calls(graph):
    return list(_layer_calls.get(graph, ()))


_masks = weakref.WeakKeyDictionary()   # graph -> {output tensor: its (batch, time) mask}


def set_mask(tensor, mask):
    """Attaches Keras's mask (a boolean tensor, or None) to a layer's output."""
    if mask is not None:
        _masks.setdefault(tensor.graph, {})[tensor] = mask


def get_mask(tensor):
    """The mask attached to ``tensor`` (None when it has none)."""
    return _masks.get(tensor.graph, {}).get(tensor)


# ---------------------------------------------------------------------- values
def batch_get_value(variables):
    """The values of several Variables of one model, in one run."""
    if not variables:
        return []
    return list(session_of(variables[0]).run(list(variables)))


def batch_set_value(variables, values, owner="model"):
    """Loads ``values`` into ``variables`` (same count, same shapes), checking first."""
    values = list(values)
    if len(values) != len(variables):
        raise ValueError("You called `set_weights(weights)` on %s with a weight list of length "
                         "%d, but the %s was expecting %d weights."
                         % (owner, len(values), owner.split(" ")[0], len(variables)))
    for variable, value in zip(variables, values):
        expected = tuple(variable.shape.as_list())
        if tuple(np.shape(value)) != expected:
            raise ValueError("%s weight shape %s is not compatible with provided weight shape %s"
                             % (variable.name, expected, tuple(np.shape(value))))
    for variable, value in zip(variables, values):
        set_value(variable, value)
