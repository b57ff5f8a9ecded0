"""Looking up Keras objects by name, and their config form (``get``, ``serialize``,
``deserialize`` of ``keras.constraints``, ``keras.regularizers`` and ``keras.initializers``)."""


def snake_to_class(table, identifier, kind):
    """The entry of ``table`` named ``identifier`` (a name or ``{"class_name", "config"}``)."""
    if isinstance(identifier, dict):
        cls = table.get(identifier.get("class_name"))
        if cls is None:
            raise ValueError("Unknown %s: %r" % (kind, identifier.get("class_name")))
        return cls(**identifier.get("config", {}))
    if identifier not in table:
        raise ValueError("Unknown %s: %r. Valid names: %s" % (kind, identifier,
                                                             ", ".join(sorted(table))))
    return table[identifier]()


def getter(table, kind):
    """``get(identifier)``: None, a callable as is, or one made from a name or a config."""
    def get(identifier):
        if identifier is None or (callable(identifier) and not isinstance(identifier, dict)):
            return identifier
        if isinstance(identifier, (str, dict)):
            return snake_to_class(table, identifier, kind)
        raise ValueError("Could not interpret %s identifier: %r" % (kind, identifier))
    return get


def serialize(instance):
    """``{"class_name": ..., "config": ...}`` of an object with ``get_config``."""
    return {"class_name": type(instance).__name__, "config": instance.get_config()}


__all__ = ["getter", "serialize", "snake_to_class"]
