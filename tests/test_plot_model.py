"""``tf.keras.utils.plot_model`` / ``model_to_dot`` and ``tf.render(model)``: a Keras model
drawn one box per layer, as Keras draws it (issue 18)."""
import re
import shutil
import struct

import pytest

import autograd_engine as tf
from autograd_engine.keras import layers, models, utils
from autograd_engine.keras.vis_utils import layer_edges

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz `dot` not installed")


def mlp():
    return models.Sequential([layers.Dense(8, activation="relu", input_shape=(4,), name="hidden"),
                              layers.Dropout(0.2, name="drop"), layers.Dense(3, name="out")],
                             name="mlp")


def boxes(dot):
    """{vertex id: label} of the layer boxes."""
    return dict(re.findall(r"^\s*(layer_\d+) \[label=(<.*>), tooltip", dot, re.M))


def edges(dot):
    return re.findall(r"^\s*(layer_\d+) -> (layer_\d+);", dot, re.M)


def test_one_box_per_layer_named_like_keras():
    dot = utils.model_to_dot(mlp())
    labels = list(boxes(dot).values())
    titles = [re.search(r"<B>(.*?)</B>", label).group(1) for label in labels]
    assert titles == ["hidden_input: InputLayer", "hidden: Dense", "drop: Dropout", "out: Dense"]
    assert edges(dot) == [("layer_0", "layer_1"), ("layer_1", "layer_2"), ("layer_2", "layer_3")]
    assert "output:" not in dot and "rankdir=TB" in dot and "dpi=96" in dot
    assert 'label="mlp"' in dot


def test_show_shapes_dtype_names_rankdir_dpi():
    dot = utils.model_to_dot(mlp(), show_shapes=True, show_dtype=True, show_layer_names=False,
                             rankdir="LR", dpi=120)
    out = boxes(dot)["layer_3"]
    assert "<B>Dense</B>" in out and "out:" not in out
    assert re.search(r"input:.*\(None, 8\).*output:.*\(None, 3\)", out)
    assert "float32" in out and "rankdir=LR" in dot and "dpi=120" in dot
    with pytest.raises(ValueError, match="rankdir"):
        utils.model_to_dot(mlp(), rankdir="BT")


def test_functional_model_with_a_branch():
    inputs = layers.Input(shape=(6,), name="features")
    left = layers.Dense(4, name="left")(inputs)
    out = layers.Dense(2, name="head")(layers.Dense(4, name="right")(left))
    model = models.Model(inputs, out)
    drawn, pairs = layer_edges(model)
    assert [layer.name for layer in drawn] == ["features", "left", "right", "head"]
    assert [(a.name, b.name) for a, b in pairs] == [("features", "left"), ("left", "right"),
                                                    ("right", "head")]


def test_unbuilt_model_is_explained():
    with pytest.raises(ValueError, match="input_shape"):
        utils.model_to_dot(models.Sequential([layers.Dense(2)]))


def test_render_of_a_model_draws_layers_by_default_ops_on_request():
    model = mlp()
    model.compile("adam", "categorical_crossentropy")
    by_layer = tf.to_dot(model)
    assert by_layer == utils.model_to_dot(model, show_shapes=True)
    assert "MatMul" not in by_layer and "Adam" not in by_layer
    by_op = tf.to_dot(model, level="ops")
    assert "MatMul" in by_op or "hidden" in by_op
    assert "layer_0" not in by_op
    with pytest.raises(ValueError, match="level"):
        tf.to_dot(model, level="layer")
    with pytest.raises(ValueError, match="not a Keras model"):
        tf.to_dot(tf.constant(1.0), level="layers")


@needs_dot
def test_plot_model_writes_png_and_svg(tmp_path):
    model = mlp()
    png = tmp_path / "model.png"
    image = tf.keras.utils.plot_model(model, to_file=str(png), show_shapes=True)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert height > 2 * width  # four boxes stacked top to bottom
    assert image is None or image.data == data  # an IPython Image when IPython is there
    svg = tmp_path / "model.svg"
    assert utils.plot_model(model, str(svg), rankdir="LR") is None
    text = svg.read_text()
    assert "hidden: Dense" in text and "drop: Dropout" in text
    with pytest.raises(ValueError, match="extension"):
        utils.plot_model(model, str(tmp_path / "model.bmp"))
