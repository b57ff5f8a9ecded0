"""The engine's version (``tf.__version__``), in a module of its own so that any layer (the meta
graph records it) can read it without importing the package facade."""
__version__ = "0.1.0"
