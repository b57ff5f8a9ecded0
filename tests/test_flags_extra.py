"""The rest of absl's flags API under ``tf.flags``: parsers, serializers, flag classes, DEFINE,
DEFINE_flag, DEFINE_multi, the enum-class flags, override_value, key flags and help text;
values as absl gives them (hand-checked against absl-py 2.x)."""
import enum

import pytest

import autograd_engine as tf
from autograd_engine.api import flags


class Color(enum.Enum):
    RED = 1
    BLUE = 2


@pytest.fixture
def values():
    return flags.FlagValues()


def test_tf_flags_is_the_module_with_absls_names():
    assert tf.flags is flags and tf.app.flags is flags
    for name in ("ArgumentParser", "DEFINE", "DEFINE_flag", "EnumClassFlag", "MultiFlag",
                 "WhitespaceSeparatedListParser", "text_wrap", "override_value"):
        assert hasattr(tf.flags, name), name
    assert issubclass(flags.CantOpenFlagFileError, flags.Error)


def test_parsers():
    assert flags.IntegerParser().parse("0x1f") == 31 and flags.IntegerParser().parse("-12") == -12
    with pytest.raises(ValueError, match="is not in the range \\[0, 5\\]"):
        flags.IntegerParser(0, 5).parse("9")
    assert flags.FloatParser(lower_bound=0.0).parse("2.5") == 2.5
    assert [flags.BooleanParser().parse(t) for t in ("True", "f", "1", "no")] == \
        [True, False, True, False]
    assert flags.EnumParser(["a", "B"], case_sensitive=False).parse("b") == "B"
    with pytest.raises(ValueError, match="one of <a|b>"):
        flags.EnumParser(["a", "b"]).parse("A")
    assert flags.EnumClassParser(Color, case_sensitive=False).parse("blue") is Color.BLUE
    assert flags.ListParser().parse("a, b,c") == ["a", "b", "c"]
    assert flags.ListParser().parse("") == []
    assert flags.WhitespaceSeparatedListParser(comma_compat=True).parse("a b,c") == ["a", "b", "c"]
    assert flags.BaseListParser(";", "semicolon").parse("x;y") == ["x", "y"]
    assert flags.IntegerParser().flag_type() == "int" and flags.ArgumentParser().parse("s") == "s"


def test_serializers():
    assert flags.CsvListSerializer(",").serialize(["a", "b,c"]) == 'a,"b,c"'
    assert flags.ListSerializer(" ").serialize([1, 2]) == "1 2"
    assert flags.EnumClassSerializer(lowercase=True).serialize(Color.RED) == "red"
    assert flags.EnumClassListSerializer(",", lowercase=False).serialize(
        [Color.RED, Color.BLUE]) == "RED,BLUE"
    assert flags.ArgumentSerializer().serialize(3.5) == "3.5"


def test_define_with_parsers_and_flag_objects(values):
    ids = flags.DEFINE(flags.ListParser(), "ids", "1", "Ids.", flag_values=values)
    flags.DEFINE_flag(flags.BooleanFlag("verbose", True, "Talk."), flag_values=values)
    flags.DEFINE_flag(flags.EnumFlag("mode", "train", "Mode.", ["train", "eval"]),
                      flag_values=values)
    counts = flags.DEFINE_multi(flags.IntegerParser(lower_bound=0), flags.ArgumentSerializer(),
                                "n", [], "Counts.", flag_values=values)
    color = flags.DEFINE_enum_class("color", Color.RED, Color, "Paint.", flag_values=values)
    colors = flags.DEFINE_multi_enum_class("colors", Color.RED, Color, "Paints.",
                                           flag_values=values)
    rest = values(["prog", "--ids=3,4", "--noverbose", "--mode=eval", "--n=3", "--n", "0x10",
                   "--color=BLUE", "--colors=blue", "--colors=red", "file"])
    assert rest == ["prog", "file"] and ids.value == ["3", "4"] and values.verbose is False
    assert (values.mode, counts.value, color.value) == ("eval", [3, 16], Color.BLUE)
    assert colors.value == [Color.BLUE, Color.RED] and colors.default == [Color.RED]
    assert counts.flag.serialize() == "--n=3\n--n=16" and color.flag.serialize() == "--color=blue"
    with pytest.raises(flags.IllegalFlagValueError, match="flag --n=-1: -1 is not >= 0"):
        values(["prog", "--n=-1"])
    with pytest.raises(flags.IllegalFlagValueError, match="one of <RED|BLUE>"):
        values(["prog", "--color=green"])
    with pytest.raises(flags.DuplicateFlagError):
        flags.DEFINE_flag(flags.BooleanFlag("verbose", False, "again"), flag_values=values)


def test_override_value_and_required(values):
    holder = flags.DEFINE(flags.FloatParser(), "rate", "0.5", "Rate.", flag_values=values,
                          required=True)
    values(["prog", "--rate=0.1"])
    flags.override_value(holder, "0.25")
    assert values.rate == 0.25
    with pytest.raises(flags.IllegalFlagValueError, match="--rate=x"):
        flags.override_value(holder, "x")
    needed = flags.FlagValues()
    flags.DEFINE(flags.ArgumentParser(), "out", None, "Out.", flag_values=needed, required=True)
    with pytest.raises(flags.IllegalFlagValueError, match="--out must have a value"):
        needed(["prog"])


def test_key_flags_and_help_text(values):
    flags.DEFINE(flags.ArgumentParser(), "k", "v", "K.", flag_values=values)
    flags.declare_key_flag("k", flag_values=values)
    with pytest.raises(flags.UnrecognizedFlagError, match="--missing is undefined"):
        flags.declare_key_flag("missing", flag_values=values)
    flags.adopt_module_key_flags(enum, flag_values=values)
    with pytest.raises(flags.Error, match="module object"):
        flags.adopt_module_key_flags("enum")
    flags.disclaim_key_flags()
    assert flags.text_wrap("aaa bbb ccc", 8, "  ") == "  aaa\n  bbb\n  ccc"
    assert flags.text_wrap("one\ntwo", 20, "  ", firstline_indent="") == "one\n  two"
    with pytest.raises(ValueError, match="indent exceeds"):
        flags.text_wrap("x", 2, "   ")
    assert flags.doc_to_help("\n    Line one\n    continues.\n\n    Para two.\n") == \
        "Line one continues.\n\nPara two."
    assert flags.get_help_width() > 0
