"""Where in the user's code a graph element was created, so errors can point at that line."""
import linecache
import os
import sys

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


class SourceLocation:
    """A file, line and function of user code (the first frame outside autograd_engine).

    Only a location captured from a frame of this process (``readable=True``) shows its source
    line: that file is code Python already ran. A location read from a file (a meta graph) is
    shown as its name and line only and never opened, since it may name a FIFO, ``/dev/stdin``
    (a read would hang) or a file whose contents must not leak into error messages.

    >>> str(SourceLocation("/dev/stdin", 3, "main"))
    '/dev/stdin:3 (in main)'
    """

    __slots__ = ("filename", "lineno", "function", "readable")

    def __init__(self, filename, lineno, function, readable=False):
        self.filename = filename
        self.lineno = lineno
        self.function = function
        self.readable = readable

    @property
    def source_line(self):
        if not self.readable:
            return ""
        return linecache.getline(self.filename, self.lineno).strip()

    def __str__(self):
        where = "%s:%d" % (self.filename, self.lineno)
        line = self.source_line
        return "%s (in %s)%s" % (where, self.function, ": " + line if line else "")


def capture_user_location():
    """Walks up the stack to the first frame that is not inside this package."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
    if frame is None:
        return None
    return SourceLocation(frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name,
                          readable=True)


def user_stacklevel():
    """The ``stacklevel`` that makes ``warnings.warn``, called by the caller of this function,
    name the first frame of user code (outside this package)."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame, level = frame.f_back, level + 1
    return level
