"""``tf.flags`` / ``tf.app.flags``: command-line flags with absl's semantics, without absl.

``DEFINE_string/integer/float/boolean/bool/list/enum`` register a flag on ``FLAGS``; the command
line is parsed the first time a flag is read (as TF1's wrapper does) or by ``tf.app.run``.
Values are written ``--name=value`` or ``--name value``; booleans also ``--name`` and
``--noname``; ``--`` ends the flags. A bad value is an :class:`IllegalFlagValueError`, an unknown
flag an :class:`UnrecognizedFlagError` (``tf.app.run`` leaves unknown ones to ``main``, as TF1).

>>> from autograd_engine.api import flags
>>> values = flags.FlagValues()
>>> flags.DEFINE_integer("batch_size", 32, "Examples per step.", flag_values=values)
>>> flags.DEFINE_boolean("fake_data", False, "Use fake data.", flag_values=values)
>>> values(["prog", "--batch_size=64", "--fake_data", "rest"])
['prog', 'rest']
>>> values.batch_size, values.fake_data
(64, True)
"""
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


def _parse_bool(text):
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


def _define(kind, parse, name, default, help_text, flag_values, enum_values=None):
    (flag_values if flag_values is not None else FLAGS).register(
        Flag(name, default, help_text, parse, kind, enum_values))


def DEFINE_string(name, default, help, flag_values=None, **_):  # noqa: N802,A002 - TF1's names
    """A string flag."""
    _define("string", str, name, default, help, flag_values)


def DEFINE_integer(name, default, help, lower_bound=None, upper_bound=None,  # noqa: N802,A002
                   flag_values=None, **_):
    """An integer flag, optionally bounded."""
    def parse(text):
        value = int(text)
        if (lower_bound is not None and value < lower_bound) or \
                (upper_bound is not None and value > upper_bound):
            raise ValueError("%d is outside [%s, %s]" % (value, lower_bound, upper_bound))
        return value
    _define("int", parse, name, default, help, flag_values)


def DEFINE_float(name, default, help, lower_bound=None, upper_bound=None,  # noqa: N802,A002
                 flag_values=None, **_):
    """A float flag, optionally bounded."""
    def parse(text):
        value = float(text)
        if (lower_bound is not None and value < lower_bound) or \
                (upper_bound is not None and value > upper_bound):
            raise ValueError("%g is outside [%s, %s]" % (value, lower_bound, upper_bound))
        return value
    _define("float", parse, name, default, help, flag_values)


def DEFINE_boolean(name, default, help, flag_values=None, **_):  # noqa: N802,A002
    """A boolean flag: ``--name``, ``--noname``, ``--name=false``."""
    _define("bool", _parse_bool, name, default, help, flag_values)


DEFINE_bool = DEFINE_boolean


def DEFINE_list(name, default, help, flag_values=None, **_):  # noqa: N802,A002
    """A comma-separated list of strings."""
    _define("list", _parse_list, name, default, help, flag_values)


def DEFINE_enum(name, default, enum_values, help, flag_values=None, **_):  # noqa: N802,A002
    """A string flag restricted to ``enum_values``."""
    _define("enum", str, name, default, help, flag_values, list(enum_values))


def DEFINE_multi_string(name, default, help, flag_values=None, **_):  # noqa: N802,A002
    """A string flag that may be repeated: ``--name=a --name=b`` gives ``["a", "b"]``."""
    _define("multi", lambda text: [str(v) for v in _as_list(text)], name, default, help,
            flag_values)


def DEFINE_multi_integer(name, default, help, flag_values=None, **_):  # noqa: N802,A002
    """An integer flag that may be repeated."""
    _define("multi", lambda text: [int(v) for v in _as_list(text)], name, default, help,
            flag_values)


def DEFINE_multi_float(name, default, help, flag_values=None, **_):  # noqa: N802,A002
    """A float flag that may be repeated."""
    _define("multi", lambda text: [float(v) for v in _as_list(text)], name, default, help,
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
