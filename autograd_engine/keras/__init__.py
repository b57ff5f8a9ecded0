"""``autograd_engine.keras`` (also ``tf.keras``): Keras-style models on the graph engine.

A Keras program runs with its imports changed to ``from autograd_engine.keras import layers,
models, optimizers``::

    model = models.Sequential()
    model.add(layers.Dense(256, activation="relu", input_shape=(1,)))
    model.add(layers.Dense(1))
    model.compile(loss="mse", optimizer="adam")
    hist = model.fit(x, y, steps_per_epoch=10, epochs=10)
    pre_y = model.predict(x + 0.05)

Each model is a ``tf.Graph`` and a ``tf.Session`` underneath (``model.graph``), built only from
the public graph API: ``tf.layers``, ``tf.nn`` (``dynamic_rnn`` and the ``rnn_cell`` cells for
the recurrent layers), ``tf.train`` optimizers. ``tf.render(model, "model.png")`` draws it.
"""
from . import (activations, backend, callbacks, layers, losses, metrics, models,  # noqa: F401
               optimizers, utils)
from . import datasets  # noqa: F401  (issue 18: keras.datasets.mnist.load_data)
from .layers import Input  # noqa: F401
from .models import Model, Sequential  # noqa: F401

__all__ = ["activations", "backend", "callbacks", "layers", "losses", "metrics", "models",
           "optimizers", "utils", "datasets", "Input", "Model", "Sequential"]
# issue 20 (i20h): keras.constraints / initializers / regularizers / preprocessing, and the
# namespaces that cannot exist here as placeholders (applications, estimator, export,
# experimental, mixed_precision).
from . import constraints, initializers, preprocessing, regularizers  # noqa: E402,F401
from .unavailable import (applications, estimator, experimental, export,  # noqa: E402,F401
                          mixed_precision)
__all__ += ["applications", "constraints", "estimator", "experimental", "export",
            "initializers", "mixed_precision", "preprocessing", "regularizers"]
