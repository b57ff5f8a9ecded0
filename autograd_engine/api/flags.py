"""``tf.flags`` / ``tf.app.flags``: command-line flags with absl's semantics, without absl.

``DEFINE_string/integer/float/boolean/bool/list/enum`` register a flag on ``FLAGS``; the command
line is parsed the first time a flag is read (as TF1's wrapper does) or by ``tf.app.run``.
Values are written ``--name=value`` or ``--name value``; booleans also ``--name`` and
``--noname``; ``--`` ends the flags. A bad value is an :class:`IllegalFlagValueError`, an unknown
flag an :class:`UnrecognizedFlagError` (``tf.app.run`` leaves unknown ones to ``main``, as TF1).

>>> from autograd_engine.api import flags
>>> values = flags.FlagValues()
>>> batch_size = flags.DEFINE_integer("batch_size", 32, "Examples per step.",
...                                   flag_values=values)
>>> _ = flags.DEFINE_boolean("fake_data", False, "Use fake data.", flag_values=values)
>>> values(["prog", "--batch_size=64", "--fake_data", "rest"])
['prog', 'rest']
>>> values.batch_size, values.fake_data, batch_size.value
(64, True, 64)
"""
# The module is split in two: flags_core.py (the registry, its parser and the common DEFINE_*)
# and flags_extra.py (absl's parsers, serializers, flag classes and helpers, built on the core).
from .flags_core import (  # noqa: F401
    DEFINE_alias, DEFINE_bool, DEFINE_boolean, DEFINE_enum, DEFINE_float, DEFINE_integer,
    DEFINE_list, DEFINE_multi_enum, DEFINE_multi_float, DEFINE_multi_integer,
    DEFINE_multi_string, DEFINE_spaceseplist, DEFINE_string, DuplicateFlagError, Error, FLAGS,
    Flag, FlagHolder, FlagValues, IllegalFlagValueError, UnparsedFlagAccessError,
    UnrecognizedFlagError, ValidationError, flag_dict_to_args,
    mark_bool_flags_as_mutual_exclusive, mark_flag_as_required, mark_flags_as_mutual_exclusive,
    mark_flags_as_required, multi_flags_validator, parse_bool, register_multi_flags_validator,
    register_validator, set_default, validator)
from .flags_extra import (  # noqa: F401
    ArgumentParser, ArgumentSerializer, BaseListParser, BooleanFlag, BooleanParser,
    CantOpenFlagFileError, CsvListSerializer, DEFINE, DEFINE_enum_class, DEFINE_flag,
    DEFINE_multi, DEFINE_multi_enum_class, EnumClassFlag, EnumClassListSerializer,
    EnumClassParser, EnumClassSerializer, EnumFlag, EnumParser,
    FlagNameConflictsWithMethodError, FloatParser, IntegerParser, ListParser, ListSerializer,
    MultiEnumClassFlag, MultiFlag, WhitespaceSeparatedListParser, adopt_module_key_flags,
    declare_key_flag, disclaim_key_flags, doc_to_help, get_help_width, override_value, text_wrap)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
