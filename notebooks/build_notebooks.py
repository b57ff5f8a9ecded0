"""Writes the notebooks in this folder from the cells below and executes them, storing outputs.

The notebooks are committed *with* their outputs so that they read well on a code host without
running; this script is how they are made, so edit the cells here, never the .ipynb files::

    python notebooks/build_notebooks.py               # write and execute all seven
    python notebooks/build_notebooks.py 04_cnn_digits  # only the ones named (stem or file name)
    python notebooks/build_notebooks.py --no-execute  # write them without outputs

Each notebook runs in a fresh kernel of *this* interpreter (see :func:`execute_notebook`, which
``tests/test_notebooks.py`` uses too), with ``notebooks/`` as its working directory.
"""
import argparse
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(HERE)
KERNEL_NAME = "python3"
CELL_TIMEOUT_S = 300


# ------------------------------------------------------------------------------- cells
if HERE not in sys.path:  # the cell modules beside this script, also when loaded by path
    sys.path.insert(0, HERE)
from notebook_cells import code, md  # noqa: E402
from more_notebooks import KERAS_FUNCTIONAL, TF1_TOOLBOX  # noqa: E402


GRAPH_BASICS = [
    md("""
    # 1. Graph basics: build first, run later

    `autograd_engine` is a TensorFlow-1-style engine: a program first **builds a graph** of
    placeholders, Variables and operations, and only then **runs** parts of it in a `Session`.
    A TF1 graph-mode program runs after changing its import, so we import it under TF1's name.
    """),
    code("""
    import numpy as np
    import matplotlib.pyplot as plt
    import autograd_engine as tf

    tf.reset_default_graph()   # start from an empty default graph (handy when re-running cells)
    """),
    md("""
    ## Vertices: placeholders, Variables and ops

    * a **placeholder** is an input whose value is *fed* at run time; `None` in its shape means
      "any batch size";
    * a **Variable** holds state (weights) that lives in the Session between runs;
    * every **op** (`matmul`, `+`, `reduce_mean`...) is a vertex whose edges carry tensors with a
      dtype and a static shape, known (perhaps partially) before anything runs.
    """),
    code("""
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    W = tf.Variable([[1.0], [2.0], [-1.0]], name="W")
    b = tf.Variable(0.5, name="b")
    y = tf.matmul(x, W) + b
    loss = tf.reduce_mean(tf.square(y), name="loss")

    for t in (x, W, b, y, loss):
        print(f"{t.name:8} shape {str(t.shape):8} {t.dtype.name}")
    """),
    md("""
    Nothing has been computed yet: `y` is a symbolic tensor, the output of an `add` op. The graph
    records every op with its type and inputs:
    """),
    code("""
    for op in tf.get_default_graph().get_operations():
        print(f"{op.name:16} {op.type:12} <- {[t.name for t in op.inputs]}")
    """),
    md("""
    ## Running it: a `Session` and `feed_dict`

    `sess.run(fetches, feed_dict)` computes only what the fetches need. Fetches can be a tensor,
    a list, a dict... and the result has the same structure. The Variables must be initialized
    first: their values belong to the Session.
    """),
    code("""
    batch = np.array([[1, 2, 3], [4, 5, 6]], dtype=np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print("y    =", sess.run(y, feed_dict={x: batch}).ravel())
        fetched = sess.run({"loss": loss, "W": W}, feed_dict={x: batch})
        print("a dict of fetches gives a dict:", sorted(fetched), "loss =", fetched["loss"])
    """),
    md("""
    Mistakes are caught with TF1's error classes, and the messages say what to do and where the
    op was created. Forgetting the feed, for instance:
    """),
    code("""
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        try:
            sess.run(loss)
        except tf.errors.InvalidArgumentError as e:
            print(type(e).__name__ + ":", str(e).splitlines()[0])
    """),
    md("""
    ## The graph, drawn

    `tf.render(...)` returns a `graphviz.Digraph`, which Jupyter displays inline (pass a path as
    well to write a PNG/SVG/PDF). Placeholders are blue, Variables yellow cylinders (a ★ marks the
    trainable ones), and each edge carries its tensor's static shape and dtype: `?×3 f32` is a
    batch of 3-vectors of float32.
    """),
    code("""
    tf.render(loss, gradients=False, title="loss = mean((x W + b)^2)")
    """),
    md("""
    ## Gradients are ops too

    `tf.gradients(ys, xs)` does not compute numbers: it **adds the backward pass to the graph**
    (under the `gradients/` name scope) and returns its tensors. They are fetched like any other.
    For this loss, $\\partial L/\\partial W = \\tfrac{2}{n} x^\\top (xW + b)$ and
    $\\partial L/\\partial b = \\tfrac{2}{n}\\sum (xW + b)$; the engine agrees:
    """),
    code("""
    dW, db = tf.gradients(loss, [W, b])
    print(dW, db, sep="\\n")

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        dW_value, db_value, y_value = sess.run([dW, db, y], feed_dict={x: batch})

    n = len(batch)
    print("dW by the engine:", dW_value.ravel(), " by hand:", (2 / n * batch.T @ y_value).ravel())
    print("db by the engine:", db_value, " by hand:", 2 / n * y_value.sum())
    """),
    md("""
    Drawn together with the forward pass, the gradient ops (pink) flow back along the forward
    edges (red, dashed) from the loss to `W` and `b`:
    """),
    code("""
    tf.render([dW, db], title="the backward pass of loss w.r.t. W and b")
    """),
    md("""
    ## A second derivative

    Because gradients are ordinary ops, they can be differentiated again. Take
    $f(t) = t \\sin t$: then $f'(t) = \\sin t + t\\cos t$ and $f''(t) = 2\\cos t - t\\sin t$.
    (For a non-scalar `ys`, `tf.gradients` differentiates their sum, so an elementwise function
    gives its derivative at every point at once.)
    """),
    code("""
    t = tf.placeholder(tf.float64, [None], name="t")
    f = t * tf.sin(t)
    df = tf.gradients(f, t)[0]
    d2f = tf.gradients(df, t)[0]

    grid = np.linspace(-2 * np.pi, 2 * np.pi, 400)
    with tf.Session() as sess:
        f_v, df_v, d2f_v = sess.run([f, df, d2f], feed_dict={t: grid})

    exact_df = np.sin(grid) + grid * np.cos(grid)
    exact_d2f = 2 * np.cos(grid) - grid * np.sin(grid)
    print("largest error of f':  %.1e" % np.abs(df_v - exact_df).max())
    print("largest error of f'': %.1e" % np.abs(d2f_v - exact_d2f).max())

    fig, ax = plt.subplots(figsize=(8, 3.5))
    ax.plot(grid, f_v, label="f(t) = t sin t")
    ax.plot(grid, df_v, label="f'(t)  (tf.gradients)")
    ax.plot(grid, d2f_v, label="f''(t)  (tf.gradients of tf.gradients)")
    ax.plot(grid[::20], exact_d2f[::20], "k.", label="f''(t) by hand")
    ax.set_xlabel("t")
    ax.legend(loc="upper center", fontsize=8)
    ax.grid(alpha=0.3)
    plt.show()
    """),
    md("""
    The second derivative's graph contains the first one's: the `gradients_1/` scope
    differentiates the ops that `gradients/` added (its box `gradients`, 19 ops, is the backward
    pass of the backward pass). Collapsing each op's gradient into one box keeps it readable:
    """),
    code("""
    tf.render(d2f, collapse=["gradients/*_grad", "gradients_1/*"],
              title="f''(t): the gradient of the gradient")
    """),
]


