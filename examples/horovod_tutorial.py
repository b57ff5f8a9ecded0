"""The TF1 tutorial trained on several processes with Horovod's API (``autograd_engine.horovod``).

Run it on 4 processes of this machine::

    python -m autograd_engine.horovod.run -np 4 python examples/horovod_tutorial.py

Each rank trains on its own quarter of the training set (every size()-th example) with a
quarter of the tutorial's batch of 100; the DistributedOptimizer averages the gradients, so all
ranks hold the same weights after every step, and the learning rate is scaled by the number of
ranks (the tutorial's loss is a sum over the batch: the step is then the tutorial's step on the
global batch of 100, computed in 4 parts). Rank 0 alone writes checkpoints (``--checkpoint_dir``) and prints. Killed and
relaunched, the job resumes from rank 0's last checkpoint on every rank.

tests/test_horovod_local.py runs it in one process for a few steps.
"""
import argparse

import autograd_engine as tf
import autograd_engine.horovod as hvd
from autograd_engine.examples.tutorials.mnist import input_data


def build_model(learning_rate):
    x = tf.placeholder(tf.float32, [None, 784])
    y_ = tf.placeholder(tf.float32, [None, 10])
    W = tf.Variable(tf.zeros([784, 10]))  # noqa: N806 - the tutorial's names
    b = tf.Variable(tf.zeros([10]))
    y = tf.nn.softmax(tf.matmul(x, W) + b)
    cross_entropy = -tf.reduce_sum(y_ * tf.log(y))
    step = tf.train.get_or_create_global_step()
    # Horovod: scale the learning rate by the number of ranks, average the gradients.
    opt = hvd.DistributedOptimizer(tf.train.GradientDescentOptimizer(learning_rate * hvd.size()))
    train_step = opt.minimize(cross_entropy, global_step=step)
    correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, "float"))
    return x, y_, train_step, accuracy


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=1000, help="global steps (all ranks)")
    parser.add_argument("--batch", type=int, default=100,
                        help="examples per step, all ranks together (each takes its part)")
    parser.add_argument("--learning_rate", type=float, default=0.01)
    parser.add_argument("--checkpoint_dir", default=None)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    hvd.init()
    tf.reset_default_graph()
    mnist = input_data.read_data_sets(None, one_hot=True)
    # Horovod: each rank its own shard of the training set.
    images = mnist.train.images[hvd.rank()::hvd.size()]
    labels = mnist.train.labels[hvd.rank()::hvd.size()]
    shard = input_data.DataSet(images, labels, reshape=False)
    x, y_, train_step, accuracy = build_model(args.learning_rate)

    hooks = [hvd.BroadcastGlobalVariablesHook(0)]  # everyone starts from rank 0's values
    # Horovod: only rank 0 writes checkpoints (and restores them; the hook shares them).
    checkpoint_dir = args.checkpoint_dir if hvd.rank() == 0 else None
    with tf.train.MonitoredTrainingSession(checkpoint_dir=checkpoint_dir, hooks=hooks,
                                           save_checkpoint_steps=100,
                                           log_step_count_steps=None) as sess:
        done = 0
        while done < args.steps:
            batch_xs, batch_ys = shard.next_batch(max(1, args.batch // hvd.size()))
            done = sess.run([train_step, tf.train.get_global_step()],
                            feed_dict={x: batch_xs, y_: batch_ys})[1] + 1
        test_accuracy = float(sess.run(accuracy, feed_dict={x: mnist.test.images,
                                                            y_: mnist.test.labels}))
    if hvd.rank() == 0 and not args.quiet:
        print("ranks: %d  steps: %d  test accuracy: %.4f" % (hvd.size(), done, test_accuracy))
    return test_accuracy


if __name__ == "__main__":
    main()
