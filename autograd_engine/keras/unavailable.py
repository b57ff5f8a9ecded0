"""Keras namespaces that cannot exist on this engine, as placeholders: the module says it is
one (``not_implemented``) and every name read from it raises NotImplementedError saying what
is missing and what to use instead.

>>> from autograd_engine.keras import unavailable
>>> unavailable.applications.not_implemented
True
>>> unavailable.applications.ResNet50()
Traceback (most recent call last):
NotImplementedError: tf.keras.applications.ResNet50 is not available in autograd_engine \
(pretrained models and their downloadable weights are missing); use the architecture built \
from tf.keras.layers instead.
"""
import types

from ..framework.unimplemented import unimplemented


class PlaceholderNamespace(types.ModuleType):
    """A namespace module whose every attribute is an ``unimplemented`` placeholder."""
    not_implemented = True

    def __init__(self, name, missing, instead):
        super().__init__(name, "Not available: %s are missing; use %s instead." % (missing,
                                                                                    instead))
        self._missing, self._instead = missing, instead

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return unimplemented("%s.%s" % (self.__name__, attr), self._missing, self._instead)


applications = PlaceholderNamespace(
    "tf.keras.applications", "pretrained models and their downloadable weights",
    "the architecture built from tf.keras.layers")
estimator = PlaceholderNamespace(
    "tf.keras.estimator", "TF's Estimator framework",
    "model.fit / model.evaluate, or a tf.train.MonitoredTrainingSession loop")
export = PlaceholderNamespace(
    "tf.keras.export", "TF2 SavedModel export of Keras models",
    "model.save (HDF5-style files) or tf.saved_model.simple_save")
experimental = PlaceholderNamespace(
    "tf.keras.experimental", "TF's experimental Keras APIs (LinearModel, SequenceFeatures, "
    "SavedModel export)", "tf.keras.layers and tf.train learning-rate schedules")
mixed_precision = PlaceholderNamespace(
    "tf.keras.mixed_precision", "mixed-precision policies and loss scaling",
    "float32 models, or tf.float16 layers cast by hand")

__all__ = ["PlaceholderNamespace", "applications", "estimator", "experimental", "export",
           "mixed_precision"]