MNIST_TUTORIAL = [
    md("""
    # 2. The TF1 beginner tutorial: softmax regression on handwritten digits

    This is TensorFlow 1's classic first tutorial, unchanged but for its import. It runs on the
    handwritten digits shipped with the package (the 1,797 UCI digits presented like MNIST: 28×28
    images flattened to 784 pixels), so it needs no download.
    """),
    code("""
    import time

    import numpy as np
    import matplotlib.pyplot as plt
    import autograd_engine as tf
    from autograd_engine.examples.tutorials.mnist import input_data

    tf.reset_default_graph()
    mnist = input_data.read_data_sets(None, one_hot=True)   # None: the shipped digits
    print("train:", mnist.train.images.shape, mnist.train.labels.shape)
    print("test: ", mnist.test.images.shape, mnist.test.labels.shape)
    """),
    code("""
    fig, axes = plt.subplots(2, 10, figsize=(10, 2.3))
    for ax, image, label in zip(axes.ravel(), mnist.train.images, mnist.train.labels):
        ax.imshow(image.reshape(28, 28), cmap="gray_r")
        ax.set_title(int(label.argmax()), fontsize=9)
        ax.axis("off")
    fig.suptitle("some training images and their labels")
    plt.show()
    """),
    md("""
    ## The model, as the tutorial writes it

    A single linear layer followed by a softmax: $y = \\mathrm{softmax}(xW + b)$, trained by
    gradient descent on the cross-entropy with the one-hot labels `y_`.
    """),
    code("""
    x = tf.placeholder(tf.float32, [None, 784])
    y_ = tf.placeholder(tf.float32, [None, 10])
    W = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))
    y = tf.nn.softmax(tf.matmul(x, W) + b)
    cross_entropy = -tf.reduce_sum(y_ * tf.log(y))
    train_step = tf.train.GradientDescentOptimizer(0.01).minimize(cross_entropy)
    correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, "float"))
    """),
    md("""
    `minimize` is `compute_gradients` followed by `apply_gradients`. We also ask an optimizer for
    the `(gradient, variable)` pairs themselves, so we can look at the gradients during training.
    They are tensors in the graph like everything else.
    """),
    code("""
    grads_and_vars = tf.train.GradientDescentOptimizer(0.01).compute_gradients(cross_entropy)
    for grad, var in grads_and_vars:
        print(f"{var.name:12} {str(var.shape):10} gradient {grad.name}")
    (grad_W, _), (grad_b, _) = grads_and_vars
    """),
    md("""
    ## Training

    1,000 steps on batches of 100, as in the tutorial. We evaluate the test accuracy every 50 steps
    and the gradients on a fixed probe batch before the first step and after the last one.
    """),
    code("""
    probe = {x: mnist.train.images[:100], y_: mnist.train.labels[:100]}
    test_feed = {x: mnist.test.images, y_: mnist.test.labels}
    history = []

    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    early_grad_W, early_grad_b = sess.run([grad_W, grad_b], feed_dict=probe)
    start = time.perf_counter()
    for i in range(1000):
        batch_xs, batch_ys = mnist.train.next_batch(100)
        sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})
        if (i + 1) % 50 == 0:
            history.append((i + 1, sess.run(accuracy, feed_dict=test_feed)))
    elapsed = time.perf_counter() - start
    late_grad_W, late_grad_b = sess.run([grad_W, grad_b], feed_dict=probe)
    final_accuracy = sess.run(accuracy, feed_dict=test_feed)
    print("1000 steps in %.1f s (%.2f ms per step)" % (elapsed, elapsed / 1000 * 1e3))
    print("final test accuracy: %.4f" % final_accuracy)
    """),
    code("""
    steps, accuracies = zip(*history)
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.plot(steps, accuracies, "o-")
    ax.set_xlabel("training step")
    ax.set_ylabel("test accuracy")
    ax.set_ylim(0.5, 1.0)
    ax.grid(alpha=0.3)
    plt.show()
    """),
    md("""
    ## What did it learn?

    Column $k$ of `W` says how much each pixel votes for digit $k$. Drawn as 28×28 images
    (blue: for, red: against), several are easy to read: the 0 is a ring of positive weight
    around a hole that votes against it (other digits put ink in the middle), and each column
    marks where digit $k$ differs most from the digits it is confused with.
    """),
    code("""
    weights = sess.run(W)
    limit = np.abs(weights).max()
    fig, axes = plt.subplots(1, 10, figsize=(12, 1.8))
    for digit, ax in enumerate(axes):
        ax.imshow(weights[:, digit].reshape(28, 28), cmap="RdBu", vmin=-limit, vmax=limit)
        ax.set_title(str(digit))
        ax.axis("off")
    fig.suptitle("learned weights W[:, k] as images")
    plt.show()
    """),
    md("""
    ## The gradients, early and late

    `compute_gradients` gave us $\\partial\\,\\text{cross\\_entropy}/\\partial W$. With `W = 0`
    every class has probability 1/10, so the first step moves column $k$ by
    $-\\partial L/\\partial W_{:,k} = \\sum_{i \\in k} x_i - \\tfrac{1}{10}\\sum_i x_i$: the
    images of digit $k$ minus a tenth of all images, and the digits' shapes appear in it. After
    training the model is right on most of the probe batch, and the gradient is an order of
    magnitude smaller, made of the few examples it still gets wrong or is unsure of.
    """),
    code("""
    print("|grad W|: %8.2f before training, %6.2f after" % (np.linalg.norm(early_grad_W),
                                                            np.linalg.norm(late_grad_W)))
    print("|grad b|: %8.2f before training, %6.2f after" % (np.linalg.norm(early_grad_b),
                                                            np.linalg.norm(late_grad_b)))

    fig, axes = plt.subplots(2, 10, figsize=(12, 3.2))
    for row, (name, grad) in enumerate([("step 0", early_grad_W), ("step 1000", late_grad_W)]):
        limit = np.abs(grad).max()
        for digit in range(10):
            ax = axes[row, digit]
            # minus the gradient: the direction a gradient-descent step moves W
            ax.imshow(-grad[:, digit].reshape(28, 28), cmap="RdBu", vmin=-limit, vmax=limit)
            ax.set_xticks([]); ax.set_yticks([])
            if digit == 0:
                ax.set_ylabel(name)
            if row == 0:
                ax.set_title(str(digit))
    fig.suptitle("-dL/dW[:, k] on the probe batch (each row on its own colour scale)")
    plt.show()
    """),
    code("""
    fig, ax = plt.subplots(figsize=(7, 2.8))
    ax.bar(np.arange(10) - 0.2, np.linalg.norm(early_grad_W, axis=0), 0.4, label="step 0")
    ax.bar(np.arange(10) + 0.2, np.linalg.norm(late_grad_W, axis=0), 0.4, label="step 1000")
    ax.set_xticks(range(10))
    ax.set_xlabel("digit k")
    ax.set_ylabel("|dL/dW[:, k]|")
    ax.set_yscale("log")
    ax.legend(ncol=2, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    plt.show()
    sess.close()
    """),
    md("""
    ## The graph that was trained

    The forward pass on top; the backward pass (pink) that `minimize` added flows back underneath;
    the two orange update ops write the new `W` and `b`. The `gradients_1/` scope, collapsed to one
    box here, is the second copy of the backward pass that our `compute_gradients` call added.
    """),
    code("""
    tf.render([train_step, accuracy], collapse=["gradients_1"],
              title="the tutorial's train_step and accuracy")
    """),
]


