"""TF1's input pipeline functions (``tf.train.string_input_producer``, ``batch``,
``shuffle_batch``...), as TF1's training/input.py builds them: each adds a queue and a
QueueRunner (to the ``QUEUE_RUNNERS`` collection, started by ``tf.train.start_queue_runners``)
that keeps the queue filled, and returns the queue or its dequeue.

``num_epochs`` counts with a local Variable ``epochs`` (``tf.local_variables_initializer()``
initializes it); once it is reached the producer's enqueue fails with ``OutOfRangeError``, its
runner closes the queue, and dequeues after the last element raise ``OutOfRangeError``.
"""
from ..framework import dtypes
from ..framework.graph import GraphKeys, control_dependencies, name_scope
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape, as_shape
from ..ops.array_ops import identity
from ..ops.check_ops import Assert
from ..ops.constant_op import constant, constant_value, convert_to_tensor
from ..ops.control_flow_ops import cond
from ..ops.mask_ops import boolean_mask
from ..ops.data_flow_ops import FIFOQueue, PaddingFIFOQueue, RandomShuffleQueue
from ..ops.elementwise_binary_ops import greater, maximum
from ..ops.elementwise_unary_ops import cast
from ..ops.gather_ops import gather
from ..ops.io_ops import matching_files
from ..ops.random_ops_extra import random_shuffle
from ..ops.range_ops import range as range_op
from ..ops.shape_ops import shape, size
from ..ops.state_ops import count_up_to
from ..ops.variables import Variable
from ..summary.summary_ops import scalar as scalar_summary
from .queue_runner import QueueRunner, add_queue_runner


def match_filenames_once(pattern, name=None):
    """A local Variable holding the files matching ``pattern``, listed once, when
    ``tf.local_variables_initializer()`` runs."""
    with name_scope(name, "matching_filenames", [pattern]) as scope:
        return Variable(name=scope, initial_value=matching_files(pattern), trainable=False,
                        validate_shape=False, collections=[GraphKeys.LOCAL_VARIABLES])


def limit_epochs(tensor, num_epochs=None, name=None):
    """``tensor``, which raises ``OutOfRangeError`` once it has been evaluated ``num_epochs``
    times (None: no limit); the count is a local Variable ``epochs``."""
    if num_epochs is None:
        return tensor
    if num_epochs <= 0:
        raise ValueError("num_epochs must be > 0 not %d." % num_epochs)
    with name_scope(name, "limit_epochs", [tensor]) as scope:
        epochs = Variable(convert_to_tensor(0, dtypes.int64), name="epochs", trainable=False,
                          collections=[GraphKeys.LOCAL_VARIABLES])
        counter = count_up_to(epochs, num_epochs)
        with control_dependencies([counter]):
            return identity(tensor, name=scope)


def input_producer(input_tensor, element_shape=None, num_epochs=None, shuffle=True, seed=None,
                   capacity=32, shared_name=None, summary_name=None, name=None, cancel_op=None):
    """A FIFOQueue filled, by a QueueRunner, with the rows of ``input_tensor`` (shuffled
    within each epoch when ``shuffle``), ``num_epochs`` times or forever."""
    with name_scope(name, "input_producer", [input_tensor]):
        input_tensor = convert_to_tensor(input_tensor, name="input_tensor")
        element_shape = input_tensor.shape[1:].merge_with(
            TensorShape(None) if element_shape is None else as_shape(element_shape)) \
            if input_tensor.shape.ndims is not None else as_shape(element_shape) \
            if element_shape is not None else TensorShape(None)
        if not element_shape.is_fully_defined():
            raise ValueError("Either `input_tensor` must have a fully defined shape or "
                             "`element_shape` must be specified")
        if shuffle:
            input_tensor = random_shuffle(input_tensor, seed=seed)
        input_tensor = limit_epochs(input_tensor, num_epochs)
        queue = FIFOQueue(capacity=capacity, dtypes=[input_tensor.dtype],
                          shapes=[element_shape], shared_name=shared_name,
                          name=name or "fifo_queue")
        enqueue = queue.enqueue_many([input_tensor])
        add_queue_runner(QueueRunner(queue, [enqueue], cancel_op=cancel_op))
        if summary_name is not None:
            scalar_summary(summary_name, cast(queue.size(), dtypes.float32) * (1.0 / capacity))
        return queue


