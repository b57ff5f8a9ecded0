"""The rest of absl's flags API that ``tf.flags`` exposes: parsers and serializers, the flag
classes (``BooleanFlag``, ``EnumFlag``, ``EnumClassFlag``, ``MultiFlag``,
``MultiEnumClassFlag``), ``DEFINE``/``DEFINE_flag``/``DEFINE_multi``/``DEFINE_enum_class``/
``DEFINE_multi_enum_class``, key-flag declarations, ``override_value`` and the help-text
helpers, on the ``FlagValues`` of flags_core.py.

absl-py is not a dependency: TF1's ``tf.flags`` is absl's module, and these follow its
signatures and behaviour; key flags only matter to absl's per-module help output, so declaring
them records them.

>>> import enum
>>> from autograd_engine.api import flags
>>> class Color(enum.Enum):
...     RED = 1
...     BLUE = 2
>>> values = flags.FlagValues()
>>> _ = flags.DEFINE_enum_class("color", Color.RED, Color, "Paint.", flag_values=values)
>>> _ = flags.DEFINE(flags.ListParser(), "ids", [1], "Ids.", flag_values=values)
>>> values(["prog", "--color=blue", "--ids=3,4"])
['prog']
>>> values.color, values.ids
(<Color.BLUE: 2>, ['3', '4'])
"""
import re
import shutil
import textwrap

from . import flags_core as _flags

# ---------------------------------------------------------------------- errors


class CantOpenFlagFileError(_flags.Error):
    """A ``--flagfile`` that cannot be read."""


class FlagNameConflictsWithMethodError(_flags.Error):
    """A flag named like a method of FlagValues."""


# ---------------------------------------------------------------------- parsers
class ArgumentParser:
    """Turns a flag's text into its value (the base parser: the text itself)."""
    syntactic_help = ""

    def parse(self, argument):
        if not isinstance(argument, str):
            raise TypeError("flag value must be a string, found \"%s\"" % type(argument))
        return argument

    def flag_type(self):
        return "string"


class _NumericParser(ArgumentParser):
    number_type, type_name = float, "float"

    def __init__(self, lower_bound=None, upper_bound=None):
        self.lower_bound, self.upper_bound = lower_bound, upper_bound

    def convert(self, argument):
        return self.number_type(argument)

    def parse(self, argument):
        value = argument if isinstance(argument, (int, float)) and \
            not isinstance(argument, bool) else self.convert(argument)
        if (self.lower_bound is not None and value < self.lower_bound) or \
                (self.upper_bound is not None and value > self.upper_bound):
            raise ValueError("%s is not %s" % (value, self.bounds_text()))
        return value

    def bounds_text(self):
        low, high = self.lower_bound, self.upper_bound
        if low is not None and high is not None:
            return "in the range [%s, %s]" % (low, high)
        return ">= %s" % low if low is not None else "<= %s" % high

    def flag_type(self):
        return self.type_name


class IntegerParser(_NumericParser):
    """Integers, written in decimal, ``0x`` hex or ``0o`` octal, within optional bounds."""
    number_type, type_name = int, "int"

    def convert(self, argument):
        text = argument.strip().lower()
        base = 16 if text.lstrip("+-").startswith("0x") else \
            8 if text.lstrip("+-").startswith("0o") else 10
        return int(text, base)


class FloatParser(_NumericParser):
    """Floating-point numbers within optional bounds."""


class BooleanParser(ArgumentParser):
    """``true/false``, ``t/f``, ``1/0``, ``yes/no`` (any case), or a bool."""

    def parse(self, argument):
        if isinstance(argument, bool):
            return argument
        if isinstance(argument, int) and argument in (0, 1):
            return bool(argument)
        return _flags.parse_bool(argument)

    def flag_type(self):
        return "bool"


class EnumParser(ArgumentParser):
    """One of ``enum_values`` (compared ignoring case unless ``case_sensitive``)."""

    def __init__(self, enum_values, case_sensitive=True):
        if not enum_values:
            raise ValueError("enum_values cannot be empty, found \"%s\"" % (enum_values,))
        self.enum_values, self.case_sensitive = list(enum_values), case_sensitive

    def parse(self, argument):
        if self.case_sensitive:
            if argument in self.enum_values:
                return argument
        else:
            for value in self.enum_values:
                if value.upper() == str(argument).upper():
                    return value
        raise ValueError("value should be one of <%s>" % "|".join(self.enum_values))

    def flag_type(self):
        return "string enum"


class EnumClassParser(ArgumentParser):
    """A member of ``enum_class``, written by its name (ignoring case unless
    ``case_sensitive``), or the member itself."""

    def __init__(self, enum_class, case_sensitive=True):
        if not list(enum_class):
            raise ValueError("enum_class cannot be empty, but \"%s\" is empty." % enum_class)
        self.enum_class, self.case_sensitive = enum_class, case_sensitive

    member_names = property(lambda self: [member.name for member in self.enum_class])

    def parse(self, argument):
        if isinstance(argument, self.enum_class):
            return argument
        for member in self.enum_class:
            if member.name == argument or (not self.case_sensitive and
                                           member.name.lower() == str(argument).lower()):
                return member
        raise ValueError("value should be one of <%s>" % "|".join(self.member_names))

    def flag_type(self):
        return "enum class"


