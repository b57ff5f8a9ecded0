"""The classic TF1 queue input pipeline, training a small model on CSV files:

    file names --string_input_producer--> TextLineReader --decode_csv--> shuffle_batch --> model

Queue runner threads read the files (``num_epochs`` passes, shuffled) while the main thread
trains; the loop ends when the input does, with TF1's ``OutOfRangeError``:

    python examples/queue_pipeline.py

>>> result = main(verbose=False)
>>> result["steps"], [round(w, 1) for w in result["weights"]], round(result["bias"], 1)
(120, [2.0, -3.0], 1.0)
"""
import os
import tempfile

import numpy as np

import autograd_engine as tf

TRUE_WEIGHTS, TRUE_BIAS = (2.0, -3.0), 1.0


def write_csv_files(folder, files=4, rows_per_file=50, seed=0):
    """``files`` CSV files of rows ``x1,x2,y`` with y = 2 x1 - 3 x2 + 1 + noise, and a header."""
    rng = np.random.default_rng(seed)
    paths = []
    for index in range(files):
        x = rng.uniform(-1, 1, (rows_per_file, 2))
        y = x @ np.array(TRUE_WEIGHTS) + TRUE_BIAS + rng.normal(0, 0.01, rows_per_file)
        path = os.path.join(folder, "part-%02d.csv" % index)
        with open(path, "w") as f:
            f.write("x1,x2,y\n")
            for (x1, x2), target in zip(x, y):
                f.write("%.6f,%.6f,%.6f\n" % (x1, x2, target))
        paths.append(path)
    return paths


def build_pipeline(paths, num_epochs, batch_size):
    """Batches of (features [batch, 2], targets [batch]) read from ``paths``."""
    filename_queue = tf.train.string_input_producer(paths, num_epochs=num_epochs, seed=1)
    reader = tf.TextLineReader(skip_header_lines=1)
    _, line = reader.read(filename_queue)
    x1, x2, y = tf.decode_csv(line, record_defaults=[[0.0], [0.0], [0.0]])
    features = tf.stack([x1, x2])
    return tf.train.shuffle_batch([features, y], batch_size=batch_size, capacity=200,
                                  min_after_dequeue=50, num_threads=2, seed=2)


def main(verbose=True, num_epochs=6, batch_size=10):
    folder = tempfile.mkdtemp(prefix="queue_pipeline")
    paths = write_csv_files(folder)
    features, targets = build_pipeline(paths, num_epochs, batch_size)
    weights = tf.Variable(tf.zeros([2, 1]), name="weights")
    bias = tf.Variable(0.0, name="bias")
    predictions = tf.squeeze(tf.matmul(features, weights), 1) + bias
    loss = tf.reduce_mean(tf.square(predictions - targets))
    train_op = tf.train.GradientDescentOptimizer(0.3).minimize(loss)

    with tf.Session() as sess:
        # num_epochs counts with a local variable: initialize both kinds
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        steps = 0
        try:
            while not coord.should_stop():
                _, loss_value = sess.run([train_op, loss])
                steps += 1
                if verbose and steps % 20 == 0:
                    print("step %d: loss %.5f" % (steps, loss_value))
        except tf.errors.OutOfRangeError:
            if verbose:
                print("Done: %d epochs read in %d steps." % (num_epochs, steps))
        finally:
            coord.request_stop()
        coord.join(threads)
        learned_weights, learned_bias = sess.run([weights, bias])
    return {"steps": steps, "weights": learned_weights[:, 0].tolist(),
            "bias": float(learned_bias)}


if __name__ == "__main__":
    print(main())