KERAS_SIN = [
    md("""
    # 3. Regressing sin(x) with the Keras-style API

    `autograd_engine.keras` offers Keras's `Sequential`, `Dense`, `compile` and `fit` on top of the
    graph engine (each model is a graph and a Session underneath). Here a small MLP learns
    $y = \\sin x$ over two periods, $[-2\\pi, 2\\pi]$, from 400 noise-free samples.
    """),
    code("""
    import time

    import numpy as np
    import matplotlib.pyplot as plt
    import autograd_engine as tf
    from autograd_engine.keras import layers, models, optimizers

    tf.set_random_seed(0)   # the models' initial weights (each model is a graph seeded from it)
    np.random.seed(0)       # fit's shuffling
    x = np.linspace(-2 * np.pi, 2 * np.pi, 400, dtype=np.float32).reshape(-1, 1)
    y = np.sin(x)
    # points between the training samples, to check the fit where it has not seen the truth
    x_check = np.linspace(-2 * np.pi, 2 * np.pi, 997, dtype=np.float32).reshape(-1, 1)
    """),
    code("""
    def make_model():
        model = models.Sequential()
        model.add(layers.Dense(128, activation="relu", input_shape=(1,)))
        model.add(layers.Dense(128, activation="relu"))
        model.add(layers.Dense(128, activation="relu"))
        model.add(layers.Dense(1))
        model.compile(loss="mse", optimizer=optimizers.Adam(lr=0.001))
        return model

    model = make_model()
    model.summary()
    """),
    md("""
    ## A short fit

    `fit` returns a `History`; `history.history["loss"]` is the mean training loss of each epoch.
    """),
    code("""
    start = time.perf_counter()
    short = model.fit(x, y, batch_size=20, epochs=5, verbose=0)
    print("5 epochs in %.1f s, final loss %.4f" % (time.perf_counter() - start,
                                                   short.history["loss"][-1]))
    short_prediction = model.predict(x_check)
    """),
    code("""
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.plot(x_check, np.sin(x_check), "k--", label="sin(x)")
    ax.plot(x_check, short_prediction, label="after 5 epochs")
    ax.plot(x, y, "k.", markersize=2, alpha=0.4, label="training samples")
    ax.legend()
    ax.grid(alpha=0.3)
    plt.show()
    """),
    md("""
    ## The effect of a longer fit

    Five epochs (100 steps of Adam) found the rough shape but not the curve. Calling `fit`
    again continues from the current weights (the optimizer keeps its state too). Another
    95 epochs:
    """),
    code("""
    start = time.perf_counter()
    longer = model.fit(x, y, batch_size=20, epochs=95, verbose=0)
    print("95 more epochs in %.1f s, final loss %.5f" % (time.perf_counter() - start,
                                                        longer.history["loss"][-1]))
    long_prediction = model.predict(x_check)
    for name, prediction in [("5 epochs", short_prediction), ("100 epochs", long_prediction)]:
        error = np.abs(prediction - np.sin(x_check)).max()
        print("after %-10s largest error on unseen points: %.3f" % (name, error))
    """),
    code("""
    losses = short.history["loss"] + longer.history["loss"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.5))
    left.plot(x_check, np.sin(x_check), "k--", label="sin(x)")
    left.plot(x_check, short_prediction, alpha=0.7, label="after 5 epochs")
    left.plot(x_check, long_prediction, label="after 100 epochs")
    left.legend(fontsize=8, loc="upper right")
    left.grid(alpha=0.3)
    left.set_title("fitted curve vs the truth")
    right.semilogy(range(1, len(losses) + 1), losses)
    right.axvline(5.5, color="gray", linestyle=":", label="second fit starts")
    right.set_xlabel("epoch")
    right.set_ylabel("training loss (MSE)")
    right.legend()
    right.grid(alpha=0.3)
    right.set_title("loss history")
    plt.show()
    """),
    md("""
    The short fit is a few straight ReLU segments; the longer fit bends many more of them into
    the curve, and the loss falls by two orders of magnitude. It does not fall smoothly: with
    batches of 20 and a constant learning rate, Adam keeps jumping around the minimum (the spikes),
    which a smaller learning rate or a decaying one (`Adam(lr=..., decay=...)`) would calm at the
    price of a slower start.

    A Keras model draws as Keras's `plot_model` draws it, one box per layer with its shapes;
    `level="ops"` draws the graph underneath (here its forward pass):
    """),
    code("""
    tf.render(model)
    """),
    code("""
    tf.render(model, level="ops", gradients=False, title="the Keras model's graph (forward pass)")
    """),
]


