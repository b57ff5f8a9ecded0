"""The core of ``tf.flags`` (see :mod:`autograd_engine.api.flags`): the flag registry
``FlagValues`` with its command-line parser, ``FLAGS``, the errors and the ``DEFINE_*`` of the
common flag types."""
import sys


class Error(Exception):
    """The base of the flag errors (absl's ``flags.Error``)."""


class IllegalFlagValueError(Error):
    """A flag's value cannot be parsed, is not allowed, or a required flag is missing."""


class UnrecognizedFlagError(Error):
    """A flag on the command line that no ``DEFINE_*`` registered."""


class DuplicateFlagError(Error):
    """A second ``DEFINE_*`` of one name."""


class ValidationError(Error):
    """A validator refused a flag's value."""


class UnparsedFlagAccessError(Error):
    """A flag read before the command line was parsed (only without TF1's lazy parsing)."""


_TRUE, _FALSE = ("true", "t", "1", "yes", "y"), ("false", "f", "0", "no", "n")


def parse_bool(text):
    if isinstance(text, bool):
        return text
    lowered = str(text).lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError("Non-boolean argument to boolean flag: %r" % (text,))


def _parse_list(text):
    if isinstance(text, (list, tuple)):
        return list(text)
    return [part.strip() for part in str(text).split(",") if part.strip()]


class Flag:
    """One flag: its name, parser, default, help text, and current value."""

    def __init__(self, name, default, help_text, parse, kind, enum_values=None):
        self.name, self.help, self.parse, self.kind = name, help_text, parse, kind
        self.enum_values = enum_values
        self.present = False
        self.default = None if default is None else self.convert(default)
        self.value = self.default

    def convert(self, text):
        try:
            value = self.parse(text)
        except (TypeError, ValueError) as e:
            raise IllegalFlagValueError("flag --%s=%s: %s" % (self.name, text, e)) from None
        if self.enum_values is not None and value not in self.enum_values:
            raise IllegalFlagValueError("flag --%s=%s: value should be one of <%s>"
                                        % (self.name, text, "|".join(self.enum_values)))
        return value


class FlagValues:
    """The registry of flags (``FLAGS``): read a flag as an attribute; call it with ``argv``
    to parse, which returns the arguments that are not flags (``argv[0]`` first)."""

    def __init__(self):
        self.__dict__["_flags"] = {}
        self.__dict__["_parsed"] = False
        self.__dict__["_required"] = []
        self.__dict__["_validators"] = []

    def register(self, flag):
        if flag.name in self._flags:
            raise DuplicateFlagError("The flag '%s' is defined twice." % flag.name)
        self._flags[flag.name] = flag

    def __getattr__(self, name):
        flags = self.__dict__["_flags"]
        if name not in flags:
            raise AttributeError(name)
        if not self._parsed:  # TF1's tf.flags parses sys.argv on first use
            self(sys.argv, known_only=True)
        return flags[name].value

    def __setattr__(self, name, value):
        if name not in self._flags:
            raise AttributeError("no flag named %r: define it first" % name)
        self._flags[name].value = value

    def __contains__(self, name):
        return name in self._flags

    def register_alias(self, alias, original):
        if alias in self._flags:
            raise DuplicateFlagError("The flag '%s' is defined twice." % alias)
        self._flags[alias] = self._flags[original]

    def __iter__(self):
        return iter(list(self._flags))

    def is_parsed(self):
        return self._parsed

    def mark_as_parsed(self):
        self.__dict__["_parsed"] = True

    def flag_values_dict(self):
        """{name: value} of every flag."""
        return {name: flag.value for name, flag in self._flags.items()}

    def __call__(self, argv, known_only=False):
        argv = list(argv)
        rest, index = argv[:1], 1
        while index < len(argv):
            arg = argv[index]
            index += 1
            if arg == "--":
                rest.extend(argv[index:])
                break
            if not arg.startswith("-") or arg == "-":
                rest.append(arg)
                continue
            name, has_value, value = arg.lstrip("-").partition("=")
            flag = self._flags.get(name)
            if flag is None and name.startswith("no") and not has_value:
                negated = self._flags.get(name[2:])
                if negated is not None and negated.kind == "bool":
                    flag, value, has_value = negated, "false", True
            if flag is None:
                if known_only:
                    rest.append(arg)
                    continue
                raise UnrecognizedFlagError("Unknown command line flag '%s'" % name)
            if not has_value:
                if flag.kind == "bool":
                    value = "true"
                elif index < len(argv):
                    value, index = argv[index], index + 1
                else:
                    raise IllegalFlagValueError("Missing value for flag %s" % arg)
            value = flag.convert(value)
            if flag.kind == "multi" and flag.present:  # repeated: the values accumulate
                value = flag.value + value
            flag.value, flag.present = value, True
        for name, check, message in self._validators:
            if not check(self._flags[name].value):
                raise IllegalFlagValueError("flag --%s=%s: %s" % (name, self._flags[name].value,
                                                                   message))
        for name in self._required:
            if self._flags[name].value is None:
                raise IllegalFlagValueError("flag --%s must have a value other than None."
                                            % name)
        self.mark_as_parsed()
        return rest


