"""The default session: the innermost ``with sess:`` / ``sess.as_default()`` Session of the
calling thread, which ``Tensor.eval()``, ``Operation.run()`` and ``Variable.eval()`` use.

It lives beside the graph (as TF1 keeps it in ``framework/ops.py``) so that tensors and
Variables can find their session without importing the client; the client only pushes
Sessions onto the stack.
"""
import threading


class DefaultSessionStack(threading.local):
    """Each thread's stack of default Sessions (a Session entered on one thread is not the
    default on another)."""

    def __init__(self):
        super().__init__()
        self.stack = []

    def get_controller(self, session):
        """A context manager that makes ``session`` the default while it is entered."""
        stack = self.stack

        class _Controller:
            def __enter__(self_inner):
                stack.append(session)
                return session

            def __exit__(self_inner, *exc):
                # Exits may come out of order (an InteractiveSession closed inside a `with`):
                # remove this session's innermost entry, wherever it is.
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i] is session:
                        del stack[i]
                        break
                return False
        return _Controller()


default_session_stack = DefaultSessionStack()


def get_default_session():
    """The innermost ``with sess:`` / ``sess.as_default()`` Session, or None."""
    stack = default_session_stack.stack
    return stack[-1] if stack else None


def session_for(session, graph, what):
    """``session``, or the default session when it is None, checked to run ``graph``; ``what``
    names the caller (``"Tensor.eval()"``) in the error when there is none."""
    if session is None:
        session = get_default_session()
        if session is None:
            raise ValueError(
                "Cannot evaluate tensor using `%s`: No default session is registered. Use "
                "`with sess.as_default()` (or `with tf.Session() as sess:`) or pass an explicit "
                "session, e.g. `%s`." % (what, what.replace("()", "(session=sess)")))
    if session.graph is not graph:
        raise ValueError("Cannot use the given session to evaluate tensor: the tensor's graph is "
                         "different from the session's graph.")
    return session
