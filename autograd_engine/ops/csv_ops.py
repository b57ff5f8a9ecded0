"""``tf.decode_csv``: CSV records (a string tensor) into one tensor per column, with TF1's
quoting rules, defaults, ``na_value``, ``select_cols`` and error messages.

A quoted field (``use_quote_delim``) starts and ends with ``"`` and holds ``""`` for a quote;
an empty field (or one equal to ``na_value``) takes its column's default, and a column whose
default is empty is required.
"""
import numpy as np

from ..framework import dtypes
from .constant_op import convert_to_tensor
from .op_samples import OpSample
from .registry import OpDef, make_op, register
from .string_family import as_bytes, run_error, string_array, string_input

_COLUMN_TYPES = ("float32", "float64", "int32", "int64", "string")


def split_record(op, record, delim, use_quotes, index):
    """The fields of one CSV record (bytes), unquoted."""
    if not record:  # as TF1: an empty record has no fields, not one empty field
        return []
    fields, i, n = [], 0, len(record)
    while True:
        if use_quotes and record[i:i + 1] == b'"':
            field, i = bytearray(), i + 1
            while True:
                if i >= n:
                    raise run_error(op, "Quoted field has to end with quote followed by delim "
                                    "or end in record %d" % index)
                if record[i:i + 1] == b'"':
                    if record[i + 1:i + 2] == b'"':
                        field += b'"'
                        i += 2
                        continue
                    i += 1
                    break
                field += record[i:i + 1]
                i += 1
            if i < n and record[i:i + 1] != delim:
                raise run_error(op, "Quoted field has to end with quote followed by delim or "
                                "end in record %d" % index)
            fields.append(bytes(field))
        else:
            end = record.find(delim, i)
            end = n if end < 0 else end
            field = record[i:end]
            if use_quotes and b'"' in field:
                raise run_error(op, "Unquoted fields cannot have quotes/CRLFs inside in record "
                                "%d" % index)
            fields.append(field)
            i = end
        if i >= n:
            return fields
        i += 1  # the delimiter
        if i == n:  # a record ending with the delimiter has an empty last field
            fields.append(b"")
            return fields


def _converter(op, column, dtype):
    kind = "int" if dtype.is_integer else "float" if dtype.is_floating else "string"
    info = np.iinfo(dtype.np_dtype) if kind == "int" else None

    def convert(text, record_index):
        if kind == "string":
            return text
        try:
            value = int(text) if kind == "int" else float(text)
            if b"_" in text or (info is not None and not info.min <= value <= info.max):
                raise ValueError(text)
            return value
        except ValueError:
            raise run_error(op, "Field %d in record %d is not a valid %s: %s"
                            % (column, record_index, "float" if dtype == dtypes.float32 else
                               "double" if dtype == dtypes.float64 else dtype.name,
                               text.decode("latin-1"))) from None
    return convert