FLAGS = FlagValues()


class FlagHolder:
    """What ``DEFINE_*`` returns (absl's): ``holder.value`` reads the flag."""

    def __init__(self, flag_values, flag):
        self._flag_values, self._flag = flag_values, flag

    flag = property(lambda self: self._flag, doc="The Flag object.")
    name = property(lambda self: self._flag.name)
    default = property(lambda self: self._flag.default)
    present = property(lambda self: self._flag.present)

    @property
    def value(self):
        return getattr(self._flag_values, self._flag.name)


def _define(kind, parse, name, default, help_text, flag_values, enum_values=None):
    values = flag_values if flag_values is not None else FLAGS
    flag = Flag(name, default, help_text, parse, kind, enum_values)
    values.register(flag)
    return FlagHolder(values, flag)


def DEFINE_string(name, default, help, flag_values=None, **_):  # noqa: N802,A002 - TF1's names
    """A string flag."""
    return _define("string", str, name, default, help, flag_values)


def DEFINE_integer(name, default, help, lower_bound=None, upper_bound=None,  # noqa: N802,A002
                   flag_values=None, **_):
    """An integer flag, optionally bounded."""
    def parse(text):
        value = int(text)
        if (lower_bound is not None and value < lower_bound) or \
                (upper_bound is not None and value > upper_bound):
            raise ValueError("%d is outside [%s, %s]" % (value, lower_bound, upper_bound))
        return value
    return _define("int", parse, name, default, help, flag_values)


def DEFINE_float(name, default, help, lower_bound=None, upper_bound=None,  # noqa: N802,A002
                 flag_values=None, **_):
    """A float flag, optionally bounded."""
    def parse(text):
        value = float(text)
        if (lower_bound is not None and value < lower_bound) or \
                (upper_bound is not None and value > upper_bound):
            raise ValueError("%g is outside [%s, %s]" % (value, lower_bound, upper_bound))
        return value
    return _define("float", parse, name, default, help, flag_values)


def DEFINE_boolean(name, default, help, flag_values=None, **_):  # noqa: N802,A002
    """A boolean flag: ``--name``, ``--noname``, ``--name=false``."""
    return _define("bool", parse_bool, name, default, help, flag_values)


DEFINE_bool = DEFINE_boolean


def DEFINE_list(name, default, help, flag_values=None, **_):  # noqa: N802,A002
    """A comma-separated list of strings."""
    return _define("list", _parse_list, name, default, help, flag_values)


def DEFINE_enum(name, default, enum_values, help, flag_values=None, **_):  # noqa: N802,A002
    """A string flag restricted to ``enum_values``."""
    return _define("enum", str, name, default, help, flag_values, list(enum_values))


def DEFINE_multi_string(name, default, help, flag_values=None, **_):  # noqa: N802,A002
    """A string flag that may be repeated: ``--name=a --name=b`` gives ``["a", "b"]``."""
    return _define("multi", lambda text: [str(v) for v in _as_list(text)], name, default, help,
            flag_values)


def DEFINE_multi_integer(name, default, help, flag_values=None, **_):  # noqa: N802,A002
    """An integer flag that may be repeated."""
    return _define("multi", lambda text: [int(v) for v in _as_list(text)], name, default, help,
            flag_values)


def DEFINE_multi_float(name, default, help, flag_values=None, **_):  # noqa: N802,A002
    """A float flag that may be repeated."""
    return _define("multi", lambda text: [float(v) for v in _as_list(text)], name, default, help,
            flag_values)


def _as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def mark_flag_as_required(flag_name, flag_values=None):
    """Parsing fails unless the flag has a value other than None."""
    values = flag_values if flag_values is not None else FLAGS
    if flag_name not in values:
        raise KeyError("Flag --%s is not defined" % flag_name)
    values._required.append(flag_name)


