"""The TF1 beginner tutorial (softmax regression), unchanged but for its import and data.

Runs on the handwritten digits shipped with the package, shown as 28x28 = 784-pixel rows like
MNIST, and prints the test accuracy every 200 steps::

    python -m autograd_engine.demo            # or: make demo
    python -m autograd_engine.demo --steps 300
"""
import argparse
import time

import autograd_engine as tf
from autograd_engine.examples.tutorials.mnist import input_data


class TutorialGraph:
    """The tensors of the tutorial's graph, by their names in the tutorial."""

    def __init__(self):
        # ---- the TF1 tutorial, as written for TensorFlow 1.x ----
        x = tf.placeholder(tf.float32, [None, 784])
        y_ = tf.placeholder(tf.float32, [None, 10])
        W = tf.Variable(tf.zeros([784, 10]))
        b = tf.Variable(tf.zeros([10]))
        y = tf.nn.softmax(tf.matmul(x, W) + b)
        cross_entropy = -tf.reduce_sum(y_ * tf.log(y))
        train_step = tf.train.GradientDescentOptimizer(0.01).minimize(cross_entropy)
        correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
        accuracy = tf.reduce_mean(tf.cast(correct, "float"))
        # ----
        self.x, self.y_, self.W, self.b, self.y = x, y_, W, b, y
        self.cross_entropy, self.train_step, self.accuracy = cross_entropy, train_step, accuracy


def write_picture(fetch, path):
    """Renders ``fetch``'s graph to ``path``; explains (and carries on) when graphviz is missing."""
    try:
        tf.render(fetch, path, title="The tutorial's train_step: forward, backward, updates")
    except (ImportError, tf.GraphvizNotFoundError) as e:
        print("(no picture of the graph: %s)" % str(e).splitlines()[0])
        return False
    print("wrote a picture of the training graph to %s" % path)
    return True


def run(argv=None):
    """Trains the tutorial model with the command-line options ``argv``; returns the final test
    accuracy (a float)."""
    parser = argparse.ArgumentParser(prog="autograd-engine-demo",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000, help="training steps (default 1000)")
    parser.add_argument("--data-dir", default=None,
                        help="a directory with the MNIST IDX files (default: the shipped digits)")
    parser.add_argument("--picture", default="tutorial_graph.png",
                        help="where to draw the graph of train_step (.png/.svg/.pdf; '' for none)")
    args = parser.parse_args(argv)

    tf.reset_default_graph()
    mnist = input_data.read_data_sets(args.data_dir, one_hot=True,
                                      source="auto" if args.data_dir else "digits")
    print("data: %d training and %d test images of %d pixels"
          % (mnist.train.num_examples, mnist.test.num_examples, mnist.train.images.shape[1]))

    model = TutorialGraph()
    x, y_, train_step, accuracy = model.x, model.y_, model.train_step, model.accuracy
    if args.picture:
        write_picture(train_step, args.picture)

    test_feed = {x: mnist.test.images, y_: mnist.test.labels}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        start = time.perf_counter()
        for i in range(args.steps):
            batch_xs, batch_ys = mnist.train.next_batch(100)
            sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})
            if (i + 1) % 200 == 0 or i + 1 == args.steps:
                print("step %4d  test accuracy %.4f" % (i + 1, sess.run(accuracy, test_feed)))
        elapsed = time.perf_counter() - start
        final = float(sess.run(accuracy, test_feed))
    print("final test accuracy: %.4f (%d steps in %.2f s)" % (final, args.steps, elapsed))
    return final


def main(argv=None):
    """The ``autograd-engine-demo`` console script: runs the demo and exits 0 (a console
    script's return value is its exit status, so the accuracy is printed, not returned)."""
    run(argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