class BaseListParser(ArgumentParser):
    """A list of the parts of the text split at ``token`` (whitespace when None)."""

    def __init__(self, token=None, name=None):
        self._token, self._name = token, name or "list"

    def parse(self, argument):
        if isinstance(argument, list):
            return argument
        if not argument:
            return []
        return [part.strip() for part in str(argument).split(self._token)]

    def flag_type(self):
        return "%s separated list of strings" % self._name


class ListParser(BaseListParser):
    """Comma-separated values."""

    def __init__(self):
        super().__init__(",", "comma")


class WhitespaceSeparatedListParser(BaseListParser):
    """Whitespace-separated values (also commas with ``comma_compat``)."""

    def __init__(self, comma_compat=False):
        self._comma_compat = comma_compat
        super().__init__(None, "whitespace or comma" if comma_compat else "whitespace")

    def parse(self, argument):
        if isinstance(argument, list):
            return argument
        text = str(argument).replace(",", " ") if self._comma_compat else str(argument)
        return text.split()


# ---------------------------------------------------------------------- serializers
class ArgumentSerializer:
    """A value as command-line text."""

    def serialize(self, value):
        return str(value)


class ListSerializer(ArgumentSerializer):
    def __init__(self, list_sep):
        self.list_sep = list_sep

    def serialize(self, value):
        return self.list_sep.join(str(x) for x in value)


class CsvListSerializer(ListSerializer):
    """A list as comma-separated values, quoting those with a separator in them."""

    def serialize(self, value):
        def quoted(item):
            text = str(item)
            return '"%s"' % text.replace('"', '""') if self.list_sep in text or '"' in text \
                else text
        return self.list_sep.join(quoted(x) for x in value)


class EnumClassSerializer(ArgumentSerializer):
    """An enum member as its name (lowercased with ``lowercase``)."""

    def __init__(self, lowercase):
        self._lowercase = lowercase

    def serialize(self, value):
        return value.name.lower() if self._lowercase else value.name


class EnumClassListSerializer(ListSerializer):
    """Enum members as their names joined by ``list_sep``."""

    def __init__(self, list_sep, **kwargs):
        super().__init__(list_sep)
        self._element = EnumClassSerializer(**kwargs)

    def serialize(self, value):
        if isinstance(value, list):
            return self.list_sep.join(self._element.serialize(x) for x in value)
        return self._element.serialize(value)


# ---------------------------------------------------------------------- flag classes
class ParsedFlag(_flags.Flag):
    """A flag reading its value with ``parser`` (and writing it with ``serializer``)."""

    def __init__(self, parser, serializer, name, default, help_string, kind="single"):
        self.parser, self.serializer = parser, serializer or ArgumentSerializer()
        super().__init__(name, default, help_string, parser.parse, kind)

    def serialize(self):
        if self.value is None:
            return ""
        return "--%s=%s" % (self.name, self.serializer.serialize(self.value))

    def flag_type(self):
        return self.parser.flag_type()


class BooleanFlag(ParsedFlag):
    """A ``--name`` / ``--noname`` flag."""

    def __init__(self, name, default, help, short_name=None, **args):  # noqa: A002
        super().__init__(BooleanParser(), None, name, default, help, "bool")


class EnumFlag(ParsedFlag):
    def __init__(self, name, default, help, enum_values, short_name=None,  # noqa: A002
                 case_sensitive=True):
        super().__init__(EnumParser(enum_values, case_sensitive), None, name, default, help)


class EnumClassFlag(ParsedFlag):
    def __init__(self, name, default, help, enum_class, short_name=None,  # noqa: A002
                 case_sensitive=False, **args):
        super().__init__(EnumClassParser(enum_class, case_sensitive),
                         EnumClassSerializer(lowercase=not case_sensitive), name, default, help)


class MultiFlag(ParsedFlag):
    """A flag that may be repeated: its value is the list of every value given."""

    def __init__(self, parser, serializer, name, default, help_string, **args):
        element = parser.parse
        self.element_parser = parser

        class _ListOf(ArgumentParser):
            def parse(self, argument):
                items = argument if isinstance(argument, (list, tuple)) else [argument]
                return [element(item) for item in items]

            def flag_type(self):
                return "multi " + parser.flag_type()
        super().__init__(_ListOf(), serializer, name, default, help_string, "multi")

    def serialize(self):
        if not self.value:
            return ""
        return "\n".join("--%s=%s" % (self.name, self.serializer.serialize(v))
                         for v in self.value)


class MultiEnumClassFlag(MultiFlag):
    def __init__(self, name, default, help_string, enum_class,  # noqa: A002
                 case_sensitive=False, **args):
        super().__init__(EnumClassParser(enum_class, case_sensitive),
                         EnumClassSerializer(lowercase=not case_sensitive), name, default,
                         help_string)


