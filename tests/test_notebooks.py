"""The notebooks in notebooks/: committed with their outputs, in step with the script that
writes them, and runnable top to bottom on CPU in a fresh kernel without an error cell.

Executing them takes most of a minute on two cores (a fresh kernel each; small step counts).
"""
import importlib.util
import os
import re
import sys

import nbformat
import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOK_DIR = os.path.join(REPO_ROOT, "notebooks")


def _load_builder():
    spec = importlib.util.spec_from_file_location(
        "build_notebooks", os.path.join(NOTEBOOK_DIR, "build_notebooks.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


builder = _load_builder()
NAMES = list(builder.NOTEBOOKS)

# What each notebook must show when it runs: at least this many inline graph drawings (SVG from
# tf.render) and matplotlib figures (PNG), and printed lines matching these patterns.
EXPECTED = {
    "01_graph_basics": dict(svg=3, png=1, lines=[
        r"You must feed a value for placeholder tensor 'x'",
        r"dW by the engine: \[36\.5 47\.5 58\.5\]  by hand: \[36\.5 47\.5 58\.5\]",
        r"largest error of f'': \d\.\de-1[5-9]"]),
    "02_mnist_softmax_tutorial": dict(svg=1, png=5, lines=[
        r"final test accuracy: 0\.(9\d|8[5-9])"]),
    "03_keras_sin_regression": dict(svg=1, png=2, lines=[
        r"after 100 epochs largest error on unseen points: 0\.[0-3]\d"]),
    "04_cnn_digits": dict(svg=1, png=3, lines=[
        r"final test accuracy: 0\.(9\d|8[5-9])", r"\d+ misclassified test digits"]),
    # Run on a real GPU where there is one, else on the CuPy stand-in (notebook_environment).
    "05_gpu_cnn": dict(svg=0, png=2, lines=[
        r"Device: (GPU: |the CuPy stand-in \()",
        r"CuPy stand-in active \(numpy on the CPU\)|Device: GPU: ",
        r"tf\.test\.is_gpu_available\(\): True \| tf\.test\.gpu_device_name\(\): '/device:GPU:0'",
        r"devices: \[.*'/job:localhost/replica:0/task:0/device:GPU:0'",
        r"largest relative difference of the losses, device vs CPU: "
        r"(0\.0e\+00|\d\.\de-(0[4-9]|[1-9]\d))",
        r"a step fetching the train op: transfers host->device \d+ \(\d+ KiB\), "
        r"device->host \d+; \d+ kernel launches|Nsight",
        r"a step fetching the train op and loss: transfers host->device \d+ \(\d+ KiB\), "
        r"device->host \d+;|Nsight",
        r"device memory: \d+\.\d MiB held now",
        r"CPU: median \d+\.\d ms per step", r"(stand-in \(CPU\)|GPU): median \d+\.\d ms"]),
    # TensorBoard is only launched when asked (an env var): CI reads the event file back.
    "06_tf1_toolbox": dict(svg=0, png=1, lines=[
        r"test accuracy after 300 steps: 0\.9\d",
        r"%tensorboard --logdir \S+logs",
        r"TensorBoard finds scalars \['batch_loss', 'batch_accuracy'\], histograms "
        r"\['weights'\], a graph: True",
        r"restored at global step 300, test accuracy (0\.\d+) \(trained: \1\)",
        r"training on: The input pipeline of OneShotIterator was not saved"]),
    "07_keras_functional_lstm": dict(svg=2, png=2, lines=[
        r"EarlyStopping ended training after \d+ of 40 epochs",
        r"MLP test accuracy: 0\.9\d", r"epoch,accuracy,loss,val_accuracy,val_loss",
        r"LSTM test accuracy after 8 epochs: 0\.[7-9]\d"]),
}


def _outputs(nb):
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]


def _text(nb):
    return "".join(out.get("text", "") for out in _outputs(nb) if out.output_type == "stream")


def _count_mime(nb, mime):
    return sum(mime in out.get("data", {}) for out in _outputs(nb))


def _errors(nb):
    return ["%s: %s" % (out.ename, out.evalue) for out in _outputs(nb)
            if out.output_type == "error"]


def test_every_notebook_has_expectations():
    assert sorted(EXPECTED) == sorted(NAMES)
    assert sorted(name + ".ipynb" for name in NAMES) == sorted(
        f for f in os.listdir(NOTEBOOK_DIR) if f.endswith(".ipynb"))


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_matches_its_generator_and_has_outputs(name):
    """The .ipynb on disk is what build_notebooks.py writes, executed: same cells, every code
    cell run once in order, no error output, and the pictures stored."""
    committed = nbformat.read(builder.notebook_path(name), as_version=4)
    nbformat.validate(committed)
    generated = builder.build_notebook(builder.NOTEBOOKS[name])
    assert [(c.cell_type, c.source) for c in committed.cells] == \
        [(c.cell_type, c.source) for c in generated.cells], \
        "%s.ipynb is out of date: run python notebooks/build_notebooks.py %s" % (name, name)
    counts = [c.execution_count for c in committed.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "%s.ipynb was not executed top to bottom" \
        % name
    assert _errors(committed) == []
    assert committed.metadata.kernelspec.name == "python3"
    assert _count_mime(committed, "image/svg+xml") >= EXPECTED[name]["svg"]
    assert _count_mime(committed, "image/png") >= EXPECTED[name]["png"]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom_on_cpu(name):
    """A fresh kernel of this interpreter runs the committed notebook without an error cell
    (nbclient raises CellExecutionError at the first one) and it shows what it should."""
    nb = nbformat.read(builder.notebook_path(name), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    builder.execute_notebook(nb, timeout=240, env=builder.notebook_environment(name))
    assert _errors(nb) == []
    expected = EXPECTED[name]
    assert _count_mime(nb, "image/svg+xml") >= expected["svg"]
    assert _count_mime(nb, "image/png") >= expected["png"]
    text = _text(nb)
    for pattern in expected["lines"]:
        assert re.search(pattern, text), "%s printed nothing matching %r:\n%s" % (
            name, pattern, text)


def test_an_error_cell_fails_the_run():
    """The runner really stops at an error (so the test above can fail)."""
    from nbclient.exceptions import CellExecutionError

    nb = builder.build_notebook([builder.code("x = 1"), builder.code("1 / 0"),
                                 builder.code("print('not reached')")])
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        builder.execute_notebook(nb, timeout=60)


def test_the_kernel_imports_this_checkout():
    """The kernel is this interpreter, in notebooks/, importing the package from this
    repository (not another installed copy)."""
    nb = builder.build_notebook([builder.code(
        "import os, sys, autograd_engine\n"
        "print(sys.executable)\nprint(os.getcwd())\nprint(autograd_engine.__file__)")])
    builder.execute_notebook(nb, timeout=60)
    executable, cwd, package = _text(nb).splitlines()
    assert os.path.realpath(executable) == os.path.realpath(sys.executable)
    assert os.path.realpath(cwd) == os.path.realpath(NOTEBOOK_DIR)
    assert os.path.realpath(package).startswith(os.path.realpath(REPO_ROOT) + os.sep)