CNN_CODE = """
def build_cnn():
    \"\"\"Two conv+pool layers, a dense layer with dropout, 10 logits; returns its tensors by name.\"\"\"
    images = tf.placeholder(tf.float32, [None, 28, 28, 1], name="images")
    labels = tf.placeholder(tf.float32, [None, 10], name="labels")
    training = tf.placeholder_with_default(False, [], name="training")
    h = tf.layers.conv2d(images, 16, 5, padding="same", activation=tf.nn.relu, name="conv1")
    h = tf.layers.max_pooling2d(h, 2, 2, name="pool1")
    h = tf.layers.conv2d(h, 32, 5, padding="same", activation=tf.nn.relu, name="conv2")
    h = tf.layers.max_pooling2d(h, 2, 2, name="pool2")
    h = tf.layers.dense(tf.layers.flatten(h), 128, activation=tf.nn.relu, name="dense")
    h = tf.layers.dropout(h, rate=0.4, training=training)
    logits = tf.layers.dense(h, 10, name="logits")
    with tf.name_scope("loss"):
        loss = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits))
    probabilities = tf.nn.softmax(logits, name="probabilities")
    predictions = tf.argmax(logits, 1, name="predictions")
    accuracy = tf.reduce_mean(tf.cast(tf.equal(predictions, tf.argmax(labels, 1)), tf.float32),
                              name="accuracy")
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
    return SimpleNamespace(images=images, labels=labels, training=training, loss=loss,
                           probabilities=probabilities, predictions=predictions,
                           accuracy=accuracy, train_op=train_op)
"""


