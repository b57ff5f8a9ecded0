"""The cells of notebooks 06 and 07 (what TF1 and Keras users reach for next: TensorBoard in the
notebook, a tf.data pipeline, Saver and import_meta_graph; the functional Keras API with
callbacks, plot_model and an LSTM). build_notebooks.py writes and runs them with the others;
each runs in a few seconds on two cores, as tests/test_notebooks.py runs them in CI."""
from notebook_cells import code, md

TF1_TOOLBOX = [
    md("""
    # 6. The TF1 toolbox: `tf.data`, TensorBoard, `Saver` and `import_meta_graph`

    What a TF1 program uses around its model: an input pipeline that feeds the graph without
    `feed_dict`, summaries that TensorBoard plots (here, inside the notebook), and checkpoints
    that a program without the model's code can load and run. The data are the 1,797 shipped
    8x8 digits (64 pixels each), so every step takes milliseconds.
    """),
    code("""
    import os
    import tempfile

    import numpy as np
    import matplotlib.pyplot as plt
    import autograd_engine as tf
    from autograd_engine.datasets import load_digits

    tf.reset_default_graph()
    digits = load_digits(one_hot=True)           # 1,500 training and 297 test digits
    workdir = tempfile.mkdtemp(prefix="toolbox_")  # event files and checkpoints go here
    print("train:", digits.train.images.shape, "test:", digits.test.images.shape)
    """),
    md("""
    ## A `tf.data` pipeline

    `Dataset.from_tensor_slices` cuts the arrays into examples; `shuffle`, `map`, `batch` and
    `repeat` chain as in TF1, and `get_next()` gives tensors that every `sess.run` advances by
    one batch. The model reads them through `placeholder_with_default`: training needs no
    feeds, and evaluation feeds the test set in their place.
    """),
    code("""
    dataset = (tf.data.Dataset.from_tensor_slices((digits.train.images, digits.train.labels))
               .shuffle(1500, seed=0)
               .map(lambda image, label: (image * 2.0 - 1.0, label))   # pixels to [-1, 1]
               .batch(50)
               .repeat())
    images, labels = dataset.make_one_shot_iterator().get_next()
    print(images, labels, sep="\\n")

    x = tf.placeholder_with_default(images, [None, 64], name="x")
    y_ = tf.placeholder_with_default(labels, [None, 10], name="y_")
    with tf.name_scope("model"):
        W = tf.Variable(tf.zeros([64, 10]), name="W")
        b = tf.Variable(tf.zeros([10]), name="b")
        logits = tf.matmul(x, W) + b
    with tf.name_scope("xent"):
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_,
                                                                          logits=logits))
    global_step = tf.train.get_or_create_global_step()
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss, global_step=global_step,
                                                               name="train")
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32), name="accuracy")
    tf.add_to_collection("train_op", train_op)   # found again after import_meta_graph
    """),
    md("""
    ## Summaries for TensorBoard

    `tf.summary.scalar` and `histogram` are ops; `merge_all` runs them all at once and a
    `FileWriter` appends the result (and the graph) to an event file, every 10 steps here.
    """),
    code("""
    tf.summary.scalar("batch_loss", loss)
    tf.summary.scalar("batch_accuracy", accuracy)
    tf.summary.histogram("weights", W)
    summaries = tf.summary.merge_all()

    logdir = os.path.join(workdir, "logs")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        writer = tf.summary.FileWriter(logdir, sess.graph)
        sess.run(tf.global_variables_initializer())
        for step in range(300):
            if step % 10 == 0:
                _, summary = sess.run([train_op, summaries])
                writer.add_summary(summary, step)
            else:
                sess.run(train_op)
        writer.close()
        test_feed = {x: digits.test.images * 2.0 - 1.0, y_: digits.test.labels}
        trained_accuracy = sess.run(accuracy, test_feed)
        checkpoint = saver.save(sess, os.path.join(workdir, "model"), global_step=global_step)
    print("test accuracy after 300 steps: %.3f" % trained_accuracy)
    print("checkpoint:", os.path.basename(checkpoint), "+", sorted(
        f[len("model-300"):] for f in os.listdir(workdir) if f.startswith("model-300")))
    """),
    md("""
    ## TensorBoard inside the notebook

    TensorBoard reads these event files exactly as it reads TF1's. In Jupyter, its notebook
    extension shows it in the output cell:

    ```
    %load_ext tensorboard
    %tensorboard --logdir <logdir>
    ```

    That starts a server, which must not happen when the notebook runs unattended (as in CI),
    so the cell below launches it only when `AUTOGRAD_ENGINE_NOTEBOOK_TENSORBOARD=1` is set,
    and otherwise reads the event file back with TensorBoard's own reader and plots what its
    Scalars tab would show.
    """),
    code("""
    print("%load_ext tensorboard")
    print("%tensorboard --logdir " + logdir)
    if os.environ.get("AUTOGRAD_ENGINE_NOTEBOOK_TENSORBOARD") == "1":
        ipython = get_ipython()
        ipython.run_line_magic("load_ext", "tensorboard")
        ipython.run_line_magic("tensorboard", "--logdir " + logdir)
    else:
        from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

        events = EventAccumulator(logdir).Reload()
        tags = events.Tags()
        print("TensorBoard finds scalars %s, histograms %s, a graph: %s"
              % (tags["scalars"], tags["histograms"], tags["graph"]))
        fig, axes = plt.subplots(1, 2, figsize=(10, 3))
        for ax, tag in zip(axes, ["batch_loss", "batch_accuracy"]):
            points = events.Scalars(tag)
            ax.plot([p.step for p in points], [p.value for p in points], marker=".")
            ax.set_title(tag + " (read from the event file)")
            ax.set_xlabel("step")
            ax.grid(alpha=0.3)
        plt.show()
    """),
    md("""
    ## Restoring without the model's code: `import_meta_graph`

    `saver.save` wrote the Variables' values (`.index`, `.data-...`) and the graph itself
    (`.meta`). A fresh graph imports the graph, the Saver restores the values, and tensors are
    fetched by name: the restored model scores exactly what the trained one did.
    """),
    code("""
    with tf.Graph().as_default():
        restorer = tf.train.import_meta_graph(checkpoint + ".meta")
        with tf.Session() as sess:
            restorer.restore(sess, checkpoint)
            restored_accuracy = sess.run("accuracy:0", {"x:0": digits.test.images * 2.0 - 1.0,
                                                        "y_:0": digits.test.labels})
            print("restored at global step %d, test accuracy %.3f (trained: %.3f)"
                  % (sess.run("global_step:0"), restored_accuracy, trained_accuracy))
            # The input pipeline is Python (a Dataset), not graph ops: it is not in the .meta,
            # and the error says what to do instead of failing somewhere inside.
            try:
                sess.run(tf.get_collection("train_op")[0])
            except tf.errors.FailedPreconditionError as e:
                print("training on:", e.message.split(". ")[0] + ".")
    """),
]


