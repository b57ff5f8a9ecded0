"""Graph building from several threads, as TF1 does it: name scopes, control dependencies,
devices and variable scopes are per thread; the default graph is one global graph that every
thread shares, while ``with g.as_default()`` applies to its own thread only."""
import threading

import numpy as np

import autograd_engine as tf


def in_step(*steps):
    """Runs ``steps`` (generator functions) in as many threads, in lockstep: each ``yield``
    waits until every thread has reached its own, so one thread's part between two yields
    runs while the others are wherever they yielded (inside a scope, say). Every step yields
    as often. Returns each step's return value and re-raises the first error."""
    barrier = threading.Barrier(len(steps))
    results, errors = [None] * len(steps), []

    def target(index, step):
        try:
            generator = step()
            while True:
                try:
                    next(generator)
                except StopIteration as done:
                    results[index] = done.value
                    break
                barrier.wait(timeout=30)
        except BaseException as e:  # noqa: BLE001 - reported to the test's thread
            errors.append(e)
            barrier.abort()
    threads = [threading.Thread(target=target, args=(i, s)) for i, s in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    if errors:
        raise errors[0]
    return results


def test_name_scopes_are_per_thread():
    graph = tf.get_default_graph()

    def scoped():
        with tf.name_scope("inside"):
            yield
            yield  # the other thread builds while this scope is open
            return tf.constant(1.0, name="c").op.name

    def plain():
        yield
        name = tf.constant(2.0, name="c").op.name
        yield
        return name
    inside, outside = in_step(scoped, plain)
    assert inside == "inside/c"
    assert outside == "c"
    assert graph.get_name_scope() == ""
    assert {op.name for op in graph.get_operations()} == {inside, outside}


def test_control_dependencies_are_per_thread():
    gate = tf.no_op(name="gate")

    def dependent():
        with tf.control_dependencies([gate]):
            yield
            yield
            return tf.constant(1.0, name="after_gate").op

    def free():
        yield
        op = tf.constant(2.0, name="free").op
        yield
        return op
    after_gate, unrelated = in_step(dependent, free)
    assert after_gate.control_inputs == [gate]
    assert unrelated.control_inputs == []


def test_devices_are_per_thread():
    graph = tf.Graph()  # entered by both threads: the stacks are the graph's, per thread

    def pinned():
        with graph.as_default(), tf.device("/cpu:0"):
            yield
            yield
            return tf.constant(1.0).op.device

    def unpinned():
        with graph.as_default():
            yield
            device = tf.constant(2.0).op.device
            yield
            return device
    pinned_device, free_device = in_step(pinned, unpinned)
    assert pinned_device.endswith("CPU:0")
    assert free_device == ""


def test_variable_scopes_are_per_thread():
    graph = tf.Graph()

    def scoped():
        with graph.as_default(), tf.variable_scope("layer"):
            yield
            yield
            return tf.get_variable("w", [2]).op.name

    def top_level():
        with graph.as_default():
            yield
            name = tf.get_variable("v", [3]).op.name
            yield
            return name, tf.get_variable_scope().name
    assert in_step(scoped, top_level) == ["layer/w", ("v", "")]


def test_the_default_graph_is_shared_by_threads():
    main_graph = tf.get_default_graph()
    x = tf.placeholder(tf.float32, [2])
    doubled = x * 2.0

    def worker():
        yield
        # A Session made in a worker thread runs the main thread's graph (TF1's global default).
        with tf.Session() as sess:
            return tf.get_default_graph() is main_graph, sess.run(doubled, {x: [1.0, 2.0]})
    (same_graph, value), = in_step(worker)
    assert same_graph
    np.testing.assert_array_equal(value, [2.0, 4.0])


def test_as_default_applies_to_its_own_thread_only():
    main_graph = tf.get_default_graph()
    private = tf.Graph()

    def with_its_own_graph():
        with private.as_default():
            yield
            yield
            return tf.constant(1.0).graph

    def on_the_global_one():
        yield
        graph = tf.constant(2.0).graph
        yield
        return graph
    assert in_step(with_its_own_graph, on_the_global_one) == [private, main_graph]


def test_threads_building_at_once_get_unique_names():
    count = 200

    def build():
        yield
        return [tf.add(1.0, 2.0).op.name for _ in range(count)]
    names = sum(in_step(build, build, build, build), [])
    assert len(set(names)) == len(names) == 4 * count
