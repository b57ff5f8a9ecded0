"""Tensors kept in a Session between runs: ``tf.get_session_handle``, ``tf.get_session_tensor``
and ``tf.delete_session_tensor``, as TF1.

Running ``get_session_handle(x)`` stores ``x``'s value in the Session and returns a
:class:`TensorHandle` with ``.handle`` (the string to feed), ``.eval()`` and ``.delete()``. ``get_session_tensor(handle, dtype)`` returns ``(holder,
tensor)``: feed the handle to ``holder`` and ``tensor`` is the stored value.
``delete_session_tensor(handle)`` returns ``(holder, deleter)``: running ``deleter`` with the
handle fed frees the value. Values live in the Session that stored them (a handle is unknown to
another Session) until deleted or the Session closes.

>>> import autograd_engine as tf
>>> with tf.Session() as sess:
...     h = sess.run(tf.get_session_handle(tf.constant(10) * 5))
...     holder, stored = tf.get_session_tensor(h.handle, tf.int32)
...     int(sess.run(stored * 2, feed_dict={holder: h.handle}))
100
"""
import itertools

import numpy as np

from ..framework import dtypes, errors
from ..framework.default_session import get_default_session
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from .array_ops import placeholder
from .constant_op import convert_to_tensor
from .op_samples import OpSample
from .registry import OpDef, make_op, make_tensor, register

_STORE = "session_tensors"  # the key of a Session's stored values in ctx.resources
_counter = itertools.count()


class TensorHandle:
    """The handle of a tensor stored in a Session (what running ``get_session_handle`` gives):
    ``.handle`` is the string to feed, ``eval()`` reads the value and ``delete()`` frees it,
    both in the default Session."""

    def __init__(self, handle, dtype):
        self._handle, self._dtype = handle, dtype

    handle = property(lambda self: self._handle, doc="The handle string (bytes).")
    dtype = property(lambda self: self._dtype, doc="The stored value's dtype.")

    def __repr__(self):
        return "<TensorHandle %r (%s)>" % (self._handle.decode(errors="replace"),
                                         self._dtype.name)

    def eval(self):  # noqa: A003 - TF's name
        """The stored value, read in the default Session."""
        holder, tensor = get_session_tensor(self.handle, self.dtype)
        return _default_session("eval").run(tensor, feed_dict={holder: self.handle})

    def delete(self):
        """Frees the stored value in the default Session."""
        holder, deleter = delete_session_tensor(self.handle)
        _default_session("delete").run(deleter, feed_dict={holder: self.handle})


def _default_session(what):
    session = get_default_session()
    if session is None:
        raise ValueError("TensorHandle.%s() needs a default Session (`with sess.as_default():`)"
                         % what)
    return session


def _store(ctx):
    return ctx.resources.setdefault(_STORE, {})


def _handle_text(value):
    item = np.asarray(value, dtype=object).reshape(-1)[0]
    return item.handle if isinstance(item, TensorHandle) else bytes(item)


@register
class GetSessionHandleOp(OpDef):
    """Input: any tensor. Stores its value in the Session; output: its TensorHandle (a
    resource, as TF's GetSessionHandleV2 outputs)."""
    type_name = "GetSessionHandleV2"
    stateful = True
    differentiable = False
    host_only = True

    def infer(self, op):
        return [(dtypes.resource, TensorShape([]))]

    def kernel(self, op, ctx):
        store, dtype = _store(ctx), op.inputs[0].dtype

        def store_value(value):
            handle = TensorHandle(("%s;%d" % (op.name, next(_counter))).encode(), dtype)
            store[handle.handle] = np.array(value, copy=True)
            out = np.empty((), dtype=object)
            out[()] = handle
            return out
        return store_value

    def samples(self, rng):
        def is_handle(values):
            assert isinstance(values[0], TensorHandle), values
        return [OpSample(get_session_handle, rng.normal(size=(2, 3)), validate=is_handle,
                         deterministic=False)]


@register
class GetSessionTensorOp(OpDef):
    """Input: a handle (a string scalar, or the resource GetSessionHandleV2 outputs); attr
    dtype. Output: the value stored under it."""
    type_name = "GetSessionTensor"
    stateful = True
    differentiable = False
    host_only = True

    def infer(self, op):
        return [(op.attrs["dtype"], TensorShape(None))]

    def kernel(self, op, ctx):
        store, dtype = _store(ctx), op.attrs["dtype"]

        def read(handle):
            key = _handle_text(handle)
            if key not in store:
                raise errors.InvalidArgumentError(
                    None, op, "Session handle %r is not in this Session (deleted, or stored by "
                    "another Session)%s" % (key.decode(errors="replace"), op.creation_site()))
            value = store[key]
            if value.dtype != dtype.np_dtype:
                raise errors.InvalidArgumentError(
                    None, op, "Session handle %r holds %s, not %s"
                    % (key.decode(errors="replace"), value.dtype, dtype.name))
            return value.copy()
        return read

    def samples(self, rng):
        """Stored and read back in one run: the value passes through."""
        def stored_and_read(x):
            handle = get_session_handle(x)
            return make_tensor("GetSessionTensor", [handle], {"dtype": dtypes.float64})
        return [OpSample(stored_and_read, rng.normal(size=(3, 2)), reference=lambda x: x,
                         grad=())]


@register
class DeleteSessionTensorOp(OpDef):
    """Input: a handle. Frees the value stored under it; no outputs."""
    type_name = "DeleteSessionTensor"
    stateful = True
    differentiable = False
    host_only = True

    def infer(self, op):
        return []

    def kernel(self, op, ctx):
        store = _store(ctx)

        def delete(handle):
            key = _handle_text(handle)
            if store.pop(key, None) is None:
                raise errors.InvalidArgumentError(
                    None, op, "Session handle %r is not in this Session%s"
                    % (key.decode(errors="replace"), op.creation_site()))
        return delete

    def samples(self, rng):
        def nothing(*inputs):
            return []
        return [OpSample(lambda x: make_op("DeleteSessionTensor", [get_session_handle(x)]),
                         rng.normal(size=(2,)), reference=nothing)]


def get_session_handle(data, name=None):
    """An op storing ``data``'s value in the Session; running it returns a TensorHandle."""
    return make_tensor("GetSessionHandleV2", [convert_to_tensor(data)], {}, name)


def get_session_tensor(handle, dtype, name=None):
    """``(holder, tensor)``: feed ``handle`` to the string placeholder ``holder`` and
    ``tensor`` (of ``dtype``) is the value stored under it. (TF reads ``handle`` here only to
    place the ops on its device; stored values are on the host.)"""
    with get_default_graph().name_scope(name or "GetSessionTensor"):
        holder = placeholder(dtypes.string, [], name="handle")
        tensor = make_tensor("GetSessionTensor", [holder], {"dtype": dtypes.as_dtype(dtype)})
    return holder, tensor


def delete_session_tensor(handle, name=None):
    """``(holder, deleter)``: running ``deleter`` with ``handle`` fed to ``holder`` frees the
    stored value."""
    with get_default_graph().name_scope(name or "DeleteSessionTensor"):
        holder = placeholder(dtypes.string, [], name="handle")
        deleter = make_op("DeleteSessionTensor", [holder])
    return holder, deleter


__all__ = ["TensorHandle", "delete_session_tensor", "get_session_handle",
           "get_session_tensor"]