KERAS_FUNCTIONAL = [
    md("""
    # 7. Keras: the functional API, callbacks, `plot_model` and an LSTM

    The functional API wires layers by calling them on tensors; `fit` takes callbacks that stop
    early, keep the best weights, log each epoch and schedule the learning rate;
    `tf.keras.utils.plot_model` draws the model as Keras does. Then a recurrent model: an LSTM
    that reads each 8x8 digit one row at a time.
    """),
    code("""
    import os
    import tempfile

    import numpy as np
    import matplotlib.pyplot as plt
    import autograd_engine as tf
    from autograd_engine.datasets import load_digits
    from autograd_engine.keras import callbacks, layers, models, optimizers, utils

    digits = load_digits(one_hot=True)
    workdir = tempfile.mkdtemp(prefix="keras_")

    inputs = layers.Input(shape=(64,), name="pixels")
    hidden = layers.Dense(64, activation="relu", name="hidden")(inputs)
    hidden = layers.Dropout(0.2, name="dropout")(hidden)
    outputs = layers.Dense(10, activation="softmax", name="digit")(hidden)
    model = models.Model(inputs=inputs, outputs=outputs, name="digits_mlp")
    model.compile(optimizer=optimizers.Adam(lr=0.01), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    model.summary()
    """),
    code("""
    utils.plot_model(model, to_file=os.path.join(workdir, "digits_mlp.png"), show_shapes=True)
    """),
    md("""
    ## Training with callbacks

    `EarlyStopping` watches the validation loss (the last 20% of the training set) and stops
    when it has not improved for 3 epochs, putting back the best weights; `ModelCheckpoint`
    saves them as they improve; `CSVLogger` writes one row per epoch;
    `LearningRateScheduler` lowers the learning rate by 5% an epoch.
    """),
    code("""
    history = model.fit(
        digits.train.images, digits.train.labels, batch_size=50, epochs=40,
        validation_split=0.2, verbose=0,
        callbacks=[callbacks.EarlyStopping(monitor="val_loss", patience=3,
                                           restore_best_weights=True),
                   callbacks.ModelCheckpoint(os.path.join(workdir, "best"), monitor="val_loss",
                                             save_best_only=True, save_weights_only=True),
                   callbacks.CSVLogger(os.path.join(workdir, "epochs.csv")),
                   callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.95)])
    epochs = len(history.history["loss"])
    test_loss, test_accuracy = model.evaluate(digits.test.images, digits.test.labels, verbose=0)
    print("EarlyStopping ended training after %d of 40 epochs" % epochs)
    print("MLP test accuracy: %.3f" % test_accuracy)
    print("".join(open(os.path.join(workdir, "epochs.csv")).readlines()[:3]))

    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot(history.history["loss"], label="training loss")
    ax.plot(history.history["val_loss"], label="validation loss")
    ax.set_xlabel("epoch")
    ax.legend()
    ax.grid(alpha=0.3)
    plt.show()
    """),
    md("""
    ## An LSTM reading digits row by row

    Each digit becomes a sequence of 8 time steps of 8 pixels. `layers.LSTM(32)` runs TF1's
    `BasicLSTMCell` through `tf.nn.dynamic_rnn` (a `while_loop` in the graph) and hands its
    last output to a softmax layer.
    """),
    code("""
    rows = layers.Input(shape=(8, 8), name="rows")
    last_output = layers.LSTM(32, name="lstm")(rows)
    reader = models.Model(rows, layers.Dense(10, activation="softmax", name="digit")(last_output),
                          name="row_reader")
    reader.compile(optimizer=optimizers.Adam(lr=0.01), loss="categorical_crossentropy",
                   metrics=["accuracy"])
    reader.summary()
    lstm_history = reader.fit(digits.train.images.reshape(-1, 8, 8), digits.train.labels,
                              batch_size=100, epochs=8, verbose=0)
    _, lstm_accuracy = reader.evaluate(digits.test.images.reshape(-1, 8, 8),
                                       digits.test.labels, verbose=0)
    print("LSTM test accuracy after 8 epochs: %.3f" % lstm_accuracy)
    """),
    md("""
    The model draws one box per layer; `level="ops"` shows the graph underneath, which starts
    collapsed (a box per layer, the backward pass, the optimizer aside) because it has hundreds
    of ops: the LSTM's loop among them.
    """),
    code("""
    tf.render(reader)
    """),
    code("""
    tf.render(reader, level="ops", title="the LSTM model's training step, collapsed")
    """),
]