def string_input_producer(string_tensor, num_epochs=None, shuffle=True, seed=None,
                          capacity=32, shared_name=None, name=None, cancel_op=None):
    """A queue of the strings (file names, usually) in ``string_tensor``, for a reader.

    >>> import autograd_engine as tf
    >>> names = tf.train.string_input_producer(["a.csv", "b.csv"], num_epochs=1,
    ...                                        shuffle=False)
    >>> with tf.Session() as sess:
    ...     sess.run(tf.local_variables_initializer())
    ...     coord = tf.train.Coordinator()
    ...     threads = tf.train.start_queue_runners(sess, coord)
    ...     print(sess.run(names.dequeue_up_to(5)))
    ...     coord.request_stop(); coord.join(threads)
    [b'a.csv' b'b.csv']
    """
    not_null_err = "string_input_producer requires a non-null input tensor"
    if not isinstance(string_tensor, TensorLike) and not len(string_tensor):
        raise ValueError(not_null_err)
    with name_scope(name, "input_producer", [string_tensor]) as scope:
        string_tensor = convert_to_tensor(string_tensor, dtype=dtypes.string)
        with control_dependencies([Assert(greater(size(string_tensor), 0), [not_null_err])]):
            string_tensor = identity(string_tensor)
        return input_producer(string_tensor, [], num_epochs, shuffle, seed, capacity,
                              shared_name, "fraction_of_%d_full" % capacity, scope, cancel_op)


def range_input_producer(limit, num_epochs=None, shuffle=True, seed=None, capacity=32,
                         shared_name=None, name=None):
    """A queue of the integers 0 .. ``limit`` - 1 (int32)."""
    with name_scope(name, "input_producer", [limit]) as scope:
        return input_producer(range_op(limit), [], num_epochs, shuffle, seed, capacity,
                              shared_name, "fraction_of_%d_full" % capacity, scope)


def slice_input_producer(tensor_list, num_epochs=None, shuffle=True, seed=None, capacity=32,
                         shared_name=None, name=None):
    """One slice (along the first dimension) of each tensor of ``tensor_list`` at a time: the
    same index in all of them."""
    with name_scope(name, "input_producer", tensor_list):
        tensor_list = [convert_to_tensor(t) for t in tensor_list]
        if not tensor_list:
            raise ValueError("Expected at least one tensor in slice_input_producer().")
        queue = range_input_producer(shape(tensor_list[0])[0], num_epochs=num_epochs,
                                     shuffle=shuffle, seed=seed, capacity=capacity,
                                     shared_name=shared_name)
        index = queue.dequeue()
        return [gather(t, index) for t in tensor_list]


# ------------------------------------------------------------------ batching
def _as_tensor_list(tensors):
    if isinstance(tensors, dict):
        return [tensors[k] for k in sorted(tensors, key=str)]
    return tensors


def _as_original_type(original, dequeued):
    if isinstance(original, dict):
        if len(original) == 1:
            dequeued = [dequeued]
        return {k: dequeued[i] for i, k in enumerate(sorted(original, key=str))}
    return dequeued


def _validate(tensor_list, what="batch()"):
    if isinstance(tensor_list, TensorLike) or not isinstance(tensor_list, (list, tuple)):
        tensor_list = [tensor_list]
    tensor_list = [convert_to_tensor(t) for t in tensor_list]
    if not tensor_list:
        raise ValueError("Expected at least one tensor in %s." % what)
    return tensor_list


def _dtypes(tensor_list_list):
    types = [t.dtype for t in tensor_list_list[0]]
    for other in tensor_list_list[1:]:
        if [t.dtype for t in other] != types:
            raise TypeError("Expected types to be consistent: %s vs. %s."
                            % (", ".join(t.name for t in types),
                               ", ".join(t.dtype.name for t in other)))
    return types


def _shapes(tensor_list_list, shapes, enqueue_many):
    if shapes is not None:
        return shapes
    merged = []
    for i in range(len(tensor_list_list[0])):
        shape_i = None
        for tensor_list in tensor_list_list:
            tensor = tensor_list[i]
            if tensor.shape.ndims is None:
                raise ValueError("Cannot infer Tensor's rank: %s" % tensor)
            this = tensor.shape[1:] if enqueue_many else tensor.shape
            shape_i = this if shape_i is None else shape_i.merge_with(this)
        merged.append(shape_i)
    return merged


def _queue(dynamic_pad, capacity, types, shapes, shared_name):
    queue_class = PaddingFIFOQueue if dynamic_pad else FIFOQueue
    return queue_class(capacity=capacity, dtypes=types, shapes=shapes, shared_name=shared_name)


def _dequeue(queue, batch_size, allow_smaller_final_batch, name):
    if allow_smaller_final_batch:
        return queue.dequeue_up_to(batch_size, name=name)
    return queue.dequeue_many(batch_size, name=name)