CNN_DIGITS = [
    md("""
    # 4. A convolutional network on the digits

    `tf.layers` builds a small CNN (two convolution + max-pooling layers, a dense layer with
    dropout) on the shipped digits at MNIST's 28×28 size. We look at its graph, train it for
    150 steps (half a minute on two CPU cores), and study what it still gets wrong.
    """),
    code("""
    import time
    from types import SimpleNamespace

    import numpy as np
    import matplotlib.pyplot as plt
    import autograd_engine as tf
    from autograd_engine.datasets import load_digits

    tf.reset_default_graph()
    tf.set_random_seed(0)
    digits = load_digits(image_size=28, reshape=False, one_hot=True, seed=0)
    print("train:", digits.train.images.shape, " test:", digits.test.images.shape)
    """),
    code(CNN_CODE + """
cnn = build_cnn()
print("%d ops in the graph, %d trainable parameters" % (
    len(tf.get_default_graph().get_operations()),
    sum(int(np.prod(v.shape.as_list())) for v in tf.trainable_variables())))
"""),
    md("""
    ## The graph, with its layers collapsed

    The training step has a few hundred ops. `collapse=[...]` draws each named scope (a layer, the
    optimizer, each layer's gradient) as one box labelled with its op count, so the structure
    shows: the forward layers, the backward pass (pink, flowing back), and Adam's updates (orange)
    writing the Variables inside the layers.
    """),
    code("""
    tf.render(cnn.train_op, collapse=["conv1", "conv2", "dense", "logits", "dropout", "loss",
                                  "gradients/*", "Adam"],
              title="CNN training step, layers collapsed")
    """),
    md("""
    ## Training

    Adam with a learning rate of 1e-3, batches of 50, dropout on during training only (the
    `training` placeholder defaults to `False`). We record the batch loss at every step and the
    test accuracy every 25 steps.
    """),
    code("""
    test_feed = {cnn.images: digits.test.images, cnn.labels: digits.test.labels}
    batch_losses, test_curve = [], []

    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    start = time.perf_counter()
    for step in range(1, 151):
        batch_images, batch_labels = digits.train.next_batch(50)
        _, batch_loss = sess.run([cnn.train_op, cnn.loss], feed_dict={
            cnn.images: batch_images, cnn.labels: batch_labels, cnn.training: True})
        batch_losses.append(batch_loss)
        if step % 25 == 0:
            test_curve.append((step, *sess.run([cnn.loss, cnn.accuracy], feed_dict=test_feed)))
    elapsed = time.perf_counter() - start
    print("150 steps in %.1f s (%.0f ms per step)" % (elapsed, elapsed / 150 * 1e3))
    print("final test accuracy: %.4f" % test_curve[-1][2])
    """),
    code("""
    steps, test_losses, test_accuracies = zip(*test_curve)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.5))
    left.plot(range(1, len(batch_losses) + 1), batch_losses, alpha=0.5, label="training batch")
    left.plot(steps, test_losses, "o-", label="test set")
    left.set_xlabel("step")
    left.set_ylabel("cross-entropy")
    left.set_yscale("log")
    left.legend()
    left.grid(alpha=0.3)
    right.plot(steps, test_accuracies, "o-")
    right.set_xlabel("step")
    right.set_ylabel("test accuracy")
    right.grid(alpha=0.3)
    plt.show()
    """),
    md("""
    ## The confusion matrix

    Row: the true digit; column: the predicted one. Everything off the diagonal is a mistake.
    """),
    code("""
    probabilities, predicted = sess.run([cnn.probabilities, cnn.predictions],
                                        feed_dict={cnn.images: digits.test.images})
    truth = digits.test.labels.argmax(axis=1)
    confusion = np.zeros((10, 10), dtype=int)
    np.add.at(confusion, (truth, predicted), 1)

    fig, ax = plt.subplots(figsize=(5, 4.5))
    ax.imshow(confusion, cmap="Blues")
    for i in range(10):
        for j in range(10):
            if confusion[i, j]:
                ax.text(j, i, confusion[i, j], ha="center", va="center", fontsize=8,
                        color="white" if confusion[i, j] > confusion.max() / 2 else "black")
    ax.set_xticks(range(10))
    ax.set_yticks(range(10))
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title("test set: %d of %d right" % (np.trace(confusion), confusion.sum()))
    plt.show()
    """),
    md("""
    ## Some misclassified digits

    With the model's probability for its (wrong) answer. Some are hard even for a person; these
    digits were scanned at 8×8 and enlarged, so detail is scarce.
    """),
    code("""
    wrong = np.flatnonzero(predicted != truth)
    print("%d misclassified test digits" % len(wrong))
    shown = wrong[:12]
    fig, axes = plt.subplots(1, max(len(shown), 1), figsize=(1.2 * max(len(shown), 1), 1.8),
                             squeeze=False)
    for ax, index in zip(axes[0], shown):
        ax.imshow(digits.test.images[index, :, :, 0], cmap="gray_r")
        ax.set_title("%d→%d\\n%.0f%%" % (truth[index], predicted[index],
                                           100 * probabilities[index, predicted[index]]),
                     fontsize=8)
    for ax in axes[0]:
        ax.axis("off")
    plt.show()
    sess.close()
    """),
]


