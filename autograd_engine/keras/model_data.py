"""The arrays ``fit``/``evaluate``/``predict`` are given, checked and arranged as the model's
placeholders expect them, with Keras's messages: one array per input or output (a list in
order, or a dict by layer name; a lone array for a model with one), of matching lengths, with
the shapes the placeholders accept, and one sample-weight vector per output.

>>> import numpy as np
>>> as_list({"b": np.ones(2), "a": np.zeros(2)}, ["a", "b"], "target")[0].tolist()
[0.0, 0.0]
"""
import numpy as np


def as_list(data, names, what):
    """``data`` as a list of arrays in the order of ``names`` (the model's inputs or outputs)."""
    if isinstance(data, dict):
        missing = [name for name in names if name not in data]
        if missing:
            raise ValueError('No data provided for "%s". Need data for each key in: %s'
                             % (missing[0], names))
        return [np.asarray(data[name]) for name in names]
    if isinstance(data, (list, tuple)) and len(names) > 1:
        if len(data) != len(names):
            raise ValueError("Error when checking model %s: the list of Numpy arrays that you "
                             "are passing to your model is not the size the model expected. "
                             "Expected to see %d array(s), but instead got %d."
                             % (what, len(names), len(data)))
        return [np.asarray(array) for array in data]
    if isinstance(data, (list, tuple)) and len(data) == 1 and isinstance(data[0], np.ndarray):
        return [data[0]]   # a list of the one array
    return [np.asarray(data)]


def standardize(array, tensor, what, name):
    """``array`` as the ndarray ``tensor`` expects, or a ValueError naming both shapes.
    1-D arrays become columns where the model expects ``(batch, 1)``, as in Keras."""
    array = np.asarray(array)
    expected = tensor.shape.as_list()
    if array.ndim == 1 and len(expected) == 2:
        array = array[:, None]
    if array.ndim != len(expected):
        raise ValueError("Error when checking %s: expected %s to have %d dimensions, but got "
                         "array with shape %s" % (what, name, len(expected), array.shape))
    if any(e is not None and e != d for e, d in zip(expected[1:], array.shape[1:])):
        raise ValueError("Error when checking %s: expected %s to have shape %s but got array "
                         "with shape %s" % (what, name, tuple(expected[1:]),
                                            tuple(array.shape[1:])))
    return array


def check_lengths(inputs, targets, weights=()):
    """Every array holds the same number of samples (Keras's messages)."""
    for group, what in ((inputs, "input"), (targets, "target")):
        if len({len(a) for a in group}) > 1:
            raise ValueError("All %s arrays should have the same number of samples. Got array "
                             "shapes: %s" % (what, [a.shape for a in group]))
    if inputs and targets and len(inputs[0]) != len(targets[0]):
        raise ValueError("Input arrays should have the same number of samples as target "
                         "arrays. Found %d input samples and %d target samples."
                         % (len(inputs[0]), len(targets[0])))
    for weight in weights:
        if targets and len(weight) != len(targets[0]):
            raise ValueError("Found a sample_weight array with shape %s for an input with shape "
                             "%s. sample_weight cannot be broadcast."
                             % (weight.shape, targets[0].shape))


def class_weights(class_weight, targets):
    """Each sample's weight from the weight of its class (Keras's ``class_weight``): the
    class is the index of the largest entry of a one-hot row, else the label itself."""
    classes = targets.argmax(axis=-1) if targets.ndim > 1 and targets.shape[-1] > 1 else \
        targets.reshape(len(targets), -1)[:, 0].astype(np.int64)
    missing = sorted(set(classes.tolist()) - set(class_weight))
    if missing:
        raise ValueError("`class_weight` must contain all classes in the data. The classes %s "
                         "exist in the data but not in `class_weight`." % missing)
    return np.array([class_weight[c] for c in classes.tolist()], np.float32)


def sample_weights(sample_weight, names, n, class_weight=None, targets=()):
    """One float32 weight vector per output: ``sample_weight`` (an array for a one-output
    model, a list or a dict by output name), else from ``class_weight`` (a dict of class
    weights, or a dict of them by output name) and the ``targets``, else ones."""
    if sample_weight is None and class_weight:
        per_output = class_weight if set(class_weight) <= set(names) and \
            all(isinstance(v, dict) for v in class_weight.values()) else \
            {name: class_weight for name in names}
        sample_weight = {name: class_weights(per_output[name], y)
                         for name, y in zip(names, targets) if name in per_output}
    if sample_weight is None:
        given = [None] * len(names)
    elif isinstance(sample_weight, dict) or (isinstance(sample_weight, (list, tuple))
                                            and len(names) > 1):
        given = as_list(sample_weight, names, "sample_weight") if not isinstance(
            sample_weight, dict) else [sample_weight.get(name) for name in names]
    else:
        given = [sample_weight]
    weights = []
    for weight in given:
        weight = np.ones(n, np.float32) if weight is None else np.asarray(weight, np.float32)
        if weight.ndim != 1:
            raise ValueError("Found a sample_weight with shape %s: expected a 1-D array of one "
                             "weight per sample (sample_weight_mode='temporal' is not "
                             "supported)" % (weight.shape,))
        weights.append(weight)
    return weights


def sparse_targets(y, target):
    """Keras accepts class indices shaped ``(n, 1)`` for a sparse loss: they lose that axis."""
    if y.ndim == len(target.shape.as_list()) + 1 and y.shape[-1] == 1:
        return y[..., 0]
    return y


def batches(arrays, index):
    """The rows ``index`` (an index array or a slice) of each array."""
    return [array[index] for array in arrays]