def _validate_keep_input(keep_input, enqueue_many):
    keep_input = convert_to_tensor(keep_input, dtype=dtypes.bool)
    if keep_input.shape.ndims is None:
        raise ValueError("`keep_input` dimensions must be known at graph construction.")
    if not enqueue_many and keep_input.shape.ndims == 1:
        raise ValueError("`keep_input` cannot be a vector when `enqueue_many=False`.")
    if keep_input.shape.ndims > 1:
        raise ValueError("`keep_input` must be 0 or 1 dimensions.")
    return keep_input


def _fill(queue, tensor_list_list, enqueue_many, keep_input=True, threads=1):
    """Adds the QueueRunner enqueuing each tensor list (``threads`` times over); only what
    ``keep_input`` keeps: all or nothing (a scalar), or the rows it marks (a vector)."""
    enqueue = queue.enqueue_many if enqueue_many else queue.enqueue
    keep = _validate_keep_input(keep_input, enqueue_many)
    static_keep = constant_value(keep)
    ops = []
    for tensor_list in tensor_list_list:
        if keep.shape.ndims == 1:
            ops.append(enqueue([boolean_mask(t, keep) for t in tensor_list]))
        elif static_keep is not None and bool(static_keep):
            ops.append(enqueue(tensor_list))
        else:
            ops.append(_enqueue_if(keep, lambda tensor_list=tensor_list: enqueue(tensor_list)))
    add_queue_runner(QueueRunner(queue, ops * threads))


def _enqueue_if(keep, make_enqueue):
    """The op running ``make_enqueue()`` only when ``keep`` is true (a tf.cond)."""
    def kept():
        with control_dependencies([make_enqueue()]):
            return constant(True)
    return cond(keep, kept, lambda: constant(False)).op


def _fraction_full(queue, capacity):
    scalar_summary("fraction_of_%d_full" % capacity,
                   cast(queue.size(), dtypes.float32) * (1.0 / capacity))


def _fraction_over(queue, capacity, min_after_dequeue):
    full = cast(maximum(0, queue.size() - min_after_dequeue), dtypes.float32) * \
        (1.0 / (capacity - min_after_dequeue))
    scalar_summary("fraction_over_%d_of_%d_full" % (min_after_dequeue,
                                                   capacity - min_after_dequeue), full)


def _batch(tensors_list, batch_size, capacity, enqueue_many, shapes, dynamic_pad,
           allow_smaller_final_batch, shared_name, name, default_name, num_threads=1,
           keep_input=True):
    with name_scope(name, default_name) as scope:
        tensor_list_list = [_validate(_as_tensor_list(t), default_name + "()")
                            for t in tensors_list]
        types = _dtypes(tensor_list_list)
        queue = _queue(dynamic_pad, capacity, types,
                       _shapes(tensor_list_list, shapes, enqueue_many), shared_name)
        _fill(queue, tensor_list_list, enqueue_many, keep_input, num_threads)
        _fraction_full(queue, capacity)
        dequeued = _dequeue(queue, batch_size, allow_smaller_final_batch, scope)
        return _as_original_type(tensors_list[0], dequeued)


def batch(tensors, batch_size, num_threads=1, capacity=32, enqueue_many=False, shapes=None,
          dynamic_pad=False, allow_smaller_final_batch=False, shared_name=None, name=None):
    """Batches of ``tensors`` (a list or dict of tensors, or one tensor), filled by
    ``num_threads`` threads; ``dynamic_pad`` pads unknown dimensions per batch;
    ``allow_smaller_final_batch`` gives a last, smaller batch at the end of input.

    >>> import autograd_engine as tf
    >>> x = tf.train.range_input_producer(10, shuffle=False).dequeue()
    >>> xs = tf.train.batch([x], batch_size=4)
    >>> with tf.Session() as sess:
    ...     coord = tf.train.Coordinator()
    ...     threads = tf.train.start_queue_runners(sess, coord)
    ...     print(sess.run(xs))
    ...     coord.request_stop(); coord.join(threads)
    [0 1 2 3]
    """
    return _batch([tensors], batch_size, capacity, enqueue_many, shapes, dynamic_pad,
                  allow_smaller_final_batch, shared_name, name, "batch", num_threads)


def batch_join(tensors_list, batch_size, capacity=32, enqueue_many=False, shapes=None,
               dynamic_pad=False, allow_smaller_final_batch=False, shared_name=None, name=None):
    """Batches of the tensors of ``tensors_list`` (lists of tensors of the same dtypes), one
    thread enqueueing each list, so different readers fill one batch."""
    return _batch(list(tensors_list), batch_size, capacity, enqueue_many, shapes, dynamic_pad,
                  allow_smaller_final_batch, shared_name, name, "batch_join")