GPU = [
    md("""
    # 5. The CNN on a GPU: the device path

    The engine's kernels receive their array module (`xp`) from one seam, `autograd_engine/
    backend.py`: numpy on the CPU, CuPy on an NVIDIA GPU. As in TF1, a Session places every op
    that has a device kernel on `/gpu:0` when a GPU is present, copies feeds to the device once
    per run, keeps Variables there between runs, and brings fetched values back as numpy arrays.

    This notebook finds the device, trains the CNN of notebook 4 on it and on the CPU from the
    same weights, compares the two, and times them. The device is one of:

    * **a real GPU**: CuPy installed (`pip install 'autograd_engine[gpu]'`, or `[cuda13]`) and
      a CUDA device present;
    * **the CuPy stand-in**, when `AUTOGRAD_ENGINE_DEVICE=stand-in` is set (the test suite does,
      on machines without a GPU): numpy on the CPU behind CuPy's API, as strict as CuPy about
      host/device mixing, counting every transfer and kernel launch. It says so in a banner; its
      times say nothing about a GPU;
    * **none**, and the notebook says why, then runs the CPU part alone.
    """),
    code("""
    import os
    import platform
    import time
    from types import SimpleNamespace

    import numpy as np
    import matplotlib.pyplot as plt
    import autograd_engine as tf
    from autograd_engine import backend
    from autograd_engine.datasets import load_digits
    from autograd_engine.rendering import profile


    def why_no_device():
        \"\"\"Why the engine found no device here.\"\"\"
        if os.environ.get("AUTOGRAD_ENGINE_DEVICE") == "none":
            return "AUTOGRAD_ENGINE_DEVICE=none turns the device off"
        try:
            import cupy
        except ImportError:
            return ("CuPy is not installed (pip install 'autograd_engine[gpu]' for CUDA 12, "
                    "'autograd_engine[cuda13]' for CUDA 13); AUTOGRAD_ENGINE_DEVICE=stand-in "
                    "shows the device path on the CPU")
        try:
            count = cupy.cuda.runtime.getDeviceCount()
        except Exception as e:   # CUDA driver missing or broken: CuPy raises its own errors
            return "CuPy %s cannot reach a GPU: %s" % (cupy.__version__, str(e).splitlines()[0])
        return "CuPy %s sees %d CUDA devices" % (cupy.__version__, count)


    def describe(device):
        if device is None:
            return "none: " + why_no_device()
        if device.name == "cupy":
            props = device.xp.cuda.runtime.getDeviceProperties(device.xp.cuda.Device().id)
            name = props["name"].decode() if isinstance(props["name"], bytes) else props["name"]
            return "GPU: %s, %.0f GiB (CuPy %s)" % (name, props["totalGlobalMem"] / 2 ** 30,
                                                    device.xp.__version__)
        return ("the CuPy stand-in (%s): numpy on the CPU behind CuPy's API; no GPU code runs"
                % device.name)


    device = backend.device_backend()
    on_stand_in = device is not None and device.name != "cupy"
    print("CPU: %s, %d cores | numpy %s" % (platform.machine(), os.cpu_count(), np.__version__))
    print("Device:", describe(device))
    print("tf.test.is_gpu_available():", tf.test.is_gpu_available(),
          "| tf.test.gpu_device_name():", repr(tf.test.gpu_device_name()))
    """),
    md("""
    ## The model, and the devices a Session sees

    The CNN is the one from notebook 4. `Session.list_devices()` lists what TF1 would:
    the CPU, and the GPU when there is a device. `ConfigProto(device_count={"GPU": 0})` hides
    the GPU, so that every op runs on the CPU: that is how the CPU runs below are made.
    """),
    code(CNN_CODE + """

tf.reset_default_graph()
tf.set_random_seed(0)
digits = load_digits(image_size=28, reshape=False, one_hot=True)
cnn = build_cnn()
weights = tf.trainable_variables()
CPU_ONLY = tf.ConfigProto(device_count={"GPU": 0})
feed = {cnn.images: digits.train.images[:64], cnn.labels: digits.train.labels[:64]}

with tf.Session() as sess:
    print("devices:", [d.name for d in sess.list_devices()])
    sess.run(tf.global_variables_initializer())
    initial_weights = sess.run(weights)   # numpy arrays, the same for both runs below
"""),
    md("""
    ## The same training on the device and on the CPU

    Five training steps from the same weights (loaded into each Session with
    `Variable.load`), on the same batch. Matrix products and convolutions sum in a different
    order on a GPU, so the two agree to float32 precision, not bit for bit.
    """),
    code("""
    def train(config, steps=5):
        \"\"\"Losses of ``steps`` steps from ``initial_weights``, and the weights after.\"\"\"
        with tf.Session(config=config) as sess:
            sess.run(tf.global_variables_initializer())
            for variable, value in zip(weights, initial_weights):
                variable.load(value, sess)
            losses = [sess.run([cnn.train_op, cnn.loss], feed)[1] for _ in range(steps)]
            return np.array(losses), sess.run(weights)


    cpu_losses, cpu_weights = train(CPU_ONLY)
    print("CPU losses:   ", np.round(cpu_losses, 5))
    if device is not None:
        device_losses, device_weights = train(tf.ConfigProto())
        print("device losses:", np.round(device_losses, 5))
        loss_difference = np.max(np.abs(device_losses - cpu_losses) / np.abs(cpu_losses))
        weight_difference = max(float(np.max(np.abs(d - c))) for d, c in
                                zip(device_weights, cpu_weights))
        print("largest relative difference of the losses, device vs CPU: %.1e" % loss_difference)
        print("largest absolute difference of the weights after 5 steps: %.1e" % weight_difference)
    else:
        print("No device: the CPU run stands alone.")
    """),
    md("""
    ## What crosses between host and device

    The stand-in counts what a real GPU does not show so easily: each copy between host and
    device, and each kernel launch, here over one training step (after a first run of the same
    fetches, which compiles the plan and copies the constants once). The images and labels are
    copied to the device each step; the Variables stay there, so a fetched train op needs none
    of the model's values back, and fetching the loss too adds exactly one copy back. The
    device's memory is CuPy's pool: what arrays hold now, and the most they held.
    """),
    code("""
    if device is None:
        print("No device: nothing crosses.")
    else:
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(cnn.train_op, feed)   # the first run of a fetch set compiles its plan
            sess.run([cnn.train_op, cnn.loss], feed)
            if on_stand_in:
                counters = device.xp.counters
                with counters.measure() as step:
                    sess.run(cnn.train_op, feed)
                with counters.measure() as step_and_loss:
                    sess.run([cnn.train_op, cnn.loss], feed)
                for what, counts in [("train op", step), ("train op and loss", step_and_loss)]:
                    print("a step fetching the %s: transfers host->device %d (%.0f KiB), "
                          "device->host %d; %d kernel launches" % (
                              what, counts.host_to_device, counts.host_to_device_bytes / 1024,
                              counts.device_to_host, counts.kernel_launches))
            else:
                print("(transfer and launch counters exist on the stand-in only; on a GPU, "
                      "NVIDIA's Nsight Systems shows them)")
            memory = device.memory_stats()
            print("device memory: %.1f MiB held now, %.1f MiB at the peak" % (
                memory["current_bytes"] / 2 ** 20, memory["peak_bytes"] / 2 ** 20))
    """),
    md("""
    ## Timing

    Each step is timed after warm-up steps (the first run of a fetch set compiles its
    execution plan; a GPU also compiles its kernels on first use). On the stand-in the device
    times measure numpy plus the stand-in's bookkeeping on the CPU: they show the code path
    works, not how fast a GPU is.
    """),
    code("""
    def time_training_steps(config, steps=10, warmup=2):
        \"\"\"Seconds per training step (a list), in a fresh Session made with ``config``.\"\"\"
        with tf.Session(config=config) as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(warmup):
                sess.run(cnn.train_op, feed_dict=feed)
            seconds = []
            for _ in range(steps):
                start = time.perf_counter()
                sess.run(cnn.train_op, feed_dict=feed)
                # A fetched train op brings nothing back, so nothing waits for the device: wait
                # here, or the clock stops while its kernels are still queued.
                if device is not None:
                    device.xp.cuda.Device().synchronize()
                seconds.append(time.perf_counter() - start)
        return seconds


    runs = {"CPU": time_training_steps(CPU_ONLY)}
    if device is not None:
        runs["stand-in (CPU)" if on_stand_in else "GPU"] = time_training_steps(tf.ConfigProto())
    for name, seconds in runs.items():
        ms = 1e3 * np.asarray(seconds)
        print("%s: median %.1f ms per step (min %.1f, max %.1f, %d steps)"
              % (name, np.median(ms), ms.min(), ms.max(), len(ms)))

    medians = [1e3 * np.median(s) for s in runs.values()]
    fig, ax = plt.subplots(figsize=(6, 1 + 0.6 * len(runs)))
    ax.barh(list(runs), medians, color=["#5b8bd0", "#6ab04c"][:len(runs)])
    ax.set_xlabel("ms per training step, batch 64 (median)")
    ax.grid(alpha=0.3, axis="x")
    plt.show()
    if "GPU" in runs:
        print("GPU speed-up over this CPU: %.1fx" % (medians[0] / medians[1]))
    """),
    md("""
    Where does a CPU step's time go? `autograd_engine.rendering.profile` runs the step op by op
    and times each. The convolutions, their gradients and the dense layer's matrix products take
    nearly all of it: large, regular array work, exactly what a GPU is good at.
    """),
    code("""
    with tf.Session(config=CPU_ONLY) as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(cnn.train_op, feed_dict=feed)   # compile the plan first
        stats = profile(cnn.train_op, sess, feed)

    by_type = {}
    for op, (_, seconds) in stats.items():
        by_type[op.type] = by_type.get(op.type, 0.0) + seconds
    top = sorted(by_type.items(), key=lambda item: item[1], reverse=True)[:10]
    total = sum(by_type.values())
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.barh([name for name, _ in top][::-1], [100 * s / total for _, s in top][::-1])
    ax.set_xlabel("% of the step's op time (CPU)")
    ax.set_title("the 10 most expensive op types in one CNN training step")
    plt.show()
    """),
]


