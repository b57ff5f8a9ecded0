"""``keras.datasets.mnist.load_data()``: MNIST as Keras gives it, from a local ``mnist.npz``; the
shipped digits stand in when that file is not there. Nothing is ever downloaded: put Keras's
``mnist.npz`` (``x_train``, ``y_train``, ``x_test``, ``y_test``; what ``keras.datasets.mnist``
itself caches) at ``~/.keras/datasets/mnist.npz`` (``$KERAS_HOME/datasets/`` when that is set)
or pass its path.
"""
import os
import warnings

import numpy as np

from ...datasets import load_digits

_KEYS = ("x_train", "y_train", "x_test", "y_test")


def _keras_datasets_dir():
    return os.path.join(os.environ.get("KERAS_HOME") or os.path.join(
        os.path.expanduser("~"), ".keras"), "datasets")


def load_data(path="mnist.npz"):
    """``(x_train, y_train), (x_test, y_test)``: uint8 images ``(N, 28, 28)`` (pixels 0..255)
    and uint8 labels ``(N,)``.

    ``path``: an ``mnist.npz`` file, absolute or relative to ``~/.keras/datasets/``. When it
    does not exist, the 1,797 shipped UCI digits, presented as MNIST's digits were prepared
    (28x28, a 20x20 digit centred), stand in (1,500 train, 297 test) with a warning, so
    programs run offline.

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     (x_train, y_train), (x_test, y_test) = load_data(path="/no/such/mnist.npz")
    >>> x_train.shape, x_train.dtype, y_test.shape
    ((1500, 28, 28), dtype('uint8'), (297,))
    """
    full_path = os.path.join(_keras_datasets_dir(), os.path.expanduser(path))
    if os.path.exists(full_path):
        with np.load(full_path, allow_pickle=False) as archive:
            missing = [key for key in _KEYS if key not in archive.files]
            if missing:
                raise ValueError("%s is not Keras's mnist.npz: it has no %s (it holds %s)"
                                 % (full_path, ", ".join(missing), ", ".join(archive.files)))
            x_train, y_train, x_test, y_test = (archive[key] for key in _KEYS)
        return (x_train, y_train), (x_test, y_test)
    warnings.warn("MNIST not found at %s (it is never downloaded): using the shipped 8x8 UCI "
                  "digits, enlarged to 28x28 as MNIST's were prepared (1,500 train, 297 test). "
                  "Put Keras's mnist.npz there for the real data." % full_path, stacklevel=2)
    digits = load_digits(dtype=np.uint8, reshape=False, image_size=28)
    return tuple((split.images[..., 0], split.labels.astype(np.uint8))
                 for split in (digits.train, digits.test))
