"""The TF1 beginner tutorial (DESIGN.md section 1) runs with only its import changed."""
import shutil

import numpy as np

import autograd_engine as tf
from autograd_engine.examples.tutorials.mnist import input_data


def test_tutorial_program_reaches_90_percent_on_the_shipped_digits():
    mnist = input_data.read_data_sets(None, one_hot=True, source="digits", seed=0)

    x = tf.placeholder(tf.float32, [None, 784])
    y_ = tf.placeholder(tf.float32, [None, 10])
    W = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))
    y = tf.nn.softmax(tf.matmul(x, W) + b)
    cross_entropy = -tf.reduce_sum(y_ * tf.log(y))
    train_step = tf.train.GradientDescentOptimizer(0.01).minimize(cross_entropy)
    correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, "float"))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        before = sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels})
        for _ in range(300):
            batch_xs, batch_ys = mnist.train.next_batch(100)
            sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})
        grads = tf.train.GradientDescentOptimizer(0.01).compute_gradients(cross_entropy)
        grad_values = sess.run([g for g, _ in grads],
                               feed_dict={x: mnist.test.images, y_: mnist.test.labels})
        after = sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels})

    assert isinstance(after, np.float32)
    assert before < 0.2
    assert after > 0.90
    assert [v.shape for v in grad_values] == [(784, 10), (10,)]
    assert all(np.isfinite(v).all() for v in grad_values)


def test_demo_module_runs_reports_accuracy_and_draws_its_graph(capsys, tmp_path):
    from autograd_engine import demo
    picture = tmp_path / "graph.png"
    final = demo.run(["--steps", "1000", "--picture", str(picture)])  # unseeded, as TF1
    out = capsys.readouterr().out
    assert "step 1000  test accuracy" in out
    assert final > 0.90
    if shutil.which("dot"):
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert "wrote a picture of the training graph" in out
    else:
        assert "no picture of the graph" in out
