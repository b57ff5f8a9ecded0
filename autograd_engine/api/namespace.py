"""What a namespace module exports, from the one place it names it: its imports."""


def exported_names(module_globals):
    """A namespace module's ``__all__``: every name it binds that does not start with an
    underscore (a namespace imports anything else it needs under a private name).

    >>> exported_names({"relu": None, "__doc__": "", "_private": None, "conv2d": None})
    ['conv2d', 'relu']
    """
    return sorted(name for name in module_globals if not name.startswith("_"))


__all__ = ["exported_names"]
