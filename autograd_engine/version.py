"""The engine's version (``tf.__version__``), in a module of its own so that any layer (the meta
graph records it) can read it without importing the package facade."""
__version__ = "0.1.0"

# tf.version's names (and tf.VERSION...): the engine's version, not TensorFlow's; the graph
# format numbers are those of the TF1 meta graphs the engine reads and writes.
VERSION = __version__
GIT_VERSION = "v" + __version__
COMPILER_VERSION = "python"
GRAPH_DEF_VERSION = 26
GRAPH_DEF_VERSION_MIN_CONSUMER = 0
GRAPH_DEF_VERSION_MIN_PRODUCER = 0