# ---------------------------------------------------------------------- DEFINE_*
def DEFINE_flag(flag, flag_values=None, module_name=None, required=False):  # noqa: N802
    """Registers ``flag`` (a Flag object) and returns its FlagHolder."""
    flag_values = _flags.FLAGS if flag_values is None else flag_values
    flag_values.register(flag)
    if required:
        _flags.mark_flag_as_required(flag.name, flag_values)
    return _flags.FlagHolder(flag_values, flag)


def DEFINE(parser, name, default, help, flag_values=None, serializer=None,  # noqa: N802,A002
           module_name=None, required=False, **args):
    """A flag read by ``parser`` (an ArgumentParser)."""
    return DEFINE_flag(ParsedFlag(parser, serializer, name, default, help), flag_values,
                       required=required)


def DEFINE_multi(parser, serializer, name, default, help, flag_values=None,  # noqa: N802,A002
                 module_name=None, required=False, **args):
    """A repeatable flag read by ``parser``."""
    return DEFINE_flag(MultiFlag(parser, serializer, name, default, help), flag_values,
                       required=required)


def DEFINE_enum_class(name, default, enum_class, help, flag_values=None,  # noqa: N802,A002
                      module_name=None, case_sensitive=False, required=False, **args):
    """A flag holding a member of ``enum_class``, written by its name."""
    return DEFINE_flag(EnumClassFlag(name, default, help, enum_class,
                                     case_sensitive=case_sensitive), flag_values,
                       required=required)


def DEFINE_multi_enum_class(name, default, enum_class, help, flag_values=None,  # noqa: N802
                            module_name=None, case_sensitive=False, required=False, **args):
    """A repeatable flag of ``enum_class`` members."""
    default = [default] if default is not None and not isinstance(default, (list, tuple)) \
        else default
    return DEFINE_flag(MultiEnumClassFlag(name, default, help, enum_class, case_sensitive),
                       flag_values, required=required)


def override_value(flag_holder, value):
    """Sets the flag of ``flag_holder`` to ``value`` (checked by its parser), over the default
    and any command-line value."""
    flag = flag_holder.flag
    flag.value = flag.convert(value) if value is not None else None


# ---------------------------------------------------------------------- key flags, help text
_KEY_FLAGS = set()


def declare_key_flag(flag_name, flag_values=None):
    """Records ``flag_name`` as a key flag of the calling module (absl lists key flags in a
    module's help); it must be defined."""
    flag_values = _flags.FLAGS if flag_values is None else flag_values
    name = getattr(flag_name, "name", flag_name)
    if name not in flag_values:
        raise _flags.UnrecognizedFlagError("Flag --%s is undefined. To set a name and value, "
                                           "use DEFINE_flag first." % name)
    _KEY_FLAGS.add(name)


def adopt_module_key_flags(module, flag_values=None):
    """Records ``module``'s flags as key flags of the calling module."""
    if not hasattr(module, "__name__"):
        raise _flags.Error("Expected a module object, not %r." % (module,))


def disclaim_key_flags():
    """Declares that the calling module defines no key flags for its importers."""


def get_help_width():
    """The width of help lines: the terminal's, 80 when unknown."""
    return shutil.get_terminal_size(fallback=(80, 1)).columns


def text_wrap(text, length=None, indent="", firstline_indent=None):
    """``text`` wrapped to ``length`` columns (the help width), its lines indented by
    ``indent`` (the first by ``firstline_indent``); kept line breaks, tabs as 4 spaces."""
    length = get_help_width() if length is None else length
    first = indent if firstline_indent is None else firstline_indent
    if len(indent) >= length or len(first) >= length:
        raise ValueError("Length of indent exceeds length")
    lines, current = [], first
    for paragraph in text.expandtabs(4).split("\n"):
        wrapped = textwrap.wrap(paragraph, length, initial_indent=current,
                                subsequent_indent=indent) if paragraph.strip() else [""]
        lines.extend(wrapped)
        current = indent
    return "\n".join(lines)


def doc_to_help(doc):
    """A docstring as help text: common indentation removed, the lines of each paragraph
    joined."""
    doc = textwrap.dedent(doc.strip("\n")).strip()
    doc = re.sub(r"^[ \t]+$", "", doc, flags=re.M)
    return re.sub(r"(?<=\S)\n(?=\S)", " ", doc)


__all__ = ["ArgumentParser", "ArgumentSerializer", "BaseListParser", "BooleanFlag",
           "BooleanParser", "CantOpenFlagFileError", "CsvListSerializer", "DEFINE",
           "DEFINE_enum_class", "DEFINE_flag", "DEFINE_multi", "DEFINE_multi_enum_class",
           "EnumClassFlag", "EnumClassListSerializer", "EnumClassParser", "EnumClassSerializer",
           "EnumFlag", "EnumParser", "FlagNameConflictsWithMethodError", "FloatParser",
           "IntegerParser", "ListParser", "ListSerializer", "MultiEnumClassFlag", "MultiFlag",
           "ParsedFlag", "WhitespaceSeparatedListParser", "adopt_module_key_flags",
           "declare_key_flag", "disclaim_key_flags", "doc_to_help", "get_help_width",
           "override_value", "text_wrap"]