class DecodeCSVOp(OpDef):
    type_name = "DecodeCSV"
    differentiable = False
    host_only = True

    def infer(self, op):
        shape = op.inputs[0].shape
        return [(t.dtype, shape) for t in op.inputs[1:]]

    def kernel(self, op, ctx):
        delim, use_quotes = op.attrs["field_delim"], op.attrs["use_quote_delim"]
        na_value, select = op.attrs["na_value"], op.attrs["select_cols"]
        dtypes_ = [t.dtype for t in op.inputs[1:]]
        converters = [_converter(op, c, d) for c, d in enumerate(dtypes_)]
        count = len(dtypes_)

        def decode_csv(records, *defaults):
            records = np.asarray(records, dtype=object)
            columns = [np.empty(records.shape, dtype=d.np_dtype) for d in dtypes_]
            flat_columns = [c.reshape(-1) for c in columns]
            for r, record in enumerate(records.reshape(-1)):
                fields = split_record(op, record, delim, use_quotes, r)
                if select is not None:
                    if len(fields) <= select[-1]:
                        raise run_error(op, "Expect %d fields but have %d in record %d"
                                        % (select[-1] + 1, len(fields), r))
                    fields = [fields[c] for c in select]
                elif len(fields) != count:
                    raise run_error(op, "Expect %d fields but have %d in record %d"
                                    % (count, len(fields), r))
                for c, text in enumerate(fields):
                    if text == b"" or text == na_value:
                        default = np.asarray(defaults[c]).reshape(-1)
                        if default.size == 0:
                            raise run_error(op, "Field %d is required but missing in record "
                                            "%d!" % (c, r))
                        flat_columns[c][r] = default[0]
                    else:
                        flat_columns[c][r] = converters[c](text, r)
            # a kernel returns its only output itself, several as a tuple
            return columns[0] if len(columns) == 1 else tuple(columns)
        return decode_csv

    def samples(self, rng):
        """Ints, floats and strings with defaults; quotes and another delimiter; na_value;
        selected columns."""
        def case(records, defaults, expected, **kwargs):
            def build(lines):
                return decode_csv(lines, [convert_to_tensor(d) for d in defaults], **kwargs)
            return OpSample(build, string_array(records), reference=lambda lines: expected)
        return [
            case(["1,2.5,abc", "4,,def"], [[0], [1.5], ["none"]],
                 [np.array([1, 4], np.int32), np.array([2.5, 1.5], np.float32),
                  string_array(["abc", "def"])]),
            case([['7|"x|y"|3'], ['8|"say ""hi"""|']],
                 [np.array([0], np.int64), [""], np.array([-1.0])],
                 [np.array([[7], [8]]), string_array([["x|y"], ['say "hi"']]),
                  np.array([[3.0], [-1.0]])], field_delim="|"),
            case(["1,NA", "NA,2"], [[-1], [-2]],
                 [np.array([1, -1], np.int32), np.array([-2, 2], np.int32)], na_value="NA"),
            case(["1,2,3,4"], [[0], [0.0]],
                 [np.array([2], np.int32), np.array([4.0], np.float32)], select_cols=[1, 3])]


register(DecodeCSVOp)


def decode_csv(records, record_defaults, field_delim=",", use_quote_delim=True, name=None,
               na_value="", select_cols=None):
    """Splits each CSV record into fields, one output tensor per column, of the dtype and
    default of ``record_defaults`` (one value, or an empty tensor for a required column), as
    TF1's ``tf.decode_csv``.

    >>> import autograd_engine as tf
    >>> ints, words = tf.decode_csv(["1,a", ",b"], [[0], ["?"]])
    >>> tf.Session().run([ints, words])[0].tolist()
    [1, 0]
    """
    lines = string_input(records, "DecodeCSV", "records")
    defaults = []
    for column, default in enumerate(record_defaults):
        tensor = convert_to_tensor(default)
        if tensor.dtype.name not in _COLUMN_TYPES:
            raise TypeError("Value passed to parameter 'record_defaults' has DataType %s not "
                            "in list of allowed values: float32, float64, int32, int64, string"
                            % tensor.dtype.name)
        if tensor.shape.num_elements() not in (None, 0, 1) or tensor.shape.ndims not in (
                None, 0, 1):
            raise ValueError("Shape of a default must be a length-0 or length-1 vector, or a "
                             "scalar (column %d has %s)" % (column, tensor.shape))
        defaults.append(tensor)
    delim = as_bytes(field_delim)
    if len(delim) != 1:
        raise ValueError("field_delim should be only 1 char, got %r" % (field_delim,))
    if select_cols is not None:
        select_cols = tuple(int(c) for c in select_cols)
        if any(b <= a for a, b in zip(select_cols, select_cols[1:])) or \
                (select_cols and select_cols[0] < 0):
            raise ValueError("select_cols is not strictly increasing (or has a negative "
                             "column): %s" % (list(select_cols),))
        if len(select_cols) != len(defaults):
            raise ValueError("Length of select_cols and record_defaults do not match.")
    op = make_op("DecodeCSV", [lines] + defaults,
                 {"field_delim": delim, "use_quote_delim": bool(use_quote_delim),
                  "na_value": as_bytes(na_value), "select_cols": select_cols}, name)
    return list(op.outputs)


__all__ = ["decode_csv", "split_record"]
