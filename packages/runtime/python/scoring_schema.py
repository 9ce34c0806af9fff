"""A no-code request checked against the model's signature, with every mistake said in the caller's terms.

Accepted shapes (Azure's MLflow no-code contract, and MLflow's own serving shapes):
`{"input_data": {"columns": [...], "index": [...], "data": [[...]]}}`, `{"input_data": [{...}, ...]}`,
`{"dataframe_split": {...}}` and `{"dataframe_records": [...]}`.

Columns are matched by name, so any order works. A column the signature does not name is ignored,
as MLflow's schema enforcement ignores it (it logs "Found extra inputs ... These inputs will be
ignored"); here the caller is told too, in the reply's warning (a `Warning` response header).
Each value is checked against its column's signature type before the model sees it, so a wrong
value is named ("column 'Age': expected numbers, got 'old'"), never a library's message.
"""
import json
import math
import re


class RequestError(Exception):
    """The request is wrong (400), not the model or the script."""


SHAPE = 'expected {"input_data": {"columns": [...], "index": [...], "data": [[...]]}}'
NUMBER_TYPES = {"double", "float", "long", "integer"}


def _show(value):
    """A value as the caller wrote it, in JSON, cut short."""
    try:
        text = json.dumps(value, allow_nan=True)
    except (TypeError, ValueError):
        text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _count(n, one, many=None):
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _name(column):
    return f"'{column}'"


def _split(doc, where):
    """A `{columns, index, data}` table as rows, columns and index, each checked."""
    rows, columns, index = doc.get("data"), doc.get("columns"), doc.get("index")
    if not isinstance(rows, list):
        raise RequestError(f"{where}.data must be a list of rows")
    if columns is None:
        raise RequestError(f"{where}.columns is missing: name the columns of {where}.data")
    if not isinstance(columns, list) or not all(isinstance(c, (str, int)) and not isinstance(c, bool) for c in columns):
        raise RequestError(f"{where}.columns must be a list of column names")
    for i, row in enumerate(rows):
        if not isinstance(row, list):
            raise RequestError(f"{where}.data row {i} is not a list of values")
        if len(row) != len(columns):
            raise RequestError(f"{where}.data row {i} has {_count(len(row), 'value')} but there {'is' if len(columns) == 1 else 'are'} {_count(len(columns), 'column')}")
    if index is not None:
        # The answer is one prediction per row, in order: the index only has to match the rows.
        if not isinstance(index, list):
            raise RequestError(f"{where}.index must be a list")
        if len(index) != len(rows):
            raise RequestError(f"{where}.index has {_count(len(index), 'entry', 'entries')} but {where}.data has {_count(len(rows), 'row')}: give one index entry per row")
    return rows, [str(c) for c in columns]


def _records(records, where):
    if not all(isinstance(r, dict) for r in records):
        raise RequestError(f"{where} must be a list of objects (one per row)")
    columns = []
    for r in records:
        columns.extend(c for c in r if c not in columns)
    return [[r.get(c) for c in columns] for r in records], columns


def _table(body):
    """The request's rows and column names, from any accepted shape."""
    try:
        doc = json.loads(body)
    except RecursionError:
        raise RequestError("the request nests too deeply") from None
    except ValueError as e:
        raise RequestError(f"the request is not valid JSON: {e}") from None
    if not isinstance(doc, dict):
        raise RequestError(SHAPE)
    for key in ("input_data", "dataframe_split", "dataframe_records"):
        data = doc.get(key)
        if isinstance(data, dict):
            return _split(data, key)
        if isinstance(data, list):
            return _records(data, key)
    raise RequestError(SHAPE)


def _bad_value(kind, value):
    """Why a value does not fit a signature type, or None when it does (null always fits: a missing value)."""
    if value is None:
        return None
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind in NUMBER_TYPES:
        if not is_number:
            return f"expected numbers, got {_show(value)}"
        if isinstance(value, int) and abs(value) > 2 ** 63:
            return f"the number {_show(value)} is too large"
        if isinstance(value, float) and math.isinf(value):
            return f"expected finite numbers, got {_show(value)}"
        if kind in ("long", "integer") and isinstance(value, float) and math.isfinite(value) and not value.is_integer():
            return f"expected whole numbers, got {_show(value)}"
    elif kind == "boolean" and not isinstance(value, bool):
        return f"expected true or false, got {_show(value)}"
    elif kind == "string" and not isinstance(value, str):
        return f"expected text, got {_show(value)}"
    return None


def _check_types(rows, positions, signature):
    for spec in signature:
        kind, name = spec.get("type"), spec["name"]
        at = positions[name]
        for i, row in enumerate(rows):
            why = _bad_value(kind, row[at])
            if why:
                raise RequestError(f"column {_name(name)}: {why} (row {i})")


def _dtypes(df, signature):
    import pandas as pd

    for spec in signature:
        kind, name = spec.get("type"), spec["name"]
        if kind in NUMBER_TYPES:
            df[name] = pd.to_numeric(df[name], errors="coerce")
    return df


def frame_from_request(body, signature):
    """The request as a DataFrame in the signature's column order, and a warning (or None)."""
    import pandas as pd

    rows, columns = _table(body)
    if not rows:
        raise RequestError("no rows: the request's data is empty")
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        raise RequestError(f"column {_name(duplicated[0])} appears more than once")
    warning = None
    if signature:
        wanted = [c["name"] for c in signature]
        missing = [c for c in wanted if c not in columns]
        extra = [c for c in columns if c not in wanted]
        if missing:
            raise RequestError(f"missing columns: {', '.join(missing)}" + (f"; unknown columns: {', '.join(extra)}" if extra else ""))
        if extra:
            warning = f"unknown columns ignored (the model's signature does not name them): {', '.join(extra)}"
        positions = {c: i for i, c in enumerate(columns)}
        _check_types(rows, positions, signature)
    df = pd.DataFrame(rows, columns=columns)
    if signature:
        df = _dtypes(df[wanted].copy(), signature)
    return df, warning


def explain_model_error(error, df):
    """A model's failure on a checked table, in the caller's terms (the library's own words go to the log)."""
    text = str(error)
    m = re.search(r"could not convert string to float: '(.*)'", text)
    if m:
        for column in df.columns:
            if df[column].astype(str).eq(m.group(1)).any():
                return f"column {_name(column)}: expected numbers, got {_show(m.group(1))}"
    if "0 sample" in text:
        return "no rows: the request's data is empty"
    if "feature" in text.lower():
        return f"the columns ({', '.join(map(str, df.columns))}) are not the ones the model was trained on"
    return "the model cannot score these rows; check each column's values against GET /swagger.json"