NOTEBOOKS = {
    "01_graph_basics": GRAPH_BASICS,
    "02_mnist_softmax_tutorial": MNIST_TUTORIAL,
    "03_keras_sin_regression": KERAS_SIN,
    "04_cnn_digits": CNN_DIGITS,
    "05_gpu_cnn": GPU,
    "06_tf1_toolbox": TF1_TOOLBOX,
    "07_keras_functional_lstm": KERAS_FUNCTIONAL,
}


# ------------------------------------------------------------------------ build and run
def build_notebook(cells):
    """A fresh, unexecuted ``nbformat`` notebook of ``cells`` ((kind, source) pairs).

    >>> nb = build_notebook([md("# Title"), code("print(1)")])
    >>> [c.cell_type for c in nb.cells]
    ['markdown', 'code']
    """
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    make = {"markdown": nbformat.v4.new_markdown_cell, "code": nbformat.v4.new_code_cell}
    for index, (kind, source) in enumerate(cells):
        # Stable ids (nbformat draws random ones), so a rebuild changes only what changed.
        nb.cells.append(make[kind](source, id="cell-%02d" % index))
    return nb


def kernel_environment(extra=None):
    """The environment for the notebooks' kernel: this one, with the repository first on
    PYTHONPATH as an absolute path (the kernel's working directory is ``notebooks/``, where a
    relative entry such as ``.`` would no longer find the package), plus ``extra``."""
    entries = [REPO_ROOT] + [os.path.abspath(p) for p in
                             os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(entries), **(extra or {}))


