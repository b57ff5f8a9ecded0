"""``keras.datasets``: ``mnist.load_data()``."""
from . import mnist  # noqa: F401

__all__ = ["mnist"]