def _shuffle_batch(tensors_list, batch_size, capacity, min_after_dequeue, seed, enqueue_many,
                   shapes, allow_smaller_final_batch, shared_name, name, default_name,
                   num_threads=1, keep_input=True):
    with name_scope(name, default_name) as scope:
        if capacity <= min_after_dequeue:
            raise ValueError("capacity %d must be bigger than min_after_dequeue %d."
                             % (capacity, min_after_dequeue))
        tensor_list_list = [_validate(_as_tensor_list(t), default_name + "()")
                            for t in tensors_list]
        types = _dtypes(tensor_list_list)
        queue = RandomShuffleQueue(capacity=capacity, min_after_dequeue=min_after_dequeue,
                                   seed=seed, dtypes=types,
                                   shapes=_shapes(tensor_list_list, shapes, enqueue_many),
                                   shared_name=shared_name)
        _fill(queue, tensor_list_list, enqueue_many, keep_input, num_threads)
        _fraction_over(queue, capacity, min_after_dequeue)
        dequeued = _dequeue(queue, batch_size, allow_smaller_final_batch, scope)
        return _as_original_type(tensors_list[0], dequeued)


def shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, num_threads=1, seed=None,
                  enqueue_many=False, shapes=None, allow_smaller_final_batch=False,
                  shared_name=None, name=None):
    """Batches of ``tensors`` drawn at random from a queue holding at least
    ``min_after_dequeue`` elements (until the input ends), filled by ``num_threads``."""
    return _shuffle_batch([tensors], batch_size, capacity, min_after_dequeue, seed,
                          enqueue_many, shapes, allow_smaller_final_batch, shared_name, name,
                          "shuffle_batch", num_threads)


def shuffle_batch_join(tensors_list, batch_size, capacity, min_after_dequeue, seed=None,
                       enqueue_many=False, shapes=None, allow_smaller_final_batch=False,
                       shared_name=None, name=None):
    """:func:`shuffle_batch` of several tensor lists, one enqueueing thread each."""
    return _shuffle_batch(list(tensors_list), batch_size, capacity, min_after_dequeue, seed,
                          enqueue_many, shapes, allow_smaller_final_batch, shared_name, name,
                          "shuffle_batch_join")


def maybe_batch(tensors, keep_input, batch_size, num_threads=1, capacity=32,
                enqueue_many=False, shapes=None, dynamic_pad=False,
                allow_smaller_final_batch=False, shared_name=None, name=None):
    """:func:`batch` of only the inputs ``keep_input`` keeps: a bool scalar (the whole
    element), or with ``enqueue_many`` a bool vector marking the rows to keep."""
    return _batch([tensors], batch_size, capacity, enqueue_many, shapes, dynamic_pad,
                  allow_smaller_final_batch, shared_name, name, "batch", num_threads,
                  keep_input)


def maybe_batch_join(tensors_list, keep_input, batch_size, capacity=32, enqueue_many=False,
                     shapes=None, dynamic_pad=False, allow_smaller_final_batch=False,
                     shared_name=None, name=None):
    """:func:`batch_join` of only the inputs ``keep_input`` keeps (see :func:`maybe_batch`)."""
    return _batch(list(tensors_list), batch_size, capacity, enqueue_many, shapes, dynamic_pad,
                  allow_smaller_final_batch, shared_name, name, "batch_join",
                  keep_input=keep_input)


def maybe_shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, keep_input,
                        num_threads=1, seed=None, enqueue_many=False, shapes=None,
                        allow_smaller_final_batch=False, shared_name=None, name=None):
    """:func:`shuffle_batch` of only the inputs ``keep_input`` keeps (see
    :func:`maybe_batch`)."""
    return _shuffle_batch([tensors], batch_size, capacity, min_after_dequeue, seed,
                          enqueue_many, shapes, allow_smaller_final_batch, shared_name, name,
                          "shuffle_batch", num_threads, keep_input)


def maybe_shuffle_batch_join(tensors_list, batch_size, capacity, min_after_dequeue,
                             keep_input, seed=None, enqueue_many=False, shapes=None,
                             allow_smaller_final_batch=False, shared_name=None, name=None):
    """:func:`shuffle_batch_join` of only the inputs ``keep_input`` keeps."""
    return _shuffle_batch(list(tensors_list), batch_size, capacity, min_after_dequeue, seed,
                          enqueue_many, shapes, allow_smaller_final_batch, shared_name, name,
                          "shuffle_batch_join", keep_input=keep_input)


__all__ = ["match_filenames_once", "limit_epochs", "input_producer", "string_input_producer",
           "range_input_producer", "slice_input_producer", "batch", "batch_join",
           "shuffle_batch", "shuffle_batch_join", "maybe_batch", "maybe_batch_join",
           "maybe_shuffle_batch", "maybe_shuffle_batch_join"]