DEVICE_VARIABLE = "AUTOGRAD_ENGINE_DEVICE"


def notebook_environment(name):
    """What the kernel of notebook ``name`` needs set. The GPU notebook shows the device path:
    on a real GPU where the engine finds one, else on the CuPy stand-in (as in CI), unless
    ``AUTOGRAD_ENGINE_DEVICE`` already says which device to use."""
    if name != "05_gpu_cnn" or DEVICE_VARIABLE in os.environ:
        return {}
    from autograd_engine import backend
    return {} if backend.device_backend() is not None else {DEVICE_VARIABLE: "stand-in"}


def execute_notebook(nb, timeout=CELL_TIMEOUT_S, env=None):
    """Runs ``nb`` top to bottom in place, in a fresh kernel of the current interpreter with
    ``notebooks/`` as its working directory and ``env`` added to its environment; raises
    ``nbclient.exceptions.CellExecutionError`` at the first error cell.

    The ``python3`` kernelspec that jupyter_client would find on the machine may belong to
    another Python (one without this package), so a spec for ``sys.executable`` is written to a
    temporary directory and the kernel manager looks only there.

    >>> nb = execute_notebook(build_notebook([code("print(6 * 7)")]))  # doctest: +SKIP
    >>> nb.cells[0].outputs[0].text                                    # doctest: +SKIP
    '42\\n'
    """
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory() as kernels_dir:
        write_kernel_spec(os.path.join(kernels_dir, KERNEL_NAME))
        specs = KernelSpecManager(kernel_dirs=[kernels_dir], ensure_native_kernel=False)
        km = KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs)
        client = NotebookClient(nb, km=km, timeout=timeout, kernel_name=KERNEL_NAME,
                                record_timing=False, resources={"metadata": {"path": HERE}})
        client.execute(env=kernel_environment(env))
    return nb


def notebook_path(name):
    return os.path.join(HERE, name + ".ipynb")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write (and execute) the notebooks.")
    parser.add_argument("names", nargs="*", help="notebooks to build (default: all), e.g. "
                        "04_cnn_digits; a trailing .ipynb is ignored")
    parser.add_argument("--no-execute", action="store_true", help="write them without outputs")
    args = parser.parse_args(argv)
    import nbformat

    names = [os.path.basename(n).removesuffix(".ipynb") for n in args.names] or list(NOTEBOOKS)
    unknown = sorted(set(names) - set(NOTEBOOKS))
    if unknown:
        parser.error("unknown notebook(s) %s; choose from %s" % (unknown, list(NOTEBOOKS)))
    for name in names:
        nb = build_notebook(NOTEBOOKS[name])
        start = time.perf_counter()
        if not args.no_execute:
            execute_notebook(nb, env=notebook_environment(name))
        nbformat.write(nb, notebook_path(name))
        print("wrote %s.ipynb (%.1f s)" % (name, time.perf_counter() - start))


if __name__ == "__main__":
    sys.exit(main())