def mark_flags_as_required(flag_names, flag_values=None):
    for name in flag_names:
        mark_flag_as_required(name, flag_values)


def register_validator(flag_name, checker, message="Flag validation failed", flag_values=None):
    """Parsing fails with ``message`` unless ``checker(value)`` is true."""
    values = flag_values if flag_values is not None else FLAGS
    if flag_name not in values:
        raise KeyError("Flag --%s is not defined" % flag_name)
    values._validators.append((flag_name, checker, message))


def validator(flag_name, message="Flag validation failed", flag_values=None):
    """Decorator form of :func:`register_validator`."""
    def decorate(checker):
        register_validator(flag_name, checker, message, flag_values)
        return checker
    return decorate


def set_default(flag_holder_or_name, value, flag_values=None):
    """Changes a flag's default (and its value, when it was not given on the command line)."""
    values = flag_values if flag_values is not None else FLAGS
    flag = values._flags[flag_holder_or_name]
    flag.default = flag.convert(value)
    if not flag.present:
        flag.value = flag.default


def DEFINE_spaceseplist(name, default, help, flag_values=None, **_):  # noqa: N802,A002
    """A whitespace-separated list of strings."""
    return _define("list", lambda text: list(text) if isinstance(text, (list, tuple))
                   else str(text).split(), name, default, help, flag_values)


def DEFINE_multi_enum(name, default, enum_values, help, flag_values=None, **_):  # noqa: N802
    """A repeatable flag whose every value is one of ``enum_values``."""
    allowed = list(enum_values)

    def parse(text):
        values = [str(v) for v in _as_list(text)]
        for value in values:
            if value not in allowed:
                raise ValueError("value should be one of <%s>" % "|".join(allowed))
        return values
    return _define("multi", parse, name, default, help, flag_values)


def DEFINE_alias(name, original_name, flag_values=None, module_name=None):  # noqa: N802
    """``--name`` sets the flag ``original_name``."""
    values = flag_values if flag_values is not None else FLAGS
    if original_name not in values:
        raise KeyError("Flag --%s is not defined" % original_name)
    values.register_alias(name, original_name)


def mark_flags_as_mutual_exclusive(flag_names, required=False, flag_values=None):
    """At most one (exactly one with ``required``) of the flags may have a value other than
    None."""
    values = flag_values if flag_values is not None else FLAGS
    names = list(flag_names)

    def check(_):
        given = [n for n in names if values._flags[n].value is not None]
        return len(given) == 1 if required else len(given) <= 1
    values._validators.append((names[0], check, "%s one of (%s) must have a value other than "
                               "None." % ("Exactly" if required else "At most",
                                          ", ".join("--" + n for n in names))))


def mark_bool_flags_as_mutual_exclusive(flag_names, required=False, flag_values=None):
    """At most one (exactly one with ``required``) of the boolean flags may be true."""
    values = flag_values if flag_values is not None else FLAGS
    names = list(flag_names)

    def check(_):
        count = sum(bool(values._flags[n].value) for n in names)
        return count == 1 if required else count <= 1
    values._validators.append((names[0], check, "%s one of (%s) must be True."
                               % ("Exactly" if required else "At most",
                                  ", ".join("--" + n for n in names))))


def register_multi_flags_validator(flag_names, multi_flags_checker, message="Flags validation "
                                   "failed", flag_values=None):
    """Parsing fails with ``message`` unless ``checker({name: value})`` is true."""
    values = flag_values if flag_values is not None else FLAGS
    names = list(flag_names)
    values._validators.append((names[0], lambda _: multi_flags_checker(
        {n: values._flags[n].value for n in names}), message))


def multi_flags_validator(flag_names, message="Flag validation failed", flag_values=None):
    """Decorator form of :func:`register_multi_flags_validator`."""
    def decorate(checker):
        register_multi_flags_validator(flag_names, checker, message, flag_values)
        return checker
    return decorate


def flag_dict_to_args(flag_map, multi_flags=None):
    """``--name=value`` arguments for a {name: value} dict (lists comma-joined, booleans as
    ``--name`` / ``--noname``, None skipped)."""
    for name, value in flag_map.items():
        if value is None:
            continue
        if isinstance(value, bool):
            yield "--%s" % name if value else "--no%s" % name
        elif isinstance(value, (list, tuple)):
            if multi_flags and name in multi_flags:
                for item in value:
                    yield "--%s=%s" % (name, item)
            else:
                yield "--%s=%s" % (name, ",".join(str(v) for v in value))
        else:
            yield "--%s=%s" % (name, value)
